"""Reading the case critically, widget-free: the findings filtered by kind and severity, one
finding read in full (the paper's words and section, the finding, the defensible answers and
the evidence), and a conversion finding redone with a factor of the learner's own.

Inputs by name: ``kind`` and ``severity`` (a name, or ``"all"``), ``choice`` (a finding's id)
and ``factor`` (the learner's factor, as typed). The findings and the recomputation are
:mod:`analgesia.critique`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import critique, words
from .. import references as refs
from ..case import tang2025
from ..units import InputError
from .model import PanelModel

ALL = "all"
START = "fentanyl_patch_count"  # the finding the panel opens on: the paper's patch count

TEXT = words.catalogue("case_review", {
    "own": "With your factor",
    "own_line": "{own}: {line}",
    "not_number": "Your factor: {value!r} is not a number; type one such as 2.4.",
    "finding_allowed": "the id of a finding in data/case_tang2025/findings.yaml",
})


@dataclass(frozen=True)
class CaseReview:
    """One finding as the panel shows it, and its arithmetic redone with the learner's factor
    (empty when the finding does not hang on one factor)."""

    finding: critique.Finding
    own: tuple[str, ...] = ()

    def lines(self) -> tuple[str, ...]:
        return self.finding.lines() + tuple(TEXT("own_line", own=TEXT["own"], line=x)
                                            for x in self.own)


@refs.cached
def _findings() -> dict[str, critique.Finding]:
    """The case's findings by id (built once per reload of data/)."""
    return {f.id: f for f in critique.findings(report=tang2025())}


class CaseReviewModel(PanelModel[CaseReview]):
    """The findings of Tang 2025, filtered and read one at a time."""

    def __init__(self, finding: str = START, **inputs: Any) -> None:
        if not isinstance(finding, str):
            raise InputError("finding", type(finding).__name__, TEXT["finding_allowed"])
        self.report = tang2025()
        self.items = dict(_findings())
        if finding not in self.items:
            raise InputError("finding", finding, TEXT["finding_allowed"])
        self.specs = critique.factor_specs()
        self._start = finding
        super().__init__(**inputs)

    def defaults(self) -> dict[str, str]:
        return {"kind": ALL, "severity": ALL, "choice": self._start,
                "factor": self.default_factor(self._start)}

    def default_factor(self, finding_id: str) -> str:
        """The published factor of a conversion finding, as text ("" for any other)."""
        spec = self.specs.get(finding_id)
        return "" if spec is None else f"{spec.default:g}"

    def filtered(self) -> tuple[critique.Finding, ...]:
        """The findings of the chosen kind and severity."""
        kind, severity = self.inputs["kind"], self.inputs["severity"]
        return critique.findings(kind=None if kind == ALL else kind,
                                 severity=None if severity == ALL else severity,
                                 report=self.report)

    def shown(self) -> tuple[str, ...]:
        """The ids of the findings the filter lets through."""
        return tuple(f.id for f in self.filtered())

    def choose(self, finding_id: str) -> bool:
        """Read another finding, with its published factor."""
        return self.set(choice=finding_id, factor=self.default_factor(finding_id))

    def compute(self) -> CaseReview:
        choice = self.inputs["choice"]
        f = self.items.get(choice) if isinstance(choice, str) else None
        if f is None:
            raise InputError("finding", self.inputs["choice"], TEXT["finding_allowed"])
        if f.id not in self.specs:
            return CaseReview(f)
        typed = str(self.inputs["factor"]).strip()
        try:
            value = float(typed)
        except ValueError:
            raise ValueError(TEXT("not_number", value=typed)) from None
        return CaseReview(f, critique.recompute(self.report, f.id, value))


__all__ = ["ALL", "CaseReview", "CaseReviewModel"]
