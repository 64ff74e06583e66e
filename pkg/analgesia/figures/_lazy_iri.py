"""Put off compiling the IRI grammars that plotly's first figure would otherwise pay for.

Showing a plotly figure in a kernel imports ``nbformat`` (plotly checks its version for mime
rendering), which imports ``jsonschema``, whose format checkers import ``rfc3987_syntax`` when
it is installed (it comes with the Jupyter server's dependencies). That module compiles 38
Earley grammars at import: 1 s on an idle core, 4-10 s on a loaded one, on every page that
shows a chart, and nothing in a figure ever validates an IRI.

:func:`defer` registers a stand-in with the same ``is_valid_syntax`` function that imports the
real module the first time an IRI is actually checked, so results are unchanged; it does
nothing when the module is already imported or not installed.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

NAME = "rfc3987_syntax"


def _real():
    module = sys.modules.get(NAME)
    if module is None or getattr(module, "_analgesia_stand_in", False):
        sys.modules.pop(NAME, None)
        module = importlib.import_module(NAME)
    return module


def is_valid_syntax(term: str, value: str) -> bool:
    return _real().is_valid_syntax(term, value)


def _forward(attr: str):
    if attr.startswith("__"):  # the import system asks for __path__ etc.: not a real use
        raise AttributeError(attr)
    return getattr(_real(), attr)


def defer() -> bool:
    """Register the stand-in; True when it was registered."""
    if NAME in sys.modules or "jsonschema" in sys.modules:
        return False
    try:
        if importlib.util.find_spec(NAME) is None:
            return False
    except (ImportError, ValueError):
        return False
    stand_in = types.ModuleType(NAME, "stand-in: the real module is imported on first use")
    stand_in.is_valid_syntax = is_valid_syntax
    stand_in._analgesia_stand_in = True
    stand_in.__getattr__ = _forward
    sys.modules[NAME] = stand_in
    return True
