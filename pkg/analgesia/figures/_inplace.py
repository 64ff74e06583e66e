"""Redraw a figure in place: one ``batch_update`` for a FigureWidget (one message to the
browser), a plain call for a Figure.

A FigureWidget sends later changes as restyle/relayout messages; its synced state
(``_widget_data``/``_widget_layout``) keeps the figure as it was built. A view that renders
later (Voila renders after the whole notebook has run, a second browser tab) would draw that
first state and never the updates. :func:`publish_state` copies the current figure into the
synced state after each redraw, so every view, early or late, draws the same figure.

This is the one redraw path of every panel: an ``update_*_figure`` calls :func:`redraw` with
its own ``apply``, or :func:`redraw_from` with a freshly built figure.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go


def publish_state(fig: go.Figure) -> go.Figure:
    """Make a FigureWidget's synced state equal to its current data and layout."""
    if isinstance(fig, go.FigureWidget):
        fig._widget_data = copy.deepcopy(fig._data)  # noqa: SLF001 - plotly has no public hook
        fig._widget_layout = copy.deepcopy(fig._layout)  # noqa: SLF001
    return fig


def redraw(fig: go.Figure, apply: Callable[..., Any], *args: Any) -> go.Figure:
    """``apply(fig, *args)`` inside one ``batch_update``, then :func:`publish_state`."""
    if isinstance(fig, go.FigureWidget):
        with fig.batch_update():
            apply(fig, *args)
        publish_state(fig)
    else:
        apply(fig, *args)
    return fig


def _refill(fig: go.Figure, new: go.Figure) -> None:
    if len(fig.data) != len(new.data):  # a trace added or removed: replace them all
        fig.data = ()
        fig.add_traces(list(new.data))
    else:
        for old, fresh in zip(fig.data, new.data, strict=True):
            old.update(fresh.to_plotly_json(), overwrite=True)
    layout = new.layout.to_plotly_json()
    layout.pop("template", None)  # unchanged, and most of the layout's size
    fig.layout.update(layout, overwrite=True)


def redraw_from(fig: go.Figure, new: go.Figure) -> go.Figure:
    """Redraw ``fig`` in place as the freshly built ``new`` (traces and layout), through
    :func:`redraw`: for a builder that has no ``update_*`` of its own."""
    return redraw(fig, _refill, new)
