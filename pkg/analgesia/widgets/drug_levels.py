"""Drug levels as a panel: controls bound to :class:`analgesia.panels.drug_levels.DrugLevelModel`
(pump settings and a press schedule in; the pump's answers, the day totals and the levels out),
shown as a summary and the hydromorphone concentration curve (boluses, refused presses,
lockout windows, steady state, optional EC50 band) from ``analgesia.figures.pk_figures``.

Speed: the figure is a ``go.FigureWidget`` built once and redrawn in place with one
``batch_update``; the model caches what it can (see its module).
"""

from __future__ import annotations

import ipywidgets as w

from .. import words
from ..figures.pk_figures import concentration_figure, update_concentration_figure
from ..markup import element
from ..panels.drug_levels import (
    MODES,
    DrugLevelModel,
    DrugLevels,
    LevelSummary,
    case_day1_times,
    default_presses,
)
from ..pump import PcaSettings
from ._base import STYLE, WIDE, Panel, css, dropdown, float_slider, html, lines_html, text_box

TEXT = words.catalogue("drug_levels_panel", {
    "title": "Drug levels: HYDROmorphone from a PCA pump (typical patient, a teaching model)",
    "background": "background infusion (mg/h)",
    "bolus": "bolus, the PCA dose (mg)",
    "lockout": "lockout (min)",
    "hour_limit": "hour limit (mg/h, blank = none)",
    "hour_limit_placeholder": "blank = none",
    "absorption": "absorption half-life (min), an ASSUMPTION",
    "route": "route",
    "route_subcutaneous": "subcutaneous (subcut)",
    "route_intravenous": "intravenous (IV)",
    "mode": "press schedule",
    "mode_typed": "the press times typed below",
    "mode_whenever": "press whenever allowed",
    "mode_case": "the case's day 1: {n} presses",
    "presses": "press times (h after pump start, e.g. {example})",
    "duration": "time shown (h or day, at most {longest})",
    "ec50": "show the EC50 band: {ec50}",
})

HOOKS = {
    "background": "an-levels-background",
    "bolus": "an-levels-bolus",
    "lockout": "an-levels-lockout",
    "hour_limit": "an-levels-hour-limit",
    "absorption": "an-levels-absorption",
    "route": "an-levels-route",
    "mode": "an-levels-presses-mode",
    "presses": "an-levels-presses",
    "duration": "an-levels-duration",
    "ec50": "an-levels-ec50",
    "summary": "an-levels-summary",
    "figure": "an-levels-figure",
}
ROUTES = ("subcutaneous", "intravenous")


def __getattr__(name: str):
    if name == "CASE_DAY1_TIMES_H":  # the old constant, now read from data/teaching_text.csv
        return tuple(float(t.m_as("h")) for t in case_day1_times())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _controls(m: DrugLevelModel) -> dict[str, w.Widget]:
    """One control per model input, labelled with its unit and hooked for CSS and tests."""
    from .. import bounds
    from ..units import fmt

    i, (lo, hi) = m.inputs, m.absorption_range
    longest = fmt(bounds.high("duration").to("day"))
    modes = [(TEXT("mode_case", n=len(case_day1_times())) if k == "case"
              else TEXT[f"mode_{k}"], k) for k in MODES]
    return {
        "background": text_box(TEXT["background"], i["background"], HOOKS["background"]),
        "bolus": text_box(TEXT["bolus"], i["bolus"], HOOKS["bolus"]),
        "lockout": text_box(TEXT["lockout"], i["lockout"], HOOKS["lockout"]),
        "hour_limit": text_box(TEXT["hour_limit"], i["hour_limit"], HOOKS["hour_limit"],
                               placeholder=TEXT["hour_limit_placeholder"]),
        "route": dropdown(TEXT["route"], [(TEXT[f"route_{r}"], r) for r in ROUTES],
                          i["route"], HOOKS["route"]),
        "absorption": float_slider(TEXT["absorption"], i["absorption"], lo, hi, 1.0,
                                   HOOKS["absorption"], readout_format=".0f"),
        "mode": dropdown(TEXT["mode"], modes, i["mode"], HOOKS["mode"]),
        "presses": text_box(TEXT("presses", example=default_presses()), i["presses"],
                            HOOKS["presses"]),
        "duration": text_box(TEXT("duration", longest=longest), i["duration"],
                             HOOKS["duration"]),
        "ec50": css(w.Checkbox(value=i["ec50"], description=TEXT("ec50", ec50=m.ec50.name),
                               style=STYLE, layout=WIDE, indent=False), "an-input", HOOKS["ec50"]),
    }


class DrugLevelPanel(Panel):
    """The case's pump (0.55 mg/h, 0.65 mg, 15 min, subcut) and the default presses (1 h,
    1.1 h and 3 h), over 24 h. ``figure=False`` skips the plot (for quick tests)."""

    hook = "an-levels"

    def __init__(self, settings: PcaSettings | None = None, presses: str | None = None,
                 duration: str = "24 h", figure: bool = True):
        given = {"duration": duration} | ({} if presses is None else {"presses": presses})
        model = DrugLevelModel(settings, **given)
        if model.result is None:
            raise ValueError(model.error)  # bad constructor arguments: fail loudly, not blank
        super().__init__(model)
        controls = _controls(model)
        for name, control in controls.items():
            setattr(self, name, control)
        self.summary = html("", HOOKS["summary"])
        self.figure = None
        self.show(model.result)  # the first result, computed once, before the chart exists
        if figure:
            r = model.result
            self.figure = css(concentration_figure(r.levels, r.log, r.ec50, widget=True),
                              HOOKS["figure"])
        self.bind(**controls)
        self.widget = self.box(w.HTML(element("h4", TEXT["title"])), *controls.values(),
                               self.message, self.summary,
                               *([self.figure] if self.figure is not None else []))

    def show(self, result: DrugLevels) -> None:
        self.absorption.disabled = result.settings.route == "intravenous"
        self.summary.value = lines_html(self.lines(), "an-levels-lines")
        if self.figure is not None:
            update_concentration_figure(self.figure, result.levels, result.log, result.ec50)


__all__ = ["DrugLevelPanel", "DrugLevelModel", "DrugLevels",
           "LevelSummary", "TEXT"]
