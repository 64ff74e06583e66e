"""Presenter mode's toggle: off by default, on puts the large-text rules on the page, off takes
them away; the rules only size text (no script, nothing evaluated)."""

from __future__ import annotations

import re

from analgesia.widgets.presenter import LARGE, TEXT, PresenterToggle, large_text_css


def test_off_by_default_and_labelled_in_words():
    t = PresenterToggle()
    assert t.large is False
    assert t.style.value == ""
    assert t.button.description == "Large text for projectors"
    assert "an-presenter-toggle" in t.button._dom_classes
    assert "an-presenter" in t.widget._dom_classes


def test_toggle_on_adds_the_rules_and_off_removes_them():
    t = PresenterToggle()
    t.button.value = True  # what a click does
    assert t.large
    assert t.style.value == large_text_css()
    assert TEXT["on"] in t.note.value
    t.large = False
    assert t.style.value == "" and t.note.value == ""


def test_rules_size_text_for_a_projector():
    rules = large_text_css()
    assert rules.startswith("<style") and rules.endswith("</style>")
    assert f"--jp-widgets-font-size: {LARGE['text']}px" in rules
    assert ".an-panel" in rules
    assert "<script" not in rules and "javascript:" not in rules
    # 20 px text: the body text of a 1280x720 projector at about 1.5x the 13-14 px default
    assert 18 <= LARGE["text"] <= 24
    assert re.findall(r"font-size: (\d+)px", rules)


def test_custom_sizes():
    assert "font-size: 24px" in large_text_css({"text": 24})


def test_starting_large():
    assert PresenterToggle(large=True).style.value == large_text_css()
