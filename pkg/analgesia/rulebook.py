"""The workbook's PCA rule set, read once from ``data/``: every rule row with its source, the
PCA modes, and which row the workbook teaches by default (and why, said once).

- ``data/rules.csv`` and ``data/pca_safety_rules.csv``: one row per rule per source (``rule``,
  ``rule_set``, ``low``, ``high``, ``unit``, source, year, url, status). A rule name lives in
  one file only.
- ``data/teaching_defaults.csv``: ``choice -> (rule, rule_set, reason)``: the row the converter,
  the pump panel, the checker, the practice grader and the notebooks use unless told otherwise.
- ``data/pca_modes.csv``: bolus-only, background + bolus, clinician-activated; each names the
  bolus convention (a choice) it uses.

Teaching, not prescribing.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import bounds, words
from . import references as refs
from .units import InputError

FILES = ("rules", "pca_safety_rules")

# Everything a learner reads from this module: one line per teaching default ("label.<choice>"
# names the setting, "value.<choice>" how its row reads).
TEXT = words.catalogue("rulebook", {
    "line": "{label}: {value} [{rule_set}]",
    "mode_line": "{label} - pressed by {who}; background {background}; for {for_whom} [{rule_set}]",
    "value": "{span}",
    "label.cut_pain_controlled": "cross-tolerance cut, pain controlled",
    "value.cut_pain_controlled": "{span}",
    "label.cut_pain_uncontrolled": "cross-tolerance cut after titration, pain not controlled",
    "value.cut_pain_uncontrolled": "{span}",
    "label.cut_to_patch": "cross-tolerance cut to a fentanyl patch, from the label's bands",
    "value.cut_to_patch": "{span}",
    "label.pain_uncontrolled_from": "pain counts as not controlled from",
    "value.pain_uncontrolled_from": "NRS {low}",
    "label.bolus_bolus_only": "bolus, bolus-only PCA",
    "value.bolus_bolus_only": "{span} of the previous 24 h dose",
    "label.bolus_with_background": "bolus with a background",
    "value.bolus_with_background": "{span} of the hourly rate",
    "label.naive_bolus": "bolus, opioid-naive patient (HYDROmorphone)",
    "value.naive_bolus": "{span}",
    "label.lockout_subcutaneous": "lockout, subcut",
    "value.lockout_subcutaneous": "{span}",
    "label.lockout_minimum_subcutaneous": "shortest subcut lockout",
    "value.lockout_minimum_subcutaneous": "{low} min",
    "label.plan_lockout": "lockout of a PCA plan worked out from a daily dose",
    "label.bolus_maintenance": "bolus of a maintenance PCA, as a share of the 24 h dose",
    "value.bolus_maintenance": "{span} of the 24 h dose",
    "value.plan_lockout": "{low} min",
    "label.lockout_intravenous": "lockout, IV",
    "value.lockout_intravenous": "{span}",
    "label.hour_limit": "hour limit",
    "value.hour_limit": "{span} the hourly requirement",
    "label.naive_hour_limit": "hour limit, opioid-naive patient",
    "value.naive_hour_limit": "{span} bolus fewer than the lockout allows",
    "label.max_hour_danger": "most per hour that is a danger",
    "value.max_hour_danger": "above {span} the requirement",
    "label.background_danger": "background that is a danger",
    "value.background_danger": "above {span} (24 h dose / 24 h)",
    "label.loading_dose": "loading dose",
    "value.loading_dose": "{span} the bolus",
    "label.four_hour_limit": "4-hour limit",
    "value.four_hour_limit": "{span} the 1-hour limit",
    "label.sc_volume_per_hour": "subcut volume per hour",
    "value.sc_volume_per_hour": "at most {span}",
    "label.sc_bolus_volume": "one subcut bolus",
    "value.sc_bolus_volume": "at most {low} {unit} ({high} {unit} in the abdomen)",
    "label.parenteral_to_oral_hydromorphone": "subcut/IV to oral HYDROmorphone",
    "value.parenteral_to_oral_hydromorphone": "{span}",
    "label.elderly_age": "elderly, for the checker, from",
    "value.elderly_age": "{low} years",
    "label.severe_renal_egfr": "severe renal impairment below eGFR",
    "value.severe_renal_egfr": "{high} mL/min/1.73 m2",
    "one_of": "one of {names}",
    "rule_name": "a rule name such as 'hour_limit_multiple'",
    "rule_set_name": "a rule set name such as 'fast-facts-92'",
    "rule_sets": "one of {sets} for {rule}",
    "none": "(none)",
    "drug": "a drug name such as 'hydromorphone'",
    "choices": "a list of choices from teaching_defaults.csv",
    "choices_from": "choices from teaching_defaults.csv: {names}",
    "names": "a list of rule names",
    "rule_row": "a rule row from rulebook.rule()",
    "one_row": "a rule with one row (it has {n}: choose one with a teaching default)",
})

DEFAULTS_FILE = "teaching_defaults.csv"
MODES_FILE = "pca_modes.csv"

DEFAULTS_SCHEMA: refs.Schema = {"choice": refs.text, "rule": refs.text, "rule_set": refs.text,
                                "reason": refs.text}
MODES_SCHEMA: refs.Schema = {"mode": refs.text, "label": refs.text, "who_presses": refs.text,
                             "background": refs.text, "bolus_choice": refs.text,
                             "for_whom": refs.text, **refs.SOURCE_COLUMNS,
                             "note": refs.optional_text}


@dataclass(frozen=True)
class Default:
    """The workbook's choice for one setting: the rule row it uses and the reason."""

    choice: str
    rule: refs.Rule
    reason: str


@dataclass(frozen=True)
class Mode:
    mode: str
    label: str
    who_presses: str
    background: str
    bolus_choice: str
    for_whom: str
    origin: refs.Source


def _text(value, field: str, allowed: str) -> str:
    """A name typed or passed in: text only, else an InputError naming the field."""
    if not isinstance(value, str):
        raise InputError(field, type(value).__name__, allowed)
    return value


def _names(value, field: str, allowed: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, tuple | list):
        raise InputError(field, type(value).__name__, allowed)
    return tuple(_text(v, field, allowed)[:80] for v in value)


@refs.cached
def _rules() -> dict[tuple[str, str], refs.Rule]:
    out: dict[tuple[str, str], refs.Rule] = {}
    home: dict[str, str] = {}
    for name in FILES:
        path = refs.DATA_DIR / f"{name}.csv"
        for r in refs.load(name):
            if home.setdefault(r["rule"], name) != name:
                raise refs.DataFileError(path, r["_row"], "rule", f"'{r['rule']}' is already "
                                         f"a rule in {home[r['rule']]}.csv: keep a rule in one "
                                         "file")
            out[(r["rule"], r["rule_set"])] = refs.Rule(
                r["rule"], r["rule_set"], r["low"], r["high"], r["unit"],
                refs.Source(r["source"], r["year"], r["url"], r["status"], r.get("note", "")))
    return out


def rule(name: str, rule_set: str) -> refs.Rule:
    """One row of the rule set (rules.csv or pca_safety_rules.csv)."""
    name = _text(name, "rule", TEXT["rule_name"])
    rule_set = _text(rule_set, "rule_set", TEXT["rule_set_name"])
    rules = _rules()
    if (name, rule_set) not in rules:
        sets = sorted(s for (n, s) in rules if n == name)
        raise InputError("rule_set", rule_set, TEXT("rule_sets", sets=", ".join(sets)
                                                    or TEXT["none"], rule=name))
    return rules[(name, rule_set)]


def rows(name: str) -> tuple[refs.Rule, ...]:
    """Every source's row of one rule, in file order."""
    name = _text(name, "rule", TEXT["rule_name"])
    return tuple(r for (n, _s), r in _rules().items() if n == name)


def only(name: str) -> refs.Rule:
    """The one row of a rule that a single source gives (the renal, sedative and button rules):
    no rule set to choose, so none is named in code. A rule with several rows is chosen
    through a teaching default instead (:func:`default_rule`)."""
    found = rows(name)
    if len(found) != 1:
        raise InputError("rule", name, TEXT("one_row", n=len(found)))
    return found[0]


def names() -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for (n, _s) in _rules()))


@refs.cached
def _defaults() -> dict[str, Default]:
    path = refs.DATA_DIR / DEFAULTS_FILE
    out = {}
    for r in refs.read_csv(path, DEFAULTS_SCHEMA):
        if r["choice"] in out:
            raise refs.DataFileError(path, r["_row"], "choice", "appears twice")
        if (r["rule"], r["rule_set"]) not in _rules():
            raise refs.DataFileError(path, r["_row"], "rule_set",
                                     f"{r['rule']}/{r['rule_set']} is not a row of the rule set")
        out[r["choice"]] = Default(r["choice"], _rules()[(r["rule"], r["rule_set"])],
                                   r["reason"])
    return out


def default(choice: str) -> Default:
    """The workbook's default for ``choice`` (a row of teaching_defaults.csv)."""
    found = _defaults()
    allowed = TEXT("one_of", names=", ".join(found))
    choice = _text(choice, "choice", allowed)
    if choice not in found:
        raise InputError("choice", choice, allowed)
    return found[choice]


def defaults() -> tuple[Default, ...]:
    return tuple(_defaults().values())


def default_rule(choice: str) -> refs.Rule:
    return default(choice).rule


def pain_controlled(nrs: int) -> bool:
    """True below the uncontrolled-pain threshold (NRS 4, Lin 2021)."""
    nrs = bounds.count(nrs, "nrs", field="nrs")
    return nrs < default_rule("pain_uncontrolled_from").low


def cut_for(nrs: int) -> Default:
    """The cross-tolerance cut the workbook teaches for a pain score: 25-50% when pain is
    controlled, none after titration when it is not (teaching_defaults.csv says why)."""
    return default("cut_pain_controlled" if pain_controlled(nrs) else "cut_pain_uncontrolled")


def naive_bolus(drug: str) -> refs.Rule | None:
    """The naive bolus range for ``drug`` from the default source (None when not listed)."""
    drug = _text(drug, "drug", TEXT["drug"])
    source = default_rule("naive_bolus").rule_set
    key = (f"naive_bolus_{drug}", source)
    return _rules().get(key)


@refs.cached
def _modes() -> dict[str, Mode]:
    path = refs.DATA_DIR / MODES_FILE
    out = {}
    for r in refs.read_csv(path, MODES_SCHEMA):
        if r["bolus_choice"] not in _defaults():
            raise refs.DataFileError(path, r["_row"], "bolus_choice",
                                     "is not a choice in teaching_defaults.csv")
        out[r["mode"]] = Mode(r["mode"], r["label"], r["who_presses"], r["background"],
                              r["bolus_choice"], r["for_whom"],
                              refs.Source(r["source"], r["year"], r["url"], r["status"],
                                          r.get("note", "")))
    return out


def modes() -> tuple[Mode, ...]:
    return tuple(_modes().values())


def mode(name: str) -> Mode:
    found = _modes()
    allowed = TEXT("one_of", names=", ".join(found))
    name = _text(name, "mode", allowed)
    if name not in found:
        raise InputError("mode", name, allowed)
    return found[name]


def reload() -> None:
    """Forget cached rows (after editing a data file in a running kernel): the package's one
    reload, :func:`analgesia.references.reload`, which clears every cache built from data/."""
    refs.reload()


def _span(r: refs.Rule) -> str:
    from .units import _num

    scale = 100 if r.unit == "fraction" else 1
    unit = "%" if r.unit == "fraction" else f" {r.unit}"
    if r.low == r.high:
        return f"{_num(r.low * scale)}{unit}"
    return f"{_num(r.low * scale)}-{_num(r.high * scale)}{unit}"


def span(r: refs.Rule) -> str:
    """A rule's range as a learner reads it: '25-50%', '20-30 min', '2.5 dimensionless' ->
    '2.5'."""
    if not isinstance(r, refs.Rule):
        raise InputError("rule", type(r).__name__, TEXT["rule_row"])
    return _span(r).replace(" dimensionless", " x").replace(" count", "")


def lines(choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The workbook's defaults as a learner reads them, one line each, from the rows."""
    from .units import _num

    choices = _names(choices, "choices", TEXT["choices"])
    known = {d.choice for d in defaults()}
    for c in choices or ():
        if c not in known:
            raise InputError("choices", c, TEXT("choices_from", names=", ".join(sorted(known))))
    out = []
    for d in defaults():
        if choices is not None and d.choice not in choices:
            continue
        label = TEXT.get(f"label.{d.choice}", d.choice)
        r = d.rule
        value = TEXT.get(f"value.{d.choice}", TEXT["value"]).format(
            span=span(r), low=_num(r.low), high=_num(r.high), unit=r.unit)
        out.append(TEXT("line", label=label, value=value, rule_set=r.rule_set))
    return tuple(out)


def mode_lines() -> tuple[str, ...]:
    """The PCA modes, one line each."""
    return tuple(TEXT("mode_line", label=m.label, who=m.who_presses, background=m.background,
                      for_whom=m.for_whom, rule_set=m.origin.source.split(".")[0])
                 for m in modes())


def table(names_: tuple[str, ...] | None = None) -> tuple[tuple[str, str, str, str, str], ...]:
    """(rule, rule set, value, source, status) for every row (or the rules named), the
    workbook's default marked with '*'."""
    names_ = _names(names_, "names", TEXT["names"])
    chosen = {(d.rule.rule, d.rule.rule_set) for d in defaults()}
    out = []
    for (n, s), r in _rules().items():
        if names_ is not None and n not in names_:
            continue
        mark = "*" if (n, s) in chosen else ""
        out.append((n, s + mark, span(r), r.origin.cite(), r.origin.status))
    return tuple(out)


__all__ = ["TEXT", "Default", "Mode", "cut_for", "default", "default_rule", "defaults", "lines",
           "mode", "mode_lines", "modes", "naive_bolus", "only", "pain_controlled", "reload",
           "rule", "rows", "span", "table"]
