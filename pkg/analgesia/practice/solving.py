"""Solving a practice case with the package's own functions: the previous 24 h as oral
morphine, titrated, cut for cross-tolerance and converted (the conversion chain); then the
pump (background, bolus, lockout, hour limit) or the rescue dose; and the order sheet's
rounded settings. Every range comes from the rule rows the case names in data/.

Teaching, not prescribing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pint

from .. import conversion as cv
from .. import pump, words
from .. import references as refs
from .. import rulebook as rb
from ..conversion_chain import WORKBOOK_CUT, chain
from ..order_sheet import MICROGRAM_DRUGS
from ..units import DoseRange, InputError, Q, fmt, fmt_percent, fmt_route
from .cases import LABELS, UNITS, Opioid, PracticeCase, require_case

TEXT = words.catalogue("practice.solving", {
    "prior_rate": "{rate} x 24 h = {total}",
    "prior_sum": "previous 24 h {drug} {route}: {terms} = {total}",
    "background": "background = {daily} / 24 h = {result}",
    "bolus_ratio": "bolus = {share} of the hourly background: {bg} x 1 h x {share} = {result}",
    "lockout_range": "lockout = {span} ({source}); the order uses {lockout}",
    "hour_limit": "hour limit = {times} x {bg} = {result} ({source})",
    "limit_cap": "hour limit no higher than background + boluses the lockout allows: "
    "{bg} + {bolus} x {n} = {uncapped}",
    "delay": "start the background {delay} after removing the patch ({source})",
    "naive_bolus": "opioid naive: no background; bolus {low} to {high} ({source}); the order "
    "uses {bolus}",
    "naive_limit": "hour limit = {bolus} x (floor(60 min / {lockout}) - {fewer}) = {result}, "
    "below the {uncapped} the lockout alone allows ({source})",
    "naive_lockout": "a lockout that allows at least {n} boluses an hour",
    "lockout": "lockout",
    "order_pick": "order sheet: {pick} of {daily_range} = {daily}",
    "pick.low": "the low end",
    "pick.mid": "the middle",
    "pick.high": "the high end",
    "order_limit": "order sheet hour limit = {times} x {bg} = {limit} ({volume})",
    "no_order": "no pump in this answer: the patient leaves the pump",
    "value_line": "{label}: {value}",
})

DAY = Q(1, "day")
HOUR = Q(1, "h")
NO_BACKGROUND = Q(0, "mg/h")
PLAN_STEPS_SHOWN = 2  # pca_from_daily_dose's first two lines repeat the background and bolus


@dataclass(frozen=True)
class Solution:
    """The package's answer to a case: ranges per field, arithmetic steps, and the pump the
    order sheet prints (``settings`` + ``reservoir``; None when the answer has no pump)."""

    case_id: str
    drug: str
    route: str
    values: dict[str, DoseRange]
    steps: tuple[str, ...]
    spread: tuple[tuple[str, DoseRange], ...] = ()
    settings: pump.PcaSettings | None = None
    reservoir: pump.Reservoir | None = None
    order_steps: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    daily_for_check: pint.Quantity | None = None

    def lines(self) -> tuple[str, ...]:
        return tuple(TEXT("value_line", label=LABELS[k], value=v.fmt())
                     for k, v in self.values.items())


# --- units a clinician writes ----------------------------------------------------------------


def mass_unit(drug: str) -> str:
    """mcg for drugs dosed in micrograms (fentanyl), mg for the rest: the order sheet's rule."""
    return "mcg" if drug in MICROGRAM_DRUGS else "mg"


def shown_unit(drug: str, key: str, r: DoseRange) -> DoseRange:
    """A dose range in the unit a clinician writes for ``drug`` (mcg/h for fentanyl)."""
    unit = UNITS.get(key, "")
    if not unit.startswith("mg"):
        return r
    return r.to(unit.replace("mg", mass_unit(drug), 1))


def _scale(r: DoseRange, lo: float, hi: float, unit: str) -> DoseRange:
    return DoseRange((r.low * lo).to(unit), (r.high * hi).to(unit))


def _rule_range(rule: refs.Rule, unit: str) -> DoseRange:
    return DoseRange(Q(rule.low, rule.unit).to(unit), Q(rule.high, rule.unit).to(unit))


# --- the previous 24 h -----------------------------------------------------------------------


def _prior_oral(drug: str, route: str, items: list[Opioid], steps: list[str]) -> pint.Quantity:
    """The previous 24 h of one drug by one route (not a patch), in mg/day."""
    terms = []
    sched = [(o.dose, o.every) for o in items if o.every is not None]
    rescues = [(o.dose, o.times_per_day) for o in items if o.times_per_day is not None]
    if sched or rescues:
        d = cv.daily_dose(scheduled=sched, rescues=rescues)
        steps.extend(d.steps)
        terms.append(d.value)
    for o in items:
        if o.rate is not None:
            total = (o.rate * Q(24, "h")).to("mg") / DAY
            steps.append(TEXT("prior_rate", rate=fmt(o.rate), total=fmt(total * DAY)))
            terms.append(total.to("mg/day"))
    total = sum(terms[1:], terms[0])
    if len(terms) > 1:
        steps.append(TEXT("prior_sum", drug=drug, route=fmt_route(route),
                          terms=" + ".join(fmt(t) for t in terms), total=fmt(total)))
    return total.to("mg/day")


def _prior(case: PracticeCase) -> tuple[list[tuple[str, str, Any]], list[str]]:
    """The previous 24 h per (drug, route): a mg/day dose, or the patch rate in mcg/h."""
    groups: dict[tuple[str, str], list[Opioid]] = {}
    for o in case.patient.current_opioids:
        groups.setdefault((o.drug, o.route), []).append(o)
    out, steps = [], []
    for (drug, route), items in groups.items():
        if route == "transdermal":
            out.append((drug, route, sum((o.rate for o in items[1:]), items[0].rate)))
        else:
            out.append((drug, route, _prior_oral(drug, route, items, steps)))
    return out, steps


# --- the conversion chain: equivalent -> titrate -> cut -> convert -----------------------------


def _cut(case: PracticeCase) -> str | tuple[float, float]:
    """The cut the case names, as the chain takes it: the workbook's default for the pain
    score (so the chain says why), another rule set by name, or a (low, high) part of one."""
    red = case.method["reduction"]
    if not isinstance(red, refs.Rule):
        return (red[0], red[1])
    default = rb.cut_for(case.patient.nrs).rule
    if (red.rule, red.rule_set) == (default.rule, default.rule_set):
        return WORKBOOK_CUT
    return red.rule_set


def _chain(case: PracticeCase, prior, steps: list[str]) -> DoseRange:
    """The daily dose of the target drug by the conversion chain: oral morphine equivalent,
    titrated for the pain score, cut for cross-tolerance, converted (each stage's arithmetic
    added to ``steps``; of the conversion, its last line)."""
    m = case.method
    c = chain(prior, m["target"], nrs=case.patient.nrs, table=m["table"],
              titration=m["titration"], cut=_cut(case))
    steps += [*c.equivalent.steps, *c.titrated.steps, *c.cut_note,
              *(c.reduced.steps if c.reduced is not None else ()), *c.converted.steps[-1:]]
    return c.range.to("mg/day")


def _spread(case: PracticeCase, prior) -> tuple[tuple[str, DoseRange], ...]:
    """The first previous opioid converted by each table the case lists."""
    src_drug, src_route, dose = prior[0]
    return tuple((s.label(case), cv.convert(
        dose, (src_drug, s.from_route or src_route), s.to or (case.drug, case.route),
        table=s.table).range.to("mg/day")) for s in case.spread)


# --- the pump --------------------------------------------------------------------------------


def _bolus(m: dict, bg: DoseRange, mass: str, steps: list[str]) -> DoseRange:
    ratio = m["bolus_ratio"]
    bolus = _scale(DoseRange(bg.low * HOUR, bg.high * HOUR), ratio.low, ratio.high, mass)
    steps += [TEXT("bolus_ratio", share=fmt_percent(share), bg=fmt(rate), result=fmt(result))
              for share, rate, result in ((ratio.low, bg.low, bolus.low),
                                          (ratio.high, bg.high, bolus.high))]
    return bolus


def _hour_limit(case: PracticeCase, bg: DoseRange, bolus: DoseRange, mass: str,
                steps: list[str]) -> DoseRange:
    """The hour limit range, no higher than what the lockout lets the pump give."""
    m = case.method
    mult = m["hour_limit"]
    limit = _scale(bg, mult.low, mult.high, f"{mass}/h")
    probe = pump.PcaSettings(background=bg.high, bolus=bolus.high,
                             lockout=m["order"]["lockout"].to("min"), drug=case.drug,
                             route=case.route)
    uncapped = probe.max_per_hour_uncapped
    steps += [TEXT("hour_limit", times=f"{times:g}", bg=fmt(rate), result=fmt(result),
                   source=mult.origin.cite())
              for times, rate, result in ((mult.low, bg.low, limit.low),
                                          (mult.high, bg.high, limit.high))]
    if uncapped < limit.high:
        steps.append(TEXT("limit_cap", bg=fmt(bg.high), bolus=fmt(bolus.high),
                          n=probe.boluses_per_hour, uncapped=fmt(uncapped.to(f"{mass}/h"))))
        limit = DoseRange(limit.low, max(limit.low, uncapped.to(f"{mass}/h")))
    return limit


def _pump_values(case: PracticeCase, d: DoseRange, steps: list[str]) -> dict[str, DoseRange]:
    """Background, bolus, lockout, hour limit (and delay after a patch) from the daily dose."""
    m, mass = case.method, mass_unit(case.drug)
    bg = d.to(f"{mass}/h")
    steps += [TEXT("background", daily=fmt(d.low), result=fmt(bg.low)),
              TEXT("background", daily=fmt(d.high), result=fmt(bg.high))]
    bolus = _bolus(m, bg, mass, steps)
    lockout_rule = m["lockout"]
    steps.append(TEXT("lockout_range", span=rb.span(lockout_rule),
                      lockout=fmt(m["order"]["lockout"].to("min")),
                      source=lockout_rule.origin.cite()))
    values = {"background": bg, "bolus": bolus, "lockout": _rule_range(lockout_rule, "min"),
              "hour_limit": _hour_limit(case, bg, bolus, mass, steps)}
    if "background_delay" in m:
        rule = m["background_delay"]
        delay = Q(rule.high, rule.unit).to("h")
        values["background_delay"] = DoseRange.point(delay)
        steps.append(TEXT("delay", delay=fmt(delay), source=rule.origin.cite()))
    return values


def _order(case: PracticeCase, d: DoseRange):
    """The order sheet: the picked daily dose rounded to pump steps, and its hour limit."""
    m = case.method
    order, res = m["order"], m["reservoir"]
    lockout = order["lockout"].to("min")
    plan = pump.pca_from_daily_dose(d, bolus_fraction=order["bolus_ratio"] / 24, reservoir=res,
                                    pump_step=order["pump_step"], lockout=lockout,
                                    drug=case.drug, route=case.route,
                                    pick=None if d.is_point else order["pick"])
    requirement = plan.daily_dose.to("mg/h")
    hour_limit = (requirement * order["hour_limit_multiple"]).to("mg/h")
    settings = pump.PcaSettings(background=plan.background, bolus=plan.bolus, lockout=lockout,
                                hour_limit=hour_limit, drug=case.drug, route=case.route)
    order_steps = (
        TEXT("order_pick", pick=TEXT[f"pick.{order['pick']}"], daily_range=d.fmt(),
             daily=fmt(plan.daily_dose)),
        *plan.steps[PLAN_STEPS_SHOWN:],
        TEXT("order_limit", times=f"{order['hour_limit_multiple']:g}", bg=fmt(requirement),
             limit=fmt(hour_limit), volume=fmt(res.volume_of(hour_limit))),
    )
    return settings, order_steps, plan.daily_dose


# --- solve -----------------------------------------------------------------------------------


def solve(case: PracticeCase) -> Solution:
    """Work the case with the package's functions; every range comes from the rule set in
    data/ (the rows the case names, or the workbook's defaults)."""
    case = require_case(case)
    m = case.method
    if m["kind"] == "naive_pca":
        return _solve_naive(case)
    prior, steps = _prior(case)
    values = {"daily_dose": _chain(case, prior, steps)}
    spread = _spread(case, prior)
    if "rescue" in m:
        rescue = cv.rescue_dose(values["daily_dose"], m["rescue"].rule_set)
        steps += rescue.steps
        values["rescue"] = rescue.range
        return Solution(case.id, case.drug, case.route, values, tuple(dict.fromkeys(steps)),
                        spread, order_steps=(TEXT["no_order"],))
    d = values["daily_dose"] = values["daily_dose"].to(f"{mass_unit(case.drug)}/day")
    values.update(_pump_values(case, d, steps))
    settings, order_steps, daily = _order(case, d)
    return Solution(case.id, case.drug, case.route, values, tuple(dict.fromkeys(steps)),
                    spread, settings, m["reservoir"], order_steps, daily_for_check=daily)


def _solve_naive(case: PracticeCase) -> Solution:
    """Bolus-only PCA for an opioid-naive patient: the bolus and lockout the case picks within
    its rules, and an hour limit some boluses below what the lockout allows."""
    m = case.method
    rule, lockout_rule = m["bolus"], m["lockout"]
    bolus, lockout = m["order"]["bolus"].to("mg"), m["order"]["lockout"].to("min")
    fewer = rb.default_rule("naive_hour_limit")
    probe = pump.PcaSettings(background=NO_BACKGROUND, bolus=bolus, lockout=lockout,
                             drug=case.drug, route=case.route)
    n = probe.boluses_per_hour - int(fewer.high)
    if n < 1:
        raise InputError(TEXT["lockout"], lockout, TEXT("naive_lockout", n=int(fewer.high) + 1))
    per_hour = n / HOUR
    limit = (bolus * per_hour).to("mg/h")
    settings = pump.PcaSettings(background=NO_BACKGROUND, bolus=bolus, lockout=lockout,
                                hour_limit=limit, drug=case.drug, route=case.route)
    span = _rule_range(rule, "mg")
    values = {"background": DoseRange.point(NO_BACKGROUND), "bolus": span,
              "lockout": _rule_range(lockout_rule, "min"),
              "hour_limit": DoseRange((span.low * per_hour).to("mg/h"),
                                      (span.high * per_hour).to("mg/h"))}
    steps = (TEXT("naive_bolus", low=fmt(span.low), high=fmt(span.high), bolus=fmt(bolus),
                  source=rule.origin.cite()),
             TEXT("lockout_range", span=rb.span(lockout_rule), lockout=fmt(lockout),
                  source=lockout_rule.origin.cite()),
             TEXT("naive_limit", bolus=fmt(bolus), lockout=fmt(lockout), fewer=int(fewer.high),
                  result=fmt(limit), uncapped=fmt(probe.max_per_hour_uncapped),
                  source=fewer.origin.cite()))
    values = {k: shown_unit(case.drug, k, v) for k, v in values.items()}
    return Solution(case.id, case.drug, case.route, values, steps, settings=settings,
                    reservoir=m["reservoir"], order_steps=settings.describe(m["reservoir"]))
