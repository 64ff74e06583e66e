"""The Chinese guidance table: read with its status, shown beside the workbook's own rows.

Expected values are the numbers in the Chinese words each row quotes (quote_zh), read here by
hand, not taken from the code.
"""

from __future__ import annotations

import pytest

from analgesia import guidance, words
from analgesia.units import InputError


def test_the_rescue_fraction_read_in_a_chinese_page_is_ten_to_twenty_percent():
    # zlsj-2018 quotes "解救剂量为前24小时用药总量的10%~20%"
    rows = guidance.chinese_guidance("rescue")
    row = next(r for r in rows if r.id == "zlsj-2018-rescue-fraction")
    assert row.value == "10% to 20%"
    assert row.verified
    assert "10%" in row.quote_zh and "20%" in row.quote_zh


def test_the_patch_lasts_72_hours_in_the_provincial_guideline():
    (row,) = [r for r in guidance.chinese_guidance("patch")]
    assert row.value == "72 h" and "72 h" in row.quote_zh


def test_a_number_not_read_says_so_beside_nccn():
    lines = guidance.beside_nccn("conversion")
    assert len(lines) == 3
    assert all("not yet read in the source" in line for line in lines)
    assert all("NCCN" in line for line in lines)


def test_the_table_speaks_chinese_in_the_chinese_edition():
    try:
        words.set_language("zh_CN")
        line = guidance.beside_nccn("patch")[0]
        assert "芬太尼透皮贴剂" in line and "72 h" in line
    finally:
        words.set_language("en")


@pytest.mark.parametrize("topic", ["", "nccn", 3, None.__class__])
def test_an_unknown_topic_is_an_input_error(topic):
    with pytest.raises(InputError, match="topic"):
        guidance.chinese_guidance(topic)
