"""The Chinese edition of the notebooks is the English one translated, and nothing else.

Each notebook under ``notebooks/zh-CN/`` pairs with the English notebook of the same name:
identical code cells (scripts/pair_notebooks.py copies them), the same cells in the same
order, the same numbers in each markdown pair, links that resolve, and every markdown cell
written in Chinese.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EDITION = NOTEBOOKS / "zh-CN"
ENGLISH = sorted(NOTEBOOKS.glob("*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")
LINK = re.compile(r"\]\(([^)\s]+)\)")
FIELD = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*\}")
NUMBER = re.compile(r"(?<![A-Za-z0-9_.{#/-])\d+(?:\.\d+)?")
CHINESE_MONTH = re.compile(r"(?<![0-9.])\d{1,2}(?=\s*月)")
URL = re.compile(r"https?://\S+|doi:\S+|\]\([^)]*\)")


def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def _numbers(text: str) -> Counter:
    text = CHINESE_MONTH.sub("", URL.sub("", FIELD.sub("", text)))
    return Counter(NUMBER.findall(text))


def test_every_english_notebook_has_its_chinese_edition():
    assert ENGLISH, "no notebooks"
    missing = [p.name for p in ENGLISH if not (EDITION / p.name).exists()]
    extra = sorted({p.name for p in EDITION.glob("*.ipynb")} - {p.name for p in ENGLISH})
    assert not missing and not extra, f"missing {missing}, without an English original {extra}"


def test_the_number_check_can_fail():
    assert _numbers("0.55 mg/h, 第 3 天") != _numbers("0.55 mg/h, day 4")
    assert _numbers("[第 1 节](01_the_case.ipynb) 5月23日") == _numbers(
        "[Part 1](01_the_case.ipynb) 23 May")


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_code_cells_are_the_english_ones(english):
    chinese = EDITION / english.name
    if not chinese.exists():
        pytest.fail(f"{chinese.relative_to(ROOT)} is missing")
    ours, theirs = _cells(chinese), _cells(english)
    assert [c.cell_type for c in ours] == [c.cell_type for c in theirs], "cells differ in order"
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if b.cell_type == "code":
            assert a.source == b.source, f"code cell {i} differs: run scripts/pair_notebooks.py"
            assert a.metadata.get("tags") == b.metadata.get("tags"), f"cell {i}: tags differ"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.stem)
def test_markdown_is_chinese_with_the_same_numbers(english):
    chinese = EDITION / english.name
    if not chinese.exists():
        pytest.fail(f"{chinese.relative_to(ROOT)} is missing")
    wrong = []
    for i, (a, b) in enumerate(zip(_cells(chinese), _cells(english), strict=True)):
        if b.cell_type != "markdown":
            continue
        if CJK.search(b.source) is None and a.source == b.source:
            continue  # a cell with no words (a rule, an image): nothing to translate
        if not CJK.search(a.source):
            wrong.append(f"markdown cell {i} is not translated")
        elif _numbers(a.source) != _numbers(b.source):
            wrong.append(f"markdown cell {i}: numbers {sorted(_numbers(a.source).elements())} "
                         f"!= {sorted(_numbers(b.source).elements())}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("notebook", sorted(EDITION.glob("*.ipynb")), ids=lambda p: p.stem)
def test_links_resolve(notebook):
    broken = []
    for cell in _cells(notebook):
        if cell.cell_type != "markdown":
            continue
        for target in LINK.findall(cell.source):
            if re.match(r"^(https?:|mailto:|#|doi:)", target):
                continue
            file = target.split("#", 1)[0]
            if file and not (notebook.parent / file).exists():
                broken.append(target)
    assert not broken, f"links that lead nowhere: {broken}"
