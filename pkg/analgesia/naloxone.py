"""Naloxone at the bedside, from ``data/naloxone.csv``: when and how it is given, one
``rule_set`` per source so that the learner sees the spread between sources, and the dilution
worked out with units: concentration = ampoule / diluted volume, volume of an increment =
dose / concentration. A TEACHING EXAMPLE.

:mod:`analgesia.bedside` re-exports every public name (``bedside.naloxone_plan``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

import pint

from . import references as refs
from . import words
from .bedside_tables import QUANTITY_CELLS, _quantity_cells, path, quantities, short_cite
from .bedside_tables import source as _source
from .bedside_tables import unique as _unique
from .units import DoseRange, InputError, Q, fmt

# The naloxone rule set the workbook teaches first: the only source here written for adult
# cancer patients on long-term opioids (Boland 2013). The others are shown beside it.
DEFAULT_NALOXONE = "boland-2013"

# naloxone.csv items that carry a quantity, and the dimension it must have
NALOXONE_QUANTITIES = {"ampoule": "[mass]", "diluted_volume": "[length] ** 3",
                       "increment": "[mass]", "interval": "[time]",
                       "no_response_total": "[mass]"}
NALOXONE_ORDER = ("criteria", "not_for", "first_steps", "dilution", "increment",
                  "no_response_total", "goal", "repeat", "route")
NALOXONE_SCHEMA = refs.RowSchema({"item": refs.one_of(*[i for i in NALOXONE_ORDER
                                                        if i != "dilution"],
                                                      "ampoule", "diluted_volume", "diluent",
                                                      "interval"),
                                  "rule_set": refs.text, **QUANTITY_CELLS, "what": refs.text,
                                  **refs.SOURCE_COLUMNS, "note": refs.optional_text},
                                 _quantity_cells)

# Everything a learner reads about naloxone.
TEXT = words.catalogue("naloxone", {
    "rule_set": "one of {sets}",
    "cite": "{text} [{source}]",
    "dilution": "Dilute {ampoule} naloxone ({ampoule_item}) to {volume} ({volume_item}): "
                "{ampoule} / {volume} = {conc}.",
    "dilution_short": "Dilute {ampoule} naloxone to {volume} with {diluent} ({conc}).",
    "increment": "Give {dose} ({volume} of {conc}) every {interval}, {what}.",
    "increment_step": "{dose} / {conc} = {volume}",
    "no_response": "No response after {total} in all ({volume} of {conc}): {what}.",
    "spread": "{rule_set}: {dose} ({volume} of {conc}) every {interval}: {source}",
})


@dataclass(frozen=True)
class NaloxonePlan:
    """How one source gives naloxone, with the dilution worked out in units.

    concentration = ampoule / diluted volume; increment volume = increment dose / concentration.
    ``lines`` are the bedside steps in order, each cited; ``steps`` the arithmetic.
    """

    rule_set: str
    ampoule: pint.Quantity
    diluted_volume: pint.Quantity
    concentration: pint.Quantity
    increment: DoseRange
    increment_volume: DoseRange
    interval: pint.Quantity
    no_response_total: pint.Quantity
    steps: tuple[str, ...]
    items: tuple[tuple[str, refs.Source], ...]
    sources: tuple[refs.Source, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        """The bedside steps in order, each with its short citation."""
        return tuple(TEXT("cite", text=t, source=short_cite(s)) for t, s in self.items)


def _naloxone_rows() -> list[dict]:
    file = path("naloxone")
    rows = _unique(file, refs.read_csv(file, NALOXONE_SCHEMA), ("item", "rule_set"))
    for r in rows:
        wanted = NALOXONE_QUANTITIES.get(r["item"])
        if wanted is None:
            continue
        if not r["unit"]:
            raise refs.DataFileError(file, r["_row"], "unit", f"'{r['item']}' needs a "
                                     "quantity (low, high, unit)")
        if not Q(1, r["unit"]).check(wanted):
            raise refs.DataFileError(file, r["_row"], "unit", f"'{r['unit']}' is not a "
                                     f"{wanted} unit, as '{r['item']}' needs")
        if r["low"] <= 0:
            raise refs.DataFileError(file, r["_row"], "low", f"{r['low']:g} is not above 0")
    return rows


def naloxone_rule_sets() -> tuple[str, ...]:
    """The sources in data/naloxone.csv that give an increment, in the file's order."""
    return tuple(dict.fromkeys(r["rule_set"] for r in _naloxone_rows()
                               if r["item"] == "increment"))


def _one(rows: list[dict], item: str, rule_set: str | None = None) -> dict:
    """The row for ``item`` in ``rule_set``; without a rule set, the item's only row."""
    found = [r for r in rows if r["item"] == item
             and (rule_set is None or r["rule_set"] == rule_set)]
    if len(found) != 1:
        raise refs.DataFileError(path("naloxone"), None, "item",
                                 f"expected one '{item}' row"
                                 f"{'' if rule_set is None else f' for {rule_set}'}, "
                                 f"found {len(found)}")
    return found[0]


def _rule_set(rule_set: str) -> str:
    sets = naloxone_rule_sets()
    if not isinstance(rule_set, str) or rule_set not in sets:
        shown = rule_set if isinstance(rule_set, str) else type(rule_set).__name__
        raise InputError("rule_set", str(shown)[:80], TEXT("rule_set", sets=", ".join(sets)))
    return rule_set


def naloxone_plan(rule_set: str = DEFAULT_NALOXONE) -> NaloxonePlan:
    """Naloxone for opioid-induced respiratory depression, as ``rule_set`` gives it.

    The dilution (one ampoule made up to a volume) is the file's only ``ampoule``,
    ``diluted_volume`` and ``diluent`` rows; the increment and interval are ``rule_set``'s own.
    """
    rule_set = _rule_set(rule_set)
    rows = _naloxone_rows()
    got = {item: _one(rows, item) for item in ("ampoule", "diluted_volume", "diluent",
                                                 "no_response_total")}
    got["increment"], got["interval"] = (_one(rows, "increment", rule_set),
                                         _one(rows, "interval", rule_set))
    ampoule = quantities(got["ampoule"])[0].to("mg")
    volume = quantities(got["diluted_volume"])[0].to("mL")
    conc = (ampoule / volume).to("mg/mL")
    inc = DoseRange(*(q.to("mg") for q in quantities(got["increment"])))
    steps = (
        TEXT("dilution", ampoule=fmt(ampoule), ampoule_item=got["ampoule"]["what"],
             volume=fmt(volume), volume_item=got["diluted_volume"]["what"], conc=fmt(conc)),
        *dict.fromkeys(TEXT("increment_step", dose=fmt(d), conc=fmt(conc),
                            volume=fmt((d / conc).to("mL"))) for d in (inc.low, inc.high)),
    )
    items, used = _items(rows, got, ampoule, volume, conc, inc)
    sources = tuple(dict.fromkeys(_source(r) for r in used))
    return NaloxonePlan(rule_set, ampoule, volume, conc, inc,
                        inc.map(lambda q: (q / conc).to("mL")),
                        quantities(got["interval"])[0].to("min"),
                        quantities(got["no_response_total"])[0].to("mg"),
                        steps, items, sources)


def _items(rows, got, ampoule, volume, conc, inc):
    """The bedside steps in NALOXONE_ORDER, each (text, source); and the rows used."""
    interval = quantities(got["interval"])[0].to("min")
    total = quantities(got["no_response_total"])[0].to("mg")
    built = {
        "dilution": (TEXT("dilution_short", ampoule=fmt(ampoule), volume=fmt(volume),
                          diluent=got["diluent"]["what"], conc=fmt(conc)),
                     _source(got["ampoule"])),
        "increment": (TEXT("increment", dose=inc.fmt(),
                           volume=inc.map(lambda q: (q / conc).to("mL")).fmt(),
                           conc=fmt(conc), what=got["increment"]["what"],
                           interval=fmt(interval)), _source(got["increment"])),
        "no_response_total": (TEXT("no_response", what=got["no_response_total"]["what"],
                                   total=fmt(total), volume=fmt((total / conc).to("mL")),
                                   conc=fmt(conc)), _source(got["no_response_total"])),
    }
    used = [got[k] for k in ("ampoule", "diluted_volume", "diluent", "increment", "interval",
                             "no_response_total")]
    items = []
    for item in NALOXONE_ORDER:
        if item not in built:
            r = _one(rows, item)
            used.append(r)
            built[item] = (r["what"], _source(r))
        items.append(built[item])
    return tuple(items), used


def naloxone_spread() -> tuple[str, ...]:
    """One line per source: its increment in mg and in mL of the dilution, and how often."""
    out = []
    for rule_set in naloxone_rule_sets():
        p = naloxone_plan(rule_set)
        src = _source(_one(_naloxone_rows(), "increment", rule_set))
        out.append(TEXT("spread", rule_set=rule_set, dose=p.increment.fmt(),
                        volume=p.increment_volume.fmt(), conc=fmt(p.concentration),
                        interval=fmt(p.interval), source=short_cite(src)))
    return tuple(out)


__all__ = ["DEFAULT_NALOXONE", "NALOXONE_ORDER", "NaloxonePlan", "naloxone_plan",
           "naloxone_rule_sets", "naloxone_spread"]
