"""The one error a learner's bad input raises: :class:`InputError`, a ``ValueError`` that
names the field (in a learner's words), the value and what is allowed.

:mod:`analgesia.units` re-exports it; code imports it from there
(``from analgesia.units import InputError``).
"""

from __future__ import annotations

from typing import Any

from . import words

# A field named by its code (``InputError("hour_limit", ...)`` with no label) is shown as the
# code in English, as before, and in a translation's own words: a translation reaches every
# message.
FIELDS = words.catalogue("fields", {
    "absorption_half_life": "absorption_half_life",
    "absorption_half_life_sc": "absorption_half_life_sc",
    "answer": "answer",
    "background": "background",
    "bolus": "bolus",
    "boluses_per_day": "boluses_per_day",
    "case_id": "case_id",
    "choice": "choice",
    "choices": "choices",
    "daily_dose": "daily_dose",
    "day": "day",
    "days": "days",
    "digits": "digits",
    "dose": "dose",
    "doses": "doses",
    "drug": "drug",
    "drug_volume": "drug_volume",
    "field": "field",
    "finding": "finding",
    "findings": "findings",
    "folder": "folder",
    "fraction": "fraction",
    "from_": "from_",
    "hour_limit": "hour_limit",
    "item": "item",
    "kind": "kind",
    "language": "language",
    "level": "level",
    "mode": "mode",
    "model": "model",
    "note": "note",
    "nrs": "nrs",
    "ome": "ome",
    "options": "options",
    "parameter": "parameter",
    "patch_removed": "patch_removed",
    "patch_start": "patch_start",
    "patch_strength": "patch_strength",
    "patches": "patches",
    "path": "path",
    "patient_label": "patient_label",
    "prescriber": "prescriber",
    "presses": "presses",
    "product": "product",
    "pump_step": "pump_step",
    "pump_stop": "pump_stop",
    "range": "range",
    "rate": "rate",
    "reason": "reason",
    "reservoir": "reservoir",
    "route": "route",
    "rule": "rule",
    "rule_set": "rule_set",
    "scheduled": "scheduled",
    "sedatives": "sedatives",
    "settings": "settings",
    "source": "source",
    "step": "step",
    "stop_after": "stop_after",
    "strength": "strength",
    "strengths": "strengths",
    "table": "table",
    "table file": "table file",
    "target_half_fall": "target_half_fall",
    "text": "text",
    "timeline event": "timeline event",
    "timeout": "timeout",
    "to": "to",
    "tolerance": "tolerance",
    "topic": "topic",
    "unit": "unit",
    "until": "until",
    "value": "value",
    "volume": "volume",
    "wear": "wear",
    "who_presses": "who_presses",
})

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
        self.label = _words(label) or _field_words(field) or TEXT["value"]
        self.value = value
        self.allowed = allowed
        self.why = why
        message = TEXT["message"].format(label=self.label, value=_show(value), allowed=allowed)
        super().__init__(f"{message} {why}".strip())


def _field_words(field: Any) -> str:
    code = _words(field)
    return FIELDS[code] if code in FIELDS else code


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
