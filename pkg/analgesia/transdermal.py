"""Transdermal fentanyl: rate versus content, strengths, conversion both ways, the overlap.

- The delivery rate is the dose: amount delivered = rate x time (25 mcg/h x 72 h = 1.8 mg).
  The mg printed on a patch is its drug CONTENT, which differs by brand and is not a dose.
- Morphine -> patch by the Duragesic label table is one-way (bands already include a
  reduction); by a factor table, rate = OME (mg/day) / factor ((mg/day)/(mcg/h)).
- Patch -> morphine uses a factor table only (never the label bands, which must not be
  inverted).
- Starting a patch from a continuous infusion (Kornick 2001): keep the infusion for 6 h, halve
  it, stop it at 12 h.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pint

from . import bounds
from . import references as refs
from .conversion import DoseResult, convert, ome
from .units import InputError, Q, _num, as_range, fmt

TEXT = {
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
}

STRENGTHS_MCG_H = (100, 75, 50, 25, 12)
_MAX_STRENGTHS = 20  # strengths a patch_combination call may offer


@dataclass(frozen=True)
class PatchBand:
    """One row of the one-way label table."""

    low: pint.Quantity
    high: pint.Quantity
    patch: pint.Quantity
    origin: refs.Source


def label_bands(table: str = "duragesic-label") -> tuple[PatchBand, ...]:
    if not isinstance(table, str):
        raise InputError("table", table, "duragesic-label")
    rows = [r for r in refs.load("fentanyl_label_table") if r["table"] == table]
    if not rows:
        raise InputError("table", table, "duragesic-label")
    return tuple(
        PatchBand(Q(r["ome_low"], r["unit"]), Q(r["ome_high"], r["unit"]),
                  Q(r["patch"], r["patch_unit"]),
                  refs.Source(r["source"], r["year"], r["url"], r["status"], r["note"]))
        for r in rows
    )


def patch_from_ome(ome_dose: Any, table: str = "duragesic-label") -> DoseResult:
    """Patch rate for a daily oral morphine dose.

    ``table="duragesic-label"``: the label's one-way bands (280 mg/day -> 75 mcg/h). Any other
    table: rate = OME / factor, unrounded (see :func:`patch_combination` for real strengths).
    """
    _table_name(table)
    r = as_range(ome_dose, "mg/day", field="ome")
    for end in (r.low, r.high):
        bounds.check(end, "ome", field="ome")
    if table == "duragesic-label":
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
                          sources=tuple(sources[:1]), what="fentanyl patch")
    return convert(r, ("morphine", "oral"), ("fentanyl", "transdermal"), table=table)


def ome_from_patch(rate: Any, table: str = "nccn") -> DoseResult:
    """Oral morphine equivalent of a patch, by a factor table (never the one-way label)."""
    _table_name(table)
    if table == "duragesic-label":
        raise InputError("table", table, "a factor table: the label's bands are one-way "
                         "(morphine -> patch) and must not be read backwards")
    return ome("fentanyl", "transdermal", rate, table=table)


def patch_count(rate: Any, strength: Any = "25 mcg/h") -> DoseResult:
    """How many patches of ``strength`` make ``rate``: rate / strength (not rounded)."""
    r = as_range(rate, "mcg/h", field="rate")
    for end in (r.low, r.high):
        bounds.check(end, "patch_rate", field="rate")
    s = bounds.check(strength, "patch_strength", field="strength")
    lo = (r.low / s).to("patch")
    hi = (r.high / s).to("patch")
    steps = tuple(TEXT["count"].format(rate=fmt(x), strength=fmt(s), count=fmt(
        (x / s).to("dimensionless"))) for x in ((r.low, r.high) if not r.is_point else (r.high,)))
    return DoseResult(lo, hi, steps, "fentanyl", "transdermal", what=f"patches of {fmt(s)}")


def patch_combination(rate: Any, strengths=STRENGTHS_MCG_H) -> tuple[pint.Quantity, ...]:
    """Largest combination of available strengths not above ``rate`` (greedy, fewest patches).

    ``strengths``: the strengths on hand, in mcg/h (numbers or doses), each within the patch
    strength bounds of data/input_bounds.csv: a strength of 0 would never use up the rate.
    """
    r = bounds.check(rate, "patch_rate", field="rate")
    if isinstance(strengths, str | bytes | dict | pint.Quantity) or not isinstance(
            strengths, Iterable):
        raise InputError("strengths", strengths, "a list of patch strengths in mcg/h, such as "
                         "(100, 75, 50, 25, 12)", label="patch strengths")
    items = list(itertools.islice(strengths, _MAX_STRENGTHS + 1))
    if not items or len(items) > _MAX_STRENGTHS:
        raise InputError("strengths", strengths, f"1 to {_MAX_STRENGTHS} patch strengths",
                         label="patch strengths")
    values = sorted({float(bounds.check(s, "patch_strength", field="strengths",
                                        unit="mcg/h").magnitude) for s in items}, reverse=True)
    left = r.magnitude + 1e-9
    out = []
    for s in values:
        n = math.floor(left / s)  # as many of this strength as fit: one step, never a loop
        out.extend([Q(s, "mcg/h")] * n)
        left -= n * s
    if len(out) > bounds.bound("patches").high:
        raise InputError("rate", r, f"a rate that at most {_num(bounds.bound('patches').high)} "
                         "patches of these strengths make", label="patch rate")
    return tuple(out)


def delivered(rate: Any, duration: Any = "72 h", patches: int = 1) -> pint.Quantity:
    """Fentanyl delivered = rate x time x number of patches (mg)."""
    r = bounds.check(rate, "patch_rate", field="rate")
    d = bounds.check(duration, "duration", field="duration")
    patches = bounds.count(patches, "patches", field="patches", text=False)
    return (r * d * patches).to("mg")


def content(strength: Any, product: str = "Duragesic") -> pint.Quantity:
    """Drug content of one patch of ``strength`` for ``product`` (data/fentanyl_patches.csv)."""
    s = bounds.check(strength, "patch_strength", field="strength")
    rows = refs.load("fentanyl_patches")
    products = sorted({r["product"] for r in rows})
    for r in rows:
        if r["product"] == product and math.isclose(Q(r["strength"], r["strength_unit"]).to(
                "mcg/h").magnitude, s.magnitude, rel_tol=1e-9):
            return Q(r["content"], r["content_unit"]).to("mg")
    if not isinstance(product, str) or product not in products:
        raise InputError("product", product, "one of " + ", ".join(products))
    raise InputError("strength", s, f"a strength listed for {product}")


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
    start = bounds.check(patch_on, "time", field="patch_on", label="patch on at")
    halve = bounds.check(
        halve_after if halve_after is not None else _rule_h("infusion_overlap_halve"),
        "overlap_hours", field="halve_after", label="halve the infusion after")
    stop = bounds.check(
        stop_after if stop_after is not None else _rule_h("infusion_overlap_stop"),
        "overlap_hours", field="stop_after", label="stop the infusion after")
    if stop <= halve:
        raise InputError("stop_after", stop, f"later than halve_after ({fmt(halve)})")
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
        raise InputError("rule", name, "a rule present in data/rules.csv")
    return Q(found[0].low, found[0].unit)


def _table_name(table: Any) -> None:
    if not isinstance(table, str):
        raise InputError("table", table, "a table name such as 'nccn' or 'duragesic-label'")


def _g(q: pint.Quantity) -> str:
    return f"{q.magnitude:g}"


__all__ = ["STRENGTHS_MCG_H", "OverlapStep", "PatchBand", "content", "delivered", "label_bands",
           "ome_from_patch", "overlap_schedule", "patch_combination", "patch_count",
           "patch_from_ome"]
