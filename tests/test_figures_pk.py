"""Drug-level figures (analgesia.figures.pk_figures): the labels a learner must see, reached
through the lazy ``analgesia.figures`` map; in-place redraws keep the same figure and traces."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from analgesia import figures, pk
from analgesia.demand import simulate_demand
from analgesia.figures import pk_figures
from analgesia.pump import PcaSettings

TANG = PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")


def test_lazy_map_resolves_to_the_moved_module():
    assert figures.concentration_figure is pk_figures.concentration_figure
    assert figures.transition_figure is pk_figures.transition_figure


def test_concentration_figure_marks_boluses_refusals_lockout_and_assumption():
    log = simulate_demand(TANG, ["1 h", "1.1 h", "3 h"], "12 h")
    r = pk.simulate_pca(TANG, "12 h", boluses=log)
    fig = figures.concentration_figure(r, log, pk.ec50())
    names = [t.name for t in fig.data]
    assert "bolus delivered" in names and "press refused (lockout)" in names
    assert "lockout window" in names
    assert any(n and "illustrative (Jeleazcov 2016, post-surgical)" in n for n in names)
    assert "ASSUMPTION" in fig.layout.title.text and "15 min" in fig.layout.title.text
    assert "(h)" in fig.layout.xaxis.title.text and "(ng/mL)" in fig.layout.yaxis.title.text
    bolus = next(t for t in fig.data if t.name == "bolus delivered")
    assert list(bolus.x) == [1.0, 3.0]
    # Steady state line at 0.78 x 0.55 / 60.6 x 1000 = 7.079 ng/mL (hand).
    steady = fig.data[pk_figures.TRACES.index("steady")]
    assert steady.y[0] == pytest.approx(0.78 * 0.55 / 60.6 * 1000, rel=1e-9)
    # One lockout window 1-1.25 h and one 3-3.25 h (the refused press opens none).
    band = fig.data[pk_figures.TRACES.index("lockout")]
    assert [x for x in band.x if x is not None] == pytest.approx(
        [1, 1.25, 1.25, 1, 1, 3, 3.25, 3.25, 3, 3]
    )


def test_iv_figure_says_there_is_no_absorption_step():
    r = pk.hydromorphone_model("intravenous").simulate("2 h", boluses=[("1 h", "1 mg")])
    fig = figures.concentration_figure(r)
    assert "no absorption step" in fig.layout.title.text
    assert not fig.data[pk_figures.TRACES.index("ec50")].visible


def test_update_in_place_keeps_the_figure_widget_and_its_traces():
    log = simulate_demand(TANG, ["1 h"], "6 h")
    r = pk.simulate_pca(TANG, "6 h", boluses=log)
    fig = figures.concentration_figure(r, log, widget=True)
    assert isinstance(fig, go.FigureWidget)
    traces = tuple(fig.data)
    log2 = simulate_demand(TANG, ["1 h", "1.1 h", "2 h"], "6 h")
    r2 = pk.simulate_pca(TANG, "6 h", boluses=log2)
    assert pk_figures.update_concentration_figure(fig, r2, log2, pk.ec50()) is fig
    assert all(a is b for a, b in zip(traces, fig.data, strict=True))
    assert list(fig.data[pk_figures.TRACES.index("bolus")].x) == [1.0, 2.0]
    assert fig.data[pk_figures.TRACES.index("ec50_band")].visible


def test_transition_figure_has_units_and_both_notes():
    tr = pk.transition(TANG, "24 h", "24 h", "25 mcg/h", "72 h")
    fig = figures.transition_figure(tr)
    assert "(%)" in fig.layout.yaxis.title.text and "(h)" in fig.layout.xaxis.title.text
    assert "ASSUMPTION" in fig.layout.title.text and "FITTED" in fig.layout.title.text
    assert any("HYDROmorphone" in t.name for t in fig.data)
    with pytest.raises(ValueError):
        figures.transition_figure(tr, "ome")  # no factors were given


def test_widget_state_is_published_after_a_redraw():
    # a view that renders late (Voila) reads the synced state: it must equal the figure
    import plotly.graph_objects as go

    from analgesia.figures._inplace import publish_state, redraw

    fig = go.FigureWidget()
    fig.add_scatter(x=[0, 1], y=[0, 1])
    redraw(fig, lambda f, y: setattr(f.data[0], "y", y), [2, 3])
    assert list(fig._widget_data[0]["y"]) == [2, 3]
    fig.layout.title = "changed without redraw"
    assert fig._widget_layout.get("title", {}).get("text") != "changed without redraw"
    publish_state(fig)
    assert fig._widget_layout["title"]["text"] == "changed without redraw"
