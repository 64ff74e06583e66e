"""The clinical tables in ``data/``: loaded once, validated, every number with its source.

A malformed file fails at load with the file, the row (as a spreadsheet would number it, the
header being row 1) and the column named. Tables that disagree stay separate named sets; the
surveillance (MME) tables are marked and never offered silently for conversion; one-way tables
carry their direction.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .units import Q, name, ureg


def _find_data_dir() -> Path:
    """Where the tables are: ``$ANALGESIA_DATA`` if set, else the copy an installed wheel
    carries (``analgesia/data``), else ``data/`` of the checkout this source sits in."""
    override = os.environ.get("ANALGESIA_DATA")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    bundled = here / "data"
    return bundled if bundled.is_dir() else here.parents[1] / "data"


DATA_DIR = _find_data_dir()

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
    except (ValueError, TypeError, OSError):
        return str(path)


# --- cell parsers: each takes the text and returns a value or raises ValueError(problem) ------


def text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value.strip()


def optional_text(value: str) -> str:
    return value.strip()


# A plain decimal number, optionally with an exponent: what a spreadsheet writes. Python's
# float() also takes "1_000", "nan" and "infinity"; a data file must not.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def number(value: str) -> float:
    v = value.strip()
    if v.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ValueError(f"'{value}' is not a finite number")
    if not _NUMBER.fullmatch(v):
        raise ValueError(f"'{value}' is not a number")
    x = float(v)
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


def positive(value: str) -> float:
    x = number(value)
    if x <= 0:
        raise ValueError(f"{value} is not above 0")
    return x


def optional_positive(value: str) -> float | None:
    return None if not value.strip() else positive(value)


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


class RowSchema(dict):
    """A schema with checks across the cells of one row, run after every cell parsed.

    Each check takes the parsed row and returns None or ``(column, problem)``.
    """

    def __init__(self, cells: Schema, *row_checks: Callable[[dict], tuple[str, str] | None]):
        super().__init__(cells)
        self.row_checks = row_checks


def _decode(path: Path, raw: bytes) -> str:
    """The file as text: UTF-8, with or without the byte-order mark Excel's "CSV UTF-8" writes.

    Bytes that are not UTF-8 fail naming the row and column they sit in.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].decode("utf-8-sig", errors="replace")
        # the records up to the bad byte; the sentinel keeps the (partial) last one
        records = list(csv.reader(io.StringIO(before + "x", newline="")))
        row = len(records)
        index = len(records[-1]) - 1
        header = records[0] if row > 1 else []
        column = header[index] if index < len(header) else None
        problem = (f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as "
                   "'CSV UTF-8'")
        raise DataFileError(path, row, column, problem) from None


def read_csv(path: Path, schema: Schema) -> list[dict[str, Any]]:
    """Read ``path`` and check every cell against ``schema``; extra columns are kept as text.

    The file is UTF-8 (a leading byte-order mark is accepted); the header names each column
    once. A :class:`RowSchema` adds checks across the cells of a row.
    """
    if not isinstance(path, str | os.PathLike) or not isinstance(schema, dict):
        from .units import InputError

        if not isinstance(path, str | os.PathLike):
            raise InputError("path", type(path).__name__, "a CSV file path")
        raise InputError("schema", type(schema).__name__, "a mapping of column -> parser")
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, None, None,
                            f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    handle = io.StringIO(_decode(path, raw), newline="")
    try:
        rows = _read_rows(path, handle, schema)
    except csv.Error as exc:
        raise DataFileError(path, None, None, f"is not a readable CSV file ({exc})") from None
    if not rows:
        raise DataFileError(path, None, None, "has no rows")
    return rows


def _read_rows(path: Path, handle: io.StringIO, schema: Schema) -> list[dict[str, Any]]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if not header or not any(c.strip() for c in header):
        raise DataFileError(path, 1, None, "has no header row")
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise DataFileError(path, 1, column, "column appears twice in the header")
        seen.add(column)
    missing = [c for c in schema if c not in header]
    if missing:
        raise DataFileError(path, 1, missing[0], "column is missing from the header")
    checks = getattr(schema, "row_checks", ())
    rows = []
    # n counts records as a spreadsheet numbers rows (a blank line is a row too)
    for n, cells in enumerate(reader, start=2):
        if not cells:  # a blank line
            continue
        if len(cells) > len(header):
            raise DataFileError(path, n, None, "has more cells than the header has columns")
        row: dict[str, Any] = {}
        for i, column in enumerate(header):
            if i >= len(cells):
                raise DataFileError(path, n, column, "cell is missing (row too short)")
            parse = schema.get(column, optional_text)
            try:
                row[column] = parse(cells[i])
            except ValueError as exc:
                raise DataFileError(path, n, column, str(exc)) from None
        for check in checks:
            found = check(row)
            if found is not None:
                raise DataFileError(path, n, found[0], found[1])
        row["_row"] = n
        rows.append(row)
    return rows


# --- the tables ------------------------------------------------------------------------------

# Sanity bounds of the file format, not clinical limits: a value outside them can only be a
# slip in a data file (a factor typed in the wrong unit, 1e-300, an increase of 50 for 50%),
# never a published table's entry, so the file is refused at load.
# - a conversion factor is mg oral morphine per mg (per mcg/h, as mg/day, for a patch): the
#   published ones lie between 0.1 (codeine) and 300 (fentanyl IV), so 0.001-10,000 leaves
#   two orders of magnitude either side;
# - a titration increase is a fraction of the daily dose (0.25 = +25%): published rules go
#   up to 1 (+100%), so more than 2 (+200%, tripling in one step) is a typing slip;
# - pain bands are on the 0-10 numeric rating scale.
FACTOR_RANGE = (1e-3, 1e4)
MAX_INCREASE = 2.0
NRS_SCALE = (0, 10)

SOURCE_COLUMNS: Schema = {"source": text, "year": year, "url": url, "status": one_of(*STATUSES)}


def _fraction_cells(*columns: str) -> Callable[[dict], tuple[str, str] | None]:
    """A row whose unit is ``fraction`` keeps ``columns`` within 0-1 (0.25 is 25%)."""

    def check(row: dict) -> tuple[str, str] | None:
        if row.get("unit") != "fraction":
            return None
        for c in columns:
            if row[c] is not None and not 0 <= row[c] <= 1:
                return c, f"{row[c]:g} is not a fraction from 0 to 1 (the unit is 'fraction')"
        return None

    return check


def _value_within_range(row: dict) -> tuple[str, str] | None:
    low, value, high = row["low"], row["value"], row["high"]
    if low is not None and high is not None and low > high:
        return "low", f"{low:g} is above high {high:g}"
    if low is not None and low > value:
        return "low", f"{low:g} is above the value {value:g}"
    if high is not None and high < value:
        return "high", f"{high:g} is below the value {value:g}"
    return None


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
    "ome_high": positive,
    "unit": unit,
    "patch": positive,
    "patch_unit": unit,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
TOLERANCE_SCHEMA: Schema = {
    "drug": one_of(*DRUGS),
    "route": one_of(*ROUTES),
    "threshold": positive,
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
RULES_SCHEMA: Schema = RowSchema({
    "rule": text,
    "rule_set": text,
    "low": number,
    "high": number,
    "unit": unit,
    **SOURCE_COLUMNS,
    "note": optional_text,
}, _fraction_cells("low", "high"))
PATCHES_SCHEMA: Schema = {
    "product": text,
    "strength": positive,
    "strength_unit": unit,
    "content": positive,
    "content_unit": unit,
    "area_cm2": optional_positive,
    **SOURCE_COLUMNS,
    "note": optional_text,
}
# PK parameters (clearances, volumes, half-lives, lags, fractions absorbed) are all above 0.
PK_SCHEMA: Schema = RowSchema({
    "model": text,
    "drug": text,
    "parameter": text,
    "value": positive,
    "unit": unit,
    "low": optional_positive,
    "high": optional_positive,
    **SOURCE_COLUMNS,
    "note": optional_text,
}, _value_within_range, _fraction_cells("value", "low", "high"))


def _check_ranges(path: Path, rows: list[dict], low: str, high: str) -> None:
    for r in rows:
        if r[low] is not None and r[high] is not None and r[low] > r[high]:
            raise DataFileError(path, r["_row"], low, f"{r[low]} is above {high} {r[high]}")


def _check_unique(path: Path, rows: list[dict], key: tuple[str, ...]) -> None:
    """No two rows share ``key`` (a later one would silently replace the earlier one)."""
    first: dict[tuple, int] = {}
    for r in rows:
        k = tuple(r[c] for c in key)
        if k in first:
            shown = k[0] if len(k) == 1 else k
            raise DataFileError(path, r["_row"], key[-1],
                                f"{shown!r} appears twice (first in row {first[k]})")
        first[k] = r["_row"]


def _check_factors(path: Path, rows: list[dict]) -> None:
    known = {t["table"] for t in load("factor_tables")}
    low, high = FACTOR_RANGE
    for r in rows:
        if r["table"] not in known:
            raise DataFileError(path, r["_row"], "table", f"'{r['table']}' is not in "
                                "factor_tables.csv")
        if r["status"] != "out-of-scope":
            if r["factor"] <= 0:
                raise DataFileError(path, r["_row"], "factor", "must be above 0")
            if not low <= r["factor"] <= high:
                raise DataFileError(path, r["_row"], "factor", f"{r['factor']:g} is outside "
                                    f"the sane range {low:g}-{high:g} of this file")
        expected = "mcg/h" if r["route"] == "transdermal" else "mg"
        if r["basis"] != expected:
            raise DataFileError(path, r["_row"], "basis", f"{r['route']} needs '{expected}'")


def _groups(rows: list[dict], key: str, order: str) -> list[list[dict]]:
    by: dict[Any, list[dict]] = {}
    for r in rows:
        by.setdefault(r[key], []).append(r)
    return [sorted(g, key=lambda r: r[order]) for g in by.values()]


def _check_titration(path: Path, rows: list[dict]) -> None:
    """Per rule set: NRS bands within 0-10 that neither overlap nor leave a gap, increases
    from 0 to MAX_INCREASE that never fall as the pain score rises."""
    lo_nrs, hi_nrs = NRS_SCALE
    for r in rows:
        for c in ("nrs_low", "nrs_high"):
            if not lo_nrs <= r[c] <= hi_nrs:
                raise DataFileError(path, r["_row"], c, f"{r[c]} is outside the pain scale "
                                    f"{lo_nrs}-{hi_nrs}")
        for c in ("increase_low", "increase_high"):
            if not 0 <= r[c] <= MAX_INCREASE:
                raise DataFileError(path, r["_row"], c, f"{r[c]:g} is outside 0-"
                                    f"{MAX_INCREASE:g} (a fraction of the daily dose: "
                                    "0.25 is +25%)")
    for band in _groups(rows, "rule_set", "nrs_low"):
        for prev, r in zip(band, band[1:], strict=False):
            if r["nrs_low"] <= prev["nrs_high"]:
                raise DataFileError(path, r["_row"], "nrs_low", f"band {r['nrs_low']}-"
                                    f"{r['nrs_high']} overlaps band {prev['nrs_low']}-"
                                    f"{prev['nrs_high']} (row {prev['_row']})")
            if r["nrs_low"] > prev["nrs_high"] + 1:
                raise DataFileError(path, r["_row"], "nrs_low", f"band {r['nrs_low']}-"
                                    f"{r['nrs_high']} leaves a gap after band "
                                    f"{prev['nrs_low']}-{prev['nrs_high']} (row {prev['_row']})")
            for c in ("increase_low", "increase_high"):
                if r[c] < prev[c]:
                    raise DataFileError(path, r["_row"], c, f"{r[c]:g} is below {prev[c]:g} "
                                        f"for the milder band in row {prev['_row']}")


def _check_label_bands(path: Path, rows: list[dict]) -> None:
    """Per table: oral morphine bands that do not overlap, each a larger patch than the last."""
    for band in _groups(rows, "table", "ome_low"):
        for prev, r in zip(band, band[1:], strict=False):
            if r["ome_low"] <= prev["ome_high"]:
                raise DataFileError(path, r["_row"], "ome_low", f"band {r['ome_low']:g}-"
                                    f"{r['ome_high']:g} overlaps band {prev['ome_low']:g}-"
                                    f"{prev['ome_high']:g} (row {prev['_row']})")
            if r["patch"] <= prev["patch"]:
                raise DataFileError(path, r["_row"], "patch", f"{r['patch']:g} is not above "
                                    f"{prev['patch']:g} for the lower band in row "
                                    f"{prev['_row']}")


# Columns that identify a row: two rows with the same values would let one silently replace
# the other (a duplicate 'nccn' in factor_tables.csv once turned it into a surveillance table).
_KEYS: dict[str, tuple[str, ...]] = {
    "teaching_text": ("key",),
    "factor_tables": ("table",),
    "conversion_factors": ("table", "drug", "route"),
    "fentanyl_label_table": ("table", "patch"),
    "opioid_tolerance": ("drug", "route"),
    "rules": ("rule", "rule_set"),
    "pca_safety_rules": ("rule", "rule_set"),
    "fentanyl_patches": ("product", "strength"),
    "pk_parameters": ("model", "parameter"),
    "definitions": ("term", "source"),  # two sources may define one term
    "adjuvants": ("drug",),
    "monitoring": ("item",),
    "input_bounds": ("kind",),
}
_CHECKS: dict[str, Callable[[Path, list[dict]], None]] = {
    "conversion_factors": _check_factors,
    "titration_rules": _check_titration,
    "fentanyl_label_table": _check_label_bands,
}


def load(name: str) -> tuple[dict[str, Any], ...]:
    """Load and validate one table by file stem (``"conversion_factors"``); cached.

    An unknown name (or not a name at all) raises :class:`~analgesia.units.InputError`; a
    malformed file raises :class:`DataFileError` naming file, row and column.
    """
    if not isinstance(name, str) or name not in _FILES:
        from .units import InputError

        shown = name if isinstance(name, str) else type(name).__name__
        raise InputError("table file", shown[:80], "one of " + ", ".join(sorted(_FILES)))
    return _load(name)


@functools.cache
def _load(name: str) -> tuple[dict[str, Any], ...]:
    schema, ranges = _FILES[name]
    path = DATA_DIR / f"{name}.csv"
    rows = read_csv(path, schema)
    for low, high in ranges:
        _check_ranges(path, rows, low, high)
    if name in _KEYS:
        _check_unique(path, rows, _KEYS[name])
    if name in _CHECKS:
        _CHECKS[name](path, rows)
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
    "teaching_text": ({"key": text, "en": text, **SOURCE_COLUMNS, "note": optional_text}, ()),
    "input_bounds": ({"kind": text, "field": text, "unit": unit, "zero_allowed": one_of("yes", "no"), "low": positive, "high": positive, "example": text, **SOURCE_COLUMNS, "note": optional_text}, (("low", "high"),)),  # noqa: E501
}


_CACHES: list[Callable[..., Any]] = []


def cached(function: Callable[..., Any]) -> Callable[..., Any]:
    """``functools.cache`` that :func:`reload` clears: use it for anything built from ``data/``.

    Every module that keeps a value derived from a data file (a parsed case, a rule row, a
    panel's table) caches it through here, so one :func:`reload` makes the whole package read
    the edited files again.
    """
    wrapped = functools.cache(function)
    _CACHES.append(wrapped)
    return wrapped


def teaching_text() -> dict[str, dict[str, str]]:
    """``data/teaching_text.csv``: learner-facing prose that carries a number or a citation,
    keyed, with its source; a language column beside ``en`` is that language's version."""
    return {r["key"]: {k: v for k, v in r.items() if k != "key"} for r in load("teaching_text")}


def caches() -> tuple[Callable[..., Any], ...]:
    """Every cache :func:`reload` clears: the tables' own, those registered with
    :func:`cached`, and the learner texts of ``data/teaching_text.csv`` (:mod:`analgesia.words`
    keeps its own, as it sits below this module)."""
    from . import words

    return (_load, *_CACHES, *words.caches())


def reload() -> None:
    """Forget every cached table and everything built from one (after editing ``data/``)."""
    for cache in caches():
        cache.cache_clear()


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


def _name(value: object, field: str) -> str:
    return name(value, field=field, expected="a name from the data tables")


def rules(rule: str | None = None) -> tuple[Rule, ...]:
    if rule is not None:
        rule = _name(rule, "rule")
    found = tuple(
        Rule(r["rule"], r["rule_set"], r["low"], r["high"], r["unit"], _source(r))
        for r in load("rules")
        if rule is None or r["rule"] == rule
    )
    return found


def rule(name: str, rule_set: str) -> Rule:
    """One rule by name and set; an unknown pair names the sets that exist."""
    rule_set = _name(rule_set, "rule_set")
    for r in rules(name):
        if r.rule_set == rule_set:
            return r
    sets = sorted({r.rule_set for r in rules(name)})
    from .units import InputError

    raise InputError("rule_set", rule_set, f"one of {', '.join(sets)} for {name}")


def pk_parameters(model: str) -> dict[str, tuple[Any, Source, float | None, float | None]]:
    """``{parameter: (Quantity, Source, low, high)}`` for one model id in pk_parameters.csv."""
    model = _name(model, "model")
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
    "cached",
    "caches",
    "factors",
    "load",
    "pk_parameters",
    "reload",
    "rule",
    "rules",
    "tables",
    "teaching_text",
    "ureg",
]
