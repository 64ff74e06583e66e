"""ConverterPanel: from a daily opioid dose to a new drug and route, step by step, with the
spread of the same conversion under every published table.

The chain is the case's: 24 h dose -> oral morphine equivalent (OME) -> titration for the pain
score -> cut for incomplete cross-tolerance -> new drug and route
(:mod:`analgesia.conversion_chain`). Every step shows its arithmetic, unit and source; the
chart shows how far the tables disagree. The inputs and result are
:class:`analgesia.panels.converter.ConverterModel`'s; this module only shows them.
"""

from __future__ import annotations

import ipywidgets as w

from .. import bounds, words
from .. import references as refs
from ..figures import chart
from ..figures.conversion_figures import spread_figure, update_spread_figure
from ..markup import element, join
from ..panels.converter import (
    DEFAULT_CUT,
    NONE,
    REDUCTION_SETS,
    ConverterModel,
    ConverterResult,
    dose_example,
    reduction_options,
    route_options,
    table_options,
)
from ..units import fmt_drug
from ._base import STYLE, Panel, css, dropdown, html, int_box, lines_html, text_box

TEXT = words.catalogue("converter", {
    "drug": "Opioid now",
    "route": "Route now",
    "dose": "Total over 24 h now (with unit, e.g. {dose} or {patch})",
    "nrs": "Pain score now (NRS 0-10)",
    "reduction": "Cut for incomplete cross-tolerance",
    "target_drug": "Change to opioid",
    "target_route": "Change to route",
    "table": "Conversion table",
    "surveillance": "MME surveillance (not for rotation)",
    "heading_result": "Result",
    "heading_steps": "Steps",
    "heading_sources": "Sources",
})

HOOKS = {"drug": "an-converter-drug", "route": "an-converter-route",
         "dose": "an-converter-dose", "nrs": "an-converter-nrs",
         "reduction": "an-converter-reduction", "target_drug": "an-converter-target-drug",
         "target_route": "an-converter-target-route", "table": "an-converter-table",
         "surveillance": "an-converter-surveillance"}


class ConverterPanel(Panel):
    """Pick drug, route, 24 h dose, NRS, cross-tolerance cut, target and table; read each step
    with units and sources, and the spread chart across tables. Keyword arguments are
    :class:`~analgesia.panels.converter.ConverterModel` inputs; the defaults are the case's."""

    hook = "an-converter"

    def __init__(self, **inputs) -> None:
        super().__init__(ConverterModel(**inputs))
        v = self.model.inputs
        drugs = [(fmt_drug(d), d) for d in refs.DRUGS]  # the learner's word, the code's value
        nrs = bounds.bound("nrs")
        self.drug = dropdown(TEXT["drug"], drugs, v["drug"], HOOKS["drug"])
        self.route = dropdown(TEXT["route"], route_options(), v["route"], HOOKS["route"])
        self.dose = text_box(TEXT("dose", dose=v["dose"], patch=dose_example()), v["dose"],
                             HOOKS["dose"], v["dose"])
        self.nrs = int_box(TEXT["nrs"], v["nrs"], int(nrs.low) if not nrs.zero_allowed else 0,
                           int(nrs.high), HOOKS["nrs"])
        self.reduction = dropdown(TEXT["reduction"], reduction_options(), v["reduction"],
                                  HOOKS["reduction"])
        self.target_drug = dropdown(TEXT["target_drug"], drugs, v["target_drug"],
                                    HOOKS["target_drug"])
        self.target_route = dropdown(TEXT["target_route"], route_options(), v["target_route"],
                                     HOOKS["target_route"])
        self.table = dropdown(TEXT["table"], table_options(), v["table"], HOOKS["table"])
        self.surveillance = css(w.Checkbox(value=v["surveillance"],
                                           description=TEXT["surveillance"], style=STYLE,
                                           indent=False), "an-input", HOOKS["surveillance"])
        self.result_html = html("", "an-converter-result")
        self.steps_html = html("", "an-converter-steps")
        self.sources_html = html("", "an-converter-sources")
        first = self.model.result
        self.figure = css(chart(spread_figure(first.spread if first else [],
                                              chosen=v["table"])), "an-converter-spread")
        self.controls = tuple(getattr(self, name) for name in HOOKS)
        self.widget = self.box(
            *self.controls, self.message,  # the disclaimer: once, in the page
            self.result_html, self.steps_html, self.sources_html, self.figure,
        )
        self.bind(**{name: getattr(self, name) for name in HOOKS})
        self.refresh()

    def show(self, result: ConverterResult) -> None:
        self.result_html.value = element("b", result.result_line)
        self.steps_html.value = join((element("b", TEXT["heading_steps"]),
                                      lines_html(result.steps)))
        self.sources_html.value = join((element("b", TEXT["heading_sources"]),
                                        lines_html(result.sources, "an-sources")))
        update_spread_figure(self.figure, result.spread, chosen=result.chosen)


def __getattr__(name: str):
    if name == "DEFAULT":  # the starting inputs, now the model's (read from the case's data)
        return dict(ConverterModel().initial)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_CUT", "NONE", "REDUCTION_SETS", "ConverterPanel", "ConverterResult"]
