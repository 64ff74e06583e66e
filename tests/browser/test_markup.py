"""Markup in a practice case is shown as text in a real browser: no element is injected and no
script runs (issue 9, item 7).

A copy of ``data/`` whose practice cases carry markup in their title, teaching point and
question is served by its own Voila (``ANALGESIA_DATA`` points the kernel at the copy); the
practice notebook is opened in Chromium, the worked solution revealed and the order sheet
previewed. The markup would set ``window.__pwned`` or open an alert if it ran.
"""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from .conftest import ROOT, free_port, open_notebook, serving, voila_command

SCRIPTS = ('<img src=x onerror="window.__pwned=1;alert(1)">',
           "<script>window.__pwned=2;alert(2)</script>",
           "<b>x</b>")
MARKUP = " ".join(SCRIPTS)
PANEL = ".an-practice"


@pytest.fixture(scope="module")
def markup_voila(chromium, tmp_path_factory):
    """Voila on the notebooks, its kernels reading a data copy whose cases carry markup."""
    data = tmp_path_factory.mktemp("markup") / "data"
    shutil.copytree(ROOT / "data", data)
    for path in sorted((data / "practice_cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        case["title"] = f"{case['title']} {MARKUP}"
        case["teaching_point"] = f"Point {MARKUP}"
        case["question"] = f"Question {MARKUP}"
        path.write_text(yaml.safe_dump(case, sort_keys=False), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANALGESIA_DATA": str(data)}
    with serving(voila_command(port), base + "/", data.parent / "voila.log", env=env):
        yield base


def _injected(page) -> dict[str, int]:
    """Elements the markup would have made inside the practice panel."""
    return page.evaluate(
        """(sel) => {
            const panel = document.querySelector(sel);
            return {
                img: panel.querySelectorAll('img[src="x"]').length,
                script: [...panel.querySelectorAll('script')]
                    .filter(s => s.textContent.includes('__pwned')).length,
                bold_x: [...panel.querySelectorAll('b')]
                    .filter(b => b.textContent === 'x').length,
            };
        }""", PANEL)


def test_a_case_title_with_markup_is_shown_as_text_and_never_runs(browser, markup_voila,
                                                                  tmp_path):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        open_notebook(page, markup_voila, "10_practice.ipynb", ".an-practice-patient")
        patient = page.inner_text(".an-practice-patient")
        assert "Severe pain" in patient or "severe" in patient.lower()
        # the markup is there, as the characters typed into the case file
        assert SCRIPTS[0] in patient and SCRIPTS[1] in patient and SCRIPTS[2] in patient
        assert f"Question {SCRIPTS[0]}" in patient
        assert _injected(page) == {"img": 0, "script": 0, "bold_x": 0}

        page.click(".an-practice-reveal")
        page.wait_for_function(
            "() => document.querySelector('.an-practice-solution').innerText.includes('Point')",
            timeout=30_000)
        assert f"Point {SCRIPTS[0]}" in page.inner_text(".an-practice-solution")
        assert _injected(page) == {"img": 0, "script": 0, "bold_x": 0}

        page.click(".an-practice-order-button")
        frame_el = page.wait_for_selector(".an-practice-order-frame", timeout=30_000)
        # sandboxed without scripts: same origin only so that the Print button can print it
        sandbox = frame_el.get_attribute("sandbox").split()
        assert "allow-scripts" not in sandbox and set(sandbox) <= {"allow-same-origin",
                                                                   "allow-modals"}
        frame = frame_el.content_frame()
        frame.wait_for_selector(".an-order-header", timeout=30_000)
        sheet = frame.inner_text("body")
        assert SCRIPTS[0] in sheet and SCRIPTS[1] in sheet
        assert frame.evaluate("() => document.querySelectorAll('img, script').length") == 0
        assert _injected(page) == {"img": 0, "script": 0, "bold_x": 0}

        page.wait_for_timeout(500)  # let any stray onerror handler fire before we look
        assert page.evaluate("() => window.__pwned === undefined")
        assert dialogs == []
        page.screenshot(path=str(tmp_path / "practice-markup.png"))
    finally:
        page.close()
