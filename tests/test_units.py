"""units: Q parsing, safe display (ISMP), fmt_dose, ranges.

Expected strings come from the ISMP rules in reference.md section 6 and design.md section 2:
mcg not ug/µg, mL not ml/cc, a leading zero, no trailing zero, a space before the unit.
"""

import math

import pytest

import analgesia as an
from analgesia.units import DoseRange, InputError

# --- Q ----------------------------------------------------------------------------------------


def test_q_parses_text_number_and_unit_and_quantity():
    # "90 mg" is 90 milligrams whichever way it is written.
    assert an.Q("90 mg").to("mg").magnitude == pytest.approx(90)
    assert an.Q(90, "mg").to("mg").magnitude == pytest.approx(90)
    q = an.Q("90 mg")
    assert an.Q(q) is q or an.Q(q) == q


def test_q_converts_when_unit_given_with_a_quantity():
    # 0.55 mg/h = 550 mcg/h
    assert an.Q(an.Q("0.55 mg/h"), "mcg/h").magnitude == pytest.approx(550)


def test_q_accepts_micro_sign_and_greek_mu_as_mcg():
    # 25 µg/h = 25 mcg/h = 0.025 mg/h
    assert an.Q("25 µg/h").to("mg/h").magnitude == pytest.approx(0.025)
    assert an.Q("25 μg/h").to("mg/h").magnitude == pytest.approx(0.025)
    assert an.Q("25 ug/h").to("mg/h").magnitude == pytest.approx(0.025)


@pytest.mark.parametrize(
    "value, unit",
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("abc", None),
        (5, None),  # a bare number has no unit
        ("nan mg", None),
        ("inf mg", None),
        ("-inf mg/h", None),
        ("1e400 mg", None),
        (float("nan"), "mg"),
        (float("inf"), "mg"),
        (5, "notaunit"),
        ("5 mg", "mg"),  # unit twice
        (True, "mg"),
        ([5], "mg"),
    ],
)
def test_q_bad_input_is_a_valueerror_naming_field_and_value(value, unit):
    with pytest.raises(ValueError) as exc:
        an.Q(value, unit, field="background")
    msg = str(exc.value)
    assert "background" in msg
    assert isinstance(exc.value, InputError)


def test_q_wrong_dimension_on_conversion_names_field():
    with pytest.raises(ValueError, match="lockout"):
        an.Q(an.Q("5 mg"), "min", field="lockout")


def test_q_huge_integer_expression_is_a_valueerror():
    with pytest.raises(ValueError, match="value"):
        an.Q("10**10000 mg")


# --- fmt --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5.0 mg", "5 mg"),  # API contract: no trailing zero
        ("25 ug/h", "25 mcg/h"),  # API contract: mcg, never ug
        ("25 µg/h", "25 mcg/h"),
        ("25 mcg/h", "25 mcg/h"),
        ("0.5 mg/mL", "0.5 mg/mL"),  # leading zero kept
        ("0.50 mg", "0.5 mg"),  # leading zero kept, trailing zero dropped
        ("30.3 ml", "30.3 mL"),  # mL, never ml
        ("0.5625 mg/h", "0.5625 mg/h"),  # 13.5 / 24, four decimals kept
        ("15.150 mg", "15.15 mg"),
        ("200 mg/day", "200 mg/day"),
        ("15 min", "15 min"),
        ("72 h", "72 h"),
        ("1.10 mL/h", "1.1 mL/h"),
        ("20.625 mg", "20.625 mg"),
        ("0 mg", "0 mg"),
    ],
)
def test_fmt_safe_display(text, expected):
    assert an.fmt(an.Q(text)) == expected


def test_fmt_116_7_mcg_per_h():
    # 14 / 3 x 25 = 116.666... mcg/h, five significant digits -> 116.67
    assert an.fmt(an.Q(14 / 3 * 25, "mcg/h")) == "116.67 mcg/h"


def test_fmt_digits_fixes_decimals():
    # 0.5625 to 2 decimals = 0.56; 5 to 2 decimals = 5 (no trailing zeros)
    assert an.fmt(an.Q("0.5625 mg/h"), 2) == "0.56 mg/h"
    assert an.fmt(an.Q("5 mg"), 2) == "5 mg"


def test_fmt_small_dose_not_zero():
    # 1e-7 mg must not print as 0 mg (units.MAX_DECIMALS comment)
    assert an.fmt(an.Q("0.0000001 mg")) == "0.0000001 mg"
    assert an.fmt(an.Q(1e-7, "mg")) == "0.0000001 mg"


def test_fmt_tiny_nonzero_dose_never_prints_zero():
    assert an.fmt(an.Q(1e-12, "mg")) == "0.000000000001 mg"
    # 1e-20 mg is below the 16 decimals shown: written as "less than" the smallest step
    assert an.fmt(an.Q(1e-20, "mg")) == "< 0.0000000000000001 mg"
    # with 3 decimals asked for, 0.0004 mg rounds to 0: "< 0.001 mg", never "0 mg"
    assert an.fmt(an.Q(0.0004, "mg"), 3) == "< 0.001 mg"
    assert an.fmt(an.Q(0.0004, "mg"), 0) == "< 1 mg"


def test_fmt_accepts_text():
    assert an.fmt("5.0 mg") == "5 mg"


def test_fmt_range():
    # a range prints as low-high unit; a point as one dose
    assert an.fmt(DoseRange(an.Q("250 mg/day"), an.Q("300 mg/day"))) == "250-300 mg/day"
    assert an.fmt(DoseRange.point(an.Q("200 mg/day"))) == "200 mg/day"


def test_fmt_cc_prints_as_ml():
    assert an.fmt(an.Q("5 cc")) == "5 mL"


@pytest.mark.parametrize("bad", [None, "", "abc", float("nan")])
def test_fmt_bad_input_is_valueerror(bad):
    with pytest.raises(ValueError, match="value"):
        an.fmt(bad)


# --- fmt_dose ---------------------------------------------------------------------------------


def test_fmt_dose_drug_route_and_time_basis():
    # design.md s.2: "0.55 mg/h hydromorphone subcut"
    assert an.fmt_dose("0.55 mg/h", "hydromorphone", "subcutaneous") == (
        "0.55 mg/h hydromorphone subcut"
    )


def test_fmt_dose_tall_man_and_routes():
    assert an.fmt_dose("0.65 mg", "hydromorphone", "subcutaneous", tall_man=True) == (
        "0.65 mg HYDROmorphone subcut"
    )
    assert an.fmt_dose("200 mg/day", "morphine", "oral") == "200 mg/day morphine oral"
    assert an.fmt_dose("25 ug/h", "fentanyl", "transdermal") == "25 mcg/h fentanyl transdermal"
    # never the abbreviation SC
    assert " SC" not in an.fmt_dose("1 mg", "hydromorphone", "subcutaneous")


# --- DoseRange --------------------------------------------------------------------------------


def test_doserange_low_above_high_is_valueerror():
    with pytest.raises(ValueError, match="range"):
        DoseRange(an.Q("300 mg/day"), an.Q("250 mg/day"))


def test_doserange_mixed_dimensions_is_valueerror():
    with pytest.raises(ValueError, match="range"):
        DoseRange(an.Q("3 mg"), an.Q("3 mg/h"))


def test_doserange_mid_and_point():
    r = DoseRange(an.Q("10 mg/day"), an.Q("13.5 mg/day"))
    # (10 + 13.5) / 2 = 11.75
    assert r.mid.to("mg/day").magnitude == pytest.approx(11.75)
    assert not r.is_point
    assert DoseRange.point(an.Q("5 mg")).is_point


def test_ureg_has_mcg():
    # 1 mcg = 0.001 mg
    assert math.isclose(an.Q("1 mcg").to("mg").magnitude, 0.001)


# fmt_percent: the one percent formatter. Expected strings are written by hand from the display
# rules (one decimal, no trailing zero, leading zero, never a non-zero value shown as 0%).
@pytest.mark.parametrize("fraction, expected", [
    (0.25, "25%"),
    (0.125, "12.5%"),
    (0.5, "50%"),
    (1, "100%"),
    (0.005, "0.5%"),
    (13 / 270, "4.8%"),  # a 0.65 mg bolus of a 13.5 mg/day total: 4.81...%
    (0.65 / 0.55, "118.2%"),  # bolus 0.65 mg over a 0.55 mg/h background
    (0.0004, "< 0.1%"),
    (0, "0%"),
    (-0.2, "-20%"),
])
def test_fmt_percent_display_rules(fraction, expected):
    assert an.units.fmt_percent(fraction) == expected


def test_fmt_percent_digits_and_quantities():
    fmt_percent, Q = an.units.fmt_percent, an.units.Q
    assert fmt_percent(13 / 270, 2) == "4.81%"
    assert fmt_percent(0.125, 0) == "13%"  # half away from zero, as a clinician rounds
    assert fmt_percent(Q(25, "percent")) == "25%"
    assert fmt_percent(Q(0.3, "fraction")) == "30%"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "25%", True, None, 1e300, 0.2j])
def test_fmt_percent_bad_input_names_the_fraction(bad):
    with pytest.raises(InputError, match="fraction"):
        an.units.fmt_percent(bad)


def test_fmt_percent_refuses_a_dose():
    with pytest.raises(InputError, match="without a unit"):
        an.units.fmt_percent(an.units.Q(1, "mg"))
