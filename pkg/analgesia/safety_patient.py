"""The checks of a PCA order that depend on the patient: kidneys, liver, age and frailty,
sedatives given with the opioid, who presses the button, and the loading dose.

Each returns a list of :class:`~analgesia.safety_rules.Finding`, its thresholds read from the
rule rows (:mod:`analgesia.rulebook`); :func:`analgesia.safety.check_pca` runs them all.
"""

from __future__ import annotations

from .rulebook import default_rule, only, span
from .safety_rules import EPS, TEXT, Finding, cite, ratio, ref
from .units import Q, _num, fmt, fmt_percent

# The rule of each renal finding (data/pca_safety_rules.csv), by drug: level and rule.
RENAL = {"morphine": ("danger", "renal_avoid_morphine"),
         "hydromorphone": ("warning", "renal_caution_hydromorphone"),
         "fentanyl": ("info", "renal_preferred_fentanyl")}


def renal(drug: str, egfr) -> list[Finding]:
    """Below the severe-renal eGFR: avoid morphine, caution with HYDROmorphone, fentanyl the
    usual choice (King 2011)."""
    if egfr is None:
        return []
    severe = default_rule("severe_renal_egfr")
    limit = Q(severe.high, "mL/min")
    if egfr >= limit or drug not in RENAL:
        return []
    level, name = RENAL[drug]
    row = only(name)
    return [Finding(level, f"renal_{drug}", TEXT(f"renal_{drug}", egfr=fmt(egfr),
                                                  limit=fmt(limit)),
                    cite(row, TEXT("t_egfr", limit=fmt(limit))))]


def hepatic() -> list[Finding]:
    row = only("hepatic_start_fraction")
    return [Finding("warning", "hepatic_impairment", TEXT(
        "hepatic", low=fmt_percent(row.low), high=fmt_percent(row.high)), cite(row, span(row)))]


def elderly(age, frail: bool | None) -> list[Finding]:
    """From the checker's elderly age (or frail): the larger end of the cross-tolerance cut."""
    row = default_rule("elderly_age")
    old = age is not None and age.magnitude >= row.low
    if not (old or frail):
        return []
    who = TEXT("elderly_age", age=_num(age.magnitude), limit=_num(row.low)) if old else (
        TEXT["frail"])
    cut = default_rule("cut_pain_controlled")
    end = fmt_percent(cut.high)
    return [Finding("warning", "elderly_or_frail", TEXT("elderly", who=who, end=end, ref=ref(cut)),
                    cite(cut, TEXT("t_cut_end", span=span(cut), end=end)))]


def sedatives(kinds) -> list[Finding]:
    out = []
    for kind in dict.fromkeys(kinds):
        row = only(f"sedative_{kind}")
        out.append(Finding("warning", f"sedative_{kind}", TEXT(
            "sedative", kind=TEXT[f"kind_{kind}"]), cite(row, TEXT["t_any_dose"])))
    return out


def who_presses(who: str, can_use_button: bool | None) -> list[Finding]:
    """A clinician-activated pump, or a patient who cannot use the button."""
    if who == "nurse":
        row = only("clinician_activated")
        return [Finding("info", "clinician_activated", TEXT("clinician_mode", ref=ref(row)),
                        cite(row, TEXT["t_nurse"]))]
    if can_use_button is False:
        row = only("cannot_use_button")
        return [Finding("warning", "cannot_use_button", TEXT("cannot_press", ref=ref(row)),
                        cite(row, TEXT["t_button"]))]
    return []


def loading(dose, bolus) -> list[Finding]:
    """A loading dose against the usual multiple of the bolus."""
    if dose is None or bolus.magnitude <= 0:
        return []
    row = default_rule("loading_dose")
    times = (dose / bolus).to("dimensionless").magnitude
    large = times > row.high + EPS
    return [Finding(
        "warning" if large else "info", "loading_dose_large" if large else "loading_dose",
        TEXT("loading_large" if large else "loading_ok", loading=fmt(dose), ratio=ratio(times),
             bolus=fmt(bolus), times=ratio(row.high), limit=fmt(bolus * row.high)),
        cite(row, TEXT("t_times_bolus", times=ratio(row.high))))]


# The checks take the values check_pca() has already validated: callers use check_pca.
__all__: list[str] = []
