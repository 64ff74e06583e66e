"""The critique module: new discrepancies, the audit of printed values, own-factor recompute.

Expected numbers are hand calculations written here (or the paper's printed values)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import critique
from analgesia.case import Discrepancy


@pytest.fixture(scope="module")
def report():
    return an.case.tang2025()


@pytest.fixture(scope="module")
def more(report):
    return {d.id: d for d in critique.more_discrepancies(report)}


def test_returns_discrepancies_not_in_the_case_list(report, more):
    assert all(isinstance(d, Discrepancy) for d in more.values())
    assert not set(more) & {d.id for d in report.discrepancies}
    assert {"titration_cancelled_by_cut", "range_top_chosen", "reduced_patch_count",
            "label_table_lower", "rescue_after_rotation", "discharge_drop"} <= set(more)


def test_titration_then_cut_returns_to_200(more):
    # 200 x 1.25 x 0.8 = 200 (net 0%); 200 x 1.5 x 0.9 = 270 (net +35%)
    d = more["titration_cancelled_by_cut"]
    assert "250 mg/day x (1 - 20%) = 200 mg/day" in d.arithmetic
    assert "0% to +35%" in d.correct


def test_top_of_range(more):
    # 13.5 x 20 = 270 = 1.35 x 200; NCCN cut: 250 x 0.5 / 20 = 6.25, 300 x 0.75 / 20 = 11.25
    d = more["range_top_chosen"]
    assert "270 mg/day" in d.correct and "1.35" in d.correct
    assert "6.25-11.25 mg/day" in d.correct


def test_reduced_patch_count(more):
    # 14 / 3 x 25 = 116.67; x 0.8 = 93.33, x 0.9 = 105; / 25 = 3.73-4.2 patches
    # from 5.5 patches: 137.5 x 0.8 = 110, x 0.9 = 123.75
    d = more["reduced_patch_count"]
    # 116.67 x 0.8 = 93.33, x 0.9 = 105 mcg/h; / 25 = 3.733-4.2 patches (at most 3 decimals shown)
    assert "93.333-105 mcg/h" in d.correct and "3.733-4.2" in d.correct
    assert "110-123.75 mcg/h" in d.correct
    assert "125 mcg/h is 7.14% above the unreduced 116.67 mcg/h" in d.arithmetic


def test_label_band(more):
    # 14 x 20 = 280 mg/day -> band 225-314 -> 75 mcg/h
    d = more["label_table_lower"]
    assert d.correct.startswith("75 mcg/h")
    assert "125 mcg/h" in d.paper


def test_rescue_after_rotation(more):
    # 125 mcg/h x 2.4 = 300 mg/day -> 30-60 mg; x 3 (FPM) = 375 -> 37.5-75 mg; paper 25 mg
    d = more["rescue_after_rotation"]
    assert "25 mg" in d.paper
    assert "30-60 mg (tang-2025" in d.correct and "37.5-75 mg (fpm-2021)" in d.correct
    assert "below 10%" in d.what


def test_discharge_drop(more):
    # 25 mcg/h = 3 mg/day subcut x 20 = 60 mg/day; 1 - 60/200 = 70%; 1 - 25/125 = 80%
    d = more["discharge_drop"]
    assert "60 mg/day" in d.correct and "70%" in d.correct and "80%" in d.correct


def test_bolus_conventions(more):
    # 0.65 / 13.5 = 4.81%; Lin 2022 13.5 x 10-20% = 1.35-2.7 mg; Kornick 0.55 x 50-100%
    d = more["bolus_size_conventions"]
    assert "4.81%" in d.paper
    assert "1.35-2.7 mg" in d.correct and "0.275-0.55 mg" in d.correct


def test_overlap(more):
    d = more["no_infusion_overlap"]
    assert "0 h + 6 h: halve the infusion to 0.275 mg/h" in d.arithmetic


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


def test_recompute_rejects(report):
    with pytest.raises(ValueError, match="from 1 to 5"):
        critique.recompute(report, "fentanyl_patch_count", 9)
    with pytest.raises(ValueError):
        critique.recompute(report, "dimethicone", 2)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1.0, max_value=5.0))
def test_property_patch_count_falls_as_factor_rises(f):
    report = an.case.tang2025()
    a = critique.recompute(report, "fentanyl_patch_count", f)[-1]
    b = critique.recompute(report, "fentanyl_patch_count", min(5.0, f + 0.5))[-1]
    count = lambda line: float(line.split(" = ")[-1].split()[0])  # noqa: E731
    assert count(b) <= count(a) + 1e-9
    assert count(a) == pytest.approx(14 * 20 / f / 25, rel=1e-3)
