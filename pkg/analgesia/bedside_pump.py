"""The pump at the bedside: subcutaneous volumes against the site's limits, when the
reservoir runs out, the loading dose, the subcut lockout beside the case's, and breakthrough
pain on a patch. A TEACHING EXAMPLE.

Numbers that are rules (the subcutaneous volume limits, the lockout for subcutaneous PCA, the
loading dose, the rescue fraction) are read from the one rule row that holds them, chosen by
the workbook's teaching defaults. :mod:`analgesia.bedside` re-exports every public name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pint

from . import conversion, transdermal, words
from . import references as refs
from .bedside_tables import cited, line, path, rule, short_cite
from .pump import PcaSettings, Reservoir
from .units import DoseRange, InputError, Q, fmt

# Everything a learner reads about the pump at the bedside.
TEXT = words.catalogue("bedside_pump", {
    "settings": "PcaSettings",
    "reservoir": "a Reservoir",
    "pump_drug": "the pump's drug ({drug})",
    "settings_route": "a subcutaneous pump (these settings are {route})",
    "boluses": "a whole number of boluses a day from 0 to {n} (the lockout allows {per_hour} "
               "an hour)",
    "vol_background": "background {rate} / {conc} = {volume}",
    "vol_bolus": "bolus {dose} / {conc} = {volume}",
    "vol_max_hour": "most the pump can give in 1 hour: {dose} / {conc} = {volume}",
    "vol_day": "a day with {n} boluses: {dose} / {conc} = {volume}",
    "vol_within": "{volume} is within the {limit} that subcutaneous tissue can generally "
                  "absorb",
    "vol_above": "{volume} is above the {limit} that subcutaneous tissue can generally absorb",
    "vol_bolus_within": "a bolus of {volume} is within the usual {low} for one subcutaneous "
                        "injection",
    "vol_bolus_above": "a bolus of {volume} is above the usual {low} for one subcutaneous "
                       "injection ({high} tolerated in the abdomen)",
    "life": "{amount} / ({rate} x 24 h + {n} x {bolus}) a day = {hours} = {days}",
    "life_empty": "Empty after about {hours} at {n} boluses a day; the background stops then "
                  "too.",
    "loading": "loading dose = {ratio} x bolus {bolus} = {dose} ({volume} at {conc})",
    "loading_no_reservoir": "loading dose = {ratio} x bolus {bolus} = {dose}",
    "lockout_rule": "Subcutaneous lockout: no shorter than {low}; {preferred} may be "
                    "preferable [{source}]",
    "lockout_case": "The case's lockout: {lockout}; its pump took effect {onset} after "
                    "it was connected [{source}]",
    "patch_rescue": "rescue dose on {rate} of patch: {rescue} oral morphine",
})
# Decimals of a reservoir's life: hours and days to 3 (165.517 h), the summary to 1.
LIFE_DECIMALS, SUMMARY_DECIMALS = 3, 1


def _settings(settings: Any, reservoir: Any) -> None:
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", type(settings).__name__, TEXT["settings"])
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, TEXT["reservoir"])
    if reservoir is not None and reservoir.drug != settings.drug:
        raise InputError("reservoir", reservoir.drug, TEXT("pump_drug", drug=settings.drug))


def _boluses(n: Any, settings: PcaSettings) -> int:
    """A whole number of boluses a day, at most what the lockout lets through in 24 h."""
    per_hour = settings.boluses_per_hour
    most = per_hour * 24
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= most:
        shown = n if isinstance(n, int | float) else type(n).__name__
        raise InputError("boluses_per_day", shown, TEXT("boluses", n=most, per_hour=per_hour))
    return n


@dataclass(frozen=True)
class SubcutVolume:
    """The pump's volumes against the subcutaneous site's limits (the volume rule rows).

    Volume = dose / concentration; the most per hour is the most the pump can give in one hour
    (background + bolus x boluses the lockout allows, capped by the hour limit).
    """

    background: pint.Quantity
    bolus: pint.Quantity
    max_per_hour: pint.Quantity
    per_day: pint.Quantity
    limit_per_hour: pint.Quantity
    bolus_limit: DoseRange
    max_within_limit: bool
    bolus_within_limit: bool
    steps: tuple[str, ...]
    sources: tuple[refs.Source, ...]


def subcut_volume(settings: PcaSettings, reservoir: Reservoir,
                  boluses_per_day: int = 0) -> SubcutVolume:
    """Background, bolus, hourly and daily volumes of a subcutaneous pump, with the limits."""
    _settings(settings, reservoir)
    if reservoir is None:
        raise InputError("reservoir", "None", TEXT["reservoir"])
    if settings.route != "subcutaneous":
        raise InputError("route", settings.route, TEXT("settings_route", route=settings.route))
    n = _boluses(boluses_per_day, settings)
    conc = reservoir.concentration
    rate_rule, bolus_rule = rule("subcut_rate"), rule("subcut_bolus")
    limit = Q(rate_rule.high, rate_rule.unit).to("mL/h")
    bolus_limit = DoseRange(Q(bolus_rule.low, bolus_rule.unit).to("mL"),
                            Q(bolus_rule.high, bolus_rule.unit).to("mL"))
    bg = (settings.background / conc).to("mL/h")
    bolus = (settings.bolus / conc).to("mL")
    top = (settings.max_per_hour / conc).to("mL/h")
    day = settings.daily_total(n).value
    per_day = (day / conc).to("mL")
    within, bolus_ok = top <= limit, bolus <= bolus_limit.low
    steps = (
        TEXT("vol_background", rate=fmt(settings.background), conc=fmt(conc), volume=fmt(bg)),
        TEXT("vol_bolus", dose=fmt(settings.bolus), conc=fmt(conc), volume=fmt(bolus)),
        TEXT("vol_max_hour", dose=fmt(settings.max_per_hour), conc=fmt(conc), volume=fmt(top)),
        TEXT("vol_day", n=n, dose=fmt(day), conc=fmt(conc), volume=fmt(per_day)),
        TEXT("vol_within" if within else "vol_above", volume=fmt(top), limit=fmt(limit)),
        TEXT("vol_bolus_within" if bolus_ok else "vol_bolus_above", volume=fmt(bolus),
             low=fmt(bolus_limit.low), high=fmt(bolus_limit.high)),
    )
    return SubcutVolume(bg, bolus, top, per_day, limit, bolus_limit, within, bolus_ok, steps,
                        (rate_rule.origin, bolus_rule.origin))


@dataclass(frozen=True)
class ReservoirEnd:
    """How long a reservoir lasts: drug amount / (background x 24 h + boluses x bolus) a day."""

    life: pint.Quantity
    steps: tuple[str, ...]
    lines: tuple[str, ...]


def reservoir_end(settings: PcaSettings, reservoir: Reservoir,
                  boluses_per_day: int = 0) -> ReservoirEnd:
    """When the reservoir runs out, and what to do before it does (bedside rows)."""
    _settings(settings, reservoir)
    if reservoir is None:
        raise InputError("reservoir", "None", TEXT["reservoir"])
    n = _boluses(boluses_per_day, settings)
    life = settings.reservoir_life(reservoir, n)
    steps = (TEXT("life", amount=fmt(reservoir.drug_amount), rate=fmt(settings.background),
                  n=n, bolus=fmt(settings.bolus), hours=fmt(life, LIFE_DECIMALS),
                  days=fmt(life.to("day"), LIFE_DECIMALS)),
             TEXT("life_empty", hours=fmt(life, SUMMARY_DECIMALS), n=n))
    return ReservoirEnd(life, steps, cited("reservoir"))


@dataclass(frozen=True)
class LoadingDose:
    """Loading dose = ratio x bolus (the rule row ``pca_loading_dose_to_bolus``)."""

    dose: pint.Quantity
    volume: pint.Quantity | None
    steps: tuple[str, ...]
    lines: tuple[str, ...]
    source: refs.Source


def loading_dose(settings: PcaSettings, reservoir: Reservoir | None = None) -> LoadingDose:
    """The loading dose the rule row gives for these settings, with why and the case's way."""
    _settings(settings, reservoir)
    r = rule("loading")
    ratio = r.low
    dose = (settings.bolus * ratio).to(settings.bolus.units)
    if reservoir is not None:
        volume = (dose / reservoir.concentration).to("mL")
        step = TEXT("loading", ratio=f"{ratio:g}", bolus=fmt(settings.bolus), dose=fmt(dose),
                    volume=fmt(volume), conc=fmt(reservoir.concentration))
    else:
        volume = None
        step = TEXT("loading_no_reservoir", ratio=f"{ratio:g}", bolus=fmt(settings.bolus),
                    dose=fmt(dose))
    return LoadingDose(dose, volume, (step,), cited("loading"), r.origin)


@dataclass(frozen=True)
class LockoutTeaching:
    """What the sources say about the lockout of a subcutaneous PCA, and the case's clue."""

    minimum: pint.Quantity
    preferred: DoseRange
    case_onset: DoseRange
    lines: tuple[str, ...]


def lockout_teaching(settings: PcaSettings) -> LockoutTeaching:
    """The subcutaneous lockout (rule rows) beside the case's own lockout and onset."""
    _settings(settings, None)
    low, pref = rule("lockout_min"), rule("lockout_preferred")
    minimum = Q(low.low, low.unit).to("min")
    preferred = DoseRange(Q(pref.low, pref.unit).to("min"), Q(pref.high, pref.unit).to("min"))
    onset = line("loading", "case")
    if onset.low is None or onset.high is None:
        raise refs.DataFileError(path("bedside"), None, "low",
                                 "the loading/case row needs the onset (low, high, unit)")
    case_onset = DoseRange(onset.low.to("min"), onset.high.to("min"))
    out = (
        line("lockout", "peak_effect").line(),
        TEXT("lockout_rule", low=fmt(minimum), preferred=preferred.fmt(),
             source=short_cite(pref.origin)),
        TEXT("lockout_case", lockout=fmt(settings.lockout), onset=case_onset.fmt(),
             source=short_cite(onset.source)),
    )
    return LockoutTeaching(minimum, preferred, case_onset, out)


@dataclass(frozen=True)
class PatchBreakthrough:
    """Breakthrough dose on a patch: the patch's oral morphine equivalent x the rescue
    fraction (``conversion.rescue_dose``), by one named factor table."""

    rate: pint.Quantity
    ome: conversion.DoseResult
    rescue: conversion.DoseResult
    steps: tuple[str, ...]
    lines: tuple[str, ...]


def breakthrough_on_patch(rate: Any, table: str = "epcrc-2011",
                          share: Any = "nccn") -> PatchBreakthrough:
    """Oral morphine for breakthrough pain on a fentanyl patch of ``rate`` (mcg/h).

    OME = rate x the table's factor (one-way label tables are refused by
    ``transdermal.ome_from_patch``); rescue = OME x the rescue fraction (``rules.csv``).
    """
    ome = transdermal.ome_from_patch(rate, table)
    rescue = conversion.rescue_dose(ome.range, share)
    rate_q = Q(rate) if isinstance(rate, str) else rate
    steps = (*ome.steps, *rescue.steps,
             TEXT("patch_rescue", rate=fmt(rate_q), rescue=rescue.fmt()))
    return PatchBreakthrough(rate_q, ome, rescue, steps, cited("breakthrough_on_patch"))


__all__ = ["LoadingDose", "LockoutTeaching", "PatchBreakthrough", "ReservoirEnd",
           "SubcutVolume", "breakthrough_on_patch", "loading_dose", "lockout_teaching",
           "reservoir_end", "subcut_volume"]
