"""The PCA reservoir over the stay: mL left at the end of each day.

``reservoir_figure(log)`` builds it; ``update_reservoir_figure(fig, log)`` redraws in place.
Where the bolus count is a range the level is a band (more boluses = lower edge).
"""

from __future__ import annotations

import plotly.graph_objects as go

from .. import words
from ..titration import TitrationLog
from ..units import fmt, fmt_drug
from ._inplace import publish_state, redraw
from ._layout import legend_below

TEXT = words.catalogue("pump_figures", {
    "title": "PCA reservoir: {volume} of {drug} {conc}",
    "x": "day of PCA (end of day)",
    "y": "reservoir volume left (mL)",
    "more": "left with more boluses (mL)",
    "fewer": "left with fewer boluses (mL)",
    "empty": "empty",
})


def _data(log: TitrationLog) -> dict:
    start = float(log.reservoir.volume.to("mL").magnitude)
    days = [0] + [d.day.day for d in log.days]
    low = [start] + [float(d.reservoir_end.low.to("mL").magnitude) for d in log.days]
    high = [start] + [float(d.reservoir_end.high.to("mL").magnitude) for d in log.days]
    return {"days": days, "low": low, "high": high, "start": start}


def _apply(fig: go.Figure, log: TitrationLog) -> None:
    data = _data(log)
    fewer, more = fig.data
    fewer.x, fewer.y = data["days"], data["high"]
    more.x, more.y = data["days"], data["low"]
    fig.layout.title.text = TEXT["title"].format(
        volume=fmt(log.reservoir.volume), drug=fmt_drug(log.reservoir.drug, tall_man=True),
        conc=fmt(log.reservoir.concentration))
    fig.layout.yaxis.range = [0, data["start"] * 1.05]


def reservoir_figure(log: TitrationLog, widget: bool = False) -> go.Figure:
    """Reservoir mL at the end of each day (day 0 = full); a band where boluses are a range."""
    fig = (go.FigureWidget if widget else go.Figure)()
    fig.add_scatter(name=TEXT["fewer"], mode="lines+markers", line_color="#4c78a8")
    fig.add_scatter(name=TEXT["more"], mode="lines+markers", line_color="#4c78a8",
                    fill="tonexty", fillcolor="rgba(76,120,168,0.2)")
    fig.update_layout(template="plotly_white", height=380, title="",
                      xaxis=dict(title=TEXT["x"], dtick=1),
                      yaxis=dict(title=TEXT["y"]))
    fig.update_layout(**legend_below(rows=1))
    fig.add_hline(y=0, line_color="#b00020", annotation_text=TEXT["empty"])
    _apply(fig, log)
    return publish_state(fig)  # the synced state a late-drawn page shows


def update_reservoir_figure(fig: go.Figure, log: TitrationLog) -> go.Figure:
    return redraw(fig, _apply, log)


__all__ = ["TEXT", "reservoir_figure", "update_reservoir_figure"]
