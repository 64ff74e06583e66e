"""Presenter mode: one toggle, "Large text for projectors", that enlarges the workbook's text,
controls and panels on the page where it is shown, in JupyterLab and in app mode (Voila) alike.

It needs no JavaScript: switching it on puts a ``<style>`` element into an HTML widget on the
page; switching it off empties that widget. The rules only change CSS variables and sizes of
the page's text and of the panels (``.an-panel``); no layout is hidden and nothing a user types
is evaluated.
"""

from __future__ import annotations

import ipywidgets as w

from .. import words
from ..markup import element, text

TEXT = words.catalogue("presenter", {
    "toggle": "Large text for projectors",
    "tooltip": "Enlarge text, controls and panels on this page for a projector; click again "
    "for normal size",
    "on": "Large text is on for this page.",
    "off": "",
})


def _css(widget: w.Widget, *classes: str) -> w.Widget:
    # the panel base (widgets._base) imports this module: no import back, so no cycle
    for c in classes:
        widget.add_class(c)
    return widget

# Sizes in CSS pixels for a 1280x720 projector seen from the back of a room.
LARGE = {"text": 20, "small": 18, "code": 17, "control_height": 36, "control_width": 760}


def large_text_css(sizes: dict[str, int] | None = None) -> str:
    """The CSS rules of presenter mode (also usable in a notebook's own ``<style>``)."""
    s = {**LARGE, **(sizes or {})}
    for key, value in s.items():  # numbers only: the sizes are written into a <style> element
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4000:
            from ..units import InputError

            raise InputError(key, value if isinstance(value, int) else type(value).__name__,
                             "a whole number of CSS pixels from 1 to 4000")
    return (
        "<style class='an-presenter-style'>"
        "body, .jp-Notebook, .voila-body, .jp-OutputArea {"
        f"--jp-content-font-size1: {s['text']}px;"
        f"--jp-content-font-size0: {s['small']}px;"
        f"--jp-widgets-font-size: {s['text']}px;"
        f"--jp-widgets-inline-height: {s['control_height']}px;"
        f"--jp-widgets-inline-label-width: auto;"
        f"--jp-code-font-size: {s['code']}px;"
        "}"
        f".jp-RenderedHTMLCommon {{ font-size: {s['text']}px; line-height: 1.5; }}"
        f".jp-OutputArea-output pre {{ font-size: {s['code']}px; line-height: 1.4; }}"
        f".an-panel, .an-panel .widget-label, .an-panel .widget-html-content,"
        f" .an-panel input, .an-panel select, .an-panel button, .an-panel table,"
        f" .an-panel .widget-checkbox label {{ font-size: {s['text']}px; }}"
        f".an-panel .an-input {{ max-width: min(100%, {s['control_width']}px) !important; }}"
        f".an-panel .an-steps, .an-panel .an-sources {{ font-size: {s['small']}px; }}"
        # side-by-side columns and long labels wrap instead of scrolling sideways
        ".an-panel .widget-hbox { flex-wrap: wrap; }"
        ".an-panel .widget-inline-hbox { flex-wrap: wrap; height: auto; }"
        ".an-panel .widget-inline-hbox .widget-label { max-width: 100%; }"
        "</style>"
    )


class PresenterToggle:
    """A toggle button and the (empty or filled) style holder it controls.

    ``toggle.large`` reads or sets the state; ``toggle.widget`` is what a notebook displays.
    """

    hook = "an-presenter"

    def __init__(self, large: bool = False) -> None:
        self.button = _css(w.ToggleButton(value=bool(large), description=TEXT["toggle"],
                                         tooltip=TEXT["tooltip"], icon="text-height",
                                         layout=w.Layout(width="auto")),
                          "an-input", "an-presenter-toggle")
        self.style = _css(w.HTML(value=""), "an-presenter-style-holder")
        self.note = _css(w.HTML(value=""), "an-presenter-note")
        self.widget = _css(w.HBox([self.button, self.note, self.style],
                                 layout=w.Layout(align_items="center", flex_flow="row wrap")),
                          self.hook)
        self.button.observe(self._changed, names="value")
        self._apply()

    @property
    def large(self) -> bool:
        return bool(self.button.value)

    @large.setter
    def large(self, value: bool) -> None:
        self.button.value = bool(value)

    def _changed(self, _change=None) -> None:
        self._apply()

    def _apply(self) -> None:
        self.style.value = large_text_css() if self.large else ""
        self.note.value = element("i", TEXT["on"]) if self.large else text(TEXT["off"])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def presenter_toggle(large: bool = False) -> PresenterToggle:
    """The toggle to show once on a page (e.g. the landing page)."""
    return PresenterToggle(large)


__all__ = ["LARGE", "PresenterToggle", "large_text_css", "presenter_toggle"]
