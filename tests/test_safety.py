"""safety.check_pca: each finding from a hand calculation on the Tang 2025 settings.

Case: 100 mg hydromorphone in 200 mL (0.5 mg/mL); background 0.55 mg/h, bolus 0.65 mg,
lockout 15 min, no hour limit; settings from 13.5 mg/day.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import safety
from analgesia.units import InputError

RES = an.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="100 mL",
                   diluent_volume="100 mL")
CASE = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")


def codes(findings):
    return {f.code: f for f in findings}


def test_case_findings_and_order():
    found = safety.check_pca(CASE, daily_dose="13.5 mg/day", opioid_tolerant=True, reservoir=RES)
    c = codes(found)
    assert set(c) == {"no_hour_limit", "bolus_fraction", "lockout_sc", "max_per_hour"}
    # sorted danger -> warning -> info
    order = [safety.LEVELS.index(f.level) for f in found]
    assert order == sorted(order)
    # max per hour = 0.55 + 0.65 x floor(60/15) = 0.55 + 2.6 = 3.15 mg/h = 6.3 mL/h at 0.5 mg/mL
    assert "3.15 mg/h (6.3 mL/h)" in c["max_per_hour"].text
    assert "0.65 mg x 4" in c["max_per_hour"].text
    # no hour limit: Fast Facts 3-5 x (13.5/24 = 0.5625 mg/h) = 1.6875 to 2.8125 mg/h
    assert c["no_hour_limit"].level == "warning"
    # shown with at most 3 decimals from 1 up, halves rounded up: 1.688 and 2.813
    assert "1.688 mg/h to 2.813 mg/h" in c["no_hour_limit"].text
    assert "Fast Facts #92" in c["no_hour_limit"].source
    # bolus 0.65 / 13.5 = 4.8%; 10-20% of 13.5 = 1.35-2.7 mg
    assert c["bolus_fraction"].level == "warning"
    assert "4.8%" in c["bolus_fraction"].text and "1.35 mg to 2.7 mg" in c["bolus_fraction"].text
    # lockout 15 min = assumed half-life 15 min: 1 - 0.5^1 = 50% absorbed; an assumption
    assert c["lockout_sc"].level == "info"
    assert "50%" in c["lockout_sc"].text and "ASSUMPTION" in c["lockout_sc"].text


def test_background_in_opioid_naive_is_danger_and_unknown_is_warning():
    naive = codes(safety.check_pca(CASE, opioid_tolerant=False))
    assert naive["background_opioid_naive"].level == "danger"
    unknown = codes(safety.check_pca(CASE))
    assert unknown["background_tolerance_unknown"].level == "warning"
    no_bg = an.PcaSettings(background="0 mg/h", bolus="0.5 mg", lockout="15 min")
    assert "background_opioid_naive" not in codes(safety.check_pca(no_bg, opioid_tolerant=False))


@pytest.mark.parametrize(("limit", "code", "level"), [
    ("1.5 mg/h", "hour_limit_low", "warning"),    # 1.5 / 0.5625 = 2.67 x < 3
    ("2.5 mg/h", "hour_limit_ok", "info"),        # 2.5 / 0.5625 = 4.44 x
    ("3 mg/h", "hour_limit_high", "warning"),     # 3 / 0.5625 = 5.33 x > 5
])
def test_hour_limit_against_3_to_5_times_hourly_requirement(limit, code, level):
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min",
                       hour_limit=limit)
    c = codes(safety.check_pca(s, daily_dose="13.5 mg/day", opioid_tolerant=True))
    assert c[code].level == level
    assert "no_hour_limit" not in c


def test_hour_limit_ratio_printed():
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min",
                       hour_limit="2.5 mg/h")
    c = codes(safety.check_pca(s, daily_dose="13.5 mg/day", opioid_tolerant=True))
    assert "4.44 x" in c["hour_limit_ok"].text  # 2.5 / 0.5625 = 4.444


def test_bolus_within_lin_range_is_info():
    # 13.5 mg/day x 15% = 2.025 mg
    s = an.PcaSettings(background="0.5625 mg/h", bolus="2.025 mg", lockout="15 min")
    c = codes(safety.check_pca(s, daily_dose="13.5 mg/day", opioid_tolerant=True))
    assert c["bolus_fraction_ok"].level == "info" and "15%" in c["bolus_fraction_ok"].text


def test_bolus_fraction_without_daily_dose_uses_background_x_24h():
    # 0.65 / (0.55 x 24 = 13.2) = 4.9%
    c = codes(safety.check_pca(CASE, opioid_tolerant=True))
    assert "4.9%" in c["bolus_fraction"].text and "13.2 mg" in c["bolus_fraction"].text


def test_short_lockout_subcut():
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="10 min")
    c = codes(safety.check_pca(s, opioid_tolerant=True))
    assert c["lockout_below_sc_minimum"].level == "warning"   # 10 < 15 min (Hallenbeck)
    assert c["lockout_short_sc"].level == "warning"           # 10 < 15 min half-life
    assert "37%" in c["lockout_short_sc"].text               # 1 - 0.5^(10/15) = 0.370
    # with an assumed 5 min half-life: 1 - 0.5^2 = 75%, not shorter
    c5 = codes(safety.check_pca(s, opioid_tolerant=True, absorption_half_life="5 min"))
    assert "75%" in c5["lockout_sc"].text


def test_intravenous_route_skips_subcut_checks():
    s = an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="10 min",
                       route="intravenous")
    c = codes(safety.check_pca(s, opioid_tolerant=True))
    assert not {"lockout_sc", "lockout_short_sc", "lockout_below_sc_minimum"} & set(c)


def test_bolus_larger_than_reservoir_is_danger():
    # 20 mg in 10 mL = 2 mg/mL... use 1 mg in 10 mL = 0.1 mg/mL: bolus 2 mg = 20 mL > 10 mL
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
])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as err:
        safety.check_pca(CASE, **kwargs)
    assert err.value.field == field


def test_not_settings_rejected():
    with pytest.raises(ValueError):
        safety.check_pca("0.55 mg/h")


def test_safety_rules_file_has_sources():
    for name, rule_set in (("background_opioid_tolerant_only", "hospitalist-2013"),
                           ("sc_lockout_min", "hallenbeck-2003"),
                           ("uncontrolled_pain_nrs", "lin-2021")):
        r = safety.safety_rule(name, rule_set)
        assert r.origin.source and r.origin.url.startswith("http")
    assert safety.safety_rule("sc_lockout_min", "hallenbeck-2003").low == 15
    with pytest.raises(InputError):
        safety.safety_rule("sc_lockout_min", "nobody")


@settings(max_examples=60, deadline=None)
# 0 (none) or within data/input_bounds.csv (0.001-100 mg/h, 0.001-100 mg, 1-1440 min)
@given(bg=st.one_of(st.just(0.0), st.floats(0.001, 5)),
       bolus=st.one_of(st.just(0.0), st.floats(0.001, 5)), lockout=st.floats(1, 120),
       tolerant=st.sampled_from([True, False, None]))
def test_never_crashes_and_always_shows_max_per_hour(bg, bolus, lockout, tolerant):
    s = an.PcaSettings(background=an.Q(bg, "mg/h"), bolus=an.Q(bolus, "mg"),
                       lockout=an.Q(lockout, "min"))
    found = safety.check_pca(s, opioid_tolerant=tolerant, reservoir=RES)
    assert "max_per_hour" in codes(found)
    assert all(f.level in safety.LEVELS for f in found)
    assert safety.worst(found) in safety.LEVELS
