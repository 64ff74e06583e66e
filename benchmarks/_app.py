"""Start the app the way the browser tests do: Voila on the notebooks folder on a free loopback
port, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("ANALGESIA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 720}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def voila(timeout: float = 60) -> Iterator[str]:
    """Run Voila on 127.0.0.1 and a free port; yield its base URL; stop it afterwards."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser",
             f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=False"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"voila exited early: {log.read()[-2000:]}")
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("voila did not start") from None
                    time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser context on Debian's Chromium at a 1280x720 viewport."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport=VIEWPORT)
        try:
            yield context
        finally:
            context.close()


def open_notebook(page, base: str, name: str, ready: str, timeout: float = 90_000):
    page.goto(f"{base}/voila/render/{name}", timeout=timeout)
    page.wait_for_selector(ready, state="visible", timeout=timeout)
    return page
