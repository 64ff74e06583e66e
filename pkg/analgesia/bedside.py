"""At the bedside: monitoring, naloxone, the double check, patient selection, subcutaneous
volume, alarms, the reservoir's end and breakthrough pain on a patch. A TEACHING EXAMPLE.

Every line a learner reads comes from a data row with its source:

- ``data/monitoring.csv``: what to watch while the pump runs (also printed on the order sheet);
- ``data/naloxone.csv``: when and how naloxone is given, one ``rule_set`` per source, so the
  learner sees the spread between sources; the dilution is worked out with units:
  concentration = ampoule / diluted volume, volume of an increment = dose / concentration;
- ``data/bedside.csv``: bedside practice by topic (selection, proxy, double_check,
  concentration, loading, subcut_site, alarm, reservoir, breakthrough_on_patch, neurotoxicity,
  laxative, sedatives, renal, hepatic, lockout), text with its source;
- numbers that are rules (the subcutaneous volume limit, the lockout for subcutaneous PCA, the
  loading dose, the rescue fraction) are read from the one rule row that holds them
  (``data/pca_safety_rules.csv``, ``data/rules.csv``), chosen by the workbook's teaching
  defaults (``rulebook``): this module holds no clinical number.

Pure functions: no widgets, no plotly. Bad input is an :class:`~analgesia.units.InputError`
naming the field; a malformed data file a :class:`~analgesia.references.DataFileError` naming
file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pint

from . import conversion, rulebook, transdermal
from . import references as refs
from .pump import PcaSettings, Reservoir
from .units import DoseRange, InputError, Q, fmt

# The naloxone rule set the workbook teaches first: the only source here written for adult
# cancer patients on long-term opioids (Boland 2013). The others are shown beside it.
DEFAULT_NALOXONE = "boland-2013"

# The numbers this module needs, by the workbook's teaching-default choice
# (data/teaching_defaults.csv via ``rulebook``): the same rule rows the checker and the
# pump notebooks use, so a rule is chosen in one place.
RULE_CHOICES = {
    "subcut_rate": "sc_volume_per_hour",
    "subcut_bolus": "sc_bolus_volume",
    "lockout_min": "lockout_minimum_subcutaneous",
    "lockout_preferred": "lockout_subcutaneous",
    "loading": "loading_dose",
}

TOPICS = ("selection", "proxy", "double_check", "concentration", "loading", "subcut_site",
          "alarm", "reservoir", "breakthrough_on_patch", "neurotoxicity", "laxative",
          "sedatives", "renal", "hepatic", "lockout")
# naloxone.csv items that carry a quantity, and the dimension it must have
NALOXONE_QUANTITIES = {"ampoule": "[mass]", "diluted_volume": "[length] ** 3",
                       "increment": "[mass]", "interval": "[time]",
                       "no_response_total": "[mass]"}
NALOXONE_ORDER = ("criteria", "not_for", "first_steps", "dilution", "increment",
                  "no_response_total", "goal", "repeat", "route")

# One voice for the learner: every sentence this module builds is here.
TEXT = {
    "topic": "one of " + ", ".join(TOPICS),
    "item": "an item of topic '{topic}': {items}",
    "rule_set": "one of {sets}",
    "cite": "{text} [{source}]",
    "dilution": "Dilute {ampoule} naloxone ({ampoule_item}) to {volume} ({volume_item}): "
                "{ampoule} / {volume} = {conc}.",
    "dilution_short": "Dilute {ampoule} naloxone to {volume} with sodium chloride 0.9% "
                      "({conc}).",
    "increment": "Give {dose} ({volume} of {conc}) every {interval}, {what}.",
    "increment_step": "{dose} / {conc} = {volume}",
    "no_response": "No response after {total} in all ({volume} of {conc}): {what}.",
    "spread": "{rule_set}: {dose} ({volume} of {conc}) every {interval}: {source}",
    "monitor": "{what}: {when}",
    "settings_route": "a subcutaneous pump (these settings are {route})",
    "vol_background": "background {rate} / {conc} = {volume}",
    "vol_bolus": "bolus {dose} / {conc} = {volume}",
    "vol_max_hour": "most the pump can give in 1 hour: {dose} / {conc} = {volume}",
    "vol_day": "a day with {n} boluses: {dose} / {conc} = {volume}",
    "vol_within": "{volume} is within the {limit} that subcutaneous tissue can generally "
                  "absorb",
    "vol_above": "{volume} is above the {limit} that subcutaneous tissue can generally absorb",
    "vol_bolus_within": "a bolus of {volume} is within the usual {low} for one subcutaneous "
                        "injection",
    "vol_bolus_above": "a bolus of {volume} is above the usual {low} for one subcutaneous "
                       "injection ({high} tolerated in the abdomen)",
    "life": "{amount} / ({rate} x 24 h + {n} x {bolus}) a day = {hours} = {days}",
    "life_empty": "Empty after about {hours} at {n} boluses a day; the background stops then "
                  "too.",
    "loading": "loading dose = {ratio} x bolus {bolus} = {dose} ({volume} at {conc})",
    "loading_no_reservoir": "loading dose = {ratio} x bolus {bolus} = {dose}",
    "lockout_rule": "Subcutaneous lockout: no shorter than {low}; {preferred} may be "
                    "preferable [{source}]",
    "lockout_case": "The case's lockout: {lockout}; its pump took effect {onset} after "
                    "it was connected [{source}]",
    "patch_rescue": "rescue dose on {rate} of patch: {rescue} oral morphine",
    "boluses": "a whole number of boluses a day from 0 to {n}",
}
MAX_BOLUSES_PER_DAY = 96  # 24 h x 4 a lockout of 15 min allows: a count bound, not a dose


@dataclass(frozen=True)
class BedsideLine:
    """One sourced statement: ``topic``/``item`` name its row, ``text`` is what the learner
    reads; ``low``/``high`` the row's quantity, when it has one."""

    topic: str
    item: str
    text: str
    source: refs.Source
    low: pint.Quantity | None = None
    high: pint.Quantity | None = None

    def line(self) -> str:
        """The text with its short citation, as the notebooks print it."""
        return TEXT["cite"].format(text=self.text, source=short_cite(self.source))


@dataclass(frozen=True)
class MonitoringItem:
    """One row of data/monitoring.csv."""

    item: str
    what: str
    when: str
    source: refs.Source

    def line(self) -> str:
        return TEXT["cite"].format(text=TEXT["monitor"].format(what=self.what, when=self.when),
                                   source=short_cite(self.source))


def short_cite(source: refs.Source) -> str:
    """'Boland J, Boland E, Brooks D (2013)': the citation up to its first full stop or colon,
    the year, and the status when it is not 'verified'. The full citation is ``source.cite()``.
    """
    if not isinstance(source, refs.Source):
        raise InputError("source", type(source).__name__, "a source row of a data table")
    return source.short()


# --- loading the tables ------------------------------------------------------------------------


def _optional_unit(value: str) -> str:
    return refs.unit(value) if value.strip() else ""


def _quantity_cells(row: dict) -> tuple[str, str] | None:
    """low, high and unit all given (low <= high) or all blank."""
    given = [row["low"] is not None, row["high"] is not None, bool(row["unit"])]
    if any(given) and not all(given):
        column = ("low", "high", "unit")[given.index(False)]
        return column, "is blank, but the row's other quantity cells are filled"
    if all(given) and row["low"] > row["high"]:
        return "low", f"{row['low']:g} is above high {row['high']:g}"
    return None


_QUANTITY_CELLS = {"low": refs.optional_number, "high": refs.optional_number,
                   "unit": _optional_unit}
BEDSIDE_SCHEMA = refs.RowSchema({"topic": refs.one_of(*TOPICS), "item": refs.text,
                                 "what": refs.text, **_QUANTITY_CELLS, **refs.SOURCE_COLUMNS,
                                 "note": refs.optional_text}, _quantity_cells)
NALOXONE_SCHEMA = refs.RowSchema({"item": refs.one_of(*[i for i in NALOXONE_ORDER
                                                        if i != "dilution"],
                                                      "ampoule", "diluted_volume", "interval"),
                                  "rule_set": refs.text, **_QUANTITY_CELLS, "what": refs.text,
                                  **refs.SOURCE_COLUMNS, "note": refs.optional_text},
                                 _quantity_cells)
MONITORING_SCHEMA = {"item": refs.text, "what": refs.text, "when": refs.text,
                     **refs.SOURCE_COLUMNS, "note": refs.optional_text}


def _path(name: str) -> Path:
    return refs.DATA_DIR / f"{name}.csv"


def _unique(path: Path, rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    first: dict[tuple, int] = {}
    for r in rows:
        k = tuple(r[c] for c in key)
        if k in first:
            raise refs.DataFileError(path, r["_row"], key[-1],
                                     f"{k!r} appears twice (first in row {first[k]})")
        first[k] = r["_row"]
    return rows


def _source(r: dict) -> refs.Source:
    return refs.Source(r["source"], r["year"], r["url"], r["status"], r.get("note", ""))


def _quantities(r: dict) -> tuple[pint.Quantity | None, pint.Quantity | None]:
    if not r["unit"]:
        return None, None
    return Q(r["low"], r["unit"]), Q(r["high"], r["unit"])


def _bedside_rows() -> list[dict]:
    path = _path("bedside")
    return _unique(path, refs.read_csv(path, BEDSIDE_SCHEMA), ("topic", "item"))


def _naloxone_rows() -> list[dict]:
    path = _path("naloxone")
    rows = _unique(path, refs.read_csv(path, NALOXONE_SCHEMA), ("item", "rule_set"))
    for r in rows:
        wanted = NALOXONE_QUANTITIES.get(r["item"])
        if wanted is None:
            continue
        if not r["unit"]:
            raise refs.DataFileError(path, r["_row"], "unit", f"'{r['item']}' needs a "
                                     "quantity (low, high, unit)")
        if not Q(1, r["unit"]).check(wanted):
            raise refs.DataFileError(path, r["_row"], "unit", f"'{r['unit']}' is not a "
                                     f"{wanted} unit, as '{r['item']}' needs")
        if r["low"] <= 0:
            raise refs.DataFileError(path, r["_row"], "low", f"{r['low']:g} is not above 0")
    return rows


def monitoring() -> tuple[MonitoringItem, ...]:
    """The rows of data/monitoring.csv, validated, each with its source."""
    path = _path("monitoring")
    rows = _unique(path, refs.read_csv(path, MONITORING_SCHEMA), ("item",))
    return tuple(MonitoringItem(r["item"], r["what"], r["when"], _source(r)) for r in rows)


def monitoring_lines() -> tuple[str, ...]:
    """Each monitoring row as one cited line."""
    return tuple(m.line() for m in monitoring())


def topics() -> tuple[str, ...]:
    """The topics that have rows in data/bedside.csv, in the file's order."""
    return tuple(dict.fromkeys(r["topic"] for r in _bedside_rows()))


def lines(topic: str) -> tuple[BedsideLine, ...]:
    """The rows of one topic of data/bedside.csv, in the file's order."""
    if not isinstance(topic, str) or topic not in TOPICS:
        shown = topic if isinstance(topic, str) else type(topic).__name__
        raise InputError("topic", str(shown)[:80], TEXT["topic"])
    out = []
    for r in _bedside_rows():
        if r["topic"] == topic:
            low, high = _quantities(r)
            out.append(BedsideLine(r["topic"], r["item"], r["what"], _source(r), low, high))
    return tuple(out)


def line(topic: str, item: str) -> BedsideLine:
    """One row of data/bedside.csv by topic and item."""
    found = lines(topic)
    for b in found:
        if b.item == item:
            return b
    raise InputError("item", str(item)[:80],
                     TEXT["item"].format(topic=topic, items=", ".join(b.item for b in found)))


def cited(topic: str) -> tuple[str, ...]:
    """Each row of a topic as one line with its citation: what the notebooks print."""
    return tuple(b.line() for b in lines(topic))


def rule(key: str) -> refs.Rule:
    """A numeric rule this module uses (``RULE_CHOICES``): the rule row the workbook's
    teaching defaults choose for it."""
    if not isinstance(key, str) or key not in RULE_CHOICES:
        shown = key[:80] if isinstance(key, str) else type(key).__name__
        raise InputError("rule", shown, "one of " + ", ".join(RULE_CHOICES))
    return rulebook.default_rule(RULE_CHOICES[key])


# --- naloxone ----------------------------------------------------------------------------------


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
        return tuple(TEXT["cite"].format(text=t, source=short_cite(s)) for t, s in self.items)


def naloxone_rule_sets() -> tuple[str, ...]:
    """The sources in data/naloxone.csv that give an increment, in the file's order."""
    return tuple(dict.fromkeys(r["rule_set"] for r in _naloxone_rows()
                               if r["item"] == "increment"))


def _one(rows: list[dict], item: str, rule_set: str | None = None) -> dict:
    """The row for ``item`` in ``rule_set``; without a rule set, the item's only row."""
    found = [r for r in rows if r["item"] == item
             and (rule_set is None or r["rule_set"] == rule_set)]
    if len(found) != 1:
        raise refs.DataFileError(_path("naloxone"), None, "item",
                                 f"expected one '{item}' row"
                                 f"{'' if rule_set is None else f' for {rule_set}'}, "
                                 f"found {len(found)}")
    return found[0]


def naloxone_plan(rule_set: str = DEFAULT_NALOXONE) -> NaloxonePlan:
    """Naloxone for opioid-induced respiratory depression, as ``rule_set`` gives it.

    The dilution (one ampoule made up to a volume) is the file's only ``ampoule`` and
    ``diluted_volume`` rows; the increment and interval are ``rule_set``'s own.
    """
    sets = naloxone_rule_sets()
    if not isinstance(rule_set, str) or rule_set not in sets:
        shown = rule_set if isinstance(rule_set, str) else type(rule_set).__name__
        raise InputError("rule_set", str(shown)[:80], TEXT["rule_set"].format(
            sets=", ".join(sets)))
    rows = _naloxone_rows()
    amp_r, vol_r = _one(rows, "ampoule"), _one(rows, "diluted_volume")
    inc_r, int_r = _one(rows, "increment", rule_set), _one(rows, "interval", rule_set)
    total_r = _one(rows, "no_response_total")
    ampoule = _quantities(amp_r)[0].to("mg")
    volume = _quantities(vol_r)[0].to("mL")
    conc = (ampoule / volume).to("mg/mL")
    inc = DoseRange(*(q.to("mg") for q in _quantities(inc_r)))
    inc_vol = inc.map(lambda q: (q / conc).to("mL"))
    interval = _quantities(int_r)[0].to("min")
    total = _quantities(total_r)[0].to("mg")
    steps = (
        TEXT["dilution"].format(ampoule=fmt(ampoule), ampoule_item=amp_r["what"],
                                volume=fmt(volume), volume_item=vol_r["what"], conc=fmt(conc)),
        *dict.fromkeys(TEXT["increment_step"].format(dose=fmt(d), conc=fmt(conc),
                                                     volume=fmt((d / conc).to("mL")))
                       for d in (inc.low, inc.high)),
    )
    used = [amp_r, vol_r, inc_r, int_r, total_r]
    items: list[tuple[str, refs.Source]] = []
    for item in NALOXONE_ORDER:
        if item == "dilution":
            items.append((TEXT["dilution_short"].format(ampoule=fmt(ampoule), volume=fmt(volume),
                                                        conc=fmt(conc)), _source(amp_r)))
        elif item == "increment":
            items.append((TEXT["increment"].format(dose=inc.fmt(), volume=inc_vol.fmt(),
                                                   conc=fmt(conc), what=inc_r["what"],
                                                   interval=fmt(interval)), _source(inc_r)))
        elif item == "no_response_total":
            items.append((TEXT["no_response"].format(what=total_r["what"], total=fmt(total),
                                                     volume=fmt((total / conc).to("mL")),
                                                     conc=fmt(conc)), _source(total_r)))
        else:
            r = _one(rows, item)
            used.append(r)
            items.append((r["what"], _source(r)))
    sources = tuple(dict.fromkeys(_source(r) for r in used))
    return NaloxonePlan(rule_set, ampoule, volume, conc, inc, inc_vol, interval, total,
                        steps, tuple(items), sources)


def naloxone_spread() -> tuple[str, ...]:
    """One line per source: its increment in mg and in mL of the dilution, and how often."""
    out = []
    for rule_set in naloxone_rule_sets():
        p = naloxone_plan(rule_set)
        src = _source(_one(_naloxone_rows(), "increment", rule_set))
        out.append(TEXT["spread"].format(rule_set=rule_set, dose=p.increment.fmt(),
                                         volume=p.increment_volume.fmt(),
                                         conc=fmt(p.concentration), interval=fmt(p.interval),
                                         source=short_cite(src)))
    return tuple(out)


# --- the pump at the bedside -------------------------------------------------------------------


def _settings(settings: Any, reservoir: Any) -> None:
    if not isinstance(settings, PcaSettings):
        raise InputError("settings", type(settings).__name__, "PcaSettings")
    if reservoir is not None and not isinstance(reservoir, Reservoir):
        raise InputError("reservoir", type(reservoir).__name__, "a Reservoir")
    if reservoir is not None and reservoir.drug != settings.drug:
        raise InputError("reservoir", reservoir.drug, f"the pump's drug ({settings.drug})")


def _boluses(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_BOLUSES_PER_DAY:
        shown = n if isinstance(n, int | float) else type(n).__name__
        raise InputError("boluses_per_day", shown, TEXT["boluses"].format(
            n=MAX_BOLUSES_PER_DAY))
    return n


@dataclass(frozen=True)
class SubcutVolume:
    """The pump's volumes against the subcutaneous site's limits (Fast Facts #28 row).

    Volume = dose / concentration; the most per hour is the most the pump can give in one hour
    (background + bolus x boluses the lockout allows, capped by the hour limit).
    """

    background: pint.Quantity
    bolus: pint.Quantity
    max_per_hour: pint.Quantity
    per_day: pint.Quantity
    limit_per_hour: pint.Quantity
    bolus_limit: DoseRange
    max_within_limit: bool
    bolus_within_limit: bool
    steps: tuple[str, ...]
    sources: tuple[refs.Source, ...]


def subcut_volume(settings: PcaSettings, reservoir: Reservoir,
                  boluses_per_day: int = 0) -> SubcutVolume:
    """Background, bolus, hourly and daily volumes of a subcutaneous pump, with the limits."""
    _settings(settings, reservoir)
    if reservoir is None:
        raise InputError("reservoir", "None", "a Reservoir")
    if settings.route != "subcutaneous":
        raise InputError("route", settings.route, TEXT["settings_route"].format(
            route=settings.route))
    n = _boluses(boluses_per_day)
    conc = reservoir.concentration
    rate_rule, bolus_rule = rule("subcut_rate"), rule("subcut_bolus")
    limit = Q(rate_rule.high, rate_rule.unit).to("mL/h")
    bolus_limit = DoseRange(Q(bolus_rule.low, bolus_rule.unit).to("mL"),
                            Q(bolus_rule.high, bolus_rule.unit).to("mL"))
    bg = (settings.background / conc).to("mL/h")
    bolus = (settings.bolus / conc).to("mL")
    top = (settings.max_per_hour / conc).to("mL/h")
    day = settings.daily_total(n).value
    per_day = (day / conc).to("mL")
    within = top <= limit
    bolus_ok = bolus <= bolus_limit.low
    steps = (
        TEXT["vol_background"].format(rate=fmt(settings.background), conc=fmt(conc),
                                      volume=fmt(bg)),
        TEXT["vol_bolus"].format(dose=fmt(settings.bolus), conc=fmt(conc), volume=fmt(bolus)),
        TEXT["vol_max_hour"].format(dose=fmt(settings.max_per_hour), conc=fmt(conc),
                                    volume=fmt(top)),
        TEXT["vol_day"].format(n=n, dose=fmt(day), conc=fmt(conc), volume=fmt(per_day)),
        TEXT["vol_within" if within else "vol_above"].format(volume=fmt(top),
                                                             limit=fmt(limit)),
        TEXT["vol_bolus_within" if bolus_ok else "vol_bolus_above"].format(
            volume=fmt(bolus), low=fmt(bolus_limit.low), high=fmt(bolus_limit.high)),
    )
    return SubcutVolume(bg, bolus, top, per_day, limit, bolus_limit, within, bolus_ok, steps,
                        (rate_rule.origin, bolus_rule.origin))


@dataclass(frozen=True)
class ReservoirEnd:
    """How long a reservoir lasts: drug amount / (background x 24 h + boluses x bolus) a day."""

    life: pint.Quantity
    steps: tuple[str, ...]
    lines: tuple[str, ...]


def reservoir_end(settings: PcaSettings, reservoir: Reservoir,
                  boluses_per_day: int = 0) -> ReservoirEnd:
    """When the reservoir runs out, and what to do before it does (bedside rows)."""
    _settings(settings, reservoir)
    if reservoir is None:
        raise InputError("reservoir", "None", "a Reservoir")
    n = _boluses(boluses_per_day)
    life = settings.reservoir_life(reservoir, n)
    days = life.to("day")
    steps = (TEXT["life"].format(amount=fmt(reservoir.drug_amount), rate=fmt(
        settings.background), n=n, bolus=fmt(settings.bolus), hours=fmt(life, 3),
        days=fmt(days, 3)),
        TEXT["life_empty"].format(hours=fmt(life, 1), n=n))
    return ReservoirEnd(life, steps, cited("reservoir"))


@dataclass(frozen=True)
class LoadingDose:
    """Loading dose = ratio x bolus (the rule row ``pca_loading_dose_to_bolus``)."""

    dose: pint.Quantity
    volume: pint.Quantity | None
    steps: tuple[str, ...]
    lines: tuple[str, ...]
    source: refs.Source


def loading_dose(settings: PcaSettings, reservoir: Reservoir | None = None) -> LoadingDose:
    """The loading dose the rule row gives for these settings, with why and the case's way."""
    _settings(settings, reservoir)
    r = rule("loading")
    ratio = r.low
    dose = (settings.bolus * ratio).to(settings.bolus.units)
    if reservoir is not None:
        volume = (dose / reservoir.concentration).to("mL")
        step = TEXT["loading"].format(ratio=f"{ratio:g}", bolus=fmt(settings.bolus),
                                      dose=fmt(dose), volume=fmt(volume),
                                      conc=fmt(reservoir.concentration))
    else:
        volume = None
        step = TEXT["loading_no_reservoir"].format(ratio=f"{ratio:g}",
                                                   bolus=fmt(settings.bolus), dose=fmt(dose))
    return LoadingDose(dose, volume, (step,), cited("loading"), r.origin)


@dataclass(frozen=True)
class LockoutTeaching:
    """What the sources say about the lockout of a subcutaneous PCA, and the case's clue."""

    minimum: pint.Quantity
    preferred: DoseRange
    case_onset: DoseRange
    lines: tuple[str, ...]


def lockout_teaching(settings: PcaSettings) -> LockoutTeaching:
    """Hallenbeck's subcutaneous lockout (rule rows) beside the case's own lockout and onset."""
    _settings(settings, None)
    low, pref = rule("lockout_min"), rule("lockout_preferred")
    minimum = Q(low.low, low.unit).to("min")
    preferred = DoseRange(Q(pref.low, pref.unit).to("min"), Q(pref.high, pref.unit).to("min"))
    onset = line("loading", "case")
    if onset.low is None or onset.high is None:
        raise refs.DataFileError(_path("bedside"), None, "low",
                                 "the loading/case row needs the onset (low, high, unit)")
    case_onset = DoseRange(onset.low.to("min"), onset.high.to("min"))
    out = (
        line("lockout", "peak_effect").line(),
        TEXT["lockout_rule"].format(low=fmt(minimum), preferred=preferred.fmt(),
                                    source=short_cite(pref.origin)),
        TEXT["lockout_case"].format(lockout=fmt(settings.lockout), onset=case_onset.fmt(),
                                    source=short_cite(onset.source)),
    )
    return LockoutTeaching(minimum, preferred, case_onset, out)


@dataclass(frozen=True)
class PatchBreakthrough:
    """Breakthrough dose on a patch: the patch's oral morphine equivalent x the rescue
    fraction (``conversion.rescue_dose``), by one named factor table."""

    rate: pint.Quantity
    ome: conversion.DoseResult
    rescue: conversion.DoseResult
    steps: tuple[str, ...]
    lines: tuple[str, ...]


def breakthrough_on_patch(rate: Any, table: str = "epcrc-2011",
                          share: Any = "nccn") -> PatchBreakthrough:
    """Oral morphine for breakthrough pain on a fentanyl patch of ``rate`` (mcg/h).

    OME = rate x the table's factor (one-way label tables are refused by
    ``transdermal.ome_from_patch``); rescue = OME x the rescue fraction (``rules.csv``).
    """
    ome = transdermal.ome_from_patch(rate, table)
    rescue = conversion.rescue_dose(ome.range, share)
    rate_q = Q(rate) if isinstance(rate, str) else rate
    steps = (*ome.steps, *rescue.steps,
             TEXT["patch_rescue"].format(rate=fmt(rate_q), rescue=rescue.fmt()))
    return PatchBreakthrough(rate_q, ome, rescue, steps, cited("breakthrough_on_patch"))


__all__ = [
    "DEFAULT_NALOXONE",
    "BedsideLine",
    "LoadingDose",
    "LockoutTeaching",
    "MonitoringItem",
    "NaloxonePlan",
    "PatchBreakthrough",
    "ReservoirEnd",
    "SubcutVolume",
    "breakthrough_on_patch",
    "cited",
    "line",
    "lines",
    "loading_dose",
    "lockout_teaching",
    "monitoring",
    "monitoring_lines",
    "naloxone_plan",
    "naloxone_rule_sets",
    "naloxone_spread",
    "reservoir_end",
    "rule",
    "short_cite",
    "subcut_volume",
    "topics",
]
