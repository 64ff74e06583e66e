"""The static site's Chinese edition (make site) in Debian's Chromium with no internet.

Each Chinese notebook (notebooks/zh-CN) has an app page in voici/render/zh-CN/ whose kernel
speaks Chinese: the page's loader cell sets the workbook's language, because the browser's
kernel starts in the notebook's folder only where it can mount the site's files (a service
worker or a cross-origin-isolated page), which a plain-http intranet server does not give it.
A browser that prefers Chinese lands on the Chinese edition; the landing page offers both.
Chinese text is drawn with the system's CJK font (the site carries no font of its own).

Skips when site/ is not built (make site builds it; .ci/run does).
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from analgesia import words
from analgesia.conversion_chain import chain

from .conftest import offline_context, platform_fonts
from .test_site import PAGE_TIMEOUT, SITE, _need_site, _squash, site_url  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
EDITION = "zh-CN"
ZH_NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks" / EDITION).glob("[0-9][0-9]_*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")
CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                    re.S)
# The converter as its notebook leaves it: the case's table and cut (tang-2025), NRS 6.
CONVERTER = {"table": "tang-2025", "titration": "nccn", "cut": "tang-2025", "nrs": 6}


def _in_chinese(call):
    before = words.language()
    words.set_language("zh_CN")
    try:
        return call()
    finally:
        words.set_language(before)


def converter_answer(dose: str) -> str:
    c = CONVERTER
    return chain([("morphine", "oral", dose)], ("hydromorphone", "subcutaneous"), nrs=c["nrs"],
                 table=c["table"], titration=c["titration"], cut=c["cut"]).answer


def converter_error(dose: str) -> str:
    try:
        converter_answer(dose)
    except ValueError as exc:
        return str(exc)
    raise AssertionError(f"{dose!r} was accepted")


@pytest.fixture(scope="module")
def offline_zh(chromium, playwright_session, site_url, tmp_path_factory):  # noqa: F811
    """A Chromium that prefers Chinese, in which only 127.0.0.1 answers."""
    context, outside = offline_context(playwright_session, chromium, site_url + "/",
                                       tmp_path_factory.mktemp("site-zh-profile"),
                                       locale="zh-CN")
    yield context, outside
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"


# --- the built files -----------------------------------------------------------------------


def test_there_is_a_chinese_edition_to_carry():
    assert len(ZH_NOTEBOOKS) >= 12 and "03_converting_doses" in ZH_NOTEBOOKS


@pytest.mark.parametrize("stem", ZH_NOTEBOOKS)
def test_each_chinese_notebook_has_a_chinese_app_page(stem):
    _need_site()
    page = SITE / "voici" / "render" / EDITION / f"{stem}.html"
    assert page.is_file(), f"{page.relative_to(SITE)} is not built"
    html = page.read_text(encoding="utf-8")
    assert re.search(r'<html lang="zh-CN"', html)
    loader = json.loads(CONFIG.search(html).group(1))["notebookSrc"]["cells"][0]["source"]
    assert 'os.environ["ANALGESIA_LANGUAGE"] = "zh_CN"' in loader
    assert loader.index("ANALGESIA_LANGUAGE") < loader.index("piplite.install")
    assert f'href="/lab/index.html?path={EDITION}/{stem}.ipynb"' in html
    assert f'href="/voici/render/{stem}.html">English</a>' in html
    english = (SITE / "voici" / "render" / f"{stem}.html").read_text(encoding="utf-8")
    assert f'href="/voici/render/{EDITION}/{stem}.html">中文</a>' in english
    assert "ANALGESIA_LANGUAGE" not in english


def test_the_wheel_carries_the_translations():
    _need_site()
    wheel = next((SITE / "pypi").glob("analgesia-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for kind in ("catalogues", "texts"):
        here = {p.name for p in (ROOT / "data" / "locale" / "zh_CN" / kind).glob("*.yaml")}
        inside = {n.rsplit("/", 1)[1] for n in names
                  if n.startswith(f"analgesia/data/locale/zh_CN/{kind}/")}
        assert here and here == inside, sorted(here ^ inside)[:5]


def test_the_site_is_still_verified_and_offline():
    _need_site()
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_site

    assert build_site.remote_references(SITE) == []


# --- in the browser ------------------------------------------------------------------------


def test_a_chinese_browser_lands_on_the_chinese_edition(offline_zh, site_url):  # noqa: F811
    context, outside = offline_zh
    page = context.new_page()
    try:
        page.goto(site_url + "/", timeout=60_000)
        page.wait_for_url(re.compile(r"/voici/render/zh-CN/00_start_here\.html$"),
                          timeout=60_000)
        page.goto(site_url + "/index.html#choose", timeout=60_000)
        hrefs = {page.get_attribute(sel, "href") for sel in (
            "a.analgesia-open-app", "a.analgesia-open-app-zh", "a.analgesia-open-notebook",
            "a.analgesia-open-notebook-zh")}
        assert hrefs == {"voici/render/00_start_here.html",
                         "voici/render/zh-CN/00_start_here.html",
                         "lab/index.html?path=00_start_here.ipynb",
                         "lab/index.html?path=zh-CN/00_start_here.ipynb"}
        assert "仅供教学，不作处方" in page.inner_text("body")
    finally:
        page.close()
    assert outside == []


def test_the_chinese_converter_page_speaks_chinese_offline(offline_zh, site_url, tmp_path):  # noqa: F811
    context, outside = offline_zh
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # 120 mg/day oral morphine, NRS 6: +25-50% = 150-180 mg/day; cut 20% and 10% = 120-162;
    # / 20 (the paper's 60:3) = 6-8.1 mg/day subcutaneous hydromorphone
    wanted = _in_chinese(lambda: converter_answer("120 mg/day"))
    assert wanted.startswith("6-8.1 mg/day") and CJK.search(wanted)
    bad = _in_chinese(lambda: converter_error("abc"))
    assert CJK.search(bad)
    try:
        page.goto(f"{site_url}/voici/render/zh-CN/03_converting_doses.html", timeout=60_000)
        box = page.locator(".an-converter .an-converter-dose input").first
        box.wait_for(state="visible", timeout=PAGE_TIMEOUT)
        page.locator(".an-converter").scroll_into_view_if_needed()
        box.click()
        box.fill("120 mg/day")
        box.press("Enter")
        page.wait_for_function(
            "([sel, want]) => { const el = document.querySelector(sel);"
            " return !!el && el.innerText.replace(/\\s+/g, ' ').includes(want); }",
            arg=[".an-converter-result", wanted], timeout=60_000)
        # the element whose own text holds the drug's Chinese name: which font drew it
        page.evaluate(
            "(sel) => { const walk = document.createTreeWalker(document.querySelector(sel),"
            " NodeFilter.SHOW_TEXT); let n; while ((n = walk.nextNode())) {"
            " if (/[\\u4e00-\\u9fff]/.test(n.textContent)) {"
            " n.parentElement.setAttribute('data-an-cjk', ''); return; } } }",
            ".an-converter-result")
        fonts = platform_fonts(page, "[data-an-cjk]")
        assert any("CJK" in name or "Han" in name or "Hei" in name for name in fonts), fonts
        box.click()
        box.fill("abc")
        box.press("Enter")
        page.wait_for_function(
            "([sel, want]) => { const el = document.querySelector(sel);"
            " return !!el && el.innerText.replace(/\\s+/g, ' ').includes(want); }",
            arg=[".an-converter > .an-message", _squash(bad)], timeout=60_000)
        assert wanted in _squash(page.inner_text(".an-converter-result"))  # left as it was
        page.screenshot(path=str(tmp_path / "zh_converter.png"))
    finally:
        page.close()
    assert not [e for e in errors if "Traceback" in e], errors
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"


@pytest.mark.parametrize("stem", ZH_NOTEBOOKS)
def test_each_chinese_page_shows_its_panel_in_chinese(offline_zh, site_url, stem):  # noqa: F811
    """Every Chinese app page starts its kernel, loads the workbook and shows its widgets,
    whose words are Chinese (a kernel left in English would show English labels)."""
    context, outside = offline_zh
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{site_url}/voici/render/{EDITION}/{stem}.html", timeout=60_000)
        page.wait_for_selector(".widget-box", state="visible", timeout=PAGE_TIMEOUT)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-box')]"
            ".some(b => /[\\u4e00-\\u9fff]/.test(b.innerText))", timeout=60_000)
        # a cell that failed in the browser prints its traceback on the page
        assert "Traceback (most recent call last)" not in page.inner_text("body")
    finally:
        page.close()
    assert not [e for e in errors if "Traceback" in e], errors
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"
