"""Every panel in app mode (Voila) in Debian's Chromium, used the way a person uses it.

For each panel: type a new value into a box and press Enter; the displayed result changes to
what the ``analgesia`` core computes for that value (computed here, in the test, by calling the
core, with the hand calculation written beside it). Then type bad input (negative, empty,
letters, huge): the core's message appears in the panel's message line and the rest of the
panel is unchanged. Each test saves a screenshot in its temporary folder.

The notebooks leave each panel in a known state (their headless callback cells set some
controls, the last one to a bad value); ``STATE`` below mirrors those cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analgesia import practice as pr
from analgesia import pump, titration
from analgesia.conversion_chain import chain
from analgesia.rotation import rotation_plan
from analgesia.widgets._base import TEXT as BASE_TEXT

from .conftest import open_notebook

ROOT = Path(__file__).resolve().parents[2]
PREFIX = BASE_TEXT["error_prefix"]
HUGE = "1000000000"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def core_error(call: Callable[[], object]) -> str | None:
    """The core's message for a bad value (None when the core accepts it)."""
    try:
        call()
    except ValueError as exc:
        return str(exc)
    return None


# --- what each panel should show, computed by the core ------------------------------------

# Every notebook puts its panel back to the case's values after its headless checks, so the
# app opens on those.
# 03_converting_doses: the case's table and cut (tang-2025), NRS 6.
CONVERTER = {"table": "tang-2025", "reduction": "tang-2025", "nrs": 6}


def converter_answer(dose: str) -> str:
    c = CONVERTER
    out = chain([("morphine", "oral", dose)], ("hydromorphone", "subcutaneous"), nrs=c["nrs"],
                table=c["table"], titration="nccn", cut=c["reduction"])
    return "Result: " + out.answer


def converter_error(dose: str) -> str | None:
    return core_error(lambda: converter_answer(dose))


# 04_programming_the_pump: the Tang reservoir (100 mg in 100 mL + 100 mL = 0.5 mg/mL).
def pump_bolus_line(bolus: str) -> str:
    reservoir = pump.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="100 mL",
                               diluent_volume="100 mL")
    settings = pump.PcaSettings(background="0.55 mg/h", bolus=bolus, lockout="15 min",
                                hour_limit=None, drug="hydromorphone",
                                route="subcutaneous")
    return next(x for x in settings.describe(reservoir) if x.startswith("bolus"))


def pump_error(bolus: str) -> str | None:
    return core_error(lambda: pump_bolus_line(bolus))


# 05_titration_days: the case's days; the test types into day 5's boluses box.
def titration_days(day5: str):
    days = []
    for d in titration.case_days():
        boluses, nrs = d.boluses_text, "" if d.nrs is None else str(d.nrs)
        if d.day == 5:
            boluses = day5
        days.append(titration.TitrationDay(day=d.day, boluses=boluses, nrs=nrs,
                                           breakthrough=d.breakthrough))
    return days


def titration_row(day5: str) -> str:
    log = titration.titration_log(titration.case_settings(), titration_days(day5),
                                  titration.case_reservoir())
    row = next(d for d in log.days if d.day.day == 5)
    return f"5 {row.day.boluses_text} - {row.total.fmt()} {row.volume.fmt()}"


def titration_error(day5: str) -> str | None:
    return core_error(lambda: titration_row(day5))


# 07_rotating_to_fentanyl: the paper's own ratio (tang-2025) and cut.
def rotation_rate(dose: str) -> str:
    plan = rotation_plan(dose, "tang-2025", "tang-2025", "25 mcg/h", 5, "Duragesic",
                         "0.55 mg/h")
    return " ".join(plan.lines["rate"])


def rotation_error(dose: str) -> str | None:
    return core_error(lambda: rotation_rate(dose))


# 10_practice: case severe-pain-nrs8, daily dose "8 mg/day" (then a bolus in mL, refused).
PRACTICE_CASE = "severe-pain-nrs8"


def practice_lines(bolus: str) -> str:
    case = pr.load_cases().get(PRACTICE_CASE)
    answer = {"bolus": bolus} if bolus.strip() else {}
    # before "Compare", a field not answered shows no worked range (issue 12)
    return " ".join(d.text if d.given else f"{pr.LABELS[d.field]}: not answered yet"
                    for d in pr.compare(case, answer))


def practice_error(bolus: str) -> str | None:
    return core_error(lambda: practice_lines(bolus))


# 06_drug_levels: the panel's starting presses (1 h, 1.1 h, 3 h) and the assumed 15 min
# absorption half-life; the test types into the time-span box. The summary is the package's
# own (a headless panel in the same state), with the hand calculation beside it.
def levels_panel(duration: str):
    from analgesia.widgets.drug_levels import DrugLevelPanel

    panel = DrugLevelPanel(figure=False)
    panel.duration.value = duration
    return panel


def levels_summary(duration: str) -> str:
    panel = levels_panel(duration)
    if panel.error:
        raise ValueError(panel.error)
    return " ".join(panel.lines())


def levels_error(duration: str) -> str | None:
    return levels_panel(duration).error or None


@dataclass(frozen=True)
class PanelCase:
    name: str
    notebook: str
    hook: str  # the panel's CSS class
    box: str  # the text box the test types into
    result: str  # the element whose text shows the result
    expected: Callable[[str], str]
    error: Callable[[str], str | None]
    good: tuple[str, str]
    bad: dict[str, str] = field(default_factory=dict)
    hand: dict[str, str] = field(default_factory=dict)  # value -> hand-calculated text


PANELS = [
    PanelCase("converter", "03_converting_doses.ipynb", "an-converter", ".an-converter-dose",
              ".an-converter-result", converter_answer, converter_error,
              ("300 mg/day", "120 mg/day"),
              {"negative": "-50 mg/day", "empty": "", "letters": "abc",
               "huge": f"{HUGE} mg/day"}),
    PanelCase("pump", "04_programming_the_pump.ipynb", "an-pump", ".an-pump-bolus",
              ".an-pump-display", pump_bolus_line, pump_error, ("0.8 mg", "0.5 mg"),
              {"negative": "-0.5 mg", "empty": "", "letters": "abc", "huge": f"{HUGE} mg"},
              # 0.8 mg / 0.5 mg/mL = 1.6 mL; 0.5 mg / 0.5 mg/mL = 1 mL
              {"0.8 mg": "bolus (PCA dose): 0.8 mg (1.6 mL)",
               "0.5 mg": "bolus (PCA dose): 0.5 mg (1 mL)"}),
    PanelCase("titration", "05_titration_days.ipynb", "an-titration",
              ".an-titration-boluses-5", ".an-titration-table", titration_row,
              titration_error, ("4", "0"),
              {"negative": "-1", "empty": "", "letters": "abc", "huge": HUGE},
              # background 0.55 mg/h x 24 h = 13.2 mg; + 4 x 0.65 mg = 15.8 mg (31.6 mL at
              # 0.5 mg/mL); with no bolus 13.2 mg (26.4 mL)
              {"4": "5 4 - 15.8 mg 31.6 mL", "0": "5 0 - 13.2 mg 26.4 mL"}),
    PanelCase("drug-levels", "06_drug_levels.ipynb", "an-levels", ".an-levels-duration",
              ".an-levels-summary", levels_summary, levels_error, ("24 h", "48 h"),
              {"negative": "-1 h", "empty": "", "letters": "abc", "huge": f"{HUGE} h"},
              # presses at 1 h, 1.1 h and 3 h with a 15 min lockout: the 1.1 h press comes 6 min
              # after a bolus and is refused; day 1 = 0.55 x 24 + 2 x 0.65 = 14.5 mg; day 2 has
              # no presses: 13.2 mg
              {"24 h": "3 presses: 2 delivered, 1 refused (lockout)",
               "48 h": "day 2 (24 h to 48 h): background 0.55 mg/h x 24 h = 13.2 mg; "
                       "0 boluses x 0.65 mg = 0 mg"}),
    PanelCase("rotation", "07_rotating_to_fentanyl.ipynb", "an-rotation", ".an-rotation-dose",
              ".an-rotation-result", rotation_rate, rotation_error,
              ("12 mg/day", "20 mg/day"),
              {"negative": "-5 mg/day", "empty": "", "letters": "abc",
               "huge": f"{HUGE} mg/day"},
              # the paper's ratio, 3 mg/day subcut = 25 mcg/h: 12 / 3 x 25 = 100 mcg/h;
              # 20 / 3 x 25 = 166.67 mcg/h
              {"12 mg/day": "100 mcg/h", "20 mg/day": "166.67 mcg/h"}),
    PanelCase("practice", "10_practice.ipynb", "an-practice", ".an-practice-bolus",
              ".an-practice-differences", practice_lines, practice_error,
              ("0.4 mg", "0.25 mg"),
              {"negative": "-1 mg", "letters": "abc", "huge": f"{HUGE} mg"}),
]

# A practice answer, however large, is the learner's guess: the panel compares it and says how
# far it is above the worked range. That is feedback, not an error message.
FEEDBACK_NOT_ERROR = {
    ("practice", "huge"): "a huge practice answer is compared and shown as far above the "
                          "worked range: feedback, not an error",
}


def _type(page, box: str, value: str) -> None:
    field_ = page.locator(f"{box} input").first
    field_.click()
    field_.fill(value)
    field_.press("Enter")


def _text(page, selector: str) -> str:
    return _squash(page.inner_text(selector))


def _wait_text(page, selector: str, wanted: str, timeout: float = 15_000) -> None:
    page.wait_for_function(
        "([sel, want]) => { const el = document.querySelector(sel);"
        " return !!el && el.innerText.replace(/\\s+/g, ' ').includes(want); }",
        arg=[selector, wanted], timeout=timeout)


def _rest_of_panel(page, hook: str) -> str:
    """Everything the panel shows except its message line."""
    return page.evaluate(
        "(hook) => [...document.querySelector('.' + hook).children]"
        ".filter(c => !c.classList.contains('an-message'))"
        ".map(c => c.innerText).join('\\n')", hook)


def _settled(page, hook: str, timeout_ms: int = 5000) -> str:
    """The rest of the panel once it stops changing (charts redraw after the text)."""
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


def _show_good(page, case: PanelCase, value: str) -> None:
    _type(page, case.box, value)
    wanted = _squash(case.expected(value))
    _wait_text(page, case.result, wanted)
    page.wait_for_function(
        "(hook) => document.querySelector('.' + hook + ' > .an-message').innerText.trim() === ''",
        arg=case.hook, timeout=15_000)


@pytest.fixture(scope="module", params=PANELS, ids=lambda c: c.name)
def panel(request, browser, voila_url):
    """One page per panel, opened once and shared by that panel's tests."""
    case: PanelCase = request.param
    page = browser.new_page()
    open_notebook(page, voila_url, case.notebook, f".{case.hook} {case.box} input")
    page.locator(f".{case.hook}").scroll_into_view_if_needed()
    yield case, page
    page.close()


def test_typed_value_shows_what_the_core_computes(panel, tmp_path):
    case, page = panel
    for value in case.good:
        _show_good(page, case, value)
        shown = _text(page, case.result)
        assert _squash(case.expected(value)) in shown
        if value in case.hand:  # the core agrees with the hand calculation
            assert case.hand[value] in _squash(case.expected(value))
            assert case.hand[value] in shown
    assert _squash(case.expected(case.good[0])) != _squash(case.expected(case.good[1]))
    page.locator(f".{case.hook}").screenshot(path=str(tmp_path / f"{case.name}.png"))
    assert (tmp_path / f"{case.name}.png").stat().st_size > 1000


BAD_KINDS = ("negative", "empty", "letters", "huge")


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_input_shows_the_message_and_changes_nothing_else(panel, kind, tmp_path, request):
    case, page = panel
    if kind not in case.bad or (case.name, kind) in FEEDBACK_NOT_ERROR:
        # By design not an error here (a blank practice box is "not answered"; a huge answer is
        # compared): the panel shows what the core computes for it, and no error message.
        value = case.bad.get(kind, "")
        _show_good(page, case, case.good[0])
        _type(page, case.box, value)
        _wait_text(page, case.result, _squash(case.expected(value)))
        assert _message(page, case.hook) == ""
        return
    value = case.bad[kind]
    message = case.error(value)
    assert message, f"the core accepts {value!r} for the {case.name} panel"
    _show_good(page, case, case.good[0])
    before = _settled(page, case.hook)
    _type(page, case.box, value)
    page.wait_for_selector(f".{case.hook} > .an-message .an-error", state="visible",
                           timeout=15_000)
    assert _message(page, case.hook) == _squash(PREFIX + message)
    assert _settled(page, case.hook) == before
    page.locator(f".{case.hook}").screenshot(path=str(tmp_path / f"{case.name}-{kind}.png"))
    _show_good(page, case, case.good[0])  # a good value clears the message again
    assert _message(page, case.hook) == ""


def test_drug_levels_slider_moves_with_the_keyboard(browser, voila_url, tmp_path):
    """The absorption half-life slider: focus its handle, press the right arrow key once."""
    case = next(c for c in PANELS if c.name == "drug-levels")
    page = browser.new_page()
    try:
        open_notebook(page, voila_url, case.notebook, f".{case.hook} {case.box} input")
        _show_good(page, case, "24 h")
        handle = page.locator(".an-levels-absorption .noUi-handle").first
        handle.focus()
        handle.press("ArrowRight")  # 15 min -> 16 min (step 1 min)
        wanted = "subcut absorption half-life 16 min"
        _wait_text(page, case.result, wanted)
        expected = levels_panel("24 h")
        expected.absorption.value = 16
        assert _squash(" ".join(expected.lines())) in _text(page, case.result)
        page.locator(f".{case.hook}").screenshot(path=str(tmp_path / "levels-slider.png"))
    finally:
        page.close()


def test_practice_blank_box_means_not_answered(browser, voila_url, tmp_path):
    """In the practice panel an empty box is an unanswered field, not an error."""
    case = next(c for c in PANELS if c.name == "practice")
    page = browser.new_page()
    try:
        open_notebook(page, voila_url, case.notebook, f".{case.hook} {case.box} input")
        _show_good(page, case, case.good[0])
        _type(page, case.box, "")
        _wait_text(page, case.result, "bolus (PCA dose): not answered")
        assert _message(page, case.hook) == ""
        assert _squash(practice_lines("")) in _text(page, case.result)
        page.screenshot(path=str(tmp_path / "practice-blank.png"))
    finally:
        page.close()
