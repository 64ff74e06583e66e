"""Check-yourself questions that work offline in JupyterLab and Voila: plain ipywidgets.

``NumericQuestion`` accepts an answer within a tolerance; ``ChoiceQuestion`` one option.
Both explain the right answer after any attempt. ``check(answer)`` is the testable core.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as w

from ..markup import element
from ._base import STYLE, css

TEXT = {
    "check": "Check",
    "right": "Right. ",
    "wrong": "Not quite. ",
    "not_number": "Type a number (the unit is given beside the box).",
    "choose": "Choose an answer first.",
}


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str


class _Question:
    """What both kinds share: coloured feedback and display."""

    feedback: w.HTML
    widget: w.VBox

    def _show(self, fb: Feedback) -> None:
        colour = "#1b5e20" if fb.correct else "#b00020"
        self.feedback.value = element("span", fb.text, style=f"color:{colour}")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class NumericQuestion(_Question):
    """A numeric question: correct when |answer - expected| <= tolerance."""

    def __init__(self, prompt: str, expected: float, tolerance: float, unit: str,
                 explanation: str, hook: str = "an-quiz"):
        self.prompt, self.expected, self.tolerance = prompt, expected, tolerance
        self.unit, self.explanation = unit, explanation
        self.answer = css(w.Text(description=f"Answer ({unit})", style=STYLE,
                                 continuous_update=False), "an-quiz-answer")
        self.button = css(w.Button(description=TEXT["check"]), "an-quiz-check")
        self.feedback = css(w.HTML(), "an-quiz-feedback")
        self.button.on_click(lambda _b: self._show(self.check(self.answer.value)))
        self.answer.observe(lambda _c: self._show(self.check(self.answer.value)), names="value")
        self.widget = css(w.VBox([w.HTML(element("b", prompt)), w.HBox([self.answer, self.button]),
                                  self.feedback]), "an-quiz", hook)

    def check(self, answer: str | float) -> Feedback:
        try:
            value = float(str(answer).replace(",", "").strip())
        except ValueError:
            return Feedback(False, TEXT["not_number"])
        if not math.isfinite(value):
            return Feedback(False, TEXT["not_number"])
        ok = abs(value - self.expected) <= self.tolerance
        return Feedback(ok, (TEXT["right"] if ok else TEXT["wrong"]) + self.explanation)



class ChoiceQuestion(_Question):
    """A multiple-choice question with one right option."""

    def __init__(self, prompt: str, options: list[str], answer: int, explanation: str,
                 hook: str = "an-quiz"):
        if not 0 <= answer < len(options):
            raise ValueError(f"answer: {answer} is not allowed; expected 0 to {len(options) - 1}.")
        self.prompt, self.options = prompt, options
        self.right, self.explanation = answer, explanation
        self.choice = css(w.RadioButtons(options=options, value=None, layout=w.Layout(
            width="auto")), "an-quiz-choice")
        self.button = css(w.Button(description=TEXT["check"]), "an-quiz-check")
        self.feedback = css(w.HTML(), "an-quiz-feedback")
        self.button.on_click(lambda _b: self._show(self.check(self.choice.value)))
        self.widget = css(w.VBox([w.HTML(element("b", prompt)), self.choice, self.button,
                                  self.feedback]), "an-quiz", hook)

    def check(self, option: str | int | None) -> Feedback:
        if option is None:
            return Feedback(False, TEXT["choose"])
        index = option if isinstance(option, int) else (
            self.options.index(option) if option in self.options else -1)
        ok = index == self.right
        return Feedback(ok, (TEXT["right"] if ok else TEXT["wrong"]) + self.explanation)
