"""Panel models: what each panel computes, with no widget, figure or notebook in sight.

The contract (one for every panel; the GUI half is :class:`analgesia.widgets._base.Panel`):

- a model is a :class:`PanelModel` subclass in its own module here (``panels/pump.py`` ->
  ``PumpModel``); nothing in this package imports ipywidgets or plotly;
- ``model.inputs``: the learner's inputs by name (text as typed, or a choice);
  ``model.defaults()`` gives them from data/ or the case, never typed doses;
- ``model.set(name=value)`` recomputes once and returns True, or False with ``model.error``
  (the core's :class:`~analgesia.units.InputError` message) and the last good ``model.result``
  kept; ``model.reset()`` goes back to the starting inputs;
- ``model.result`` is a frozen dataclass with named fields (notebooks read those, never a
  position in ``lines()``); ``model.lines()`` is what the panel shows, as plain text;
- the GUI panel only builds controls, binds each to one input by name
  (``Panel.bind(name=control)``), shows ``model.result`` and redraws its ``figure`` in place
  through :func:`analgesia.figures._inplace.redraw`; ``panel.result``, ``panel.error``,
  ``panel.lines()`` and ``panel.reset()`` are the model's.

Models are loaded on first use, as the widgets are.
"""

from __future__ import annotations

import importlib

from .model import CallbackModel, PanelModel, blank  # noqa: F401 - the bases, to subclass

# class name -> module in this package (a model's module may add its line here)
_MODELS: dict[str, str] = {
    "AdjuvantModel": "adjuvants",
    "BedsideModel": "bedside",
    "SiteVolumeModel": "bedside",
    "PumpModel": "pump",
    "RotationModel": "rotation",
    "TitrationModel": "titration",
    "CaseReviewModel": "case_review",
    "ChoiceQuestionModel": "quiz",
    "DrugLevelModel": "drug_levels",
    "NumericQuestionModel": "quiz",
    "PracticeModel": "practice",
    "ToleranceModel": "assessment",
}


def __getattr__(name: str):
    if name in _MODELS:
        return getattr(importlib.import_module(f".{_MODELS[name]}", __name__), name)
    raise AttributeError(f"module 'analgesia.panels' has no attribute {name!r}")


# The concrete models: each runs from its defaults and takes inputs by name. The bases
# (PanelModel, CallbackModel) are imported from here or from .model to subclass them.
__all__ = ["blank", *_MODELS]
