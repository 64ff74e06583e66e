"""The panel base: a bad value shows the core's message and keeps the last good result;
reset() hands the next reader the panel as it started."""

from analgesia.widgets import ConverterPanel, PumpPanel


def test_bad_value_keeps_last_result_then_reset_restores_the_case():
    p = ConverterPanel(reduction="tang-2025")
    # the case: 200 mg/day oral morphine, NRS 6, the paper's 10-20% cut, 20:1 -> 10-13.5 mg/day
    assert p.result.answer == "10-13.5 mg/day HYDROmorphone subcut"
    p.table.value = "fpm-2021"  # 15:1: (200-270) / 15 = 13.333-18 mg/day
    assert p.result.answer == "13.333-18 mg/day HYDROmorphone subcut"
    p.dose.value = "abc"
    assert "dose" in p.error and "abc" in p.message.value
    assert p.result.answer == "13.333-18 mg/day HYDROmorphone subcut"  # unchanged
    assert p.reset() is True
    assert p.error == "" and p.message.value == ""
    assert p.dose.value == "200 mg/day" and p.table.value == "tang-2025"
    assert p.result.answer == "10-13.5 mg/day HYDROmorphone subcut"


def test_reset_recomputes_once():
    p = PumpPanel()
    calls = []
    original = p.model.compute
    p.model.compute = lambda: calls.append(1) or original()
    p.bolus.value = "1 mg"
    p.lockout.value = "10 min"
    calls.clear()
    p.reset()
    assert len(calls) == 1
    assert p.bolus.value == "0.65 mg" and p.lockout.value == "15 min"
