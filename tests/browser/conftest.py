"""Browser fixtures: Voila serving the notebooks on a free loopback port, and Debian's Chromium
driven by Playwright (never a downloaded browser).

Where /usr/bin/chromium is missing the browser tests skip with the reason, except in CI
(CI=true), where they fail: there they must run.
"""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def voila_url(chromium, tmp_path_factory):
    """Start Voila on the notebooks folder; yield its base URL; stop it afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    handle = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=False",
         "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|css|html)']"],
        cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited early: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError(f"voila did not start: {log.read_text()[-2000:]}")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    handle.close()


@pytest.fixture(scope="session")
def browser(chromium, tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
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
