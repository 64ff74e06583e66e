"""safety.check_pca: each finding in detail, bad input, and properties. The table of orders
worked by hand is in tests/test_safety_orders.py.

The thresholds, written from the sources, head tests/test_safety_orders.py.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import safety
from analgesia.units import InputError

# Tang: 100 mg in 100 mL + 100 mL = 0.5 mg/mL
RES = an.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="100 mL",
                   diluent_volume="100 mL")
CASE = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")


def codes(findings):
    return {f.code: f for f in findings}


def test_tang_order_in_detail():
    c = codes(safety.check_pca(CASE, daily_dose="13.5 mg/day", opioid_tolerant=True,
                               reservoir=RES))
    # max per hour = 0.55 + 0.65 x 4 = 3.15 mg/h = 6.3 mL/h at 0.5 mg/mL
    assert "3.15 mg/h (6.3 mL/h)" in c["max_per_hour"].text
    # Fast Facts 3-5 x 0.5625 = 1.6875 to 2.8125 mg/h, shown 1.688 and 2.813
    assert "1.688 mg/h to 2.813 mg/h" in c["no_hour_limit"].text
    # 0.65 / 0.55 = 118.2% of the hourly rate, 0.65 / 13.5 = 4.8% of the day (Lin 10-20%
    # = up to 2.7 mg): between the conventions
    assert c["bolus_between_conventions"].level == "info"
    assert "118.2%" in c["bolus_between_conventions"].text
    assert "2.7 mg" in c["bolus_between_conventions"].text
    # 15 min: Hallenbeck's minimum, below his preferred 20-30 min
    assert c["lockout_short_sc"].level == "info" and "20-30 min" in c["lockout_short_sc"].text
    # lockout 15 min = assumed half-life 15 min: 1 - 0.5^1 = 50%
    assert "50%" in c["lockout_sc"].text and "ASSUMPTION" in c["lockout_sc"].text
    # 4 h x 3.15 = 12.6 mg = 12.6 / 13.5 = 93.3% of the day
    assert "12.6 mg" in c["max_four_hours"].text and "93.3%" in c["max_four_hours"].text


@pytest.mark.parametrize(("limit", "code", "level"), [
    ("1.5 mg/h", "hour_limit_low", "warning"),    # 1.5 / 0.5625 = 2.67 x < 3
    ("2.5 mg/h", "hour_limit_ok", "info"),        # 2.5 / 0.5625 = 4.44 x
    # 3 mg/h < 0.55 + 4 x 0.65 = 3.15 mg/h, so it limits: 3 / 0.5625 = 5.33 x > 5
    ("3 mg/h", "hour_limit_high", "warning"),
    ("3.15 mg/h", "hour_limit_limits_nothing", "danger"),   # = 3.15 mg/h uncapped
    ("4 mg/h", "hour_limit_limits_nothing", "danger"),      # above it
])
def test_hour_limit_against_the_requirement_and_the_lockout(limit, code, level):
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min",
                       hour_limit=limit)
    c = codes(safety.check_pca(s, daily_dose="13.5 mg/day", opioid_tolerant=True))
    assert c[code].level == level
    assert "no_hour_limit" not in c


def test_an_hour_limit_equal_to_what_the_lockout_allows_is_a_danger():
    # old practice case 01: 0.5 mg x floor(60 / 15) = 2 mg/h, limit 2 mg/h
    s = an.PcaSettings(background="0 mg/h", bolus="0.5 mg", lockout="15 min",
                       hour_limit="2 mg/h")
    c = codes(safety.check_pca(s, opioid_tolerant=False))
    assert c["hour_limit_limits_nothing"].level == "danger"
    assert c["naive_bolus_above_range"].level == "danger"   # 0.5 mg > 0.3 mg


def test_bolus_without_daily_dose_uses_background_x_24h():
    # 0.65 / 0.55 = 118.2%; day = 0.55 x 24 = 13.2 mg, Lin 20% = 2.64 mg
    c = codes(safety.check_pca(CASE, opioid_tolerant=True))
    assert "118.2%" in c["bolus_between_conventions"].text
    assert "2.64 mg" in c["bolus_between_conventions"].text


def test_short_lockout_against_the_absorption_assumption():
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="10 min")
    c = codes(safety.check_pca(s, opioid_tolerant=True))
    assert c["lockout_below_sc_minimum"].level == "warning"   # 10 < 15 min (Hallenbeck)
    assert c["lockout_sc"].level == "warning"                 # 10 < 15 min half-life
    assert "37%" in c["lockout_sc"].text                      # 1 - 0.5^(10/15) = 0.370
    # with an assumed 5 min half-life: 1 - 0.5^2 = 75%
    c5 = codes(safety.check_pca(s, opioid_tolerant=True, absorption_half_life="5 min"))
    assert "75%" in c5["lockout_sc"].text and c5["lockout_sc"].level == "info"


def test_intravenous_route_skips_subcut_checks():
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="10 min",
                       route="intravenous")
    c = codes(safety.check_pca(s, opioid_tolerant=True, reservoir=RES))
    assert not {"lockout_sc", "lockout_short_sc", "lockout_below_sc_minimum",
                "sc_max_volume", "sc_bolus_volume"} & set(c)


def test_bolus_larger_than_reservoir_is_danger():
    # 1 mg in 10 mL = 0.1 mg/mL: bolus 2 mg = 20 mL > 10 mL
    tiny = an.Reservoir(drug="hydromorphone", drug_amount="1 mg", drug_volume="1 mL",
                        diluent_volume="9 mL")
    s = an.PcaSettings(background="0 mg/h", bolus="2 mg", lockout="15 min")
    c = codes(safety.check_pca(s, opioid_tolerant=True, reservoir=tiny))
    assert c["bolus_exceeds_reservoir"].level == "danger"
    assert "20 mL" in c["bolus_exceeds_reservoir"].text


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"daily_dose": "13.5 mL"}, "daily_dose"),
    ({"opioid_tolerant": "yes"}, "opioid_tolerant"),
    ({"absorption_half_life": "60 min"}, "absorption_half_life"),
    ({"absorption_half_life": "2 mg"}, "absorption_half_life"),
    ({"egfr": "22 mg"}, "egfr"),
    ({"egfr": "0 mL/min"}, "egfr"),
    ({"age": 12}, "age"),
    ({"age": "old"}, "age"),
    ({"hepatic_impairment": "yes"}, "hepatic_impairment"),
    ({"frail": 1}, "frail"),
    ({"sedatives": "benzodiazepine"}, "sedatives"),
    ({"sedatives": ("alcohol",)}, "sedatives"),
    ({"who_presses": "family"}, "who_presses"),
    ({"can_use_button": "no"}, "can_use_button"),
    ({"four_hour_limit": "5 mg/h"}, "four_hour_limit"),
    ({"loading_dose": "-1 mg"}, "loading_dose"),
])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as err:
        safety.check_pca(CASE, **kwargs)
    assert err.value.field == field


def test_not_settings_rejected():
    with pytest.raises(InputError):
        safety.check_pca("0.55 mg/h")


def test_safety_rules_have_sources():
    for name, rule_set in (("background_opioid_tolerant_only", "hospitalist-2013"),
                           ("sc_lockout_min", "hallenbeck-2003"),
                           ("uncontrolled_pain_nrs", "lin-2021"),
                           ("naive_bolus_hydromorphone", "anesthesia-guide"),
                           ("sc_volume_per_hour_max", "fast-facts-28")):
        r = safety.safety_rule(name, rule_set)
        assert r.origin.source and r.origin.url.startswith("http")
    assert safety.safety_rule("sc_lockout_min", "hallenbeck-2003").low == 15
    assert safety.safety_rule("sc_volume_per_hour_max", "fast-facts-28").high == 3
    with pytest.raises(InputError):
        safety.safety_rule("sc_lockout_min", "nobody")


@settings(max_examples=60, deadline=None)
# 0 (none) or within data/input_bounds.csv (0.001-100 mg/h, 0.001-100 mg, 1-1440 min)
@given(bg=st.one_of(st.just(0.0), st.floats(0.001, 5)),
       bolus=st.one_of(st.just(0.0), st.floats(0.001, 5)), lockout=st.floats(1, 120),
       tolerant=st.sampled_from([True, False, None]),
       daily=st.one_of(st.none(), st.floats(0.1, 500)))
def test_never_crashes_and_always_shows_max_per_hour(bg, bolus, lockout, tolerant, daily):
    s = an.PcaSettings(background=an.Q(bg, "mg/h"), bolus=an.Q(bolus, "mg"),
                       lockout=an.Q(lockout, "min"))
    found = safety.check_pca(s, opioid_tolerant=tolerant, reservoir=RES,
                             daily_dose=None if daily is None else an.Q(daily, "mg/day"))
    assert "max_per_hour" in codes(found)
    assert all(f.level in safety.LEVELS for f in found)
    assert safety.worst(found) in safety.LEVELS


@settings(max_examples=40, deadline=None)
@given(bolus=st.floats(0.01, 5), factor=st.floats(1.01, 3))
def test_a_bigger_naive_bolus_is_never_safer(bolus, factor):
    small = an.PcaSettings(background="0 mg/h", bolus=an.Q(bolus, "mg"), lockout="20 min")
    big = an.PcaSettings(background="0 mg/h", bolus=an.Q(bolus * factor, "mg"),
                         lockout="20 min")
    rank = safety.LEVELS.index
    assert rank(safety.worst(safety.check_pca(big, opioid_tolerant=False))) <= rank(
        safety.worst(safety.check_pca(small, opioid_tolerant=False)))


# --- each sentence cites the row it applies, from the data (issue 14) -------------------------


def test_sentences_cite_the_rule_rows_by_author_and_year():
    c = codes(safety.check_pca(CASE, daily_dose="13.5 mg/day", opioid_tolerant=True,
                               reservoir=RES, age="80 year", can_use_button=False))
    # Fast Facts #92 (hour limit 3-5 x; the button) is Prommer E, 2004
    assert "Prommer E (2004)" in c["no_hour_limit"].text
    assert "Prommer E (2004)" in c["cannot_use_button"].text
    # the bolus with a background: Kornick 2001 (50-100% of the hourly rate), then Lin 2022
    assert "Kornick CA et al (2001)" in c["bolus_between_conventions"].text
    assert "Lin R et al (2022)" in c["bolus_between_conventions"].text
    # elderly: the 50% end of Fine & Portenoy's 25-50% cut
    assert "the 50% end" in c["elderly_or_frail"].text
    assert "Fine PG, Portenoy RK (2009)" in c["elderly_or_frail"].text


def test_four_hours_are_worked_out_from_the_most_per_hour():
    c = codes(safety.check_pca(CASE, daily_dose="13.5 mg/day", opioid_tolerant=True))
    # 3.15 mg/h x 4 h = 12.6 mg; 12.6 / 13.5 = 93.3% of the day's dose
    assert c["max_four_hours"].text == (
        "In 4 h the pump can give up to 12.6 mg (4 x the most in one hour) = 93.3% of the "
        "day's dose 13.5 mg.")


def test_the_texts_are_a_catalogue():
    from analgesia import words

    assert isinstance(safety.TEXT, words.Catalogue)
    assert safety.TEXT("hepatic", low="25%", high="50%").startswith("Hepatic impairment")
    with pytest.raises(InputError, match="text key"):
        safety.TEXT("no-such-key")
