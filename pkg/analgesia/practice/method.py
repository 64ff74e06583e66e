"""Reading a practice case's method: which table, titration rule set, cross-tolerance cut,
lockout, bolus share, hour limit and reservoir the worked answer follows. Every choice names a
row in data/ (rules.csv, titration_rules.csv, factor_tables.csv); nothing is typed here."""

from __future__ import annotations

from typing import Any

from .. import pump, words
from .. import references as refs
from .. import rulebook as rb
from ..units import InputError
from .cases import KINDS, PICKS
from .fields import choice, qty, within
from .yaml_file import Bad

TEXT = words.catalogue("practice.method", {
    "method": "a mapping (kind, target, ...)",
    "target": "{drug: ..., route: ...}",
    "or": " or ",
    "rule_set": "a rule set of '{rule}' in the rule set: {names}",
    "reduction": "{low: 0.25, high: 0.5, rule: <rule>/<set>}",
    "reduction_rule": "a rule in rules.csv such as cross_tolerance_reduction/fine-portenoy-2009",
    "reduction_window": "fractions within the rule's {low:g}-{high:g}",
    "reduction_given": "{low:g}-{high:g}",
    "reduction_kinds": "a rule set name, default, or {low, high, rule}",
    "naive_order": "{bolus, lockout}",
    "reservoir": "{drug_amount, drug_volume, diluent_volume}",
    "order": "{pick, bolus_ratio, hour_limit_multiple, lockout, pump_step}",
    "order_number": "a number from {low:g} to {high:g} ({rule}/{rule_set})",
    "sources": "arithmetic, table:<id in factor_tables.csv>, titration:<rule set>, "
    "rule:<rule>/<rule set in rules.csv or pca_safety_rules.csv> or "
    "reference:<author year in references>",
})

SOURCE_FORMS = TEXT["sources"]
LOCKOUT_RULES = {"subcutaneous": "sc_lockout_preferred", "intravenous": "iv_lockout"}
NO_DILUENT = "0 mL"  # a reservoir without diluent: the drug's own volume only


def source_ok(source: str) -> bool:
    """Whether a reasoning step's ``source`` names a row that exists in data/."""
    kind, _, rest = source.partition(":")
    if source == "arithmetic":
        return True
    if kind == "table":
        return rest in refs.factor_tables()
    if kind == "titration":
        return rest in _titration_sets()
    if kind == "rule":
        name, _, rule_set = rest.partition("/")
        return any(r.rule_set == rule_set for r in rb.rows(name))
    return kind == "reference" and bool(rest.strip())


def _titration_sets() -> list[str]:
    return sorted({r["rule_set"] for r in refs.load("titration_rules")})


def rule_ref(value: Any, rule: str, where: str) -> refs.Rule:
    sets = sorted(r.rule_set for r in rb.rows(rule))
    if not isinstance(value, str) or value not in sets:
        raise Bad(where, TEXT("rule_set", rule=rule, names=", ".join(sets)), value)
    return rb.rule(rule, value)


def _target(data: dict) -> tuple[str, str]:
    target = data.get("target")
    if not isinstance(target, dict):
        raise Bad("method.target", TEXT["target"], target)
    return (choice(target.get("drug"), refs.DRUGS, "method.target.drug"),
            choice(target.get("route"), refs.ROUTES, "method.target.route"))


def _conversion(data: dict, m: dict, nrs: int, pca: bool) -> None:
    """A rotation's table, titration rule set, cut, and (without a pump) rescue share."""
    m["table"] = choice(data.get("table"), sorted(refs.factor_tables()), "method.table")
    m["titration"] = choice(data.get("titration"), _titration_sets(), "method.titration")
    m["reduction"] = reduction(data.get("reduction"), nrs)
    if not pca:
        m["rescue"] = rule_ref(data.get("rescue"), "rescue_fraction", "method.rescue")


def _pump(data: dict, m: dict) -> None:
    """The pump's lockout rule, reservoir and order sheet."""
    drug, route = m["target"]
    m["lockout"] = rule_ref(data.get("lockout"), LOCKOUT_RULES[route], "method.lockout")
    m["reservoir"] = reservoir(data.get("reservoir"), drug)
    if m["kind"] == "naive_pca":
        m["order"] = naive_order(data.get("order"), m["bolus"], m["lockout"])
        return
    m["bolus_ratio"] = rule_ref(data.get("bolus_ratio"), "pca_bolus_to_hourly_ratio",
                                "method.bolus_ratio")
    m["hour_limit"] = rule_ref(data.get("hour_limit"), "hour_limit_multiple",
                               "method.hour_limit")
    m["order"] = order(data.get("order"), m["bolus_ratio"], m["hour_limit"], m["lockout"])


def method(data: Any, nrs: int = 0) -> dict:
    """The ``method`` mapping of a case, every rule looked up in data/."""
    if not isinstance(data, dict):
        raise Bad("method", TEXT["method"], data)
    kind = choice(data.get("kind"), KINDS, "method.kind")
    m: dict[str, Any] = {"kind": kind, "target": _target(data)}
    pca = m["target"][1] in pump.ROUTES_FOR_PCA
    if kind == "naive_pca":
        if not pca:
            raise Bad("method.target.route", TEXT["or"].join(pump.ROUTES_FOR_PCA),
                      m["target"][1])
        m["bolus"] = rule_ref(data.get("bolus"), f"naive_bolus_{m['target'][0]}",
                              "method.bolus")
    else:
        _conversion(data, m, nrs, pca)
    if pca:
        _pump(data, m)
    if data.get("background_delay") is not None:
        m["background_delay"] = rule_ref(data["background_delay"],
                                         "patch_replacement_after_removal",
                                         "method.background_delay")
    return m


def reduction(value: Any, nrs: int = 0):
    """A rule set name, ``default`` (the workbook's cut for the pain score, from
    teaching_defaults.csv) or ``{low, high, rule}`` (a point or part of a rule's window)."""
    if value == "default":
        return rb.cut_for(nrs).rule
    if isinstance(value, str):
        return rule_ref(value, "cross_tolerance_reduction", "method.reduction")
    if not isinstance(value, dict):
        raise Bad("method.reduction", TEXT["reduction_kinds"], value)
    try:
        low, high = float(value["low"]), float(value["high"])
    except (KeyError, TypeError, ValueError, OverflowError):
        raise Bad("method.reduction", TEXT["reduction"], value) from None
    name, _, rule_set = str(value.get("rule", "")).partition("/")
    rule = next((r for r in rb.rows(name) if r.rule_set == rule_set), None)
    if rule is None:
        raise Bad("method.reduction.rule", TEXT["reduction_rule"], value.get("rule"))
    if not (rule.low <= low <= high <= rule.high):
        raise Bad("method.reduction", TEXT("reduction_window", low=rule.low, high=rule.high),
                  TEXT("reduction_given", low=low, high=high))
    return (low, high, rule)


def naive_order(value: Any, bolus: refs.Rule, lockout: refs.Rule) -> dict:
    if not isinstance(value, dict):
        raise Bad("method.order", TEXT["naive_order"], value)
    return {"bolus": within(value.get("bolus"), "mg", bolus, "method.order.bolus"),
            "lockout": within(value.get("lockout"), "min", lockout, "method.order.lockout")}


def reservoir(value: Any, drug: str) -> pump.Reservoir:
    if not isinstance(value, dict):
        raise Bad("method.reservoir", TEXT["reservoir"], value)
    try:
        return pump.Reservoir(drug=drug, drug_amount=str(value.get("drug_amount")),
                              drug_volume=str(value.get("drug_volume")),
                              diluent_volume=str(value.get("diluent_volume", NO_DILUENT)))
    except InputError as exc:
        raise Bad(f"method.reservoir.{exc.field}", exc.allowed, exc.value) from None
    except ValueError as exc:
        raise Bad("method.reservoir", TEXT["reservoir"], str(exc)) from None


def order(value: Any, ratio: refs.Rule, limit: refs.Rule, lockout: refs.Rule) -> dict:
    if not isinstance(value, dict):
        raise Bad("method.order", TEXT["order"], value)
    pick = choice(value.get("pick"), PICKS, "method.order.pick")
    out = {"pick": pick, "pump_step": qty(value.get("pump_step"), "mL",
                                          "method.order.pump_step", False),
           "lockout": within(value.get("lockout"), "min", lockout, "method.order.lockout")}
    for key, rule in (("bolus_ratio", ratio), ("hour_limit_multiple", limit)):
        x = value.get(key)
        if isinstance(x, bool) or not isinstance(x, int | float) or not (
                rule.low <= x <= rule.high):
            raise Bad(f"method.order.{key}", TEXT("order_number", low=rule.low, high=rule.high,
                                                   rule=rule.rule, rule_set=rule.rule_set), x)
        out[key] = float(x)
    return out
