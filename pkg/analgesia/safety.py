"""Safety checks on PCA pump settings: what a second nurse or pharmacist would look at.

``check_pca(settings, daily_dose, opioid_tolerant, reservoir, absorption_half_life)`` returns
findings, most serious first: ``danger`` (do not run the pump like this), ``warning`` (check with
the team), ``info`` (the arithmetic to know). Every threshold comes from ``data/``:
``rules.csv`` (Lin 2022 bolus 10-20%, Fast Facts #92 hour limit 3-5 x the hourly requirement),
``pca_safety_rules.csv`` (background only when opioid tolerant, subcut lockout) and
``pk_parameters.csv`` (the subcut absorption half-life, an ASSUMPTION).

Teaching, not prescribing: a check that passes does not make settings right for a patient.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from . import bounds
from . import references as refs
from .pump import PcaSettings, Reservoir
from .units import InputError, Q, _num, fmt, quantity

# Everything a learner reads from this module.
TEXT = {
    "background_naive": "A background of {background} is set for an opioid-naive patient: a "
    "background (continuous) rate is for opioid-tolerant patients only; in opioid-naive patients "
    "it adds sedation and respiratory depression without better pain relief.",
    "background_unknown": "A background of {background} is set but opioid tolerance is not "
    "stated: a background is for opioid-tolerant patients only. Check tolerance first.",
    "no_hour_limit": "No hour limit is set: the pump could give up to {max_hour} in one hour. "
    "{suggest}",
    "suggest_limit": "Fast Facts #92: an hour limit is often {low}-{high} x the hourly "
    "requirement ({req}) = {limit_low} to {limit_high}.",
    "suggest_none": "Fast Facts #92: set one, often {low}-{high} x the hourly requirement.",
    "limit_low": "Hour limit {limit} is {ratio} x the hourly requirement {req} ({basis}); "
    "Fast Facts #92 often uses {low}-{high} x ({limit_low} to {limit_high}): a limit this low "
    "may block boluses the patient needs.",
    "limit_high": "Hour limit {limit} is {ratio} x the hourly requirement {req} ({basis}); "
    "Fast Facts #92 often uses {low}-{high} x ({limit_low} to {limit_high}): this limit "
    "protects little.",
    "limit_ok": "Hour limit {limit} is {ratio} x the hourly requirement {req} ({basis}), "
    "within the {low}-{high} x of Fast Facts #92.",
    "limit_unknown": "Hour limit {limit} set; no daily dose or background given, so it cannot "
    "be compared with the hourly requirement.",
    "basis_daily": "24 h dose {daily} / 24 h",
    "basis_background": "the background rate",
    "bolus_far": "Bolus {bolus} is {pct} of the 24 h dose {daily} ({basis}); Lin 2022 uses "
    "{span} ({bolus_low} to {bolus_high}).",
    "bolus_ok": "Bolus {bolus} is {pct} of the 24 h dose {daily} ({basis}), within Lin 2022's "
    "{span}.",
    "bolus_basis_daily": "the dose the settings come from",
    "bolus_basis_background": "background x 24 h",
    "no_bolus": "No bolus is set: the pump gives a background only, the patient cannot "
    "treat breakthrough pain with it.",
    "lockout_below_sc": "Lockout {lockout} is shorter than the {minimum} minimum for subcut "
    "PCA (Hallenbeck; longer, up to {preferred_high}, may be preferable): doses can stack "
    "before they are absorbed.",
    "lockout_short_sc": "Lockout {lockout} is shorter than the subcut absorption half-life "
    "{half_life} (ASSUMPTION: no published value; allowed {hl_span}): only {pct} of "
    "a bolus is absorbed before the next can be given; doses can stack.",
    "lockout_sc": "Lockout {lockout} vs subcut absorption half-life {half_life} (ASSUMPTION: no "
    "published value; allowed {hl_span}): about {pct} of a bolus is absorbed by the "
    "end of one lockout (1 - 0.5^({lockout_min} / {hl_min})).",
    "max_hour": "{steps}",
    "bolus_over_reservoir": "The bolus volume {bolus_volume} is larger than the whole reservoir "
    "{volume}: check the concentration and the bolus.",
    "assumption": "workbook assumption (no published subcut absorption rate)",
}

LEVELS = ("danger", "warning", "info")
_ORDER = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Finding:
    """One safety finding: ``level`` (danger, warning, info), a stable ``code``, the learner's
    ``text`` and the ``source`` of the threshold."""

    level: str
    code: str
    text: str
    source: str = ""

    def __post_init__(self):
        if self.level not in LEVELS:
            raise InputError("level", self.level, "one of " + ", ".join(LEVELS))


@functools.cache
def _safety_rules() -> dict[tuple[str, str], refs.Rule]:
    path = refs.DATA_DIR / "pca_safety_rules.csv"
    rows = refs.read_csv(path, refs.RULES_SCHEMA)
    out = {}
    for r in rows:
        if r["low"] > r["high"]:
            raise refs.DataFileError(path, r["_row"], "low", "is above high")
        out[(r["rule"], r["rule_set"])] = refs.Rule(
            r["rule"], r["rule_set"], r["low"], r["high"], r["unit"],
            refs.Source(r["source"], r["year"], r["url"], r["status"], r.get("note", "")))
    return out


def safety_rule(name: str, rule_set: str) -> refs.Rule:
    """A row of data/pca_safety_rules.csv."""
    rules = _safety_rules()
    if (name, rule_set) not in rules:
        sets = sorted(s for (n, s) in rules if n == name)
        raise InputError("rule_set", rule_set, f"one of {', '.join(sets) or '(none)'} for {name}")
    return rules[(name, rule_set)]


def absorption_assumption():
    """(half-life, Source, low, high) of the subcut absorption ASSUMPTION in pk_parameters.csv."""
    return refs.pk_parameters("assumption")["absorption_half_life_sc"]


def _pct(x: float) -> str:
    """0.048148 -> '4.8%' (one decimal, no trailing zero)."""
    return f"{_num(x * 100, 1)}%"


def _span(low: float, high: float, unit: str = "") -> str:
    """10-20%, 5-45 min: one unit for a range."""
    tail = unit if unit in ("%", "") else f" {unit}"
    return f"{_num(low)}-{_num(high)}{tail}"


def _ratio(x: float) -> str:
    return fmt(Q(x, "dimensionless"), 2)


def _both(q, reservoir: Reservoir | None) -> str:
    if reservoir is None:
        return fmt(q)
    return f"{fmt(q)} ({fmt(reservoir.volume_of(q))})"


def check_pca(
    settings: PcaSettings,
    daily_dose: Any = None,
    opioid_tolerant: bool | None = None,
    reservoir: Reservoir | None = None,
    absorption_half_life: Any = None,
) -> tuple[Finding, ...]:
    """Check pump settings; findings sorted danger -> warning -> info.

    ``daily_dose``: the 24 h parenteral dose the settings come from (mg/day); without it the
    background x 24 h stands in. ``opioid_tolerant``: True, False or None (not stated).
    ``absorption_half_life``: the subcut absorption ASSUMPTION (default from pk_parameters.csv).
    """
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", type(settings).__name__, "PcaSettings")
    if opioid_tolerant is not None and not isinstance(opioid_tolerant, bool):
        raise InputError("opioid_tolerant", opioid_tolerant, "True, False or None (not stated)")
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, "a Reservoir or None")
    daily = None
    if daily_dose is not None and not (isinstance(daily_dose, str) and not daily_dose.strip()):
        daily = bounds.check(daily_dose, "daily_dose")
    hl_default, hl_source, hl_low, hl_high = absorption_assumption()
    half_life = hl_default.to("min")
    if absorption_half_life is not None:
        half_life = quantity(absorption_half_life, "min", field="absorption_half_life")
        if not hl_low <= half_life.magnitude <= hl_high:
            raise InputError("absorption_half_life", half_life,
                             f"{fmt(Q(hl_low, 'min'))} to {fmt(Q(hl_high, 'min'))} (the range "
                             "of the workbook's assumption)")

    found: list[Finding] = []
    bg, bolus = settings.background, settings.bolus

    # 1. A background only for opioid-tolerant patients.
    naive_rule = safety_rule("background_opioid_tolerant_only", "hospitalist-2013")
    if bg.magnitude > 0 and opioid_tolerant is False:
        found.append(Finding("danger", "background_opioid_naive",
                             TEXT["background_naive"].format(background=_both(bg, reservoir)),
                             naive_rule.origin.cite()))
    elif bg.magnitude > 0 and opioid_tolerant is None:
        found.append(Finding("warning", "background_tolerance_unknown",
                             TEXT["background_unknown"].format(background=_both(bg, reservoir)),
                             naive_rule.origin.cite()))

    # 2-3. Hour limit: set at all, and 3-5 x the hourly requirement.
    limit_rule = refs.rule("hour_limit_multiple", "fast-facts-92")
    if daily is not None:
        req, basis = daily.to("mg/h"), TEXT["basis_daily"].format(daily=fmt(daily))
    elif bg.magnitude > 0:
        req, basis = bg, TEXT["basis_background"]
    else:
        req, basis = None, ""
    span = {"low": _ratio(limit_rule.low), "high": _ratio(limit_rule.high)}
    if req is not None:
        span.update(req=fmt(req), basis=basis, limit_low=fmt(req * limit_rule.low),
                    limit_high=fmt(req * limit_rule.high))
    if settings.hour_limit is None:
        suggest = (TEXT["suggest_limit"] if req is not None else TEXT["suggest_none"]).format(
            **span)
        found.append(Finding("warning", "no_hour_limit", TEXT["no_hour_limit"].format(
            max_hour=_both(settings.max_per_hour, reservoir), suggest=suggest),
            limit_rule.origin.cite()))
    elif req is None:
        found.append(Finding("info", "hour_limit_unchecked", TEXT["limit_unknown"].format(
            limit=fmt(settings.hour_limit)), limit_rule.origin.cite()))
    else:
        ratio = (settings.hour_limit / req).to("dimensionless").magnitude
        key, level = "limit_ok", "info"
        if ratio < limit_rule.low - 1e-9:
            key, level = "limit_low", "warning"
        elif ratio > limit_rule.high + 1e-9:
            key, level = "limit_high", "warning"
        found.append(Finding(level, f"hour_limit_{key.split('_')[1]}", TEXT[key].format(
            limit=fmt(settings.hour_limit), ratio=_ratio(ratio), **span),
            limit_rule.origin.cite()))

    # 4. Bolus 10-20% of the 24 h dose (Lin 2022).
    bolus_rule = refs.rule("pca_bolus_fraction", "lin-2022")
    if bolus.magnitude <= 0:
        found.append(Finding("warning", "no_bolus", TEXT["no_bolus"], bolus_rule.origin.cite()))
    else:
        if daily is not None:
            day_mg, bbasis = (daily * Q(1, "day")).to("mg"), TEXT["bolus_basis_daily"]
        elif bg.magnitude > 0:
            day_mg, bbasis = (bg * Q(24, "h")).to("mg"), TEXT["bolus_basis_background"]
        else:
            day_mg = None
        if day_mg is not None:
            frac = (bolus / day_mg).to("dimensionless").magnitude
            inside = bolus_rule.low - 1e-9 <= frac <= bolus_rule.high + 1e-9
            found.append(Finding(
                "info" if inside else "warning",
                "bolus_fraction_ok" if inside else "bolus_fraction",
                TEXT["bolus_ok" if inside else "bolus_far"].format(
                    bolus=_both(bolus, reservoir), pct=_pct(frac), daily=fmt(day_mg),
                    basis=bbasis, span=_span(bolus_rule.low * 100, bolus_rule.high * 100, "%"),
                    bolus_low=fmt(day_mg * bolus_rule.low),
                    bolus_high=fmt(day_mg * bolus_rule.high)),
                bolus_rule.origin.cite()))

    # 5. Lockout against subcut absorption (an ASSUMPTION) and the subcut minimum.
    if settings.route == "subcutaneous":
        minimum = safety_rule("sc_lockout_min", "hallenbeck-2003")
        lockout = settings.lockout.to("min")
        if lockout.magnitude < minimum.low - 1e-9:
            found.append(Finding("warning", "lockout_below_sc_minimum",
                                 TEXT["lockout_below_sc"].format(
                                     lockout=fmt(lockout), minimum=fmt(Q(minimum.low, "min")),
                                     preferred_high=fmt(Q(minimum.high, "min"))),
                                 minimum.origin.cite()))
        absorbed = 1 - 0.5 ** (lockout / half_life).to("dimensionless").magnitude
        fields = dict(lockout=fmt(lockout), half_life=fmt(half_life),
                      hl_span=_span(hl_low, hl_high, "min"),
                      pct=_pct(absorbed), lockout_min=_num(lockout.magnitude),
                      hl_min=_num(half_life.magnitude))
        short = lockout.magnitude < half_life.magnitude - 1e-9
        found.append(Finding("warning" if short else "info",
                             "lockout_short_sc" if short else "lockout_sc",
                             TEXT["lockout_short_sc" if short else "lockout_sc"].format(**fields),
                             TEXT["assumption"]))

    # 6. The most the pump can give in one hour.
    steps = "; ".join(settings.max_per_hour_steps)
    if reservoir is not None:
        steps += f" ({fmt(reservoir.volume_of(settings.max_per_hour))})"
    found.append(Finding("info", "max_per_hour", TEXT["max_hour"].format(steps=steps),
                         limit_rule.origin.cite()))

    # 7. A bolus larger than the reservoir.
    if reservoir is not None:
        bolus_volume = reservoir.volume_of(bolus)
        if bolus_volume > reservoir.volume:
            found.append(Finding("danger", "bolus_exceeds_reservoir",
                                 TEXT["bolus_over_reservoir"].format(
                                     bolus_volume=fmt(bolus_volume),
                                     volume=fmt(reservoir.volume))))

    return tuple(sorted(found, key=lambda f: _ORDER[f.level]))


def worst(findings) -> str | None:
    """The most serious level among ``findings`` (None when there are none)."""
    levels = [f.level for f in findings]
    for level in LEVELS:
        if level in levels:
            return level
    return None


__all__ = ["LEVELS", "TEXT", "Finding", "absorption_assumption", "check_pca", "safety_rule",
           "worst"]
