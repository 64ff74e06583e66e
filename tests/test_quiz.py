"""Check-yourself questions: right within the tolerance, a unit read by the dose grammar, open
empty, explained only after an attempt or on "Show answer"."""

import pytest

from analgesia.widgets import ChoiceQuestion, NumericQuestion


def day1_question():
    # 0.55 mg/h x 24 h + 3 x 0.65 mg = 13.2 + 1.95 = 15.15 mg (the paper's day 1 total)
    return NumericQuestion("Day 1 total?", expected=15.15, tolerance=0.01, unit="mg",
                           explanation="0.55 x 24 + 0.65 x 3 = 15.15 mg")


@pytest.mark.parametrize("answer, right", [("15.15", True), ("15.155", True), ("15.2", False),
                                           ("13.2", False), (15.15, True),
                                           ("15.15 mg", True), ("15150 mcg", True),
                                           ("0.01515 g", True), ("15.15mg", True),
                                           ("15.2 mg", False)])
def test_numeric_within_tolerance_with_or_without_its_unit(answer, right):
    fb = day1_question().check(answer)
    assert fb.correct is right
    assert fb.text.endswith("0.55 x 24 + 0.65 x 3 = 15.15 mg")  # explained either way


@pytest.mark.parametrize("answer, unit, expected, tolerance", [
    # the examples: 0.55 mg/h / 0.5 mg/mL = 1.1 mL/h; 9 / 3 x 25 = 75 mcg/h
    ("1.1 mL/h", "mL/h", 1.1, 0.005), ("75 mcg/h", "mcg/h", 75, 0.5),
    ("0.075 mg/h", "mcg/h", 75, 0.5),  # 0.075 mg = 75 mcg
    ("26.4 mL/day", "mL/h", 1.1, 0.005),  # 26.4 / 24 = 1.1
    ("21 days", "weeks", 3, 0.05),  # 21 / 7 = 3
    ("83%", "%", 83, 1), ("83 %", "%", 83, 1),
    ("5 steps", "steps", 5, 0), ("5", "steps", 5, 0), ("4 patches", "patches", 4, 0.01),
])
def test_numeric_accepts_a_value_with_its_unit(answer, unit, expected, tolerance):
    q = NumericQuestion("?", expected=expected, tolerance=tolerance, unit=unit, explanation="x")
    assert q.check(answer).correct


@pytest.mark.parametrize("answer", ["1.1 mg/h", "1.1 mL", "1.1 h"])
def test_numeric_names_a_unit_of_the_wrong_kind(answer):
    q = NumericQuestion("?", expected=1.1, tolerance=0.005, unit="mL/h", explanation="x")
    fb = q.check(answer)
    assert not fb.correct and "not in mL/h" in fb.text and answer in fb.text


@pytest.mark.parametrize("answer", ["", "abc", "nan", "inf", "9**9", "1,5", "__import__('os')"])
def test_numeric_not_a_number_asks_for_one(answer):
    fb = day1_question().check(answer)
    assert not fb.correct
    assert "Right" not in fb.text and "15.15 mg" not in fb.text  # no answer given away


def test_numeric_opens_empty_and_explains_only_after_an_attempt():
    q = day1_question()
    assert q.answer.value == "" and q.feedback.value == ""
    q.answer.value = "15.15 mg"
    assert "Right." in q.feedback.value and "#1b5e20" in q.feedback.value
    q.answer.value = "30.3"  # the volume in mL, not the dose
    assert "Not quite." in q.feedback.value and "#b00020" in q.feedback.value
    assert q.reset()
    assert q.answer.value == "" and q.feedback.value == ""


def test_show_answer_gives_the_value_and_the_working():
    q = day1_question()
    q.show_button.click()
    assert "Answer: 15.15 mg." in q.feedback.value and "0.55 x 24" in q.feedback.value
    assert "Right" not in q.feedback.value


def test_choice_by_index_or_text():
    q = ChoiceQuestion("Dimethicone is", ["an antidiarrhoeal", "an antifoaming agent"], 1,
                       "It breaks up gas bubbles.")
    assert q.feedback.value == "" and q.choice.value is None
    assert q.check(1).correct and q.check("an antifoaming agent").correct
    assert not q.check(0).correct and not q.check("something else").correct
    assert not q.check(None).correct and "Choose" in q.check(None).text
    q.choice.value = "an antidiarrhoeal"
    q.button.click()
    assert "Not quite." in q.feedback.value
    q.show_button.click()
    assert "Answer: an antifoaming agent." in q.feedback.value
    assert q.reset() and q.choice.value is None and q.feedback.value == ""


def test_choice_answer_out_of_range_is_refused():
    with pytest.raises(ValueError, match="answer"):
        ChoiceQuestion("?", ["a", "b"], 2, "")


def test_the_question_models_mark_without_a_widget():
    from analgesia.panels.quiz import ChoiceQuestionModel, NumericQuestionModel

    # 0.55 mg/h / 0.5 mg/mL = 1.1 mL/h (by hand)
    q = NumericQuestionModel("Rate?", expected=1.1, tolerance=0.005, unit="mL/h",
                             explanation="0.55 / 0.5 = 1.1 mL/h")
    assert q.result is None and q.lines() == ()  # opens empty
    assert q.set(answer="1.1 mL/h") and q.result.correct
    assert q.set(answer="1.1 mg/h") and not q.result.correct and "not in mL/h" in q.result.text
    assert q.reveal().text.startswith("Answer: 1.1 mL/h.") and not q.reveal().correct
    assert q.reset() and q.result is None
    c = ChoiceQuestionModel("?", ["a", "b"], 1, "because")
    assert c.result is None
    assert c.set(choice="b") and c.result.correct and c.lines() == ("Right. because",)
