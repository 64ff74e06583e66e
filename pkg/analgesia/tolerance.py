"""Opioid tolerance, as the fentanyl label defines it (data/opioid_tolerance.csv).

Tolerant: for at least the label's number of weeks, at least the threshold of one opioid
(60 mg/day oral morphine, 30 mg/day oral oxycodone, 8 mg/day oral hydromorphone, 25 mcg/h
transdermal fentanyl, ...), or an equianalgesic total of several (summed as oral morphine,
OME = dose x factor, :func:`analgesia.conversion.ome`) at least the oral morphine threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import bounds, words
from . import references as refs
from .conversion import DoseResult, _drug_route, _require_mcg_per_h, ome
from .units import InputError, Q, fmt, fmt_drug, fmt_route, quantity

TEXT = words.catalogue("tolerance", {
    "tolerant_drug": "{drug} {route} {dose} >= {threshold} for {weeks} week(s) (at least {need})",
    "tolerant_sum": "total {ome} oral morphine equivalent >= {threshold} for {weeks} week(s)",
    "not_tolerant_dose": "not tolerant: no opioid reaches its threshold and the total {ome} oral "
    "morphine equivalent is below {threshold}",
    "not_tolerant_time": "not tolerant: the dose is high enough but taken for {weeks} week(s), "
    "fewer than the {need} required",
    "doses": "a list of (drug, route, daily dose) triples",
    "triple": "a (drug, route, daily dose) triple",
    "covered": "a drug and route some rotation table covers",
})

TRIPLE = ("drug", "route", "daily dose")


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
        raise InputError("doses", doses, TEXT["doses"])
    thresholds = {(r["drug"], r["route"]): r for r in refs.load("opioid_tolerance")}
    steps, sources, total = [], [], Q(0, "mg/day")
    for i, item in enumerate(doses):
        if not (isinstance(item, tuple | list) and len(item) == len(TRIPLE)):
            raise InputError(f"doses[{i}]", item, TEXT["triple"])
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
                step = TEXT["tolerant_drug"].format(drug=fmt_drug(drug), route=fmt_route(route),
                                                    dose=fmt(dq),
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
    raise InputError("doses", f"{drug} {route}", TEXT["covered"])


def _n(x: float) -> str:
    return f"{x:g}"


__all__ = ["Tolerance", "is_opioid_tolerant"]
