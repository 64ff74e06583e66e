"""The printable PCA order: every setting in mg and mL, safe writing, atomic write, PDF."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import warnings
from pathlib import Path

import pytest

import analgesia as an
from analgesia import markup
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


def _csv_rows(name: str) -> list[dict]:
    """A data file read with the csv module alone, independently of the package."""
    import csv

    from analgesia import references as refs

    with (refs.DATA_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_monitoring_rows_are_sourced(tang_html):
    items = osh.monitoring()
    assert {m.item for m in items} == {"sedation", "respiratory_rate", "oxygen_saturation",
                                       "naloxone", "double_check"}
    for m in items:
        assert m.source.source and m.source.year
        assert markup.text(m.source.cite()) in tang_html
    assert "Sedation score" in tang_html and "Respiratory rate" in tang_html
    assert "Naloxone" in tang_html and "SpO2" in tang_html


def test_every_monitoring_row_of_the_file_is_on_the_sheet(tang_html):
    rows = _csv_rows("monitoring")
    assert len(rows) == 5
    for row in rows:
        assert markup.text(row["what"]) in tang_html
        assert markup.text(row["when"]) in tang_html


def test_the_naloxone_lines_come_from_the_naloxone_rows(tang_html):
    rows = _csv_rows("naloxone")
    texts = {(r["item"], r["rule_set"]): r["what"] for r in rows}
    for key in [("criteria", "fast-facts-39"), ("first_steps", "boland-2013"),
                ("goal", "boland-2013"), ("repeat", "fast-facts-39"), ("route", "boland-2013")]:
        assert markup.text(texts[key]) in tang_html, key
    # dilution by hand: 0.4 mg / 10 mL = 0.04 mg/mL; Boland 2013: 0.02-0.1 mg every 2 min
    # = 0.02 / 0.04 = 0.5 mL to 0.1 / 0.04 = 2.5 mL; no response after 0.8 mg = 20 mL
    assert "Dilute 0.4 mg naloxone to 10 mL" in tang_html and "0.04 mg/mL" in tang_html
    assert "0.02-0.1 mg (0.5-2.5 mL of 0.04 mg/mL) every 2 min" in tang_html
    assert "0.8 mg in all (20 mL of 0.04 mg/mL)" in tang_html
    assert markup.text("Boland J, Boland E, Brooks D") in tang_html


def test_the_naloxone_section_follows_a_changed_data_row(tmp_path, monkeypatch):
    import csv
    import shutil

    from analgesia import references as refs

    root = tmp_path / "data"
    shutil.copytree(refs.DATA_DIR, root)
    path = root / "naloxone.csv"
    with path.open(newline="", encoding="utf-8") as h:
        rows = list(csv.DictReader(h))
    for r in rows:
        if (r["item"], r["rule_set"]) == ("increment", "boland-2013"):
            r["low"], r["high"] = "0.04", "0.04"
    with path.open("w", newline="", encoding="utf-8") as h:
        writer = csv.DictWriter(h, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(refs, "DATA_DIR", root)
    page = osh.order_sheet_html(TANG.settings, TANG.reservoir, "Tang")
    assert "Give 0.04 mg (1 mL of 0.04 mg/mL) every 2 min" in page        # 0.04 / 0.04 = 1 mL
    assert "0.02-0.1 mg" not in page


def test_each_source_is_listed_once_and_every_reference_number_exists(tang_html):
    import re

    listed = re.findall(r"<li>\[(\d+)\] ", tang_html)
    assert listed == [str(i) for i in range(1, len(listed) + 1)]
    used = {int(n) for n in re.findall(r"\[(\d+)\]</(?:td|li)>", tang_html)}
    assert used and used <= set(range(1, len(listed) + 1))


def test_an_hour_limit_is_printed_in_mg_and_ml():
    sol = pr.solve(pr.load_cases().get("severe-pain-nrs8"))
    page = osh.order_sheet_html(sol.settings, sol.reservoir, "practice")
    # 3 x (14 mg/day / 24 h) = 1.75 mg/h = 1.75 mL/h at 1 mg/mL
    assert "1.75 mg/h" in page and "1.75 mL/h" in page


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

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Breaks(real_fdopen(fd, *a, **k)))
    with pytest.raises(OSError):
        osh.write_order_sheet(path, TANG.settings, TANG.reservoir, "Tang")
    assert path.read_text(encoding="utf-8") == "OLD SHEET"
    assert [p.name for p in tmp_path.iterdir()] == ["order.html"]      # no temporary file left


def test_a_failing_replace_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "order.html"
    path.write_text("OLD SHEET", encoding="utf-8")

    def boom(src, dst):
        raise PermissionError("replace refused")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(an.InputError, match="path"):
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


# --- bad targets, temporary files and permissions (issue 9, item 8) ---------------------------


def _write(path, **kw):
    return osh.write_order_sheet(path, TANG.settings, TANG.reservoir, "Tang", **kw)


def _left(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_folder_as_target_is_an_input_error_naming_the_field(tmp_path):
    (tmp_path / "sheets").mkdir()
    with pytest.raises(an.InputError, match="path") as exc:
        _write(tmp_path / "sheets")
    assert "folder" in str(exc.value)
    assert _left(tmp_path) == ["sheets"] and _left(tmp_path / "sheets") == []


def test_a_missing_folder_is_an_input_error_naming_the_field(tmp_path):
    with pytest.raises(an.InputError, match="path") as exc:
        _write(tmp_path / "no" / "such" / "order.html")
    assert "does not exist" in str(exc.value)
    assert _left(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder: see the next test")
def test_an_unwritable_folder_is_an_input_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(an.InputError, match="path"):
            _write(folder / "order.html")
        assert _left(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_folder_that_refuses_the_temporary_file_is_an_input_error(tmp_path, monkeypatch):
    # what an unwritable folder does even to root (a read-only mount, a quota)
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(an.InputError, match="path") as exc:
        _write(tmp_path / "order.html")
    assert "Permission denied" in str(exc.value)
    assert _left(tmp_path) == []


@pytest.mark.parametrize("path", [None, 3, "", "   ", "a\0b", ["x.html"], b"x.html"])
def test_a_path_that_is_not_a_path_is_an_input_error(path):
    with pytest.raises(an.InputError, match="path"):
        _write(path)


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "order.html"
    path.write_text("OLD SHEET", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl+C in the kernel while the sheet is being written

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _write(path)
    assert path.read_text(encoding="utf-8") == "OLD SHEET"
    assert _left(tmp_path) == ["order.html"]


def test_a_temporary_file_left_by_a_killed_write_is_swept_up(tmp_path):
    # A process killed between mkstemp and rename leaves '.order.html-XXXX.tmp' behind.
    stale = tmp_path / ".order.html-abc123.tmp"
    stale.write_text("half a sheet")
    old = stale.stat().st_mtime - osh.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    fresh = tmp_path / ".order.html-def456.tmp"  # may belong to a write still running
    fresh.write_text("being written")
    unrelated = tmp_path / ".other.html-abc123.tmp"
    unrelated.write_text("not ours")
    os.utime(unrelated, (old, old))
    _write(tmp_path / "order.html")
    assert _left(tmp_path) == [".order.html-def456.tmp", ".other.html-abc123.tmp",
                               "order.html"]


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664, 0o600])
def test_an_existing_sheet_keeps_its_permissions(tmp_path, mode):
    path = tmp_path / "order.html"
    path.write_text("OLD SHEET", encoding="utf-8")
    path.chmod(mode)
    _write(path)
    assert "0.55 mg/h" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_sheet_gets_the_umask_mode_not_0600(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        path = _write(tmp_path / "order.html")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == expected


def _fake_chromium(tmp_path, marker):
    """A stand-in for Chromium that notes it ran and writes a tiny PDF where it is told."""
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\n"
                    f"touch '{marker}'\n"
                    'for a in "$@"; do case "$a" in --print-to-pdf=*) '
                    'printf "%%PDF-1.4 fake" > "${a#--print-to-pdf=}";; esac; done\n')
    fake.chmod(0o755)
    return fake


@pytest.mark.parametrize("where", ["folder", "missing parent"])
def test_the_pdf_target_is_checked_before_chromium_runs(tmp_path, where):
    marker = tmp_path / "chromium-ran"
    fake = _fake_chromium(tmp_path, marker)
    html_path = _write(tmp_path / "o.html")
    target = tmp_path / "pdfs"
    if where == "folder":
        target.mkdir()
    else:
        target = target / "o.pdf"
    with pytest.raises(an.InputError, match="pdf_path"):
        osh.write_order_pdf(html_path, target, browser=fake)
    assert not marker.exists()


def test_the_pdf_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    marker = tmp_path / "chromium-ran"
    fake = _fake_chromium(tmp_path, marker)
    html_path = _write(tmp_path / "o.html")
    pdf = tmp_path / "o.pdf"
    pdf.write_bytes(b"old")
    pdf.chmod(0o640)
    assert osh.write_order_pdf(html_path, pdf, browser=fake) == pdf.resolve()
    assert marker.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), 10 ** 9, "60", None,
                                     True])
def test_a_bad_timeout_is_an_input_error(tmp_path, timeout):
    html_path = _write(tmp_path / "o.html")
    with pytest.raises(an.InputError, match="timeout"):
        osh.write_order_pdf(html_path, tmp_path / "o.pdf", timeout=timeout)


@pytest.mark.parametrize("html_path", [None, 3, "", "\0"])
def test_a_bad_html_path_is_an_input_error(tmp_path, html_path):
    with pytest.raises(an.InputError, match="html_path"):
        osh.write_order_pdf(html_path, tmp_path / "o.pdf")


@pytest.mark.parametrize("browser", [3, ["chromium"], object()])
def test_a_bad_browser_is_an_input_error(browser):
    with pytest.raises(an.InputError, match="browser"):
        osh.pdf_support(browser)


# --- every text on the sheet is escaped (issue 9, item 7) --------------------------------------

MARKUP = ('<img src=x onerror="alert(1)">', "<script>alert(1)</script>", "<b>x</b>")


def _raw_markup(page: str) -> list[str]:
    return [m for m in ("<img", "<script", "<b>x") if m in page]


@pytest.mark.parametrize("evil", MARKUP)
def test_markup_in_the_patient_label_and_prescriber_is_shown_as_text(evil):
    page = osh.order_sheet_html(TANG.settings, TANG.reservoir, f"patient {evil}",
                                prescriber=f"Dr {evil}")
    assert _raw_markup(page) == []
    assert markup.text(f"patient {evil}") in page and markup.text(f"Dr {evil}") in page


def test_markup_in_the_monitoring_data_is_shown_as_text(tmp_path, monkeypatch):
    import csv
    import shutil

    from analgesia import references as refs

    root = tmp_path / "data"
    shutil.copytree(refs.DATA_DIR, root)
    path = root / "monitoring.csv"
    with path.open(newline="", encoding="utf-8") as h:
        rows = list(csv.reader(h))
    head = rows[0]
    evil = dict(zip(head, rows[1], strict=True))
    evil.update(item="evil", what=MARKUP[0], when=MARKUP[1], source=MARKUP[2])
    rows.append([evil[c] for c in head])
    with path.open("w", newline="", encoding="utf-8") as h:
        csv.writer(h).writerows(rows)
    monkeypatch.setattr(refs, "DATA_DIR", root)
    page = osh.order_sheet_html(TANG.settings, TANG.reservoir, "Tang")
    assert _raw_markup(page) == []
    assert "&lt;img src=x" in page and "&lt;script&gt;" in page and "&lt;b&gt;x" in page


@pytest.mark.parametrize("evil", MARKUP)
def test_markup_reaches_the_written_and_printed_sheet_as_text(tmp_path, evil):
    path = osh.write_order_sheet(tmp_path / "o.html", TANG.settings, TANG.reservoir, evil,
                                 prescriber=evil)
    assert _raw_markup(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("label, field", [(5, "patient_label"), ("x" * 10_000, "patient_label"),
                                          (None, "patient_label")])
def test_odd_labels_are_input_errors(label, field):
    with pytest.raises(an.InputError, match=field):
        osh.order_sheet_html(TANG.settings, TANG.reservoir, label)


@pytest.mark.parametrize("prescriber", [5, ["Dr X"], "x" * 10_000])
def test_odd_prescribers_are_input_errors(prescriber):
    with pytest.raises(an.InputError, match="prescriber"):
        osh.order_sheet_html(TANG.settings, TANG.reservoir, "Tang", prescriber=prescriber)
