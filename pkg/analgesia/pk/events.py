"""From what a learner gives to the engine's events: the time grid, rate changes, boluses and
patch release, each checked against ``data/input_bounds.csv`` (``analgesia.bounds``).

Boluses come in three shapes (a DemandLog, ``(times, doses)`` Quantity arrays, or (time, dose)
pairs); :func:`bolus_arrays` turns each into one shape, times (min) and doses (mg) as arrays,
and :func:`bolus_events` checks that shape in one vectorized pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pint

from .. import bounds
from ..demand import DemandLog
from ..units import InputError, Q, _num, fmt
from .engine import EPS, Event, Kind
from .shapes import Background, Boluses, TimeLike

MAX_STEP = "60 min"  # the coarsest output grid: events inside a step are exact anyway
_RELATIVE = 1e-12  # a time this close above the duration is the duration (round-off)
_WHOLE_STEPS = 1e-6  # relative: how close steps x step must come to the duration


class Grid(NamedTuple):
    """The output grid: ``steps`` steps of ``step`` min over ``duration`` min."""

    duration: float
    step: float
    steps: int


def max_duration_min() -> float:
    return float(bounds.high("duration").to("min").magnitude)


def max_events() -> int:
    return int(bounds.bound("presses").high)


def grid(duration: TimeLike, step: TimeLike) -> Grid:
    """A uniform grid from 0 to ``duration`` whose ``step`` divides it into whole steps."""
    dur = bounds.check(duration, "duration", field="duration").to("min")
    st = bounds.check(step, "time_step", field="step").to("min")
    if st > Q(MAX_STEP):
        raise InputError("step", st, f"at most {fmt(Q(MAX_STEP))}", label="time step")
    d, h = float(dur.magnitude), float(st.magnitude)
    steps = round(d / h)
    points = bounds.bound("grid_points")
    if steps > points.high:
        raise InputError("step", st, f"a step that gives at most {_num(points.high)} points "
                         f"over {fmt(dur.to('h'))}", label="time step")
    if steps < 1 or abs(steps * h - d) > _WHOLE_STEPS * d:
        raise InputError(
            "step", st, f"a step that divides the duration {fmt(dur)} into whole steps"
        )
    return Grid(d, h, steps)


def as_items(value: object) -> list:
    """None -> []; one value (text, Quantity, a scalar) -> [value]; an iterable -> its list."""
    if value is None:
        return []
    if isinstance(value, str | pint.Quantity) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def as_pairs(value: object) -> list:
    """Like :func:`as_items`, but one (time, value) pair is one item, not two."""
    if value is None:
        return []
    if isinstance(value, tuple) and len(value) == 2 and not isinstance(value[0], tuple | list):
        return [value]
    return as_items(value)


def _allowed_time(duration: float) -> str:
    return f"a time from 0 h to the duration {fmt(Q(duration, 'min').to('h'))}"


def check_time(value: TimeLike, field: str, duration: float) -> float:
    """A time from 0 to ``duration`` (min), in min."""
    q = bounds.check(value, "time", field=field).to("min")
    t = float(q.magnitude)
    if t > duration * (1 + _RELATIVE):
        raise InputError(field, q.to("h"), _allowed_time(duration))
    return min(t, duration)


def _pair(item: object, field: str, expected: str) -> tuple[object, object]:
    if not isinstance(item, tuple | list) or len(item) != 2:
        raise InputError(field, item, expected)
    return item[0], item[1]


def rate_events(background: Background, duration: float) -> list[Event]:
    """A rate (constant from 0) or (time, rate) pairs in order -> rate events in mg/min."""
    if background is None:
        return []
    pairs = [("0 min", background)] if isinstance(background, str | pint.Quantity) else (
        as_pairs(background))
    if len(pairs) > max_events():
        raise InputError("background", f"{len(pairs)} rate changes", f"at most {max_events()}")
    events, last = [], -1.0
    for item in pairs:
        when, rate = _pair(item, "background", "a rate, or (time, rate) pairs in time order")
        t = check_time(when, "background", duration)
        if t <= last:
            raise InputError("background", Q(t, "min").to("h"),
                             "rate changes in time order, each later than the one before")
        last = t
        r = bounds.check(rate, "background", field="background")
        events.append(Event(t, Kind.RATE, float(r.to("mg/min").magnitude)))
    return events


def _array_in(value: object, unit: str, field: str) -> np.ndarray:
    """A Quantity (scalar or array) -> float array in ``unit``; a bare number is refused."""
    if not isinstance(value, pint.Quantity):
        raise InputError(field, value, f"a Quantity array in a unit convertible to {unit}")
    try:
        return np.atleast_1d(np.asarray(value.to(unit).magnitude, dtype=float))
    except (pint.DimensionalityError, TypeError, ValueError) as exc:
        raise InputError(field, value, f"a Quantity array convertible to {unit}") from exc


def _is_array_pair(boluses: object) -> bool:
    return (isinstance(boluses, tuple) and len(boluses) == 2
            and isinstance(boluses[0], pint.Quantity) and np.ndim(boluses[0].magnitude) == 1)


def bolus_arrays(boluses: Boluses, field: str) -> tuple[np.ndarray, np.ndarray]:
    """Any accepted bolus shape -> (times in min, doses in mg) as float arrays, unchecked
    beyond parsing: a DemandLog's delivered presses; ``(times, doses)`` Quantity arrays (one
    dose for all allowed); or (time, dose) pairs, each parsed and range-checked."""
    if boluses is None:
        return np.zeros(0), np.zeros(0)
    if isinstance(boluses, DemandLog):
        delivered = boluses.delivered
        times = np.array([p.time.magnitude for p in delivered], dtype=float)  # Press: min
        doses = np.array([p.dose.magnitude for p in delivered], dtype=float)  # Press: mg
        return times, doses
    if _is_array_pair(boluses):
        times, doses = _array_in(boluses[0], "min", field), _array_in(boluses[1], "mg", field)
        return times, (np.full(times.shape, doses[0]) if doses.size == 1 else doses)
    pairs = as_pairs(boluses)
    if len(pairs) > max_events():
        raise InputError(field, f"{len(pairs)} boluses", f"at most {max_events()}")
    times, doses = np.empty(len(pairs)), np.empty(len(pairs))
    for i, item in enumerate(pairs):
        when, dose = _pair(item, field, "(time, dose) pairs in time order, (times, doses) "
                                        "arrays or a DemandLog")
        times[i] = bounds.check(when, "time", field=field).to("min").magnitude
        doses[i] = bounds.check(dose, "bolus", field=field).to("mg").magnitude
    return times, doses


def bolus_events(
    times: np.ndarray, doses: np.ndarray, field: str, duration: float
) -> list[Event]:
    """Bolus times (min) and doses (mg) -> events, checked in one pass: one dose per time,
    at most the event limit, each time within [0, duration] and in order, each dose 0 or
    within the bolus bounds."""
    if times.ndim != 1 or doses.shape != times.shape:
        raise InputError(field, f"{times.size} times, {doses.size} doses", "one dose per time")
    if times.size > max_events():
        raise InputError(field, f"{times.size} boluses", f"at most {max_events()}")
    bad = ~np.isfinite(times) | (times < 0) | (times > duration * (1 + _RELATIVE))
    if bad.any():
        t = float(times[bad][0])
        raise InputError(field, Q(t, "min").to("h") if math.isfinite(t) else t,
                         _allowed_time(duration))
    if times.size > 1 and np.any(np.diff(times) < 0):
        i = int(np.argmax(np.diff(times) < 0)) + 1
        raise InputError(field, Q(float(times[i]), "min").to("h"), "boluses in time order")
    b = bounds.bound("bolus")
    with np.errstate(invalid="ignore"):
        ok = ((doses == 0) & b.zero_allowed) | ((doses >= b.low) & (doses <= b.high))
    bad = ~np.isfinite(doses) | ~ok
    if bad.any():
        d = float(doses[bad][0])
        raise InputError(field, Q(d, "mg") if math.isfinite(d) else d, b.allowed, label=b.label)
    times = np.minimum(times, duration)
    return [Event(float(t), Kind.BOLUS, float(d)) for t, d in zip(times, doses, strict=True)]


def boluses_in(boluses: Boluses, field: str, duration: float) -> list[Event]:
    """:func:`bolus_arrays` then :func:`bolus_events`."""
    return bolus_events(*bolus_arrays(boluses, field), field, duration)


def merge(*lists: list[Event]) -> list[Event]:
    """All events in time order (stable: a rate change and a bolus at one time commute)."""
    merged = [e for lst in lists for e in lst]
    merged.sort(key=lambda e: e.time)
    return merged


def release_events(wear: list[tuple[float, float, float]], lag: float) -> list[Event]:
    """Patches worn (on, off in min; release rate in mg/min) -> release-rate events: each
    releases from on + lag to off + lag (the lag is a pure delay, so drug released = rate x
    wear time and a change, new patch on as the old one comes off, leaves no gap)."""
    changes: list[tuple[float, float]] = []
    for on, off, rate in wear:
        changes += [(on + lag, rate), (off + lag, -rate)]
    changes.sort(key=lambda c: c[0])
    events: list[Event] = []
    total = 0.0
    for t, delta in changes:
        total += delta
        if abs(total) < _RELATIVE:
            total = 0.0
        if events and abs(events[-1].time - t) <= EPS:
            events[-1] = Event(events[-1].time, Kind.RATE, total)
        else:
            events.append(Event(t, Kind.RATE, total))
    return events


__all__ = [
    "Grid",
    "as_items",
    "as_pairs",
    "bolus_arrays",
    "bolus_events",
    "boluses_in",
    "check_time",
    "grid",
    "max_duration_min",
    "max_events",
    "merge",
    "rate_events",
    "release_events",
]
