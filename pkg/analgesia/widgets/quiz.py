"""Check-yourself questions that work offline in JupyterLab and Voila: plain ipywidgets bound
to the widget-free question models of :mod:`analgesia.panels.quiz` (which mark the answer).

A question opens empty: no answer, no feedback. The explanation (which holds the answer)
appears only after an attempt, or when the learner presses "Show answer". ``check(answer)``
is the testable core and changes nothing on screen; ``reset()`` empties the question again.
The same contract as a panel: ``result`` (the last feedback), ``lines()``, ``figure`` (none),
``reset()``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import words
from ..markup import element
from ..panels.quiz import ChoiceQuestionModel, Feedback, NumericQuestionModel
from ._base import STYLE, button, css, fit_style

TEXT = words.catalogue("quiz_panel", {
    "check": "Check",
    "show": "Show answer",
    "answer_label": "Your answer",
    "placeholder": "a number, or with its unit: {unit}",
})
GOOD, BAD, NEUTRAL = "#1b5e20", "#b00020", "#333"


class _Question:
    """What both kinds share: the buttons, coloured feedback, reset and display."""

    feedback: w.HTML
    widget: w.VBox
    model: NumericQuestionModel | ChoiceQuestionModel
    figure = None

    def _buttons(self) -> w.HBox:
        self.button = button(TEXT["check"], "an-quiz-check")
        self.show_button = button(TEXT["show"], "an-quiz-show")
        self.feedback = css(w.HTML(), "an-quiz-feedback")
        self.button.on_click(lambda _b: self.attempt())
        self.show_button.on_click(lambda _b: self.show_answer())
        return w.HBox([self.button, self.show_button],
                      layout=w.Layout(flex_flow="row wrap"))

    def _show(self, fb: Feedback, colour: str | None = None) -> None:
        colour = colour or (GOOD if fb.correct else BAD)
        self.feedback.value = element("span", fb.text, style=f"color:{colour}")

    @property
    def explanation(self) -> str:
        return self.model.explanation

    @property
    def prompt(self) -> str:
        return self.model.prompt

    @property
    def result(self) -> Feedback | None:
        """The feedback on the last attempt (None before one)."""
        return self.model.result

    def lines(self) -> tuple[str, ...]:
        return self.model.lines()

    def answer_text(self) -> str:
        return self.model.answer_text()

    def check(self, answer: Any) -> Feedback:
        """Mark ``answer``; nothing on screen changes."""
        return self.model.check(answer)

    def show_answer(self) -> Feedback:
        fb = self.model.reveal()
        self._show(fb, NEUTRAL)
        return fb

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class NumericQuestion(_Question):
    """A numeric question: correct when |answer - expected| <= tolerance, in ``unit`` (see
    :class:`~analgesia.panels.quiz.NumericQuestionModel`)."""

    def __init__(self, prompt: str, expected: float, tolerance: float, unit: str,
                 explanation: str, hook: str = "an-quiz"):
        self.model = NumericQuestionModel(prompt, expected, tolerance, unit, explanation)
        self.expected, self.tolerance, self.unit = expected, tolerance, unit
        self.answer = css(w.Text(description=TEXT["answer_label"], style=STYLE,
                                 placeholder=TEXT("placeholder", unit=unit),
                                 continuous_update=False,
                                 layout=w.Layout(width="auto", max_width="32em",
                                                 flex_flow="row wrap")), "an-quiz-answer")
        buttons = self._buttons()
        self._quiet = False
        self.answer.observe(lambda _c: None if self._quiet else self.attempt(), names="value")
        self.widget = css(w.VBox([fit_style(), w.HTML(element("b", prompt)),
                                  w.HBox([self.answer, buttons],
                                         layout=w.Layout(flex_flow="row wrap")),
                                  self.feedback]), "an-quiz", hook)

    def attempt(self) -> Feedback:
        """Check what the box holds and show the feedback (nothing when the box is empty)."""
        self.model.set(answer=str(self.answer.value))
        fb = self.model.result
        if fb is None:
            self.feedback.value = ""
            return Feedback(False, "")
        self._show(fb)
        return fb

    def reset(self) -> bool:
        """Empty the box and the feedback: the question as a learner first sees it."""
        self._quiet = True
        try:
            self.answer.value = ""
        finally:
            self._quiet = False
        self.feedback.value = ""
        return self.model.reset()


class ChoiceQuestion(_Question):
    """A multiple-choice question with one right option."""

    def __init__(self, prompt: str, options: list[str], answer: int, explanation: str,
                 hook: str = "an-quiz"):
        self.model = ChoiceQuestionModel(prompt, options, answer, explanation)
        self.options, self.right = options, answer
        self.choice = css(w.RadioButtons(options=options, value=None, layout=w.Layout(
            width="auto")), "an-quiz-choice")
        buttons = self._buttons()
        self.widget = css(w.VBox([fit_style(), w.HTML(element("b", prompt)), self.choice,
                                  buttons, self.feedback]), "an-quiz", hook)

    def attempt(self) -> Feedback:
        self.model.set(choice=self.choice.value)
        fb = self.model.result or self.model.check(None)  # nothing chosen: say so
        self._show(fb)
        return fb

    def reset(self) -> bool:
        """No option chosen, no feedback."""
        self.choice.value = None
        self.feedback.value = ""
        return self.model.reset()


__all__ = ["ChoiceQuestion", "Feedback", "NumericQuestion"]
