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
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS, free_port
from .test_panels import PANELS

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BY_NOTEBOOK = {case.notebook: case for case in PANELS}
PAGE_TIMEOUT = 240_000  # a cold Pyodide kernel on two busy cores


def _need_site() -> None:
    if not (SITE / "voici" / "render").is_dir():
        pytest.skip("site/ is not built (run make site)")


@pytest.fixture(scope="module")
def site_url(chromium, tmp_path_factory):
    _need_site()
    port = free_port()
    log = (tmp_path_factory.mktemp("site") / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, str(SITE / "serve.py"), str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/index.html", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise RuntimeError("site/serve.py did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def offline(chromium, site_url, tmp_path_factory):
    """A Chromium context in which only 127.0.0.1 answers; yields (context, outside urls)."""
    playwright = pytest.importorskip("playwright.sync_api")
    outside: list[str] = []
    allowed = site_url + "/"

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    profile = tmp_path_factory.mktemp("site-profile")
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(chromium), headless=True,
            # belt and braces: no host name but 127.0.0.1 resolves either
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            viewport={"width": 1280, "height": 720})
        context.route("**/*", route)
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
        # the page's chart is drawn by plotly.js in the browser
        charts = page.locator(".js-plotly-plot .main-svg")
        if charts.count():
            assert charts.first.is_visible()
        page.screenshot(path=str(tmp_path / f"{Path(notebook).stem}.png"))
    finally:
        page.close()
    assert not [e for e in errors if "Traceback" in e], errors
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"
