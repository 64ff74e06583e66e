"""Chinese guidance beside NCCN: the numbers China's own documents give, each with its status.

``data/chinese_guidance.csv`` holds one row per number read (or not yet read) in Chinese
guidance (NHC 2018 cancer pain standard, the 2023 PCIA consensus, a provincial patch
guideline, secondary Chinese pages), with the Chinese words read (``quote_zh``), the source,
its status (``verified`` = the number read in a public copy; ``unverified`` = not yet read in
the document itself) and the workbook row it stands beside (``counterpart``: NCCN or the
label). The workbook computes with its own tables; this table is shown beside them so a
learner sees where Chinese guidance agrees, differs, or is not yet checked. Teaching, not
prescribing.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import references as refs
from . import words
from .units import InputError, Q, fmt, fmt_percent

TABLE = "chinese_guidance"

TEXT = words.catalogue("guidance", {
    "line": "{quantity}: {value} ({rule_set}, {status}) | beside: {counterpart}",
    "range": "{low} to {high}",
    "weeks": "{n} weeks",
    "week": "1 week",
    "status.verified": "read in the source",
    "status.unverified": "not yet read in the source",
    "topics": "a topic of the Chinese guidance table: {topics}",
})


@dataclass(frozen=True)
class GuidanceRow:
    """One number of Chinese guidance, with what it stands beside and how far it is checked."""

    id: str
    topic: str
    rule_set: str
    quantity: str
    value: str  # as a learner reads it: "10% to 20%", "72 h", "3"
    quote_zh: str
    counterpart: str
    origin: refs.Source

    @property
    def verified(self) -> bool:
        return self.origin.status == "verified"

    def line(self) -> str:
        status = f"status.{self.origin.status}"
        shown = TEXT[status] if status in TEXT else self.origin.status
        return TEXT("line", quantity=self.quantity, value=self.value, rule_set=self.rule_set,
                    status=shown, counterpart=self.counterpart)


def _value(low: float, high: float, unit: str) -> str:
    if unit == "fraction":
        ends = (fmt_percent(low), fmt_percent(high))
    elif unit == "week":  # pint would print "1 week to 2 week"
        if low == high == 1:
            return TEXT("week")
        return TEXT("weeks", n=f"{low:g}" if low == high else f"{low:g}-{high:g}")
    elif unit in ("count", "dimensionless"):
        ends = (f"{low:g}", f"{high:g}")
    else:
        ends = (fmt(Q(low, unit)), fmt(Q(high, unit)))
    return ends[0] if ends[0] == ends[1] else TEXT("range", low=ends[0], high=ends[1])


@refs.cached
def _rows() -> tuple[GuidanceRow, ...]:
    return tuple(
        GuidanceRow(r["id"], r["topic"], r["rule_set"], r["quantity"],
                    _value(r["low"], r["high"], r["unit"]), r["quote_zh"], r["counterpart"],
                    refs.Source(r["source"], r["year"], r["url"], r["status"], r["note"]))
        for r in refs.load(TABLE)
    )


def topics() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.topic for r in _rows()))


def chinese_guidance(topic: str | None = None) -> tuple[GuidanceRow, ...]:
    """The rows of the Chinese guidance table, all or one topic's (``"titration"``,
    ``"rescue"``, ``"conversion"``, ``"pca"``, ...)."""
    if topic is None:
        return _rows()
    if not isinstance(topic, str) or topic not in topics():
        shown = topic[:40] if isinstance(topic, str) else type(topic).__name__
        raise InputError("topic", shown, TEXT("topics", topics=", ".join(topics())))
    return tuple(r for r in _rows() if r.topic == topic)


def beside_nccn(topic: str | None = None) -> tuple[str, ...]:
    """One line per Chinese number: its value, source set and status, and the workbook row
    (NCCN or the label) it stands beside."""
    return tuple(r.line() for r in chinese_guidance(topic))


__all__ = ["GuidanceRow", "beside_nccn", "chinese_guidance", "topics"]
