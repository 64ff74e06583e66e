"""Reading one CSV file of ``data/`` against its schema: the cell parsers, the row checks and
the error that names file, row and column.

A malformed file fails at load with the file, the row (as a spreadsheet would number it, the
header being row 1) and the column named. :mod:`analgesia.references` re-exports every name
(``refs.read_csv``, ``refs.text``, ``refs.DataFileError``, ...): import them from there.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .units import Q

# The plausible years of a source (a cell of the ``year`` column): a date range, not a dose.
YEARS = (1900, 2100)


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
    from .references import DATA_DIR  # read at call time: a test may point it elsewhere

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
    if not YEARS[0] <= y <= YEARS[1]:
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
    from . import words

    words.localize_rows(path.stem, rows)  # prose cells in the learner's language, if not English
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


# The module's API for callers outside the package's loaders. The cell parsers (text, number,
# one_of, ...) and RowSchema are building blocks of the schemas: they raise a plain ValueError
# carrying the problem, which read_csv turns into a DataFileError naming file, row and column.
__all__ = ["YEARS", "DataFileError", "read_csv"]
