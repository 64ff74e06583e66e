"""safety.check_pca: a table of orders, each worked by hand, with the level a second nurse
would give it (good, borderline, dangerous), including the three orders of issue 11.

Thresholds (from the published rows in data/, written here from the sources, not the code):
hour limit 3-5 x the hourly requirement (Fast Facts #92); the most per hour above 10 x the
requirement is a danger (workbook assumption, twice 5 x); background above 2 x (daily / 24 h) is
a danger (largest titration step +100%), above 1 x a warning; naive HYDROmorphone bolus
0.05-0.3 mg, morphine 0.5-3 mg; bolus-only 10-20% of the 24 h dose (Lin 2021); with a
background 50-100% of the hourly rate (Kornick 2001), up to 20% of the day (Lin 2022) is
"between conventions"; subcut lockout 15 min minimum, 20-30 min preferred (Hallenbeck);
IV lockout 5-20 min; subcut bolus at most 2 mL, subcut rate at most 3 mL/h; eGFR < 30 severe;
elderly from 75 (assumption); loading dose 2 x the bolus; 4-hour limit about 4 x the 1-hour.
"""

import pytest

import analgesia as an
from analgesia import safety

# Tang: 100 mg in 100 mL + 100 mL = 0.5 mg/mL
RES = an.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="100 mL",
                   diluent_volume="100 mL")
# 2 mg/mL: 100 mg in 50 mL
STRONG = an.Reservoir(drug="hydromorphone", drug_amount="100 mg", drug_volume="50 mL",
                      diluent_volume="0 mL")
# 0.2 mg/mL: 20 mg in 100 mL
WEAK = an.Reservoir(drug="hydromorphone", drug_amount="20 mg", drug_volume="10 mL",
                    diluent_volume="90 mL")


def codes(findings):
    return {f.code: f for f in findings}


def order(bg, bolus, lockout, limit=None, route="subcutaneous", drug="hydromorphone"):
    return an.PcaSettings(background=bg, bolus=bolus, lockout=lockout, hour_limit=limit,
                          route=route, drug=drug)


# G1, the model tolerant order: 12 mg/day subcut -> requirement 12 / 24 = 0.5 mg/h.
# background 0.5 mg/h; bolus 0.5 mg = 100% of 0.5 mg/h; lockout 20 min -> 3 boluses an hour;
# uncapped 0.5 + 3 x 0.5 = 2 mg/h; hour limit 1.5 mg/h = 3 x 0.5 (< 2, so it limits);
# at 2 mg/mL: bolus 0.25 mL, background 0.25 mL/h, 1.5 mg/h = 0.75 mL/h (< 3 mL/h).
G1 = dict(settings=("0.5 mg/h", "0.5 mg", "20 min", "1.5 mg/h"), res=STRONG,
          kw=dict(daily_dose="12 mg/day", opioid_tolerant=True))


def _with(base, **kw):
    return dict(settings=base["settings"], res=base["res"], kw={**base["kw"], **kw})


ORDERS = [
    # --- good: nothing above info -----------------------------------------------------------
    ("G1 tolerant background + bolus", G1, "info", "hour_limit_ok"),
    # IV: 24 mg/day -> 1 mg/h; bolus 1 mg = 100%; lockout 10 min (5-20) -> 6 an hour;
    # uncapped 1 + 6 x 1 = 7 mg/h; limit 4 mg/h = 4 x 1 (< 7)
    ("G2 IV background + bolus", dict(settings=("1 mg/h", "1 mg", "10 min", "4 mg/h",
                                                "intravenous"),
                                      res=None, kw=dict(daily_dose="24 mg/day",
                                                        opioid_tolerant=True)),
     "info", "lockout_iv"),
    # naive, bolus-only: 0.2 mg (within 0.05-0.3), lockout 20 min -> 3 x 0.2 = 0.6 mg/h
    # uncapped; limit 0.4 mg/h < 0.6; at 0.5 mg/mL bolus 0.4 mL, 0.4 mg/h = 0.8 mL/h
    ("G3 naive bolus-only titration", dict(settings=("0 mg/h", "0.2 mg", "20 min", "0.4 mg/h"),
                                           res=RES, kw=dict(opioid_tolerant=False)),
     "info", "naive_bolus_ok"),
    # tolerant bolus-only: 12 mg/day, bolus 1.2 mg = 1.2 / 12 = 10% (Lin 10-20%); lockout
    # 30 min -> 2 an hour, uncapped 2.4 mg/h; limit 2 mg/h = 4 x 0.5 (< 2.4); at 2 mg/mL
    # bolus 0.6 mL, 2 mg/h = 1 mL/h
    ("G4 tolerant bolus-only", dict(settings=("0 mg/h", "1.2 mg", "30 min", "2 mg/h"),
                                    res=STRONG, kw=dict(daily_dose="12 mg/day",
                                                        opioid_tolerant=True)),
     "info", "bolus_fraction_ok"),
    # G1 given by the nurse for a patient who cannot press the button (Hallenbeck)
    ("G5 clinician-activated", _with(G1, who_presses="nurse", can_use_button=False), "info",
     "clinician_activated"),
    # fentanyl IV, eGFR 20 (< 30: fentanyl is the usual choice): 0.6 mg/day -> 0.025 mg/h;
    # bolus 0.025 mg = 100%; lockout 10 -> uncapped 0.025 + 6 x 0.025 = 0.175 mg/h;
    # limit 0.1 mg/h = 4 x 0.025
    ("G6 fentanyl in renal failure", dict(
        settings=("0.025 mg/h", "0.025 mg", "10 min", "0.1 mg/h", "intravenous", "fentanyl"),
        res=None, kw=dict(daily_dose="0.6 mg/day", opioid_tolerant=True, egfr="20 mL/min")),
     "info", "renal_fentanyl"),
    # morphine IV, eGFR 80: 48 mg/day -> 2 mg/h; bolus 2 mg; lockout 10 -> 2 + 6 x 2 = 14;
    # limit 8 mg/h = 4 x 2
    ("G7 morphine IV, kidneys normal", dict(
        settings=("2 mg/h", "2 mg", "10 min", "8 mg/h", "intravenous", "morphine"),
        res=None, kw=dict(daily_dose="48 mg/day", opioid_tolerant=True, egfr="80 mL/min")),
     "info", "hour_limit_ok"),
    # loading dose 1 mg = 2 x the 0.5 mg bolus (The Hospitalist)
    ("G8 loading dose twice the bolus", _with(G1, loading_dose="1 mg"), "info", "loading_dose"),
    # 4-hour limit 5 mg < 4 h x 1.5 mg/h = 6 mg: it limits
    ("G9 a real 4-hour limit", _with(G1, four_hour_limit="5 mg"), "info", "max_four_hours"),
    # --- borderline: a warning to raise with the team -----------------------------------------
    # Tang: no limit; max 0.55 + 4 x 0.65 = 3.15 mg/h = 3.15 / 0.5625 = 5.6 x (> 5, < 10);
    # 3.15 mg/h at 0.5 mg/mL = 6.3 mL/h (> 3 mL/h, with every bolus); background 1.1 mL/h
    ("B1 the Tang order", dict(settings=("0.55 mg/h", "0.65 mg", "15 min", None), res=RES,
                               kw=dict(daily_dose="13.5 mg/day", opioid_tolerant=True)),
     "warning", "max_hour_above_requirement"),
    # limit 1.4 mg/h = 2.8 x 0.5 (< 3)
    ("B2 hour limit below 3 x", dict(settings=("0.5 mg/h", "0.5 mg", "20 min", "1.4 mg/h"),
                                     res=STRONG, kw=G1["kw"]), "warning", "hour_limit_low"),
    # bolus 0.75 mg = 150% of 0.5 mg/h, 0.75 / 12 = 6.25% of the day (between conventions);
    # uncapped 0.5 + 3 x 0.75 = 2.75; limit 2.6 = 5.2 x (> 5) but < 2.75
    ("B3 hour limit above 5 x", dict(settings=("0.5 mg/h", "0.75 mg", "20 min", "2.6 mg/h"),
                                     res=STRONG, kw=G1["kw"]), "warning", "hour_limit_high"),
    ("B4 with a benzodiazepine", _with(G1, sedatives=("benzodiazepine",)), "warning",
     "sedative_benzodiazepine"),
    ("B5 with a gabapentinoid", _with(G1, sedatives=["gabapentinoid"]), "warning",
     "sedative_gabapentinoid"),
    ("B6 hepatic impairment", _with(G1, hepatic_impairment=True), "warning",
     "hepatic_impairment"),
    ("B7 aged 80 (>= 75)", _with(G1, age=80), "warning", "elderly_or_frail"),
    ("B8 frail", _with(G1, frail=True), "warning", "elderly_or_frail"),
    # eGFR 22 < 30 with HYDROmorphone: H3G accumulates
    ("B9 HYDROmorphone at eGFR 22", _with(G1, egfr="22 mL/min"), "warning",
     "renal_hydromorphone"),
    ("B10 cannot press the button", _with(G1, can_use_button=False), "warning",
     "cannot_use_button"),
    # lockout 10 min < 15 min subcut minimum; uncapped 0.5 + 6 x 0.5 = 3.5 > 1.5 limit
    ("B11 subcut lockout 10 min", dict(settings=("0.5 mg/h", "0.5 mg", "10 min", "1.5 mg/h"),
                                       res=STRONG, kw=G1["kw"]), "warning",
     "lockout_below_sc_minimum"),
    # bolus 0.2 mg = 40% of 0.5 mg/h (< 50%); uncapped 0.5 + 3 x 0.2 = 1.1; limit 1.0 (2 x)
    ("B12 bolus below half the hourly rate", dict(
        settings=("0.5 mg/h", "0.2 mg", "20 min", "1 mg/h"), res=STRONG, kw=G1["kw"]),
     "warning", "bolus_small"),
    # background 0.75 mg/h = 1.5 x 0.5 (1 x < 1.5 x <= 2 x); bolus 0.75 = 100%; uncapped
    # 0.75 + 3 x 0.75 = 3; limit 2 mg/h = 4 x 0.5
    ("B13 background 1.5 x the requirement", dict(
        settings=("0.75 mg/h", "0.75 mg", "20 min", "2 mg/h"), res=STRONG, kw=G1["kw"]),
     "warning", "background_above_requirement"),
    ("B14 tolerance not stated", _with(G1, opioid_tolerant=None), "warning",
     "background_tolerance_unknown"),
    # loading 1.5 mg = 3 x the 0.5 mg bolus (> 2 x)
    ("B15 loading dose 3 x the bolus", _with(G1, loading_dose="1.5 mg"), "warning",
     "loading_dose_large"),
    # IV lockout 30 min (outside 5-20); uncapped 1 + 2 x 1 = 3; limit 2.5 = 2.5 x 1 (< 3 x)
    ("B16 IV lockout 30 min", dict(settings=("1 mg/h", "1 mg", "30 min", "2.5 mg/h",
                                             "intravenous"),
                                   res=None, kw=dict(daily_dose="24 mg/day",
                                                     opioid_tolerant=True)),
     "warning", "lockout_iv_outside"),
    # bolus-only, bolus 0.6 mg = 0.6 / 12 = 5% (< 10%); uncapped 3 x 0.6 = 1.8; limit 1.5
    ("B17 bolus-only bolus 5% of the day", dict(
        settings=("0 mg/h", "0.6 mg", "20 min", "1.5 mg/h"), res=STRONG, kw=G1["kw"]),
     "warning", "bolus_fraction"),
    # background only, no bolus, no limit: max 0.5 mg/h = 1 x (fine) but no breakthrough dose
    ("B18 no bolus", dict(settings=("0.5 mg/h", "0 mg", "20 min", None), res=STRONG,
                          kw=G1["kw"]), "warning", "no_bolus"),
    # --- danger: do not run the pump like this -------------------------------------------------
    # issue 11: naive 2 mg subcut every 15 min: 2 mg > 0.3 mg naive top; up to 4 x 2 = 8 mg/h
    ("D1 naive 2 mg every 15 min", dict(settings=("0 mg/h", "2 mg", "15 min", None), res=RES,
                                        kw=dict(opioid_tolerant=False)),
     "danger", "naive_bolus_above_range"),
    # issue 11: 2.7 mg bolus, 15 min, 13.5 mg/day: 0.55 + 4 x 2.7 = 11.35 mg/h
    # = 11.35 / 0.5625 = 20.2 x (> 10 x); 11.35 / 13.5 = 84% of the day in one hour
    ("D2 2.7 mg bolus every 15 min", dict(settings=("0.55 mg/h", "2.7 mg", "15 min", None),
                                          res=RES, kw=dict(daily_dose="13.5 mg/day",
                                                           opioid_tolerant=True)),
     "danger", "max_hour_far_above_requirement"),
    # issue 11: background 15 mg/h against 13.5 / 24 = 0.5625 mg/h: 26.7 x (> 2 x)
    ("D3 background 15 mg/h", dict(settings=("15 mg/h", "0.65 mg", "15 min", None), res=RES,
                                   kw=dict(daily_dose="13.5 mg/day", opioid_tolerant=True)),
     "danger", "background_far_above_requirement"),
    # naive with a background 0.2 mg/h
    ("D4 naive with a background", dict(settings=("0.2 mg/h", "0.2 mg", "20 min", "0.6 mg/h"),
                                        res=RES, kw=dict(opioid_tolerant=False)),
     "danger", "background_opioid_naive"),
    # limit 2 mg/h = uncapped 0.5 + 3 x 0.5 = 2 mg/h: limits nothing
    ("D5 hour limit that limits nothing", dict(
        settings=("0.5 mg/h", "0.5 mg", "20 min", "2 mg/h"), res=STRONG, kw=G1["kw"]),
     "danger", "hour_limit_limits_nothing"),
    # at 0.2 mg/mL the 0.5 mg bolus is 2.5 mL (> 2 mL)
    ("D6 subcut bolus 2.5 mL", dict(settings=G1["settings"], res=WEAK, kw=G1["kw"]),
     "danger", "sc_bolus_volume"),
    # 72 mg/day -> 3 mg/h; at 0.5 mg/mL the background is 6 mL/h (> 3 mL/h); bolus 3 mg,
    # lockout 20 -> uncapped 3 + 9 = 12; limit 9 = 3 x 3
    ("D7 subcut background 6 mL/h", dict(settings=("3 mg/h", "3 mg", "20 min", "9 mg/h"),
                                         res=RES, kw=dict(daily_dose="72 mg/day",
                                                          opioid_tolerant=True)),
     "danger", "sc_background_volume"),
    # morphine at eGFR 20 (< 30)
    ("D8 morphine at eGFR 20", dict(
        settings=("2 mg/h", "2 mg", "10 min", "8 mg/h", "intravenous", "morphine"),
        res=None, kw=dict(daily_dose="48 mg/day", opioid_tolerant=True, egfr="20 mL/min")),
     "danger", "renal_morphine"),
    # 4-hour limit 6 mg = 4 h x 1.5 mg/h: limits nothing
    ("D9 4-hour limit that limits nothing", _with(G1, four_hour_limit="6 mg"), "danger",
     "four_hour_limit_limits_nothing"),
    # naive morphine bolus 5 mg (> 3 mg); IV, lockout 10, limit 10 < 6 x 5 = 30
    ("D10 naive morphine 5 mg", dict(
        settings=("0 mg/h", "5 mg", "10 min", "10 mg/h", "intravenous", "morphine"),
        res=None, kw=dict(opioid_tolerant=False)), "danger", "naive_bolus_above_range"),
    # bolus-only, 2.4 mg = 20% of 12 mg (Lin's top), lockout 15, no limit:
    # 4 x 2.4 = 9.6 mg/h = 19.2 x 0.5 mg/h (> 10 x)
    ("D11 Lin bolus without an hour limit", dict(
        settings=("0 mg/h", "2.4 mg", "15 min", None), res=STRONG, kw=G1["kw"]),
     "danger", "max_hour_far_above_requirement"),
    # background 1.25 mg/h = 2.5 x 0.5 (> 2 x)
    ("D12 background 2.5 x the requirement", dict(
        settings=("1.25 mg/h", "1.25 mg", "20 min", "2.5 mg/h"), res=STRONG, kw=G1["kw"]),
     "danger", "background_far_above_requirement"),
]


def _run(o):
    s = order(*o["settings"])
    return safety.check_pca(s, reservoir=o["res"], **o["kw"])


@pytest.mark.parametrize(("name", "o", "level", "code"), ORDERS, ids=[o[0] for o in ORDERS])
def test_order_table(name, o, level, code):
    found = _run(o)
    assert safety.worst(found) == level, [(f.level, f.code) for f in found]
    assert code in codes(found)
    if level != "info":
        assert codes(found)[code].level == level
    # sorted danger -> warning -> info
    order_ = [safety.LEVELS.index(f.level) for f in found]
    assert order_ == sorted(order_)


def test_the_table_has_at_least_30_orders_of_each_kind():
    levels = [o[2] for o in ORDERS]
    assert len(ORDERS) >= 30
    assert {lv: levels.count(lv) for lv in safety.LEVELS} == {"danger": 12, "warning": 18,
                                                              "info": 9}


def test_every_finding_names_its_source_and_threshold():
    for _name, o, _level, _code in ORDERS:
        for f in _run(o):
            assert f.source, f.code
            assert "threshold" in f.source or "assumption" in f.source, (f.code, f.source)


def test_the_three_orders_of_issue_11_are_dangers_with_the_arithmetic_shown():
    d = {name.split()[0]: _run(o) for name, o, _l, _c in ORDERS
         if name.split()[0] in ("D1", "D2", "D3")}
    # 0 + 2 mg x 4 = 8 mg/h
    assert "8 mg/h" in codes(d["D1"])["max_per_hour"].text
    far = codes(d["D2"])["max_hour_far_above_requirement"]
    assert "11.35 mg/h" in far.text and "20.18 x" in far.text and "84.1%" in far.text
    assert "5.625 mg/h" in far.source   # threshold 10 x 0.5625
    bg = codes(d["D3"])["background_far_above_requirement"]
    assert "26.67 x" in bg.text and "1.125 mg/h" in bg.source   # 2 x 0.5625


