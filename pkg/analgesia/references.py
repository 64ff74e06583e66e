"""The clinical tables in ``data/``: loaded once, validated, every number with its source.

A malformed file fails at load with the file, the row (as a spreadsheet would number it, the
header being row 1) and the column named. Tables that disagree stay separate named sets; the
surveillance (MME) tables are marked and never offered silently for conversion; one-way tables
carry their direction.
"""

from __future__ import annotations

import csv
import functools
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .units import Q, ureg

DATA_DIR = Path(os.environ.get("ANALGESIA_DATA", Path(__file__).resolve().parents[2] / "data"))

DRUGS = (
    "morphine",
    "hydromorphone",
    "oxycodone",
    "hydrocodone",
    "oxymorphone",
    "codeine",
    "tramadol",
    "tapentadol",
    "fentanyl",
    "buprenorphine",
    "methadone",
)
ROUTES = ("oral", "intravenous", "subcutaneous", "transdermal")
PURPOSES = ("rotation", "surveillance", "case", "label")
DIRECTIONS = ("two-way", "to-oral-morphine", "from-oral-morphine")
STATUSES = (
    "verified", "unverified", "out-of-scope", "assumption", "fitted", "from-reference-sheet"
)


class DataFileError(ValueError):
    """A data file that does not match its schema: names file, row and column."""

    def __init__(self, path: Path, row: int | None, column: str | None, problem: str):
        self.path, self.row, self.column, self.problem = path, row, column, problem
        where = _rel(path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(DATA_DIR.resolve().parent))
    except ValueError:
        return str(path)


# --- cell parsers: each takes the text and returns a value or raises ValueError(problem) ------


def text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value.strip()


def optional_text(value: str) -> str:
    return value.strip()


def number(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a number") from None
    if not math.isfinite(x):
        raise ValueError(f"'{value}' is not a finite number")
    return x


def optional_number(value: str) -> float | None:
    return None if not value.strip() else number(value)


def non_negative(value: str) -> float:
    x = number(value)
    if x < 0:
        raise ValueError(f"{value} is negative; expected 0 or more")
    return x


def integer(value: str) -> int:
    x = number(value)
    if x != int(x):
        raise ValueError(f"'{value}' is not a whole number")
    return int(x)


def one_of(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        v = value.strip()
        if v not in allowed:
            raise ValueError(f"'{value}' is not one of: {', '.join(allowed)}")
        return v

    return parse


def unit(value: str) -> str:
    v = text(value)
    try:
        Q(1, v)
    except ValueError:
        raise ValueError(f"'{value}' is not a unit this package knows") from None
    return v


def url(value: str) -> str:
    v = value.strip()
    if v and not v.startswith(("http://", "https://")):
        raise ValueError(f"'{value}' is not a web address")
    return v


def year(value: str) -> int:
    y = integer(value)
    if not 1900 <= y <= 2100:
        raise ValueError(f"{value} is not a plausible year")
    return y


Schema = dict[str, Callable[[str], Any]]


def read_csv(path: Path, schema: Schema) -> list[dict[str, Any]]:
    """Read ``path`` and check every cell against ``schema``; extra columns are kept as text."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, None, f"cannot be read ({exc.strerror})") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in schema if c not in header]
        if missing:
            raise DataFileError(path, 1, missing[0], "column is missing from the header")
        rows = []
        for n, raw in enumerate(reader, start=2):
            if None in raw:
                raise DataFileError(path, n, None, "has more cells than the header has columns")
            row: dict[str, Any] = {}
            for column in header:
                cell = raw.get(column)
                if cell is None:
                    raise DataFileError(path, n, column, "cell is missing (row too short)")
                parse = schema.get(column, optional_text)
                try:
                    row[column] = parse(cell)
                except ValueError as exc:
                    raise DataFileError(path, n, column, str(exc)) from None
            row["_row"] = n
            rows.append(row)
    if not rows:
        raise DataFileError(path, None, None, "has no rows")
    return rows


# --- the tables ------------------------------------------------------------------------------

SOURCE_COLUMNS: Schema = {"source": text, "year": year, "url": url, "status": one_of(*STATUSES)}

FACTOR_TABLES_SCHEMA: Schema = {
    "table": text,
    "title": text,
    "purpose": one_of(*PURPOSES),
    **SOURCE_COLUMNS,
    "note": optional_text,
}
FACTORS_SCHEMA: Schema = {
    "table": text,
    "drug": one_of(*DRUGS),
    "route": one_of(*ROUTES),
    "factor": non_negative,
    "basis": one_of("mg", "mcg/h"),
    "direction": one_of(*DIRECTIONS),
    **SOURCE_COLUMNS,
    "note": optional_text,
}
LABEL_TABLE_SCHEMA: Schema = {
    "table": text,
    "ome_low": non_negative,
    "ome_high": non_negative,
    "unit": unit,
    "patch": non_negative,
    "patch_unit": unit,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
TOLERANCE_SCHEMA: Schema = {
    "drug": one_of(*DRUGS),
    "route": one_of(*ROUTES),
    "threshold": non_negative,
    "unit": unit,
    "min_weeks": non_negative,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
TITRATION_SCHEMA: Schema = {
    "rule_set": text,
    "nrs_low": integer,
    "nrs_high": integer,
    "increase_low": number,
    "increase_high": number,
    "action": text,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
RULES_SCHEMA: Schema = {
    "rule": text,
    "rule_set": text,
    "low": number,
    "high": number,
    "unit": unit,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
PATCHES_SCHEMA: Schema = {
    "product": text,
    "strength": non_negative,
    "strength_unit": unit,
    "content": non_negative,
    "content_unit": unit,
    "area_cm2": optional_number,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
PK_SCHEMA: Schema = {
    "model": text,
    "drug": text,
    "parameter": text,
    "value": number,
    "unit": unit,
    "low": optional_number,
    "high": optional_number,
    **SOURCE_COLUMNS,
    "note": optional_text,
}


def _check_ranges(path: Path, rows: list[dict], low: str, high: str) -> None:
    for r in rows:
        if r[low] is not None and r[high] is not None and r[low] > r[high]:
            raise DataFileError(path, r["_row"], low, f"{r[low]} is above {high} {r[high]}")


@functools.cache
def load(name: str) -> tuple[dict[str, Any], ...]:
    """Load and validate one table by file stem (``"conversion_factors"``); cached."""
    if name not in _FILES:
        from .units import InputError

        raise InputError("name", name, "one of " + ", ".join(sorted(_FILES)))
    schema, ranges = _FILES[name]
    path = DATA_DIR / f"{name}.csv"
    rows = read_csv(path, schema)
    for low, high in ranges:
        _check_ranges(path, rows, low, high)
    if name == "conversion_factors":
        known = {t["table"] for t in load("factor_tables")}
        seen = set()
        for r in rows:
            if r["table"] not in known:
                raise DataFileError(path, r["_row"], "table", f"'{r['table']}' is not in "
                                    "factor_tables.csv")
            key = (r["table"], r["drug"], r["route"])
            if key in seen:
                raise DataFileError(path, r["_row"], "drug", f"{key} appears twice")
            seen.add(key)
            if r["status"] != "out-of-scope" and r["factor"] <= 0:
                raise DataFileError(path, r["_row"], "factor", "must be above 0")
            expected = "mcg/h" if r["route"] == "transdermal" else "mg"
            if r["basis"] != expected:
                raise DataFileError(path, r["_row"], "basis", f"{r['route']} needs '{expected}'")
    return tuple(rows)


_FILES: dict[str, tuple[Schema, tuple[tuple[str, str], ...]]] = {
    "factor_tables": (FACTOR_TABLES_SCHEMA, ()),
    "conversion_factors": (FACTORS_SCHEMA, ()),
    "fentanyl_label_table": (LABEL_TABLE_SCHEMA, (("ome_low", "ome_high"),)),
    "opioid_tolerance": (TOLERANCE_SCHEMA, ()),
    "titration_rules": (
        TITRATION_SCHEMA,
        (("nrs_low", "nrs_high"), ("increase_low", "increase_high")),
    ),
    "rules": (RULES_SCHEMA, (("low", "high"),)),
    "fentanyl_patches": (PATCHES_SCHEMA, ()),
    "pk_parameters": (PK_SCHEMA, (("low", "high"),)),
    "pca_safety_rules": (RULES_SCHEMA, (("low", "high"),)),
    "definitions": ({"term": text, "definition": text, **SOURCE_COLUMNS}, ()),
    "adjuvants": ({"drug": text, "class": text, "role_in_case": text, "guideline_view": text,
                   **SOURCE_COLUMNS}, ()),
    "monitoring": ({"item": text, "what": text, "when": text, **SOURCE_COLUMNS}, ()),
}


def reload() -> None:
    """Forget cached tables (after editing a file in a running kernel)."""
    load.cache_clear()


# --- typed views -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a number comes from."""

    source: str
    year: int
    url: str
    status: str
    note: str = ""

    def cite(self) -> str:
        flag = "" if self.status == "verified" else f" [{self.status}]"
        return f"{self.source} ({self.year}){flag}"


@dataclass(frozen=True)
class FactorTable:
    table: str
    title: str
    purpose: str
    origin: Source


@dataclass(frozen=True)
class Factor:
    """mg oral morphine per mg of ``drug`` by ``route`` (per mcg/h for patches, per day)."""

    table: str
    drug: str
    route: str
    factor: float
    basis: str
    direction: str
    origin: Source

    @property
    def out_of_scope(self) -> bool:
        return self.origin.status == "out-of-scope"


def _source(r: dict) -> Source:
    return Source(r["source"], r["year"], r["url"], r["status"], r.get("note", ""))


def factor_tables() -> dict[str, FactorTable]:
    return {
        r["table"]: FactorTable(r["table"], r["title"], r["purpose"], _source(r))
        for r in load("factor_tables")
    }


def factors() -> tuple[Factor, ...]:
    return tuple(
        Factor(r["table"], r["drug"], r["route"], r["factor"], r["basis"], r["direction"],
               _source(r))
        for r in load("conversion_factors")
    )


def tables():
    """Every conversion factor as a pandas DataFrame, with its table's purpose."""
    import pandas as pd

    purposes = {k: v.purpose for k, v in factor_tables().items()}
    frame = pd.DataFrame([{k: v for k, v in r.items() if k != "_row"}
                          for r in load("conversion_factors")])
    frame.insert(1, "purpose", frame["table"].map(purposes))
    return frame


@dataclass(frozen=True)
class Rule:
    rule: str
    rule_set: str
    low: float
    high: float
    unit: str
    origin: Source

    def quantity_range(self):
        return Q(self.low, self.unit), Q(self.high, self.unit)


def rules(rule: str | None = None) -> tuple[Rule, ...]:
    found = tuple(
        Rule(r["rule"], r["rule_set"], r["low"], r["high"], r["unit"], _source(r))
        for r in load("rules")
        if rule is None or r["rule"] == rule
    )
    return found


def rule(name: str, rule_set: str) -> Rule:
    """One rule by name and set; an unknown pair names the sets that exist."""
    for r in rules(name):
        if r.rule_set == rule_set:
            return r
    sets = sorted({r.rule_set for r in rules(name)})
    from .units import InputError

    raise InputError("rule_set", rule_set, f"one of {', '.join(sets)} for {name}")


def pk_parameters(model: str) -> dict[str, tuple[Any, Source, float | None, float | None]]:
    """``{parameter: (Quantity, Source, low, high)}`` for one model id in pk_parameters.csv."""
    out = {}
    for r in load("pk_parameters"):
        if r["model"] == model:
            out[r["parameter"]] = (Q(r["value"], r["unit"]), _source(r), r["low"], r["high"])
    if not out:
        from .units import InputError

        models = sorted({r["model"] for r in load("pk_parameters")})
        raise InputError("model", model, "one of " + ", ".join(models))
    return out


__all__ = [
    "DATA_DIR",
    "DataFileError",
    "Factor",
    "FactorTable",
    "Rule",
    "Source",
    "factor_tables",
    "factors",
    "load",
    "pk_parameters",
    "reload",
    "rule",
    "rules",
    "tables",
    "ureg",
]
