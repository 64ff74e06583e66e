"""HTML built one safe way: every piece of text is escaped on its way into markup.

Every string that reaches an ipywidgets ``HTML`` value or the printable order sheet goes
through this module, whatever its origin: a practice case's title typed by an instructor, a
learner's answer echoed in a message, a data file's source, or the package's own labels. A
case titled ``<img src=x onerror=alert(1)>`` is then shown as those characters, never run.

- :func:`text` escapes text for an element's content (``&``, ``<``, ``>``);
- :func:`attr` escapes a value for an attribute (quotes as well);
- :func:`element` builds ``<b class="x">text</b>``: children are escaped unless they are
  :class:`Markup` already built here; attribute values always are;
- :func:`join` and :func:`items` put pieces together without escaping twice.

Plain Python (no widget library): the order sheet and the widgets share it. Escaping follows
the HTML Living Standard's serialisation of text and attribute values (WHATWG, section 13.3,
"Serializing HTML fragments").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from . import words
from .units import InputError

TEXT = words.catalogue("markup", {
    "tag": "a lower-case tag such as 'b'",
    "attribute": "a lower-case name such as 'class'",
})

# Element and attribute names are written by the package, never taken from data: a name that
# does not match is refused rather than escaped.
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


class Markup(str):
    """HTML made by this module: safe to put into an ``HTML`` widget, never escaped again."""

    __slots__ = ()

    def __add__(self, other: Any) -> Markup:
        return Markup(str.__add__(self, text(other)))

    def __radd__(self, other: Any) -> Markup:
        return Markup(str.__add__(text(other), self))


def _str(value: Any) -> str:
    if isinstance(value, str):
        return str.__str__(value)
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - an object that cannot be shown is named instead
        return f"<{type(value).__name__}>"


def text(value: Any) -> Markup:
    """``value`` as element content: ``"a < b & c"`` -> ``"a &lt; b &amp; c"``.

    :class:`Markup` passes unchanged; anything else is turned into text first.
    """
    if isinstance(value, Markup):
        return value
    return Markup(_str(value).translate(_ESCAPES))


def attr(value: Any) -> str:
    """``value`` for a double- or single-quoted attribute: quotes escaped too. Always escapes,
    even :class:`Markup` (markup inside an attribute is text)."""
    return _str(value).translate(_ATTR)


def element(name: str, *children: Any, **attrs: Any) -> Markup:
    """``element("b", "x <y>", class_="an-z")`` -> ``<b class="an-z">x &lt;y&gt;</b>``.

    A trailing underscore in an attribute name is dropped (``class_``), an underscore inside
    becomes a hyphen (``data_x`` -> ``data-x``); an attribute whose value is None is left out.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError("element name", _str(name)[:40], TEXT["tag"])
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        key = key.rstrip("_").replace("_", "-")
        if not _NAME.match(key):
            raise InputError("attribute name", key[:40], TEXT["attribute"])
        parts.append(f'{key}="{attr(value)}"')
    return Markup(f"<{' '.join(parts)}>{join(children)}</{name}>")


def _pieces(value: Any) -> Iterable[Any]:
    if isinstance(value, str | bytes):
        return (value,)
    try:  # a scalar that claims to be iterable (a pint Quantity) is one piece
        return tuple(value)
    except TypeError:
        return (value,)


def join(pieces: Iterable[Any], separator: Any = "") -> Markup:
    """Escape each piece (unless it is :class:`Markup`) and join them with ``separator``."""
    return Markup(text(separator).join(text(p) for p in _pieces(pieces)))


def items(lines: Iterable[Any], **attrs: Any) -> Markup:
    """A ``<ul>`` with one escaped ``<li>`` per line."""
    return element("ul", *(element("li", x) for x in _pieces(lines)), **attrs)


BR = Markup("<br>")

__all__ = ["BR", "Markup", "attr", "element", "items", "join", "text"]
