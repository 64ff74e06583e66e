"""Practice, widget-free: pick a patient, give an answer per field, compare it with the worked
solution, read the solution and the pump order for that patient.

Inputs by name: ``case`` (a case id), ``drug`` (the drug the learner would use, ``""`` for none
yet), one text per answer field of :data:`analgesia.practice.FIELDS` and ``submitted`` (the
learner pressed "Compare": only then is the worked range of an unanswered field shown). The
cases, the solution and the comparison are :mod:`analgesia.practice`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import order_sheet, words
from .. import practice as pr
from .. import references as refs
from ..units import InputError
from .model import PanelModel

TEXT = words.catalogue("practice_answers", {
    "unanswered": "{label}: not answered yet",
    "teaching_point": "Teaching point: {point}",
    "spread": "Spread between tables (before any cut):",
    "spread_line": "  {label}: {range}",
    "order_label": "practice case: {title}",
    "folder_allowed": "a folder with at least one practice case that loads",
    "case_label": "case",
    "one_of": "one of {names}",
})

# The drugs a learner can choose for a practice pump (every case's worked drug is one of them).
DRUGS = ("hydromorphone", "morphine", "oxycodone", "fentanyl")


@refs.cached
def _shipped_cases() -> pr.PracticeSet:
    """The cases in data/practice_cases, loaded and solved once per reload of data/."""
    return pr.load_cases()


@dataclass(frozen=True)
class Comparison:
    """The learner's answer against the worked solution, field by field."""

    case_id: str
    differences: tuple[pr.Difference, ...]
    submitted: bool = False

    def lines(self, submitted: bool | None = None) -> tuple[str, ...]:
        """The comparison as shown: a field not answered keeps its worked range hidden until
        the learner presses "Compare" (``submitted``; by default as when it was computed)."""
        shown = self.submitted if submitted is None else submitted
        return tuple(d.text if d.given or shown else TEXT(
            "unanswered", label=pr.LABELS.get(d.field, d.field)) for d in self.differences)


    def line(self, field: str) -> str:
        """The line of one answer field (``"hour_limit"``), as :meth:`lines` shows it."""
        for d, shown in zip(self.differences, self.lines(), strict=True):
            if d.field == field:
                return shown
        raise InputError("field", field, TEXT("one_of", names=", ".join(
            d.field for d in self.differences)))


class PracticeModel(PanelModel[Comparison]):
    """The practice cases of a folder (``data/practice_cases`` by default), one at a time."""

    def __init__(self, folder: Any = None, case_id: str | None = None, **inputs: Any) -> None:
        self.cases = _shipped_cases() if folder is None else pr.load_cases(folder)
        ids = list(self.cases.ids)
        if not ids:  # every file was refused: say why instead of an empty panel
            raise InputError("folder", "data/practice_cases" if folder is None else str(folder),
                             TEXT["folder_allowed"], "; ".join(str(e) for e in self.cases.errors))
        if case_id is not None and (not isinstance(case_id, str) or case_id not in ids):
            shown = case_id if isinstance(case_id, str) else type(case_id).__name__
            raise InputError("case_id", shown, TEXT("one_of", names=", ".join(ids)),
                             label=TEXT["case_label"])
        self._start = case_id or ids[0]
        super().__init__(**inputs)
        self.result = None  # nothing compared before the learner answers

    def defaults(self) -> dict[str, Any]:
        return {"case": self._start, "drug": "", **dict.fromkeys(pr.FIELDS, ""),
                "submitted": False}

    @property
    def current(self) -> pr.PracticeCase:
        return self.cases.get(self.inputs["case"])

    def answer(self) -> dict[str, str]:
        """The fields answered so far (only those the case asks for), and the drug if chosen."""
        out = {f: self.inputs[f] for f in self.current.fields
               if f in self.inputs and str(self.inputs[f]).strip()}
        if self.inputs["drug"]:
            out["drug"] = self.inputs["drug"]
        return out

    def compute(self) -> Comparison:
        return Comparison(self.inputs["case"], pr.compare(self.current, self.answer()),
                          bool(self.inputs["submitted"]))

    def result_lines(self, result: Comparison) -> tuple[str, ...]:
        # "Compare" shows the worked ranges of the last good comparison, even while a box
        # holds a value that cannot be read
        return result.lines(submitted=bool(self.inputs["submitted"]))

    def choose(self, case_id: str) -> None:
        """Another patient: every answer cleared, nothing compared yet."""
        self.cases.get(case_id)  # an unknown id is the core's InputError
        self.inputs = {**dict(self.initial), "case": case_id}
        self.result, self.error = None, ""

    def submit(self) -> bool:
        """The learner is done: compare every field, unanswered ones with their worked range."""
        return self.set(submitted=True)

    def reset(self) -> bool:
        """Every answer cleared and compared again (the same patient)."""
        self.inputs = {**dict(self.initial), "case": self.inputs["case"]}
        return self.update()

    def solution_lines(self) -> tuple[str, ...]:
        """The worked solution: the teaching point, the reasoning, the answer and the spread."""
        case = self.current
        sol = pr.solve(case)
        lines = [TEXT("teaching_point", point=case.teaching_point), *case.reasoning_lines(),
                 *sol.lines()]
        if sol.spread:
            lines.append(TEXT["spread"])
            lines += [TEXT("spread_line", label=label, range=r.fmt()) for label, r in sol.spread]
        return tuple(lines)

    def order_page(self) -> str | None:
        """The worked pump order as an HTML page (None when the patient leaves the pump)."""
        sol = pr.solve(self.current)
        if sol.settings is None:
            return None
        return order_sheet.order_sheet_html(sol.settings, sol.reservoir,
                                            TEXT("order_label", title=self.current.title))


__all__ = ["DRUGS", "Comparison", "PracticeModel"]
