"""The titration log as a panel: boluses and NRS for days 1-7 in, daily totals, reservoir left,
the suggested change and a chart out. Logic lives in ``analgesia.titration``."""

from __future__ import annotations

import ipywidgets as w

from .. import titration
from ..figures.pump_figures import reservoir_figure, update_reservoir_figure
from ..figures.titration_figures import titration_figure, update_titration_figure
from ..markup import element, text
from ..pump import PcaSettings, Reservoir
from ..units import fmt
from ._base import Panel, css, html

TEXT = {
    "title": "PCA titration log: enter each day, read the totals and the suggested change",
    "day": "Day {day}",
    "boluses": "boluses given (count, e.g. 3 or 1-2)",
    "nrs": "pain score NRS 0-10 (blank = not recorded)",
    "settings": "Pump: background {background}, bolus {bolus}, lockout {lockout}; reservoir "
    "{volume} at {conc}",
    "table_head": ("day", "boluses", "NRS", "total (mg/day)", "total (mL)", "reservoir left",
                   "suggested change"),
}

ACTION_COLOURS = {"raise": "#b00020", "consider": "#8a4b00", "assess": "#8a4b00",
                  "keep": "#1b5e20"}


class TitrationPanel(Panel):
    """Days 1-7 of the case by default (printed boluses; NRS not recorded)."""

    hook = "an-titration"

    def __init__(self, settings: PcaSettings | None = None, reservoir: Reservoir | None = None,
                 days=None, figures: bool = True):
        super().__init__()
        self.settings = settings or titration.case_settings()
        self.reservoir = reservoir or titration.case_reservoir()
        start = tuple(days) if days is not None else titration.case_days()
        self.boluses: list[w.Text] = []
        self.nrs: list[w.Text] = []
        rows = []
        for d in start:
            b = css(w.Text(value=d.boluses_text, description=TEXT["day"].format(day=d.day)
                           + ": " + TEXT["boluses"], style={"description_width": "initial"},
                           continuous_update=False,
                           layout=w.Layout(width="auto", flex_flow="row wrap")),
                    "an-input", f"an-titration-boluses-{d.day}")
            n = css(w.Text(value="" if d.nrs is None else str(d.nrs),
                           description=TEXT["nrs"], style={"description_width": "initial"},
                           continuous_update=False,
                           layout=w.Layout(width="auto", flex_flow="row wrap")),
                    "an-input", f"an-titration-nrs-{d.day}")
            self.boluses.append(b)
            self.nrs.append(n)
            rows.append(w.HBox([b, n], layout=w.Layout(flex_flow="row wrap")))
        self.day_numbers = [d.day for d in start]
        self.breakthrough = [d.breakthrough for d in start]
        self.summary = html("", "an-titration-summary")
        self.table = html("", "an-titration-table")
        self.figure = titration_figure(titration.titration_log(
            self.settings, start, self.reservoir), widget=True) if figures else None
        self.reservoir_chart = reservoir_figure(titration.titration_log(
            self.settings, start, self.reservoir), widget=True) if figures else None
        charts = [c for c in (self.figure, self.reservoir_chart) if c is not None]
        self.widget = self.box(w.HTML(element("h4", TEXT["title"])), self.summary,
                               w.VBox(rows), self.message, self.table, *charts)
        self.watch(*self.boluses, *self.nrs)
        self.update()

    def compute(self) -> titration.TitrationLog:
        days = [titration.TitrationDay(day=k, boluses=b.value, nrs=n.value, breakthrough=bt)
                for k, b, n, bt in zip(self.day_numbers, self.boluses, self.nrs,
                                       self.breakthrough, strict=True)]
        return titration.titration_log(self.settings, days, self.reservoir)

    def show(self, log: titration.TitrationLog) -> None:
        s = self.settings
        self.summary.value = text(TEXT["settings"].format(
            background=fmt(s.background), bolus=fmt(s.bolus), lockout=fmt(s.lockout),
            volume=fmt(self.reservoir.volume), conc=fmt(self.reservoir.concentration)))
        cell = "padding:2px 6px"
        head = element("tr", *(element("th", h, style=cell) for h in TEXT["table_head"]))
        body = (element("tr", *(element("td", c, style=cell) for c in (
            d.day.day, d.day.boluses_text, "-" if d.day.nrs is None else d.day.nrs,
            d.total.fmt(), d.volume.fmt(), d.reservoir_end.fmt())),
            element("td", d.suggestion, style=f"{cell};color:{ACTION_COLOURS[d.action]}"))
            for d in log.days)
        self.table.value = element("table", head, *body, class_="an-titration-log")
        if self.figure is not None:
            update_titration_figure(self.figure, log)
        if self.reservoir_chart is not None:
            update_reservoir_figure(self.reservoir_chart, log)

    def lines(self) -> tuple[str, ...]:
        """The log as plain text (what the table shows)."""
        return () if self.result is None else self.result.lines()
