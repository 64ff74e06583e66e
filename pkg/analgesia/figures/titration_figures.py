"""The titration stay as a chart: NRS and boluses per day (left axis), daily dose (right axis).

``titration_figure(log)`` builds the figure; ``update_titration_figure(fig, log)`` redraws a
``go.FigureWidget`` in place (same traces, new data) for a panel.
"""

from __future__ import annotations

import plotly.graph_objects as go

from .. import words
from ..titration import TitrationLog
from ..units import fmt_drug, fmt_route
from ._inplace import publish_state, redraw
from ._layout import legend_below

TEXT = words.catalogue("titration_figures", {
    "title": "PCA titration, day by day",
    "x": "day of PCA",
    "y_left": "NRS (0-10) and boluses per day (count)",
    "y_right": "{drug} {route} delivered (mg/day)",
    "boluses": "boluses given",
    "boluses_extra": "boluses, upper end of a range",
    "nrs": "pain score (NRS)",
    "dose": "daily dose (mg/day)",
    "nrs_missing": "NRS per day not given: no pain score was entered for any day",
    "hover_dose": "day %{x}: %{customdata} mg<extra></extra>",
})


def _data(log: TitrationLog) -> dict:
    days = [d.day.day for d in log.days]
    low = [d.day.boluses_low for d in log.days]
    extra = [d.day.boluses_high - d.day.boluses_low for d in log.days]
    nrs = [d.day.nrs for d in log.days]
    lo = [float(d.total.low.to("mg").magnitude) for d in log.days]
    hi = [float(d.total.high.to("mg").magnitude) for d in log.days]
    mid = [(a + b) / 2 for a, b in zip(lo, hi, strict=True)]
    return {
        "days": days, "low": low, "extra": extra, "nrs": nrs, "mid": mid,
        "plus": [h - m for h, m in zip(hi, mid, strict=True)],
        "minus": [m - a for a, m in zip(lo, mid, strict=True)],
        "labels": [d.total.fmt().replace(" mg", "") for d in log.days],
        "nrs_missing": all(n is None for n in nrs),
    }


def _apply(fig: go.Figure, log: TitrationLog) -> None:
    data = _data(log)
    bars, extra, nrs, dose = fig.data
    bars.x, bars.y = data["days"], data["low"]
    extra.x, extra.y = data["days"], data["extra"]
    nrs.x, nrs.y = data["days"], data["nrs"]
    dose.x, dose.y = data["days"], data["mid"]
    dose.error_y = dict(type="data", array=data["plus"], arrayminus=data["minus"],
                        symmetric=False, visible=True)
    dose.customdata = data["labels"]
    top = max([lo + ex for lo, ex in zip(data["low"], data["extra"], strict=True)] + [10])
    fig.layout.yaxis.range = [0, top + 0.5]
    fig.layout.annotations = () if not data["nrs_missing"] else (dict(
        text=TEXT["nrs_missing"], xref="paper", yref="paper", x=0, y=1.08, showarrow=False,
        xanchor="left", font=dict(size=11, color="#8a4b00")),)
    fig.layout.yaxis2.title.text = TEXT["y_right"].format(
        drug=fmt_drug(log.settings.drug, tall_man=True), route=fmt_route(log.settings.route))


def titration_figure(log: TitrationLog, widget: bool = False) -> go.Figure:
    """NRS, boluses (bars) and daily dose (line, right axis, with the range as error bars)."""
    fig_class = go.FigureWidget if widget else go.Figure
    fig = fig_class()
    fig.add_bar(name=TEXT["boluses"], marker_color="#4c78a8")
    fig.add_bar(name=TEXT["boluses_extra"], marker_color="#9ecae9", marker_pattern_shape="/")
    fig.add_scatter(name=TEXT["nrs"], mode="lines+markers", marker_color="#e45756",
                    connectgaps=False)
    fig.add_scatter(name=TEXT["dose"], mode="lines+markers", yaxis="y2",
                    marker_color="#54a24b", hovertemplate=TEXT["hover_dose"])
    fig.update_layout(
        title=TEXT["title"], barmode="stack", template="plotly_white", height=420,
        xaxis=dict(title=TEXT["x"], dtick=1),
        yaxis=dict(title=TEXT["y_left"]),
        yaxis2=dict(title="", overlaying="y", side="right", rangemode="tozero"),
        margin=dict(t=90),
    )
    fig.update_layout(**legend_below(rows=2))
    _apply(fig, log)
    return publish_state(fig)  # the synced state a late-drawn page shows


def update_titration_figure(fig: go.Figure, log: TitrationLog) -> go.Figure:
    """Redraw in place (inside ``batch_update`` for a FigureWidget)."""
    return redraw(fig, _apply, log)


__all__ = ["TEXT", "titration_figure", "update_titration_figure"]
