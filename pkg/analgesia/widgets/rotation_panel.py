"""Rotating from a subcutaneous HYDROmorphone pump to fentanyl patches: the rate by each table,
the cut for incomplete cross-tolerance, real patch strengths, what the patches deliver against
what they contain, and the overlap when the pump stops.

The chain is :mod:`analgesia.rotation`; the inputs and result are
:class:`analgesia.panels.rotation.RotationModel`'s; this module only shows them.
"""

from __future__ import annotations

import ipywidgets as w

from .. import bounds, words
from ..figures.rotation_figures import rotation_figure, update_rotation_figure
from ..markup import element, join
from ..panels.rotation import RotationModel, cut_options, strength_options, table_options

# moved to analgesia.rotation; imported from here before
from ..rotation import (  # noqa: F401
    LABEL,
    LABEL_OME_TABLE,
    LABEL_RULE_SET,
    TABLES,
    RotationResult,
    available_strengths,
    cut,
    patch_rate,
    products,
    rotation_plan,
    wear_time,
)
from ..units import fmt
from ._base import Panel, css, dropdown, html, int_box, lines_html, text_box

TEXT = words.catalogue("rotation_panel", {
    "dose": "Subcut HYDROmorphone per day (mg/day)",
    "table": "Conversion table",
    "reduction": "Cut for incomplete cross-tolerance",
    "strength": "Patch strength (mcg/h)",
    "patches": "Patches applied (each worn {hours})",
    "product": "Patch brand (for drug content)",
    "infusion": "Pump rate at the switch (mg/h)",
    "h_rate": "Patch rate",
    "h_cut": "After the cut",
    "h_patches": "Patches",
    "h_content": "Delivered against contained",
    "h_overlap": "Stopping the pump",
})

HEADINGS = (("rate", "h_rate"), ("cut", "h_cut"), ("patches", "h_patches"),
            ("content", "h_content"), ("overlap", "h_overlap"))


class RotationPanel(Panel):
    """Daily subcut HYDROmorphone -> fentanyl patch, by table, with cut, patches and overlap.

    Keyword arguments are :class:`~analgesia.panels.rotation.RotationModel` inputs (``dose``,
    ``table``, ``reduction``, ``strength``, ``patches``, ``product``, ``infusion``); the
    defaults are the case's.
    """

    hook = "an-rotation"

    def __init__(self, **inputs) -> None:
        super().__init__(RotationModel(**inputs))
        v = self.model.inputs
        patches = bounds.bound("patches")
        self.dose = text_box(TEXT["dose"], v["dose"], "an-rotation-dose")
        self.table = dropdown(TEXT["table"], table_options(), v["table"], "an-rotation-table")
        self.reduction = dropdown(TEXT["reduction"], cut_options(), v["reduction"],
                                  "an-rotation-reduction")
        self.strength = dropdown(TEXT["strength"], strength_options(), float(v["strength"]),
                                 "an-rotation-strength")
        self.patches = int_box(TEXT("patches", hours=fmt(wear_time())), v["patches"],
                               int(patches.low), int(patches.high), "an-rotation-patches")
        self.product = dropdown(TEXT["product"], list(products()), v["product"],
                                "an-rotation-product")
        self.infusion = text_box(TEXT["infusion"], v["infusion"], "an-rotation-infusion")
        self.output = html(hook="an-rotation-result")
        first = self.model.result
        if first is None:  # nothing to draw: say why, as the panel always has
            raise ValueError(self.model.error)
        self.figure = rotation_figure(first.all_rates, first.schedule, first.all_reduced,
                                      widget=True)
        # a column as wide as the panel: in a row Box the chart shrank to half the width
        self.figure_box = css(w.VBox([self.figure], layout=w.Layout(width="100%")),
                              "an-rotation-figure-box")
        self.bind(dose=self.dose, table=self.table, reduction=self.reduction,
                  strength=self.strength, patches=self.patches, product=self.product,
                  infusion=self.infusion)
        self.widget = self.box(self.dose, self.table, self.reduction, self.strength,
                               self.patches, self.product, self.infusion, self.message,
                               self.output, self.figure_box)
        self.refresh()

    @property
    def fig(self):
        """The chart (earlier name of :attr:`figure`)."""
        return self.figure

    def text_lines(self) -> tuple[str, ...]:
        """Earlier name of :meth:`lines`."""
        return self.lines()

    def show(self, result: RotationResult) -> None:
        parts = []
        for key, head in HEADINGS:
            parts += [element("b", TEXT[head]), lines_html(result.lines[key])]
        self.output.value = join(parts)
        if self.figure is not None:
            update_rotation_figure(self.figure, result.all_rates, result.schedule,
                                   result.all_reduced)


def __getattr__(name: str):
    if name == "DURATION":  # how long a patch is worn, now read from data/rules.csv
        return fmt(wear_time())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RotationPanel", "RotationResult", "patch_rate", "rotation_plan"]
