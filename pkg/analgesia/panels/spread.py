"""The spread of one conversion across tables, as text: how each table is named (surveillance
tables carry their warning) and one line per table. Shared by the converter's model and the
spread chart (:mod:`analgesia.figures.conversion_figures`), with no plotting in it."""

from __future__ import annotations

from collections.abc import Sequence

from .. import references as refs
from .. import words

TEXT = words.catalogue("panels.spread", {
    "surveillance": "{table} - MME surveillance (not for rotation)",
    "chosen": "{table} (chosen)",
    "line": "{label}: {dose}  [{cite}]",
})


def purpose(table: str) -> str:
    """A table's purpose in data/factor_tables.csv (``rotation`` when it is not listed)."""
    tables = refs.factor_tables()
    return tables[table].purpose if table in tables else "rotation"


def table_label(table: str, chosen: str | None = None) -> str:
    """How a table is named on the chart: surveillance tables carry their warning."""
    label = TEXT("surveillance", table=table) if purpose(table) == "surveillance" else table
    return TEXT("chosen", table=label) if table == chosen else label


def spread_lines(results: Sequence, chosen: str | None = None) -> tuple[str, ...]:
    """The chart as text, one line per table: for printing and for screen readers."""
    return tuple(TEXT("line", label=table_label(r.table, chosen), dose=r.fmt(), cite=r.cite())
                 for r in results)


__all__ = ["purpose", "spread_lines", "table_label"]
