"""ToleranceChecker: the label definition (>= 60 mg/day oral morphine etc. for >= 1 week),
hand-checked cases, and bad input that shows a message and changes nothing else."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from analgesia.widgets import ToleranceChecker  # noqa: E402


def test_the_case_is_tolerant():
    # 200 mg/day oral morphine (>= 60 mg/day) for 1 week (>= 1 week): tolerant.
    p = ToleranceChecker()
    assert p.result.tolerant
    assert "60 mg/day" in p.result.tolerance.reason
    assert "YES" in p.verdict.value


def test_too_short_is_not_tolerant():
    p = ToleranceChecker()
    p.time.value = "3 days"  # 3/7 = 0.43 week < 1 week
    assert not p.result.tolerant
    assert p.result.weeks == pytest.approx(3 / 7)
    assert "NO" in p.verdict.value


@pytest.mark.parametrize("drug, route, dose, tolerant", [
    ("morphine", "oral", "60 mg/day", True),      # exactly the threshold
    ("morphine", "oral", "59 mg/day", False),
    ("oxycodone", "oral", "30 mg/day", True),
    ("hydromorphone", "oral", "8 mg/day", True),
    ("hydromorphone", "oral", "7 mg/day", False),  # 7 x 4 (nccn) = 28 mg/day OME < 60
    ("fentanyl", "transdermal", "25 mcg/h", True),
])
def test_label_thresholds(drug, route, dose, tolerant):
    p = ToleranceChecker(drug=drug, route=route, dose=dose, time="2 weeks")
    assert p.error == ""
    assert p.result.tolerant is tolerant


def test_equivalent_dose_of_another_opioid_uses_the_chosen_table():
    # tramadol is not in the label's list: 400 mg/day x 0.2 (fpm-2021) = 80 mg/day OME >= 60.
    p = ToleranceChecker(drug="tramadol", dose="400 mg/day", time="2 weeks", table="fpm-2021")
    assert p.result.tolerant
    assert any("80 mg/day" in s for s in p.result.steps)
    assert any("ANZCA" in s for s in p.result.sources)


@pytest.mark.parametrize("control, bad", [("time", "abc"), ("time", "2"), ("dose", "lots"),
                                           ("dose", "0 mg/day"), ("time", "20 years")])
def test_bad_input_shows_message_and_keeps_result(control, bad):
    p = ToleranceChecker()
    before, verdict, steps = p.result, p.verdict.value, p.steps_html.value
    getattr(p, control).value = bad
    assert p.error
    assert "Check this value" in p.message.value
    assert p.result is before
    assert p.verdict.value == verdict and p.steps_html.value == steps


def test_table_without_factor_falls_back_and_cites_the_table_used():
    # nccn has no tramadol row; the core uses the first rotation table that has one (bnf,
    # 100 mg = 10 mg oral morphine): 200 mg/day x 0.1 = 20 mg/day < 60 -> not tolerant.
    p = ToleranceChecker()
    p.drug.value = "tramadol"
    assert p.error == ""
    assert not p.result.tolerant
    assert any("(bnf:" in s and "20 mg/day" in s for s in p.result.steps)
    assert any(s.startswith("BNF") for s in p.result.sources)


def test_patch_rate_must_be_in_mcg_per_hour():
    p = ToleranceChecker(drug="fentanyl", route="transdermal", dose="25 mcg/h", time="2 weeks")
    assert p.result.tolerant
    p.dose.value = "200 mg/day"
    assert "mcg/h" in p.error and p.result.tolerant


def test_controls_labelled_with_units_and_hooked():
    p = ToleranceChecker()
    assert "unit" in p.dose.description and "unit" in p.time.description
    for c in p.controls:
        assert any(cls.startswith("an-tolerance-") for cls in c._dom_classes)
    assert "cdc" not in " ".join(v for _, v in p.table.options)


def test_the_model_answers_without_a_widget():
    # The case: 200 mg/day oral morphine (printed in the paper) for the label's 1 week: tolerant;
    # 59 mg/day is below the label's 60 mg/day oral morphine.
    from analgesia.panels.assessment import ToleranceModel

    m = ToleranceModel()
    assert m.inputs["dose"] == "200 mg/day" and m.inputs["time"] == "1 week"
    assert m.result.tolerant and m.result.verdict == "Opioid tolerant: YES"
    assert m.set(dose="59 mg/day") and not m.result.tolerant
    assert not m.set(time="ten days") and "time taken" in m.error
    assert m.lines()[0].startswith("message: time taken") and not m.result.tolerant
    assert m.reset() and m.result.tolerant and m.error == ""
