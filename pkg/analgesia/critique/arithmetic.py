"""The small pieces of arithmetic the findings share: ratios, percentages (through the
package's one formatter, :func:`analgesia.units.fmt_percent`), the paper's own factors, the
ward's patches, and the stages of the conversion chain the case report already holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pint

from .. import conversion as cv
from .. import references as refs
from .. import rulebook as rb
from .. import words
from ..case import CaseReport, PrintedValue, printed_values
from ..units import DoseRange, Q, fmt, fmt_percent

TEXT = words.catalogue("critique.arithmetic", {
    "above": "{pct} above",
    "below": "{pct} below",
    "per_patch": "{hm_day} / {per_patch} x {strength} = {rate}",
    "signed": "+{pct}",
    "span": "{low}-{high}",
})

CASE_TABLE = "tang-2025"  # the paper's own factors (data/conversion_factors.csv)
CASE_RULES = "tang-2025"  # the paper's own rule rows (data/rules.csv): its 10-20% cut
HYDROMORPHONE_SC = ("hydromorphone", "subcutaneous")
ORAL_MORPHINE = ("morphine", "oral")
PATCH = ("fentanyl", "transdermal")
ZERO = 1e-12  # below this a change is no change (no '+' sign)

Values = tuple[dict[str, str], tuple[str, ...]]


def pv() -> dict[str, PrintedValue]:
    return printed_values()


def ratio(a: pint.Quantity, b: pint.Quantity) -> float:
    return float((a / b).to("dimensionless").magnitude)


def pct(x: float) -> str:
    """A fraction as a percentage, the package's one way: 0.2 -> '20%'."""
    return fmt_percent(x)


def pct_span(low: float, high: float) -> str:
    """Two fractions as a percentage range: (0.1, 0.25) -> '10-25%'."""
    return TEXT("span", low=pct(low).removesuffix("%"), high=pct(high))


def signed(x: float) -> str:
    """A change with its sign: '+35%', '-10%', '0%'."""
    return TEXT("signed", pct=pct(x)) if x > ZERO else pct(x)


def pct_range(rule: refs.Rule) -> str:
    """A rule's low-high fractions as a percentage range: '10-20%'."""
    return rb.span(rule)


def change(new: pint.Quantity, old: pint.Quantity) -> str:
    r = ratio(new, old)
    return TEXT("above", pct=pct(r - 1)) if r >= 1 else TEXT("below", pct=pct(1 - r))


def count(x: Any) -> str:
    """A patch count without its unit: '4.667', '3.733-4.2'."""
    text = x.fmt() if hasattr(x, "fmt") else fmt(x)
    return text.split()[0]


def mcg_h(q: pint.Quantity) -> pint.Quantity:
    """A patch rate in the registry's own mcg/h (the conversion module tells a patch rate from
    a daily dose by this unit)."""
    return Q(float(q.to("mcg/h").magnitude), "mcg/h")


def hm_factor() -> float:
    return cv.factor(CASE_TABLE, *HYDROMORPHONE_SC).factor


def patch_factor() -> float:
    return cv.factor(CASE_TABLE, *PATCH).factor


def ward_patches() -> tuple[int, pint.Quantity, pint.Quantity]:
    """Patches applied on the ward (printed count), strength, and total rate."""
    values = pv()
    n = int(values["patches_reduced"].high.magnitude)
    strength = mcg_h(values["patch_strength"].high)
    return n, strength, mcg_h(strength * n)


def own_rate() -> tuple[pint.Quantity, tuple[str, ...]]:
    """The patch rate by the paper's own ratio (subcut hydromorphone per day = one patch,
    printed_values.csv ``patch_equivalent_hm``), from the days 3-7 daily dose."""
    values = pv()
    hm_day = values["days3_7_daily"].high
    per_patch = values["patch_equivalent_hm"].high / Q(1, "day")
    strength = mcg_h(values["patch_strength"].high)
    rate = mcg_h(hm_day / per_patch * strength)
    return rate, (TEXT("per_patch", hm_day=fmt(hm_day), per_patch=fmt(per_patch),
                       strength=fmt(strength), rate=fmt(rate)),)


def rise_text() -> str:
    return rb.span(refs.rule("patch_rise", "duragesic-label"))


@dataclass(frozen=True)
class Stage:
    """A stage of the case's conversion chain as the report holds it: the range and its
    arithmetic (what :func:`analgesia.case.tang2025` computed, not computed again)."""

    range: DoseRange
    steps: tuple[str, ...]

    @classmethod
    def of(cls, report: CaseReport, step_id: str) -> Stage:
        step = report.step(step_id)
        return cls(step.ours, tuple(step.steps))

    @property
    def low(self) -> pint.Quantity:
        return self.range.low

    @property
    def high(self) -> pint.Quantity:
        return self.range.high

    def fmt(self) -> str:
        return self.range.fmt()


def titrated(report: CaseReport) -> Stage:
    """The oral morphine dose after titration for the admission pain score, from the report."""
    return Stage.of(report, "titrated_ome")


def reduced(report: CaseReport) -> Stage:
    """After the paper's cross-tolerance cut, from the report."""
    return Stage.of(report, "reduced_ome")


def to_hm(dose: Any) -> cv.DoseResult:
    """Oral morphine -> subcut hydromorphone at the paper's factor."""
    return cv.convert(dose, ORAL_MORPHINE, HYDROMORPHONE_SC, table=CASE_TABLE)
