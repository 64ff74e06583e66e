"""Check-yourself questions, widget-free: the question, the rule that marks an answer, and the
feedback (right or not, with the explanation).

``NumericQuestionModel`` accepts an answer within a tolerance, typed as a number (read in the
question's unit) or with its unit ("1.1 mL/h", "75 mcg/h", "3600 mcg"), read by the package's
dose grammar (:func:`analgesia.units.parse_dose`) and converted to the question's unit; a unit
of another kind ("1.1 mg/h" for a rate in mL/h) is named, never silently reinterpreted.
``ChoiceQuestionModel`` accepts one option.

Input by name: ``answer`` (the text typed) or ``choice`` (the option chosen, or ``None``); the
result is the :class:`Feedback` on it (``None`` while the box is empty). ``check(answer)``
marks any answer and changes nothing; ``reveal()`` is the answer with its explanation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

from .. import words
from ..units import InputError, parse_dose, parse_unit, to
from .model import PanelModel, blank

TEXT = words.catalogue("quiz", {
    "right": "Right. ",
    "wrong": "Not quite. ",
    "answer": "Answer: {answer}. ",
    "not_number": "Type a number, or a number with its unit ({unit}).",
    "wrong_unit": "{given} is not in {unit}: type the answer in {unit} or a unit of the same "
                  "kind.",
    "choose": "Choose an answer first.",
    "numeric_answer": "{value} {unit}",
    "text_allowed": "text",
    "number_allowed": "a finite number",
    "tolerance_allowed": "a finite number, 0 or more",
    "options_allowed": "a list of at least two texts",
    "index_allowed": "the number of an option, 0 to {last}",
})


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InputError(field, type(value).__name__, TEXT["text_allowed"])
    return value


def _finite(value: Any, field: str, allowed: str = TEXT["number_allowed"]) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise InputError(field, value if isinstance(value, Real) else type(value).__name__,
                         allowed)
    return value


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str

    def lines(self) -> tuple[str, ...]:
        return (self.text,) if self.text else ()


def _number(x: float) -> str:
    return f"{x:.6g}"


class _QuestionModel(PanelModel[Feedback | None]):
    explanation: str

    def answer_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def marked(self, correct: bool) -> Feedback:
        return Feedback(correct, (TEXT["right"] if correct else TEXT["wrong"]) + self.explanation)

    def reveal(self) -> Feedback:
        """The answer and its explanation (not an attempt: never marked right)."""
        return Feedback(False, TEXT("answer", answer=self.answer_text()) + self.explanation)

    def result_lines(self, result: Feedback | None) -> tuple[str, ...]:
        return () if result is None else result.lines()


class NumericQuestionModel(_QuestionModel):
    """A numeric question: correct when |answer - expected| <= tolerance, in ``unit``.

    ``unit`` is read by the dose grammar when it can be ("mg/day", "mL/h", "%", "weeks");
    otherwise (a count such as "steps") the answer is a number, optionally followed by that
    word.
    """

    def __init__(self, prompt: str, expected: float, tolerance: float, unit: str,
                 explanation: str) -> None:
        self.prompt, self.explanation = _text(prompt, "prompt"), _text(explanation, "explanation")
        self.unit = _text(unit, "unit")
        self.expected = _finite(expected, "expected")
        self.tolerance = _finite(tolerance, "tolerance", TEXT["tolerance_allowed"])
        if self.tolerance < 0:
            raise InputError("tolerance", tolerance, TEXT["tolerance_allowed"])
        try:
            self._unit = parse_unit(unit, field="unit")
        except InputError:
            self._unit = None  # a count word: "steps"
        super().__init__()

    def defaults(self) -> dict[str, str]:
        return {"answer": ""}

    def compute(self) -> Feedback | None:
        answer = self.inputs["answer"]
        return None if blank(answer) else self.check(answer)

    def answer_text(self) -> str:
        return TEXT("numeric_answer", value=_number(self.expected), unit=self.unit)

    def read(self, answer: str | float) -> float:
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
                if q.dimensionality != self._unit.dimensionality:
                    wrong = InputError("answer", text, self.unit)
                    wrong.wrong_unit = True  # check() answers in words, in any language
                    raise wrong
                value = float(to(q, self.unit, field="answer").magnitude)
        if not math.isfinite(value):
            raise InputError("answer", answer, TEXT["number_allowed"])
        return value

    def check(self, answer: str | float) -> Feedback:
        try:
            value = self.read(answer)
        except InputError as exc:
            text = str(answer).strip()
            if not text:
                return Feedback(False, TEXT("not_number", unit=self.unit))
            if getattr(exc, "wrong_unit", False):
                return Feedback(False, TEXT("wrong_unit", given=text, unit=self.unit))
            return Feedback(False, str(exc))  # the grammar's own advice ("write 1.5")
        return self.marked(abs(value - self.expected) <= self.tolerance * (1 + 1e-9))


class ChoiceQuestionModel(_QuestionModel):
    """A multiple-choice question with one right option."""

    def __init__(self, prompt: str, options: list[str], answer: int, explanation: str) -> None:
        if not isinstance(options, list | tuple) or len(options) < 2:
            raise InputError("options", type(options).__name__, TEXT["options_allowed"])
        options = [_text(o, "options") for o in options]
        last = len(options) - 1
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= last:
            raise InputError("answer", answer if isinstance(answer, int) else
                             type(answer).__name__, TEXT("index_allowed", last=last))
        self.prompt, self.options = _text(prompt, "prompt"), options
        self.right, self.explanation = answer, _text(explanation, "explanation")
        super().__init__()

    def defaults(self) -> dict[str, Any]:
        return {"choice": None}

    def compute(self) -> Feedback | None:
        choice = self.inputs["choice"]
        return None if choice is None else self.check(choice)

    def answer_text(self) -> str:
        return self.options[self.right]

    def check(self, option: str | int | None) -> Feedback:
        if option is None:
            return Feedback(False, TEXT["choose"])
        index = option if isinstance(option, int) else (
            self.options.index(option) if option in self.options else -1)
        return self.marked(index == self.right)


__all__ = ["ChoiceQuestionModel", "Feedback", "NumericQuestionModel"]
