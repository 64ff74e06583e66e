"""Side effects and adjuvants in the case: choose a drug, see its role in the case, what the
guideline or label says, and where that comes from (data/adjuvants.csv)."""

from __future__ import annotations

import functools
from typing import Any

from .. import references as refs
from ..markup import BR, join
from ._base import Panel, dropdown, html

TEXT = {
    "choose": "Drug or treatment",
    "class": "Class",
    "role": "Role in the case",
    "guideline": "Guideline or label view",
    "source": "Source",
    "status": "Status",
    "note": "Note",
    "unverified": "unverified: the primary text was not read; treat with care",
    "unknown": "drug: {value!r} is not in data/adjuvants.csv; expected one of {allowed}.",
}

SCHEMA: refs.Schema = {
    "drug": refs.text,
    "class": refs.text,
    "role_in_case": refs.text,
    "guideline_view": refs.text,
    **refs.SOURCE_COLUMNS,
    "note": refs.optional_text,
}


@functools.cache
def adjuvants() -> tuple[dict[str, Any], ...]:
    """Rows of data/adjuvants.csv, checked against SCHEMA (a bad file names row and column)."""
    rows = refs.read_csv(refs.DATA_DIR / "adjuvants.csv", SCHEMA)
    seen = set()
    for r in rows:
        if r["drug"] in seen:
            raise refs.DataFileError(refs.DATA_DIR / "adjuvants.csv", r["_row"], "drug",
                                     f"'{r['drug']}' appears twice")
        seen.add(r["drug"])
    return tuple(rows)


def adjuvant(drug: str) -> dict[str, Any]:
    for r in adjuvants():
        if r["drug"] == drug:
            return r
    raise ValueError(TEXT["unknown"].format(value=drug, allowed=", ".join(
        r["drug"] for r in adjuvants())))


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


class AdjuvantExplorer(Panel):
    """A drop-down of the drugs and treatments around the opioids, with their sources."""

    hook = "an-adjuvants"

    def __init__(self, drug: str = "dimethicone (simethicone)"):
        super().__init__()
        names = [r["drug"] for r in adjuvants()]
        self.choice = dropdown(TEXT["choose"], names, drug, "an-adjuvants-choice")
        self.output = html(hook="an-adjuvants-result")
        self.update()
        self.watch(self.choice)
        self.widget = self.box(self.choice, self.message, self.output)

    def compute(self) -> tuple[str, ...]:
        return describe(self.choice.value)

    def show(self, result: tuple[str, ...]) -> None:
        self.output.value = join(result, BR)


__all__ = ["AdjuvantExplorer", "adjuvant", "adjuvants", "describe"]
