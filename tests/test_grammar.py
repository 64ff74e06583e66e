"""The dose grammar (units.parse_dose): a number, an optional unit, nothing else.

Expected values are hand-written from the grammar in units.py and issue 9's table of
reproducers: pint's own parser read "1,5 mg/h" as 15 mg/h, "5 5 mg" as 25 mg and evaluated
"9**9**9 mg"; each of these must now be an InputError that says how to type the dose.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia.units import MAX_DIGITS, MAX_TEXT, InputError, parse_dose, parse_unit


@pytest.mark.parametrize(
    ("text", "magnitude", "unit"),
    [
        ("90 mg", 90, "mg"),
        ("0.5 mg/h", 0.5, "mg/h"),
        ("0.55mg/h", 0.55, "mg/h"),
        ("25 mcg/h", 25, "mcg/h"),
        ("25 µg/h", 25, "mcg/h"),  # micro sign
        ("25 μg/h", 25, "mcg/h"),  # Greek mu
        ("25 ug/h", 25, "mcg/h"),
        ("25 mcg / h", 25, "mcg/h"),
        ("200 mg/day", 200, "mg/day"),
        ("0.5 mg/mL", 0.5, "mg/mL"),
        ("30 ml", 30, "mL"),
        ("15 min", 15, "min"),
        ("72 h", 72, "h"),
        ("2 patches", 2, "patch"),
        ("10 %", 10, "percent"),
        ("  90 mg  ", 90, "mg"),
        ("5 MG", 5, "mg"),
    ],
)
def test_grammar_reads_plain_doses(text, magnitude, unit):
    q = parse_dose(text)
    assert q.magnitude == pytest.approx(magnitude)
    assert q.units == an.Q(1, unit).units


def test_grammar_bare_number_is_dimensionless():
    assert parse_dose("7").magnitude == 7
    assert parse_dose("7").dimensionless


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1,5 mg/h", "1.5 mg/h"),  # issue 9: read by pint as 15 mg/h
        ("0,5 mg", "0.5 mg"),  # issue 9: read by pint as 0 mg (05)
        ("1,5", "1.5"),
        ("1,000 mg", "1000 mg"),  # a thousands separator: both readings are offered
        (".5 mg", "write 0.5 mg"),  # ISMP: leading zero
        ("5. mg", "write 5 mg"),
        ("-5 mg", "not negative"),
        ("+5 mg", "without a sign"),
        ("1e-3 mg", "no exponents"),
        ("1e400 mg", "no exponents"),
        ("9**9**9 mg", "no exponents"),
        ("9**9**9", "no exponents"),
        ("2^10 mg", "no exponents"),
        ("5*2 mg", "not a calculation"),
        ("(5) mg", "not a calculation"),
        ("5+5 mg", "not a calculation"),
        ("5 5 mg", "one number"),  # issue 9: pint gave 25 mg
        ("0.5 mg 5", "one number"),  # issue 9: pint gave 2.5 mg
        ("1.2.3 mg", "one number"),
        ("nan", "finite"),
        ("inf mg", "finite"),
        ("Infinity", "finite"),
        ("", "empty"),
        ("   ", "empty"),
        ("５ mg", "digits 0-9"),  # a full-width digit
        ("٥ mg", "digits 0-9"),  # an Arabic-Indic digit
        ("mg", "a number before the unit"),
        ("5 pi", "known unit"),
        ("5 m", "known unit"),  # metre, not minutes
        ("5 mg/h/", "known unit"),
        ("<b>x</b>", "a number and a unit"),
        ("123456789012345678 mg", f"at most {MAX_DIGITS} digits"),
        ("1" * 200, f"at most {MAX_TEXT} characters"),
    ],
)
def test_grammar_refuses_with_a_message_that_teaches(text, says):
    with pytest.raises(InputError, match="background") as exc:
        parse_dose(text, field="background")
    assert says in str(exc.value)


def test_q_goes_through_the_grammar():
    with pytest.raises(InputError, match="1.5 mg/h"):
        an.Q("1,5 mg/h", field="background")


def test_q_unit_argument_goes_through_the_grammar():
    # issue 9: Q(q, 'd /6+') raised a pint error
    with pytest.raises(InputError, match="known unit"):
        an.Q(an.Q("5 mg"), "d /6+")
    with pytest.raises(InputError, match="known unit"):
        an.Q(5, "9**9")


def test_unit_names_are_a_closed_list():
    assert parse_unit("mcg/h") == an.Q(1, "microgram/hour").units
    for bad in ("pi", "dozen", "m", "mg*h", "mg**2", "", "mg//h"):
        with pytest.raises(InputError):
            parse_unit(bad)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_input_error(text):
    try:
        q = parse_dose(text, field="dose")
    except InputError as exc:
        assert "dose" in str(exc)
        return
    # what is read starts with a digit 0-9, has no comma, sign or exponent, and is finite
    t = text.strip()
    assert t[0] in "0123456789"
    assert "," not in t and "*" not in t and "+" not in t and "-" not in t
    assert 0 <= q.magnitude < 10**18


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
       st.sampled_from(["mg", "mcg/h", "mg/h", "mL", "min", "h", "mg/day"]))
def test_a_written_dose_reads_back(number, unit):
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    q = parse_dose(f"{text} {unit}")
    assert q.magnitude == pytest.approx(float(number))


def test_every_microgram_spelling_is_the_same_unit():
    # code compares units (a patch rate must be in mcg/h): "25 µg/h" read as a unit unequal to
    # mcg/h would be taken for mg/day (75 mcg/h shown as 1.8 mg/day)
    mcg_h = an.ureg.Quantity(1, "mcg/h").units
    for text in ("25 mcg/h", "25 µg/h", "25 μg/h", "25 ug/h", "25 microgram/h"):
        assert an.Q(text).units == mcg_h, text
    assert an.Q(25, "ug/h").units == mcg_h
    assert an.fmt(an.Q("25 microgram/hour")) == "25 mcg/h"


@pytest.mark.parametrize(("typed", "advice"), [
    ("1,50 mg", "1.5 mg"),     # ISMP: the advice itself must carry no trailing zero
    ("1,000 mg", "1 mg"),      # a decimal comma before 000 means one
    ("2,0 mg/h", "2 mg/h"),
])
def test_decimal_comma_advice_has_no_trailing_zero(typed, advice):
    with pytest.raises(an.InputError) as exc:
        an.Q(typed)
    message = str(exc.value)
    assert f"write decimals with a point: {advice}" in message.lower()
    assert ".50 mg" not in message and ".000 mg" not in message and ".0 mg" not in message
