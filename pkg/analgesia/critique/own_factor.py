"""A conversion finding redone with a learner's own factor: the paper's factor is the default,
the bounds come from findings.yaml ``own_factors``, and the arithmetic is the package's."""

from __future__ import annotations

import pint

from .. import conversion as cv
from .. import transdermal as td
from .. import words
from ..case import CaseReport
from ..units import DoseRange, InputError, Q, fmt, fraction
from .arithmetic import (
    CASE_RULES,
    hm_factor,
    mcg_h,
    patch_factor,
    pct,
    pv,
    ratio,
    reduced,
    titrated,
    ward_patches,
)
from .findings_file import raw
from .reading import check_report
from .results import FactorSpec

TEXT = words.catalogue("critique.own_factor", {
    "patch_factor": "your factor: mg/day oral morphine per mcg/h of patch",
    "hm_factor": "your factor: mg oral morphine per mg subcut HYDROmorphone",
    "own_ome": "{dose} x {factor} = {ome} oral morphine",
    "own_rate": "{ome} / {factor} (mg/day)/(mcg/h) = {rate}",
    "own_patch_ome": "{rate} x {factor} (mg/day)/(mcg/h) = {ome} oral morphine",
    "own_drop": "1 - {new} / {old} = {drop} lower than before admission",
    "own_hm": "{ome} / {factor} = {dose} subcut HYDROmorphone",
    "no_recompute": "this finding does not hang on one conversion factor",
    "finding_id": "finding",
    "one_of": "one of {names}",
})

GUIDELINE_CUT = "nccn"
LABEL_TABLE = "duragesic-label"
# finding id -> the factor it hangs on (findings.yaml own_factors holds each one's bounds)
FACTOR_OF = {
    "fentanyl_patch_count": "patch",
    "reduced_patch_count": "patch",
    "rescue_after_rotation": "patch",
    "discharge_drop": "patch",
    "label_table_lower": "hydromorphone",
    "range_top_chosen": "hydromorphone",
}


def factor_specs() -> dict[str, FactorSpec]:
    """Findings that hang on one conversion factor, with the paper's factor as default and
    the bounds of a learner's own factor from findings.yaml."""
    bounds = raw().own_factors
    specs = {"patch": FactorSpec("patch", TEXT["patch_factor"], patch_factor(),
                                 *bounds["patch"]),
             "hydromorphone": FactorSpec("hydromorphone", TEXT["hm_factor"], hm_factor(),
                                         *bounds["hydromorphone"])}
    return {finding_id: specs[kind] for finding_id, kind in FACTOR_OF.items()}


def _hydromorphone(report: CaseReport, finding_id: str, f: float) -> list[str]:
    """Subcut hydromorphone -> oral morphine (or back) at ``f`` mg per mg."""
    hm_day = pv()["days3_7_daily"].high.to("mg/day")
    if finding_id == "label_table_lower":
        ome = (hm_day * f).to("mg/day")
        label = td.patch_from_ome(ome, table=LABEL_TABLE)
        return [TEXT("own_ome", dose=fmt(hm_day), factor=f"{f:g}", ome=fmt(ome)),
                *label.steps]
    top_ome = reduced(report).high
    dose = (top_ome / f).to("mg/day")
    nccn = cv.reduce_for_cross_tolerance(titrated(report).range, GUIDELINE_CUT)
    lo, hi = (nccn.low / f).to("mg/day"), (nccn.high / f).to("mg/day")
    return [TEXT("own_hm", ome=fmt(top_ome), factor=f"{f:g}", dose=fmt(dose)),
            TEXT("own_hm", ome=nccn.fmt(), factor=f"{f:g}", dose=DoseRange(lo, hi).fmt())]


def _patch_count(finding_id: str, f: float) -> list[str]:
    """Days 3-7 hydromorphone -> oral morphine (paper's factor) -> patch rate at ``f``."""
    _, strength, _ = ward_patches()
    hm_day = pv()["days3_7_daily"].high.to("mg/day")
    hm_f = hm_factor()
    ome = (hm_day * hm_f).to("mg/day")
    rate = Q(ome.magnitude / f, "mcg/h")
    lines = [TEXT("own_ome", dose=fmt(hm_day), factor=f"{hm_f:g}", ome=fmt(ome)),
             TEXT("own_rate", ome=fmt(ome), factor=f"{f:g}", rate=fmt(rate))]
    if finding_id == "reduced_patch_count":
        cut = cv.reduce_for_cross_tolerance(rate, CASE_RULES)
        return lines + list(cut.steps) + list(td.patch_count(cut, strength).steps)
    return lines + list(td.patch_count(rate, strength).steps)


def _patch_ome(report: CaseReport, finding_id: str, f: float) -> list[str]:
    """A patch rate -> oral morphine at ``f``: the first rescue, or the drop at discharge."""
    _, _, ward_rate = ward_patches()
    rate: pint.Quantity = ward_rate if finding_id == "rescue_after_rotation" else \
        mcg_h(pv()["discharge_patch"].high)
    ome = Q(rate.magnitude * f, "mg/day")
    lines = [TEXT("own_patch_ome", rate=fmt(rate), factor=f"{f:g}", ome=fmt(ome))]
    if finding_id == "rescue_after_rotation":
        return lines + list(cv.rescue_dose(ome).steps)
    prior = report.step("prior_ome").ours.high
    drop = 1 - ratio(ome, prior)
    return lines + [TEXT("own_drop", new=fmt(ome), old=fmt(prior), drop=pct(drop))]


def recompute(report: CaseReport, discrepancy_id: str, factor: float) -> tuple[str, ...]:
    """The arithmetic of one conversion finding redone with ``factor`` (see factor_specs)."""
    report = check_report(report)
    specs = factor_specs()
    if not isinstance(discrepancy_id, str) or discrepancy_id not in specs:
        raise InputError(TEXT["finding_id"], discrepancy_id,
                         TEXT("one_of", names=", ".join(specs)), TEXT["no_recompute"])
    spec = specs[discrepancy_id]
    f = fraction(factor, field=spec.label, low=spec.low, high=spec.high)
    if spec.kind == "hydromorphone":
        return tuple(_hydromorphone(report, discrepancy_id, f))
    if discrepancy_id in ("fentanyl_patch_count", "reduced_patch_count"):
        return tuple(_patch_count(discrepancy_id, f))
    return tuple(_patch_ome(report, discrepancy_id, f))
