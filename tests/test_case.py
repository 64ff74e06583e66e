"""The Tang 2025 case (Medicine 2025;104:e42433): every printed number the case reproduces,
written here as the paper prints it (section 2.7 Analgesic treatment of the full text). The
critique is in test_critique.py."""


import pytest

from analgesia import case
from analgesia.units import Q

# The paper's printed values, as literals (section 2.7 of the full text). The reservoir volume
# (200 mL) is not printed as such: 100 mg of 2 mg/2 mL ampoules + 100 mL saline at 0.5 mg/mL.
# id: (low, high, unit)
PAPER = {
    "prior_ome": (200, 200, "mg/day"),  # 90 mg q12h SR + 2 x 10 mg IR = 200 mg/day
    "titrated_ome": (250, 300, "mg/day"),  # +25% to +50%
    "reduced_ome": (200, 270, "mg/day"),  # -10% to -20%
    "hydromorphone_daily": (10, 13.5, "mg/day"),  # 60 mg : 3 mg (20:1)
    "reservoir_drug": (100, 100, "mg"),  # 50 x 2 mg/2 mL
    "reservoir_volume": (200, 200, "mL"),  # + 100 mL 0.9% NaCl
    "concentration": (0.5, 0.5, "mg/mL"),
    "background": (0.55, 0.55, "mg/h"),  # 13.5 mg / 24 h (printed rounded down)
    "bolus": (0.65, 0.65, "mg"),  # 13.5 mg / 20 (printed rounded down)
    "lockout": (15, 15, "min"),
    "day1_total": (15.15, 15.15, "mg"),  # 0.55 x 24 + 0.65 x 3
    "day1_volume": (30.3, 30.3, "mL"),
    "day2_total": (14.5, 14.5, "mg"),  # 0.55 x 24 + 0.65 x 2
    "day2_volume": (29, 29, "mL"),
    "days3_7_daily": (14, 14, "mg/day"),  # "~14 mg/day", bolus 1-2 per day
    "patches_reduced_content": (20.625, 20.625, "mg"),  # 5 patches "20.625 mg/72 h"
    "discharge_patch_content": (4.125, 4.125, "mg"),  # 1 patch "4.125 mg q72h"
}

# Printed numbers the paper gets wrong: the case must NOT claim agreement.
PAPER_WRONG = {
    "patches_unreduced": (5.5, 5.5, "patch"),  # "about 5.5 patches"
    "patches_reduced": (5, 5, "patch"),  # 5 patches after -10% to -20%
}


@pytest.fixture(scope="module")
def report():
    return case.tang2025()


def _decimals(x):
    text = repr(float(x)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def test_paper_literals_agree_with_the_csv():
    pv = case.printed_values()
    for step_id, (low, high, unit) in {**PAPER, **PAPER_WRONG}.items():
        p = pv[step_id]
        assert p.low.to(unit).magnitude == pytest.approx(low), step_id
        assert p.high.to(unit).magnitude == pytest.approx(high), step_id


def test_csv_inputs_are_the_papers():
    pv = case.printed_values()
    # 90 mg q12h SR, 2 x 10 mg IR; 50 x 2 mg/2 mL ampoules; 100 mL NaCl; /20; 3 mg = 25 mcg/h
    assert pv["morphine_sr_dose"].high.to("mg").magnitude == 90
    assert pv["morphine_ir_dose"].high.to("mg").magnitude == 10
    assert pv["morphine_ir_count"].high.magnitude == 2
    assert pv["ampoule_count"].high.magnitude == 50
    assert pv["ampoule_strength"].high.to("mg").magnitude == 2
    assert pv["reservoir_diluent"].high.to("mL").magnitude == 100
    assert pv["bolus_divisor"].high.magnitude == 20
    assert pv["patch_equivalent_hm"].high.to("mg").magnitude == 3
    assert pv["patch_strength"].high.to("mcg/h").magnitude == 25
    assert pv["day1_boluses"].high.magnitude == 3
    assert pv["day2_boluses"].high.magnitude == 2
    assert pv["rescue_morphine"].high.to("mg").magnitude == 25


# How the paper prints each number, in section 2.7 (not derived): the quote must show it.
PRINTED_AS = {
    "morphine_sr_dose": "90 mg q12h", "prior_ome": "= 200 mg", "titrated_ome": "250 to 300 mg",
    "reduced_ome": "200 to 270 mg", "hydromorphone_daily": "10 to 13.5 mg",
    "reservoir_drug": "100 mg", "concentration": "0.5 mg/mL", "background": "0.55 mg/h",
    "bolus": "0.65 mg", "lockout": "15 minutes", "day1_total": "15.15",
    "day1_volume": "30.3 mL", "day2_total": "14.5", "day2_volume": "29 mL",
    "days3_7_daily": "14 mg", "patches_unreduced": "5.5 patch", "patches_reduced": "5 patch",
    "patches_reduced_content": "20.625 mg", "discharge_patch_content": "4.125 mg q72h",
    "rescue_morphine": "25 mg",
}


@pytest.mark.parametrize("step_id", sorted(PRINTED_AS))
def test_quote_shows_the_printed_number(step_id):
    p = case.printed_values()[step_id]
    assert PRINTED_AS[step_id] in p.quote, (step_id, p.quote)
    assert p.status == "verified"


@pytest.mark.parametrize("step_id", sorted(PAPER))
def test_case_reproduces_printed_value(report, step_id):
    low, high, unit = PAPER[step_id]
    s = report.step(step_id)
    ours_lo = s.ours.low.to(unit).magnitude
    ours_hi = s.ours.high.to(unit).magnitude
    if step_id == "days3_7_daily":
        # "~14 mg/day": 13.2 + 0.65 = 13.85 to 13.2 + 1.3 = 14.5, which contains 14
        assert ours_lo == pytest.approx(13.85) and ours_hi == pytest.approx(14.5)
        assert ours_lo <= 14 <= ours_hi
    else:
        d = max(_decimals(low), _decimals(high))
        assert round(ours_lo, d) == pytest.approx(low), (step_id, ours_lo)
        assert round(ours_hi, d) == pytest.approx(high), (step_id, ours_hi)
    assert s.agree, step_id
    assert s.paper is not None


def test_case_does_not_claim_wrong_patch_counts(report):
    # by the paper's own ratio: 14 / 3 x 25 = 116.67 mcg/h = 4.67 patches, not 5.5
    s = report.step("patches_unreduced")
    assert s.ours.high.to("dimensionless").magnitude == pytest.approx(14 / 3)
    assert not s.agree
    # -10% to -20%: 4.67 x 0.8 = 3.73 to 4.67 x 0.9 = 4.2 patches, not 5
    r = report.step("patches_reduced")
    assert r.ours.low.to("dimensionless").magnitude == pytest.approx(14 / 3 * 0.8)
    assert r.ours.high.to("dimensionless").magnitude == pytest.approx(14 / 3 * 0.9)
    assert not r.agree


def test_exact_pump_rates_beside_rounded(report):
    # 13.5 / 24 = 0.5625 mg/h; 13.5 / 20 = 0.675 mg; rounded to 0.1 mL at 0.5 mg/mL
    assert report.plan.background_exact.to("mg/h").magnitude == pytest.approx(0.5625)
    assert report.plan.bolus_exact.to("mg").magnitude == pytest.approx(0.675)
    assert report.plan.background_volume.to("mL/h").magnitude == pytest.approx(1.1)
    assert report.plan.bolus_volume.to("mL").magnitude == pytest.approx(1.3)
    assert report.settings.hour_limit is None


def test_report_views(report):
    frame = report.frame()
    assert len(frame) == len(report.steps)
    lines = report.lines()
    assert any(line.startswith("background") and "0.55 mg/h" in line for line in lines)
    with pytest.raises(KeyError):
        report.step("nope")


# --- discrepancies: the findings of the critical reading (tests/test_critique.py) -------------


def test_report_carries_no_discrepancy_list_of_its_own(report):
    # every place where the paper does not hold lives in analgesia.critique, with its quote
    assert not hasattr(report, "discrepancies")
    from analgesia import critique

    ids = {f.id for f in critique.findings()}
    assert {"pump_rates_rounded_down", "fentanyl_patch_count", "patch_mg_is_content",
            "fentanyl_metabolite", "cross_tolerance_nccn", "day2_breakthrough_count",
            "no_hour_limit", "dimethicone"} <= ids


def test_case_numbers_are_recomputed_not_copied(report):
    # The day-1 total must follow from the settings: 0.55 x 24 + 0.65 x 3 = 15.15 mg
    s = report.settings
    assert (s.background * Q(24, "h") + s.bolus * 3).to("mg").magnitude == pytest.approx(15.15)
    assert report.reservoir.concentration.to("mg/mL").magnitude == pytest.approx(0.5)


def test_report_keeps_the_whole_conversion_chain(report):
    # section 2.7: 200 -> 250-300 -> 200-270 mg/day oral morphine -> 10-13.5 mg/day subcut
    c = report.chain
    stages = [(s.low.to("mg/day").magnitude, s.high.to("mg/day").magnitude)
              for _, s in c.stages()]
    assert stages == [pytest.approx((200, 200)), pytest.approx((250, 300)),
                      pytest.approx((200, 270)), pytest.approx((10, 13.5))]
    assert report.step("titrated_ome").steps == c.titrated.steps
    assert report.step("hydromorphone_daily").ours == c.converted.range


def test_case_accessors_live_in_case_and_still_read_from_titration():
    from analgesia import titration

    assert titration.case_settings is case.case_settings
    assert titration.case_log is case.case_log
    # 0.55 mg/h, 0.65 mg, 15 min (section 2.7); 100 mg in 200 mL (0.5 mg/mL)
    s, r = case.case_settings(), case.case_reservoir()
    assert (s.background.to("mg/h").magnitude, s.bolus.to("mg").magnitude) == (0.55, 0.65)
    assert r.concentration.to("mg/mL").magnitude == pytest.approx(0.5)
    assert [d.day for d in case.case_days()] == [1, 2, 3, 4, 5, 6, 7]
