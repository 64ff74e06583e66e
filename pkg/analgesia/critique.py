"""Reading the Tang 2025 case critically: findings by kind and severity, every printed number
recomputed, and the conversion findings redone with a factor of your own.

The prose of every finding (title, the paper's words with their section, what does not hold,
the range of defensible answers, the question for discussion, the evidence with its year)
lives in ``data/case_tang2025/findings.yaml``, so it can be reviewed and translated. This module
loads it and fills each ``{placeholder}`` with numbers computed by the package from the printed
values and the data tables: no number that follows by arithmetic is typed in by hand.

- ``findings(kind=..., severity=...)``: the findings, filtered; ``finding(id)`` one of them;
- ``kinds()``, ``severities()``: what each kind and severity means; ``counts()`` how many;
- ``audit(report)``: each number in ``printed_values.csv``, ours beside the paper's;
- ``recompute(report, id, factor)``: a conversion finding redone with your factor.

Every public function raises only :class:`analgesia.units.InputError` for bad input.
Teaching, not prescribing.
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pint

from . import case
from . import conversion as cv
from . import references as refs
from . import transdermal as td
from .case import CaseReport, PrintedValue, _agree, printed_values
from .units import DoseRange, InputError, Q, fmt, fraction

FINDINGS_PATH = case.CASE_DIR / "findings.yaml"

TEXT = {
    # findings
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
    "paper": "The paper ({location}): \"{quote}\"",
    "says": "What the paper does: {says}",
    "finding_line": "Finding: {finding}",
    "answers": "Defensible answers (sources differ):",
    "answer": "  - {answer}",
    "question": "Question: {question}",
    "evidence": "Evidence:",
    "evidence_line": "  - {source} ({year}){status}",
    "unverified": " [not read in full: unverified]",
    "arithmetic": "Arithmetic:",
    "step": "  {line}",
    "title_line": "{id} [{kind}, {severity}]: {title}",
    # arithmetic lines written here
    "per_patch": "{hm_day} / {per_patch} x {strength} = {rate}",
    "ratio_line": "{new} / {old} = {ratio} of the previous 24 h dose",
    "top_line": "{top} x {factor} = {top_ome} oral morphine; {top_ome} / {prior} = {ratio}",
    "content_line": "{n} x {content} = {total} content (not a dose)",
    "delivered_line": "{n} x {strength} x {wear} = {delivered} delivered",
    "per_hour": "60 min / {lockout} = {n} boluses an hour",
    "limit_line": "{rate} x {low} to {high} = {limit}",
    "multiple_line": "{max} / {rate} = {multiple} x the background",
    "drop_line": "1 - {new} / {old} = {drop} lower",
    "taper_line": "{rate} x (1 - {cut})^{n} = {result}",
    "patch_step": "{before} patches -> {after}: 1 - {after}/{before} = {cut} lower",
    "share_line": "{dose} / {total} x 1 day = {share}",
    "kornick_line": "{rate} x 1 h x {low} to {high} = {result}",
    "hourly_line": "{bolus} / ({rate} x 1 h) = {share}",
    "rescue_own": "{n} patches x {hm} subcut HYDROmorphone per day (the paper's ratio) = "
    "{total}",
    "rescue_share": "{rescue} / ({ome} x 1 day) = {share}",
    "step_line": "{raised} / {start} - 1 = {step}",
    "band_line": "largest increase in the {rule_set} titration bands: {high}",
    "pump_line": "{top_ome} / {prior} - 1 = {change}",
    "spread_item": "{rate} ({table})",
    # audit
    "given": "given",
    "agrees": "agrees",
    "differs": "differs",
    "audit_line": "{id}: paper {paper} | ours {ours} | {verdict}",
    "given_note": "a value the paper gives; nothing to recompute",
    # recompute
    "patch_factor": "your factor: mg/day oral morphine per mcg/h of patch",
    "hm_factor": "your factor: mg oral morphine per mg subcut HYDROmorphone",
    "own_ome": "{dose} x {factor} = {ome} oral morphine",
    "own_rate": "{ome} / {factor} (mg/day)/(mcg/h) = {rate}",
    "own_patch_ome": "{rate} x {factor} (mg/day)/(mcg/h) = {ome} oral morphine",
    "own_drop": "1 - {new} / {old} = {drop} lower than before admission",
    "own_hm": "{ome} / {factor} = {dose} subcut HYDROmorphone",
    "no_recompute": "this finding does not hang on one conversion factor",
    "finding_id": "finding",
    # data file problems
    "yaml_bad": "is not valid YAML ({problem})",
    "missing": "is missing",
    "not_text": "is empty or not text",
    "not_list": "must be a non-empty list",
    "not_in": "'{value}' is not one of: {names}",
    "not_year": "'{value}' is not a year",
    "twice": "'{value}' appears twice",
    "placeholder": "names {{{name}}}, which the package does not compute for this finding",
    "no_compute": "needs numbers, but no computation is defined for '{id}'",
}

_STRING_FIELDS = ("says", "finding", "question")
_REQUIRED_TEXT = ("id", "kind", "severity", "title", "finding")


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """The paper's words: a short verbatim quotation and its section (or "Table 1")."""

    location: str
    text: str

    def line(self) -> str:
        return TEXT["paper"].format(location=self.location, quote=self.text)


@dataclass(frozen=True)
class Evidence:
    """A source for a finding, with its year; ``status`` unverified = read only second-hand."""

    source: str
    year: int
    status: str

    def line(self) -> str:
        return TEXT["evidence_line"].format(
            source=self.source, year=self.year,
            status="" if self.status == "verified" else TEXT["unverified"])


@dataclass(frozen=True)
class Finding:
    """One finding of a critical reading: kind, severity, the paper's words and place, what
    does not hold, the defensible answers where sources differ, and the evidence."""

    id: str
    kind: str
    severity: str
    title: str
    quotes: tuple[Quote, ...]
    says: str
    finding: str
    answers: tuple[str, ...]
    question: str
    evidence: tuple[Evidence, ...]
    arithmetic: tuple[str, ...]

    @property
    def location(self) -> str:
        """Where the paper says it (the first quotation's section)."""
        return self.quotes[0].location

    def heading(self) -> str:
        return TEXT["title_line"].format(id=self.id, kind=self.kind, severity=self.severity,
                                         title=self.title)

    def lines(self, arithmetic: bool = True) -> tuple[str, ...]:
        """The finding as plain text for a notebook: quotes, finding, answers, evidence."""
        out = [self.heading()]
        out += [q.line() for q in self.quotes]
        if self.says:
            out.append(TEXT["says"].format(says=self.says))
        out.append(TEXT["finding_line"].format(finding=self.finding))
        if self.answers:
            out.append(TEXT["answers"])
            out += [TEXT["answer"].format(answer=a) for a in self.answers]
        if self.question:
            out.append(TEXT["question"].format(question=self.question))
        if arithmetic and self.arithmetic:
            out.append(TEXT["arithmetic"])
            out += [TEXT["step"].format(line=x) for x in self.arithmetic]
        out.append(TEXT["evidence"])
        out += [e.line() for e in self.evidence]
        return tuple(out)


@dataclass(frozen=True)
class AuditRow:
    """One printed value: the paper's number, ours, and whether they agree."""

    id: str
    quantity: str
    paper: str
    ours: str
    verdict: str
    note: str = ""

    def line(self) -> str:
        return TEXT["audit_line"].format(id=self.id, paper=self.paper, ours=self.ours,
                                         verdict=self.verdict)


@dataclass(frozen=True)
class FactorSpec:
    """The one factor a conversion finding hangs on, with the paper's value and bounds."""

    kind: str
    label: str
    default: float
    low: float
    high: float


# --- loading findings.yaml -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Raw:
    kinds: dict[str, str]
    severities: dict[str, str]
    items: tuple[dict[str, Any], ...]
    lines: dict[str, int]


def _fail(lines: dict[str, int], where: str, problem: str) -> refs.DataFileError:
    """The error for ``where`` (a dotted path), on its line or, if it is missing, its parent's."""
    probe = where
    while probe and probe not in lines:
        probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
    return refs.DataFileError(FINDINGS_PATH, lines.get(probe), where, problem)


def _text(lines, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(lines, where, TEXT["not_text"])
    return " ".join(value.split())


def _names(lines, raw: Any, key: str) -> dict[str, str]:
    node = raw.get(key)
    if not isinstance(node, dict) or not node:
        raise _fail(lines, key, TEXT["missing"])
    return {str(k): _text(lines, f"{key}.{k}", v) for k, v in node.items()}


def _quotes(lines, where: str, node: Any) -> list[dict[str, str]]:
    if not isinstance(node, list) or not node:
        raise _fail(lines, where, TEXT["not_list"])
    out = []
    for i, q in enumerate(node):
        here = f"{where}[{i}]"
        if not isinstance(q, dict):
            raise _fail(lines, here, TEXT["missing"])
        out.append({"location": _text(lines, f"{here}.location", q.get("location")),
                    "quote": _text(lines, f"{here}.quote", q.get("quote"))})
    return out


def _evidence(lines, where: str, node: Any) -> list[dict[str, Any]]:
    if not isinstance(node, list) or not node:
        raise _fail(lines, where, TEXT["not_list"])
    out = []
    for i, e in enumerate(node):
        here = f"{where}[{i}]"
        if not isinstance(e, dict):
            raise _fail(lines, here, TEXT["missing"])
        year = e.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            raise _fail(lines, f"{here}.year", TEXT["not_year"].format(value=year))
        status = e.get("status")
        if status not in ("verified", "unverified"):
            raise _fail(lines, f"{here}.status", TEXT["not_in"].format(
                value=status, names="verified, unverified"))
        out.append({"source": _text(lines, f"{here}.source", e.get("source")), "year": year,
                    "status": status})
    return out


def _inputs(lines, where: str, node: Any) -> dict[str, pint.Quantity]:
    """Numbers a finding needs that no other data file holds, each with its quotation."""
    if node is None:
        return {}
    if not isinstance(node, dict):
        raise _fail(lines, where, TEXT["missing"])
    out = {}
    for name, item in node.items():
        here = f"{where}.{name}"
        if not isinstance(item, dict):
            raise _fail(lines, here, TEXT["missing"])
        _text(lines, f"{here}.quote", item.get("quote"))
        _text(lines, f"{here}.location", item.get("location"))
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(lines, f"{here}.value", TEXT["missing"])
        try:
            unit = refs.unit(str(item.get("unit", "")))
        except ValueError as exc:
            raise _fail(lines, f"{here}.unit", str(exc)) from None
        out[str(name)] = Q(value, unit)
    return out


def _yaml_lines(node: Any, where: str = "") -> dict[str, int]:
    """Line (1-based) of every key and list item, by dotted path, for error messages."""
    import yaml

    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            p = f"{where}.{key.value}" if where else str(key.value)
            lines[p] = key.start_mark.line + 1
            lines.update(_yaml_lines(value, p))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            p = f"{where}[{i}]"
            lines[p] = item.start_mark.line + 1
            lines.update(_yaml_lines(item, p))
    return lines


@functools.cache
def _raw() -> _Raw:
    import yaml

    try:
        text = FINDINGS_PATH.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise refs.DataFileError(FINDINGS_PATH, None, None, str(exc)) from None
    try:
        lines = _yaml_lines(yaml.compose(text))
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise refs.DataFileError(FINDINGS_PATH, None if mark is None else mark.line + 1, None,
                                 TEXT["yaml_bad"].format(problem=getattr(exc, "problem", exc))
                                 ) from None
    if not isinstance(raw, dict):
        raise refs.DataFileError(FINDINGS_PATH, None, None, TEXT["missing"])
    kinds = _names(lines, raw, "kinds")
    severities = _names(lines, raw, "severities")
    node = raw.get("findings")
    if not isinstance(node, list) or not node:
        raise _fail(lines, "findings", TEXT["not_list"])
    items, seen = [], set()
    for i, f in enumerate(node):
        where = f"findings[{i}]"
        if not isinstance(f, dict):
            raise _fail(lines, where, TEXT["missing"])
        item = {k: _text(lines, f"{where}.{k}", f.get(k)) for k in _REQUIRED_TEXT}
        if item["id"] in seen:
            raise _fail(lines, f"{where}.id", TEXT["twice"].format(value=item["id"]))
        seen.add(item["id"])
        for key, allowed in (("kind", kinds), ("severity", severities)):
            if item[key] not in allowed:
                raise _fail(lines, f"{where}.{key}", TEXT["not_in"].format(
                    value=item[key], names=", ".join(allowed)))
        for key in ("says", "question"):
            item[key] = _text(lines, f"{where}.{key}", f[key]) if key in f else ""
        answers = f.get("answers", [])
        if not isinstance(answers, list):
            raise _fail(lines, f"{where}.answers", TEXT["not_list"])
        item["answers"] = [_text(lines, f"{where}.answers[{j}]", a)
                           for j, a in enumerate(answers)]
        item["paper"] = _quotes(lines, f"{where}.paper", f.get("paper"))
        item["evidence"] = _evidence(lines, f"{where}.evidence", f.get("evidence"))
        item["inputs"] = _inputs(lines, f"{where}.inputs", f.get("inputs"))
        item["_where"] = where
        items.append(item)
    return _Raw(kinds, severities, tuple(items), lines)


# --- helpers -----------------------------------------------------------------------------------


def _pv() -> dict[str, PrintedValue]:
    return printed_values()


def _ratio(a: pint.Quantity, b: pint.Quantity) -> float:
    return float((a / b).to("dimensionless").magnitude)


def _pct(x: float) -> str:
    return f"{x * 100:.3g}%"


def _signed(x: float) -> str:
    return ("+" if x > 1e-12 else "") + _pct(x)


def _pct_range(rule: refs.Rule) -> str:
    """A rule's low-high fractions as a percentage range: '10-20%'."""
    return f"{rule.low * 100:.3g}-{rule.high * 100:.3g}%"


def _change(new: pint.Quantity, old: pint.Quantity) -> str:
    ratio = _ratio(new, old)
    if ratio >= 1:
        return f"{_pct(ratio - 1)} above"
    return f"{_pct(1 - ratio)} below"


def _count(x: Any) -> str:
    """A patch count without its unit: '4.667', '3.733-4.2'."""
    text = x.fmt() if hasattr(x, "fmt") else fmt(x)
    return text.split()[0]


def _mcg_h(q: pint.Quantity) -> pint.Quantity:
    """A patch rate in the registry's own mcg/h (the conversion module tells a patch rate from
    a daily dose by this unit)."""
    return Q(float(q.to("mcg/h").magnitude), "mcg/h")


def _hm_factor() -> float:
    return cv.factor("tang-2025", "hydromorphone", "subcutaneous").factor


def _patch_factor() -> float:
    return cv.factor("tang-2025", "fentanyl", "transdermal").factor


def _ward_patches() -> tuple[int, pint.Quantity, pint.Quantity]:
    """Patches applied on the ward (printed count), strength, and total rate."""
    pv = _pv()
    n = int(pv["patches_reduced"].high.magnitude)
    strength = _mcg_h(pv["patch_strength"].high)
    return n, strength, _mcg_h(strength * n)


def _own_rate() -> tuple[pint.Quantity, tuple[str, ...]]:
    """The patch rate by the paper's own ratio (3 mg/day subcut = 25 mcg/h), from ~14 mg/day."""
    pv = _pv()
    hm_day = pv["days3_7_daily"].high
    per_patch = pv["patch_equivalent_hm"].high / Q(1, "day")
    strength = _mcg_h(pv["patch_strength"].high)
    rate = _mcg_h(hm_day / per_patch * strength)
    return rate, (TEXT["per_patch"].format(hm_day=fmt(hm_day), per_patch=fmt(per_patch),
                                           strength=fmt(strength), rate=fmt(rate)),)


def _rise_text() -> str:
    rise = refs.rule("patch_rise", "duragesic-label")
    return f"{rise.low:g}-{rise.high:g} {rise.unit}"


def _titrated(report: CaseReport) -> cv.DoseResult:
    return cv.titrate(report.step("prior_ome").ours, nrs=case.admission_nrs())


def _to_hm(dose: Any) -> cv.DoseResult:
    return cv.convert(dose, ("morphine", "oral"), ("hydromorphone", "subcutaneous"),
                      table="tang-2025")


Values = tuple[dict[str, str], tuple[str, ...]]


# --- the numbers of each finding ---------------------------------------------------------------


def _fentanyl_patch_count(report: CaseReport, inputs: dict) -> Values:
    pv = _pv()
    hm_day = pv["days3_7_daily"].high
    strength = _mcg_h(pv["patch_strength"].high)
    own, own_lines = _own_rate()
    own_count = td.patch_count(own, strength)
    two = td.patch_from_ome(cv.convert(DoseRange.point(hm_day), ("hydromorphone", "subcutaneous"),
                                       ("morphine", "oral"), table="tang-2025"), table="nccn")
    two_count = td.patch_count(two, strength)
    values = {"printed": f"{pv['patches_unreduced'].high.magnitude:g}", "strength": fmt(strength),
              "hm_day": fmt(hm_day), "per_patch": fmt(pv["patch_equivalent_hm"].high),
              "own_rate": fmt(own), "own_count": _count(own_count), "two_to_one": two.fmt(),
              "two_count": _count(two_count)}
    return values, own_lines + own_count.steps + two.steps + two_count.steps


def _reduced_patch_count(report: CaseReport, inputs: dict) -> Values:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    own, own_lines = _own_rate()
    reduced = cv.reduce_for_cross_tolerance(own, "tang-2025")
    count = td.patch_count(reduced, strength)
    printed_rate = _mcg_h(pv["patches_unreduced"].high.to("patch").magnitude * strength)
    printed_reduced = cv.reduce_for_cross_tolerance(printed_rate, "tang-2025")
    printed_count = td.patch_count(printed_reduced, strength)
    values = {"n": str(n), "strength": fmt(strength), "ward_rate": fmt(ward_rate),
              "own": fmt(own), "reduced": reduced.fmt(), "count": _count(count),
              "printed_reduced": printed_reduced.fmt(), "printed_count": _count(printed_count),
              "change": _change(ward_rate, own)}
    lines = own_lines + reduced.steps + count.steps + printed_reduced.steps + printed_count.steps
    return values, lines


def _pump_rates(report: CaseReport, inputs: dict) -> Values:
    plan = report.plan
    values = {"background": fmt(plan.background), "bolus": fmt(plan.bolus),
              "background_exact": fmt(plan.background_exact),
              "bolus_exact": fmt(plan.bolus_exact),
              "background_volume": fmt(plan.background_volume),
              "bolus_volume": fmt(plan.bolus_volume),
              "concentration": fmt(report.reservoir.concentration)}
    return values, tuple(plan.steps)


def _titration_cut(report: CaseReport, inputs: dict) -> Values:
    prior = report.step("prior_ome").ours
    titrated = _titrated(report)
    reduced = cv.reduce_for_cross_tolerance(titrated, "tang-2025")
    lo, hi = _ratio(reduced.low, prior.low), _ratio(reduced.high, prior.high)
    values = {"prior": prior.fmt(), "titrated": titrated.fmt(), "reduced": reduced.fmt(),
              "reduced_low": fmt(reduced.low), "low_change": _signed(lo - 1),
              "high_change": _signed(hi - 1)}
    lines = titrated.steps + reduced.steps + (
        TEXT["ratio_line"].format(new=fmt(reduced.low), old=fmt(prior.low), ratio=_pct(lo)),
        TEXT["ratio_line"].format(new=fmt(reduced.high), old=fmt(prior.high), ratio=_pct(hi)))
    return values, lines


def _hm_safer(report: CaseReport, inputs: dict) -> Values:
    return {"hm_factor": f"{_hm_factor():g}"}, ()


def _patch_content(report: CaseReport, inputs: dict) -> Values:
    pv = _pv()
    n, strength, _ = _ward_patches()
    content = td.content(strength, product="tang-2025 as printed")
    duragesic = td.content(strength, product="Duragesic")
    wear = refs.rule("patch_wear_time", "duragesic-label")
    wear_q = Q(wear.low, wear.unit)
    delivered = td.delivered(strength, wear_q, patches=n)
    total = (content * n).to("mg")
    values = {"content_total": fmt(total), "content": fmt(pv["discharge_patch_content"].high),
              "duragesic_content": fmt(duragesic), "strength": fmt(strength), "n": str(n),
              "wear": fmt(wear_q), "delivered": fmt(delivered)}
    lines = (TEXT["content_line"].format(n=n, content=fmt(content), total=fmt(total)),
             TEXT["delivered_line"].format(n=n, strength=fmt(strength), wear=fmt(wear_q),
                                           delivered=fmt(delivered)))
    return values, lines


def _no_hour_limit(report: CaseReport, inputs: dict) -> Values:
    s = report.settings
    per_hour = math.floor(_ratio(Q(60, "min"), s.lockout))
    rule = refs.rule("hour_limit_multiple", "fast-facts-92")
    limit = DoseRange((s.background * rule.low).to("mg/h"), (s.background * rule.high).to("mg/h"))
    multiple = _ratio(s.max_per_hour, s.background)
    values = {"lockout": fmt(s.lockout), "per_hour": str(per_hour),
              "max_per_hour": fmt(s.max_per_hour), "multiple": f"{multiple:.3g}",
              "limit_low": f"{rule.low:g}", "limit_high": f"{rule.high:g}",
              "limit_range": limit.fmt()}
    lines = (TEXT["per_hour"].format(lockout=fmt(s.lockout), n=per_hour),) + tuple(
        s.max_per_hour_steps) + (
        TEXT["multiple_line"].format(max=fmt(s.max_per_hour), rate=fmt(s.background),
                                     multiple=f"{multiple:.3g}"),
        TEXT["limit_line"].format(rate=fmt(s.background), low=f"{rule.low:g}",
                                  high=f"{rule.high:g}", limit=limit.fmt()))
    return values, lines


def _day2(report: CaseReport, inputs: dict) -> Values:
    n = int(_pv()["day2_boluses"].high.magnitude)
    total = report.settings.daily_total(boluses=n)
    return {"day2_total": fmt(total.value)}, tuple(total.steps)


def _overlap(report: CaseReport, inputs: dict) -> Values:
    schedule = td.overlap_schedule(report.plan.background)
    halve = schedule[1].at - schedule[0].at
    stop = schedule[2].at - schedule[0].at
    values = {"halve": fmt(halve), "stop": fmt(stop), "rise": _rise_text()}
    return values, tuple(s.text for s in schedule)


def _steps_needed(start: pint.Quantity, end: pint.Quantity, cut: float) -> int:
    """Fewest steps of at most ``cut`` from ``start`` down to ``end``: (1 - cut)^n <= end/start."""
    return math.ceil(math.log(_ratio(end, start)) / math.log(1 - cut) - 1e-12)


def _discharge(report: CaseReport, inputs: dict) -> Values:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    discharge = _mcg_h(pv["discharge_patch"].high)
    drop = 1 - _ratio(discharge, ward_rate)
    low = float(inputs["taper_low"].to("fraction").magnitude)
    high = float(inputs["taper_high"].to("fraction").magnitude)
    lines = [TEXT["drop_line"].format(new=fmt(discharge), old=fmt(ward_rate), drop=_pct(drop))]
    steps = {}
    for cut in (high, low):
        k = _steps_needed(ward_rate, discharge, cut)
        steps[cut] = k
        for m in (k - 1, k):
            lines.append(TEXT["taper_line"].format(rate=fmt(ward_rate), cut=_pct(cut), n=m,
                                                   result=fmt(ward_rate * (1 - cut) ** m)))
    one_patch = []
    count = n
    while count > 1:
        cut = 1 - (count - 1) / count
        one_patch.append(_pct(cut))
        lines.append(TEXT["patch_step"].format(before=count, after=count - 1, cut=_pct(cut)))
        count -= 1
    smallest = Q(min(td.STRENGTHS_MCG_H), "mcg/h")
    values = {"ward_rate": fmt(ward_rate), "discharge": fmt(discharge), "drop": _pct(drop),
              "steps_25": str(steps[high]), "steps_10": str(steps[low]),
              "one_patch": ", ".join(one_patch), "smallest": fmt(smallest)}
    return values, tuple(lines)


def _rescue(report: CaseReport, inputs: dict) -> Values:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    rescue = pv["rescue_morphine"].high
    hm_total = (pv["patch_equivalent_hm"].high * n / Q(1, "day")).to("mg/day")
    own_ome = cv.ome("hydromorphone", "subcutaneous", hm_total, table="tang-2025")
    own_rescue = cv.rescue_dose(own_ome)
    lines = [TEXT["rescue_own"].format(n=n, hm=fmt(pv["patch_equivalent_hm"].high),
                                       total=fmt(hm_total))]
    lines += list(own_ome.steps) + list(own_rescue.steps)
    spread = [TEXT["spread_item"].format(rate=own_rescue.fmt(), table="tang-2025")]
    for name, table in sorted(refs.factor_tables().items()):
        if table.purpose != "rotation":
            continue
        try:
            ome = td.ome_from_patch(ward_rate, table=name)
        except InputError:
            continue
        r = cv.rescue_dose(ome)
        lines += list(ome.steps) + list(r.steps)
        spread.append(TEXT["spread_item"].format(rate=r.fmt(), table=name))
    share = _ratio(rescue, own_ome.high * Q(1, "day"))
    lines.append(TEXT["rescue_share"].format(rescue=fmt(rescue), ome=fmt(own_ome.high),
                                             share=_pct(share)))
    values = {"rescue": fmt(rescue), "own_ome": fmt(own_ome.high), "share": _pct(share),
              "spread": "; ".join(spread), "rise": _rise_text(),
              "rescue_rule": _pct_range(refs.rule("rescue_fraction", "nccn"))}
    return values, tuple(lines)


def _label(report: CaseReport, inputs: dict) -> Values:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    hm_day = pv["days3_7_daily"].high
    ome = cv.ome("hydromorphone", "subcutaneous", hm_day, table="tang-2025")
    own, own_lines = _own_rate()
    own_reduced = cv.reduce_for_cross_tolerance(own, "tang-2025")
    lines = list(ome.steps) + list(own_lines) + list(own_reduced.steps)
    spread, label = [], None
    for name, table in sorted(refs.factor_tables().items()):
        if table.purpose not in ("rotation", "label"):
            continue
        try:
            rate = td.patch_from_ome(ome, table=name)
        except InputError:
            continue
        lines += list(rate.steps)
        spread.append(TEXT["spread_item"].format(rate=rate.fmt(), table=name))
        if table.purpose == "label":
            label = rate
    values = {"ward_rate": fmt(ward_rate), "n": str(n), "strength": fmt(strength),
              "hm_day": fmt(hm_day), "ome": ome.fmt(), "spread": "; ".join(spread),
              "label": label.fmt() if label is not None else "-", "own": fmt(own),
              "own_reduced": own_reduced.fmt()}
    return values, tuple(lines)


def _bolus(report: CaseReport, inputs: dict) -> Values:
    plan = report.plan
    daily, bolus, rate = plan.daily_dose, plan.bolus, plan.background
    share = _ratio(bolus, daily * Q(1, "day"))
    hourly = _ratio(bolus, rate * Q(1, "h"))
    lin_rule = refs.rule("pca_bolus_fraction", "lin-2022")
    lin = cv.rescue_dose(daily, share=(lin_rule.low, lin_rule.high))
    k = refs.rule("pca_bolus_to_hourly_ratio", "kornick-2001")
    kornick = DoseRange((rate * Q(1, "h") * k.low).to("mg"), (rate * Q(1, "h") * k.high).to("mg"))
    values = {"bolus": fmt(bolus), "share": _pct(share), "daily": fmt(daily),
              "hourly_share": _pct(hourly), "lin": lin.fmt(), "kornick": kornick.fmt(),
              "lin_rule": _pct_range(lin_rule), "kornick_rule": _pct_range(k),
              "lin2021_rule": _pct_range(refs.rule("pca_bolus_fraction", "lin-2021"))}
    lines = (TEXT["share_line"].format(dose=fmt(bolus), total=fmt(daily), share=_pct(share)),
             TEXT["hourly_line"].format(bolus=fmt(bolus), rate=fmt(rate), share=_pct(hourly))) \
        + lin.steps + (TEXT["kornick_line"].format(rate=fmt(rate), low=_pct(k.low),
                                                   high=_pct(k.high), result=kornick.fmt()),)
    return values, lines


def _cross_tolerance(report: CaseReport, inputs: dict) -> Values:
    titrated = _titrated(report)
    paper = cv.reduce_for_cross_tolerance(titrated, "tang-2025")
    nccn = cv.reduce_for_cross_tolerance(titrated, "nccn")
    paper_hm, nccn_hm, nocut_hm = _to_hm(paper), _to_hm(nccn), _to_hm(titrated)
    values = {"paper_ome": paper.fmt(), "paper_hm": paper_hm.fmt(), "nccn_ome": nccn.fmt(),
              "nccn_hm": nccn_hm.fmt(), "nocut_ome": titrated.fmt(), "nocut_hm": nocut_hm.fmt(),
              "top": fmt(report.plan.daily_dose),
              "nccn_cut": _pct_range(refs.rule("cross_tolerance_reduction", "nccn")),
              "paper_cut": _pct_range(refs.rule("cross_tolerance_reduction", "tang-2025"))}
    lines = titrated.steps + paper.steps + paper_hm.steps[-1:] + nccn.steps \
        + nccn_hm.steps[-1:] + nocut_hm.steps[-1:]
    return values, lines


def _top_of_range(report: CaseReport, inputs: dict) -> Values:
    hm = report.step("hydromorphone_daily").ours
    prior = report.step("prior_ome").ours.high
    top = report.plan.daily_dose
    top_ome = cv.ome("hydromorphone", "subcutaneous", top, table="tang-2025")
    ratio = _ratio(top_ome.high, prior)
    values = {"hm_range": hm.fmt(), "top": fmt(top), "top_ome": fmt(top_ome.high),
              "ratio": f"{ratio:.3g}"}
    lines = (TEXT["top_line"].format(top=fmt(top), factor=f"{_hm_factor():g}",
                                     top_ome=fmt(top_ome.high), prior=fmt(prior),
                                     ratio=f"{ratio:.3g}"),)
    return values, lines


def _refractory(report: CaseReport, inputs: dict) -> Values:
    start = inputs["start"].to("mg")
    raised = _pv()["morphine_sr_dose"].high.to("mg")
    step = _ratio(raised, start) - 1
    rows = [r for r in refs.load("titration_rules") if r["rule_set"] == "nccn"]
    band_high = max(r["increase_high"] for r in rows)
    prior = report.step("prior_ome").ours.high
    day1 = (report.step("day1_total").ours.high / Q(1, "day")).to("mg/day")
    day1_ome = cv.ome("hydromorphone", "subcutaneous", day1, table="tang-2025")
    change = _ratio(day1_ome.high, prior) - 1
    values = {"start": fmt(start), "raised": fmt(raised), "step": _signed(step),
              "max_band": _signed(band_high), "day1": fmt(day1),
              "day1_ome": fmt(day1_ome.high), "day1_change": _signed(change)}
    lines = (TEXT["step_line"].format(raised=fmt(raised), start=fmt(start), step=_signed(step)),
             TEXT["band_line"].format(rule_set="nccn", high=_signed(band_high))) \
        + day1_ome.steps + (TEXT["pump_line"].format(top_ome=fmt(day1_ome.high),
                                                      prior=fmt(prior), change=_signed(change)),)
    return values, lines


def _three_btp(report: CaseReport, inputs: dict) -> Values:
    rule = refs.rule("rescue_count_to_raise_baseline", "nccn")
    nrs = int(inputs["nrs_day1"].magnitude)
    band = cv.titrate(report.step("prior_ome").ours, nrs=nrs)
    values = {"rescue_count": f"{rule.low:g}-{rule.high:g}", "band": band.steps[0]}
    return values, (band.steps[0],)


_COMPUTE: dict[str, Callable[[CaseReport, dict], Values]] = {
    "fentanyl_patch_count": _fentanyl_patch_count,
    "reduced_patch_count": _reduced_patch_count,
    "pump_rates_rounded_down": _pump_rates,
    "titration_cancelled_by_cut": _titration_cut,
    "hydromorphone_safer_than_morphine": _hm_safer,
    "patch_mg_is_content": _patch_content,
    "no_hour_limit": _no_hour_limit,
    "day2_breakthrough_count": _day2,
    "infusion_patch_overlap": _overlap,
    "discharge_drop": _discharge,
    "rescue_after_rotation": _rescue,
    "label_table_lower": _label,
    "bolus_size_conventions": _bolus,
    "cross_tolerance_nccn": _cross_tolerance,
    "range_top_chosen": _top_of_range,
    "refractory_definition": _refractory,
    "increase_rule_three_btp": _three_btp,
}


# --- building findings -------------------------------------------------------------------------


def _fill(raw: _Raw, item: dict, key: str, template: str, values: dict[str, str]) -> str:
    names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
    missing = sorted(names - set(values))
    if missing:
        where = f"{item['_where']}.{key}"
        raise _fail(raw.lines, where, TEXT["placeholder"].format(name=missing[0]))
    return template.format(**values)


def _build(item: dict, report: CaseReport, raw: _Raw) -> Finding:
    compute = _COMPUTE.get(item["id"])
    values, lines = compute(report, item["inputs"]) if compute else ({}, ())
    says = _fill(raw, item, "says", item["says"], values)
    text = _fill(raw, item, "finding", item["finding"], values)
    question = _fill(raw, item, "question", item["question"], values)
    answers = tuple(_fill(raw, item, f"answers[{j}]", a, values)
                    for j, a in enumerate(item["answers"]))
    return Finding(
        item["id"], item["kind"], item["severity"], item["title"],
        tuple(Quote(q["location"], q["quote"]) for q in item["paper"]), says, text, answers,
        question, tuple(Evidence(e["source"], e["year"], e["status"]) for e in item["evidence"]),
        tuple(lines))


@functools.cache
def _case_findings() -> tuple[Finding, ...]:
    raw = _raw()
    report = case.tang2025()
    return tuple(_build(item, report, raw) for item in raw.items)


def _check_report(report: Any) -> CaseReport:
    if not isinstance(report, CaseReport):
        raise InputError(TEXT["report"], report, TEXT["report_allowed"])
    return report


def _check_name(value: Any, field: str, allowed: dict[str, str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise InputError(field, value, TEXT["one_of"].format(names=", ".join(allowed)))
    return value


def kinds() -> dict[str, str]:
    """The kinds of finding and what each means (findings.yaml ``kinds``)."""
    return dict(_raw().kinds)


def severities() -> dict[str, str]:
    """The severity scale, most severe first, and what each level means."""
    return dict(_raw().severities)


def findings(kind: str | None = None, severity: str | None = None,
             report: CaseReport | None = None) -> tuple[Finding, ...]:
    """The findings of the critical reading, in file order, filtered by ``kind`` and
    ``severity`` (None = all). Numbers come from ``report`` (default: ``case.tang2025()``)."""
    raw = _raw()
    kind = _check_name(kind, TEXT["kind"], raw.kinds)
    severity = _check_name(severity, TEXT["severity"], raw.severities)
    if report is None:
        items = _case_findings()
    else:
        report = _check_report(report)
        items = tuple(_build(item, report, raw) for item in raw.items)
    return tuple(f for f in items if (kind is None or f.kind == kind)
                 and (severity is None or f.severity == severity))


def finding(finding_id: str) -> Finding:
    """One finding by its id (for example ``"fentanyl_patch_count"``)."""
    if isinstance(finding_id, str):
        for f in _case_findings():
            if f.id == finding_id:
                return f
    raise InputError(TEXT["finding"], finding_id, TEXT["unknown_id"])


def counts() -> dict[str, dict[str, int]]:
    """How many findings of each kind at each severity: ``counts()["arithmetic"]["major"]``."""
    raw = _raw()
    out = {k: dict.fromkeys(raw.severities, 0) for k in raw.kinds}
    for f in _case_findings():
        out[f.kind][f.severity] += 1
    return out


def count_lines() -> tuple[str, ...]:
    """The counts as plain lines, one per kind and a total."""
    table = counts()
    sev = list(_raw().severities)

    def row(c: dict[str, int]) -> str:
        return ", ".join(f"{c[s]} {s}" for s in sev)

    lines = [TEXT["count_row"].format(kind=k, counts=row(c), total=sum(c.values()))
             for k, c in table.items()]
    totals = {s: sum(c[s] for c in table.values()) for s in sev}
    lines.append(TEXT["count_total"].format(counts=row(totals), total=sum(totals.values())))
    return tuple(lines)


def table_lines(kind: str | None = None, severity: str | None = None) -> tuple[str, ...]:
    """The findings listed per kind (one line each: severity, id, title), filtered."""
    raw = _raw()
    shown = findings(kind=kind, severity=severity)
    out: list[str] = []
    for k, meaning in raw.kinds.items():
        if kind is not None and k != kind:
            continue
        rows = [f for f in shown if f.kind == k]
        out.append(TEXT["heading"].format(kind=k, n=len(rows), meaning=meaning))
        out += [TEXT["row"].format(severity=f.severity, id=f.id, title=f.title) for f in rows]
        if not rows:
            out.append(TEXT["none"])
    return tuple(out)


# --- every printed number ----------------------------------------------------------------------

_DERIVED = {
    # id -> how to recompute it from other printed values
    "titration_fraction": "titration",
    "cross_tolerance_fraction": "cut",
    "hm_ratio_morphine": "ratio",
    "background_basis_daily": "basis",
}


def _ratio_range(num: DoseRange, den: DoseRange, minus_one: bool, invert: bool) -> DoseRange:
    a = _ratio(num.low, den.low)
    b = _ratio(num.high, den.high)
    if invert:
        a, b = 1 - a, 1 - b
    elif minus_one:
        a, b = a - 1, b - 1
    lo, hi = sorted((round(a, 12), round(b, 12)))
    return DoseRange(Q(lo, "fraction"), Q(hi, "fraction"))


def audit(report: CaseReport) -> tuple[AuditRow, ...]:
    """Every number in printed_values.csv: recomputed where it follows from others, else given."""
    report = _check_report(report)
    pv = _pv()
    steps = {s.id: s for s in report.steps}
    rows = []
    for pid, p in pv.items():
        if pid in steps:
            s = steps[pid]
            rows.append(AuditRow(pid, p.quantity, s.paper_text, s.ours_text,
                                 TEXT["agrees"] if s.agree else TEXT["differs"], s.note))
            continue
        kind = _DERIVED.get(pid)
        ours = None
        if kind == "titration":
            ours = _ratio_range(steps["titrated_ome"].ours, steps["prior_ome"].ours, True, False)
        elif kind == "cut":
            ours = _ratio_range(steps["reduced_ome"].ours, steps["titrated_ome"].ours, False,
                                True)
        elif kind == "ratio":
            ours = DoseRange.point(pv["hm_ratio_hydromorphone"].high * _hm_factor())
        elif kind == "basis":
            ours = DoseRange.point(report.plan.daily_dose)
        if ours is None:
            rows.append(AuditRow(pid, p.quantity, p.range.fmt().strip(), "-", TEXT["given"],
                                 TEXT["given_note"]))
        else:
            ok = _agree(ours, p)
            rows.append(AuditRow(pid, p.quantity, p.range.fmt().strip(), ours.fmt().strip(),
                                 TEXT["agrees"] if ok else TEXT["differs"]))
    return tuple(rows)


def audit_lines(report: CaseReport) -> tuple[str, ...]:
    return tuple(r.line() for r in audit(report))


# --- recompute with your own factor ------------------------------------------------------------


def factor_specs() -> dict[str, FactorSpec]:
    """Findings that hang on one conversion factor, with the paper's factor as default."""
    patch = FactorSpec("patch", TEXT["patch_factor"], _patch_factor(), 1.0, 5.0)
    hm = FactorSpec("hydromorphone", TEXT["hm_factor"], _hm_factor(), 5.0, 40.0)
    return {
        "fentanyl_patch_count": patch,
        "reduced_patch_count": patch,
        "rescue_after_rotation": patch,
        "discharge_drop": patch,
        "label_table_lower": hm,
        "range_top_chosen": hm,
    }


def recompute(report: CaseReport, discrepancy_id: str, factor: float) -> tuple[str, ...]:
    """The arithmetic of one conversion finding redone with ``factor`` (see factor_specs)."""
    report = _check_report(report)
    specs = factor_specs()
    if not isinstance(discrepancy_id, str) or discrepancy_id not in specs:
        raise InputError(TEXT["finding_id"], discrepancy_id, "one of " + ", ".join(specs),
                         TEXT["no_recompute"])
    spec = specs[discrepancy_id]
    f = fraction(factor, field=spec.label, low=spec.low, high=spec.high)
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    hm_day = pv["days3_7_daily"].high.to("mg/day")
    prior = report.step("prior_ome").ours.high
    lines: list[str] = []
    if spec.kind == "hydromorphone":
        if discrepancy_id == "label_table_lower":
            ome = (hm_day * f).to("mg/day")
            lines.append(TEXT["own_ome"].format(dose=fmt(hm_day), factor=f"{f:g}", ome=fmt(ome)))
            label = td.patch_from_ome(ome, table="duragesic-label")
            lines += list(label.steps)
        else:
            top_ome = report.step("reduced_ome").ours.high
            dose = (top_ome / f).to("mg/day")
            lines.append(TEXT["own_hm"].format(ome=fmt(top_ome), factor=f"{f:g}", dose=fmt(dose)))
            nccn = cv.reduce_for_cross_tolerance(_titrated(report), "nccn")
            lo, hi = (nccn.low / f).to("mg/day"), (nccn.high / f).to("mg/day")
            lines.append(TEXT["own_hm"].format(ome=nccn.fmt(), factor=f"{f:g}",
                                               dose=DoseRange(lo, hi).fmt()))
        return tuple(lines)
    hm_f = _hm_factor()
    if discrepancy_id in ("fentanyl_patch_count", "reduced_patch_count"):
        ome = (hm_day * hm_f).to("mg/day")
        rate = Q(ome.magnitude / f, "mcg/h")
        lines.append(TEXT["own_ome"].format(dose=fmt(hm_day), factor=f"{hm_f:g}", ome=fmt(ome)))
        lines.append(TEXT["own_rate"].format(ome=fmt(ome), factor=f"{f:g}", rate=fmt(rate)))
        if discrepancy_id == "reduced_patch_count":
            cut = cv.reduce_for_cross_tolerance(rate, "tang-2025")
            lines += list(cut.steps)
            lines += list(td.patch_count(cut, strength).steps)
        else:
            lines += list(td.patch_count(rate, strength).steps)
        return tuple(lines)
    rate = ward_rate if discrepancy_id == "rescue_after_rotation" else \
        _mcg_h(pv["discharge_patch"].high)
    ome = Q(rate.magnitude * f, "mg/day")
    lines.append(TEXT["own_patch_ome"].format(rate=fmt(rate), factor=f"{f:g}", ome=fmt(ome)))
    if discrepancy_id == "rescue_after_rotation":
        lines += list(cv.rescue_dose(ome).steps)
    else:
        drop = 1 - _ratio(ome, prior)
        lines.append(TEXT["own_drop"].format(new=fmt(ome), old=fmt(prior), drop=_pct(drop)))
    return tuple(lines)


__all__ = [
    "AuditRow",
    "Evidence",
    "FactorSpec",
    "Finding",
    "Quote",
    "audit",
    "audit_lines",
    "count_lines",
    "counts",
    "factor_specs",
    "finding",
    "findings",
    "kinds",
    "recompute",
    "severities",
    "table_lines",
]
