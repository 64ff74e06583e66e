"""A PCA pump "front panel": prepare the reservoir, program the pump, read mg and mL live, and
see the safety findings coloured by level.

Every number comes from the core (``pump``, ``safety``); this module only links widgets to it.
"""

from __future__ import annotations

import ipywidgets as w

from .. import case, words
from ..markup import BR, element, join
from ..panels.pump import PumpModel, PumpResult, level_word
from ..units import fmt_percent
from ._base import Panel, button, css, dropdown, html, text_box
from .order_view import order_view

TEXT = words.catalogue("pump_panel", {
    "title": "PCA pump: program it as the nurse would",
    "reservoir": "Reservoir",
    "settings": "Program",
    "drug_amount": "Drug in the reservoir (mg)",
    "drug_volume": "Volume of that drug (mL)",
    "diluent": "Diluent, {strength} sodium chloride (mL)",
    "daily_dose": "24 h dose the settings come from (mg/day; blank = background x 24 h)",
    "background": "Background (continuous) rate (mg/h)",
    "bolus": "Bolus, PCA dose (mg)",
    "lockout": "Lockout (min)",
    "hour_limit": "Hour limit (mg/h; blank = none set)",
    "tolerant": "Opioid tolerant?",
    "yes": "yes",
    "no": "no",
    "not_stated": "not stated",
    "egfr": "eGFR (mL/min/1.73 m2; blank = not known)",
    "who_presses": "Who presses the button?",
    "patient": "the patient",
    "nurse": "a nurse (clinician-activated)",
    "findings": "Safety check",
    "order": "Make the order sheet",
    "none": "none",
    "not_known": "not known",
})

COLOURS = {"danger": "#b00020", "warning": "#8a4b00", "info": "#1f4e79"}
DISPLAY_STYLE = ("background:#102a1c;color:#7CFC9A;font-family:monospace;padding:8px 10px;"
                 "border-radius:6px;border:3px solid #3a3a3a;line-height:1.5")
TEXT_INPUTS = ("drug_amount", "drug_volume", "diluent", "daily_dose", "background", "bolus",
               "lockout", "hour_limit", "egfr")
PLACEHOLDERS = {"hour_limit": "none", "egfr": "not_known"}


def _diluent_strength() -> str:
    return fmt_percent(case.printed_values()["diluent_strength"].high.to("dimensionless"))


class PumpPanel(Panel):
    """Reservoir + settings -> live mg/mL readout and safety findings.

    Keyword arguments are :class:`~analgesia.panels.pump.PumpModel` inputs; the defaults are
    the Tang 2025 case's.
    """

    hook = "an-pump"

    def __init__(self, **inputs) -> None:
        super().__init__(PumpModel(**inputs))
        v = self.model.inputs
        for name in TEXT_INPUTS:
            label = TEXT(name, strength=_diluent_strength()) if name == "diluent" else \
                TEXT[name]
            placeholder = TEXT[PLACEHOLDERS[name]] if name in PLACEHOLDERS else ""
            setattr(self, name, text_box(label, v[name], f"an-pump-{name.replace('_', '-')}",
                                         placeholder=placeholder))
        self.opioid_tolerant = dropdown(
            TEXT["tolerant"], [(TEXT["yes"], True), (TEXT["no"], False),
                               (TEXT["not_stated"], None)], v["opioid_tolerant"],
            "an-pump-tolerant")
        self.who_presses = dropdown(TEXT["who_presses"], [(TEXT["patient"], "patient"),
                                                          (TEXT["nurse"], "nurse")],
                                    v["who_presses"], "an-pump-who-presses")
        self.display = html("", "an-pump-display")
        self.findings_html = html("", "an-pump-findings")
        self.order_button = button(TEXT["order"], "an-pump-order-button")
        self.order = css(w.HTML(), "an-pump-order")
        self.order_button.on_click(lambda _b: self.show_order())
        self.widget = self.box(w.HTML(element("h4", TEXT["title"])), self._face(),
                               self.message, self.order_button, self.order)
        self.bind(**{name: getattr(self, name) for name in
                     (*TEXT_INPUTS, "opioid_tolerant", "who_presses")})
        self.refresh()

    def _face(self) -> w.Widget:
        left = w.VBox([w.HTML(element("b", TEXT["reservoir"])), self.drug_amount,
                       self.drug_volume, self.diluent,
                       w.HTML(element("b", TEXT["settings"])), self.daily_dose, self.background,
                       self.bolus, self.lockout, self.hour_limit, self.opioid_tolerant,
                       self.egfr, self.who_presses])
        right = w.VBox([self.display, w.HTML(element("b", TEXT["findings"])),
                        self.findings_html])
        # two columns side by side where they fit, one above the other where they do not
        # (at 150% zoom the inputs shrank to nothing beside the readout)
        left.layout = w.Layout(flex="1 1 24em", min_width="0")
        right.layout = w.Layout(flex="1 1 24em", max_width="560px", margin="0 0 0 12px")
        return css(w.HBox([left, right], layout=w.Layout(flex_flow="row wrap")),
                   "an-pump-face")

    @property
    def drug(self) -> str:
        return self.model.inputs["drug"]

    @property
    def route(self) -> str:
        return self.model.inputs["route"]

    @property
    def readout(self) -> tuple[str, ...]:
        """The readout of the last good settings (``result.readout``)."""
        return () if self.result is None else self.result.readout

    @property
    def findings(self):
        """The safety findings of the last good settings (``result.findings``)."""
        return () if self.result is None else self.result.findings

    def show(self, result: PumpResult) -> None:
        self.display.value = element("div", join(result.readout, BR), class_="an-pump-lcd",
                                     style=DISPLAY_STYLE)
        items = (element("li", element("b", level_word(f.level)), " ", f.text, BR,
                         element("small", f.source, style="color:#555"),
                         class_=f"an-finding an-finding-{f.level}",
                         style=f"color:{COLOURS[f.level]}")
                 for f in result.findings)
        self.findings_html.value = element("ul", *items,
                                           style="margin:0.2em 0;padding-left:1.2em")

    def order_html(self) -> str | None:
        """The order sheet for the last good settings (None before any)."""
        return self.model.order_html()

    def show_order(self) -> None:
        page = self.order_html()
        self.order.value = "" if page is None else order_view(page, hook="an-pump-order")


__all__ = ["PumpPanel", "PumpResult"]
