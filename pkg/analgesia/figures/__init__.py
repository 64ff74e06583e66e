"""plotly figure builders: pure functions from core results to ``go.Figure``.

One module per topic; every axis has a title with its unit.
"""

from __future__ import annotations

import importlib

from . import _lazy_iri

# Before plotly is first imported: its figures pull in jsonschema, which would compile IRI
# grammars nobody here uses (seconds per page on a busy server). See _lazy_iri.
_lazy_iri.defer()

_BUILDERS = {
    "timeline_figure": "case_figures",
    "spread_figure": "conversion_figures",
    "titration_figure": "titration_figures",
    "rotation_figure": "rotation_figures",
    "reservoir_figure": "pump_figures",
    "concentration_figure": "pk_figures",
    "transition_figure": "pk_figures",
}


def chart(fig):
    """Show ``fig`` as a ``go.FigureWidget``: the way every chart on a page is drawn.

    A plain ``go.Figure`` is published as plotly's mime bundle, drawn in Voila by plotly's
    JupyterLab mime renderer, which on mouse-over redraws the figure and tries to store a PNG
    in the output's model; Voila 0.5's model has no ``setData`` and the browser console
    reports "r.setData is not a function" on every chart page. A FigureWidget is drawn by
    the widget manager, the same in JupyterLab, Voila and the static site.
    """
    import plotly.graph_objects as go

    from ._inplace import publish_state

    return publish_state(fig if isinstance(fig, go.FigureWidget) else go.FigureWidget(fig))


def __getattr__(name: str):
    if name in _BUILDERS:
        module = importlib.import_module(f".{_BUILDERS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'analgesia.figures' has no attribute {name!r}")


__all__ = ["chart", *_BUILDERS]
