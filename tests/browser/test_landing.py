"""The app's landing page in a real browser: it loads, hides code, says it teaches and does not
prescribe, and links every notebook of the workbook."""

from __future__ import annotations

from pathlib import Path

from .conftest import open_notebook

NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob(
    "[0-9][0-9]_*.ipynb"))


def test_landing_page_links_every_notebook(page, voila_url, tmp_path):
    open_notebook(page, voila_url, "00_start_here.ipynb", "text=Teaching, not prescribing")
    body = page.inner_text("body")
    assert "Teaching, not prescribing" in body
    assert "import analgesia" not in body  # code cells are hidden in app mode
    links = page.eval_on_selector_all("a[href$='.ipynb']", "els => els.map(e => e.href)")
    linked = {href.rsplit("/", 1)[-1] for href in links}
    missing = [n for n in NOTEBOOKS if n != "00_start_here.ipynb" and n not in linked]
    assert not missing, f"landing page does not link {missing}"
    page.screenshot(path=str(tmp_path / "landing.png"), full_page=True)
    assert (tmp_path / "landing.png").stat().st_size > 1000
