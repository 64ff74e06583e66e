"""Safety checks on a PCA order: what a second nurse or pharmacist would look at.

``check_pca(settings, daily_dose, opioid_tolerant, reservoir, ...)`` returns findings, most
serious first: ``danger`` (do not run the pump like this), ``warning`` (check with the team),
``info`` (the arithmetic to know). Every threshold is a row of the workbook's rule set
(:mod:`analgesia.rulebook`: ``data/rules.csv``, ``data/pca_safety_rules.csv``, the defaults in
``data/teaching_defaults.csv``), and every finding names its rule's source and threshold:

- opioid tolerance: no background and a bolus from the naive range for a naive patient;
- the most the pump can give in one hour (and four) against the hourly requirement
  (Fast Facts #92 hour limit 3-5 x; above 10 x is a danger, a workbook assumption);
- a background far above the daily dose / 24 h;
- an hour limit that limits nothing (at or above background + boluses the lockout allows);
- the bolus convention of the pump's mode (bolus-only: 10-20% of the 24 h dose, Lin 2021;
  background + bolus: 50-100% of the hourly rate, Kornick 2001);
- the lockout by route (subcut 20-30 min preferred, 15 min minimum, Hallenbeck; IV 5-20 min);
- subcut volumes: a bolus over 2 mL, a continuous rate over 3 mL/h (site limits);
- eGFR (morphine and HYDROmorphone metabolites), hepatic impairment, age/frailty, a
  benzodiazepine or gabapentinoid given with the opioid, and a patient who cannot use the
  button.

Teaching, not prescribing: a check that passes does not make settings right for a patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import bounds
from . import references as refs
from . import rulebook as rb
from .pump import PcaSettings, Reservoir
from .units import InputError, Q, _num, fmt, fmt_percent, quantity

# Everything a learner reads from this module.
TEXT = {
    "background_naive": "A background of {background} is set for an opioid-naive patient: a "
    "background (continuous) rate is for opioid-tolerant patients only; in opioid-naive patients "
    "it adds sedation and respiratory depression without better pain relief.",
    "background_unknown": "A background of {background} is set but opioid tolerance is not "
    "stated: a background is for opioid-tolerant patients only. Check tolerance first.",
    "naive_bolus_high": "Bolus {bolus} for an opioid-naive patient is above the naive PCA range "
    "of {range} {drug} (threshold {high}); start small and let the patient titrate.",
    "naive_bolus_ok": "Bolus {bolus} is within the naive PCA range of {range} {drug}.",
    "background_far": "Background {background} is {ratio} x the hourly requirement {req} "
    "({basis}): above {times} x (threshold {limit}) it is more than the largest titration step "
    "above the dose the settings come from.",
    "background_above": "Background {background} is {ratio} x the hourly requirement {req} "
    "({basis}): a background is the 24 h dose / 24 h; check where the extra comes from.",
    "no_hour_limit": "No hour limit is set: the pump could give up to {max_hour} in one hour. "
    "{suggest}",
    "suggest_limit": "Fast Facts #92: an hour limit is often {low}-{high} x the hourly "
    "requirement ({req}) = {limit_low} to {limit_high}.",
    "suggest_none": "Fast Facts #92: set one, often {low}-{high} x the hourly requirement.",
    "limit_nothing": "Hour limit {limit} is at or above the {uncapped} that background + "
    "boluses can give with a {lockout} lockout ({steps}): it limits nothing and only looks "
    "safe. Set it below {uncapped}.",
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
    "max_far": "The pump can give up to {max_hour} in one hour: {ratio} x the hourly "
    "requirement {req}, {share} of the day's dose {daily} in an hour. Above {danger} x "
    "(threshold {limit}) is far above any hour limit (Fast Facts #92 uses {low}-{high} x).",
    "max_above": "The pump can give up to {max_hour} in one hour: {ratio} x the hourly "
    "requirement {req}, above the {low}-{high} x of Fast Facts #92 ({limit_low} to "
    "{limit_high}).",
    "max_hour": "{steps}",
    "four_hours": "In 4 hours the pump can give up to {max4} ({how}){share}.",
    "four_how_limit": "its 4-hour limit",
    "four_how_hour": "4 x the most in one hour",
    "four_share": " = {share} of the day's dose {daily}",
    "four_nothing": "4-hour limit {limit} is at or above the {max4} that 4 hours at the most "
    "per hour could give: it limits nothing. A 4-hour limit is about {times} x the 1-hour "
    "limit ({source_line}).",
    "no_bolus": "No bolus is set: the pump gives a background only, the patient cannot "
    "treat breakthrough pain with it.",
    "bolus_only_ok": "Bolus-only PCA: bolus {bolus} is {pct} of the 24 h dose {daily}, within "
    "the {span} of Lin 2021 ({bolus_low} to {bolus_high}).",
    "bolus_only_far": "Bolus-only PCA: bolus {bolus} is {pct} of the 24 h dose {daily}; Lin "
    "2021 uses {span} ({bolus_low} to {bolus_high}).",
    "bolus_hourly_ok": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background}, within the {span} of Kornick 2001 ({bolus_low} to {bolus_high}).",
    "bolus_hourly_small": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background}, below the {span} of Kornick 2001 ({bolus_low} to {bolus_high}): it may be "
    "too small to treat breakthrough pain.",
    "bolus_between": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background}, above Kornick 2001's {span} ({bolus_high}) but within Lin 2022's {lin_span} "
    "of the 24 h dose ({lin_high}): between the published conventions.",
    "bolus_hourly_large": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background} and {daily_pct} of the 24 h dose {daily}: above Kornick 2001's {span} "
    "({bolus_high}) and Lin 2022's {lin_span} ({lin_high}).",
    "lockout_below_sc": "Lockout {lockout} is shorter than the {minimum} minimum for subcut "
    "PCA (Hallenbeck; {preferred} is preferable): doses can stack before they are absorbed.",
    "lockout_short_sc": "Lockout {lockout}: Hallenbeck allows {minimum} at the least but "
    "prefers {preferred} for subcut PCA, so that a bolus is absorbed before the next.",
    "lockout_ok_sc": "Lockout {lockout} is within the {preferred} Hallenbeck prefers for "
    "subcut PCA.",
    "lockout_iv": "Lockout {lockout} is {where} the {span} of published IV PCA tables.",
    "within": "within",
    "outside": "outside",
    "lockout_sc": "Lockout {lockout} vs subcut absorption half-life {half_life} (ASSUMPTION: no "
    "published value; allowed {hl_span}): about {pct} of a bolus is absorbed by the "
    "end of one lockout (1 - 0.5^({lockout_min} / {hl_min})).",
    "bolus_over_reservoir": "The bolus volume {bolus_volume} is larger than the whole reservoir "
    "{volume}: check the concentration and the bolus.",
    "sc_bolus_volume": "Each bolus is {volume} subcut: above the {limit} that one subcut "
    "injection should hold ({abdomen} in the abdomen). Use a stronger concentration.",
    "sc_background_volume": "The background runs {volume} subcut: above the {limit} that subcut "
    "tissue absorbs. Use a stronger concentration.",
    "sc_max_volume": "With every bolus used the pump puts up to {volume} under the skin in one "
    "hour: above the {limit} subcut tissue absorbs. A stronger concentration keeps it smaller.",
    "renal_morphine": "eGFR {egfr} is below {limit}: morphine's glucuronides accumulate "
    "(drowsiness, myoclonus). Choose another opioid (fentanyl is the usual choice).",
    "renal_hydromorphone": "eGFR {egfr} is below {limit}: HYDROmorphone-3-glucuronide "
    "accumulates (agitation, myoclonus). Reduce the dose and watch closely, or choose fentanyl.",
    "renal_fentanyl": "eGFR {egfr} is below {limit}: fentanyl has no renally cleared active "
    "metabolite and is the usual choice; start low and titrate carefully.",
    "hepatic": "Hepatic impairment: start at {low}-{high} of the usual starting dose and "
    "titrate slowly.",
    "elderly": "{who}: choose the 50% end of the cross-tolerance cut (Fine & Portenoy), start "
    "low and watch sedation closely.",
    "elderly_age": "Age {age} years (elderly from {limit} years)",
    "frail": "Frail patient",
    "sedative": "A {kind} is given with the opioid: their sedation and respiratory depression "
    "add up. Use the lowest doses, monitor sedation and breathing, and keep naloxone at hand.",
    "sedative_kinds": {"benzodiazepine": "benzodiazepine",
                       "gabapentinoid": "gabapentinoid (gabapentin, pregabalin)"},
    "cannot_press": "The patient cannot understand or press the button: patient-controlled "
    "analgesia is relatively contraindicated (Fast Facts #92). Use a clinician-activated "
    "(nurse-controlled) pump with the background emphasised, or no PCA.",
    "clinician_mode": "Clinician-activated pump: a nurse assesses the patient and gives each "
    "bolus (Hallenbeck); the lockout still applies.",
    "loading_large": "Loading dose {loading} is {ratio} x the bolus {bolus}; a loading dose is "
    "usually {times} x the bolus ({limit}), given once by the nurse.",
    "loading_ok": "Loading dose {loading} is {ratio} x the bolus {bolus} (usually {times} x).",
    "assumption": "workbook assumption (no published subcut absorption rate)",
    "threshold": "{source}; threshold {threshold}",
}

LEVELS = ("danger", "warning", "info")
_ORDER = {level: i for i, level in enumerate(LEVELS)}
SEDATIVES = ("benzodiazepine", "gabapentinoid")
WHO_PRESSES = ("patient", "nurse")
_EPS = 1e-9


@dataclass(frozen=True)
class Finding:
    """One safety finding: ``level`` (danger, warning, info), a stable ``code``, the learner's
    ``text`` and the ``source`` of the threshold (citation and the threshold itself)."""

    level: str
    code: str
    text: str
    source: str = ""

    def __post_init__(self):
        for name in ("level", "code", "text", "source"):
            if not isinstance(getattr(self, name), str):
                raise InputError(name, getattr(self, name), "text")
        if self.level not in LEVELS:
            raise InputError("level", self.level, "one of " + ", ".join(LEVELS))


def safety_rule(name: str, rule_set: str) -> refs.Rule:
    """A row of the rule set (data/pca_safety_rules.csv or data/rules.csv)."""
    return rb.rule(name, rule_set)


def absorption_assumption():
    """(half-life, Source, low, high) of the subcut absorption ASSUMPTION in pk_parameters.csv."""
    return refs.pk_parameters("assumption")["absorption_half_life_sc"]


def _ratio(x: float) -> str:
    return fmt(Q(x, "dimensionless"), 2)


def _both(q, reservoir: Reservoir | None) -> str:
    if reservoir is None:
        return fmt(q)
    return f"{fmt(q)} ({fmt(reservoir.volume_of(q))})"


def _cite(rule: refs.Rule, threshold: str) -> str:
    return TEXT["threshold"].format(source=rule.origin.cite(), threshold=threshold)


def _optional(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _flag(value: Any, field: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InputError(field, value, "True, False or None (not stated)")
    return value


def _inputs(settings, opioid_tolerant, reservoir, daily_dose, egfr, hepatic_impairment, age,
            frail, sedatives, can_use_button, who_presses, four_hour_limit, loading_dose):
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", type(settings).__name__, "PcaSettings")
    _flag(opioid_tolerant, "opioid_tolerant")
    _flag(hepatic_impairment, "hepatic_impairment")
    _flag(frail, "frail")
    _flag(can_use_button, "can_use_button")
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, "a Reservoir or None")
    if who_presses not in WHO_PRESSES:
        shown = who_presses[:40] if isinstance(who_presses, str) else type(who_presses).__name__
        raise InputError("who_presses", shown, "one of " + ", ".join(WHO_PRESSES))
    if isinstance(sedatives, str) or not isinstance(sedatives, tuple | list | set | frozenset):
        raise InputError("sedatives", type(sedatives).__name__,
                         "a list of: " + ", ".join(SEDATIVES))
    for s in sedatives:
        if s not in SEDATIVES:
            shown = s[:40] if isinstance(s, str) else type(s).__name__
            raise InputError("sedatives", shown, "a list of: " + ", ".join(SEDATIVES))
    out = {
        "daily": None if _optional(daily_dose) else bounds.check(daily_dose, "daily_dose"),
        "egfr": None if _optional(egfr) else bounds.check(egfr, "egfr", unit="mL/min"),
        "age": None if _optional(age) else bounds.check(age, "age", unit="year"),
        "four": None if _optional(four_hour_limit) else bounds.check(
            four_hour_limit, "dose", field="four_hour_limit", label="4-hour limit"),
        "loading": None if _optional(loading_dose) else bounds.check(
            loading_dose, "dose", field="loading_dose", label="loading dose"),
    }
    return out


def check_pca(
    settings: PcaSettings,
    daily_dose: Any = None,
    opioid_tolerant: bool | None = None,
    reservoir: Reservoir | None = None,
    absorption_half_life: Any = None,
    *,
    egfr: Any = None,
    hepatic_impairment: bool | None = None,
    age: Any = None,
    frail: bool | None = None,
    sedatives: tuple[str, ...] = (),
    can_use_button: bool | None = None,
    who_presses: str = "patient",
    four_hour_limit: Any = None,
    loading_dose: Any = None,
) -> tuple[Finding, ...]:
    """Check a PCA order; findings sorted danger -> warning -> info.

    ``daily_dose``: the 24 h parenteral dose the settings come from (mg/day); without it the
    background x 24 h stands in. ``opioid_tolerant``: True, False or None (not stated).
    ``egfr`` (mL/min/1.73 m2), ``hepatic_impairment``, ``age`` (years), ``frail``,
    ``sedatives`` (``benzodiazepine``, ``gabapentinoid``), ``can_use_button`` and
    ``who_presses`` (``patient`` or ``nurse``) describe the patient; ``four_hour_limit`` (mg)
    and ``loading_dose`` (mg) the rest of the order. ``absorption_half_life``: the subcut
    absorption ASSUMPTION (default from pk_parameters.csv).
    """
    got = _inputs(settings, opioid_tolerant, reservoir, daily_dose, egfr, hepatic_impairment,
                  age, frail, sedatives, can_use_button, who_presses, four_hour_limit,
                  loading_dose)
    hl_default, _hl_source, hl_low, hl_high = absorption_assumption()
    half_life = hl_default.to("min")
    if absorption_half_life is not None:
        half_life = quantity(absorption_half_life, "min", field="absorption_half_life")
        if not hl_low <= half_life.magnitude <= hl_high:
            raise InputError("absorption_half_life", half_life,
                             f"{fmt(Q(hl_low, 'min'))} to {fmt(Q(hl_high, 'min'))} (the range "
                             "of the workbook's assumption)")
    daily = got["daily"]
    found: list[Finding] = []
    bg, bolus = settings.background, settings.bolus
    if daily is not None:
        req, basis = daily.to("mg/h"), TEXT["basis_daily"].format(daily=fmt(daily))
    elif bg.magnitude > 0:
        req, basis = bg, TEXT["basis_background"]
    else:
        req, basis = None, ""
    day_mg = None if req is None else (req * Q(24, "h")).to("mg")

    found += _tolerance(settings, opioid_tolerant, reservoir)
    found += _background(bg, daily, req, basis)
    found += _hour_limit(settings, req, basis, reservoir)
    found += _maximum(settings, req, day_mg, reservoir, got["four"])
    found += _bolus(settings, opioid_tolerant, day_mg, reservoir)
    found += _lockout(settings, half_life, hl_low, hl_high)
    found += _volumes(settings, reservoir)
    found += _patient(settings, got, hepatic_impairment, frail, tuple(sedatives),
                      can_use_button, who_presses)
    if got["loading"] is not None and bolus.magnitude > 0:
        rule = rb.default_rule("loading_dose")
        ratio = (got["loading"] / bolus).to("dimensionless").magnitude
        large = ratio > rule.high + _EPS
        found.append(Finding(
            "warning" if large else "info", "loading_dose_large" if large else "loading_dose",
            TEXT["loading_large" if large else "loading_ok"].format(
                loading=fmt(got["loading"]), ratio=_ratio(ratio), bolus=fmt(bolus),
                times=_ratio(rule.high), limit=fmt(bolus * rule.high)),
            _cite(rule, f"{_ratio(rule.high)} x the bolus")))
    return tuple(sorted(found, key=lambda f: _ORDER[f.level]))


def _tolerance(settings, tolerant, reservoir) -> list[Finding]:
    out = []
    bg, bolus = settings.background, settings.bolus
    rule = rb.rule("background_opioid_tolerant_only", "hospitalist-2013")
    if bg.magnitude > 0 and tolerant is False:
        out.append(Finding("danger", "background_opioid_naive", TEXT["background_naive"].format(
            background=_both(bg, reservoir)), _cite(rule, "no background (0 mg/h)")))
    elif bg.magnitude > 0 and tolerant is None:
        out.append(Finding("warning", "background_tolerance_unknown",
                           TEXT["background_unknown"].format(background=_both(bg, reservoir)),
                           _cite(rule, "no background until tolerance is known")))
    naive = rb.naive_bolus(settings.drug)
    if tolerant is False and naive is not None and bolus.magnitude > 0:
        high = Q(naive.high, naive.unit).to("mg")
        fields = dict(bolus=_both(bolus, reservoir), range=rb.span(naive).replace(
            " mg", f" {naive.unit}"), drug=settings.drug, high=fmt(high))
        if bolus > high * (1 + _EPS):
            out.append(Finding("danger", "naive_bolus_above_range",
                               TEXT["naive_bolus_high"].format(**fields),
                               _cite(naive, fmt(high))))
        else:
            out.append(Finding("info", "naive_bolus_ok", TEXT["naive_bolus_ok"].format(**fields),
                               _cite(naive, fmt(high))))
    return out


def _background(bg, daily, req, basis) -> list[Finding]:
    if daily is None or bg.magnitude <= 0:
        return []
    rule = rb.default_rule("background_danger")
    ratio = (bg / req).to("dimensionless").magnitude
    fields = dict(background=fmt(bg), ratio=_ratio(ratio), req=fmt(req), basis=basis,
                  times=_ratio(rule.high), limit=fmt(req * rule.high))
    if ratio > rule.high + _EPS:
        return [Finding("danger", "background_far_above_requirement",
                        TEXT["background_far"].format(**fields),
                        _cite(rule, fields["limit"]))]
    if ratio > 1 + 1e-6:
        return [Finding("warning", "background_above_requirement",
                        TEXT["background_above"].format(**fields),
                        _cite(rb.rule("pca_bolus_fraction", "lin-2022"), fmt(req)))]
    return []


def _limit_span(req):
    rule = rb.default_rule("hour_limit")
    span = {"low": _ratio(rule.low), "high": _ratio(rule.high)}
    if req is not None:
        span.update(req=fmt(req), limit_low=fmt(req * rule.low),
                    limit_high=fmt(req * rule.high))
    return rule, span


def _hour_limit(settings, req, basis, reservoir) -> list[Finding]:
    rule, span = _limit_span(req)
    threshold = f"{span['low']}-{span['high']} x the hourly requirement"
    limit = settings.hour_limit
    if limit is None:
        suggest = (TEXT["suggest_limit"] if req is not None else TEXT["suggest_none"]).format(
            **span)
        return [Finding("warning", "no_hour_limit", TEXT["no_hour_limit"].format(
            max_hour=_both(settings.max_per_hour, reservoir), suggest=suggest),
            _cite(rule, threshold))]
    uncapped = settings.max_per_hour_uncapped
    if limit >= uncapped * (1 - 1e-9):
        return [Finding("danger", "hour_limit_limits_nothing", TEXT["limit_nothing"].format(
            limit=fmt(limit), uncapped=fmt(uncapped), lockout=fmt(settings.lockout),
            steps=settings.max_per_hour_steps[0]),
            _cite(rule, f"below {fmt(uncapped)}"))]
    if req is None:
        return [Finding("info", "hour_limit_unchecked",
                        TEXT["limit_unknown"].format(limit=fmt(limit)), _cite(rule, threshold))]
    ratio = (limit / req).to("dimensionless").magnitude
    key, level = "limit_ok", "info"
    if ratio < rule.low - 1e-6:
        key, level = "limit_low", "warning"
    elif ratio > rule.high + 1e-6:
        key, level = "limit_high", "warning"
    return [Finding(level, f"hour_limit_{key.split('_')[1]}", TEXT[key].format(
        limit=fmt(limit), ratio=_ratio(ratio), basis=basis, **span), _cite(rule, threshold))]


def _maximum(settings, req, day_mg, reservoir, four) -> list[Finding]:
    rule, span = _limit_span(req)
    steps = "; ".join(settings.max_per_hour_steps)
    if reservoir is not None:
        steps += f" ({fmt(reservoir.volume_of(settings.max_per_hour))})"
    out = [Finding("info", "max_per_hour", TEXT["max_hour"].format(steps=steps),
                   _cite(rule, f"{span['low']}-{span['high']} x the hourly requirement"))]
    top = settings.max_per_hour
    if req is not None:
        danger = rb.default_rule("max_hour_danger")
        ratio = (top / req).to("dimensionless").magnitude
        share = fmt_percent((top * Q(1, "h") / day_mg).to("dimensionless").magnitude)
        fields = dict(max_hour=_both(top, reservoir), ratio=_ratio(ratio), share=share,
                      daily=fmt(day_mg), danger=_ratio(danger.high),
                      limit=fmt(req * danger.high), **span)
        if ratio > danger.high + _EPS:
            out.append(Finding("danger", "max_hour_far_above_requirement",
                               TEXT["max_far"].format(**fields),
                               _cite(danger, fields["limit"])))
        elif ratio > rule.high + 1e-6:
            out.append(Finding("warning", "max_hour_above_requirement",
                               TEXT["max_above"].format(**fields),
                               _cite(rule, span["limit_high"])))
    four_rule = rb.default_rule("four_hour_limit")
    by_hour = (top * Q(4, "h")).to("mg")
    max4 = by_hour if four is None else min(by_hour, four.to("mg"))
    share4 = "" if day_mg is None else TEXT["four_share"].format(
        share=fmt_percent((max4 / day_mg).to("dimensionless").magnitude), daily=fmt(day_mg))
    out.append(Finding("info", "max_four_hours", TEXT["four_hours"].format(
        max4=fmt(max4), how=TEXT["four_how_hour" if four is None or four >= by_hour else
                                 "four_how_limit"], share=share4),
        _cite(four_rule, f"{_ratio(four_rule.high)} x the 1-hour limit")))
    if four is not None and four >= by_hour * (1 - 1e-9):
        out.append(Finding("danger", "four_hour_limit_limits_nothing",
                           TEXT["four_nothing"].format(limit=fmt(four), max4=fmt(by_hour),
                                                       times=_ratio(four_rule.high),
                                                       source_line=four_rule.origin.source),
                           _cite(four_rule, f"below {fmt(by_hour)}")))
    return out


def _bolus(settings, tolerant, day_mg, reservoir) -> list[Finding]:
    bg, bolus = settings.background, settings.bolus
    if bolus.magnitude <= 0:
        rule = rb.default_rule("bolus_bolus_only")
        return [Finding("warning", "no_bolus", TEXT["no_bolus"], _cite(rule, "a bolus > 0 mg"))]
    if bg.magnitude <= 0:
        if tolerant is False or day_mg is None:
            return []  # naive: the naive range above; no daily dose: nothing to compare with
        rule = rb.default_rule("bolus_bolus_only")
        frac = (bolus / day_mg).to("dimensionless").magnitude
        inside = rule.low - _EPS <= frac <= rule.high + _EPS
        span = rb.span(rule)
        return [Finding("info" if inside else "warning",
                        "bolus_fraction_ok" if inside else "bolus_fraction",
                        TEXT["bolus_only_ok" if inside else "bolus_only_far"].format(
                            bolus=_both(bolus, reservoir), pct=fmt_percent(frac), daily=fmt(day_mg),
                            span=span, bolus_low=fmt(day_mg * rule.low),
                            bolus_high=fmt(day_mg * rule.high)),
                        _cite(rule, f"{span} of the 24 h dose"))]
    rule = rb.default_rule("bolus_with_background")
    lin = rb.rule("pca_bolus_fraction", "lin-2022")
    hourly = (bg * Q(1, "h")).to("mg")
    ratio = (bolus / hourly).to("dimensionless").magnitude
    day = day_mg if day_mg is not None else (bg * Q(24, "h")).to("mg")
    daily_frac = (bolus / day).to("dimensionless").magnitude
    span = rb.span(rule)
    fields = dict(bolus=_both(bolus, reservoir), pct=fmt_percent(ratio), background=fmt(bg),
                  span=span, bolus_low=fmt(hourly * rule.low), bolus_high=fmt(hourly * rule.high),
                  lin_span=rb.span(lin), lin_high=fmt(day * lin.high), daily=fmt(day),
                  daily_pct=fmt_percent(daily_frac))
    threshold = f"{span} of the hourly background"
    if ratio < rule.low - _EPS:
        return [Finding("warning", "bolus_small", TEXT["bolus_hourly_small"].format(**fields),
                        _cite(rule, threshold))]
    if ratio <= rule.high + _EPS:
        return [Finding("info", "bolus_hourly_ok", TEXT["bolus_hourly_ok"].format(**fields),
                        _cite(rule, threshold))]
    if daily_frac <= lin.high + _EPS:
        return [Finding("info", "bolus_between_conventions",
                        TEXT["bolus_between"].format(**fields), _cite(rule, threshold))]
    return [Finding("warning", "bolus_large", TEXT["bolus_hourly_large"].format(**fields),
                    _cite(lin, f"{rb.span(lin)} of the 24 h dose"))]


def _lockout(settings, half_life, hl_low, hl_high) -> list[Finding]:
    lockout = settings.lockout.to("min")
    out = []
    if settings.route == "subcutaneous":
        minimum = rb.default_rule("lockout_minimum_subcutaneous")
        preferred = rb.default_rule("lockout_subcutaneous")
        fields = dict(lockout=fmt(lockout), minimum=fmt(Q(minimum.low, "min")),
                      preferred=rb.span(preferred))
        if lockout.magnitude < minimum.low - _EPS:
            out.append(Finding("warning", "lockout_below_sc_minimum",
                               TEXT["lockout_below_sc"].format(**fields),
                               _cite(minimum, fields["minimum"])))
        elif lockout.magnitude < preferred.low - _EPS:
            out.append(Finding("info", "lockout_short_sc", TEXT["lockout_short_sc"].format(
                **fields), _cite(preferred, rb.span(preferred))))
        else:
            out.append(Finding("info", "lockout_ok_sc", TEXT["lockout_ok_sc"].format(**fields),
                               _cite(preferred, rb.span(preferred))))
        absorbed = 1 - 0.5 ** (lockout / half_life).to("dimensionless").magnitude
        short = lockout.magnitude < half_life.magnitude - _EPS
        out.append(Finding("warning" if short else "info", "lockout_sc", TEXT["lockout_sc"].format(
            lockout=fmt(lockout), half_life=fmt(half_life),
            hl_span=f"{_num(hl_low)}-{_num(hl_high)} min", pct=fmt_percent(absorbed),
            lockout_min=_num(lockout.magnitude), hl_min=_num(half_life.magnitude)),
            TEXT["assumption"]))
    else:
        rule = rb.default_rule("lockout_intravenous")
        inside = rule.low - _EPS <= lockout.magnitude <= rule.high + _EPS
        out.append(Finding("info" if inside else "warning",
                           "lockout_iv" if inside else "lockout_iv_outside",
                           TEXT["lockout_iv"].format(lockout=fmt(lockout),
                                                     where=TEXT["within" if inside else
                                                                "outside"],
                                                     span=rb.span(rule)),
                           _cite(rule, rb.span(rule))))
    return out


def _volumes(settings, reservoir) -> list[Finding]:
    if reservoir is None:
        return []
    out = []
    bolus_volume = reservoir.volume_of(settings.bolus)
    if bolus_volume > reservoir.volume:
        out.append(Finding("danger", "bolus_exceeds_reservoir",
                           TEXT["bolus_over_reservoir"].format(bolus_volume=fmt(bolus_volume),
                                                               volume=fmt(reservoir.volume)),
                           _cite(rb.default_rule("sc_bolus_volume"), fmt(reservoir.volume))))
    if settings.route != "subcutaneous":
        return out
    bolus_rule = rb.default_rule("sc_bolus_volume")
    rate_rule = rb.default_rule("sc_volume_per_hour")
    bolus_limit = Q(bolus_rule.low, bolus_rule.unit)
    rate_limit = Q(rate_rule.high, rate_rule.unit)
    if bolus_volume > bolus_limit * (1 + _EPS):
        out.append(Finding("danger", "sc_bolus_volume", TEXT["sc_bolus_volume"].format(
            volume=fmt(bolus_volume), limit=fmt(bolus_limit),
            abdomen=fmt(Q(bolus_rule.high, bolus_rule.unit))), _cite(bolus_rule,
                                                                     fmt(bolus_limit))))
    bg_volume = reservoir.volume_of(settings.background).to("mL/h")
    top_volume = reservoir.volume_of(settings.max_per_hour).to("mL/h")
    if bg_volume > rate_limit * (1 + _EPS):
        out.append(Finding("danger", "sc_background_volume", TEXT["sc_background_volume"].format(
            volume=fmt(bg_volume), limit=fmt(rate_limit)), _cite(rate_rule, fmt(rate_limit))))
    elif top_volume > rate_limit * (1 + _EPS):
        out.append(Finding("warning", "sc_max_volume", TEXT["sc_max_volume"].format(
            volume=fmt(top_volume), limit=fmt(rate_limit)), _cite(rate_rule, fmt(rate_limit))))
    return out


def _patient(settings, got, hepatic, frail, sedatives, can_use_button, who_presses):
    out = []
    egfr = got["egfr"]
    if egfr is not None:
        severe = rb.default_rule("severe_renal_egfr")
        limit = Q(severe.high, "mL/min")
        if egfr < limit:
            drug = settings.drug
            level, name = {"morphine": ("danger", "renal_avoid_morphine"),
                           "hydromorphone": ("warning", "renal_caution_hydromorphone"),
                           "fentanyl": ("info", "renal_preferred_fentanyl")}.get(
                drug, (None, None))
            if level is not None:
                rule = rb.rule(name, "king-2011")
                out.append(Finding(level, f"renal_{drug}", TEXT[f"renal_{drug}"].format(
                    egfr=fmt(egfr), limit=fmt(limit)), _cite(rule, f"eGFR {fmt(limit)}")))
    if hepatic:
        rule = rb.rule("hepatic_start_fraction", "dilaudid-label")
        out.append(Finding("warning", "hepatic_impairment", TEXT["hepatic"].format(
            low=fmt_percent(rule.low), high=fmt_percent(rule.high)), _cite(rule, rb.span(rule))))
    elderly_rule = rb.default_rule("elderly_age")
    old = got["age"] is not None and got["age"].magnitude >= elderly_rule.low
    if old or frail:
        who = TEXT["elderly_age"].format(age=_num(got["age"].magnitude),
                                         limit=_num(elderly_rule.low)) if old else TEXT["frail"]
        cut = rb.default_rule("cut_pain_controlled")
        out.append(Finding("warning", "elderly_or_frail", TEXT["elderly"].format(who=who),
                           _cite(cut, f"{rb.span(cut)} cut, the 50% end")))
    for s in dict.fromkeys(sedatives):
        rule = rb.rule(f"sedative_{s}", {"benzodiazepine": "fda-2016",
                                         "gabapentinoid": "fda-2019"}[s])
        out.append(Finding("warning", f"sedative_{s}", TEXT["sedative"].format(
            kind=TEXT["sedative_kinds"][s]), _cite(rule, "any dose")))
    if who_presses == "nurse":
        rule = rb.rule("clinician_activated", "hallenbeck-2003")
        out.append(Finding("info", "clinician_activated", TEXT["clinician_mode"],
                           _cite(rule, "a nurse gives each bolus")))
    elif can_use_button is False:
        rule = rb.rule("cannot_use_button", "fast-facts-92")
        out.append(Finding("warning", "cannot_use_button", TEXT["cannot_press"],
                           _cite(rule, "the patient must understand and press the button")))
    return out


def worst(findings) -> str | None:
    """The most serious level among ``findings`` (None when there are none)."""
    if isinstance(findings, str) or not isinstance(findings, tuple | list):
        raise InputError("findings", type(findings).__name__, "the findings of check_pca()")
    if not all(isinstance(f, Finding) for f in findings):
        raise InputError("findings", "something else", "the findings of check_pca()")
    levels = [f.level for f in findings]
    for level in LEVELS:
        if level in levels:
            return level
    return None


__all__ = ["LEVELS", "SEDATIVES", "TEXT", "WHO_PRESSES", "Finding", "absorption_assumption",
           "check_pca", "safety_rule", "worst"]
