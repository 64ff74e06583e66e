"""ConverterPanel: from a daily opioid dose to a new drug and route, step by step, with the
spread of the same conversion under every published table.

The chain is the case's: 24 h dose -> oral morphine equivalent (OME) -> titration for the pain
score -> cut for incomplete cross-tolerance -> new drug and route. Every step shows its
arithmetic, unit and source; the chart shows how far the tables disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as w
import plotly.graph_objects as go

from .. import conversion as cv
from .. import references as refs
from .. import rulebook as rb
from ..figures._inplace import publish_state
from ..figures.conversion_figures import spread_figure, spread_lines
from ..markup import element, join
from ..units import fmt_dose, fmt_route
from ._base import STYLE, Panel, css, dropdown, html, int_box, lines_html, text_box

TEXT = {
    "drug": "Opioid now",
    "route": "Route now",
    "dose": "Total over 24 h now (with unit, e.g. 200 mg/day or 25 mcg/h)",
    "nrs": "Pain score now (NRS 0-10)",
    "reduction": "Cut for incomplete cross-tolerance",
    "target_drug": "Change to opioid",
    "target_route": "Change to route",
    "table": "Conversion table",
    "surveillance": "MME surveillance (not for rotation)",
    "reduction_rule": "{name}: {low}-{high}%",  # the source is cited under the steps
    "reduction_none": "none (0%)",
    "reduction_default": "workbook default: {controlled} if pain is controlled (NRS 0-{top}), "
    "{uncontrolled} after titration if not",
    "step_reduce_default": "pain NRS {nrs} is {state}: the workbook's cut is {span} ({source})",
    "controlled": "controlled",
    "uncontrolled": "not controlled",
    "heading_result": "Result",
    "heading_steps": "Steps",
    "heading_sources": "Sources",
    "heading_spread": "The same conversion of the dose you entered under every table "
    "(before titration and the cross-tolerance cut)",
    "result": "{dose}",
    "step_ome": "1. Oral morphine equivalent:",
    "step_titrate": "2. Titration for the pain score:",
    "step_reduce": "3. Cut for incomplete cross-tolerance:",
    "step_reduce_none": "no cut chosen",
    "step_convert": "4. Convert to the new drug and route:",
    "no_surveillance": "No MME surveillance table can make this conversion: they give oral "
    "morphine equivalents only (one way, to morphine oral), and only for the drugs and routes "
    "they list.",
}

NONE = "none"
DEFAULT = {
    "drug": "morphine", "route": "oral", "dose": "200 mg/day", "nrs": 6,
    "reduction": "default", "target_drug": "hydromorphone", "target_route": "subcutaneous",
    "table": "tang-2025",
}
DEFAULT_CUT = "default"
# every cross-tolerance row of the rule set a learner may pick (the workbook's default first)
REDUCTION_SETS = ("fine-portenoy-2009", "nhhpco-uncontrolled", "tang-2025", "nccn")


def _route_options() -> list[tuple[str, str]]:
    return [(fmt_route(r), r) for r in refs.ROUTES]


def _table_options() -> list[tuple[str, str]]:
    """Tables a learner may convert with: rotation tables and the case's own; never the
    surveillance (MME) or one-way label tables."""
    out = []
    for name, t in sorted(refs.factor_tables().items()):
        if t.purpose in ("rotation", "case"):
            # the table's name only: its full title is cited under the steps, and the long
            # label was cut off in the box at 125-150% zoom
            out.append((name, name))
    return out


def _reduction_options() -> list[tuple[str, str]]:
    controlled = rb.default("cut_pain_controlled").rule
    uncontrolled = rb.default("cut_pain_uncontrolled").rule
    top = int(rb.default_rule("pain_uncontrolled_from").low) - 1
    out = [(TEXT["reduction_default"].format(controlled=rb.span(controlled), top=top,
                                             uncontrolled=rb.span(uncontrolled)), DEFAULT_CUT)]
    for name in REDUCTION_SETS:
        r = refs.rule("cross_tolerance_reduction", name)
        out.append((TEXT["reduction_rule"].format(name=name, low=f"{r.low * 100:g}",
                                                  high=f"{r.high * 100:g}"), name))
    out.append((TEXT["reduction_none"], NONE))
    return out


@dataclass(frozen=True)
class ConverterResult:
    """Everything the panel shows: each step's result, the spread, and the text lines."""

    ome: cv.DoseResult
    titrated: cv.DoseResult
    reduced: cv.DoseResult | None
    converted: cv.DoseResult
    spread: tuple[cv.DoseResult, ...]
    chosen: str
    show_surveillance: bool
    cut_note: tuple[str, ...] = ()

    @property
    def answer(self) -> str:
        c = self.converted
        return fmt_dose(c.range, c.drug, c.route, tall_man=True)

    @property
    def steps(self) -> tuple[str, ...]:
        lines = [TEXT["step_ome"], *self.ome.steps, TEXT["step_titrate"], *self.titrated.steps,
                 TEXT["step_reduce"]]
        lines += list(self.cut_note)
        lines += list(self.reduced.steps) if self.reduced else [TEXT["step_reduce_none"]]
        lines += [TEXT["step_convert"], *self.converted.steps[-1:]]
        return tuple(lines)

    @property
    def sources(self) -> tuple[str, ...]:
        parts = [self.ome, self.titrated, self.converted] + ([self.reduced] if self.reduced
                                                              else [])
        return tuple(dict.fromkeys(s.cite() for p in parts for s in p.sources))

    def lines(self) -> tuple[str, ...]:
        spread = spread_lines(self.spread, self.chosen)
        extra = ()
        if self.show_surveillance and not any(
            refs.factor_tables()[r.table].purpose == "surveillance" for r in self.spread
        ):
            extra = (TEXT["no_surveillance"],)
        return ((f"{TEXT['heading_result']}: {self.answer}",) + self.steps
                + (f"{TEXT['heading_spread']}:",) + spread + extra)


class ConverterPanel(Panel):
    """Pick drug, route, 24 h dose, NRS, cross-tolerance cut, target and table; read each step
    with units and sources, and the spread chart across tables."""

    hook = "an-converter"

    def __init__(self, **values) -> None:
        super().__init__()
        v = {**DEFAULT, **values}
        drugs = list(refs.DRUGS)
        self.drug = dropdown(TEXT["drug"], drugs, v["drug"], "an-converter-drug")
        self.route = dropdown(TEXT["route"], _route_options(), v["route"], "an-converter-route")
        self.dose = text_box(TEXT["dose"], v["dose"], "an-converter-dose", "200 mg/day")
        self.nrs = int_box(TEXT["nrs"], v["nrs"], 0, 10, "an-converter-nrs")
        self.reduction = dropdown(TEXT["reduction"], _reduction_options(), v["reduction"],
                                  "an-converter-reduction")
        self.target_drug = dropdown(TEXT["target_drug"], drugs, v["target_drug"],
                                    "an-converter-target-drug")
        self.target_route = dropdown(TEXT["target_route"], _route_options(), v["target_route"],
                                     "an-converter-target-route")
        self.table = dropdown(TEXT["table"], _table_options(), v["table"], "an-converter-table")
        self.surveillance = css(w.Checkbox(value=False, description=TEXT["surveillance"],
                                           style=STYLE, indent=False),
                                "an-input", "an-converter-surveillance")
        self.result_html = html("", "an-converter-result")
        self.steps_html = html("", "an-converter-steps")
        self.sources_html = html("", "an-converter-sources")
        self.figure = css(go.FigureWidget(spread_figure([])), "an-converter-spread")
        self.controls = (self.drug, self.route, self.dose, self.nrs, self.reduction,
                         self.target_drug, self.target_route, self.table, self.surveillance)
        self.widget = self.box(
            *self.controls, self.message,  # the disclaimer: once, in the page
            self.result_html, self.steps_html, self.sources_html, self.figure,
        )
        self.watch(*self.controls)
        self.update()

    def compute(self) -> ConverterResult:
        from_ = (self.drug.value, self.route.value)
        to = (self.target_drug.value, self.target_route.value)
        table = self.table.value
        ome = cv.ome(from_[0], from_[1], self.dose.value, table=table)
        titrated = cv.titrate(ome, int(self.nrs.value))
        reduced, note, cut = None, (), self.reduction.value
        if cut == DEFAULT_CUT:
            nrs = int(self.nrs.value)
            rule = rb.cut_for(nrs).rule
            cut = rule.rule_set
            note = (TEXT["step_reduce_default"].format(
                nrs=nrs, span=rb.span(rule), source=rule.origin.cite(),
                state=TEXT["controlled" if rb.pain_controlled(nrs) else "uncontrolled"]),)
        if cut != NONE:
            reduced = cv.reduce_for_cross_tolerance(titrated, cut)
        converted = cv.convert(reduced if reduced else titrated, ("morphine", "oral"), to,
                               table=table)
        spread = cv.convert_all(self.dose.value, from_, to,
                                include_surveillance=bool(self.surveillance.value))
        return ConverterResult(ome, titrated, reduced, converted, spread, table,
                               bool(self.surveillance.value), note)

    def show(self, result: ConverterResult) -> None:
        self.result_html.value = element("b", f"{TEXT['heading_result']}: {result.answer}")
        self.steps_html.value = join((element("b", TEXT["heading_steps"]),
                                      lines_html(result.steps)))
        self.sources_html.value = join((element("b", TEXT["heading_sources"]),
                                        lines_html(result.sources, "an-sources")))
        new = spread_figure(result.spread, chosen=result.chosen)
        with self.figure.batch_update():
            for old, fresh in zip(self.figure.data, new.data, strict=True):
                old.update(fresh.to_plotly_json(), overwrite=True)
            layout = new.layout.to_plotly_json()
            layout.pop("template", None)  # unchanged, and most of the layout's size
            self.figure.layout.update(layout, overwrite=True)
        publish_state(self.figure)

    def lines(self) -> tuple[str, ...]:
        """What the panel shows, as text: the message if the last input was bad, then the
        last good result."""
        head = (f"message: {self.error}",) if self.error else ()
        return head + (self.result.lines() if self.result else ())


__all__ = ["ConverterPanel", "ConverterResult"]
