"""Reading one practice-case file safely: size and encoding checked, YAML without aliases,
and every problem reported as :class:`Bad` with the field and the line it sits on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pint

from .. import words
from ..units import fmt

TEXT = words.catalogue("practice.file", {
    "unreadable": "a case file this loader can read",
    "yaml": "readable YAML",
    "yaml_alias": "no YAML aliases (*name): write each value out",
    "an_alias": "an alias",
    "too_big": "a case file under {size} kB",
    "bytes": "{n} bytes",
    "utf8": "UTF-8 text",
    "byte": "byte 0x{byte:02x}",
    "missing": "nothing (missing)",
    "cut": "{text}...",
})

PATTERNS = ("*.yaml", "*.yml")
MAX_BYTES = 256_000  # a case is a page of text; anything far larger is not a case file
SHOWN_CHARS = 200  # how much of a bad value an error message repeats
FILE = "(file)"  # the field of a problem with the whole file
_PATH_PART = re.compile(r"[^.\[\]]+|\[\d+\]")


class Bad(Exception):
    """A problem in a case file: the field (dotted path), what was expected, what was found,
    and the line when known."""

    def __init__(self, field_name: str, expected: str, got: Any, line: int | None = None):
        super().__init__(field_name)
        self.field, self.expected, self.got, self.line = field_name, expected, got, line


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe YAML without aliases: a case never needs them, and an alias bomb (a few
        lines that expand to billions of items) must not hang the loader."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise Bad(FILE, TEXT["yaml_alias"], TEXT["an_alias"], mark.line + 1)
            return super().compose_node(parent, index)

    return Loader


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Bad(FILE, TEXT["unreadable"], exc.strerror or type(exc).__name__) from None
    if len(raw) > MAX_BYTES:
        raise Bad(FILE, TEXT("too_big", size=MAX_BYTES // 1000), TEXT("bytes", n=len(raw)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise Bad(FILE, TEXT["utf8"], TEXT("byte", byte=raw[exc.start]), line) from None


def read(path: Path):
    """(node tree, data) of one case file; problems become :class:`Bad` with the line."""
    import yaml

    loader = _loader()(_decode(path))
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        raise Bad(FILE, TEXT["yaml"], exc.problem or type(exc).__name__, line) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise Bad(FILE, TEXT["yaml"], type(exc).__name__) from None
    finally:
        loader.dispose()
    return node, data


def line_of(node, field_path: str) -> int | None:
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


def shown(value: Any) -> str:
    """A value found in a file, as an error message repeats it (cut short when long)."""
    if value is None:
        return TEXT["missing"]
    if isinstance(value, pint.Quantity):
        try:
            return fmt(value)
        except ValueError:
            pass
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= SHOWN_CHARS else TEXT("cut", text=text[:SHOWN_CHARS])
