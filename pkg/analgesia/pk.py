"""Drug levels: hydromorphone (subcut or IV) and transdermal fentanyl concentration-time curves.

Teaching models, not patient predictions: typical-patient parameters, no variability.

Hydromorphone (Jeleazcov 2014, Anesthesiology 120:378; three-compartment IV model, typical
patient 67 y, 70 kg), amounts A1 (central, V1), A2 (V2), A3 (V3) in mg, time in min::

    dA1/dt = input - (CL1 + CL2 + CL3)/V1 A1 + CL2/V2 A2 + CL3/V3 A3
    dA2/dt = CL2/V1 A1 - CL2/V2 A2
    dA3/dt = CL3/V1 A1 - CL3/V3 A3
    C = A1 / V1

Subcut route: doses and infusion enter a depot D with first-order absorption,
ka = ln 2 / absorption half-life; a fraction F reaches A1 (F = 0.78, Moulin 1991), the rest is
counted as ``not_absorbed``::

    dD/dt = input - ka D;   A1 gains F ka D

**ASSUMPTION:** no published subcut absorption rate for hydromorphone was found; the absorption
half-life is an adjustable assumption (default 15 min, allowed 5-45 min, row ``assumption`` in
``data/pk_parameters.csv``).

Transdermal fentanyl (the depot model defined by the ``fentanyl-patch`` rows; its depot
half-life is FITTED to the label facts, not measured): a patch releases its nominal rate
("delivery rate is the dose") from ``lag`` after application until ``lag`` after removal - the
lag is a pure delay, so drug released = rate x wear time and a change (new patch on as the old
one comes off) leaves no gap; a fraction F (Varvel
1989) enters a skin depot S, which passes drug first-order into a one-compartment body
(clearance CL, volume V; label values as quoted)::

    dS/dt = F x release - kd S,   kd = ln 2 / depot half-life
    dB/dt = kd S - CL/V B,        C = B / V

Exact solution: every model is linear, x' = M x, with the infusion rate carried as a constant
state (augmented system), plus three counting states (eliminated, not absorbed, given). Between
events, x(t + tau) = expm(M tau) x(t) exactly. On a uniform grid of step h the powers
expm(M h)^m are precomputed once (and cached), so a stretch without events is one batched
matrix product; an event between grid points is reached and left with exact partial steps.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pint
import scipy.linalg
from scipy.optimize import brentq

from . import bounds
from . import references as refs
from .demand import DemandLog
from .pump import PcaSettings
from .transdermal import STRENGTHS_MCG_H
from .units import InputError, Q, _num, fmt, quantity, ureg

# Everything a learner reads from this module.
TEXT = {
    "assumption_sc": "ASSUMPTION: subcut absorption half-life {half_life} (no published value; "
    "allowed 5-45 min)",
    "patch_fitted": "fentanyl patch skin-depot half-life {half_life}: FITTED to label facts "
    "(rise over 12-24 h, ~17 h to fall by half after removal), not measured",
    "steady_state": "steady state = F x rate / CL1 = {f} x {rate} / {cl} = {css}",
    "patch_steady_state": "steady state = F x release rate / CL = {f} x {rate} / {cl} = {css}",
    "ec50": "illustrative (Jeleazcov 2016, post-surgical)",
    "ome": "level-equivalent oral morphine per day = level / steady state x daily dose x factor",
}

PARAMETER_FILE_NAME = "pk_parameters.csv"
# Bounds on durations, times, rates, doses, steps and event counts: data/input_bounds.csv
# (analgesia.bounds).
ROUTES = ("subcutaneous", "intravenous")
_DIMENSIONLESS_UNITS = ("", "1", "fraction", "ratio", "dimensionless")
_EPS = 1e-9


# ---------------------------------------------------------------------------------------------
# Parameter table


@dataclass(frozen=True)
class PkParameter:
    """One row of ``data/pk_parameters.csv``: a named value with its unit and source."""

    model: str
    drug: str
    parameter: str
    value: pint.Quantity
    low: pint.Quantity | None
    high: pint.Quantity | None
    source: str
    year: int | None
    url: str
    status: str
    note: str

    @property
    def citation(self) -> str:
        return f"{self.source} ({self.year})" if self.year else self.source


@dataclass(frozen=True)
class PkParameterTable:
    path: str
    rows: tuple[PkParameter, ...]

    def get(self, model: str, parameter: str) -> PkParameter:
        for row in self.rows:
            if row.model == model and row.parameter == parameter:
                return row
        raise InputError(
            "parameter", f"{model}/{parameter}", f"a row of {self.path} (model, parameter)"
        )

    def has(self, model: str, parameter: str) -> bool:
        return any(r.model == model and r.parameter == parameter for r in self.rows)


def _table(table: Any) -> PkParameterTable:
    """The table given, or data/pk_parameters.csv when None."""
    if table is None:
        return load_pk_parameters()
    if not isinstance(table, PkParameterTable):
        raise InputError("table", table, "a PkParameterTable from load_pk_parameters(), or None "
                         "(data/pk_parameters.csv)", label="parameter table")
    return table


def load_pk_parameters(path: str | Path | None = None) -> PkParameterTable:
    """Read ``data/pk_parameters.csv`` through the shared loader (``references.read_csv`` with
    ``PK_SCHEMA``): a bad cell fails naming file, row and column. On top of the schema: each
    (model, parameter) once, and low <= value <= high.
    """
    if path is not None and not isinstance(path, str | Path):
        raise InputError("path", path, "a path to a CSV file", label="parameter file")
    file = Path(path) if path is not None else Path(refs.DATA_DIR) / PARAMETER_FILE_NAME
    try:
        is_file = file.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte
        is_file = False
    if not is_file:
        raise InputError("path", str(file), "an existing CSV file", label="parameter file")
    rows, seen = [], set()
    for r in refs.read_csv(file, refs.PK_SCHEMA):
        unit = "dimensionless" if r["unit"] in _DIMENSIONLESS_UNITS else r["unit"]
        value = Q(r["value"], unit)
        low = None if r["low"] is None else Q(r["low"], unit)
        high = None if r["high"] is None else Q(r["high"], unit)
        if low is not None and low > value:
            raise refs.DataFileError(file, r["_row"], "low", f"{r['low']} is above the value")
        if high is not None and high < value:
            raise refs.DataFileError(file, r["_row"], "high", f"{r['high']} is below the value")
        key = (r["model"], r["parameter"])
        if key in seen:
            raise refs.DataFileError(file, r["_row"], "parameter", f"{key} appears twice")
        seen.add(key)
        rows.append(PkParameter(model=r["model"], drug=r["drug"], parameter=r["parameter"],
                                value=value, low=low, high=high, source=r["source"],
                                year=r["year"], url=r["url"], status=r["status"],
                                note=r.get("note", "")))
    return PkParameterTable(str(file), tuple(rows))


@dataclass(frozen=True)
class ModelParameter:
    """A parameter as a model uses it: name, value (Quantity) and where it comes from."""

    name: str
    value: pint.Quantity
    source: str
    status: str = ""
    low: pint.Quantity | None = None
    high: pint.Quantity | None = None

    def describe(self) -> str:
        status = f" [{self.status}]" if self.status else ""
        return f"{self.name} = {fmt(self.value)} ({self.source}){status}"


def _param(table: PkParameterTable, model: str, name: str, unit: str, alias: str | None = None):
    row = table.get(model, name)
    value = quantity(row.value, unit, field=f"{model}/{name}", minimum=0.0)
    return ModelParameter(alias or name, value, row.citation, row.status)


# ---------------------------------------------------------------------------------------------
# Results


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=float)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class PkResult:
    """A simulated course. Arrays are plain numpy with their unit in the ``*_unit`` field.

    ``amounts[:, i]`` is the drug in ``compartments[i]``. Mass balance:
    ``given == remaining + eliminated + not_absorbed`` at every time.
    """

    drug: str
    route: str
    times: np.ndarray
    concentration: np.ndarray
    compartments: tuple[str, ...]
    amounts: np.ndarray
    given: np.ndarray
    eliminated: np.ndarray
    not_absorbed: np.ndarray
    bolus_times: np.ndarray
    bolus_doses: np.ndarray
    steady_state: pint.Quantity | None
    parameters: tuple[ModelParameter, ...]
    notes: tuple[str, ...]
    time_unit: str = "h"
    concentration_unit: str = "ng/mL"
    amount_unit: str = "mg"

    @property
    def remaining(self) -> np.ndarray:
        """Drug still in the body (all compartments, depot included), in ``amount_unit``."""
        return self.amounts.sum(axis=1)

    @property
    def time_quantity(self) -> pint.Quantity:
        return ureg.Quantity(self.times, self.time_unit)

    @property
    def concentration_quantity(self) -> pint.Quantity:
        return ureg.Quantity(self.concentration, self.concentration_unit)

    def peak(self) -> tuple[pint.Quantity, pint.Quantity]:
        """(time, concentration) of the highest grid value."""
        i = int(np.argmax(self.concentration))
        return Q(float(self.times[i]), self.time_unit), Q(
            float(self.concentration[i]), self.concentration_unit
        )


# ---------------------------------------------------------------------------------------------
# The exact linear engine


@functools.lru_cache(maxsize=8)
def _powers_cached(key: bytes, n: int, h: float, steps: int) -> np.ndarray:
    m = np.frombuffer(key, dtype=float).reshape(n, n)
    step = scipy.linalg.expm(m * h)
    powers = np.empty((steps + 1, n, n))
    powers[0] = np.eye(n)
    if steps:
        powers[1] = step
    filled = 1
    while filled < steps:  # doubling: P[filled + j] = P[j] @ P[filled]
        count = min(filled, steps - filled)
        np.matmul(
            powers[1 : 1 + count], powers[filled], out=powers[filled + 1 : filled + 1 + count]
        )
        filled += count
    powers.setflags(write=False)
    return powers


def _powers(m: np.ndarray, h: float, steps: int) -> np.ndarray:
    """expm(M h)^k for k = 0..steps, cached per (M, h, steps)."""
    m = np.ascontiguousarray(m, dtype=float)
    return _powers_cached(m.tobytes(), m.shape[0], float(h), int(steps))


def _march(
    m: np.ndarray,
    bolus_vector: np.ndarray,
    rate_index: int,
    events: list[tuple[float, int, float]],
    steps: int,
    h: float,
) -> np.ndarray:
    """Exact states on the grid k h (k = 0..steps) for x' = M x with events.

    ``events``: (time, kind, value) sorted by time; kind 0 sets the rate state to value, kind 1
    adds value x ``bolus_vector``. Values on the grid are right-continuous (a bolus at a grid
    time shows at that time).
    """
    n = m.shape[0]
    powers = _powers(m, h, steps)
    out = np.empty((steps + 1, n))
    # Group events by grid interval [t_k, t_k+1) and list the partial steps they need.
    grid_index = []
    offsets = []
    for t, _, _ in events:
        k = min(int(math.floor(t / h + _EPS)), steps)
        grid_index.append(k)
        offsets.append(max(t - k * h, 0.0) if t - k * h > _EPS * h else 0.0)
    taus: list[float] = []
    i = 0
    while i < len(events):
        k, prev = grid_index[i], 0.0
        while i < len(events) and grid_index[i] == k:
            taus.append(offsets[i] - prev)
            prev = offsets[i]
            i += 1
        if k < steps:
            taus.append(h - prev)
    partial_needed = sorted({tau for tau in taus if tau > _EPS * h and abs(tau - h) > _EPS * h})
    partial = {}
    if partial_needed:
        mats = scipy.linalg.expm(m[None, :, :] * np.array(partial_needed)[:, None, None])
        partial = dict(zip(partial_needed, mats, strict=True))

    def step_matrix(tau: float):
        if tau <= _EPS * h:
            return None
        if abs(tau - h) <= _EPS * h:
            return powers[1]
        return partial[tau]

    y = np.zeros(n)
    current = 0
    i = 0
    pos = 0
    while i < len(events):
        k = grid_index[i]
        np.matmul(powers[: k - current + 1], y, out=out[current : k + 1])
        y = out[k].copy()
        while i < len(events) and grid_index[i] == k:
            mat = step_matrix(taus[pos])
            pos += 1
            if mat is not None:
                y = mat @ y
            _, kind, value = events[i]
            if kind == 0:
                y[rate_index] = value
            else:
                y = y + value * bolus_vector
            if offsets[i] == 0.0:
                out[k] = y
            i += 1
        if k < steps:
            mat = step_matrix(taus[pos])
            pos += 1
            y = mat @ y if mat is not None else y
        current = k + 1
    if current <= steps:
        np.matmul(powers[: steps - current + 1], y, out=out[current:])
    # Every state is an amount, a running total or a rate: never negative. Round-off in the
    # matrix powers leaves specks like -1e-20 mg where a state has decayed to nothing; those
    # (and only those) are set to 0. A larger negative value is left for the tests to catch.
    tol = 1e-12 * float(np.max(np.abs(out))) if out.size else 0.0
    out[(out < 0) & (out >= -tol)] = 0.0
    return out


def _max_duration_min() -> float:
    return float(bounds.high("duration").to("min").magnitude)


def _max_events() -> int:
    return int(bounds.bound("presses").high)


def _grid(duration: Any, step: Any, max_step_min: float = 60.0) -> tuple[float, float, int]:
    dur = bounds.check(duration, "duration", field="duration").to("min")
    st = bounds.check(step, "time_step", field="step").to("min")
    if st.magnitude > max_step_min:
        raise InputError("step", st, f"at most {fmt(Q(max_step_min, 'min'))}", label="time step")
    d, h = float(dur.magnitude), float(st.magnitude)
    steps = round(d / h)
    points = bounds.bound("grid_points")
    if steps > points.high:
        raise InputError("step", st, f"a step that gives at most {_num(points.high)} points "
                         f"over {fmt(dur.to('h'))}", label="time step")
    if steps < 1 or abs(steps * h - d) > 1e-6 * d:
        raise InputError(
            "step", st, f"a step that divides the duration {fmt(dur)} into whole steps"
        )
    return d, h, steps


def _as_items(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, str | pint.Quantity) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _time(value: Any, field: str, duration: float) -> float:
    q = bounds.check(value, "time", field=field).to("min")
    t = float(q.magnitude)
    if t > duration * (1 + 1e-12):
        raise InputError(
            field, q.to("h"), f"a time from 0 h to the duration {fmt(Q(duration, 'min').to('h'))}"
        )
    return min(t, duration)


def _rate_events(background: Any, duration: float) -> list[tuple[float, int, float]]:
    """A rate (constant from 0) or a sequence of (time, rate) pairs -> rate events in mg/min."""
    if background is None:
        return []
    if isinstance(background, str | pint.Quantity):
        pairs = [("0 min", background)]
    else:
        pairs = _as_items_pairs(background)
    if len(pairs) > _max_events():
        raise InputError("background", f"{len(pairs)} rate changes", f"at most {_max_events()}")
    events = []
    last = -1.0
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputError("background", pair, "a rate, or (time, rate) pairs in time order")
        t = _time(pair[0], "background", duration)
        if t <= last:
            raise InputError(
                "background",
                Q(t, "min").to("h"),
                "rate changes in time order, each later than the one before",
            )
        last = t
        rate = bounds.check(pair[1], "background", field="background")
        events.append((t, 0, float(rate.to("mg/min").magnitude)))
    return events


def _array_in(value: Any, unit: str, field: str) -> np.ndarray:
    """A Quantity (scalar or array) -> float array in ``unit``; a bare number is refused."""
    if not isinstance(value, pint.Quantity):
        raise InputError(field, value, f"a Quantity array in a unit convertible to {unit}")
    try:
        arr = np.atleast_1d(np.asarray(value.to(unit).magnitude, dtype=float))
    except (pint.DimensionalityError, TypeError, ValueError) as exc:
        raise InputError(field, value, f"a Quantity array convertible to {unit}") from exc
    return arr


def _check_bolus_arrays(
    times: np.ndarray, doses: np.ndarray, field: str, duration: float
) -> list[tuple[float, int, float]]:
    """Vectorized checks on bolus times (min) and doses (mg)."""
    if times.ndim != 1 or doses.shape != times.shape:
        raise InputError(field, f"{times.size} times, {doses.size} doses", "one dose per time")
    if times.size > _max_events():
        raise InputError(field, f"{times.size} boluses", f"at most {_max_events()}")
    bad = ~np.isfinite(times) | (times < 0) | (times > duration * (1 + 1e-12))
    if bad.any():
        t = float(times[bad][0])
        raise InputError(
            field,
            Q(t, "min").to("h") if math.isfinite(t) else t,
            f"a time from 0 h to the duration {fmt(Q(duration, 'min').to('h'))}",
        )
    if times.size > 1 and np.any(np.diff(times) < 0):
        i = int(np.argmax(np.diff(times) < 0)) + 1
        raise InputError(field, Q(float(times[i]), "min").to("h"), "boluses in time order")
    b = bounds.bound("bolus")
    with np.errstate(invalid="ignore"):
        ok = ((doses == 0) & b.zero_allowed) | ((doses >= b.low) & (doses <= b.high))
    bad = ~np.isfinite(doses) | ~ok
    if bad.any():
        d = float(doses[bad][0])
        raise InputError(field, Q(d, "mg") if math.isfinite(d) else d, b.allowed,
                         label=b.label)
    times = np.minimum(times, duration)
    return [(float(t), 1, float(dose)) for t, dose in zip(times, doses, strict=True)]


def _bolus_events(boluses: Any, field: str, duration: float) -> list[tuple[float, int, float]]:
    """Bolus events (min, mg) from: a DemandLog (its delivered presses); a pair of Quantity
    arrays ``(times, doses)`` (doses may be one Quantity for all); or (time, dose) pairs.

    The array forms are checked in one vectorized pass (fast); pairs one by one.
    """
    if boluses is None:
        return []
    if isinstance(boluses, DemandLog):
        delivered = boluses.delivered
        times = np.array([p.time.magnitude for p in delivered], dtype=float)  # Press: min
        doses = np.array([p.dose.magnitude for p in delivered], dtype=float)  # Press: mg
        return _check_bolus_arrays(times, doses, field, duration)
    if (
        isinstance(boluses, tuple)
        and len(boluses) == 2
        and isinstance(boluses[0], pint.Quantity)
        and np.ndim(boluses[0].magnitude) == 1
    ):
        times = _array_in(boluses[0], "min", field)
        doses = _array_in(boluses[1], "mg", field)
        if doses.size == 1:
            doses = np.full(times.shape, doses[0])
        return _check_bolus_arrays(times, doses, field, duration)
    pairs = _as_items_pairs(boluses)
    if len(pairs) > _max_events():
        raise InputError(field, f"{len(pairs)} boluses", f"at most {_max_events()}")
    events = []
    last = 0.0
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputError(
                field,
                pair,
                "(time, dose) pairs in time order, (times, doses) arrays or a DemandLog",
            )
        t = _time(pair[0], field, duration)
        if t < last:
            raise InputError(field, Q(t, "min").to("h"), "boluses in time order")
        last = t
        dose = bounds.check(pair[1], "bolus", field=field)
        events.append((t, 1, float(dose.magnitude)))
    return events


def _merge(*lists: list[tuple[float, int, float]]) -> list[tuple[float, int, float]]:
    merged = [e for lst in lists for e in lst]
    merged.sort(key=lambda e: e[0])  # stable: a rate change and a bolus at one time commute
    return merged


# ---------------------------------------------------------------------------------------------
# Hydromorphone


@dataclass(frozen=True)
class HydromorphoneModel:
    """Jeleazcov 2014 three-compartment model; subcut adds a depot (F, absorption half-life).

    Build with :func:`hydromorphone_model`. ``absorption_half_life`` is an ASSUMPTION (module
    docstring); it is ``None`` for the IV route.
    """

    route: str
    cl1: pint.Quantity
    v1: pint.Quantity
    cl2: pint.Quantity
    v2: pint.Quantity
    cl3: pint.Quantity
    v3: pint.Quantity
    bioavailability: pint.Quantity
    absorption_half_life: pint.Quantity | None
    parameters: tuple[ModelParameter, ...]
    drug: str = "hydromorphone"

    @property
    def compartments(self) -> tuple[str, ...]:
        body = ("central", "peripheral (fast)", "peripheral (slow)")
        return (("subcut depot",) + body) if self.route == "subcutaneous" else body

    @property
    def notes(self) -> tuple[str, ...]:
        if self.absorption_half_life is None:
            return ()
        return (TEXT["assumption_sc"].format(half_life=fmt(self.absorption_half_life)),)

    def _rates(self) -> tuple[float, ...]:
        cl1, cl2, cl3 = (c.to("L/min").magnitude for c in (self.cl1, self.cl2, self.cl3))
        v1, v2, v3 = (v.to("L").magnitude for v in (self.v1, self.v2, self.v3))
        return cl1 / v1, cl2 / v1, cl2 / v2, cl3 / v1, cl3 / v3

    def disposition_matrix(self) -> np.ndarray:
        """The 3 x 3 rate matrix (1/min) of A1, A2, A3 after drug reaches the blood."""
        k10, k12, k21, k13, k31 = self._rates()
        return np.array([[-(k10 + k12 + k13), k21, k31], [k12, -k21, 0.0], [k13, 0.0, -k31]])

    def system(self) -> tuple[np.ndarray, np.ndarray, int, int]:
        """(M, bolus vector, rate index, central index) of the augmented system (1/min).

        States: compartments..., eliminated, not absorbed, given, rate (mg/min).
        """
        sc = self.route == "subcutaneous"
        nc = 4 if sc else 3
        c = 1 if sc else 0
        elim, lost, given, rate = nc, nc + 1, nc + 2, nc + 3
        m = np.zeros((nc + 4, nc + 4))
        m[c : c + 3, c : c + 3] = self.disposition_matrix()
        m[elim, c] = self._rates()[0]
        if sc:
            ka = math.log(2) / self.absorption_half_life.to("min").magnitude
            f = float(self.bioavailability.to("dimensionless").magnitude)
            m[0, 0] = -ka
            m[c, 0] = f * ka
            m[lost, 0] = (1 - f) * ka
        m[0, rate] = 1.0  # infusion enters the depot (subcut) or the central compartment (IV)
        m[given, rate] = 1.0
        b = np.zeros(nc + 4)
        b[0] = 1.0
        b[given] = 1.0
        return m, b, rate, c

    def steady_state(self, rate: Any) -> pint.Quantity:
        """C_ss = F x rate / CL1 (ng/mL) for a constant infusion ``rate``."""
        r = bounds.check(rate, "background", field="rate", label="infusion rate")
        return (self.bioavailability * r / self.cl1).to("ng/mL")

    def steady_state_steps(self, rate: Any) -> tuple[str, ...]:
        r = bounds.check(rate, "background", field="rate", label="infusion rate")
        return (
            TEXT["steady_state"].format(
                f=fmt(self.bioavailability),
                rate=fmt(r),
                cl=fmt(self.cl1.to("L/h")),
                css=fmt(self.steady_state(r), 1),
            ),
        )

    def half_life_terminal(self) -> pint.Quantity:
        """ln 2 / smallest |eigenvalue| of the disposition matrix (h). Absorption excluded."""
        lam = np.linalg.eigvals(self.disposition_matrix()).real
        return Q(math.log(2) / float(np.min(np.abs(lam))), "min").to("h")

    def time_to_fraction_of_steady_state(self, fraction: float = 0.9) -> pint.Quantity:
        """Time after a constant infusion starts (from zero) until C reaches ``fraction`` x C_ss.

        By linearity this is also the time to cover ``fraction`` of any step change in rate.
        """
        if (
            isinstance(fraction, bool)
            or not isinstance(fraction, int | float)
            or not (0 < fraction < 1)
        ):
            raise InputError("fraction", fraction, "a number between 0 and 1")
        m, _, rate, c = self.system()
        v1 = self.v1.to("L").magnitude
        css = self.steady_state(Q(60.0, "mg/h")).to("mg/L").magnitude
        y0 = np.zeros(m.shape[0])
        y0[rate] = 1.0

        def gap(t: float) -> float:
            return (scipy.linalg.expm(m * t) @ y0)[c] / v1 / css - fraction

        t = brentq(gap, 1e-6, _max_duration_min(), xtol=1e-9, rtol=1e-12)
        return Q(t, "min").to("h")

    def simulate(
        self,
        duration: Any,
        background: Any = None,
        boluses: Any = None,
        clinician_boluses: Any = None,
        step: Any = "1 min",
    ) -> PkResult:
        """Amounts and concentration on a grid from 0 to ``duration`` (at most 30 days).

        ``background``: a rate (from time 0) or (time, rate) pairs in order (rate changes);
        ``boluses``: a :class:`~analgesia.demand.DemandLog` (its delivered presses), a pair of
        Quantity arrays ``(times, doses)`` (fast; ``doses`` may be one Quantity), or (time,
        dose) pairs, in time order; ``clinician_boluses``: the same forms, same route. Times are
        from the pump start, each within [0, duration]. ``step``: the output grid (at most
        60 min, dividing the duration); events between grid points are handled exactly.

        ``PkResult.steady_state`` is that of the background rate in force at the end.
        """
        d, h, steps = _grid(duration, step)
        rates = _rate_events(background, d)
        pca = _bolus_events(boluses, "boluses", d)
        clinician = _bolus_events(clinician_boluses, "clinician_boluses", d)
        events = _merge(rates, pca, clinician)
        m, b, rate_idx, c = self.system()
        states = _march(m, b, rate_idx, events, steps, h)
        nc = len(self.compartments)
        bolus = sorted(pca + clinician, key=lambda e: e[0])
        final_rate = Q(rates[-1][2], "mg/min").to("mg/h") if rates else Q(0.0, "mg/h")
        return PkResult(
            drug=self.drug,
            route=self.route,
            times=_frozen(np.arange(steps + 1) * (h / 60.0)),
            concentration=_frozen(states[:, c] / self.v1.to("L").magnitude * 1000.0),
            compartments=self.compartments,
            amounts=_frozen(states[:, :nc]),
            given=_frozen(states[:, nc + 2]),
            eliminated=_frozen(states[:, nc]),
            not_absorbed=_frozen(states[:, nc + 1]),
            bolus_times=_frozen(np.array([e[0] / 60.0 for e in bolus])),
            bolus_doses=_frozen(np.array([e[2] for e in bolus])),
            steady_state=self.steady_state(final_rate),
            parameters=self.parameters,
            notes=self.notes,
        )


def hydromorphone_model(
    route: str = "subcutaneous",
    absorption_half_life: Any = None,
    table: PkParameterTable | None = None,
) -> HydromorphoneModel:
    """Build the hydromorphone model from the parameter table.

    ``absorption_half_life`` (subcut only): an ASSUMPTION, default the table's
    ``assumption/absorption_half_life_sc`` (15 min); allowed 5-45 min.
    """
    if not isinstance(route, str) or route.strip().lower() not in ROUTES:
        raise InputError("route", route, "subcutaneous or intravenous")
    route = route.strip().lower()
    table = _table(table)
    names = ("CL1", "V1", "CL2", "V2", "CL3", "V3")
    units = ("L/min", "L", "L/min", "L", "L/min", "L")
    params = [_param(table, "jeleazcov-2014", n, u) for n, u in zip(names, units, strict=True)]
    half_life = None
    if route == "subcutaneous":
        f = _param(table, "moulin-1991", "F_sc", "dimensionless", "F (subcut bioavailability)")
        if not 0 < f.value.magnitude <= 1:
            raise InputError("moulin-1991/F_sc", f.value, "a fraction above 0, at most 1")
        row = table.get("assumption", "absorption_half_life_sc")
        source = row.citation
        status = row.status
        value = row.value if absorption_half_life is None else absorption_half_life
        if absorption_half_life is not None:
            source, status = "set by the user", "assumption"
        lo, hi = absorption_range(table)
        allowed = f"a time from {fmt(Q(lo, 'min'))} to {fmt(Q(hi, 'min'))} (an ASSUMPTION)"
        try:
            half_life = quantity(value, "min", field="absorption_half_life", maximum=hi)
        except InputError:
            raise InputError("absorption_half_life", value, allowed) from None
        if half_life.magnitude < lo:
            raise InputError("absorption_half_life", half_life, allowed)
        params += [
            f,
            ModelParameter("absorption half-life (ASSUMPTION)", half_life, source, status),
        ]
    else:
        f = ModelParameter("F (IV)", Q(1.0, "dimensionless"), "by definition")
    by = {p.name: p.value for p in params}
    return HydromorphoneModel(
        route=route,
        cl1=by["CL1"],
        v1=by["V1"],
        cl2=by["CL2"],
        v2=by["V2"],
        cl3=by["CL3"],
        v3=by["V3"],
        bioavailability=f.value,
        absorption_half_life=half_life,
        parameters=tuple(params),
    )


def ec50(table: PkParameterTable | None = None) -> ModelParameter:
    """Jeleazcov 2016 EC50 (NRS <= 4 after cardiac surgery): illustrative only."""
    table = _table(table)
    row = table.get("jeleazcov-2016", "EC50")
    p = _param(table, "jeleazcov-2016", "EC50", "ng/mL")
    low = None if row.low is None else row.low.to("ng/mL")
    high = None if row.high is None else row.high.to("ng/mL")
    return ModelParameter(TEXT["ec50"], p.value, p.source, p.status, low, high)


def simulate_pca(
    settings: PcaSettings,
    duration: Any,
    boluses: Any = None,
    clinician_boluses: Any = None,
    pump_start: Any = "0 h",
    pump_stop: Any = None,
    rate_changes: Any = None,
    absorption_half_life: Any = None,
    step: Any = "1 min",
    table: PkParameterTable | None = None,
) -> PkResult:
    """Hydromorphone levels for pump ``settings`` (background from ``pump_start`` to
    ``pump_stop``) plus ``boluses`` (a DemandLog or (time, dose) pairs), by the pump's route.

    ``rate_changes``: (time, rate) pairs in order between start and stop, e.g. the Kornick 2001
    taper when a patch starts (halve the infusion at 6 h, stop it at 12 h).
    """
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", settings, "a PcaSettings")
    if settings.drug != "hydromorphone":
        raise InputError("settings", settings.drug, "hydromorphone (the only drug modelled)")
    model = hydromorphone_model(settings.route, absorption_half_life, table)
    background = [(pump_start, settings.background), *_as_items_pairs(rate_changes)]
    if pump_stop is not None:
        background.append((pump_stop, Q(0.0, "mg/h")))
    return model.simulate(duration, background, boluses, clinician_boluses, step)


def _as_items_pairs(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, tuple) and len(value) == 2 and not isinstance(value[0], tuple | list):
        return [value]  # one (time, rate) pair
    return _as_items(value)


# ---------------------------------------------------------------------------------------------
# Transdermal fentanyl


@dataclass(frozen=True)
class Patch:
    """One patch: applied at ``applied``, removed at ``removed`` (None: still on), nominal rate."""

    applied: pint.Quantity
    removed: pint.Quantity | None
    strength: pint.Quantity


def absorption_range(table: PkParameterTable | None = None) -> tuple[float, float]:
    """The allowed subcutaneous absorption half-lives in min: the low and high of the
    assumption row in data/pk_parameters.csv."""
    row = _table(table).get("assumption", "absorption_half_life_sc")
    if row.low is None or row.high is None:
        raise InputError("absorption_half_life_sc", row.value, "a row with low and high set")
    return float(row.low.to("min").magnitude), float(row.high.to("min").magnitude)


def _patch_total(value: Any) -> pint.Quantity:
    """The release rate of the patches worn together (0 = none) within the patch-rate bounds."""
    q = Q(value, field="patch_strength")
    if q.check("[mass]/[time]") and q.magnitude == 0:
        return q.to("mcg/h")
    return bounds.check(q, "patch_rate", field="patch_strength", label="patch strength")


def _strength(value: Any, field: str = "patch_strength") -> pint.Quantity:
    s = bounds.check(value, "patch_strength", field=field)
    if not any(abs(s.magnitude - k) < 1e-9 for k in STRENGTHS_MCG_H):
        raise InputError(field, s, "one of 12, 25, 50, 75, 100 mcg/h (several patches: a list)")
    return s


def patch_schedule(
    start: Any, strengths: Any, until: Any, change_every: Any = "72 h"
) -> tuple[Patch, ...]:
    """Patches of ``strengths`` (one or a list, worn together) from ``start``, replaced every
    ``change_every`` (the new patch goes on as the old one comes off), the last removed at
    ``until``."""
    t0 = bounds.check(start, "time", field="patch_start", label="patch start")
    end = bounds.check(until, "duration", field="until", label="until")
    every = bounds.check(change_every, "change_every", field="change_every")
    if end <= t0:
        raise InputError("until", end, f"later than the patch start {fmt(t0)}")
    items = _as_items(strengths)
    if not items:
        raise InputError("patch_strength", strengths, "at least one patch strength")
    doses = [_strength(s) for s in items]
    patches = []
    t = t0
    while t < end - Q(_EPS, "h"):
        off = min(t + every, end, key=lambda q: q.magnitude)
        patches += [Patch(t, off, s) for s in doses]
        t = off
    return tuple(patches)


@dataclass(frozen=True)
class FentanylPatchModel:
    """Patch -> skin depot -> one-compartment body (model as defined by the ``fentanyl-patch``
    rows of ``data/pk_parameters.csv``).

    From ``lag`` after application until ``lag`` after removal (a pure delay: released = rate
    x wear time, no gap at a change) a patch releases its nominal rate; a fraction F enters the
    skin depot (the rest is counted as not absorbed), which passes drug to the body
    first-order with the depot half-life; the body clears it with CL from volume V::

        dS/dt = F x release - kd S,  kd = ln 2 / depot half-life
        dB/dt = kd S - CL/V B,       C = B / V

    The depot half-life is FITTED to the label facts (about 17 h to fall by half after
    removal; see :func:`fit_depot_half_life`), not measured. Build with
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
    compartments: tuple[str, ...] = ("skin depot", "body")

    @property
    def notes(self) -> tuple[str, ...]:
        return (TEXT["patch_fitted"].format(half_life=fmt(self.depot_half_life, 1)),)

    def system(self) -> tuple[np.ndarray, np.ndarray, int, int]:
        """(M, bolus vector, rate index, body index); states: skin depot, body, eliminated,
        not absorbed, given (released by the patch), release rate (mg/min)."""
        kd = math.log(2) / self.depot_half_life.to("min").magnitude
        ke = (self.clearance / self.volume).to("1/min").magnitude
        f = float(self.bioavailability.to("dimensionless").magnitude)
        m = np.zeros((6, 6))
        m[0, 0] = -kd
        m[1, 0] = kd
        m[1, 1] = -ke
        m[2, 1] = ke
        m[0, 5] = f
        m[3, 5] = 1.0 - f
        m[4, 5] = 1.0
        return m, np.zeros(6), 5, 1

    def steady_state(self, strength: Any) -> pint.Quantity:
        """C_ss = F x release rate / CL (ng/mL); ``strength`` may be a total of several patches."""
        r = _patch_total(strength)
        return (self.bioavailability * r / self.clearance).to("ng/mL")

    def steady_state_steps(self, strength: Any) -> tuple[str, ...]:
        r = _patch_total(strength)
        return (
            TEXT["patch_steady_state"].format(
                f=fmt(self.bioavailability),
                rate=fmt(r),
                cl=fmt(self.clearance),
                css=fmt(self.steady_state(r), 2),
            ),
        )

    def elimination_half_life(self) -> pint.Quantity:
        """Body half-life ln 2 x V / CL (h), without the skin depot."""
        return (math.log(2) * self.volume / self.clearance).to("h")

    def half_fall_after_removal(self, wear: Any = "72 h") -> pint.Quantity:
        """Hours from removing a patch worn for ``wear`` (from zero) until C falls to half its
        value at removal. Independent of strength (the model is linear)."""
        w = bounds.check(wear, "duration", field="wear", label="wear time").to("min")
        lag = self.lag.to("min").magnitude
        if w.magnitude <= lag:
            raise InputError("wear", w.to("h"), f"longer than the lag {fmt(self.lag)}")
        return _half_fall(self.system()[0], float(w.magnitude), lag)

    def release_events(self, patches: Any, duration_min: float) -> list[tuple[float, int, float]]:
        """Patches -> release-rate events (mg/min): on at applied + lag, off at removed + lag
        (the lag is a pure delay)."""
        items = _as_items(patches)
        if len(items) > 1000:
            raise InputError("patches", f"{len(items)} patches", "at most 1000")
        lag = self.lag.to("min").magnitude
        changes: list[tuple[float, float]] = []
        for item in items:
            if isinstance(item, Patch):
                item = (item.applied, item.removed, item.strength)
            if not isinstance(item, tuple | list) or len(item) != 3:
                raise InputError("patches", item, "(applied, removed or None, strength) triples")
            on = _time(item[0], "patch_applied", duration_min)
            off = duration_min if item[1] is None else _time(item[1], "patch_removed", duration_min)
            rate = float(_strength(item[2]).to("mg/min").magnitude)
            if item[1] is None and off <= on:
                continue  # put on at the very end: nothing released inside the window
            if off <= on:
                raise InputError(
                    "patch_removed", Q(off, "min").to("h"), "later than the time applied"
                )
            # Pure delay: the patch's release is shifted by the lag, on + lag to off + lag, so
            # the drug released is rate x wear time and a change (new patch on as the old one
            # comes off) leaves no gap in the release. Times after the window are dropped by
            # the caller.
            changes += [(on + lag, rate), (off + lag, -rate)]
        changes.sort(key=lambda c: c[0])
        events: list[tuple[float, int, float]] = []
        total = 0.0
        for t, delta in changes:
            total = total + delta
            if abs(total) < 1e-12:
                total = 0.0
            if events and abs(events[-1][0] - t) <= _EPS:
                events[-1] = (events[-1][0], 0, total)
            else:
                events.append((t, 0, total))
        return events

    def simulate(self, patches: Any, duration: Any, step: Any = "10 min") -> PkResult:
        """Concentration on a grid from 0 to ``duration`` for ``patches`` (Patch objects or
        (applied, removed or None, strength) triples; None: still on at the end).

        ``PkResult.steady_state`` is that of the highest total release rate in the schedule.
        """
        d, h, steps = _grid(duration, step)
        events = [e for e in self.release_events(patches, d) if e[0] <= d]
        m, b, rate_idx, c = self.system()
        states = _march(m, b, rate_idx, events, steps, h)
        max_rate = max((e[2] for e in events), default=0.0)
        return PkResult(
            drug=self.drug,
            route=self.route,
            times=_frozen(np.arange(steps + 1) * (h / 60.0)),
            concentration=_frozen(states[:, c] / self.volume.to("L").magnitude * 1000.0),
            compartments=self.compartments,
            amounts=_frozen(states[:, :2]),
            given=_frozen(states[:, 4]),
            eliminated=_frozen(states[:, 2]),
            not_absorbed=_frozen(states[:, 3]),
            bolus_times=_frozen(np.array([])),
            bolus_doses=_frozen(np.array([])),
            steady_state=self.steady_state(Q(max_rate, "mg/min").to("mcg/h")),
            parameters=self.parameters,
            notes=self.notes,
        )


def _half_fall(m: np.ndarray, wear_min: float, lag_min: float) -> pint.Quantity:
    """Time from removal (at ``wear_min``) to half the level at removal. Release ran from the
    lag; being a pure delay, it goes on for ``lag_min`` after removal, then stops."""
    y = np.zeros(m.shape[0])
    y[5] = 1.0
    y = scipy.linalg.expm(m * (wear_min - lag_min)) @ y  # state at removal
    c0 = y[1]
    after_lag = scipy.linalg.expm(m * lag_min) @ y  # release still on until removal + lag
    after_lag[5] = 0.0

    def level(t: float) -> float:
        if t <= lag_min:
            return (scipy.linalg.expm(m * t) @ y)[1]
        return (scipy.linalg.expm(m * (t - lag_min)) @ after_lag)[1]

    def gap(t: float) -> float:
        return level(t) - c0 / 2

    t = brentq(gap, 1e-6, _max_duration_min(), xtol=1e-9, rtol=1e-12)
    return Q(t, "min").to("h")


def fentanyl_patch_model(
    table: PkParameterTable | None = None, depot_half_life: Any = None
) -> FentanylPatchModel:
    """Build the patch model from the ``fentanyl-patch`` rows: CL (L/h), V (L), F, lag (h) and
    depot_half_life (h, FITTED). ``depot_half_life`` here overrides the table (0.1-100 h)."""
    table = _table(table)
    cl = _param(table, "fentanyl-patch", "CL", "L/h", "CL (clearance)")
    v = _param(table, "fentanyl-patch", "V", "L", "V (volume)")
    f = _param(table, "fentanyl-patch", "F", "dimensionless", "F (transdermal bioavailability)")
    if not 0 < f.value.magnitude <= 1:
        raise InputError("fentanyl-patch/F", f.value, "a fraction above 0, at most 1")
    row = table.get("fentanyl-patch", "lag")
    lag = ModelParameter(
        "lag",
        quantity(row.value, "h", field="fentanyl-patch/lag", allow_zero=True, maximum=24),
        row.citation,
        row.status,
    )
    if depot_half_life is None:
        depot = _param(table, "fentanyl-patch", "depot_half_life", "h", "depot half-life (FITTED)")
    else:
        value = quantity(depot_half_life, "h", field="depot_half_life", minimum=0.1, maximum=100)
        depot = ModelParameter("depot half-life (FITTED)", value, "set by the user", "assumption")
    return FentanylPatchModel(
        cl.value, v.value, f.value, lag.value, depot.value, (cl, v, f, lag, depot)
    )


def fit_depot_half_life(
    target_half_fall: Any = None, wear: Any = None, table: PkParameterTable | None = None
) -> pint.Quantity:
    """The depot half-life for which the model falls by half ``target_half_fall`` after removing
    a patch worn ``wear``: how the table's FITTED value can be reproduced. The defaults come
    from data/rules.csv: the 17 h half-fall (Varvel 1989) and the 72 h wear time (label)."""
    if target_half_fall is None:
        fall = refs.rule("patch_removal_half_fall", "varvel-1989")
        target_half_fall = Q(fall.low, fall.unit)
    if wear is None:
        worn = refs.rule("patch_wear_time", "duragesic-label")
        wear = Q(worn.low, worn.unit)
    target = quantity(target_half_fall, "h", field="target_half_fall", maximum=100)
    table = _table(table)
    base = fentanyl_patch_model(table, depot_half_life="1 h")
    w = bounds.check(wear, "duration", field="wear", label="wear time").to("min")
    body = base.elimination_half_life()
    if target <= body:
        raise InputError(
            "target_half_fall", target, f"longer than the body half-life {fmt(body, 1)}"
        )

    def gap(depot_h: float) -> float:
        model = fentanyl_patch_model(table, depot_half_life=Q(depot_h, "h"))
        return model.half_fall_after_removal(w).magnitude - target.magnitude

    return Q(brentq(gap, 0.2, 99.0, xtol=1e-6), "h")


# ---------------------------------------------------------------------------------------------
# The transition: pump off, patch on


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


def transition(
    settings: PcaSettings,
    pump_stop: Any,
    patch_start: Any,
    patch_strength: Any,
    duration: Any,
    *,
    boluses: Any = None,
    pump_start: Any = "0 h",
    rate_changes: Any = None,
    change_every: Any = "72 h",
    hydromorphone_factor: Any = None,
    patch_factor: Any = None,
    absorption_half_life: Any = None,
    step: Any = "10 min",
    table: PkParameterTable | None = None,
) -> TransitionResult:
    """Hydromorphone falling after ``pump_stop`` and fentanyl rising from ``patch_start``.

    ``patch_strength``: one strength or a list worn together (e.g. 5 x 25 mcg/h), replaced every
    ``change_every``. Conversion factors are never built in: pass ``hydromorphone_factor`` (mg
    oral morphine per mg, e.g. ``"20 mg/mg"``) and ``patch_factor`` (e.g.
    ``Q(2.4, "mg/day") / Q(1, "mcg/h")``) to get oral-morphine-equivalent curves. ``rate_changes``:
    (time, rate) pairs before ``pump_stop``, e.g. the Kornick 2001 overlap (patch on, infusion
    halved 6 h later, stopped at 12 h). Percentages are of the steady state of the settings'
    background.
    """
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", settings, "a PcaSettings")
    d, _, _ = _grid(duration, step)
    stop = quantity(pump_stop, "h", field="pump_stop", maximum=d / 60)
    start = quantity(patch_start, "h", field="patch_start", allow_zero=True, maximum=d / 60)
    pump_on = quantity(pump_start, "h", field="pump_start", allow_zero=True, maximum=d / 60)
    if stop <= pump_on:
        raise InputError("pump_stop", stop, f"later than the pump start {fmt(pump_on)}")
    if start >= Q(d, "min"):
        raise InputError("patch_start", start, "before the end of the simulation")
    table = _table(table)
    hm = simulate_pca(
        settings,
        duration,
        boluses=boluses,
        pump_start=pump_on,
        pump_stop=stop,
        rate_changes=rate_changes,
        absorption_half_life=absorption_half_life,
        step=step,
        table=table,
    )
    patch = fentanyl_patch_model(table)
    patches = patch_schedule(start, patch_strength, Q(d, "min"), change_every)
    fe = patch.simulate(patches, duration, step)
    strengths = [_strength(s) for s in _as_items(patch_strength)]
    total_strength = sum(strengths[1:], strengths[0]).to("mcg/h")
    model = hydromorphone_model(settings.route, absorption_half_life, table)
    hm_ss = model.steady_state(settings.background)
    fe_ss = patch.steady_state(total_strength)
    hm_pct = (
        hm.concentration / hm_ss.magnitude * 100 if hm_ss.magnitude > 0 else hm.concentration * 0
    )
    fe_pct = fe.concentration / fe_ss.magnitude * 100
    hm_ome = fe_ome = None
    notes = hm.notes + fe.notes
    if (hydromorphone_factor is None) != (patch_factor is None):
        raise InputError(
            "patch_factor" if patch_factor is None else "hydromorphone_factor",
            None,
            "both conversion factors, or neither",
        )
    if hydromorphone_factor is not None:
        hf = quantity(
            hydromorphone_factor, "dimensionless", field="hydromorphone_factor", maximum=1000
        )
        pf = quantity(patch_factor, "dimensionless", field="patch_factor", maximum=100_000)
        hm_daily = settings.background.to("mg/day").magnitude * hf.magnitude
        fe_daily = (total_strength * pf).to("mg/day").magnitude
        hm_ome = _frozen(hm_pct / 100 * hm_daily)
        fe_ome = _frozen(fe_pct / 100 * fe_daily)
        notes = notes + (TEXT["ome"],)
    return TransitionResult(
        hydromorphone=hm,
        fentanyl=fe,
        times=hm.times,
        hydromorphone_percent=_frozen(hm_pct),
        fentanyl_percent=_frozen(fe_pct),
        pump_stop=stop,
        patch_start=start,
        patch_strength=total_strength,
        hydromorphone_steady_state=hm_ss,
        fentanyl_steady_state=fe_ss,
        hydromorphone_ome=hm_ome,
        fentanyl_ome=fe_ome,
        notes=notes,
    )


__all__ = [
    "FentanylPatchModel",
    "HydromorphoneModel",
    "ModelParameter",
    "Patch",
    "PkParameter",
    "PkParameterTable",
    "PkResult",
    "TransitionResult",
    "ec50",
    "fentanyl_patch_model",
    "fit_depot_half_life",
    "hydromorphone_model",
    "load_pk_parameters",
    "patch_schedule",
    "simulate_pca",
    "transition",
]
