"""The order sheet as a PDF: Chromium headless prints the HTML page where it is installed;
otherwise :func:`write_order_pdf` returns None and says why (a :class:`PdfUnavailable`
warning, never a traceback). The target is checked before Chromium starts and written
atomically (:mod:`analgesia.atomic_file`). :mod:`analgesia.order_sheet` re-exports the public
names.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Any

from . import atomic_file, words
from .units import InputError

MAX_TIMEOUT = 600  # seconds Chromium may take to print one page
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-pdf-header-footer")
_CALLER = 3  # warnings name the caller of write_order_pdf, not this module

TEXT = words.catalogue("order_pdf", {
    "pdf_no_browser": "no PDF: Chromium was not found at {path}; open the HTML file and print "
    "it from a browser instead",
    "pdf_failed": "no PDF: Chromium could not print the page ({why}); open the HTML file and "
    "print it from a browser instead",
    "pdf_no_html": "no PDF: the order sheet {path} does not exist",
    "timeout": "a number of seconds from 1 to {n}",
    "browser": "the path of a Chromium program",
    "html_path": "the path of an order sheet written by write_order_sheet",
    "exit": "exit status {code}",
})


class PdfUnavailable(UserWarning):
    """Why no PDF was made (no Chromium, or Chromium failed)."""


def pdf_support(browser: str | Path | None = None) -> tuple[bool, str]:
    """(True, path) when a Chromium to print with is installed, else (False, reason)."""
    if browser is not None and not isinstance(browser, str | os.PathLike):
        raise InputError("browser", type(browser).__name__, TEXT["browser"])
    try:
        exe = Path(browser) if browser is not None else CHROMIUM
        found = exe.is_file() and os.access(exe, os.X_OK)
    except (OSError, ValueError):
        raise InputError("browser", str(browser)[:200], TEXT["browser"]) from None
    if found:
        return True, str(exe)
    return False, TEXT("pdf_no_browser", path=exe)


def _checked(html_path: Any, timeout: Any) -> None:
    # the range first: comparing a huge int is exact, math.isfinite() would overflow on it
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
            1 <= timeout <= MAX_TIMEOUT and math.isfinite(timeout)):
        shown = timeout if isinstance(timeout, int | float) else type(timeout).__name__
        raise InputError("timeout", shown, TEXT("timeout", n=MAX_TIMEOUT))
    if not isinstance(html_path, str | os.PathLike) or (isinstance(html_path, str) and (
            not html_path.strip() or "\0" in html_path)):
        shown = html_path[:80] if isinstance(html_path, str) else type(html_path).__name__
        raise InputError("html_path", shown, TEXT["html_path"])


def _html_file(html_path: str | Path) -> Path | None:
    try:
        html_file = Path(html_path).resolve()
        return html_file if html_file.is_file() else None
    except (OSError, ValueError, RuntimeError):
        return None


def write_order_pdf(html_path: str | Path, pdf_path: str | Path, *,
                    browser: str | Path | None = None, timeout: float = 60) -> Path | None:
    """Print ``html_path`` to ``pdf_path`` with Chromium headless.

    A bad ``pdf_path`` (a folder, a missing or unwritable folder) or ``timeout`` is an
    :class:`InputError`, found before Chromium starts. Returns the PDF path, or None with the
    reason given as a :class:`PdfUnavailable` warning (never a traceback) when the HTML file
    is missing or Chromium is missing or fails. An existing PDF keeps its permissions.
    """
    _checked(html_path, timeout)
    target = atomic_file.target(pdf_path, "pdf_path")
    ok, exe = pdf_support(browser)
    html_file = _html_file(html_path)
    if html_file is None:
        return _no_pdf(TEXT("pdf_no_html", path=html_path))
    if not ok:
        return _no_pdf(exe)
    mode = atomic_file.mode_for(target)
    tmp = atomic_file.temporary(target, "pdf_path")
    profile = None
    try:
        profile = tempfile.mkdtemp(prefix="an-chromium-")
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
               html_file.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return _no_pdf(TEXT("pdf_failed", why=type(exc).__name__))
        if done.returncode != 0 or Path(tmp).stat().st_size == 0:
            return _no_pdf(TEXT("pdf_failed", why=TEXT("exit", code=done.returncode)))
        atomic_file.replace(tmp, target, mode, "pdf_path")
        return target
    except OSError as exc:
        return _no_pdf(TEXT("pdf_failed", why=exc.strerror or type(exc).__name__))
    finally:
        Path(tmp).unlink(missing_ok=True)
        if profile is not None:
            shutil.rmtree(profile, ignore_errors=True)


def _no_pdf(reason: str) -> None:
    warnings.warn(reason, PdfUnavailable, stacklevel=_CALLER)
    return None


__all__ = ["PdfUnavailable", "pdf_support", "write_order_pdf"]
