"""The shapes the models accept at their public boundary, named once.

A value a learner or a notebook passes is a :class:`pint.Quantity` or the text of one
(``"0.55 mg/h"``, ``"24 h"``); it is parsed and range-checked inside (``analgesia.bounds``), so a
bare number without a unit is refused there with an :class:`~analgesia.units.InputError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import pint

from ..demand import DemandLog

QuantityLike: TypeAlias = pint.Quantity | str
TimeLike: TypeAlias = QuantityLike  # a time from the pump start or a duration: "24 h"
DoseLike: TypeAlias = QuantityLike  # an amount: "0.65 mg"
RateLike: TypeAlias = QuantityLike  # a rate: "0.55 mg/h", "25 mcg/h"
FactorLike: TypeAlias = QuantityLike | float  # a conversion factor: "20 mg/mg"

RateChange: TypeAlias = tuple[TimeLike, RateLike]  # (from when, the new rate)
TimedDose: TypeAlias = tuple[TimeLike, DoseLike]  # (when, how much)
Background: TypeAlias = RateLike | RateChange | Sequence[RateChange] | None
# A DemandLog (its delivered presses), (times, doses) Quantity arrays, or (time, dose) pairs.
Boluses: TypeAlias = (
    DemandLog | tuple[pint.Quantity, pint.Quantity] | TimedDose | Sequence[TimedDose] | None
)
Strengths: TypeAlias = RateLike | Sequence[RateLike]  # one patch, or several worn together
# (applied, removed or None for still on, strength); a Patch is the same three fields.
PatchTriple: TypeAlias = tuple[TimeLike, TimeLike | None, RateLike]

__all__ = [
    "Background",
    "Boluses",
    "DoseLike",
    "FactorLike",
    "PatchTriple",
    "QuantityLike",
    "RateChange",
    "RateLike",
    "Strengths",
    "TimeLike",
    "TimedDose",
]
