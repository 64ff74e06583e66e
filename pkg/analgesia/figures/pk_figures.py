"""Drug-level figures: pure functions from :mod:`analgesia.pk` results to plotly figures.

- :func:`concentration_figure`: hydromorphone concentration over time, boluses marked, refused
  presses marked, lockout windows shaded, the steady-state line, an optional EC50 band
  (illustrative), the absorption ASSUMPTION (or "intravenous: no absorption step") in the
  title. ``widget=True`` gives a ``go.FigureWidget``; :func:`update_concentration_figure`
  redraws it in place (one ``batch_update``): the traces are built once, in a fixed order
  (:data:`TRACES`), and a change only swaps their data and visibility.
- :func:`transition_figure`: pump off, patch on - both drugs as % of their own steady state
  (or as level-equivalent oral morphine per day), with the gap between them.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .. import demand, words
from ..demand import DemandLog
from ..pk import ModelParameter, PkResult, TransitionResult
from ..pk.text import TEXT as PK_TEXT
from ..units import InputError, Q, fmt, fmt_drug, fmt_route
from ._inplace import publish_state, redraw
from ._layout import legend_below

TEXT = words.catalogue("pk_figures", {
    "title": "{drug} {route}: plasma concentration (typical patient, no variability)",
    "iv_note": "intravenous: no absorption step (all of each dose reaches the blood at once)",
    "x": "Time since pump start (h)",
    "y": "Plasma concentration (ng/mL)",
    "curve": "{drug} {route} concentration (ng/mL)",
    "bolus": "bolus delivered",
    "bolus_hover": "bolus at %{x:.2f} h",
    "refused": "press refused ({reason})",
    "refused_hover": "press at %{x:.2f} h: refused",
    "lockout": "lockout window",
    "steady": "steady state for the background {value}",
    "steady_none": "steady state for the background",
    # {label}: the EC50's own name, kept with its source in data/teaching_text.csv (pk.ec50)
    "ec50": "EC50 {value} - {label}",
    "ec50_band": "EC50 range {low} to {high} - {label}",
    "t_title": "Pump off at {stop}, fentanyl patch {strength} on at {start}",
    "t_y_percent": "Level as % of its own steady state (%)",
    "t_y_ome": "Level-equivalent oral morphine (mg/day)",
    "t_hm": "{drug} {route} (falling after the pump stops)",
    "t_fe": "fentanyl transdermal (rising)",
    "t_total": "sum of both",
    "t_stop": "pump stopped",
    "t_patch": "patch on",
    "t_both": "pump stopped, patch on",
    "t_gap": "lowest sum: {value} at {time}",
    "mode": "'percent' or 'ome'",
    "mode_field": "chart mode",
    "ome_needs_factors": "'percent', or give transition() hydromorphone_factor and patch_factor "
    "to draw 'ome'",
})
MODES = ("percent", "ome")

COLOURS = {
    "curve": "#0d47a1",
    "bolus": "#2e7d32",
    "refused": "#c62828",
    "lockout": "rgba(255, 179, 0, 0.18)",
    "steady": "#455a64",
    "ec50": "rgba(123, 31, 162, 0.08)",
    "ec50_line": "#7b1fa2",
    "fentanyl": "#e65100",
    "total": "#212121",
}
MAX_LOCKOUT_WINDOWS = 2000  # beyond this the shading is dropped (it would be a solid band)
REASONS = (demand.TEXT["lockout"], demand.TEXT["hour_limit"], demand.TEXT["no_bolus"])
# The concentration figure's traces, in order (index = position in ``fig.data``).
TRACES = (
    "lockout",
    "ec50_band",
    "ec50",
    "steady",
    "curve",
    "bolus",
    *(f"refused: {r}" for r in REASONS),
)


def _subtitle(notes: tuple[str, ...]) -> str:
    return "<br><sup>" + "<br>".join(notes) + "</sup>" if notes else ""


def _notes(result: PkResult) -> tuple[str, ...]:
    """The model's notes; for the IV route, say there is no absorption step (and no assumption)."""
    if result.route == "intravenous":
        return (TEXT["iv_note"], *result.notes)
    return result.notes


def _lockout_xy(log: DemandLog | None) -> tuple[list, list]:
    """Lockout windows as polygons on the hidden 0-1 axis; overlapping/adjacent ones merged."""
    if log is None:
        return [], []
    lock = log.settings.lockout.to("h").magnitude
    starts = [p.time.magnitude / 60.0 for p in log.presses if p.delivered]  # Press: min
    if not starts or len(starts) > MAX_LOCKOUT_WINDOWS:
        return [], []
    merged: list[list[float]] = []
    for s in starts:
        if merged and s <= merged[-1][1] + 1e-9:
            merged[-1][1] = max(merged[-1][1], s + lock)
        else:
            merged.append([s, s + lock])
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x0, x1 in merged:
        xs += [x0, x1, x1, x0, x0, None]
        ys += [0, 0, 1, 1, 0, None]
    return xs, ys


def _skeleton(fig: go.Figure) -> None:
    """Add the fixed traces (empty) and the layout that never changes."""
    fig.add_scatter(
        yaxis="y2",
        fill="toself",
        fillcolor=COLOURS["lockout"],
        mode="none",
        name=TEXT["lockout"],
        hoverinfo="skip",
    )
    fig.add_scatter(fill="toself", fillcolor=COLOURS["ec50"], mode="none", hoverinfo="skip")
    fig.add_scatter(
        mode="lines", line={"color": COLOURS["ec50_line"], "dash": "dot"}, hoverinfo="skip"
    )
    fig.add_scatter(
        mode="lines", line={"color": COLOURS["steady"], "dash": "dash"}, hoverinfo="skip"
    )
    fig.add_scatter(
        mode="lines",
        line={"color": COLOURS["curve"]},
        hovertemplate="%{x:.2f} h: %{y:.2f} ng/mL<extra></extra>",
    )
    fig.add_scatter(
        mode="markers",
        name=TEXT["bolus"],
        marker={"color": COLOURS["bolus"], "symbol": "triangle-up", "size": 9},
        hovertemplate=TEXT["bolus_hover"] + "<extra></extra>",
    )
    for reason in REASONS:
        fig.add_scatter(
            mode="markers",
            name=TEXT["refused"].format(reason=reason),
            marker={"color": COLOURS["refused"], "symbol": "x", "size": 8},
            hovertemplate=TEXT["refused_hover"] + f" ({reason})<extra></extra>",
        )
    fig.update_layout(
        template="plotly_white",
        height=550,  # 480 of plot and title, 70 for the legend below
        xaxis={"title": {"text": TEXT["x"]}},
        yaxis={"title": {"text": TEXT["y"]}, "rangemode": "tozero"},
        yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True},
    )
    fig.update_layout(**legend_below(rows=4))


def _show_ec50(fig: go.Figure, ec50: ModelParameter | None, t0: float, t1: float) -> None:
    """The EC50 band (low-high) and line, labelled with the EC50's own name; hidden if None."""
    band, line = fig.data[TRACES.index("ec50_band")], fig.data[TRACES.index("ec50")]
    if ec50 is not None and ec50.low is not None and ec50.high is not None:
        lo, hi = ec50.low.to("ng/mL").magnitude, ec50.high.to("ng/mL").magnitude
        band.update(x=[t0, t1, t1, t0, t0], y=[lo, lo, hi, hi, lo], visible=True,
                    name=TEXT("ec50_band", low=fmt(ec50.low), high=fmt(ec50.high),
                              label=ec50.name))
    else:
        band.update(x=[], y=[], visible=False)
    if ec50 is not None:
        value = ec50.value.to("ng/mL").magnitude
        line.update(x=[t0, t1], y=[value, value], visible=True,
                    name=TEXT("ec50", value=fmt(ec50.value), label=ec50.name))
    else:
        line.update(x=[], y=[], visible=False)


def _show_steady_state(fig: go.Figure, result: PkResult, show: bool, t0: float, t1: float):
    trace, steady = fig.data[TRACES.index("steady")], result.steady_state
    if show and steady is not None and steady.magnitude:
        value = steady.to("ng/mL").magnitude
        trace.update(x=[t0, t1], y=[value, value], visible=True,
                     name=TEXT["steady"].format(value=fmt(steady, 2)))
    else:
        trace.update(x=[], y=[], visible=False, name=TEXT["steady_none"])


def _refused_hours(log: DemandLog | None, reason: str, t0: float, t1: float) -> np.ndarray:
    """Times (h) of the presses refused for ``reason`` inside [t0, t1]."""
    if log is None:
        return np.array([], dtype=float)
    times = np.array([p.time.magnitude / 60.0 for p in log.presses  # Press: min
                      if not p.delivered and p.reason == reason], dtype=float)
    return times[(times >= t0) & (times <= t1)]


def _show_presses(fig: go.Figure, result: PkResult, log: DemandLog | None) -> None:
    """Delivered boluses and refused presses, drawn on the curve."""
    t, c = result.times, result.concentration
    bt = result.bolus_times
    fig.data[TRACES.index("bolus")].update(
        x=bt, y=np.interp(bt, t, c) if bt.size else [], visible=bool(bt.size))
    for reason in REASONS:
        times = _refused_hours(log, reason, float(t[0]), float(t[-1]))
        fig.data[TRACES.index(f"refused: {reason}")].update(
            x=times, y=np.interp(times, t, c) if times.size else [], visible=bool(times.size))


def _apply(
    fig: go.Figure,
    result: PkResult,
    log: DemandLog | None,
    ec50: ModelParameter | None,
    show_steady_state: bool,
) -> None:
    """Put ``result`` into the fixed traces of ``fig`` (:data:`TRACES`), and its title."""
    t0, t1 = float(result.times[0]), float(result.times[-1])
    drug, route = fmt_drug(result.drug), fmt_route(result.route)
    xs, ys = _lockout_xy(log)
    fig.data[TRACES.index("lockout")].update(x=xs, y=ys, visible=bool(xs))
    _show_ec50(fig, ec50, t0, t1)
    _show_steady_state(fig, result, show_steady_state, t0, t1)
    fig.data[TRACES.index("curve")].update(x=result.times, y=result.concentration,
                                           name=TEXT["curve"].format(drug=drug, route=route))
    _show_presses(fig, result, log)
    notes = _notes(result)
    fig.layout.title.text = TEXT["title"].format(drug=drug, route=route) + _subtitle(notes)
    fig.layout.margin.t = 90 + 22 * len(notes)


def concentration_figure(
    result: PkResult,
    log: DemandLog | None = None,
    ec50: ModelParameter | None = None,
    show_steady_state: bool = True,
    widget: bool = False,
) -> go.Figure:
    """Concentration over time (h, ng/mL) with boluses, refused presses and lockout windows
    from ``log``, the steady-state line and an optional EC50 band (``pk.ec50()``).

    ``widget=True``: a ``go.FigureWidget`` for a panel, to redraw with
    :func:`update_concentration_figure`. Traces with nothing to show are hidden, not removed.
    """
    fig = go.FigureWidget() if widget else go.Figure()
    _skeleton(fig)
    _apply(fig, result, log, ec50, show_steady_state)
    # a widget's synced state is what a page drawn after the notebook ran shows: without this
    # the app page drew an empty chart until the learner changed a value
    return publish_state(fig)


def update_concentration_figure(
    fig: go.Figure,
    result: PkResult,
    log: DemandLog | None = None,
    ec50: ModelParameter | None = None,
    show_steady_state: bool = True,
) -> go.Figure:
    """Redraw a figure from :func:`concentration_figure` in place (one ``batch_update`` for a
    FigureWidget): same object, same traces, new data."""
    return redraw(fig, _apply, result, log, ec50, show_steady_state)


def _transition_curves(result: TransitionResult, mode: str) -> tuple:
    """(hydromorphone, fentanyl, total, y-axis title, unit) for ``mode``."""
    if mode == "percent":
        return (result.hydromorphone_percent, result.fentanyl_percent, result.total_percent,
                TEXT["t_y_percent"], result.percent_unit)
    return (result.hydromorphone_ome, result.fentanyl_ome, result.total_ome, TEXT["t_y_ome"],
            result.ome_unit)


def _mark_switch(fig: go.Figure, stop: float, start: float) -> None:
    """Dotted lines where the pump stops and the patch goes on (one line if together)."""
    if abs(stop - start) < 1e-9:
        fig.add_vline(x=stop, line_dash="dot", annotation_text=TEXT["t_both"],
                      annotation_position="top right")
        return
    fig.add_vline(x=stop, line_dash="dot", annotation_text=TEXT["t_stop"],
                  annotation_position="top left" if stop < start else "top right")
    fig.add_vline(x=start, line_dash="dot", annotation_text=TEXT["t_patch"],
                  annotation_position="top right" if stop < start else "top left")


def _mark_gap(fig: go.Figure, t: np.ndarray, total: np.ndarray, stop: float, unit: str) -> None:
    """The lowest sum after the pump stops, marked and named."""
    after = t >= stop
    if not after.any():
        return
    i = int(np.argmin(np.where(after, total, np.inf)))
    value = fmt(Q(float(total[i]), "percent" if unit == "%" else unit), 1)
    label = TEXT["t_gap"].format(value=value, time=fmt(Q(float(t[i]), "h"), 1))
    fig.add_trace(go.Scatter(x=[t[i]], y=[total[i]], mode="markers+text",
                             marker={"color": COLOURS["refused"]}, text=[label],
                             textposition="bottom center", name=label))


def transition_figure(result: TransitionResult, mode: str = "percent") -> go.Figure:
    """Both drugs after the switch: ``mode="percent"`` (% of own steady state) or ``"ome"``
    (level-equivalent oral morphine per day; needs the factors given to ``transition``)."""
    if mode not in MODES:
        raise InputError("mode", mode, TEXT["mode"], label=TEXT["mode_field"])
    if mode == "ome" and result.total_ome is None:
        raise InputError("mode", mode, TEXT["ome_needs_factors"], label=TEXT["mode_field"])
    hm, fe, total, y_title, unit = _transition_curves(result, mode)
    t = result.times
    drug = fmt_drug(result.hydromorphone.drug, tall_man=True)
    route = fmt_route(result.hydromorphone.route)
    fig = go.Figure()
    hover = "%{x:.1f} h: %{y:.1f} " + unit + "<extra></extra>"
    curves = (
        (hm, {"color": COLOURS["curve"]}, TEXT["t_hm"].format(drug=drug, route=route)),
        (fe, {"color": COLOURS["fentanyl"]}, TEXT["t_fe"]),
        (total, {"color": COLOURS["total"], "dash": "dash"}, TEXT["t_total"]),
    )
    for y, line, name in curves:
        fig.add_trace(go.Scatter(x=t, y=y, mode="lines", line=line, name=name,
                                 hovertemplate=hover))
    stop = result.pump_stop.to("h").magnitude
    _mark_switch(fig, stop, result.patch_start.to("h").magnitude)
    _mark_gap(fig, t, total, stop, unit)
    notes = result.notes if mode == "ome" else tuple(n for n in result.notes if n != PK_TEXT["ome"])
    title = TEXT["t_title"].format(stop=fmt(result.pump_stop), strength=fmt(result.patch_strength),
                                   start=fmt(result.patch_start))
    fig.update_layout(
        title=title + _subtitle(notes),
        xaxis={"title": {"text": TEXT["x"]}},
        yaxis={"title": {"text": y_title}, "rangemode": "tozero"},
        margin={"t": 90 + 22 * len(notes)},
    )
    fig.update_layout(**legend_below(rows=3))
    return fig


__all__ = [
    "TEXT",
    "TRACES",
    "concentration_figure",
    "transition_figure",
    "update_concentration_figure",
]
