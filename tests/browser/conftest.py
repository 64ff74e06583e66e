"""Browser fixtures: Voila serving the notebooks on a free loopback port, and Debian's Chromium
driven by Playwright (never a downloaded browser).

Where /usr/bin/chromium is missing the browser tests skip with the reason, except in CI
(CI=true), where they fail: there they must run.

Every test here is marked ``browser`` (``pytest -m "not browser"`` leaves them out). Under
``make test`` each xdist worker starts its own Voila and Chromium (session fixtures); the work
units are chosen here so that a costly module fixture is started once, not once per worker:
see ``pytest_collection_modifyitems`` below and the root conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ANALGESIA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} is missing (install Debian's chromium package)"
    if IN_CI:
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium() -> Path:
    return need_chromium()


@contextlib.contextmanager
def serving(cmd: list[str], probe: str, log: Path, env: dict | None = None,
            timeout: float = 60):
    """Run a local server (``cmd``) until ``probe`` answers; stop it when the block ends.

    Its output goes to ``log``, whose tail is shown if it exits early or never answers.
    """
    with log.open("w") as handle:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env)
        what = cmd[2] if cmd[1] == "-m" else Path(cmd[1]).name
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{what} exited early: {log.read_text()[-2000:]}")
                try:
                    urllib.request.urlopen(probe, timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"{what} did not start: {log.read_text()[-2000:]}") from None
                    time.sleep(0.3)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def voila_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=False", *extra]


@pytest.fixture(scope="session")
def voila_url(chromium, tmp_path_factory):
    """Start Voila on the notebooks folder; yield its base URL; stop it afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = voila_command(port, "--VoilaConfiguration.file_allowlist="
                        "['.*\\.(png|jpg|gif|svg|css|html)']")
    with serving(cmd, base + "/", tmp_path_factory.mktemp("voila") / "voila.log"):
        yield base


@pytest.fixture(scope="session")
def playwright_session(chromium):
    """The one Playwright of the run: its sync API allows one per thread, so every browser
    test launches its Chromium from this."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(chromium, playwright_session, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright_session.chromium.launch_persistent_context(
        str(profile), executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 720},
    )
    yield context
    context.close()


@pytest.fixture()
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def open_notebook(page, base: str, name: str, ready: str, timeout: float = 90_000):
    """Open a notebook in Voila and wait until the CSS selector ``ready`` is visible."""
    page.goto(f"{base}/voila/render/{name}", timeout=timeout)
    page.wait_for_selector(ready, state="visible", timeout=timeout)
    return page


def have(program: str) -> bool:
    return shutil.which(program) is not None


# --- markers and work units for make test (pytest-xdist, --dist loadgroup) -------------------

HERE = Path(__file__).resolve().parent
# Module fixtures cheap enough to start once per worker: their tests are shared out one by one.
PER_WORKER = {"chromium", "site_url", "offline"}
# A module fixture that opens a page only when a test asks for it: its tests are grouped by
# the page (the parameter named here), so that each page is opened once.
PER_PAGE = {"rendered": "name"}
# The long units first, so that they overlap with the rest: the classroom waits out its cull
# window (about two minutes, mostly idle); then the modules whose units take longest.
LONG_FIRST = ["test_classroom.py", "test_bad_input.py", "test_site.py", "test_layout_zoom.py",
              "test_learner_content.py", "test_panels.py"]


def _param_id(value) -> str:
    return str(getattr(value, "name", value))


def work_unit(item) -> str | None:
    """The xdist group of a browser test, or None for a unit of its own."""
    info = getattr(item, "_fixtureinfo", None)
    defs = getattr(info, "name2fixturedefs", {}) or {}
    params = getattr(getattr(item, "callspec", None), "params", {})
    key = []
    for name in sorted(item.fixturenames):
        chain = defs.get(name)
        if not chain or chain[-1].scope not in ("module", "class", "package"):
            continue
        if name in PER_WORKER:
            continue
        if name in PER_PAGE:
            key.append(_param_id(params.get(PER_PAGE[name], "")))
        elif name in params:
            key.append(_param_id(params[name]))
        else:
            key.append("")
    if not key:
        return None
    return "browser:" + "/".join([item.path.name, *(k for k in key if k)])


@pytest.hookimpl(tryfirst=True)  # before the root conftest.py, which orders by marker
def pytest_collection_modifyitems(config, items):
    mine = [i for i in items if Path(str(i.path)).resolve().is_relative_to(HERE)]
    for item in mine:
        item.add_marker(pytest.mark.browser)
    if not mine or not hasattr(config, "workerinput"):  # units matter to xdist workers only
        return
    for item in mine:
        unit = work_unit(item)
        if unit is not None:
            item.add_marker(pytest.mark.xdist_group(unit))

    def rank(item):
        name = item.path.name
        return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)

    ordered = iter(sorted(mine, key=rank))
    ids = {id(i) for i in mine}
    items[:] = [next(ordered) if id(i) in ids else i for i in items]


def platform_fonts(page, selector: str) -> dict[str, int]:
    """Installed font family -> glyphs it drew for the first node matching ``selector``."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no {selector} on the page"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def offline_context(playwright_session, chromium, allowed: str, profile, **options):
    """A fresh Chromium profile in which only URLs under ``allowed`` answer.

    Returns (context, outside): every other request is aborted and its URL appended to
    ``outside``; no host name but 127.0.0.1 resolves either (belt and braces).
    """
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context = playwright_session.chromium.launch_persistent_context(
        str(profile), executable_path=str(chromium), headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        viewport={"width": 1280, "height": 720}, **options)
    context.route("**/*", route)
    return context, outside
