"""Grading: a learner's answer compared with the worked ranges, field by field (absolute and
%), and the workbook's checker run on the worked order, with the same rules the notebooks
teach. Teaching, not prescribing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pint

from .. import safety, words
from ..units import DoseRange, InputError, Q, as_range, fmt, fmt_percent
from .cases import FIELDS, LABELS, TEXT_FIELDS, UNITS, PracticeCase, require_case
from .solving import Solution, solve

TEXT = words.catalogue("practice.grading", {
    "within": "{label}: yours {given} is within the worked range {expected}",
    "rounding": "{label}: yours {given} is {size} ({pct}) {side} the worked range {expected}: "
    "rounding only",
    "outside": "{label}: yours {given} is {size} ({pct}) {side} the worked range {expected}",
    "outside_no_pct": "{label}: yours {given} is {size} {side} the worked value {expected}",
    "above": "above",
    "below": "below",
    "missing": "{label}: not answered (worked range {expected})",
    "text_same": "{label}: yours '{given}' matches the worked answer",
    "text_differs": "{label}: yours '{given}', worked answer '{expected}'",
    "field": "field",
    "a_field": "the name of an answer field",
    "a_unit": "a unit of an answer: {units}",
    "too_long": "an answer of at most {n} characters, such as '{example}'",
    "cut": "{text}...",
    "answer": "learner_answer",
    "a_mapping": "a mapping of field -> answer",
    "fields": "one of drug, route, mode, {names}",
    "a_name": "a {field} name such as '{example}'",
    "solution": "solution",
    "a_solution": "a solution from solve() or None",
})

MAX_ANSWER = 100  # characters in one typed answer: a range with its unit needs a dozen
ROUNDING = 0.01  # |difference| <= 1% of the bound counts as rounding (a display choice)
SHOWN = 40  # characters of an over-long answer repeated in the message
_RANGE_TEXT = re.compile(r"^\s*([0-9.]+)\s*(?:-|to)\s*([0-9.]+)\s*([^\d\s].*)$")


@dataclass(frozen=True)
class Difference:
    """How far one answer field lies from the worked range.

    ``absolute`` is signed (above > 0, below < 0; 0 inside the range), ``percent`` is relative
    to the nearer bound (None when that bound is 0 or the field is text).
    """

    field: str
    expected: str
    given: str
    within: bool
    absolute: pint.Quantity | None
    percent: float | None
    text: str

    @property
    def rounding_only(self) -> bool:
        return (not self.within and self.percent is not None
                and abs(self.percent) <= ROUNDING * 100)


def _cut(text: str) -> str:
    return TEXT("cut", text=text[:SHOWN])


def parse_answer(value: Any, unit: str, field_name: str) -> DoseRange:
    """A learner's value: '0.25 mg/h', a Quantity, a (low, high) pair or a range such as
    '0.25-0.5 mg/h' (low-high, or 'low to high', then the unit)."""
    if not isinstance(field_name, str) or not field_name.strip():
        raise InputError(TEXT["field"], type(field_name).__name__, TEXT["a_field"])
    if not isinstance(unit, str) or unit not in UNITS.values():
        shown = unit[:80] if isinstance(unit, str) else type(unit).__name__
        raise InputError(field_name, shown, TEXT("a_unit", units=", ".join(
            sorted(set(UNITS.values())))))
    if isinstance(value, str) and len(value) > MAX_ANSWER:
        from .. import bounds

        raise InputError(field_name, _cut(value), TEXT("too_long", n=MAX_ANSWER,
                                                       example=bounds.bound("bolus").example))
    if isinstance(value, str):
        m = _RANGE_TEXT.match(value)
        if m:
            value = (f"{m.group(1)} {m.group(3)}", f"{m.group(2)} {m.group(3)}")
    return as_range(value, unit, field=field_name, allow_zero=True)


def _text_difference(key: str, given: Any, want: str) -> Difference:
    label = LABELS[key]
    if not isinstance(given, str) or len(given) > MAX_ANSWER:
        shown = _cut(given) if isinstance(given, str) else type(given).__name__
        raise InputError(label, shown, TEXT("a_name", field=key, example=want))
    same = given.strip().lower() == want
    text = TEXT("text_same" if same else "text_differs", label=label, given=given, expected=want)
    return Difference(key, want, str(given), same, None, None, text)


def _blank(given: Any) -> bool:
    return given is None or (isinstance(given, str) and not given.strip())


def _check_answer(learner_answer: Any) -> dict:
    if not isinstance(learner_answer, dict):
        raise InputError(TEXT["answer"], type(learner_answer).__name__, TEXT["a_mapping"])
    unknown = [k for k in learner_answer if k not in (*FIELDS, *TEXT_FIELDS)]
    if unknown:
        shown = unknown[0][:80] if isinstance(unknown[0], str) else type(unknown[0]).__name__
        raise InputError(TEXT["answer"], shown, TEXT("fields", names=", ".join(FIELDS)))
    return learner_answer


def compare(case: PracticeCase, learner_answer: dict) -> tuple[Difference, ...]:
    """One :class:`Difference` per field the case asks for (and drug/route when answered).

    Bad values raise :class:`InputError` naming the field.
    """
    case = require_case(case)
    answer = _check_answer(learner_answer)
    out = [_text_difference(key, answer[key], want)
           for key, want in (("drug", case.drug), ("route", case.route), ("mode", case.mode))
           if not _blank(answer.get(key))]
    for key in case.fields:
        want, label, given = case.expected[key], LABELS[key], answer.get(key)
        if _blank(given):
            out.append(Difference(key, want.fmt(), "", False, None, None, TEXT(
                "missing", label=label, expected=want.fmt())))
            continue
        g = parse_answer(given, UNITS[key], label).to(str(want.units))
        out.append(_difference(key, label, want, g))
    return tuple(out)


def _difference(key: str, label: str, want: DoseRange, g: DoseRange) -> Difference:
    eps = 1e-9 * max(abs(want.high.magnitude), 1e-12)
    above = g.high.magnitude - want.high.magnitude
    below = want.low.magnitude - g.low.magnitude
    given, expected = g.fmt(), want.fmt()
    if above <= eps and below <= eps:
        return Difference(key, expected, given, True, 0 * want.high, 0.0, TEXT(
            "within", label=label, given=given, expected=expected))
    if above >= below:
        size, bound, side = above, want.high.magnitude, TEXT["above"]
    else:
        size, bound, side = -below, want.low.magnitude, TEXT["below"]
    absolute = Q(size, str(want.units))
    pct = None if bound == 0 else size / bound * 100
    fields = {"label": label, "given": given, "size": fmt(Q(abs(size), str(want.units))),
              "side": side, "expected": expected}
    if pct is None:
        return Difference(key, expected, given, False, absolute, pct,
                          TEXT("outside_no_pct", **fields))
    template = "rounding" if abs(pct) <= ROUNDING * 100 else "outside"
    try:
        shown = fmt_percent(abs(pct) / 100)
    except InputError:  # a share too large to print: say how far, not by how much in %
        return Difference(key, expected, given, False, absolute, pct,
                          TEXT("outside_no_pct", **fields))
    return Difference(key, expected, given, False, absolute, pct,
                      TEXT(template, pct=shown, **fields))


def check(case: PracticeCase, solution: Solution | None = None) -> tuple[safety.Finding, ...]:
    """The workbook's checker on the case's worked order (empty when the answer has no pump):
    the same rules the notebooks teach and the grader uses."""
    case = require_case(case)
    if solution is not None and not isinstance(solution, Solution):
        raise InputError(TEXT["solution"], type(solution).__name__, TEXT["a_solution"])
    sol = solution if solution is not None else solve(case)
    if sol.settings is None:
        return ()
    p = case.patient
    return safety.check_pca(
        sol.settings, daily_dose=sol.daily_for_check, opioid_tolerant=p.opioid_tolerant,
        reservoir=sol.reservoir, egfr=p.egfr, hepatic_impairment=p.hepatic_impairment,
        age=p.age, frail=p.frail, sedatives=p.sedatives, can_use_button=p.can_use_button,
        who_presses="nurse" if case.mode == "clinician" else "patient")


def unexpected_findings(case: PracticeCase) -> tuple[safety.Finding, ...]:
    """Warnings and dangers on the worked order that the case is not about."""
    return tuple(f for f in check(case) if f.level != "info"
                 and f.code not in case.expected_findings)
