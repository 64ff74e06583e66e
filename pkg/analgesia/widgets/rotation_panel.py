"""Rotating from a subcutaneous HYDROmorphone pump to fentanyl patches: the rate by each table,
the cut for incomplete cross-tolerance, real patch strengths, what the patches deliver against
what they contain, and the overlap when the pump stops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import pint

from .. import conversion as cv
from .. import references as refs
from .. import transdermal as td
from ..figures.rotation_figures import (
    available_strengths,
    rotation_figure,
    update_rotation_figure,
)
from ..markup import element, join
from ..units import InputError, as_range, fmt, quantity
from ._base import Panel, css, dropdown, html, int_box, lines_html, text_box

TEXT = {
    "dose": "Subcut HYDROmorphone per day (mg/day)",
    "table": "Conversion table",
    "reduction": "Cut for incomplete cross-tolerance",
    "strength": "Patch strength (mcg/h)",
    "patches": "Patches applied (each worn 72 h)",
    "product": "Patch brand (for drug content)",
    "infusion": "Pump rate at the switch (mg/h)",
    "table_tang": "tang-2025: the paper's 3 mg/day subcut = 25 mcg/h",
    "table_nccn": "nccn: 20:1, then the 2:1 rule",
    "table_fpm": "fpm-2021: 15:1, then 3 (mg/day)/(mcg/h)",
    "table_label": "duragesic-label: 20:1, then the label's one-way bands",
    "cut_option": "{set}: {low}-{high}",
    "label_ome": "oral morphine for the label bands by the paper's 20:1",
    "label_no_cut": "no extra cut: the label's bands already include a margin ({set})",
    "h_rate": "Patch rate",
    "h_cut": "After the cut",
    "h_patches": "Patches",
    "h_content": "Delivered against contained",
    "h_overlap": "Stopping the pump",
    "combo": "rounded down to available strengths: {rate} -> {patches} = {total}",
    "delivered": "{n} x {strength} x 72 h = {amount} delivered (the dose)",
    "content": "{n} x {content} ({product}) = {total} in the patches (content, not dose)",
    "exact": "exact rate: {rate}",
}

TABLES = ("tang-2025", "nccn", "fpm-2021", "duragesic-label")
LABEL = "duragesic-label"
LABEL_OME_TABLE = "tang-2025"
LABEL_RULE_SET = "fentanyl-label"
DURATION = "72 h"

def _table_options() -> list[tuple[str, str]]:
    keys = {"tang-2025": "table_tang", "nccn": "table_nccn", "fpm-2021": "table_fpm",
            LABEL: "table_label"}
    return [(TEXT[keys[t]], t) for t in TABLES]

def _cut_options() -> list[tuple[str, str]]:
    out = []
    for r in refs.rules("cross_tolerance_reduction"):
        if r.rule_set == "methadone":
            continue
        out.append((TEXT["cut_option"].format(set=r.rule_set, low=f"{r.low * 100:g}%",
                                              high=f"{r.high * 100:g}%"), r.rule_set))
    return out

def _products() -> list[str]:
    return sorted({r["product"] for r in refs.load("fentanyl_patches")})

def patch_rate(dose: Any, table: str) -> cv.DoseResult:
    """Daily subcut HYDROmorphone -> patch rate by one table (label: OME by 20:1, then band)."""
    if table == LABEL:
        ome = cv.ome("hydromorphone", "subcutaneous", dose, table=LABEL_OME_TABLE)
        band = td.patch_from_ome(ome, table=LABEL)
        return cv.DoseResult(band.low, band.high, ome.steps + band.steps, "fentanyl",
                             "transdermal", LABEL, sources=ome.sources + band.sources,
                             what="fentanyl patch")
    return cv.convert(dose, ("hydromorphone", "subcutaneous"), ("fentanyl", "transdermal"),
                      table=table)

def cut(rate: cv.DoseResult, reduction: str) -> cv.DoseResult:
    """The cross-tolerance cut; the label's bands get none (they include it already)."""
    if rate.table == LABEL:
        out = cv.reduce_for_cross_tolerance(rate, LABEL_RULE_SET)
        return cv.DoseResult(out.low, out.high, (TEXT["label_no_cut"].format(
            set=LABEL_RULE_SET),), "fentanyl", "transdermal", LABEL, sources=out.sources,
            what=out.what)
    return cv.reduce_for_cross_tolerance(rate, reduction)

@dataclass(frozen=True)
class RotationResult:
    rate: cv.DoseResult
    reduced: cv.DoseResult
    count: cv.DoseResult
    combination_low: tuple[pint.Quantity, ...]
    combination_high: tuple[pint.Quantity, ...]
    delivered: pint.Quantity
    content: pint.Quantity
    schedule: tuple[td.OverlapStep, ...]
    all_rates: tuple[cv.DoseResult, ...]
    all_reduced: tuple[cv.DoseResult, ...]
    lines: dict[str, tuple[str, ...]]

def rotation_plan(dose: Any, table: str = "tang-2025", reduction: str = "tang-2025",
                  strength: Any = "25 mcg/h", patches: int = 5, product: str = "Duragesic",
                  infusion: Any = "0.55 mg/h") -> RotationResult:
    """Everything the panel shows, computed by the core; raises ValueError on bad input."""
    if table not in TABLES:
        raise InputError("table", table, "one of " + ", ".join(TABLES))
    daily = as_range(dose, "mg/day", field=TEXT["dose"])
    s = quantity(strength, "mcg/h", field=TEXT["strength"], maximum=100)
    rate = patch_rate(daily, table)
    reduced = cut(rate, reduction)
    spread = []
    for t in TABLES:
        try:  # another table may not cover this dose (label bands): leave it off the chart
            other = rate if t == table else patch_rate(daily, t)
        except InputError:
            continue
        spread.append((other, cut(other, reduction)))
    all_rates = tuple(a for a, _ in spread)
    all_reduced = tuple(b for _, b in spread)
    count = td.patch_count(reduced, s)
    combo_lo = td.patch_combination(reduced.low)
    combo_hi = td.patch_combination(reduced.high)
    delivered = td.delivered(s, DURATION, patches=patches)
    content = td.content(s, product=product) * patches
    schedule = td.overlap_schedule(infusion)

    def combo_line(x, combo):
        total = sum((c.magnitude for c in combo), 0.0)
        parts = " + ".join(fmt(c) for c in combo) or "none"
        return TEXT["combo"].format(rate=fmt(x), patches=parts, total=fmt(f"{total:g} mcg/h"))

    lines = {
        "rate": rate.steps + (TEXT["exact"].format(rate=rate.fmt()),),
        "cut": reduced.steps,
        "patches": count.steps + tuple(dict.fromkeys((combo_line(reduced.low, combo_lo),
                                                      combo_line(reduced.high, combo_hi)))),
        "content": (
            TEXT["delivered"].format(n=patches, strength=fmt(s), amount=fmt(delivered)),
            TEXT["content"].format(n=patches, content=fmt(content / patches), product=product,
                                   total=fmt(content)),
        ),
        "overlap": tuple(x.text for x in schedule),
    }
    return RotationResult(rate, reduced, count, combo_lo, combo_hi, delivered, content,
                          schedule, all_rates, all_reduced, lines)

class RotationPanel(Panel):
    """Daily subcut HYDROmorphone -> fentanyl patch, by table, with cut, patches and overlap."""

    hook = "an-rotation"

    def __init__(self, dose: str = "14 mg/day", table: str = "tang-2025",
                 reduction: str = "tang-2025", strength: float = 25, patches: int = 5,
                 product: str = "Duragesic", infusion: str = "0.55 mg/h"):
        super().__init__()
        strengths = available_strengths()
        self.dose = text_box(TEXT["dose"], dose, "an-rotation-dose")
        self.table = dropdown(TEXT["table"], _table_options(), table, "an-rotation-table")
        self.reduction = dropdown(TEXT["reduction"], _cut_options(), reduction,
                                  "an-rotation-reduction")
        self.strength = dropdown(TEXT["strength"], [(f"{s:g} mcg/h", s) for s in strengths],
                                 float(strength), "an-rotation-strength")
        self.patches = int_box(TEXT["patches"], patches, 1, 40, "an-rotation-patches")
        self.product = dropdown(TEXT["product"], _products(), product, "an-rotation-product")
        self.infusion = text_box(TEXT["infusion"], infusion, "an-rotation-infusion")
        self.output = html(hook="an-rotation-result")
        first = self.compute()
        # a column as wide as the panel: in a row Box the chart shrank to half the width
        self.figure = css(w.VBox(layout=w.Layout(width="100%")), "an-rotation-figure-box")
        import plotly.graph_objects as go

        self.fig = go.FigureWidget(rotation_figure(first.all_rates, first.schedule,
                                                   first.all_reduced, strengths))
        self.figure.children = (self.fig,)
        self.result = first
        self.show(first)
        self.watch(self.dose, self.table, self.reduction, self.strength, self.patches,
                   self.product, self.infusion)
        self.widget = self.box(self.dose, self.table, self.reduction, self.strength,
                               self.patches, self.product, self.infusion, self.message,
                               self.output, self.figure)

    def compute(self) -> RotationResult:
        return rotation_plan(self.dose.value, self.table.value, self.reduction.value,
                             f"{self.strength.value:g} mcg/h", int(self.patches.value),
                             self.product.value, self.infusion.value)

    def text_lines(self) -> tuple[str, ...]:
        """What the panel shows, as plain lines (for printing in a notebook)."""
        r = self.result
        out = []
        for key in ("rate", "cut", "patches", "content", "overlap"):
            out.extend(r.lines[key])
        return tuple(out)

    def show(self, result: RotationResult) -> None:
        parts = []
        for key, head in (("rate", "h_rate"), ("cut", "h_cut"), ("patches", "h_patches"),
                          ("content", "h_content"), ("overlap", "h_overlap")):
            parts += [element("b", TEXT[head]), lines_html(result.lines[key])]
        self.output.value = join(parts)
        fig = getattr(self, "fig", None)
        if fig is not None:
            update_rotation_figure(fig, result.all_rates, result.schedule, result.all_reduced)

__all__ = ["RotationPanel", "RotationResult", "patch_rate", "rotation_plan"]

