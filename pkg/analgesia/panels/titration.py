"""The titration panel's model: boluses and pain scores for each day in; the day-by-day log
(:func:`analgesia.titration.titration_log`) out.

Inputs are named by day: ``boluses_1`` ... ``boluses_7`` (a count or a range such as "1-2"),
``nrs_1`` ... (0-10, blank = not recorded). The starting days, settings and reservoir are the
case's (:func:`analgesia.titration.case_days`, ``case_settings``, ``case_reservoir``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import titration
from ..pump import PcaSettings, Reservoir
from ..units import InputError
from .model import PanelModel


def _days(days: Any) -> tuple[titration.TitrationDay, ...]:
    allowed = "a list of titration days (TitrationDay)"
    if isinstance(days, str | bytes) or not isinstance(days, Iterable):
        raise InputError("days", type(days).__name__, allowed)
    try:
        out = tuple(days)
    except TypeError:  # a scalar that claims to be iterable (a pint Quantity)
        raise InputError("days", type(days).__name__, allowed) from None
    if not out or not all(isinstance(d, titration.TitrationDay) for d in out):
        raise InputError("days", type(days).__name__, allowed)
    return out


class TitrationModel(PanelModel[titration.TitrationLog]):
    """Result: :class:`analgesia.titration.TitrationLog` (``result.day(3).line``,
    ``result.day(3).total``, ``result.day(3).suggestion``, ...)."""

    def __init__(self, settings: PcaSettings | None = None, reservoir: Reservoir | None = None,
                 days: Iterable[titration.TitrationDay] | None = None, **inputs: Any) -> None:
        self.settings = titration.case_settings() if settings is None else settings
        self.reservoir = titration.case_reservoir() if reservoir is None else reservoir
        self.days = titration.case_days() if days is None else _days(days)
        if not isinstance(self.settings, PcaSettings):
            raise InputError("settings", type(settings).__name__, "pump settings (PcaSettings)")
        if not isinstance(self.reservoir, Reservoir):
            raise InputError("reservoir", type(reservoir).__name__, "a Reservoir")
        super().__init__(**inputs)

    def defaults(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for d in self.days:
            out[f"boluses_{d.day}"] = d.boluses_text
            out[f"nrs_{d.day}"] = "" if d.nrs is None else str(d.nrs)
        return out

    def compute(self) -> titration.TitrationLog:
        v = self.inputs
        days = [titration.TitrationDay(day=d.day, boluses=v[f"boluses_{d.day}"],
                                       nrs=v[f"nrs_{d.day}"], breakthrough=d.breakthrough)
                for d in self.days]
        return titration.titration_log(self.settings, days, self.reservoir)

    def day_line(self, day: int) -> str:
        """The log's line for ``day`` (what the table's row says), from the last good log."""
        return self.result.day(day).line


__all__ = ["TitrationModel"]
