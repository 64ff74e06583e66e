"""PCA demand simulator: which presses of the button the pump delivers, and which it refuses.

Rules (applied to each press in time order, as a pump does):

1. **Lockout.** A press less than ``lockout`` after the last *delivered* bolus is refused
   (reason ``"lockout"``). A press exactly ``lockout`` after it is delivered.
2. **Hour limit** (only when ``settings.hour_limit`` is set). The pump counts background and
   boluses toward the limit (reference sheet s.3): a press at time t is refused (reason
   ``"hour limit"``) when

       background x 1 h + (boluses delivered in (t - 60 min, t]) + this bolus > hour limit

   A full hour of background is counted from the first minute on: the conservative reading,
   identical to the pump's count once it has run for an hour.
3. Otherwise the bolus is delivered (reason ``"delivered"``).

``presses="whenever-allowed"`` simulates a patient who presses at every moment the pump would
accept: at the start, then at the earliest time both rules allow. With a 15 min lockout and no
hour limit that is 4 boluses in every hour.

Times are measured from the pump start (time 0); the simulated window is
``[start, start + duration)`` (half-open, so consecutive 24 h windows never share a press).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

from . import bounds, words
from .pump import DailyTotal, PcaSettings
from .units import InputError, Q, fmt, quantity, ureg

# Why a press was or was not delivered: the codes a Press carries (its ``reason``).
DELIVERED, LOCKOUT, HOUR_LIMIT, NO_BOLUS = "delivered", "lockout", "hour limit", "no bolus set"

# Everything a learner reads from this module; a reason in words is TEXT[_REASON_KEYS[code]].
TEXT = words.catalogue("demand", {
    "delivered": "delivered",
    "lockout": "lockout",
    "hour_limit": "hour limit",
    "no_bolus": "no bolus set",
    "press_line": "{time}: {outcome}",
    "delivered_line": "{reason} ({dose})",
    "refused_line": "refused: {reason}",
    "summary": "{n} presses: {delivered} delivered, {lockout} refused (lockout), "
    "{limit} refused (hour limit)",
    "one_of": "one of {names}",
    "at_most": "at most {n}",
    "at_most_boluses": "at most {n} boluses",
    "settings": "a PcaSettings",
    "label_start": "start",
    "label_presses": "presses",
    "in_order": "times in order (after {previous})",
    "within_window": "a time from {start} to before {end}",
})

WHENEVER_ALLOWED = "whenever-allowed"
# Bounds on duration, times and the number of presses: data/input_bounds.csv (analgesia.bounds).
_EPS_MIN = 1e-9  # float tolerance on times in minutes (0.25 h x 60 is not always 15.0)
_HOUR_MIN = 60.0
_REASONS = (DELIVERED, LOCKOUT, HOUR_LIMIT, NO_BOLUS)
_REASON_KEYS = dict(zip(_REASONS, ("delivered", "lockout", "hour_limit", "no_bolus"),
                        strict=True))
# Unit objects made once: converting with a unit *string* makes pint parse it on every call
# (~0.1 ms), which dominated a week of "whenever allowed" presses.
_MINUTE = ureg.Unit("min")
_MILLIGRAM = ureg.Unit("mg")


def _is_in(value: Any, unit: pint.Unit) -> bool:
    """True for a Quantity of this registry already in ``unit`` with a finite value >= 0."""
    if not isinstance(value, ureg.Quantity) or value.units != unit:
        return False
    m = value.magnitude
    return isinstance(m, float | int) and not isinstance(m, bool) and 0 <= m < math.inf


@dataclass(frozen=True)
class Press:
    """One press of the PCA button: when, whether the pump gave a bolus, why not, how much."""

    time: pint.Quantity  # min from pump start
    delivered: bool
    reason: str  # "delivered", "lockout", "hour limit" or "no bolus set"
    dose: pint.Quantity  # mg; 0 mg when refused

    def __post_init__(self):
        # Stored in min and mg whatever the caller passed (pk reads the magnitudes directly).
        # Fast path (the simulator's own presses): already min / mg, finite, not negative.
        if not _is_in(self.time, _MINUTE):
            object.__setattr__(
                self, "time", quantity(self.time, "min", field="time", allow_zero=True)
            )
        if not _is_in(self.dose, _MILLIGRAM):
            object.__setattr__(
                self, "dose", quantity(self.dose, "mg", field="dose", allow_zero=True)
            )
        if self.reason not in _REASONS:
            raise InputError("reason", self.reason, TEXT("one_of", names=", ".join(_REASONS)))

    def describe(self) -> str:
        reason = TEXT[_REASON_KEYS[self.reason]]
        outcome = (TEXT("delivered_line", reason=reason, dose=fmt(self.dose)) if self.delivered
                   else TEXT("refused_line", reason=reason))
        return TEXT("press_line", time=fmt(self.time.to("h")), outcome=outcome)


@dataclass(frozen=True)
class DayTotal:
    """Drug delivered in one 24 h window ``[start, end)`` of the log.

    For a complete day ``pump_total`` is ``PcaSettings.daily_total(boluses=n)``, and ``total``
    (background x window + sum of delivered doses in the log) equals it.
    """

    day: int
    start: pint.Quantity
    end: pint.Quantity
    boluses: int
    background: pint.Quantity
    bolus_total: pint.Quantity
    total: pint.Quantity
    complete: bool
    pump_total: DailyTotal | None


@dataclass(frozen=True)
class DemandLog:
    """Every press in a simulated window, in time order, with the settings that judged them."""

    settings: PcaSettings
    start: pint.Quantity
    duration: pint.Quantity
    presses: tuple[Press, ...]
    whenever_allowed: bool

    @property
    def end(self) -> pint.Quantity:
        return (self.start + self.duration).to("min")

    @property
    def delivered(self) -> tuple[Press, ...]:
        return tuple(p for p in self.presses if p.delivered)

    @property
    def refused(self) -> tuple[Press, ...]:
        return tuple(p for p in self.presses if not p.delivered)

    @property
    def bolus_times(self) -> pint.Quantity:
        """Times of delivered boluses, as a Quantity array in h."""
        return ureg.Quantity(
            np.array([p.time.to("h").magnitude for p in self.delivered], dtype=float), "h"
        )

    @property
    def bolus_doses(self) -> pint.Quantity:
        """Doses of delivered boluses, as a Quantity array in mg."""
        return ureg.Quantity(
            np.array([p.dose.to("mg").magnitude for p in self.delivered], dtype=float), "mg"
        )

    def lockout_windows(self) -> tuple[tuple[pint.Quantity, pint.Quantity], ...]:
        """(start, end) of each lockout period, in h: a delivered bolus to bolus + lockout."""
        lock = self.settings.lockout.to("h")
        return tuple((p.time.to("h"), (p.time + lock).to("h")) for p in self.delivered)

    def count(self, reason: str) -> int:
        return sum(1 for p in self.presses if p.reason == reason)

    @property
    def summary(self) -> str:
        return TEXT("summary",
            n=len(self.presses),
            delivered=len(self.delivered),
            lockout=self.count(LOCKOUT),
            limit=self.count(HOUR_LIMIT),
        )

    def daily_totals(self) -> tuple[DayTotal, ...]:
        """Totals per 24 h window from ``start``; the last window may be partial.

        total = background x window length + sum of delivered doses in ``[start, end)``
        """
        days = []
        day_min = 24 * 60.0
        end = self.end.magnitude
        n_days = math.ceil(self.duration.magnitude / day_min - 1e-12)
        bg = self.settings.background
        delivered = self.delivered
        for d in range(n_days):
            lo = self.start.magnitude + d * day_min
            hi = min(lo + day_min, end)
            inside = [p for p in delivered if lo - _EPS_MIN <= p.time.magnitude < hi - _EPS_MIN]
            complete = hi - lo >= day_min - _EPS_MIN
            length = Q(24, "h") if complete else Q(hi - lo, "min").to("h")
            background = (bg * length).to("mg")
            bolus_total = Q(math.fsum(p.dose.magnitude for p in inside), "mg")  # Press: mg
            total = (background + bolus_total).to("mg")
            pump = self.settings.daily_total(boluses=len(inside)) if complete else None
            days.append(
                DayTotal(
                    day=d + 1,
                    start=Q(lo, "min").to("h"),
                    end=Q(hi, "min").to("h"),
                    boluses=len(inside),
                    background=background,
                    bolus_total=bolus_total,
                    total=total,
                    complete=complete,
                    pump_total=pump,
                )
            )
        return tuple(days)


def _max_presses() -> int:
    return int(bounds.bound("presses").high)


def _press_times(presses: Any) -> list[float]:
    """Presses as floats in minutes, checked one by one (each a time with a unit)."""
    if isinstance(presses, str | pint.Quantity) or not isinstance(presses, Iterable):
        items = [presses]
    else:
        items = list(presses)
    if len(items) > _max_presses():
        raise InputError("presses", f"{len(items)} presses", TEXT("at_most", n=_max_presses()))
    out = []
    for item in items:
        if isinstance(item, pint.Quantity) and np.ndim(item.magnitude) > 0:
            for sub in np.ravel(item.magnitude):
                q = quantity(
                    Q(float(sub), str(item.units), field="presses"),
                    "min",
                    field="presses",
                    allow_zero=True,
                )
                out.append(float(q.magnitude))
            continue
        q = quantity(item, "min", field="presses", allow_zero=True)
        out.append(float(q.magnitude))
    return out


@dataclass(frozen=True)
class _Rules:
    """The settings as plain numbers (mg, mg/h, min), converted once per simulation."""

    bolus: float
    background: float
    hour_limit: float | None
    lockout: float

    @classmethod
    def of(cls, settings: PcaSettings) -> _Rules:
        limit = None if settings.hour_limit is None else settings.hour_limit.to("mg/h").magnitude
        return cls(
            float(settings.bolus.to("mg").magnitude),
            float(settings.background.to("mg/h").magnitude),
            None if limit is None else float(limit),
            float(settings.lockout.to("min").magnitude),
        )


class _Window:
    """Delivered bolus times (in order) and the first one still inside the hour before the
    latest time asked about. Times are asked in order, so the start only moves forward: each
    bolus enters and leaves the window once, and a simulation is linear in presses (scanning
    back from the end each time was quadratic when an hour held thousands of boluses)."""

    __slots__ = ("first", "times")

    def __init__(self) -> None:
        self.times: list[float] = []
        self.first = 0

    def count(self, t: float) -> int:
        """Boluses delivered in (t - 60 min, t]."""
        times, i = self.times, self.first
        while i < len(times) and t - times[i] >= _HOUR_MIN - _EPS_MIN:
            i += 1
        self.first = i
        return len(times) - i


def _limit_allows(rules: _Rules, t: float, window: _Window) -> bool:
    if rules.hour_limit is None:
        return True
    total = rules.background + rules.bolus * (window.count(t) + 1)
    return total <= rules.hour_limit * (1 + 1e-12)


def _judge(rules: _Rules, t: float, window: _Window) -> str:
    if rules.bolus <= 0:
        return NO_BOLUS
    delivered = window.times
    if delivered and t - delivered[-1] < rules.lockout - _EPS_MIN:
        return LOCKOUT
    if not _limit_allows(rules, t, window):
        return HOUR_LIMIT
    return DELIVERED


def _whenever_allowed(rules: _Rules, start: float, end: float) -> list[float]:
    """Earliest accepted press after each bolus: last + lockout, or later when the hour limit
    blocks it (then the moment the oldest counted bolus leaves the 60 min window)."""
    if rules.bolus <= 0:
        return []
    lock = rules.lockout
    window = _Window()
    times = window.times
    t = start
    while t < end - _EPS_MIN:
        if len(times) >= _max_presses():
            raise InputError("presses", WHENEVER_ALLOWED, TEXT("at_most_boluses", n=_max_presses()),
                             label=TEXT["label_presses"])
        if _limit_allows(rules, t, window):
            times.append(t)
            t = t + lock
            continue
        # Blocked by the hour limit: wait until the oldest bolus in the window drops out.
        # Nothing in the window: background + one bolus alone exceed the limit, never allowed.
        if window.first == len(times):
            break
        t = times[window.first] + _HOUR_MIN
    return times


def simulate_demand(
    settings: PcaSettings, presses: Any, duration: Any, start: Any = "0 min"
) -> DemandLog:
    """Judge each press by the lockout and hour-limit rules (module docstring) and log it.

    ``presses``: a time (``"15 min"``, a Quantity), a sequence of times in order, a Quantity
    array, or ``"whenever-allowed"``. ``duration``: more than 0, at most 30 days. ``start``:
    the window's start, measured from the pump start (at least 0). Presses must lie inside
    ``[start, start + duration)`` and be in time order.
    """
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", settings, TEXT["settings"])
    dur = bounds.check(duration, "duration", field="duration").to(_MINUTE)
    t0 = bounds.check(start, "time", field="start", label=TEXT["label_start"]).to(_MINUTE)
    lo, hi = float(t0.magnitude), float((t0 + dur).magnitude)
    rules = _Rules.of(settings)
    whenever = isinstance(presses, str) and presses.strip().lower() == WHENEVER_ALLOWED
    if whenever:
        times = _whenever_allowed(rules, lo, hi)
    else:
        times = _press_times(presses)
        for prev, cur in zip(times, times[1:], strict=False):
            if cur < prev:
                raise InputError(
                    "presses", Q(cur, "min"), TEXT("in_order", previous=fmt(Q(prev, "min")))
                )
        for t in times:
            if t < lo - _EPS_MIN or t >= hi - _EPS_MIN:
                raise InputError(
                    "presses",
                    Q(t, "min"),
                    TEXT("within_window", start=fmt(t0.to("h")), end=fmt((t0 + dur).to("h"))),
                )
    window = _Window()
    log = []
    zero = ureg.Quantity(0.0, _MILLIGRAM)
    bolus = settings.bolus.to(_MILLIGRAM)
    for t in times:
        reason = _judge(rules, t, window)
        ok = reason == DELIVERED
        if ok:
            window.times.append(t)
        log.append(Press(ureg.Quantity(float(t), _MINUTE), ok, reason, bolus if ok else zero))
    return DemandLog(settings, t0, dur, tuple(log), whenever)


__all__ = ["DELIVERED", "HOUR_LIMIT", "LOCKOUT", "NO_BOLUS", "TEXT", "WHENEVER_ALLOWED",
           "DayTotal", "DemandLog", "Press", "simulate_demand"]
