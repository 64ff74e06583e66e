"""Side effects and adjuvants in the case: choose a drug, see its role in the case, what the
guideline or label says, and where that comes from (data/adjuvants.csv, read through
``analgesia.references``; the model is :mod:`analgesia.panels.adjuvants`)."""

from __future__ import annotations

from .. import words
from ..markup import BR, join
from ..panels.adjuvants import AdjuvantModel, AdjuvantView, adjuvant, adjuvants, describe
from ._base import Panel, dropdown, html

TEXT = words.catalogue("adjuvants_panel", {
    "choose": "Drug or treatment",
})


class AdjuvantExplorer(Panel):
    """A drop-down of the drugs and treatments around the opioids, with their sources."""

    hook = "an-adjuvants"

    def __init__(self, drug: str | None = None):
        super().__init__(AdjuvantModel(**({} if drug is None else {"drug": drug})))
        names = [r["drug"] for r in adjuvants()]
        self.choice = dropdown(TEXT["choose"], names, self.model.inputs["drug"],
                               "an-adjuvants-choice")
        self.output = html(hook="an-adjuvants-result")
        self.bind(drug=self.choice)
        self.widget = self.box(self.choice, self.message, self.output)
        self.refresh()

    def show(self, result: AdjuvantView) -> None:
        self.output.value = join(result.described, BR)


def __getattr__(name: str):
    if name == "SCHEMA":  # the table's schema, now kept with every other table's
        from ..schemas import FILES

        return FILES["adjuvants"][0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AdjuvantExplorer", "adjuvant", "adjuvants", "describe"]
