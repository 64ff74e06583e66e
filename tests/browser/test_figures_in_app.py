"""The figures draw their data in app mode. Voila renders widgets after the whole notebook has
run, so a FigureWidget must carry its current figure in its synced state, not only send the
changes as messages (figures._inplace.publish_state)."""

from __future__ import annotations

from .conftest import open_notebook

# the case, 200 mg/day oral morphine to subcut HYDROmorphone: tang-2025 and NCCN 200 / 20 = 10,
# FPM 2021 and NCI PDQ 200 / 15 = 13.333 mg/day
SPREAD_LABELS = ("10 mg/day", "13.333 mg/day")


def _figure_text(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => el.querySelector('.main-svg') ? "
                                           "el.innerText + ' ' + [...el.querySelectorAll('text')]"
                                           ".map(t => t.textContent).join(' ') : ''")


def test_converter_chart_shows_every_table_on_load_and_after_a_change(page, voila_url, tmp_path):
    open_notebook(page, voila_url, "03_converting_doses.ipynb", ".an-converter-spread .main-svg")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.an-converter-spread text')]"
        ".some(t => t.textContent.includes('tang-2025'))", timeout=30_000)
    text = _figure_text(page, ".an-converter-spread")
    for label in SPREAD_LABELS:
        assert label in text
    assert "No table has both factors" not in text
    box = page.locator(".an-converter-dose input")
    box.fill("300 mg/day")
    box.press("Enter")
    # 300 / 20 = 15 mg/day; 300 / 15 = 20 mg/day
    page.wait_for_function(
        "() => [...document.querySelectorAll('.an-converter-spread text')]"
        ".some(t => t.textContent.includes('20 mg/day'))", timeout=30_000)
    assert "15 mg/day" in _figure_text(page, ".an-converter-spread")
    page.locator(".an-converter-spread").screenshot(path=str(tmp_path / "spread.png"))


def test_drug_level_curve_is_drawn_on_load(page, voila_url):
    open_notebook(page, voila_url, "06_drug_levels.ipynb", ".an-levels-figure .main-svg")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.an-levels-figure .scatterlayer path.js-line')]"
        ".some(p => (p.getAttribute('d') || '').length > 100)", timeout=30_000)
    title = _figure_text(page, ".an-levels-figure")
    assert "ASSUMPTION" in title and "ng/mL" in title
