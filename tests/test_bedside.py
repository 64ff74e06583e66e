"""bedside: monitoring, naloxone, selection, the double check, subcutaneous volume, alarms, the
reservoir's end, breakthrough on a patch, neurotoxicity, laxatives, sedatives, organ function.

Expected values are worked by hand in each test (the paper's printed volumes where it gives
them); data rows are read here with the csv module alone, so a line that did not come from its
row fails.
"""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import bedside as bs
from analgesia import references as refs
from analgesia.units import Q

TANG = an.case.tang2025()
REQUIRED_TOPICS = {"selection", "proxy", "double_check", "concentration", "loading",
                   "subcut_site", "alarm", "reservoir", "breakthrough_on_patch",
                   "neurotoxicity", "laxative", "sedatives", "renal", "hepatic", "lockout"}


def _rows(name: str, root: Path | None = None) -> list[dict]:
    with ((root or refs.DATA_DIR) / f"{name}.csv").open(newline="", encoding="utf-8") as h:
        return list(csv.DictReader(h))


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as h:
        writer = csv.DictWriter(h, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(refs.DATA_DIR, root)
    monkeypatch.setattr(refs, "DATA_DIR", root)
    refs.reload()
    yield root
    refs.reload()


# --- the data files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bedside", "naloxone", "monitoring"])
def test_every_row_is_sourced_with_an_honest_status(name):
    rows = _rows(name)
    assert rows
    for r in rows:
        assert r["source"].strip(), r
        assert 1900 <= int(r["year"]) <= 2100
        assert r["status"] in {"verified", "unverified", "assumption"}, r
        assert "search" not in r["source"].lower()          # cite the source, never the tool
        assert r["url"] == "" or r["url"].startswith(("http://", "https://"))
        if r["status"] == "verified":
            assert r["url"], f"a verified row names where it was read: {r['source'][:60]}"


def test_the_bedside_file_covers_every_topic_the_issue_asks_for():
    assert {r["topic"] for r in _rows("bedside")} == REQUIRED_TOPICS
    assert set(bs.topics()) == REQUIRED_TOPICS


def test_each_line_is_its_row():
    for r in _rows("bedside"):
        b = bs.line(r["topic"], r["item"])
        assert b.text == r["what"]
        assert b.source.source == r["source"] and b.source.status == r["status"]
        assert b.line().startswith(r["what"])


def test_assumptions_say_so_in_the_line():
    alarm = bs.line("alarm", "patient_first")
    assert alarm.source.status == "assumption" and "[assumption]" in alarm.line()


def test_the_case_rows_quote_the_full_text():
    text = Path("/work/shared/case/tang2025-medicine.txt")
    if not text.exists():
        pytest.skip("the case's full text is not on this machine")
    full = text.read_text(encoding="utf-8")
    for quote in ("the effect began 10 to 15 minutes", "according to a preset dose of 1 week",
                  "The pump was about to end", "morphine tablets 25 mg orally",
                  "gabapentin 0.3 g tid, estazolam 1 mg qn", "ALT 80 U/L, AST 85 U/L"):
        assert quote in full, quote


# --- monitoring ----------------------------------------------------------------------------------


def test_monitoring_has_sedation_breathing_spo2_naloxone_and_the_double_check():
    items = {m.item: m for m in bs.monitoring()}
    assert set(items) == {"sedation", "respiratory_rate", "oxygen_saturation", "naloxone",
                          "double_check"}
    assert "Pasero" in items["sedation"].what
    spo2 = items["oxygen_saturation"]
    assert "supplemental oxygen" in spo2.what and "Fu ES" in spo2.source.source
    assert spo2.source.status == "verified"
    assert len(bs.monitoring_lines()) == 5


# --- naloxone ------------------------------------------------------------------------------------


def test_the_dilution_by_hand():
    plan = bs.naloxone_plan()
    assert plan.rule_set == "boland-2013"
    # 0.4 mg ampoule made up to 10 mL: 0.4 / 10 = 0.04 mg/mL
    assert plan.concentration.to("mg/mL").magnitude == pytest.approx(0.04)
    # Boland 2013: 20-100 mcg every 2 min = 0.02 / 0.04 = 0.5 mL to 0.1 / 0.04 = 2.5 mL
    assert plan.increment.low.to("mcg").magnitude == pytest.approx(20)
    assert plan.increment.high.to("mcg").magnitude == pytest.approx(100)
    assert plan.increment_volume.low.to("mL").magnitude == pytest.approx(0.5)
    assert plan.increment_volume.high.to("mL").magnitude == pytest.approx(2.5)
    assert plan.interval.to("min").magnitude == pytest.approx(2)
    # no response after 0.8 mg (two ampoules) = 20 mL of the dilution
    assert plan.no_response_total.to("mg").magnitude == pytest.approx(0.8)
    assert "0.02-0.1 mg (0.5-2.5 mL of 0.04 mg/mL) every 2 min" in plan.lines[4]


def test_each_naloxone_line_comes_from_its_row():
    rows = {(r["item"], r["rule_set"]): r for r in _rows("naloxone")}
    plan = bs.naloxone_plan()
    texts = dict(zip(bs.NALOXONE_ORDER, (t for t, _ in plan.items), strict=True))
    for item, rule_set in [("criteria", "fast-facts-39"), ("not_for", "scottish-palliative"),
                           ("first_steps", "boland-2013"), ("goal", "boland-2013"),
                           ("repeat", "fast-facts-39"), ("route", "boland-2013")]:
        assert texts[item] == rows[(item, rule_set)]["what"]
    assert rows[("increment", "boland-2013")]["what"] in texts["increment"]


def test_the_spread_between_sources():
    assert bs.naloxone_rule_sets() == ("boland-2013", "fast-facts-39", "umem-2024")
    spread = bs.naloxone_spread()
    assert len(spread) == 3
    # Fast Facts #39: 1 mL (0.04 mg) every minute; UMEM: 1-2 mL (0.04-0.08 mg) every 2 min
    assert spread[1].startswith("fast-facts-39: 0.04 mg (1 mL of 0.04 mg/mL) every 1 min")
    assert spread[2].startswith("umem-2024: 0.04-0.08 mg (1-2 mL of 0.04 mg/mL) every 2 min")
    ff = bs.naloxone_plan("fast-facts-39")
    assert ff.increment_volume.low.to("mL").magnitude == pytest.approx(1)


@pytest.mark.parametrize("bad", ["nccn", "", None, 3, "BOLAND-2013"])
def test_an_unknown_naloxone_source_is_an_input_error(bad):
    with pytest.raises(an.InputError, match="rule_set"):
        bs.naloxone_plan(bad)


def test_a_naloxone_dose_in_the_wrong_unit_fails_at_load(data_copy):
    rows = _rows("naloxone", data_copy)
    for r in rows:
        if (r["item"], r["rule_set"]) == ("increment", "boland-2013"):
            r["unit"] = "mL"
    _write(data_copy / "naloxone.csv", rows)
    with pytest.raises(refs.DataFileError, match=r"naloxone.csv, row \d+, column 'unit'"):
        bs.naloxone_plan()


def test_a_naloxone_quantity_left_out_fails_naming_the_row(data_copy):
    rows = _rows("naloxone", data_copy)
    for r in rows:
        if r["item"] == "ampoule":
            r["low"] = r["high"] = r["unit"] = ""
    _write(data_copy / "naloxone.csv", rows)
    with pytest.raises(refs.DataFileError, match="needs a quantity"):
        bs.naloxone_plan()


# --- bedside.csv checks --------------------------------------------------------------------------


@pytest.mark.parametrize("change, column", [
    ({"unit": ""}, "unit"),                     # low and high without a unit
    ({"low": "20", "high": "10"}, "low"),       # low above high
    ({"unit": "furlongs"}, "unit"),             # not a unit
    ({"topic": "gossip"}, "topic"),             # not a topic
    ({"year": "20"}, "year"),
])
def test_a_malformed_bedside_row_names_file_row_and_column(data_copy, change, column):
    rows = _rows("bedside", data_copy)
    target = next(i for i, r in enumerate(rows) if r["unit"])
    rows[target].update(change)
    _write(data_copy / "bedside.csv", rows)
    with pytest.raises(refs.DataFileError) as exc:
        bs.lines("loading")
    assert f"bedside.csv, row {target + 2}, column '{column}'" in str(exc.value)


def test_a_duplicate_bedside_row_is_refused(data_copy):
    rows = _rows("bedside", data_copy)
    rows.append(dict(rows[0]))
    _write(data_copy / "bedside.csv", rows)
    with pytest.raises(refs.DataFileError, match="appears twice"):
        bs.topics()


@pytest.mark.parametrize("topic", ["", "gossip", None, 5])
def test_an_unknown_topic_is_an_input_error(topic):
    with pytest.raises(an.InputError, match="topic"):
        bs.lines(topic)


def test_an_unknown_item_names_the_items_of_its_topic():
    with pytest.raises(an.InputError, match="indication"):
        bs.line("selection", "nothing")


# --- the subcutaneous site -----------------------------------------------------------------------


def test_the_case_volumes_by_hand():
    vol = bs.subcut_volume(TANG.settings, TANG.reservoir, boluses_per_day=3)
    assert vol.background.to("mL/h").magnitude == pytest.approx(1.1)     # 0.55 / 0.5
    assert vol.bolus.to("mL").magnitude == pytest.approx(1.3)            # 0.65 / 0.5
    # the lockout lets 4 boluses an hour through: 0.55 + 4 x 0.65 = 3.15 mg/h = 6.3 mL/h
    assert vol.max_per_hour.to("mL/h").magnitude == pytest.approx(6.3)
    assert vol.per_day.to("mL").magnitude == pytest.approx(30.3)         # paper, day 1
    assert vol.limit_per_hour.to("mL/h").magnitude == pytest.approx(3)   # Fast Facts #28
    assert not vol.max_within_limit                                      # 6.3 > 3 mL/h
    assert vol.bolus_within_limit                                        # 1.3 <= 2 mL
    two = bs.subcut_volume(TANG.settings, TANG.reservoir, boluses_per_day=2)
    assert two.per_day.to("mL").magnitude == pytest.approx(29)           # paper, day 2


def test_an_hour_limit_brings_the_hourly_volume_within_the_site_limit():
    capped = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min",
                            hour_limit="1.5 mg/h")
    vol = bs.subcut_volume(capped, TANG.reservoir)
    assert vol.max_per_hour.to("mL/h").magnitude == pytest.approx(3)     # 1.5 / 0.5
    assert vol.max_within_limit


def test_the_volume_limits_come_from_the_rule_rows():
    rows = {(r["rule"], r["rule_set"]): r for r in _rows("pca_safety_rules")}
    rate = rows[("sc_volume_per_hour_max", "fast-facts-28")]
    vol = bs.subcut_volume(TANG.settings, TANG.reservoir)
    assert vol.limit_per_hour == Q(float(rate["high"]), rate["unit"])
    assert vol.sources[0].source == rate["source"]


def test_an_intravenous_pump_has_no_subcutaneous_site():
    iv = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min",
                        route="intravenous")
    with pytest.raises(an.InputError, match="route"):
        bs.subcut_volume(iv, TANG.reservoir)


@pytest.mark.parametrize("n", [-1, 97, 1.5, "2", None, True])
def test_a_bad_bolus_count_is_an_input_error(n):
    with pytest.raises(an.InputError, match="boluses_per_day"):
        bs.subcut_volume(TANG.settings, TANG.reservoir, boluses_per_day=n)


def test_a_reservoir_of_another_drug_is_refused():
    other = an.Reservoir(drug="morphine", drug_amount="100 mg", drug_volume="100 mL")
    with pytest.raises(an.InputError, match="reservoir"):
        bs.subcut_volume(TANG.settings, other)
    with pytest.raises(an.InputError, match="settings"):
        bs.subcut_volume("0.55 mg/h", TANG.reservoir)


@settings(max_examples=60, deadline=None)
@given(background=st.decimals("0", "2", places=2), bolus=st.decimals("0.05", "2", places=2),
       lockout=st.integers(5, 60))
def test_volume_is_dose_over_concentration(background, bolus, lockout):
    pcs = an.PcaSettings(background=f"{background} mg/h", bolus=f"{bolus} mg",
                         lockout=f"{lockout} min")
    vol = bs.subcut_volume(pcs, TANG.reservoir)
    per_hour = math.floor(60 / lockout + 1e-9)
    expected = (float(background) + float(bolus) * per_hour) / 0.5       # mg/h / (mg/mL)
    assert vol.max_per_hour.to("mL/h").magnitude == pytest.approx(expected)
    assert vol.max_within_limit == (expected <= 3 + 1e-9)


# --- reservoir, loading dose, lockout ------------------------------------------------------------


def test_the_case_reservoir_lasts_about_a_week():
    end = bs.reservoir_end(TANG.settings, TANG.reservoir, boluses_per_day=2)
    # 100 mg / (0.55 x 24 + 2 x 0.65) mg a day = 100 / 14.5 = 6.897 days = 165.5 h
    assert end.life.to("h").magnitude == pytest.approx(100 / 14.5 * 24)
    assert any("preset dose of 1 week" in line for line in end.lines)


def test_the_loading_dose_by_the_rule_row():
    load = bs.loading_dose(TANG.settings, TANG.reservoir)
    assert load.dose.to("mg").magnitude == pytest.approx(1.3)            # 2 x 0.65 mg
    assert load.volume.to("mL").magnitude == pytest.approx(2.6)          # 1.3 / 0.5
    assert any("10 to 15 minutes" in line for line in load.lines)
    assert bs.loading_dose(TANG.settings).volume is None


def test_the_lockout_teaching_quotes_hallenbeck_and_the_case():
    teach = bs.lockout_teaching(TANG.settings)
    assert teach.minimum == Q(15, "min")
    assert (teach.preferred.low, teach.preferred.high) == (Q(20, "min"), Q(30, "min"))
    assert (teach.case_onset.low, teach.case_onset.high) == (Q(10, "min"), Q(15, "min"))
    assert TANG.settings.lockout < teach.preferred.low       # the case's 15 min: the minimum
    assert "20-30 min may be preferable" in teach.lines[1]


# --- breakthrough pain on a patch ----------------------------------------------------------------


def test_breakthrough_on_the_case_patches():
    bt = bs.breakthrough_on_patch("125 mcg/h")
    # 125 mcg/h x 2.4 = 300 mg/day oral morphine (EPCRC 100:1); rescue 10-20% = 30-60 mg
    assert bt.ome.low.to("mg/day").magnitude == pytest.approx(300)
    assert bt.rescue.low.to("mg").magnitude == pytest.approx(30)
    assert bt.rescue.high.to("mg").magnitude == pytest.approx(60)
    assert Q(25, "mg") < bt.rescue.low                        # the case's 25 mg: below 10%
    assert bt.steps[-1] == "rescue dose on 125 mcg/h of patch: 30-60 mg oral morphine"
    fpm = bs.breakthrough_on_patch("125 mcg/h", table="fpm-2021")
    assert fpm.rescue.low.to("mg").magnitude == pytest.approx(37.5)      # 375 x 10%


def test_the_one_way_label_table_is_not_read_backwards():
    with pytest.raises(an.InputError, match="table"):
        bs.breakthrough_on_patch("125 mcg/h", table="duragesic-label")


# --- the rest of the content, and the module's manners -------------------------------------------


def test_sedatives_name_both_fda_warnings_and_the_case():
    sed = {b.item: b for b in bs.lines("sedatives")}
    benzo, gaba = sed["benzodiazepine"], sed["gabapentinoid"]
    assert benzo.source.year == 2016 and "FDA" in benzo.source.source
    assert gaba.source.year == 2019 and "Gabapentin" in gaba.text
    assert "estazolam" in sed["case"].text


def test_neurotoxicity_renal_hepatic_and_laxatives_are_taught():
    assert "myoclonus" in bs.line("neurotoxicity", "signs").text
    assert "rotate" in bs.line("neurotoxicity", "what_to_do").text
    assert "3-glucuronide" in bs.line("renal", "glucuronides").text
    assert "lower dose" in bs.line("hepatic", "label").text
    assert "every regular opioid" in bs.line("laxative", "every_opioid").text
    assert "obstruction" in bs.line("laxative", "obstruction").text


def test_short_citations():
    src = refs.Source("Boland J, Boland E, Brooks D. Importance of ...", 2013, "", "verified")
    assert bs.short_cite(src) == "Boland J, Boland E, Brooks D (2013)"
    src = refs.Source("Workbook teaching: no source", 2026, "", "assumption")
    assert bs.short_cite(src) == "Workbook teaching (2026) [assumption]"


def test_the_module_is_plain_python():
    imports = [line for line in Path(bs.__file__).read_text(encoding="utf-8").splitlines()
               if line.lstrip().startswith(("import ", "from "))]
    assert imports
    for banned in ("ipywidgets", "plotly", "widgets", "figures"):
        assert not [line for line in imports if banned in line], banned


def test_the_rule_rows_it_needs_exist():
    for key in bs.RULE_CHOICES:
        r = bs.rule(key)
        assert r.origin.source and r.high >= r.low
    with pytest.raises(an.InputError, match="rule"):
        bs.rule("nothing")


# --- the panels (headless) -----------------------------------------------------------------------


def test_the_topic_panel_shows_each_topic_and_refuses_an_unknown_one():
    from analgesia.widgets.bedside_panel import BedsidePanel

    panel = BedsidePanel()
    assert len(panel.result) == 5 and "Pasero" in panel.result[0]
    panel.choice.value = "naloxone:umem-2024"
    assert "0.04-0.08 mg (1-2 mL of 0.04 mg/mL) every 2 min" in " ".join(panel.result)
    panel.choice.options = [*panel.choice.options, ("gossip", "gossip")]
    panel.choice.value = "proxy"
    assert any("Joint Commission" in line for line in panel.result)
    before = panel.result
    panel.choice.value = "gossip"
    assert "not a bedside topic" in panel.error and panel.result == before
    assert panel.reset() and panel.error == ""


def test_the_site_volume_panel_works_the_case_and_shows_a_bad_value_in_place():
    from analgesia.widgets.bedside_panel import SiteVolumePanel

    panel = SiteVolumePanel()
    assert "3.15 mg/h / 0.5 mg/mL = 6.3 mL/h" in panel.result[2]
    panel.hour_limit.value = "1.5 mg/h"                      # 1.5 / 0.5 = 3 mL/h
    assert "1.5 mg/h / 0.5 mg/mL = 3 mL/h" in panel.result[2]
    before = panel.result
    panel.lockout.value = "soon"
    assert panel.error.startswith("lockout") and panel.result == before
    assert panel.reset() and "6.3 mL/h" in panel.result[2]


# --- the bolus count is bounded by the lockout, the diluent comes from the data (issue 14) ------


def test_the_most_boluses_a_day_is_what_the_lockout_lets_through():
    # a 30 min lockout lets 2 boluses an hour through: 48 a day, so 49 is refused, 48 is not
    slow = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="30 min")
    bs.subcut_volume(slow, TANG.reservoir, boluses_per_day=48)
    with pytest.raises(an.InputError, match="from 0 to 48"):
        bs.subcut_volume(slow, TANG.reservoir, boluses_per_day=49)


def test_the_naloxone_diluent_is_read_from_its_row(data_copy):
    rows = _rows("naloxone", data_copy)
    for r in rows:
        if r["item"] == "diluent":
            r["what"] = "glucose 5%"
    _write(data_copy / "naloxone.csv", rows)
    plan = bs.naloxone_plan()
    assert "Dilute 0.4 mg naloxone to 10 mL with glucose 5% (0.04 mg/mL)." in plan.lines[3]
