"""Transdermal fentanyl: patch -> skin depot -> one-compartment body, the model defined by the
``fentanyl-patch`` rows of ``data/pk_parameters.csv`` (its depot half-life is FITTED to the
label facts, not measured).

A patch releases its nominal rate ("delivery rate is the dose") from ``lag`` after
application until ``lag`` after removal - the lag is a pure delay, so drug released = rate x
wear time and a change (new patch on as the old one comes off) leaves no gap; a fraction F
(Varvel 1989) enters a skin depot S, which passes drug first-order into a one-compartment body
(clearance CL, volume V; label values as quoted)::

    dS/dt = F x release - kd S,   kd = ln 2 / depot half-life
    dB/dt = kd S - CL/V B,        C = B / V

The strengths a patch may have are those listed in ``data/fentanyl_patches.csv``; the wear
time and the label's rise and fall come from ``data/rules.csv``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import pint

from .. import bounds
from .. import references as refs
from ..units import InputError, Q, _num, fmt, quantity
from . import events as ev
from .engine import EPS, Event, Layout, System, march
from .linalg import find_root
from .parameters import (
    ModelParameter,
    PkParameterTable,
    fraction,
    model_parameter,
    table_or_default,
)
from .result import Course, PkResult, build_result
from .shapes import PatchTriple, RateLike, Strengths, TimeLike
from .text import TEXT

MODEL = "fentanyl-patch"
DEPOT, BODY = "skin depot", "body"
DEFAULT_STEP = "10 min"  # the output grid; a patch's level changes over hours
MAX_PATCHES = 1000
# A depot half-life set by hand, and the search for the fitted one: numerical limits (h), far
# wider than any plausible value (the table's fitted range is in data/pk_parameters.csv).
DEPOT_LIMITS_H = (0.1, 100.0)
FIT_BRACKET_H = (0.2, 99.0)
_FIT_XTOL_H = 1e-6
_ROOT_START = 1e-6  # min
_ROOT_XTOL, _ROOT_RTOL = 1e-9, 1e-12
# The label facts the depot half-life is fitted to (data/rules.csv: rule, rule set).
WEAR_TIME = ("patch_wear_time", "duragesic-label")
HALF_FALL = ("patch_removal_half_fall", "varvel-1989")
RISE = ("patch_rise", "duragesic-label")


def _rule_quantity(rule: tuple[str, str]) -> pint.Quantity:
    r = refs.rule(*rule)
    return Q(r.low, r.unit)


@refs.cached
def patch_strengths() -> tuple[float, ...]:
    """Every patch strength listed in data/fentanyl_patches.csv, in mcg/h, ascending."""
    found = {Q(r["strength"], r["strength_unit"]).to("mcg/h").magnitude
             for r in refs.load("fentanyl_patches")}
    return tuple(sorted(found))


@dataclass(frozen=True)
class Patch:
    """One patch: applied at ``applied``, removed at ``removed`` (None: still on), nominal rate."""

    applied: pint.Quantity
    removed: pint.Quantity | None
    strength: pint.Quantity


def _patch_total(value: RateLike) -> pint.Quantity:
    """The release rate of the patches worn together (0 = none) within the patch-rate bounds."""
    q = Q(value, field="patch_strength")
    if q.check("[mass]/[time]") and q.magnitude == 0:
        return q.to("mcg/h")
    return bounds.check(q, "patch_rate", field="patch_strength", label="patch strength")


def check_strength(value: RateLike, field: str = "patch_strength") -> pint.Quantity:
    """One patch's strength: one of those in data/fentanyl_patches.csv."""
    s = bounds.check(value, "patch_strength", field=field)
    listed = patch_strengths()
    if not any(abs(s.to("mcg/h").magnitude - k) < EPS for k in listed):
        shown = ", ".join(_num(k) for k in listed[:-1]) + ", " + fmt(Q(listed[-1], "mcg/h"))
        raise InputError(field, s, TEXT("strength_allowed", strengths=shown))
    return s


def total_strength(strengths: Strengths) -> pint.Quantity:
    """The release rate of ``strengths`` worn together (each one checked), in mcg/h."""
    items = [check_strength(s) for s in ev.as_items(strengths)]
    if not items:
        raise InputError("patch_strength", strengths, "at least one patch strength")
    return sum(items[1:], items[0]).to("mcg/h")


def patch_schedule(
    start: TimeLike, strengths: Strengths, until: TimeLike, change_every: TimeLike | None = None
) -> tuple[Patch, ...]:
    """Patches of ``strengths`` (one or a list, worn together) from ``start``, replaced every
    ``change_every`` (default: the label's wear time, data/rules.csv; the new patch goes on as
    the old one comes off), the last removed at ``until``."""
    t0 = bounds.check(start, "time", field="patch_start", label="patch start")
    end = bounds.check(until, "duration", field="until", label="until")
    every = bounds.check(_rule_quantity(WEAR_TIME) if change_every is None else change_every,
                         "change_every", field="change_every")
    if end <= t0:
        raise InputError("until", end, f"later than the patch start {fmt(t0)}")
    items = ev.as_items(strengths)
    if not items:
        raise InputError("patch_strength", strengths, "at least one patch strength")
    doses = [check_strength(s) for s in items]
    patches, t = [], t0
    while t < end - Q(EPS, "h"):
        off = min(t + every, end, key=lambda q: q.magnitude)
        patches += [Patch(t, off, s) for s in doses]
        t = off
    return tuple(patches)


def _wear(patches: Sequence[Patch | PatchTriple], duration: float) -> list:
    """Patches -> (on, off in min, release rate in mg/min), each checked; a patch put on at
    the very end without removal releases nothing inside the window and is dropped."""
    items = ev.as_items(patches)
    if len(items) > MAX_PATCHES:
        raise InputError("patches", f"{len(items)} patches", f"at most {MAX_PATCHES}")
    wear = []
    for item in items:
        if isinstance(item, Patch):
            item = (item.applied, item.removed, item.strength)
        if not isinstance(item, tuple | list) or len(item) != len(fields(Patch)):
            raise InputError("patches", item, "(applied, removed or None, strength) triples")
        on = ev.check_time(item[0], "patch_applied", duration)
        off = duration if item[1] is None else ev.check_time(item[1], "patch_removed", duration)
        rate = float(check_strength(item[2]).to("mg/min").magnitude)
        if item[1] is None and off <= on:
            continue
        if off <= on:
            raise InputError("patch_removed", Q(off, "min").to("h"), "later than the time applied")
        wear.append((on, off, rate))
    return wear


@dataclass(frozen=True)
class FentanylPatchModel:
    """Patch -> skin depot -> one-compartment body (module docstring). The depot half-life is
    FITTED to the label facts (see :func:`fit_depot_half_life`), not measured. Build with
    :func:`fentanyl_patch_model`.
    """

    clearance: pint.Quantity
    volume: pint.Quantity
    bioavailability: pint.Quantity
    lag: pint.Quantity
    depot_half_life: pint.Quantity
    parameters: tuple[ModelParameter, ...]
    drug: str = "fentanyl"
    route: str = "transdermal"
    compartments: tuple[str, ...] = (DEPOT, BODY)

    @property
    def notes(self) -> tuple[str, ...]:
        rise = refs.rule(*RISE)
        return (TEXT("patch_fitted", half_life=fmt(self.depot_half_life, 1),
                     rise=f"{_num(rise.low)}-{fmt(Q(rise.high, rise.unit))}",
                     fall=fmt(_rule_quantity(HALF_FALL))),)

    def system(self) -> System:
        """The augmented linear system (1/min): skin depot, body, the counting states (given =
        released by the patch) and the release rate (mg/min)."""
        layout = Layout(self.compartments, central=BODY, entry=DEPOT)
        s = System.empty(layout, boluses=False)
        s.split_input(float(self.bioavailability.to("dimensionless").magnitude))
        s.flow(DEPOT, BODY, math.log(2) / self.depot_half_life.to("min").magnitude)
        s.flow(BODY, layout.eliminated, (self.clearance / self.volume).to("1/min").magnitude)
        return s

    def steady_state(self, strength: RateLike) -> pint.Quantity:
        """C_ss = F x release rate / CL (ng/mL); ``strength`` may be a total of several patches."""
        r = _patch_total(strength)
        return (self.bioavailability * r / self.clearance).to("ng/mL")

    def steady_state_steps(self, strength: RateLike) -> tuple[str, ...]:
        r = _patch_total(strength)
        return (TEXT("patch_steady_state", f=fmt(self.bioavailability), rate=fmt(r),
                     cl=fmt(self.clearance), css=fmt(self.steady_state(r), 2)),)

    def elimination_half_life(self) -> pint.Quantity:
        """Body half-life ln 2 x V / CL (h), without the skin depot."""
        return (math.log(2) * self.volume / self.clearance).to("h")

    def half_fall_after_removal(self, wear: TimeLike | None = None) -> pint.Quantity:
        """Hours from removing a patch worn for ``wear`` (from zero; default the label's wear
        time) until C falls to half its value at removal. Independent of strength (linear)."""
        w = bounds.check(_rule_quantity(WEAR_TIME) if wear is None else wear, "duration",
                         field="wear", label="wear time").to("min")
        lag = self.lag.to("min").magnitude
        if w.magnitude <= lag:
            raise InputError("wear", w.to("h"), f"longer than the lag {fmt(self.lag)}")
        return _half_fall(self.system(), float(w.magnitude), lag)

    def release_events(
        self, patches: Sequence[Patch | PatchTriple], duration_min: float
    ) -> list[Event]:
        """Patches -> release-rate events (mg/min): on at applied + lag, off at removed + lag
        (the lag is a pure delay). Times after the window are left for the caller to drop."""
        return ev.release_events(_wear(patches, duration_min), self.lag.to("min").magnitude)

    def course(self) -> Course:
        return Course(self.drug, self.route, self.volume, self.parameters, self.notes)

    def simulate(
        self,
        patches: Sequence[Patch | PatchTriple],
        duration: TimeLike,
        step: TimeLike = DEFAULT_STEP,
    ) -> PkResult:
        """Concentration on a grid from 0 to ``duration`` for ``patches`` (Patch objects or
        (applied, removed or None, strength) triples; None: still on at the end).

        ``PkResult.steady_state`` is that of the highest total release rate in the schedule.
        """
        g = ev.grid(duration, step)
        events = [e for e in self.release_events(patches, g.duration) if e.time <= g.duration]
        system = self.system()
        states = march(system, events, g.steps, g.step)
        top = Q(max((e.value for e in events), default=0.0), "mg/min").to("mcg/h")
        return build_result(self.course(), system, states, g.step, [], self.steady_state(top))


def _half_fall(system: System, wear_min: float, lag_min: float) -> pint.Quantity:
    """Time from removal (at ``wear_min``) to half the level at removal. Release ran from the
    lag; being a pure delay, it goes on for ``lag_min`` after removal, then stops."""
    body, rate = system.layout.index(BODY), system.layout.rate
    at_removal = system.evolve(system.start(rate=1.0), wear_min - lag_min)
    half = at_removal[body] / 2
    after_lag = system.evolve(at_removal, lag_min)  # release still on until removal + lag
    after_lag[rate] = 0.0

    def gap(t: float) -> float:
        if t <= lag_min:
            return system.evolve(at_removal, t)[body] - half
        return system.evolve(after_lag, t - lag_min)[body] - half

    t = find_root(gap, _ROOT_START, ev.max_duration_min(), _ROOT_XTOL, _ROOT_RTOL)
    return Q(t, "min").to("h")


def fentanyl_patch_model(
    table: PkParameterTable | None = None, depot_half_life: TimeLike | None = None
) -> FentanylPatchModel:
    """Build the patch model from the ``fentanyl-patch`` rows: CL (L/h), V (L), F, lag (h) and
    depot_half_life (h, FITTED). ``depot_half_life`` here overrides the table (0.1-100 h)."""
    table = table_or_default(table)
    cl = model_parameter(table, MODEL, "CL", "L/h", TEXT["clearance"])
    v = model_parameter(table, MODEL, "V", "L", TEXT["volume"])
    f = model_parameter(table, MODEL, "F", "dimensionless", TEXT["f_transdermal"])
    fraction(f, f"{MODEL}/F")
    row = table.get(MODEL, "lag")
    hours_per_day = Q(1, "day").to("h").magnitude
    lag = ModelParameter(
        TEXT["lag"],
        quantity(row.value, "h", field=f"{MODEL}/lag", allow_zero=True, maximum=hours_per_day),
        row.citation, row.status)
    if depot_half_life is None:
        depot = model_parameter(table, MODEL, "depot_half_life", "h", TEXT["depot"])
    else:
        low, high = DEPOT_LIMITS_H
        value = quantity(depot_half_life, "h", field="depot_half_life", minimum=low, maximum=high)
        depot = ModelParameter(TEXT["depot"], value, TEXT["set_by_user"], "assumption")
    return FentanylPatchModel(
        cl.value, v.value, f.value, lag.value, depot.value, (cl, v, f, lag, depot)
    )


def fit_depot_half_life(
    target_half_fall: TimeLike | None = None,
    wear: TimeLike | None = None,
    table: PkParameterTable | None = None,
) -> pint.Quantity:
    """The depot half-life for which the model falls by half ``target_half_fall`` after removing
    a patch worn ``wear``: how the table's FITTED value can be reproduced. The defaults come
    from data/rules.csv: the half-fall (Varvel 1989) and the wear time (label)."""
    if target_half_fall is None:
        target_half_fall = _rule_quantity(HALF_FALL)
    if wear is None:
        wear = _rule_quantity(WEAR_TIME)
    target = quantity(target_half_fall, "h", field="target_half_fall",
                      maximum=DEPOT_LIMITS_H[1])
    table = table_or_default(table)
    base = fentanyl_patch_model(table, depot_half_life=Q(1.0, "h"))
    w = bounds.check(wear, "duration", field="wear", label="wear time").to("min")
    body = base.elimination_half_life()
    if target <= body:
        raise InputError(
            "target_half_fall", target, f"longer than the body half-life {fmt(body, 1)}"
        )

    def gap(depot_h: float) -> float:
        model = fentanyl_patch_model(table, depot_half_life=Q(depot_h, "h"))
        return model.half_fall_after_removal(w).magnitude - target.magnitude

    return Q(find_root(gap, *FIT_BRACKET_H, _FIT_XTOL_H, _ROOT_RTOL), "h")


__all__ = [
    "FentanylPatchModel",
    "Patch",
    "check_strength",
    "fentanyl_patch_model",
    "fit_depot_half_life",
    "patch_schedule",
    "patch_strengths",
    "total_strength",
]
