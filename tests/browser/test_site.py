"""The static site (make site) in Debian's Chromium with no internet: every page's panel works.

site/ is served by its own site/serve.py on a free loopback port; every request that is not to
127.0.0.1 is aborted and counted, and the count must stay zero. Each notebook's app page
(voici) starts its own Pyodide kernel in the browser, loads the workbook from the site and
shows its panel; where the panel takes typed input (tests/browser/test_panels.py lists them)
the test types a new value and checks the result the core computes for it, and that the
panel's chart is drawn. The landing page opens the app and links to the notebook interface.

Skips when site/ is not built (make site builds it; .ci/run does).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from .conftest import free_port, offline_context, serving
from .test_panels import PANELS

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BY_NOTEBOOK = {case.notebook: case for case in PANELS}
PAGE_TIMEOUT = 240_000  # a cold Pyodide kernel on two busy cores
# The panels that draw a chart (FigureWidget) and the chart's CSS hook.
PANEL_CHARTS = {
    "03_converting_doses.ipynb": ".an-converter-spread",
    "06_drug_levels.ipynb": ".an-levels-figure",
    "07_rotating_to_fentanyl.ipynb": ".an-rotation-figure-box",
}
# After typing 120 mg/day into the converter, its chart of every table shows the paper's 20:1
# (120 / 20 = 6 mg/day) and the 15:1 tables (120 / 15 = 8 mg/day).
CONVERTER_CHART_AFTER = ("6 mg/day", "8 mg/day")


def saved_charts(notebook: str) -> bool:
    """The notebook, executed on CPython, saved a plotly chart among its outputs."""
    text = (ROOT / "notebooks" / notebook).read_text(encoding="utf-8")
    return "application/vnd.plotly.v1+json" in text


def _need_site() -> None:
    if not (SITE / "voici" / "render").is_dir():
        pytest.skip("site/ is not built (run make site)")


@pytest.fixture(scope="module")
def site_url(chromium, tmp_path_factory):
    _need_site()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("site") / "serve.log"
    with serving([sys.executable, str(SITE / "serve.py"), str(port)], base + "/index.html",
                 log, timeout=30):
        yield base


@pytest.fixture(scope="module")
def offline(chromium, playwright_session, site_url, tmp_path_factory):
    """A Chromium context in which only 127.0.0.1 answers; yields (context, outside urls)."""
    context, outside = offline_context(playwright_session, chromium, site_url + "/",
                                       tmp_path_factory.mktemp("site-profile"))
    yield context, outside
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_site_is_built_and_verified():
    _need_site()
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_site

    checked = build_site.verify_site(SITE)
    assert any(name.startswith("numpy-") for name in checked)
    config = json.loads((SITE / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][build_site.KERNEL_PLUGIN]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert list((SITE / "pypi").glob("analgesia-*.whl"))
    assert not list(SITE.rglob("*.map")), "source maps are shipped"
    assert build_site.remote_references(SITE) == []


def test_landing_page_opens_the_app_and_links_the_notebooks(offline, site_url):
    context, outside = offline
    page = context.new_page()
    page.goto(site_url + "/", timeout=60_000)
    page.wait_for_url(re.compile(r"/voici/render/00_start_here\.html$"), timeout=60_000)
    link = page.locator("a.analgesia-open-notebook").first
    assert link.get_attribute("href") == "/lab/index.html?path=00_start_here.ipynb"
    page.close()
    assert outside == []


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_each_page_runs_its_panel_offline(offline, site_url, notebook, tmp_path):
    context, outside = offline
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site_url}/voici/render/{Path(notebook).stem}.html", timeout=60_000)
    case = BY_NOTEBOOK.get(notebook)
    try:
        if case is None:
            # a panel without a typed input: its widgets render from the kernel
            page.wait_for_selector(".jupyter-widgets .widget-box, .widget-box", state="visible",
                                   timeout=PAGE_TIMEOUT)
        else:
            box = page.locator(f".{case.hook} {case.box} input").first
            box.wait_for(state="visible", timeout=PAGE_TIMEOUT)
            page.locator(f".{case.hook}").scroll_into_view_if_needed()
            value = case.good[1]
            wanted = _squash(case.expected(value))
            box.click()
            box.fill(value)
            box.press("Enter")
            page.wait_for_function(
                "([sel, want]) => { const el = document.querySelector(sel);"
                " return !!el && el.innerText.replace(/\\s+/g, ' ').includes(want); }",
                arg=[case.result, wanted], timeout=60_000)
            if value in case.hand:  # the hand calculation written in test_panels.py
                assert case.hand[value] in _squash(page.inner_text(case.result))
        # the page's charts are drawn by plotly.js in the browser
        if notebook in PANEL_CHARTS:
            chart = PANEL_CHARTS[notebook]
            page.wait_for_selector(f"{chart} .main-svg", state="visible", timeout=60_000)
            page.wait_for_function(
                "(sel) => [...document.querySelectorAll(sel + ' .scatterlayer path')]"
                ".some(p => (p.getAttribute('d') || '').length > 20) ||"
                " document.querySelectorAll(sel + ' .barlayer path').length > 0",
                arg=chart, timeout=60_000)
        if notebook == "03_converting_doses.ipynb":
            for label in CONVERTER_CHART_AFTER:
                # the label itself, not a longer number ending in it ("16 mg/day")
                page.wait_for_function(
                    "([sel, want]) => [...document.querySelectorAll(sel + ' text')]"
                    ".some(t => new RegExp('(^|[^0-9.])' + want.replace('.', '\\\\.'))"
                    ".test(t.textContent))",
                    arg=[PANEL_CHARTS[notebook], label], timeout=60_000)
        if saved_charts(notebook):
            page.wait_for_selector(".js-plotly-plot .main-svg", state="visible",
                                   timeout=60_000)
        # a cell that failed in the browser prints its traceback on the page
        assert "Traceback (most recent call last)" not in page.inner_text("body")
        page.screenshot(path=str(tmp_path / f"{Path(notebook).stem}.png"))
    finally:
        page.close()
    assert not [e for e in errors if "Traceback" in e], errors
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"


def test_notebook_interface_runs_a_notebook_offline(offline, site_url, tmp_path):
    """JupyterLite, linked from every app page: the converter notebook runs from its first
    cell (which loads the workbook) to its last, and its panel shows the case's conversion as
    the core computes it (the paper's 200 mg/day oral morphine -> 10-13.5 mg/day subcut
    HYDROmorphone). Typing into the panel is tested in app mode above: in JupyterLab the
    page keeps moving while outputs arrive."""
    context, outside = offline
    case = BY_NOTEBOOK["03_converting_doses.ipynb"]
    page = context.new_page()
    page.goto(f"{site_url}/lab/index.html?path=03_converting_doses.ipynb", timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="visible", timeout=120_000)
    # the Pyodide kernel has started: the status bar says so
    page.wait_for_function(
        "() => /Python \\(Pyodide\\) \\| Idle/.test(document.body.innerText)",
        timeout=PAGE_TIMEOUT)
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    item = page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first
    item.wait_for(state="visible", timeout=10_000)
    item.click()
    page.locator(f".{case.hook} {case.box} input").first.wait_for(state="attached",
                                                                 timeout=PAGE_TIMEOUT)
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
        " return p.length > 0 && !p.some(x => x.innerText.includes('*'))"
        " && /\\[\\d+\\]/.test(p[p.length - 1].innerText); }", timeout=PAGE_TIMEOUT)
    wanted = _squash(case.expected("200 mg/day"))
    assert "10-13.5 mg/day" in wanted  # the paper's figure
    page.wait_for_function(
        "([sel, want]) => [...document.querySelectorAll(sel)]"
        ".some(el => el.innerText.replace(/\\s+/g, ' ').includes(want))",
        arg=[case.result, wanted], timeout=60_000)
    page.screenshot(path=str(tmp_path / "lab.png"))
    page.close()
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"
