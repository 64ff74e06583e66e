"""Drug levels, widget-free: pump settings and a press schedule in; the pump's answer to every
press, the day totals and the hydromorphone concentration curve out, with a plain-text summary
whose parts are named (:class:`LevelSummary`).

Which presses the pump delivers comes from :mod:`analgesia.demand`, the levels from
:mod:`analgesia.pk` (Jeleazcov 2014's three compartments; Moulin 1991's subcut F; the subcut
absorption half-life is a workbook assumption). The default presses and the illustrative times
of the case's day 1 are in ``data/teaching_text.csv`` with the reason they were chosen.

Speed: the parameter table is read once; models (and their time to 90%) are cached per route
and absorption half-life; the presses are judged once per schedule; the curve is computed on a
display grid of at most :data:`MAX_POINTS` points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pint

from .. import bounds, pk, words
from ..demand import WHENEVER_ALLOWED, DayTotal, DemandLog, simulate_demand
from ..pump import PcaSettings
from ..units import InputError, Q, fmt, fmt_dose, fmt_percent, parse_dose, quantity
from .model import PanelModel, blank

TEXT = words.catalogue("drug_levels", {
    "settings": "pump: background {background}, bolus {bolus}, lockout {lockout}, "
    "hour limit {limit}",
    "no_limit": "none",
    "case_note": "the case's day 1: the paper gives {n} boluses but not when; here they are "
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
    "t90": "{share} of steady state {time} after the background starts or changes",
    "iv": "intravenous: no absorption step (F = 1)",
    "decimal_comma": "times with a decimal point, separated by a comma and a space or by ';', "
    "e.g. 1 h, 1.5 h, 3 h",
    "separated": "times separated by commas, e.g. 1 h, 1.5 h, 3 h",
    "in_order": "times in order (after {time})",
    "before_end": "a time before the end, {time}",
    "settings_allowed": "pump settings (PcaSettings) or none for the case's",
    "one_of": "one of {names}",
})

MODES = ("typed", "whenever", "case")
DRUG = "hydromorphone"
STEADY_SHARE = 0.9  # the summary's "time to 90% of steady state" (a PK convention, not a dose)
MAX_POINTS = 1500  # display grid: at most this many points (plus one)
GRID_STEPS_MIN = (1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0)
MAX_REFUSED_LINES = 8
MAX_DAY_LINES = 7


def default_presses() -> str:
    """The presses the panel starts with (data/teaching_text.csv: a bolus, a press inside the
    lockout that the pump refuses, a later bolus)."""
    return words.data_text("drug_levels.default_presses")


def case_day1_times() -> tuple[pint.Quantity, ...]:
    """Illustrative times of the case's day-1 boluses (data/teaching_text.csv): the paper gives
    their number (printed_values.csv: day1_boluses), not when they were pressed."""
    return tuple(press_times(words.data_text("drug_levels.case_day1_times")))


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


def _half_life(value: Any) -> pint.Quantity:
    """The absorption half-life as the slider holds it (minutes) or typed with its unit."""
    if isinstance(value, Real) and not isinstance(value, bool):
        return Q(float(value), "min", field="absorption")
    return _value(str(value), "min", "absorption")


def press_times(text: str) -> list[pint.Quantity]:
    """ "1 h; 1.5 h; 3 h" or "1 h, 1.5 h, 3 h" (or plain numbers, in hours) -> times; empty text
    -> no presses. A comma between two digits ("1,5") is a decimal comma: refused, never split."""
    text = text or ""
    if re.search(r"[0-9],[0-9]", text):
        raise InputError("presses", text, TEXT["decimal_comma"])
    items = [x.strip() for x in re.split(r"[,;]", text)]
    if len(items) == 1 and not items[0]:
        return []
    times: list[pint.Quantity] = []
    for item in items:
        if not item:
            raise InputError("presses", text, TEXT["separated"])
        t = quantity(_value(item, "h", "presses"), "h", field="presses", allow_zero=True)
        if times and t < times[-1]:
            raise InputError("presses", t, TEXT("in_order", time=fmt(times[-1])))
        times.append(t)
    return times


def display_step(duration_min: float) -> float:
    """The finest grid step (min) giving at most MAX_POINTS points, adjusted to divide the
    duration exactly."""
    base = next((s for s in GRID_STEPS_MIN if duration_min / s <= MAX_POINTS), GRID_STEPS_MIN[-1])
    n = max(1, math.ceil(duration_min / base - 1e-9))
    return duration_min / n


@dataclass(frozen=True)
class LevelSummary:
    """The summary's parts by name (what the panel shows, in this order)."""

    settings: str
    absorption: str
    case_note: str
    presses: str
    refused: tuple[str, ...]
    days: tuple[str, ...]
    peak: str
    steady_state: tuple[str, ...]
    end: str
    time_to_90: str

    def lines(self) -> tuple[str, ...]:
        head = (self.settings, self.absorption, *((self.case_note,) if self.case_note else ()))
        return (*head, self.presses, *self.refused, *self.days, self.peak,
                *self.steady_state, self.end, self.time_to_90)


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

    @property
    def summary(self) -> LevelSummary:
        return summarise(self)

    def lines(self) -> tuple[str, ...]:
        return self.summary.lines()


def _settings_line(s: PcaSettings) -> str:
    return TEXT("settings", background=fmt_dose(s.background, DRUG, s.route),
                bolus=fmt_dose(s.bolus, DRUG, s.route), lockout=fmt(s.lockout),
                limit=TEXT["no_limit"] if s.hour_limit is None else fmt(s.hour_limit))


def _refused_lines(log: DemandLog) -> tuple[str, ...]:
    refused = log.refused
    out = [TEXT("refused_line", line=p.describe()) for p in refused[:MAX_REFUSED_LINES]]
    if len(refused) > MAX_REFUSED_LINES:
        out.append(TEXT("refused_more", n=len(refused) - MAX_REFUSED_LINES))
    return tuple(out)


def _day_lines(r: DrugLevels) -> tuple[str, ...]:
    out = []
    for day in r.days[:MAX_DAY_LINES]:
        start, end = fmt(day.start), fmt(day.end)
        if day.complete:
            out.append(TEXT("day_complete", day=day.day, start=start, end=end,
                            steps="; ".join(day.pump_total.steps)))
        else:
            out.append(TEXT("day_partial", day=day.day, start=start, end=end,
                            background=fmt(day.background), n=day.boluses,
                            bolus=fmt(r.settings.bolus), total=fmt(day.total)))
    if len(r.days) > MAX_DAY_LINES:
        out.append(TEXT("days_more", n=len(r.days) - MAX_DAY_LINES))
    return tuple(out)


def _end_line(r: DrugLevels) -> str:
    css = r.steady_state.to("ng/mL").magnitude
    end_c = float(r.levels.concentration[-1])
    percent = fmt(Q(100 * end_c / css, "percent"), 0) if css > 0 else "-"
    return TEXT("end", time=fmt(Q(float(r.levels.times[-1]), "h"), 2),
                value=fmt(Q(end_c, "ng/mL"), 2), percent=percent)


def summarise(r: DrugLevels) -> LevelSummary:
    """The summary of one result, part by part."""
    peak_t, peak_c = r.levels.peak()
    case_note = ""
    if r.mode == "case":
        times = case_day1_times()
        case_note = TEXT("case_note", n=len(times), times=", ".join(fmt(t) for t in times))
    return LevelSummary(
        settings=_settings_line(r.settings),
        absorption=r.levels.notes[0] if r.levels.notes else TEXT["iv"],
        case_note=case_note,
        presses=TEXT("presses_line", summary=r.log.summary),
        refused=_refused_lines(r.log),
        days=_day_lines(r),
        peak=TEXT("peak", value=fmt(peak_c, 2), time=fmt(peak_t, 2),
                  step=fmt(Q(r.step_min, "min"), 2)),
        steady_state=tuple(r.model.steady_state_steps(r.settings.background)),
        end=_end_line(r),
        time_to_90=TEXT("t90", share=fmt_percent(STEADY_SHARE), time=fmt(r.time_to_90, 1)),
    )


class DrugLevelModel(PanelModel[DrugLevels]):
    """The case's pump (0.55 mg/h, 0.65 mg, 15 min, subcut) and the default presses, over
    24 h; inputs by name as the panel's controls hold them (text, a choice, the absorption
    half-life in minutes, the EC50 switch)."""

    def __init__(self, settings: PcaSettings | None = None, **inputs: Any) -> None:
        from ..titration import case_settings

        if settings is not None and not isinstance(settings, PcaSettings):
            raise InputError("settings", type(settings).__name__, TEXT["settings_allowed"])
        self._settings = settings or case_settings()
        self.table = pk.load_pk_parameters()
        self.ec50 = pk.ec50(self.table)
        self.absorption_range = pk.absorption_range(self.table)
        self._demand: tuple | None = None  # (key, DemandLog, daily totals) of the last schedule
        self._models: dict[tuple[str, float | None], tuple[Any, pint.Quantity]] = {}
        super().__init__(**inputs)

    def defaults(self) -> dict[str, Any]:
        s = self._settings
        half_life = self.table.get("assumption", "absorption_half_life_sc").value
        return {"background": fmt(s.background), "bolus": fmt(s.bolus),
                "lockout": fmt(s.lockout),
                "hour_limit": "" if s.hour_limit is None else fmt(s.hour_limit),
                "route": s.route, "absorption": float(half_life.to("min").m), "mode": "typed",
                "presses": default_presses(), "duration": "24 h", "ec50": False}

    def _model(self, route: str) -> tuple[pk.HydromorphoneModel, pint.Quantity]:
        half_life = None if route == "intravenous" else _half_life(self.inputs["absorption"])
        key = (route, None if half_life is None else float(half_life.m_as("min")))
        if key not in self._models:
            model = pk.hydromorphone_model(route, half_life, self.table)
            self._models[key] = (model, model.time_to_fraction_of_steady_state(STEADY_SHARE))
        return self._models[key]

    def _schedule(self, duration: pint.Quantity) -> Any:
        mode = self.inputs["mode"]
        if mode not in MODES:
            raise InputError("mode", mode, TEXT("one_of", names=", ".join(MODES)))
        if mode == "whenever":
            return WHENEVER_ALLOWED
        if mode == "case":
            return [t for t in case_day1_times() if t < duration]
        times = press_times(str(self.inputs["presses"]))
        if times and times[-1] >= duration:
            raise InputError("presses", times[-1], TEXT("before_end", time=fmt(duration)))
        return times

    def _pump(self) -> PcaSettings:
        i = self.inputs
        limit = "" if i["hour_limit"] is None else str(i["hour_limit"]).strip()  # None: none
        return PcaSettings(
            background=_value(str(i["background"]), "mg/h", "background"),
            bolus=_value(str(i["bolus"]), "mg", "bolus"),
            lockout=_value(str(i["lockout"]), "min", "lockout"),
            hour_limit=None if blank(limit) else _value(limit, "mg/h", "hour_limit"),
            drug=DRUG, route=i["route"])

    def _log(self, settings: PcaSettings, schedule: Any, duration: pint.Quantity):
        key = (settings.background.magnitude, settings.bolus.magnitude,
               settings.lockout.magnitude,
               None if settings.hour_limit is None else settings.hour_limit.magnitude,
               schedule if isinstance(schedule, str) else tuple(t.m_as("min") for t in schedule),
               duration.m_as("min"))
        if self._demand is None or self._demand[0] != key:  # presses judged once per schedule
            log = simulate_demand(settings, schedule, duration)
            self._demand = (key, log, log.daily_totals())
        return self._demand[1], self._demand[2]

    def compute(self) -> DrugLevels:
        duration = quantity(_value(str(self.inputs["duration"]), "h", "duration"), "h",
                            field="duration", maximum=bounds.high("duration").m_as("h"))
        settings = self._pump()
        log, days = self._log(settings, self._schedule(duration), duration)
        model, t90 = self._model(settings.route)
        step = display_step(float(duration.to("min").magnitude))
        levels = model.simulate(duration, background=settings.background, boluses=log,
                                step=Q(step, "min"))
        return DrugLevels(settings, log, levels, model, days, t90, step, self.inputs["mode"],
                          self.ec50 if self.inputs["ec50"] else None)


__all__ = ["DrugLevelModel", "DrugLevels", "LevelSummary", "case_day1_times",
           "default_presses", "press_times", "summarise"]
