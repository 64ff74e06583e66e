"""Opening a notebook in app mode shows clean panels: a headless check cell that typed a bad
value must put a good one back, so no learner meets an error message they did not cause."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import open_notebook

NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob(
    "[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_panel_shows_an_error_on_load(page, voila_url, name):
    open_notebook(page, voila_url, name, "text=Teaching, not prescribing")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    messages = page.eval_on_selector_all(
        ".an-message", "els => els.map(e => e.innerText.trim()).filter(t => t)")
    assert messages == [], f"{name} opens with: {messages}"
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body.split("Teaching")[0]
