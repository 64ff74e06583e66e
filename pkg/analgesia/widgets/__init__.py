"""ipywidgets panels: controls bound by name to a widget-free model (:mod:`analgesia.panels`),
output through ``analgesia.figures``.

Every panel keeps one contract (:class:`~analgesia.widgets._base.Panel`): ``result``,
``error``, ``lines()``, ``figure`` (redrawn in place) and ``reset()``, the first three read
from its model. One module per panel; names are loaded on first use so that importing one
panel does not import them all.
"""

from __future__ import annotations

import importlib

from ._base import Panel
from .quiz import ChoiceQuestion, NumericQuestion

_PANELS = {
    "ConverterPanel": "converter",
    "PumpPanel": "pump_panel",
    "TitrationPanel": "titration_panel",
    "RotationPanel": "rotation_panel",
    "ToleranceChecker": "assessment",
    "CaseReviewPanel": "case_review",
    "DrugLevelPanel": "drug_levels",
    "PracticePanel": "practice_panel",
    "AdjuvantExplorer": "adjuvants_panel",
}


def __getattr__(name: str):
    if name in _PANELS:
        module = importlib.import_module(f".{_PANELS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'analgesia.widgets' has no attribute {name!r}")


__all__ = ["ChoiceQuestion", "NumericQuestion", "Panel", *_PANELS]
