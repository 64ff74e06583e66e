"""Units for dose arithmetic: one pint registry, parsing, ranges and safe display.

Every dose that crosses a function boundary in this package is a pint ``Quantity`` from
``ureg``. Display goes through :func:`fmt`, which follows safe-medication-writing practice
(ISMP List of Error-Prone Abbreviations, Symbols and Dose Designations): ``mcg`` not ``ug``,
``mL`` not ``ml``, a leading zero (``0.5 mg``), no trailing zero (``5 mg``, never ``5.0 mg``),
a space between number and unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from numbers import Real
from typing import Any

import pint

# cache_folder=":auto:" keeps pint's parsed definitions on disk: it cuts about 0.1 s from
# every import after the first (benchmarks/bench_core.py).
try:
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
except OSError:  # a read-only home: build the registry without the disk cache
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
# Counted things (boluses, patches, ampoules) are dimensionless.
ureg.define("patch = [] = patches")
ureg.define("ampoule = [] = ampoules")
ureg.define("press = [] = presses")
ureg.define("dose = [] = doses")
ureg.define("fraction = []")
ureg.define("mcg = microgram")
Quantity = ureg.Quantity

# How units are written for a learner (ISMP). Pint names -> display symbols.
_SYMBOLS = {
    "microgram": "mcg",
    "milligram": "mg",
    "nanogram": "ng",
    "gram": "g",
    "kilogram": "kg",
    "milliliter": "mL",
    "cubic_centimeter": "mL",
    "liter": "L",
    "microliter": "microL",
    "hour": "h",
    "minute": "min",
    "second": "s",
    "day": "day",
    "week": "week",
    "year": "year",
    "percent": "%",
    "count": "",
    "dimensionless": "",
    "patch": "patch",
    "ampoule": "ampoule",
    "press": "press",
    "dose": "dose",
    "fraction": "",
}

_ROUTE_DISPLAY = {
    "oral": "oral",
    "subcutaneous": "subcut",
    "intravenous": "IV",
    "transdermal": "transdermal",
}

# Tall-man lettering (ISMP/FDA) for look-alike drug names shown side by side.
_TALL_MAN = {"hydromorphone": "HYDROmorphone", "morphine": "morphine"}

DEFAULT_SIGNIFICANT = 5
# From 1 upwards at most 3 decimals (8.333, 20.625, 116.67); below 1 the significant digits
# rule alone, so that 0.5625 mg/h and 0.0125 mg keep their figures.
DECIMALS_FROM_ONE = 3
_WIDE = Context(prec=400)  # room for every float's integer digits plus the decimals we keep
MAX_DECIMALS = 16  # only tiny doses reach this: 1e-12 mg must not print as 0 mg


class InputError(ValueError):
    """A value outside what a function accepts: names the field, the value and what is allowed."""

    def __init__(self, field: str, value: Any, allowed: str, why: str = ""):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.why = why
        message = f"{field}: {_show(value)} is not allowed; expected {allowed}."
        super().__init__(f"{message} {why}".strip())


def _show(value: Any) -> str:
    if isinstance(value, Quantity):
        try:
            return fmt(value)
        except Exception:  # noqa: BLE001 - a value too odd to format is shown raw
            return repr(value)
    if isinstance(value, str):
        return repr(value)
    return str(value)


def Q(value: Any, unit: str | None = None, *, field: str = "value") -> pint.Quantity:  # noqa: N802
    """Make a Quantity in the package registry from a string, a number and a unit, or a Quantity.

    ``Q("90 mg")``, ``Q(90, "mg")``, ``Q(other_quantity)``. Bad text raises :class:`InputError`.
    """
    if isinstance(value, Quantity):
        q = value
    elif isinstance(value, pint.Quantity):  # from another registry
        q = Quantity(value.magnitude, str(value.units))
    elif isinstance(value, str):
        if unit is not None:
            raise InputError(field, value, "a number when a unit is given separately")
        text = value.strip().replace("µg", "mcg").replace("μg", "mcg")
        if not text:
            raise InputError(field, value, "a dose with a unit, such as '90 mg'")
        try:
            q = ureg.Quantity(text)
        except Exception as exc:  # pint raises several unrelated types for bad text
            raise InputError(field, value, "a dose with a unit, such as '90 mg'") from exc
        if not isinstance(q, Quantity):
            q = Quantity(q, "dimensionless")
    elif isinstance(value, Real) and not isinstance(value, bool):
        if unit is None:
            raise InputError(field, value, "a dose with a unit, such as '90 mg'")
        try:
            q = Quantity(float(value), unit)
        except Exception as exc:
            raise InputError(field, unit, "a known unit such as 'mg' or 'mcg/h'") from exc
    else:
        raise InputError(field, value, "a dose with a unit, such as '90 mg'")
    if unit is not None and isinstance(value, pint.Quantity):
        q = to(q, unit, field=field)
    mag = q.magnitude
    if not isinstance(mag, Real) or isinstance(mag, bool):
        raise InputError(field, value, "a single number with a unit")
    try:
        finite = math.isfinite(float(mag))
    except OverflowError:
        finite = False
    if not finite:
        raise InputError(field, value, "a finite number")
    return q


def to(q: pint.Quantity, unit: str, *, field: str = "value") -> pint.Quantity:
    """Convert ``q`` to ``unit``; a wrong dimension raises :class:`InputError` naming the field."""
    try:
        return q.to(unit)
    except pint.DimensionalityError as exc:
        raise InputError(field, q, f"a quantity in {fmt_unit(Quantity(1, unit).units)}") from exc


def quantity(
    value: Any,
    unit: str,
    *,
    field: str,
    minimum: float | None = 0.0,
    maximum: float | None = None,
    allow_zero: bool = False,
) -> pint.Quantity:
    """Parse and check one input: right dimension, finite, within [minimum, maximum].

    The result is converted to ``unit``. Used at every public entry point.
    """
    q = to(Q(value, field=field), unit, field=field)
    m = float(q.magnitude)
    low_ok = minimum is None or m > minimum or (allow_zero and m == minimum)
    high_ok = maximum is None or m <= maximum
    if not (low_ok and high_ok):
        lo = "" if minimum is None else ("at least" if allow_zero else "more than")
        bound = [] if minimum is None else [f"{lo} {fmt(Quantity(minimum, unit))}"]
        if maximum is not None:
            bound.append(f"at most {fmt(Quantity(maximum, unit))}")
        raise InputError(field, q, " and ".join(bound) or "a finite value")
    return q


def fraction(value: Any, *, field: str, low: float = 0.0, high: float = 1.0) -> float:
    """A plain number in [low, high] (fractions such as 0.25 for +25%)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputError(field, value, f"a number from {_num(low)} to {_num(high)}")
    v = float(value)
    if not math.isfinite(v) or v < low or v > high:
        raise InputError(field, value, f"a number from {_num(low)} to {_num(high)}")
    return v


def fraction_range(value: Any, *, field: str, low: float = 0.0, high: float = 1.0):
    """A (low, high) pair of fractions, or one fraction meaning low == high."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InputError(field, value, "two numbers (low, high)")
        a = fraction(value[0], field=field, low=low, high=high)
        b = fraction(value[1], field=field, low=low, high=high)
        if a > b:
            raise InputError(field, value, "low not larger than high")
        return a, b
    v = fraction(value, field=field, low=low, high=high)
    return v, v


# ---------------------------------------------------------------------------------------------
# Display


def _num(x: float, digits: int | None = None) -> str:
    """A number written safely: leading zero, no trailing zero, no exponent for doses."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    if digits is None:
        magnitude = math.floor(math.log10(abs(x)))
        digits = max(0, min(MAX_DECIMALS, DEFAULT_SIGNIFICANT - 1 - magnitude))
        if abs(x) >= 1:
            digits = min(digits, DECIMALS_FROM_ONE)
    # Half away from zero, as a clinician rounds (2.8125 -> 2.813), on the shortest decimal
    # that reads back as x, so binary noise (0.1 x 3) never tips a digit.
    exact = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP,
                                      context=_WIDE)
    text = f"{exact:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def fmt_unit(units: pint.Unit) -> str:
    """``milligram / hour`` -> ``mg/h``; ``microgram / hour`` -> ``mcg/h``."""
    num, den = [], []
    for name, power in units._units.items():  # noqa: SLF001 - pint has no public accessor
        sym = _SYMBOLS.get(name, name)
        if not sym:
            continue
        p = abs(power)
        part = sym if p == 1 else f"{sym}^{_num(p)}"
        (num if power > 0 else den).append(part)
    top = "·".join(num) if num else ("1" if den else "")
    if not den:
        return top
    bottom = den[0] if len(den) == 1 else "(" + "·".join(den) + ")"
    return f"{top}/{bottom}"


def fmt(value: Any, digits: int | None = None) -> str:
    """Write a dose the safe way: ``fmt(Q("5.0 mg")) == "5 mg"``, ``"25 mcg/h"``, ``"0.5 mg"``.

    ``digits`` fixes the decimals; by default up to five significant digits, at most four
    decimals, trailing zeros dropped.
    """
    if isinstance(value, DoseRange):
        return value.fmt(digits)
    q = Q(value)
    unit = fmt_unit(q.units)
    number = _num(q.magnitude, digits)
    return f"{number} {unit}" if unit else number


def fmt_route(route: str) -> str:
    return _ROUTE_DISPLAY.get(route, route)


def fmt_drug(drug: str, tall_man: bool = False) -> str:
    return _TALL_MAN.get(drug, drug) if tall_man else drug


def fmt_dose(
    value: Any, drug: str, route: str, digits: int | None = None, tall_man: bool = False
) -> str:
    """A dose with drug, route and time basis: ``"0.55 mg/h hydromorphone subcut"``."""
    return f"{fmt(value, digits)} {fmt_drug(drug, tall_man)} {fmt_route(route)}"


# ---------------------------------------------------------------------------------------------
# Ranges


@dataclass(frozen=True)
class DoseRange:
    """A dose range; a point dose is a range with ``low == high``.

    Both ends are Quantities of the same dimension, ``low <= high``.
    """

    low: pint.Quantity
    high: pint.Quantity

    def __post_init__(self):
        if self.low.dimensionality != self.high.dimensionality:
            raise InputError("range", (self.low, self.high), "both ends in the same unit kind")
        if self.low.to(self.high.units).magnitude > self.high.magnitude + 1e-12:
            raise InputError("range", f"{fmt(self.low)} to {fmt(self.high)}", "low <= high")

    @classmethod
    def point(cls, q: pint.Quantity) -> DoseRange:
        return cls(q, q)

    @property
    def is_point(self) -> bool:
        return math.isclose(
            self.low.to(self.high.units).magnitude, self.high.magnitude, rel_tol=1e-12
        )

    @property
    def units(self) -> pint.Unit:
        return self.high.units

    @property
    def mid(self) -> pint.Quantity:
        return (self.low.to(self.high.units) + self.high) / 2

    def to(self, unit: str) -> DoseRange:
        return DoseRange(self.low.to(unit), self.high.to(unit))

    def map(self, f) -> DoseRange:
        """Apply a monotone increasing function to both ends."""
        return DoseRange(f(self.low), f(self.high))

    def fmt(self, digits: int | None = None) -> str:
        if self.is_point:
            return fmt(self.high, digits)
        low = self.low.to(self.high.units)
        return f"{_num(low.magnitude, digits)}-{_num(self.high.magnitude, digits)} " + fmt_unit(
            self.high.units
        )

    def __str__(self) -> str:
        return self.fmt()


def as_range(
    value: Any, unit: str, *, field: str, allow_zero: bool = False, maximum: float | None = None
) -> DoseRange:
    """Accept a dose (``"90 mg"`` or a Quantity), a ``(low, high)`` pair, a :class:`DoseRange`,
    or any earlier result with ``.low``/``.high`` or ``.value``; check it and return a range in
    ``unit``.
    """
    if isinstance(value, DoseRange):
        low, high = value.low, value.high
    elif hasattr(value, "low") and hasattr(value, "high"):
        low, high = value.low, value.high
    elif hasattr(value, "value") and not isinstance(value, str | pint.Quantity):
        low = high = value.value
    elif isinstance(value, tuple | list) and len(value) == 2:
        low, high = value
    else:
        low = high = value
    lo = quantity(low, unit, field=field, allow_zero=allow_zero, maximum=maximum)
    hi = quantity(high, unit, field=field, allow_zero=allow_zero, maximum=maximum)
    if lo.magnitude > hi.magnitude:
        raise InputError(field, f"{fmt(lo)} to {fmt(hi)}", "low not larger than high")
    return DoseRange(lo, hi)
