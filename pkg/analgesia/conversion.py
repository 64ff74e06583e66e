"""Dose conversion: oral morphine equivalents, equianalgesic conversion, the cut for
cross-tolerance, the rescue dose and the 24 h total.

Every factor comes from ``data/conversion_factors.csv`` through :mod:`references`; a result
names its table, factor and source and shows its arithmetic in ``steps``.

- OME (oral morphine equivalent) = dose x factor (mg oral morphine per mg; per mcg/h for
  patches, giving mg/day)
- conversion A -> B = dose_A x factor_A / factor_B, through oral morphine
- cross-tolerance reduction: low x (1 - largest cut), high x (1 - smallest cut)
- rescue dose = total daily dose x fraction (10-20%, NCCN summaries)
- 24 h total = each scheduled dose x (24 h / interval) + each rescue dose x count

Titration for the pain score is :func:`analgesia.titration.titrate`, opioid tolerance
:func:`analgesia.tolerance.is_opioid_tolerant`, and the whole chain (equivalent -> titrate ->
cut -> convert) :func:`analgesia.conversion_chain.chain`; the first two are readable here too.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    "one_of": "one of {items}",
    "having": "; tables that have it: {tables}",
    "rotation_table": "a rotation table ({tables})",
    "another_opioid": "another opioid",
    "non_linear": "non-linear",
    "oral_to_drug": "oral morphine -> drug only",
    "drug_to_oral": "drug -> oral morphine only",
    "within_ome": "{low} to {high} ({label} at most {top} at a factor of {factor}), such as "
    "{example}",
    "per_patch_rate": "(mg/day)/(mcg/h)",
    "surveillance_warning": "'{table}' is a surveillance (MME) table: not for rotating opioids",
    "what_ome": "oral morphine equivalent",
    "what_cut": "after cross-tolerance reduction",
    "what_rescue": "rescue dose",
    "what_total": "24 h total",
    "pair": "a (drug, route) pair such as ('{drug}', '{route}')",
    "daily_for_patch": "a daily dose (mg/day) to convert to a patch rate",
    "single": "a single dose; this result is a range, read .low and .high",
    "list_of": "a list of {allowed}",
    "scheduled_pairs": "(dose, interval) pairs such as ('{dose}', '{interval}')",
    "rescue_pairs": "(dose, count) pairs such as ('{dose}', {count})",
    "need_a_dose": "at least one scheduled or rescue dose",
    "scheduled_label": "scheduled dose {n}",
    "interval_label": "dosing interval {n}",
    "rescue_label": "rescue dose {n}",
    "count_label": "rescue doses a day {n}",
    "total_daily": "total daily dose",
    "any_dose": "a dose in mg, mg/day or mcg/h",
    "patch_rate": "a patch rate in mcg/h, such as '{example}'",
    "dose_or_pair": "a dose, or a (low, high) pair of doses",
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
            raise InputError("value", self.range.fmt(), TEXT["single"])
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
        raise InputError("table", table, TEXT("one_of", items=", ".join(sorted(known))))
    return known[table]


def _drug_route(drug: Any, route: Any, field_name: str) -> tuple[str, str]:
    if not isinstance(drug, str) or drug.strip().lower() not in refs.DRUGS:
        raise InputError(f"{field_name} drug", drug, TEXT("one_of", items=", ".join(refs.DRUGS)))
    if not isinstance(route, str) or route.strip().lower() not in refs.ROUTES:
        raise InputError(f"{field_name} route", route,
                         TEXT("one_of", items=", ".join(refs.ROUTES)))
    return drug.strip().lower(), route.strip().lower()


def factor(table: str, drug: str, route: str, *, field_name: str = "drug") -> refs.Factor:
    """The factor row for (table, drug, route); methadone and absent rows raise clearly."""
    drug, route = _drug_route(drug, route, field_name)
    _table(table)
    if drug == "methadone":
        notes = [f.origin.note for f in refs.factors() if f.drug == "methadone"]
        raise InputError(
            field_name, drug, TEXT["another_opioid"],
            TEXT("out_of_scope", drug=drug, note=notes[0] if notes else TEXT["non_linear"]),
        )
    for f in refs.factors():
        if (f.table, f.drug, f.route) == (table, drug, route):
            return f
    having = sorted({f.table for f in refs.factors() if (f.drug, f.route) == (drug, route)})
    raise InputError(
        "table",
        table,
        TEXT["missing"].format(table=table, drug=drug, route=route)
        + (TEXT("having", tables=", ".join(having)) if having else ""),
    )


def _check_purpose(table: str, allow_surveillance: bool) -> None:
    if _table(table).purpose == "surveillance" and not allow_surveillance:
        rotation = sorted(k for k, v in refs.factor_tables().items() if v.purpose == "rotation")
        raise InputError("table", table, TEXT("rotation_table", tables=", ".join(rotation)),
                         TEXT("surveillance", table=table))


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
            top = Q(ome_bound.high, ome_bound.unit)
            raise InputError(field_name, end, TEXT(
                "within_ome", low=_num(low), high=fmt(high), label=ome_bound.label,
                top=fmt(top), factor=f"{f.factor:g}", example=bounds.bound(kind).example),
                label=_label(field_name))
    return r


def _scale(r: DoseRange, k: float, unit: str) -> DoseRange:
    return DoseRange((r.low * k).to(unit), (r.high * k).to(unit))


def _factor_text(f: refs.Factor) -> str:
    return f"{f.factor:g}" + (" " + TEXT["per_patch_rate"] if f.basis == "mcg/h" else "")


# --- public conversions ---------------------------------------------------------------------


def ome(drug: str, route: str, dose: Any, table: str = "nccn") -> DoseResult:
    """Oral morphine equivalent of ``dose``: dose x factor (mg/day for rates and patches).

    Surveillance (MME) tables are allowed here: computing MME is what they are for.
    """
    f = factor(table, drug, route)
    if f.direction == "from-oral-morphine" and (f.drug, f.route) != ("morphine", "oral"):
        raise InputError("table", table, TEXT["one_way"].format(
            table=table, direction=TEXT["oral_to_drug"], drug=f.drug, route=f.route))
    r = _dose_for(f, dose, "dose")
    if f.basis == "mcg/h":
        out = DoseRange(Q(r.low.magnitude * f.factor, "mg/day"),
                        Q(r.high.magnitude * f.factor, "mg/day"))
    else:
        out = _scale(r, f.factor, str(r.units))
    step = TEXT["ome"].format(dose=r.fmt(), drug=fmt_drug(f.drug), route=fmt_route(f.route),
                              factor=_factor_text(f), table=table, basis=f.basis,
                              result=out.fmt())
    warn = ()
    if _table(table).purpose == "surveillance":
        warn = (TEXT("surveillance_warning", table=table),)
    return DoseResult(out.low, out.high, (step,), "morphine", "oral", table, (f,),
                      (f.origin,), warn, what=TEXT["what_ome"])


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
        raise InputError("from_", from_, TEXT("pair", drug="morphine", route="oral"))
    if not (isinstance(to, tuple | list) and len(to) == 2):
        raise InputError("to", to, TEXT("pair", drug="hydromorphone", route="subcutaneous"))
    _check_purpose(table, allow_surveillance)
    first = ome(from_[0], from_[1], dose, table=table)
    g = factor(table, to[0], to[1], field_name="to")
    # Oral morphine is the pivot every table is written against: always a valid target.
    if g.direction == "to-oral-morphine" and (g.drug, g.route) != ("morphine", "oral"):
        raise InputError("table", table, TEXT["one_way"].format(
            table=table, direction=TEXT["drug_to_oral"], drug=g.drug, route=g.route))
    om = first.range
    if g.basis == "mcg/h":
        if not om.low.check("[mass]/[time]"):
            raise InputError("dose", om.fmt(), TEXT["daily_for_patch"])
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
                                         high=bounds.bound("reduction").high)
    r = _any(dose, "dose")
    lo = (r.low * (1 - cut_hi)).to(r.units)
    hi = (r.high * (1 - cut_lo)).to(r.units)
    steps = (
        TEXT["reduce"].format(dose=fmt(r.low), cut=fmt_percent(cut_hi), result=fmt(lo)),
        TEXT["reduce"].format(dose=fmt(r.high), cut=fmt_percent(cut_lo), result=fmt(hi)),
    )
    return DoseResult(lo, hi, steps, _attr(dose, "drug"), _attr(dose, "route"),
                      sources=sources, what=TEXT["what_cut"])


def rescue_dose(total_daily: Any, share: Any = "nccn") -> DoseResult:
    """Breakthrough (rescue) dose = total daily dose x 10-20% (NCCN summaries)."""
    lo_f, hi_f, sources = _fractions(share, "rescue_fraction", "share",
                                     high=bounds.bound("fraction").high)
    r = as_range(total_daily, "mg/day", field="total_daily")
    for end in (r.low, r.high):
        bounds.check(end, "daily_dose", field="total_daily", label=TEXT["total_daily"])
    lo = (r.low * lo_f * Q(1, "day")).to("mg")
    hi = (r.high * hi_f * Q(1, "day")).to("mg")
    steps = (
        TEXT["rescue"].format(dose=fmt(r.low), share=fmt_percent(lo_f), result=fmt(lo)),
        TEXT["rescue"].format(dose=fmt(r.high), share=fmt_percent(hi_f), result=fmt(hi)),
    )
    return DoseResult(lo, hi, steps, _attr(total_daily, "drug"), _attr(total_daily, "route"),
                      sources=sources, what=TEXT["what_rescue"])


def daily_dose(
    scheduled: Iterable[tuple[Any, Any]] = (),
    rescues: Iterable[tuple[Any, int]] = (),
) -> DoseResult:
    """Total over 24 h: each scheduled dose x (24 h / interval) + each rescue dose x count.

    ``daily_dose(scheduled=[("90 mg", "12 h")], rescues=[("10 mg", 2)])`` is 200 mg/day.
    """
    terms, steps = [], []
    dose_example = bounds.bound("dose").example
    scheduled = _pairs(scheduled, "scheduled", TEXT(
        "scheduled_pairs", dose=dose_example, interval=bounds.bound("interval").example))
    rescues = _pairs(rescues, "rescues", TEXT(
        "rescue_pairs", dose=dose_example, count=bounds.bound("rescue_count").example))
    for i, (d, every) in enumerate(scheduled):
        dq = bounds.check(d, "dose", field=f"scheduled[{i}] dose",
                          label=TEXT("scheduled_label", n=i + 1))
        iv = bounds.check(every, "interval", field=f"scheduled[{i}] interval",
                          label=TEXT("interval_label", n=i + 1))
        per_day = (dq / iv).to("mg/day")
        terms.append(per_day)
        steps.append(TEXT["daily_scheduled"].format(dose=fmt(dq), interval=fmt(iv),
                                                    per_day=fmt(per_day)))
    for i, (d, n) in enumerate(rescues):
        dq = bounds.check(d, "dose", field=f"rescues[{i}] dose",
                          label=TEXT("rescue_label", n=i + 1))
        n = bounds.count(n, "rescue_count", field=f"rescues[{i}] count",
                         label=TEXT("count_label", n=i + 1))
        total = (dq * n / Q(1, "day")).to("mg/day")
        terms.append(total)
        steps.append(TEXT["daily_rescue"].format(count=n, dose=fmt(dq), total=fmt(total * Q(
            1, "day"))))
    if not terms:
        raise InputError("scheduled", "nothing", TEXT["need_a_dose"])
    total = sum(terms[1:], terms[0])
    steps.append(TEXT["daily_total"].format(terms=" + ".join(fmt(t) for t in terms),
                                            total=fmt(total)))
    return DoseResult(total, total, tuple(steps), what=TEXT["what_total"])


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
        raise InputError(field_name, q, TEXT["any_dose"])
    r = as_range(dose, unit, field=field_name)
    kind = {"mcg/h": "patch_rate", "mg/day": "daily_dose", "mg": "dose"}[unit]
    for end in (r.low, r.high):
        bounds.check(end, kind, field=field_name)
    return r


def _pairs(items: Any, field_name: str, allowed: str) -> list[tuple[Any, Any]]:
    if items is None or isinstance(items, str | bytes | dict | pint.Quantity) or not isinstance(
            items, Iterable):
        raise InputError(field_name, items, TEXT("list_of", allowed=allowed))
    out = []
    for i, item in enumerate(items):
        if not (isinstance(item, tuple | list) and len(item) == 2):
            raise InputError(f"{field_name}[{i}]", item, TEXT("one_of", items=allowed))
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
        raise InputError(field_name, q, TEXT("patch_rate",
                                             example=bounds.bound("patch_rate").example))


def _first(dose: Any) -> Any:
    """The low end of a dose, a range, a (low, high) pair or an earlier result."""
    if isinstance(dose, tuple | list):
        if len(dose) != 2:
            raise InputError("dose", dose, TEXT["dose_or_pair"])
        return dose[0]
    if hasattr(dose, "low") and not isinstance(dose, str | pint.Quantity):
        return dose.low
    return dose


def _label(field_name: str) -> str:
    return field_name.replace("_", " ")


def _attr(x: Any, name: str) -> str:
    return getattr(x, name, "") or ""


# Names that moved to modules above this one, still readable here.
_MOVED = {"titrate": "titration", "Tolerance": "tolerance", "is_opioid_tolerant": "tolerance"}


def __getattr__(name: str):
    """``conversion.titrate`` and ``conversion.is_opioid_tolerant`` keep working: titration and
    tolerance (above this module) own them now."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f".{_MOVED[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DoseResult",
    "convert",
    "convert_all",
    "daily_dose",
    "factor",
    "ome",
    "reduce_for_cross_tolerance",
    "rescue_dose",
]
