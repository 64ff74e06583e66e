"""The one error a learner's bad input raises: :class:`InputError`, a ``ValueError`` that
names the field (in a learner's words), the value and what is allowed.

:mod:`analgesia.units` re-exports it; code imports it from there
(``from analgesia.units import InputError``).
"""

from __future__ import annotations

from typing import Any

from . import words

TEXT = words.catalogue("errors", {
    "message": "{label}: {value} is not allowed; expected {allowed}.",
    "value": "value",
})

# How long a shown value may be before it is cut (characters): a message stays one line.
MAX_SHOWN = 60


class InputError(ValueError):
    """A value outside what a function accepts: names the field, the value and what is allowed.

    ``field`` is the parameter's name for code; ``label`` the field in a learner's words, used
    in the message (defaults to ``field``).
    """

    def __init__(self, field: str, value: Any, allowed: str, why: str = "", *,
                 label: str | None = None):
        self.field = field  # the parameter (code reads it: "hour_limit")
        # the words a learner reads ("hour limit"); never empty
        self.label = _words(label) or _words(field) or TEXT["value"]
        self.value = value
        self.allowed = allowed
        self.why = why
        message = TEXT["message"].format(label=self.label, value=_show(value), allowed=allowed)
        super().__init__(f"{message} {why}".strip())


def _words(x: Any) -> str:
    return x.strip() if isinstance(x, str) else ""


def _show(value: Any) -> str:
    """A value as the message shows it: a dose the safe way (units.fmt), text quoted, cut to
    :data:`MAX_SHOWN` characters; never a repr of something stranger."""
    from .registry import Quantity

    if isinstance(value, Quantity):
        from .units import fmt, fmt_unit

        try:
            return fmt(value)
        except Exception:  # noqa: BLE001 - a value too odd to format: number and unit, no repr
            try:
                return f"{float(value.magnitude):g} {fmt_unit(value.units)}".strip()
            except Exception:  # noqa: BLE001 - an array or stranger still
                return "a value that cannot be shown"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 3] + "..."


__all__ = ["InputError"]
