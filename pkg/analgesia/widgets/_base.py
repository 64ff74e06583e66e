"""What every panel shares: labelled controls with stable CSS classes, a message line that shows
the core's error in place, and the rule that bad input changes nothing else in the panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..markup import Markup, element, items, text

STYLE = {"description_width": "initial"}
WIDE = w.Layout(width="auto", max_width="520px")
SLIDER = w.Layout(width="100%", max_width="720px")

TEXT = {
    "disclaimer": "Teaching, not prescribing: a worked example, not a dosing tool.",
    "error_prefix": "Check this value: ",
}


def css(widget: w.Widget, *classes: str) -> w.Widget:
    """Give a widget stable CSS hooks (``an-...``) for styling and browser tests."""
    for c in classes:
        widget.add_class(c)
    return widget


def text_box(label: str, value: str, hook: str, placeholder: str = "") -> w.Text:
    """A dose typed with its unit ("90 mg", "25 mcg/h"): clinicians read units, not sliders."""
    box = w.Text(value=value, description=label, placeholder=placeholder, style=STYLE,
                 layout=WIDE, continuous_update=False)
    return css(box, "an-input", hook)


def dropdown(label: str, options, value, hook: str) -> w.Dropdown:
    return css(w.Dropdown(options=options, value=value, description=label, style=STYLE,
                          layout=WIDE), "an-input", hook)


def int_box(label: str, value: int, low: int, high: int, hook: str) -> w.BoundedIntText:
    return css(w.BoundedIntText(value=value, min=low, max=high, description=label, style=STYLE,
                                layout=WIDE), "an-input", hook)


def float_slider(label: str, value: float, low: float, high: float, step: float,
                 hook: str, readout_format: str = ".2f") -> w.FloatSlider:
    # wider than a text box: a long label must still leave the track room to move
    return css(w.FloatSlider(value=value, min=low, max=high, step=step, description=label,
                             style=STYLE, layout=SLIDER, continuous_update=False,
                             readout_format=readout_format), "an-input", hook)


def html(value: str = "", hook: str = "an-result") -> w.HTML:
    """An HTML output; ``value`` is escaped unless it is :class:`~analgesia.markup.Markup`."""
    return css(w.HTML(value=text(value)), hook)


def message_line() -> w.HTML:
    return css(w.HTML(value=""), "an-message")


class Panel:
    """Base for panels: subclasses build ``controls`` and implement ``compute`` (may raise
    ValueError) and ``show`` (writes the result into output widgets).

    ``update()`` runs compute; on ValueError the message line shows the core's message and
    nothing else changes (the last good result stays on screen).
    """

    hook = "an-panel"

    def __init__(self) -> None:
        self.message = message_line()
        self.result: Any = None
        self.error: str = ""

    def watch(self, *controls: w.Widget) -> None:
        """Recompute when any of ``controls`` changes; remember their first values for
        :meth:`reset`."""
        if not hasattr(self, "_initial"):
            self._initial: list[tuple[w.Widget, Any]] = []
        for c in controls:
            c.observe(self._changed, names="value")
            self._initial.append((c, c.value))

    def _changed(self, _change=None) -> None:
        if not getattr(self, "_restoring", False):
            self.update()

    def reset(self) -> bool:
        """Put every watched control back to its first value and recompute once: a notebook
        that showed a bad value hands the next reader a clean panel."""
        self._restoring = True
        try:
            for control, value in getattr(self, "_initial", []):
                control.value = value
        finally:
            self._restoring = False
        return self.update()

    def compute(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def show(self, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self) -> bool:
        try:
            result = self.compute()
        except ValueError as exc:
            self.error = str(exc)
            self.message.value = element("span", TEXT["error_prefix"], self.error,
                                         class_="an-error", style="color:#b00020")
            return False
        self.error = ""
        self.message.value = ""
        self.result = result
        self.show(result)
        return True

    def box(self, *children: w.Widget) -> w.VBox:
        return css(w.VBox(list(children)), "an-panel", self.hook)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        from .presenter import PresenterToggle

        # Every panel page gets the large-text toggle, so an instructor can switch it on
        # wherever the class is.
        display(w.VBox([PresenterToggle().widget, self.widget]))


def lines_html(lines, hook: str = "an-steps") -> Markup:
    """Arithmetic lines as a small monospace list, each line escaped
    (:mod:`analgesia.markup`)."""
    return items(lines, class_=hook, style="font-family:monospace;margin:0.2em 0")


Callback = Callable[[], None]
