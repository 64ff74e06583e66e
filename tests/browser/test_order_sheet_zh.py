"""The Chinese order sheet in a browser: its Chinese text is drawn with a CJK font (glyphs,
not empty boxes), its doses with the Latin font, and printed it is one A4 page.

Chromium says which installed font drew a node's text (DevTools ``CSS.getPlatformFontsForNode``);
a canvas shows whether a character has a glyph: a character no font has is drawn as the same
empty box as any other missing one.
"""

from __future__ import annotations

import re

import pytest

import analgesia as an
from analgesia import order_sheet as osh
from analgesia import words

from .conftest import platform_fonts

CJK_FAMILY = "Noto Sans CJK SC"
LATIN_FAMILY = "DejaVu Sans"

# Draw each text on a canvas in the page's body font; return the pixels' data as text, so
# that two drawings can be compared.
DRAW = """([texts, font]) => texts.map(t => {
  const c = document.createElement('canvas'); c.width = 64; c.height = 64;
  const g = c.getContext('2d'); g.font = font; g.fillStyle = '#000';
  g.fillText(t, 4, 48);
  return Array.from(g.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
})"""


@pytest.fixture(scope="module")
def sheet_zh(tmp_path_factory):
    before = words.language()
    words.set_language("zh_CN")
    try:
        report = an.case.tang2025()
        folder = tmp_path_factory.mktemp("order-zh")
        path = osh.write_order_sheet(folder / "tang_zh.html", report.settings,
                                     report.reservoir, "示例患者，66 岁男性")
    finally:
        words.set_language(before)
    return path


@pytest.fixture()
def printed(page, sheet_zh):
    page.goto(sheet_zh.as_uri())
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready")
    return page


def test_the_title_is_drawn_with_the_cjk_font(printed):
    assert "患者自控镇痛" in printed.inner_text("h1")
    fonts = platform_fonts(printed, "h1")
    # 患者自控镇痛（PCA）泵医嘱单: every glyph from the CJK font, which has Latin letters too
    assert fonts.get(CJK_FAMILY, 0) >= len("患者自控镇痛泵医嘱单"), fonts


def test_a_dose_is_drawn_with_the_latin_font(printed):
    cell = printed.locator(".an-order-settings td.an-order-value").first
    assert re.fullmatch(r"0\.55 mg/h", cell.inner_text().strip())
    fonts = platform_fonts(printed, ".an-order-settings td.an-order-value")
    assert set(fonts) == {LATIN_FAMILY}, fonts


def test_chinese_characters_have_glyphs_not_boxes(printed):
    font = printed.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith(f'"{CJK_FAMILY}"'), font
    hydro, morph, missing, other_missing = printed.evaluate(
        DRAW, [["氢", "吗", "\U0010fffd", "\U0010fffc"], f"40px {font}"])
    assert missing == other_missing          # the check can fail: two boxes look the same
    assert hydro != missing and morph != missing and hydro != morph


def test_the_printed_chinese_sheet_is_one_a4_page(printed):
    pdf = printed.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box and abs(float(box.group(1)) - 595) < 2 and abs(float(box.group(2)) - 842) < 2
