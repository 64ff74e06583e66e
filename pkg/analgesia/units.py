"""Units for dose arithmetic: one pint registry, parsing, ranges and safe display.

Every dose that crosses a function boundary in this package is a pint ``Quantity`` from
``ureg``. Display goes through :func:`fmt`, which follows safe-medication-writing practice
(ISMP List of Error-Prone Abbreviations, Symbols and Dose Designations): ``mcg`` not ``ug``,
``mL`` not ``ml``, a leading zero (``0.5 mg``), no trailing zero (``5 mg``, never ``5.0 mg``),
a space between number and unit.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
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
    """A value outside what a function accepts: names the field, the value and what is allowed.

    ``field`` is the parameter's name for code; ``label`` the field in a learner's words, used
    in the message (defaults to ``field``).
    """

    def __init__(self, field: str, value: Any, allowed: str, why: str = "", *,
                 label: str | None = None):
        self.field = field  # the parameter (code reads it: "hour_limit")
        # the words a learner reads ("hour limit"); never empty
        self.label = _words(label) or _words(field) or "value"
        self.value = value
        self.allowed = allowed
        self.why = why
        message = f"{self.label}: {_show(value)} is not allowed; expected {allowed}."
        super().__init__(f"{message} {why}".strip())


def _words(x: Any) -> str:
    return x.strip() if isinstance(x, str) else ""


def _show(value: Any) -> str:
    if isinstance(value, Quantity):
        try:
            return fmt(value)
        except Exception:  # noqa: BLE001 - a value too odd to format: number and unit, no repr
            try:
                return f"{float(value.magnitude):g} {fmt_unit(value.units)}".strip()
            except Exception:  # noqa: BLE001 - an array or stranger still
                return "a value that cannot be shown"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------------------------
# The dose grammar: how a typed dose is read.
#
#   dose   = number [unit]          (spaces allowed between them, nothing else)
#   number = digit+ ["." digit+]    (digits 0-9 only; no sign, no exponent, no comma)
#   unit   = name {"/" name}        (each name from UNIT_NAMES, then looked up in the registry)
#
# pint's own parser evaluates expressions ("9**9**9"), drops commas ("1,5" -> 15) and multiplies
# juxtaposed numbers ("5 5 mg" -> 25 mg): typed text never reaches it. A decimal comma is
# refused with the point version in the message (never read as anything else), and so is a
# leading point (".5": ISMP asks for "0.5").

MAX_TEXT = 40  # characters of a typed dose, so reading it takes bounded time
MAX_DIGITS = 17  # significant digits in a typed number: a float written in full (repr)
MAX_DISPLAY = 1e15  # numbers at or above this are refused by fmt (300-digit doses help no one)

# Unit names a learner may type (case-insensitive), each mapped to a registry name. A closed
# list: "Mg" (megagram), "pi", "dozen" or "m" (metre) are not read as anything.
UNIT_NAMES = {
    **dict.fromkeys(("mg", "milligram", "milligrams"), "milligram"),
    # every microgram is the registry's own "mcg", so that Q("25 µg/h").units ==
    # Q(25, "mcg/h").units: code compares units (a patch rate must be in mcg/h)
    **dict.fromkeys(("mcg", "µg", "μg", "ug", "microgram", "micrograms"), "mcg"),
    **dict.fromkeys(("ng", "nanogram", "nanograms"), "nanogram"),
    **dict.fromkeys(("g", "gram", "grams"), "gram"),
    **dict.fromkeys(("kg", "kilogram", "kilograms"), "kilogram"),
    **dict.fromkeys(("ml", "milliliter", "milliliters", "millilitre", "millilitres", "cc"),
                    "milliliter"),
    **dict.fromkeys(("l", "liter", "liters", "litre", "litres"), "liter"),
    **dict.fromkeys(("s", "sec", "second", "seconds"), "second"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minute"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
    **dict.fromkeys(("d", "day", "days"), "day"),
    **dict.fromkeys(("wk", "week", "weeks"), "week"),
    **dict.fromkeys(("year", "years"), "year"),
    **dict.fromkeys(("%", "percent"), "percent"),
    **dict.fromkeys(("patch", "patches"), "patch"),
    **dict.fromkeys(("ampoule", "ampoules"), "ampoule"),
    **dict.fromkeys(("press", "presses"), "press"),
    **dict.fromkeys(("dose", "doses"), "dose"),
    "fraction": "fraction",
    "count": "count",
    "dimensionless": "dimensionless",
}

# Everything a learner reads from the grammar.
GRAMMAR_TEXT = {
    "expected": "a number and a unit, such as '90 mg' or '0.5 mg/h'",
    "empty": "a value: the box is empty",
    "too_long": f"at most {MAX_TEXT} characters, such as '0.5 mg/h'",
    "comma": "a number written with a point: a comma is not read. Write decimals with a "
    "point: {point}",
    "comma_thousands": " (or, if the comma separates thousands, write {joined} without it)",
    "leading_point": "a zero before the point: write {fixed}",
    "trailing_point": "digits after the point, or no point: write {fixed}",
    "sign": "a dose without a sign: doses, rates and times are not negative",
    "exponent": "the number written out in digits, such as 0.001: no exponents",
    "arithmetic": "one number, not a calculation: work it out and type the result",
    "two_numbers": "one number followed by its unit, such as '90 mg'",
    "digits": "the digits 0-9",
    "too_many_digits": f"at most {MAX_DIGITS} digits",
    "too_large": "a number below 1000000000000000 (10^15)",
    "not_a_number": "a finite number (not nan or infinity)",
    "unit": "a known unit, such as mg, mcg, mL, h, min, day, mg/h, mcg/h, mg/day, mg/mL, "
    "patches or %",
    "unit_no_number": "a number before the unit, such as '90 {unit}'",
}

_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_UNIT_NAME_RE = r"(?:[A-Za-zµμ]+|%)"
_UNIT_RE = re.compile(rf"{_UNIT_NAME_RE}(?:\s*/\s*{_UNIT_NAME_RE})*")
_DOSE_RE = re.compile(rf"(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>{_UNIT_RE.pattern})?")
_COMMA_RE = re.compile(r"[0-9]*,[0-9]")
_EXPONENT_RE = re.compile(r"[0-9.][eE][+-]?[0-9]|\*\*|\^|[0-9]\s*[×x]\s*10")
_ARITHMETIC = set("*+/()[]{}=!&|~")
_INFINITE_WORDS = ("nan", "inf", "infinity")


def _refuse(field: str, text: str, key: str, **kw) -> InputError:
    return InputError(field, text, GRAMMAR_TEXT[key].format(**kw))


def _point_version(text: str) -> str:
    """'1,5 mg/h' -> '1.5 mg/h', '1,50 mg' -> '1.5 mg' (the example a decimal-comma message
    shows: never with a trailing zero, which ISMP lists as error-prone)."""
    def point(m: re.Match) -> str:
        return f"{m[1]}.{m[2]}".rstrip("0").rstrip(".")

    return re.sub(r"([0-9]+),([0-9]+)", point, text)


def parse_unit(text: str, field: str = "unit") -> pint.Unit:
    """Read a unit by the grammar: known names joined by ``/`` (``"mg/h"``, ``"mcg / h"``).

    Each name is mapped through :data:`UNIT_NAMES` and only then looked up in the registry.
    """
    if not isinstance(text, str):
        raise InputError(field, text, GRAMMAR_TEXT["unit"])
    return _parse_unit(text, _words(field) or "unit")


@functools.lru_cache(maxsize=512)
def _parse_unit(text: str, field: str) -> pint.Unit:
    t = text.strip()
    if not t or len(t) > MAX_TEXT or not _UNIT_RE.fullmatch(t):
        raise InputError(field, text, GRAMMAR_TEXT["unit"])
    names = [n.strip() for n in t.split("/")]
    unit = None
    for i, name in enumerate(names):
        key = name if name in UNIT_NAMES else name.lower()
        if key not in UNIT_NAMES:
            raise InputError(field, text, GRAMMAR_TEXT["unit"])
        u = ureg.Unit(UNIT_NAMES[key])
        unit = u if i == 0 else unit / u
    return unit


def parse_dose(text: str, *, field: str = "value") -> pint.Quantity:
    """Read typed text by the dose grammar (module comment above) into a Quantity.

    ``"0.5 mg"``, ``"25 mcg/h"``, ``"90"`` (a plain number). Everything else raises
    :class:`InputError` naming ``field`` and saying how to type it: ``"1,5 mg/h"`` (write
    ``1.5 mg/h``), ``".5 mg"`` (write ``0.5 mg``), ``"-5 mg"``, ``"1e-3 mg"``, ``"9**9**9"``,
    ``"5 5 mg"``, ``"nan"``, ``"２ mg"``, an empty box. Time is bounded by :data:`MAX_TEXT`.
    """
    if not isinstance(text, str):
        raise InputError(field, text, GRAMMAR_TEXT["expected"])
    raw = text
    if len(raw) > MAX_TEXT * 4:
        raise InputError(field, raw[:MAX_TEXT] + "...", GRAMMAR_TEXT["too_long"])
    t = raw.strip()
    if not t:
        raise _refuse(field, raw, "empty")
    if len(t) > MAX_TEXT:
        raise InputError(field, t[:MAX_TEXT] + "...", GRAMMAR_TEXT["too_long"])
    m = _DOSE_RE.fullmatch(t)
    if m is not None:
        digits = len(m["number"].replace(".", "").lstrip("0"))  # significant digits
        if digits > MAX_DIGITS:
            raise _refuse(field, raw, "too_many_digits")
        value = float(m["number"])
        if value >= MAX_DISPLAY:
            raise _refuse(field, raw, "too_large")
        if m["unit"] is None:
            return Quantity(value, "dimensionless")
        try:
            unit = parse_unit(m["unit"], field)
        except InputError:
            raise _refuse(field, raw, "unit") from None
        return Quantity(value, unit)
    # Not a dose: find the most helpful reason.
    low = t.lower()
    if _COMMA_RE.search(t):
        why = GRAMMAR_TEXT["comma"].format(point=_point_version(t))
        if re.search(r"[0-9],[0-9]{3}(?![0-9])", t):
            why += GRAMMAR_TEXT["comma_thousands"].format(
                joined=re.sub(r"([0-9]),([0-9])", r"\1\2", t))
        raise InputError(field, raw, why)
    if re.match(r"[+\-−]?\s*(nan|inf|infinity)\b", low):
        raise _refuse(field, raw, "not_a_number")
    if t[0] in "+-−":
        raise _refuse(field, raw, "sign")
    if any(c.isdigit() and not "0" <= c <= "9" for c in t) or any(
            unicodedata.category(c) == "No" for c in t):
        raise _refuse(field, raw, "digits")
    if not re.search(r"[0-9]", t) and not _UNIT_RE.fullmatch(t):
        raise _refuse(field, raw, "expected")
    if _EXPONENT_RE.search(t):
        raise _refuse(field, raw, "exponent")
    if any(c in _ARITHMETIC for c in t.split(" ")[0]) or any(
            c in _ARITHMETIC - {"/"} for c in t):
        raise _refuse(field, raw, "arithmetic")
    if len(re.findall(r"[0-9]+(?:\.[0-9]+)?", t)) > 1 and not re.fullmatch(
            r"[0-9]+\.\s*" + _UNIT_RE.pattern, t):
        raise _refuse(field, raw, "two_numbers")
    unit_tail = rf"\s*({_UNIT_RE.pattern})?"
    lead = re.fullmatch(r"\.([0-9]+)" + unit_tail, t)
    if lead:
        fixed = f"0.{lead[1]}" + (f" {lead[2]}" if lead[2] else "")
        raise _refuse(field, raw, "leading_point", fixed=fixed)
    trail = re.fullmatch(r"([0-9]+)\." + unit_tail, t)
    if trail:
        fixed = trail[1] + (f" {trail[2]}" if trail[2] else "")
        raise _refuse(field, raw, "trailing_point", fixed=fixed)
    if _UNIT_RE.fullmatch(t):
        try:
            parse_unit(t, field)
        except InputError:  # a word, not a unit ("three", "soon")
            raise _refuse(field, raw, "expected") from None
        raise _refuse(field, raw, "unit_no_number", unit=t)
    n = _NUMBER_RE.match(t)
    if n is not None:  # a number followed by something that is not a unit
        raise _refuse(field, raw, "unit")
    raise _refuse(field, raw, "expected")


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
            raise InputError(field, value, "a number when a unit is given separately")
        q = parse_dose(value, field=field)
    elif isinstance(value, Real) and not isinstance(value, bool):
        if unit is None:
            raise InputError(field, value, "a dose with a unit, such as '90 mg'")
        try:
            number = float(value)
        except (OverflowError, ValueError, TypeError) as exc:
            raise InputError(field, value, GRAMMAR_TEXT["not_a_number"]) from exc
        q = Quantity(number, _unit(unit, field))
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
    target = _unit(unit, field)
    if not isinstance(q, pint.Quantity):
        q = Q(q, field=field)
    try:
        return q.to(target)
    except pint.DimensionalityError as exc:
        raise InputError(field, q, f"a quantity in {fmt_unit(target)}") from exc
    except (OverflowError, ArithmeticError) as exc:
        raise InputError(field, q, "a finite number") from exc


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
        raise InputError(field, q, f"a number below {_num(MAX_DISPLAY)} {fmt_unit(q.units)}")
    low_ok = minimum is None or m > minimum or (allow_zero and m == minimum)
    high_ok = maximum is None or m <= maximum
    if not (low_ok and high_ok):
        lo = "" if minimum is None else ("at least" if allow_zero else "more than")
        bound = [] if minimum is None else [f"{lo} {fmt(Quantity(minimum, unit))}"]
        if maximum is not None:
            bound.append(f"at most {fmt(Quantity(maximum, unit))}")
        raise InputError(field, q, " and ".join(bound) or "a finite value")
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
            raise InputError(name, limit, "a finite number (the allowed range of the fraction)")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputError(field, value, f"a number from {_num(low)} to {_num(high)}")
    try:
        v = float(value)
    except OverflowError:
        raise InputError(field, value, f"a number from {_num(low)} to {_num(high)}") from None
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
    if not isinstance(units, ureg.Unit):
        raise InputError("unit", units, "a unit of the package registry, such as Q(1, 'mg').units")
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
        raise InputError("digits", digits, f"a whole number of decimals from 0 to {MAX_DECIMALS}")
    return digits


def _num_safe(x: float, digits: int | None = None) -> str:
    """:func:`_num` that never hides a dose: a value that rounds to 0 is written ``< 0.001``
    (the smallest step at these decimals), a value too large to read is refused."""
    x = float(x)
    if not math.isfinite(x):
        raise InputError("value", x, GRAMMAR_TEXT["not_a_number"])
    if abs(x) >= MAX_DISPLAY:
        raise InputError("value", x, f"a number below {_num(MAX_DISPLAY)} to display")
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
    expected = "a finite number, such as 0.25 for 25%"
    if isinstance(value, pint.Quantity):
        if value.dimensionality:
            raise InputError("fraction", value, "a fraction without a unit, such as 0.25")
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
        raise InputError("route", route, "a route such as 'subcutaneous'")
    return _ROUTE_DISPLAY.get(route, route)


def fmt_drug(drug: str, tall_man: bool = False) -> str:
    if not isinstance(drug, str):
        raise InputError("drug", drug, "a drug name such as 'hydromorphone'")
    if not isinstance(tall_man, bool):
        raise InputError("tall_man", tall_man, "True or False")
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
        for end, value in (("low", self.low), ("high", self.high)):
            if not isinstance(value, Quantity):
                raise InputError(f"range {end}", value, "a dose with a unit, such as Q('90 mg')")
            Q(value, field=f"range {end}")  # a single finite number
            if value.magnitude < 0:
                raise InputError(f"range {end}", value, "0 or more: doses are not negative")
            if value.magnitude >= MAX_DISPLAY:
                raise InputError(f"range {end}", value, f"a number below {_num(MAX_DISPLAY)}")
        if self.low.dimensionality != self.high.dimensionality:
            raise InputError("range", (self.low, self.high), "both ends in the same unit kind")
        if self.low.to(self.high.units).magnitude > self.high.magnitude + 1e-12:
            raise InputError("range", f"{fmt(self.low)} to {fmt(self.high)}", "low <= high")

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
            raise InputError("function", f, "a function of a dose")
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
        raise InputError(field, f"{fmt(lo)} to {fmt(hi)}", "low not larger than high")
    return DoseRange(lo, hi)


__all__ = [
    "GRAMMAR_TEXT",
    "MAX_DIGITS",
    "MAX_DISPLAY",
    "MAX_TEXT",
    "UNIT_NAMES",
    "DoseRange",
    "InputError",
    "Q",
    "Quantity",
    "as_range",
    "fmt",
    "fmt_dose",
    "fmt_drug",
    "fmt_percent",
    "fmt_route",
    "fmt_unit",
    "fraction",
    "fraction_range",
    "name",
    "parse_dose",
    "parse_unit",
    "quantity",
    "to",
    "ureg",
]
