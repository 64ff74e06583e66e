"""Check-yourself questions: right within the tolerance, explained after any attempt."""

import pytest

from analgesia.widgets import ChoiceQuestion, NumericQuestion


def day1_question():
    # 0.55 mg/h x 24 h + 3 x 0.65 mg = 13.2 + 1.95 = 15.15 mg (the paper's day 1 total)
    return NumericQuestion("Day 1 total?", expected=15.15, tolerance=0.01, unit="mg",
                           explanation="0.55 x 24 + 0.65 x 3 = 15.15 mg")


@pytest.mark.parametrize("answer, right", [("15.15", True), ("15.155", True), ("15.2", False),
                                           ("13.2", False), (15.15, True)])
def test_numeric_within_tolerance(answer, right):
    fb = day1_question().check(answer)
    assert fb.correct is right
    assert fb.text.endswith("0.55 x 24 + 0.65 x 3 = 15.15 mg")  # explained either way


@pytest.mark.parametrize("answer", ["", "abc", "15.15 mg", "nan", "inf"])
def test_numeric_not_a_number_asks_for_one(answer):
    fb = day1_question().check(answer)
    assert not fb.correct and "Type a number" in fb.text


def test_numeric_typing_shows_coloured_feedback():
    q = day1_question()
    q.answer.value = "15.15"
    assert "Right." in q.feedback.value and "#1b5e20" in q.feedback.value
    q.answer.value = "30.3"  # the volume in mL, not the dose
    assert "Not quite." in q.feedback.value and "#b00020" in q.feedback.value


def test_choice_by_index_or_text():
    q = ChoiceQuestion("Dimethicone is", ["an antidiarrhoeal", "an antifoaming agent"], 1,
                       "It breaks up gas bubbles.")
    assert q.check(1).correct and q.check("an antifoaming agent").correct
    assert not q.check(0).correct and not q.check("something else").correct
    assert not q.check(None).correct and "Choose" in q.check(None).text
    q.choice.value = "an antidiarrhoeal"
    q.button.click()
    assert "Not quite." in q.feedback.value


def test_choice_answer_out_of_range_is_refused():
    with pytest.raises(ValueError, match="answer"):
        ChoiceQuestion("?", ["a", "b"], 2, "")
