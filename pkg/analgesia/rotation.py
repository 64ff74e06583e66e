"""Rotating from a subcutaneous HYDROmorphone pump to fentanyl patches: one chain, one place.

1. Patch rate by a table: daily subcut HYDROmorphone -> fentanyl transdermal (mcg/h) by the
   table's factors (:func:`analgesia.conversion.convert`); for the Duragesic label: oral
   morphine by the paper's 20:1 (``tang-2025``), then the label's one-way band
   (:func:`analgesia.transdermal.patch_from_ome`).
2. Cut for incomplete cross-tolerance (data/rules.csv, ``cross_tolerance_reduction``); the
   label's bands get none: they already include a margin.
3. Patches: rate / strength, and the largest combination of available strengths not above the
   rate (:mod:`analgesia.transdermal`).
4. Delivered against contained: patches x strength x wear time (data/rules.csv,
   ``patch_wear_time``) is the dose; patches x content (data/fentanyl_patches.csv) is not.
5. Stopping the pump: Kornick 2001's overlap (:func:`analgesia.transdermal.overlap_schedule`).

Sources: Tang 2025 (the case); NCCN / Fast Facts #2 and #36; ANZCA FPM PS01(PM) 2021;
Janssen Duragesic label 2024; Kornick 2001.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pint

from . import bounds, words
from . import conversion as cv
from . import references as refs
from . import transdermal as td
from .units import InputError, Q, as_range, fmt

TEXT = words.catalogue("rotation", {
    "dose": "Subcut HYDROmorphone per day (mg/day)",
    "strength": "Patch strength (mcg/h)",
    "label_no_cut": "no extra cut: the label's bands already include a margin ({set})",
    "combo": "rounded down to available strengths: {rate} -> {patches} = {total}",
    "combo_none": "none",
    "delivered": "{n} x {strength} x {hours} = {amount} delivered (the dose)",
    "content": "{n} x {content} ({product}) = {total} in the patches (content, not dose)",
    "exact": "exact rate: {rate}",
})

TABLES = ("tang-2025", "nccn", "fpm-2021", "duragesic-label")
LABEL = "duragesic-label"
LABEL_OME_TABLE = "tang-2025"
LABEL_RULE_SET = "fentanyl-label"
WEAR_RULE = ("patch_wear_time", "duragesic-label")
SECTIONS = ("rate", "cut", "patches", "content", "overlap")


def wear_time() -> pint.Quantity:
    """How long each patch is worn (data/rules.csv ``patch_wear_time``, the Duragesic label)."""
    return refs.rule(*WEAR_RULE).quantity_range()[1]


@refs.cached
def _strengths(product: str) -> tuple[float, ...]:
    rows = [r for r in refs.load("fentanyl_patches") if r["product"] == product]
    return tuple(sorted(float(Q(r["strength"], r["strength_unit"]).to("mcg/h").magnitude)
                        for r in rows))


def available_strengths(product: str = "Duragesic") -> tuple[float, ...]:
    """Patch strengths (mcg/h) listed for ``product`` in data/fentanyl_patches.csv."""
    if not isinstance(product, str) or product not in products():
        raise InputError("product", product, "one of " + ", ".join(products()))
    return _strengths(product)


@refs.cached
def products() -> tuple[str, ...]:
    """Patch brands in data/fentanyl_patches.csv, sorted."""
    return tuple(sorted({r["product"] for r in refs.load("fentanyl_patches")}))


def patch_rate(dose: Any, table: str) -> cv.DoseResult:
    """Daily subcut HYDROmorphone -> patch rate by one table (label: OME by 20:1, then band)."""
    if not isinstance(table, str):
        raise InputError("table", type(table).__name__, "a table name, one of "
                         + ", ".join(TABLES))
    if table == LABEL:
        ome = cv.ome("hydromorphone", "subcutaneous", dose, table=LABEL_OME_TABLE)
        band = td.patch_from_ome(ome, table=LABEL)
        return cv.DoseResult(band.low, band.high, ome.steps + band.steps, "fentanyl",
                             "transdermal", LABEL, sources=ome.sources + band.sources,
                             what="fentanyl patch")
    return cv.convert(dose, ("hydromorphone", "subcutaneous"), ("fentanyl", "transdermal"),
                      table=table)


def cut(rate: cv.DoseResult, reduction: str) -> cv.DoseResult:
    """The cross-tolerance cut; the label's bands get none (they include it already)."""
    if not isinstance(rate, cv.DoseResult):
        raise InputError("rate", type(rate).__name__, "a patch rate from patch_rate()",
                         label="patch rate")
    if rate.table == LABEL:
        out = cv.reduce_for_cross_tolerance(rate, LABEL_RULE_SET)
        return cv.DoseResult(out.low, out.high, (TEXT("label_no_cut", set=LABEL_RULE_SET),),
                             "fentanyl", "transdermal", LABEL, sources=out.sources,
                             what=out.what)
    return cv.reduce_for_cross_tolerance(rate, reduction)


@dataclass(frozen=True)
class RotationResult:
    """Every step of the rotation; ``lines[section]`` the readable steps of each of
    :data:`SECTIONS`."""

    rate: cv.DoseResult
    reduced: cv.DoseResult
    count: cv.DoseResult
    combination_low: tuple[pint.Quantity, ...]
    combination_high: tuple[pint.Quantity, ...]
    delivered: pint.Quantity
    content: pint.Quantity
    schedule: tuple[td.OverlapStep, ...]
    all_rates: tuple[cv.DoseResult, ...]
    all_reduced: tuple[cv.DoseResult, ...]
    lines: dict[str, tuple[str, ...]]

    def all_lines(self) -> tuple[str, ...]:
        """Every section's lines, in order."""
        return tuple(x for key in SECTIONS for x in self.lines[key])


def _spread(daily, table: str, reduction: str, rate: cv.DoseResult):
    out = []
    for t in TABLES:
        try:  # another table may not cover this dose (label bands): leave it off the chart
            other = rate if t == table else patch_rate(daily, t)
        except InputError:
            continue
        out.append((other, cut(other, reduction)))
    return tuple(a for a, _ in out), tuple(b for _, b in out)


def _combo_line(rate: pint.Quantity, combo: tuple[pint.Quantity, ...]) -> str:
    total = Q(sum((c.to("mcg/h").magnitude for c in combo), 0.0), "mcg/h")
    parts = " + ".join(fmt(c) for c in combo) or TEXT["combo_none"]
    return TEXT("combo", rate=fmt(rate), patches=parts, total=fmt(total))


def rotation_plan(dose: Any, table: str = "tang-2025", reduction: str = "tang-2025",
                  strength: Any = None, patches: Any = None, product: str = "Duragesic",
                  infusion: Any = None) -> RotationResult:
    """The whole rotation for a daily subcut HYDROmorphone dose (see the module's steps).

    ``strength`` (one patch, mcg/h), ``patches`` (how many are applied) and ``infusion`` (the
    pump's rate at the switch) must be given; the case's are in
    :class:`analgesia.panels.rotation.RotationModel`. Raises :class:`InputError` naming the
    field on bad input.
    """
    if not isinstance(table, str) or table not in TABLES:
        raise InputError("table", table, "one of " + ", ".join(TABLES))
    for name, kind, value in (("strength", "patch_strength", strength),
                              ("patches", "patches", patches),
                              ("infusion", "infusion", infusion)):
        if value is None:
            raise InputError(name, value, bounds.bound(kind).allowed, label=name)
    daily = as_range(dose, "mg/day", field=TEXT["dose"])
    s = bounds.check(strength, "patch_strength", field="strength", label=TEXT["strength"])
    n = bounds.count(patches, "patches", field="patches", text=False)
    rate = patch_rate(daily, table)
    reduced = cut(rate, reduction)
    all_rates, all_reduced = _spread(daily, table, reduction, rate)
    count = td.patch_count(reduced, s)
    combo_lo = td.patch_combination(reduced.low)
    combo_hi = td.patch_combination(reduced.high)
    hours = wear_time()
    delivered = td.delivered(s, hours, patches=n)
    one = td.content(s, product=product)
    content = one * n
    schedule = td.overlap_schedule(infusion)
    lines = {
        "rate": rate.steps + (TEXT("exact", rate=rate.fmt()),),
        "cut": reduced.steps,
        "patches": count.steps + tuple(dict.fromkeys((_combo_line(reduced.low, combo_lo),
                                                      _combo_line(reduced.high, combo_hi)))),
        "content": (
            TEXT("delivered", n=n, strength=fmt(s), hours=fmt(hours), amount=fmt(delivered)),
            TEXT("content", n=n, content=fmt(one), product=product, total=fmt(content)),
        ),
        "overlap": tuple(x.text for x in schedule),
    }
    return RotationResult(rate, reduced, count, combo_lo, combo_hi, delivered, content,
                          schedule, all_rates, all_reduced, lines)


__all__ = ["LABEL", "SECTIONS", "TABLES", "RotationResult", "available_strengths", "cut",
           "patch_rate", "products", "rotation_plan", "wear_time"]
