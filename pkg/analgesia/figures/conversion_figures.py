"""The spread: one conversion under every published table, side by side.

Each table is a horizontal bar from the low to the high end of its result (a thin mark where
low == high), the chosen table highlighted, the dose unit on the axis. Surveillance (MME)
tables, when shown, are hatched and labelled as not for rotation.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from .. import words
from ..panels.spread import purpose as _purpose
from ..panels.spread import spread_lines, table_label
from ..units import fmt_drug, fmt_route, fmt_unit
from ._inplace import redraw_from

TEXT = words.catalogue("conversion_figures", {
    "title": "The same conversion under each table: {target}",
    "title_dose": "{dose} {source} -> {target}, by table",
    "x_axis": "{target} dose ({unit})",
    "y_axis": "Table",
    "range_name": "range (low to high)",
    "ends_name": "dose by this table",
    "empty": "No table has both factors for this conversion.",
})

COLOURS = {
    "chosen": "#0d47a1",
    "rotation": "#90a4ae",
    "case": "#ffb300",
    "surveillance": "#cfd8dc",
}
EMPTY_DOSE_AXIS = "mg/day"


def _target(results: Sequence) -> str:
    r = results[0]
    return f"{fmt_drug(r.drug, tall_man=True)} {fmt_route(r.route)}".strip()


def spread_figure(results: Sequence, chosen: str | None = None, dose_text: str = "",
                  source: str = "") -> go.Figure:
    """Horizontal low-high bars, one per table in ``results`` (from ``convert_all``).

    Two traces: ``data[0]`` the bars (base = low, length = high - low), ``data[1]`` markers at
    each table's low and high ends (so a point result is visible). All results must share a
    unit; the axis title carries it.
    """
    results = list(results)
    fig = go.Figure()
    if not results:
        fig.add_trace(go.Bar(x=[], y=[], orientation="h", name=TEXT["range_name"]))
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name=TEXT["ends_name"]))
        fig.update_layout(title=TEXT["empty"], xaxis_title=TEXT["x_axis"].format(
            target="", unit=EMPTY_DOSE_AXIS).strip(), yaxis_title=TEXT["y_axis"])
        return fig
    unit = results[0].high.units
    lows = [float(r.low.to(unit).magnitude) for r in results]
    highs = [float(r.high.to(unit).magnitude) for r in results]
    labels = [table_label(r.table, chosen) for r in results]
    colours = [COLOURS["chosen"] if r.table == chosen else COLOURS.get(_purpose(r.table),
                                                                         COLOURS["rotation"])
               for r in results]
    patterns = ["/" if _purpose(r.table) == "surveillance" else "" for r in results]
    texts = [r.fmt() for r in results]
    hover = [f"<b>{lab}</b><br>{t}<br>{'<br>'.join(r.steps)}<br><i>{r.cite()}</i>"
             for lab, t, r in zip(labels, texts, results, strict=True)]
    fig.add_trace(go.Bar(
        y=labels, base=lows, x=[h - lo for lo, h in zip(lows, highs, strict=True)],
        orientation="h", name=TEXT["range_name"],
        marker={"color": colours, "pattern": {"shape": patterns}},
        text=texts, textposition="outside", hovertext=hover, hoverinfo="text",
    ))
    fig.add_trace(go.Scatter(
        y=labels + labels, x=lows + highs, mode="markers", name=TEXT["ends_name"],
        marker={"color": colours + colours, "size": 11, "symbol": "line-ns-open",
                "line": {"width": 3, "color": colours + colours}},
        hovertext=hover + hover, hoverinfo="text",
    ))
    target = _target(results)
    title = (TEXT["title_dose"].format(dose=dose_text, source=source, target=target)
             if dose_text else TEXT["title"].format(target=target))
    top = max(highs) if highs else 1.0
    fig.update_layout(
        title=title,
        xaxis={"title": {"text": TEXT["x_axis"].format(target=target, unit=fmt_unit(unit))},
               "range": [0, top * 1.3 if top > 0 else 1], "rangemode": "tozero"},
        yaxis={"title": {"text": TEXT["y_axis"]}, "autorange": "reversed"},
        showlegend=False,
        height=max(260, 70 * len(results) + 140),
        margin={"l": 20, "r": 30, "t": 60, "b": 50},
        bargap=0.45,
    )
    return fig


def update_spread_figure(fig: go.Figure, results: Sequence, chosen: str | None = None
                         ) -> go.Figure:
    """Redraw a figure from :func:`spread_figure` in place (one ``batch_update``)."""
    return redraw_from(fig, spread_figure(results, chosen=chosen))


__all__ = ["spread_figure", "spread_lines", "table_label", "update_spread_figure"]
