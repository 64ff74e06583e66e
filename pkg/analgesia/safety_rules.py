"""What the PCA safety checker says and which rule row backs it: the learner's words (one
catalogue), a :class:`Finding`, and the lookup of each threshold's row with its citation.

Every threshold is a row of the workbook's rule set (:mod:`analgesia.rulebook`:
``data/rules.csv``, ``data/pca_safety_rules.csv``, the defaults in
``data/teaching_defaults.csv``); a sentence cites the row's source (``{ref}``, the short
citation built from the row), never a name typed here. :mod:`analgesia.safety` re-exports the
public names.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import references as refs
from . import rulebook as rb
from . import words
from .pump import Reservoir
from .units import InputError, Q, fmt

# Everything a learner reads from the checker. {ref} is the short citation of the rule row the
# sentence applies (Source.short(): authors and year).
TEXT = words.catalogue("safety", {
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
    "suggest_limit": "{ref}: an hour limit is often {low}-{high} x the hourly "
    "requirement ({req}) = {limit_low} to {limit_high}.",
    "suggest_none": "{ref}: set one, often {low}-{high} x the hourly requirement.",
    "limit_nothing": "Hour limit {limit} is at or above the {uncapped} that background + "
    "boluses can give with a {lockout} lockout ({steps}): it limits nothing and only looks "
    "safe. Set it below {uncapped}.",
    "limit_low": "Hour limit {limit} is {ratio} x the hourly requirement {req} ({basis}); "
    "{ref} often uses {low}-{high} x ({limit_low} to {limit_high}): a limit this low "
    "may block boluses the patient needs.",
    "limit_high": "Hour limit {limit} is {ratio} x the hourly requirement {req} ({basis}); "
    "{ref} often uses {low}-{high} x ({limit_low} to {limit_high}): this limit "
    "protects little.",
    "limit_ok": "Hour limit {limit} is {ratio} x the hourly requirement {req} ({basis}), "
    "within the {low}-{high} x of {ref}.",
    "limit_unknown": "Hour limit {limit} set; no daily dose or background given, so it cannot "
    "be compared with the hourly requirement.",
    "basis_daily": "24 h dose {daily} / 24 h",
    "basis_background": "the background rate",
    "max_far": "The pump can give up to {max_hour} in one hour: {ratio} x the hourly "
    "requirement {req}, {share} of the day's dose {daily} in an hour. Above {danger} x "
    "(threshold {limit}) is far above any hour limit ({ref} uses {low}-{high} x).",
    "max_above": "The pump can give up to {max_hour} in one hour: {ratio} x the hourly "
    "requirement {req}, above the {low}-{high} x of {ref} ({limit_low} to "
    "{limit_high}).",
    "max_hour": "{steps}",
    "four_hours": "In {window} the pump can give up to {max4} ({how}){share}.",
    "four_how_limit": "its 4-hour limit",
    "four_how_hour": "{hours} x the most in one hour",
    "four_share": " = {share} of the day's dose {daily}",
    "four_nothing": "4-hour limit {limit} is at or above the {max4} that {window} at the most "
    "per hour could give: it limits nothing. A 4-hour limit is about {times} x the 1-hour "
    "limit ({source_line}).",
    "no_bolus": "No bolus is set: the pump gives a background only, the patient cannot "
    "treat breakthrough pain with it.",
    "bolus_only_ok": "Bolus-only PCA: bolus {bolus} is {pct} of the 24 h dose {daily}, within "
    "the {span} of {ref} ({bolus_low} to {bolus_high}).",
    "bolus_only_far": "Bolus-only PCA: bolus {bolus} is {pct} of the 24 h dose {daily}; "
    "{ref} uses {span} ({bolus_low} to {bolus_high}).",
    "bolus_hourly_ok": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background}, within the {span} of {ref} ({bolus_low} to {bolus_high}).",
    "bolus_hourly_small": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background}, below the {span} of {ref} ({bolus_low} to {bolus_high}): it may be "
    "too small to treat breakthrough pain.",
    "bolus_between": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background}, above {ref}'s {span} ({bolus_high}) but within {lin_ref}'s {lin_span} "
    "of the 24 h dose ({lin_high}): between the published conventions.",
    "bolus_hourly_large": "Background + bolus: bolus {bolus} is {pct} of the hourly background "
    "{background} and {daily_pct} of the 24 h dose {daily}: above {ref}'s {span} "
    "({bolus_high}) and {lin_ref}'s {lin_span} ({lin_high}).",
    "lockout_below_sc": "Lockout {lockout} is shorter than the {minimum} minimum for subcut "
    "PCA ({ref}; {preferred} is preferable): doses can stack before they are absorbed.",
    "lockout_short_sc": "Lockout {lockout}: {ref} allows {minimum} at the least but "
    "prefers {preferred} for subcut PCA, so that a bolus is absorbed before the next.",
    "lockout_ok_sc": "Lockout {lockout} is within the {preferred} {ref} prefers for "
    "subcut PCA.",
    "lockout_iv": "Lockout {lockout} is {where} the {span} of published IV PCA tables.",
    "within": "within",
    "outside": "outside",
    "lockout_sc": "Lockout {lockout} vs subcut absorption half-life {half_life} (ASSUMPTION: no "
    "published value; allowed {hl_span}): about {pct} of a bolus is absorbed by the "
    "end of one lockout (1 - 0.5^({lockout_min} / {hl_min})).",
    "hl_span": "{low}-{high} {unit}",
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
    "elderly": "{who}: choose the {end} end of the cross-tolerance cut ({ref}), start "
    "low and watch sedation closely.",
    "elderly_age": "Age {age} years (elderly from {limit} years)",
    "frail": "Frail patient",
    "sedative": "A {kind} is given with the opioid: their sedation and respiratory depression "
    "add up. Use the lowest doses, monitor sedation and breathing, and keep naloxone at hand.",
    "kind_benzodiazepine": "benzodiazepine",
    "kind_gabapentinoid": "gabapentinoid (gabapentin, pregabalin)",
    "cannot_press": "The patient cannot understand or press the button: patient-controlled "
    "analgesia is relatively contraindicated ({ref}). Use a clinician-activated "
    "(nurse-controlled) pump with the background emphasised, or no PCA.",
    "clinician_mode": "Clinician-activated pump: a nurse assesses the patient and gives each "
    "bolus ({ref}); the lockout still applies.",
    "loading_large": "Loading dose {loading} is {ratio} x the bolus {bolus}; a loading dose is "
    "usually {times} x the bolus ({limit}), given once by the nurse.",
    "loading_ok": "Loading dose {loading} is {ratio} x the bolus {bolus} (usually {times} x).",
    "assumption": "workbook assumption (no published subcut absorption rate)",
    "threshold": "{source}; threshold {threshold}",
    # the thresholds a finding names beside its source
    "t_no_background": "no background ({zero})",
    "t_tolerance_first": "no background until tolerance is known",
    "t_requirement": "{low}-{high} x the hourly requirement",
    "t_below": "below {limit}",
    "t_times_limit": "{times} x the 1-hour limit",
    "t_a_bolus": "a bolus > {zero}",
    "t_of_daily": "{span} of the 24 h dose",
    "t_of_hourly": "{span} of the hourly background",
    "t_egfr": "eGFR {limit}",
    "t_cut_end": "{span} cut, the {end} end",
    "t_any_dose": "any dose",
    "t_nurse": "a nurse gives each bolus",
    "t_button": "the patient must understand and press the button",
    "t_times_bolus": "{times} x the bolus",
    # what a caller passed that the checker does not take
    "settings": "PcaSettings",
    "reservoir": "a Reservoir or None",
    "one_of": "one of {names}",
    "list_of": "a list of: {names}",
    "flag": "True, False or None (not stated)",
    "text": "text",
    "findings": "the findings of check_pca()",
    "half_life": "{low} to {high} (the range of the workbook's assumption)",
    "label_four_hour": "4-hour limit",
    "label_loading": "loading dose",
})

LEVELS = ("danger", "warning", "info")
EPS = 1e-9  # comparisons of doses at a threshold: float noise, not a clinical margin
# A ratio within a millionth of an hour-limit or background threshold counts as at it (the
# settings are typed rounded): a numerical margin, not a clinical one.
AT_THRESHOLD = 1e-6


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
                raise InputError(name, getattr(self, name), TEXT["text"])
        if self.level not in LEVELS:
            raise InputError("level", self.level, TEXT("one_of", names=", ".join(LEVELS)))


def safety_rule(name: str, rule_set: str) -> refs.Rule:
    """A row of the rule set (data/pca_safety_rules.csv or data/rules.csv)."""
    return rb.rule(name, rule_set)


def absorption_assumption():
    """(half-life, Source, low, high) of the subcut absorption ASSUMPTION in pk_parameters.csv."""
    return refs.pk_parameters("assumption")["absorption_half_life_sc"]


def ratio(x: float) -> str:
    """A ratio as the findings write it: two decimals at most (1.18 x)."""
    return fmt(Q(x, "dimensionless"), 2)


def both(q, reservoir: Reservoir | None) -> str:
    """A dose with its volume at the reservoir's concentration: '0.65 mg (0.65 mL)'."""
    if reservoir is None:
        return fmt(q)
    return f"{fmt(q)} ({fmt(reservoir.volume_of(q))})"


def cite(rule: refs.Rule, threshold: str) -> str:
    """The source line of a finding: the row's full citation and the threshold applied."""
    return TEXT("threshold", source=rule.origin.cite(), threshold=threshold)


def ref(rule: refs.Rule) -> str:
    """The short citation a sentence names ('Prommer E (2004)'), from the rule's row."""
    return rule.origin.short()


__all__ = ["LEVELS", "TEXT", "Finding", "absorption_assumption", "safety_rule"]
