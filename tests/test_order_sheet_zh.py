"""The order sheet in Chinese: Chinese words, the same numbers and units, one A4 page in PDF
with the CJK glyphs carried inside the file.

Expected values are the Tang 2025 pump as the paper prints it (100 mg hydromorphone in 200 mL
= 0.5 mg/mL; background 0.55 mg/h = 1.1 mL/h; bolus 0.65 mg = 1.3 mL; lockout 15 min; no hour
limit, so 0.55 + 4 x 0.65 = 3.15 mg/h = 6.3 mL/h possible) and the Chinese headings written
out here as a clinician reads them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import analgesia as an
from analgesia import order_sheet as osh
from analgesia import words

CHROMIUM = Path("/usr/bin/chromium")
# Latin words a Chinese sheet may carry: units, abbreviations a Chinese clinician writes in
# Latin letters, a scale's eponym and the workbook's own name. Citations (the sources list)
# stay as the documents are titled and are not scanned.
ALLOWED_LATIN = {"mg", "mcg", "mL", "h", "min", "PCA", "NRS", "SpO2", "Pasero", "analgesia"}
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADINGS = ("患者自控镇痛（PCA）泵医嘱单", "教学示例", "镇痛泵参数设置", "背景剂量", "锁定时间",
            "纳洛酮", "参考来源", "处方医师")
LABEL = "示例患者，66 岁男性"


@pytest.fixture(scope="module")
def chinese():
    before = words.language()
    words.set_language("zh-CN")
    yield
    words.set_language(before)


@pytest.fixture(scope="module")
def tang_zh(chinese) -> str:
    report = an.case.tang2025()
    return osh.order_sheet_html(report.settings, report.reservoir, LABEL)


def _visible_text(page: str, *, citations: bool) -> str:
    body = page.split("<body", 1)[1].split(">", 1)[1]
    if not citations:
        body = re.sub(r'<ul class="an-order-sources">.*?</ul>', " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text))


@pytest.mark.parametrize("heading", HEADINGS)
def test_the_chinese_sheet_has_its_chinese_headings(tang_zh, heading):
    assert heading in tang_zh


def test_the_page_says_it_is_chinese(tang_zh):
    assert '<html lang="zh-CN">' in tang_zh


def test_no_english_learner_sentence_outside_the_citations(tang_zh):
    text = _visible_text(tang_zh, citations=False)
    assert not _latin_words(text) - ALLOWED_LATIN
    assert "subcutaneous" not in text and "皮下" in text           # the route, in full


def test_the_scan_finds_english():
    english = '<body class="x"><p>Bolus (PCA dose) 0.65 mg</p><ul class="an-order-sources">' \
              "<li>Boland J</li></ul></body>"
    assert _latin_words(_visible_text(english, citations=False)) - ALLOWED_LATIN == {
        "Bolus", "dose"}


def test_citations_keep_their_titles_and_say_their_status_in_chinese(tang_zh):
    sources = re.search(r'<ul class="an-order-sources">(.*?)</ul>', tang_zh, re.S).group(1)
    assert "Clin Med (Lond) 2013;13(2):149-151" in sources          # Boland 2013, as titled
    assert "[未核实]" in sources and "[unverified]" not in sources
    assert "Workbook teaching" not in sources


@pytest.mark.parametrize("text", ["0.55 mg/h", "1.1 mL/h", "0.65 mg", "1.3 mL", "15 min",
                                  "0.5 mg/mL", "3.15 mg/h", "6.3 mL/h", "200 mL"])
def test_numbers_and_units_are_written_as_in_english(tang_zh, text):
    assert text in tang_zh


def test_safe_writing_holds_in_chinese(tang_zh):
    assert not re.search(r"\bug\b|µg|μg", tang_zh)
    assert not re.search(r"\d\.0 ", tang_zh)                         # no trailing zero
    assert not re.search(r"(?<![\w.])\.\d", tang_zh)                 # a leading zero
    assert not re.search(r"\b(SC|SQ|IV|U|QD|cc)\b", _visible_text(tang_zh, citations=False))


def test_a_microgram_drug_keeps_mcg_in_chinese(chinese):
    res = an.Reservoir(drug="fentanyl", drug_amount="1 mg", drug_volume="20 mL",
                       diluent_volume="80 mL")
    pcs = an.PcaSettings(background="0.025 mg/h", bolus="0.01 mg", lockout="10 min",
                         drug="fentanyl", route="intravenous")
    page = osh.order_sheet_html(pcs, res, LABEL)
    # 0.025 mg/h = 25 mcg/h; 0.01 mg = 10 mcg; 1 mg in 100 mL = 10 mcg/mL
    assert "25 mcg/h" in page and "10 mcg" in page and "10 mcg/mL" in page
    assert "芬太尼" in page and "静脉" in page


def test_the_print_css_names_a_cjk_family_first_and_latin_for_values(tang_zh):
    body = re.search(r"--an-body-fonts:\s*([^;]+);", tang_zh).group(1)
    value = re.search(r"--an-value-fonts:\s*([^;]+);", tang_zh).group(1)
    assert body.startswith('"Noto Sans CJK SC"')
    assert value.startswith('"DejaVu Sans"') and "Noto Sans CJK SC" in value
    assert re.search(r"\.an-order-value\s*{[^}]*var\(--an-value-fonts\)", tang_zh)


def test_english_sheet_keeps_its_latin_fonts():
    before = words.language()
    words.set_language("en")
    try:
        report = an.case.tang2025()
        page = osh.order_sheet_html(report.settings, report.reservoir, "Tang 2025 case")
    finally:
        words.set_language(before)
    assert '<html lang="en">' in page and "Noto Sans CJK" not in page
    assert "subcutaneous" in page


# --- the PDF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"the PDF needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def tang_pdf(chinese, chromium, tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("zh-pdf")
    report = an.case.tang2025()
    html = osh.write_order_sheet(folder / "tang.html", report.settings, report.reservoir,
                                 LABEL)
    out = osh.write_order_pdf(html, folder / "tang.pdf", browser=chromium, timeout=120)
    assert out is not None
    return out.read_bytes()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Each numbered object's dictionary text (streams cut off), by object number."""
    found = {}
    for m in re.finditer(rb"(\d+)\s+0\s+obj\s*(.*?)(?:stream\r?\n|endobj)", pdf, re.S):
        found[int(m.group(1))] = m.group(2)
    return found


def _embedded_cjk_fonts(pdf: bytes) -> list[str]:
    """Names of the CJK fonts (name with CJK or Han) whose glyphs are inside the file: a font
    program (/FontFile2, /FontFile3), or a Type 3 font's glyph procedures (/CharProcs), which
    is how Chromium's PDF writer carries a CFF-outlined font such as Noto Sans CJK."""
    objects = _objects(pdf)
    found = []
    for number, body in objects.items():
        name = re.search(rb"/FontName\s*/(?:[A-Z]{6}\+)?([^\s/>]+)", body)
        if not name or not re.search(rb"CJK|Han", name.group(1)):
            continue
        if re.search(rb"/FontFile[23]\s+\d+\s+0\s+R", body):
            found.append(name.group(1).decode())
            continue
        for font in objects.values():
            if (re.search(rb"/FontDescriptor\s+%d\s+0\s+R" % number, font)
                    and b"/Subtype /Type3" in font and b"/CharProcs" in font):
                found.append(name.group(1).decode())
    return found


def test_pdf_helpers_can_fail():
    assert _pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page >>") == 2
    bare = (b"1 0 obj\n<</Type /FontDescriptor /FontName /AAAAAA+NotoSansCJKsc-Regular>>"
            b"\nendobj\n")
    assert _embedded_cjk_fonts(bare) == []                 # named but not carried
    program = bare.replace(b">>", b" /FontFile2 9 0 R>>")
    assert _embedded_cjk_fonts(program) == ["NotoSansCJKsc-Regular"]
    type3 = bare + b"2 0 obj\n<</Type /Font /Subtype /Type3 /CharProcs 7 0 R " \
                   b"/FontDescriptor 1 0 R>>\nendobj\n"
    assert _embedded_cjk_fonts(type3) == ["NotoSansCJKsc-Regular"]


def test_the_chinese_pdf_is_one_a4_page(tang_pdf):
    assert tang_pdf.startswith(b"%PDF")
    assert _pages(tang_pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", tang_pdf)
    assert box, "no MediaBox in the PDF"
    width, height = (float(x) for x in box.groups())
    assert abs(width - 595) < 2 and abs(height - 842) < 2      # 210 x 297 mm in points


def test_the_chinese_pdf_carries_a_cjk_font(tang_pdf):
    fonts = _embedded_cjk_fonts(tang_pdf)
    assert any("CJKsc" in f or "SC" in f for f in fonts), fonts


# --- the static site: the browser's kernel ---------------------------------------------------


def test_a_sheet_written_under_the_browsers_umask_reads_back(tmp_path, monkeypatch):
    """Pyodide (the static site's kernel) reports umask 0777: a new sheet must still be
    readable and writable by its owner (0666 & ~0777 = 0, plus owner read and write = 0600),
    or the practice notebook's cell that reads the sheet back fails in the browser."""
    from analgesia import atomic_file

    monkeypatch.setattr(atomic_file, "_umask", lambda: 0o777)
    assert atomic_file.mode_for(tmp_path / "new.html") == 0o600
    report = an.case.tang2025()
    path = osh.write_order_sheet(tmp_path / "new.html", report.settings, report.reservoir,
                                 "Tang 2025 case")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert "0.55 mg/h" in path.read_text(encoding="utf-8")
