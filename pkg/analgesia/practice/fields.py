"""Reading the fields of a practice case: text, whole numbers, quantities, choices, ranges,
the current opioids and the patient. Each reader raises :class:`~.yaml_file.Bad` naming the
field (a dotted path into the file) and what it expected."""

from __future__ import annotations

from typing import Any

import pint

from .. import bounds, safety, words
from .. import references as refs
from ..units import DoseRange, Q, as_range
from .cases import SEXES, Opioid, Patient
from .yaml_file import Bad

TEXT = words.catalogue("practice.fields", {
    "mapping": "a mapping of fields",
    "some_text": "some text",
    "whole": "a whole number from {low} to {high}",
    "quantity": "a quantity in {unit}, such as '1 {unit}'",
    "one_of": "one of {names}",
    "opioid": "a mapping with drug, route and dose/every, times_per_day or rate",
    "patch_rate": "a patch rate such as '{example}'",
    "times_per_day": "a whole number from {low} to {high} (or 'every')",
    "patient": "a mapping of patient fields",
    "opioid_list": "a list (empty for an opioid-naive patient)",
    "true_false": "true or false",
    "sedatives": "a list of: {names}",
    "range": "a range {{low: ..., high: ...}} in {unit}",
    "low_high": "low not above high",
    "low_to_high": "{low} to {high}",
    "within": "a value within {span} ({rule}/{rule_set})",
})


def get(data: dict, key: str, where: str, expected: str, optional: bool = False):
    if not isinstance(data, dict):
        raise Bad(where.rsplit(".", 1)[0] or where, TEXT["mapping"], data)
    if key not in data or data[key] is None:
        if optional:
            return None
        raise Bad(where, expected, None)
    return data[key]


def text(data, key, where, optional=False) -> str:
    value = get(data, key, where, TEXT["some_text"], optional)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise Bad(where, TEXT["some_text"], value)
    return " ".join(value.split())


def whole_bounds(kind: str) -> tuple[int, int]:
    """The whole numbers a field of ``kind`` may take (data/input_bounds.csv; 0 where allowed)."""
    b = bounds.bound(kind)
    return (0 if b.zero_allowed else int(b.low)), int(b.high)


def whole(data: dict, key: str, kind: str, where: str) -> int:
    """A whole number within the bounds of ``kind`` in data/input_bounds.csv."""
    low, high = whole_bounds(kind)
    expected = TEXT("whole", low=low, high=high)
    value = get(data, key, where, expected)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Bad(where, expected, value)
    return value


def qty(value: Any, unit: str, where: str, allow_zero: bool = True) -> pint.Quantity:
    try:
        return as_range(str(value), unit, field=where, allow_zero=allow_zero).high
    except ValueError:
        raise Bad(where, TEXT("quantity", unit=unit), value) from None


def choice(value: Any, allowed, where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise Bad(where, TEXT("one_of", names=", ".join(allowed)), value)
    return value


def dose_range(value: Any, unit: str, where: str) -> DoseRange:
    if not isinstance(value, dict) or "low" not in value or "high" not in value:
        raise Bad(where, TEXT("range", unit=unit), value)
    low = qty(value["low"], unit, f"{where}.low")
    high = qty(value["high"], unit, f"{where}.high")
    if low.magnitude > high.magnitude:
        raise Bad(where, TEXT["low_high"], TEXT("low_to_high", low=value["low"],
                                                  high=value["high"]))
    return DoseRange(low, high)


def within(value: Any, unit: str, rule: refs.Rule, where: str) -> pint.Quantity:
    """A quantity inside a rule's low-high window (as the rule row states it)."""
    from .. import rulebook as rb

    q = qty(value, unit, where, False)
    low, high = (Q(x, rule.unit).to(unit).magnitude for x in (rule.low, rule.high))
    if not low - 1e-9 <= q.magnitude <= high + 1e-9:
        raise Bad(where, TEXT("within", span=rb.span(rule), rule=rule.rule,
                              rule_set=rule.rule_set), value)
    return q


def opioid(item: Any, where: str) -> Opioid:
    if not isinstance(item, dict):
        raise Bad(where, TEXT["opioid"], item)
    drug = choice(item.get("drug"), refs.DRUGS, f"{where}.drug")
    route = choice(item.get("route"), refs.ROUTES, f"{where}.route")
    if "rate" in item:
        unit = "mcg/h" if route == "transdermal" else "mg/h"
        return Opioid(drug, route, rate=qty(item["rate"], unit, f"{where}.rate", False))
    if route == "transdermal":
        raise Bad(f"{where}.rate", TEXT("patch_rate", example=bounds.bound("patch_rate").example),
                  None)
    dose = qty(item.get("dose"), "mg", f"{where}.dose", False)
    if "every" in item:
        return Opioid(drug, route, dose=dose, every=qty(item["every"], "h", f"{where}.every",
                                                        False))
    n = item.get("times_per_day")
    low, high = whole_bounds("rescue_count")
    if isinstance(n, bool) or not isinstance(n, int) or not low <= n <= high:
        raise Bad(f"{where}.times_per_day", TEXT("times_per_day", low=low, high=high), n)
    return Opioid(drug, route, dose=dose, times_per_day=n)


def _opioids(data: dict) -> tuple[Opioid, ...]:
    opioids = get(data, "current_opioids", "patient.current_opioids", TEXT["opioid_list"])
    if not isinstance(opioids, list):
        raise Bad("patient.current_opioids", TEXT["opioid_list"], opioids)
    return tuple(opioid(o, f"patient.current_opioids[{i}]") for i, o in enumerate(opioids))


def _flags(data: dict) -> dict[str, bool | None]:
    flags = {}
    for key in ("hepatic_impairment", "frail", "can_use_button"):
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            raise Bad(f"patient.{key}", TEXT["true_false"], value)
        flags[key] = value
    return flags


def patient(data: Any) -> Patient:
    if not isinstance(data, dict):
        raise Bad("patient", TEXT["patient"], data)
    sex = choice(data.get("sex"), SEXES, "patient.sex")
    weight = data.get("weight")
    opioids = _opioids(data)
    tolerant = data.get("opioid_tolerant")
    if not isinstance(tolerant, bool):
        raise Bad("patient.opioid_tolerant", TEXT["true_false"], tolerant)
    other = tuple(" ".join(str(data[k]).split()) for k in ("other_analgesics", "other_findings")
                  if data.get(k))
    flags = _flags(data)
    sedatives = data.get("sedatives") or []
    if not isinstance(sedatives, list) or any(x not in safety.SEDATIVES for x in sedatives):
        raise Bad("patient.sedatives", TEXT("sedatives", names=", ".join(safety.SEDATIVES)),
                  sedatives)
    egfr = data.get("egfr")
    return Patient(
        age=whole(data, "age", "age", "patient.age"),
        sex=sex,
        diagnosis=text(data, "diagnosis", "patient.diagnosis"),
        renal_function=text(data, "renal_function", "patient.renal_function"),
        current_opioids=opioids,
        nrs=whole(data, "nrs", "nrs", "patient.nrs"),
        opioid_tolerant=tolerant,
        weight=None if weight is None else qty(weight, "kg", "patient.weight", False),
        other=other,
        egfr=None if egfr is None else qty(egfr, "mL/min", "patient.egfr", False),
        sedatives=tuple(sedatives),
        **flags,
    )
