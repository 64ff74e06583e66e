"""The English-Chinese glossary and the table of Chinese guidance numbers (issue 15, item 3).

``data/glossary.csv`` (term_en, term_zh, kind, source, year, url, status, note) is the list the
Chinese edition's translations are checked against; :func:`glossary` returns its rows for other
tests to import. ``data/chinese_guidance.csv`` holds one row per Chinese dosing number, with the
Chinese wording read and its status; the ``*_zh.csv`` files hold the same numbers in the shapes
of the workbook's tables (rules, titration rules, conversion factors) for the lead to wire in.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from analgesia import references as refs

DATA = Path(refs.DATA_DIR)
GLOSSARY = DATA / "glossary.csv"
GUIDANCE = DATA / "chinese_guidance.csv"

GLOSSARY_COLUMNS = ["term_en", "term_zh", "kind", "source", "year", "url", "status", "note"]
KINDS = {"concept", "setting", "drug", "route", "scale", "device"}
GUIDANCE_COLUMNS = ["id", "topic", "rule_set", "quantity", "low", "high", "unit", "nrs_low",
                    "nrs_high", "quote_zh", "counterpart", "source", "year", "url", "status",
                    "note"]
TOPICS = {"titration", "rescue", "conversion", "cross_tolerance", "pca", "tolerance", "patch",
          "taper"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Characters a Chinese term may carry besides CJK: Latin abbreviations (PCA, NRS, WHO), digits
# (24小时) and full-width or ASCII brackets.
TERM_CHARS = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9（）() ]+$")

GLOSSARY_SCHEMA = {"term_en": refs.text, "term_zh": refs.text, "kind": refs.one_of(*KINDS),
                   **refs.SOURCE_COLUMNS, "note": refs.optional_text}
GUIDANCE_SCHEMA = {"id": refs.text, "topic": refs.one_of(*TOPICS), "rule_set": refs.text,
                   "quantity": refs.text, "low": refs.number, "high": refs.number,
                   "unit": refs.unit, "nrs_low": refs.optional_number,
                   "nrs_high": refs.optional_number, "quote_zh": refs.optional_text,
                   "counterpart": refs.text, **refs.SOURCE_COLUMNS, "note": refs.text}


def glossary() -> list[dict[str, str]]:
    """The glossary rows as text (UTF-8), for the translation tests to import."""
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_glossary_loads_with_its_columns_and_allowed_values():
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == GLOSSARY_COLUMNS
    rows = refs.read_csv(GLOSSARY, GLOSSARY_SCHEMA)   # fails naming row and column
    assert len(rows) >= 40
    assert {r["status"] for r in rows} <= set(refs.STATUSES)


def test_no_english_term_is_listed_twice():
    seen: dict[str, int] = {}
    for r in glossary():
        key = r["term_en"].strip().lower()
        seen[key] = seen.get(key, 0) + 1
    assert [k for k, n in seen.items() if n > 1] == []


def test_every_chinese_term_is_cjk_text():
    bad = [(r["term_en"], r["term_zh"]) for r in glossary()
           if not CJK.search(r["term_zh"]) or not TERM_CHARS.match(r["term_zh"].strip())]
    assert bad == []


def test_every_term_is_sourced_and_an_unread_one_says_why():
    for r in glossary():
        assert r["source"].strip(), r["term_en"]
        if r["status"] == "verified":
            # verified = the term was read in the copy at this address
            assert r["url"].startswith(("http://", "https://")), r["term_en"]
            assert r["note"].strip(), r["term_en"]
        else:
            assert r["note"].strip(), r["term_en"]


def test_the_issue_terms_and_the_drugs_of_the_case_are_covered():
    terms = {r["term_en"]: r["term_zh"] for r in glossary()}
    # the Chinese generic names, written out here from the Chinese labels and guidance read
    assert terms["hydromorphone"] == "氢吗啡酮"
    assert terms["morphine"] == "吗啡"
    assert terms["fentanyl"] == "芬太尼"
    assert terms["oxycodone"] == "羟考酮"
    assert terms["naloxone"] == "纳洛酮"
    assert terms["lockout"] == "锁定时间"
    assert terms["breakthrough pain"] == "爆发痛"
    for en in ("background", "bolus", "hour limit", "reservoir", "concentration", "rescue dose",
               "titration", "rotation", "opioid-naive", "opioid-tolerant", "cross-tolerance",
               "oral morphine equivalent", "respiratory depression", "pain score (NRS)",
               "subcutaneous", "intravenous", "transdermal fentanyl", "patch",
               "sustained-release morphine tablets", "immediate-release morphine",
               "adjuvant analgesics", "loading dose", "subcutaneous PCA (PCSA)",
               "patient-controlled intravenous analgesia (PCIA)", "refractory cancer pain"):
        assert en in terms, en


def test_the_guidance_table_has_its_shape():
    with GUIDANCE.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == GUIDANCE_COLUMNS
    rows = refs.read_csv(GUIDANCE, GUIDANCE_SCHEMA)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r["low"] <= r["high"], r["id"]
        if r["unit"] == "fraction":
            assert 0 <= r["low"] <= r["high"] <= 1, r["id"]
        if r["nrs_low"] is not None:
            assert 0 <= r["nrs_low"] <= r["nrs_high"] <= 10, r["id"]
        if r["status"] == "verified":
            # a verified number carries the Chinese words it was read in, and where
            assert CJK.search(r["quote_zh"]), r["id"]
            assert r["url"].startswith(("http://", "https://")), r["id"]
        else:
            assert r["status"] == "unverified" and r["note"], r["id"]


def test_the_guidance_numbers_read_are_the_ones_in_the_quotes():
    rows = {r["id"]: r for r in refs.read_csv(GUIDANCE, GUIDANCE_SCHEMA)}
    # PCIA consensus 2023: NRS >= 7 for rapid titration, >= 5 breakthrough episodes a day,
    # 1-2 weeks of standard treatment before pain is refractory
    assert rows["pcia-2023-rapid-titration-nrs"]["low"] == 7
    assert "≥7分" in rows["pcia-2023-rapid-titration-nrs"]["quote_zh"]
    assert rows["pcia-2023-frequent-breakthrough"]["low"] == 5
    assert "每日≥5次" in rows["pcia-2023-frequent-breakthrough"]["quote_zh"]
    assert (rows["pcia-2023-refractory-weeks"]["low"],
            rows["pcia-2023-refractory-weeks"]["high"]) == (1, 2)
    assert "1~2周" in rows["pcia-2023-refractory-weeks"]["quote_zh"]
    # rescue 10-20% of the previous 24 h in the Chinese reproduction of the NCCN rule
    assert (rows["zlsj-2018-rescue-fraction"]["low"],
            rows["zlsj-2018-rescue-fraction"]["high"]) == (0.1, 0.2)
    assert "10%-20%" in rows["zlsj-2018-rescue-fraction"]["quote_zh"]


@pytest.mark.parametrize("name, schema", [
    ("rules_zh.csv", refs.RULES_SCHEMA),
    ("titration_rules_zh.csv", refs.TITRATION_SCHEMA),
    ("conversion_factors_zh.csv", refs.FACTORS_SCHEMA),
    ("factor_tables_zh.csv", refs.FACTOR_TABLES_SCHEMA),
])
def test_the_rows_for_the_workbook_tables_have_those_tables_shapes(name, schema):
    path = DATA / name
    original = DATA / name.replace("_zh", "")
    with path.open(encoding="utf-8", newline="") as a, original.open(encoding="utf-8",
                                                                     newline="") as b:
        assert next(csv.reader(a)) == next(csv.reader(b))
    rows = refs.read_csv(path, schema)
    assert rows


def test_a_number_not_read_is_never_verified_in_the_workbook_shapes():
    guidance = refs.read_csv(GUIDANCE, GUIDANCE_SCHEMA)
    unread = {r["rule_set"] for r in guidance if r["status"] == "unverified"}
    assert unread == {"nhc-2018"}
    for name, schema in (("titration_rules_zh.csv", refs.TITRATION_SCHEMA),
                         ("conversion_factors_zh.csv", refs.FACTORS_SCHEMA),
                         ("rules_zh.csv", refs.RULES_SCHEMA)):
        for r in refs.read_csv(DATA / name, schema):
            if r.get("rule_set", r.get("table")) == "nhc-2018":
                assert r["status"] == "unverified", (name, r)
