"""The PCA pump: reservoir, settings, mg <-> mL, daily totals, reservoir life, rounding to a step.

Formulas (all plain arithmetic on the settings; sources in ``data/rules.csv``):

- concentration = drug amount / (drug volume + diluent volume)
- volume for a dose = dose / concentration
- daily total = background x 24 h + bolus x number of boluses given
- maximum per hour = background + bolus x floor(60 min / lockout), capped by the hour limit
  (pumps count background and PCA doses toward the limit)
- maintenance PCA from a daily parenteral dose (Lin 2022, JNCCN 20:1013): background = daily
  dose / 24 h; bolus = a fraction of the daily dose.
- reservoir life = reservoir volume / (background volume per hour + bolus volumes per hour)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pint

from . import bounds, rulebook, words
from .units import (
    MAX_DISPLAY,
    DoseRange,
    InputError,
    Q,
    _num,
    as_range,
    fmt,
    fmt_dose,
    fmt_percent,
)

# Everything a learner reads from this module.
TEXT = words.catalogue("pump", {
    "concentration": "{amount} in {drug_volume} drug + {diluent} diluent = {amount} / {total} "
    "= {conc}",
    "background": "background {rate} x 24 h = {total}",
    "boluses": "{n} {boluses} x {bolus} = {total}",
    "bolus_one": "bolus",
    "bolus_many": "boluses",
    "daily_sum": "daily total = {background} + {boluses} = {total}",
    "daily_volume": "{total} / {conc} = {volume}",
    "max_hour": "maximum per hour = {background} + {bolus} x floor(60 min / {lockout}) "
    "= {background} + {bolus} x {n} = {total}",
    "max_hour_capped": "capped by the hour limit {limit}: {total}",
    "plan_background": "background = {daily} / 24 h = {exact}",
    "plan_bolus": "bolus = {daily} x {fraction} = {exact}",
    "plan_round": "rounded down to the pump step {step} ({step_mg}): {exact} -> {rounded} "
    "({volume})",
    "plan_no_round": "no pump step given: not rounded",
    "one_in": "1/{n} ({pct})",
    "describe_drug": "drug: {drug} {route}",
    "describe_background": "background: {value}",
    "describe_bolus": "bolus (PCA dose): {value}",
    "describe_lockout": "lockout: {value}",
    "describe_limit": "hour limit: {value}",
    "describe_max": "maximum per hour: {value}",
    "none_set": "none set",
    "with_volume": "{dose} ({volume})",
    # what a caller passed that is not allowed
    "one_of": "one of {names}",
    "whole_number": "a whole number (not text), such as 3",
    "total_volume": "a total volume (drug + diluent) above 0 mL",
    "label_drug_volume": "drug volume",
    "label_diluent_volume": "diluent volume",
    "label_total_volume": "total volume (drug + diluent)",
    "label_concentration": "concentration (drug / total volume)",
    "label_hour_limit": "hour limit",
    "label_bolus_fraction": "bolus fraction of the 24 h dose",
    "not_negative": "0 or more",
    "dose_or_rate": "a dose in mg or a rate in mg/h",
    "volume_or_rate": "a volume in mL or a rate in mL/h",
    "at_least_background": "at least the background rate {background}",
    "at_most_reservoir": "at most the reservoir's {amount}",
    "above_zero": "a background or boluses above 0",
    "shown": "a value whose result is below {limit}",
    "reservoir_or_none": "a Reservoir or None",
    "step_mg_or_reservoir": "a step in mg, or a reservoir to convert mL",
    "step_unit": "a step in mL or mg, such as {example}",
    "step_too_large": "a step no larger than the {name} ({exact}), which would otherwise "
    "round to 0",
})

DRUGS_FOR_PCA = ("hydromorphone", "morphine", "oxycodone", "fentanyl", "sufentanil")
ROUTES_FOR_PCA = ("subcutaneous", "intravenous")
# Input bounds (background, bolus, lockout, hour limit, reservoir, boluses a day, ...) live in
# data/input_bounds.csv: see analgesia.bounds.


def _choice(value: Any, allowed: tuple[str, ...], field_name: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise InputError(field_name, value, TEXT("one_of", names=", ".join(allowed)))
    return value.strip().lower()


def _count(value: Any, field_name: str) -> int:
    """Boluses in a day: a whole number within data/input_bounds.csv (boluses_per_day)."""
    if isinstance(value, str):  # the API takes a count; a panel reads its box first
        raise InputError(field_name, value, TEXT["whole_number"])
    return bounds.count(value, "boluses_per_day", field=field_name)


@dataclass(frozen=True)
class Reservoir:
    """A PCA cassette or bag: drug amount in its own volume, plus diluent.

    ``Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="100 mL",
    diluent_volume="100 mL")`` has concentration 0.5 mg/mL and volume 200 mL.
    """

    drug: str
    drug_amount: Any
    drug_volume: Any
    diluent_volume: Any = "0 mL"

    def __post_init__(self):
        object.__setattr__(self, "drug", _choice(self.drug, DRUGS_FOR_PCA, "drug"))
        amount = bounds.check(self.drug_amount, "drug_amount")
        dv = bounds.check(self.drug_volume, "reservoir_volume", field="drug_volume",
                          label=TEXT["label_drug_volume"])
        dil = bounds.check(self.diluent_volume, "reservoir_volume", field="diluent_volume",
                           label=TEXT["label_diluent_volume"])
        total = (dv + dil).to("mL")
        if total.magnitude <= 0:
            raise InputError("drug_volume", dv, TEXT["total_volume"],
                             label=TEXT["label_drug_volume"])
        bounds.check(total, "reservoir_volume", field="diluent_volume",
                     label=TEXT["label_total_volume"])
        bounds.check((amount / total).to("mg/mL"), "concentration", field="drug_amount",
                     label=TEXT["label_concentration"])
        object.__setattr__(self, "drug_amount", amount)
        object.__setattr__(self, "drug_volume", dv)
        object.__setattr__(self, "diluent_volume", dil)

    @property
    def volume(self) -> pint.Quantity:
        return (self.drug_volume + self.diluent_volume).to("mL")

    @property
    def concentration(self) -> pint.Quantity:
        return (self.drug_amount / self.volume).to("mg/mL")

    @property
    def steps(self) -> tuple[str, ...]:
        return (
            TEXT("concentration",
                amount=fmt(self.drug_amount),
                drug_volume=fmt(self.drug_volume),
                diluent=fmt(self.diluent_volume),
                total=fmt(self.volume),
                conc=fmt(self.concentration),
            ),
        )

    def volume_of(self, dose: Any) -> pint.Quantity:
        """mL that hold ``dose`` (mg -> mL, or mg/h -> mL/h). The dose is not negative and the
        volume is a number that can be shown (``volume_of('1.8e308 mcg/h')`` is refused)."""
        q = Q(dose, field="dose")
        if q.magnitude < 0:
            raise InputError("dose", q, TEXT["not_negative"])
        if q.check("[mass]"):
            return _shown((q / self.concentration).to("mL"), q, "dose")
        if q.check("[mass]/[time]"):
            return _shown((q / self.concentration).to("mL/h"), q, "dose")
        raise InputError("dose", q, TEXT["dose_or_rate"])

    def amount_in(self, volume: Any) -> pint.Quantity:
        """mg held in ``volume`` (mL -> mg, or mL/h -> mg/h)."""
        q = Q(volume, field="volume")
        if q.magnitude < 0:
            raise InputError("volume", q, TEXT["not_negative"])
        if q.check("[volume]"):
            return _shown((q * self.concentration).to("mg"), q, "volume")
        if q.check("[volume]/[time]"):
            return _shown((q * self.concentration).to("mg/h"), q, "volume")
        raise InputError("volume", q, TEXT["volume_or_rate"])


@dataclass(frozen=True)
class DailyTotal:
    """What a pump delivers in a day: ``value`` in mg; ``volume`` in mL given a reservoir."""

    value: pint.Quantity
    background: pint.Quantity
    boluses: int
    bolus_total: pint.Quantity
    volume: pint.Quantity | None
    steps: tuple[str, ...]


@dataclass(frozen=True)
class PcaSettings:
    """Pump settings: background rate, bolus (PCA dose), lockout and optional hour limit.

    ``PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min", hour_limit=None)``
    """

    background: Any
    bolus: Any
    lockout: Any
    hour_limit: Any = None
    drug: str = "hydromorphone"
    route: str = "subcutaneous"

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "drug", _choice(self.drug, DRUGS_FOR_PCA, "drug"))
        set_(self, "route", _choice(self.route, ROUTES_FOR_PCA, "route"))
        set_(self, "background", bounds.check(self.background, "background"))
        set_(self, "bolus", bounds.check(self.bolus, "bolus"))
        set_(self, "lockout", bounds.check(self.lockout, "lockout"))
        if self.hour_limit is not None:
            limit = bounds.check(self.hour_limit, "hour_limit")
            if limit < self.background:
                raise InputError(
                    "hour_limit", limit, TEXT("at_least_background",
                                              background=fmt(self.background)),
                    label=TEXT["label_hour_limit"],
                )
            set_(self, "hour_limit", limit)

    @property
    def boluses_per_hour(self) -> int:
        """Most boluses the lockout lets through in one clock hour: floor(60 min / lockout)."""
        return math.floor(Q(60, "min") / self.lockout + 1e-9)

    @property
    def max_per_hour_uncapped(self) -> pint.Quantity:
        return (self.background + self.bolus * self.boluses_per_hour / Q(1, "h")).to("mg/h")

    @property
    def max_per_hour(self) -> pint.Quantity:
        """background + bolus x floor(60 / lockout), capped by the hour limit when set."""
        top = self.max_per_hour_uncapped
        if self.hour_limit is not None and self.hour_limit < top:
            return self.hour_limit
        return top

    @property
    def max_per_hour_steps(self) -> tuple[str, ...]:
        lines = [
            TEXT("max_hour",
                background=fmt(self.background),
                bolus=fmt(self.bolus),
                lockout=fmt(self.lockout),
                n=self.boluses_per_hour,
                total=fmt(self.max_per_hour_uncapped),
            )
        ]
        if self.hour_limit is not None and self.hour_limit < self.max_per_hour_uncapped:
            lines.append(
                TEXT("max_hour_capped",
                    limit=fmt(self.hour_limit), total=fmt(self.max_per_hour)
                )
            )
        return tuple(lines)

    def daily_total(self, boluses: int = 0, reservoir: Reservoir | None = None) -> DailyTotal:
        """background x 24 h + bolus x boluses (mg); mL too when ``reservoir`` is given."""
        n = _count(boluses, "boluses")
        bg = (self.background * Q(24, "h")).to("mg")
        bol = (self.bolus * n).to("mg")
        total = (bg + bol).to("mg")
        steps = [
            TEXT("background", rate=fmt(self.background), total=fmt(bg)),
            TEXT("boluses", n=n, boluses=TEXT["bolus_one" if n == 1 else "bolus_many"],
                 bolus=fmt(self.bolus), total=fmt(bol)),
            TEXT("daily_sum", background=fmt(bg), boluses=fmt(bol), total=fmt(total)),
        ]
        volume = None
        if reservoir is not None:
            if self.bolus > reservoir.drug_amount:
                raise InputError("bolus", self.bolus,
                                 TEXT("at_most_reservoir", amount=fmt(reservoir.drug_amount)))
            volume = reservoir.volume_of(total)
            steps.append(
                TEXT("daily_volume",
                    total=fmt(total), conc=fmt(reservoir.concentration), volume=fmt(volume)
                )
            )
        return DailyTotal(total, bg, n, bol, volume, tuple(steps))

    def reservoir_life(self, reservoir: Reservoir, boluses_per_day: int = 0) -> pint.Quantity:
        """Hours until the reservoir is empty at this background and bolus use."""
        n = _count(boluses_per_day, "boluses_per_day")
        per_day = self.background * Q(24, "h") + self.bolus * n
        if per_day.magnitude <= 0:
            raise InputError("background", self.background, TEXT["above_zero"])
        return (reservoir.drug_amount / per_day * Q(24, "h")).to("h")

    def describe(self, reservoir: Reservoir | None = None) -> tuple[str, ...]:
        """The settings as a nurse would read them, in mg and (with a reservoir) mL."""

        def both(q):
            if reservoir is None:
                return fmt(q)
            return TEXT("with_volume", dose=fmt(q), volume=fmt(reservoir.volume_of(q)))

        limit = TEXT["none_set"] if self.hour_limit is None else both(self.hour_limit)
        return (
            TEXT("describe_drug", drug=self.drug, route=self.route),
            TEXT("describe_background", value=both(self.background)),
            TEXT("describe_bolus", value=both(self.bolus)),
            TEXT("describe_lockout", value=fmt(self.lockout)),
            TEXT("describe_limit", value=limit),
            TEXT("describe_max", value=both(self.max_per_hour)),
        )


@dataclass(frozen=True)
class PcaPlan:
    """Pump settings derived from a daily parenteral dose, with the unrounded figures beside."""

    daily_dose: pint.Quantity
    bolus_fraction: float
    background_exact: pint.Quantity
    bolus_exact: pint.Quantity
    background: pint.Quantity
    bolus: pint.Quantity
    settings: PcaSettings
    reservoir: Reservoir | None
    pump_step: pint.Quantity | None
    steps: tuple[str, ...]
    source: str = ""  # the rule row the plan follows: teaching default bolus_maintenance

    @property
    def background_volume(self) -> pint.Quantity | None:
        return None if self.reservoir is None else self.reservoir.volume_of(self.background)

    @property
    def bolus_volume(self) -> pint.Quantity | None:
        return None if self.reservoir is None else self.reservoir.volume_of(self.bolus)


def _shown(result: pint.Quantity, given: pint.Quantity, field_name: str) -> pint.Quantity:
    """``result`` when it is a finite number below the display limit, else an input error on
    the value given."""
    m = float(result.magnitude)
    if not (math.isfinite(m) and abs(m) < MAX_DISPLAY):
        raise InputError(field_name, given, TEXT("shown", limit=_num(MAX_DISPLAY)))
    return result


def _daily_range(value: Any) -> DoseRange:
    """A 24 h dose or range of them, each end within data/input_bounds.csv (daily_dose)."""
    try:
        rng = as_range(value, "mg/day", field="daily_dose")
    except InputError as exc:
        raise InputError("daily_dose", exc.value, exc.allowed, exc.why,
                         label=bounds.bound("daily_dose").label) from None
    for end in (rng.low, rng.high):
        bounds.check(end, "daily_dose", field="daily_dose")
    return rng


def _round_down(value: pint.Quantity, step: pint.Quantity) -> pint.Quantity:
    # A tiny tolerance keeps 0.55 / 0.05 = 10.999999 from falling to 10 steps.
    n = math.floor((value / step).to("dimensionless").magnitude + 1e-9)
    return (step * n).to(value.units)


def pca_from_daily_dose(
    daily_dose: Any,
    bolus_fraction: float,
    reservoir: Reservoir | None = None,
    pump_step: Any = None,
    lockout: Any = None,
    hour_limit: Any = None,
    drug: str | None = None,
    route: str = "subcutaneous",
    pick: str | None = None,
) -> PcaPlan:
    """Maintenance PCA settings from a 24 h parenteral dose.

    background = daily dose / 24 h; bolus = daily dose x ``bolus_fraction`` (Lin 2022: 0.1-0.2;
    the Tang 2025 case used 1/20). With ``pump_step`` (mL at the reservoir's concentration, or
    mg) both are rounded DOWN to a whole number of steps, so the pump never gives more than
    calculated; without it nothing is rounded. A dose range needs ``pick`` = low, mid or high.
    ``lockout`` defaults to the workbook's teaching default ``plan_lockout``
    (data/teaching_defaults.csv).
    """
    daily = _pick(_daily_range(daily_dose), pick)
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, TEXT["reservoir_or_none"])
    if drug is not None and not isinstance(drug, str):
        raise InputError("drug", drug, TEXT("one_of", names=", ".join(DRUGS_FOR_PCA)))
    frac = bounds.number(bolus_fraction, "fraction", field="bolus_fraction",
                         label=TEXT["label_bolus_fraction"])
    drug = drug or (reservoir.drug if reservoir is not None else "hydromorphone")
    bg_exact = daily.to("mg/h")
    bolus_exact = (daily * frac * Q(1, "day")).to("mg")
    steps = [
        TEXT("plan_background", daily=fmt(daily), exact=fmt(bg_exact)),
        TEXT("plan_bolus", daily=fmt(daily * Q(1, "day")), fraction=_frac(frac),
             exact=fmt(bolus_exact)),
    ]
    step_q, bg, bolus = None, bg_exact, bolus_exact
    if pump_step is not None:
        step_q, step_mg = _pump_step(pump_step, reservoir)
        bg, bolus, rounding = _rounded(bg_exact, bolus_exact, step_q, step_mg, reservoir)
        steps += rounding
    else:
        steps.append(TEXT["plan_no_round"])
    if reservoir is not None and bolus > reservoir.drug_amount:
        raise InputError("bolus", bolus, TEXT("at_most_reservoir",
                                              amount=fmt(reservoir.drug_amount)))
    settings = PcaSettings(background=bg, bolus=bolus, lockout=_lockout(lockout),
                           hour_limit=hour_limit, drug=drug, route=route)
    return PcaPlan(daily_dose=daily, bolus_fraction=frac, background_exact=bg_exact,
                   bolus_exact=bolus_exact, background=settings.background,
                   bolus=settings.bolus, settings=settings, reservoir=reservoir,
                   pump_step=step_q, steps=tuple(steps),
                   source=rulebook.default_rule("bolus_maintenance").origin.cite())


def _pick(rng: DoseRange, pick: str | None) -> pint.Quantity:
    """The 24 h dose of a point range, or the end of a range ``pick`` names."""
    if rng.is_point:
        return rng.high
    choice = _choice("" if pick is None else pick, ("low", "mid", "high"), "pick")
    return {"low": rng.low, "mid": rng.mid, "high": rng.high}[choice]


def _lockout(lockout: Any) -> Any:
    """The lockout given, or the workbook's default for a derived plan (teaching defaults)."""
    if lockout is not None:
        return lockout
    row = rulebook.default_rule("plan_lockout")
    return Q(row.low, row.unit)


def _pump_step(pump_step: Any, reservoir: Reservoir | None):
    """The pump step as given (mL or mg, within its input bounds) and in mg."""
    step_q = Q(pump_step, field="pump_step")
    if step_q.check("[volume]"):
        if reservoir is None:
            raise InputError("pump_step", step_q, TEXT["step_mg_or_reservoir"])
        step_q = bounds.check(step_q, "pump_step_ml", field="pump_step")
        return step_q, reservoir.amount_in(step_q)
    if step_q.check("[mass]"):
        step_q = bounds.check(step_q, "pump_step_mg", field="pump_step")
        return step_q, step_q
    raise InputError("pump_step", step_q, TEXT(
        "step_unit", example=bounds.bound("pump_step_ml").example))


def _rounded(bg_exact, bolus_exact, step_q, step_mg, reservoir):
    """Background and bolus rounded DOWN to whole pump steps, and the lines that say so; a
    step that would round either to 0 is refused."""
    bg = _round_down(bg_exact * Q(1, "h"), step_mg) / Q(1, "h")
    bolus = _round_down(bolus_exact, step_mg)
    for name, exact, rounded in (("background", bg_exact, bg), ("bolus", bolus_exact, bolus)):
        if exact.magnitude > 0 and rounded.magnitude == 0:
            raise InputError("pump_step", step_q, TEXT("step_too_large", name=name,
                                                       exact=fmt(exact)))
    lines = []
    for exact, rounded in ((bg_exact, bg), (bolus_exact, bolus)):
        volume = fmt(reservoir.volume_of(rounded)) if reservoir is not None else "-"
        lines.append(TEXT("plan_round", step=fmt(step_q), step_mg=fmt(step_mg),
                          exact=fmt(exact), rounded=fmt(rounded), volume=volume))
    return bg, bolus, lines


def _frac(x: float) -> str:
    """0.05 -> '1/20 (5%)'; 0.15 -> '15%'."""
    pct = fmt_percent(x)
    inv = 1 / x if x else 0
    if x and abs(inv - round(inv)) < 1e-9 and round(inv) > 1:
        return TEXT("one_in", n=round(inv), pct=pct)
    return pct


__all__ = [
    "DailyTotal",
    "DoseRange",
    "PcaPlan",
    "PcaSettings",
    "Reservoir",
    "fmt_dose",
    "pca_from_daily_dose",
]
