"""ConverterPanel: each step against hand calculations; bad input shows a message and changes
nothing else; the spread chart follows the controls and hides surveillance tables by default."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("plotly")

from analgesia.widgets import ConverterPanel  # noqa: E402


def _mag(q, unit):
    return float(q.to(unit).magnitude)


def test_the_workbook_cut_by_default_follows_the_pain_score():
    # 200 mg/day oral morphine, NRS 6 (not controlled): x1.25 and x1.5 = 250-300 mg/day, no cut
    # after titration; / 20 = 12.5-15 mg/day.
    p = ConverterPanel()
    assert p.reduction.value == "default"
    assert _mag(p.result.reduced.low, "mg/day") == pytest.approx(250)
    assert _mag(p.result.converted.high, "mg/day") == pytest.approx(15)
    assert any("not controlled" in line for line in p.result.steps)
    # NRS 2 (controlled): no titration, Fine & Portenoy's 25-50%: 200 x 0.5 = 100,
    # 200 x 0.75 = 150 mg/day; / 20 = 5-7.5 mg/day
    p.nrs.value = 2
    assert _mag(p.result.converted.low, "mg/day") == pytest.approx(5)
    assert _mag(p.result.converted.high, "mg/day") == pytest.approx(7.5)
    assert any("Fine PG" in s for s in p.result.sources)


def test_the_case_with_its_own_cut():
    # 200 mg/day oral morphine, NRS 6: x1.25 and x1.5 = 250-300 mg/day; the paper's 10-20% cut:
    # 250 x 0.8 = 200, 300 x 0.9 = 270 mg/day; / 20 (60 mg : 3 mg) = 10-13.5 mg/day.
    p = ConverterPanel(reduction="tang-2025")
    r = p.result
    assert _mag(r.ome.value, "mg/day") == pytest.approx(200)
    assert _mag(r.titrated.low, "mg/day") == pytest.approx(250)
    assert _mag(r.titrated.high, "mg/day") == pytest.approx(300)
    assert _mag(r.reduced.low, "mg/day") == pytest.approx(200)
    assert _mag(r.reduced.high, "mg/day") == pytest.approx(270)
    assert _mag(r.converted.low, "mg/day") == pytest.approx(10)
    assert _mag(r.converted.high, "mg/day") == pytest.approx(13.5)
    assert r.answer == "10-13.5 mg/day HYDROmorphone subcut"
    assert "10-13.5 mg/day HYDROmorphone subcut" in p.result_html.value
    assert any("/ 20 (tang-2025)" in line for line in r.steps)
    assert any("Tang J" in s for s in r.sources)
    assert p.error == ""


def test_nccn_cut_side_by_side():
    # NCCN as reproduced, 25-50%: 250 x 0.5 = 125, 300 x 0.75 = 225 mg/day; / 20 = 6.25-11.25.
    p = ConverterPanel()
    p.reduction.value = "nccn"
    assert _mag(p.result.reduced.low, "mg/day") == pytest.approx(125)
    assert _mag(p.result.reduced.high, "mg/day") == pytest.approx(225)
    assert _mag(p.result.converted.low, "mg/day") == pytest.approx(6.25)
    assert _mag(p.result.converted.high, "mg/day") == pytest.approx(11.25)
    p.reduction.value = "none"
    assert p.result.reduced is None
    assert _mag(p.result.converted.high, "mg/day") == pytest.approx(15)  # 300 / 20


def test_pain_score_changes_titration():
    p = ConverterPanel()
    p.nrs.value = 8  # 7-10: +50% to +100% -> 300-400 mg/day
    assert _mag(p.result.titrated.low, "mg/day") == pytest.approx(300)
    assert _mag(p.result.titrated.high, "mg/day") == pytest.approx(400)
    p.nrs.value = 2  # 0-3: continue -> 200 mg/day
    assert _mag(p.result.titrated.high, "mg/day") == pytest.approx(200)


def test_table_choice_changes_the_factor():
    p = ConverterPanel(reduction="tang-2025")
    p.table.value = "fpm-2021"  # hydromorphone subcut 15: 200/15 = 13.333, 270/15 = 18
    assert _mag(p.result.converted.low, "mg/day") == pytest.approx(200 / 15)
    assert _mag(p.result.converted.high, "mg/day") == pytest.approx(18)


@pytest.mark.parametrize("control, bad", [("dose", "abc"), ("dose", "90"), ("dose", "-5 mg/day"),
                                           ("drug", "methadone")])
def test_bad_input_shows_message_and_keeps_result(control, bad):
    p = ConverterPanel()
    before, shown, fig_y = p.result, p.result_html.value, tuple(p.figure.data[0].y)
    getattr(p, control).value = bad
    assert p.error, "a message is expected"
    assert "Check this value" in p.message.value
    assert p.result is before
    assert p.result_html.value == shown
    assert tuple(p.figure.data[0].y) == fig_y
    assert p.lines()[0].startswith("message: ")


def test_message_clears_after_good_input():
    p = ConverterPanel(reduction="tang-2025")
    p.dose.value = "nonsense"
    p.dose.value = "100 mg/day"
    assert p.error == "" and p.message.value == ""
    # 100 x 1.25 x 0.8 = 100, 100 x 1.5 x 0.9 = 135 mg/day; / 20 = 5-6.75 mg/day
    assert p.result.answer == "5-6.75 mg/day HYDROmorphone subcut"


def test_spread_has_every_rotation_table_and_updates_in_place():
    p = ConverterPanel()
    fig = p.figure
    bars = dict(zip(fig.data[0].y, fig.data[0].base, strict=True))
    # 200 mg/day oral morphine -> hydromorphone subcut: fpm-2021 200/15, nccn 200/20, tang 200/20
    assert bars["fpm-2021"] == pytest.approx(200 / 15)
    assert bars["nccn"] == pytest.approx(10)
    assert bars["tang-2025 (chosen)"] == pytest.approx(10)
    assert len(bars) == len(p.result.spread)
    assert "mg/day" in fig.layout.xaxis.title.text
    p.table.value = "nccn"
    assert p.figure is fig  # same widget, redrawn
    assert "nccn (chosen)" in fig.data[0].y and "tang-2025" in fig.data[0].y


def test_surveillance_tables_only_on_request_and_labelled():
    p = ConverterPanel(drug="oxycodone", dose="60 mg/day", target_drug="morphine",
                       target_route="oral", table="nccn")
    assert not any("MME" in y for y in p.figure.data[0].y)
    p.surveillance.value = True
    shown = [y for y in p.figure.data[0].y if "MME surveillance (not for rotation)" in y]
    # cdc-2016 and cdc-2022 both list oral oxycodone x 1.5: 60 x 1.5 = 90 mg/day
    assert len(shown) == 2
    rows = dict(zip(p.figure.data[0].y, p.figure.data[0].base, strict=True))
    assert rows[shown[0]] == pytest.approx(90)
    assert "surveillance" not in " ".join(v for _, v in p.table.options)


def test_surveillance_note_when_no_table_can_convert():
    p = ConverterPanel()
    p.surveillance.value = True
    assert any("No MME surveillance table" in line for line in p.lines())


def test_controls_are_labelled_and_hooked():
    p = ConverterPanel()
    for c in p.controls:
        assert c.description, c
        assert any(cls.startswith("an-converter-") for cls in c._dom_classes), c
    assert "mg/day" in p.dose.description or "unit" in p.dose.description
