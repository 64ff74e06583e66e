"""CaseReviewPanel: filter findings by kind and severity, read one, recompute with your own
factor, bad values."""

import pytest

from analgesia import critique
from analgesia.units import InputError
from analgesia.widgets import CaseReviewPanel


def test_default_shows_patch_count():
    p = CaseReviewPanel()
    lines = p.text_lines()
    assert lines[0].startswith("fentanyl_patch_count [arithmetic, major]")
    # 14 mg/day / 3 mg x 25 mcg/h = 116.67 mcg/h = 4.667 patches
    assert any("116.67 mcg/h" in x for x in lines)
    assert any(x.startswith('The paper (2.7 Analgesic treatment): "') for x in lines)
    assert p.factor.value == "2.4"
    assert p.count.value == f"{len(critique.findings())} of {len(critique.findings())} " \
                            "findings shown"


def test_filter_by_kind_lists_only_that_kind():
    p = CaseReviewPanel()
    p.kind.value = "pharmacology"
    ids = [v for _, v in p.choice.options]
    assert ids == [f.id for f in critique.findings(kind="pharmacology")]
    assert p.choice.value == ids[0]
    assert p.text_lines()[0].split(" [")[1].startswith("pharmacology")
    p.severity.value = "major"
    assert [v for _, v in p.choice.options] == ["apatinib_cyp3a4"]
    assert "CYP3A4" in p.output.value


def test_empty_filter_keeps_the_last_finding():
    p = CaseReviewPanel()
    p.kind.value = "attribution"
    before = p.text_lines()
    p.severity.value = "major"  # no attribution finding is major
    assert p.shown == ()
    assert p.count.value == "No finding of this kind at this severity."
    assert p.text_lines() == before


def test_own_factor_two_to_one():
    p = CaseReviewPanel()
    p.factor.value = "2"
    # 280 / 2 = 140 mcg/h = 5.6 patches
    assert p.own_lines[-1] == "140 mcg/h / 25 mcg/h per patch = 5.6 patches"


def test_bad_factor_keeps_result():
    p = CaseReviewPanel()
    p.factor.value = "3"
    before = p.own_lines
    p.factor.value = "abc"
    assert "not a number" in p.error
    assert p.own_lines == before
    p.factor.value = "0.5"
    assert "from 1 to 5" in p.error
    assert p.own_lines == before
    assert "from 1 to 5" in p.message.value


def test_non_conversion_item_disables_factor():
    p = CaseReviewPanel()
    p.choice.value = "dimethicone"
    assert p.factor.disabled
    assert any("antifoaming" in x for x in p.text_lines())
    assert p.own_lines == ()


def test_rescue_with_own_factor_and_reset():
    p = CaseReviewPanel()
    p.choice.value = "rescue_after_rotation"
    p.factor.value = "3"
    # 125 mcg/h x 3 = 375 mg/day; 10-20% = 37.5-75 mg
    assert "375 mg/day x 10% = 37.5 mg per dose" in p.own_lines
    p.kind.value = "reporting"
    assert p.reset()
    assert p.kind.value == "all" and p.choice.value == "fentanyl_patch_count"
    assert p.factor.value == "2.4" and p.error == ""


def test_quotes_are_escaped_in_the_panel():
    p = CaseReviewPanel()
    p.choice.value = "gabapentin_with_opioid"
    assert "<script" not in p.output.value
    assert "antineuralgia^[19,20] (gabapentin capsule)" in p.output.value


@pytest.mark.parametrize("bad", ["nope", None, 3, ["dimethicone"]], ids=repr)
def test_unknown_start_is_an_input_error(bad):
    with pytest.raises(InputError):
        CaseReviewPanel(bad)


def test_the_model_reads_and_recomputes_without_a_widget():
    from analgesia.panels.case_review import CaseReviewModel

    m = CaseReviewModel()
    assert m.result.finding.id == "fentanyl_patch_count" and m.inputs["factor"] == "2.4"
    assert m.set(factor="2")
    # 280 mg/day / 2 = 140 mcg/h; / 25 mcg/h per patch = 5.6 patches (by hand)
    assert m.result.own[-1] == "140 mcg/h / 25 mcg/h per patch = 5.6 patches"
    assert m.lines()[-1] == "With your factor: 140 mcg/h / 25 mcg/h per patch = 5.6 patches"
    assert not m.set(factor="thirty") and "not a number" in m.error
    assert m.result.own[-1].endswith("= 5.6 patches")  # the last good result stays
    assert m.choose("dimethicone") and m.result.own == () and m.inputs["factor"] == ""
    m.set(kind="pharmacology", severity="major")
    assert m.shown() == ("apatinib_cyp3a4",)
    assert m.reset() and m.inputs["kind"] == "all" and len(m.shown()) == len(m.items)
