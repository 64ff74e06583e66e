"""Practice patients: load the cases in ``data/practice_cases/``, solve them with the package,
and compare a learner's answer with the worked solution.

- :func:`load_cases` reads every ``*.yaml`` and ``*.yml`` in the folder, validates it and
  solves it; a malformed file, or one whose numbers the package cannot work through, becomes
  a :class:`CaseError` (file, field, line, what is expected) and the other cases still load.
- :func:`solve` reproduces each expected answer with the package's own functions
  (``daily_dose``, ``ome``, ``titrate``, ``reduce_for_cross_tolerance``, ``convert``,
  ``pca_from_daily_dose``, ``rescue_dose``); tests check it against the hand-worked values.
- :func:`compare` says, field by field, how far an answer lies from the worked range
  (absolute and %).

An instructor adds a case by dropping a YAML file into the folder. Teaching, not prescribing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pint

from . import conversion as cv
from . import pump, safety
from . import references as refs
from . import rulebook as rb
from .order_sheet import MICROGRAM_DRUGS
from .units import DoseRange, InputError, Q, as_range, fmt, fmt_drug, fmt_route

CASES_DIR = refs.DATA_DIR / "practice_cases"

TEXT = {
    "error": "{file}{line}: field '{field}': expected {expected}; got {got}",
    "line": ", line {line}",
    "unreadable": "a case file this loader can read",
    "yaml": "readable YAML",
    "yaml_alias": "no YAML aliases (*name): write each value out",
    "too_big": "a case file under {size} kB",
    "utf8": "UTF-8 text",
    "solvable": "values the package can work through ({why})",
    "labels": {
        "daily_dose": "daily dose",
        "background": "background",
        "bolus": "bolus (PCA dose)",
        "lockout": "lockout",
        "hour_limit": "hour limit",
        "rescue": "rescue dose",
        "background_delay": "start the background after patch removal",
        "drug": "drug",
        "route": "route",
        "mode": "PCA mode",
    },
    "within": "{label}: yours {given} is within the worked range {expected}",
    "rounding": "{label}: yours {given} is {size} ({pct}) {side} the worked range {expected}: "
    "rounding only",
    "outside": "{label}: yours {given} is {size} ({pct}) {side} the worked range {expected}",
    "outside_no_pct": "{label}: yours {given} is {size} {side} the worked value {expected}",
    "above": "above",
    "below": "below",
    "missing": "{label}: not answered (worked range {expected})",
    "text_same": "{label}: yours '{given}' matches the worked answer",
    "text_differs": "{label}: yours '{given}', worked answer '{expected}'",
    "prior_rate": "{rate} x 24 h = {total}",
    "prior_sum": "previous 24 h {drug} {route}: {terms} = {total}",
    "background": "background = {daily} / 24 h = {result}",
    "bolus_ratio": "bolus = {share} of the hourly background: {bg} x 1 h x {share} = {result}",
    "lockout": "lockout = {lockout} ({source})",
    "hour_limit": "hour limit = {times} x {bg} = {result} ({source})",
    "naive_bolus": "opioid naive: no background; bolus {low} to {high} ({source}); the order "
    "uses {bolus}",
    "naive_limit": "hour limit = {bolus} x (floor(60 min / {lockout}) - {fewer}) = {result}, "
    "below the {uncapped} the lockout alone allows ({source})",
    "lockout_range": "lockout = {span} ({source}); the order uses {lockout}",
    "cut_default": "pain NRS {nrs}: {state}, so the workbook's cut is {span} ({source})",
    "controlled": "controlled",
    "uncontrolled": "not controlled",
    "limit_cap": "hour limit no higher than background + boluses the lockout allows: "
    "{bg} + {bolus} x {n} = {uncapped}",
    "check_ok": "checker: no warning or danger",
    "check_expected": "checker: {codes} (the point of this case)",
    "delay": "start the background {delay} after removing the patch ({source})",
    "order_pick": "order sheet: {pick} of {daily_range} = {daily}",
    "picks": {"low": "the low end", "mid": "the middle", "high": "the high end"},
    "order_limit": "order sheet hour limit = {times} x {bg} = {limit} ({volume})",
    "no_order": "no pump in this answer: the patient leaves the pump",
    "ome_total": "total oral morphine equivalent = {terms} = {total}",
}

FIELDS = ("daily_dose", "background", "bolus", "lockout", "hour_limit", "rescue",
          "background_delay")
UNITS = {"daily_dose": "mg/day", "background": "mg/h", "bolus": "mg", "lockout": "min",
         "hour_limit": "mg/h", "rescue": "mg", "background_delay": "h"}
KINDS = ("rotation", "naive_pca")
TEXT_FIELDS = ("drug", "route", "mode")
SEXES = ("female", "male")
PICKS = ("low", "mid", "high")
MAX_ANSWER = 100  # characters in one typed answer: "0.25-0.5 mg/h" needs a dozen
ROUNDING = 0.01  # |difference| <= 1% of the bound counts as rounding (a display choice)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RANGE_TEXT = re.compile(r"^\s*([0-9.]+)\s*(?:-|to)\s*([0-9.]+)\s*([^\d\s].*)$")


# --- the case as data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Opioid:
    """One line of the current regimen: a scheduled dose, a count of rescues, or a rate."""

    drug: str
    route: str
    dose: pint.Quantity | None = None
    every: pint.Quantity | None = None
    times_per_day: int | None = None
    rate: pint.Quantity | None = None

    def text(self) -> str:
        name = f"{fmt_drug(self.drug)} {fmt_route(self.route)}"
        if self.rate is not None:
            return f"{name} {fmt(self.rate)}"
        if self.every is not None:
            return f"{name} {fmt(self.dose)} every {fmt(self.every)}"
        return f"{name} {fmt(self.dose)} x {self.times_per_day} in 24 h (as needed)"


@dataclass(frozen=True)
class Patient:
    age: int
    sex: str
    diagnosis: str
    renal_function: str
    current_opioids: tuple[Opioid, ...]
    nrs: int
    opioid_tolerant: bool
    weight: pint.Quantity | None = None
    other: tuple[str, ...] = ()
    egfr: pint.Quantity | None = None
    hepatic_impairment: bool | None = None
    frail: bool | None = None
    can_use_button: bool | None = None
    sedatives: tuple[str, ...] = ()

    def lines(self) -> tuple[str, ...]:
        weight = f", {fmt(self.weight)}" if self.weight is not None else ""
        opioids = "; ".join(o.text() for o in self.current_opioids) or "none (opioid naive)"
        return (
            f"{self.age}-year-old {self.sex}{weight}: {self.diagnosis}",
            f"renal function: {self.renal_function}",
            f"current opioids: {opioids}",
            f"pain NRS {self.nrs}; opioid tolerant: {'yes' if self.opioid_tolerant else 'no'}",
            *self.other,
        )


@dataclass(frozen=True)
class ReasoningStep:
    step: str
    arithmetic: str
    source: str


@dataclass(frozen=True)
class SpreadEntry:
    table: str
    range: DoseRange
    from_route: str | None = None
    to: tuple[str, str] | None = None

    def label(self, case: PracticeCase) -> str:
        drug, route = self.to or (case.drug, case.route)
        via = f" (from {self.from_route})" if self.from_route else ""
        return f"{self.table}{via} -> {fmt_drug(drug, True)} {fmt_route(route)}"


@dataclass(frozen=True)
class PracticeCase:
    id: str
    title: str
    teaching_point: str
    patient: Patient
    question: str
    method: dict
    expected: dict[str, DoseRange]
    drug: str
    route: str
    reasoning: tuple[ReasoningStep, ...]
    spread: tuple[SpreadEntry, ...] = ()
    references: tuple[str, ...] = ()
    path: Path | None = None
    mode: str = "background-bolus"
    expected_findings: tuple[str, ...] = ()
    findings_note: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The answer fields this case asks for, in teaching order."""
        return tuple(f for f in FIELDS if f in self.expected)

    def reasoning_lines(self) -> tuple[str, ...]:
        return tuple(f"{i}. {r.step}: {r.arithmetic} [{r.source}]"
                     for i, r in enumerate(self.reasoning, start=1))


@dataclass(frozen=True)
class CaseError:
    """A file that could not be loaded: which file, which field (and the line it sits on in
    the file, when known), what was expected."""

    file: str
    field: str
    expected: str
    got: str
    line: int | None = None

    def __str__(self) -> str:
        line = "" if self.line is None else TEXT["line"].format(line=self.line)
        return TEXT["error"].format(file=self.file, line=line, field=self.field,
                                    expected=self.expected, got=self.got)


@dataclass(frozen=True)
class PracticeSet:
    cases: tuple[PracticeCase, ...]
    errors: tuple[CaseError, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cases)

    def get(self, case_id: str) -> PracticeCase:
        for c in self.cases:
            if isinstance(case_id, str) and c.id == case_id:
                return c
        shown = case_id[:80] if isinstance(case_id, str) else type(case_id).__name__
        raise InputError("case", shown, "one of " + ", ".join(self.ids))


class _Bad(Exception):
    def __init__(self, field_name: str, expected: str, got: Any, line: int | None = None):
        super().__init__(field_name)
        self.field, self.expected, self.got, self.line = field_name, expected, got, line


# --- loading and validation --------------------------------------------------------------------


PATTERNS = ("*.yaml", "*.yml")
MAX_BYTES = 256_000  # a case is a page of text; anything far larger is not a case file
# Where a field that solving refused lives in the case file.
_SOLVE_FIELDS = {"drug_amount": "method.reservoir.drug_amount",
                 "drug_volume": "method.reservoir.drug_volume",
                 "diluent_volume": "method.reservoir.diluent_volume",
                 "pump_step": "method.order.pump_step"}


def load_cases(folder: str | Path | None = None) -> PracticeSet:
    """Every ``*.yaml`` and ``*.yml`` in ``folder`` (default ``data/practice_cases``), validated
    and solved with :func:`solve`.

    A file that is malformed, or whose numbers the package cannot work through, is reported in
    ``.errors`` (file, field, line) and skipped; the others load. Raises only
    :class:`~analgesia.units.InputError`, when ``folder`` is not a readable folder.
    """
    if folder is None:
        folder = CASES_DIR
    if not isinstance(folder, str | Path) or (isinstance(folder, str) and (
            not folder.strip() or "\0" in folder or len(folder) > 4096)):
        shown = folder[:80] if isinstance(folder, str) else type(folder).__name__
        raise InputError("folder", shown, "the path of a folder of practice cases")
    folder = Path(folder)
    try:
        paths = sorted({p for pattern in PATTERNS for p in folder.glob(pattern)},
                       key=lambda p: p.name)
        if not folder.is_dir():
            raise NotADirectoryError(str(folder))
    except (OSError, ValueError):
        raise InputError("folder", str(folder)[:200], "an existing folder of practice "
                         "cases") from None
    cases, errors, seen = [], [], {}
    for path in paths:
        node = None
        try:
            node, data = _read(path)
            case = _case(data, path)
            if case.id in seen:
                raise _Bad("id", f"an id not already used by {seen[case.id]}", case.id)
            _solvable(case)
            seen[case.id] = path.name
            cases.append(case)
        except _Bad as bad:
            line = bad.line if bad.line is not None else _line_of(node, bad.field)
            errors.append(CaseError(path.name, bad.field, bad.expected, _got(bad.got), line))
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
            errors.append(CaseError(path.name, "(file)", TEXT["unreadable"],
                                    type(exc).__name__))
    return PracticeSet(tuple(cases), tuple(errors))


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe YAML without aliases: a case never needs them, and an alias bomb (a few
        lines that expand to billions of items) must not hang the loader."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise _Bad("(file)", TEXT["yaml_alias"], "an alias", mark.line + 1)
            return super().compose_node(parent, index)

    return Loader


def _read(path: Path):
    """(node tree, data) of one case file; problems become :class:`_Bad` with the line."""
    import yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _Bad("(file)", TEXT["unreadable"], exc.strerror or type(exc).__name__) from None
    if len(raw) > MAX_BYTES:
        raise _Bad("(file)", TEXT["too_big"].format(size=MAX_BYTES // 1000), f"{len(raw)} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise _Bad("(file)", TEXT["utf8"], f"byte 0x{raw[exc.start]:02x}", line) from None
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        raise _Bad("(file)", TEXT["yaml"], exc.problem or type(exc).__name__, line) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise _Bad("(file)", TEXT["yaml"], type(exc).__name__) from None
    finally:
        loader.dispose()
    return node, data


_PATH_PART = re.compile(r"[^.\[\]]+|\[\d+\]")


def _line_of(node, field_path: str) -> int | None:
    """The line (from 1) of ``field_path`` ("patient.current_opioids[0].drug") in the YAML
    node tree, or of the nearest enclosing field that exists."""
    import yaml

    if node is None or field_path.startswith("("):
        return None
    line = node.start_mark.line + 1
    for part in _PATH_PART.findall(field_path):
        nxt = None
        if part.startswith("[") and isinstance(node, yaml.SequenceNode):
            i = int(part[1:-1])
            nxt = node.value[i] if i < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    line, nxt = key.start_mark.line + 1, value
                    break
        if nxt is None:
            return line
        node = nxt
        line = max(line, node.start_mark.line + 1) if part.startswith("[") else line
    return line


def _solvable(case: PracticeCase) -> None:
    """Work the case now, so that numbers the package refuses are reported at load and not
    in the middle of a lesson."""
    try:
        sol = solve(case)
        if sol.settings is not None and sol.reservoir is not None:
            sol.settings.describe(sol.reservoir)
    except InputError as exc:
        where = _SOLVE_FIELDS.get(exc.field) or (
            "method.reservoir" if "reservoir" in str(exc.allowed) else "method")
        raise _Bad(where, TEXT["solvable"].format(why=str(exc).rstrip(".")), exc.value) from None
    except (ValueError, ArithmeticError) as exc:
        raise _Bad("method", TEXT["solvable"].format(why=type(exc).__name__),
                   str(exc)[:200]) from None


def _got(value: Any) -> str:
    if value is None:
        return "nothing (missing)"
    if isinstance(value, pint.Quantity):
        try:
            return fmt(value)
        except ValueError:
            pass
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 200 else text[:200] + "..."


def _get(data: dict, key: str, where: str, expected: str, optional: bool = False):
    if not isinstance(data, dict):
        raise _Bad(where.rsplit(".", 1)[0] or where, "a mapping of fields", data)
    if key not in data or data[key] is None:
        if optional:
            return None
        raise _Bad(where, expected, None)
    return data[key]


def _text(data, key, where, optional=False) -> str:
    value = _get(data, key, where, "some text", optional)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _Bad(where, "some text", value)
    return " ".join(value.split())


def _int(data, key, where, low, high) -> int:
    value = _get(data, key, where, f"a whole number from {low} to {high}")
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Bad(where, f"a whole number from {low} to {high}", value)
    return value


def _qty(value: Any, unit: str, where: str, allow_zero: bool = True) -> pint.Quantity:
    try:
        return as_range(str(value), unit, field=where, allow_zero=allow_zero).high
    except ValueError:
        raise _Bad(where, f"a quantity in {unit}, such as '1 {unit}'", value) from None


def _choice(value: Any, allowed, where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _Bad(where, "one of " + ", ".join(allowed), value)
    return value


def _opioid(item: Any, where: str) -> Opioid:
    if not isinstance(item, dict):
        raise _Bad(where, "a mapping with drug, route and dose/every, times_per_day or rate", item)
    drug = _choice(item.get("drug"), refs.DRUGS, f"{where}.drug")
    route = _choice(item.get("route"), refs.ROUTES, f"{where}.route")
    if "rate" in item:
        unit = "mcg/h" if route == "transdermal" else "mg/h"
        return Opioid(drug, route, rate=_qty(item["rate"], unit, f"{where}.rate", False))
    if route == "transdermal":
        raise _Bad(f"{where}.rate", "a patch rate such as '75 mcg/h'", None)
    dose = _qty(item.get("dose"), "mg", f"{where}.dose", False)
    if "every" in item:
        return Opioid(drug, route, dose=dose, every=_qty(item["every"], "h", f"{where}.every",
                                                         False))
    n = item.get("times_per_day")
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 48:
        raise _Bad(f"{where}.times_per_day", "a whole number from 0 to 48 (or 'every')", n)
    return Opioid(drug, route, dose=dose, times_per_day=n)


def _patient(data: Any) -> Patient:
    if not isinstance(data, dict):
        raise _Bad("patient", "a mapping of patient fields", data)
    sex = _choice(data.get("sex"), SEXES, "patient.sex")
    weight = data.get("weight")
    opioids = _get(data, "current_opioids", "patient.current_opioids",
                   "a list (empty for an opioid-naive patient)")
    if not isinstance(opioids, list):
        raise _Bad("patient.current_opioids", "a list (empty for an opioid-naive patient)",
                   opioids)
    tolerant = data.get("opioid_tolerant")
    if not isinstance(tolerant, bool):
        raise _Bad("patient.opioid_tolerant", "true or false", tolerant)
    other = tuple(" ".join(str(data[k]).split()) for k in ("other_analgesics", "other_findings")
                  if data.get(k))
    flags = {}
    for key in ("hepatic_impairment", "frail", "can_use_button"):
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            raise _Bad(f"patient.{key}", "true or false", value)
        flags[key] = value
    sedatives = data.get("sedatives") or []
    if not isinstance(sedatives, list) or any(x not in safety.SEDATIVES for x in sedatives):
        raise _Bad("patient.sedatives", "a list of: " + ", ".join(safety.SEDATIVES), sedatives)
    egfr = data.get("egfr")
    return Patient(
        age=_int(data, "age", "patient.age", 18, 110),
        sex=sex,
        diagnosis=_text(data, "diagnosis", "patient.diagnosis"),
        renal_function=_text(data, "renal_function", "patient.renal_function"),
        current_opioids=tuple(_opioid(o, f"patient.current_opioids[{i}]")
                              for i, o in enumerate(opioids)),
        nrs=_int(data, "nrs", "patient.nrs", 0, 10),
        opioid_tolerant=tolerant,
        weight=None if weight is None else _qty(weight, "kg", "patient.weight", False),
        other=other,
        egfr=None if egfr is None else _qty(egfr, "mL/min", "patient.egfr", False),
        sedatives=tuple(sedatives),
        **flags,
    )


def _range(value: Any, unit: str, where: str) -> DoseRange:
    if not isinstance(value, dict) or "low" not in value or "high" not in value:
        raise _Bad(where, f"a range {{low: ..., high: ...}} in {unit}", value)
    low = _qty(value["low"], unit, f"{where}.low")
    high = _qty(value["high"], unit, f"{where}.high")
    if low.magnitude > high.magnitude:
        raise _Bad(where, "low not above high", f"{value['low']} to {value['high']}")
    return DoseRange(low, high)


def _source_ok(source: str) -> bool:
    kind, _, rest = source.partition(":")
    if source == "arithmetic":
        return True
    if kind == "table":
        return rest in refs.factor_tables()
    if kind == "titration":
        return rest in {r["rule_set"] for r in refs.load("titration_rules")}
    if kind == "rule":
        name, _, rule_set = rest.partition("/")
        return any(r.rule_set == rule_set for r in rb.rows(name))
    return kind == "reference" and bool(rest.strip())


SOURCE_FORMS = ("arithmetic, table:<id in factor_tables.csv>, titration:<rule set>, "
                "rule:<rule>/<rule set in rules.csv or pca_safety_rules.csv> or "
                "reference:<author year in references>")


def _rule_ref(value: Any, rule: str, where: str) -> refs.Rule:
    sets = sorted(r.rule_set for r in rb.rows(rule))
    if not isinstance(value, str) or value not in sets:
        raise _Bad(where, f"a rule set of '{rule}' in the rule set: " + ", ".join(sets), value)
    return rb.rule(rule, value)


LOCKOUT_RULES = {"subcutaneous": "sc_lockout_preferred", "intravenous": "iv_lockout"}


def _method(data: Any, nrs: int = 0) -> dict:
    if not isinstance(data, dict):
        raise _Bad("method", "a mapping (kind, target, ...)", data)
    kind = _choice(data.get("kind"), KINDS, "method.kind")
    target = data.get("target")
    if not isinstance(target, dict):
        raise _Bad("method.target", "{drug: ..., route: ...}", target)
    m: dict[str, Any] = {"kind": kind, "target": (
        _choice(target.get("drug"), refs.DRUGS, "method.target.drug"),
        _choice(target.get("route"), refs.ROUTES, "method.target.route"))}
    pca = m["target"][1] in pump.ROUTES_FOR_PCA
    if kind == "naive_pca":
        if not pca:
            raise _Bad("method.target.route", "subcutaneous or intravenous", m["target"][1])
        m["bolus"] = _rule_ref(data.get("bolus"), f"naive_bolus_{m['target'][0]}",
                               "method.bolus")
    else:
        tables = refs.factor_tables()
        m["table"] = _choice(data.get("table"), sorted(tables), "method.table")
        titration = data.get("titration")
        sets = sorted({r["rule_set"] for r in refs.load("titration_rules")})
        m["titration"] = _choice(titration, sets, "method.titration")
        m["reduction"] = _reduction(data.get("reduction"), nrs)
        if not pca:
            m["rescue"] = _rule_ref(data.get("rescue"), "rescue_fraction", "method.rescue")
    if pca:
        m["lockout"] = _rule_ref(data.get("lockout"), LOCKOUT_RULES[m["target"][1]],
                                 "method.lockout")
        m["reservoir"] = _reservoir(data.get("reservoir"), m["target"][0])
    if pca and kind == "naive_pca":
        m["order"] = _naive_order(data.get("order"), m["bolus"], m["lockout"])
    if pca and kind == "rotation":
        m["bolus_ratio"] = _rule_ref(data.get("bolus_ratio"), "pca_bolus_to_hourly_ratio",
                                     "method.bolus_ratio")
        m["hour_limit"] = _rule_ref(data.get("hour_limit"), "hour_limit_multiple",
                                    "method.hour_limit")
        m["order"] = _order(data.get("order"), m["bolus_ratio"], m["hour_limit"], m["lockout"])
    if data.get("background_delay") is not None:
        m["background_delay"] = _rule_ref(data["background_delay"],
                                          "patch_replacement_after_removal",
                                          "method.background_delay")
    return m


def _reduction(value: Any, nrs: int = 0):
    """A rule set name, ``default`` (the workbook's cut for the pain score, from
    teaching_defaults.csv) or ``{low, high, rule}`` (a point or part of a rule's window)."""
    if value == "default":
        return rb.cut_for(nrs).rule
    if isinstance(value, str):
        return _rule_ref(value, "cross_tolerance_reduction", "method.reduction")
    if isinstance(value, dict):
        try:
            low, high = float(value["low"]), float(value["high"])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise _Bad("method.reduction", "{low: 0.25, high: 0.5, rule: <rule>/<set>}",
                       value) from None
        name, _, rule_set = str(value.get("rule", "")).partition("/")
        rule = next((r for r in rb.rows(name) if r.rule_set == rule_set), None)
        if rule is None:
            raise _Bad("method.reduction.rule", "a rule in rules.csv such as "
                       "cross_tolerance_reduction/fine-portenoy-2009", value.get("rule"))
        if not (rule.low <= low <= high <= rule.high):
            raise _Bad("method.reduction", f"fractions within the rule's {rule.low:g}-"
                       f"{rule.high:g}", f"{low:g}-{high:g}")
        return (low, high, rule)
    raise _Bad("method.reduction", "a rule set name, default, or {low, high, rule}", value)


def _within(value: Any, unit: str, rule: refs.Rule, where: str):
    q = _qty(value, unit, where, False)
    low, high = (Q(x, rule.unit).to(unit).magnitude for x in (rule.low, rule.high))
    if not low - 1e-9 <= q.magnitude <= high + 1e-9:
        raise _Bad(where, f"a value within {rb.span(rule)} ({rule.rule}/{rule.rule_set})",
                   value)
    return q


def _naive_order(value: Any, bolus: refs.Rule, lockout: refs.Rule) -> dict:
    if not isinstance(value, dict):
        raise _Bad("method.order", "{bolus, lockout}", value)
    return {"bolus": _within(value.get("bolus"), "mg", bolus, "method.order.bolus"),
            "lockout": _within(value.get("lockout"), "min", lockout, "method.order.lockout")}


def _reservoir(value: Any, drug: str) -> pump.Reservoir:
    if not isinstance(value, dict):
        raise _Bad("method.reservoir", "{drug_amount, drug_volume, diluent_volume}", value)
    try:
        return pump.Reservoir(drug=drug, drug_amount=str(value.get("drug_amount")),
                              drug_volume=str(value.get("drug_volume")),
                              diluent_volume=str(value.get("diluent_volume", "0 mL")))
    except InputError as exc:
        raise _Bad(f"method.reservoir.{exc.field}", exc.allowed, exc.value) from None
    except ValueError as exc:
        raise _Bad("method.reservoir", "{drug_amount, drug_volume, diluent_volume}",
                   str(exc)) from None


def _order(value: Any, ratio: refs.Rule, limit: refs.Rule, lockout: refs.Rule) -> dict:
    if not isinstance(value, dict):
        raise _Bad("method.order", "{pick, bolus_ratio, hour_limit_multiple, lockout, "
                   "pump_step}", value)
    pick = _choice(value.get("pick"), PICKS, "method.order.pick")
    out = {"pick": pick, "pump_step": _qty(value.get("pump_step"), "mL",
                                           "method.order.pump_step", False),
           "lockout": _within(value.get("lockout"), "min", lockout, "method.order.lockout")}
    for key, rule in (("bolus_ratio", ratio), ("hour_limit_multiple", limit)):
        x = value.get(key)
        if isinstance(x, bool) or not isinstance(x, int | float) or not (
                rule.low <= x <= rule.high):
            raise _Bad(f"method.order.{key}", f"a number from {rule.low:g} to {rule.high:g} "
                       f"({rule.rule}/{rule.rule_set})", x)
        out[key] = float(x)
    return out


def _case(data: Any, path: Path) -> PracticeCase:
    if not isinstance(data, dict):
        raise _Bad("(file)", "a YAML mapping of case fields",
                   "an empty file" if data is None else f"a {type(data).__name__}")
    case_id = _text(data, "id", "id")
    if not _ID.match(case_id):
        raise _Bad("id", "lower-case letters, digits and hyphens", case_id)
    expected_raw = _get(data, "expected", "expected", "a mapping of answer ranges")
    if not isinstance(expected_raw, dict):
        raise _Bad("expected", "a mapping of answer ranges", expected_raw)
    expected = {}
    for key, value in expected_raw.items():
        if key in TEXT_FIELDS:
            continue
        if key not in UNITS:
            raise _Bad(f"expected.{key}", "one of drug, route, " + ", ".join(FIELDS), key)
        expected[key] = _range(value, UNITS[key], f"expected.{key}")
    if not expected:
        raise _Bad("expected", "at least one answer range", expected_raw)
    drug = _choice(expected_raw.get("drug"), refs.DRUGS, "expected.drug")
    route = _choice(expected_raw.get("route"), refs.ROUTES, "expected.route")
    expected = {k: _shown(drug, k, v) for k, v in expected.items()}
    steps = _get(data, "reasoning", "reasoning", "a list of {step, arithmetic, source}")
    if not isinstance(steps, list) or not steps:
        raise _Bad("reasoning", "a non-empty list of {step, arithmetic, source}", steps)
    reasoning = []
    for i, s in enumerate(steps):
        where = f"reasoning[{i}]"
        step = ReasoningStep(_text(s, "step", f"{where}.step"),
                             _text(s, "arithmetic", f"{where}.arithmetic"),
                             _text(s, "source", f"{where}.source"))
        if not _source_ok(step.source):
            raise _Bad(f"{where}.source", SOURCE_FORMS, step.source)
        reasoning.append(step)
    spread = []
    spread_raw = data.get("spread") or []
    if not isinstance(spread_raw, list):
        raise _Bad("spread", "a list of {table, low, high}", spread_raw)
    for i, s in enumerate(spread_raw):
        where = f"spread[{i}]"
        if not isinstance(s, dict):
            raise _Bad(where, "{table, low, high}", s)
        table = _choice(s.get("table"), sorted(refs.factor_tables()), f"{where}.table")
        to = s.get("to")
        if to is not None:
            if not isinstance(to, dict):
                raise _Bad(f"{where}.to", "{drug: ..., route: ...}", to)
            to = (_choice(to.get("drug"), refs.DRUGS, f"{where}.to.drug"),
                  _choice(to.get("route"), refs.ROUTES, f"{where}.to.route"))
        from_route = s.get("from_route")
        if from_route is not None:
            from_route = _choice(from_route, refs.ROUTES, f"{where}.from_route")
        spread.append(SpreadEntry(table, _range(s, "mg/day", where), from_route, to))
    patient = _patient(data.get("patient"))
    method = _method(data.get("method"), patient.nrs)
    if method["target"] != (drug, route):
        raise _Bad("expected.drug", f"the method's target {method['target'][0]} "
                   f"{method['target'][1]}", f"{drug} {route}")
    refs_list = data.get("references") or []
    if not isinstance(refs_list, list):
        raise _Bad("references", "a list of citations", refs_list)
    modes = [m.mode for m in rb.modes()]
    mode = expected_raw.get("mode", "bolus-only" if method["kind"] == "naive_pca"
                            else "background-bolus")
    mode = _choice(mode, modes, "expected.mode")
    findings = data.get("expected_findings") or []
    if not isinstance(findings, list) or not all(isinstance(x, str) for x in findings):
        raise _Bad("expected_findings", "a list of checker codes this case is about", findings)
    note = _text(data, "findings_note", "findings_note", optional=True)
    if findings and not note:
        raise _Bad("findings_note", "why the checker's findings are the point of this case",
                   None)
    return PracticeCase(
        id=case_id,
        title=_text(data, "title", "title"),
        teaching_point=_text(data, "teaching_point", "teaching_point"),
        patient=patient,
        question=_text(data, "question", "question"),
        method=method,
        expected=expected,
        drug=drug,
        route=route,
        reasoning=tuple(reasoning),
        spread=tuple(spread),
        references=tuple(" ".join(str(r).split()) for r in refs_list),
        path=path,
        mode=mode,
        expected_findings=tuple(findings),
        findings_note=note,
    )


# --- solving -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Solution:
    """The package's answer to a case: ranges per field, arithmetic steps, and the pump the
    order sheet prints (``settings`` + ``reservoir``; None when the answer has no pump)."""

    case_id: str
    drug: str
    route: str
    values: dict[str, DoseRange]
    steps: tuple[str, ...]
    spread: tuple[tuple[str, DoseRange], ...] = ()
    settings: pump.PcaSettings | None = None
    reservoir: pump.Reservoir | None = None
    order_steps: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    daily_for_check: pint.Quantity | None = None

    def lines(self) -> tuple[str, ...]:
        return tuple(f"{TEXT['labels'][k]}: {v.fmt()}" for k, v in self.values.items())


def _prior(case: PracticeCase) -> tuple[list[tuple[str, str, Any]], list[str]]:
    """The previous 24 h per (drug, route): a mg/day dose, or the patch rate in mcg/h."""
    groups: dict[tuple[str, str], list[Opioid]] = {}
    for o in case.patient.current_opioids:
        groups.setdefault((o.drug, o.route), []).append(o)
    out, steps = [], []
    for (drug, route), items in groups.items():
        if route == "transdermal":
            rate = sum((o.rate for o in items[1:]), items[0].rate)
            out.append((drug, route, rate))
            continue
        terms = []
        sched = [(o.dose, o.every) for o in items if o.every is not None]
        rescues = [(o.dose, o.times_per_day) for o in items if o.times_per_day is not None]
        if sched or rescues:
            d = cv.daily_dose(scheduled=sched, rescues=rescues)
            steps.extend(d.steps)
            terms.append(d.value)
        for o in items:
            if o.rate is not None:
                total = (o.rate * Q(24, "h")).to("mg") / Q(1, "day")
                steps.append(TEXT["prior_rate"].format(rate=fmt(o.rate), total=fmt(total * Q(
                    1, "day"))))
                terms.append(total.to("mg/day"))
        total = sum(terms[1:], terms[0])
        if len(terms) > 1:
            steps.append(TEXT["prior_sum"].format(drug=drug, route=fmt_route(route),
                                                  terms=" + ".join(fmt(t) for t in terms),
                                                  total=fmt(total)))
        out.append((drug, route, total.to("mg/day")))
    return out, steps


def _mass(drug: str) -> str:
    """mcg for drugs dosed in micrograms (fentanyl), mg for the rest: the order sheet's rule."""
    return "mcg" if drug in MICROGRAM_DRUGS else "mg"


def _shown(drug: str, key: str, r: DoseRange) -> DoseRange:
    """A dose range in the unit a clinician writes for ``drug`` (mcg/h for fentanyl)."""
    unit = UNITS.get(key, "")
    if not unit.startswith("mg"):
        return r
    return r.to(unit.replace("mg", _mass(drug), 1))


def _scale(r: DoseRange, lo: float, hi: float, unit: str) -> DoseRange:
    return DoseRange((r.low * lo).to(unit), (r.high * hi).to(unit))


def solve(case: PracticeCase) -> Solution:
    """Work the case with the package's functions; every range comes from the rule set in
    data/ (the rows the case names, or the workbook's defaults)."""
    if not isinstance(case, PracticeCase):
        raise InputError("case", type(case).__name__, "a practice case from load_cases()")
    m = case.method
    if m["kind"] == "naive_pca":
        return _solve_naive(case)
    drug, route = m["target"]
    values: dict[str, DoseRange] = {}
    steps: list[str] = []
    prior, prior_steps = _prior(case)
    steps += prior_steps
    omes = [cv.ome(d, r, dose, table=m["table"]) for d, r, dose in prior]
    for o in omes:
        steps += o.steps
    total = DoseRange(sum((o.low for o in omes[1:]), omes[0].low),
                      sum((o.high for o in omes[1:]), omes[0].high))
    if len(omes) > 1:
        steps.append(TEXT["ome_total"].format(terms=" + ".join(o.fmt() for o in omes),
                                              total=total.fmt()))
    titrated = cv.titrate(total, case.patient.nrs, rule_set=m["titration"])
    steps += titrated.steps
    red = m["reduction"]
    rule = red if isinstance(red, refs.Rule) else red[2]
    default = rb.cut_for(case.patient.nrs)
    if isinstance(red, refs.Rule) and (red.rule, red.rule_set) == (default.rule.rule,
                                                                   default.rule.rule_set):
        steps.append(TEXT["cut_default"].format(
            nrs=case.patient.nrs, span=rb.span(rule), source=rule.origin.cite(),
            state=TEXT["controlled" if rb.pain_controlled(case.patient.nrs) else
                       "uncontrolled"]))
    reduced = cv.reduce_for_cross_tolerance(
        titrated, red.rule_set if isinstance(red, refs.Rule) else (red[0], red[1]))
    steps += reduced.steps
    daily = cv.convert(reduced, ("morphine", "oral"), (drug, route), table=m["table"])
    steps += daily.steps[-1:]
    values["daily_dose"] = daily.range.to("mg/day")
    spread = []
    for s in case.spread:
        src_drug, src_route, dose = prior[0]
        res = cv.convert(dose, (src_drug, s.from_route or src_route), s.to or (drug, route),
                         table=s.table)
        spread.append((s.label(case), res.range.to("mg/day")))
    if "rescue" in m:
        rescue = cv.rescue_dose(values["daily_dose"], m["rescue"].rule_set)
        steps += rescue.steps
        values["rescue"] = rescue.range
        return Solution(case.id, drug, route, values, tuple(dict.fromkeys(steps)), tuple(spread),
                        order_steps=(TEXT["no_order"],))

    mass = _mass(drug)
    d = values["daily_dose"] = values["daily_dose"].to(f"{mass}/day")
    bg = d.to(f"{mass}/h")
    steps += [TEXT["background"].format(daily=fmt(d.low), result=fmt(bg.low)),
              TEXT["background"].format(daily=fmt(d.high), result=fmt(bg.high))]
    ratio = m["bolus_ratio"]
    bolus = _scale(DoseRange(bg.low * Q(1, "h"), bg.high * Q(1, "h")), ratio.low, ratio.high,
                   mass)
    steps += [TEXT["bolus_ratio"].format(share=f"{ratio.low:.0%}", bg=fmt(bg.low),
                                         result=fmt(bolus.low)),
              TEXT["bolus_ratio"].format(share=f"{ratio.high:.0%}", bg=fmt(bg.high),
                                         result=fmt(bolus.high))]
    order = m["order"]
    lockout_rule = m["lockout"]
    lockout = order["lockout"].to("min")
    steps.append(TEXT["lockout_range"].format(span=rb.span(lockout_rule), lockout=fmt(lockout),
                                              source=lockout_rule.origin.cite()))
    mult = m["hour_limit"]
    limit = _scale(bg, mult.low, mult.high, f"{mass}/h")
    probe = pump.PcaSettings(background=bg.high, bolus=bolus.high, lockout=lockout, drug=drug,
                             route=route)
    uncapped = probe.max_per_hour_uncapped
    steps += [TEXT["hour_limit"].format(times=f"{mult.low:g}", bg=fmt(bg.low),
                                        result=fmt(limit.low), source=mult.origin.cite()),
              TEXT["hour_limit"].format(times=f"{mult.high:g}", bg=fmt(bg.high),
                                        result=fmt(limit.high), source=mult.origin.cite())]
    if uncapped < limit.high:
        steps.append(TEXT["limit_cap"].format(bg=fmt(bg.high), bolus=fmt(bolus.high),
                                              n=probe.boluses_per_hour,
                                              uncapped=fmt(uncapped.to(f"{mass}/h"))))
        limit = DoseRange(limit.low, max(limit.low, uncapped.to(f"{mass}/h")))
    values.update(background=bg, bolus=bolus, lockout=DoseRange(
        Q(lockout_rule.low, lockout_rule.unit).to("min"),
        Q(lockout_rule.high, lockout_rule.unit).to("min")), hour_limit=limit)
    if "background_delay" in m:
        rule = m["background_delay"]
        delay = Q(rule.high, rule.unit).to("h")
        values["background_delay"] = DoseRange.point(delay)
        steps.append(TEXT["delay"].format(delay=fmt(delay), source=rule.origin.cite()))

    res = m["reservoir"]
    plan = pump.pca_from_daily_dose(d, bolus_fraction=order["bolus_ratio"] / 24, reservoir=res,
                                    pump_step=order["pump_step"], lockout=lockout, drug=drug,
                                    route=route, pick=None if d.is_point else order["pick"])
    requirement = plan.daily_dose.to("mg/h")
    hour_limit = (requirement * order["hour_limit_multiple"]).to("mg/h")
    settings = pump.PcaSettings(background=plan.background, bolus=plan.bolus, lockout=lockout,
                                hour_limit=hour_limit, drug=drug, route=route)
    order_steps = (
        TEXT["order_pick"].format(pick=TEXT["picks"][order["pick"]], daily_range=d.fmt(), daily=fmt(
            plan.daily_dose)),
        *plan.steps[2:],
        TEXT["order_limit"].format(times=f"{order['hour_limit_multiple']:g}",
                                   bg=fmt(requirement), limit=fmt(hour_limit),
                                   volume=fmt(res.volume_of(hour_limit))),
    )
    return Solution(case.id, drug, route, values, tuple(dict.fromkeys(steps)), tuple(spread),
                    settings, res, order_steps, daily_for_check=plan.daily_dose)


def _solve_naive(case: PracticeCase) -> Solution:
    m = case.method
    drug, route = m["target"]
    rule, lockout_rule = m["bolus"], m["lockout"]
    order = m["order"]
    bolus, lockout = order["bolus"].to("mg"), order["lockout"].to("min")
    fewer = rb.default_rule("naive_hour_limit")
    probe = pump.PcaSettings(background="0 mg/h", bolus=bolus, lockout=lockout, drug=drug,
                             route=route)
    n = probe.boluses_per_hour - int(fewer.high)
    if n < 1:
        raise InputError("lockout", lockout, "a lockout that allows at least 2 boluses an hour")
    limit = (bolus * n / Q(1, "h")).to("mg/h")
    settings = pump.PcaSettings(background="0 mg/h", bolus=bolus, lockout=lockout,
                                hour_limit=limit, drug=drug, route=route)
    lo, hi = (Q(x, rule.unit).to("mg") for x in (rule.low, rule.high))
    values = {"background": DoseRange.point(Q(0, "mg/h")), "bolus": DoseRange(lo, hi),
              "lockout": DoseRange(Q(lockout_rule.low, lockout_rule.unit).to("min"),
                                   Q(lockout_rule.high, lockout_rule.unit).to("min")),
              "hour_limit": DoseRange((lo * n / Q(1, "h")).to("mg/h"),
                                      (hi * n / Q(1, "h")).to("mg/h"))}
    steps = [TEXT["naive_bolus"].format(low=fmt(lo), high=fmt(hi), bolus=fmt(bolus),
                                        source=rule.origin.cite()),
             TEXT["lockout_range"].format(span=rb.span(lockout_rule), lockout=fmt(lockout),
                                          source=lockout_rule.origin.cite()),
             TEXT["naive_limit"].format(bolus=fmt(bolus), lockout=fmt(lockout),
                                        fewer=int(fewer.high), result=fmt(limit),
                                        uncapped=fmt(probe.max_per_hour_uncapped),
                                        source=fewer.origin.cite())]
    values = {k: _shown(drug, k, v) for k, v in values.items()}
    return Solution(case.id, drug, route, values, tuple(steps), settings=settings,
                    reservoir=m["reservoir"], order_steps=settings.describe(m["reservoir"]))


def check(case: PracticeCase, solution: Solution | None = None) -> tuple[safety.Finding, ...]:
    """The workbook's checker on the case's worked order (empty when the answer has no pump):
    the same rules the notebooks teach and the grader uses."""
    if not isinstance(case, PracticeCase):
        raise InputError("case", type(case).__name__, "a practice case from load_cases()")
    if solution is not None and not isinstance(solution, Solution):
        raise InputError("solution", type(solution).__name__, "a solution from solve() or None")
    sol = solution if solution is not None else solve(case)
    if sol.settings is None:
        return ()
    p = case.patient
    return safety.check_pca(
        sol.settings, daily_dose=sol.daily_for_check, opioid_tolerant=p.opioid_tolerant,
        reservoir=sol.reservoir, egfr=p.egfr, hepatic_impairment=p.hepatic_impairment,
        age=p.age, frail=p.frail, sedatives=p.sedatives, can_use_button=p.can_use_button,
        who_presses="nurse" if case.mode == "clinician" else "patient")


def unexpected_findings(case: PracticeCase) -> tuple[safety.Finding, ...]:
    """Warnings and dangers on the worked order that the case is not about."""
    return tuple(f for f in check(case) if f.level != "info"
                 and f.code not in case.expected_findings)


# --- comparing a learner's answer ----------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """How far one answer field lies from the worked range.

    ``absolute`` is signed (above > 0, below < 0; 0 inside the range), ``percent`` is relative
    to the nearer bound (None when that bound is 0 or the field is text).
    """

    field: str
    expected: str
    given: str
    within: bool
    absolute: pint.Quantity | None
    percent: float | None
    text: str

    @property
    def rounding_only(self) -> bool:
        return (not self.within and self.percent is not None
                and abs(self.percent) <= ROUNDING * 100)


def parse_answer(value: Any, unit: str, field_name: str) -> DoseRange:
    """A learner's value: '0.25 mg/h', a Quantity, a (low, high) pair or '0.25-0.5 mg/h'."""
    if not isinstance(field_name, str) or not field_name.strip():
        raise InputError("field", type(field_name).__name__, "the name of an answer field")
    if not isinstance(unit, str) or unit not in UNITS.values():
        shown = unit[:80] if isinstance(unit, str) else type(unit).__name__
        raise InputError(field_name, shown, "a unit of an answer: " + ", ".join(
            sorted(set(UNITS.values()))))
    if isinstance(value, str) and len(value) > MAX_ANSWER:
        raise InputError(field_name, value[:40] + "...", f"an answer of at most {MAX_ANSWER} "
                         "characters, such as '0.5 mg'")
    if isinstance(value, str):
        m = _RANGE_TEXT.match(value)
        if m:
            value = (f"{m.group(1)} {m.group(3)}", f"{m.group(2)} {m.group(3)}")
    return as_range(value, unit, field=field_name, allow_zero=True)


def compare(case: PracticeCase, learner_answer: dict) -> tuple[Difference, ...]:
    """One :class:`Difference` per field the case asks for (and drug/route when answered).

    Bad values raise :class:`InputError` naming the field.
    """
    if not isinstance(case, PracticeCase):
        raise InputError("case", type(case).__name__, "a practice case from load_cases()")
    if not isinstance(learner_answer, dict):
        raise InputError("learner_answer", type(learner_answer).__name__,
                         "a mapping of field -> answer")
    unknown = [k for k in learner_answer if k not in (*FIELDS, *TEXT_FIELDS)]
    if unknown:
        shown = unknown[0][:80] if isinstance(unknown[0], str) else type(unknown[0]).__name__
        raise InputError("learner_answer", shown, "one of drug, route, mode, " + ", ".join(
            FIELDS))
    out = []
    for key, want in (("drug", case.drug), ("route", case.route), ("mode", case.mode)):
        given = learner_answer.get(key)
        if given is None or (isinstance(given, str) and not given.strip()):
            continue
        if not isinstance(given, str) or len(given) > MAX_ANSWER:
            shown = given[:40] + "..." if isinstance(given, str) else type(given).__name__
            raise InputError(TEXT["labels"][key], shown, f"a {key} name such as '{want}'")
        same = given.strip().lower() == want
        label = TEXT["labels"][key]
        text = TEXT["text_same" if same else "text_differs"].format(label=label, given=given,
                                                                    expected=want)
        out.append(Difference(key, want, str(given), same, None, None, text))
    for key in case.fields:
        want = case.expected[key]
        label = TEXT["labels"][key]
        given = learner_answer.get(key)
        if given is None or (isinstance(given, str) and not given.strip()):
            out.append(Difference(key, want.fmt(), "", False, None, None, TEXT["missing"].format(
                label=label, expected=want.fmt())))
            continue
        g = parse_answer(given, UNITS[key], TEXT["labels"][key]).to(str(want.units))
        out.append(_difference(key, label, want, g))
    return tuple(out)


def _difference(key: str, label: str, want: DoseRange, g: DoseRange) -> Difference:
    eps = 1e-9 * max(abs(want.high.magnitude), 1e-12)
    above = g.high.magnitude - want.high.magnitude
    below = want.low.magnitude - g.low.magnitude
    given = g.fmt()
    if above <= eps and below <= eps:
        return Difference(key, want.fmt(), given, True, 0 * want.high, 0.0, TEXT["within"].format(
            label=label, given=given, expected=want.fmt()))
    if above >= below:
        size, bound, side = above, want.high.magnitude, TEXT["above"]
    else:
        size, bound, side = -below, want.low.magnitude, TEXT["below"]
    absolute = Q(size, str(want.units))
    pct = None if bound == 0 else size / bound * 100
    size_text = fmt(Q(abs(size), str(want.units)))
    if pct is None:
        text = TEXT["outside_no_pct"].format(label=label, given=given, size=size_text, side=side,
                                             expected=want.fmt())
    else:
        template = "rounding" if abs(pct) <= ROUNDING * 100 else "outside"
        text = TEXT[template].format(label=label, given=given, size=size_text,
                                     pct=f"{_pct(abs(pct))}", side=side, expected=want.fmt())
    return Difference(key, want.fmt(), given, False, absolute, pct, text)


def _pct(x: float) -> str:
    if not math.isfinite(x):
        return "?"
    return f"{float(f'{x:.3g}'):g}%"


__all__ = [
    "CASES_DIR",
    "CaseError",
    "Difference",
    "PracticeCase",
    "PracticeSet",
    "Solution",
    "check",
    "compare",
    "load_cases",
    "parse_answer",
    "solve",
    "unexpected_findings",
]
