"""The critique: every finding well formed and quoted from the paper, the arithmetic ones
checked by hand calculations written here, the audit of printed values, own-factor recompute,
and bad input of any type answered with InputError.

Expected numbers are hand calculations written here (or the paper's printed values)."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import critique
from analgesia.units import InputError

FULL_TEXT = Path(__file__).resolve().parents[1].parent / "shared" / "case" / \
    "tang2025-medicine.txt"
KINDS = {"arithmetic", "pharmacology", "reporting", "attribution", "judgement"}
SEVERITIES = {"major", "moderate", "minor"}
SECTION = re.compile(r"^(Abstract|Table 1|\d+(\.\d+)*\.? [A-Z])")


@pytest.fixture(scope="module")
def report():
    return an.case.tang2025()


@pytest.fixture(scope="module")
def by_id():
    return {f.id: f for f in critique.findings()}


def _squash(text):
    return " ".join(text.split())


# --- every finding well formed ------------------------------------------------------------------


def test_kinds_and_severities_are_the_agreed_scales():
    assert set(critique.kinds()) == KINDS
    assert list(critique.severities()) == ["major", "moderate", "minor"]
    assert all(critique.kinds().values()) and all(critique.severities().values())


def test_every_finding_has_kind_severity_location_quote_and_evidence():
    found = critique.findings()
    assert len(found) >= 30
    assert len({f.id for f in found}) == len(found)
    for f in found:
        assert f.kind in KINDS and f.severity in SEVERITIES, f.id
        assert f.title and f.finding, f.id
        assert f.quotes, f.id
        for q in f.quotes:
            assert q.text.strip() and SECTION.match(q.location), (f.id, q.location)
        assert f.evidence, f.id
        for e in f.evidence:
            assert e.source.strip() and 1900 <= e.year <= 2100, f.id
            assert e.status in ("verified", "unverified"), f.id
        assert "{" not in f.finding + f.says + f.question + "".join(f.answers), f.id


def test_every_kind_is_represented_and_counts_add_up():
    counts = critique.counts()
    assert set(counts) == KINDS
    assert all(sum(c.values()) > 0 for c in counts.values())
    assert sum(sum(c.values()) for c in counts.values()) == len(critique.findings())
    assert critique.count_lines()[-1].endswith(f"= {len(critique.findings())}")


def _yaml_quotes():
    import yaml

    data = yaml.safe_load((an.references.DATA_DIR / "case_tang2025" / "findings.yaml")
                          .read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "quote":
                    yield v
                else:
                    yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    return list(walk(data))


@pytest.mark.skipif(not FULL_TEXT.exists(),
                    reason="the paper's full text (../shared/case/tang2025-medicine.txt) is not "
                    "present on this machine")
def test_every_findings_quote_is_in_the_full_text():
    text = _squash(FULL_TEXT.read_text(encoding="utf-8"))
    quotes = _yaml_quotes()
    assert len(quotes) > 50
    missing = [q for q in quotes if _squash(q) not in text]
    assert not missing


def test_the_quote_check_can_fail():
    text = _squash("the pump was about to end")
    assert _squash("the pump was about to stop") not in text


# --- the four overstated items, corrected --------------------------------------------------------


def test_cross_tolerance_shows_the_disagreement_not_one_correct_value(by_id):
    f = by_id["cross_tolerance_nccn"]
    assert f.kind == "attribution" and f.question
    text = " ".join(f.answers)
    # titrated 250-300; NCCN 25-50%: 250 x 0.5 = 125, 300 x 0.75 = 225 -> / 20 = 6.25-11.25
    assert "125-225 mg/day" in text and "6.25-11.25 mg/day" in text
    # no cut: 250-300 mg/day -> / 20 = 12.5-15 mg/day
    assert "250-300 mg/day" in text and "12.5-15 mg/day" in text
    # the paper: 200-270 -> 10-13.5
    assert "200-270 mg/day" in text and "10-13.5 mg/day" in text
    assert "125-225" not in f.finding and "correct:" not in f.finding.lower()
    assert len(f.answers) >= 3


def test_bolus_is_not_called_small_against_kornick(by_id):
    f = by_id["bolus_size_conventions"]
    assert f.kind == "judgement" and f.question
    # 0.65 / 13.5 = 4.81% (shown to one decimal: 4.8%); 0.65 / 0.55 = 118.18% (118.2%);
    # Kornick 0.55 x 50-100% = 0.275-0.55 mg; Lin 2022 13.5 x 10-20% = 1.35-2.7 mg
    assert "4.8% of" in f.says and "118.2%" in f.finding
    assert "above Kornick" in f.finding and "below Lin" in f.finding
    text = " ".join(f.answers)
    assert "0.275-0.55 mg" in text and "1.35-2.7 mg" in text
    assert "without a background" in text  # Lin 2021 titration
    assert "with or without a background" in text  # Lin 2022 maintenance arms


def test_overlap_is_a_gap_in_the_report_not_an_abrupt_stop(by_id):
    assert "no_infusion_overlap" not in by_id
    f = by_id["infusion_patch_overlap"]
    assert f.kind == "reporting" and f.question
    assert "gap in the report" in f.finding and "label" in f.finding
    # Kornick: halve the 0.55 mg/h at 6 h, stop at 12 h
    assert "0 h + 6 h: halve the infusion to 0.275 mg/h" in f.arithmetic
    assert "6 h" in f.finding and "12 h" in f.finding


def test_discharge_drop_gives_the_papers_reasons_and_the_steps(by_id):
    f = by_id["discharge_drop"]
    assert f.kind == "reporting" and f.severity == "minor" and f.question
    assert "radiotherapy" in f.finding and "NRS was 1-2" in f.finding
    # 1 - 25/125 = 80%; 125 x 0.75^6 = 22.2 <= 25 < 125 x 0.75^5 = 29.7 -> 6 steps of 25%;
    # 0.9^15 = 0.206 > 0.2 >= 0.9^16 = 0.185 -> 16 steps of 10%
    assert "80% lower" in f.finding
    assert "at least 6 steps of 25% (16 of 10%)" in f.finding
    # one patch at a time from 5: 1/5, 1/4, 1/3, 1/2
    assert "20%, 25%, 33.3%, 50%" in f.finding


def test_rescue_after_rotation_is_a_question(by_id):
    f = by_id["rescue_after_rotation"]
    assert f.kind == "judgement" and f.question
    # 5 x 3 mg = 15 mg/day x 20 = 300 mg/day; 25 / 300 = 8.33% (one decimal: 8.3%);
    # 10-20% = 30-60 mg
    assert "8.3% of" in f.finding and "30-60 mg" in f.finding
    assert "12-24 h" in f.finding and "Not an error" in f.finding
    # 125 mcg/h x 3 (FPM) = 375 mg/day -> 37.5-75 mg
    assert "37.5-75 mg (fpm-2021)" in f.finding


# --- arithmetic findings, by hand --------------------------------------------------------------


def test_patch_count(by_id):
    f = by_id["fentanyl_patch_count"]
    # 14 / 3 x 25 = 116.67 mcg/h = 4.667 patches; 14 x 20 / 2 = 140 mcg/h = 5.6 patches
    assert "116.67 mcg/h, 4.667 patches, not about 5.5" in f.finding
    assert "140 mcg/h, 5.6 patches" in f.finding


def test_reduced_patch_count(by_id):
    f = by_id["reduced_patch_count"]
    # 116.67 x 0.8 = 93.33, x 0.9 = 105 mcg/h (3.733-4.2 patches); 137.5 x 0.8 = 110,
    # x 0.9 = 123.75 (4.4-4.95); 125 / 116.67 - 1 = 7.14% (one decimal: 7.1%)
    assert "93.333-105 mcg/h (3.733-4.2 patches)" in f.finding
    assert "110-123.75 mcg/h (4.4-4.95 patches)" in f.finding
    assert "7.1% above" in f.finding


def test_titration_then_cut_returns_to_200(by_id):
    f = by_id["titration_cancelled_by_cut"]
    # 200 x 1.25 x 0.8 = 200 (net 0%); 200 x 1.5 x 0.9 = 270 (net +35%)
    assert "250 mg/day x (1 - 20%) = 200 mg/day" in f.arithmetic
    assert "(net 0%)" in f.finding and "(net +35%)" in f.finding


def test_the_titration_words_are_computed_from_the_rows_they_cite(by_id):
    # NCCN band for NRS 6: +25% to +50% (200 -> 250-300); the paper's cut 10-20% (-> 200-270)
    f = by_id["titration_cancelled_by_cut"]
    assert f.says == "titrate +25% to +50% (250-300 mg/day), then cut 10-20% (200-270 mg/day)"
    assert f.finding.startswith("The +25% step and the 20% cut cancel")
    # 13.5 mg / 24 h and / 20 (the printed divisor) on 0.1 mL pump steps
    f = by_id["pump_rates_rounded_down"]
    assert f.finding.startswith("13.5 mg / 24 h = 0.5625 mg/h and 13.5 mg / 20 = 0.675 mg")
    assert "whole 0.1 mL pump steps" in f.finding
    # the paper's own taper, 10-25% per step, with 25 mcg/h patches
    f = by_id["discharge_drop"]
    assert "paper's own 10-25% per step" in f.finding
    assert "With 25 mcg/h patches alone" in f.finding and "exceed 25% unless" in f.finding


def test_the_conversion_stages_come_from_the_case_report(report):
    """critique takes the titrated and reduced doses from the report, not from its own run:
    a report whose titrated step says 260-300 mg/day gives a finding that says so."""
    import dataclasses

    from analgesia.units import DoseRange, Q

    other = DoseRange(Q(260, "mg/day"), Q(300, "mg/day"))
    steps = tuple(dataclasses.replace(s, ours=other, steps=("as the report holds it",))
                  if s.id == "titrated_ome" else s for s in report.steps)
    changed = dataclasses.replace(report, steps=steps)
    f = {x.id: x for x in critique.findings(report=changed)}["titration_cancelled_by_cut"]
    # 260 / 200 - 1 = +30%; 300 / 200 - 1 = +50%
    assert f.says.startswith("titrate +30% to +50% (260-300 mg/day)")
    assert f.arithmetic[0] == "as the report holds it"


def test_the_own_factor_bounds_come_from_findings_yaml():
    import yaml

    data = yaml.safe_load((an.references.DATA_DIR / "case_tang2025" / "findings.yaml")
                          .read_text(encoding="utf-8"))["own_factors"]
    specs = critique.factor_specs()
    patch, hm = specs["fentanyl_patch_count"], specs["label_table_lower"]
    assert (patch.low, patch.high) == (data["patch"]["low"], data["patch"]["high"])
    assert (hm.low, hm.high) == (data["hydromorphone"]["low"], data["hydromorphone"]["high"])
    # the paper's own factors are the defaults: 20 mg oral morphine per mg subcut
    # hydromorphone (60:3), 2.4 (mg/day)/(mcg/h) for the patch (conversion_factors.csv)
    assert hm.default == 20 and patch.default == pytest.approx(2.4)


def test_pump_rates_rounded(by_id):
    f = by_id["pump_rates_rounded_down"]
    # 13.5 / 24 = 0.5625 mg/h; 13.5 / 20 = 0.675 mg; 0.55 / 0.5 = 1.1 mL/h; 0.65 / 0.5 = 1.3 mL
    assert "0.5625 mg/h" in f.finding and "0.675 mg" in f.finding
    assert "1.1 mL/h" in f.finding and "1.3 mL" in f.finding


def test_patch_content_not_dose(by_id):
    f = by_id["patch_mg_is_content"]
    # 5 x 25 mcg/h x 72 h = 9000 mcg = 9 mg delivered; 5 x 4.125 = 20.625 mg content
    assert "9 mg per 72 h, not 20.625 mg" in f.finding
    assert "4.2 mg" in f.finding  # Duragesic 25 mcg/h content


def test_no_hour_limit(by_id):
    f = by_id["no_hour_limit"]
    # 60 / 15 = 4; 0.55 + 4 x 0.65 = 3.15 mg/h = 5.73 x 0.55; 0.55 x 3 to 5 = 1.65-2.75 mg/h
    assert "4 boluses an hour" in f.finding and "3.15 mg/h" in f.finding
    assert "5.73 times" in f.finding and "1.65-2.75 mg/h" in f.finding


def test_day2_total_fits_two_boluses(by_id):
    # 0.55 x 24 + 0.65 x 2 = 14.5 mg
    assert "(14.5 mg)" in by_id["day2_breakthrough_count"].finding


def test_top_of_range(by_id):
    f = by_id["range_top_chosen"]
    # 13.5 x 20 = 270 mg/day = 1.35 x 200
    assert "270 mg/day oral morphine, 1.35 times" in f.finding


def test_label_band_and_spread(by_id):
    f = by_id["label_table_lower"]
    # 14 x 20 = 280 mg/day: label band 225-314 -> 75; / 2.4 = 116.67; / 3 = 93.333; / 2 = 140
    for part in ("75 mcg/h (duragesic-label)", "116.67 mcg/h (epcrc-2011)",
                 "93.333 mcg/h (fpm-2021)", "140 mcg/h (nccn)"):
        assert part in f.finding
    # the paper's own ratio cut 10-20%: 116.67 x 0.8 = 93.333 to x 0.9 = 105 mcg/h
    assert "93.333-105 mcg/h" in " ".join(f.answers)


def test_refractory_prior_step(by_id):
    f = by_id["refractory_definition"]
    # 90 / 30 - 1 = +200%; NCCN bands at most +100%; day 1: 15.15 mg x 20 = 303 mg/day,
    # 303 / 200 - 1 = +51.5%
    assert "30 mg to 90 mg q12h, a +200% increase" in f.finding
    assert "at most +100%" in f.finding
    assert "303 mg/day oral morphine, +51.5%" in f.finding


def test_three_breakthrough_rule(by_id):
    f = by_id["increase_rule_three_btp"]
    assert "more than 3-4 rescues" in f.finding and "band 0-3" in f.finding


# --- new findings a pharmacist would make ---------------------------------------------------------


@pytest.mark.parametrize("fid,kind,words", [
    ("apatinib_cyp3a4", "pharmacology", ("CYP3A4", "83%")),
    ("gabapentin_with_opioid", "pharmacology", ("respiratory depression", "creatinine")),
    ("estazolam_monitoring", "reporting", ("sedation score", "naloxone")),
    ("renal_function_missing", "reporting", ("gabapentin", "zoledronic acid")),
    ("fentanyl_for_liver", "pharmacology", ("cleared", "CYP3A4")),
    ("h3g_not_inactive", "pharmacology", ("neuroexcitatory", "kidney")),
    ("fentanyl_metabolite", "pharmacology", ("norfentanyl", "Remifentanil")),
    ("refractory_definition", "judgement", ("nonstandard", "gabapentin")),
    ("who_fourth_step", "attribution", ("three steps",)),
    ("antiemetic_switch", "reporting", ("ondansetron", "obstruction")),
    ("dimethicone", "pharmacology", ("antifoaming",)),
    ("gut_drugs_in_obstruction", "judgement", ("5-HT3", "colic")),
])
def test_new_findings(by_id, fid, kind, words):
    f = by_id[fid]
    assert f.kind == kind
    for w in words:
        assert w in f.finding, (fid, w)


def test_table1_and_text_disagreements_are_listed(by_id):
    table_vs_text = [f for f in by_id.values()
                     if {"Table 1"} <= {q.location for q in f.quotes}
                     and any(q.location != "Table 1" for q in f.quotes)]
    ids = {f.id for f in table_vs_text}
    assert {"day2_breakthrough_count", "day2_nrs_text_vs_table", "antiemetic_switch",
            "maintenance_row_vs_text", "patch_mg_is_content"} <= ids


def test_major_findings_are_the_dose_and_safety_ones():
    majors = {f.id for f in critique.findings(severity="major")}
    assert majors == {"fentanyl_patch_count", "reduced_patch_count", "apatinib_cyp3a4",
                      "estazolam_monitoring"}


# --- filtering and display ------------------------------------------------------------------------


def test_filter_by_kind_and_severity():
    arithmetic = critique.findings(kind="arithmetic")
    assert arithmetic and all(f.kind == "arithmetic" for f in arithmetic)
    both = critique.findings(kind="reporting", severity="minor")
    assert both and all(f.kind == "reporting" and f.severity == "minor" for f in both)
    assert critique.findings(kind="attribution", severity="major") == ()


def test_table_lines_group_by_kind():
    lines = critique.table_lines()
    headings = [x for x in lines if not x.startswith(" ")]
    assert [h.split(" ")[0] for h in headings] == list(critique.kinds())
    one = critique.table_lines(kind="arithmetic", severity="major")
    assert one[0].startswith("arithmetic (2)")
    assert "  [major] fentanyl_patch_count: " in one[1]
    assert critique.table_lines(kind="attribution", severity="major")[-1] == "  (none)"


def test_finding_lines_show_quote_and_evidence(by_id):
    lines = critique.finding("apatinib_cyp3a4").lines()
    assert lines[0].startswith("apatinib_cyp3a4 [pharmacology, major]")
    assert any(x.startswith('The paper (2.7 Analgesic treatment): "') for x in lines)
    assert any("(2020)" in x for x in lines)
    assert "Evidence:" in lines


def test_findings_with_a_report_match_the_default(report, by_id):
    again = {f.id: f for f in critique.findings(report=report)}
    assert again["fentanyl_patch_count"] == by_id["fentanyl_patch_count"]


# --- audit and recompute --------------------------------------------------------------------------


def test_audit_covers_every_printed_value(report):
    rows = critique.audit(report)
    assert [r.id for r in rows] == list(an.case.printed_values())
    verdict = {r.id: r.verdict for r in rows}
    assert verdict["titration_fraction"] == "agrees"  # 250/200 - 1 = 25%, 300/200 - 1 = 50%
    assert verdict["cross_tolerance_fraction"] == "agrees"  # 1 - 200/250, 1 - 270/300
    assert verdict["hm_ratio_morphine"] == "agrees"  # 3 x 20 = 60
    assert verdict["patches_unreduced"] == "differs"
    assert verdict["morphine_sr_dose"] == "given"
    assert all(r.verdict in ("agrees", "differs", "given") for r in rows)


def test_recompute_with_own_factor(report):
    # 2:1 rule: 280 / 2 = 140 mcg/h = 5.6 patches
    lines = critique.recompute(report, "fentanyl_patch_count", 2)
    assert lines[-1] == "140 mcg/h / 25 mcg/h per patch = 5.6 patches"
    # FPM factor 3: 125 x 3 = 375 mg/day -> 37.5-75 mg
    lines = critique.recompute(report, "rescue_after_rotation", 3)
    assert "375 mg/day x 20% = 75 mg per dose" in lines
    # hydromorphone 15:1: 14 x 15 = 210 mg/day -> band 135-224 -> 50 mcg/h
    lines = critique.recompute(report, "label_table_lower", 15)
    assert "50 mcg/h" in lines[-1]
    # discharge 25 mcg/h x 3 = 75 mg/day; 1 - 75/200 = 62.5%
    assert critique.recompute(report, "discharge_drop", 3)[-1].startswith(
        "1 - 75 mg/day / 200 mg/day = 62.5% lower")


def test_every_recompute_id_is_a_finding(by_id):
    assert set(critique.factor_specs()) <= set(by_id)


def test_recompute_rejects(report):
    with pytest.raises(InputError, match="from 1 to 5"):
        critique.recompute(report, "fentanyl_patch_count", 9)
    with pytest.raises(InputError):
        critique.recompute(report, "dimethicone", 2)


BAD = [None, 1, 2.5, True, "", "nope", ["arithmetic"], {"a": 1}, b"x", float("nan"), object()]


@pytest.mark.parametrize("value", BAD, ids=repr)
def test_bad_input_of_any_type_is_an_input_error(report, value):
    with pytest.raises(InputError):
        critique.findings(kind=value) if value is not None else critique.finding(value)
    if value is not None:
        with pytest.raises(InputError):
            critique.findings(severity=value)
        with pytest.raises(InputError):
            critique.table_lines(kind=value)
        with pytest.raises(InputError):
            critique.findings(report=value)
    with pytest.raises(InputError):
        critique.finding(value)
    with pytest.raises(InputError):
        critique.audit(value)
    with pytest.raises(InputError):
        critique.recompute(value, "fentanyl_patch_count", 2)
    with pytest.raises(InputError):
        critique.recompute(report, value, 2)
    if not (isinstance(value, int | float) and 1 <= value <= 5):
        with pytest.raises(InputError):
            critique.recompute(report, "fentanyl_patch_count", value)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1.0, max_value=5.0))
def test_property_patch_count_falls_as_factor_rises(f):
    report = an.case.tang2025()
    a = critique.recompute(report, "fentanyl_patch_count", f)[-1]
    b = critique.recompute(report, "fentanyl_patch_count", min(5.0, f + 0.5))[-1]
    count = lambda line: float(line.split(" = ")[-1].split()[0])  # noqa: E731
    assert count(b) <= count(a) + 1e-9
    assert count(a) == pytest.approx(14 * 20 / f / 25, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(allow_nan=True),
                 st.lists(st.integers(), max_size=2)))
def test_property_filters_accept_a_kind_or_refuse_cleanly(value):
    try:
        out = critique.findings(kind=value)
    except InputError:
        assert not (isinstance(value, str) and value in KINDS)
    else:
        assert value is None or all(f.kind == value for f in out)


# --- a malformed findings file fails at load, naming file, line and field ----------------------

GOOD = """kinds:
  arithmetic: a number
severities:
  major: serious
findings:
  - id: x
    kind: arithmetic
    severity: major
    title: t
    finding: f
    paper:
      - location: 2.7 Analgesic treatment
        quote: q
    evidence:
      - source: s
        year: 2020
        status: verified
own_factors:
  patch: {low: 1, high: 5, source: assumption}
  hydromorphone: {low: 5, high: 40, source: assumption}
"""


@pytest.fixture
def findings_file(tmp_path, monkeypatch):
    path = tmp_path / "findings.yaml"
    monkeypatch.setattr(critique.findings_file, "FINDINGS_PATH", path)
    an.references.reload()
    yield path
    monkeypatch.undo()
    an.references.reload()


def test_a_good_small_file_loads(findings_file):
    findings_file.write_text(GOOD, encoding="utf-8")
    (f,) = critique.findings()
    assert f.id == "x" and f.quotes[0].text == "q" and f.evidence[0].year == 2020


@pytest.mark.parametrize("change,where,line", [
    (("kind: arithmetic\n    severity", "kind: sums\n    severity"), "findings[0].kind", 7),
    (("        quote: q\n", ""), "findings[0].paper[0].quote", 12),
    (("        year: 2020", "        year: soon"), "findings[0].evidence[0].year", 16),
    (("        status: verified", "        status: maybe"), "findings[0].evidence[0].status", 17),
    (("    finding: f", "    finding: f {nope}"), "findings[0].finding", 10),
    (("  patch: {low: 1, high: 5, source: assumption}\n", ""), "own_factors.patch", 18),
    (("{low: 5, high: 40,", "{low: 50, high: 40,"), "own_factors.hydromorphone", 20),
])
def test_a_malformed_file_names_file_line_and_field(findings_file, change, where, line):
    findings_file.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(an.DataFileError) as caught:
        critique.findings()
    message = str(caught.value)
    assert "findings.yaml" in message and where in message
    assert caught.value.row == line


def test_broken_yaml_names_the_line(findings_file):
    findings_file.write_text(GOOD.replace("title: t", "title: t: u"), encoding="utf-8")
    with pytest.raises(an.DataFileError) as caught:
        critique.findings()
    assert caught.value.row == 9 and "not valid YAML" in str(caught.value)


def test_one_reload_reads_an_edited_findings_file_again(findings_file):
    findings_file.write_text(GOOD, encoding="utf-8")
    assert critique.finding("x").title == "t"
    findings_file.write_text(GOOD.replace("title: t", "title: edited"), encoding="utf-8")
    assert critique.finding("x").title == "t"          # cached until a reload
    an.references.reload()
    assert critique.finding("x").title == "edited"
