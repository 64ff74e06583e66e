"""The titration log as a panel: boluses and NRS for days 1-7 in, daily totals, reservoir left,
the suggested change and a chart out. Logic lives in ``analgesia.titration``."""

from __future__ import annotations

import ipywidgets as w

from .. import titration, words
from ..figures.pump_figures import reservoir_figure, update_reservoir_figure
from ..figures.titration_figures import titration_figure, update_titration_figure
from ..markup import element, text
from ..panels.titration import TitrationModel
from ..pump import PcaSettings, Reservoir
from ..units import fmt
from ._base import Panel, css, html

TEXT = words.catalogue("titration_panel", {
    "title": "PCA titration log: enter each day, read the totals and the suggested change",
    "day": "Day {day}",
    "boluses": "boluses given (count, e.g. 3 or 1-2)",
    "nrs": "pain score NRS 0-10 (blank = not recorded)",
    "settings": "Pump: background {background}, bolus {bolus}, lockout {lockout}; reservoir "
    "{volume} at {conc}",
    "head_day": "day",
    "head_boluses": "boluses",
    "head_nrs": "NRS",
    "head_total": "total (mg/day)",
    "head_volume": "total (mL)",
    "head_left": "reservoir left",
    "head_change": "suggested change",
    "not_recorded": "-",
})

HEADS = ("head_day", "head_boluses", "head_nrs", "head_total", "head_volume", "head_left",
         "head_change")
ACTION_COLOURS = {"raise": "#b00020", "consider": "#8a4b00", "assess": "#8a4b00",
                  "keep": "#1b5e20"}
CELL = "padding:2px 6px"


def _day_box(label: str, value: str, hook: str) -> w.Text:
    return css(w.Text(value=value, description=label, style={"description_width": "initial"},
                      continuous_update=False,
                      layout=w.Layout(width="auto", flex_flow="row wrap")), "an-input", hook)


class TitrationPanel(Panel):
    """Days 1-7 of the case by default (printed boluses; NRS from Table 1 where it has a row).

    ``settings``, ``reservoir`` and ``days`` go to
    :class:`~analgesia.panels.titration.TitrationModel`; ``figures=False`` leaves the charts
    out.
    """

    hook = "an-titration"

    def __init__(self, settings: PcaSettings | None = None, reservoir: Reservoir | None = None,
                 days=None, figures: bool = True):
        super().__init__(TitrationModel(settings, reservoir, days))
        m = self.model
        self.settings, self.reservoir = m.settings, m.reservoir
        self.day_numbers = [d.day for d in m.days]
        self.boluses: list[w.Text] = []
        self.nrs: list[w.Text] = []
        rows = []
        for k in self.day_numbers:
            day = TEXT("day", day=k) + ": "
            b = _day_box(day + TEXT["boluses"], m.inputs[f"boluses_{k}"],
                         f"an-titration-boluses-{k}")
            n = _day_box(TEXT["nrs"], m.inputs[f"nrs_{k}"], f"an-titration-nrs-{k}")
            self.boluses.append(b)
            self.nrs.append(n)
            self.bind(**{f"boluses_{k}": b, f"nrs_{k}": n})
            rows.append(w.HBox([b, n], layout=w.Layout(flex_flow="row wrap")))
        self.summary = html("", "an-titration-summary")
        self.table = html("", "an-titration-table")
        log = m.result if m.result is not None else titration.titration_log(
            m.settings, m.days, m.reservoir)
        self.figure = titration_figure(log, widget=True) if figures else None
        self.reservoir_chart = reservoir_figure(log, widget=True) if figures else None
        charts = [c for c in (self.figure, self.reservoir_chart) if c is not None]
        self.widget = self.box(w.HTML(element("h4", TEXT["title"])), self.summary,
                               w.VBox(rows), self.message, self.table, *charts)
        self.refresh()

    @property
    def breakthrough(self) -> list:
        return [d.breakthrough for d in self.model.days]

    def show(self, log: titration.TitrationLog) -> None:
        s, r = self.settings, self.reservoir
        self.summary.value = text(TEXT("settings", background=fmt(s.background),
                                       bolus=fmt(s.bolus), lockout=fmt(s.lockout),
                                       volume=fmt(r.volume), conc=fmt(r.concentration)))
        head = element("tr", *(element("th", TEXT[h], style=CELL) for h in HEADS))
        body = (element("tr", *(element("td", c, style=CELL) for c in (
            d.day.day, d.day.boluses_text,
            TEXT["not_recorded"] if d.day.nrs is None else d.day.nrs,
            d.total.fmt(), d.volume.fmt(), d.reservoir_end.fmt())),
            element("td", d.suggestion, style=f"{CELL};color:{ACTION_COLOURS[d.action]}"))
            for d in log.days)
        self.table.value = element("table", head, *body, class_="an-titration-log")
        if self.figure is not None:
            update_titration_figure(self.figure, log)
        if self.reservoir_chart is not None:
            update_reservoir_figure(self.reservoir_chart, log)


__all__ = ["TitrationPanel"]
