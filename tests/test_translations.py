"""Every translation is complete, current and says the same numbers as the English.

For each language folder in ``data/locale``:

- catalogues: every key of every module's catalogue is translated, no key is stale, the
  ``{placeholders}`` are the same and the numbers written in the text are the same;
- texts (prose from data files, keyed by the English): every prose cell of a table
  (``analgesia.prose_columns``) and every English key still exists in the data, with the same
  numbers;
- the glossary (``data/glossary.csv``): where the English uses a glossary term, the
  translation uses the glossary's term.
"""

from __future__ import annotations

import csv
import importlib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from analgesia import words
from analgesia.prose_columns import PROSE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pkg" / "analgesia"
DATA = ROOT / "data"
LOCALE = DATA / "locale"
LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if p.is_dir()) if LOCALE.is_dir() else []
FIELD = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[^{}]*)\}")
# A number is digits not glued to a Latin word ("x10", "q12h" hold none); one right after a
# Chinese character counts ("前24小时" holds 24). A month written as a number in Chinese
# ("5月") is a word in English ("May"): it is not compared.
NUMBER = re.compile(r"(?<![A-Za-z0-9_.{])\d+(?:\.\d+)?")
CHINESE_MONTH = re.compile(r"(?<![0-9.])\d{1,2}(?=\s*月)")


def _import_everything() -> dict[str, words.Catalogue]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("").as_posix()
        importlib.import_module(rel.replace("/", ".").removesuffix(".__init__"))
    return words.catalogues()


CATALOGUES = _import_everything()


def _yaml(path: Path) -> dict[str, str]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _translations(lang: str, kind: str) -> dict[str, dict[str, str]]:
    folder = LOCALE / lang / kind
    return {p.stem: _yaml(p) for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def _numbers(text: str) -> Counter:
    return Counter(NUMBER.findall(CHINESE_MONTH.sub("", FIELD.sub("", text))))


def test_there_is_a_translation():
    assert "zh_CN" in LANGUAGES
    assert words.languages() == ("en", *LANGUAGES)


def test_the_number_check_can_fail():
    assert _numbers("0.55 mg/h x 24 h = 13.2 mg") != _numbers("0.55 mg/h x 24 h = 13.3 mg")
    assert _numbers("{rate} is {n} h") == Counter()
    assert _numbers("5月23日评估") == _numbers("the 23 May assessment")
    assert _numbers("前24小时") == Counter({"24": 1})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_text_is_translated(lang):
    found = _translations(lang, "catalogues")
    missing = [f"{domain}.{key}" for domain, cat in CATALOGUES.items() for key in cat
               if key not in found.get(domain, {})]
    assert not missing, f"{len(missing)} texts not translated to {lang}: " + ", ".join(
        missing[:40])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translated_key_is_stale(lang):
    stale = [f"{domain}.{key}" for domain, texts in _translations(lang, "catalogues").items()
             for key in texts if domain not in CATALOGUES or key not in CATALOGUES[domain]]
    assert not stale, f"translated keys no module has any more: {stale[:40]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_and_numbers_match(lang):
    wrong = []
    for domain, texts in _translations(lang, "catalogues").items():
        for key, text in texts.items():
            if domain not in CATALOGUES or key not in CATALOGUES[domain]:
                continue
            source = CATALOGUES[domain].source(key)
            if set(FIELD.findall(source)) != set(FIELD.findall(text)):
                wrong.append(f"{domain}.{key}: fields {sorted(set(FIELD.findall(text)))}")
            elif _numbers(source) != _numbers(text):
                wrong.append(f"{domain}.{key}: numbers {sorted(_numbers(text).elements())}")
    assert not wrong, "\n".join(wrong[:40])


def _table_cells(table: str) -> list[str]:
    path = next(iter(sorted(DATA.rglob(f"{table}.csv"))), None)
    if path is None:
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r[c] for r in rows for c in PROSE_COLUMNS.get(table, ()) if r.get(c, "").strip()]


def _yaml_strings(path: Path) -> set[str]:
    found: set[str] = set()

    def walk(node):
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _english_of(domain: str) -> set[str] | None:
    """Every English string the data behind ``domain`` holds, or None for an unknown domain."""
    if domain in PROSE_COLUMNS:
        return set(_table_cells(domain))
    files = sorted(p for p in DATA.rglob(f"{domain}.yaml") if LOCALE not in p.parents) or (
        sorted((DATA / domain).glob("*.yaml")) if (DATA / domain).is_dir() else [])
    if not files:
        return None
    return set().union(*(_yaml_strings(p) for p in files))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_prose_cell_of_a_table_is_translated(lang):
    texts = _translations(lang, "texts")
    missing = [f"{table}: {cell[:60]!r}" for table in PROSE_COLUMNS
               for cell in _table_cells(table) if cell not in texts.get(table, {})]
    assert not missing, f"{len(missing)} data cells not translated to {lang}:\n" + "\n".join(
        missing[:40])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_prose_is_current_and_keeps_its_numbers(lang):
    wrong = []
    for domain, texts in _translations(lang, "texts").items():
        english = _english_of(domain)
        if english is None:
            wrong.append(f"{domain}: no data file of that name")
            continue
        for source, text in texts.items():
            if source not in english:
                wrong.append(f"{domain}: {source[:60]!r} is no longer in the data")
            elif _numbers(source) != _numbers(text) and not text.startswith("⚠"):
                wrong.append(f"{domain}: numbers differ in {source[:60]!r}")
            elif set(FIELD.findall(source)) != set(FIELD.findall(text)):
                wrong.append(f"{domain}: fields differ in {source[:60]!r}")
    assert not wrong, "\n".join(wrong[:40])


def _glossary() -> list[dict[str, str]]:
    path = DATA / "glossary.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


GLOSSARY_CHECKED_KINDS = {"drug", "setting", "concept", "route", "scale"}


@pytest.mark.parametrize("lang", [x for x in LANGUAGES if x == "zh_CN"])
def test_translations_use_the_glossary_terms(lang):
    terms = [(r["term_en"], r["term_zh"]) for r in _glossary()
             if r.get("kind", "") in GLOSSARY_CHECKED_KINDS and r["term_en"] and r["term_zh"]]
    if not terms:
        pytest.skip("data/glossary.csv not written yet")
    pairs = [(CATALOGUES[d].source(k), t) for d, texts in _translations(lang, "catalogues").items()
             if d in CATALOGUES for k, t in texts.items() if k in CATALOGUES[d]]
    pairs += [(s, t) for texts in _translations(lang, "texts").values() for s, t in texts.items()]
    off = []
    for en, zh in terms:
        pattern = re.compile(rf"(?<![\w-]){re.escape(en)}(?![\w-])", re.IGNORECASE)
        for source, text in pairs:
            if pattern.search(FIELD.sub("", source)) and zh not in text:
                off.append(f"{en} -> {zh}: {text[:50]!r}")
    assert not off, f"{len(off)} translations not using the glossary term:\n" + "\n".join(
        off[:40])
