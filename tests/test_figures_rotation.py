"""rotation_figure: bars per table with strengths as reference lines; timeline of the switch."""

import plotly.graph_objects as go
import pytest

import analgesia as an
from analgesia import transdermal as td
from analgesia.figures import rotation_figure
from analgesia.figures.rotation_figures import available_strengths, update_rotation_figure


def _rates(dose="14 mg/day"):
    tables = ("tang-2025", "nccn", "fpm-2021")
    rates = [an.convert(dose, ("hydromorphone", "subcutaneous"), ("fentanyl", "transdermal"),
                        table=t) for t in tables]
    return rates, [an.reduce_for_cross_tolerance(r, "tang-2025") for r in rates]


def test_bars_and_reference_lines():
    rates, reduced = _rates()
    fig = rotation_figure(rates, td.overlap_schedule("0.55 mg/h"), reduced)
    assert isinstance(fig, go.Figure)
    # hand calcs: 14 x 20 / 2.4 = 116.67; / 2 = 140; 14 x 15 / 3 = 70
    assert list(fig.data[0].y) == pytest.approx([116.667, 140, 70], abs=1e-3)
    # cut range mid +- half-width: 93.33-105 for the paper's ratio
    mid, plus = fig.data[1].y[0], fig.data[1].error_y.array[0]
    assert mid - fig.data[1].error_y.arrayminus[0] == pytest.approx(93.333, abs=1e-3)
    assert mid + plus == pytest.approx(105)
    lines = [s.y0 for s in fig.layout.shapes if s.yref == "y"]
    assert lines == list(available_strengths()) == [12, 25, 50, 75, 100]


def test_axis_titles_have_units():
    rates, reduced = _rates()
    fig = rotation_figure(rates, td.overlap_schedule("0.55 mg/h"), reduced)
    assert "(mcg/h)" in fig.layout.yaxis.title.text
    assert "(mg/h)" in fig.layout.yaxis2.title.text
    assert "(h)" in fig.layout.xaxis2.title.text


def test_timeline_overlap_and_case():
    rates, reduced = _rates()
    fig = rotation_figure(rates, td.overlap_schedule("0.55 mg/h"), reduced)
    # overlap: 0.55 until 6 h, 0.275 until 12 h, then 0
    assert list(fig.data[2].x) == [-6, 0, 6, 12, 24]
    assert list(fig.data[2].y) == pytest.approx([0.55, 0.55, 0.275, 0, 0])
    # the case: stopped at 0 h
    assert list(fig.data[3].y) == [0.55, 0, 0]


def test_update_in_place():
    rates, reduced = _rates()
    fig = go.FigureWidget(rotation_figure(rates, td.overlap_schedule("0.55 mg/h"), reduced))
    rates2, reduced2 = _rates("28 mg/day")
    update_rotation_figure(fig, rates2, td.overlap_schedule("1 mg/h"), reduced2)
    assert list(fig.data[0].y) == pytest.approx([233.333, 280, 140], abs=1e-3)
    assert fig.data[2].y[0] == pytest.approx(1)
    assert len(fig.data) == 4


def test_delivered_vs_content_hand_calc():
    # 5 x 25 mcg/h x 72 h = 9 mg; paper's content 5 x 4.125 = 20.625 mg
    assert td.delivered("25 mcg/h", "72 h", patches=5).to("mg").magnitude == pytest.approx(9)
    assert (td.content("25 mcg/h", "tang-2025 as printed") * 5).magnitude == pytest.approx(20.625)
