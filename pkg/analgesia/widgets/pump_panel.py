"""A PCA pump "front panel": prepare the reservoir, program the pump, read mg and mL live, and
see the safety findings coloured by level.

Every number comes from the core (``pump``, ``safety``); this module only links widgets to it.
"""

from __future__ import annotations

import ipywidgets as w

from .. import order_sheet, pump, safety
from ..markup import BR, element, join
from ..units import fmt, fmt_route
from ._base import Panel, button, css, dropdown, html, text_box
from .order_view import order_view

TEXT = {
    "title": "PCA pump: program it as the nurse would",
    "reservoir": "Reservoir",
    "settings": "Program",
    "drug_amount": "Drug in the reservoir (mg)",
    "drug_volume": "Volume of that drug (mL)",
    "diluent": "Diluent, 0.9% sodium chloride (mL)",
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
    "concentration": "concentration",
    "reservoir_volume": "reservoir",
    "life": "reservoir lasts (background only)",
    "findings": "Safety check",
    "levels": {"danger": "DANGER", "warning": "CHECK", "info": "NOTE"},
    "order": "Make the order sheet",
    "order_label": "the learner's own pump",
}

COLOURS = {"danger": "#b00020", "warning": "#8a4b00", "info": "#1f4e79"}
DISPLAY_STYLE = ("background:#102a1c;color:#7CFC9A;font-family:monospace;padding:8px 10px;"
                 "border-radius:6px;border:3px solid #3a3a3a;line-height:1.5")


def _blank(text: str) -> bool:
    return not str(text).strip()


class PumpPanel(Panel):
    """Reservoir + settings -> live mg/mL readout and safety findings.

    Defaults are the Tang 2025 case: 100 mg hydromorphone in 100 mL + 100 mL saline,
    background 0.55 mg/h, bolus 0.65 mg, lockout 15 min, no hour limit, opioid tolerant.
    """

    hook = "an-pump"

    def __init__(self, drug: str = "hydromorphone", route: str = "subcutaneous",
                 drug_amount: str = "100 mg", drug_volume: str = "100 mL",
                 diluent: str = "100 mL", daily_dose: str = "13.5 mg/day",
                 background: str = "0.55 mg/h", bolus: str = "0.65 mg", lockout: str = "15 min",
                 hour_limit: str = "", opioid_tolerant: bool | None = True,
                 egfr: str = "", who_presses: str = "patient"):
        super().__init__()
        self.drug, self.route = drug, route
        self.drug_amount = text_box(TEXT["drug_amount"], drug_amount, "an-pump-drug-amount")
        self.drug_volume = text_box(TEXT["drug_volume"], drug_volume, "an-pump-drug-volume")
        self.diluent = text_box(TEXT["diluent"], diluent, "an-pump-diluent")
        self.daily_dose = text_box(TEXT["daily_dose"], daily_dose, "an-pump-daily-dose")
        self.background = text_box(TEXT["background"], background, "an-pump-background")
        self.bolus = text_box(TEXT["bolus"], bolus, "an-pump-bolus")
        self.lockout = text_box(TEXT["lockout"], lockout, "an-pump-lockout")
        self.hour_limit = text_box(TEXT["hour_limit"], hour_limit, "an-pump-hour-limit",
                                   placeholder="none")
        self.opioid_tolerant = dropdown(
            TEXT["tolerant"], [(TEXT["yes"], True), (TEXT["no"], False),
                               (TEXT["not_stated"], None)], opioid_tolerant,
            "an-pump-tolerant")
        self.egfr = text_box(TEXT["egfr"], egfr, "an-pump-egfr", placeholder="not known")
        self.who_presses = dropdown(TEXT["who_presses"], [(TEXT["patient"], "patient"),
                                                          (TEXT["nurse"], "nurse")],
                                    who_presses, "an-pump-who-presses")
        self.display = html("", "an-pump-display")
        self.findings_html = html("", "an-pump-findings")
        controls = [self.drug_amount, self.drug_volume, self.diluent, self.daily_dose,
                    self.background, self.bolus, self.lockout, self.hour_limit,
                    self.opioid_tolerant, self.egfr, self.who_presses]
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
        self.order_button = button(TEXT["order"], "an-pump-order-button")
        self.order = css(w.HTML(), "an-pump-order")
        self.order_button.on_click(lambda _b: self.show_order())
        self.widget = self.box(w.HTML(element("h4", TEXT["title"])),
                               css(w.HBox([left, right], layout=w.Layout(flex_flow="row wrap")),
                                   "an-pump-face"), self.message,
                               self.order_button, self.order)
        self.readout: tuple[str, ...] = ()
        self.findings: tuple[safety.Finding, ...] = ()
        self.watch(*controls)
        self.update()

    # --- core calls --------------------------------------------------------------------------
    def compute(self):
        reservoir = pump.Reservoir(drug=self.drug, drug_amount=self.drug_amount.value,
                                   drug_volume=self.drug_volume.value,
                                   diluent_volume=self.diluent.value)
        limit = None if _blank(self.hour_limit.value) else self.hour_limit.value
        settings = pump.PcaSettings(background=self.background.value, bolus=self.bolus.value,
                                    lockout=self.lockout.value, hour_limit=limit,
                                    drug=self.drug, route=self.route)
        daily = None if _blank(self.daily_dose.value) else self.daily_dose.value
        findings = safety.check_pca(settings, daily_dose=daily,
                                    opioid_tolerant=self.opioid_tolerant.value,
                                    reservoir=reservoir,
                                    egfr=None if _blank(self.egfr.value) else self.egfr.value,
                                    who_presses=self.who_presses.value)
        lines = [f"{self.drug} {fmt_route(self.route)}",
                 f"{TEXT['concentration']}: {reservoir.steps[0]}",
                 f"{TEXT['reservoir_volume']}: {fmt(reservoir.volume)}",
                 *settings.describe(reservoir)[1:]]
        if settings.background.magnitude > 0:
            life = settings.reservoir_life(reservoir)
            lines.append(f"{TEXT['life']}: {fmt(life, 1)} = {fmt(life.to('day'), 2)}")
        return reservoir, settings, findings, tuple(lines)

    def show(self, result) -> None:
        _reservoir, _settings, findings, lines = result
        self.readout, self.findings = lines, findings
        self.display.value = element("div", join(lines, BR), class_="an-pump-lcd",
                                     style=DISPLAY_STYLE)
        items = (element("li", element("b", TEXT["levels"][f.level]), " ", f.text, BR,
                         element("small", f.source, style="color:#555"),
                         class_=f"an-finding an-finding-{f.level}",
                         style=f"color:{COLOURS[f.level]}")
                 for f in findings)
        self.findings_html.value = element("ul", *items,
                                           style="margin:0.2em 0;padding-left:1.2em")

    def order_html(self) -> str | None:
        """The order sheet for the last good settings (None before any)."""
        if self.result is None:
            return None
        reservoir, settings, _findings, _lines = self.result
        return order_sheet.order_sheet_html(settings, reservoir, TEXT["order_label"])

    def show_order(self) -> None:
        page = self.order_html()
        self.order.value = "" if page is None else order_view(page, hook="an-pump-order")

    def lines(self) -> tuple[str, ...]:
        """What the panel shows, as plain text: readout, then findings with their level."""
        return (*self.readout,
                *(f"{TEXT['levels'][f.level]} [{f.code}] {f.text}" for f in self.findings))
