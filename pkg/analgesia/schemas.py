"""The schema of every table in ``data/`` and the checks across its rows: which columns a
file has, what each cell must hold, which columns identify a row, and the checks a whole table
must pass (NRS bands without gaps, factors within the file format's sane range, ...).

:mod:`analgesia.references` loads the tables through these and re-exports the public names
(``refs.RULES_SCHEMA``, ``refs.SOURCE_COLUMNS``, ``refs.DRUGS``, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .datafile import (
    DataFileError,
    RowSchema,
    Schema,
    integer,
    non_negative,
    number,
    one_of,
    optional_number,
    optional_positive,
    optional_text,
    positive,
    text,
    unit,
    url,
    year,
)

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
    from .references import load

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
KEYS: dict[str, tuple[str, ...]] = {
    "chinese_guidance": ("id",),
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
CHECKS: dict[str, Callable[[Path, list[dict]], None]] = {
    "conversion_factors": _check_factors,
    "titration_rules": _check_titration,
    "fentanyl_label_table": _check_label_bands,
}


FILES: dict[str, tuple[Schema, tuple[tuple[str, str], ...]]] = {
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
    "chinese_guidance": ({"id": text, "topic": text, "rule_set": text, "quantity": text,
                          "low": number, "high": number, "unit": text,
                          "nrs_low": optional_number, "nrs_high": optional_number,
                          "quote_zh": optional_text, "counterpart": text, **SOURCE_COLUMNS,
                          "note": optional_text}, (("low", "high"),)),
    "input_bounds": ({"kind": text, "field": text, "unit": unit,
                      "zero_allowed": one_of("yes", "no"), "low": positive, "high": positive,
                      "example": text, **SOURCE_COLUMNS, "note": optional_text},
                     (("low", "high"),)),
}


def validate(name: str, path: Path, rows: list[dict]) -> None:
    """Every check of table ``name`` across its rows (ranges low <= high, a unique key, the
    table's own check); a failure is a :class:`DataFileError` naming file, row and column."""
    _schema, ranges = FILES[name]
    for low, high in ranges:
        _check_ranges(path, rows, low, high)
    if name in KEYS:
        _check_unique(path, rows, KEYS[name])
    if name in CHECKS:
        CHECKS[name](path, rows)


__all__ = [
    "CHECKS",
    "DIRECTIONS",
    "DRUGS",
    "FACTORS_SCHEMA",
    "FACTOR_RANGE",
    "FACTOR_TABLES_SCHEMA",
    "FILES",
    "KEYS",
    "LABEL_TABLE_SCHEMA",
    "MAX_INCREASE",
    "NRS_SCALE",
    "PATCHES_SCHEMA",
    "PK_SCHEMA",
    "PURPOSES",
    "ROUTES",
    "RULES_SCHEMA",
    "SOURCE_COLUMNS",
    "STATUSES",
    "TITRATION_SCHEMA",
    "TOLERANCE_SCHEMA",
]
