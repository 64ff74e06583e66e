"""pump: reservoir, settings, daily totals, maximum per hour, reservoir life, PCA from a daily dose.

Hand calculations from reference.md section 1 (the case) and section 3 (rules)."""

import pytest

import analgesia as an
from analgesia.units import InputError


def mag(q, unit):
    return q.to(unit).magnitude


@pytest.fixture
def res():
    # paper: 100 mg hydromorphone (50 x 2 mg/2 mL) + 100 mL 0.9% NaCl
    return an.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="100 mL",
                        diluent_volume="100 mL")


@pytest.fixture
def case_settings():
    # paper: background 0.55 mg/h, bolus 0.65 mg, lockout 15 min, no hour limit
    return an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")


# --- Reservoir --------------------------------------------------------------------------------


def test_reservoir_case(res):
    # 100 mg / (100 mL + 100 mL) = 0.5 mg/mL; volume 200 mL
    assert mag(res.concentration, "mg/mL") == pytest.approx(0.5)
    assert mag(res.volume, "mL") == pytest.approx(200)
    assert an.fmt(res.concentration) == "0.5 mg/mL"
    assert an.fmt(res.volume) == "200 mL"
    assert res.steps == (
        "100 mg in 100 mL drug + 100 mL diluent = 100 mg / 200 mL = 0.5 mg/mL",
    )


def test_reservoir_volume_of_and_amount_in(res):
    # 0.65 mg / 0.5 mg/mL = 1.3 mL; 0.55 mg/h / 0.5 mg/mL = 1.1 mL/h; 15.15 mg -> 30.3 mL
    assert mag(res.volume_of("0.65 mg"), "mL") == pytest.approx(1.3)
    assert mag(res.volume_of("0.55 mg/h"), "mL/h") == pytest.approx(1.1)
    assert mag(res.volume_of("15.15 mg"), "mL") == pytest.approx(30.3)
    # 1.3 mL x 0.5 mg/mL = 0.65 mg; 1.1 mL/h x 0.5 = 0.55 mg/h; 0.1 mL = 0.05 mg
    assert mag(res.amount_in("1.3 mL"), "mg") == pytest.approx(0.65)
    assert mag(res.amount_in("1.1 mL/h"), "mg/h") == pytest.approx(0.55)
    assert mag(res.amount_in("0.1 mL"), "mg") == pytest.approx(0.05)
    # micrograms convert: 650 mcg = 0.65 mg -> 1.3 mL
    assert mag(res.volume_of("650 mcg"), "mL") == pytest.approx(1.3)


def test_reservoir_other_mixes():
    # 50 mg morphine in 50 mL, no diluent: 1 mg/mL; 10 mg hydromorphone in 10 + 90 mL: 0.1 mg/mL
    assert mag(an.Reservoir("morphine", "50 mg", "50 mL").concentration, "mg/mL") == 1
    r = an.Reservoir("hydromorphone", "10000 mcg", "10 mL", "90 mL")
    assert mag(r.concentration, "mg/mL") == pytest.approx(0.1)
    assert mag(r.volume, "mL") == pytest.approx(100)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"drug": "aspirin"}, "drug"),
        ({"drug": None}, "drug"),
        ({"drug": ""}, "drug"),
        ({"drug_amount": "-100 mg"}, "drug_amount"),
        ({"drug_amount": "0 mg"}, "drug_amount"),
        ({"drug_amount": "nan mg"}, "drug_amount"),
        ({"drug_amount": "inf mg"}, "drug_amount"),
        ({"drug_amount": None}, "drug_amount"),
        ({"drug_amount": ""}, "drug_amount"),
        ({"drug_amount": "100 mL"}, "drug_amount"),
        ({"drug_amount": "100 mcg/h"}, "drug_amount"),
        ({"drug_volume": "-1 mL"}, "drug_volume"),
        ({"drug_volume": "100 mg"}, "drug_volume"),
        ({"drug_volume": "0 mL", "diluent_volume": "0 mL"}, "drug_volume"),
        ({"diluent_volume": "-100 mL"}, "diluent_volume"),
        ({"diluent_volume": "950 mL"}, "diluent_volume"),  # 100 + 950 > 1000 mL
    ],
)
def test_reservoir_bad_input(kwargs, field):
    base = {"drug": "hydromorphone", "drug_amount": "100 mg", "drug_volume": "100 mL",
            "diluent_volume": "100 mL"}
    base.update(kwargs)
    with pytest.raises(ValueError) as exc:
        an.Reservoir(**base)
    # the parameter for code, the learner's words in the message
    assert exc.value.field == field
    assert str(exc.value).startswith(exc.value.label)
    assert isinstance(exc.value, InputError)


@pytest.mark.parametrize("dose", ["5 mL", "5 min", None, "", "abc"])
def test_reservoir_volume_of_wrong_unit(res, dose):
    with pytest.raises(ValueError, match="dose"):
        res.volume_of(dose)


@pytest.mark.parametrize("volume", ["5 mg", "5 h", None])
def test_reservoir_amount_in_wrong_unit(res, volume):
    with pytest.raises(ValueError, match="volume"):
        res.amount_in(volume)


@pytest.mark.parametrize("method, value", [("volume_of", "-5 mg"), ("amount_in", "-5 mL")])
def test_reservoir_negative_dose_refused(res, method, value):
    with pytest.raises(ValueError):
        getattr(res, method)(value)


# --- PcaSettings ------------------------------------------------------------------------------


def test_daily_total_day1(case_settings, res):
    # paper: 0.55 x 24 = 13.2 mg; + 0.65 x 3 = 1.95 mg -> 15.15 mg; / 0.5 mg/mL = 30.3 mL
    d = case_settings.daily_total(boluses=3, reservoir=res)
    assert mag(d.value, "mg") == pytest.approx(15.15)
    assert mag(d.background, "mg") == pytest.approx(13.2)
    assert mag(d.bolus_total, "mg") == pytest.approx(1.95)
    assert mag(d.volume, "mL") == pytest.approx(30.3)
    assert d.boluses == 3
    assert "daily total = 13.2 mg + 1.95 mg = 15.15 mg" in d.steps
    assert "15.15 mg / 0.5 mg/mL = 30.3 mL" in d.steps


def test_daily_total_day2_and_none(case_settings, res):
    # paper: 13.2 + 0.65 x 2 = 14.5 mg = 29 mL; no boluses: 13.2 mg, no volume
    d = case_settings.daily_total(boluses=2, reservoir=res)
    assert mag(d.value, "mg") == pytest.approx(14.5)
    assert mag(d.volume, "mL") == pytest.approx(29)
    d0 = case_settings.daily_total()
    assert mag(d0.value, "mg") == pytest.approx(13.2)
    assert d0.volume is None


@pytest.mark.parametrize("boluses", [-1, 2.5, float("nan"), float("inf"), True, None, "3",
                                     1441])
def test_daily_total_bad_boluses(case_settings, boluses):
    with pytest.raises(ValueError) as exc:
        case_settings.daily_total(boluses=boluses)
    assert "boluses" in str(exc.value) and str(boluses) in str(exc.value)


def test_max_per_hour_case(case_settings):
    # 0.55 + 0.65 x floor(60 / 15) = 0.55 + 2.6 = 3.15 mg/h
    assert case_settings.boluses_per_hour == 4
    assert mag(case_settings.max_per_hour, "mg/h") == pytest.approx(3.15)
    assert "= 3.15 mg/h" in case_settings.max_per_hour_steps[0]


def test_max_per_hour_capped_by_hour_limit():
    # uncapped 3.15 mg/h; hour limit 2 mg/h -> 2 mg/h
    s = an.PcaSettings("0.55 mg/h", "0.65 mg", "15 min", hour_limit="2 mg/h")
    assert mag(s.max_per_hour, "mg/h") == pytest.approx(2)
    assert mag(s.max_per_hour_uncapped, "mg/h") == pytest.approx(3.15)
    assert any("capped" in line and "2 mg/h" in line for line in s.max_per_hour_steps)
    # a limit above what the lockout allows does not raise the maximum: still 3.15
    s5 = an.PcaSettings("0.55 mg/h", "0.65 mg", "15 min", hour_limit="5 mg/h")
    assert mag(s5.max_per_hour, "mg/h") == pytest.approx(3.15)
    assert len(s5.max_per_hour_steps) == 1


@pytest.mark.parametrize(
    "lockout, n, top",
    [
        ("15 min", 4, 0.55 + 4 * 0.65),
        ("10 min", 6, 0.55 + 6 * 0.65),  # 60/10 = 6 exactly
        ("7 min", 8, 0.55 + 8 * 0.65),  # floor(8.57) = 8
        ("20 min", 3, 0.55 + 3 * 0.65),
        ("0.25 h", 4, 3.15),  # 15 min written in hours
        ("90 min", 0, 0.55),  # longer than an hour: no full bolus guaranteed in a clock hour
    ],
)
def test_boluses_per_hour(lockout, n, top):
    s = an.PcaSettings("0.55 mg/h", "0.65 mg", lockout)
    assert s.boluses_per_hour == n
    assert mag(s.max_per_hour, "mg/h") == pytest.approx(top)


def test_reservoir_life(case_settings, res):
    # 100 mg / (13.2 + 1.95 mg/day) = 6.6007 days = 158.42 h
    assert mag(case_settings.reservoir_life(res, boluses_per_day=3), "h") == pytest.approx(
        100 / 15.15 * 24)
    # background only: 100 / 13.2 x 24 = 181.82 h
    assert mag(case_settings.reservoir_life(res), "h") == pytest.approx(100 / 13.2 * 24)


def test_reservoir_life_nothing_given_is_valueerror(res):
    s = an.PcaSettings("0 mg/h", "0.5 mg", "15 min")
    with pytest.raises(ValueError, match="background"):
        s.reservoir_life(res, boluses_per_day=0)


@pytest.mark.parametrize("n", [-1, 1.5, None])
def test_reservoir_life_bad_count(case_settings, res, n):
    with pytest.raises(ValueError, match="boluses a day") as exc:
        case_settings.reservoir_life(res, boluses_per_day=n)
    assert exc.value.field == "boluses_per_day"


def test_describe_in_mg_and_ml(case_settings, res):
    # 0.55 mg/h = 1.1 mL/h; 0.65 mg = 1.3 mL; 3.15 mg/h = 6.3 mL/h at 0.5 mg/mL
    lines = case_settings.describe(res)
    assert "background: 0.55 mg/h (1.1 mL/h)" in lines
    assert "bolus (PCA dose): 0.65 mg (1.3 mL)" in lines
    assert "lockout: 15 min" in lines
    assert "hour limit: none set" in lines
    assert "maximum per hour: 3.15 mg/h (6.3 mL/h)" in lines
    assert any("hydromorphone" in line for line in lines)


def test_describe_without_reservoir_and_with_limit():
    s = an.PcaSettings("0.55 mg/h", "0.65 mg", "15 min", hour_limit="2 mg/h")
    lines = s.describe()
    assert "hour limit: 2 mg/h" in lines
    assert "maximum per hour: 2 mg/h" in lines
    assert not any("mL" in line for line in lines)


def test_settings_accept_other_units():
    # 550 mcg/h = 0.55 mg/h; 650 mcg = 0.65 mg; 0.25 h = 15 min
    s = an.PcaSettings("550 mcg/h", "650 mcg", "0.25 h")
    assert mag(s.background, "mg/h") == pytest.approx(0.55)
    assert mag(s.bolus, "mg") == pytest.approx(0.65)
    assert mag(s.lockout, "min") == pytest.approx(15)


@pytest.mark.parametrize(
    "kwargs, field, value",
    [
        ({"lockout": "0 min"}, "lockout", "0 min"),
        ({"lockout": "-5 min"}, "lockout", "-5 min"),
        ({"lockout": "5 mg"}, "lockout", "5 mg"),
        ({"lockout": "nan min"}, "lockout", "nan min"),
        ({"lockout": None}, "lockout", "None"),
        ({"background": "0.55 mg"}, "background", "0.55 mg"),  # mg where mg/h expected
        ({"background": "-0.55 mg/h"}, "background", "-0.55 mg/h"),
        ({"background": "inf mg/h"}, "background", "inf mg/h"),
        ({"background": ""}, "background", "''"),
        ({"background": None}, "background", "None"),
        ({"bolus": "0.65 mg/h"}, "bolus", "0.65 mg/h"),
        ({"bolus": "-0.65 mg"}, "bolus", "-0.65 mg"),
        ({"bolus": "25 mcg/h"}, "bolus", "25 mcg/h"),
        ({"bolus": "200 mg"}, "bolus", "200 mg"),  # above MAX_BOLUS_MG
        ({"hour_limit": "0.5 mg/h"}, "hour_limit", "0.5 mg/h"),  # below background
        ({"hour_limit": "2 mg"}, "hour_limit", "2 mg"),
        ({"hour_limit": "0 mg/h"}, "hour_limit", "0 mg/h"),
        ({"drug": "aspirin"}, "drug", "aspirin"),
        ({"route": "oral"}, "route", "oral"),
    ],
)
def test_settings_bad_input(kwargs, field, value):
    base = {"background": "0.55 mg/h", "bolus": "0.65 mg", "lockout": "15 min"}
    base.update(kwargs)
    with pytest.raises(ValueError) as exc:
        an.PcaSettings(**base)
    msg = str(exc.value)
    assert exc.value.field == field and value in msg
    assert msg.startswith(exc.value.label)
    assert isinstance(exc.value, InputError)


# --- pca_from_daily_dose ----------------------------------------------------------------------


def test_pca_from_daily_dose_case_rounded(res):
    # 13.5 / 24 = 0.5625 mg/h -> 0.55 (11 steps of 0.05 mg = 0.1 mL at 0.5 mg/mL)
    # 13.5 / 20 = 0.675 mg -> 0.65 (13 steps)
    p = an.pca_from_daily_dose("13.5 mg/day", bolus_fraction=1 / 20, reservoir=res,
                               pump_step="0.1 mL")
    assert mag(p.background, "mg/h") == pytest.approx(0.55)
    assert mag(p.bolus, "mg") == pytest.approx(0.65)
    assert mag(p.background_exact, "mg/h") == pytest.approx(0.5625)
    assert mag(p.bolus_exact, "mg") == pytest.approx(0.675)
    assert mag(p.background_volume, "mL/h") == pytest.approx(1.1)
    assert mag(p.bolus_volume, "mL") == pytest.approx(1.3)
    assert mag(p.settings.lockout, "min") == 15
    assert p.settings.hour_limit is None
    assert "background = 13.5 mg/day / 24 h = 0.5625 mg/h" in p.steps
    assert any("0.675 mg -> 0.65 mg (1.3 mL)" in line for line in p.steps)


def test_pca_from_daily_dose_exact_without_step():
    # no pump_step: nothing rounded: 0.5625 mg/h and 0.675 mg
    p = an.pca_from_daily_dose("13.5 mg/day", bolus_fraction=1 / 20)
    assert mag(p.background, "mg/h") == pytest.approx(0.5625)
    assert mag(p.bolus, "mg") == pytest.approx(0.675)
    assert p.background == p.background_exact and p.bolus == p.bolus_exact
    assert p.pump_step is None and p.background_volume is None
    assert "no pump step given: not rounded" in p.steps


def test_pca_from_daily_dose_step_in_mg():
    # 0.05 mg steps: same 0.55 / 0.65 as 0.1 mL at 0.5 mg/mL
    p = an.pca_from_daily_dose("13.5 mg/day", bolus_fraction=0.05, pump_step="0.05 mg")
    assert mag(p.background, "mg/h") == pytest.approx(0.55)
    assert mag(p.bolus, "mg") == pytest.approx(0.65)


def test_pca_from_daily_dose_exact_multiple_not_rounded_down(res):
    # 26.4 mg/day / 24 = 1.1 mg/h = 22 x 0.05 mg exactly: must stay 1.1, not fall to 1.05
    p = an.pca_from_daily_dose("26.4 mg/day", bolus_fraction=0.1, reservoir=res,
                               pump_step="0.1 mL")
    assert mag(p.background, "mg/h") == pytest.approx(1.1)
    # 26.4 x 0.1 = 2.64 mg -> 52 steps of 0.05 = 2.6 mg
    assert mag(p.bolus, "mg") == pytest.approx(2.6)


def test_pca_from_daily_dose_range_needs_pick():
    with pytest.raises(ValueError, match="pick"):
        an.pca_from_daily_dose(("10 mg/day", "13.5 mg/day"), bolus_fraction=0.05)


@pytest.mark.parametrize(
    "pick, daily",
    [("low", 10), ("mid", 11.75), ("high", 13.5)],  # mid = (10 + 13.5) / 2
)
def test_pca_from_daily_dose_range_pick(pick, daily):
    p = an.pca_from_daily_dose(("10 mg/day", "13.5 mg/day"), bolus_fraction=0.05, pick=pick)
    assert mag(p.background, "mg/h") == pytest.approx(daily / 24)
    assert mag(p.bolus, "mg") == pytest.approx(daily * 0.05)


def test_pca_from_daily_dose_hour_limit_and_lockout():
    p = an.pca_from_daily_dose("24 mg/day", bolus_fraction=0.1, lockout="10 min",
                               hour_limit="3 mg/h")
    # 24 / 24 = 1 mg/h; bolus 2.4 mg; 1 + 6 x 2.4 = 15.4 mg/h, capped at 3
    assert mag(p.settings.max_per_hour_uncapped, "mg/h") == pytest.approx(15.4)
    assert mag(p.settings.max_per_hour, "mg/h") == pytest.approx(3)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"daily_dose": "-13.5 mg/day"}, "daily_dose"),
        ({"daily_dose": "0 mg/day"}, "daily_dose"),
        ({"daily_dose": "13.5 mg"}, "daily_dose"),
        ({"daily_dose": None}, "daily_dose"),
        ({"bolus_fraction": 1.5}, "bolus_fraction"),
        ({"bolus_fraction": -0.1}, "bolus_fraction"),
        ({"bolus_fraction": float("nan")}, "bolus_fraction"),
        ({"bolus_fraction": "1/20"}, "bolus_fraction"),
        ({"pump_step": "0.1 mL"}, "pump_step"),  # mL without a reservoir
        ({"pump_step": "0 mg"}, "pump_step"),
        ({"pump_step": "-0.1 mg"}, "pump_step"),
        ({"pump_step": "0.1 h"}, "pump_step"),
        ({"lockout": "0 min"}, "lockout"),
        ({"pick": "max", "daily_dose": ("10 mg/day", "13.5 mg/day")}, "pick"),
    ],
)
def test_pca_from_daily_dose_bad_input(kwargs, field):
    base = {"daily_dose": "13.5 mg/day", "bolus_fraction": 0.05}
    base.update(kwargs)
    with pytest.raises(ValueError) as exc:
        an.pca_from_daily_dose(**base)
    assert exc.value.field == field


def test_pca_from_daily_dose_step_larger_than_dose():
    with pytest.raises(ValueError, match="pump_step"):
        an.pca_from_daily_dose("13.5 mg/day", bolus_fraction=0.05, pump_step="1 mg")


def test_bolus_larger_than_reservoir_refused():
    small = an.Reservoir("hydromorphone", "10 mg", "10 mL", "10 mL")
    # 240 mg/day x 0.2 = 48 mg bolus > 10 mg in the reservoir
    with pytest.raises(ValueError, match="bolus"):
        an.pca_from_daily_dose("240 mg/day", bolus_fraction=0.2, reservoir=small)


# --- the plan's defaults come from the data (issue 14) ---------------------------------------


def test_a_plan_without_a_lockout_takes_the_teaching_default():
    # Hallenbeck's shortest subcut lockout, 15 min: the case's and Lin 2021's lockout
    p = an.pca_from_daily_dose("13.5 mg/day", bolus_fraction=1 / 20)
    assert p.settings.lockout.to("min").magnitude == 15
    assert an.rulebook.default("plan_lockout").rule.rule_set == "hallenbeck-2003"


def test_a_plan_cites_the_rule_row_it_follows():
    p = an.pca_from_daily_dose("13.5 mg/day", bolus_fraction=1 / 20)
    # Lin R et al., JNCCN 2022;20(9):1013: background = 24 h dose / 24 h
    assert p.source.startswith("Lin R et al.") and "2022" in p.source
