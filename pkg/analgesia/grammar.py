"""The dose grammar: how a typed dose is read.

::

    dose   = number [unit]          (spaces allowed between them, nothing else)
    number = digit+ ["." digit+]    (digits 0-9 only; no sign, no exponent, no comma)
    unit   = name {"/" name}        (each name from UNIT_NAMES, then looked up in the registry)

pint's own parser evaluates expressions ("9**9**9"), drops commas ("1,5" -> 15) and multiplies
juxtaposed numbers ("5 5 mg" -> 25 mg): typed text never reaches it. A decimal comma is
refused with the point version in the message (never read as anything else), and so is a
leading point (".5": ISMP asks for "0.5"). Text typed by a person is hostile: nothing here
evaluates it.

:mod:`analgesia.units` re-exports every public name (``from analgesia.units import
parse_dose`` keeps working).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pint

from . import words
from .errors import InputError, _words
from .registry import Quantity, ureg

MAX_TEXT = 40  # characters of a typed dose, so reading it takes bounded time
MAX_DIGITS = 17  # significant digits in a typed number: a float written in full (repr)
MAX_DISPLAY = 1e15  # numbers at or above this are refused by fmt (300-digit doses help no one)
# Text longer than this many boxes' worth is cut before it is even stripped (bounded time).
_RAW_LIMIT = MAX_TEXT * 4
_UNIT_CACHE = 512  # distinct unit texts kept parsed: a cache size, not a dose

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

# Everything a learner reads from the grammar. The doses in the examples show how to type a
# dose ('90 mg', '0.5 mg/h'); they are not doses to give.
GRAMMAR_TEXT = words.catalogue("grammar", {
    "expected": "a number and a unit, such as '90 mg' or '0.5 mg/h'",
    "empty": "a value: the box is empty",
    "too_long": "at most {n} characters, such as '0.5 mg/h'",
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
    "too_many_digits": "at most {n} digits",
    "too_large": "a number below 1000000000000000 (10^15)",
    "not_a_number": "a finite number (not nan or infinity)",
    "unit": "a known unit, such as mg, mcg, mL, h, min, day, mg/h, mcg/h, mg/day, mg/mL, "
    "patches or %",
    "unit_no_number": "a number before the unit, such as '90 {unit}'",
})

_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_UNIT_NAME_RE = r"(?:[A-Za-zµμ]+|%)"
_UNIT_RE = re.compile(rf"{_UNIT_NAME_RE}(?:\s*/\s*{_UNIT_NAME_RE})*")
_DOSE_RE = re.compile(rf"(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>{_UNIT_RE.pattern})?")
_COMMA_RE = re.compile(r"[0-9]*,[0-9]")
_THOUSANDS_RE = re.compile(r"[0-9],[0-9]{3}(?![0-9])")
_EXPONENT_RE = re.compile(r"[0-9.][eE][+-]?[0-9]|\*\*|\^|[0-9]\s*[×x]\s*10")
_NOT_A_NUMBER_RE = re.compile(r"[+\-−]?\s*(nan|inf|infinity)\b")
_ARITHMETIC = set("*+/()[]{}=!&|~")
_UNIT_TAIL = rf"\s*({_UNIT_RE.pattern})?"


def _refuse(field: str, text: str, key: str, **kw) -> InputError:
    return InputError(field, text, GRAMMAR_TEXT(key, **kw))


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


@functools.lru_cache(maxsize=_UNIT_CACHE)
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
    """Read typed text by the dose grammar (module docstring) into a Quantity.

    ``"0.5 mg"``, ``"25 mcg/h"``, ``"90"`` (a plain number). Everything else raises
    :class:`InputError` naming ``field`` and saying how to type it: ``"1,5 mg/h"`` (write
    ``1.5 mg/h``), ``".5 mg"`` (write ``0.5 mg``), ``"-5 mg"``, ``"1e-3 mg"``, ``"9**9**9"``,
    ``"5 5 mg"``, ``"nan"``, ``"２ mg"``, an empty box. Time is bounded by :data:`MAX_TEXT`.
    """
    if not isinstance(text, str):
        raise InputError(field, text, GRAMMAR_TEXT["expected"])
    t = _bounded(text, field)
    m = _DOSE_RE.fullmatch(t)
    if m is None:
        raise _not_a_number(field, text, t) or _not_a_dose(field, text, t)
    return _dose(m, field, text)


def _bounded(raw: str, field: str) -> str:
    """The typed text stripped, refused when empty or longer than :data:`MAX_TEXT`."""
    if len(raw) > _RAW_LIMIT:
        raise InputError(field, raw[:MAX_TEXT] + "...", GRAMMAR_TEXT("too_long", n=MAX_TEXT))
    t = raw.strip()
    if not t:
        raise _refuse(field, raw, "empty")
    if len(t) > MAX_TEXT:
        raise InputError(field, t[:MAX_TEXT] + "...", GRAMMAR_TEXT("too_long", n=MAX_TEXT))
    return t


def _dose(m: re.Match, field: str, raw: str) -> pint.Quantity:
    """The Quantity of a text that matched the grammar: its number, in its unit."""
    digits = len(m["number"].replace(".", "").lstrip("0"))  # significant digits
    if digits > MAX_DIGITS:
        raise _refuse(field, raw, "too_many_digits", n=MAX_DIGITS)
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


def _not_a_number(field: str, raw: str, t: str) -> InputError | None:
    """Why the number part is unreadable: a comma, nan, a sign, foreign digits, an exponent,
    arithmetic or two numbers (None when the number is not the problem)."""
    if _COMMA_RE.search(t):
        why = GRAMMAR_TEXT("comma", point=_point_version(t))
        if _THOUSANDS_RE.search(t):
            why += GRAMMAR_TEXT("comma_thousands",
                                joined=re.sub(r"([0-9]),([0-9])", r"\1\2", t))
        return InputError(field, raw, why)
    if _NOT_A_NUMBER_RE.match(t.lower()):
        return _refuse(field, raw, "not_a_number")
    if t[0] in "+-−":
        return _refuse(field, raw, "sign")
    if any(c.isdigit() and not "0" <= c <= "9" for c in t) or any(
            unicodedata.category(c) == "No" for c in t):
        return _refuse(field, raw, "digits")
    if not re.search(r"[0-9]", t) and not _UNIT_RE.fullmatch(t):
        return _refuse(field, raw, "expected")
    if _EXPONENT_RE.search(t):
        return _refuse(field, raw, "exponent")
    if any(c in _ARITHMETIC for c in t.split(" ")[0]) or any(
            c in _ARITHMETIC - {"/"} for c in t):
        return _refuse(field, raw, "arithmetic")
    if len(_NUMBER_RE.findall(t)) > 1 and not re.fullmatch(
            r"[0-9]+\.\s*" + _UNIT_RE.pattern, t):
        return _refuse(field, raw, "two_numbers")
    return None


def _not_a_dose(field: str, raw: str, t: str) -> InputError:
    """Why a readable number is not a dose: a leading or trailing point, a unit without a
    number, a number followed by something that is not a unit."""
    lead = re.fullmatch(r"\.([0-9]+)" + _UNIT_TAIL, t)
    if lead:
        fixed = f"0.{lead[1]}" + (f" {lead[2]}" if lead[2] else "")
        return _refuse(field, raw, "leading_point", fixed=fixed)
    trail = re.fullmatch(r"([0-9]+)\." + _UNIT_TAIL, t)
    if trail:
        fixed = trail[1] + (f" {trail[2]}" if trail[2] else "")
        return _refuse(field, raw, "trailing_point", fixed=fixed)
    if _UNIT_RE.fullmatch(t):
        try:
            parse_unit(t, field)
        except InputError:  # a word, not a unit ("three", "soon")
            return _refuse(field, raw, "expected")
        return _refuse(field, raw, "unit_no_number", unit=t)
    if _NUMBER_RE.match(t) is not None:  # a number followed by something that is not a unit
        return _refuse(field, raw, "unit")
    return _refuse(field, raw, "expected")


__all__ = [
    "GRAMMAR_TEXT",
    "MAX_DIGITS",
    "MAX_DISPLAY",
    "MAX_TEXT",
    "UNIT_NAMES",
    "parse_dose",
    "parse_unit",
]
