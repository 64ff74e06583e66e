"""Every dose step of the Tang 2025 case recomputed, beside the paper's printed value.

``tang2025()`` recomputes each step with this package (no factor tuned to the paper): the
paper's number and ours stand side by side, ``agree`` says whether ours equals the paper's to
the paper's rounding (an "about" value agrees when it lies within our range). The conversion
(previous 24 h -> titrated -> cut -> subcut hydromorphone) is one
:func:`analgesia.conversion_chain.chain`, kept whole in ``CaseReport.chain``. Where the
paper's arithmetic, pharmacology or reporting does not hold,
``analgesia.critique.findings()`` says so, with the paper's words and the evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pint

from . import conversion as cv
from . import conversion_chain, pump, rulebook, words
from . import references as refs
from . import transdermal as td
from .case import PrintedValue, admission_nrs, case_reservoir, printed_values
from .conversion_chain import ChainResult
from .units import DoseRange, Q, fmt

# The case's own rule sets and tables (data/rules.csv, data/conversion_factors.csv,
# data/titration_rules.csv, data/fentanyl_patches.csv): the paper's numbers, not a guideline's.
CASE_RULES = "tang-2025"
TITRATION_RULES = "nccn"
PRINTED_PRODUCT = "tang-2025 as printed"

TEXT = words.catalogue("case_report", {
    "title": "Tang 2025: oral morphine -> subcutaneous HYDROmorphone PCA -> fentanyl patch",
    "agree": "agrees",
    "differs": "differs",
    "line": "{label}: paper {paper} | ours {ours} | {verdict}",
    "col_step": "step",
    "col_paper": "paper",
    "col_ours": "ours",
    "col_agree": "agree",
    "col_note": "note",
    "yes": "yes",
    "no": "NO",
    "prior_ome": "oral morphine, previous 24 h",
    "titrated_ome": "after titration for NRS {nrs}",
    "reduced_ome": "after the paper's {cut} cross-tolerance cut",
    "hydromorphone_daily": "subcut HYDROmorphone per day ({morphine}:{hm} = {ratio}:1)",
    "reservoir_drug": "hydromorphone in the reservoir",
    "ampoules": "{n} x {strength} = {total}",
    "reservoir_volume": "reservoir volume",
    "concentration": "concentration",
    "background": "background (rounded down to {step}/h)",
    "bolus": "bolus (rounded down to {step})",
    "exact": "exact {value}",
    "lockout": "lockout",
    "day": "day {day}",
    "day_total": "{day} total ({n} boluses)",
    "day_volume": "{day} volume",
    "days3_7_daily": "days 3-7 per day ({low}-{high} boluses)",
    "patches_unreduced": "{strength} patches (paper's own {per_patch} = 1 patch)",
    "own_rate": "{hm_day} / {per_patch} per day x {strength} = {rate}",
    "patches_reduced": "patches after the {cut} cut",
    "patches_reduced_content": "content of {n} printed patches",
    "content": "{n} x {content} = {total} (content, not dose)",
    "discharge_patch_content": "content of the discharge patch",
})


@dataclass(frozen=True)
class CaseStep:
    """One dose step: ours beside the paper's."""

    id: str
    label: str
    ours: DoseRange
    paper: PrintedValue | None
    agree: bool
    steps: tuple[str, ...]
    note: str = ""

    @property
    def paper_text(self) -> str:
        return "-" if self.paper is None else self.paper.range.fmt()

    @property
    def ours_text(self) -> str:
        return self.ours.fmt()


@dataclass(frozen=True)
class CaseReport:
    """Every dose step of the case; ``chain`` holds the conversion chain's stages."""

    title: str
    steps: tuple[CaseStep, ...]
    reservoir: pump.Reservoir
    plan: pump.PcaPlan
    settings: pump.PcaSettings
    chain: ChainResult | None = None

    def step(self, step_id: str) -> CaseStep:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def frame(self):
        import pandas as pd

        return pd.DataFrame(
            [{TEXT["col_step"]: s.label, TEXT["col_paper"]: s.paper_text,
              TEXT["col_ours"]: s.ours_text, TEXT["col_agree"]: TEXT["yes" if s.agree else "no"],
              TEXT["col_note"]: s.note} for s in self.steps]
        )

    def lines(self) -> tuple[str, ...]:
        """Plain text, one line per step: for printing in a notebook."""
        return tuple(TEXT("line", label=s.label, paper=s.paper_text, ours=s.ours_text,
                          verdict=TEXT["agree" if s.agree else "differs"]) for s in self.steps)


def _agree(ours: DoseRange, paper: PrintedValue) -> bool:
    """Equal to the paper's rounding; an 'about' value agrees when it lies within our range."""
    p = paper.range.to(str(ours.units))
    d = paper.decimals
    lo, hi = round(ours.low.magnitude, d), round(ours.high.magnitude, d)
    p_lo, p_hi = round(p.low.magnitude, d), round(p.high.magnitude, d)
    if "approx" in paper.quantity or "about" in paper.quote:
        return lo <= p_lo and p_hi <= hi
    tolerance = 10.0 ** -d / 1000  # a thousandth of the paper's last printed digit
    return math.isclose(lo, p_lo, abs_tol=tolerance) and math.isclose(hi, p_hi, abs_tol=tolerance)


def _r(x) -> DoseRange:
    if isinstance(x, DoseRange):
        return x
    if hasattr(x, "range"):
        return x.range
    return DoseRange.point(x)


class _Steps:
    """Collects the report's steps, each beside the paper's printed value of the same id."""

    def __init__(self) -> None:
        self.pv = printed_values()
        self.steps: list[CaseStep] = []

    def add(self, step_id: str, label: str, ours: Any, lines=(), note: str = "") -> None:
        paper = self.pv.get(step_id)
        r = _r(ours)
        self.steps.append(CaseStep(step_id, label, r, paper,
                                   paper is not None and _agree(r, paper), tuple(lines), note))

    def number(self, value_id: str) -> int:
        return int(self.pv[value_id].high.magnitude)


def _cut_span() -> str:
    return rulebook.span(refs.rule("cross_tolerance_reduction", CASE_RULES))


def _conversion(s: _Steps) -> ChainResult:
    """Steps 1-4: previous 24 h of oral morphine, titration for the admission NRS, the paper's
    cut for cross-tolerance, oral morphine -> subcut hydromorphone at the paper's 60:3."""
    pv = s.pv
    scheduled = [(pv["morphine_sr_dose"].high, pv["morphine_sr_interval"].high)]
    rescues = [(pv["morphine_ir_dose"].high, s.number("morphine_ir_count"))]
    prior = cv.daily_dose(scheduled=scheduled, rescues=rescues)
    s.add("prior_ome", TEXT["prior_ome"], prior, prior.steps)
    nrs = admission_nrs()
    chain = conversion_chain.chain([("morphine", "oral", prior.range)],
                                   ("hydromorphone", "subcutaneous"), nrs=nrs, table=CASE_RULES,
                                   titration=TITRATION_RULES, cut=CASE_RULES)
    s.add("titrated_ome", TEXT("titrated_ome", nrs=nrs), chain.titrated, chain.titrated.steps)
    s.add("reduced_ome", TEXT("reduced_ome", cut=_cut_span()), chain.reduced, chain.reduced.steps)
    morphine, hm = (pv[k].high.magnitude for k in ("hm_ratio_morphine", "hm_ratio_hydromorphone"))
    s.add("hydromorphone_daily", TEXT("hydromorphone_daily", morphine=_n(morphine), hm=_n(hm),
                                      ratio=_n(morphine / hm)),
          chain.converted, chain.converted.steps)
    return chain


def _pump(s: _Steps, daily: pint.Quantity) -> tuple[pump.Reservoir, pump.PcaPlan]:
    """Steps 5-6: the reservoir; background and bolus from the upper daily dose, bolus = 1/20,
    rounded down to the pump step inferred from the printed rates (data/rules.csv)."""
    res = case_reservoir()
    n, strength = s.number("ampoule_count"), s.pv["ampoule_strength"].high
    s.add("reservoir_drug", TEXT["reservoir_drug"], res.drug_amount,
          (TEXT("ampoules", n=n, strength=fmt(strength), total=fmt(res.drug_amount)),))
    s.add("reservoir_volume", TEXT["reservoir_volume"], res.volume, res.steps)
    s.add("concentration", TEXT["concentration"], res.concentration, res.steps)
    step = refs.rule("pca_pump_step", "tang-2025-inferred")
    fraction = 1 / s.pv["bolus_divisor"].high.magnitude
    plan = pump.pca_from_daily_dose(daily, bolus_fraction=fraction, reservoir=res,
                                    pump_step=Q(step.low, step.unit),
                                    lockout=s.pv["lockout"].high)
    s.add("background", TEXT("background", step=fmt(plan.pump_step)), plan.background,
          plan.steps[::2], note=TEXT("exact", value=fmt(plan.background_exact)))
    s.add("bolus", TEXT("bolus", step=fmt(plan.pump_step)), plan.bolus, plan.steps[1::2],
          note=TEXT("exact", value=fmt(plan.bolus_exact)))
    s.add("lockout", TEXT["lockout"], plan.settings.lockout)
    return res, plan


def _daily_totals(s: _Steps, settings: pump.PcaSettings, res: pump.Reservoir) -> None:
    """Step 7: the daily totals on days 1, 2 and 3-7 from the printed bolus counts."""
    for day in (1, 2):
        n = s.number(f"day{day}_boluses")
        total = settings.daily_total(boluses=n, reservoir=res)
        label = TEXT("day", day=day)
        s.add(f"day{day}_total", TEXT("day_total", day=label, n=n), total.value, total.steps)
        s.add(f"day{day}_volume", TEXT("day_volume", day=label), total.volume, total.steps[-1:])
    counts = s.pv["days3_7_boluses"]
    lo_n, hi_n = int(counts.low.magnitude), int(counts.high.magnitude)
    per_day = [(settings.daily_total(boluses=n).value / Q(1, "day")).to("mg/day")
               for n in (lo_n, hi_n)]
    s.add("days3_7_daily", TEXT("days3_7_daily", low=lo_n, high=hi_n), DoseRange(*per_day))


def _patches(s: _Steps) -> None:
    """Step 8: rotation to the fentanyl patch by the paper's own ratio (3 mg/day subcut
    hydromorphone = one 25 mcg/h patch), its cut, and the printed patch contents."""
    pv = s.pv
    hm_day, strength = pv["days3_7_daily"].high, pv["patch_strength"].high
    per_patch = pv["patch_equivalent_hm"].high
    own_rate = (hm_day / (per_patch / Q(1, "day")) * strength).to("mcg/h")
    own_count = td.patch_count(own_rate, strength)
    ratio = pv["hm_ratio_morphine"].high.magnitude / pv["hm_ratio_hydromorphone"].high.magnitude
    s.add("patches_unreduced", TEXT("patches_unreduced", strength=fmt(strength),
                                    per_patch=fmt(per_patch)), own_count,
          (TEXT("own_rate", hm_day=fmt(hm_day), per_patch=fmt(per_patch), strength=fmt(strength),
                rate=fmt(own_rate)),) + own_count.steps,
          note=words.data_text("case.patches_unreduced_note", ratio=f"{_n(ratio)}:1",
                               printed=_n(pv["patches_unreduced"].high.magnitude)))
    reduced_rate = cv.reduce_for_cross_tolerance(own_rate, CASE_RULES)
    reduced_patch = td.patch_count(reduced_rate, strength)
    s.add("patches_reduced", TEXT("patches_reduced", cut=_cut_span()), reduced_patch,
          reduced_rate.steps + reduced_patch.steps)
    content = td.content(strength, product=PRINTED_PRODUCT)
    n = s.number("patches_reduced")
    s.add("patches_reduced_content", TEXT("patches_reduced_content", n=n), content * n,
          (TEXT("content", n=n, content=fmt(content), total=fmt(content * n)),))
    s.add("discharge_patch_content", TEXT["discharge_patch_content"], content)


def tang2025() -> CaseReport:
    """Every dose step of the case, recomputed, beside the paper's printed numbers."""
    s = _Steps()
    chain = _conversion(s)
    res, plan = _pump(s, chain.high)
    _daily_totals(s, plan.settings, res)
    _patches(s)
    return CaseReport(TEXT["title"], tuple(s.steps), res, plan, plan.settings, chain)


def _n(x: float) -> str:
    return f"{x:g}"


__all__ = ["CASE_RULES", "PRINTED_PRODUCT", "TITRATION_RULES", "CaseReport", "CaseStep",
           "tang2025"]
