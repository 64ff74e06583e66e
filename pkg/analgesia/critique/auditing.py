"""Every number the paper prints (data/case_tang2025/printed_values.csv), ours beside the
paper's: a dose step of the case report, a fraction that follows from two steps, or a value
the paper gives and nothing recomputes."""

from __future__ import annotations

from .. import words
from ..case import CaseReport, CaseStep, PrintedValue, _agree
from ..units import DoseRange, Q
from .arithmetic import hm_factor, pv, ratio
from .reading import check_report
from .results import AuditRow

TEXT = words.catalogue("critique.audit", {
    "given": "given",
    "agrees": "agrees",
    "differs": "differs",
    "rows_allowed": "the rows of critique.audit()",
    "given_note": "a value the paper gives; nothing to recompute",
    "none": "-",
})

# printed value id -> how to recompute it from other printed values
DERIVED = {
    "titration_fraction": "titration",
    "cross_tolerance_fraction": "cut",
    "hm_ratio_morphine": "ratio",
    "background_basis_daily": "basis",
}


def _ratio_range(num: DoseRange, den: DoseRange, minus_one: bool, invert: bool) -> DoseRange:
    a = ratio(num.low, den.low)
    b = ratio(num.high, den.high)
    if invert:
        a, b = 1 - a, 1 - b
    elif minus_one:
        a, b = a - 1, b - 1
    # rounded to 12 decimals so that a float sum such as 0.1 + 0.2 reads as 0.3
    lo, hi = sorted((round(a, 12), round(b, 12)))
    return DoseRange(Q(lo, "fraction"), Q(hi, "fraction"))


def _derived(kind: str | None, steps: dict[str, CaseStep], report: CaseReport
             ) -> DoseRange | None:
    """Our value of a printed number that follows from others (None: given, not derived)."""
    if kind == "titration":
        return _ratio_range(steps["titrated_ome"].ours, steps["prior_ome"].ours, True, False)
    if kind == "cut":
        return _ratio_range(steps["reduced_ome"].ours, steps["titrated_ome"].ours, False, True)
    if kind == "ratio":
        return DoseRange.point(pv()["hm_ratio_hydromorphone"].high * hm_factor())
    if kind == "basis":
        return DoseRange.point(report.plan.daily_dose)
    return None


def _row(pid: str, p: PrintedValue, steps: dict[str, CaseStep], report: CaseReport
         ) -> AuditRow:
    if pid in steps:
        s = steps[pid]
        outcome = "agrees" if s.agree else "differs"
        return AuditRow(pid, p.quantity, s.paper_text, s.ours_text, TEXT[outcome], s.note,
                        outcome)
    ours = _derived(DERIVED.get(pid), steps, report)
    if ours is None:
        return AuditRow(pid, p.quantity, p.range.fmt().strip(), TEXT["none"], TEXT["given"],
                        TEXT["given_note"], "given")
    outcome = "agrees" if _agree(ours, p) else "differs"
    return AuditRow(pid, p.quantity, p.range.fmt().strip(), ours.fmt().strip(), TEXT[outcome],
                    "", outcome)


def audit(report: CaseReport) -> tuple[AuditRow, ...]:
    """Every number in printed_values.csv: recomputed where it follows from others, else given."""
    report = check_report(report)
    steps = {s.id: s for s in report.steps}
    return tuple(_row(pid, p, steps, report) for pid, p in pv().items())


def audit_lines(report: CaseReport) -> tuple[str, ...]:
    return tuple(r.line() for r in audit(report))


OUTCOMES = ("agrees", "differs", "given")


def audit_counts(rows: tuple[AuditRow, ...]) -> str:
    """How many printed values agree, differ or are given, in the learner's words."""
    if not isinstance(rows, tuple | list) or not all(isinstance(r, AuditRow) for r in rows):
        from ..units import InputError

        raise InputError("rows", type(rows).__name__, TEXT["rows_allowed"])
    outcomes = [r.outcome for r in rows]
    return ", ".join(f"{TEXT[o]}: {outcomes.count(o)}" for o in OUTCOMES)
