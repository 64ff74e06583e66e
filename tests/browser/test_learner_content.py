"""App mode shows only learner content (issue 12): every page 00-11 opened in Voila, its
visible text read as a learner reads it, and checked for what only a test or JupyterLab
should show. The checks that exist for nbval are tagged in the notebooks and removed by
Voila (voila.json: TagRemovePreprocessor); this test is what fails if a tag is forgotten.

Patterns, on the page's visible text (``innerText``), line by line:

- ``True`` / ``False`` standing alone (a printed check result such as "True True True");
- raw HTML markup (``<span``, ``<div``, ``</b>``...);
- snake_case ids (``[a-z]+_[a-z_]+``), except file names, calls in code spans and an
  allow-list;
- ``N traces:`` (a figure dump), ``<... object``, ``Widget(children=...``;
- JupyterLab instructions: ``Shift+Enter``, ``Kernel >``, "run the cell";
- ``Right.`` before any interaction (a quiz that opens answered);
- Python list, tuple and dict reprs (``['...``, ``{'...':``).

Also per page: the disclaimer once, no browser console errors, quiz boxes empty, every link to
another notebook a working app-mode link. One page load per notebook serves every check.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import open_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DISCLAIMER = "Teaching, not prescribing"

PATTERNS = {
    "a check result (True/False standing alone)": re.compile(
        r"(?:^|[\s:(])(?:True|False)(?=$|[\s,.;)])"),
    "raw HTML markup": re.compile(r"</?(?:span|div|b|i|p|br|ul|li|a|table|style)\b[^>]*>"),
    "a figure dump": re.compile(r"\btraces:"),
    "a Python object repr": re.compile(r"<[\w.]+ object\b|\b[A-Z]\w+\(children="),
    "a JupyterLab instruction": re.compile(r"Shift\+Enter|Kernel\s*>|run the cell",
                                           re.IGNORECASE),
    "a Python list, tuple or dict repr": re.compile(
        r"\['[^']*'(?:, '[^']*')*\]|\('[^']*', |\{'[^']*': |\[\"[^\"]*\"[,\]]|\{\"[^\"]*\": "),
}
SNAKE = re.compile(r"(?<![\w./-])[a-z]+_[a-z_]+(?![\w(])")
# Not ids a learner is shown by mistake: file names and function calls named in the prose
# (the learner reads where a number comes from), removed before SNAKE is applied.
NOT_IDS = re.compile(r"[\w./-]+\.(?:csv|yaml|yml|md|py|ipynb|html|json)\b|[\w.]+\([^)]*\)")
# Findings refer to each other by title, never by id: no id is allowed on any page.
ALLOWED_IDS: set[str] = set()
# Voila 0.5's lab template links Font Awesome from a CDN although its own bundle carries the
# same CSS; offline (a classroom network, this machine) the browser logs a failed load. That
# is the only outside address a page may try; anything else failing is an error.
TEMPLATE_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free"

INTERACTION_FREE = {"Right.": re.compile(r"\bRight\.")}

RENDER_JS = """() => ({
  text: document.body.innerText,
  links: [...document.querySelectorAll('a[href]')].map(a => ({
      text: a.innerText.trim(), href: a.href, raw: a.getAttribute('href')})),
  answers: [...document.querySelectorAll('.an-quiz-answer input')].map(i => i.value),
  feedback: [...document.querySelectorAll('.an-quiz-feedback')].map(e => e.innerText.trim()),
  checked: document.querySelectorAll('.an-quiz-choice input:checked').length,
  quizzes: document.querySelectorAll('.an-quiz').length,
})"""


@pytest.fixture(scope="module")
def rendered(browser, voila_url):
    """Open each page once (lazily); keep its text, links, quiz state and console errors."""
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            page = browser.new_page()
            errors: list[str] = []
            failed: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            try:
                open_notebook(page, voila_url, name, f"text={DISCLAIMER}")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)  # widgets and plotly draw after the page loads
                for plot in page.locator(".js-plotly-plot").all():
                    plot.hover()  # plotly's mime renderer redrew here and threw r.setData
                page.wait_for_timeout(500)
                state = page.evaluate(RENDER_JS)
            finally:
                page.close()
            state["errors"], state["failed"] = errors, failed
            cache[name] = state
        return cache[name]

    return get


def offending_lines(text: str) -> dict[str, list[str]]:
    """Each pattern that matches, with the lines it matches (for a readable failure)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        for what, pattern in PATTERNS.items():
            if pattern.search(line):
                found.setdefault(what, []).append(line.strip()[:160])
        ids = [i for i in SNAKE.findall(NOT_IDS.sub(" ", line)) if i not in ALLOWED_IDS]
        if ids:
            found.setdefault("a snake_case id", []).append(f"{ids}: {line.strip()[:120]}")
    return found


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_page_shows_only_learner_content(rendered, name):
    state = rendered(name)
    found = offending_lines(state["text"])
    for what, pattern in INTERACTION_FREE.items():
        if pattern.search(state["text"]):
            found.setdefault(f"{what} before any interaction", []).append(what)
    assert not found, f"{name} shows: {found}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_disclaimer_once_per_page(rendered, name):
    assert rendered(name)["text"].count(DISCLAIMER) == 1


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_console_errors(rendered, name):
    state = rendered(name)
    outside = [u for u in state["failed"] if not u.startswith(TEMPLATE_CDN)]
    assert outside == []
    load_errors = len(state["failed"]) - len(outside)
    errors = [e for e in state["errors"] if not e.startswith("Failed to load resource")]
    assert errors == [], errors
    assert sum(e.startswith("Failed to load resource") for e in state["errors"]) <= load_errors


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_quizzes_open_empty(rendered, name):
    state = rendered(name)
    if name.startswith("00_"):
        assert state["quizzes"] == 0
        return
    assert state["quizzes"] >= 2  # every teaching page asks (tests/test_notebook_skeleton.py)
    assert all(v == "" for v in state["answers"]), state["answers"]
    assert all(f == "" for f in state["feedback"]), state["feedback"]
    assert state["checked"] == 0


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_links_between_notebooks_work_in_app_mode(rendered, voila_url, name):
    """A relative link ``NN_x.ipynb`` (what JupyterLab opens) resolves, on a Voila page, to
    Voila's render address for that notebook, which exists."""
    links = [x for x in rendered(name)["links"] if urlparse(x["href"]).path.endswith(".ipynb")]
    for link in links:
        path = urlparse(link["href"]).path
        assert path.startswith("/voila/render/"), link
        assert (ROOT / "notebooks" / path.rsplit("/", 1)[1]).is_file(), link
        assert not link["raw"].startswith(("/", "http")), link  # relative: works in Lab too
    if name == "00_start_here.ipynb":
        targets = {urlparse(x["href"]).path.rsplit("/", 1)[1] for x in links}
        assert set(NOTEBOOKS) - {name} <= targets
        assert any(x["text"].startswith("01 The case") and "Next" not in x["text"]
                   for x in links)


def test_the_patterns_can_fail():
    bad = ("True True True\n<span style=\"color:#b00020\">x</span>\n16 traces: a, b\n"
           "['bolus: 0.65 mg']\n{'agrees': 3}\nPress Shift+Enter\nKernel > Restart\n"
           "DANGER hour_limit_limits_nothing - x\nHBox(children=(ToggleButton(\n")
    found = offending_lines(bad)
    assert set(found) == {*PATTERNS, "a snake_case id"}
    clean = ("Opioid tolerant: YES\nsee data/titration_rules.csv and an.case.table1()\n"
             "True to the paper's rounding, the step agrees.\n")
    assert offending_lines(clean) == {"a check result (True/False standing alone)":
                                      ["True to the paper's rounding, the step agrees."]}


def test_a_quiz_accepts_a_value_with_its_unit_and_shows_the_answer_on_request(page, voila_url):
    # 04's third question: 0.55 mg/h / 0.5 mg/mL = 1.1 mL/h (hand calculation)
    open_notebook(page, voila_url, "04_programming_the_pump.ipynb", ".an-quiz-answer input")
    quiz = page.locator(".an-quiz", has_text="what rate in mL/h").first
    quiz.locator(".an-quiz-show").click()
    feedback = quiz.locator(".an-quiz-feedback")
    feedback.filter(has_text="Answer: 1.1 mL/h.").wait_for(timeout=30_000)
    box = quiz.locator(".an-quiz-answer input")
    box.fill("1.1 mg/h")
    box.press("Enter")
    feedback.filter(has_text="not in mL/h").wait_for(timeout=30_000)
    box.fill("1.1 mL/h")
    box.press("Enter")
    feedback.filter(has_text="Right.").wait_for(timeout=30_000)
