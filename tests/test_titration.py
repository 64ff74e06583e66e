"""titration: the case's daily totals (paper's printed values, written here) and the rule.

Hand calculations at 0.5 mg/mL (100 mg in 200 mL), background 0.55 mg/h, bolus 0.65 mg:
day 1: 0.55 x 24 + 0.65 x 3 = 13.2 + 1.95 = 15.15 mg = 30.3 mL (paper: 15.15 mg, 30.3 mL)
day 2: 13.2 + 0.65 x 2 = 14.5 mg = 29 mL (paper: 14.5 mg, 29 mL)
reservoir after day 2: 200 - 30.3 - 29 = 140.7 mL
days 3-7: 13.2 + 0.65 to 13.2 + 1.3 = 13.85-14.5 mg/day (paper: ~14 mg/day)
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import titration as t
from analgesia.units import InputError


def mg(q):
    return q.to("mg").magnitude


def ml(q):
    return q.to("mL").magnitude


@pytest.fixture(scope="module")
def log():
    return t.case_log()


def test_case_settings_and_reservoir():
    s, r = t.case_settings(), t.case_reservoir()
    assert s.background.to("mg/h").magnitude == pytest.approx(0.55)
    assert mg(s.bolus) == pytest.approx(0.65)
    assert s.lockout.to("min").magnitude == pytest.approx(15)
    assert s.hour_limit is None
    assert ml(r.volume) == pytest.approx(200)
    assert r.concentration.to("mg/mL").magnitude == pytest.approx(0.5)
    # max per hour 0.55 + 4 x 0.65 = 3.15 mg/h
    assert s.max_per_hour.to("mg/h").magnitude == pytest.approx(3.15)


def test_case_days_are_the_printed_ones():
    days = t.case_days()
    assert [d.day for d in days] == [1, 2, 3, 4, 5, 6, 7]
    assert days[0].boluses == 3 and days[1].boluses == 2
    assert all(d.boluses == (1, 2) for d in days[2:])
    # Table 1, "Average NRS score after treatment": day 1 "3 scores", day 2 "3 scores", day 3
    # "2 scores", day 7 "2 scores"; no row for days 4-6. Btp: "3 times", "2 times", "2 times",
    # day 7 "1–2 times" (a range, not a count).
    assert [d.nrs for d in days] == [3, 3, 2, None, None, None, 2]
    assert [d.breakthrough for d in days] == [3, 2, 2, None, None, None, None]


def test_day1_and_day2_totals_match_the_paper(log):
    d1, d2 = log.day(1), log.day(2)
    assert mg(d1.total.low) == pytest.approx(15.15) and d1.total.is_point
    assert ml(d1.volume.high) == pytest.approx(30.3)
    assert mg(d2.total.high) == pytest.approx(14.5)
    assert ml(d2.volume.high) == pytest.approx(29)
    assert ml(d1.reservoir_end.high) == pytest.approx(169.7)  # 200 - 30.3
    assert ml(d2.reservoir_end.high) == pytest.approx(140.7)  # 200 - 30.3 - 29


def test_days_3_to_7_range_brackets_about_14(log):
    d3 = log.day(3)
    assert mg(d3.total.low) == pytest.approx(13.85)
    assert mg(d3.total.high) == pytest.approx(14.5)
    assert mg(d3.total.low) <= 14 <= mg(d3.total.high)
    # reservoir after day 3: 140.7 - 29 = 111.7 (2 boluses) to 140.7 - 27.7 = 113 (1 bolus)
    assert ml(d3.reservoir_end.low) == pytest.approx(111.7)
    assert ml(d3.reservoir_end.high) == pytest.approx(113)


def test_reservoir_runs_out_on_day_7_at_two_boluses(log):
    # 140.7 - 5 x 29 = -4.3 mL at 2 boluses/day; 140.7 - 5 x 27.7 = 2.2 mL at 1 bolus/day
    d7 = log.day(7)
    assert d7.empty and log.empty_day == 7
    assert ml(d7.reservoir_end.low) == 0
    assert ml(d7.reservoir_end.high) == pytest.approx(2.2)
    assert "4.3 mL" in d7.suggestion


def test_case_days_keep_settings(log):
    # 1-3 boluses a day is not more than 3-4: keep
    assert [d.action for d in log.days] == ["keep"] * 7


def test_more_than_4_boluses_raises_background_by_bolus_total_over_24h():
    # 6 boluses: 13.2 + 3.9 = 17.1 mg; new background 17.1 / 24 = 0.7125 mg/h
    log = t.titration_log(t.case_settings(), [t.TitrationDay(1, 6)], t.case_reservoir())
    d = log.days[0]
    assert d.action == "raise"
    assert d.new_background.to("mg/h").magnitude == pytest.approx(0.7125)
    assert "0.7125 mg/h" in d.suggestion
    assert "0.55 mg/h + 3.9 mg / 24 h = 0.7125 mg/h" in d.steps


def test_four_boluses_is_the_edge():
    # 4: more than 3 but not more than 4 -> consider; new bg (13.2 + 2.6) / 24 = 0.65833 mg/h
    d = t.titration_log(t.case_settings(), [t.TitrationDay(1, 4)]).days[0]
    assert d.action == "consider"
    assert d.new_background.to("mg/h").magnitude == pytest.approx(15.8 / 24)


def test_pain_with_few_boluses_means_assess_not_raise():
    d = t.titration_log(t.case_settings(), [t.TitrationDay(1, 1, nrs=6)]).days[0]
    assert d.action == "assess" and d.new_background is None
    assert "technique" in d.suggestion
    d3 = t.titration_log(t.case_settings(), [t.TitrationDay(1, 1, nrs=3)]).days[0]
    assert d3.action == "keep"


def test_text_input_is_parsed():
    d = t.TitrationDay("3", "1-2", nrs="", breakthrough="2")
    assert d.day == 3 and d.boluses == (1, 2) and d.nrs is None and d.breakthrough == 2
    assert t.TitrationDay(1, "4", nrs="7").nrs == 7


@pytest.mark.parametrize("kwargs", [
    {"day": 1, "boluses": -1}, {"day": 1, "boluses": "two"}, {"day": 1, "boluses": "2-1"},
    {"day": 1, "boluses": 1.5}, {"day": 1, "nrs": 11}, {"day": 0}, {"day": 1, "nrs": "x"},
])
def test_bad_days_rejected(kwargs):
    with pytest.raises(InputError):
        t.TitrationDay(**kwargs)


def test_bad_logs_rejected():
    s = t.case_settings()
    with pytest.raises(InputError):
        t.titration_log(s, [])
    with pytest.raises(InputError):
        t.titration_log(s, [t.TitrationDay(2), t.TitrationDay(1)])
    with pytest.raises(InputError):
        t.titration_log("settings")


def test_lines_and_frame(log):
    lines = log.lines()
    assert lines[0].startswith("reservoir at the start: 200 mL (100 mg hydromorphone")
    assert lines[1].startswith("day 1: 3 boluses, 15.15 mg (30.3 mL); reservoir left 169.7 mL")
    frame = log.frame()
    assert list(frame.index) == [1, 2, 3, 4, 5, 6, 7]
    assert frame.loc[2, "total (mL)"] == "29 mL"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=10))
def test_reservoir_never_negative_and_monotone(counts):
    days = [t.TitrationDay(i + 1, n) for i, n in enumerate(counts)]
    log = t.titration_log(t.case_settings(), days, t.case_reservoir())
    levels = [ml(d.reservoir_end.high) for d in log.days]
    assert all(x >= 0 for x in levels)
    assert levels == sorted(levels, reverse=True)
    for d, n in zip(log.days, counts, strict=True):
        # total = 13.2 + 0.65 n mg
        assert mg(d.total.high) == pytest.approx(13.2 + 0.65 * n)
        assert (d.action == "raise") == (n > 4)


def test_settings_other_than_case():
    s = an.PcaSettings(background="1 mg/h", bolus="2 mg", lockout="30 min")
    res = an.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="10 mL",
                       diluent_volume="90 mL")  # 1 mg/mL
    d = t.titration_log(s, [t.TitrationDay(1, 2)], res).days[0]
    assert mg(d.total.high) == pytest.approx(28)  # 24 + 4
    assert ml(d.reservoir_end.high) == pytest.approx(72)  # 100 - 28
