"""The PCA rule set: stated once in data/, every row sourced, the workbook's defaults chosen in
data with a reason, and the converter, the checker and the grader reading the same rows."""

import shutil

import pytest

from analgesia import conversion as cv
from analgesia import practice as pr
from analgesia import references as refs
from analgesia import rulebook as rb
from analgesia.units import InputError


def test_every_default_points_at_a_sourced_row_and_says_why():
    for d in rb.defaults():
        r = d.rule
        assert r.origin.source and 1900 < r.origin.year < 2100, d.choice
        assert r.origin.status in ("verified", "unverified", "assumption"), d.choice
        if r.origin.status == "verified":
            assert r.origin.url.startswith("http"), d.choice
        assert len(d.reason) > 30, d.choice


def test_every_rule_row_has_a_source_year_and_status():
    for name in rb.names():
        for r in rb.rows(name):
            assert r.origin.source and r.origin.year and r.origin.status, (name, r.rule_set)


def test_the_cut_depends_on_pain_control_as_the_sources_say():
    # Fine & Portenoy 2009 (Table 1): 25-50% window; NHHPCO: 100% when pain is not controlled;
    # the threshold is NRS 4 (Lin 2021 titrates while NRS >= 4)
    assert (rb.cut_for(3).rule.low, rb.cut_for(3).rule.high) == (0.25, 0.5)
    assert (rb.cut_for(4).rule.low, rb.cut_for(4).rule.high) == (0, 0)
    assert rb.pain_controlled(0) and not rb.pain_controlled(10)
    # the sources' disagreement stays visible: the paper's 10-20% and NCCN's 25-50%
    sets = {r.rule_set: (r.low, r.high) for r in rb.rows("cross_tolerance_reduction")}
    assert sets["tang-2025"] == (0.1, 0.2) and sets["nccn"] == (0.25, 0.5)


def test_the_bolus_rule_depends_on_the_mode():
    # bolus-only: Lin 2021, 10-20% of the 24 h dose; with a background: Kornick 2001, 50-100%
    # of the hourly rate; naive HYDROmorphone 0.05-0.3 mg
    only, withbg = rb.default_rule("bolus_bolus_only"), rb.default_rule("bolus_with_background")
    assert (only.rule_set, only.low, only.high) == ("lin-2021", 0.1, 0.2)
    assert (withbg.rule_set, withbg.low, withbg.high) == ("kornick-2001", 0.5, 1)
    naive = rb.naive_bolus("hydromorphone")
    assert (naive.low, naive.high, naive.unit) == (0.05, 0.3, "mg")
    assert {m.bolus_choice for m in rb.modes()} == {"bolus_bolus_only", "bolus_with_background"}
    assert [m.mode for m in rb.modes()] == ["bolus-only", "background-bolus", "clinician"]


def test_converter_default_and_grader_read_the_same_cut():
    # 200 mg/day, default cut 25-50%: 200 x 0.5 = 100, 200 x 0.75 = 150
    r = cv.reduce_for_cross_tolerance("200 mg/day")
    assert (r.low.magnitude, r.high.magnitude) == pytest.approx((100, 150))
    assert any("Fine PG" in s.source for s in r.sources)
    cases = pr.load_cases()
    for case in cases.cases:
        red = case.method.get("reduction")
        if isinstance(red, refs.Rule):
            assert red == rb.cut_for(case.patient.nrs).rule, case.id


def test_a_rule_named_in_two_files_fails_at_load(tmp_path, monkeypatch):
    for name in ("rules.csv", "pca_safety_rules.csv", "teaching_defaults.csv", "pca_modes.csv",
                 "titration_rules.csv", "input_bounds.csv", "pk_parameters.csv"):
        shutil.copy(refs.DATA_DIR / name, tmp_path / name)
    text = (tmp_path / "pca_safety_rules.csv").read_text()
    dup = next(line for line in (refs.DATA_DIR / "rules.csv").read_text().splitlines()
               if line.startswith("hour_limit_multiple,"))
    (tmp_path / "pca_safety_rules.csv").write_text(text + dup.replace(
        "fast-facts-92", "elsewhere", 1) + "\n")
    monkeypatch.setattr(refs, "DATA_DIR", tmp_path)
    rb.reload()
    try:
        with pytest.raises(refs.DataFileError, match="pca_safety_rules.csv.*rule"):
            rb.rule("hour_limit_multiple", "fast-facts-92")
    finally:
        monkeypatch.undo()
        rb.reload()


def test_a_default_pointing_at_no_row_fails_at_load(tmp_path, monkeypatch):
    for name in ("rules.csv", "pca_safety_rules.csv", "teaching_defaults.csv", "pca_modes.csv",
                 "titration_rules.csv", "input_bounds.csv", "pk_parameters.csv"):
        shutil.copy(refs.DATA_DIR / name, tmp_path / name)
    path = tmp_path / "teaching_defaults.csv"
    path.write_text(path.read_text().replace("fine-portenoy-2009,", "nobody-2099,", 1))
    monkeypatch.setattr(refs, "DATA_DIR", tmp_path)
    rb.reload()
    try:
        with pytest.raises(refs.DataFileError, match="teaching_defaults.csv.*rule_set"):
            rb.defaults()
    finally:
        monkeypatch.undo()
        rb.reload()


def test_learner_lines_come_from_the_rows():
    line = rb.lines(("bolus_with_background",))[0]
    assert "50-100% of the hourly rate" in line and "kornick-2001" in line
    assert len(rb.lines()) == len(rb.defaults())
    assert len(rb.mode_lines()) == 3


@pytest.mark.parametrize(("call", "field"), [
    (lambda: rb.rule(5, "x"), "rule"),
    (lambda: rb.rule("hour_limit_multiple", "nobody"), "rule_set"),
    (lambda: rb.default("no-such-choice"), "choice"),
    (lambda: rb.cut_for(11), "nrs"),
    (lambda: rb.cut_for("high"), "nrs"),
    (lambda: rb.lines(("nothing",)), "choices"),
    (lambda: rb.span("25%"), "rule"),
    (lambda: rb.mode("family"), "mode"),
])
def test_bad_input_is_an_input_error_naming_the_field(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


def test_only_gives_the_one_row_a_single_source_gives():
    # King 2011 is the one source of the renal rules; Lin 2021, Lin 2022 and the case give a
    # bolus fraction each, so that rule needs a teaching default instead
    assert rb.only("renal_avoid_morphine").rule_set == "king-2011"
    with pytest.raises(InputError, match="teaching default"):
        rb.only("pca_bolus_fraction")
    assert rb.default_rule("bolus_maintenance").rule_set == "lin-2022"
