"""The Tang 2025 case as data, and every dose step recomputed beside the paper's printed value.

Tang J, Ding F, Yu M, Cai X. Medicine (Baltimore) 2025;104(20):e42433,
doi 10.1097/MD.0000000000042433.

``tang2025()`` recomputes each step with this package (no factor tuned to the paper): the
paper's number and ours stand side by side, ``agree`` says whether ours equals the paper's to
the paper's rounding. Where the paper's arithmetic, pharmacology or reporting does not hold,
``analgesia.critique.findings()`` says so, with the paper's words and the evidence.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import pint

from . import conversion as cv
from . import pump
from . import references as refs
from . import transdermal as td
from .units import DoseRange, InputError, Q, fmt, name

CASE_DIR = refs.DATA_DIR / "case_tang2025"

TEXT = {
    "title": "Tang 2025: oral morphine -> subcutaneous HYDROmorphone PCA -> fentanyl patch",
    "agree": "agrees",
    "differs": "differs",
}


@dataclass(frozen=True)
class PrintedValue:
    """A number the paper prints, with its quote and place (data/case_tang2025/printed_values)."""

    id: str
    quantity: str
    low: pint.Quantity
    high: pint.Quantity
    quote: str
    location: str
    status: str
    note: str

    @property
    def range(self) -> DoseRange:
        return DoseRange(self.low, self.high)

    @property
    def decimals(self) -> int:
        """Decimals the paper printed (15.15 -> 2, 14 -> 0): the rounding we compare at."""
        return max(_decimals(self.low.magnitude), _decimals(self.high.magnitude))


def _decimals(x: float) -> int:
    d = Decimal(repr(float(x))).normalize()
    return max(0, -d.as_tuple().exponent)


@functools.cache
def printed_values() -> dict[str, PrintedValue]:
    """Every number the paper prints that the package computes, with its quote and section.

    data/case_tang2025/printed_values.csv; a malformed row fails naming file, row and column.
    """
    path = CASE_DIR / "printed_values.csv"
    schema = {"id": refs.text, "quantity": refs.text, "low": refs.number, "high": refs.number,
              "unit": refs.unit, "quote": refs.text, "location": refs.text,
              "status": refs.one_of(*refs.STATUSES)}
    out = {}
    for r in refs.read_csv(path, schema):
        if r["low"] > r["high"]:
            raise refs.DataFileError(path, r["_row"], "low", "is above high")
        if r["id"] in out:
            raise refs.DataFileError(path, r["_row"], "id", f"'{r['id']}' appears twice")
        out[r["id"]] = PrintedValue(r["id"], r["quantity"], Q(r["low"], r["unit"]),
                                    Q(r["high"], r["unit"]), r["quote"],
                                    r["location"], r["status"], r.get("note", ""))
    return out


TIMELINE_PRECISIONS = ("day", "month", "datetime", "approximate")


def _iso_date(value: str) -> str:
    v = refs.text(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", v):
        raise ValueError(f"'{value}' is not a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    try:
        datetime.fromisoformat(v)
    except ValueError:
        raise ValueError(f"'{value}' is not a date on the calendar") from None
    return v


def _optional_iso_date(value: str) -> str:
    return "" if not value.strip() else _iso_date(value)


def _end_after_start(row: dict) -> tuple[str, str] | None:
    if row["end_date"] and row["end_date"] < row["date"][:len(row["end_date"])]:
        return "end_date", f"{row['end_date']} is before the start {row['date']}"
    return None


TIMELINE_SCHEMA = refs.RowSchema(
    {"id": refs.text, "date": _iso_date, "precision": refs.one_of(*TIMELINE_PRECISIONS),
     "end_date": _optional_iso_date, "category": refs.text, "event": refs.text,
     "detail": refs.text, "location": refs.text, "quote": refs.text,
     "status": refs.one_of(*refs.STATUSES)},
    _end_after_start,
)


@functools.cache
def _timeline_rows() -> tuple[dict[str, Any], ...]:
    path = CASE_DIR / "timeline.csv"
    rows = refs.read_csv(path, TIMELINE_SCHEMA)
    seen: set[str] = set()
    for r in rows:
        if r["id"] in seen:
            raise refs.DataFileError(path, r["_row"], "id", f"'{r['id']}' appears twice")
        seen.add(r["id"])
        if r["precision"] == "datetime" and "T" not in r["date"]:
            raise refs.DataFileError(path, r["_row"], "date",
                                     f"'{r['date']}' has no time, but precision is 'datetime'")
    return tuple(rows)


def timeline():
    """The 2018-2021 history as a DataFrame, oldest first (data/case_tang2025/timeline.csv).

    Each event keeps the precision the paper gives (``month``, ``day``, ``datetime``, or
    ``approximate`` where the paper gives only a relation such as "10 days before admission");
    ``location`` and ``quote`` say where in the paper it stands; ``status`` is ``assumption``
    for the one row the paper does not give (the workbook's patch time).
    """
    import pandas as pd

    frame = pd.DataFrame([{k: v for k, v in r.items() if k != "_row"}
                          for r in _timeline_rows()])
    frame["date"] = pd.to_datetime(frame["date"], format="ISO8601")
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def timeline_event(event_id: str) -> dict[str, Any]:
    """One timeline row by its ``id`` (for example ``"patch_on_assumed"``)."""
    event_id = name(event_id, field="timeline event",
                    expected="an id from data/case_tang2025/timeline.csv")
    for r in _timeline_rows():
        if r["id"] == event_id:
            return {k: v for k, v in r.items() if k != "_row"}
    raise InputError("timeline event", event_id,
                     "an id from data/case_tang2025/timeline.csv")


# Table 1 as the paper prints it: our column -> the paper's header.
TABLE1_COLUMNS = {
    "time": "Time",
    "nrs_before": "Average NRS score before treatment",
    "method": "Method",
    "nrs_after": "Average NRS score after treatment",
    "breakthrough_count": "Number of Btp in a 24-h period",
    "sleep": "Sleep",
    "anxiety": "Anxiety state",
    "adverse_reactions": "Adverse reactions",
    "management": "Management of adverse reactions",
}
TABLE1_PHASES = ("Day 1", "Day 2", "Day 3", "Day 7", "Maintenance")
_SCORES = re.compile(r"(\d+) scores?")
_TIMES = re.compile(r"(\d+)(?:[–-](\d+))? times?")


def _optional_day(value: str) -> int | None:
    return None if not value.strip() else refs.integer(value)


TABLE1_SCHEMA = {"phase": refs.one_of(*TABLE1_PHASES), "day": _optional_day,
                 **{c: refs.text for c in TABLE1_COLUMNS}, "location": refs.text,
                 "quote": refs.text, "status": refs.one_of(*refs.STATUSES)}


@functools.cache
def _table1_rows() -> tuple[dict[str, Any], ...]:
    path = CASE_DIR / "table1.csv"
    rows = refs.read_csv(path, TABLE1_SCHEMA)
    phases = [r["phase"] for r in rows]
    for r in rows:
        n = r["_row"]
        if phases.count(r["phase"]) > 1:
            raise refs.DataFileError(path, n, "phase", f"'{r['phase']}' appears twice")
        if (r["day"] is None) != (r["phase"] == "Maintenance"):
            raise refs.DataFileError(path, n, "day", "a titration day needs its day number; "
                                     "the maintenance row has none")
        for column in ("nrs_before", "nrs_after"):
            m = _SCORES.fullmatch(r[column])
            if not m or not 0 <= int(m.group(1)) <= 10:
                raise refs.DataFileError(path, n, column, f"'{r[column]}' is not an NRS as the "
                                         "paper writes it, such as '6 scores' (0-10)")
            r[f"{column}_score"] = int(m.group(1))
        m = _TIMES.fullmatch(r["breakthrough_count"])
        if not m:
            raise refs.DataFileError(path, n, "breakthrough_count",
                                     f"'{r['breakthrough_count']}' is not a count as the paper "
                                     "writes it, such as '3 times' or '1–2 times'")
        low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        if low > high:
            raise refs.DataFileError(path, n, "breakthrough_count", "the range is reversed")
        r["breakthrough_low"], r["breakthrough_high"] = low, high
    if tuple(phases) != TABLE1_PHASES:
        raise refs.DataFileError(path, None, "phase", "the rows must be "
                                 + ", ".join(TABLE1_PHASES) + ", in that order")
    return tuple(rows)


def table1():
    """The paper's Table 1 (days 1, 2, 3, 7, maintenance) as a DataFrame.

    The nine columns hold the cells exactly as printed ("6 scores", "1–2 times"); the loader
    adds the numbers the code needs: ``nrs_before_score``, ``nrs_after_score``,
    ``breakthrough_low`` and ``breakthrough_high``.
    """
    import pandas as pd

    return pd.DataFrame([{k: v for k, v in r.items() if k != "_row"} for r in _table1_rows()])


def table1_as_printed():
    """Table 1 with the paper's own column headers and cell text, and nothing else."""
    frame = table1()[list(TABLE1_COLUMNS)]
    return frame.rename(columns=TABLE1_COLUMNS)


# --- patient.yaml: every fact with its place in the paper --------------------------------------

_META = ("location", "quote", "note", "stated", "status")


@dataclass(frozen=True)
class Fact:
    """One fact about the patient: its value, where the paper gives it, and its words.

    ``stated`` is False for a fact the paper does not give (value None, the note says what
    is missing)."""

    path: str
    value: Any
    location: str
    quote: str
    note: str = ""
    stated: bool = True


def _is_fact(node: Any) -> bool:
    return isinstance(node, dict) and ("quote" in node or "stated" in node)


def _yaml_lines(path, text: str) -> dict[str, int]:
    """Line (1-based) of every key and list item, by dotted path, for error messages."""
    import yaml

    lines: dict[str, int] = {}

    def walk(node, where: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                p = f"{where}.{key.value}" if where else str(key.value)
                lines[p] = key.start_mark.line + 1
                walk(value, p)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                p = f"{where}[{i}]"
                lines[p] = item.start_mark.line + 1
                walk(item, p)

    try:
        walk(yaml.compose(text), "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise refs.DataFileError(path, None if mark is None else mark.line + 1, None,
                                 f"is not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return lines


def _check_fact(path, lines: dict[str, int], where: str, node: dict) -> None:
    def fail(key: str, problem: str):
        line = lines.get(f"{where}.{key}", lines.get(where))
        return refs.DataFileError(path, line, f"{where}.{key}", problem)

    stated = node.get("stated", True)
    if not isinstance(stated, bool):
        raise fail("stated", f"'{stated}' is not true or false")
    for key in ("location", "quote", "note"):
        if key in node and (not isinstance(node[key], str) or not node[key].strip()):
            raise fail(key, "is empty; expected text")
    if stated:
        for key in ("location", "quote"):
            if key not in node:
                raise fail(key, "is missing: a stated fact needs the paper's section and words")
        if "status" in node and node["status"] not in refs.STATUSES:
            raise fail("status", f"'{node['status']}' is not one of: "
                       + ", ".join(refs.STATUSES))
    else:
        if node.get("value") is not None:
            raise fail("value", "must be empty (null) for a fact the paper does not state")
        if "note" not in node:
            raise fail("note", "is missing: say what the paper does not give")


def _walk_facts(path, lines, node, where: str, facts: list[Fact]) -> Any:
    """Validate every fact and return the data with each fact replaced by its value."""
    if _is_fact(node):
        _check_fact(path, lines, where, node)
        rest = {k: v for k, v in node.items() if k not in _META}
        value = rest["value"] if set(rest) == {"value"} else rest
        facts.append(Fact(where, value, node.get("location", ""), node.get("quote", ""),
                          node.get("note", ""), node.get("stated", True)))
        return value
    if isinstance(node, dict):
        if "location" in node or "value" in node:
            line = lines.get(where)
            raise refs.DataFileError(path, line, f"{where}.quote", "is missing: a fact needs "
                                     "the paper's words (or 'stated: false' and a note)")
        return {k: _walk_facts(path, lines, v, f"{where}.{k}" if where else str(k), facts)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_walk_facts(path, lines, v, f"{where}[{i}]", facts) for i, v in enumerate(node)]
    return node


_PATIENT_REQUIRED = {
    "age": int, "sex": str, "diagnosis": str, "stage.current": str, "stage.initial": str,
    "pain.site": str, "pain.nrs": int, "pain.type": str, "citation.title": str,
    "citation.licence": str, "citation.doi": str,
}


@functools.cache
def _patient() -> tuple[dict[str, Any], tuple[Fact, ...]]:
    import yaml

    path = CASE_DIR / "patient.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise refs.DataFileError(path, None, None, f"cannot be read ({exc})") from None
    lines = _yaml_lines(path, text)
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise refs.DataFileError(path, 1, None, "is not a mapping of facts")
    if raw.get("status") not in refs.STATUSES:
        raise refs.DataFileError(path, lines.get("status"), "status",
                                 f"'{raw.get('status')}' is not one of: "
                                 + ", ".join(refs.STATUSES))
    facts: list[Fact] = []
    data = _walk_facts(path, lines, raw, "", facts)
    for dotted, kind in _PATIENT_REQUIRED.items():
        node: Any = data
        for key in dotted.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            raise refs.DataFileError(path, None, dotted, "is missing")
        if not isinstance(node, kind) or isinstance(node, bool):
            expected = "a whole number" if kind is int else "text"
            raise refs.DataFileError(path, lines.get(dotted), dotted,
                                     f"'{node}' is not {expected}")
    if not 0 <= data["pain"]["nrs"] <= 10:
        raise refs.DataFileError(path, lines.get("pain.nrs"), "pain.nrs",
                                 f"{data['pain']['nrs']} is outside the NRS 0-10")
    return data, tuple(facts)


def patient() -> dict[str, Any]:
    """The patient (data/case_tang2025/patient.yaml) as plain values: ``patient()["age"]`` is 66.

    Every fact in the file carries its section and quotation; ``patient_facts()`` gives them.
    Facts the paper does not state are None here.
    """
    return copy.deepcopy(_patient()[0])


def patient_facts() -> tuple[Fact, ...]:
    """Every fact of patient.yaml with its dotted path, section and verbatim quotation."""
    return _patient()[1]


def not_stated() -> tuple[Fact, ...]:
    """What the paper does not give (``stated: false`` in patient.yaml), with what is missing."""
    return tuple(f for f in patient_facts() if not f.stated)


def admission_nrs() -> int:
    """The pain score on admission, from patient.yaml (NRS 6, section 2.5)."""
    return int(patient()["pain"]["nrs"])


@dataclass(frozen=True)
class CaseStep:
    """One dose step: ours beside the paper's."""

    id: str
    label: str
    ours: DoseRange
    paper: PrintedValue | None
    agree: bool
    steps: tuple[str, ...]
    note: str = ""

    @property
    def paper_text(self) -> str:
        return "-" if self.paper is None else self.paper.range.fmt()

    @property
    def ours_text(self) -> str:
        return self.ours.fmt()


@dataclass(frozen=True)
class CaseReport:
    title: str
    steps: tuple[CaseStep, ...]
    reservoir: pump.Reservoir
    plan: pump.PcaPlan
    settings: pump.PcaSettings

    def step(self, step_id: str) -> CaseStep:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def frame(self):
        import pandas as pd

        return pd.DataFrame(
            [{"step": s.label, "paper": s.paper_text, "ours": s.ours_text,
              "agree": "yes" if s.agree else "NO", "note": s.note} for s in self.steps]
        )

    def lines(self) -> tuple[str, ...]:
        """Plain text, one line per step: for printing in a notebook."""
        return tuple(
            f"{s.label}: paper {s.paper_text} | ours {s.ours_text} | "
            f"{TEXT['agree'] if s.agree else TEXT['differs']}" for s in self.steps
        )


def _agree(ours: DoseRange, paper: PrintedValue) -> bool:
    """Equal to the paper's rounding; an 'about' value agrees when it lies within our range."""
    p = paper.range.to(str(ours.units))
    d = paper.decimals
    lo, hi = round(ours.low.magnitude, d), round(ours.high.magnitude, d)
    p_lo, p_hi = round(p.low.magnitude, d), round(p.high.magnitude, d)
    if "approx" in paper.quantity or "about" in paper.quote:
        return lo <= p_lo and p_hi <= hi
    return math.isclose(lo, p_lo, abs_tol=10 ** -(d + 3)) and math.isclose(
        hi, p_hi, abs_tol=10 ** -(d + 3))


def _r(x) -> DoseRange:
    if isinstance(x, DoseRange):
        return x
    if hasattr(x, "range"):
        return x.range
    return DoseRange.point(x)


def tang2025() -> CaseReport:
    """Every dose step of the case, recomputed, beside the paper's printed numbers."""
    pv = printed_values()
    steps: list[CaseStep] = []

    def add(step_id: str, label: str, ours: Any, lines=(), note: str = "", paper_id=None):
        paper = pv.get(paper_id or step_id)
        r = _r(ours)
        steps.append(CaseStep(step_id, label, r, paper,
                              paper is not None and _agree(r, paper), tuple(lines), note))

    # 1. The previous 24 h of oral morphine.
    prior = cv.daily_dose(scheduled=[(pv["morphine_sr_dose"].high, "12 h")],
                          rescues=[(pv["morphine_ir_dose"].high,
                                    int(pv["morphine_ir_count"].high.magnitude))])
    add("prior_ome", "oral morphine, previous 24 h", prior, prior.steps)

    # 2. Titration for the admission pain score (NRS 6, moderate pain), NCCN bands.
    nrs = admission_nrs()
    titrated = cv.titrate(prior, nrs=nrs)
    add("titrated_ome", f"after titration for NRS {nrs}", titrated, titrated.steps)

    # 3. The paper's 10-20% cut for cross-tolerance (NCCN as reproduced says 25-50%).
    reduced = cv.reduce_for_cross_tolerance(titrated, "tang-2025")
    add("reduced_ome", "after the paper's 10-20% cross-tolerance cut", reduced, reduced.steps)

    # 4. Oral morphine -> subcutaneous hydromorphone at the paper's 60:3.
    hm = cv.convert(reduced, ("morphine", "oral"), ("hydromorphone", "subcutaneous"),
                    table="tang-2025")
    add("hydromorphone_daily", "subcut HYDROmorphone per day (60:3 = 20:1)", hm, hm.steps)

    # 5. The reservoir.
    ampoules = int(pv["ampoule_count"].high.magnitude)
    res = pump.Reservoir(
        drug="hydromorphone",
        drug_amount=pv["ampoule_strength"].high * ampoules,
        drug_volume=pv["ampoule_volume"].high * ampoules,
        diluent_volume=pv["reservoir_diluent"].high,
    )
    add("reservoir_drug", "hydromorphone in the reservoir", res.drug_amount,
        (f"{ampoules} x {fmt(pv['ampoule_strength'].high)} = {fmt(res.drug_amount)}",))
    add("reservoir_volume", "reservoir volume", res.volume, res.steps)
    add("concentration", "concentration", res.concentration, res.steps)

    # 6. Background and bolus from the upper daily dose (13.5 mg), bolus = 1/20, rounded down
    # to the pump step we infer from the printed rates (data/rules.csv, an assumption).
    bolus_fraction = 1 / pv["bolus_divisor"].high.magnitude
    step = refs.rule("pca_pump_step", "tang-2025-inferred")
    plan = pump.pca_from_daily_dose(hm.high, bolus_fraction=bolus_fraction, reservoir=res,
                                    pump_step=Q(step.low, step.unit), lockout=pv["lockout"].high)
    add("background", f"background (rounded down to {fmt(plan.pump_step)}/h)", plan.background,
        plan.steps[::2],
        note=f"exact {fmt(plan.background_exact)}")
    add("bolus", f"bolus (rounded down to {fmt(plan.pump_step)})", plan.bolus, plan.steps[1::2],
        note=f"exact {fmt(plan.bolus_exact)}")
    add("lockout", "lockout", plan.settings.lockout)
    settings = plan.settings

    # 7. Daily totals on days 1, 2 and 3-7.
    for day, label in ((1, "day 1"), (2, "day 2")):
        n = int(pv[f"day{day}_boluses"].high.magnitude)
        total = settings.daily_total(boluses=n, reservoir=res)
        add(f"day{day}_total", f"{label} total ({n} boluses)", total.value, total.steps)
        add(f"day{day}_volume", f"{label} volume", total.volume, total.steps[-1:])
    lo_n = int(pv["days3_7_boluses"].low.magnitude)
    hi_n = int(pv["days3_7_boluses"].high.magnitude)
    d_lo = settings.daily_total(boluses=lo_n).value / Q(1, "day")
    d_hi = settings.daily_total(boluses=hi_n).value / Q(1, "day")
    add("days3_7_daily", f"days 3-7 per day ({lo_n}-{hi_n} boluses)",
        DoseRange(d_lo.to("mg/day"), d_hi.to("mg/day")))

    # 8. Rotation to the fentanyl patch, by the paper's own ratio (3 mg/day subcut = 25 mcg/h).
    hm_day = pv["days3_7_daily"].high
    strength = pv["patch_strength"].high
    per_patch_hm = pv["patch_equivalent_hm"].high
    own_rate = (hm_day / (per_patch_hm / Q(1, "day")) * strength).to("mcg/h")
    own_count = td.patch_count(own_rate, strength)
    add("patches_unreduced", "25 mcg/h patches (paper's own 3 mg = 1 patch)", own_count,
        (f"{fmt(hm_day)} / {fmt(per_patch_hm)} per day x {fmt(strength)} = {fmt(own_rate)}",)
        + own_count.steps,
        note="5.5 only with 20:1 and the 2:1 rule")
    reduced_rate = cv.reduce_for_cross_tolerance(own_rate, "tang-2025")
    reduced_patch = td.patch_count(reduced_rate, strength)
    add("patches_reduced", "patches after the 10-20% cut", reduced_patch,
        reduced_rate.steps + reduced_patch.steps)
    content = td.content(strength, product="tang-2025 as printed")
    n_printed = int(pv["patches_reduced"].high.magnitude)
    add("patches_reduced_content", f"content of {n_printed} printed patches", content * n_printed,
        (f"{n_printed} x {fmt(content)} = {fmt(content * n_printed)} (content, not dose)",))
    add("discharge_patch_content", "content of the discharge patch", content)

    return CaseReport(TEXT["title"], tuple(steps), res, plan, settings)
