"""Layout in app mode on a 1280x720 projector at 100%, 125% and 150% browser zoom, with and
without the landing page's large text (issue 12):

- no chart's title, axis titles, legend and annotations overlap (bounding boxes of plotly's
  own elements: ``.gtitle``, ``.g-xtitle``/``.g-ytitle``..., ``.legend``, ``.annotation``);
- no label, button or dropdown is cut off (``scrollWidth`` against ``clientWidth``; for a
  dropdown, the chosen option's text against the box);
- no text box or dropdown shrinks to nothing (at least 4 characters wide);
- the page never scrolls sideways.

Browser zoom at Z on a 1280x720 screen is a viewport of 1280/Z x 720/Z CSS pixels drawn at
device scale Z: the test sets exactly that.
"""

from __future__ import annotations

import re

import pytest

from analgesia.widgets.presenter import large_text_css

from .conftest import open_notebook

SCREEN = (1280, 720)
ZOOMS = (1.0, 1.25, 1.5)
PAGES = {  # notebook -> a selector that shows the page's panel or chart has drawn
    "01_the_case.ipynb": ".js-plotly-plot",
    "03_converting_doses.ipynb": ".an-converter .js-plotly-plot",
    "04_programming_the_pump.ipynb": ".an-pump",
    "05_titration_days.ipynb": ".an-titration",
    "06_drug_levels.ipynb": ".an-levels .js-plotly-plot",
    "07_rotating_to_fentanyl.ipynb": ".an-rotation .js-plotly-plot",
    "10_practice.ipynb": ".an-practice",
}

OVERLAPS_JS = """() => {
  const parts = (gd) => {
    const out = [];
    const add = (kind, el) => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) out.push({kind, text: (el.textContent || '').trim()
        .slice(0, 40), r: {x: r.left, y: r.top, w: r.width, h: r.height}});
    };
    gd.querySelectorAll('.gtitle').forEach(e => add('title', e));
    gd.querySelectorAll('[class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text')
      .forEach(e => add('axis title', e));
    gd.querySelectorAll('g.legend .bg').forEach(e => add('legend', e));
    gd.querySelectorAll('g.annotation-text-g').forEach(e => add('annotation', e));
    return out;
  };
  const hits = [];
  document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
    const p = parts(gd);
    for (let a = 0; a < p.length; a++) for (let b = a + 1; b < p.length; b++) {
      const A = p[a].r, B = p[b].r;
      const w = Math.min(A.x + A.w, B.x + B.w) - Math.max(A.x, B.x);
      const h = Math.min(A.y + A.h, B.y + B.h) - Math.max(A.y, B.y);
      if (w > 2 && h > 2) hits.push(`chart ${i}: ${p[a].kind} '${p[a].text}' over ` +
        `${p[b].kind} '${p[b].text}' (${w.toFixed(0)}x${h.toFixed(0)})`);
    }
  });
  return hits;
}"""

CUT_OFF_JS = """() => {
  const cut = [], small = [];
  const canvas = document.createElement('canvas').getContext('2d');
  const sel = '.widget-label, .widget-button, .jupyter-button, .widget-toggle-button, ' +
              '.widget-radio-box label, .an-panel .widget-html-content';
  document.querySelectorAll(sel).forEach(el => {
    const s = getComputedStyle(el);
    const clips = s.overflowX !== 'visible' || s.textOverflow === 'ellipsis';
    if (el.offsetParent && clips && el.scrollWidth > el.clientWidth + 1)
      cut.push(`${el.className.split(' ')[0]} '${el.textContent.trim().slice(0, 50)}' ` +
               `(${el.scrollWidth} > ${el.clientWidth})`);
  });
  document.querySelectorAll('select').forEach(el => {
    if (!el.offsetParent || el.multiple || el.size > 1) return;
    const s = getComputedStyle(el);
    canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const text = el.options[el.selectedIndex] ? el.options[el.selectedIndex].text : '';
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 16;
    if (canvas.measureText(text).width > room + 1)
      cut.push(`dropdown '${text.slice(0, 50)}' (${canvas.measureText(text).width.toFixed(0)}` +
               ` > ${room.toFixed(0)})`);
  });
  document.querySelectorAll('.an-input input:not([type=checkbox]), .an-input select, ' +
                            '.an-quiz-answer input')
    .forEach(el => {
      if (!el.offsetParent) return;
      const em = parseFloat(getComputedStyle(el).fontSize);
      if (el.clientWidth < 4 * em) small.push(`${el.closest('.an-input, .an-quiz-answer')
        .className.split(' ').filter(c => c.startsWith('an-')).join('.')}: ${el.clientWidth} px`);
    });
  return {cut, small, page: document.scrollingElement.scrollWidth,
          view: document.documentElement.clientWidth};
}"""


def _check(page, where: str) -> list[str]:
    problems = [f"{where}: {x}" for x in page.evaluate(OVERLAPS_JS)]
    found = page.evaluate(CUT_OFF_JS)
    problems += [f"{where}: cut off: {x}" for x in found["cut"]]
    problems += [f"{where}: shrunk: {x}" for x in found["small"]]
    if found["page"] > found["view"] + 1:
        problems.append(f"{where}: scrolls sideways ({found['page']} > {found['view']})")
    return problems


@pytest.mark.parametrize("name", list(PAGES))
def test_layout_at_projector_zoom_levels(browser, voila_url, name, tmp_path):
    page = browser.new_page()
    problems: list[str] = []
    try:
        open_notebook(page, voila_url, name, PAGES[name])
        page.wait_for_load_state("networkidle")
        for zoom in ZOOMS:
            page.set_viewport_size({"width": round(SCREEN[0] / zoom),
                                    "height": round(SCREEN[1] / zoom)})
            page.wait_for_timeout(1200)  # plotly relayouts on resize
            problems += _check(page, f"{name} at {zoom:.0%}")
        page.add_style_tag(content=re.sub(r"</?style[^>]*>", "", large_text_css()))
        for zoom in ZOOMS:
            page.set_viewport_size({"width": round(SCREEN[0] / zoom),
                                    "height": round(SCREEN[1] / zoom)})
            page.wait_for_timeout(1200)
            problems += _check(page, f"{name} at {zoom:.0%} with large text")
        page.screenshot(path=str(tmp_path / f"{name[:2]}-150-large.png"), full_page=True)
    finally:
        page.set_viewport_size({"width": SCREEN[0], "height": SCREEN[1]})
        page.close()
    assert not problems, "\n".join(problems)


def test_order_sheet_preview_has_a_print_button_that_prints_the_frame(browser, voila_url):
    page = browser.new_page()
    try:
        open_notebook(page, voila_url, "10_practice.ipynb", ".an-practice-order-button")
        page.click(".an-practice-order-button")
        button = page.locator(".an-practice-order-print")
        button.wait_for(timeout=30_000)
        # count print() calls on the frame instead of opening the dialog
        page.evaluate("""() => { const f = document.querySelector('.an-practice-order-frame');
            window.__printed = 0;
            f.contentWindow.print = () => { window.__printed += 1; }; }""")
        button.click()
        assert page.evaluate("window.__printed") == 1
    finally:
        page.close()
