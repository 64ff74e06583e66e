"""Figure layout rules that keep charts readable on a projector, the chart helper, and the
deferred IRI grammars (what made every chart page seconds slower)."""

from __future__ import annotations

import subprocess
import sys

import plotly.graph_objects as go

from analgesia.figures import _layout, chart


def test_legend_sits_in_the_bottom_margin_below_the_axis_title():
    args = _layout.legend_below(rows=3)
    legend = args["legend"]
    assert legend["yref"] == "container" and legend["yanchor"] == "bottom"
    assert legend["orientation"] == "h"
    # the margin holds the tick labels and axis title (62 px) and 3 rows of 22 px
    assert args["margin"]["b"] >= 62 + 3 * 22


def test_chart_gives_a_figure_widget_with_the_same_data():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="curve"))
    fig.update_layout(title="t")
    shown = chart(fig)
    assert isinstance(shown, go.FigureWidget)
    assert list(shown.data[0].y) == [3, 4] and shown.layout.title.text == "t"
    assert chart(shown) is shown


def test_the_iri_grammars_wait_until_an_iri_is_checked():
    code = (
        "import sys\n"
        "import analgesia.figures\n"
        "import jsonschema\n"
        "stand_in = sys.modules['rfc3987_syntax']\n"
        "print(getattr(stand_in, '_analgesia_stand_in', False))\n"
        "print(stand_in.is_valid_syntax('iri', 'https://example.org/a'),"
        " stand_in.is_valid_syntax('iri', 'not an iri'))\n"
        "print(getattr(sys.modules['rfc3987_syntax'], '_analgesia_stand_in', False))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    # a stand-in until used; then the real grammar answers (a URL is an IRI, a sentence not)
    assert out == ["True", "True", "False", "False"]


def test_a_panel_figure_publishes_what_it_shows():
    # Voila draws a widget after the whole notebook has run, from its synced state: a figure
    # widget built and filled in place must carry its data there, or the page shows an empty
    # chart (as 06 did once its check cells no longer ran in app mode)
    from analgesia import pk
    from analgesia.figures.pk_figures import concentration_figure
    from analgesia.figures.pump_figures import reservoir_figure
    from analgesia.figures.titration_figures import titration_figure
    from analgesia.titration import case_log

    model = pk.hydromorphone_model("subcutaneous")
    levels = model.simulate("6 h", background="0.55 mg/h")
    log = case_log()
    for fig in (concentration_figure(levels, widget=True), reservoir_figure(log, widget=True),
                titration_figure(log, widget=True)):
        def points(x) -> int:
            return 0 if x is None else len(x)

        shown = [points(t.get("x")) for t in fig._widget_data]  # noqa: SLF001
        assert shown == [points(t.x) for t in fig.data] and max(shown) > 0
