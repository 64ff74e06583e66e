"""Rotation to the fentanyl patch: the patch rate by each table beside the available strengths,
and the switch from the pump to the patch over time.

``rotation_figure(rates, schedule, ...)`` builds a two-panel figure; ``update_rotation_figure``
changes the same figure in place (for a ``go.FigureWidget`` in a panel).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import words
from ..rotation import available_strengths
from ..units import fmt
from ._inplace import publish_state, redraw
from ._layout import legend_below

TEXT = words.catalogue("rotation_figures", {
    "title_rate": "Patch rate by table",
    "title_time": "Stopping the pump, starting the patch",
    "x_table": "conversion table",
    "y_rate": "fentanyl patch rate (mcg/h)",
    "x_time": "hours from applying the patch (h)",
    "y_infusion": "subcut HYDROmorphone infusion (mg/h)",
    "converted": "converted rate",
    "reduced": "after the cross-tolerance cut",
    "overlap": "overlap (Kornick 2001): halve, then stop",
    "case": "assumption: pump stopped as the patch starts (the paper does not say)",
    "strength": "{s} patch",
    "patch_on": "patch on",
})

BEFORE_H = 6.0
AFTER_H = 12.0


def _bars(rates, reduced):
    names = [r.table or r.what for r in rates]
    high = [float(r.high.to("mcg/h").magnitude) for r in rates]
    text = [r.fmt() for r in rates]
    red = reduced if reduced is not None else ()
    mid, plus, minus, red_text = [], [], [], []
    for r in red:
        lo, hi = float(r.low.to("mcg/h").magnitude), float(r.high.to("mcg/h").magnitude)
        m = (lo + hi) / 2
        mid.append(m)
        plus.append(hi - m)
        minus.append(m - lo)
        red_text.append(r.fmt())
    return names, high, text, mid, plus, minus, red_text


def _time(schedule, case_stop: bool = True):
    steps = list(schedule)
    t = [float(s.at.to("h").magnitude) for s in steps]
    r = [float(s.infusion.to("mg/h").magnitude) for s in steps]
    x = [t[0] - BEFORE_H] + t + [t[-1] + AFTER_H]
    y = [r[0]] + r + [r[-1]]
    cx = [t[0] - BEFORE_H, t[0], t[-1] + AFTER_H]
    cy = [r[0], 0.0, 0.0]
    return x, y, cx, cy, t[0]


def _shapes(strengths, patch_on):
    shapes = [
        dict(type="line", xref="x domain", yref="y", x0=0, x1=1, y0=s, y1=s,
             line=dict(color="#888", width=1, dash="dot"))
        for s in strengths
    ]
    shapes.append(dict(type="line", xref="x2", yref="y2 domain", x0=patch_on, x1=patch_on,
                       y0=0, y1=1, line=dict(color="#d62728", width=1, dash="dash")))
    return shapes


def _annotations(strengths, patch_on):
    notes = [
        dict(xref="x domain", yref="y", x=1, y=s, xanchor="left", showarrow=False,
             text=TEXT["strength"].format(s=fmt(f"{s:g} mcg/h")), font=dict(size=10))
        for s in strengths
    ]
    # inside the plot, beside its line: above the plot it met the chart's title
    notes.append(dict(xref="x2", yref="y2 domain", x=patch_on, y=1, showarrow=False,
                      xanchor="left", yanchor="top", text=TEXT["patch_on"],
                      font=dict(size=10)))
    return notes


def rotation_figure(rates: Sequence, schedule: Sequence, reduced: Sequence | None = None,
                    strengths: Sequence[float] | None = None, widget: bool = False
                    ) -> go.Figure:
    """Left: bars of the patch rate (mcg/h) by table, the cut range as error bars, available
    strengths as dotted lines. Right: the infusion rate (mg/h) around the patch start, with the
    overlap plan and an abrupt stop at the first patch (an assumption: the paper does not say).

    ``widget=True``: a ``go.FigureWidget`` for a panel, redrawn with
    :func:`update_rotation_figure`."""
    strengths = tuple(strengths) if strengths is not None else available_strengths()
    # One chart above the other: side by side, each got half of a projector's width and the
    # axis titles, strength labels and legend ran into each other.
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.2,
                        subplot_titles=(TEXT["title_rate"], TEXT["title_time"]))
    names, high, text, mid, plus, minus, red_text = _bars(rates, reduced)
    fig.add_trace(go.Bar(x=names, y=high, text=text, name=TEXT["converted"],
                         marker_color="#9ecae1", textposition="outside"), row=1, col=1)
    fig.add_trace(go.Scatter(x=names[:len(mid)], y=mid, mode="markers", name=TEXT["reduced"],
                             text=red_text, marker=dict(color="#08519c", size=9),
                             error_y=dict(type="data", symmetric=False, array=plus,
                                          arrayminus=minus)), row=1, col=1)
    x, y, cx, cy, on = _time(schedule)
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line_shape="hv", name=TEXT["overlap"],
                             line=dict(color="#2ca02c", width=3)), row=2, col=1)
    fig.add_trace(go.Scatter(x=cx, y=cy, mode="lines", line_shape="hv", name=TEXT["case"],
                             line=dict(color="#d62728", width=2, dash="dash")), row=2, col=1)
    fig.update_layout(shapes=_shapes(strengths, on), height=820, margin=dict(t=60, r=110))
    fig.update_layout(**legend_below(rows=2))
    for a in _annotations(strengths, on):
        fig.add_annotation(a)
    fig.update_xaxes(title_text=TEXT["x_table"], row=1, col=1)
    fig.update_yaxes(title_text=TEXT["y_rate"], rangemode="tozero", row=1, col=1)
    fig.update_xaxes(title_text=TEXT["x_time"], row=2, col=1)
    fig.update_yaxes(title_text=TEXT["y_infusion"], rangemode="tozero", row=2, col=1)
    return publish_state(go.FigureWidget(fig)) if widget else fig


def _apply(fig, rates, schedule, reduced, strengths) -> None:
    names, high, text, mid, plus, minus, red_text = _bars(rates, reduced)
    x, y, cx, cy, on = _time(schedule)
    subplot_titles = [a for a in fig.layout.annotations if a.text in
                      (TEXT["title_rate"], TEXT["title_time"])]
    fig.data[0].x, fig.data[0].y, fig.data[0].text = names, high, text
    fig.data[1].x, fig.data[1].y, fig.data[1].text = names[:len(mid)], mid, red_text
    fig.data[1].error_y.array, fig.data[1].error_y.arrayminus = plus, minus
    fig.data[2].x, fig.data[2].y = x, y
    fig.data[3].x, fig.data[3].y = cx, cy
    fig.layout.shapes = _shapes(strengths, on)
    fig.layout.annotations = list(subplot_titles) + _annotations(strengths, on)


def update_rotation_figure(fig, rates: Sequence, schedule: Sequence,
                           reduced: Sequence | None = None,
                           strengths: Sequence[float] | None = None) -> go.Figure:
    """Put new data into a figure made by :func:`rotation_figure` (in place, one redraw)."""
    strengths = tuple(strengths) if strengths is not None else available_strengths()
    return redraw(fig, _apply, rates, schedule, reduced, strengths)


__all__ = ["available_strengths", "rotation_figure", "update_rotation_figure"]
