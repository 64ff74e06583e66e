"""The printable PCA order: every setting in mg and mL, safe writing, atomic write, PDF."""

from __future__ import annotations

import html
import os
import re
import warnings
from pathlib import Path

import pytest

import analgesia as an
from analgesia import order_sheet as osh
from analgesia import practice as pr

# The Tang 2025 pump as printed: 100 mg in 200 mL = 0.5 mg/mL; background 0.55 mg/h = 1.1 mL/h;
# bolus 0.65 mg = 1.3 mL; lockout 15 min; no hour limit (0.55 + 4 x 0.65 = 3.15 mg/h possible).
TANG = an.case.tang2025()


@pytest.fixture(scope="module")
def tang_html() -> str:
    return osh.order_sheet_html(TANG.settings, TANG.reservoir, "Tang 2025 case, 66-year-old man")


@pytest.mark.parametrize("text", ["0.55 mg/h", "1.1 mL/h", "0.65 mg", "1.3 mL", "15 min",
                                  "0.5 mg/mL", "hour limit", "TEACHING EXAMPLE"])
def test_the_tang_sheet_holds_each_setting_exactly(tang_html, text):
    assert text in tang_html


def test_the_missing_hour_limit_is_shown_with_what_the_lockout_allows(tang_html):
    assert "3.15 mg/h" in tang_html and "6.3 mL/h" in tang_html       # 3.15 / 0.5 = 6.3 mL/h


def test_the_reservoir_recipe_is_written_out(tang_html):
    assert "100 mg HYDROmorphone (100 mL) + 100 mL sodium chloride 0.9% = 200 mL" in tang_html


def test_safe_writing(tang_html):
    assert not re.search(r"\bug\b|µg|μg", tang_html)
    assert "SC" not in tang_html and "SQ" not in tang_html
    assert not re.search(r"\bU\b|\bQD\b|\bcc\b", tang_html)
    assert not re.search(r"\d\.0 ", tang_html)
    assert not re.search(r"(?<![\w.])\.\d", tang_html)                 # no naked decimal point
    assert "subcutaneous" in tang_html


def test_print_css_is_a4_with_margins(tang_html):
    assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:", tang_html)


def test_monitoring_rows_are_sourced(tang_html):
    items = osh.monitoring()
    assert {m.item for m in items} == {"sedation", "respiratory_rate", "naloxone"}
    for m in items:
        assert m.source.source and m.source.year
        assert html.escape(m.source.cite()) in tang_html
    assert "Sedation score" in tang_html and "Respiratory rate" in tang_html
    assert "Naloxone" in tang_html


def test_an_hour_limit_is_printed_in_mg_and_ml():
    sol = pr.solve(pr.load_cases().get("severe-pain-nrs8"))
    page = osh.order_sheet_html(sol.settings, sol.reservoir, "practice")
    # 3 x 0.35 mg/h = 1.05 mg/h = 2.1 mL/h at 0.5 mg/mL
    assert "1.05 mg/h" in page and "2.1 mL/h" in page


def test_microgram_drugs_are_written_in_mcg():
    res = an.Reservoir(drug="fentanyl", drug_amount="1 mg", drug_volume="20 mL",
                       diluent_volume="80 mL")
    pcs = an.PcaSettings(background="0.025 mg/h", bolus="0.01 mg", lockout="10 min",
                         drug="fentanyl", route="intravenous")
    page = osh.order_sheet_html(pcs, res, "fentanyl example")
    assert "25 mcg/h" in page and "10 mcg" in page and "10 mcg/mL" in page
    assert "intravenous" in page


def test_bad_input_is_a_value_error_naming_the_field():
    with pytest.raises(ValueError, match="patient_label"):
        osh.order_sheet_html(TANG.settings, TANG.reservoir, "  ")
    with pytest.raises(ValueError, match="reservoir"):
        other = an.Reservoir(drug="morphine", drug_amount="100 mg", drug_volume="100 mL")
        osh.order_sheet_html(TANG.settings, other, "x")


def test_write_creates_the_file(tmp_path):
    path = osh.write_order_sheet(tmp_path / "order.html", TANG.settings, TANG.reservoir, "Tang")
    assert "0.55 mg/h" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["order.html"]


def test_a_failure_mid_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "order.html"
    path.write_text("OLD SHEET", encoding="utf-8")
    real_fdopen = os.fdopen

    class Breaks:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[: len(text) // 2])      # half the page, then the disk fails
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(osh.os, "fdopen", lambda fd, *a, **k: Breaks(real_fdopen(fd, *a, **k)))
    with pytest.raises(OSError):
        osh.write_order_sheet(path, TANG.settings, TANG.reservoir, "Tang")
    assert path.read_text(encoding="utf-8") == "OLD SHEET"
    assert [p.name for p in tmp_path.iterdir()] == ["order.html"]      # no temporary file left


def test_a_failing_replace_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "order.html"
    path.write_text("OLD SHEET", encoding="utf-8")

    def boom(src, dst):
        raise PermissionError("replace refused")

    monkeypatch.setattr(osh.os, "replace", boom)
    with pytest.raises(PermissionError):
        osh.write_order_sheet(path, TANG.settings, TANG.reservoir, "Tang")
    assert path.read_text(encoding="utf-8") == "OLD SHEET"
    assert [p.name for p in tmp_path.iterdir()] == ["order.html"]


def test_pdf_without_a_browser_returns_none_with_a_reason(tmp_path):
    html_path = osh.write_order_sheet(tmp_path / "o.html", TANG.settings, TANG.reservoir, "T")
    with pytest.warns(osh.PdfUnavailable, match="Chromium was not found"):
        out = osh.write_order_pdf(html_path, tmp_path / "o.pdf", browser=tmp_path / "nothing")
    assert out is None and not (tmp_path / "o.pdf").exists()


def test_pdf_of_a_missing_html_file_says_so(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert osh.write_order_pdf(tmp_path / "none.html", tmp_path / "o.pdf") is None
    assert "does not exist" in str(caught[0].message)


def test_a_browser_that_fails_gives_none_not_a_traceback(tmp_path):
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    html_path = osh.write_order_sheet(tmp_path / "o.html", TANG.settings, TANG.reservoir, "T")
    with pytest.warns(osh.PdfUnavailable, match="exit status 3"):
        assert osh.write_order_pdf(html_path, tmp_path / "o.pdf", browser=fake) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "o.html"]


def test_pdf_support_reports_the_browser():
    ok, text = osh.pdf_support(Path("/no/such/chromium"))
    assert not ok and "/no/such/chromium" in text
