"""A practice case as data: the patient, the method the worked answer follows, the expected
ranges, the reasoning with its sources, and the answer fields with their units.

Every class here is a frozen value built by :mod:`analgesia.practice.loading`; nothing here
reads a file or computes a dose. Teaching, not prescribing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pint

from .. import references as refs
from .. import words
from ..units import DoseRange, InputError, fmt, fmt_drug, fmt_route

CASES_DIR = refs.DATA_DIR / "practice_cases"

TEXT = words.catalogue("practice", {
    "error": "{file}{line}: field '{field}': expected {expected}; got {got}",
    "line": ", line {line}",
    "opioid_rate": "{name} {rate}",
    "opioid_every": "{name} {dose} every {every}",
    "opioid_as_needed": "{name} {dose} x {times} in 24 h (as needed)",
    "patient_weight": ", {weight}",
    "patient_who": "{age}-year-old {sex}{weight}: {diagnosis}",
    "patient_renal": "renal function: {renal}",
    "patient_opioids": "current opioids: {opioids}",
    "patient_naive": "none (opioid naive)",
    "patient_pain": "pain NRS {nrs}; opioid tolerant: {tolerant}",
    "yes": "yes",
    "no": "no",
    "spread_via": " (from {route})",
    "spread_label": "{table}{via} -> {drug} {route}",
    "reasoning_line": "{n}. {step}: {arithmetic} [{source}]",
    "case": "case",
    "a_case": "a practice case from load_cases()",
    "one_of": "one of {names}",
})

# The answer fields, in the words a learner knows (also the widget's and the grader's labels).
LABELS = words.catalogue("practice.labels", {
    "daily_dose": "daily dose",
    "background": "background",
    "bolus": "bolus (PCA dose)",
    "lockout": "lockout",
    "hour_limit": "hour limit",
    "rescue": "rescue dose",
    "background_delay": "start the background after patch removal",
    "drug": "drug",
    "route": "route",
    "mode": "PCA mode",
})

FIELDS = ("daily_dose", "background", "bolus", "lockout", "hour_limit", "rescue",
          "background_delay")
UNITS = {"daily_dose": "mg/day", "background": "mg/h", "bolus": "mg", "lockout": "min",
         "hour_limit": "mg/h", "rescue": "mg", "background_delay": "h"}
KINDS = ("rotation", "naive_pca")
TEXT_FIELDS = ("drug", "route", "mode")
SEXES = ("female", "male")
PICKS = ("low", "mid", "high")


@dataclass(frozen=True)
class Opioid:
    """One line of the current regimen: a scheduled dose, a count of rescues, or a rate."""

    drug: str
    route: str
    dose: pint.Quantity | None = None
    every: pint.Quantity | None = None
    times_per_day: int | None = None
    rate: pint.Quantity | None = None

    def text(self) -> str:
        name = f"{fmt_drug(self.drug)} {fmt_route(self.route)}"
        if self.rate is not None:
            return TEXT("opioid_rate", name=name, rate=fmt(self.rate))
        if self.every is not None:
            return TEXT("opioid_every", name=name, dose=fmt(self.dose), every=fmt(self.every))
        return TEXT("opioid_as_needed", name=name, dose=fmt(self.dose), times=self.times_per_day)


@dataclass(frozen=True)
class Patient:
    age: int
    sex: str
    diagnosis: str
    renal_function: str
    current_opioids: tuple[Opioid, ...]
    nrs: int
    opioid_tolerant: bool
    weight: pint.Quantity | None = None
    other: tuple[str, ...] = ()
    egfr: pint.Quantity | None = None
    hepatic_impairment: bool | None = None
    frail: bool | None = None
    can_use_button: bool | None = None
    sedatives: tuple[str, ...] = ()

    def lines(self) -> tuple[str, ...]:
        weight = "" if self.weight is None else TEXT("patient_weight", weight=fmt(self.weight))
        opioids = "; ".join(o.text() for o in self.current_opioids) or TEXT["patient_naive"]
        return (
            TEXT("patient_who", age=self.age, sex=self.sex, weight=weight,
                 diagnosis=self.diagnosis),
            TEXT("patient_renal", renal=self.renal_function),
            TEXT("patient_opioids", opioids=opioids),
            TEXT("patient_pain", nrs=self.nrs,
                 tolerant=TEXT["yes" if self.opioid_tolerant else "no"]),
            *self.other,
        )


@dataclass(frozen=True)
class ReasoningStep:
    step: str
    arithmetic: str
    source: str


@dataclass(frozen=True)
class SpreadEntry:
    table: str
    range: DoseRange
    from_route: str | None = None
    to: tuple[str, str] | None = None

    def label(self, case: PracticeCase) -> str:
        drug, route = self.to or (case.drug, case.route)
        via = TEXT("spread_via", route=self.from_route) if self.from_route else ""
        return TEXT("spread_label", table=self.table, via=via, drug=fmt_drug(drug, True),
                    route=fmt_route(route))


@dataclass(frozen=True)
class PracticeCase:
    id: str
    title: str
    teaching_point: str
    patient: Patient
    question: str
    method: dict
    expected: dict[str, DoseRange]
    drug: str
    route: str
    reasoning: tuple[ReasoningStep, ...]
    spread: tuple[SpreadEntry, ...] = ()
    references: tuple[str, ...] = ()
    path: Path | None = None
    mode: str = "background-bolus"
    expected_findings: tuple[str, ...] = ()
    findings_note: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The answer fields this case asks for, in teaching order."""
        return tuple(f for f in FIELDS if f in self.expected)

    def reasoning_lines(self) -> tuple[str, ...]:
        return tuple(TEXT("reasoning_line", n=i, step=r.step, arithmetic=r.arithmetic,
                          source=r.source) for i, r in enumerate(self.reasoning, start=1))


@dataclass(frozen=True)
class CaseError:
    """A file that could not be loaded: which file, which field (and the line it sits on in
    the file, when known), what was expected."""

    file: str
    field: str
    expected: str
    got: str
    line: int | None = None

    def __str__(self) -> str:
        line = "" if self.line is None else TEXT["line"].format(line=self.line)
        return TEXT["error"].format(file=self.file, line=line, field=self.field,
                                    expected=self.expected, got=self.got)


@dataclass(frozen=True)
class PracticeSet:
    cases: tuple[PracticeCase, ...]
    errors: tuple[CaseError, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cases)

    def get(self, case_id: str) -> PracticeCase:
        for c in self.cases:
            if isinstance(case_id, str) and c.id == case_id:
                return c
        shown = case_id[:80] if isinstance(case_id, str) else type(case_id).__name__
        raise InputError(TEXT["case"], shown, TEXT("one_of", names=", ".join(self.ids)))


def require_case(case: object) -> PracticeCase:
    """``case`` if it is a :class:`PracticeCase`, else an :class:`InputError` naming it."""
    if not isinstance(case, PracticeCase):
        raise InputError(TEXT["case"], type(case).__name__, TEXT["a_case"])
    return case
