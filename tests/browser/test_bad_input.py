"""Bad typing in every text box of every panel, in app mode (Voila + Debian's Chromium).

Issue 9: typed as a new user would, ``1,5 mg/h`` became a background of 15 mg/h and reached the
printable order sheet. Here each text box of each panel (converter 03, pump 04, titration 05,
drug levels 06, rotation 07, practice 10) receives, one after the other, a decimal comma
(``1,5``, ``0,5``), a count with a fraction and a unit of its own (``2.5 patches``), an
expression (``9**9**9``), markup (``<b>x</b>``) and an empty box. For each:

- the panel shows a clear message in its message line (the field named, "is not allowed",
  what to type instead), and the markup is shown as text, never rendered;
- nothing else in the panel changes, in particular the pump's order sheet: it can never show a
  value the panel refused;
- typing the box's first value again clears the message.

An empty box is a valid answer in some boxes (no hour limit, eGFR not known, NRS not
recorded, no presses, a practice field not answered): there the panel shows no error, which
the test checks instead. Run this file alone:

    .venv/bin/python -m pytest tests/browser/test_bad_input.py
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from analgesia.widgets._base import TEXT as BASE_TEXT

from .conftest import open_notebook

PREFIX = BASE_TEXT["error_prefix"].strip()
BAD_VALUES = ("1,5", "0,5", "2.5 patches", "9**9**9", "<b>x</b>", "")


@dataclass(frozen=True)
class Panel:
    name: str
    notebook: str
    hook: str  # the panel's CSS class
    optional: tuple[str, ...] = ()  # boxes (CSS hooks) where an empty value is a valid answer
    practice: bool = False


PANELS = [
    Panel("converter", "03_converting_doses.ipynb", "an-converter"),
    Panel("pump", "04_programming_the_pump.ipynb", "an-pump",
          optional=("an-pump-hour-limit", "an-pump-daily-dose", "an-pump-egfr",
                    "an-pump-age", "an-pump-four-hour-limit", "an-pump-loading-dose")),
    Panel("titration", "05_titration_days.ipynb", "an-titration",
          optional=tuple(f"an-titration-nrs-{d}" for d in range(1, 8))),
    Panel("drug-levels", "06_drug_levels.ipynb", "an-levels",
          optional=("an-levels-hour-limit", "an-levels-presses")),
    Panel("rotation", "07_rotating_to_fentanyl.ipynb", "an-rotation"),
    Panel("practice", "10_practice.ipynb", "an-practice", practice=True),
]


# A first answer per practice field (the panel's own placeholders: examples, not solutions).
PRACTICE_EXAMPLES = {"daily_dose": "6 mg/day", "background": "0.25 mg/h", "bolus": "0.25 mg",
                     "lockout": "15 min", "hour_limit": "1 mg/h", "rescue": "20 mg",
                     "background_delay": "12 h"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _boxes(page, hook: str) -> list[str]:
    """The CSS hook of each visible text box in the panel (``an-pump-bolus``, ...)."""
    return page.evaluate(
        """(hook) => [...document.querySelectorAll('.' + hook + ' .an-input')]
            .filter(el => el.querySelector('input[type="text"]') && el.offsetParent !== null)
            .map(el => [...el.classList].find(c => c.startsWith('an-') && c !== 'an-input'))
            .filter(c => !!c)""", hook)


def _rest_of_panel(page, hook: str) -> str:
    """Everything the panel shows except its message line and the input boxes' own text."""
    return page.evaluate(
        "(hook) => [...document.querySelector('.' + hook).children]"
        ".filter(c => !c.classList.contains('an-message'))"
        ".map(c => c.innerText).join('\\n')", hook)


def _settled(page, hook: str, timeout_ms: int = 4000) -> str:
    last = _rest_of_panel(page, hook)
    for _ in range(timeout_ms // 250):
        page.wait_for_timeout(250)
        now = _rest_of_panel(page, hook)
        if now == last:
            return now
        last = now
    return last


def _message(page, hook: str) -> str:
    return _squash(page.inner_text(f".{hook} > .an-message"))


def _message_html(page, hook: str) -> str:
    return page.inner_html(f".{hook} > .an-message")


def _type(page, hook: str, box: str, value: str) -> None:
    field = page.locator(f".{hook} .{box} input").first
    field.click()
    field.fill(value)
    field.press("Enter")


def _value(page, hook: str, box: str) -> str:
    return page.locator(f".{hook} .{box} input").first.input_value()


def _error_shown(page, hook: str, timeout: float) -> bool:
    try:
        page.wait_for_selector(f".{hook} > .an-message .an-error", state="visible",
                               timeout=timeout)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: no error shown
        return False
    return True


def _clear(page, hook: str) -> None:
    page.wait_for_function(
        "(hook) => document.querySelector('.' + hook + ' > .an-message').innerText.trim() === ''",
        arg=hook, timeout=15_000)


def _back_to(page, hook: str, before: str, timeout_ms: int = 20_000) -> None:
    """The panel shows ``before`` again (a recomputation may take a moment)."""
    now = _rest_of_panel(page, hook)
    for _ in range(timeout_ms // 250):
        if now == before:
            return
        page.wait_for_timeout(250)
        now = _rest_of_panel(page, hook)
    assert now == before


@pytest.fixture(scope="module", params=PANELS, ids=lambda p: p.name)
def opened(request, browser, voila_url):
    panel: Panel = request.param
    page = browser.new_page()
    open_notebook(page, voila_url, panel.notebook, f".{panel.hook} .an-input input")
    page.locator(f".{panel.hook}").scroll_into_view_if_needed()
    if panel.practice:  # answer boxes start empty: give each a first answer of its kind
        for box in _boxes(page, panel.hook):
            if not _value(page, panel.hook, box):
                field = box.removeprefix("an-practice-").replace("-", "_")
                _type(page, panel.hook, box, PRACTICE_EXAMPLES.get(field, "1 mg"))
    yield panel, page
    page.close()


def test_every_text_box_refuses_bad_typing_and_changes_nothing_else(opened, tmp_path):
    panel, page = opened
    boxes = _boxes(page, panel.hook)
    assert boxes, f"no text box found in the {panel.name} panel"
    checked = 0
    for box in boxes:
        first = _value(page, panel.hook, box)
        _type(page, panel.hook, box, first)
        if _error_shown(page, panel.hook, 1500):
            continue  # the notebook left this box in a bad state on purpose: skip it
        before = _settled(page, panel.hook)
        for value in BAD_VALUES:
            _type(page, panel.hook, box, value)
            if value == "" and (box in panel.optional or panel.practice):
                # an empty box means "none" / "not answered" here: no error message
                page.wait_for_timeout(500)
                assert PREFIX not in _message(page, panel.hook), (box, _message(page, panel.hook))
            else:
                assert _error_shown(page, panel.hook, 15_000), (
                    f"{panel.name}: {box} accepted {value!r} without a message")
                message = _message(page, panel.hook)
                assert "is not allowed" in message and "expected" in message, message
                assert "<b>" not in _message_html(page, panel.hook).replace("&lt;b&gt;", ""), (
                    "markup typed into a box was rendered")
                if value in ("1,5", "0,5"):
                    assert "point" in message, message  # says how to write the decimal
                assert _settled(page, panel.hook) == before, (
                    f"{panel.name}: {box} = {value!r} changed the rest of the panel")
                if panel.name == "pump":  # the order sheet never shows a refused value
                    sheet = page.inner_text(f".{panel.hook} .an-pump-order") if page.locator(
                        f".{panel.hook} .an-pump-order").count() else ""
                    assert value not in ("1,5", "0,5") or value not in sheet
            checked += 1
        _type(page, panel.hook, box, first)
        _clear(page, panel.hook)
        _back_to(page, panel.hook, before)
    page.locator(f".{panel.hook}").screenshot(path=str(tmp_path / f"{panel.name}.png"))
    assert checked >= len(BAD_VALUES)
