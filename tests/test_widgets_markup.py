"""No text reaches an HTML widget unescaped (issue 9, item 7).

Every panel is built headless; markup is typed into each of its text boxes and put into the
data it shows (a practice case, the adjuvant and monitoring tables, quiz texts); after each
change every ``HTML`` widget in the panel is read, and none may hold a live ``<img``,
``<script`` or ``<b>x``. The escaped form must be there instead where the text is shown, so the
test fails if a panel dropped the text rather than escaping it.
"""

from __future__ import annotations

import csv
import shutil

import ipywidgets as w
import pytest
import yaml

from analgesia import markup
from analgesia import practice as pr
from analgesia import references as refs

MARKUP = ('<img src=x onerror="alert(1)">', "<script>alert(1)</script>", "<b>x</b>")
LIVE = ("<img", "<script", "<b>x")


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def _html_values(root) -> list[str]:
    return [x.value for x in _walk(root) if isinstance(x, w.HTML)]


def _live(root) -> list[str]:
    return [v for v in _html_values(root) for m in LIVE if m in v]


def _text_boxes(root) -> list[w.Text]:
    return [x for x in _walk(root) if isinstance(x, w.Text | w.Textarea) and not x.disabled]


# --- the helper itself ---------------------------------------------------------------------


@pytest.mark.parametrize("evil", MARKUP)
def test_the_helper_escapes_text_and_attributes(evil):
    assert not any(m in markup.text(evil) for m in LIVE)
    assert '"' not in markup.attr(evil) and "<" not in markup.attr(evil)
    built = markup.element("b", evil, class_=evil)
    assert built.startswith('<b class="') and not any(m in built[3:] for m in LIVE)


def test_markup_built_by_the_helper_is_not_escaped_twice():
    inner = markup.element("i", "a & b")
    assert markup.element("b", inner) == "<b><i>a &amp; b</i></b>"
    assert markup.join(["<x>", inner], markup.BR) == "&lt;x&gt;<br><i>a &amp; b</i>"
    assert markup.items(["1 < 2"], class_="an-steps") == (
        '<ul class="an-steps"><li>1 &lt; 2</li></ul>')


def test_plain_text_added_to_markup_is_escaped_on_either_side():
    # an old-style f"<b>{title}</b>" + lines_html(...) can no longer slip markup through
    assert "<b>x" not in "<b>x</b>" + markup.text("y")
    assert "<b>x" not in markup.text("y") + "<b>x</b>"


@pytest.mark.parametrize("value", [None, 3, 2.5, ["<b>x</b>"], object()])
def test_the_helper_takes_any_value(value):
    out = markup.text(value)
    assert isinstance(out, str) and "<b>x" not in out


def test_element_and_attribute_names_are_never_taken_from_text():
    from analgesia.units import InputError

    with pytest.raises(InputError):
        markup.element("img src=x onerror=alert(1)")
    with pytest.raises(InputError):
        markup.element("b", "x", **{"onclick x": "1"})


def test_the_old_ad_hoc_escaper_is_gone():
    from analgesia.widgets import _base

    assert not hasattr(_base, "_escape")


# --- every panel, every text box -------------------------------------------------------------


def _panels():
    from analgesia.widgets.adjuvants_panel import AdjuvantExplorer
    from analgesia.widgets.assessment import ToleranceChecker
    from analgesia.widgets.case_review import CaseReviewPanel
    from analgesia.widgets.converter import ConverterPanel
    from analgesia.widgets.drug_levels import DrugLevelPanel
    from analgesia.widgets.pump_panel import PumpPanel
    from analgesia.widgets.rotation_panel import RotationPanel
    from analgesia.widgets.titration_panel import TitrationPanel

    return {
        "converter": ConverterPanel,
        "pump": PumpPanel,
        "titration": lambda: TitrationPanel(figures=False),
        "rotation": RotationPanel,
        "tolerance": ToleranceChecker,
        "case_review": CaseReviewPanel,
        "drug_levels": DrugLevelPanel,
        "adjuvants": AdjuvantExplorer,
        "practice": pr_panel,
    }


def pr_panel():
    from analgesia.widgets.practice_panel import PracticePanel

    return PracticePanel(case_id="oxycodone-to-pca")


PANELS = ("converter", "pump", "titration", "rotation", "tolerance", "case_review",
          "drug_levels", "adjuvants", "practice")


@pytest.mark.parametrize("name", PANELS)
def test_markup_typed_into_any_box_never_reaches_an_html_widget(name):
    panel = _panels()[name]()
    root = panel.widget
    assert _live(root) == []
    boxes = _text_boxes(root)
    if name != "adjuvants":  # the adjuvant explorer has no text box
        assert boxes, f"{name}: no text box found"
    for box in boxes:
        for evil in MARKUP:
            box.value = evil
            assert _live(root) == [], (name, box.description, evil)
            if getattr(panel, "error", "") and evil in panel.error:
                # the message line shows the value the learner typed, as text
                assert markup.text(evil) in panel.message.value
        box.value = ""


def test_the_message_line_shows_typed_markup_as_text():
    from analgesia.widgets.converter import ConverterPanel

    panel = ConverterPanel()
    panel.dose.value = MARKUP[0]
    assert panel.error and _live(panel.widget) == []
    assert "&lt;img src=x" in panel.message.value


# --- data-derived text -----------------------------------------------------------------------


@pytest.fixture
def evil_case_folder(tmp_path):
    data = yaml.safe_load((pr.CASES_DIR / "02_oxycodone_to_pca.yaml").read_text())
    data["id"] = "markup-case"
    data["title"] = f"Title {MARKUP[0]}"
    data["teaching_point"] = f"Point {MARKUP[1]}"
    data["question"] = f"Question {MARKUP[2]}"
    data["patient"]["diagnosis"] = f"Diagnosis {MARKUP[0]}"
    data["patient"]["renal_function"] = f"Renal {MARKUP[1]}"
    data["patient"]["other_analgesics"] = f"Other {MARKUP[2]}"
    data["reasoning"][0]["step"] = f"Step {MARKUP[0]}"
    data["reasoning"][0]["arithmetic"] = f"Sum {MARKUP[1]}"
    data["references"] = [f"Ref {MARKUP[2]}"]
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    loaded = pr.load_cases(tmp_path)
    assert loaded.ids == ("markup-case",) and loaded.errors == ()
    return tmp_path


def test_a_practice_case_with_markup_is_shown_as_text(evil_case_folder):
    from analgesia.widgets.practice_panel import PracticePanel

    panel = PracticePanel(folder=evil_case_folder)
    root = panel.widget
    assert _live(root) == []
    assert "Title &lt;img src=x" in panel.patient.value        # shown, escaped, not dropped
    assert "Diagnosis &lt;img" in panel.patient.value
    assert "Question &lt;b&gt;x" in panel.patient.value
    for box in panel.inputs.values():
        if box.layout.display != "none":
            box.value = MARKUP[1]
            assert _live(root) == []
            box.value = "1 mg"
    panel.reveal()
    assert _live(root) == []
    assert "Point &lt;script&gt;" in panel.solution.value
    assert "Step &lt;img" in panel.solution.value
    panel.preview_order()
    assert _live(root) == []
    assert "practice case: Title &amp;lt;img" in panel.order.value  # escaped in the sheet, then
    # once more as the preview frame's srcdoc attribute
    # the frame is sandboxed without scripts (same origin and modals only, for Print)
    assert 'sandbox="allow-same-origin allow-modals"' in panel.order.value
    assert "allow-scripts" not in panel.order.value


def test_the_practice_order_sheet_carries_the_title_as_text(evil_case_folder):
    from analgesia.widgets.practice_panel import PracticePanel

    page = PracticePanel(folder=evil_case_folder).order_html()
    assert page is not None
    assert not any(m in page for m in LIVE)
    assert "practice case: Title &lt;img src=x" in page


@pytest.fixture
def evil_data(tmp_path, monkeypatch):
    """A copy of data/ whose adjuvant and monitoring tables carry markup."""
    root = tmp_path / "data"
    shutil.copytree(refs.DATA_DIR, root)
    for name, fields in (("adjuvants.csv", {"drug": f"drug {MARKUP[0]}",
                                             "role_in_case": MARKUP[1],
                                             "guideline_view": MARKUP[2]}),
                         ("monitoring.csv", {"item": "evil", "what": MARKUP[0],
                                             "when": MARKUP[1]})):
        path = root / name
        with path.open(newline="", encoding="utf-8") as h:
            rows = list(csv.reader(h))
        row = dict(zip(rows[0], rows[1], strict=True))
        row.update(fields, source=f"Source {MARKUP[2]}")
        rows.append([row[c] for c in rows[0]])
        with path.open("w", newline="", encoding="utf-8") as h:
            csv.writer(h).writerows(rows)
    monkeypatch.setattr(refs, "DATA_DIR", root)
    refs.reload()  # clears every table, the adjuvants' too
    yield root
    refs.reload()


def test_markup_in_the_adjuvant_table_is_shown_as_text(evil_data):
    from analgesia.widgets.adjuvants_panel import AdjuvantExplorer

    panel = AdjuvantExplorer(drug=f"drug {MARKUP[0]}")
    assert _live(panel.widget) == []
    assert "&lt;script&gt;" in panel.output.value and "Source &lt;b&gt;x" in panel.output.value


def test_markup_in_the_monitoring_table_reaches_the_pump_order_as_text(evil_data):
    from analgesia.widgets.pump_panel import PumpPanel

    panel = PumpPanel()
    panel.show_order()
    assert _live(panel.widget) == []
    page = panel.order_html()
    assert not any(m in page for m in LIVE) and "&lt;img src=x" in page


# --- quizzes --------------------------------------------------------------------------------


def test_quiz_texts_are_shown_as_text():
    from analgesia.widgets.quiz import ChoiceQuestion, NumericQuestion

    q = NumericQuestion(f"Prompt {MARKUP[0]}", 3, 0.1, "mg", f"Because {MARKUP[1]}")
    for evil in (*MARKUP, "3"):
        q.answer.value = evil
        assert _live(q.widget) == []
    assert "Because &lt;script&gt;" in q.feedback.value
    c = ChoiceQuestion(f"Prompt {MARKUP[2]}", [MARKUP[0], "b"], 1, f"Because {MARKUP[2]}")
    c.choice.value = MARKUP[0]
    c.button.click()
    assert _live(c.widget) == [] and "Because &lt;b&gt;x" in c.feedback.value
