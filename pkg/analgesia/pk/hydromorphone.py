"""Hydromorphone, subcut or IV: Jeleazcov 2014's three compartments, Moulin 1991's subcut
bioavailability and the workbook's absorption ASSUMPTION.

Jeleazcov C et al. Anesthesiology 2014;120:378-391 (three-compartment IV model, typical
patient 67 y, 70 kg); amounts A1 (central, V1), A2 (V2), A3 (V3) in mg, time in min::

    dA1/dt = input - (CL1 + CL2 + CL3)/V1 A1 + CL2/V2 A2 + CL3/V3 A3
    dA2/dt = CL2/V1 A1 - CL2/V2 A2
    dA3/dt = CL3/V1 A1 - CL3/V3 A3
    C = A1 / V1

Subcut route: doses and infusion enter a depot D with first-order absorption,
ka = ln 2 / absorption half-life; a fraction F reaches A1 (Moulin 1991), the rest is counted
as ``not_absorbed``::

    dD/dt = input - ka D;   A1 gains F ka D

**ASSUMPTION:** no published subcut absorption rate for hydromorphone was found; the absorption
half-life is an adjustable assumption (row ``assumption`` of ``data/pk_parameters.csv``, with
its allowed range).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pint

from .. import bounds, words
from ..pump import PcaSettings
from ..units import InputError, Q, _num, fmt, quantity
from . import events as ev
from .engine import Layout, System, march
from .linalg import find_root
from .parameters import (
    ModelParameter,
    PkParameterTable,
    fraction,
    model_parameter,
    table_or_default,
)
from .result import Course, PkResult, build_result
from .shapes import Background, Boluses, RateLike, TimeLike
from .text import TEXT

ROUTES = ("subcutaneous", "intravenous")
MODEL = "jeleazcov-2014"
BIOAVAILABILITY = ("moulin-1991", "F_sc")
ABSORPTION = ("assumption", "absorption_half_life_sc")
EC50 = ("jeleazcov-2016", "EC50")
DEPOT, CENTRAL, FAST, SLOW = "subcut depot", "central", "peripheral (fast)", "peripheral (slow)"
DEFAULT_STEP = "1 min"  # the output grid; events between grid points are exact anyway
_ROOT_START = 1e-6  # min: the search for a time starts just after 0
_ROOT_XTOL, _ROOT_RTOL = 1e-9, 1e-12


def absorption_range(table: PkParameterTable | None = None) -> tuple[float, float]:
    """The allowed subcutaneous absorption half-lives in min: the low and high of the
    assumption row in data/pk_parameters.csv."""
    row = table_or_default(table).get(*ABSORPTION)
    if row.low is None or row.high is None:
        raise InputError("absorption_half_life_sc", row.value, "a row with low and high set")
    return float(row.low.to("min").magnitude), float(row.high.to("min").magnitude)


@dataclass(frozen=True)
class HydromorphoneModel:
    """Jeleazcov 2014 three-compartment model; subcut adds a depot (F, absorption half-life).

    Build with :func:`hydromorphone_model`. ``absorption_half_life`` is an ASSUMPTION (module
    docstring); it is ``None`` for the IV route, as is ``absorption_limits`` (min).
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
    absorption_limits: tuple[float, float] | None = None

    @property
    def compartments(self) -> tuple[str, ...]:
        body = (CENTRAL, FAST, SLOW)
        return ((DEPOT,) + body) if self.route == "subcutaneous" else body

    @property
    def notes(self) -> tuple[str, ...]:
        if self.absorption_half_life is None:
            return ()
        low, high = self.absorption_limits or absorption_range()
        return (TEXT("assumption_sc", half_life=fmt(self.absorption_half_life), low=_num(low),
                     high=fmt(Q(high, "min"))),)

    def _rates(self) -> tuple[float, ...]:
        """k10, k12, k21, k13, k31 (1/min)."""
        cl1, cl2, cl3 = (c.to("L/min").magnitude for c in (self.cl1, self.cl2, self.cl3))
        v1, v2, v3 = (v.to("L").magnitude for v in (self.v1, self.v2, self.v3))
        return cl1 / v1, cl2 / v1, cl2 / v2, cl3 / v1, cl3 / v3

    def disposition_matrix(self) -> np.ndarray:
        """The 3 x 3 rate matrix (1/min) of A1, A2, A3 after drug reaches the blood."""
        k10, k12, k21, k13, k31 = self._rates()
        return np.array([[-(k10 + k12 + k13), k21, k31], [k12, -k21, 0.0], [k13, 0.0, -k31]])

    def system(self) -> System:
        """The augmented linear system (1/min): the compartments, the counting states and the
        infusion rate (mg/min), which feeds the depot (subcut) or the central compartment."""
        sc = self.route == "subcutaneous"
        layout = Layout(self.compartments, central=CENTRAL, entry=DEPOT if sc else CENTRAL)
        s = System.empty(layout, boluses=True)
        k10, k12, k21, k13, k31 = self._rates()
        s.flow(CENTRAL, FAST, k12)
        s.flow(FAST, CENTRAL, k21)
        s.flow(CENTRAL, SLOW, k13)
        s.flow(SLOW, CENTRAL, k31)
        s.flow(CENTRAL, layout.eliminated, k10)
        if sc:
            ka = math.log(2) / self.absorption_half_life.to("min").magnitude
            f = float(self.bioavailability.to("dimensionless").magnitude)
            s.flow(DEPOT, CENTRAL, f * ka)
            s.flow(DEPOT, layout.not_absorbed, (1 - f) * ka)
        return s

    def steady_state(self, rate: RateLike) -> pint.Quantity:
        """C_ss = F x rate / CL1 (ng/mL) for a constant infusion ``rate``."""
        r = bounds.check(rate, "background", field="rate", label="infusion rate")
        return (self.bioavailability * r / self.cl1).to("ng/mL")

    def steady_state_steps(self, rate: RateLike) -> tuple[str, ...]:
        r = bounds.check(rate, "background", field="rate", label="infusion rate")
        return (TEXT("steady_state", f=fmt(self.bioavailability), rate=fmt(r),
                     cl=fmt(self.cl1.to("L/h")), css=fmt(self.steady_state(r), 1)),)

    def half_life_terminal(self) -> pint.Quantity:
        """ln 2 / smallest |eigenvalue| of the disposition matrix (h). Absorption excluded."""
        lam = np.linalg.eigvals(self.disposition_matrix()).real
        return Q(math.log(2) / float(np.min(np.abs(lam))), "min").to("h")

    def time_to_fraction_of_steady_state(self, fraction: float = 0.9) -> pint.Quantity:
        """Time after a constant infusion starts (from zero) until C reaches ``fraction`` x C_ss.

        By linearity this is also the time to cover ``fraction`` of any step change in rate.
        With a unit rate (1 mg/min), C_ss = F / CL1 in mg/L.
        """
        if (isinstance(fraction, bool) or not isinstance(fraction, int | float)
                or not (0 < fraction < 1)):
            raise InputError("fraction", fraction, "a number between 0 and 1")
        system = self.system()
        central = system.layout.index(CENTRAL)
        v1 = self.v1.to("L").magnitude
        css = float(self.bioavailability.to("dimensionless").magnitude) / self.cl1.to(
            "L/min").magnitude
        y0 = system.start(rate=1.0)

        def gap(t: float) -> float:
            return system.evolve(y0, t)[central] / v1 / css - fraction

        t = find_root(gap, _ROOT_START, ev.max_duration_min(), _ROOT_XTOL, _ROOT_RTOL)
        return Q(t, "min").to("h")

    def course(self) -> Course:
        return Course(self.drug, self.route, self.v1, self.parameters, self.notes)

    def simulate(
        self,
        duration: TimeLike,
        background: Background = None,
        boluses: Boluses = None,
        clinician_boluses: Boluses = None,
        step: TimeLike = DEFAULT_STEP,
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
        g = ev.grid(duration, step)
        rates = ev.rate_events(background, g.duration)
        doses = (ev.boluses_in(boluses, "boluses", g.duration)
                 + ev.boluses_in(clinician_boluses, "clinician_boluses", g.duration))
        system = self.system()
        states = march(system, ev.merge(rates, doses), g.steps, g.step)
        final = Q(rates[-1].value if rates else 0.0, "mg/min").to("mg/h")
        return build_result(self.course(), system, states, g.step, doses,
                            self.steady_state(final))


def _absorption(
    table: PkParameterTable, half_life: TimeLike | None
) -> tuple[ModelParameter, ModelParameter, tuple[float, float]]:
    """F (subcut), the absorption half-life (the table's ASSUMPTION or the user's, within the
    row's low-high) and those limits (min)."""
    f = model_parameter(table, *BIOAVAILABILITY, "dimensionless", TEXT["f_sc"])
    fraction(f, "/".join(BIOAVAILABILITY))
    row = table.get(*ABSORPTION)
    source, status, value = row.citation, row.status, row.value
    if half_life is not None:
        source, status, value = TEXT["set_by_user"], "assumption", half_life
    lo, hi = absorption_range(table)
    allowed = TEXT("absorption_allowed", low=fmt(Q(lo, "min")), high=fmt(Q(hi, "min")))
    try:
        q = quantity(value, "min", field="absorption_half_life", maximum=hi)
    except InputError:
        raise InputError("absorption_half_life", value, allowed) from None
    if q.magnitude < lo:
        raise InputError("absorption_half_life", q, allowed)
    return f, ModelParameter(TEXT["absorption"], q, source, status), (lo, hi)


def hydromorphone_model(
    route: str = "subcutaneous",
    absorption_half_life: TimeLike | None = None,
    table: PkParameterTable | None = None,
) -> HydromorphoneModel:
    """Build the hydromorphone model from the parameter table.

    ``absorption_half_life`` (subcut only): an ASSUMPTION, default the table's
    ``assumption/absorption_half_life_sc``; allowed: that row's low to high.
    """
    if not isinstance(route, str) or route.strip().lower() not in ROUTES:
        raise InputError("route", route, "subcutaneous or intravenous")
    route = route.strip().lower()
    table = table_or_default(table)
    names = ("CL1", "V1", "CL2", "V2", "CL3", "V3")
    units = ("L/min", "L", "L/min", "L", "L/min", "L")
    params = [model_parameter(table, MODEL, n, u) for n, u in zip(names, units, strict=True)]
    by = {p.name: p.value for p in params}
    if route == "subcutaneous":
        f, half_life, limits = _absorption(table, absorption_half_life)
        params += [f, half_life]
        extra = {"absorption_half_life": half_life.value, "absorption_limits": limits}
    else:
        f = ModelParameter(TEXT["f_iv"], Q(1.0, "dimensionless"), TEXT["by_definition"])
        extra = {"absorption_half_life": None}
    return HydromorphoneModel(
        route=route, cl1=by["CL1"], v1=by["V1"], cl2=by["CL2"], v2=by["V2"], cl3=by["CL3"],
        v3=by["V3"], bioavailability=f.value, parameters=tuple(params), **extra,
    )


def ec50(table: PkParameterTable | None = None) -> ModelParameter:
    """Jeleazcov 2016 EC50 (NRS <= 4 after cardiac surgery): illustrative only. Its name, the
    label a learner reads beside it, is kept with its source in data/teaching_text.csv."""
    table = table_or_default(table)
    row = table.get(*EC50)
    p = model_parameter(table, *EC50, "ng/mL")
    low = None if row.low is None else row.low.to("ng/mL")
    high = None if row.high is None else row.high.to("ng/mL")
    return ModelParameter(words.data_text("pk.ec50"), p.value, p.source, p.status, low, high)


def pump_background(
    settings: PcaSettings,
    pump_start: TimeLike = "0 h",
    pump_stop: TimeLike | None = None,
    rate_changes: Background = None,
) -> list:
    """The pump's background as (time, rate) pairs: on at ``pump_start``, ``rate_changes`` in
    between, off (0 mg/h) at ``pump_stop``."""
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", settings, "a PcaSettings")
    if settings.drug != "hydromorphone":
        raise InputError("settings", settings.drug, "hydromorphone (the only drug modelled)")
    background = [(pump_start, settings.background), *ev.as_pairs(rate_changes)]
    if pump_stop is not None:
        background.append((pump_stop, Q(0.0, "mg/h")))
    return background


def simulate_pca(
    settings: PcaSettings,
    duration: TimeLike,
    boluses: Boluses = None,
    clinician_boluses: Boluses = None,
    pump_start: TimeLike = "0 h",
    pump_stop: TimeLike | None = None,
    rate_changes: Background = None,
    absorption_half_life: TimeLike | None = None,
    step: TimeLike = DEFAULT_STEP,
    table: PkParameterTable | None = None,
) -> PkResult:
    """Hydromorphone levels for pump ``settings`` (background from ``pump_start`` to
    ``pump_stop``) plus ``boluses`` (a DemandLog or (time, dose) pairs), by the pump's route.

    ``rate_changes``: (time, rate) pairs in order between start and stop, e.g. the Kornick 2001
    taper when a patch starts (halve the infusion at 6 h, stop it at 12 h).
    """
    background = pump_background(settings, pump_start, pump_stop, rate_changes)
    model = hydromorphone_model(settings.route, absorption_half_life, table)
    return model.simulate(duration, background, boluses, clinician_boluses, step)


__all__ = [
    "HydromorphoneModel",
    "absorption_range",
    "ec50",
    "hydromorphone_model",
    "pump_background",
    "simulate_pca",
]
