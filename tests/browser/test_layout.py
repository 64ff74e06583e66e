"""Presenter layout in app mode at a 1280x720 projector: no panel makes the page scroll
sideways (also with large text on), plots carry readable axis titles, and the landing page's
"Large text for projectors" toggle enlarges the text and puts it back."""

from __future__ import annotations

import re

import pytest

from analgesia.widgets.presenter import LARGE, large_text_css

from .conftest import open_notebook

WIDTH = 1280
PANELS = [
    ("03_converting_doses.ipynb", "an-converter"),
    ("04_programming_the_pump.ipynb", "an-pump"),
    ("05_titration_days.ipynb", "an-titration"),
    ("06_drug_levels.ipynb", "an-levels"),
    ("07_rotating_to_fentanyl.ipynb", "an-rotation"),
    ("09_reading_the_case_critically.ipynb", "an-case-review"),
    ("10_practice.ipynb", "an-practice"),
]

# Sideways scrolling anywhere: the document, or any element that scrolls horizontally; and
# the panel element reaching furthest right (reported by name when it overflows).
OVERFLOW_JS = """(hook) => {
  const scrollers = [];
  for (const el of document.querySelectorAll('*')) {
    const x = getComputedStyle(el).overflowX;
    if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1)
      scrollers.push(el.tagName + '.' + [...el.classList].join('.'));
  }
  let right = 0, widest = '';
  for (const el of document.querySelectorAll('.' + hook + ', .' + hook + ' *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right) {
      right = r.right; widest = el.tagName + '.' + [...el.classList].join('.');
    }
  }
  return {page: document.scrollingElement.scrollWidth, scrollers, right, widest};
}"""

AXES_JS = """(hook) => [...document.querySelectorAll('.' + hook + ' .js-plotly-plot')].flatMap(
  gd => Object.keys(gd._fullLayout).filter(k => /^[xy]axis\\d*$/.test(k))
    .filter(k => gd._fullLayout[k].visible !== false).map(k => {
    const ax = gd._fullLayout[k];
    return {axis: k, title: (ax.title && ax.title.text) || '', size: ax.title.font.size,
            ticks: ax.tickfont.size};
  }))"""


def _fits(page, hook: str) -> None:
    found = page.evaluate(OVERFLOW_JS, hook)
    assert found["page"] <= WIDTH, f"{hook}: page is {found['page']} px wide"
    assert not found["scrollers"], f"{hook}: scrolls sideways in {found['scrollers']}"
    assert found["right"] <= WIDTH, (
        f"{hook}: {found['widest']} reaches {found['right']:.0f} px (> {WIDTH})")


@pytest.mark.parametrize(("notebook", "hook"), PANELS, ids=[h for _, h in PANELS])
def test_panel_fits_a_projector_without_sideways_scrolling(page, voila_url, notebook, hook,
                                                          tmp_path):
    assert page.viewport_size == {"width": WIDTH, "height": 720}
    open_notebook(page, voila_url, notebook, f".{hook}")
    page.wait_for_timeout(500)  # plotly lays out after the widget appears
    _fits(page, hook)
    # the same with presenter mode's large text
    css = re.sub(r"</?style[^>]*>", "", large_text_css())
    page.add_style_tag(content=css)
    page.wait_for_timeout(300)
    _fits(page, hook)
    size = page.evaluate("(h) => getComputedStyle(document.querySelector('.' + h)).fontSize",
                         hook)
    assert size == f"{LARGE['text']}px"
    page.locator(f".{hook}").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"{hook}-large.png"))
    for ax in page.evaluate(AXES_JS, hook):
        assert ax["title"].strip(), f"{hook}: {ax['axis']} has no title"
        assert ax["size"] >= 12 and ax["ticks"] >= 11, f"{hook}: {ax} is too small to read"


def test_plots_with_value_axes_name_their_unit(page, voila_url):
    """Axis titles of measured quantities carry their unit in brackets, e.g. '(mg/day)'."""
    open_notebook(page, voila_url, "07_rotating_to_fentanyl.ipynb", ".an-rotation .js-plotly-plot")
    titles = [a["title"] for a in page.evaluate(AXES_JS, "an-rotation")]
    assert any("(mcg/h)" in t for t in titles) and any("(mg/h)" in t for t in titles)


def test_landing_page_large_text_toggle(page, voila_url, tmp_path):
    open_notebook(page, voila_url, "00_start_here.ipynb", ".an-presenter-toggle")
    body = "() => getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon')).fontSize"
    normal = page.evaluate(body)
    page.click(".an-presenter-toggle")
    page.wait_for_selector("style.an-presenter-style", state="attached", timeout=15_000)
    page.wait_for_function(f"() => ({body})() === '{LARGE['text']}px'", timeout=15_000)
    _fits(page, "an-presenter")
    page.screenshot(path=str(tmp_path / "landing-large.png"))
    page.click(".an-presenter-toggle")
    page.wait_for_selector("style.an-presenter-style", state="detached", timeout=15_000)
    assert page.evaluate(body) == normal
