"""Drug levels as a panel: pump settings and a press schedule in; the hydromorphone
concentration curve (boluses, refused presses, lockout windows, steady state, optional EC50
band) and a plain-text summary out. Logic lives in ``analgesia.demand`` (which presses the pump
delivers) and ``analgesia.pk`` (the levels); the figure in ``analgesia.figures.pk_figures``.

Speed: the figure is a ``go.FigureWidget`` built once and redrawn in place with one
``batch_update``; the parameter table is read once; models (and their time to 90%) are cached
per route and absorption half-life; the curve is computed once per change on a display grid of
at most :data:`MAX_POINTS` points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import pint

from .. import bounds, pk
from ..demand import WHENEVER_ALLOWED, DayTotal, DemandLog, simulate_demand
from ..figures.pk_figures import concentration_figure, update_concentration_figure
from ..markup import element
from ..pump import PcaSettings
from ..units import InputError, Q, fmt, fmt_dose, parse_dose, quantity
from ._base import STYLE, WIDE, Panel, css, dropdown, float_slider, html, lines_html, text_box

TEXT = {
    "title": "Drug levels: HYDROmorphone from a PCA pump (typical patient, a teaching model)",
    "background": "background infusion (mg/h)",
    "bolus": "bolus, the PCA dose (mg)",
    "lockout": "lockout (min)",
    "hour_limit": "hour limit (mg/h, blank = none)",
    "absorption": "absorption half-life (min), an ASSUMPTION",
    "route": "route",
    "route_options": (
        ("subcutaneous (subcut)", "subcutaneous"),
        ("intravenous (IV)", "intravenous"),
    ),
    "mode": "press schedule",
    "mode_typed": "the press times typed below",
    "mode_whenever": "press whenever allowed",
    "mode_case": "the case's day 1: 3 presses",
    "presses": "press times (h after pump start, e.g. 1 h, 1.1 h, 3 h)",
    "duration": "time shown (h or day, at most 30 day)",
    "ec50": "show the EC50 band (illustrative: Jeleazcov 2016, post-surgical)",
    "settings": "pump: background {background}, bolus {bolus}, lockout {lockout}, "
    "hour limit {limit}",
    "no_limit": "none",
    "case_note": "the case's day 1: the paper gives 3 boluses but not when; here they are "
    "pressed at {times} (illustrative times)",
    "presses_line": "presses: {summary}",
    "refused_line": "  {line}",
    "refused_more": "  ... and {n} more refused",
    "day_complete": "day {day} ({start} to {end}): {steps}",
    "day_partial": "day {day} ({start} to {end}, part of a day): background {background} + "
    "{n} x {bolus} = {total}",
    "days_more": "... {n} more days",
    "peak": "highest level: {value} at {time} (on the {step} display grid)",
    "end": "level at {time}: {value} ({percent} of steady state)",
    "t90": "90% of steady state {time} after the background starts or changes",
    "iv": "intravenous: no absorption step (F = 1)",
    "none_typed": "no presses",
}

HOOKS = {
    "background": "an-levels-background",
    "bolus": "an-levels-bolus",
    "lockout": "an-levels-lockout",
    "hour_limit": "an-levels-hour-limit",
    "absorption": "an-levels-absorption",
    "route": "an-levels-route",
    "mode": "an-levels-presses-mode",
    "presses": "an-levels-presses",
    "duration": "an-levels-duration",
    "ec50": "an-levels-ec50",
    "summary": "an-levels-summary",
    "figure": "an-levels-figure",
}

MODES = ("typed", "whenever", "case")
# The paper prints 3 boluses on day 1 (printed_values.csv: day1_boluses) but not their times:
# these times are illustrative, spread over the day, and labelled so in the summary.
CASE_DAY1_TIMES_H = (2.0, 9.0, 16.0)
MAX_POINTS = 1500  # display grid: at most this many points (plus one)
GRID_STEPS_MIN = (1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0)
MAX_DURATION_H = 30 * 24.0
MAX_REFUSED_LINES = 8
MAX_DAY_LINES = 7


def _value(text: str, unit: str, field: str) -> pint.Quantity:
    """A control's text -> Quantity by the dose grammar: "0.55 mg/h", or a bare number read in
    the label's unit."""
    try:
        q = parse_dose(text or "", field=field)
    except InputError as exc:  # the message in the learner's words for the field
        label = bounds.bound(field).label if field in bounds.bounds() else field
        raise InputError(field, exc.value, exc.allowed, exc.why, label=label) from None
    if q.dimensionless and q.units == Q(1, "dimensionless").units:
        return Q(q.magnitude, unit, field=field)
    return q


def _press_times(text: str) -> list[pint.Quantity]:
    """ "1 h; 1.5 h; 3 h" or "1 h, 1.5 h, 3 h" (or plain numbers, in hours) -> times; empty text
    -> no presses. A comma between two digits ("1,5") is a decimal comma: refused, never split."""
    text = text or ""
    if re.search(r"[0-9],[0-9]", text):
        raise InputError("presses", text, "times with a decimal point, separated by a comma and "
                         "a space or by ';', e.g. 1 h, 1.5 h, 3 h")
    items = [x.strip() for x in re.split(r"[,;]", text)]
    if len(items) == 1 and not items[0]:
        return []
    times = []
    for item in items:
        if not item:
            raise InputError("presses", text, "times separated by commas, e.g. 1 h, 1.5 h, 3 h")
        t = quantity(_value(item, "h", "presses"), "h", field="presses", allow_zero=True)
        if times and t < times[-1]:
            raise InputError("presses", t, f"times in order (after {fmt(times[-1])})")
        times.append(t)
    return times


def _display_step(duration_min: float) -> float:
    """The finest grid step (min) giving at most MAX_POINTS points, adjusted to divide the
    duration exactly."""
    base = next((s for s in GRID_STEPS_MIN if duration_min / s <= MAX_POINTS), GRID_STEPS_MIN[-1])
    n = max(1, math.ceil(duration_min / base - 1e-9))
    return duration_min / n


@dataclass(frozen=True)
class DrugLevels:
    """What the panel shows, computed once per change."""

    settings: PcaSettings
    log: DemandLog
    levels: pk.PkResult
    model: pk.HydromorphoneModel
    days: tuple[DayTotal, ...]
    time_to_90: pint.Quantity
    step_min: float
    mode: str
    ec50: pk.ModelParameter | None

    @property
    def steady_state(self) -> pint.Quantity:
        return self.model.steady_state(self.settings.background)


class DrugLevelPanel(Panel):
    """The case's pump (0.55 mg/h, 0.65 mg, 15 min, subcut) and presses at 1 h, 1.1 h and 3 h by
    default, over 24 h. ``figure=False`` skips the plot (for quick tests)."""

    hook = "an-levels"

    def __init__(
        self,
        settings: PcaSettings | None = None,
        presses: str = "1 h, 1.1 h, 3 h",
        duration: str = "24 h",
        figure: bool = True,
    ):
        super().__init__()
        from ..titration import case_settings

        s = settings or case_settings()
        self._table = pk.load_pk_parameters()
        self._ec50 = pk.ec50(self._table)
        self._demand: tuple | None = None  # (key, DemandLog, daily totals) of the last schedule
        self._models: dict[tuple[str, float | None], tuple[Any, pint.Quantity]] = {}
        default_half_life = self._table.get("assumption", "absorption_half_life_sc").value
        lo, hi = pk.absorption_range(self._table)
        self.background = text_box(TEXT["background"], fmt(s.background), HOOKS["background"])
        self.bolus = text_box(TEXT["bolus"], fmt(s.bolus), HOOKS["bolus"])
        self.lockout = text_box(TEXT["lockout"], fmt(s.lockout), HOOKS["lockout"])
        limit = "" if s.hour_limit is None else fmt(s.hour_limit)
        self.hour_limit = text_box(
            TEXT["hour_limit"], limit, HOOKS["hour_limit"], placeholder="blank = none"
        )
        self.absorption = float_slider(
            TEXT["absorption"],
            float(default_half_life.to("min").m),
            lo,
            hi,
            1.0,
            HOOKS["absorption"],
            readout_format=".0f",
        )
        self.route = dropdown(TEXT["route"], list(TEXT["route_options"]), s.route, HOOKS["route"])
        self.mode = dropdown(
            TEXT["mode"], [(TEXT[f"mode_{m}"], m) for m in MODES], "typed", HOOKS["mode"]
        )
        self.presses = text_box(TEXT["presses"], presses, HOOKS["presses"])
        self.duration = text_box(TEXT["duration"], duration, HOOKS["duration"])
        self.ec50 = css(
            w.Checkbox(
                value=False, description=TEXT["ec50"], style=STYLE, layout=WIDE, indent=False
            ),
            "an-input",
            HOOKS["ec50"],
        )
        self.summary = html("", HOOKS["summary"])
        self.figure = None
        self.update()
        if self.result is None:
            raise ValueError(self.error)  # bad constructor arguments: fail loudly, not blank
        if figure:
            r = self.result
            self.figure = concentration_figure(r.levels, r.log, r.ec50, widget=True)
            css(self.figure, HOOKS["figure"])
        controls = [
            self.background,
            self.bolus,
            self.lockout,
            self.hour_limit,
            self.route,
            self.absorption,
            self.mode,
            self.presses,
            self.duration,
            self.ec50,
        ]
        self.widget = self.box(
            w.HTML(element("h4", TEXT["title"])),
            *controls,
            self.message,
            self.summary,
            *([self.figure] if self.figure is not None else []),
        )
        self.watch(*controls)

    # -- the arithmetic, once per change ------------------------------------------------------

    def _model(self, route: str) -> tuple[pk.HydromorphoneModel, pint.Quantity]:
        half_life = None if route == "intravenous" else float(self.absorption.value)
        key = (route, half_life)
        if key not in self._models:
            model = pk.hydromorphone_model(
                route, None if half_life is None else Q(half_life, "min"), self._table
            )
            self._models[key] = (model, model.time_to_fraction_of_steady_state(0.9))
        return self._models[key]

    def _schedule(self, duration: pint.Quantity) -> Any:
        if self.mode.value == "whenever":
            return WHENEVER_ALLOWED
        if self.mode.value == "case":
            return [Q(t, "h") for t in CASE_DAY1_TIMES_H if Q(t, "h") < duration]
        times = _press_times(self.presses.value)
        if times and times[-1] >= duration:
            raise InputError("presses", times[-1], f"a time before the end, {fmt(duration)}")
        return times

    def compute(self) -> DrugLevels:
        duration = quantity(
            _value(self.duration.value, "h", "duration"),
            "h",
            field="duration",
            maximum=MAX_DURATION_H,
        )
        limit_text = self.hour_limit.value.strip()
        settings = PcaSettings(
            background=_value(self.background.value, "mg/h", "background"),
            bolus=_value(self.bolus.value, "mg", "bolus"),
            lockout=_value(self.lockout.value, "min", "lockout"),
            hour_limit=None if not limit_text else _value(limit_text, "mg/h", "hour_limit"),
            drug="hydromorphone",
            route=self.route.value,
        )
        schedule = self._schedule(duration)
        key = (
            settings.background.magnitude,
            settings.bolus.magnitude,
            settings.lockout.magnitude,
            None if settings.hour_limit is None else settings.hour_limit.magnitude,
            schedule if isinstance(schedule, str) else tuple(t.m_as("min") for t in schedule),
            duration.m_as("min"),
        )
        if self._demand is None or self._demand[0] != key:  # presses judged once per schedule
            log = simulate_demand(settings, schedule, duration)
            self._demand = (key, log, log.daily_totals())
        _, log, days = self._demand
        model, t90 = self._model(settings.route)
        d_min = float(duration.to("min").magnitude)
        step = _display_step(d_min)
        levels = model.simulate(
            duration, background=settings.background, boluses=log, step=Q(step, "min")
        )
        return DrugLevels(
            settings,
            log,
            levels,
            model,
            days,
            t90,
            step,
            self.mode.value,
            self._ec50 if self.ec50.value else None,
        )

    # -- output ---------------------------------------------------------------------------------

    def show(self, result: DrugLevels) -> None:
        self.absorption.disabled = result.settings.route == "intravenous"
        self.summary.value = lines_html(self.lines(), "an-levels-lines")
        if self.figure is not None:
            update_concentration_figure(self.figure, result.levels, result.log, result.ec50)

    def lines(self) -> tuple[str, ...]:
        """The summary as plain text (what the panel shows)."""
        r = self.result
        if r is None:
            return ()
        s, drug = r.settings, "hydromorphone"
        out = [
            TEXT["settings"].format(
                background=fmt_dose(s.background, drug, s.route),
                bolus=fmt_dose(s.bolus, drug, s.route),
                lockout=fmt(s.lockout),
                limit=TEXT["no_limit"] if s.hour_limit is None else fmt(s.hour_limit),
            )
        ]
        out.append(r.levels.notes[0] if r.levels.notes else TEXT["iv"])
        if r.mode == "case":
            out.append(
                TEXT["case_note"].format(times=", ".join(fmt(Q(t, "h")) for t in CASE_DAY1_TIMES_H))
            )
        out.append(TEXT["presses_line"].format(summary=r.log.summary))
        refused = r.log.refused
        out += [TEXT["refused_line"].format(line=p.describe()) for p in refused[:MAX_REFUSED_LINES]]
        if len(refused) > MAX_REFUSED_LINES:
            out.append(TEXT["refused_more"].format(n=len(refused) - MAX_REFUSED_LINES))
        for day in r.days[:MAX_DAY_LINES]:
            start, end = fmt(day.start), fmt(day.end)
            if day.complete:
                steps = "; ".join(day.pump_total.steps)
                out.append(
                    TEXT["day_complete"].format(day=day.day, start=start, end=end, steps=steps)
                )
            else:
                out.append(
                    TEXT["day_partial"].format(
                        day=day.day,
                        start=start,
                        end=end,
                        background=fmt(day.background),
                        n=day.boluses,
                        bolus=fmt(s.bolus),
                        total=fmt(day.total),
                    )
                )
        if len(r.days) > MAX_DAY_LINES:
            out.append(TEXT["days_more"].format(n=len(r.days) - MAX_DAY_LINES))
        peak_t, peak_c = r.levels.peak()
        out.append(
            TEXT["peak"].format(
                value=fmt(peak_c, 2), time=fmt(peak_t, 2), step=fmt(Q(r.step_min, "min"), 2)
            )
        )
        out += list(r.model.steady_state_steps(s.background))
        css_ = r.steady_state.to("ng/mL").magnitude
        end_c = float(r.levels.concentration[-1])
        percent = fmt(Q(100 * end_c / css_, "percent"), 0) if css_ > 0 else "-"
        out.append(
            TEXT["end"].format(
                time=fmt(Q(float(r.levels.times[-1]), "h"), 2),
                value=fmt(Q(end_c, "ng/mL"), 2),
                percent=percent,
            )
        )
        out.append(TEXT["t90"].format(time=fmt(r.time_to_90, 1)))
        return tuple(out)


__all__ = ["CASE_DAY1_TIMES_H", "DrugLevelPanel", "DrugLevels", "TEXT"]
