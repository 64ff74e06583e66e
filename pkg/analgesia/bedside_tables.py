"""The bedside tables of ``data/``, read and checked: ``bedside.csv`` (practice by topic, text
with its source), ``monitoring.csv`` (what to watch while the pump runs) and the rule rows
the bedside uses, chosen by the workbook's teaching defaults (:mod:`analgesia.rulebook`).

:mod:`analgesia.bedside` re-exports every public name: import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pint

from . import references as refs
from . import rulebook, words
from .units import InputError, Q

# The numbers the bedside needs, by the workbook's teaching-default choice
# (data/teaching_defaults.csv via ``rulebook``): the same rule rows the checker and the
# pump notebooks use, so a rule is chosen in one place.
RULE_CHOICES = {
    "subcut_rate": "sc_volume_per_hour",
    "subcut_bolus": "sc_bolus_volume",
    "lockout_min": "lockout_minimum_subcutaneous",
    "lockout_preferred": "lockout_subcutaneous",
    "loading": "loading_dose",
}

TOPICS = ("selection", "proxy", "double_check", "concentration", "loading", "subcut_site",
          "alarm", "reservoir", "breakthrough_on_patch", "neurotoxicity", "laxative",
          "sedatives", "renal", "hepatic", "lockout")

# Everything a learner reads from these tables.
TEXT = words.catalogue("bedside_tables", {
    "one_of": "one of {names}",
    "item": "an item of topic '{topic}': {items}",
    "cite": "{text} [{source}]",
    "monitor": "{what}: {when}",
    "source": "a source row of a data table",
})


@dataclass(frozen=True)
class BedsideLine:
    """One sourced statement: ``topic``/``item`` name its row, ``text`` is what the learner
    reads; ``low``/``high`` the row's quantity, when it has one."""

    topic: str
    item: str
    text: str
    source: refs.Source
    low: pint.Quantity | None = None
    high: pint.Quantity | None = None

    def line(self) -> str:
        """The text with its short citation, as the notebooks print it."""
        return TEXT("cite", text=self.text, source=short_cite(self.source))


@dataclass(frozen=True)
class MonitoringItem:
    """One row of data/monitoring.csv."""

    item: str
    what: str
    when: str
    source: refs.Source

    def line(self) -> str:
        return TEXT("cite", text=TEXT("monitor", what=self.what, when=self.when),
                    source=short_cite(self.source))


def short_cite(source: refs.Source) -> str:
    """'Boland J, Boland E, Brooks D (2013)': the citation up to its first full stop or colon,
    the year, and the status when it is not 'verified'. The full citation is ``source.cite()``.
    """
    if not isinstance(source, refs.Source):
        raise InputError("source", type(source).__name__, TEXT["source"])
    return source.short()


# --- reading the files -------------------------------------------------------------------------


def _optional_unit(value: str) -> str:
    return refs.unit(value) if value.strip() else ""


def _quantity_cells(row: dict) -> tuple[str, str] | None:
    """low, high and unit all given (low <= high) or all blank."""
    given = [row["low"] is not None, row["high"] is not None, bool(row["unit"])]
    if any(given) and not all(given):
        column = ("low", "high", "unit")[given.index(False)]
        return column, "is blank, but the row's other quantity cells are filled"
    if all(given) and row["low"] > row["high"]:
        return "low", f"{row['low']:g} is above high {row['high']:g}"
    return None


QUANTITY_CELLS = {"low": refs.optional_number, "high": refs.optional_number,
                  "unit": _optional_unit}
BEDSIDE_SCHEMA = refs.RowSchema({"topic": refs.one_of(*TOPICS), "item": refs.text,
                                 "what": refs.text, **QUANTITY_CELLS, **refs.SOURCE_COLUMNS,
                                 "note": refs.optional_text}, _quantity_cells)
MONITORING_SCHEMA = {"item": refs.text, "what": refs.text, "when": refs.text,
                     **refs.SOURCE_COLUMNS, "note": refs.optional_text}


def path(name: str) -> Path:
    """Where table ``name`` is read from (``references.DATA_DIR``, read at call time)."""
    return refs.DATA_DIR / f"{name}.csv"


def unique(file: Path, rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """``rows``, after checking that no two share ``key`` (file, row and column on failure)."""
    first: dict[tuple, int] = {}
    for r in rows:
        k = tuple(r[c] for c in key)
        if k in first:
            raise refs.DataFileError(file, r["_row"], key[-1],
                                     f"{k!r} appears twice (first in row {first[k]})")
        first[k] = r["_row"]
    return rows


def source(r: dict) -> refs.Source:
    return refs.Source(r["source"], r["year"], r["url"], r["status"], r.get("note", ""))


def quantities(r: dict) -> tuple[pint.Quantity | None, pint.Quantity | None]:
    """A row's low and high as Quantities in its unit (None, None for a row without)."""
    if not r["unit"]:
        return None, None
    return Q(r["low"], r["unit"]), Q(r["high"], r["unit"])


def _bedside_rows() -> list[dict]:
    file = path("bedside")
    return unique(file, refs.read_csv(file, BEDSIDE_SCHEMA), ("topic", "item"))


# --- what a notebook reads ---------------------------------------------------------------------


def monitoring() -> tuple[MonitoringItem, ...]:
    """The rows of data/monitoring.csv, validated, each with its source."""
    file = path("monitoring")
    rows = unique(file, refs.read_csv(file, MONITORING_SCHEMA), ("item",))
    return tuple(MonitoringItem(r["item"], r["what"], r["when"], source(r)) for r in rows)


def monitoring_lines() -> tuple[str, ...]:
    """Each monitoring row as one cited line."""
    return tuple(m.line() for m in monitoring())


def topics() -> tuple[str, ...]:
    """The topics that have rows in data/bedside.csv, in the file's order."""
    return tuple(dict.fromkeys(r["topic"] for r in _bedside_rows()))


def lines(topic: str) -> tuple[BedsideLine, ...]:
    """The rows of one topic of data/bedside.csv, in the file's order."""
    if not isinstance(topic, str) or topic not in TOPICS:
        shown = topic if isinstance(topic, str) else type(topic).__name__
        raise InputError("topic", str(shown)[:80], TEXT("one_of", names=", ".join(TOPICS)))
    out = []
    for r in _bedside_rows():
        if r["topic"] == topic:
            low, high = quantities(r)
            out.append(BedsideLine(r["topic"], r["item"], r["what"], source(r), low, high))
    return tuple(out)


def line(topic: str, item: str) -> BedsideLine:
    """One row of data/bedside.csv by topic and item."""
    found = lines(topic)
    for b in found:
        if b.item == item:
            return b
    raise InputError("item", str(item)[:80],
                     TEXT("item", topic=topic, items=", ".join(b.item for b in found)))


def cited(topic: str) -> tuple[str, ...]:
    """Each row of a topic as one line with its citation: what the notebooks print."""
    return tuple(b.line() for b in lines(topic))


def rule(key: str) -> refs.Rule:
    """A numeric rule the bedside uses (``RULE_CHOICES``): the rule row the workbook's
    teaching defaults choose for it."""
    if not isinstance(key, str) or key not in RULE_CHOICES:
        shown = key[:80] if isinstance(key, str) else type(key).__name__
        raise InputError("rule", shown, TEXT("one_of", names=", ".join(RULE_CHOICES)))
    return rulebook.default_rule(RULE_CHOICES[key])


__all__ = ["BedsideLine", "MonitoringItem", "cited", "line", "lines", "monitoring",
           "monitoring_lines", "rule", "short_cite", "topics"]
