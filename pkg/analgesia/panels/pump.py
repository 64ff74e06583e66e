"""The pump panel's model: a reservoir and pump settings typed as a nurse would, in; the readout
in mg and mL and the safety findings (:func:`analgesia.safety.check_pca`), out.

The starting inputs are the case's (data/case_tang2025/printed_values.csv): 100 mg
HYDROmorphone in 100 mL (50 ampoules of 2 mg/2 mL) + 100 mL saline, the 13.5 mg/day the
settings came from, background 0.55 mg/h, bolus 0.65 mg, lockout 15 min, no hour limit, opioid
tolerant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pint

from .. import case, order_sheet, pump, safety, words
from ..units import fmt, fmt_route
from .model import PanelModel, blank

TEXT = words.catalogue("panels.pump", {
    "concentration": "concentration",
    "reservoir_volume": "reservoir",
    "life": "reservoir lasts (background only)",
    "level_danger": "DANGER",
    "level_warning": "CHECK",
    "level_info": "NOTE",
    "order_label": "the learner's own pump",
})


def level_word(level: str) -> str:
    """How a finding's level is shown: DANGER, CHECK, NOTE."""
    return TEXT[f"level_{level}"]


@dataclass(frozen=True)
class PumpResult:
    """What the pump's face shows: ``readout`` (drug, concentration, reservoir, then
    ``settings_lines``: background, bolus, lockout, hour limit, maximum per hour; then
    ``life_line`` when a background runs) and the safety ``findings``."""

    reservoir: pump.Reservoir
    settings: pump.PcaSettings
    findings: tuple[safety.Finding, ...]
    readout: tuple[str, ...]
    settings_lines: tuple[str, ...]
    life: pint.Quantity | None
    life_line: str | None

    def finding_lines(self) -> tuple[str, ...]:
        """Each finding with its level and code: "CHECK [no_hour_limit] ..."."""
        return tuple(f"{level_word(f.level)} [{f.code}] {f.text}" for f in self.findings)

    def lines(self) -> tuple[str, ...]:
        return (*self.readout, *self.finding_lines())


def _optional(value: Any) -> Any:
    return None if blank(value) else value


class PumpModel(PanelModel[PumpResult]):
    """Inputs (text with units unless said): ``drug_amount``, ``drug_volume``, ``diluent``,
    ``daily_dose`` (blank: background x 24 h), ``background``, ``bolus``, ``lockout``,
    ``hour_limit`` (blank: none), ``opioid_tolerant`` (True, False or None), ``egfr`` (blank:
    not known), ``who_presses`` ("patient" or "nurse"), ``drug``, ``route``."""

    def defaults(self) -> dict[str, Any]:
        pv = case.printed_values()
        ampoules = pv["ampoule_count"].high.magnitude
        return {
            "drug": "hydromorphone", "route": "subcutaneous",
            "drug_amount": fmt(pv["reservoir_drug"].high),
            "drug_volume": fmt(pv["ampoule_volume"].high * ampoules),
            "diluent": fmt(pv["reservoir_diluent"].high),
            "daily_dose": fmt(pv["background_basis_daily"].high),
            "background": fmt(pv["background"].high), "bolus": fmt(pv["bolus"].high),
            "lockout": fmt(pv["lockout"].high), "hour_limit": "", "opioid_tolerant": True,
            "egfr": "", "who_presses": "patient",
        }

    def compute(self) -> PumpResult:
        v = self.inputs
        reservoir = pump.Reservoir(drug=v["drug"], drug_amount=v["drug_amount"],
                                   drug_volume=v["drug_volume"], diluent_volume=v["diluent"])
        settings = pump.PcaSettings(background=v["background"], bolus=v["bolus"],
                                    lockout=v["lockout"], hour_limit=_optional(v["hour_limit"]),
                                    drug=v["drug"], route=v["route"])
        findings = safety.check_pca(settings, daily_dose=_optional(v["daily_dose"]),
                                    opioid_tolerant=v["opioid_tolerant"], reservoir=reservoir,
                                    egfr=_optional(v["egfr"]), who_presses=v["who_presses"])
        described = tuple(settings.describe(reservoir)[1:])
        life = life_line = None
        if settings.background.magnitude > 0:
            life = settings.reservoir_life(reservoir)
            life_line = f"{TEXT['life']}: {fmt(life, 1)} = {fmt(life.to('day'), 2)}"
        readout = (f"{v['drug']} {fmt_route(v['route'])}",
                   f"{TEXT['concentration']}: {reservoir.steps[0]}",
                   f"{TEXT['reservoir_volume']}: {fmt(reservoir.volume)}",
                   *described, *((life_line,) if life_line else ()))
        return PumpResult(reservoir, settings, tuple(findings), readout, described, life,
                          life_line)

    def order_html(self) -> str | None:
        """The order sheet for the last good settings (None before any)."""
        r = self.result
        if r is None:
            return None
        return order_sheet.order_sheet_html(r.settings, r.reservoir, TEXT["order_label"])


__all__ = ["PumpModel", "PumpResult", "level_word"]
