"""Safety checks on a PCA order: what a second nurse or pharmacist would look at.

``check_pca(settings, daily_dose, opioid_tolerant, reservoir, ...)`` returns findings, most
serious first: ``danger`` (do not run the pump like this), ``warning`` (check with the team),
``info`` (the arithmetic to know). Every threshold is a row of the workbook's rule set
(:mod:`analgesia.rulebook`: ``data/rules.csv``, ``data/pca_safety_rules.csv``, the defaults in
``data/teaching_defaults.csv``), and every finding names its rule's source and threshold:

- opioid tolerance: no background and a bolus from the naive range for a naive patient;
- the most the pump can give in one hour (and four) against the hourly requirement
  (the hour-limit multiples of the rule set; far above them is a danger, a workbook
  assumption);
- a background far above the daily dose / 24 h;
- an hour limit that limits nothing (at or above background + boluses the lockout allows);
- the bolus convention of the pump's mode (bolus-only: a share of the 24 h dose;
  background + bolus: a share of the hourly rate);
- the lockout by route (subcut: a minimum and a preferred range; IV: the published table);
- subcut volumes: a bolus and a continuous rate above the site limits;
- eGFR (morphine and HYDROmorphone metabolites), hepatic impairment, age/frailty, a
  benzodiazepine or gabapentinoid given with the opioid, and a patient who cannot use the
  button.

The checks live in :mod:`analgesia.safety_checks` (the pump settings) and
:mod:`analgesia.safety_patient` (the patient); the words, :class:`Finding` and the rule lookup
in :mod:`analgesia.safety_rules`. This module runs them and re-exports the public names.

Teaching, not prescribing: a check that passes does not make settings right for a patient.
"""

from __future__ import annotations

from typing import Any

from . import bounds
from . import safety_checks as pump_checks
from . import safety_patient as patient_checks
from .pump import PcaSettings, Reservoir
from .safety_rules import (
    LEVELS,
    TEXT,
    Finding,
    absorption_assumption,
    safety_rule,
)
from .units import InputError, Q, fmt, quantity

_ORDER = {level: i for i, level in enumerate(LEVELS)}
SEDATIVES = ("benzodiazepine", "gabapentinoid")
WHO_PRESSES = ("patient", "nurse")


def _optional(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _flag(value: Any, field: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InputError(field, value, TEXT["flag"])
    return value


def _inputs(settings, opioid_tolerant, reservoir, daily_dose, egfr, hepatic_impairment, age,
            frail, sedatives, can_use_button, who_presses, four_hour_limit, loading_dose):
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", type(settings).__name__, TEXT["settings"])
    _flag(opioid_tolerant, "opioid_tolerant")
    _flag(hepatic_impairment, "hepatic_impairment")
    _flag(frail, "frail")
    _flag(can_use_button, "can_use_button")
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, TEXT["reservoir"])
    if who_presses not in WHO_PRESSES:
        shown = who_presses[:40] if isinstance(who_presses, str) else type(who_presses).__name__
        raise InputError("who_presses", shown, TEXT("one_of", names=", ".join(WHO_PRESSES)))
    if isinstance(sedatives, str) or not isinstance(sedatives, tuple | list | set | frozenset):
        raise InputError("sedatives", type(sedatives).__name__,
                         TEXT("list_of", names=", ".join(SEDATIVES)))
    for s in sedatives:
        if s not in SEDATIVES:
            shown = s[:40] if isinstance(s, str) else type(s).__name__
            raise InputError("sedatives", shown, TEXT("list_of", names=", ".join(SEDATIVES)))
    return {
        "daily": None if _optional(daily_dose) else bounds.check(daily_dose, "daily_dose"),
        "egfr": None if _optional(egfr) else bounds.check(egfr, "egfr", unit="mL/min"),
        "age": None if _optional(age) else bounds.check(age, "age", unit="year"),
        "four": None if _optional(four_hour_limit) else bounds.check(
            four_hour_limit, "dose", field="four_hour_limit", label=TEXT["label_four_hour"]),
        "loading": None if _optional(loading_dose) else bounds.check(
            loading_dose, "dose", field="loading_dose", label=TEXT["label_loading"]),
    }


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
    half_life, hl_low, hl_high = _half_life(absorption_half_life)
    req, basis = _requirement(settings, got["daily"])
    day_mg = None if req is None else (req * Q(24, "h")).to("mg")
    found = (pump_checks.tolerance(settings, opioid_tolerant, reservoir)
             + pump_checks.background(settings.background, got["daily"], req, basis)
             + pump_checks.hour_limit(settings, req, basis, reservoir)
             + pump_checks.maximum(settings, req, day_mg, reservoir, got["four"])
             + pump_checks.bolus(settings, opioid_tolerant, day_mg, reservoir)
             + pump_checks.lockout(settings, half_life, hl_low, hl_high)
             + pump_checks.volumes(settings, reservoir)
             + patient_checks.renal(settings.drug, got["egfr"])
             + (patient_checks.hepatic() if hepatic_impairment else [])
             + patient_checks.elderly(got["age"], frail)
             + patient_checks.sedatives(tuple(sedatives))
             + patient_checks.who_presses(who_presses, can_use_button)
             + patient_checks.loading(got["loading"], settings.bolus))
    return tuple(sorted(found, key=lambda f: _ORDER[f.level]))


def _half_life(given: Any):
    """The subcut absorption half-life (the assumption's value, or one given within its range)
    and the range, in min."""
    default, _source, low, high = absorption_assumption()
    if given is None:
        return default.to("min"), low, high
    half_life = quantity(given, "min", field="absorption_half_life")
    if not low <= half_life.magnitude <= high:
        raise InputError("absorption_half_life", half_life, TEXT(
            "half_life", low=fmt(Q(low, "min")), high=fmt(Q(high, "min"))))
    return half_life, low, high


def _requirement(settings: PcaSettings, daily):
    """The hourly requirement and what it is based on: the 24 h dose / 24 h, else the
    background, else none."""
    if daily is not None:
        return daily.to("mg/h"), TEXT("basis_daily", daily=fmt(daily))
    if settings.background.magnitude > 0:
        return settings.background, TEXT["basis_background"]
    return None, ""


def worst(findings) -> str | None:
    """The most serious level among ``findings`` (None when there are none)."""
    if isinstance(findings, str) or not isinstance(findings, tuple | list):
        raise InputError("findings", type(findings).__name__, TEXT["findings"])
    if not all(isinstance(f, Finding) for f in findings):
        raise InputError("findings", "something else", TEXT["findings"])
    levels = [f.level for f in findings]
    for level in LEVELS:
        if level in levels:
            return level
    return None


__all__ = ["LEVELS", "SEDATIVES", "TEXT", "WHO_PRESSES", "Finding", "absorption_assumption",
           "check_pca", "safety_rule", "worst"]
