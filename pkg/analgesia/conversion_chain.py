"""The conversion chain: equivalent -> titrate -> cut for cross-tolerance -> convert.

One call works a rotation the way the case, the practice cases, the converter panel and the
critique do, and returns every stage::

    from analgesia.conversion_chain import chain

    c = chain([("morphine", "oral", "200 mg/day")],
              to=("hydromorphone", "subcutaneous"), nrs=6,
              table="tang-2025", titration="nccn", cut="tang-2025")
    c.equivalent.fmt()   # '200 mg/day'       oral morphine equivalent (stage 1)
    c.titrated.fmt()     # '250-300 mg/day'   raised for NRS 6 (stage 2)
    c.reduced.fmt()      # '200-270 mg/day'   after the 10-20% cut (stage 3; None: no cut)
    c.converted.fmt()    # '10-13.5 mg/day'   subcut hydromorphone (stage 4)
    c.steps              # the arithmetic of every stage, in order
    c.sources            # every table and rule used, once each

The stages, each a :class:`analgesia.conversion.DoseResult` (``low``/``high`` pint Quantities,
a range first class: a point has low == high; ``steps``; ``sources``):

1. **equivalent**: oral morphine equivalent per day of every opioid taken in the last 24 h,
   OME = dose x factor (``table`` in data/conversion_factors.csv), summed;
2. **titrated**: OME x (1 + increase for the pain score), ``titration`` rule set in
   data/titration_rules.csv (NCCN as reproduced: NRS 4-6 +25-50%, 7-10 +50-100%);
3. **reduced**: low x (1 - largest cut), high x (1 - smallest cut), the cut for incomplete
   cross-tolerance from data/rules.csv (``cross_tolerance_reduction``);
4. **converted**: reduced (or titrated, when no cut) OME / factor of the target (``table``).

``cut``: a rule set of ``cross_tolerance_reduction`` in data/rules.csv (``"tang-2025"``
10-20%, ``"nccn"`` 25-50%, ...), a (low, high) pair of fractions, ``None`` for no cut, or
:data:`WORKBOOK_CUT` (the default): the workbook's cut for the pain score
(``rulebook.cut_for(nrs)``, data/teaching_defaults.csv: 25-50% when pain is controlled, none
after titration when it is not), with a line saying which it chose.

Bad input raises :class:`analgesia.units.InputError` naming the field. Teaching, not
prescribing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pint

from . import bounds, rulebook, words
from . import conversion as cv
from . import references as refs
from .conversion import DoseResult
from .units import DoseRange, InputError, fmt_dose

TEXT = words.catalogue("conversion_chain", {
    "total": "total oral morphine equivalent = {terms} = {total}",
    "workbook_cut": "pain NRS {nrs} is {state}: the workbook's cut is {span} ({source})",
    "controlled": "controlled",
    "uncontrolled": "not controlled",
    "doses": "a list of (drug, route, 24 h dose) triples, such as "
    "[('morphine', 'oral', '{example}')]",
    "triple": "a (drug, route, 24 h dose) triple, such as ('morphine', 'oral', '{example}')",
    "daily": "a dose per 24 h (such as '{example}') or a patch rate in mcg/h",
    "pair": "a (drug, route) pair such as ('hydromorphone', 'subcutaneous')",
})

WORKBOOK_CUT = "workbook"
"""``cut=WORKBOOK_CUT``: the workbook's cut for the pain score (``rulebook.cut_for``)."""

STAGES = ("equivalent", "titrated", "reduced", "converted")
TRIPLE = ("drug", "route", "24 h dose")  # what each entry of ``doses`` holds


@dataclass(frozen=True)
class ChainResult:
    """Every stage of one rotation: equivalent -> titrated -> reduced -> converted.

    ``reduced`` is None when no cut was asked for (``cut=None``). ``cut_rule`` is the
    data/rules.csv row of the cut when it was named (None for a typed pair or no cut);
    ``cut_note`` the line saying which cut the workbook chose (empty unless
    ``cut=WORKBOOK_CUT``). ``low``/``high``/``range`` are the converted dose.
    """

    equivalent: DoseResult
    titrated: DoseResult
    reduced: DoseResult | None
    converted: DoseResult
    nrs: int
    cut_rule: refs.Rule | None = None
    cut_note: tuple[str, ...] = ()

    @property
    def low(self) -> pint.Quantity:
        return self.converted.low

    @property
    def high(self) -> pint.Quantity:
        return self.converted.high

    @property
    def range(self) -> DoseRange:
        return self.converted.range

    @property
    def before_conversion(self) -> DoseResult:
        """The oral morphine dose that is converted: reduced, or titrated when not cut."""
        return self.reduced if self.reduced is not None else self.titrated

    def stages(self) -> tuple[tuple[str, DoseResult], ...]:
        """(stage name, result) in order; a chain without a cut has no ``reduced`` stage."""
        return tuple((n, getattr(self, n)) for n in STAGES if getattr(self, n) is not None)

    @property
    def steps(self) -> tuple[str, ...]:
        """The arithmetic of every stage, in order (the workbook's cut note before the cut)."""
        reduced = self.reduced.steps if self.reduced is not None else ()
        return (*self.equivalent.steps, *self.titrated.steps, *self.cut_note, *reduced,
                *self.converted.steps)

    @property
    def sources(self) -> tuple[refs.Source, ...]:
        """Every source used (tables, titration bands, cut), once each, in stage order."""
        found = [s for _, stage in self.stages() for s in stage.sources]
        if self.cut_rule is not None:
            found.append(self.cut_rule.origin)
        return tuple(dict.fromkeys(found))

    def cite(self) -> str:
        return "; ".join(dict.fromkeys(s.cite() for s in self.sources))

    def fmt(self, digits: int | None = None) -> str:
        return self.converted.fmt(digits)

    @property
    def answer(self) -> str:
        """The converted dose with drug and route: '10-13.5 mg/day HYDROmorphone subcut'."""
        c = self.converted
        return fmt_dose(c.range, c.drug, c.route, tall_man=True)

    def __str__(self) -> str:
        return self.answer


def chain(
    doses: Sequence[tuple[str, str, Any]],
    to: tuple[str, str],
    *,
    nrs: int,
    table: str = "nccn",
    titration: str = "nccn",
    cut: str | tuple[float, float] | None = WORKBOOK_CUT,
) -> ChainResult:
    """Equivalent -> titrate -> cut -> convert, every stage kept (see the module docstring).

    ``doses``: the opioids of the last 24 h, (drug, route, 24 h dose) triples (a patch as its
    rate in mcg/h); ``to``: the (drug, route) to change to; ``nrs``: the pain score (0-10);
    ``table``: the conversion table (data/conversion_factors.csv); ``titration``: the rule set
    of data/titration_rules.csv; ``cut``: see the module docstring.
    """
    from .titration import titrate  # titration sits above conversion

    nrs = bounds.count(nrs, "nrs", field="nrs", text=False)
    if not (isinstance(to, tuple | list) and len(to) == 2):
        raise InputError("to", to, TEXT["pair"], label="change to")
    equivalent = oral_morphine_total(doses, table=table)
    titrated = titrate(equivalent, nrs, rule_set=titration)
    rule, note = _cut_rule(cut, nrs)
    reduced = None
    if cut is not None:
        reduced = cv.reduce_for_cross_tolerance(
            titrated, rule.rule_set if rule is not None else cut)
    converted = cv.convert(reduced if reduced is not None else titrated, ("morphine", "oral"),
                           tuple(to), table=table)
    return ChainResult(equivalent, titrated, reduced, converted, nrs, rule, note)


def oral_morphine_total(doses: Sequence[tuple[str, str, Any]], table: str = "nccn"
                        ) -> DoseResult:
    """Stage 1 alone: the oral morphine equivalent per day of several opioids taken together,
    sum of dose x factor (``table``), with each term's arithmetic and the total."""
    example = bounds.bound("daily_dose").example
    if isinstance(doses, str | bytes | dict) or not isinstance(doses, Sequence) or not doses:
        raise InputError("doses", doses, TEXT["doses"].format(example=example),
                         label="opioids of the last 24 h")
    terms: list[DoseResult] = []
    for i, item in enumerate(doses):
        if not (isinstance(item, tuple | list) and len(item) == len(TRIPLE)):
            raise InputError(f"doses[{i}]", item, TEXT["triple"].format(example=example),
                             label=f"opioid {i + 1}")
        term = cv.ome(item[0], item[1], item[2], table=table)
        if not term.low.check("[mass]/[time]"):
            raise InputError(f"doses[{i}] dose", item[2], TEXT["daily"].format(example=example),
                             label=f"24 h dose of opioid {i + 1}")
        terms.append(term)
    if len(terms) == 1:
        return terms[0]
    low = sum((t.low for t in terms[1:]), terms[0].low).to("mg/day")
    high = sum((t.high for t in terms[1:]), terms[0].high).to("mg/day")
    total = DoseRange(low, high)
    steps = [line for t in terms for line in t.steps]
    steps.append(TEXT["total"].format(terms=" + ".join(t.fmt() for t in terms),
                                      total=total.fmt()))
    return DoseResult(
        low, high, tuple(steps), "morphine", "oral", table,
        tuple(f for t in terms for f in t.factors),
        tuple(dict.fromkeys(s for t in terms for s in t.sources)),
        tuple(dict.fromkeys(w for t in terms for w in t.warnings)),
        what="oral morphine equivalent",
    )


def _cut_rule(cut: Any, nrs: int) -> tuple[refs.Rule | None, tuple[str, ...]]:
    """The named rule of the cut (the workbook's for the pain score, or the one asked for)."""
    if isinstance(cut, str) and cut.strip() == WORKBOOK_CUT:
        rule = rulebook.cut_for(nrs).rule
        state = TEXT["controlled" if rulebook.pain_controlled(nrs) else "uncontrolled"]
        return rule, (TEXT["workbook_cut"].format(nrs=nrs, state=state, span=rulebook.span(rule),
                                                  source=rule.origin.cite()),)
    if isinstance(cut, str):
        return refs.rule("cross_tolerance_reduction", cut), ()
    return None, ()


__all__ = ["STAGES", "WORKBOOK_CUT", "ChainResult", "chain", "oral_morphine_total"]
