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
from dataclasses import dataclass, field
from typing import Any

import pint

from . import bounds
from .units import (
    MAX_DISPLAY,
    DoseRange,
    InputError,
    Q,
    _num,
    as_range,
    fmt,
    fmt_dose,
)

# Everything a learner reads from this module.
TEXT = {
    "concentration": "{amount} in {drug_volume} drug + {diluent} diluent = {amount} / {total} "
    "= {conc}",
    "background": "background {rate} x 24 h = {total}",
    "boluses": "{n} {boluses} x {bolus} = {total}",
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
    "life": "reservoir life = {volume} / ({bg_volume} + {n} x {bolus_volume} per 24 h) = {hours}",
}

DRUGS_FOR_PCA = ("hydromorphone", "morphine", "oxycodone", "fentanyl", "sufentanil")
ROUTES_FOR_PCA = ("subcutaneous", "intravenous")
# Input bounds (background, bolus, lockout, hour limit, reservoir, boluses a day, ...) live in
# data/input_bounds.csv: see analgesia.bounds.


def _choice(value: Any, allowed: tuple[str, ...], field_name: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise InputError(field_name, value, "one of " + ", ".join(allowed))
    return value.strip().lower()


def _count(value: Any, field_name: str) -> int:
    """Boluses in a day: a whole number within data/input_bounds.csv (boluses_per_day)."""
    if isinstance(value, str):  # the API takes a count; a panel reads its box first
        raise InputError(field_name, value, "a whole number (not text), such as 3")
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
                          label="drug volume")
        dil = bounds.check(self.diluent_volume, "reservoir_volume", field="diluent_volume",
                           label="diluent volume")
        total = (dv + dil).to("mL")
        if total.magnitude <= 0:
            raise InputError("drug_volume", dv, "a total volume (drug + diluent) above 0 mL",
                             label="drug volume")
        bounds.check(total, "reservoir_volume", field="diluent_volume",
                     label="total volume (drug + diluent)")
        bounds.check((amount / total).to("mg/mL"), "concentration", field="drug_amount",
                     label="concentration (drug / total volume)")
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
            TEXT["concentration"].format(
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
            raise InputError("dose", q, "0 or more")
        if q.check("[mass]"):
            return _shown((q / self.concentration).to("mL"), q, "dose")
        if q.check("[mass]/[time]"):
            return _shown((q / self.concentration).to("mL/h"), q, "dose")
        raise InputError("dose", q, "a dose in mg or a rate in mg/h")

    def amount_in(self, volume: Any) -> pint.Quantity:
        """mg held in ``volume`` (mL -> mg, or mL/h -> mg/h)."""
        q = Q(volume, field="volume")
        if q.magnitude < 0:
            raise InputError("volume", q, "0 or more")
        if q.check("[volume]"):
            return _shown((q * self.concentration).to("mg"), q, "volume")
        if q.check("[volume]/[time]"):
            return _shown((q * self.concentration).to("mg/h"), q, "volume")
        raise InputError("volume", q, "a volume in mL or a rate in mL/h")


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
                    "hour_limit", limit, f"at least the background rate {fmt(self.background)}",
                    label="hour limit",
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
            TEXT["max_hour"].format(
                background=fmt(self.background),
                bolus=fmt(self.bolus),
                lockout=fmt(self.lockout),
                n=self.boluses_per_hour,
                total=fmt(self.max_per_hour_uncapped),
            )
        ]
        if self.hour_limit is not None and self.hour_limit < self.max_per_hour_uncapped:
            lines.append(
                TEXT["max_hour_capped"].format(
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
            TEXT["background"].format(rate=fmt(self.background), total=fmt(bg)),
            TEXT["boluses"].format(n=n, boluses="bolus" if n == 1 else "boluses",
                                   bolus=fmt(self.bolus), total=fmt(bol)),
            TEXT["daily_sum"].format(background=fmt(bg), boluses=fmt(bol), total=fmt(total)),
        ]
        volume = None
        if reservoir is not None:
            if self.bolus > reservoir.drug_amount:
                raise InputError("bolus", self.bolus,
                                 f"at most the reservoir's {fmt(reservoir.drug_amount)}")
            volume = reservoir.volume_of(total)
            steps.append(
                TEXT["daily_volume"].format(
                    total=fmt(total), conc=fmt(reservoir.concentration), volume=fmt(volume)
                )
            )
        return DailyTotal(total, bg, n, bol, volume, tuple(steps))

    def reservoir_life(self, reservoir: Reservoir, boluses_per_day: int = 0) -> pint.Quantity:
        """Hours until the reservoir is empty at this background and bolus use."""
        n = _count(boluses_per_day, "boluses_per_day")
        per_day = self.background * Q(24, "h") + self.bolus * n
        if per_day.magnitude <= 0:
            raise InputError("background", self.background, "a background or boluses above 0")
        return (reservoir.drug_amount / per_day * Q(24, "h")).to("h")

    def describe(self, reservoir: Reservoir | None = None) -> tuple[str, ...]:
        """The settings as a nurse would read them, in mg and (with a reservoir) mL."""

        def both(q):
            if reservoir is None:
                return fmt(q)
            return f"{fmt(q)} ({fmt(reservoir.volume_of(q))})"

        limit = "none set" if self.hour_limit is None else both(self.hour_limit)
        return (
            f"drug: {self.drug} {self.route}",
            f"background: {both(self.background)}",
            f"bolus (PCA dose): {both(self.bolus)}",
            f"lockout: {fmt(self.lockout)}",
            f"hour limit: {limit}",
            f"maximum per hour: {both(self.max_per_hour)}",
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
    source: str = field(default="Lin 2022, JNCCN 20:1013 (background = 24 h dose / 24)")

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
        raise InputError(field_name, given, f"a value whose result is below {_num(MAX_DISPLAY)}")
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
    lockout: Any = "15 min",
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
    """
    rng = _daily_range(daily_dose)
    if rng.is_point:
        daily = rng.high
    else:
        choice = _choice("" if pick is None else pick, ("low", "mid", "high"), "pick")
        daily = {"low": rng.low, "mid": rng.mid, "high": rng.high}[choice]
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, "a Reservoir or None")
    if drug is not None and not isinstance(drug, str):
        raise InputError("drug", drug, "one of " + ", ".join(DRUGS_FOR_PCA))
    frac = bounds.number(bolus_fraction, "fraction", field="bolus_fraction",
                         label="bolus fraction of the 24 h dose")
    drug = drug or (reservoir.drug if reservoir is not None else "hydromorphone")
    bg_exact = daily.to("mg/h")
    bolus_exact = (daily * frac * Q(1, "day")).to("mg")
    steps = [
        TEXT["plan_background"].format(daily=fmt(daily), exact=fmt(bg_exact)),
        TEXT["plan_bolus"].format(daily=fmt(daily * Q(1, "day")), fraction=_frac(frac),
                                  exact=fmt(bolus_exact)),
    ]
    step_q = None
    bg, bolus = bg_exact, bolus_exact
    if pump_step is not None:
        step_q = Q(pump_step, field="pump_step")
        if step_q.check("[volume]"):
            if reservoir is None:
                raise InputError("pump_step", step_q, "a step in mg, or a reservoir to convert mL")
            step_q = bounds.check(step_q, "pump_step_ml", field="pump_step")
            step_mg = reservoir.amount_in(step_q)
        elif step_q.check("[mass]"):
            step_q = bounds.check(step_q, "pump_step_mg", field="pump_step")
            step_mg = step_q
        else:
            raise InputError("pump_step", step_q, "a step in mL or mg, such as 0.1 mL")
        bg = _round_down(bg_exact * Q(1, "h"), step_mg) / Q(1, "h")
        bolus = _round_down(bolus_exact, step_mg)
        for name, exact, rounded in (("background", bg_exact, bg), ("bolus", bolus_exact, bolus)):
            if exact.magnitude > 0 and rounded.magnitude == 0:
                raise InputError("pump_step", step_q, f"a step no larger than the {name} "
                                 f"({fmt(exact)}), which would otherwise round to 0")
        for exact, rounded in ((bg_exact, bg), (bolus_exact, bolus)):
            volume = fmt(reservoir.volume_of(rounded)) if reservoir is not None else "-"
            steps.append(
                TEXT["plan_round"].format(
                    step=fmt(step_q), step_mg=fmt(step_mg), exact=fmt(exact),
                    rounded=fmt(rounded), volume=volume,
                )
            )
    else:
        steps.append(TEXT["plan_no_round"])
    if reservoir is not None and bolus > reservoir.drug_amount:
        raise InputError("bolus", bolus, f"at most the reservoir's {fmt(reservoir.drug_amount)}")
    settings = PcaSettings(
        background=bg, bolus=bolus, lockout=lockout, hour_limit=hour_limit, drug=drug, route=route
    )
    return PcaPlan(
        daily_dose=daily,
        bolus_fraction=frac,
        background_exact=bg_exact,
        bolus_exact=bolus_exact,
        background=settings.background,
        bolus=settings.bolus,
        settings=settings,
        reservoir=reservoir,
        pump_step=step_q,
        steps=tuple(steps),
    )


def _frac(x: float) -> str:
    """0.05 -> '1/20 (5%)'; 0.15 -> '15%'."""
    pct = f"{x * 100:.4g}%"
    inv = 1 / x if x else 0
    if x and abs(inv - round(inv)) < 1e-9 and round(inv) > 1:
        return f"1/{round(inv)} ({pct})"
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
