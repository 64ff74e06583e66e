"""No clinical number is typed into the package's code: it comes from data/ or is computed.

Two kinds of literal are read from every module of ``pkg/analgesia`` (docstrings excepted):

- a number followed by a clinical unit inside a string ("0.55 mg", "25 mcg/h", "72 h",
  "10-20%"): prose that carries a dose belongs in ``data/teaching_text.csv`` or is built
  from the numbers in data/;
- a numeric literal in a core or widget module (figures are drawing geometry and are read for
  strings only), other than the arithmetic every module needs (0, 1, 2, -1, 10, 100, 1000,
  the hours of a day and the minutes of an hour, a half) and numerical tolerances below 1e-5.

Anything else must be listed in a ``tests/clinical_literals/*.csv`` file with the reason it is not a
clinical number (a pixel size, a character limit, a year range). A listed literal that is no
longer in its module fails too, so the list never grows stale.
"""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pkg" / "analgesia"
ALLOWED_DIR = Path(__file__).with_name("clinical_literals")

UNITS = r"mg/day|mg/h|mcg/h|mcg|mg|mL/h|mL|micrograms|milligrams|%|min|minutes|hours|h|days"
DOSE_IN_TEXT = re.compile(
    rf"(?<![\w.\-/])(\d+(?:\.\d+)?(?:\s*(?:-|to|x)\s*\d+(?:\.\d+)?)?)\s*({UNITS})(?![\w/])"
)
# Unit identities and zeros are not clinical numbers.
PLAIN_TEXT = {"0 mg", "0 mL", "0 h", "0 min", "24 h", "60 min", "1 h", "100%"}
PLAIN_NUMBERS = {0, 1, 2, -1, 10, 100, 1000, 24, 60, 0.5, 3600}
TOLERANCE = 1e-5
GEOMETRY_ONLY = ("figures/",)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _sizes_and_indices(tree: ast.AST) -> set[int]:
    """Numbers used as an index, a slice bound or round()'s digits: positions, not doses."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            for inner in ast.walk(node.slice):
                found.add(id(inner))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "round" and len(node.args) == 2):
            found.add(id(node.args[1]))
    return found


def literals(path: Path) -> Counter:
    """Counter of (kind, literal) for one module."""
    rel = path.relative_to(PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _sizes_and_indices(tree)
    strings_only = rel.startswith(GEOMETRY_ONLY)
    found: Counter = Counter()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        if isinstance(value, str):
            for match in DOSE_IN_TEXT.finditer(value):
                shown = re.sub(r"\s+", " ", match.group(0))
                if shown not in PLAIN_TEXT:
                    found["text", shown] += 1
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and not strings_only:
            if value in PLAIN_NUMBERS or (value != 0 and abs(value) < TOLERANCE):
                continue
            found["number", repr(value)] += 1
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _allowed() -> dict[tuple[str, str, str], str]:
    """(module, kind, literal) -> reason, from every list (one per part of the package)."""
    allowed = {}
    for path in sorted(ALLOWED_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (row["module"], row["kind"], row["literal"])
                assert row["reason"].strip(), f"{path.name}: {key} needs a reason"
                assert key not in allowed, f"{path.name}: {key} listed twice"
                allowed[key] = row["reason"]
    return allowed


def _found() -> dict[tuple[str, str, str], int]:
    found = {}
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        for (kind, literal), count in literals(path).items():
            found[rel, kind, literal] = count
    return found


def test_the_scan_finds_a_typed_dose():
    source = 'TEXT = {"x": "give 0.55 mg/h, then 25 mcg/h"}\nLIMIT = 0.3\nrate = x * 24\n'
    probe = PACKAGE / "_probe_literals.py"
    try:
        probe.write_text(source, encoding="utf-8")
        found = literals(probe)
    finally:
        probe.unlink()
    assert found == Counter({("text", "0.55 mg/h"): 1, ("text", "25 mcg/h"): 1,
                             ("number", "0.3"): 1})


@pytest.mark.parametrize("text, hit", [
    ("Lin 2022 uses 10-20% of the daily dose", "10-20%"),
    ("200 x 1.25 x 0.8 = 200 mg/day", "200 mg/day"),
    ("a 72 h patch", "72 h"),
    ("3 mg/day per 25 mcg/h", "3 mg/day"),
])
def test_the_pattern_reads_clinical_prose(text, hit):
    assert hit in [re.sub(r"\s+", " ", m.group(0)) for m in DOSE_IN_TEXT.finditer(text)]


def test_no_clinical_literal_outside_the_allowed_list():
    allowed = _allowed()
    unlisted = sorted(f"{m}: {k} {lit!r} (x{n})" for (m, k, lit), n in _found().items()
                      if (m, k, lit) not in allowed)
    assert not unlisted, (
        "clinical numbers typed in code (move them to data/ or compute them; list a "
        "non-clinical one in tests/clinical_literals/<part>.csv with its reason):\n"
        + "\n".join(unlisted))


def test_the_allowed_list_is_not_stale():
    found = _found()
    stale = sorted(f"{m}: {k} {lit!r}" for (m, k, lit) in _allowed() if (m, k, lit) not in found)
    assert not stale, "listed in tests/clinical_literals/ but no longer in the code:\n" + (
        "\n".join(stale))


def test_every_text_table_is_a_catalogue():
    """Learner-facing words go through analgesia.words, so a translation reaches them all."""
    import importlib

    from analgesia import words

    loose = []
    for path in _modules():
        rel = path.relative_to(PACKAGE.parent).with_suffix("").as_posix()
        name = rel.replace("/", ".").removesuffix(".__init__")
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (attr == "TEXT" or attr.endswith("_TEXT")) and isinstance(value, dict):
                loose.append(f"{name}.{attr}")
            elif attr == "TEXT":
                assert isinstance(value, words.Catalogue), f"{name}.TEXT"
    assert not loose, "text tables outside analgesia.words.catalogue: " + ", ".join(loose)
