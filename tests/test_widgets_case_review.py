"""CaseReviewPanel: choose a discrepancy, recompute with your own factor, bad values."""

from analgesia.widgets import CaseReviewPanel


def test_default_shows_patch_count():
    p = CaseReviewPanel()
    lines = p.text_lines()
    assert "Paper: 5.5 patch" in lines
    # 14 mg/day / 3 mg x 25 mcg/h = 116.67 mcg/h = 4.67 patches
    assert any("116.67 mcg/h" in x for x in lines)
    assert p.factor.value == "2.4"


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
    assert "Recomputed: an antifoaming agent" in p.text_lines()
    assert p.own_lines == ()


def test_new_discrepancies_listed_and_rescue():
    p = CaseReviewPanel()
    ids = [v for _, v in p.choice.options]
    assert "rescue_after_rotation" in ids and "fentanyl_patch_count" in ids
    p.choice.value = "rescue_after_rotation"
    p.factor.value = "3"
    # 125 mcg/h x 3 = 375 mg/day; 10-20% = 37.5-75 mg
    assert "375 mg/day x 10% = 37.5 mg per dose" in p.own_lines
