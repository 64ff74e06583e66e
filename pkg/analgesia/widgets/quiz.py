"""Check-yourself questions that work offline in JupyterLab and Voila: plain ipywidgets.

``NumericQuestion`` accepts an answer within a tolerance, typed as a number (read in the
question's unit) or with its unit ("1.1 mL/h", "75 mcg/h", "3600 mcg"), read by the package's
dose grammar (:func:`analgesia.units.parse_dose`) and converted to the question's unit; a unit
of another kind ("1.1 mg/h" for a rate in mL/h) is named, never silently reinterpreted.
``ChoiceQuestion`` accepts one option.

A question opens empty: no answer, no feedback. The explanation (which holds the answer)
appears only after an attempt, or when the learner presses "Show answer". ``check(answer)``
is the testable core and changes nothing on screen; ``reset()`` empties the question again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import ipywidgets as w

from ..markup import element
from ..units import InputError, parse_dose, parse_unit, to
from ._base import STYLE, button, css, fit_style

TEXT = {
    "check": "Check",
    "show": "Show answer",
    "answer_label": "Your answer",
    "placeholder": "a number, or with its unit: {unit}",
    "right": "Right. ",
    "wrong": "Not quite. ",
    "answer": "Answer: {answer}. ",
    "not_number": "Type a number, or a number with its unit ({unit}).",
    "wrong_unit": "{given} is not in {unit}: type the answer in {unit} or a unit of the same "
                  "kind.",
    "choose": "Choose an answer first.",
}
GOOD, BAD, NEUTRAL = "#1b5e20", "#b00020", "#333"


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str


def _number(x: float) -> str:
    return f"{x:.6g}"


class _Question:
    """What both kinds share: the buttons, coloured feedback, reset and display."""

    feedback: w.HTML
    widget: w.VBox
    explanation: str

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

    def answer_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def attempt(self) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def show_answer(self) -> Feedback:
        fb = Feedback(False, TEXT["answer"].format(answer=self.answer_text()) + self.explanation)
        self._show(fb, NEUTRAL)
        return fb

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class NumericQuestion(_Question):
    """A numeric question: correct when |answer - expected| <= tolerance, in ``unit``.

    ``unit`` is read by the dose grammar when it can be ("mg/day", "mL/h", "%", "weeks");
    otherwise (a count such as "steps") the answer is a number, optionally followed by that
    word.
    """

    def __init__(self, prompt: str, expected: float, tolerance: float, unit: str,
                 explanation: str, hook: str = "an-quiz"):
        self.prompt, self.expected, self.tolerance = prompt, expected, tolerance
        self.unit, self.explanation = unit, explanation
        try:
            self._unit = parse_unit(unit, field="unit")
        except InputError:
            self._unit = None  # a count word: "steps"
        self.answer = css(w.Text(description=TEXT["answer_label"], style=STYLE,
                                 placeholder=TEXT["placeholder"].format(unit=unit),
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

    def answer_text(self) -> str:
        return f"{_number(self.expected)} {self.unit}"

    def _read(self, answer: str | float) -> float:
        """The answer as a number in the question's unit; InputError when it is not one."""
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            value = float(answer)
        else:
            text = str(answer).strip()
            if self._unit is None:
                word = re.escape(self.unit.rstrip("s"))
                m = re.fullmatch(rf"(.*?)\s*(?:{word}s?)?", text, flags=re.IGNORECASE)
                text = m.group(1) if m else text
            q = parse_dose(text, field="answer")
            if self._unit is None or str(q.units) == "dimensionless":
                if str(q.units) != "dimensionless":
                    raise InputError("answer", text, self.unit)
                value = float(q.magnitude)
            else:
                value = float(to(q, self.unit, field="answer").magnitude)
        if not math.isfinite(value):
            raise InputError("answer", answer, "a finite number")
        return value

    def check(self, answer: str | float) -> Feedback:
        try:
            value = self._read(answer)
        except InputError as exc:
            text = str(answer).strip()
            if not text:
                return Feedback(False, TEXT["not_number"].format(unit=self.unit))
            if exc.allowed.startswith("a quantity in"):
                return Feedback(False, TEXT["wrong_unit"].format(given=text, unit=self.unit))
            return Feedback(False, str(exc))  # the grammar's own advice ("write 1.5")
        ok = abs(value - self.expected) <= self.tolerance * (1 + 1e-9)
        return Feedback(ok, (TEXT["right"] if ok else TEXT["wrong"]) + self.explanation)

    def attempt(self) -> Feedback:
        """Check what the box holds and show the feedback (nothing when the box is empty)."""
        if not str(self.answer.value).strip():
            self.feedback.value = ""
            return Feedback(False, "")
        fb = self.check(self.answer.value)
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
        return True


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
        buttons = self._buttons()
        self.widget = css(w.VBox([fit_style(), w.HTML(element("b", prompt)), self.choice,
                                  buttons, self.feedback]), "an-quiz", hook)

    def answer_text(self) -> str:
        return self.options[self.right]

    def check(self, option: str | int | None) -> Feedback:
        if option is None:
            return Feedback(False, TEXT["choose"])
        index = option if isinstance(option, int) else (
            self.options.index(option) if option in self.options else -1)
        ok = index == self.right
        return Feedback(ok, (TEXT["right"] if ok else TEXT["wrong"]) + self.explanation)

    def attempt(self) -> Feedback:
        fb = self.check(self.choice.value)
        self._show(fb)
        return fb

    def reset(self) -> bool:
        """No option chosen, no feedback."""
        self.choice.value = None
        self.feedback.value = ""
        return True
