"""ToleranceChecker: does a regimen meet the label definition of opioid tolerance, and why?

Choose the opioid, its route, the daily dose (typed with its unit) and how long it has been
taken; the panel answers yes or no with the reason, the steps and the source. The answer is
computed by :class:`analgesia.panels.assessment.ToleranceModel`; this panel only binds the
controls to it and shows the result.
"""

from __future__ import annotations

from .. import references as refs
from .. import words
from ..markup import BR, element, join
from ..panels.assessment import (
    ToleranceModel,
    ToleranceResult,
    drug_options,
    minimum_time,
    table_options,
    threshold,
)
from ..units import fmt_drug, fmt_route
from ._base import Panel, dropdown, html, lines_html, text_box

TEXT = words.catalogue("tolerance_panel", {
    "drug": "Opioid",
    "route": "Route",
    "dose": "Daily dose (with unit, e.g. {oral}; patches {patch})",
    "time": "Taken for at least (with unit, e.g. 2 weeks or 10 days)",
    "table": "Table for oral morphine equivalents (other opioids)",
    "heading_steps": "Steps",
    "heading_sources": "Source",
})
GOOD, BAD = "#1b5e20", "#b00020"


class ToleranceChecker(Panel):
    """Choose drug, route, daily dose and time taken -> tolerant or not, with reason and steps.
    Keyword arguments (``drug``, ``route``, ``dose``, ``time``, ``table``) replace the case's
    values."""

    hook = "an-tolerance"

    def __init__(self, **values) -> None:
        super().__init__(ToleranceModel(**values))
        v = self.model.inputs
        oral = threshold("morphine", "oral")
        self.drug = dropdown(TEXT["drug"], [(fmt_drug(d), d) for d in drug_options()], v["drug"],
                             "an-tolerance-drug")
        self.route = dropdown(TEXT["route"], [(fmt_route(r), r) for r in refs.ROUTES],
                              v["route"], "an-tolerance-route")
        self.dose = text_box(TEXT("dose", oral=oral, patch=threshold("fentanyl", "transdermal")),
                             v["dose"], "an-tolerance-dose", oral)
        self.time = text_box(TEXT["time"], v["time"], "an-tolerance-time", minimum_time())
        self.table = dropdown(TEXT["table"], table_options(), v["table"], "an-tolerance-table")
        self.verdict = html("", "an-tolerance-verdict")
        self.steps_html = html("", "an-tolerance-steps")
        self.controls = (self.drug, self.route, self.dose, self.time, self.table)
        # the page states the disclaimer once; a second copy in the panel repeated it
        self.widget = self.box(*self.controls, self.message, self.verdict, self.steps_html)
        self.bind(drug=self.drug, route=self.route, dose=self.dose, time=self.time,
                  table=self.table)
        self.update()

    def show(self, result: ToleranceResult) -> None:
        colour = GOOD if result.tolerant else BAD
        self.verdict.value = join((element("b", result.verdict, style=f"color:{colour}"), BR,
                                   result.reason))
        self.steps_html.value = join((element("b", TEXT["heading_steps"]),
                                      lines_html(result.steps),
                                      element("b", TEXT["heading_sources"]),
                                      lines_html(result.sources, "an-sources")))


__all__ = ["ToleranceChecker", "ToleranceModel", "ToleranceResult"]
