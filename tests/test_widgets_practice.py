"""PracticePanel: answers are compared as they are typed, bad values show the core's message and
change nothing else, the worked solution and the order sheet appear on request."""

from __future__ import annotations

import pytest

import analgesia as an
from analgesia.widgets.practice_panel import PracticePanel


@pytest.fixture
def panel():
    return PracticePanel(case_id="oxycodone-to-pca")


def test_only_the_fields_the_case_asks_for_are_shown(panel):
    shown = {f for f, box in panel.inputs.items() if box.layout.display != "none"}
    assert shown == {"daily_dose", "background", "bolus", "lockout", "hour_limit"}
    panel.case.value = "pump-to-oral"
    shown = {f for f, box in panel.inputs.items() if box.layout.display != "none"}
    assert shown == {"daily_dose", "rescue"}


def test_controls_are_labelled_with_units_and_css_hooks(panel):
    assert panel.inputs["background"].description == "Background (mg/h)"
    assert "an-practice-background" in panel.inputs["background"]._dom_classes
    assert "an-practice-case" in panel.case._dom_classes
    assert "an-practice" in panel.widget._dom_classes


def test_an_answer_is_compared_with_its_size(panel):
    # hand: 160 mg/day oxycodone x 1.5 = 240; x 0.5-0.75 = 120-180; / 20 = 6-9 mg/day
    panel.inputs["daily_dose"].value = "12 mg/day"
    line = [x for x in panel.lines() if x.startswith("daily dose")][0]
    assert "3 mg/day (33.3%) above the worked range 6-9 mg/day" in line
    panel.inputs["daily_dose"].value = "7 mg/day"
    line = [x for x in panel.lines() if x.startswith("daily dose")][0]
    assert "within the worked range 6-9 mg/day" in line


def test_a_bad_value_shows_the_message_and_changes_nothing_else(panel):
    panel.inputs["bolus"].value = "0.25 mg"
    before = panel.differences.value
    panel.inputs["bolus"].value = "0.25 mL"
    assert "bolus" in panel.message.value and "mg" in panel.message.value
    assert panel.differences.value == before
    panel.inputs["bolus"].value = "0.3 mg"
    assert panel.message.value == ""


def test_drug_choice_is_compared(panel):
    panel.case.value = "renal-impairment"
    panel.drug.value = "morphine"
    assert "drug: yours 'morphine', worked answer 'fentanyl'" in panel.lines()


def test_reveal_shows_the_reasoning_and_the_spread(panel):
    panel.case.value = "pump-to-oral"
    panel.reveal_button.click()
    assert "14 mg/day x 20 = 280 mg/day oral morphine" in panel.solution.value
    assert "reddy-2017 (from intravenous) -&gt; morphine oral: 160.44 mg/day" in \
        panel.solution.value


def test_new_case_clears_answers_and_solution(panel):
    panel.inputs["daily_dose"].value = "7 mg/day"
    panel.reveal()
    panel.case.value = "elderly-frail"
    assert panel.inputs["daily_dose"].value == ""
    assert panel.solution.value == "" and panel.lines() == ()


def test_order_preview(panel):
    panel.order_button.click()
    # low end 6 mg/day: 0.25 mg/h = 0.5 mL/h at 0.5 mg/mL
    assert "0.25 mg/h" in panel.order.value and "0.5 mL/h" in panel.order.value
    assert "TEACHING EXAMPLE" in panel.order.value
    panel.case.value = "pump-to-oral"
    panel.preview_order()
    assert "No pump order" in panel.order.value


def test_worked_range_of_an_unanswered_field_shows_only_after_compare(panel):
    # hand: oxycodone 160 mg/day -> 6-9 mg/day subcut hydromorphone (as above)
    assert "6-9 mg/day" not in panel.differences.value
    panel.inputs["bolus"].value = "0.25 mg"
    daily = [x for x in panel.lines() if x.startswith("daily dose")][0]
    assert daily == "daily dose: not answered yet"
    assert "6-9 mg/day" not in panel.differences.value
    panel.compare_button.click()
    daily = [x for x in panel.lines() if x.startswith("daily dose")][0]
    assert "not answered (worked range 6-9 mg/day)" in daily
    assert panel.reset() and not panel.submitted
    panel.case.value = "pump-to-oral"
    assert not panel.submitted


def test_order_preview_has_a_print_button_for_the_frame_alone(panel):
    panel.order_button.click()
    assert 'class="an-practice-order-print an-print"' in panel.order.value
    assert "contentWindow.print()" in panel.order.value
    assert "allow-scripts" not in panel.order.value  # nothing inside the sheet can run


def test_a_folder_with_no_case_that_loads_is_an_input_error_naming_the_files(tmp_path):
    (tmp_path / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(an.InputError, match="folder") as exc:
        PracticePanel(tmp_path)
    assert "broken.yaml" in str(exc.value)


def test_an_unknown_case_id_is_an_input_error_listing_the_cases():
    with pytest.raises(an.InputError, match="case") as exc:
        PracticePanel(case_id="99_nobody")
    assert "opioid-naive" in str(exc.value)  # the id of 01_opioid_naive.yaml


def test_the_model_compares_without_a_widget():
    # hand: oxycodone 160 mg/day x 1.5 = 240 mg/day OME; x 0.5-0.75 = 120-180; / 20 = 6-9 mg/day
    from analgesia.panels.practice import PracticeModel

    m = PracticeModel(case_id="oxycodone-to-pca")
    assert m.result is None and m.lines() == ()  # nothing compared before an answer
    assert m.set(daily_dose="12 mg/day")
    daily = [x for x in m.lines() if x.startswith("daily dose")][0]
    assert "3 mg/day (33.3%) above the worked range 6-9 mg/day" in daily
    assert "background: not answered yet" in m.lines()
    assert not m.set(bolus="0.25 mL") and "bolus" in m.error
    assert m.submit() is False  # the bad bolus stays; the last good comparison is kept
    assert m.set(bolus="0.25 mg") and any("worked range" in x for x in m.lines()
                                          if x.startswith("background"))
    m.choose("pump-to-oral")
    assert m.result is None and m.inputs["daily_dose"] == "" and not m.inputs["submitted"]
    assert any("14 mg/day x 20 = 280 mg/day oral morphine" in x for x in m.solution_lines())
    assert m.order_page() is None  # this patient leaves the pump


def test_a_notebook_reads_one_field_by_name(panel):
    panel.inputs["daily_dose"].value = "7 mg/day"
    assert panel.result.line("hour_limit") == "hour limit: not answered yet"
    assert "within the worked range 6-9 mg/day" in panel.result.line("daily_dose")
    with pytest.raises(an.InputError, match="field"):
        panel.result.line("rescue")  # this case does not ask for a rescue dose
