"""Transdermal fentanyl: rate versus content, strengths, conversion both ways, the overlap.

- The delivery rate is the dose: amount delivered = rate x time (25 mcg/h x 72 h = 1.8 mg).
  The mg printed on a patch is its drug CONTENT, which differs by brand and is not a dose.
- Morphine -> patch by the Duragesic label table is one-way (bands already include a
  reduction); by a factor table, rate = OME (mg/day) / factor ((mg/day)/(mcg/h)).
- Patch -> morphine uses a factor table only (never the label bands, which must not be
  inverted).
- Starting a patch from a continuous infusion (Kornick 2001): keep the infusion for 6 h, halve
  it, stop it at 12 h.

Numbers from data/: strengths and contents (fentanyl_patches.csv, the label product's rows),
the label's bands (fentanyl_label_table.csv), wear time and overlap hours (rules.csv).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pint

from . import bounds, words
from . import references as refs
from .conversion import DoseResult, convert, ome
from .units import InputError, Q, _num, as_range, fmt

TEXT = words.catalogue("transdermal", {
    "band": "{ome} oral morphine is in the label band {low}-{high} mg/day -> {patch} "
    "({table}, one-way)",
    "beyond": "an oral morphine dose within the label table, {low}-{high} mg/day",
    "count": "{rate} / {strength} per patch = {count} patches",
    "delivered": "{rate} x {duration} = {amount} delivered",
    "content": "{n} x {content} content ({product}) = {total} in the skin, not a dose",
    "combo": "{rate} -> {patches} = {total} (rounded down to available strengths)",
    "overlap_keep": "patch on at {start}: keep the infusion at {rate}",
    "overlap_halve": "{start} + {halve}: halve the infusion to {rate}",
    "overlap_stop": "{start} + {stop}: stop the infusion",
    "table_name": "a table name such as 'nccn' or '{label}'",
    "one_way_label": "a factor table: the label's bands are one-way (morphine -> patch) and must "
    "not be read backwards",
    "strengths": "a list of patch strengths in mcg/h, such as {example}",
    "strength_count": "1 to {most} patch strengths",
    "strengths_label": "patch strengths",
    "too_many": "a rate that at most {most} patches of these strengths make",
    "patch_rate": "patch rate",
    "one_of": "one of {items}",
    "listed_for": "a strength listed for {product}",
    "later_than": "later than halve_after ({halve})",
    "rule_present": "a rule present in data/rules.csv",
    "what_patch": "fentanyl patch",
    "what_count": "patches of {strength}",
    "patch_on": "patch on at",
    "halve_after": "halve the infusion after",
    "stop_after": "stop the infusion after",
})

LABEL_TABLE = "duragesic-label"  # the one-way label table in data/fentanyl_label_table.csv
LABEL_PRODUCT = "Duragesic"  # whose strengths and contents data/fentanyl_patches.csv lists
_MAX_STRENGTHS = 20  # strengths a patch_combination call may offer (a list size, not a dose)


@refs.cached
def _strengths_by_product() -> dict[str, tuple[float, ...]]:
    """Strengths in mcg/h of every product in data/fentanyl_patches.csv, largest first."""
    found: dict[str, set[float]] = {}
    for r in refs.load("fentanyl_patches"):
        rate = Q(r["strength"], r["strength_unit"]).to("mcg/h").magnitude
        found.setdefault(r["product"], set()).add(rate)
    return {p: tuple(sorted(v, reverse=True)) for p, v in found.items()}


def patch_strengths(product: str = LABEL_PRODUCT) -> tuple[pint.Quantity, ...]:
    """The patch strengths (delivery rates) of ``product``, largest first
    (data/fentanyl_patches.csv: Duragesic 100, 75, 50, 25 and 12 mcg/h)."""
    known = _strengths_by_product()
    if not isinstance(product, str) or product not in known:
        raise InputError("product", product, TEXT("one_of", items=", ".join(sorted(known))))
    return tuple(Q(x, "mcg/h") for x in known[product])


def _strength_numbers() -> tuple[float, ...]:
    return tuple(int(x) if float(x).is_integer() else x
                 for x in _strengths_by_product()[LABEL_PRODUCT])


def __getattr__(name: str):
    """``STRENGTHS_MCG_H``: the label product's strengths in mcg/h, read from data/."""
    if name == "STRENGTHS_MCG_H":
        return _strength_numbers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class PatchBand:
    """One row of the one-way label table."""

    low: pint.Quantity
    high: pint.Quantity
    patch: pint.Quantity
    origin: refs.Source


def label_bands(table: str = LABEL_TABLE) -> tuple[PatchBand, ...]:
    """The label's one-way bands: oral morphine mg/day -> patch rate
    (data/fentanyl_label_table.csv)."""
    if not isinstance(table, str):
        raise InputError("table", table, LABEL_TABLE)
    rows = [r for r in refs.load("fentanyl_label_table") if r["table"] == table]
    if not rows:
        raise InputError("table", table, LABEL_TABLE)
    return tuple(
        PatchBand(Q(r["ome_low"], r["unit"]), Q(r["ome_high"], r["unit"]),
                  Q(r["patch"], r["patch_unit"]),
                  refs.Source(r["source"], r["year"], r["url"], r["status"], r["note"]))
        for r in rows
    )


def patch_from_ome(ome_dose: Any, table: str = LABEL_TABLE) -> DoseResult:
    """Patch rate for a daily oral morphine dose.

    ``table="duragesic-label"``: the label's one-way bands (280 mg/day -> 75 mcg/h). Any other
    table: rate = OME / factor, unrounded (see :func:`patch_combination` for real strengths).
    """
    _table_name(table)
    r = as_range(ome_dose, "mg/day", field="ome")
    for end in (r.low, r.high):
        bounds.check(end, "ome", field="ome")
    if table == LABEL_TABLE:
        bands = label_bands(table)
        out, steps, sources = [], [], []
        for end in (r.low, r.high):
            hit = next((b for b in bands if b.low.magnitude <= round(end.magnitude, 9)
                        < b.high.magnitude + 1), None)
            if hit is None:
                raise InputError("ome", end, TEXT["beyond"].format(
                    low=_g(bands[0].low), high=_g(bands[-1].high)))
            out.append(hit.patch.to("mcg/h"))
            steps.append(TEXT["band"].format(ome=fmt(end), low=_g(hit.low), high=_g(hit.high),
                                             patch=fmt(hit.patch), table=table))
            sources.append(hit.origin)
        if r.is_point:
            steps = steps[:1]
        return DoseResult(out[0], out[1], tuple(steps), "fentanyl", "transdermal", table,
                          sources=tuple(sources[:1]), what=TEXT["what_patch"])
    return convert(r, ("morphine", "oral"), ("fentanyl", "transdermal"), table=table)


def ome_from_patch(rate: Any, table: str = "nccn") -> DoseResult:
    """Oral morphine equivalent of a patch, by a factor table (never the one-way label)."""
    _table_name(table)
    if table == LABEL_TABLE:
        raise InputError("table", table, TEXT["one_way_label"])
    return ome("fentanyl", "transdermal", rate, table=table)


def patch_count(rate: Any, strength: Any = None) -> DoseResult:
    """How many patches of ``strength`` make ``rate``: rate / strength (not rounded).

    ``strength`` None: the label table's step, the patch of its first band (25 mcg/h)."""
    r = as_range(rate, "mcg/h", field="rate")
    for end in (r.low, r.high):
        bounds.check(end, "patch_rate", field="rate")
    if strength is None:
        strength = label_bands()[0].patch
    s = bounds.check(strength, "patch_strength", field="strength")
    lo = (r.low / s).to("patch")
    hi = (r.high / s).to("patch")
    steps = tuple(TEXT["count"].format(rate=fmt(x), strength=fmt(s), count=fmt(
        (x / s).to("dimensionless"))) for x in ((r.low, r.high) if not r.is_point else (r.high,)))
    return DoseResult(lo, hi, steps, "fentanyl", "transdermal",
                      what=TEXT("what_count", strength=fmt(s)))


def patch_combination(rate: Any, strengths=None) -> tuple[pint.Quantity, ...]:
    """Largest combination of available strengths not above ``rate`` (greedy, fewest patches).

    ``strengths``: the strengths on hand, in mcg/h (numbers or doses), each within the patch
    strength bounds of data/input_bounds.csv: a strength of 0 would never use up the rate.
    None: the label product's strengths (:func:`strengths`).
    """
    r = bounds.check(rate, "patch_rate", field="rate")
    if strengths is None:
        strengths = patch_strengths()
    label = TEXT["strengths_label"]
    if isinstance(strengths, str | bytes | dict | pint.Quantity) or not isinstance(
            strengths, Iterable):
        example = "(" + ", ".join(f"{x:g}" for x in _strength_numbers()) + ")"
        raise InputError("strengths", strengths, TEXT("strengths", example=example), label=label)
    items = list(itertools.islice(strengths, _MAX_STRENGTHS + 1))
    if not items or len(items) > _MAX_STRENGTHS:
        raise InputError("strengths", strengths, TEXT("strength_count", most=_MAX_STRENGTHS),
                         label=label)
    values = sorted({float(bounds.check(s, "patch_strength", field="strengths",
                                        unit="mcg/h").magnitude) for s in items}, reverse=True)
    left = r.magnitude + 1e-9
    out = []
    for s in values:
        n = math.floor(left / s)  # as many of this strength as fit: one step, never a loop
        out.extend([Q(s, "mcg/h")] * n)
        left -= n * s
    if len(out) > bounds.bound("patches").high:
        raise InputError("rate", r, TEXT("too_many", most=_num(bounds.bound("patches").high)),
                         label=TEXT["patch_rate"])
    return tuple(out)


def delivered(rate: Any, duration: Any = None, patches: int = 1) -> pint.Quantity:
    """Fentanyl delivered = rate x time x number of patches (mg); ``duration`` None: one
    patch's wear time (``patch_wear_time`` in data/rules.csv, 72 h by the label)."""
    r = bounds.check(rate, "patch_rate", field="rate")
    if duration is None:
        duration = _rule_h("patch_wear_time")
    d = bounds.check(duration, "duration", field="duration")
    patches = bounds.count(patches, "patches", field="patches", text=False)
    return (r * d * patches).to("mg")


def content(strength: Any, product: str = LABEL_PRODUCT) -> pint.Quantity:
    """Drug content of one patch of ``strength`` for ``product`` (data/fentanyl_patches.csv)."""
    s = bounds.check(strength, "patch_strength", field="strength")
    rows = refs.load("fentanyl_patches")
    products = sorted({r["product"] for r in rows})
    for r in rows:
        if r["product"] == product and math.isclose(Q(r["strength"], r["strength_unit"]).to(
                "mcg/h").magnitude, s.magnitude, rel_tol=1e-9):
            return Q(r["content"], r["content_unit"]).to("mg")
    if not isinstance(product, str) or product not in products:
        raise InputError("product", product, TEXT("one_of", items=", ".join(products)))
    raise InputError("strength", s, TEXT("listed_for", product=product))


@dataclass(frozen=True)
class OverlapStep:
    at: pint.Quantity
    infusion: pint.Quantity
    text: str


def overlap_schedule(
    infusion: Any,
    patch_on: Any = "0 h",
    halve_after: Any = None,
    stop_after: Any = None,
) -> tuple[OverlapStep, ...]:
    """Infusion rates while a patch takes effect (Kornick 2001: halve at 6 h, stop at 12 h);
    the hours come from ``data/rules.csv`` unless given."""
    rate = bounds.check(infusion, "infusion", field="infusion")
    start = bounds.check(patch_on, "time", field="patch_on", label=TEXT["patch_on"])
    halve = bounds.check(
        halve_after if halve_after is not None else _rule_h("infusion_overlap_halve"),
        "overlap_hours", field="halve_after", label=TEXT["halve_after"])
    stop = bounds.check(
        stop_after if stop_after is not None else _rule_h("infusion_overlap_stop"),
        "overlap_hours", field="stop_after", label=TEXT["stop_after"])
    if stop <= halve:
        raise InputError("stop_after", stop, TEXT("later_than", halve=fmt(halve)))
    return (
        OverlapStep(start, rate, TEXT["overlap_keep"].format(start=fmt(start), rate=fmt(rate))),
        OverlapStep(start + halve, rate / 2, TEXT["overlap_halve"].format(
            start=fmt(start), halve=fmt(halve), rate=fmt(rate / 2))),
        OverlapStep(start + stop, rate * 0, TEXT["overlap_stop"].format(start=fmt(start),
                                                                        stop=fmt(stop))),
    )


def _rule_h(name: str) -> pint.Quantity:
    found = refs.rules(name)
    if not found:
        raise InputError("rule", name, TEXT["rule_present"])
    return Q(found[0].low, found[0].unit)


def _table_name(table: Any) -> None:
    if not isinstance(table, str):
        raise InputError("table", table, TEXT("table_name", label=LABEL_TABLE))


def _g(q: pint.Quantity) -> str:
    return f"{q.magnitude:g}"


__all__ = ["LABEL_PRODUCT", "LABEL_TABLE", "STRENGTHS_MCG_H", "OverlapStep", "PatchBand",  # noqa: F822
           "content", "delivered", "label_bands", "ome_from_patch", "overlap_schedule",
           "patch_combination", "patch_count", "patch_from_ome", "patch_strengths"]
