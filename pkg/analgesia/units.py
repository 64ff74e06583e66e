"""Units for dose arithmetic: one pint registry, parsing, ranges and safe display.

Every dose that crosses a function boundary in this package is a pint ``Quantity`` from
``ureg``. Display goes through :func:`fmt`, which follows safe-medication-writing practice
(ISMP List of Error-Prone Abbreviations, Symbols and Dose Designations): ``mcg`` not ``ug``,
``mL`` not ``ml``, a leading zero (``0.5 mg``), no trailing zero (``5 mg``, never ``5.0 mg``),
a space between number and unit; percentages through :func:`fmt_percent`.

The module is the one place code imports these names from; three jobs live beside it and are
re-exported here: the registry (:mod:`analgesia.registry`: ``ureg``, ``Quantity``), the error
(:mod:`analgesia.errors`: ``InputError``) and the typed-dose grammar (:mod:`analgesia.grammar`:
``parse_dose``, ``parse_unit``, ``UNIT_NAMES``, ``GRAMMAR_TEXT``, ``MAX_TEXT``, ``MAX_DIGITS``,
``MAX_DISPLAY``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from numbers import Real
from typing import Any

import pint

from . import words
from .errors import InputError, _show, _words  # noqa: F401 - re-exported
from .grammar import (
    GRAMMAR_TEXT,
    MAX_DIGITS,
    MAX_DISPLAY,
    MAX_TEXT,
    UNIT_NAMES,
    parse_dose,
    parse_unit,
)
from .registry import Quantity, ureg

# Everything a learner reads from this module (the grammar's own words are GRAMMAR_TEXT). The
# doses in the examples show how to type a dose; they are not doses to give.
UNITS_TEXT = words.catalogue("units", {
    "unit_given": "a number when a unit is given separately",
    "dose_with_unit": "a dose with a unit, such as '90 mg'",
    "single": "a single number with a unit",
    "finite": "a finite number",
    "finite_value": "a finite value",
    "quantity_in": "a quantity in {unit}",
    "below": "a number below {limit} {unit}",
    "display_below": "a number below {limit} to display",
    "range_below": "a number below {limit}",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "and": " and ",
    "fraction_limit": "a finite number (the allowed range of the fraction)",
    "number_from": "a number from {low} to {high}",
    "two_numbers": "two numbers (low, high)",
    "low_high": "low not larger than high",
    "registry_unit": "a unit of the package registry, such as Q(1, 'mg').units",
    "decimals": "a whole number of decimals from 0 to {n}",
    "fraction_no_unit": "a fraction without a unit, such as 0.25",
    "percent_fraction": "a finite number, such as 0.25 for 25%",
    "route": "a route such as 'subcutaneous'",
    "drug": "a drug name such as 'hydromorphone'",
    "true_false": "True or False",
    "range_dose": "a dose with a unit, such as Q('90 mg')",
    "not_negative": "0 or more: doses are not negative",
    "same_kind": "both ends in the same unit kind",
    "function": "a function of a dose",
})

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

# Drug and route names as a learner reads them (a translation gives the local generic name).
NAMES = words.catalogue("names", {
    **{f"drug.{d}": d for d in (
        "morphine", "hydromorphone", "oxycodone", "hydrocodone", "oxymorphone", "codeine",
        "tramadol", "tapentadol", "fentanyl", "buprenorphine", "methadone")},
    **{f"route.{code}": shown for code, shown in _ROUTE_DISPLAY.items()},
})

DEFAULT_SIGNIFICANT = 5
# From 1 upwards at most 3 decimals (8.333, 20.625, 116.67); below 1 the significant digits
# rule alone, so that 0.5625 mg/h and 0.0125 mg keep their figures.
DECIMALS_FROM_ONE = 3
_WIDE = Context(prec=400)  # room for every float's integer digits plus the decimals we keep
MAX_DECIMALS = 16  # only tiny doses reach this: 1e-12 mg must not print as 0 mg


def Q(value: Any, unit: str | None = None, *, field: str = "value") -> pint.Quantity:  # noqa: N802
    """Make a Quantity in the package registry from a string, a number and a unit, or a Quantity.

    ``Q("90 mg")``, ``Q(90, "mg")``, ``Q(other_quantity)``. Bad text raises :class:`InputError`.
    """
    if isinstance(value, Quantity):
        q = value
    elif isinstance(value, pint.Quantity):  # from another registry
        q = Quantity(value.magnitude, _unit(str(value.units), field))
    elif isinstance(value, str):
        if unit is not None:
            raise InputError(field, value, UNITS_TEXT["unit_given"])
        q = parse_dose(value, field=field)
    elif isinstance(value, Real) and not isinstance(value, bool):
        if unit is None:
            raise InputError(field, value, UNITS_TEXT["dose_with_unit"])
        try:
            number = float(value)
        except (OverflowError, ValueError, TypeError) as exc:
            raise InputError(field, value, GRAMMAR_TEXT["not_a_number"]) from exc
        q = Quantity(number, _unit(unit, field))
    else:
        raise InputError(field, value, UNITS_TEXT["dose_with_unit"])
    if unit is not None and isinstance(value, pint.Quantity):
        q = to(q, unit, field=field)
    mag = q.magnitude
    if not isinstance(mag, Real) or isinstance(mag, bool):
        raise InputError(field, value, UNITS_TEXT["single"])
    try:
        finite = math.isfinite(float(mag))
    except OverflowError:
        finite = False
    if not finite:
        raise InputError(field, value, UNITS_TEXT["finite"])
    return q


def to(q: pint.Quantity, unit: str, *, field: str = "value") -> pint.Quantity:
    """Convert ``q`` to ``unit``; a wrong dimension raises :class:`InputError` naming the field."""
    target = _unit(unit, field)
    if not isinstance(q, pint.Quantity):
        q = Q(q, field=field)
    try:
        return q.to(target)
    except pint.DimensionalityError as exc:
        raise InputError(field, q, UNITS_TEXT("quantity_in", unit=fmt_unit(target))) from exc
    except (OverflowError, ArithmeticError) as exc:
        raise InputError(field, q, UNITS_TEXT["finite"]) from exc


def _unit(unit: Any, field: str) -> pint.Unit:
    """A unit given by code or a data file: a registry Unit, or text read by the grammar."""
    if isinstance(unit, ureg.Unit):
        return unit
    if isinstance(unit, str):
        return parse_unit(unit, field)
    raise InputError(field, unit, GRAMMAR_TEXT["unit"])


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
    if abs(m) >= MAX_DISPLAY:
        raise InputError(field, q, UNITS_TEXT("below", limit=_num(MAX_DISPLAY),
                                              unit=fmt_unit(q.units)))
    low_ok = minimum is None or m > minimum or (allow_zero and m == minimum)
    high_ok = maximum is None or m <= maximum
    if not (low_ok and high_ok):
        lo = "" if minimum is None else UNITS_TEXT["at_least" if allow_zero else "more_than"]
        bound = [] if minimum is None else [f"{lo} {fmt(Quantity(minimum, unit))}"]
        if maximum is not None:
            bound.append(f"{UNITS_TEXT['at_most']} {fmt(Quantity(maximum, unit))}")
        raise InputError(field, q, UNITS_TEXT["and"].join(bound) or UNITS_TEXT["finite_value"])
    return q


def name(value: Any, *, field: str, expected: str = "a name") -> str:
    """A name typed or passed as text (a table id, a rule, a unit name): any other type is an
    :class:`InputError` naming the field, never a TypeError from a lookup further down."""
    if not isinstance(value, str):
        raise InputError(field, type(value).__name__, expected)
    return value


def fraction(value: Any, *, field: str, low: float = 0.0, high: float = 1.0) -> float:
    """A plain number in [low, high] (fractions such as 0.25 for +25%)."""
    for name, limit in (("low", low), ("high", high)):
        try:
            ok = not isinstance(limit, bool) and isinstance(limit, Real) and math.isfinite(limit)
        except OverflowError:
            ok = False
        if not ok:
            raise InputError(name, limit, UNITS_TEXT["fraction_limit"])
    allowed = UNITS_TEXT("number_from", low=_num(low), high=_num(high))
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputError(field, value, allowed)
    try:
        v = float(value)
    except OverflowError:
        raise InputError(field, value, allowed) from None
    if not math.isfinite(v) or v < low or v > high:
        raise InputError(field, value, allowed)
    return v


def fraction_range(value: Any, *, field: str, low: float = 0.0, high: float = 1.0):
    """A (low, high) pair of fractions, or one fraction meaning low == high."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InputError(field, value, UNITS_TEXT["two_numbers"])
        a = fraction(value[0], field=field, low=low, high=high)
        b = fraction(value[1], field=field, low=low, high=high)
        if a > b:
            raise InputError(field, value, UNITS_TEXT["low_high"])
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
    if not isinstance(units, ureg.Unit):
        raise InputError("unit", units, UNITS_TEXT["registry_unit"])
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


def _digits(digits: Any) -> int | None:
    if digits is None:
        return None
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= MAX_DECIMALS:
        raise InputError("digits", digits, UNITS_TEXT("decimals", n=MAX_DECIMALS))
    return digits


def _num_safe(x: float, digits: int | None = None) -> str:
    """:func:`_num` that never hides a dose: a value that rounds to 0 is written ``< 0.001``
    (the smallest step at these decimals), a value too large to read is refused."""
    x = float(x)
    if not math.isfinite(x):
        raise InputError("value", x, GRAMMAR_TEXT["not_a_number"])
    if abs(x) >= MAX_DISPLAY:
        raise InputError("value", x, UNITS_TEXT("display_below", limit=_num(MAX_DISPLAY)))
    text = _num(x, digits)
    if x != 0 and text.lstrip("-") == "0":
        places = MAX_DECIMALS if digits is None else digits
        step = _num(10.0 ** -places, places)
        return f"< {step}" if x > 0 else f"> -{step}"
    return text


def fmt(value: Any, digits: int | None = None) -> str:
    """Write a dose the safe way: ``fmt(Q("5.0 mg")) == "5 mg"``, ``"25 mcg/h"``, ``"0.5 mg"``.

    ``digits`` fixes the decimals (0 to 16); by default up to five significant digits, at most
    three decimals from 1 upwards, trailing zeros dropped. A positive value is never shown as
    ``0``: one that rounds to zero is written ``< 0.01 mg`` (at ``digits=2``).
    """
    digits = _digits(digits)
    if isinstance(value, DoseRange):
        return value.fmt(digits)
    q = Q(value)
    unit = fmt_unit(q.units)
    number = _num_safe(q.magnitude, digits)
    return f"{number} {unit}" if unit else number


PERCENT_DECIMALS = 1  # a share of a dose to a tenth of a percentage point: 4.8%, 12.5%, 118.2%


def fmt_percent(value: Any, digits: int | None = None) -> str:
    """Write a fraction as a percentage: ``fmt_percent(0.25) == "25%"``, ``0.125 -> "12.5%"``.

    The package's one percent formatter (for shares, cuts, increases and ratios): one decimal
    by default (``digits`` fixes another number, 0 to 16), rounded half away from zero, no
    trailing zero, a leading zero (``0.5%``); a value that rounds to zero but is not zero is
    written ``< 0.1%``, never ``0%``. ``value`` is a plain number or a dimensionless Quantity.
    """
    digits = PERCENT_DECIMALS if digits is None else _digits(digits)
    expected = UNITS_TEXT["percent_fraction"]
    if isinstance(value, pint.Quantity):
        if value.dimensionality:
            raise InputError("fraction", value, UNITS_TEXT["fraction_no_unit"])
        value = Q(value, field="fraction").to("dimensionless").magnitude
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputError("fraction", value, expected)
    try:
        percent = float(value) * 100
    except OverflowError:
        raise InputError("fraction", value, expected) from None
    if not math.isfinite(percent) or abs(percent) >= MAX_DISPLAY:
        raise InputError("fraction", value, expected)
    return f"{_num_safe(percent, digits)}%"


def fmt_route(route: str) -> str:
    if not isinstance(route, str):
        raise InputError("route", route, UNITS_TEXT["route"])
    key = f"route.{route}"
    return NAMES[key] if key in NAMES else route


def fmt_drug(drug: str, tall_man: bool = False) -> str:
    if not isinstance(drug, str):
        raise InputError("drug", drug, UNITS_TEXT["drug"])
    if not isinstance(tall_man, bool):
        raise InputError("tall_man", tall_man, UNITS_TEXT["true_false"])
    key = f"drug.{drug}"
    if tall_man and words.language() == words.SOURCE_LANGUAGE:
        return _TALL_MAN.get(drug, drug)  # tall-man letters are an English-script safeguard
    return NAMES[key] if key in NAMES else drug


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
        for end, value in (("low", self.low), ("high", self.high)):
            if not isinstance(value, Quantity):
                raise InputError(f"range {end}", value, UNITS_TEXT["range_dose"])
            Q(value, field=f"range {end}")  # a single finite number
            if value.magnitude < 0:
                raise InputError(f"range {end}", value, UNITS_TEXT["not_negative"])
            if value.magnitude >= MAX_DISPLAY:
                raise InputError(f"range {end}", value,
                                 UNITS_TEXT("range_below", limit=_num(MAX_DISPLAY)))
        if self.low.dimensionality != self.high.dimensionality:
            raise InputError("range", (self.low, self.high), UNITS_TEXT["same_kind"])
        if self.low.to(self.high.units).magnitude > self.high.magnitude + 1e-12:
            raise InputError("range", f"{fmt(self.low)} to {fmt(self.high)}",
                             UNITS_TEXT["low_high"])

    @classmethod
    def point(cls, q: pint.Quantity) -> DoseRange:
        q = Q(q, field="dose")
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
        return DoseRange(to(self.low, unit, field="range"), to(self.high, unit, field="range"))

    def map(self, f) -> DoseRange:
        """Apply a monotone increasing function to both ends."""
        if not callable(f):
            raise InputError("function", f, UNITS_TEXT["function"])
        return DoseRange(f(self.low), f(self.high))

    def fmt(self, digits: int | None = None) -> str:
        digits = _digits(digits)
        if self.is_point:
            return fmt(self.high, digits)
        low = self.low.to(self.high.units)
        return (f"{_num_safe(low.magnitude, digits)}-{_num_safe(self.high.magnitude, digits)} "
                + fmt_unit(self.high.units))

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
        raise InputError(field, f"{fmt(lo)} to {fmt(hi)}", UNITS_TEXT["low_high"])
    return DoseRange(lo, hi)


__all__ = ["GRAMMAR_TEXT", "MAX_DIGITS", "MAX_DISPLAY", "MAX_TEXT", "UNITS_TEXT", "UNIT_NAMES",
           "DoseRange", "InputError", "Q", "Quantity", "as_range", "fmt", "fmt_dose", "fmt_drug",
           "fmt_percent", "fmt_route", "fmt_unit", "fraction", "fraction_range", "name",
           "parse_dose", "parse_unit", "quantity", "to", "ureg"]
