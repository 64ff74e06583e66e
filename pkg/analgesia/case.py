"""The Tang 2025 case as data: every fact, event and printed number with its place in the paper.

Tang J, Ding F, Yu M, Cai X. Medicine (Baltimore) 2025;104(20):e42433,
doi 10.1097/MD.0000000000042433.

- ``printed_values()``: every number the paper prints that the package computes;
- ``timeline()``, ``table1()``, ``patient()``: the history, Table 1 and the patient's facts;
- ``case_reservoir()``, ``case_settings()``, ``case_days()``, ``case_log()``: the case's PCA
  as the titration log and the panels use it.

``tang2025()`` (:mod:`analgesia.case_report`, readable here as ``case.tang2025``) recomputes each
dose step beside the paper's printed value. Where the paper's arithmetic, pharmacology or
reporting does not hold, ``analgesia.critique.findings()`` says so.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import pint

from . import pump, titration
from . import references as refs
from .case_facts import Fact, read_facts
from .units import DoseRange, InputError, Q, name

CASE_DIR = refs.DATA_DIR / "case_tang2025"

# Computed in analgesia.case_report (above this module), readable here as before (critique
# reads _agree, the paper's rounding rule, from here).
_REPORT_NAMES = ("CaseReport", "CaseStep", "tang2025", "_agree")


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


@refs.cached
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


@refs.cached
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


@refs.cached
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


_PATIENT_REQUIRED = {
    "age": int, "sex": str, "diagnosis": str, "stage.current": str, "stage.initial": str,
    "pain.site": str, "pain.nrs": int, "pain.type": str, "citation.title": str,
    "citation.licence": str, "citation.doi": str,
}


@refs.cached
def _patient() -> tuple[dict[str, Any], tuple[Fact, ...]]:
    path = CASE_DIR / "patient.yaml"
    data, facts, lines = read_facts(path, _PATIENT_REQUIRED)
    if not 0 <= data["pain"]["nrs"] <= 10:
        raise refs.DataFileError(path, lines.get("pain.nrs"), "pain.nrs",
                                 f"{data['pain']['nrs']} is outside the NRS 0-10")
    return data, facts


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


# --- the case's PCA, as the titration log and the panels use it --------------------------------


def case_reservoir() -> pump.Reservoir:
    """The case's reservoir: 50 ampoules of 2 mg/2 mL hydromorphone + 100 mL saline = 0.5 mg/mL
    (data/case_tang2025/printed_values.csv)."""
    pv = printed_values()
    n = int(pv["ampoule_count"].high.magnitude)
    return pump.Reservoir(drug="hydromorphone", drug_amount=pv["ampoule_strength"].high * n,
                          drug_volume=pv["ampoule_volume"].high * n,
                          diluent_volume=pv["reservoir_diluent"].high)


def case_settings() -> pump.PcaSettings:
    """The case's printed pump settings: background 0.55 mg/h, bolus 0.65 mg, lockout 15 min,
    no hour limit (data/case_tang2025/printed_values.csv)."""
    pv = printed_values()
    return pump.PcaSettings(background=pv["background"].high, bolus=pv["bolus"].high,
                            lockout=pv["lockout"].high, drug="hydromorphone",
                            route="subcutaneous")


def _table1_day(day: int) -> dict[str, Any]:
    """NRS after treatment and breakthrough episodes of one day from Table 1 ({} without a row;
    a breakthrough range such as '1–2 times' is left as None)."""
    row = next((r for r in _table1_rows() if r["day"] == day), None)
    if row is None:
        return {}
    same = row["breakthrough_low"] == row["breakthrough_high"]
    return {"nrs": row["nrs_after_score"], "breakthrough": row["breakthrough_low"] if same
            else None}


def case_days() -> tuple[titration.TitrationDay, ...]:
    """Days 1-7 from the paper: boluses from the text (day 1 3, day 2 2, days 3-7 1-2 each);
    NRS ("Average NRS score after treatment") and breakthrough episodes from Table 1 for the
    days it has a row for (1, 2, 3 and 7). Days 4-6 have no row: their NRS stays None, and so
    does day 7's breakthrough count, which Table 1 gives as a range ("1–2 times").
    """
    pv = printed_values()
    days = [titration.TitrationDay(d, int(pv[f"day{d}_boluses"].high.magnitude),
                                   **_table1_day(d)) for d in (1, 2)]
    counts = pv["days3_7_boluses"]
    span = (int(counts.low.magnitude), int(counts.high.magnitude))
    last = max(int(r["day"]) for r in _table1_rows() if r["day"] is not None)
    days += [titration.TitrationDay(d, span, **_table1_day(d))
             for d in range(len(days) + 1, last + 1)]
    return tuple(days)


def case_log() -> titration.TitrationLog:
    """The case's log: printed settings, the 200 mL reservoir, days 1-7."""
    return titration.titration_log(case_settings(), case_days(), case_reservoir())


__all__ = ["CASE_DIR", "TABLE1_COLUMNS", "TABLE1_PHASES", "Fact",
           "PrintedValue", "admission_nrs", "case_days", "case_log", "case_reservoir",
           "case_settings", "not_stated", "patient", "patient_facts", "printed_values",
           "table1", "table1_as_printed", "timeline", "timeline_event"]


def __getattr__(name: str):
    """The report (``tang2025``, ``CaseReport``, ``CaseStep``) lives in case_report, above."""
    if name in _REPORT_NAMES:
        from . import case_report

        return getattr(case_report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
