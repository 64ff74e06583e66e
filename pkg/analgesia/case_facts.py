"""Facts with their place in a paper: a YAML file where every fact carries its words.

Each fact in the file is a mapping with ``value`` (or several values), ``location`` (the
section) and ``quote`` (the paper's words, verbatim); a fact the paper does not give has
``stated: false``, no value and a ``note`` saying what is missing. :func:`read_facts` checks
every fact and returns the data with each fact replaced by its value, and the facts. A
malformed file fails naming the file, the line and the dotted path of the key.

Used for the case's ``patient.yaml`` (:func:`analgesia.case.patient`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import references as refs

_META = ("location", "quote", "note", "stated", "status")


@dataclass(frozen=True)
class Fact:
    """One fact about the patient: its value, where the paper gives it, and its words.

    ``stated`` is False for a fact the paper does not give (value None, the note says what
    is missing)."""

    path: str
    value: Any
    location: str
    quote: str
    note: str = ""
    stated: bool = True


def _is_fact(node: Any) -> bool:
    return isinstance(node, dict) and ("quote" in node or "stated" in node)


def _yaml_lines(path, text: str) -> dict[str, int]:
    """Line (1-based) of every key and list item, by dotted path, for error messages."""
    import yaml

    lines: dict[str, int] = {}

    def walk(node, where: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                p = f"{where}.{key.value}" if where else str(key.value)
                lines[p] = key.start_mark.line + 1
                walk(value, p)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                p = f"{where}[{i}]"
                lines[p] = item.start_mark.line + 1
                walk(item, p)

    try:
        walk(yaml.compose(text), "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise refs.DataFileError(path, None if mark is None else mark.line + 1, None,
                                 f"is not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return lines


def _check_fact(path, lines: dict[str, int], where: str, node: dict) -> None:
    def fail(key: str, problem: str):
        line = lines.get(f"{where}.{key}", lines.get(where))
        return refs.DataFileError(path, line, f"{where}.{key}", problem)

    stated = node.get("stated", True)
    if not isinstance(stated, bool):
        raise fail("stated", f"'{stated}' is not true or false")
    for key in ("location", "quote", "note"):
        if key in node and (not isinstance(node[key], str) or not node[key].strip()):
            raise fail(key, "is empty; expected text")
    if stated:
        for key in ("location", "quote"):
            if key not in node:
                raise fail(key, "is missing: a stated fact needs the paper's section and words")
        if "status" in node and node["status"] not in refs.STATUSES:
            raise fail("status", f"'{node['status']}' is not one of: "
                       + ", ".join(refs.STATUSES))
    else:
        if node.get("value") is not None:
            raise fail("value", "must be empty (null) for a fact the paper does not state")
        if "note" not in node:
            raise fail("note", "is missing: say what the paper does not give")


def _walk_facts(path, lines, node, where: str, facts: list[Fact]) -> Any:
    """Validate every fact and return the data with each fact replaced by its value."""
    if _is_fact(node):
        _check_fact(path, lines, where, node)
        rest = {k: v for k, v in node.items() if k not in _META}
        value = rest["value"] if set(rest) == {"value"} else rest
        facts.append(Fact(where, value, node.get("location", ""), node.get("quote", ""),
                          node.get("note", ""), node.get("stated", True)))
        return value
    if isinstance(node, dict):
        if "location" in node or "value" in node:
            line = lines.get(where)
            raise refs.DataFileError(path, line, f"{where}.quote", "is missing: a fact needs "
                                     "the paper's words (or 'stated: false' and a note)")
        return {k: _walk_facts(path, lines, v, f"{where}.{k}" if where else str(k), facts)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_walk_facts(path, lines, v, f"{where}[{i}]", facts) for i, v in enumerate(node)]
    return node


def read_facts(path: Path, required: dict[str, type]) -> tuple[dict[str, Any], tuple[Fact, ...],
                                                            dict[str, int]]:
    """(data, facts, line of every dotted key) of a facts file; ``required``: dotted path ->
    type (int or str) that must be present."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise refs.DataFileError(path, None, None, f"cannot be read ({exc})") from None
    lines = _yaml_lines(path, text)
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise refs.DataFileError(path, 1, None, "is not a mapping of facts")
    if raw.get("status") not in refs.STATUSES:
        raise refs.DataFileError(path, lines.get("status"), "status",
                                 f"'{raw.get('status')}' is not one of: "
                                 + ", ".join(refs.STATUSES))
    facts: list[Fact] = []
    data = _walk_facts(path, lines, raw, "", facts)
    for dotted, kind in required.items():
        node: Any = data
        for key in dotted.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            raise refs.DataFileError(path, None, dotted, "is missing")
        if not isinstance(node, kind) or isinstance(node, bool):
            expected = "a whole number" if kind is int else "text"
            raise refs.DataFileError(path, lines.get(dotted), dotted,
                                     f"'{node}' is not {expected}")
    return data, tuple(facts), lines


__all__ = ["Fact"]  # read_facts is the case loader's (a path from data/, not user input)
