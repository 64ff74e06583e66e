"""The Chinese edition in app mode (issue 15): every page of ``notebooks/zh-CN/`` opened in
Voila in Debian's Chromium, as a Chinese-reading learner sees it.

- Each panel with a text box (converter 03, pump 04, titration 05, drug levels 06, rotation
  07, practice 10): one bad value shows a Chinese message in the panel's message line (the
  core's own message in Chinese, CJK characters and no English sentence), and one good value
  shows the result: the figures of a hand calculation written here, with the words in Chinese.
- Every page: the disclaimer in Chinese once, and no English learner-facing word in its visible
  text (figures' titles and axes included). Allowed: units, abbreviations (PCA, NRS, NCCN,
  OME, IV...), drug product names, Latin prescription abbreviations (q12h, tid...), single
  letters, names of files and code a page points to (data/rules.csv, an.case.tang2025()),
  and whatever is quoted or cited: words in quotation marks, the paper's verbatim quotes and
  the sources as the data files name them (``source``, ``url``, ``quote``, ``location``
  fields), citations (Tang 2025, [Pallipedia (2016)], [fast-facts-92]), reference lines
  (et al., year;volume, DOI, URL) and the page's reference list (its 参考文献 cell).

The kernel of a page in ``notebooks/zh-CN/`` speaks Chinese because it starts in that folder
(analgesia.words). One Voila server (the session's) serves every page; each page is loaded
once: the panel test (first) keeps the text the page showed before anyone typed, for the scan.
Run this file alone:

    .venv/bin/python -m pytest tests/browser/test_chinese.py

``ANALGESIA_NOTEBOOK_ROOT=/some/notebooks`` serves another notebooks folder (with its own
``zh-CN/``) from a Voila of this module's own, to check an edition before it is committed.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import free_port, open_notebook, serving, voila_command

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOK_ROOT = Path(os.environ.get("ANALGESIA_NOTEBOOK_ROOT") or ROOT / "notebooks")
EDITION = "zh-CN"
# The Chinese edition has the English notebooks' names (tests/test_editions.py).
PAGES = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DISCLAIMER_ZH = "仅供教学"
# A page has loaded when its disclaimer shows (in English too: the scan then says so).
LOADED = f"text=/{DISCLAIMER_ZH}|Teaching, not prescribing/"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# --- the package's Chinese, read in this process -------------------------------------------

@contextlib.contextmanager
def chinese() -> Iterator[None]:
    """The package speaks Chinese inside the block, and its earlier language afterwards."""
    from analgesia import words

    before = words.language()
    words.set_language("zh_CN")
    try:
        yield
    finally:
        words.set_language(before)


def core_error(call: Callable[[], object]) -> str | None:
    """The core's Chinese message for a bad value (None when the core accepts it)."""
    with chinese():
        try:
            call()
        except ValueError as exc:
            return str(exc)
    return None


def error_prefix() -> str:
    from analgesia.widgets._base import TEXT

    with chinese():
        return TEXT["error_prefix"]


# --- the panels ---------------------------------------------------------------------------

def _converter(dose: str) -> None:
    from analgesia.conversion_chain import chain

    chain([("morphine", "oral", dose)], ("hydromorphone", "subcutaneous"), nrs=6,
          table="tang-2025", titration="nccn", cut="tang-2025")


def _pump(bolus: str) -> None:
    from analgesia import pump

    reservoir = pump.Reservoir(drug="hydromorphone", drug_amount="100 mg",
                               drug_volume="100 mL", diluent_volume="100 mL")
    pump.PcaSettings(background="0.55 mg/h", bolus=bolus, lockout="15 min", hour_limit=None,
                     drug="hydromorphone", route="subcutaneous").describe(reservoir)


def _titration(day5: str) -> None:
    from analgesia import titration

    days = [titration.TitrationDay(day=d.day, boluses=day5 if d.day == 5 else d.boluses_text,
                                   nrs="" if d.nrs is None else str(d.nrs),
                                   breakthrough=d.breakthrough)
            for d in titration.case_days()]
    titration.titration_log(titration.case_settings(), days, titration.case_reservoir())


def _levels(duration: str) -> None:
    from analgesia.widgets.drug_levels import DrugLevelPanel

    panel = DrugLevelPanel(figure=False)
    panel.duration.value = duration
    if panel.error:
        raise ValueError(panel.error)


def _rotation(dose: str) -> None:
    from analgesia.rotation import rotation_plan

    rotation_plan(dose, "tang-2025", "tang-2025", "25 mcg/h", 5, "Duragesic", "0.55 mg/h")


def _practice(bolus: str) -> None:
    from analgesia import practice as pr

    pr.compare(pr.load_cases().get("severe-pain-nrs8"), {"bolus": bolus})


@dataclass(frozen=True)
class Panel:
    name: str
    notebook: str
    hook: str  # the panel's CSS class
    box: str  # the text box typed into
    result: str  # the element showing the result
    bad: str
    good: str
    shown: tuple[str, ...]  # what the result shows for ``good``, by hand calculation
    core: Callable[[str], None]  # the core's call for a typed value (raises on a bad one)


PANELS = [
    # 300 mg/day oral morphine, NRS 6 (NCCN: +25-50%), the paper's 10-20% cut and 60:3 ratio:
    # 300 x 1.25 x 0.8 / 20 = 15; 300 x 1.5 x 0.9 / 20 = 20.25 mg/day hydromorphone
    Panel("converter", "03_converting_doses.ipynb", "an-converter", ".an-converter-dose",
          ".an-converter-result", "-50 mg/day", "300 mg/day", ("15-20.25 mg/day",), _converter),
    # 0.8 mg / 0.5 mg/mL = 1.6 mL
    Panel("pump", "04_programming_the_pump.ipynb", "an-pump", ".an-pump-bolus",
          ".an-pump-display", "-0.5 mg", "0.8 mg", ("0.8 mg", "1.6 mL"), _pump),
    # day 5: 0.55 mg/h x 24 h = 13.2 mg + 4 x 0.65 mg = 15.8 mg; at 0.5 mg/mL 31.6 mL
    Panel("titration", "05_titration_days.ipynb", "an-titration", ".an-titration-boluses-5",
          ".an-titration-table", "-1", "4", ("15.8 mg", "31.6 mL"), _titration),
    # day 2 has no presses: 0.55 mg/h x 24 h = 13.2 mg
    Panel("drug-levels", "06_drug_levels.ipynb", "an-levels", ".an-levels-duration",
          ".an-levels-summary", "-1 h", "48 h", ("13.2 mg",), _levels),
    # the paper's ratio, 3 mg/day subcut = 25 mcg/h: 12 / 3 x 25 = 100 mcg/h
    Panel("rotation", "07_rotating_to_fentanyl.ipynb", "an-rotation", ".an-rotation-dose",
          ".an-rotation-result", "-5 mg/day", "12 mg/day", ("100 mcg/h",), _rotation),
    # the learner's own bolus is shown back as given
    Panel("practice", "10_practice.ipynb", "an-practice", ".an-practice-bolus",
          ".an-practice-differences", "-1 mg", "0.4 mg", ("0.4 mg",), _practice),
]
PANEL_OF = {p.notebook: p for p in PANELS}


# --- what may stay in Latin letters ---------------------------------------------------------

UNITS = {"mg", "mcg", "g", "kg", "ng", "mL", "ml", "L", "dL", "h", "min", "s", "d", "day",
         "week", "mmol", "umol", "mmHg", "Gy", "F", "cm", "mm", "m", "bpm", "kcal"}
# "day" and "week" only inside a unit (mg/day); alone they are English words.
ALONE_NOT_UNITS = {"day", "week"}
ABBREVIATIONS = {
    "PCA", "PCIA", "PCSA", "PCEA", "NRS", "VAS", "NCCN", "OME", "MEDD", "oMEDD", "IV", "SC",
    "PO", "IM", "TD", "WHO", "FDA", "EMA", "NHC", "CRPC", "CSCO", "ISMP", "IASP", "ESMO",
    "EAPC", "NICE", "NCI", "PDQ", "ANZCA", "ASCO", "APS", "CYP", "CYP3A4", "CYP2D6", "eGFR",
    "GFR", "ALT", "AST", "INR", "SpO", "SpO2", "BMI", "ECOG", "KPS", "CT", "MRI", "PET",
    "IMRT", "PCTV", "HER2", "M3G", "M6G", "H3G", "PK", "EC50", "CL", "AUC", "PRN", "ICU",
    "NSAID", "NSAIDs", "COX", "TCA", "SNRI", "GI", "IR", "SR", "ER", "CR", "Tmax", "Cmax",
    "pT3N0M0", "IIB", "TNM", "BTP", "NHS", "US", "UK", "EU", "A4", "PDF", "QR", "ID", "OK",
}
PRODUCT_NAMES = {"Duragesic", "DURAGESIC", "Durogesic", "MS", "Contin", "OxyContin",
                 "Dilaudid", "HYDROmorphone", "Sevredol", "Oramorph", "Actiq", "Fentora",
                 "Abstral", "Instanyl", "Narcan", "Jurnista", "Exalgo"}
# Latin prescription abbreviations as Chinese prescriptions write them.
PRESCRIPTION = re.compile(r"^(?:q\d+h|qd|bid|tid|qid|qn|qh|prn|st|qod|hs|ac|pc)$")
# A reference line: authors et al., a journal's year;volume, a DOI, a link, an ISBN.
REFERENCE_LINE = re.compile(
    r"\bet al\b|\b(?:19|20)\d{2}\s*[;:]\s*\d|\bdoi\b|https?://|\bPMID\b|\bISBN\b|www\.",
    re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+|\b10\.\d{4,}/\S+|[\w.-]+@[\w.-]+")
# A source's key as the data files write it (tang-2025, nccn-adult-cancer-pain-2024).
SOURCE_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:19|20)\d{2}[a-z]?\b")
YEAR = r"(?:19|20)\d{2}[a-z]?"
# Citations as the package and the notebooks write them: a source in brackets with its year
# ([Pallipedia (2016)]) or as its key ([fast-facts-92]); authors before a year (Tang 2025,
# Hallenbeck JL (2003), Fu ES, Downs JB, Smith RA (2004), Boland 等（2013）).
CITATION = re.compile(
    r"\[[^\[\]\n]*[(（]" + YEAR + r"[)）][^\[\]\n]*\]"
    r"|\[[a-z][a-z0-9]*(?:-[a-z0-9]+)*\]"
    r"|(?:[A-Z][A-Za-z'’-]+(?:\s+[A-Z]{1,3})?(?:,\s*|\s+and\s+|\s*&\s*|\s+))+"
    r"(?:et al\.?\s*|等\s*)?[(（]?" + YEAR + r"[)）]?")
# Code a page names for the learner to find: files, calls, dotted names (data/rules.csv,
# an.case.tang2025(), safety.check_pca), and software a learner uses by its name.
CODE = re.compile(r"[\w./-]+\.(?:csv|yaml|yml|md|py|ipynb|html|json|pdf|png)\b"
                  r"|\b[\w.]+\([^()\n]*\)|\b[a-z_]\w*(?:\.[a-z_]\w*)+\b|\bdata/[\w./-]*")
SOFTWARE = {"English", "analgesia", "Python", "JupyterLab", "Jupyter", "Voila", "Chromium", "Ctrl",
            "Shift", "Enter", "Tab", "Esc", "Cmd"}
# Words quoted as written (the paper's, a label's): in quotation marks.
QUOTED = re.compile("“[^”\\n]*”|\"[^\"\\n]*\"|‘[^’\\n]*’|「[^」\\n]*」")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?(?:/[A-Za-z0-9.]+)*")
QUOTED_FIELDS = {"quote", "source", "url", "location", "citation"}


def _walk(value, found: set[str], key: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, found, str(k))
    elif isinstance(value, list):
        for v in value:
            _walk(v, found, key)
    elif isinstance(value, str) and key in QUOTED_FIELDS and len(value) > 3:
        found.add(value.strip())


@functools.cache
def quoted_and_cited() -> tuple[str, ...]:
    """Every verbatim quote, source and location the data files hold: shown as written in
    every language. Longest first, so that a source is removed before a shorter one in it."""
    found: set[str] = set()
    for path in DATA.rglob("*.csv"):
        if "locale" in path.parts:
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(line for line in handle if not line.startswith("#")):
                for key, value in row.items():
                    _walk(value, found, key or "")
    for path in DATA.rglob("*.yaml"):
        if "locale" not in path.parts:
            _walk(yaml.safe_load(path.read_text(encoding="utf-8")), found)
    return tuple(sorted(found, key=len, reverse=True))


def _allowed(word: str) -> bool:
    if len(word) == 1 or word in ABBREVIATIONS or word in PRODUCT_NAMES or word in SOFTWARE:
        return True
    if PRESCRIPTION.match(word):
        return True
    if re.fullmatch(r"[A-Z]{1,3}\d*[A-Za-z]?\d*", word):  # a code: IIB, M3G, 28F
        return True
    parts = [p for p in word.split("/") if p and not re.fullmatch(r"[\d.]+", p)]
    if len(parts) == 1 and parts[0] in ALONE_NOT_UNITS and "/" not in word:
        return False
    return all(p in UNITS for p in parts)


def english_words(text: str, quoted: list[str] = ()) -> dict[str, list[str]]:
    """Each line of ``text`` holding a word in English that is not allowed: line -> words."""
    for passage in quoted:
        if passage in text:
            text = text.replace(passage, " ")
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if REFERENCE_LINE.search(line):
            continue
        clean = URL.sub(" ", line)
        for pattern in (QUOTED, CITATION, CODE, SOURCE_KEY):
            clean = pattern.sub(" ", clean)
        bad = [w for w in WORD.findall(clean) if not _allowed(w)]
        if bad:
            found[line.strip()[:160]] = bad
    return found


def english_sentence(text: str) -> bool:
    """Three English words in a row: a sentence (or its remains) left in English."""
    return bool(re.search(r"[A-Za-z]{2,}(?:[\s,'-]+[A-Za-z]{2,}){2}", text))


# --- the browser --------------------------------------------------------------------------

# The page's text without its reference list (from the heading 参考文献 to the end of its
# markdown cell: entries cite each source in its own language), read while it is hidden.
PAGE_JS = """() => {
  const heads = [...document.querySelectorAll('.jp-RenderedMarkdown h1, .jp-RenderedMarkdown h2,'
      + ' .jp-RenderedMarkdown h3')].filter(h => /^\\s*(参考文献|References)/.test(h.innerText));
  const hidden = [];
  heads.forEach(h => { for (let el = h; el; el = el.nextElementSibling) hidden.push(el); });
  hidden.forEach(el => { el.dataset.display = el.style.display; el.style.display = 'none'; });
  const text = document.body.innerText;
  hidden.forEach(el => { el.style.display = el.dataset.display; });
  const refs = heads;
  return {
  text: text,
  references: refs.length,
  figures: [...document.querySelectorAll('.js-plotly-plot svg text')]
      .map(t => t.textContent.trim()).filter(t => t).join('\\n'),
  links: [...document.querySelectorAll('a[href]')].map(a => ({
      text: a.innerText.trim(), href: a.href, raw: a.getAttribute('href')})),
};}"""


@pytest.fixture(scope="module")
def zh_base(request, tmp_path_factory):
    """The Voila serving the Chinese pages: the session's, or one of this module's own on
    ANALGESIA_NOTEBOOK_ROOT."""
    if "ANALGESIA_NOTEBOOK_ROOT" not in os.environ:
        yield request.getfixturevalue("voila_url")
        return
    request.getfixturevalue("chromium")
    port = free_port()
    cmd = voila_command(port)
    cmd[3] = str(NOTEBOOK_ROOT)
    with serving(cmd, f"http://127.0.0.1:{port}/", tmp_path_factory.mktemp("voila-zh") / "log"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def zh_pages(browser, zh_base):
    """Open a Chinese page (each once); its text as first shown is kept for the scan."""
    seen: dict[str, dict] = {}

    @contextlib.contextmanager
    def opened(name: str, interact: bool = False):
        if not (NOTEBOOK_ROOT / EDITION / name).is_file():
            pytest.fail(f"notebooks/{EDITION}/{name} is missing")
        page = None
        if name not in seen or interact:
            page = browser.new_page()
        try:
            if page is not None:
                ready = (f".{PANEL_OF[name].hook} {PANEL_OF[name].box} input"
                         if name in PANEL_OF else LOADED)
                open_notebook(page, zh_base, f"{EDITION}/{name}", ready)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)  # widgets and plotly draw after the page loads
                seen.setdefault(name, page.evaluate(PAGE_JS))
            yield page, seen[name]
        finally:
            if page is not None:
                page.close()

    return opened


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _type(page, panel: Panel, value: str) -> None:
    box = page.locator(f".{panel.hook} {panel.box} input").first
    box.click()
    box.fill(value)
    box.press("Enter")


def _message(page, panel: Panel) -> str:
    return _squash(page.inner_text(f".{panel.hook} > .an-message"))


# Defined before the scan: it opens its page first, and the scan reads the text kept then.
@pytest.mark.parametrize("panel", PANELS, ids=lambda p: p.name)
def test_panel_answers_in_chinese(zh_pages, panel, tmp_path):
    expected = core_error(lambda: panel.core(panel.bad))
    assert expected, f"the core accepts {panel.bad!r}: not a bad value"
    assert core_error(lambda: panel.core(panel.good)) is None, panel.good
    with zh_pages(panel.notebook, interact=True) as (page, _):
        page.locator(f".{panel.hook}").scroll_into_view_if_needed()
        _type(page, panel, panel.bad)
        page.wait_for_selector(f".{panel.hook} > .an-message .an-error", state="visible",
                               timeout=20_000)
        message = _message(page, panel)
        assert message == _squash(error_prefix() + expected)
        assert CJK.search(message), message
        rest = message.replace(panel.bad, " ")
        assert not english_sentence(rest), f"English in the message: {message}"
        assert not english_words(rest), f"English in the message: {english_words(rest)}"

        _type(page, panel, panel.good)
        page.wait_for_function(
            "(hook) => document.querySelector('.' + hook + ' > .an-message')"
            ".innerText.trim() === ''", arg=panel.hook, timeout=20_000)
        for figure in panel.shown:
            page.wait_for_function(
                "([sel, want]) => { const el = document.querySelector(sel);"
                " return !!el && el.innerText.replace(/\\s+/g, ' ').includes(want); }",
                arg=[panel.result, figure], timeout=20_000)
        result = _squash(page.inner_text(panel.result))
        assert CJK.search(result), f"the {panel.name} result is not in Chinese: {result}"
        page.locator(f".{panel.hook}").screenshot(path=str(tmp_path / f"{panel.name}.png"))


# Known and open (issue: the Chinese edition): the notebooks' own code cells, shared by both
# editions, still print English labels and hold the quiz questions in English, and some case
# data (patient.yaml, Table 1 cells, printed-value labels) has no translation yet. strict: the
# day a page is clean, this marker fails and must go.
ENGLISH_STILL_SHOWN = pytest.mark.xfail(
    strict=True, reason="notebook code cells and some case data still show English")


@ENGLISH_STILL_SHOWN
@pytest.mark.parametrize("name", PAGES)
def test_page_shows_no_english_learner_text(zh_pages, name):
    with zh_pages(name) as (_, state):
        text = state["text"] + "\n" + state["figures"]
    assert text.count(DISCLAIMER_ZH) >= 1, "the disclaimer is not shown in Chinese"
    assert "Teaching, not prescribing" not in text
    assert state["references"] >= 1, "no reference list (参考文献) found on the page"
    found = english_words(text, quoted_and_cited())
    assert not found, f"{name}: {len(found)} lines with English:\n" + "\n".join(
        f"  {words}: {line}" for line, words in list(found.items())[:60])


def test_the_scan_can_fail_and_lets_units_abbreviations_and_citations_pass():
    quoted = ["The subcutaneous dosage of hydromorphone every 3 mg is equivalent to"]
    bad = ("背景剂量 0.55 mg/h，追加剂量 0.65 mg\n"
           "paper 90 mg | ours - | 原文给出\n"
           "第 2 day：背景剂量\n"
           "Result: 15-20.25 mg/day 氢吗啡酮 皮下\n")
    assert set(english_words(bad, quoted)) == {
        "paper 90 mg | ours - | 原文给出", "第 2 day：背景剂量",
        "Result: 15-20.25 mg/day 氢吗啡酮 皮下"}
    clean = ("氢吗啡酮 0.55 mg/h，PCA 锁定时间 15 min；NRS 6；NCCN 与 OME；缓释吗啡 90 mg q12h\n"
             "芬太尼透皮贴剂（Duragesic）25 mcg/h，见 https://example.org/label\n"
             "Tang J, Ding X, Yu L, Cai Y. Medicine (Baltimore). 2025;104(21):e42433.\n"
             "原文：“The subcutaneous dosage of hydromorphone every 3 mg is equivalent to”\n"
             "来源：tang-2025；eGFR 45 mL/min；CYP3A4\n")
    assert english_words(clean, quoted) == {}
    assert english_sentence("剂量：'-50 mg/day' is not allowed here")
    assert not english_sentence("剂量：'-50 mg/day' 不符合要求；应为 0.5 mg/h")


def test_each_landing_page_offers_the_other_language(zh_pages, zh_base):
    """The English landing page links the Chinese one and back, with relative links that work
    in JupyterLab and, on a Voila page, lead to the other edition's page."""
    import nbformat

    english = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    top = english.cells[0].source
    assert f"]({EDITION}/00_start_here.ipynb)" in top and "中文" in top, (
        "the English landing page's first cell offers no link to the Chinese edition")
    with zh_pages("00_start_here.ipynb") as (_, state):
        links = state["links"]
    back = [x for x in links if x["raw"] == "../00_start_here.ipynb"]
    assert back, "the Chinese landing page does not link the English one"
    assert back[0]["href"] == f"{zh_base}/voila/render/00_start_here.ipynb"
    assert "English" in back[0]["text"]
