"""The converter panel's model: a daily opioid dose, the pain score, the cut, the target and the
table in; every stage of the conversion chain (:func:`analgesia.conversion_chain.chain`:
equivalent -> titrate -> cut -> convert) and the same conversion under every table out.

The starting inputs are the case's (data/case_tang2025/printed_values.csv and patient.yaml):
200 mg/day oral morphine, NRS 6 on admission, to subcut HYDROmorphone by the paper's table,
with the workbook's cut for the pain score (data/teaching_defaults.csv).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import bounds, case, words
from .. import conversion as cv
from .. import conversion_chain as cc
from .. import references as refs
from .. import rulebook as rb
from ..units import fmt, fmt_dose, fmt_percent, fmt_route
from .model import PanelModel
from .spread import purpose, spread_lines

TEXT = words.catalogue("panels.converter", {
    "reduction_rule": "{name}: {low}-{high}%",  # the source is cited under the steps
    "reduction_none": "none ({zero})",
    "reduction_default": "workbook default: {controlled} if pain is controlled (NRS 0-{top}), "
    "{uncontrolled} after titration if not",
    "heading_result": "Result",
    "heading_spread": "The same conversion of the dose you entered under every table "
    "(before titration and the cross-tolerance cut)",
    "step_ome": "1. Oral morphine equivalent:",
    "step_titrate": "2. Titration for the pain score:",
    "step_reduce": "3. Cut for incomplete cross-tolerance:",
    "step_reduce_none": "no cut chosen",
    "step_convert": "4. Convert to the new drug and route:",
    "no_surveillance": "No MME surveillance table can make this conversion: they give oral "
    "morphine equivalents only (one way, to morphine oral), and only for the drugs and routes "
    "they list.",
    "message": "message: {error}",
})

NONE = "none"
DEFAULT_CUT = "default"
# every cross-tolerance row of the rule set a learner may pick (the workbook's default first)
REDUCTION_SETS = ("fine-portenoy-2009", "nhhpco-uncontrolled", "tang-2025", "nccn")
TITRATION = "nccn"  # the titration bands the case and the workbook use (data/titration_rules.csv)


def route_options() -> list[tuple[str, str]]:
    return [(fmt_route(r), r) for r in refs.ROUTES]


def table_options() -> list[tuple[str, str]]:
    """Tables a learner may convert with: rotation tables and the case's own; never the
    surveillance (MME) or one-way label tables."""
    # the table's name only: its full title is cited under the steps, and the long label was
    # cut off in the box at 125-150% zoom
    return [(name, name) for name, t in sorted(refs.factor_tables().items())
            if t.purpose in ("rotation", "case")]


def reduction_options() -> list[tuple[str, str]]:
    """The workbook's cut for the pain score, each named cut, and none."""
    controlled = rb.default("cut_pain_controlled").rule
    uncontrolled = rb.default("cut_pain_uncontrolled").rule
    top = int(rb.default_rule("pain_uncontrolled_from").low) - 1
    out = [(TEXT("reduction_default", controlled=rb.span(controlled), top=top,
                 uncontrolled=rb.span(uncontrolled)), DEFAULT_CUT)]
    for name in REDUCTION_SETS:
        r = refs.rule("cross_tolerance_reduction", name)
        out.append((TEXT("reduction_rule", name=name, low=f"{r.low * 100:g}",
                         high=f"{r.high * 100:g}"), name))
    out.append((TEXT("reduction_none", zero=fmt_percent(0)), NONE))
    return out


def dose_example() -> str:
    """A patch rate to show beside the daily dose in the dose box's label (the case's)."""
    return fmt(case.printed_values()["patch_strength"].high)


@dataclass(frozen=True)
class ConverterResult:
    """Everything the panel shows: the chain (``chain``; its stages also as ``ome``,
    ``titrated``, ``reduced``, ``converted``), the spread across tables, the text lines."""

    ome: cv.DoseResult
    titrated: cv.DoseResult
    reduced: cv.DoseResult | None
    converted: cv.DoseResult
    spread: tuple[cv.DoseResult, ...]
    chosen: str
    show_surveillance: bool
    cut_note: tuple[str, ...] = ()
    chain: cc.ChainResult | None = None

    @property
    def answer(self) -> str:
        """The converted dose with drug and route: '10-13.5 mg/day HYDROmorphone subcut'."""
        c = self.converted
        return fmt_dose(c.range, c.drug, c.route, tall_man=True)

    @property
    def steps(self) -> tuple[str, ...]:
        lines = [TEXT["step_ome"], *self.ome.steps, TEXT["step_titrate"], *self.titrated.steps,
                 TEXT["step_reduce"], *self.cut_note]
        lines += list(self.reduced.steps) if self.reduced else [TEXT["step_reduce_none"]]
        lines += [TEXT["step_convert"], *self.converted.steps[-1:]]
        return tuple(lines)

    @property
    def sources(self) -> tuple[str, ...]:
        parts = [self.ome, self.titrated, self.converted] + ([self.reduced] if self.reduced
                                                              else [])
        return tuple(dict.fromkeys(s.cite() for p in parts for s in p.sources))

    @property
    def result_line(self) -> str:
        return f"{TEXT['heading_result']}: {self.answer}"

    @property
    def spread_lines(self) -> tuple[str, ...]:
        """One line per table (the chart as text), then a note when the surveillance tables
        were asked for and none can make this conversion."""
        extra = ()
        if self.show_surveillance and not any(purpose(r.table) == "surveillance"
                                              for r in self.spread):
            extra = (TEXT["no_surveillance"],)
        return spread_lines(self.spread, self.chosen) + extra

    def lines(self) -> tuple[str, ...]:
        return ((self.result_line,) + self.steps + (f"{TEXT['heading_spread']}:",)
                + self.spread_lines)


def _cut(choice: Any) -> Any:
    if choice == DEFAULT_CUT:
        return cc.WORKBOOK_CUT
    return None if choice == NONE else choice


class ConverterModel(PanelModel[ConverterResult]):
    """Inputs: ``drug``, ``route``, ``dose`` (text, per 24 h), ``nrs`` (0-10), ``reduction``
    ("default", a rule set of REDUCTION_SETS, or "none"), ``target_drug``, ``target_route``,
    ``table``, ``surveillance`` (show MME tables in the spread)."""

    def defaults(self) -> dict[str, Any]:
        return {"drug": "morphine", "route": "oral",
                "dose": fmt(case.printed_values()["prior_ome"].high),
                "nrs": case.admission_nrs(), "reduction": DEFAULT_CUT,
                "target_drug": "hydromorphone", "target_route": "subcutaneous",
                "table": "tang-2025", "surveillance": False}

    def compute(self) -> ConverterResult:
        v = self.inputs
        from_, to = (v["drug"], v["route"]), (v["target_drug"], v["target_route"])
        nrs = bounds.count(v["nrs"], "nrs", field="nrs")
        chained = cc.chain([(*from_, v["dose"])], to, nrs=nrs, table=v["table"],
                           titration=TITRATION, cut=_cut(v["reduction"]))
        surveillance = bool(v["surveillance"])
        spread = cv.convert_all(v["dose"], from_, to, include_surveillance=surveillance)
        return ConverterResult(chained.equivalent, chained.titrated, chained.reduced,
                               chained.converted, spread, v["table"], surveillance,
                               chained.cut_note, chained)

    def lines(self) -> tuple[str, ...]:
        """The message if the last input was bad, then the last good result."""
        head = (TEXT("message", error=self.error),) if self.error else ()
        return head + super().lines()


__all__ = ["ConverterModel", "ConverterResult", "reduction_options", "route_options",
           "table_options"]
