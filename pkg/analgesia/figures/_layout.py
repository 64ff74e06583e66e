"""Where a figure's legend goes so that nothing overlaps at any width a class uses.

A horizontal legend placed at a negative ``y`` in plot coordinates sits wherever the plot
area ends, which moves with the figure's width: on a narrow screen (a projector at 150% zoom)
or with long entry names it wrapped onto the x-axis title. Anchored to the bottom of the
container instead, inside a bottom margin tall enough for the axis title and a few rows of
entries, it cannot meet the axis title however it wraps.
"""

from __future__ import annotations

ROW_PX = 22  # one row of legend entries at the default font
AXIS_PX = 62  # tick labels and the x-axis title below the plot area


def legend_below(rows: int = 2) -> dict:
    """``update_layout`` arguments: the legend at the bottom of the figure, below the x axis,
    with room for ``rows`` rows of entries."""
    return {
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0,
                   "xref": "container", "xanchor": "left", "x": 0.01},
        "margin": {"b": AXIS_PX + ROW_PX * rows + 16},
    }
