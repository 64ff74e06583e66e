"""The adjuvant explorer's model: a drug or treatment in; its row of data/adjuvants.csv (class,
role in the case, guideline or label view, source, status, note) out as lines.

The table is read once through :func:`analgesia.references.load` (its schema and the unique
``drug`` key are checked there, a bad file names row and column), so ``references.reload()``
clears it with every other table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import references as refs
from .. import words
from .model import LineSequence, PanelModel, worded_error

TEXT = words.catalogue("panels.adjuvants", {
    "class": "Class",
    "role": "Role in the case",
    "guideline": "Guideline or label view",
    "source": "Source",
    "status": "Status",
    "note": "Note",
    "unverified": "unverified: the primary text was not read; treat with care",
    "allowed": "one of {allowed}",
    "unknown": "drug: {value!r} is not in data/adjuvants.csv; expected one of {allowed}.",
})

FIRST = "dimethicone (simethicone)"  # the explorer opens on the case's own puzzle


def adjuvants() -> tuple[dict[str, Any], ...]:
    """Rows of data/adjuvants.csv, checked against their schema."""
    return refs.load("adjuvants")


def adjuvant(drug: str) -> dict[str, Any]:
    """The row for ``drug``; an unknown name raises :class:`InputError`."""
    for r in adjuvants():
        if r["drug"] == drug:
            return r
    allowed = ", ".join(r["drug"] for r in adjuvants())
    raise worded_error("drug", drug, TEXT("allowed", allowed=allowed),
                       TEXT("unknown", value=drug, allowed=allowed))


def describe(drug: str) -> tuple[str, ...]:
    """The row as plain lines: class, role, guideline view, source (with status), note."""
    r = adjuvant(drug)
    status = r["status"] if r["status"] != "unverified" else TEXT["unverified"]
    source = f"{r['source']} ({r['year']})" + (f" {r['url']}" if r["url"] else "")
    lines = [f"{TEXT['class']}: {r['class']}", f"{TEXT['role']}: {r['role_in_case']}",
             f"{TEXT['guideline']}: {r['guideline_view']}", f"{TEXT['source']}: {source}",
             f"{TEXT['status']}: {status}"]
    if r["note"]:
        lines.append(f"{TEXT['note']}: {r['note']}")
    return tuple(lines)


@dataclass(frozen=True)
class AdjuvantView(LineSequence):
    """One drug's row (``row``) and the lines the explorer shows (``described``; ``view[0]``
    is ``view.described[0]``)."""

    drug: str
    row: dict[str, Any]
    described: tuple[str, ...]

    def lines(self) -> tuple[str, ...]:
        return self.described


class AdjuvantModel(PanelModel[AdjuvantView]):
    """Input: ``drug`` (a name from data/adjuvants.csv)."""

    def defaults(self) -> dict[str, Any]:
        return {"drug": FIRST}

    def compute(self) -> AdjuvantView:
        drug = self.inputs["drug"]
        return AdjuvantView(drug, adjuvant(drug), describe(drug))


__all__ = ["AdjuvantModel", "AdjuvantView", "adjuvant", "adjuvants", "describe"]
