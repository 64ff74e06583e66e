"""The conversion chain: equivalent -> titrate -> cut -> convert, every stage kept.

Expected values come from the paper (Tang 2025, section 2.5: 200 mg/day oral morphine, NRS 6,
+25-50% -> 250-300 mg/day, a 10-20% cut -> 200-270 mg/day, 60:3 -> 10-13.5 mg/day subcut
hydromorphone) and from hand calculations written here.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia.conversion_chain import STAGES, WORKBOOK_CUT, ChainResult, chain, oral_morphine_total
from analgesia.units import InputError, Q

HM = ("hydromorphone", "subcutaneous")


def mg_day(q) -> float:
    return q.to("mg/day").magnitude


def case_chain(**kw) -> ChainResult:
    args = dict(to=HM, nrs=6, table="tang-2025", titration="nccn", cut="tang-2025") | kw
    return chain([("morphine", "oral", "200 mg/day")], **args)


def test_the_case_chain_gives_every_printed_stage():
    c = case_chain()
    assert (mg_day(c.equivalent.low), mg_day(c.equivalent.high)) == (200, 200)
    assert (mg_day(c.titrated.low), mg_day(c.titrated.high)) == pytest.approx((250, 300))
    assert (mg_day(c.reduced.low), mg_day(c.reduced.high)) == pytest.approx((200, 270))
    assert (mg_day(c.low), mg_day(c.high)) == pytest.approx((10, 13.5))
    assert c.converted.drug == "hydromorphone"
    assert c.fmt() == "10-13.5 mg/day"
    assert c.answer == "10-13.5 mg/day HYDROmorphone subcut"
    assert c.cut_rule.rule_set == "tang-2025"
    assert [name for name, _ in c.stages()] == list(STAGES)


def test_steps_show_each_stage_in_order():
    steps = case_chain().steps
    assert steps[0].startswith("200 mg/day morphine oral x 1")
    assert "200 mg/day x (1 + 25%) = 250 mg/day" in steps
    assert "300 mg/day x (1 - 10%) = 270 mg/day" in steps
    assert steps[-1] == ("200-270 mg/day oral morphine / 20 (tang-2025) = 10-13.5 mg/day "
                         "HYDROmorphone subcut")
    assert steps.index("250 mg/day x (1 - 20%) = 200 mg/day") < len(steps) - 1


def test_sources_name_the_paper_and_the_titration_bands_once():
    c = case_chain()
    cites = c.cite()
    assert cites.count("Tang J") == 1
    assert "NCCN" in cites
    assert len(c.sources) == len(set(c.sources))


def test_no_cut_converts_the_titrated_dose():
    c = case_chain(cut=None)
    assert c.reduced is None
    assert "reduced" not in dict(c.stages())
    assert c.before_conversion is c.titrated
    # 250-300 mg/day / 20 = 12.5-15 mg/day
    assert (mg_day(c.low), mg_day(c.high)) == pytest.approx((12.5, 15))


def test_a_typed_cut_pair():
    c = case_chain(cut=(0.25, 0.5))
    # 250 x 0.5 = 125, 300 x 0.75 = 225 mg/day; / 20 = 6.25-11.25
    assert (mg_day(c.reduced.low), mg_day(c.reduced.high)) == pytest.approx((125, 225))
    assert (mg_day(c.low), mg_day(c.high)) == pytest.approx((6.25, 11.25))
    assert c.cut_rule is None


def test_the_workbook_cut_follows_the_pain_score():
    # NRS 6 is uncontrolled pain (NRS >= 4, Lin 2021): titrate, then no cut (100%).
    c = chain([("morphine", "oral", "200 mg/day")], to=HM, nrs=6, table="nccn")
    assert c.cut_note and "not controlled" in c.cut_note[0]
    assert (mg_day(c.reduced.low), mg_day(c.reduced.high)) == pytest.approx((250, 300))
    # NRS 2: controlled, +0% titration, then Fine & Portenoy's 25-50% cut:
    # 200 x 0.5 = 100, 200 x 0.75 = 150 mg/day; / 20 = 5-7.5 mg/day.
    c = chain([("morphine", "oral", "200 mg/day")], to=HM, nrs=2, cut=WORKBOOK_CUT)
    assert "controlled" in c.cut_note[0] and "not" not in c.cut_note[0]
    assert (mg_day(c.low), mg_day(c.high)) == pytest.approx((5, 7.5))
    assert c.cut_note[0] in c.steps


def test_several_opioids_are_summed_as_oral_morphine():
    # 200 mg/day oral morphine + 30 mg/day oral oxycodone x 1.5 = 245 mg/day (NCCN table).
    total = oral_morphine_total([("morphine", "oral", "200 mg/day"),
                                 ("oxycodone", "oral", "30 mg/day")])
    assert mg_day(total.low) == mg_day(total.high) == pytest.approx(245)
    assert total.steps[-1] == ("total oral morphine equivalent = 200 mg/day + 45 mg/day = "
                               "245 mg/day")
    c = chain([("morphine", "oral", "200 mg/day"), ("oxycodone", "oral", "30 mg/day")],
              to=HM, nrs=2, cut=None)
    # NRS 2: continue (+0%); 245 / 20 = 12.25 mg/day
    assert mg_day(c.low) == pytest.approx(12.25)


@pytest.mark.parametrize("kw, field", [
    ({"doses": "200 mg/day"}, "doses"),
    ({"doses": []}, "doses"),
    ({"doses": [("morphine", "oral")]}, "doses[0]"),
    ({"doses": [("morphine", "oral", "90 mg")]}, "doses[0] dose"),
    ({"to": "hydromorphone"}, "to"),
    ({"nrs": 11}, "nrs"),
    ({"cut": "no-such-set"}, "rule_set"),
    ({"cut": (0.5, 0.2)}, "reduction"),
    ({"table": "no-such-table"}, "table"),
    ({"titration": "no-such-rules"}, "rule_set"),
])
def test_bad_input_names_the_field(kw, field):
    args = dict(doses=[("morphine", "oral", "200 mg/day")], to=HM, nrs=6) | kw
    with pytest.raises(InputError) as err:
        chain(**args)
    assert err.value.field == field


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 2000), st.integers(0, 10), st.floats(0, 0.9), st.floats(0, 0.9))
def test_the_chain_is_the_functions_in_a_row(dose, nrs, a, b):
    """Hand composition of the four public steps gives the chain's answer."""
    cut = (min(a, b), max(a, b))
    c = chain([("morphine", "oral", Q(dose, "mg/day"))], to=HM, nrs=nrs, cut=cut)
    titrated = an.titrate(Q(dose, "mg/day"), nrs)
    reduced = an.reduce_for_cross_tolerance(titrated, cut)
    converted = an.convert(reduced, ("morphine", "oral"), HM)
    assert mg_day(c.low) == pytest.approx(mg_day(converted.low))
    assert mg_day(c.high) == pytest.approx(mg_day(converted.high))
    assert c.low <= c.high
