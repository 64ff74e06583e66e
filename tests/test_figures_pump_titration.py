"""titration_figure and reservoir_figure: traces, units on axes, in-place update."""

import plotly.graph_objects as go
import pytest

from analgesia import titration as t
from analgesia.figures import reservoir_figure, titration_figure
from analgesia.figures.pump_figures import update_reservoir_figure
from analgesia.figures.titration_figures import update_titration_figure


@pytest.fixture(scope="module")
def log():
    return t.case_log()


def test_titration_figure_two_axes_with_units(log):
    fig = titration_figure(log)
    assert isinstance(fig, go.Figure)
    assert "count" in fig.layout.yaxis.title.text and "NRS" in fig.layout.yaxis.title.text
    assert "mg/day" in fig.layout.yaxis2.title.text
    assert "HYDROmorphone subcut" in fig.layout.yaxis2.title.text
    assert fig.layout.xaxis.title.text
    bars, extra, nrs, dose = fig.data
    assert list(bars.y) == [3, 2, 1, 1, 1, 1, 1]
    assert list(extra.y) == [0, 0, 1, 1, 1, 1, 1]  # 1-2 boluses: 1 more at the upper end
    assert dose.yaxis == "y2"
    # day 1 15.15 mg; days 3-7 midpoint (13.85 + 14.5) / 2 = 14.175
    assert dose.y[0] == pytest.approx(15.15) and dose.y[2] == pytest.approx(14.175)
    assert dose.error_y.array[2] == pytest.approx(0.325)
    # Table 1's average NRS after treatment: days 1, 2, 3, 7 = 3, 3, 2, 2; no row for 4-6
    assert list(nrs.y) == [3, 3, 2, None, None, None, 2]
    assert len(fig.layout.annotations) == 0
    # a log without any pain score says so on the chart
    blank = titration_figure(t.titration_log(t.case_settings(), [t.TitrationDay(1, 3)]))
    assert "not given" in blank.layout.annotations[0].text


def test_titration_figure_updates_in_place(log):
    fig = titration_figure(log, widget=True)
    new = t.titration_log(t.case_settings(), [t.TitrationDay(1, 5, nrs=5)])
    assert update_titration_figure(fig, new) is fig
    assert list(fig.data[0].y) == [5] and list(fig.data[2].y) == [5]
    assert len(fig.layout.annotations) == 0


def test_reservoir_figure(log):
    fig = reservoir_figure(log)
    assert "mL" in fig.layout.yaxis.title.text and fig.layout.xaxis.title.text
    fewer, more = fig.data
    assert fewer.x[0] == 0 and fewer.y[0] == pytest.approx(200)
    assert more.y[2] == pytest.approx(140.7)  # 200 - 30.3 - 29
    assert more.y[-1] == pytest.approx(0) and fewer.y[-1] == pytest.approx(2.2)
    assert "0.5 mg/mL" in fig.layout.title.text
    w = reservoir_figure(log, widget=True)
    update_reservoir_figure(w, t.titration_log(t.case_settings(), [t.TitrationDay(1, 0)]))
    assert list(w.data[0].y) == pytest.approx([200, 173.6])  # 13.2 mg = 26.4 mL


def test_left_axis_grows_with_many_boluses():
    many = t.titration_log(t.case_settings(), [t.TitrationDay(1, 14)])
    fig = titration_figure(many)
    assert fig.layout.yaxis.range[1] >= 14  # NRS scale 0-10 would hide a 14-bolus day
    assert titration_figure(t.case_log()).layout.yaxis.range[1] == 10.5
