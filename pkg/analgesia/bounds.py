"""Plausibility bounds on inputs, from ``data/input_bounds.csv``.

Each quantity kind (a dose in mg, a rate in mg/h, a lockout, an interval, a count, a pain
score, a fraction, ...) has one row: the words a learner knows for the field, the unit, whether
0 is allowed (0 mg/h = no background), the range ``low``-``high`` and an example in the field's
own unit, with its source or the word ``assumption``. A value outside is an
:class:`~analgesia.units.InputError` that names the field, the range and the example:

    background rate: '150 mg/h' is not allowed; expected 0 mg/h or 0.001 to 100 mg/h, such as
    0.5 mg/h.

The bounds catch typing slips (an extra zero or three, a lockout of 0.000001 min); they are not
clinical limits. Teaching, not prescribing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pint

from . import references as refs
from . import words
from .units import InputError, Q, _num, fmt, fmt_unit, parse_dose, parse_unit

FILE = "input_bounds"

# Everything a learner reads from this module.
TEXT = words.catalogue("bounds", {
    "range": "{low} to {high} {unit}",
    "range_zero": "0 {unit} or {low} to {high} {unit}",
    "count": "a whole number from {low} to {high}",
    "number": "a number from {low} to {high}",
    "such_as": "{allowed}, such as {example}",
    "kind": "one of {names}",
    "with_unit": "a value with its unit, such as {example}",
    "in_unit": "a value in {unit}, such as {example}",
    "describe": "{label}: {allowed} ({status})",
})


@dataclass(frozen=True)
class Bound:
    """One row of data/input_bounds.csv."""

    kind: str
    label: str
    unit: str
    zero_allowed: bool
    low: float
    high: float
    example: str
    origin: refs.Source

    @property
    def is_count(self) -> bool:
        return self.unit == "count"

    @property
    def is_number(self) -> bool:
        return self.unit in ("fraction", "dimensionless", "count")

    @property
    def allowed(self) -> str:
        """The range in words: '0 mg/h or 0.001 to 100 mg/h, such as 0.5 mg/h'."""
        if self.is_count:
            low = 0 if self.zero_allowed else self.low
            text = TEXT("count", low=_num(low), high=_num(self.high))
        elif self.is_number:
            low = 0 if self.zero_allowed else self.low
            text = TEXT("number", low=_num(low), high=_num(self.high))
        else:
            unit = fmt_unit(parse_unit(self.unit))
            key = "range_zero" if self.zero_allowed else "range"
            text = TEXT(key, low=_num(self.low), high=_num(self.high), unit=unit)
        return TEXT("such_as", allowed=text, example=self.example)

    def admits(self, magnitude: float, upper: bool = True) -> bool:
        """True when ``magnitude`` (in this row's unit) is 0 where allowed, or in [low, high]
        (without ``upper``: at least low; the caller bounds it another way)."""
        if magnitude == 0:
            return self.zero_allowed
        # a hair of tolerance so that 100 mg/h written as 0.1 g/h is not refused by rounding
        high = self.high * (1 + 1e-12) if upper else math.inf
        return self.low * (1 - 1e-12) <= magnitude <= high


@refs.cached
def bounds() -> dict[str, Bound]:
    """All rows of data/input_bounds.csv by kind; checked at load (file, row and column)."""
    path = refs.DATA_DIR / f"{FILE}.csv"
    out: dict[str, Bound] = {}
    for r in refs.load(FILE):
        if r["kind"] in out:
            raise refs.DataFileError(path, r["_row"], "kind", f"'{r['kind']}' appears twice")
        if r["low"] <= 0:
            raise refs.DataFileError(path, r["_row"], "low", "must be above 0 (zero_allowed "
                                     "says whether 0 itself is allowed)")
        b = Bound(r["kind"], r["field"], r["unit"], r["zero_allowed"] == "yes", r["low"],
                  r["high"], r["example"],
                  refs.Source(r["source"], r["year"], r["url"], r["status"], r.get("note", "")))
        try:
            example = parse_dose(b.example, field="example")
            if not example.dimensionless or b.is_number or b.unit in ("week",):
                example = example.to(parse_unit(b.unit)) if not (
                    example.dimensionless and b.is_number) else example
            ok = b.admits(float(example.magnitude))
        except (InputError, pint.DimensionalityError):
            ok = False
        if not ok:
            raise refs.DataFileError(path, r["_row"], "example",
                                     f"'{b.example}' is not a {b.unit} value within the row's "
                                     "range")
        out[b.kind] = b
    return out


def bound(kind: str) -> Bound:
    """The row for ``kind`` (``"background"``, ``"lockout"``, ...)."""
    rows = bounds()
    if not isinstance(kind, str) or kind not in rows:
        raise InputError("kind", kind, TEXT("kind", names=", ".join(sorted(rows))))
    return rows[kind]


def _relabel(exc: InputError, b: Bound, field: str, label: str | None) -> InputError:
    words = label if isinstance(label, str) and label.strip() else b.label
    return InputError(field, exc.value, exc.allowed, exc.why, label=words)


def check(value: Any, kind: str, *, field: str | None = None, label: str | None = None,
          unit: str | None = None, upper: bool = True) -> pint.Quantity:
    """Parse ``value`` (text by the dose grammar, a Quantity, or a number with ``unit``),
    convert it to the row's unit and keep it within the row's bounds.

    ``field`` is the parameter name kept on the error for code (default ``kind``); ``label``
    the learner's words (default the row's ``field`` column).
    """
    b = bound(kind)
    field = field if isinstance(field, str) and field.strip() else kind
    words = label if isinstance(label, str) and label.strip() else b.label
    try:
        q = Q(value, unit, field=field) if unit is not None and not isinstance(
            value, pint.Quantity | str) else Q(value, field=field)
        target = parse_unit(b.unit)
        if q.dimensionless and not b.is_number and q.units == Q(1, "dimensionless").units:
            raise InputError(field, value, TEXT("with_unit", example=b.example))
        try:
            q = q.to(target)
        except pint.DimensionalityError:
            raise InputError(field, q, TEXT("in_unit", unit=fmt_unit(target),
                                            example=b.example)) from None
    except InputError as exc:
        raise _relabel(exc, b, field, label) from None
    m = float(q.magnitude)
    if not math.isfinite(m) or not b.admits(m, upper):
        raise InputError(field, q, b.allowed, label=words)
    return q


def count(value: Any, kind: str, *, field: str | None = None, label: str | None = None,
          text: bool = True) -> int:
    """A whole number within the row's bounds: 3, 3.0 or (with ``text``) "3", read by the
    dose grammar."""
    b = bound(kind)
    field = field if isinstance(field, str) and field.strip() else kind
    words = label if isinstance(label, str) and label.strip() else b.label
    n = value
    if isinstance(value, str) and not text:
        raise InputError(field, value, b.allowed, label=words)
    if isinstance(value, str):
        try:
            q = parse_dose(value, field=field)
        except InputError as exc:
            raise _relabel(exc, b, field, label) from None
        if not q.dimensionless:
            raise InputError(field, value, b.allowed, label=words)
        n = float(q.to("dimensionless").magnitude)
    if isinstance(n, bool) or not isinstance(n, Real):
        raise InputError(field, value, b.allowed, label=words)
    try:
        x = float(n)
    except (OverflowError, ValueError):
        raise InputError(field, value, b.allowed, label=words) from None
    if not math.isfinite(x) or x != int(x) or not b.admits(x):
        raise InputError(field, value, b.allowed, label=words)
    return int(x)


def number(value: Any, kind: str, *, field: str | None = None, label: str | None = None
           ) -> float:
    """A plain number (a fraction, a factor) within the row's bounds."""
    b = bound(kind)
    field = field if isinstance(field, str) and field.strip() else kind
    words = label if isinstance(label, str) and label.strip() else b.label
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputError(field, value, b.allowed, label=words)
    try:
        x = float(value)
    except (OverflowError, ValueError):
        raise InputError(field, value, b.allowed, label=words) from None
    if not math.isfinite(x) or not b.admits(x):
        raise InputError(field, value, b.allowed, label=words)
    return x


def high(kind: str) -> pint.Quantity:
    """The upper bound of ``kind`` as a Quantity in the row's unit."""
    b = bound(kind)
    return Q(b.high, "dimensionless" if b.is_number else b.unit)


def describe(kind: str) -> str:
    """'background rate: 0 mg/h or 0.001 to 100 mg/h, such as 0.5 mg/h (assumption)'."""
    b = bound(kind)
    return TEXT("describe", label=b.label, allowed=b.allowed, status=b.origin.status)


__all__ = ["Bound", "bound", "bounds", "check", "count", "describe", "fmt", "high", "number"]
