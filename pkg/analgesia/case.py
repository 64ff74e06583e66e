"""The Tang 2025 case as data, and every dose step recomputed beside the paper's printed value.

Tang J, Ding F, Yu M, Cai X. Medicine (Baltimore) 2025;104(20):e42433,
doi 10.1097/MD.0000000000042433.

``tang2025()`` recomputes each step with this package (no factor tuned to the paper): the
paper's number and ours stand side by side, ``agree`` says whether ours equals the paper's to
the paper's rounding, and ``discrepancies`` lists every place where the paper's arithmetic or
pharmacology does not hold, with the correct figure beside it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pint

from . import conversion as cv
from . import pump
from . import references as refs
from . import transdermal as td
from .units import DoseRange, Q, fmt

CASE_DIR = refs.DATA_DIR / "case_tang2025"

TEXT = {
    "title": "Tang 2025: oral morphine -> subcutaneous HYDROmorphone PCA -> fentanyl patch",
    "agree": "agrees",
    "differs": "differs",
}


@dataclass(frozen=True)
class PrintedValue:
    """A number the paper prints, with its quote and place (data/case_tang2025/printed_values)."""

    id: str
    quantity: str
    low: pint.Quantity
    high: pint.Quantity
    quote: str
    location: str
    status: str
    note: str

    @property
    def range(self) -> DoseRange:
        return DoseRange(self.low, self.high)

    @property
    def decimals(self) -> int:
        """Decimals the paper printed (15.15 -> 2, 14 -> 0): the rounding we compare at."""
        return max(_decimals(self.low.magnitude), _decimals(self.high.magnitude))


def _decimals(x: float) -> int:
    d = Decimal(repr(float(x))).normalize()
    return max(0, -d.as_tuple().exponent)


@functools.cache
def printed_values() -> dict[str, PrintedValue]:
    path = CASE_DIR / "printed_values.csv"
    schema = {"id": refs.text, "quantity": refs.text, "low": refs.number, "high": refs.number,
              "unit": refs.unit, "status": refs.one_of(*refs.STATUSES)}
    out = {}
    for r in refs.read_csv(path, schema):
        if r["low"] > r["high"]:
            raise refs.DataFileError(path, r["_row"], "low", "is above high")
        if r["id"] in out:
            raise refs.DataFileError(path, r["_row"], "id", f"'{r['id']}' appears twice")
        out[r["id"]] = PrintedValue(r["id"], r["quantity"], Q(r["low"], r["unit"]),
                                    Q(r["high"], r["unit"]), r.get("quote", ""),
                                    r.get("location", ""), r["status"], r.get("note", ""))
    return out


def timeline():
    """The 2018-2021 history as a DataFrame (data/case_tang2025/timeline.csv)."""
    import pandas as pd

    path = CASE_DIR / "timeline.csv"
    rows = refs.read_csv(path, {"date": refs.text, "precision": refs.one_of(
        "day", "month", "datetime", "approximate"), "category": refs.text, "event": refs.text})
    frame = pd.DataFrame([{k: v for k, v in r.items() if k != "_row"} for r in rows])
    frame["date"] = pd.to_datetime(frame["date"], format="ISO8601")
    return frame


def table1():
    """The paper's Table 1 (days 1, 2, 3, 7, maintenance) as a DataFrame."""
    import pandas as pd

    path = CASE_DIR / "table1.csv"
    rows = refs.read_csv(path, {"phase": refs.text, "status": refs.one_of(*refs.STATUSES)})
    return pd.DataFrame([{k: v for k, v in r.items() if k != "_row"} for r in rows])


def patient() -> dict[str, Any]:
    import yaml

    path = CASE_DIR / "patient.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for key in ("age", "diagnosis", "pain", "citation"):
        if key not in data:
            raise refs.DataFileError(path, None, key, "is missing")
    return data


def admission_nrs() -> int:
    """The pain score on admission, from patient.yaml (NRS 6)."""
    return int(patient()["pain"]["nrs"])


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
class Discrepancy:
    """A place where the paper does not hold: what it prints, what is correct, and why."""

    id: str
    what: str
    paper: str
    correct: str
    arithmetic: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class CaseReport:
    title: str
    steps: tuple[CaseStep, ...]
    discrepancies: tuple[Discrepancy, ...]
    reservoir: pump.Reservoir
    plan: pump.PcaPlan
    settings: pump.PcaSettings

    def step(self, step_id: str) -> CaseStep:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def frame(self):
        import pandas as pd

        return pd.DataFrame(
            [{"step": s.label, "paper": s.paper_text, "ours": s.ours_text,
              "agree": "yes" if s.agree else "NO", "note": s.note} for s in self.steps]
        )

    def lines(self) -> tuple[str, ...]:
        """Plain text, one line per step: for printing in a notebook."""
        return tuple(
            f"{s.label}: paper {s.paper_text} | ours {s.ours_text} | "
            f"{TEXT['agree'] if s.agree else TEXT['differs']}" for s in self.steps
        )


def _agree(ours: DoseRange, paper: PrintedValue) -> bool:
    """Equal to the paper's rounding; an 'about' value agrees when it lies within our range."""
    p = paper.range.to(str(ours.units))
    d = paper.decimals
    lo, hi = round(ours.low.magnitude, d), round(ours.high.magnitude, d)
    p_lo, p_hi = round(p.low.magnitude, d), round(p.high.magnitude, d)
    if "approx" in paper.quantity or "about" in paper.quote:
        return lo <= p_lo and p_hi <= hi
    return math.isclose(lo, p_lo, abs_tol=10 ** -(d + 3)) and math.isclose(
        hi, p_hi, abs_tol=10 ** -(d + 3))


def _r(x) -> DoseRange:
    if isinstance(x, DoseRange):
        return x
    if hasattr(x, "range"):
        return x.range
    return DoseRange.point(x)


def tang2025() -> CaseReport:
    """Every dose step of the case, recomputed, beside the paper's printed numbers."""
    pv = printed_values()
    steps: list[CaseStep] = []

    def add(step_id: str, label: str, ours: Any, lines=(), note: str = "", paper_id=None):
        paper = pv.get(paper_id or step_id)
        r = _r(ours)
        steps.append(CaseStep(step_id, label, r, paper,
                              paper is not None and _agree(r, paper), tuple(lines), note))

    # 1. The previous 24 h of oral morphine.
    prior = cv.daily_dose(scheduled=[(pv["morphine_sr_dose"].high, "12 h")],
                          rescues=[(pv["morphine_ir_dose"].high,
                                    int(pv["morphine_ir_count"].high.magnitude))])
    add("prior_ome", "oral morphine, previous 24 h", prior, prior.steps)

    # 2. Titration for the admission pain score (NRS 6, moderate pain), NCCN bands.
    nrs = admission_nrs()
    titrated = cv.titrate(prior, nrs=nrs)
    add("titrated_ome", f"after titration for NRS {nrs}", titrated, titrated.steps)

    # 3. The paper's 10-20% cut for cross-tolerance (NCCN as reproduced says 25-50%).
    reduced = cv.reduce_for_cross_tolerance(titrated, "tang-2025")
    add("reduced_ome", "after the paper's 10-20% cross-tolerance cut", reduced, reduced.steps)
    reduced_nccn = cv.reduce_for_cross_tolerance(titrated, "nccn")

    # 4. Oral morphine -> subcutaneous hydromorphone at the paper's 60:3.
    hm = cv.convert(reduced, ("morphine", "oral"), ("hydromorphone", "subcutaneous"),
                    table="tang-2025")
    add("hydromorphone_daily", "subcut HYDROmorphone per day (60:3 = 20:1)", hm, hm.steps)

    # 5. The reservoir.
    ampoules = int(pv["ampoule_count"].high.magnitude)
    res = pump.Reservoir(
        drug="hydromorphone",
        drug_amount=pv["ampoule_strength"].high * ampoules,
        drug_volume=pv["ampoule_volume"].high * ampoules,
        diluent_volume=pv["reservoir_diluent"].high,
    )
    add("reservoir_drug", "hydromorphone in the reservoir", res.drug_amount,
        (f"{ampoules} x {fmt(pv['ampoule_strength'].high)} = {fmt(res.drug_amount)}",))
    add("reservoir_volume", "reservoir volume", res.volume, res.steps)
    add("concentration", "concentration", res.concentration, res.steps)

    # 6. Background and bolus from the upper daily dose (13.5 mg), bolus = 1/20, rounded down
    # to the pump step we infer from the printed rates (data/rules.csv, an assumption).
    bolus_fraction = 1 / pv["bolus_divisor"].high.magnitude
    step = refs.rule("pca_pump_step", "tang-2025-inferred")
    plan = pump.pca_from_daily_dose(hm.high, bolus_fraction=bolus_fraction, reservoir=res,
                                    pump_step=Q(step.low, step.unit), lockout=pv["lockout"].high)
    add("background", f"background (rounded down to {fmt(plan.pump_step)}/h)", plan.background,
        plan.steps[::2],
        note=f"exact {fmt(plan.background_exact)}")
    add("bolus", f"bolus (rounded down to {fmt(plan.pump_step)})", plan.bolus, plan.steps[1::2],
        note=f"exact {fmt(plan.bolus_exact)}")
    add("lockout", "lockout", plan.settings.lockout)
    settings = plan.settings

    # 7. Daily totals on days 1, 2 and 3-7.
    for day, label in ((1, "day 1"), (2, "day 2")):
        n = int(pv[f"day{day}_boluses"].high.magnitude)
        total = settings.daily_total(boluses=n, reservoir=res)
        add(f"day{day}_total", f"{label} total ({n} boluses)", total.value, total.steps)
        add(f"day{day}_volume", f"{label} volume", total.volume, total.steps[-1:])
    lo_n = int(pv["days3_7_boluses"].low.magnitude)
    hi_n = int(pv["days3_7_boluses"].high.magnitude)
    d_lo = settings.daily_total(boluses=lo_n).value / Q(1, "day")
    d_hi = settings.daily_total(boluses=hi_n).value / Q(1, "day")
    add("days3_7_daily", f"days 3-7 per day ({lo_n}-{hi_n} boluses)",
        DoseRange(d_lo.to("mg/day"), d_hi.to("mg/day")))

    # 8. Rotation to the fentanyl patch, by the paper's own ratio (3 mg/day subcut = 25 mcg/h).
    hm_day = pv["days3_7_daily"].high
    strength = pv["patch_strength"].high
    per_patch_hm = pv["patch_equivalent_hm"].high
    own_rate = (hm_day / (per_patch_hm / Q(1, "day")) * strength).to("mcg/h")
    own_count = td.patch_count(own_rate, strength)
    add("patches_unreduced", "25 mcg/h patches (paper's own 3 mg = 1 patch)", own_count,
        (f"{fmt(hm_day)} / {fmt(per_patch_hm)} per day x {fmt(strength)} = {fmt(own_rate)}",)
        + own_count.steps,
        note="5.5 only with 20:1 and the 2:1 rule")
    reduced_rate = cv.reduce_for_cross_tolerance(own_rate, "tang-2025")
    reduced_patch = td.patch_count(reduced_rate, strength)
    add("patches_reduced", "patches after the 10-20% cut", reduced_patch,
        reduced_rate.steps + reduced_patch.steps)
    content = td.content(strength, product="tang-2025 as printed")
    n_printed = int(pv["patches_reduced"].high.magnitude)
    add("patches_reduced_content", f"content of {n_printed} printed patches", content * n_printed,
        (f"{n_printed} x {fmt(content)} = {fmt(content * n_printed)} (content, not dose)",))
    add("discharge_patch_content", "content of the discharge patch", content)

    report_steps = tuple(steps)
    discrepancies = _discrepancies(pv, prior, titrated, reduced, reduced_nccn, plan, settings,
                                   hm_day, strength, own_rate, n_printed, content)
    return CaseReport(TEXT["title"], report_steps, discrepancies, res, plan, settings)


def _discrepancies(pv, prior, titrated, reduced, reduced_nccn, plan, settings, hm_day, strength,
                   own_rate, n_printed, content) -> tuple[Discrepancy, ...]:
    out = []
    out.append(Discrepancy(
        "pump_rates_rounded_down", "background and bolus are rounded down, unexplained",
        f"{fmt(plan.background)}, {fmt(plan.bolus)}",
        f"{fmt(plan.background_exact)}, {fmt(plan.bolus_exact)} unrounded",
        plan.steps,
        "The printed values fit whole 0.1 mL pump steps at 0.5 mg/mL; the paper does not say "
        "so. The '/20' bolus rule has no source: Lin 2022 uses 10-20% of the daily dose.",
    ))
    two_to_one = td.patch_from_ome(cv.convert(
        DoseRange.point(hm_day), ("hydromorphone", "subcutaneous"), ("morphine", "oral"),
        table="tang-2025"), table="nccn")
    two_count = td.patch_count(two_to_one, strength)
    own_count = (own_rate / strength).to("dimensionless")
    out.append(Discrepancy(
        "fentanyl_patch_count", "number of patches does not follow from the paper's own ratio",
        pv["patches_unreduced"].range.fmt(),
        f"{fmt(own_rate)} = {fmt(own_count)} patches of {fmt(strength)}",
        (f"{fmt(hm_day)} / {fmt(pv['patch_equivalent_hm'].high)} x {fmt(strength)} = "
         f"{fmt(own_rate)}",) + two_to_one.steps + two_count.steps,
        "About 5.5 appears only with 20:1 plus the '2:1 rule' (oral morphine mg/day / 2 = "
        "mcg/h).",
    ))
    wear = refs.rule("patch_wear_time", "duragesic-label")
    delivered = td.delivered(strength, Q(wear.low, wear.unit), patches=n_printed)
    out.append(Discrepancy(
        "patch_mg_is_content", "patch 'mg' is drug content, not the dose delivered",
        f"{fmt(content * n_printed)} per 72 h",
        f"{fmt(delivered)} delivered per 72 h",
        (f"{n_printed} x {fmt(strength)} x {fmt(Q(wear.low, wear.unit))} = {fmt(delivered)}",
         f"{n_printed} x {fmt(content)} = {fmt(content * n_printed)} content"),
        "Content per 25 mcg/h differs by brand (Duragesic 4.2 mg); what the patient receives "
        "is rate x time.",
    ))
    out.append(Discrepancy(
        "cross_tolerance_nccn", "the 10-20% cross-tolerance cut is attributed to NCCN",
        reduced.fmt(), f"{reduced_nccn.fmt()} with NCCN's 25-50% as commonly reproduced",
        reduced_nccn.steps,
        "NCCN as reproduced and Fine & Portenoy 2009 give 25-50% for a change of opioid.",
    ))
    out.append(Discrepancy(
        "no_hour_limit", "no hour (or 4-hour) limit is given",
        "none", f"up to {fmt(settings.max_per_hour)} possible", settings.max_per_hour_steps,
        "Fast Facts #92: set an hour limit, often 3-5 times the hourly requirement.",
    ))
    out.append(Discrepancy(
        "day2_breakthrough_count", "day 2: the text counts 3 breakthrough episodes, Table 1 2",
        "3 (text) / 2 (Table 1)", f"{fmt(settings.daily_total(boluses=2).value)} uses 2",
        settings.daily_total(boluses=2).steps, "The printed day 2 total fits 2 boluses.",
    ))
    out.append(Discrepancy(
        "fentanyl_metabolite", "fentanyl's metabolite is named as remifentanil",
        "remifentanil", "norfentanyl (CYP3A4), inactive", (),
        "Remifentanil is a separate drug, broken down by blood esterases.",
    ))
    out.append(Discrepancy(
        "dimethicone", "dimethicone is called an antidiarrhoeal", "antidiarrhoeal",
        "an antifoaming agent", (), "Dimethicone relieves gas and bloating.",
    ))
    return tuple(out)
