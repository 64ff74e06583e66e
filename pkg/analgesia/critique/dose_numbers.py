"""The numbers of the findings about the oral morphine -> subcut hydromorphone PCA: the
titration and the cut, the pump's rounding, the bolus and hour limit, the daily totals, the
refractory label and the rule for raising the baseline. Each function returns (values for the
finding's placeholders, arithmetic lines); the conversion chain's stages are the case report's
own (``analgesia.case.tang2025``), not worked again."""

from __future__ import annotations

import math

from .. import conversion as cv
from .. import references as refs
from .. import words
from ..case import CaseReport
from ..titration import titrate
from ..units import DoseRange, Q, fmt
from .arithmetic import (
    CASE_RULES,
    CASE_TABLE,
    HYDROMORPHONE_SC,
    Stage,
    Values,
    hm_factor,
    pct,
    pct_range,
    pv,
    ratio,
    reduced,
    signed,
    titrated,
    to_hm,
)

TEXT = words.catalogue("critique.dose", {
    "ratio_line": "{new} / {old} = {ratio} of the previous 24 h dose",
    "top_line": "{top} x {factor} = {top_ome} oral morphine; {top_ome} / {prior} = {ratio}",
    "per_hour": "60 min / {lockout} = {n} boluses an hour",
    "limit_line": "{rate} x {low} to {high} = {limit}",
    "multiple_line": "{max} / {rate} = {multiple} x the background",
    "share_line": "{dose} / {total} x 1 day = {share}",
    "kornick_line": "{rate} x 1 h x {low} to {high} = {result}",
    "hourly_line": "{bolus} / ({rate} x 1 h) = {share}",
    "step_line": "{raised} / {start} - 1 = {step}",
    "band_line": "largest increase in the {rule_set} titration bands: {high}",
    "pump_line": "{top_ome} / {prior} - 1 = {change}",
    "count_span": "{low:g}-{high:g}",
})

GUIDELINE = "nccn"  # the guideline rule set the paper cites (titration bands, cut, rescues)
HOUR_LIMIT_RULES = "fast-facts-92"
HOUR = Q(1, "h")
DAY = Q(1, "day")


def pump_rates(report: CaseReport, inputs: dict) -> Values:
    plan = report.plan
    out = {"background": fmt(plan.background), "bolus": fmt(plan.bolus),
           "background_exact": fmt(plan.background_exact), "bolus_exact": fmt(plan.bolus_exact),
           "background_volume": fmt(plan.background_volume),
           "bolus_volume": fmt(plan.bolus_volume),
           "concentration": fmt(report.reservoir.concentration),
           "daily": fmt(plan.daily_dose * DAY), "pump_step": fmt(plan.pump_step),
           "divisor": f"{pv()['bolus_divisor'].high.magnitude:g}"}
    return out, tuple(plan.steps)


def titration_cut(report: CaseReport, inputs: dict) -> Values:
    prior = report.step("prior_ome").ours
    up, down = titrated(report), reduced(report)
    lo, hi = ratio(down.low, prior.low), ratio(down.high, prior.high)
    cut = refs.rule("cross_tolerance_reduction", CASE_RULES)
    out = {"prior": prior.fmt(), "titrated": up.fmt(), "reduced": down.fmt(),
           "reduced_low": fmt(down.low), "low_change": signed(lo - 1),
           "high_change": signed(hi - 1),
           "titration_low": signed(ratio(up.low, prior.low) - 1),
           "titration_high": signed(ratio(up.high, prior.high) - 1),
           "paper_cut": pct_range(cut), "cut_high": pct(cut.high)}
    lines = up.steps + down.steps + (
        TEXT("ratio_line", new=fmt(down.low), old=fmt(prior.low), ratio=pct(lo)),
        TEXT("ratio_line", new=fmt(down.high), old=fmt(prior.high), ratio=pct(hi)))
    return out, lines


def hm_safer(report: CaseReport, inputs: dict) -> Values:
    return {"hm_factor": f"{hm_factor():g}"}, ()


def no_hour_limit(report: CaseReport, inputs: dict) -> Values:
    s = report.settings
    per_hour = math.floor(ratio(HOUR, s.lockout))
    rule = refs.rule("hour_limit_multiple", HOUR_LIMIT_RULES)
    limit = DoseRange((s.background * rule.low).to("mg/h"), (s.background * rule.high).to("mg/h"))
    multiple = f"{ratio(s.max_per_hour, s.background):.3g}"
    out = {"lockout": fmt(s.lockout), "per_hour": str(per_hour),
           "max_per_hour": fmt(s.max_per_hour), "multiple": multiple,
           "limit_low": f"{rule.low:g}", "limit_high": f"{rule.high:g}",
           "limit_range": limit.fmt()}
    lines = (TEXT("per_hour", lockout=fmt(s.lockout), n=per_hour), *s.max_per_hour_steps,
             TEXT("multiple_line", max=fmt(s.max_per_hour), rate=fmt(s.background),
                  multiple=multiple),
             TEXT("limit_line", rate=fmt(s.background), low=f"{rule.low:g}",
                  high=f"{rule.high:g}", limit=limit.fmt()))
    return out, lines


def day2(report: CaseReport, inputs: dict) -> Values:
    n = int(pv()["day2_boluses"].high.magnitude)
    total = report.settings.daily_total(boluses=n)
    return {"day2_total": fmt(total.value)}, tuple(total.steps)


def bolus(report: CaseReport, inputs: dict) -> Values:
    plan = report.plan
    daily, dose, rate = plan.daily_dose, plan.bolus, plan.background
    share = ratio(dose, daily * DAY)
    hourly = ratio(dose, rate * HOUR)
    lin_rule = refs.rule("pca_bolus_fraction", "lin-2022")
    lin = cv.rescue_dose(daily, share=(lin_rule.low, lin_rule.high))
    k = refs.rule("pca_bolus_to_hourly_ratio", "kornick-2001")
    kornick = DoseRange((rate * HOUR * k.low).to("mg"), (rate * HOUR * k.high).to("mg"))
    out = {"bolus": fmt(dose), "share": pct(share), "daily": fmt(daily),
           "hourly_share": pct(hourly), "lin": lin.fmt(), "kornick": kornick.fmt(),
           "lin_rule": pct_range(lin_rule), "kornick_rule": pct_range(k),
           "lin2021_rule": pct_range(refs.rule("pca_bolus_fraction", "lin-2021"))}
    lines = (TEXT("share_line", dose=fmt(dose), total=fmt(daily), share=pct(share)),
             TEXT("hourly_line", bolus=fmt(dose), rate=fmt(rate), share=pct(hourly)),
             *lin.steps,
             TEXT("kornick_line", rate=fmt(rate), low=pct(k.low), high=pct(k.high),
                  result=kornick.fmt()))
    return out, lines


def cross_tolerance(report: CaseReport, inputs: dict) -> Values:
    """The paper's cut (the report's), NCCN's and none, each as subcut hydromorphone."""
    up, paper = titrated(report), reduced(report)
    paper_hm = Stage.of(report, "hydromorphone_daily")
    nccn = cv.reduce_for_cross_tolerance(up.range, GUIDELINE)
    nccn_hm, nocut_hm = to_hm(nccn), to_hm(up.range)
    out = {"paper_ome": paper.fmt(), "paper_hm": paper_hm.fmt(), "nccn_ome": nccn.fmt(),
           "nccn_hm": nccn_hm.fmt(), "nocut_ome": up.fmt(), "nocut_hm": nocut_hm.fmt(),
           "top": fmt(report.plan.daily_dose),
           "nccn_cut": pct_range(refs.rule("cross_tolerance_reduction", GUIDELINE)),
           "paper_cut": pct_range(refs.rule("cross_tolerance_reduction", CASE_RULES))}
    lines = up.steps + paper.steps + paper_hm.steps[-1:] + nccn.steps \
        + nccn_hm.steps[-1:] + nocut_hm.steps[-1:]
    return out, lines


def top_of_range(report: CaseReport, inputs: dict) -> Values:
    hm = report.step("hydromorphone_daily").ours
    prior = report.step("prior_ome").ours.high
    top = report.plan.daily_dose
    top_ome = cv.ome(*HYDROMORPHONE_SC, top, table=CASE_TABLE)
    times = f"{ratio(top_ome.high, prior):.3g}"
    up, cut = titrated(report), refs.rule("cross_tolerance_reduction", CASE_RULES)
    out = {"hm_range": hm.fmt(), "top": fmt(top), "top_ome": fmt(top_ome.high), "ratio": times,
           "titration_high": signed(ratio(up.high, report.step("prior_ome").ours.high) - 1),
           "cut_low": pct(cut.low)}
    lines = (TEXT("top_line", top=fmt(top), factor=f"{hm_factor():g}",
                  top_ome=fmt(top_ome.high), prior=fmt(prior), ratio=times),)
    return out, lines


def refractory(report: CaseReport, inputs: dict) -> Values:
    start = inputs["start"].to("mg")
    raised = pv()["morphine_sr_dose"].high.to("mg")
    step = ratio(raised, start) - 1
    rows = [r for r in refs.load("titration_rules") if r["rule_set"] == GUIDELINE]
    band_high = max(r["increase_high"] for r in rows)
    prior = report.step("prior_ome").ours.high
    day1 = (report.step("day1_total").ours.high / DAY).to("mg/day")
    day1_ome = cv.ome(*HYDROMORPHONE_SC, day1, table=CASE_TABLE)
    rise = ratio(day1_ome.high, prior) - 1
    up, before = titrated(report), report.step("prior_ome").ours
    out = {"titration_low": signed(ratio(up.low, before.low) - 1),
           "titration_high": signed(ratio(up.high, before.high) - 1),
           "start": fmt(start), "raised": fmt(raised), "step": signed(step),
           "max_band": signed(band_high), "day1": fmt(day1),
           "day1_ome": fmt(day1_ome.high), "day1_change": signed(rise)}
    lines = (TEXT("step_line", raised=fmt(raised), start=fmt(start), step=signed(step)),
             TEXT("band_line", rule_set=GUIDELINE, high=signed(band_high)),
             *day1_ome.steps,
             TEXT("pump_line", top_ome=fmt(day1_ome.high), prior=fmt(prior),
                  change=signed(rise)))
    return out, lines


def three_btp(report: CaseReport, inputs: dict) -> Values:
    """The rescue count that calls for a higher baseline, and the titration band for the
    day 1 pain score (a score the report does not titrate for)."""
    rule = refs.rule("rescue_count_to_raise_baseline", GUIDELINE)
    nrs = int(inputs["nrs_day1"].magnitude)
    band = titrate(report.step("prior_ome").ours, nrs=nrs)
    out = {"rescue_count": TEXT("count_span", low=rule.low, high=rule.high),
           "band": band.steps[0]}
    return out, (band.steps[0],)
