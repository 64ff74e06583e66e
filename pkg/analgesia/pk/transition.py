"""The transition: pump off, patch on. Hydromorphone falling after the pump stops and fentanyl
rising from the patch, on one time grid, each as % of its own steady state and, given the
conversion factors, as level-equivalent oral morphine per day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pint

from ..pump import PcaSettings
from ..units import InputError, Q, fmt, quantity
from . import events as ev
from .fentanyl import DEFAULT_STEP, fentanyl_patch_model, patch_schedule, total_strength
from .hydromorphone import hydromorphone_model, pump_background
from .parameters import PkParameterTable, table_or_default
from .result import PkResult, frozen
from .shapes import Background, Boluses, FactorLike, Strengths, TimeLike
from .text import TEXT

PERCENT = 100  # a fraction x this = percent
# Bounds on the factors a learner passes (oral morphine per unit of each drug): sanity limits
# on typed input, far above any table's factor (those are in data/conversion_factors.csv).
MAX_HYDROMORPHONE_FACTOR = 1000
MAX_PATCH_FACTOR = 100_000


@dataclass(frozen=True, eq=False)
class TransitionResult:
    """Both curves on one time grid (h), each as % of its own steady state, and optionally as
    level-equivalent oral morphine per day (mg/day): level / steady state x daily dose x factor.

    The sum of the two percentages is the "cover" a learner compares with 100%: it assumes the
    two regimens were chosen to be equianalgesic.
    """

    hydromorphone: PkResult
    fentanyl: PkResult
    times: np.ndarray
    hydromorphone_percent: np.ndarray
    fentanyl_percent: np.ndarray
    pump_stop: pint.Quantity
    patch_start: pint.Quantity
    patch_strength: pint.Quantity
    hydromorphone_steady_state: pint.Quantity
    fentanyl_steady_state: pint.Quantity
    hydromorphone_ome: np.ndarray | None
    fentanyl_ome: np.ndarray | None
    notes: tuple[str, ...]
    time_unit: str = "h"
    percent_unit: str = "%"
    ome_unit: str = "mg/day"

    @property
    def total_percent(self) -> np.ndarray:
        return self.hydromorphone_percent + self.fentanyl_percent

    @property
    def total_ome(self) -> np.ndarray | None:
        if self.hydromorphone_ome is None or self.fentanyl_ome is None:
            return None
        return self.hydromorphone_ome + self.fentanyl_ome

    def gap(self) -> tuple[pint.Quantity, pint.Quantity]:
        """(time, lowest combined % of steady state) after the pump stops."""
        after = self.times >= self.pump_stop.to("h").magnitude
        i = int(np.argmin(np.where(after, self.total_percent, np.inf)))
        return Q(float(self.times[i]), "h"), Q(float(self.total_percent[i]), "percent")


def _window(
    duration: TimeLike, step: TimeLike, pump_start: TimeLike, pump_stop: TimeLike,
    patch_start: TimeLike,
) -> tuple[pint.Quantity, pint.Quantity, pint.Quantity, pint.Quantity]:
    """(end, pump on, pump off, patch on) in h, checked against each other."""
    end = Q(ev.grid(duration, step).duration, "min").to("h")
    limit = end.magnitude
    stop = quantity(pump_stop, "h", field="pump_stop", maximum=limit)
    start = quantity(patch_start, "h", field="patch_start", allow_zero=True, maximum=limit)
    pump_on = quantity(pump_start, "h", field="pump_start", allow_zero=True, maximum=limit)
    if stop <= pump_on:
        raise InputError("pump_stop", stop, f"later than the pump start {fmt(pump_on)}")
    if start >= end:
        raise InputError("patch_start", start, "before the end of the simulation")
    return end, pump_on, stop, start


def _daily_ome(
    settings: PcaSettings, strength: pint.Quantity, hydromorphone_factor: FactorLike | None,
    patch_factor: FactorLike | None,
) -> tuple[float, float] | None:
    """Oral morphine per day (mg/day) of the background and of the patches at steady state,
    or None when no factors are given; both factors or neither."""
    if (hydromorphone_factor is None) != (patch_factor is None):
        raise InputError(
            "patch_factor" if patch_factor is None else "hydromorphone_factor",
            None,
            "both conversion factors, or neither",
        )
    if hydromorphone_factor is None:
        return None
    hf = quantity(hydromorphone_factor, "dimensionless", field="hydromorphone_factor",
                  maximum=MAX_HYDROMORPHONE_FACTOR)
    pf = quantity(patch_factor, "dimensionless", field="patch_factor", maximum=MAX_PATCH_FACTOR)
    hydromorphone = settings.background.to("mg/day").magnitude * hf.magnitude
    return hydromorphone, (strength * pf).to("mg/day").magnitude


def transition(
    settings: PcaSettings,
    pump_stop: TimeLike,
    patch_start: TimeLike,
    patch_strength: Strengths,
    duration: TimeLike,
    *,
    boluses: Boluses = None,
    pump_start: TimeLike = "0 h",
    rate_changes: Background = None,
    change_every: TimeLike | None = None,
    hydromorphone_factor: FactorLike | None = None,
    patch_factor: FactorLike | None = None,
    absorption_half_life: TimeLike | None = None,
    step: TimeLike = DEFAULT_STEP,
    table: PkParameterTable | None = None,
) -> TransitionResult:
    """Hydromorphone falling after ``pump_stop`` and fentanyl rising from ``patch_start``.

    ``patch_strength``: one strength or a list worn together (e.g. 5 x 25 mcg/h), replaced every
    ``change_every`` (default: the label's wear time). Conversion factors are never built in:
    pass ``hydromorphone_factor`` (mg oral morphine per mg, e.g. ``"20 mg/mg"``) and
    ``patch_factor`` (e.g. ``Q(2.4, "mg/day") / Q(1, "mcg/h")``) to get
    oral-morphine-equivalent curves. ``rate_changes``: (time, rate) pairs before ``pump_stop``,
    e.g. the Kornick 2001 overlap (patch on, infusion halved 6 h later, stopped at 12 h).
    Percentages are of the steady state of the settings' background.
    """
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", settings, "a PcaSettings")
    end, pump_on, stop, start = _window(duration, step, pump_start, pump_stop, patch_start)
    background = pump_background(settings, pump_on, stop, rate_changes)
    strength = total_strength(patch_strength)
    daily = _daily_ome(settings, strength, hydromorphone_factor, patch_factor)
    table = table_or_default(table)
    model = hydromorphone_model(settings.route, absorption_half_life, table)  # built once
    hm = model.simulate(duration, background, boluses, None, step)
    patch = fentanyl_patch_model(table)
    fe = patch.simulate(patch_schedule(start, patch_strength, end, change_every), duration, step)
    hm_ss, fe_ss = model.steady_state(settings.background), patch.steady_state(strength)
    hm_pct = (hm.concentration / hm_ss.magnitude * PERCENT if hm_ss.magnitude > 0
              else hm.concentration * 0)
    fe_pct = fe.concentration / fe_ss.magnitude * PERCENT
    notes = hm.notes + fe.notes + ((TEXT["ome"],) if daily is not None else ())
    return TransitionResult(
        hydromorphone=hm, fentanyl=fe, times=hm.times,
        hydromorphone_percent=frozen(hm_pct), fentanyl_percent=frozen(fe_pct),
        pump_stop=stop, patch_start=start, patch_strength=strength,
        hydromorphone_steady_state=hm_ss, fentanyl_steady_state=fe_ss,
        hydromorphone_ome=None if daily is None else frozen(hm_pct / PERCENT * daily[0]),
        fentanyl_ome=None if daily is None else frozen(fe_pct / PERCENT * daily[1]),
        notes=notes,
    )


__all__ = ["TransitionResult", "transition"]
