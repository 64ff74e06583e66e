"""Redraw a figure in place: one ``batch_update`` for a FigureWidget (one message to the
browser), a plain call for a Figure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go


def redraw(fig: go.Figure, apply: Callable[..., Any], *args: Any) -> go.Figure:
    if isinstance(fig, go.FigureWidget):
        with fig.batch_update():
            apply(fig, *args)
    else:
        apply(fig, *args)
    return fig
