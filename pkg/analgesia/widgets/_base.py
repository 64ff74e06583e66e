"""The GUI half of every panel: labelled controls with stable CSS classes, bound by name to a
widget-free model (:mod:`analgesia.panels`), a message line that shows the core's error in
place, and one chart redrawn in place.

The ``Panel`` contract (the same for every panel):

- ``panel.model``: the :class:`~analgesia.panels.PanelModel` that computes; ``panel.result``,
  ``panel.error``, ``panel.lines()`` are the model's; ``panel.reset()`` puts every control
  back to its first value and recomputes once;
- ``panel.figure``: the panel's chart (a ``go.FigureWidget``) or ``None``; redrawn only in
  place, through an ``update_*_figure`` of :mod:`analgesia.figures`, all of which go through
  :func:`analgesia.figures._inplace.redraw` (one ``batch_update``, then the synced state);
- a subclass builds controls from ``model.inputs``, calls ``self.bind(name=control, ...)``
  and writes :meth:`Panel.show` (result -> output widgets); it never parses text or calls
  the core. A bad value shows the message and changes nothing else (the last good result
  stays on screen).

A panel not yet split may still pass no model and write ``compute()`` and ``watch()``: it is
wrapped in a :class:`~analgesia.panels.CallbackModel` and keeps the same contract.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import words
from ..markup import Markup, element, items, text
from ..panels.model import CallbackModel, PanelModel
from .presenter import PresenterToggle

STYLE = {"description_width": "initial"}
WIDE = w.Layout(width="auto", max_width="520px", flex_flow="row wrap")
SLIDER = w.Layout(width="100%", max_width="720px")

TEXT = words.catalogue("panel", {
    "error_prefix": "Check this value: ",
})

# How panels and questions fit a projector at 100-150% zoom and with large text: a label that
# does not fit wraps instead of being cut off ("Make the order s..."), a box keeps at least
# 8 characters and moves under its label rather than shrinking to nothing, a button is as wide
# as its words. Rules, not pixel widths; shipped with every panel and question (a <style> in
# an HTML widget needs no JavaScript and works in JupyterLab, Voila and the static site).
FIT_CSS = (
    "<style class='an-fit-style'>"
    ".an-input, .an-quiz-answer { flex-wrap: wrap; height: auto !important;"
    " max-width: 100%; row-gap: 2px; }"
    ".an-input > .widget-label, .an-quiz-answer > .widget-label { white-space: normal;"
    " overflow: visible; text-overflow: clip; height: auto; line-height: 1.3;"
    " min-height: var(--jp-widgets-inline-height); max-width: 100%; }"
    ".an-input > input, .an-input > select, .an-input > textarea,"
    " .an-quiz-answer > input { flex: 1 1 9em; min-width: 8em; max-width: 100%; }"
    ".an-panel .jupyter-button, .an-quiz .jupyter-button { width: auto; max-width: 100%;"
    " white-space: normal; height: auto; min-height: var(--jp-widgets-inline-height); }"
    "</style>"
)


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


def fit_style() -> w.HTML:
    """The HTML widget that carries :data:`FIT_CSS`."""
    return css(w.HTML(value=FIT_CSS), "an-fit-style-holder")


def button(label: str, hook: str) -> w.Button:
    """A button as wide as its label (the default 148 px cut "Make the order sheet")."""
    return css(w.Button(description=label, layout=w.Layout(width="auto")), hook)


def html(value: str = "", hook: str = "an-result") -> w.HTML:
    """An HTML output; ``value`` is escaped unless it is :class:`~analgesia.markup.Markup`."""
    return css(w.HTML(value=text(value)), hook)


def message_line() -> w.HTML:
    return css(w.HTML(value=""), "an-message")


class Panel:
    """Base for panels: binds controls to ``model`` by input name and shows its result.

    ``update()`` asks the model to recompute; on ValueError the message line shows the core's
    message and nothing else changes (the last good result stays on screen).
    """

    hook = "an-panel"
    figure: Any = None  # the panel's chart (go.FigureWidget), redrawn in place, or None

    def __init__(self, model: PanelModel | None = None) -> None:
        self.message = message_line()
        self.model: PanelModel = model if model is not None else CallbackModel(
            lambda: self.compute())
        self._initial: list[tuple[w.Widget, Any]] = []
        self._restoring = False

    # --- the model's state, read through the panel --------------------------------------------
    @property
    def result(self) -> Any:
        return self.model.result

    @result.setter
    def result(self, value: Any) -> None:
        self.model.result = value

    @property
    def error(self) -> str:
        return self.model.error

    @error.setter
    def error(self, value: str) -> None:
        self.model.error = value

    def lines(self) -> tuple[str, ...]:
        """What the panel shows, as plain text (the model's lines)."""
        return self.model.lines()

    # --- binding controls ----------------------------------------------------------------------
    def bind(self, **controls: w.Widget) -> None:
        """Each control's value is the model's input of the same name; a change recomputes."""
        for name, control in controls.items():
            if name not in self.model.inputs:
                raise TypeError(f"{type(self.model).__name__} has no input {name!r}")
            control.observe(lambda change, name=name: self._input(name, change["new"]),
                            names="value")
            self._initial.append((control, self.model.initial[name]))

    def watch(self, *controls: w.Widget) -> None:
        """(Panels without a model of their own) recompute when any of ``controls``
        changes; remember their first values for :meth:`reset`."""
        for c in controls:
            c.observe(self._changed, names="value")
            self._initial.append((c, c.value))

    def _input(self, name: str, value: Any) -> None:
        self.model.inputs[name] = value
        if not self._restoring:
            self.update()

    def _changed(self, _change=None) -> None:
        if not self._restoring:
            self.update()

    def reset(self) -> bool:
        """Put every control back to its first value and recompute once: a notebook that
        showed a bad value hands the next reader a clean panel."""
        self._restoring = True
        try:
            for control, value in self._initial:
                control.value = value
        finally:
            self._restoring = False
        self.model.inputs.update(self.model.initial)
        return self.update()

    # --- computing and showing -----------------------------------------------------------------
    def compute(self) -> Any:
        """The model's computation from its current inputs (panels without a model of their
        own write this instead)."""
        if isinstance(self.model, CallbackModel):  # pragma: no cover - abstract there
            raise NotImplementedError
        return self.model.compute()

    def show(self, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self) -> bool:
        """Recompute from the model's inputs and show the outcome."""
        self.model.update()
        return self.refresh()

    def refresh(self) -> bool:
        """Show the model's state as it is (a panel calls it once its outputs exist): the
        message if the last input was bad, else the result. True when there was no error."""
        if self.model.error:
            self.message.value = element("span", TEXT["error_prefix"], self.model.error,
                                         class_="an-error", style="color:#b00020")
            return False
        self.message.value = ""
        if self.model.result is not None:
            self.show(self.model.result)
        return True

    def box(self, *children: w.Widget) -> w.VBox:
        return css(w.VBox([fit_style(), *children]), "an-panel", self.hook)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        # Every panel page gets the large-text toggle, so an instructor can switch it on
        # wherever the class is.
        display(w.VBox([PresenterToggle().widget, self.widget]))


def lines_html(lines, hook: str = "an-steps") -> Markup:
    """Arithmetic lines as a small monospace list, each line escaped
    (:mod:`analgesia.markup`)."""
    return items(lines, class_=hook, style="font-family:monospace;margin:0.2em 0")

