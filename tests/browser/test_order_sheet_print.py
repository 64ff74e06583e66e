"""Print the Tang order sheet with headless Chromium and check it fits one A4 page.

Skips with a reason when /usr/bin/chromium is missing, except in CI (CI=true), where a missing
browser is a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import analgesia as an
from analgesia import order_sheet as osh

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
A4_POINTS = (595, 842)  # 210 mm x 297 mm in PDF points (1/72 inch)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"browser test needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_page_counter_ignores_the_pages_tree():
    assert _pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page >>") == 2


def test_the_tang_order_sheet_prints_on_one_a4_page(chromium, tmp_path):
    report = an.case.tang2025()
    html_path = osh.write_order_sheet(tmp_path / "tang.html", report.settings, report.reservoir,
                                      "Tang 2025 case, 66-year-old man")
    pdf_path = tmp_path / "tang.pdf"
    profile = tmp_path / "profile"
    done = subprocess.run(
        [str(chromium), *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf_path}", html_path.as_uri()],
        capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box, "no MediaBox in the PDF"
    width, height = (float(x) for x in box.groups())
    assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2


def test_write_order_pdf_makes_a_one_page_pdf(chromium, tmp_path):
    report = an.case.tang2025()
    html_path = osh.write_order_sheet(tmp_path / "t.html", report.settings, report.reservoir,
                                      "Tang 2025 case")
    out = osh.write_order_pdf(html_path, tmp_path / "t.pdf", browser=chromium)
    assert out == (tmp_path / "t.pdf").resolve()
    assert _pages(out.read_bytes()) == 1
