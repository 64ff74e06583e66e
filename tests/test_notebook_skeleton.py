"""Every teaching notebook follows the house skeleton (design.md section 3) and every link and
image in the notebooks resolves."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
TEACHING = [p for p in ALL if not p.name.startswith("00_")]
HEADINGS = ("## Overview", "## Prerequisites", "## Check yourself", "## Summary", "## References")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_SRC = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


def cells(path: Path, kind: str) -> list[str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in doc["cells"] if c["cell_type"] == kind]


def test_every_numbered_notebook_is_checked():
    # 00 to 11: the start page, eight case notebooks, drug levels, practice and the bedside
    assert len(ALL) == 12 and len(TEACHING) == 11


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_follows_the_skeleton(path):
    markdown = "\n".join(cells(path, "markdown"))
    assert markdown.lstrip().startswith("# "), "a title first"
    positions = [markdown.find(h) for h in HEADINGS]
    missing = [h for h, at in zip(HEADINGS, positions, strict=True) if at < 0]
    assert not missing, f"missing headings: {missing}"
    assert positions == sorted(positions), "Overview, Prerequisites, Check yourself, Summary, " \
                                           "References, in that order"
    assert re.search(r"time to learn", markdown, re.IGNORECASE), "time to learn is stated"


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_asks_at_least_two_questions_and_checks_them(path):
    code = "\n".join(cells(path, "code"))
    asked = len(re.findall(r"\b(?:NumericQuestion|ChoiceQuestion)\(", code))
    assert asked >= 2, f"{asked} question(s)"
    assert ".check(" in code, "a cell checks an answer, so nbval compares the feedback"


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_imports_sit_in_one_cell(path):
    with_imports = [c for c in cells(path, "code")
                    if re.search(r"^\s*(import|from)\s+\S+", c, re.MULTILINE)]
    assert len(with_imports) == 1, f"{len(with_imports)} cells import"


def _targets(path: Path) -> list[str]:
    text = "\n".join(cells(path, "markdown"))
    return LINK.findall(text) + HTML_SRC.findall(text)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_links_and_images_resolve(path):
    for target in _targets(path):
        url = urlparse(target)
        if url.scheme in ("http", "https"):
            assert url.netloc and "." in url.netloc, f"malformed address {target}"
            continue
        assert not url.scheme, f"unexpected link scheme in {target}"
        if not url.path:  # an anchor on the same page
            continue
        local = (path.parent / unquote(url.path)).resolve()
        assert local.exists(), f"{path.name} links {target}, which does not exist"


def test_the_link_check_can_fail(tmp_path):
    bad = tmp_path / "01_x.ipynb"
    bad.write_text(json.dumps({"cells": [{"cell_type": "markdown",
                                          "source": ["See [this](missing.ipynb)."]}]}))
    with pytest.raises(AssertionError, match="missing.ipynb"):
        test_links_and_images_resolve(bad)
