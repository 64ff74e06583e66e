"""The numbers of the findings about the fentanyl patch: how many patches, what a patch's
milligrams mean, the overlap with the pump, the taper at discharge, the first rescue dose and
what the tables say. Each function returns (values for the finding's placeholders, arithmetic
lines), computed from printed_values.csv and the tables in data/."""

from __future__ import annotations

import math

import pint

from .. import conversion as cv
from .. import references as refs
from .. import transdermal as td
from .. import words
from ..case import CaseReport
from ..units import DoseRange, InputError, Q, fmt
from .arithmetic import (
    CASE_RULES,
    CASE_TABLE,
    HYDROMORPHONE_SC,
    ORAL_MORPHINE,
    Values,
    change,
    count,
    mcg_h,
    own_rate,
    pct,
    pct_range,
    pct_span,
    pv,
    ratio,
    rise_text,
    ward_patches,
)

TEXT = words.catalogue("critique.patch", {
    "content_line": "{n} x {content} = {total} content (not a dose)",
    "delivered_line": "{n} x {strength} x {wear} = {delivered} delivered",
    "drop_line": "1 - {new} / {old} = {drop} lower",
    "taper_line": "{rate} x (1 - {cut})^{n} = {result}",
    "patch_step": "{before} patches -> {after}: 1 - {after}/{before} = {cut} lower",
    "rescue_own": "{n} patches x {hm} subcut HYDROmorphone per day (the paper's ratio) = "
    "{total}",
    "rescue_share": "{rescue} / ({ome} x 1 day) = {share}",
    "spread_item": "{rate} ({table})",
    "no_label": "-",
})

PRINTED_PRODUCT = "tang-2025 as printed"  # data/fentanyl_patches.csv: the paper's content
LABEL_PRODUCT = "Duragesic"
LABEL_RULES = "duragesic-label"
TWO_TO_ONE = "nccn"  # the '2:1 rule' table (oral morphine mg/day / 2 = mcg/h)


def fentanyl_patch_count(report: CaseReport, inputs: dict) -> Values:
    values = pv()
    hm_day = values["days3_7_daily"].high
    strength = mcg_h(values["patch_strength"].high)
    own, own_lines = own_rate()
    own_count = td.patch_count(own, strength)
    two = td.patch_from_ome(cv.convert(DoseRange.point(hm_day), HYDROMORPHONE_SC,
                                       ORAL_MORPHINE, table=CASE_TABLE), table=TWO_TO_ONE)
    two_count = td.patch_count(two, strength)
    out = {"printed": f"{values['patches_unreduced'].high.magnitude:g}",
           "strength": fmt(strength), "hm_day": fmt(hm_day),
           "per_patch": fmt(values["patch_equivalent_hm"].high), "own_rate": fmt(own),
           "own_count": count(own_count), "two_to_one": two.fmt(), "two_count": count(two_count)}
    return out, own_lines + own_count.steps + two.steps + two_count.steps


def reduced_patch_count(report: CaseReport, inputs: dict) -> Values:
    values = pv()
    n, strength, ward_rate = ward_patches()
    own, own_lines = own_rate()
    reduced = cv.reduce_for_cross_tolerance(own, CASE_RULES)
    n_reduced = td.patch_count(reduced, strength)
    printed_rate = mcg_h(values["patches_unreduced"].high.to("patch").magnitude * strength)
    printed_reduced = cv.reduce_for_cross_tolerance(printed_rate, CASE_RULES)
    printed_count = td.patch_count(printed_reduced, strength)
    out = {"n": str(n), "strength": fmt(strength), "ward_rate": fmt(ward_rate),
           "own": fmt(own), "reduced": reduced.fmt(), "count": count(n_reduced),
           "printed_reduced": printed_reduced.fmt(), "printed_count": count(printed_count),
           "change": change(ward_rate, own),
           "paper_cut": pct_range(refs.rule("cross_tolerance_reduction", CASE_RULES))}
    lines = (own_lines + reduced.steps + n_reduced.steps + printed_reduced.steps
             + printed_count.steps)
    return out, lines


def patch_content(report: CaseReport, inputs: dict) -> Values:
    n, strength, _ = ward_patches()
    content = td.content(strength, product=PRINTED_PRODUCT)
    label_content = td.content(strength, product=LABEL_PRODUCT)
    wear = refs.rule("patch_wear_time", LABEL_RULES)
    wear_q = Q(wear.low, wear.unit)
    delivered = td.delivered(strength, wear_q, patches=n)
    total = (content * n).to("mg")
    out = {"content_total": fmt(total), "content": fmt(pv()["discharge_patch_content"].high),
           "duragesic_content": fmt(label_content), "strength": fmt(strength), "n": str(n),
           "wear": fmt(wear_q), "delivered": fmt(delivered)}
    lines = (TEXT("content_line", n=n, content=fmt(content), total=fmt(total)),
             TEXT("delivered_line", n=n, strength=fmt(strength), wear=fmt(wear_q),
                  delivered=fmt(delivered)))
    return out, lines


def overlap(report: CaseReport, inputs: dict) -> Values:
    schedule = td.overlap_schedule(report.plan.background)
    halve = schedule[1].at - schedule[0].at
    stop = schedule[2].at - schedule[0].at
    return ({"halve": fmt(halve), "stop": fmt(stop), "rise": rise_text()},
            tuple(s.text for s in schedule))


def _steps_needed(start: pint.Quantity, end: pint.Quantity, cut: float) -> int:
    """Fewest steps of at most ``cut`` from ``start`` down to ``end``: (1 - cut)^n <= end/start."""
    return math.ceil(math.log(ratio(end, start)) / math.log(1 - cut) - 1e-12)


def _one_patch_at_a_time(n: int, lines: list[str]) -> list[str]:
    """The cut of each step when patches come off one at a time: 1 - (k - 1)/k."""
    cuts = []
    for k in range(n, 1, -1):
        cut = 1 - (k - 1) / k
        cuts.append(pct(cut))
        lines.append(TEXT("patch_step", before=k, after=k - 1, cut=pct(cut)))
    return cuts


def discharge(report: CaseReport, inputs: dict) -> Values:
    n, strength, ward_rate = ward_patches()
    end = mcg_h(pv()["discharge_patch"].high)
    drop = 1 - ratio(end, ward_rate)
    low = float(inputs["taper_low"].to("fraction").magnitude)
    high = float(inputs["taper_high"].to("fraction").magnitude)
    lines = [TEXT("drop_line", new=fmt(end), old=fmt(ward_rate), drop=pct(drop))]
    steps = {}
    for cut in (high, low):
        k = steps[cut] = _steps_needed(ward_rate, end, cut)
        lines += [TEXT("taper_line", rate=fmt(ward_rate), cut=pct(cut), n=m,
                       result=fmt(ward_rate * (1 - cut) ** m)) for m in (k - 1, k)]
    one_patch = _one_patch_at_a_time(n, lines)
    smallest = Q(min(td.STRENGTHS_MCG_H), "mcg/h")
    out = {"ward_rate": fmt(ward_rate), "discharge": fmt(end), "drop": pct(drop),
           "steps_25": str(steps[high]), "steps_10": str(steps[low]),
           "one_patch": ", ".join(one_patch), "smallest": fmt(smallest),
           "taper": pct_span(low, high), "taper_low": pct(low), "taper_high": pct(high),
           "strength": fmt(strength)}
    return out, tuple(lines)


def _rescue_spread(ward_rate: pint.Quantity, lines: list[str]) -> list[str]:
    """The rescue dose from the ward's patches by every rotation table that converts a patch."""
    spread = []
    for name, table in sorted(refs.factor_tables().items()):
        if table.purpose != "rotation":
            continue
        try:
            ome = td.ome_from_patch(ward_rate, table=name)
        except InputError:
            continue
        r = cv.rescue_dose(ome)
        lines += list(ome.steps) + list(r.steps)
        spread.append(TEXT("spread_item", rate=r.fmt(), table=name))
    return spread


def rescue(report: CaseReport, inputs: dict) -> Values:
    values = pv()
    n, strength, ward_rate = ward_patches()
    dose = values["rescue_morphine"].high
    hm_total = (values["patch_equivalent_hm"].high * n / Q(1, "day")).to("mg/day")
    own_ome = cv.ome(*HYDROMORPHONE_SC, hm_total, table=CASE_TABLE)
    own_rescue = cv.rescue_dose(own_ome)
    lines = [TEXT("rescue_own", n=n, hm=fmt(values["patch_equivalent_hm"].high),
                  total=fmt(hm_total))]
    lines += list(own_ome.steps) + list(own_rescue.steps)
    spread = [TEXT("spread_item", rate=own_rescue.fmt(), table=CASE_TABLE)]
    spread += _rescue_spread(ward_rate, lines)
    share = ratio(dose, own_ome.high * Q(1, "day"))
    lines.append(TEXT("rescue_share", rescue=fmt(dose), ome=fmt(own_ome.high), share=pct(share)))
    out = {"rescue": fmt(dose), "own_ome": fmt(own_ome.high), "share": pct(share),
           "spread": "; ".join(spread), "rise": rise_text(),
           "rescue_rule": pct_range(refs.rule("rescue_fraction", "nccn"))}
    return out, tuple(lines)


def label(report: CaseReport, inputs: dict) -> Values:
    n, strength, ward_rate = ward_patches()
    hm_day = pv()["days3_7_daily"].high
    ome = cv.ome(*HYDROMORPHONE_SC, hm_day, table=CASE_TABLE)
    own, own_lines = own_rate()
    own_reduced = cv.reduce_for_cross_tolerance(own, CASE_RULES)
    lines = list(ome.steps) + list(own_lines) + list(own_reduced.steps)
    spread, on_label = [], None
    for name, table in sorted(refs.factor_tables().items()):
        if table.purpose not in ("rotation", "label"):
            continue
        try:
            rate = td.patch_from_ome(ome, table=name)
        except InputError:
            continue
        lines += list(rate.steps)
        spread.append(TEXT("spread_item", rate=rate.fmt(), table=name))
        if table.purpose == "label":
            on_label = rate
    out = {"ward_rate": fmt(ward_rate), "n": str(n), "strength": fmt(strength),
           "hm_day": fmt(hm_day), "ome": ome.fmt(), "spread": "; ".join(spread),
           "label": on_label.fmt() if on_label is not None else TEXT["no_label"],
           "own": fmt(own), "own_reduced": own_reduced.fmt()}
    return out, tuple(lines)
