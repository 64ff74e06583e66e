"""Dose conversion: oral morphine equivalents, equianalgesic conversion, titration, cross-tolerance
reduction, rescue dose, opioid tolerance.

Every factor comes from ``data/conversion_factors.csv`` through :mod:`references`; a result
names its table, factor and source and shows its arithmetic in ``steps``.

- OME (oral morphine equivalent) = dose x factor (mg oral morphine per mg; per mcg/h for
  patches, giving mg/day)
- conversion A -> B = dose_A x factor_A / factor_B, through oral morphine
- titration (NRS band): dose x (1 + increase), NCCN as reproduced
- cross-tolerance reduction: low x (1 - largest cut), high x (1 - smallest cut)
- rescue dose = total daily dose x fraction (10-20%, NCCN summaries)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pint

from . import bounds, rulebook, words
from . import references as refs
from .units import (
    DoseRange,
    InputError,
    Q,
    _num,
    as_range,
    fmt,
    fmt_drug,
    fmt_percent,
    fmt_route,
    fraction_range,
    quantity,
)

TEXT = words.catalogue("conversion", {
    "ome": "{dose} {drug} {route} x {factor} ({table}: {basis}) = {result} oral morphine",
    "to_target": "{ome} oral morphine / {factor} ({table}) = {result} {drug} {route}",
    "reduce": "{dose} x (1 - {cut}) = {result}",
    "rescue": "{dose} x {share} = {result} per dose",
    "daily_scheduled": "{dose} every {interval} = {per_day}",
    "daily_rescue": "{count} x {dose} = {total}",
    "daily_total": "total over 24 h = {terms} = {total}",
    "surveillance": "table '{table}' is a morphine-milligram-equivalent (MME) surveillance table: "
    "it was made to flag overdose risk in non-cancer pain, and its authors say not to use it to "
    "convert one opioid to another. Pass allow_surveillance=True to see it anyway.",
    "one_way": "table '{table}' is one-way ({direction}) for {drug} {route}",
    "missing": "table '{table}' has no factor for {drug} {route}",
    "out_of_scope": "{drug} is out of scope: {note}",
    "tolerant_drug": "{drug} {route} {dose} >= {threshold} for {weeks} week(s) (at least {need})",
    "tolerant_sum": "total {ome} oral morphine equivalent >= {threshold} for {weeks} week(s)",
    "not_tolerant_dose": "not tolerant: no opioid reaches its threshold and the total {ome} oral "
    "morphine equivalent is below {threshold}",
    "not_tolerant_time": "not tolerant: the dose is high enough but taken for {weeks} week(s), "
    "fewer than the {need} required",
})


@dataclass(frozen=True)
class DoseResult:
    """A computed dose or dose range that explains itself.

    ``low``/``high`` are Quantities (equal for a point), ``steps`` the arithmetic as lines a
    learner can read, ``factors`` and ``sources`` what was used, ``table`` the named table.
    """

    low: pint.Quantity
    high: pint.Quantity
    steps: tuple[str, ...]
    drug: str = ""
    route: str = ""
    table: str | None = None
    factors: tuple[refs.Factor, ...] = ()
    sources: tuple[refs.Source, ...] = ()
    warnings: tuple[str, ...] = ()
    what: str = ""

    @property
    def range(self) -> DoseRange:
        return DoseRange(self.low, self.high)

    @property
    def is_point(self) -> bool:
        return self.range.is_point

    @property
    def value(self) -> pint.Quantity:
        """The dose when this is a point; a range has no single value (use low/high)."""
        if not self.is_point:
            raise InputError("value", self.range.fmt(), "a single dose; this result is a range, "
                             "read .low and .high")
        return self.high

    def fmt(self, digits: int | None = None) -> str:
        return self.range.fmt(digits)

    def cite(self) -> str:
        return "; ".join(dict.fromkeys(s.cite() for s in self.sources))

    def __str__(self) -> str:
        return self.fmt()


# --- factor look-up ---------------------------------------------------------------------------


def _table(table: str) -> refs.FactorTable:
    known = refs.factor_tables()
    if not isinstance(table, str) or table not in known:
        raise InputError("table", table, "one of " + ", ".join(sorted(known)))
    return known[table]


def _drug_route(drug: Any, route: Any, field_name: str) -> tuple[str, str]:
    if not isinstance(drug, str) or drug.strip().lower() not in refs.DRUGS:
        raise InputError(f"{field_name} drug", drug, "one of " + ", ".join(refs.DRUGS))
    if not isinstance(route, str) or route.strip().lower() not in refs.ROUTES:
        raise InputError(f"{field_name} route", route, "one of " + ", ".join(refs.ROUTES))
    return drug.strip().lower(), route.strip().lower()


def factor(table: str, drug: str, route: str, *, field_name: str = "drug") -> refs.Factor:
    """The factor row for (table, drug, route); methadone and absent rows raise clearly."""
    drug, route = _drug_route(drug, route, field_name)
    _table(table)
    if drug == "methadone":
        notes = [f.origin.note for f in refs.factors() if f.drug == "methadone"]
        raise InputError(
            field_name, drug, "another opioid",
            TEXT["out_of_scope"].format(drug=drug, note=notes[0] if notes else "non-linear"),
        )
    for f in refs.factors():
        if (f.table, f.drug, f.route) == (table, drug, route):
            return f
    having = sorted({f.table for f in refs.factors() if (f.drug, f.route) == (drug, route)})
    raise InputError(
        "table",
        table,
        TEXT["missing"].format(table=table, drug=drug, route=route)
        + (f"; tables that have it: {', '.join(having)}" if having else ""),
    )


def _check_purpose(table: str, allow_surveillance: bool) -> None:
    if _table(table).purpose == "surveillance" and not allow_surveillance:
        rotation = sorted(k for k, v in refs.factor_tables().items() if v.purpose == "rotation")
        raise InputError("table", table, "a rotation table (" + ", ".join(rotation) + ")",
                         TEXT["surveillance"].format(table=table))


# Input bounds against typing slips (an extra zero or three), not clinical limits, live in
# data/input_bounds.csv (ome, dose, patch_rate, interval, ...): see analgesia.bounds.


def _dose_for(f: refs.Factor, dose: Any, field_name: str) -> DoseRange:
    """The dose as a range in the unit the factor applies to (mcg/h for patches)."""
    if f.basis == "mcg/h":
        _require_mcg_per_h(dose, field_name)
        r = as_range(dose, "mcg/h", field=field_name)
        for end in (r.low, r.high):
            bounds.check(end, "patch_rate", field=field_name)
        return r
    probe = Q(_first(dose), field=field_name)
    unit = "mg/day" if probe.check("[mass]/[time]") else "mg"
    r = as_range(dose, unit, field=field_name)
    # the lower bound is the dose's own; the upper bound is on the oral morphine it stands
    # for: factor x dose
    ome_bound = bounds.bound("ome")
    kind = "daily_dose" if unit == "mg/day" else "dose"
    for end in (r.low, r.high):
        bounds.check(end, kind, field=field_name, upper=False)
        if end.magnitude * f.factor > ome_bound.high:
            low = bounds.bound(kind).low
            high = Q(ome_bound.high / f.factor, unit)
            raise InputError(field_name, end, f"{_num(low)} to {fmt(high)} ({ome_bound.label} "
                             f"at most {_num(ome_bound.high)} mg/day at a factor of "
                             f"{f.factor:g}), such as {bounds.bound(kind).example}",
                             label=_label(field_name))
    return r


def _scale(r: DoseRange, k: float, unit: str) -> DoseRange:
    return DoseRange((r.low * k).to(unit), (r.high * k).to(unit))


def _factor_text(f: refs.Factor) -> str:
    return f"{f.factor:g}" + (" (mg/day)/(mcg/h)" if f.basis == "mcg/h" else "")


# --- public conversions ---------------------------------------------------------------------


def ome(drug: str, route: str, dose: Any, table: str = "nccn") -> DoseResult:
    """Oral morphine equivalent of ``dose``: dose x factor (mg/day for rates and patches).

    Surveillance (MME) tables are allowed here: computing MME is what they are for.
    """
    f = factor(table, drug, route)
    if f.direction == "from-oral-morphine" and (f.drug, f.route) != ("morphine", "oral"):
        raise InputError("table", table, TEXT["one_way"].format(
            table=table, direction="oral morphine -> drug only", drug=f.drug, route=f.route))
    r = _dose_for(f, dose, "dose")
    if f.basis == "mcg/h":
        out = DoseRange(Q(r.low.magnitude * f.factor, "mg/day"),
                        Q(r.high.magnitude * f.factor, "mg/day"))
    else:
        out = _scale(r, f.factor, str(r.units))
    step = TEXT["ome"].format(dose=r.fmt(), drug=f.drug, route=fmt_route(f.route),
                              factor=_factor_text(f), table=table, basis=f.basis,
                              result=out.fmt())
    warn = ()
    if _table(table).purpose == "surveillance":
        warn = (f"'{table}' is a surveillance (MME) table: not for rotating opioids",)
    return DoseResult(out.low, out.high, (step,), "morphine", "oral", table, (f,),
                      (f.origin,), warn, what="oral morphine equivalent")


def convert(
    dose: Any,
    from_: tuple[str, str],
    to: tuple[str, str],
    table: str = "nccn",
    allow_surveillance: bool = False,
) -> DoseResult:
    """Equianalgesic conversion through oral morphine: dose_A x factor_A / factor_B.

    No reduction for cross-tolerance is applied here (see :func:`reduce_for_cross_tolerance`).
    A one-way table is used only in its direction; a surveillance table only on request.
    """
    if not (isinstance(from_, tuple | list) and len(from_) == 2):
        raise InputError("from_", from_, "a (drug, route) pair such as ('morphine', 'oral')")
    if not (isinstance(to, tuple | list) and len(to) == 2):
        raise InputError("to", to, "a (drug, route) pair such as ('hydromorphone', 'subcutaneous')")
    _check_purpose(table, allow_surveillance)
    first = ome(from_[0], from_[1], dose, table=table)
    g = factor(table, to[0], to[1], field_name="to")
    # Oral morphine is the pivot every table is written against: always a valid target.
    if g.direction == "to-oral-morphine" and (g.drug, g.route) != ("morphine", "oral"):
        raise InputError("table", table, TEXT["one_way"].format(
            table=table, direction="drug -> oral morphine only", drug=g.drug, route=g.route))
    om = first.range
    if g.basis == "mcg/h":
        if not om.low.check("[mass]/[time]"):
            raise InputError("dose", om.fmt(), "a daily dose (mg/day) to convert to a patch rate")
        d = om.to("mg/day")
        out = DoseRange(Q(d.low.magnitude / g.factor, "mcg/h"), Q(d.high.magnitude / g.factor,
                                                                   "mcg/h"))
    else:
        out = _scale(om, 1 / g.factor, str(om.units))
    step = TEXT["to_target"].format(ome=om.fmt(), factor=_factor_text(g), table=table,
                                    result=out.fmt(), drug=fmt_drug(g.drug, True),
                                    route=fmt_route(g.route))
    lead = () if (first.factors[0].drug, first.factors[0].route) == ("morphine", "oral") else (
        first.steps)
    return DoseResult(
        out.low, out.high, lead + (step,), g.drug, g.route, table,
        first.factors + (g,), first.sources + (g.origin,), first.warnings,
        what=f"{g.drug} {g.route}",
    )


def convert_all(
    dose: Any,
    from_: tuple[str, str],
    to: tuple[str, str],
    include_surveillance: bool = False,
) -> tuple[DoseResult, ...]:
    """The same conversion under every table that has both factors in a usable direction:
    the spread a learner should see before picking one."""
    out = []
    for name, t in sorted(refs.factor_tables().items()):
        if t.purpose == "label" or (t.purpose == "surveillance" and not include_surveillance):
            continue
        try:
            out.append(convert(dose, from_, to, table=name, allow_surveillance=True))
        except InputError as exc:
            if exc.field in ("table",):
                continue
            raise
    return tuple(out)


def reduce_for_cross_tolerance(dose: Any, reduction: Any = None) -> DoseResult:
    """Cut a converted dose for incomplete cross-tolerance: low x (1 - largest cut),
    high x (1 - smallest cut). ``reduction`` is (low, high) fractions or a rule set name in
    ``data/rules.csv`` (``fine-portenoy-2009`` and ``nccn`` 25-50%, ``tang-2025`` 10-20%,
    ``nhhpco-uncontrolled`` none). None, the default, is the workbook's cut for a rotation when
    pain is controlled (``cut_pain_controlled`` in data/teaching_defaults.csv); when pain is not
    controlled the workbook cuts nothing after titration (``rulebook.cut_for(nrs)``)."""
    if reduction is None:
        reduction = rulebook.default_rule("cut_pain_controlled").rule_set
    cut_lo, cut_hi, sources = _fractions(reduction, "cross_tolerance_reduction", "reduction",
                                         high=0.99)
    r = _any(dose, "dose")
    lo = (r.low * (1 - cut_hi)).to(r.units)
    hi = (r.high * (1 - cut_lo)).to(r.units)
    steps = (
        TEXT["reduce"].format(dose=fmt(r.low), cut=fmt_percent(cut_hi), result=fmt(lo)),
        TEXT["reduce"].format(dose=fmt(r.high), cut=fmt_percent(cut_lo), result=fmt(hi)),
    )
    return DoseResult(lo, hi, steps, _attr(dose, "drug"), _attr(dose, "route"),
                      sources=sources, what="after cross-tolerance reduction")


def rescue_dose(total_daily: Any, share: Any = "nccn") -> DoseResult:
    """Breakthrough (rescue) dose = total daily dose x 10-20% (NCCN summaries)."""
    lo_f, hi_f, sources = _fractions(share, "rescue_fraction", "share", high=1.0)
    r = as_range(total_daily, "mg/day", field="total_daily")
    for end in (r.low, r.high):
        bounds.check(end, "daily_dose", field="total_daily", label="total daily dose")
    lo = (r.low * lo_f * Q(1, "day")).to("mg")
    hi = (r.high * hi_f * Q(1, "day")).to("mg")
    steps = (
        TEXT["rescue"].format(dose=fmt(r.low), share=fmt_percent(lo_f), result=fmt(lo)),
        TEXT["rescue"].format(dose=fmt(r.high), share=fmt_percent(hi_f), result=fmt(hi)),
    )
    return DoseResult(lo, hi, steps, _attr(total_daily, "drug"), _attr(total_daily, "route"),
                      sources=sources, what="rescue dose")


def daily_dose(
    scheduled: Iterable[tuple[Any, Any]] = (),
    rescues: Iterable[tuple[Any, int]] = (),
) -> DoseResult:
    """Total over 24 h: each scheduled dose x (24 h / interval) + each rescue dose x count.

    ``daily_dose(scheduled=[("90 mg", "12 h")], rescues=[("10 mg", 2)])`` is 200 mg/day.
    """
    terms, steps = [], []
    scheduled = _pairs(scheduled, "scheduled", "(dose, interval) pairs such as ('90 mg', '12 h')")
    rescues = _pairs(rescues, "rescues", "(dose, count) pairs such as ('10 mg', 2)")
    for i, (d, every) in enumerate(scheduled):
        dq = bounds.check(d, "dose", field=f"scheduled[{i}] dose",
                          label=f"scheduled dose {i + 1}")
        iv = bounds.check(every, "interval", field=f"scheduled[{i}] interval",
                          label=f"dosing interval {i + 1}")
        per_day = (dq / iv).to("mg/day")
        terms.append(per_day)
        steps.append(TEXT["daily_scheduled"].format(dose=fmt(dq), interval=fmt(iv),
                                                    per_day=fmt(per_day)))
    for i, (d, n) in enumerate(rescues):
        dq = bounds.check(d, "dose", field=f"rescues[{i}] dose", label=f"rescue dose {i + 1}")
        n = bounds.count(n, "rescue_count", field=f"rescues[{i}] count",
                         label=f"rescue doses a day {i + 1}")
        total = (dq * n / Q(1, "day")).to("mg/day")
        terms.append(total)
        steps.append(TEXT["daily_rescue"].format(count=n, dose=fmt(dq), total=fmt(total * Q(
            1, "day"))))
    if not terms:
        raise InputError("scheduled", "nothing", "at least one scheduled or rescue dose")
    total = sum(terms[1:], terms[0])
    steps.append(TEXT["daily_total"].format(terms=" + ".join(fmt(t) for t in terms),
                                            total=fmt(total)))
    return DoseResult(total, total, tuple(steps), what="24 h total")


@dataclass(frozen=True)
class Tolerance:
    """Whether a regimen meets the label definition of opioid tolerance, and why."""

    tolerant: bool
    reason: str
    steps: tuple[str, ...]
    sources: tuple[refs.Source, ...]

    def __bool__(self) -> bool:
        return self.tolerant


def is_opioid_tolerant(
    doses: Sequence[tuple[str, str, Any]], weeks: float, table: str = "nccn"
) -> Tolerance:
    """Opioid tolerant (fentanyl label): for >= 1 week at least 60 mg/day oral morphine,
    30 mg/day oral oxycodone, 8 mg/day oral hydromorphone, 25 mcg/h transdermal fentanyl,
    ... or an equianalgesic dose of another opioid (summed as oral morphine with ``table``).

    ``doses``: (drug, route, daily dose) triples taken together for ``weeks``.
    """
    weeks = bounds.number(weeks, "weeks", field="weeks")
    if isinstance(doses, str) or not isinstance(doses, Sequence) or not doses:
        raise InputError("doses", doses, "a list of (drug, route, daily dose) triples")
    thresholds = {(r["drug"], r["route"]): r for r in refs.load("opioid_tolerance")}
    steps, sources, total = [], [], Q(0, "mg/day")
    for i, item in enumerate(doses):
        if not (isinstance(item, tuple | list) and len(item) == 3):
            raise InputError(f"doses[{i}]", item, "a (drug, route, daily dose) triple")
        drug, route = _drug_route(item[0], item[1], f"doses[{i}]")
        t = thresholds.get((drug, route))
        unit = "mcg/h" if route == "transdermal" else "mg/day"
        if route == "transdermal":
            _require_mcg_per_h(item[2], f"doses[{i}] dose")
        dq = quantity(item[2], unit, field=f"doses[{i}] dose")
        if t is not None:
            need = Q(t["threshold"], t["unit"])
            src = refs.Source(t["source"], t["year"], t["url"], t["status"], t["note"])
            sources.append(src)
            if dq >= need and weeks >= t["min_weeks"]:
                step = TEXT["tolerant_drug"].format(drug=drug, route=route, dose=fmt(dq),
                                                    threshold=fmt(need), weeks=_n(weeks),
                                                    need=_n(t["min_weeks"]))
                return Tolerance(True, step, tuple(steps + [step]), tuple(sources))
        eq = _ome_any_table(drug, route, dq, table)
        steps.extend(eq.steps)
        total = total + eq.value.to("mg/day")
    morphine = thresholds[("morphine", "oral")]
    need = Q(morphine["threshold"], morphine["unit"])
    if total >= need and weeks >= morphine["min_weeks"]:
        step = TEXT["tolerant_sum"].format(ome=fmt(total), threshold=fmt(need), weeks=_n(weeks))
        return Tolerance(True, step, tuple(steps + [step]), tuple(sources))
    if total >= need:
        step = TEXT["not_tolerant_time"].format(weeks=_n(weeks), need=_n(morphine["min_weeks"]))
    else:
        step = TEXT["not_tolerant_dose"].format(ome=fmt(total), threshold=fmt(need))
    return Tolerance(False, step, tuple(steps + [step]), tuple(sources))


# --- helpers ---------------------------------------------------------------------------------


def _fractions(value: Any, rule_name: str, field_name: str, high: float):
    """A rule set named in data/rules.csv (with its source), or a (low, high) pair given."""
    if isinstance(value, str):
        rule = refs.rule(rule_name, value)
        return rule.low, rule.high, (rule.origin,)
    low, top = fraction_range(value, field=field_name, low=0.0, high=high)
    return low, top, ()


def _any(dose: Any, field_name: str) -> DoseRange:
    """A dose range in whatever dose unit it came in (mg, mg/day, mcg/h)."""
    probe = dose
    if isinstance(dose, DoseRange) or hasattr(dose, "low"):
        probe = dose.low
    elif isinstance(dose, tuple | list) and dose:
        probe = dose[0]
    q = Q(probe, field=field_name)
    if q.check("[mass]/[time]"):
        unit = "mcg/h" if q.units == Q(1, "mcg/h").units else "mg/day"
    elif q.check("[mass]"):
        unit = "mg"
    else:
        raise InputError(field_name, q, "a dose in mg, mg/day or mcg/h")
    r = as_range(dose, unit, field=field_name)
    kind = {"mcg/h": "patch_rate", "mg/day": "daily_dose", "mg": "dose"}[unit]
    for end in (r.low, r.high):
        bounds.check(end, kind, field=field_name)
    return r


def _ome_any_table(drug: str, route: str, dose: Any, table: str) -> DoseResult:
    """OME through ``table``, or, when it has no usable factor, the first rotation table that
    has one (the step line names the table used)."""
    try:
        return ome(drug, route, dose, table=table)
    except InputError as exc:
        if exc.field != "table":
            raise
    for name, t in sorted(refs.factor_tables().items()):
        if t.purpose == "rotation" and name != table:
            try:
                return ome(drug, route, dose, table=name)
            except InputError as exc:
                if exc.field != "table":
                    raise
    raise InputError("doses", f"{drug} {route}", "a drug and route some rotation table covers")


def _pairs(items: Any, field_name: str, allowed: str) -> list[tuple[Any, Any]]:
    if items is None or isinstance(items, str | bytes | dict | pint.Quantity) or not isinstance(
            items, Iterable):
        raise InputError(field_name, items, f"a list of {allowed}")
    out = []
    for i, item in enumerate(items):
        if not (isinstance(item, tuple | list) and len(item) == 2):
            raise InputError(f"{field_name}[{i}]", item, f"one of {allowed}")
        out.append((item[0], item[1]))
    return out


def _require_mcg_per_h(dose: Any, field_name: str) -> None:
    """A patch rate must be written in mcg/h: '25 mg/day' read as a patch would be a 40-fold
    error waiting to happen, so other rate units are refused rather than converted."""
    probe = dose.low if hasattr(dose, "low") else dose
    if isinstance(dose, tuple | list) and dose:
        probe = dose[0]
    q = Q(probe, field=field_name)
    if q.units != Q(1, "mcg/h").units:
        raise InputError(field_name, q, "a patch rate in mcg/h, such as '25 mcg/h'")


def _first(dose: Any) -> Any:
    """The low end of a dose, a range, a (low, high) pair or an earlier result."""
    if isinstance(dose, tuple | list):
        if len(dose) != 2:
            raise InputError("dose", dose, "a dose, or a (low, high) pair of doses")
        return dose[0]
    if hasattr(dose, "low") and not isinstance(dose, str | pint.Quantity):
        return dose.low
    return dose


def _label(field_name: str) -> str:
    return field_name.replace("_", " ")


def _attr(x: Any, name: str) -> str:
    return getattr(x, name, "") or ""


def _n(x: float) -> str:
    return f"{x:g}"


def __getattr__(name: str):
    """``conversion.titrate`` keeps working: titration (above this module) owns it now."""
    if name == "titrate":
        from .titration import titrate

        return titrate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DoseResult",
    "Tolerance",
    "convert",
    "convert_all",
    "daily_dose",
    "factor",
    "is_opioid_tolerant",
    "ome",
    "reduce_for_cross_tolerance",
    "rescue_dose",
    "titrate",  # noqa: F822 - re-exported from titration by __getattr__
]
