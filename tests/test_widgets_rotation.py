"""RotationPanel: hand calculations for the case's rotation, table choice, bad input."""

import pytest

from analgesia.panels.rotation import RotationModel
from analgesia.rotation import rotation_plan
from analgesia.widgets import RotationPanel

# the paper's patches and pump rate (Tang 2025, 2.7): 25 mcg/h patches, 5 applied, 0.55 mg/h
CASE = {"strength": "25 mcg/h", "patches": 5, "infusion": "0.55 mg/h"}


def test_paper_ratio_defaults():
    p = RotationPanel()
    r = p.result
    # 14 mg/day / 3 mg x 25 mcg/h = 116.67 mcg/h
    assert r.rate.value.to("mcg/h").magnitude == pytest.approx(116.667, abs=1e-3)
    # 10-20% cut: 93.33-105 mcg/h
    assert r.reduced.low.magnitude == pytest.approx(93.333, abs=1e-3)
    assert r.reduced.high.magnitude == pytest.approx(105)
    # 5 x 25 mcg/h x 72 h = 9 mg delivered; 5 x 4.2 mg Duragesic content = 21 mg
    assert r.delivered.to("mg").magnitude == pytest.approx(9)
    assert r.content.to("mg").magnitude == pytest.approx(21)
    assert "5 x 25 mcg/h x 72 h = 9 mg delivered (the dose)" in p.text_lines()


def test_combinations_rounded_down():
    r = rotation_plan("14 mg/day", **CASE)
    # 93.33 -> 75 + 12 = 87; 105 -> 100
    assert [q.magnitude for q in r.combination_low] == [75, 12]
    assert [q.magnitude for q in r.combination_high] == [100]


def test_label_table_band():
    p = RotationPanel()
    p.table.value = "duragesic-label"
    # 14 x 20 = 280 mg/day -> band 225-314 -> 75 mcg/h, no extra cut
    assert p.result.rate.value.magnitude == 75
    assert p.result.reduced.low.magnitude == 75
    assert p.figure.data[0].y[-1] == 75


def test_other_tables():
    p = RotationPanel()
    p.table.value = "nccn"  # 280 / 2 = 140 mcg/h
    assert p.result.rate.value.magnitude == pytest.approx(140)
    p.table.value = "fpm-2021"  # 14 x 15 / 3 = 70 mcg/h
    assert p.result.rate.value.magnitude == pytest.approx(70)
    p.reduction.value = "nccn"  # 70 x 0.5 = 35, 70 x 0.75 = 52.5
    assert p.result.reduced.low.magnitude == pytest.approx(35)
    assert p.result.reduced.high.magnitude == pytest.approx(52.5)


def test_case_content_as_printed():
    p = RotationPanel()
    p.product.value = "tang-2025 as printed"
    # 5 x 4.125 mg = 20.625 mg content against 9 mg delivered
    assert p.result.content.to("mg").magnitude == pytest.approx(20.625)


def test_overlap_plan():
    r = rotation_plan("14 mg/day", **CASE)
    assert [s.at.to("h").magnitude for s in r.schedule] == [0, 6, 12]
    assert r.schedule[1].infusion.to("mg/h").magnitude == pytest.approx(0.275)


def test_bad_input_changes_nothing():
    p = RotationPanel()
    before = p.result
    bars = tuple(p.figure.data[0].y)
    p.dose.value = "lots"
    assert "Subcut HYDROmorphone per day" in p.error
    assert p.result is before and tuple(p.figure.data[0].y) == bars
    assert "an-error" in p.message.value
    p.dose.value = "14 mg/day"
    assert p.error == ""
    p.product.value = "Matrifen (Poland)"  # no 25 mcg/h Matrifen in the data
    assert "Matrifen" in p.error
    p.product.value = "Duragesic"
    p.infusion.value = "-1 mg/h"
    assert "infusion" in p.error


def test_low_dose_leaves_label_off_the_chart():
    # 2 mg/day x 20 = 40 mg/day: below the label's first band (60 mg/day)
    r = rotation_plan("2 mg/day", **CASE)
    assert [x.table for x in r.all_rates] == ["tang-2025", "nccn", "fpm-2021"]
    with pytest.raises(ValueError):
        rotation_plan("2 mg/day", table="duragesic-label", **CASE)


def test_the_model_runs_without_widgets_and_keeps_the_last_good_result():
    m = RotationModel()
    # the case: 14 mg/day / 3 mg x 25 mcg/h = 116.67 mcg/h by the paper's ratio
    assert m.result.rate.value.to("mcg/h").magnitude == pytest.approx(116.667, abs=1e-3)
    assert m.set(table="nccn") is True  # 14 x 20 / 2 = 140 mcg/h
    assert m.result.rate.value.magnitude == pytest.approx(140)
    assert m.set(dose="lots") is False and "lots" in m.error
    assert m.result.rate.value.magnitude == pytest.approx(140)
    assert m.reset() is True and m.inputs["table"] == "tang-2025"


def test_a_missing_patch_strength_is_an_input_error():
    with pytest.raises(ValueError, match="strength"):
        rotation_plan("14 mg/day", patches=5, infusion="0.55 mg/h")


def test_old_imports_still_work():
    from analgesia.widgets.rotation_panel import TABLES, cut, patch_rate
    from analgesia.widgets.rotation_panel import rotation_plan as old

    assert old is rotation_plan and "nccn" in TABLES and callable(cut) and callable(patch_rate)
