"""A simulated course (:class:`PkResult`) and the one function that builds it from the
engine's states, whatever the model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pint

from ..units import Q, ureg
from .engine import Event, System
from .parameters import ModelParameter

TIME_UNIT = "h"
CONCENTRATION_UNIT = "ng/mL"
AMOUNT_UNIT = "mg"  # the engine's amounts; its time is in min


def frozen(a: np.ndarray) -> np.ndarray:
    """A read-only float copy (results are immutable)."""
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
    time_unit: str = TIME_UNIT
    concentration_unit: str = CONCENTRATION_UNIT
    amount_unit: str = AMOUNT_UNIT

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


@dataclass(frozen=True)
class Course:
    """What a model says about itself for a result: who, where, volume and notes."""

    drug: str
    route: str
    volume: pint.Quantity  # of the central compartment: C = amount / volume
    parameters: tuple[ModelParameter, ...]
    notes: tuple[str, ...]


def build_result(
    course: Course,
    system: System,
    states: np.ndarray,
    step_min: float,
    boluses: list[Event],
    steady_state: pint.Quantity,
) -> PkResult:
    """The engine's states (grid k x ``step_min``, amounts in mg) -> a :class:`PkResult`:
    C = amount in the central compartment / volume, in ng/mL; times in h."""
    lay = system.layout
    volume = course.volume.to("L").magnitude
    # 1 mg/L in ng/mL, exactly: pint's mg/L -> ng/mL factor is 1 ulp below 1000, its inverse
    # (ng/mL -> mg/L, 0.001) is exact
    ng_per_ml = 1 / Q(1.0, CONCENTRATION_UNIT).to(f"{AMOUNT_UNIT}/L").magnitude
    minutes_per_hour = Q(1.0, TIME_UNIT).to("min").magnitude
    ordered = sorted(boluses, key=lambda e: e.time)
    n = len(lay.compartments)
    return PkResult(
        drug=course.drug,
        route=course.route,
        times=frozen(np.arange(states.shape[0]) * (step_min / minutes_per_hour)),
        concentration=frozen(states[:, lay.index(lay.central)] / volume * ng_per_ml),
        compartments=lay.compartments,
        amounts=frozen(states[:, :n]),
        given=frozen(states[:, lay.given]),
        eliminated=frozen(states[:, lay.eliminated]),
        not_absorbed=frozen(states[:, lay.not_absorbed]),
        bolus_times=frozen(np.array([e.time / minutes_per_hour for e in ordered])),
        bolus_doses=frozen(np.array([e.value for e in ordered])),
        steady_state=steady_state,
        parameters=course.parameters,
        notes=course.notes,
    )


__all__ = ["Course", "PkResult", "build_result", "frozen"]
