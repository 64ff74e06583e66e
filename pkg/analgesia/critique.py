"""Reading the Tang 2025 case critically: more places where it does not hold, every printed
number recomputed, and the conversion discrepancies recomputed with a factor of your own.

``analgesia.case.tang2025()`` already lists the discrepancies of the reference sheet. This
module adds the ones found by recomputing every printed value (``more_discrepancies``), an
audit of each number in ``data/case_tang2025/printed_values.csv`` (``audit``), and
``recompute(report, id, factor)`` for the discrepancies that hang on one conversion factor.

Every figure is computed with the package from the printed values and the data tables; none is
typed in by hand. Teaching, not prescribing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pint

from . import case
from . import conversion as cv
from . import references as refs
from . import transdermal as td
from .case import CaseReport, Discrepancy, PrintedValue, _agree, printed_values
from .units import DoseRange, InputError, Q, fmt, fraction

TEXT = {
    # more_discrepancies: what / paper / correct / note
    "net_what": "titration then the cross-tolerance cut: the low end returns to the dose that "
    "had already failed",
    "net_paper": "titrate +25% to +50% ({titrated}), then cut 10-20% ({reduced})",
    "net_correct": "net change from the failed {prior}: {low} to {high}",
    "net_line": "{reduced} / {prior} = {ratio} of the previous 24 h dose",
    "net_note": "The +25% titration and the 20% cut cancel: 200 x 1.25 x 0.8 = 200. Only the "
    "top of the range is a real increase. Which end should be used, and why?",
    "top_what": "a range is carried through, but the pump is set from its top alone",
    "top_paper": "{range} subcut HYDROmorphone per day; background and bolus from {top}",
    "top_correct": "{top} = {top_ome} oral morphine = {ratio} x the failed dose; with NCCN's "
    "25-50% cut the range would be {nccn}",
    "top_line": "{top} x {factor} = {top_ome} oral morphine; {top_ome} / {prior} = {ratio}",
    "top_note": "The top end combines the largest titration (+50%) with the smallest cut "
    "(-10%). The paper gives no reason for choosing it; the whole NCCN range lies below it.",
    "rescue_what": "the rescue dose after rotation is below 10% of the patch's oral morphine "
    "equivalent by every table",
    "rescue_what_mixed": "the rescue dose after rotation, against 10-20% of the patch's oral "
    "morphine equivalent by each table",
    "rescue_paper": "oral morphine {dose} once",
    "rescue_correct": "10-20% of the patches' oral morphine equivalent: {spread}",
    "rescue_own": "{n} patches x {hm} subcut HYDROmorphone per day (the paper's ratio) = "
    "{total}",
    "rescue_note": "A single dose on the first day is expected: serum fentanyl rises over "
    "{rise} after the first patch. NCCN summaries put a rescue dose at 10-20% of the total "
    "daily dose.",
    "cut_what": "5 patches (125 mcg/h) is not a 10-20% cut of the paper's own figure",
    "cut_paper": "{n} patches x {strength} = {rate} after the 10-20% cut",
    "cut_correct": "{reduced} ({count} patches) from the paper's ratio; {printed_reduced} "
    "({printed_count} patches) even from its 'about 5.5'",
    "cut_line": "{rate} is {change} the unreduced {own}",
    "label_line": "{rate} is {change} the label's {own}",
    "cut_note": "Five patches is more than the unreduced rate by the paper's own ratio: the "
    "cut was not applied, or the count was rounded up. Only the '2:1 rule' (140 mcg/h) cut by "
    "10-20% (112-126 mcg/h) contains 125 mcg/h.",
    "label_what": "the label's table gives a lower patch for the same oral morphine equivalent",
    "label_paper": "{rate} ({n} patches of {strength})",
    "label_correct": "{label} by the Duragesic label band for {ome}",
    "label_note": "The label's one-way bands already include a margin for incomplete "
    "cross-tolerance (no extra cut). The label table is marked unverified in data/.",
    "drop_what": "the discharge patch is a large drop from the dose before admission",
    "drop_paper": "1 patch {rate} at discharge, after radiotherapy",
    "drop_correct": "{rate} = {ome} oral morphine by the paper's ratio: {drop_prior} below the "
    "{prior} before admission, {drop_ward} below the {ward_rate} on the ward",
    "drop_line": "1 - {new} / {old} = {drop} lower",
    "drop_note": "Radiotherapy to painful bone metastases can relieve pain, so a lower need is "
    "plausible, and follow-up NRS was 1-2. The steps and timing of the reduction are not in "
    "the material available to us: discuss how it should be done and watched.",
    "bolus_what": "the bolus is smaller than the published PCA conventions for this daily dose",
    "bolus_paper": "bolus {bolus} = {share} of {daily}",
    "bolus_correct": "{lin} by Lin 2022 (10-20% of the daily dose); {kornick} by Kornick 2001 "
    "(50-100% of the hourly rate)",
    "bolus_share": "{bolus} / {daily} x 1 day = {share}",
    "bolus_kornick": "{rate} x 1 h x {low} to {high} = {result}",
    "bolus_note": "The '/20' rule (5%) has no source. Conventions differ; a smaller bolus is "
    "safer but may not relieve breakthrough pain.",
    "overlap_what": "no overlap between stopping the pump and the patch taking effect",
    "overlap_paper": "pump ended at {time}, switch to the patch",
    "overlap_correct": "Kornick 2001: keep the infusion {halve}, halve it, stop it at {stop}",
    "overlap_note": "Serum fentanyl rises over {rise} after the first patch; stopping the "
    "infusion at once leaves a gap, which may explain the rescue dose that day. The reference "
    "sheet does not say when the patch was applied.",
    # audit
    "given": "given",
    "agrees": "agrees",
    "differs": "differs",
    "audit_line": "{id}: paper {paper} | ours {ours} | {verdict}",
    "given_note": "a value the paper gives; nothing to recompute",
    # recompute
    "patch_factor": "your factor: mg/day oral morphine per mcg/h of patch",
    "hm_factor": "your factor: mg oral morphine per mg subcut HYDROmorphone",
    "own_ome": "{dose} x {factor} = {ome} oral morphine",
    "own_rate": "{ome} / {factor} (mg/day)/(mcg/h) = {rate}",
    "own_patch_ome": "{rate} x {factor} (mg/day)/(mcg/h) = {ome} oral morphine",
    "own_count": "{rate} / {strength} per patch = {count} patches",
    "own_cut": "{rate} x (1 - {cut}) = {result}",
    "own_rescue": "{ome} x 1 day x {share} = {result}",
    "own_drop": "1 - {new} / {old} = {drop} lower than before admission",
    "own_hm": "{ome} / {factor} = {dose} subcut HYDROmorphone",
    "no_recompute": "this discrepancy does not hang on one conversion factor",
}


@dataclass(frozen=True)
class AuditRow:
    """One printed value: the paper's number, ours, and whether they agree."""

    id: str
    quantity: str
    paper: str
    ours: str
    verdict: str
    note: str = ""

    def line(self) -> str:
        return TEXT["audit_line"].format(id=self.id, paper=self.paper, ours=self.ours,
                                         verdict=self.verdict)


@dataclass(frozen=True)
class FactorSpec:
    """The one factor a conversion discrepancy hangs on, with the paper's value and bounds."""

    kind: str
    label: str
    default: float
    low: float
    high: float


def _pv() -> dict[str, PrintedValue]:
    return printed_values()


def _pct(x: float) -> str:
    return f"{x * 100:.3g}%"


def _change(new: pint.Quantity, old: pint.Quantity) -> str:
    ratio = float((new / old).to("dimensionless").magnitude)
    if ratio >= 1:
        return f"{_pct(ratio - 1)} above"
    return f"{_pct(1 - ratio)} below"


def _hm_factor() -> float:
    return cv.factor("tang-2025", "hydromorphone", "subcutaneous").factor


def _patch_factor() -> float:
    return cv.factor("tang-2025", "fentanyl", "transdermal").factor


def _ward_patches() -> tuple[int, pint.Quantity, pint.Quantity]:
    """Patches applied on the ward (printed count), strength, and total rate."""
    pv = _pv()
    n = int(pv["patches_reduced"].high.magnitude)
    strength = pv["patch_strength"].high.to("mcg/h")
    return n, strength, (strength * n).to("mcg/h")


def _own_rate() -> tuple[pint.Quantity, tuple[str, ...]]:
    """The patch rate by the paper's own ratio (3 mg/day subcut = 25 mcg/h), from ~14 mg/day."""
    pv = _pv()
    hm_day = pv["days3_7_daily"].high
    per_patch = pv["patch_equivalent_hm"].high / Q(1, "day")
    strength = pv["patch_strength"].high
    rate = (hm_day / per_patch * strength).to("mcg/h")
    return rate, (f"{fmt(hm_day)} / {fmt(per_patch)} x {fmt(strength)} = {fmt(rate)}",)


# --- the new discrepancies ---------------------------------------------------------------------


def _net_change(report: CaseReport) -> Discrepancy:
    prior = report.step("prior_ome").ours
    titrated = cv.titrate(prior, nrs=case.admission_nrs())
    reduced = cv.reduce_for_cross_tolerance(titrated, "tang-2025")
    lo = float((reduced.low / prior.low).to("dimensionless").magnitude)
    hi = float((reduced.high / prior.high).to("dimensionless").magnitude)
    lines = titrated.steps + reduced.steps + (
        TEXT["net_line"].format(reduced=fmt(reduced.low), prior=fmt(prior.low), ratio=_pct(lo)),
        TEXT["net_line"].format(reduced=fmt(reduced.high), prior=fmt(prior.high), ratio=_pct(hi)),
    )
    return Discrepancy(
        "titration_cancelled_by_cut", TEXT["net_what"],
        TEXT["net_paper"].format(titrated=titrated.fmt(), reduced=reduced.fmt()),
        TEXT["net_correct"].format(prior=prior.fmt(), low=f"{_pct(lo - 1)}",
                                   high=f"+{_pct(hi - 1)}"),
        lines, TEXT["net_note"])


def _top_of_range(report: CaseReport) -> Discrepancy:
    hm = report.step("hydromorphone_daily").ours
    prior = report.step("prior_ome").ours.high
    top = report.plan.daily_dose
    top_ome = cv.ome("hydromorphone", "subcutaneous", top, table="tang-2025")
    ratio = float((top_ome.high / prior).to("dimensionless").magnitude)
    titrated = cv.titrate(report.step("prior_ome").ours, nrs=case.admission_nrs())
    nccn_cut = cv.reduce_for_cross_tolerance(titrated, "nccn")
    nccn_hm = cv.convert(nccn_cut, ("morphine", "oral"), ("hydromorphone", "subcutaneous"),
                         table="tang-2025")
    lines = (TEXT["top_line"].format(top=fmt(top), factor=f"{_hm_factor():g}",
                                     top_ome=fmt(top_ome.high), prior=fmt(prior),
                                     ratio=f"{ratio:.3g}"),) + nccn_cut.steps + nccn_hm.steps[-1:]
    return Discrepancy(
        "range_top_chosen", TEXT["top_what"],
        TEXT["top_paper"].format(range=hm.fmt(), top=fmt(top)),
        TEXT["top_correct"].format(top=fmt(top), top_ome=fmt(top_ome.high), ratio=f"{ratio:.3g}",
                                   nccn=nccn_hm.fmt() + " subcut HYDROmorphone"),
        lines, TEXT["top_note"])


def _rise_text() -> str:
    rise = refs.rule("patch_rise", "duragesic-label")
    return f"{rise.low:g}-{rise.high:g} {rise.unit}"


def _rescue(report: CaseReport) -> Discrepancy:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    hm_total = (pv["patch_equivalent_hm"].high * n / Q(1, "day")).to("mg/day")
    own_ome = cv.ome("hydromorphone", "subcutaneous", hm_total, table="tang-2025")
    own_rescue = cv.rescue_dose(own_ome)
    lines = [TEXT["rescue_own"].format(n=n, hm=fmt(pv["patch_equivalent_hm"].high),
                                       total=fmt(hm_total))]
    lines += list(own_ome.steps) + list(own_rescue.steps)
    spread = [f"{own_rescue.fmt()} (tang-2025, the paper's ratio)"]
    lows = [own_rescue.low]
    for name, table in sorted(refs.factor_tables().items()):
        if table.purpose != "rotation":
            continue
        try:
            ome = td.ome_from_patch(ward_rate, table=name)
        except InputError:
            continue
        rescue = cv.rescue_dose(ome)
        lines += list(ome.steps) + list(rescue.steps)
        spread.append(f"{rescue.fmt()} ({name})")
        lows.append(rescue.low)
    below = all(pv["rescue_morphine"].high < low for low in lows)
    return Discrepancy(
        "rescue_after_rotation", TEXT["rescue_what" if below else "rescue_what_mixed"],
        TEXT["rescue_paper"].format(dose=fmt(pv["rescue_morphine"].high)),
        TEXT["rescue_correct"].format(spread="; ".join(spread)), tuple(lines),
        TEXT["rescue_note"].format(rise=_rise_text()))


def _reduced_count(report: CaseReport) -> Discrepancy:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    own, own_lines = _own_rate()
    reduced = cv.reduce_for_cross_tolerance(own, "tang-2025")
    count = td.patch_count(reduced, strength)
    printed_rate = (pv["patches_unreduced"].high.to("patch").magnitude * strength).to("mcg/h")
    printed_reduced = cv.reduce_for_cross_tolerance(printed_rate, "tang-2025")
    printed_count = td.patch_count(printed_reduced, strength)
    lines = own_lines + reduced.steps + count.steps + printed_reduced.steps + \
        printed_count.steps + (TEXT["cut_line"].format(rate=fmt(ward_rate),
                                                       change=_change(ward_rate, own),
                                                       own=fmt(own)),)
    return Discrepancy(
        "reduced_patch_count", TEXT["cut_what"],
        TEXT["cut_paper"].format(n=n, strength=fmt(strength), rate=fmt(ward_rate)),
        TEXT["cut_correct"].format(reduced=reduced.fmt(), count=count.fmt().replace(" patch", ""),
                                   printed_reduced=printed_reduced.fmt(),
                                   printed_count=printed_count.fmt().replace(" patch", "")),
        lines, TEXT["cut_note"])


def _label(report: CaseReport) -> Discrepancy:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    hm_day = pv["days3_7_daily"].high
    ome = cv.ome("hydromorphone", "subcutaneous", hm_day, table="tang-2025")
    label = td.patch_from_ome(ome, table="duragesic-label")
    return Discrepancy(
        "label_table_lower", TEXT["label_what"],
        TEXT["label_paper"].format(rate=fmt(ward_rate), n=n, strength=fmt(strength)),
        TEXT["label_correct"].format(label=label.fmt(), ome=ome.fmt()),
        ome.steps + label.steps + (TEXT["label_line"].format(
            rate=fmt(ward_rate), change=_change(ward_rate, label.high), own=label.fmt()),),
        TEXT["label_note"])


def _discharge(report: CaseReport) -> Discrepancy:
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    rate = pv["discharge_patch"].high.to("mcg/h")
    prior = report.step("prior_ome").ours.high
    hm_equiv = (pv["patch_equivalent_hm"].high * (rate / strength).to("dimensionless")
                / Q(1, "day")).to("mg/day")
    ome = cv.ome("hydromorphone", "subcutaneous", hm_equiv, table="tang-2025")
    drop_prior = 1 - float((ome.high / prior).to("dimensionless").magnitude)
    drop_ward = 1 - float((rate / ward_rate).to("dimensionless").magnitude)
    lines = (f"{fmt(rate)} = {fmt(hm_equiv)} subcut HYDROmorphone (3 mg/day per 25 mcg/h)",) + \
        ome.steps + (
        TEXT["drop_line"].format(new=fmt(ome.high), old=fmt(prior), drop=_pct(drop_prior)),
        TEXT["drop_line"].format(new=fmt(rate), old=fmt(ward_rate), drop=_pct(drop_ward)))
    return Discrepancy(
        "discharge_drop", TEXT["drop_what"], TEXT["drop_paper"].format(rate=fmt(rate)),
        TEXT["drop_correct"].format(rate=fmt(rate), ome=fmt(ome.high), drop_prior=_pct(drop_prior),
                                    prior=fmt(prior), drop_ward=_pct(drop_ward),
                                    ward_rate=fmt(ward_rate)),
        lines, TEXT["drop_note"])


def _bolus(report: CaseReport) -> Discrepancy:
    daily = report.plan.daily_dose
    bolus = report.plan.bolus
    share = float((bolus / (daily * Q(1, "day"))).to("dimensionless").magnitude)
    lin_rule = refs.rule("pca_bolus_fraction", "lin-2022")
    lin = cv.rescue_dose(daily, share=(lin_rule.low, lin_rule.high))
    k = refs.rule("pca_bolus_to_hourly_ratio", "kornick-2001")
    rate = report.plan.background
    k_lo, k_hi = (rate * Q(1, "h") * k.low).to("mg"), (rate * Q(1, "h") * k.high).to("mg")
    kornick = DoseRange(k_lo, k_hi)
    lines = (TEXT["bolus_share"].format(bolus=fmt(bolus), daily=fmt(daily), share=_pct(share)),) \
        + lin.steps + (TEXT["bolus_kornick"].format(rate=fmt(rate), low=_pct(k.low),
                                                     high=_pct(k.high), result=kornick.fmt()),)
    return Discrepancy(
        "bolus_size_conventions", TEXT["bolus_what"],
        TEXT["bolus_paper"].format(bolus=fmt(bolus), share=_pct(share), daily=fmt(daily)),
        TEXT["bolus_correct"].format(lin=lin.fmt(), kornick=kornick.fmt()), lines,
        TEXT["bolus_note"])


def _overlap(report: CaseReport) -> Discrepancy:
    schedule = td.overlap_schedule(report.plan.background)
    halve = schedule[1].at - schedule[0].at
    stop = schedule[2].at - schedule[0].at
    return Discrepancy(
        "no_infusion_overlap", TEXT["overlap_what"],
        TEXT["overlap_paper"].format(time="06:00 on 28 May"),
        TEXT["overlap_correct"].format(halve=fmt(halve), stop=fmt(stop)),
        tuple(s.text for s in schedule), TEXT["overlap_note"].format(rise=_rise_text()))


_BUILDERS = (_net_change, _top_of_range, _reduced_count, _label, _rescue, _bolus, _overlap,
             _discharge)


def more_discrepancies(report: CaseReport) -> tuple[Discrepancy, ...]:
    """Discrepancies beyond the reference sheet's, each computed from the printed values."""
    return tuple(build(report) for build in _BUILDERS)


def all_discrepancies(report: CaseReport) -> tuple[Discrepancy, ...]:
    """The case's own list followed by :func:`more_discrepancies`."""
    return tuple(report.discrepancies) + more_discrepancies(report)


# --- every printed number ----------------------------------------------------------------------

_DERIVED = {
    # id -> how to recompute it from other printed values
    "titration_fraction": "titration",
    "cross_tolerance_fraction": "cut",
    "hm_ratio_morphine": "ratio",
    "background_basis_daily": "basis",
}


def _ratio_range(num: DoseRange, den: DoseRange, minus_one: bool, invert: bool) -> DoseRange:
    a = float((num.low / den.low).to("dimensionless").magnitude)
    b = float((num.high / den.high).to("dimensionless").magnitude)
    if invert:
        a, b = 1 - a, 1 - b
    elif minus_one:
        a, b = a - 1, b - 1
    lo, hi = sorted((round(a, 12), round(b, 12)))
    return DoseRange(Q(lo, "fraction"), Q(hi, "fraction"))


def audit(report: CaseReport) -> tuple[AuditRow, ...]:
    """Every number in printed_values.csv: recomputed where it follows from others, else given."""
    pv = _pv()
    steps = {s.id: s for s in report.steps}
    rows = []
    for pid, p in pv.items():
        if pid in steps:
            s = steps[pid]
            rows.append(AuditRow(pid, p.quantity, s.paper_text, s.ours_text,
                                 TEXT["agrees"] if s.agree else TEXT["differs"], s.note))
            continue
        kind = _DERIVED.get(pid)
        ours = None
        if kind == "titration":
            ours = _ratio_range(steps["titrated_ome"].ours, steps["prior_ome"].ours, True, False)
        elif kind == "cut":
            ours = _ratio_range(steps["reduced_ome"].ours, steps["titrated_ome"].ours, False,
                                True)
        elif kind == "ratio":
            ours = DoseRange.point(pv["hm_ratio_hydromorphone"].high * _hm_factor())
        elif kind == "basis":
            ours = DoseRange.point(report.plan.daily_dose)
        if ours is None:
            rows.append(AuditRow(pid, p.quantity, p.range.fmt().strip(), "-", TEXT["given"],
                                 TEXT["given_note"]))
        else:
            ok = _agree(ours, p)
            rows.append(AuditRow(pid, p.quantity, p.range.fmt().strip(), ours.fmt().strip(),
                                 TEXT["agrees"] if ok else TEXT["differs"]))
    return tuple(rows)


def audit_lines(report: CaseReport) -> tuple[str, ...]:
    return tuple(r.line() for r in audit(report))


# --- recompute with your own factor ------------------------------------------------------------


def factor_specs() -> dict[str, FactorSpec]:
    """Discrepancies that hang on one conversion factor, with the paper's factor as default."""
    patch = FactorSpec("patch", TEXT["patch_factor"], _patch_factor(), 1.0, 5.0)
    hm = FactorSpec("hydromorphone", TEXT["hm_factor"], _hm_factor(), 5.0, 40.0)
    return {
        "fentanyl_patch_count": patch,
        "reduced_patch_count": patch,
        "rescue_after_rotation": patch,
        "discharge_drop": patch,
        "label_table_lower": hm,
        "range_top_chosen": hm,
    }


def recompute(report: CaseReport, discrepancy_id: str, factor: float) -> tuple[str, ...]:
    """The arithmetic of one conversion discrepancy redone with ``factor`` (see factor_specs)."""
    specs = factor_specs()
    if discrepancy_id not in specs:
        raise InputError("discrepancy", discrepancy_id, "one of " + ", ".join(specs),
                         TEXT["no_recompute"])
    spec = specs[discrepancy_id]
    f = fraction(factor, field=spec.label, low=spec.low, high=spec.high)
    pv = _pv()
    n, strength, ward_rate = _ward_patches()
    hm_day = pv["days3_7_daily"].high.to("mg/day")
    prior = report.step("prior_ome").ours.high
    lines: list[str] = []
    if spec.kind == "hydromorphone":
        if discrepancy_id == "label_table_lower":
            ome = (hm_day * f).to("mg/day")
            lines.append(TEXT["own_ome"].format(dose=fmt(hm_day), factor=f"{f:g}", ome=fmt(ome)))
            label = td.patch_from_ome(ome, table="duragesic-label")
            lines += list(label.steps)
        else:
            top_ome = report.step("reduced_ome").ours.high
            dose = (top_ome / f).to("mg/day")
            lines.append(TEXT["own_hm"].format(ome=fmt(top_ome), factor=f"{f:g}", dose=fmt(dose)))
            titrated = cv.titrate(report.step("prior_ome").ours, nrs=case.admission_nrs())
            nccn = cv.reduce_for_cross_tolerance(titrated, "nccn")
            lo, hi = (nccn.low / f).to("mg/day"), (nccn.high / f).to("mg/day")
            lines.append(TEXT["own_hm"].format(ome=nccn.fmt(), factor=f"{f:g}",
                                               dose=DoseRange(lo, hi).fmt()))
        return tuple(lines)
    hm_f = _hm_factor()
    if discrepancy_id in ("fentanyl_patch_count", "reduced_patch_count"):
        ome = (hm_day * hm_f).to("mg/day")
        rate = Q(ome.magnitude / f, "mcg/h")
        lines.append(TEXT["own_ome"].format(dose=fmt(hm_day), factor=f"{hm_f:g}", ome=fmt(ome)))
        lines.append(TEXT["own_rate"].format(ome=fmt(ome), factor=f"{f:g}", rate=fmt(rate)))
        if discrepancy_id == "reduced_patch_count":
            cut = cv.reduce_for_cross_tolerance(rate, "tang-2025")
            lines += list(cut.steps)
            lines += list(td.patch_count(cut, strength).steps)
        else:
            lines += list(td.patch_count(rate, strength).steps)
        return tuple(lines)
    rate = ward_rate if discrepancy_id == "rescue_after_rotation" else \
        pv["discharge_patch"].high.to("mcg/h")
    ome = Q(rate.magnitude * f, "mg/day")
    lines.append(TEXT["own_patch_ome"].format(rate=fmt(rate), factor=f"{f:g}", ome=fmt(ome)))
    if discrepancy_id == "rescue_after_rotation":
        lines += list(cv.rescue_dose(ome).steps)
    else:
        drop = 1 - float((ome / prior).to("dimensionless").magnitude)
        lines.append(TEXT["own_drop"].format(new=fmt(ome), old=fmt(prior), drop=_pct(drop)))
    return tuple(lines)


__all__ = [
    "AuditRow",
    "FactorSpec",
    "all_discrepancies",
    "audit",
    "audit_lines",
    "factor_specs",
    "more_discrepancies",
    "recompute",
]
