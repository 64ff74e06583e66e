"""The parameter table, ``data/pk_parameters.csv``: one cached reader, through ``references``.

The repository's table is read once by :func:`analgesia.references.load` (schema, ranges and
the one-row-per-(model, parameter) rule are checked there) and turned into a
:class:`PkParameterTable` once, cached with :func:`analgesia.references.cached`, so every model
build reuses it and :func:`analgesia.references.reload` makes it read the edited file again.
Another file (a learner's own parameter set) is read with the same schema and checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pint

from .. import references as refs
from ..units import InputError, Q, fmt, quantity

PARAMETER_FILE_NAME = "pk_parameters.csv"
_TABLE_NAME = "pk_parameters"  # references.load's name for it
_DIMENSIONLESS_UNITS = ("", "1", "fraction", "ratio", "dimensionless")


@dataclass(frozen=True)
class PkParameter:
    """One row of ``data/pk_parameters.csv``: a named value with its unit and source."""

    model: str
    drug: str
    parameter: str
    value: pint.Quantity
    low: pint.Quantity | None
    high: pint.Quantity | None
    source: str
    year: int | None
    url: str
    status: str
    note: str

    @property
    def citation(self) -> str:
        return f"{self.source} ({self.year})" if self.year else self.source


@dataclass(frozen=True)
class PkParameterTable:
    path: str
    rows: tuple[PkParameter, ...]

    def get(self, model: str, parameter: str) -> PkParameter:
        for row in self.rows:
            if row.model == model and row.parameter == parameter:
                return row
        raise InputError(
            "parameter", f"{model}/{parameter}", f"a row of {self.path} (model, parameter)"
        )

    def has(self, model: str, parameter: str) -> bool:
        return any(r.model == model and r.parameter == parameter for r in self.rows)


@dataclass(frozen=True)
class ModelParameter:
    """A parameter as a model uses it: name, value (Quantity) and where it comes from."""

    name: str
    value: pint.Quantity
    source: str
    status: str = ""
    low: pint.Quantity | None = None
    high: pint.Quantity | None = None

    def describe(self) -> str:
        status = f" [{self.status}]" if self.status else ""
        return f"{self.name} = {fmt(self.value)} ({self.source}){status}"


def _row(r: dict[str, Any]) -> PkParameter:
    unit = "dimensionless" if r["unit"] in _DIMENSIONLESS_UNITS else r["unit"]
    return PkParameter(
        model=r["model"], drug=r["drug"], parameter=r["parameter"], value=Q(r["value"], unit),
        low=None if r["low"] is None else Q(r["low"], unit),
        high=None if r["high"] is None else Q(r["high"], unit),
        source=r["source"], year=r["year"], url=r["url"], status=r["status"],
        note=r.get("note", ""),
    )


def _build(path: Path, rows: Iterable[dict[str, Any]]) -> PkParameterTable:
    """Rows checked by the schema -> the table; each (model, parameter) once."""
    out, seen = [], set()
    for r in rows:
        key = (r["model"], r["parameter"])
        if key in seen:
            raise refs.DataFileError(path, r["_row"], "parameter", f"{key} appears twice")
        seen.add(key)
        out.append(_row(r))
    return PkParameterTable(str(path), tuple(out))


@refs.cached
def repository_table() -> PkParameterTable:
    """``data/pk_parameters.csv`` as loaded (and validated) by ``references``; cached."""
    return _build(Path(refs.DATA_DIR) / PARAMETER_FILE_NAME, refs.load(_TABLE_NAME))


def load_pk_parameters(path: str | Path | None = None) -> PkParameterTable:
    """The parameter table: ``data/pk_parameters.csv`` when ``path`` is None (read once, through
    ``references``), or another file with the same columns (``references.PK_SCHEMA``). A bad
    cell fails naming file, row and column; each (model, parameter) appears once, and
    low <= value <= high.
    """
    if path is None:
        return repository_table()
    if not isinstance(path, str | Path):
        raise InputError("path", path, "a path to a CSV file", label="parameter file")
    file = Path(path)
    try:
        is_file = file.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte
        is_file = False
    if not is_file:
        raise InputError("path", str(file), "an existing CSV file", label="parameter file")
    return _build(file, refs.read_csv(file, refs.PK_SCHEMA))


def table_or_default(table: PkParameterTable | None) -> PkParameterTable:
    """The table given, or data/pk_parameters.csv when None."""
    if table is None:
        return repository_table()
    if not isinstance(table, PkParameterTable):
        raise InputError("table", table, "a PkParameterTable from load_pk_parameters(), or None "
                         "(data/pk_parameters.csv)", label="parameter table")
    return table


def model_parameter(
    table: PkParameterTable, model: str, name: str, unit: str, alias: str | None = None
) -> ModelParameter:
    """Row (model, name) of the table in ``unit``, named ``alias`` for the learner."""
    row = table.get(model, name)
    value = quantity(row.value, unit, field=f"{model}/{name}", minimum=0.0)
    return ModelParameter(alias or name, value, row.citation, row.status)


def fraction(parameter: ModelParameter, field: str) -> float:
    """A bioavailability as a plain fraction, refused unless above 0 and at most 1."""
    f = float(parameter.value.to("dimensionless").magnitude)
    if not 0 < f <= 1:
        raise InputError(field, parameter.value, "a fraction above 0, at most 1")
    return f


__all__ = [
    "ModelParameter",
    "PkParameter",
    "PkParameterTable",
    "load_pk_parameters",
    "model_parameter",
    "repository_table",
    "table_or_default",
]
