"""The clinical tables in ``data/``: loaded once, validated, every number with its source.

A malformed file fails at load with the file, the row (as a spreadsheet would number it, the
header being row 1) and the column named. Tables that disagree stay separate named sets; the
surveillance (MME) tables are marked and never offered silently for conversion; one-way tables
carry their direction.

This module finds ``data/``, loads a table by name (cached; :func:`reload` clears every cache
built from data/) and gives the typed views (:class:`Source`, :class:`Factor`, :class:`Rule`,
...). Two jobs live beside it and are re-exported here: reading one CSV file against a schema
(:mod:`analgesia.datafile`: ``read_csv``, the cell parsers, ``DataFileError``) and the schemas
and checks of every table (:mod:`analgesia.schemas`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import words
from .datafile import (  # noqa: F401 - re-exported: refs.read_csv, refs.text, ...
    YEARS,
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
    read_csv,
    text,
    unit,
    url,
    year,
)
from .schemas import (  # noqa: F401 - re-exported: refs.RULES_SCHEMA, refs.DRUGS, ...
    DIRECTIONS,
    DRUGS,
    FACTOR_RANGE,
    FACTOR_TABLES_SCHEMA,
    FACTORS_SCHEMA,
    LABEL_TABLE_SCHEMA,
    MAX_INCREASE,
    NRS_SCALE,
    PATCHES_SCHEMA,
    PK_SCHEMA,
    PURPOSES,
    ROUTES,
    RULES_SCHEMA,
    SOURCE_COLUMNS,
    STATUSES,
    TITRATION_SCHEMA,
    TOLERANCE_SCHEMA,
    validate,
)
from .schemas import FILES as _FILES
from .units import Q, name, ureg

TEXT = words.catalogue("references", {
    "table_file": "one of {names}",
    "rule_set": "one of {sets} for {rule}",
    "model": "one of {models}",
    "name": "a name from the data tables",
})


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


def load(name: str) -> tuple[dict[str, Any], ...]:
    """Load and validate one table by file stem (``"conversion_factors"``); cached.

    An unknown name (or not a name at all) raises :class:`~analgesia.units.InputError`; a
    malformed file raises :class:`DataFileError` naming file, row and column.
    """
    if not isinstance(name, str) or name not in _FILES:
        from .units import InputError

        shown = name if isinstance(name, str) else type(name).__name__
        raise InputError("table file", shown[:80],
                         TEXT("table_file", names=", ".join(sorted(_FILES))))
    return _load(name)


@functools.cache
def _load(name: str) -> tuple[dict[str, Any], ...]:
    schema, _ranges = _FILES[name]
    path = DATA_DIR / f"{name}.csv"
    rows = read_csv(path, schema)
    validate(name, path, rows)
    return tuple(rows)


_CACHES: list[Callable[..., Any]] = []


def cached(function: Callable[..., Any]) -> Callable[..., Any]:
    """``functools.cache`` that :func:`reload` clears: use it for anything built from ``data/``.

    Every module that keeps a value derived from a data file (a parsed case, a rule row, a
    panel's table) caches it through here, so one :func:`reload` makes the whole package read
    the edited files again.
    """
    if not callable(function):
        from .units import InputError

        raise InputError("function", type(function).__name__, "a function to cache")
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

    def short(self) -> str:
        """'Prommer E (2004)': the citation up to its first full stop or colon, the year, and
        the status when it is not 'verified'; what a sentence cites (the full one: cite())."""
        head = self.source
        for mark in (". ", ": "):
            head = head.split(mark, 1)[0]
        flag = "" if self.status == "verified" else f" [{self.status}]"
        return f"{head.rstrip('.')} ({self.year}){flag}"


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
    return name(value, field=field, expected=TEXT["name"])


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

    raise InputError("rule_set", rule_set, TEXT("rule_set", sets=", ".join(sets), rule=name))


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
        raise InputError("model", model, TEXT("model", models=", ".join(models)))
    return out


__all__ = [
    "DATA_DIR",
    "TEXT",
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
