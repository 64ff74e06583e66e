"""The critical reading put together: each finding's prose from findings.yaml, its
``{placeholders}`` filled with the numbers computed for it, filtered by kind and severity,
counted and listed."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from .. import case, words
from .. import references as refs
from ..case import CaseReport
from ..units import InputError
from . import dose_numbers as dose
from . import patch_numbers as patch
from .arithmetic import Values
from .findings_file import Raw, fail, raw
from .results import Evidence, Finding, Quote

TEXT = words.catalogue("critique.reading", {
    "kind": "kind of finding",
    "severity": "severity",
    "finding": "finding",
    "report": "case report",
    "one_of": "one of {names}, or None for all",
    "unknown_id": "the id of a finding in data/case_tang2025/findings.yaml",
    "report_allowed": "the report from analgesia.case.tang2025()",
    "heading": "{kind} ({n}): {meaning}",
    "row": "  [{severity}] {id}: {title}",
    "none": "  (none)",
    "count_row": "{kind}: {counts} = {total}",
    "count_total": "all kinds: {counts} = {total}",
    "count_cell": "{n} {severity}",
    "placeholder": "names {{{name}}}, which the package does not compute for this finding",
    "kind.arithmetic": "arithmetic",
    "kind.pharmacology": "pharmacology",
    "kind.reporting": "reporting",
    "kind.attribution": "attribution",
    "kind.judgement": "judgement",
    "severity.major": "major",
    "severity.moderate": "moderate",
    "severity.minor": "minor",
})

# finding id -> the function that computes its numbers (values for placeholders, lines)
COMPUTE: dict[str, Callable[[CaseReport, dict], Values]] = {
    "fentanyl_patch_count": patch.fentanyl_patch_count,
    "reduced_patch_count": patch.reduced_patch_count,
    "pump_rates_rounded_down": dose.pump_rates,
    "titration_cancelled_by_cut": dose.titration_cut,
    "hydromorphone_safer_than_morphine": dose.hm_safer,
    "patch_mg_is_content": patch.patch_content,
    "no_hour_limit": dose.no_hour_limit,
    "day2_breakthrough_count": dose.day2,
    "infusion_patch_overlap": patch.overlap,
    "discharge_drop": patch.discharge,
    "rescue_after_rotation": patch.rescue,
    "label_table_lower": patch.label,
    "bolus_size_conventions": dose.bolus,
    "cross_tolerance_nccn": dose.cross_tolerance,
    "range_top_chosen": dose.top_of_range,
    "refractory_definition": dose.refractory,
    "increase_rule_three_btp": dose.three_btp,
}


def _fill(file: Raw, item: dict, key: str, template: str, values: dict[str, str]) -> str:
    names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
    missing = sorted(names - set(values))
    if missing:
        where = f"{item['_where']}.{key}"
        raise fail(file.lines, where, TEXT("placeholder", name=missing[0]))
    return template.format(**values)


def build(item: dict, report: CaseReport, file: Raw) -> Finding:
    """One finding, its placeholders filled from ``report`` and the tables."""
    compute = COMPUTE.get(item["id"])
    values, lines = compute(report, item["inputs"]) if compute else ({}, ())
    says = _fill(file, item, "says", item["says"], values)
    text = _fill(file, item, "finding", item["finding"], values)
    question = _fill(file, item, "question", item["question"], values)
    answers = tuple(_fill(file, item, f"answers[{j}]", a, values)
                    for j, a in enumerate(item["answers"]))
    return Finding(
        item["id"], item["kind"], item["severity"], item["title"],
        tuple(Quote(q["location"], q["quote"]) for q in item["paper"]), says, text, answers,
        question, tuple(Evidence(e["source"], e["year"], e["status"]) for e in item["evidence"]),
        tuple(lines))


@refs.cached
def case_findings() -> tuple[Finding, ...]:
    """Every finding for the case as the package works it (``references.reload()`` clears)."""
    file = raw()
    report = case.tang2025()
    return tuple(build(item, report, file) for item in file.items)


def check_report(report: Any) -> CaseReport:
    if not isinstance(report, CaseReport):
        raise InputError(TEXT["report"], report, TEXT["report_allowed"])
    return report


def _check_name(value: Any, field: str, allowed: dict[str, str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise InputError(field, value, TEXT("one_of", names=", ".join(allowed)))
    return value


def kind_name(kind: str) -> str:
    """A kind of finding as the learner reads it (its id, or its translation)."""
    return TEXT[f"kind.{kind}"] if f"kind.{kind}" in TEXT else kind


def severity_name(severity: str) -> str:
    """A severity as the learner reads it (its id, or its translation)."""
    return TEXT[f"severity.{severity}"] if f"severity.{severity}" in TEXT else severity


def kinds() -> dict[str, str]:
    """The kinds of finding and what each means (findings.yaml ``kinds``)."""
    return dict(raw().kinds)


def severities() -> dict[str, str]:
    """The severity scale, most severe first, and what each level means."""
    return dict(raw().severities)


def findings(kind: str | None = None, severity: str | None = None,
             report: CaseReport | None = None) -> tuple[Finding, ...]:
    """The findings of the critical reading, in file order, filtered by ``kind`` and
    ``severity`` (None = all). Numbers come from ``report`` (default: ``case.tang2025()``)."""
    file = raw()
    kind = _check_name(kind, TEXT["kind"], file.kinds)
    severity = _check_name(severity, TEXT["severity"], file.severities)
    if report is None:
        items = case_findings()
    else:
        report = check_report(report)
        items = tuple(build(item, report, file) for item in file.items)
    return tuple(f for f in items if (kind is None or f.kind == kind)
                 and (severity is None or f.severity == severity))


def finding(finding_id: str) -> Finding:
    """One finding by its id (for example ``"fentanyl_patch_count"``)."""
    if isinstance(finding_id, str):
        for f in case_findings():
            if f.id == finding_id:
                return f
    raise InputError(TEXT["finding"], finding_id, TEXT["unknown_id"])


def counts() -> dict[str, dict[str, int]]:
    """How many findings of each kind at each severity: ``counts()["arithmetic"]["major"]``."""
    file = raw()
    out = {k: dict.fromkeys(file.severities, 0) for k in file.kinds}
    for f in case_findings():
        out[f.kind][f.severity] += 1
    return out


def count_lines() -> tuple[str, ...]:
    """The counts as plain lines, one per kind and a total."""
    table = counts()
    sev = list(raw().severities)

    def row(c: dict[str, int]) -> str:
        return ", ".join(TEXT("count_cell", n=c[s], severity=severity_name(s)) for s in sev)

    lines = [TEXT("count_row", kind=kind_name(k), counts=row(c), total=sum(c.values()))
             for k, c in table.items()]
    totals = {s: sum(c[s] for c in table.values()) for s in sev}
    lines.append(TEXT("count_total", counts=row(totals), total=sum(totals.values())))
    return tuple(lines)


def table_lines(kind: str | None = None, severity: str | None = None) -> tuple[str, ...]:
    """The findings listed per kind (one line each: severity, id, title), filtered."""
    file = raw()
    shown = findings(kind=kind, severity=severity)
    out: list[str] = []
    for k, meaning in file.kinds.items():
        if kind is not None and k != kind:
            continue
        rows = [f for f in shown if f.kind == k]
        out.append(TEXT("heading", kind=kind_name(k), n=len(rows), meaning=meaning))
        out += [TEXT("row", severity=severity_name(f.severity), id=f.id,
                    title=f.title) for f in rows]
        if not rows:
            out.append(TEXT["none"])
    return tuple(out)
