"""One reload clears every cache: after editing data/, ``references.reload()`` makes the whole
package read the files again.

(a) every cache the package registers is empty after reload(), having been filled first;
(b) end to end: a copy of data/ is edited (a safety threshold, an input bound, the case's
    printed value, a rule, the disclaimer) and, after reload(), the case, the checker, the rule
    book and the words show the new value;
(c) no module caches with functools except through ``references.cached`` (an allow-list
    names the pure numerical caches, which read no file).
"""

from __future__ import annotations

import ast
import csv
import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

import pytest

import analgesia as an
from analgesia import bounds, rulebook, safety, words
from analgesia import references as refs

PACKAGE = Path(an.__file__).resolve().parent


def _import_everything() -> None:
    """Every module of the package imported, so that every cache it declares is registered."""
    for info in pkgutil.walk_packages(an.__path__, "analgesia."):
        importlib.import_module(info.name)


def _fill(cache) -> bool:
    """Call ``cache`` if it needs no argument; True when it was called."""
    try:
        params = inspect.signature(cache).parameters.values()
    except (TypeError, ValueError):
        return False
    if any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                                               p.KEYWORD_ONLY) for p in params):
        return False
    cache()
    return True


# --- (a) --------------------------------------------------------------------------------------


def test_reload_empties_every_cache_after_they_were_filled():
    _import_everything()
    refs.reload()
    for name in refs._FILES:  # noqa: SLF001 - every table through the public load()
        refs.load(name)
    words.disclaimer()
    rulebook.defaults()
    safety.check_pca(an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min"),
                     daily_dose="13.5 mg/day", opioid_tolerant=True, age="80 year")
    called = [c for c in refs.caches() if _fill(c)]
    filled = [c for c in refs.caches() if c.cache_info().currsize > 0]
    # every cache that could be filled was: the calls above reached them
    assert set(map(id, called)) <= set(map(id, filled))
    # the tables, the rule book, the bounds and the words are among them
    names = {getattr(c, "__qualname__", "") for c in filled}
    assert {"_load", "_rules", "_defaults", "_modes", "bounds", "_teaching_text"} <= names
    assert len(filled) >= 6

    refs.reload()

    left = {getattr(c, "__module__", "?") + "." + getattr(c, "__qualname__", "?"):
            c.cache_info().currsize for c in refs.caches() if c.cache_info().currsize}
    assert not left, f"caches still holding values after reload(): {left}"


def test_rulebook_reload_is_the_one_reload():
    rulebook.defaults()
    bounds.bounds()
    rulebook.reload()
    assert all(c.cache_info().currsize == 0 for c in refs.caches())


# --- (b) --------------------------------------------------------------------------------------


def _set_cell(path: Path, match: dict[str, str], column: str, value: str) -> None:
    """Rewrite one cell of a copied CSV (the row whose cells equal ``match``)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, f"{path.name}: {match} matches {len(hits)} rows"
    hits[0][column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the package reads, restored (and reloaded) afterwards."""
    from analgesia import case

    root = tmp_path / "data"
    shutil.copytree(refs.DATA_DIR, root)
    monkeypatch.setattr(refs, "DATA_DIR", root)
    if hasattr(case, "CASE_DIR"):  # a folder fixed when the module was imported
        monkeypatch.setattr(case, "CASE_DIR", root / "case_tang2025")
    refs.reload()
    yield root
    monkeypatch.undo()
    refs.reload()


ELDERLY = "elderly_or_frail"


def _codes(**patient) -> set[str]:
    settings = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")
    found = safety.check_pca(settings, daily_dose="13.5 mg/day", opioid_tolerant=True,
                             **patient)
    return {f.code for f in found}


def test_an_edited_safety_threshold_reaches_the_checker_after_reload(data_copy):
    # Fine & Portenoy's row as the workbook uses it: elderly from 75 years (rules file)
    assert rulebook.default_rule("elderly_age").low == 75
    assert ELDERLY not in _codes(age="72 year")
    _set_cell(data_copy / "pca_safety_rules.csv",
              {"rule": "elderly_age", "rule_set": "fine-portenoy-2009"}, "low", "70")
    _set_cell(data_copy / "pca_safety_rules.csv",
              {"rule": "elderly_age", "rule_set": "fine-portenoy-2009"}, "high", "70")
    assert ELDERLY not in _codes(age="72 year")  # still cached: nothing reread yet
    refs.reload()
    assert rulebook.default_rule("elderly_age").low == 70
    assert ELDERLY in _codes(age="72 year")


def test_an_edited_input_bound_reaches_every_check_after_reload(data_copy):
    an.PcaSettings(background="50 mg/h", bolus="0.65 mg", lockout="15 min")  # within 100 mg/h
    _set_cell(data_copy / "input_bounds.csv", {"kind": "background"}, "high", "10")
    refs.reload()
    assert bounds.bound("background").high == 10
    with pytest.raises(an.InputError, match="10 mg/h"):
        an.PcaSettings(background="50 mg/h", bolus="0.65 mg", lockout="15 min")


def test_an_edited_rule_and_default_reach_the_rulebook_after_reload(data_copy):
    # Fast Facts #92: an hour limit of 3-5 x the hourly requirement
    before = rulebook.default_rule("hour_limit")
    assert (before.low, before.high) == (3, 5)
    _set_cell(data_copy / "rules.csv",
              {"rule": before.rule, "rule_set": before.rule_set}, "high", "6")
    refs.reload()
    after = rulebook.default_rule("hour_limit")
    assert (after.low, after.high) == (3, 6)
    assert any("3-6 x" in line for line in rulebook.lines(("hour_limit",)))


def test_an_edited_printed_value_reaches_the_case_after_reload(data_copy):
    from analgesia import case

    # the paper: "sustained-release morphine sulfate tablets were adjusted to 90 mg q12h"
    assert case.printed_values()["morphine_sr_dose"].low.magnitude == 90
    _set_cell(data_copy / "case_tang2025" / "printed_values.csv", {"id": "morphine_sr_dose"},
              "low", "80")
    _set_cell(data_copy / "case_tang2025" / "printed_values.csv", {"id": "morphine_sr_dose"},
              "high", "80")
    refs.reload()
    assert case.printed_values()["morphine_sr_dose"].low.magnitude == 80


def test_an_edited_teaching_text_reaches_the_words_after_reload(data_copy):
    assert words.disclaimer().startswith("Teaching, not prescribing")
    _set_cell(data_copy / "teaching_text.csv", {"key": "disclaimer"}, "en",
              "Edited for the reload test.")
    refs.reload()
    assert words.disclaimer() == "Edited for the reload test."


# --- (c) --------------------------------------------------------------------------------------

# Caches that read no data file: pure functions of their arguments. A module path prefix
# (under pkg/analgesia) and the function's name, with the reason it may stay.
PURE_CACHES = {
    "_parse_unit": (("units", "grammar", "dose_grammar"), "reads a typed unit: the grammar only"),
    "_powers_cached": (("pk",), "matrix powers of a model's transition: numbers only"),
    "_teaching_text": (("words",), "registered with references.caches() through "
                       "words.caches(): words sits below references"),
    "_catalogue_files": (("words",), "translations read from data/locale, registered through "
                         "words.caches() like _teaching_text"),
    "_text_files": (("words",), "translations read from data/locale, registered through "
                    "words.caches() like _teaching_text"),
    "_load": (("references", "tables"), "the tables' own cache, the first in caches()"),
    "cached": (("references", "tables"), "the registering decorator itself"),
}
CACHE_NAMES = {"cache", "lru_cache"}


def _cache_uses(tree: ast.AST) -> list[tuple[str, int]]:
    """(enclosing function or decorated name, line) for each functools cache in a module."""
    found = []

    def is_cache(node: ast.AST) -> bool:
        target = node.func if isinstance(node, ast.Call) else node
        if isinstance(target, ast.Attribute):
            return target.attr in CACHE_NAMES and isinstance(target.value, ast.Name) and (
                target.value.id == "functools")
        return isinstance(target, ast.Name) and target.id in CACHE_NAMES

    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                if is_cache(deco):
                    found.append((node.name, node.lineno))
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and is_cache(inner) and inner is not node:
                    if not any(inner is d for d in node.decorator_list):
                        found.append((node.name, inner.lineno))
    return found


def test_no_module_caches_data_outside_references_cached():
    unlisted = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        for function, line in _cache_uses(ast.parse(path.read_text(encoding="utf-8"))):
            allowed = PURE_CACHES.get(function)
            if allowed is None or not rel.startswith(allowed[0]):
                unlisted.append(f"{rel}:{line} {function}")
    assert not unlisted, (
        "functools caches outside references.cached (reload() would leave them stale; use "
        "@references.cached, or list a pure numerical cache in PURE_CACHES):\n"
        + "\n".join(unlisted))


def test_the_scan_finds_a_functools_cache():
    probe = ("import functools\nfrom functools import lru_cache\n"
             "@functools.cache\ndef a():\n    return 1\n"
             "@lru_cache(maxsize=2)\ndef b():\n    return 2\n"
             "def c():\n    return functools.cache(a)\n")
    assert [name for name, _ in _cache_uses(ast.parse(probe))] == ["a", "b", "c"]


def test_the_pure_cache_list_is_not_stale():
    present = set()
    for path in PACKAGE.rglob("*.py"):
        present |= {name for name, _ in _cache_uses(ast.parse(path.read_text(encoding="utf-8")))}
    assert set(PURE_CACHES) <= present, set(PURE_CACHES) - present
