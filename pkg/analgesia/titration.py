"""Titration: raising a 24 h dose for the pain score, and the day-by-day PCA log.

:func:`titrate` raises a 24 h dose by the increment for the pain score (data/titration_rules.csv;
NCCN as reproduced: NRS 4-6 +25-50%, 7-10 +50-100%, 0-3 continue): dose x (1 + increase).

The log and its adjustment rule:

Each day: boluses given (a count, or a range such as 1-2 where the paper gives one), pain score
(NRS 0-10, or not recorded), breakthrough episodes. The log gives per day the total delivered
(background x 24 h + bolus x boluses) in mg and mL, the reservoir level at the end of the day,
and a suggested change by the rule:

- more than 3-4 boluses (rescues) a day -> raise the background (NCCN as reproduced,
  ``rescue_count_to_raise_baseline`` in data/rules.csv) by the day's bolus total / 24 h
  (Lin 2022: the new 24 h dose = the previous 24 h total including boluses);
- NRS >= 4 with few boluses -> check the technique and assess the pain
  (``uncontrolled_pain_nrs`` in data/pca_safety_rules.csv);
- otherwise keep the settings.

Teaching, not prescribing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pint

from . import bounds, rulebook, words
from . import references as refs
from .conversion import DoseResult
from .pump import DailyTotal, PcaSettings, Reservoir
from .safety import safety_rule
from .units import DoseRange, InputError, Q, as_range, fmt, fmt_drug, fmt_percent, fmt_route

# Everything a learner reads from this module.
TEXT = words.catalogue("titration", {
    "titrate_band": "NRS {nrs} is in the band {low}-{high} ({rule_set}): {action}",
    "titrate": "{dose} x (1 + {inc}) = {result}",
    "titrated": "titrated dose (NRS {nrs})",
    "rule_sets": "one of {sets}",
    "not_covered": "a pain score the rule set '{rule_set}' covers ({covered})",
    "consider": "consider raising the background: {n_boluses} is at the edge of the {low}-{high} "
    "a day limit. If raised: day total {total} / 24 h = {new}.",
    "assess": "check technique and assess: NRS {nrs} with only {n_boluses}. Can the patient "
    "reach and press the button? Are the subcut site and line working? New or different pain?",
    "keep": "keep the settings: {n_boluses}, {nrs_text}.",
    "nrs_text": "NRS {nrs}",
    "nrs_unknown": "NRS not recorded",
    "empty": "reservoir runs out during this day (short by {short}): replace it before then.",
    "day_line": "day {day}: {n_boluses}, {total} ({volume}); reservoir left {left}; {action}",
    "start": "reservoir at the start: {volume} ({amount} {drug} at {conc}); daily totals are "
    "{drug} {route} per day",
    "new_background": "{background} + {bolus_total} / 24 h = {new}",
    "bolus_one": "{n} bolus",
    "bolus_many": "{n} boluses",
    "settings": "PcaSettings",
    "reservoir": "a Reservoir",
    "days": "a list of days (TitrationDay objects)",
    "days_none": "at least one day",
    "days_order": "each day once, in ascending order",
    "count_or_range": "a count such as 3, or a range such as 1-2",
    "lower_first": "a range with the lower count first, such as 1-2",
    "line_of_text": "a line of text",
    "nrs_allowed": "a pain score from 0 to {high}, or blank (not recorded)",
    "day_fields": "a day with the fields day, boluses, nrs, breakthrough, note",
    "day_objects": "TitrationDay objects",
    "one_of": "one of {items}",
    "day_boluses": "day {day} boluses",
    "day_nrs": "day {day} NRS",
    "day_breakthrough": "day {day} breakthrough",
    "col_day": "day",
    "col_boluses": "boluses",
    "col_nrs": "NRS",
    "col_breakthrough": "breakthrough",
    "col_total_mg": "total (mg)",
    "col_total_ml": "total (mL)",
    "col_left": "reservoir left",
    "col_change": "suggested change",
    "action.raise": "raise",
    "action.consider": "consider",
    "action.assess": "assess",
    "action.keep": "keep",
})

ACTIONS = ("raise", "consider", "assess", "keep")


def titrate(dose: Any, nrs: int, rule_set: str = "nccn") -> DoseResult:
    """Raise a 24 h dose by the increment for the pain score: low x (1 + smallest increase),
    high x (1 + largest increase), the band of ``rule_set`` in data/titration_rules.csv
    (NCCN as reproduced: NRS 4-6 +25-50%; 7-10 +50-100%; 0-3 continue)."""
    nrs = bounds.count(nrs, "nrs", field="nrs", text=False)
    sets = sorted({r["rule_set"] for r in refs.load("titration_rules")})
    if not isinstance(rule_set, str) or rule_set not in sets:
        raise InputError("rule_set", rule_set, TEXT("rule_sets", sets=", ".join(sets)),
                         label="rule set")
    rows = [r for r in refs.load("titration_rules") if r["rule_set"] == rule_set]
    band = next((r for r in rows if r["nrs_low"] <= nrs <= r["nrs_high"]), None)
    if band is None:  # a rule set that covers only some scores (tang-2025: the case's own)
        covered = ", ".join(f"{r['nrs_low']}-{r['nrs_high']}" for r in rows)
        raise InputError("nrs", nrs, TEXT("not_covered", rule_set=rule_set, covered=covered),
                         label="pain score (NRS)")
    r = as_range(dose, "mg/day", field="dose")
    lo = (r.low * (1 + band["increase_low"])).to(r.units)
    hi = (r.high * (1 + band["increase_high"])).to(r.units)
    steps = [TEXT["titrate_band"].format(nrs=nrs, low=band["nrs_low"], high=band["nrs_high"],
                                         rule_set=rule_set, action=band["action"])]
    steps.append(TEXT["titrate"].format(dose=fmt(r.low), inc=fmt_percent(band["increase_low"]),
                                        result=fmt(lo)))
    if not (r.is_point and band["increase_low"] == band["increase_high"]):
        steps.append(TEXT["titrate"].format(dose=fmt(r.high),
                                            inc=fmt_percent(band["increase_high"]),
                                            result=fmt(hi)))
    src = refs.Source(band["source"], band["year"], band["url"], band["status"], band["note"])
    return DoseResult(lo, hi, tuple(steps), table=rule_set, sources=(src,),
                      what=TEXT("titrated", nrs=nrs))




def _count(value: Any, field: str, kind: str = "boluses_per_day") -> int:
    """A whole number within data/input_bounds.csv (``kind``); text by the dose grammar."""
    return bounds.count(value, kind, field=field, label=field)


def _count_range(value: Any, field: str) -> tuple[int, int]:
    """3, "3", (1, 2) or "1-2" -> (low, high)."""
    if isinstance(value, str) and "-" in value.strip()[1:]:
        parts = value.split("-")
        if len(parts) != 2:
            raise InputError(field, value, TEXT["count_or_range"])
        value = (parts[0], parts[1])
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InputError(field, value, TEXT["count_or_range"])
        low = _count(value[0], field)
        high = _count(value[1], field)
        if low > high:
            raise InputError(field, value, TEXT["lower_first"])
        return low, high
    n = _count(value, field)
    return n, n


def _nrs(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _count(value, "nrs", "nrs")


@dataclass(frozen=True)
class TitrationDay:
    """One day of PCA: ``TitrationDay(day=1, boluses=3)``, ``TitrationDay(3, "1-2", nrs=3)``.

    ``boluses``: PCA doses delivered (count, or a range where only a range is known);
    ``nrs``: pain score 0-10 or None (not recorded); ``breakthrough``: breakthrough pain
    episodes or None (not recorded; may differ from boluses, as on the case's day 2).
    """

    day: int
    boluses: Any = 0
    nrs: Any = None
    breakthrough: Any = None
    note: str = ""

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "day", _count(self.day, "day", "days"))
        if not isinstance(self.note, str):
            raise InputError("note", self.note, TEXT["line_of_text"])
        low, high = _count_range(self.boluses, TEXT("day_boluses", day=self.day))
        set_(self, "boluses", low if low == high else (low, high))
        try:
            set_(self, "nrs", _nrs(self.nrs))
        except InputError as exc:
            # the grammar's advice (write decimals with a point, ...) is kept beside the range
            top = _n(bounds.bound("nrs").high)
            why = "" if f"from 0 to {top}" in exc.allowed else f"({exc.allowed})"
            raise InputError(TEXT("day_nrs", day=self.day), self.nrs, TEXT("nrs_allowed", high=top),
                             why) from exc
        if self.breakthrough is not None:
            set_(self, "breakthrough", _count(self.breakthrough,
                                                  TEXT("day_breakthrough", day=self.day)))

    @property
    def boluses_low(self) -> int:
        return self.boluses[0] if isinstance(self.boluses, tuple) else self.boluses

    @property
    def boluses_high(self) -> int:
        return self.boluses[1] if isinstance(self.boluses, tuple) else self.boluses

    @property
    def boluses_text(self) -> str:
        lo, hi = self.boluses_low, self.boluses_high
        return str(lo) if lo == hi else f"{lo}-{hi}"

    @property
    def boluses_words(self) -> str:
        """'1 bolus', '3 boluses', '1-2 boluses'."""
        one = self.boluses_low == self.boluses_high == 1
        return TEXT["bolus_one" if one else "bolus_many"].format(n=self.boluses_text)


@dataclass(frozen=True)
class DayResult:
    """One day of the log: totals (ranges when the bolus count is a range), reservoir, action."""

    day: TitrationDay
    totals: tuple[DailyTotal, DailyTotal]
    total: DoseRange
    volume: DoseRange
    reservoir_end: DoseRange
    empty: bool
    action: str
    suggestion: str
    new_background: pint.Quantity | None
    steps: tuple[str, ...]

    @property
    def line(self) -> str:
        return TEXT["day_line"].format(day=self.day.day, n_boluses=self.day.boluses_words,
                                       total=self.total.fmt(), volume=self.volume.fmt(),
                                       left=self.reservoir_end.fmt(), action=self.suggestion)


@dataclass(frozen=True)
class TitrationLog:
    """The whole stay: settings, reservoir and one :class:`DayResult` per day."""

    settings: PcaSettings
    reservoir: Reservoir
    days: tuple[DayResult, ...]
    source: str

    def lines(self) -> tuple[str, ...]:
        start = TEXT["start"].format(volume=fmt(self.reservoir.volume),
                                     amount=fmt(self.reservoir.drug_amount),
                                     conc=fmt(self.reservoir.concentration),
                                     drug=fmt_drug(self.settings.drug),
                                     route=fmt_route(self.settings.route))
        return (start, *(d.line for d in self.days))

    def day(self, number: int) -> DayResult:
        for d in self.days:
            if d.day.day == number:
                return d
        raise InputError("day", number,
                         TEXT("one_of", items=", ".join(str(d.day.day) for d in self.days)))

    @property
    def empty_day(self) -> int | None:
        """First day on which the reservoir may run out (at the higher bolus count)."""
        for d in self.days:
            if d.empty:
                return d.day.day
        return None

    def frame(self):
        import pandas as pd

        return pd.DataFrame([{
            TEXT["col_day"]: d.day.day,
            TEXT["col_boluses"]: d.day.boluses_text,
            TEXT["col_nrs"]: "-" if d.day.nrs is None else d.day.nrs,
            TEXT["col_breakthrough"]: "-" if d.day.breakthrough is None else d.day.breakthrough,
            TEXT["col_total_mg"]: d.total.fmt(),
            TEXT["col_total_ml"]: d.volume.fmt(),
            TEXT["col_left"]: d.reservoir_end.fmt(),
            TEXT["col_change"]: TEXT[f"action.{d.action}"] if f"action.{d.action}" in TEXT
            else d.action,
        } for d in self.days]).set_index(TEXT["col_day"])


def _new_background(settings: PcaSettings, total: DailyTotal) -> pint.Quantity:
    return (settings.background + total.bolus_total / Q(24, "h")).to("mg/h")


def _inputs(settings: Any, days: Any, reservoir: Any) -> tuple[tuple[TitrationDay, ...],
                                                                Reservoir]:
    """The log's inputs checked; None: the case's days and reservoir (from analgesia.case)."""
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", type(settings).__name__, TEXT["settings"])
    if reservoir is None:
        from .case import case_reservoir  # the case sits above titration

        reservoir = case_reservoir()
    if not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, TEXT["reservoir"])
    if days is not None and (isinstance(days, str | bytes | dict) or not isinstance(
            days, Iterable)):
        raise InputError("days", days, TEXT["days"])
    if days is None:
        from .case import case_days

        days = case_days()
    days = tuple(_as_day(d) for d in days)
    if not days:
        raise InputError("days", "none", TEXT["days_none"])
    numbers = [d.day for d in days]
    if numbers != sorted(set(numbers)):
        raise InputError("days", numbers, TEXT["days_order"])
    return days, reservoir


@dataclass(frozen=True)
class _Rules:
    """The rows the log decides by: rescues that call for a higher background (NCCN), the
    uncontrolled-pain score (Lin 2021) and the workbook's bolus with a background."""

    rescue: refs.Rule
    pain: Any
    bolus: refs.Rule

    @classmethod
    def load(cls) -> _Rules:
        return cls(refs.rule("rescue_count_to_raise_baseline", "nccn"),
                   safety_rule("uncontrolled_pain_nrs", "lin-2021"),
                   rulebook.default_rule("bolus_with_background"))


def _action(d: TitrationDay, rules: _Rules) -> str:
    """raise (more boluses than the rule's upper count), consider (above its lower count),
    assess (few boluses but uncontrolled pain) or keep."""
    n = d.boluses_high
    if n > rules.rescue.high:
        return "raise"
    if n > rules.rescue.low:
        return "consider"
    if d.nrs is not None and rules.pain.low <= d.nrs <= rules.pain.high:
        return "assess"
    return "keep"


def _suggestion(d: TitrationDay, action: str, total: DailyTotal,
                new_bg: pint.Quantity | None, rules: _Rules) -> str:
    if action in ("raise", "consider"):
        hourly = new_bg * Q(1, "h")
        fields = dict(
            n_boluses=d.boluses_words, total=fmt(total.value), new=fmt(new_bg),
            bolus_span=rulebook.span(rules.bolus),
            bolus_low=fmt((hourly * rules.bolus.low).to("mg")),
            bolus_high=fmt((hourly * rules.bolus.high).to("mg")),
            bolus_source=rules.bolus.origin.source.split(".")[0],
            low=_n(rules.rescue.low), high=_n(rules.rescue.high))
        if action == "raise":  # carries a citation: kept with its source in data/
            return words.data_text("titration.raise", **fields)
        return TEXT("consider", **fields)
    if action == "assess":
        return TEXT("assess", nrs=d.nrs, n_boluses=d.boluses_words)
    nrs_text = TEXT["nrs_unknown"] if d.nrs is None else TEXT("nrs_text", nrs=d.nrs)
    return TEXT("keep", n_boluses=d.boluses_words, nrs_text=nrs_text)


def _day(d: TitrationDay, settings: PcaSettings, reservoir: Reservoir, used: DoseRange,
         rules: _Rules) -> DayResult:
    """One day: totals at the low and high bolus count, the reservoir left after the volume
    ``used`` before this day (low, high), the action and its suggestion."""
    t_low = settings.daily_total(d.boluses_low, reservoir)
    t_high = settings.daily_total(d.boluses_high, reservoir)
    start = reservoir.volume.to("mL")
    before_high = start - used.high
    left_high, left_low = before_high - t_high.volume, start - used.low - t_low.volume
    empty = left_high.magnitude < -1e-9
    action = _action(d, rules)
    new_bg = _new_background(settings, t_high) if action in ("raise", "consider") else None
    suggestion = _suggestion(d, action, t_high, new_bg, rules)
    steps = list(t_low.steps) if d.boluses_low == d.boluses_high else \
        [*t_low.steps, *t_high.steps]
    if new_bg is not None:
        steps.append(TEXT("new_background", background=fmt(settings.background),
                          bolus_total=fmt(t_high.bolus_total), new=fmt(new_bg)))
    if empty:
        short = -left_high if before_high.magnitude > 0 else t_high.volume
        suggestion = f"{suggestion} {TEXT('empty', short=fmt(short))}"
    return DayResult(d, (t_low, t_high), DoseRange(t_low.value, t_high.value),
                     DoseRange(t_low.volume, t_high.volume),
                     DoseRange(_clip(left_high), _clip(left_low)), empty, action, suggestion,
                     new_bg, tuple(steps))


def titration_log(settings: PcaSettings, days=None, reservoir: Reservoir | None = None
                  ) -> TitrationLog:
    """The day-by-day log. ``days``: TitrationDay objects (or dicts / tuples of their fields),
    ascending day numbers; default: the case's days 1-7. ``reservoir``: the PCA reservoir
    (default: the case's 100 mg in 200 mL).

    Each day: total = background x 24 h + bolus x boluses (mg and mL at the concentration);
    reservoir left = volume - every day's volume so far; the suggested change by the rule in
    the module docstring."""
    days, reservoir = _inputs(settings, days, reservoir)
    rules = _Rules.load()
    used = DoseRange(Q(0, "mL"), Q(0, "mL"))
    results = []
    for d in days:
        day = _day(d, settings, reservoir, used, rules)
        used = DoseRange(used.low + day.totals[0].volume, used.high + day.totals[1].volume)
        results.append(day)
    return TitrationLog(settings, reservoir, tuple(results), rules.rescue.origin.cite())


def _n(x: float) -> str:
    x = round(float(x), 9)
    return str(int(x)) if x.is_integer() else str(x)


def _clip(volume: pint.Quantity) -> pint.Quantity:
    return volume if volume.magnitude > 0 else Q(0, "mL")


def _as_day(value: Any) -> TitrationDay:
    if isinstance(value, TitrationDay):
        return value
    try:
        if isinstance(value, dict):
            return TitrationDay(**value)
        if isinstance(value, tuple | list):
            return TitrationDay(*value)
    except TypeError:  # unknown or missing fields
        raise InputError("days", value, TEXT["day_fields"]) from None
    raise InputError("days", value, TEXT["day_objects"])


# --- the case's accessors live in analgesia.case; these names keep working here ----------------

_CASE_NAMES = ("case_reservoir", "case_settings", "case_days", "case_log")


def __getattr__(name: str):
    if name in _CASE_NAMES:
        from . import case

        return getattr(case, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ACTIONS", "DayResult", "TitrationDay", "TitrationLog", "titrate", "titration_log"]
