"""data/adjuvants.csv: schema, sources, honest status, and the facts the workbook teaches."""

import csv

from analgesia import references as refs
from analgesia.widgets.adjuvants_panel import AdjuvantExplorer, adjuvant, adjuvants, describe

COLUMNS = ["drug", "class", "role_in_case", "guideline_view", "source", "year", "url", "status",
           "note"]


def test_header_and_schema():
    with (refs.DATA_DIR / "adjuvants.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS
    rows = adjuvants()
    assert len(rows) >= 8
    assert all(r["status"] in refs.STATUSES for r in rows)


def test_no_source_is_the_search_tool():
    for r in adjuvants():
        assert "search" not in r["source"].lower()
        assert r["url"] == "" or r["url"].startswith("https://") or r["url"].startswith("http://")


def test_dimethicone_is_antifoaming_not_antidiarrhoeal():
    r = adjuvant("dimethicone (simethicone)")
    assert "antifoaming" in r["class"]
    assert "not an antidiarrhoeal" in r["guideline_view"]


def test_apatinib_cyp3a4_zhu_2020():
    r = adjuvant("apatinib")
    assert "83%" in r["guideline_view"] and "CYP3A4" in r["class"]
    assert r["year"] == 2020 and "10.2147/DDDT.S237301" in r["url"]


def test_case_drugs_present():
    names = {r["drug"] for r in adjuvants()}
    for needle in ("zoledronic acid", "naloxone", "radiotherapy", "fentanyl", "laxative"):
        assert any(needle in n for n in names), needle


def test_unverified_is_said_in_the_explorer():
    lines = describe("remifentanil")
    assert any("unverified" in x for x in lines)


def test_explorer_and_bad_value():
    p = AdjuvantExplorer()
    assert "antifoaming" in p.result[0]
    p.choice.value = "apatinib"
    assert "83%" in " ".join(p.result)
    p.choice.options = list(p.choice.options) + ["not a drug"]
    p.choice.value = "apatinib"
    before = p.result
    p.choice.value = "not a drug"
    assert "not in data/adjuvants.csv" in p.error
    assert p.result == before


def test_the_model_reads_the_table_through_references_and_names_its_fields():
    from analgesia.panels.adjuvants import AdjuvantModel

    m = AdjuvantModel()
    assert m.result.drug == "dimethicone (simethicone)"
    assert "antifoaming" in m.result.row["class"]
    assert m.set(drug="apatinib") and m.result.row["year"] == 2020  # Zhu 2020
    assert m.set(drug="gossip") is False and "not in data/adjuvants.csv" in m.error
    assert m.result.drug == "apatinib"
    # one reader: the explorer's rows are the references loader's rows
    assert adjuvants() is refs.load("adjuvants")
