"""Reading ``data/case_tang2025/findings.yaml``: the kinds and severities, every finding's
prose with its quotations, evidence and inputs, and the bounds of a learner's own factor.

A malformed file fails with :class:`analgesia.references.DataFileError` naming the file, the
line and the field (a dotted path such as ``findings[3].evidence[0].year``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pint

from .. import case, words
from .. import references as refs
from ..units import Q

FINDINGS_PATH = case.CASE_DIR / "findings.yaml"

TEXT = words.catalogue("critique.file", {
    "yaml_bad": "is not valid YAML ({problem})",
    "missing": "is missing",
    "not_text": "is empty or not text",
    "not_list": "must be a non-empty list",
    "not_in": "'{value}' is not one of: {names}",
    "not_year": "'{value}' is not a year",
    "not_number": "'{value}' is not a number",
    "low_high": "low {low} is above high {high}",
    "twice": "'{value}' appears twice",
})

_REQUIRED_TEXT = ("id", "kind", "severity", "title", "finding")
# The prose (kinds, severities, title, says, finding, answers, question) is read in the
# learner's language; ids, kinds, quotes and citations stay as written.
PROSE_DOMAIN = "findings"
STATUSES = ("verified", "unverified")
YEARS = (1900, 2100)  # a plausible publication year (catches a typing slip)
FACTOR_KINDS = ("patch", "hydromorphone")  # the factors recompute() lets a learner change


@dataclass(frozen=True)
class Raw:
    """The file as read: names of kinds and severities, the findings (dicts, in file order),
    the own-factor bounds, and the line of every key for error messages."""

    kinds: dict[str, str]
    severities: dict[str, str]
    items: tuple[dict[str, Any], ...]
    lines: dict[str, int]
    own_factors: dict[str, tuple[float, float]]


def fail(lines: dict[str, int], where: str, problem: str) -> refs.DataFileError:
    """The error for ``where`` (a dotted path), on its line or, if it is missing, its parent's."""
    probe = where
    while probe and probe not in lines:
        probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
    return refs.DataFileError(FINDINGS_PATH, lines.get(probe), where, problem)


def _text(lines, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(lines, where, TEXT["not_text"])
    return " ".join(value.split())


def _prose(lines, where: str, value: Any) -> str:
    """A prose field, checked, in the learner's language (``texts/findings.yaml``)."""
    return words.localized(PROSE_DOMAIN, _text(lines, where, value))


def _names(lines, raw: Any, key: str) -> dict[str, str]:
    node = raw.get(key)
    if not isinstance(node, dict) or not node:
        raise fail(lines, key, TEXT["missing"])
    return {str(k): _prose(lines, f"{key}.{k}", v) for k, v in node.items()}


def _list(lines, where: str, node: Any) -> list:
    if not isinstance(node, list) or not node:
        raise fail(lines, where, TEXT["not_list"])
    return node


def _quotes(lines, where: str, node: Any) -> list[dict[str, str]]:
    out = []
    for i, q in enumerate(_list(lines, where, node)):
        here = f"{where}[{i}]"
        if not isinstance(q, dict):
            raise fail(lines, here, TEXT["missing"])
        out.append({"location": _text(lines, f"{here}.location", q.get("location")),
                    "quote": _text(lines, f"{here}.quote", q.get("quote"))})
    return out


def _evidence(lines, where: str, node: Any) -> list[dict[str, Any]]:
    out = []
    for i, e in enumerate(_list(lines, where, node)):
        here = f"{where}[{i}]"
        if not isinstance(e, dict):
            raise fail(lines, here, TEXT["missing"])
        year = e.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not (
                YEARS[0] <= year <= YEARS[1]):
            raise fail(lines, f"{here}.year", TEXT["not_year"].format(value=year))
        status = e.get("status")
        if status not in STATUSES:
            raise fail(lines, f"{here}.status", TEXT["not_in"].format(
                value=status, names=", ".join(STATUSES)))
        out.append({"source": _text(lines, f"{here}.source", e.get("source")), "year": year,
                    "status": status})
    return out


def _number(lines, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(lines, where, TEXT["not_number"].format(value=value))
    return float(value)


def _inputs(lines, where: str, node: Any) -> dict[str, pint.Quantity]:
    """Numbers a finding needs that no other data file holds, each with its quotation."""
    if node is None:
        return {}
    if not isinstance(node, dict):
        raise fail(lines, where, TEXT["missing"])
    out = {}
    for name, item in node.items():
        here = f"{where}.{name}"
        if not isinstance(item, dict):
            raise fail(lines, here, TEXT["missing"])
        _text(lines, f"{here}.quote", item.get("quote"))
        _text(lines, f"{here}.location", item.get("location"))
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(lines, f"{here}.value", TEXT["missing"])
        try:
            unit = refs.unit(str(item.get("unit", "")))
        except ValueError as exc:
            raise fail(lines, f"{here}.unit", str(exc)) from None
        out[str(name)] = Q(value, unit)
    return out


def _own_factors(lines, raw: dict) -> dict[str, tuple[float, float]]:
    """The bounds of each factor a learner may try, each with its source (or 'assumption')."""
    node = raw.get("own_factors")
    if not isinstance(node, dict):
        raise fail(lines, "own_factors", TEXT["missing"])
    out = {}
    for kind in FACTOR_KINDS:
        here = f"own_factors.{kind}"
        item = node.get(kind)
        if not isinstance(item, dict):
            raise fail(lines, here, TEXT["missing"])
        _text(lines, f"{here}.source", item.get("source"))
        low = _number(lines, f"{here}.low", item.get("low"))
        high = _number(lines, f"{here}.high", item.get("high"))
        if not 0 < low <= high:
            raise fail(lines, here, TEXT["low_high"].format(low=low, high=high))
        out[kind] = (low, high)
    return out


def yaml_lines(node: Any, where: str = "") -> dict[str, int]:
    """Line (1-based) of every key and list item, by dotted path, for error messages."""
    import yaml

    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            p = f"{where}.{key.value}" if where else str(key.value)
            lines[p] = key.start_mark.line + 1
            lines.update(yaml_lines(value, p))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            p = f"{where}[{i}]"
            lines[p] = item.start_mark.line + 1
            lines.update(yaml_lines(item, p))
    return lines


def _item(lines, where: str, f: Any, kinds: dict, severities: dict) -> dict[str, Any]:
    """One finding, every field checked; ``_where`` keeps its place for later errors."""
    if not isinstance(f, dict):
        raise fail(lines, where, TEXT["missing"])
    item = {k: _text(lines, f"{where}.{k}", f.get(k)) for k in _REQUIRED_TEXT}
    for key, allowed in (("kind", kinds), ("severity", severities)):
        if item[key] not in allowed:
            raise fail(lines, f"{where}.{key}", TEXT["not_in"].format(
                value=item[key], names=", ".join(allowed)))
    for key in ("title", "finding"):
        item[key] = words.localized(PROSE_DOMAIN, item[key])
    for key in ("says", "question"):
        item[key] = _prose(lines, f"{where}.{key}", f[key]) if key in f else ""
    answers = f.get("answers", [])
    if not isinstance(answers, list):
        raise fail(lines, f"{where}.answers", TEXT["not_list"])
    item["answers"] = [_prose(lines, f"{where}.answers[{j}]", a) for j, a in enumerate(answers)]
    item["paper"] = _quotes(lines, f"{where}.paper", f.get("paper"))
    item["evidence"] = _evidence(lines, f"{where}.evidence", f.get("evidence"))
    item["inputs"] = _inputs(lines, f"{where}.inputs", f.get("inputs"))
    item["_where"] = where
    return item


def _parse(text: str) -> tuple[dict[str, int], Any]:
    import yaml

    try:
        return yaml_lines(yaml.compose(text)), yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise refs.DataFileError(FINDINGS_PATH, None if mark is None else mark.line + 1, None,
                                 TEXT["yaml_bad"].format(problem=getattr(exc, "problem", exc))
                                 ) from None


@refs.cached
def raw() -> Raw:
    """findings.yaml, read and checked once (``references.reload()`` reads it again)."""
    try:
        text = FINDINGS_PATH.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise refs.DataFileError(FINDINGS_PATH, None, None, str(exc)) from None
    lines, data = _parse(text)
    if not isinstance(data, dict):
        raise refs.DataFileError(FINDINGS_PATH, None, None, TEXT["missing"])
    kinds = _names(lines, data, "kinds")
    severities = _names(lines, data, "severities")
    items, seen = [], set()
    for i, f in enumerate(_list(lines, "findings", data.get("findings"))):
        item = _item(lines, f"findings[{i}]", f, kinds, severities)
        if item["id"] in seen:
            raise fail(lines, f"findings[{i}].id", TEXT["twice"].format(value=item["id"]))
        seen.add(item["id"])
        items.append(item)
    return Raw(kinds, severities, tuple(items), lines, _own_factors(lines, data))
