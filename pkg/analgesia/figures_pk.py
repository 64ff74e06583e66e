"""Drug-level figures: pure functions from :mod:`analgesia.pk` results to ``go.Figure``.

- :func:`concentration_figure`: hydromorphone concentration over time, boluses marked, refused
  presses marked, lockout windows shaded, the steady-state line, an optional EC50 band
  (illustrative), the subcut absorption ASSUMPTION in the title.
- :func:`transition_figure`: pump off, patch on - both drugs as % of their own steady state
  (or as level-equivalent oral morphine per day), with the gap between them.

(To be merged into ``figures/pk_figures.py``; the names match ``figures.__init__``.)
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .demand import DemandLog
from .pk import TEXT as PK_TEXT
from .pk import ModelParameter, PkResult, TransitionResult
from .units import Q, fmt, fmt_drug, fmt_route

TEXT = {
    "title": "{drug} {route}: plasma concentration (typical patient, no variability)",
    "x": "Time since pump start (h)",
    "y": "Plasma concentration (ng/mL)",
    "curve": "{drug} {route} concentration (ng/mL)",
    "bolus": "bolus delivered",
    "bolus_hover": "bolus at %{x:.2f} h",
    "refused": "press refused ({reason})",
    "refused_hover": "press at %{x:.2f} h: refused",
    "lockout": "lockout window",
    "steady": "steady state for the background {value}",
    "ec50": "EC50 {value} - illustrative (Jeleazcov 2016, post-surgical)",
    "ec50_band": "EC50 range {low} to {high} - illustrative (Jeleazcov 2016, post-surgical)",
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
}

COLOURS = {
    "curve": "#0d47a1",
    "bolus": "#2e7d32",
    "refused": "#c62828",
    "lockout": "rgba(255, 179, 0, 0.18)",
    "steady": "#455a64",
    "ec50": "rgba(123, 31, 162, 0.06)",
    "ec50_line": "#7b1fa2",
    "fentanyl": "#e65100",
    "total": "#212121",
}
MAX_LOCKOUT_WINDOWS = 2000  # beyond this the shading is dropped (it would be a solid band)


def _subtitle(notes: tuple[str, ...]) -> str:
    return "<br><sup>" + "<br>".join(notes) + "</sup>" if notes else ""


def _lockout_trace(log: DemandLog) -> go.Scatter | None:
    windows = log.lockout_windows()
    if not windows or len(windows) > MAX_LOCKOUT_WINDOWS:
        return None
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in windows:
        x0, x1 = a.to("h").magnitude, b.to("h").magnitude
        xs += [x0, x1, x1, x0, x0, None]
        ys += [0, 0, 1, 1, 0, None]
    return go.Scatter(
        x=xs,
        y=ys,
        yaxis="y2",
        fill="toself",
        fillcolor=COLOURS["lockout"],
        mode="none",
        name=TEXT["lockout"],
        hoverinfo="skip",
    )


def concentration_figure(
    result: PkResult,
    log: DemandLog | None = None,
    ec50: ModelParameter | None = None,
    show_steady_state: bool = True,
) -> go.Figure:
    """Concentration over time (h, ng/mL) with boluses, refused presses and lockout windows
    from ``log``, the steady-state line and an optional EC50 band (``pk.ec50()``)."""
    drug = fmt_drug(result.drug)
    route = fmt_route(result.route)
    t, c = result.times, result.concentration
    fig = go.Figure()
    if log is not None:
        band = _lockout_trace(log)
        if band is not None:
            fig.add_trace(band)
    if ec50 is not None:
        value = ec50.value.to("ng/mL").magnitude
        if ec50.low is not None and ec50.high is not None:
            lo, hi = ec50.low.to("ng/mL").magnitude, ec50.high.to("ng/mL").magnitude
            fig.add_hrect(y0=lo, y1=hi, fillcolor=COLOURS["ec50"], line_width=0, layer="below")
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=TEXT["ec50_band"].format(low=fmt(ec50.low), high=fmt(ec50.high)),
                    marker={
                        "color": COLOURS["ec50_line"],
                        "opacity": 0.3,
                        "size": 12,
                        "symbol": "square",
                    },
                )
            )
        fig.add_hline(
            y=value,
            line_dash="dot",
            line_color=COLOURS["ec50_line"],
            annotation_text=TEXT["ec50"].format(value=fmt(ec50.value)),
            annotation_position="top left",
        )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=c,
            mode="lines",
            line={"color": COLOURS["curve"]},
            name=TEXT["curve"].format(drug=drug, route=route),
            hovertemplate="%{x:.2f} h: %{y:.2f} ng/mL<extra></extra>",
        )
    )
    if result.bolus_times.size:
        fig.add_trace(
            go.Scatter(
                x=result.bolus_times,
                y=np.interp(result.bolus_times, t, c),
                mode="markers",
                marker={"color": COLOURS["bolus"], "symbol": "triangle-up", "size": 9},
                name=TEXT["bolus"],
                hovertemplate=TEXT["bolus_hover"] + "<extra></extra>",
            )
        )
    if log is not None:
        for reason in sorted({p.reason for p in log.refused}):
            times = np.array([p.time.to("h").magnitude for p in log.refused if p.reason == reason])
            inside = times[(times >= t[0]) & (times <= t[-1])]
            fig.add_trace(
                go.Scatter(
                    x=inside,
                    y=np.interp(inside, t, c),
                    mode="markers",
                    marker={"color": COLOURS["refused"], "symbol": "x", "size": 8},
                    name=TEXT["refused"].format(reason=reason),
                    hovertemplate=TEXT["refused_hover"] + f" ({reason})<extra></extra>",
                )
            )
    if show_steady_state and result.steady_state is not None and result.steady_state.magnitude:
        fig.add_hline(
            y=result.steady_state.to("ng/mL").magnitude,
            line_dash="dash",
            line_color=COLOURS["steady"],
            annotation_text=TEXT["steady"].format(value=fmt(result.steady_state, 2)),
            annotation_position="bottom right",
        )
    fig.update_layout(
        title=TEXT["title"].format(drug=drug, route=route) + _subtitle(result.notes),
        xaxis={"title": {"text": TEXT["x"]}},
        yaxis={"title": {"text": TEXT["y"]}, "rangemode": "tozero"},
        yaxis2={"overlaying": "y", "range": [0, 1], "visible": False},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18},
        margin={"t": 90 + 22 * len(result.notes)},
    )
    return fig


def transition_figure(result: TransitionResult, mode: str = "percent") -> go.Figure:
    """Both drugs after the switch: ``mode="percent"`` (% of own steady state) or ``"ome"``
    (level-equivalent oral morphine per day; needs the factors given to ``transition``)."""
    if mode not in ("percent", "ome"):
        raise ValueError(f"mode: {mode!r} is not allowed; expected 'percent' or 'ome'.")
    if mode == "ome" and result.total_ome is None:
        raise ValueError("mode: 'ome' needs transition(..., hydromorphone_factor, patch_factor).")
    t = result.times
    if mode == "percent":
        hm, fe, total = result.hydromorphone_percent, result.fentanyl_percent, result.total_percent
        y_title, unit = TEXT["t_y_percent"], "%"
    else:
        hm, fe, total = result.hydromorphone_ome, result.fentanyl_ome, result.total_ome
        y_title, unit = TEXT["t_y_ome"], "mg/day"
    drug = fmt_drug(result.hydromorphone.drug, tall_man=True)
    route = fmt_route(result.hydromorphone.route)
    fig = go.Figure()
    hover = "%{x:.1f} h: %{y:.1f} " + unit + "<extra></extra>"
    fig.add_trace(
        go.Scatter(
            x=t,
            y=hm,
            mode="lines",
            line={"color": COLOURS["curve"]},
            name=TEXT["t_hm"].format(drug=drug, route=route),
            hovertemplate=hover,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=fe,
            mode="lines",
            line={"color": COLOURS["fentanyl"]},
            name=TEXT["t_fe"],
            hovertemplate=hover,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=total,
            mode="lines",
            line={"color": COLOURS["total"], "dash": "dash"},
            name=TEXT["t_total"],
            hovertemplate=hover,
        )
    )
    stop = result.pump_stop.to("h").magnitude
    start = result.patch_start.to("h").magnitude
    if abs(stop - start) < 1e-9:
        fig.add_vline(
            x=stop, line_dash="dot", annotation_text=TEXT["t_both"], annotation_position="top right"
        )
    else:
        fig.add_vline(
            x=stop,
            line_dash="dot",
            annotation_text=TEXT["t_stop"],
            annotation_position="top left" if stop < start else "top right",
        )
        fig.add_vline(
            x=start,
            line_dash="dot",
            annotation_text=TEXT["t_patch"],
            annotation_position="top right" if stop < start else "top left",
        )
    after = t >= stop
    if after.any():
        i = int(np.argmin(np.where(after, total, np.inf)))
        value = fmt(Q(float(total[i]), "percent" if mode == "percent" else "mg/day"), 1)
        fig.add_trace(
            go.Scatter(
                x=[t[i]],
                y=[total[i]],
                mode="markers+text",
                marker={"color": COLOURS["refused"]},
                text=[TEXT["t_gap"].format(value=value, time=fmt(Q(float(t[i]), "h"), 1))],
                textposition="bottom center",
                name=TEXT["t_gap"].format(value=value, time=fmt(Q(float(t[i]), "h"), 1)),
            )
        )
    notes = result.notes if mode == "ome" else tuple(n for n in result.notes if n != PK_TEXT["ome"])
    fig.update_layout(
        title=TEXT["t_title"].format(
            stop=fmt(result.pump_stop),
            strength=fmt(result.patch_strength),
            start=fmt(result.patch_start),
        )
        + _subtitle(notes),
        xaxis={"title": {"text": TEXT["x"]}},
        yaxis={"title": {"text": y_title}, "rangemode": "tozero"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18},
        margin={"t": 90 + 22 * len(notes)},
    )
    return fig


__all__ = ["concentration_figure", "transition_figure"]
