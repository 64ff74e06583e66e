"""Hypothesis properties: monotone in dose, ranges ordered, unit dimensions right, round trips
on two-way tables and refusal on one-way ones, only ValueError for any input, safe display."""

import math
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import analgesia as an
from analgesia import bounds
from analgesia import references as refs

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# Doses a learner could type (mg or mg/day), away from float under/overflow.
doses = st.floats(min_value=0.001, max_value=10_000, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0.1, max_value=1_000, allow_nan=False, allow_infinity=False)


def _rows(pred):
    return [f for f in refs.factors() if not f.out_of_scope and pred(f)]


OME_ROWS = _rows(lambda f: f.direction != "from-oral-morphine"
                 and refs.factor_tables()[f.table].purpose != "label")
TWO_WAY_TABLES = {}
for _f in _rows(lambda f: f.direction == "two-way"
                and refs.factor_tables()[f.table].purpose in ("rotation", "case")):
    TWO_WAY_TABLES.setdefault(_f.table, []).append((_f.drug, _f.route, _f.basis))
TWO_WAY_PAIRS = [(t, a, b) for t, rows in sorted(TWO_WAY_TABLES.items())
                 for a in rows for b in rows if a != b]
FROM_MORPHINE_ONLY = _rows(lambda f: f.direction == "from-oral-morphine")
TO_MORPHINE_ONLY = _rows(lambda f: f.direction == "to-oral-morphine"
                         and (f.drug, f.route) != ("morphine", "oral"))


def _dose_text(basis, x):
    return f"{x!r} mcg/h" if basis == "mcg/h" else f"{x!r} mg/day"


def _in_bounds(basis, factor, dose):
    """Within the package's input guard (data/input_bounds.csv): a patch rate within its row,
    and at most the oral morphine bound stood for (factor x dose), far above any real dose."""
    if basis == "mcg/h":
        b = bounds.bound("patch_rate")
        return b.low <= dose <= b.high and dose * factor <= bounds.bound("ome").high
    return bounds.bound("daily_dose").low <= dose and dose * factor <= bounds.bound("ome").high


def mag(q, unit):
    return q.to(unit).magnitude


# --- monotone in dose -------------------------------------------------------------------------


@SETTINGS
@given(row=st.sampled_from(OME_ROWS), a=doses, b=doses)
def test_ome_monotone(row, a, b):
    lo, hi = sorted((a, b))
    assume(_in_bounds(row.basis, row.factor, hi))
    r1 = an.ome(row.drug, row.route, _dose_text(row.basis, lo), table=row.table)
    r2 = an.ome(row.drug, row.route, _dose_text(row.basis, hi), table=row.table)
    assert mag(r1.value, "mg/day") <= mag(r2.value, "mg/day") * (1 + 1e-12)
    # dimension: a daily (or patch-rate) input gives mg/day
    assert r1.value.check("[mass]/[time]")
    # factor arithmetic: ome = dose x factor
    expected = lo * row.factor
    assert mag(r1.value, "mg/day") == pytest.approx(expected, rel=1e-9)


@SETTINGS
@given(pair=st.sampled_from(TWO_WAY_PAIRS), a=doses, b=doses)
def test_convert_monotone_and_dimensions(pair, a, b):
    table, (d1, r1, basis1), (d2, r2, basis2) = pair
    lo, hi = sorted((a, b))
    assume(_in_bounds(basis1, an.conversion.factor(table, d1, r1).factor, hi))
    c1 = an.convert(_dose_text(basis1, lo), (d1, r1), (d2, r2), table=table)
    c2 = an.convert(_dose_text(basis1, hi), (d1, r1), (d2, r2), table=table)
    unit = "mcg/h" if basis2 == "mcg/h" else "mg/day"
    assert mag(c1.value, unit) <= mag(c2.value, unit) * (1 + 1e-12)
    if basis2 == "mcg/h":
        assert c1.value.units == an.Q("1 mcg/h").units
    else:
        assert c1.value.check("[mass]/[time]")


@SETTINGS
@given(a=doses, b=doses, nrs=st.integers(min_value=0, max_value=10))
def test_titrate_monotone_and_ordered(a, b, nrs):
    lo, hi = sorted((a, b))
    r1 = an.titrate(f"{lo!r} mg/day", nrs=nrs)
    r2 = an.titrate(f"{hi!r} mg/day", nrs=nrs)
    assert r1.low <= r1.high
    assert mag(r1.low, "mg/day") <= mag(r2.low, "mg/day") * (1 + 1e-12)
    assert mag(r1.high, "mg/day") <= mag(r2.high, "mg/day") * (1 + 1e-12)
    assert mag(r1.low, "mg/day") >= lo * (1 - 1e-12)  # titration never lowers the dose


@SETTINGS
@given(a=doses, b=doses,
       share=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted))
def test_rescue_monotone_and_ordered(a, b, share):
    lo, hi = sorted((a, b))
    r1 = an.rescue_dose(f"{lo!r} mg/day", tuple(share))
    r2 = an.rescue_dose(f"{hi!r} mg/day", tuple(share))
    assert r1.low <= r1.high
    assert mag(r1.high, "mg") <= mag(r2.high, "mg") * (1 + 1e-12) + 1e-300
    assert r1.low.check("[mass]")


@SETTINGS
@given(lo=doses, width=st.floats(0, 1000),
       cut=st.tuples(st.floats(0, 0.99), st.floats(0, 0.99)).map(sorted))
def test_reduce_ordered_and_not_above_input(lo, width, cut):
    hi = lo + width
    r = an.reduce_for_cross_tolerance((f"{lo!r} mg/day", f"{hi!r} mg/day"), tuple(cut))
    assert r.low <= r.high
    assert mag(r.high, "mg/day") <= hi * (1 + 1e-12)


@SETTINGS
# 0 (none) or within data/input_bounds.csv: 0.001-100 mg/h, 0.001-100 mg, 1-1440 min
@given(bg=st.one_of(st.just(0.0), st.floats(0.001, 100)),
       bolus=st.one_of(st.just(0.0), st.floats(0.001, 100)), lockout=st.floats(1, 1440),
       n1=st.integers(0, 1440), n2=st.integers(0, 1440))
def test_daily_total_monotone_in_boluses(bg, bolus, lockout, n1, n2):
    s = an.PcaSettings(an.Q(bg, "mg/h"), an.Q(bolus, "mg"), an.Q(lockout, "min"))
    lo, hi = sorted((n1, n2))
    t1, t2 = s.daily_total(lo).value, s.daily_total(hi).value
    assert mag(t1, "mg") <= mag(t2, "mg") + 1e-9
    # daily total = background x 24 + bolus x n
    assert mag(t1, "mg") == pytest.approx(bg * 24 + bolus * lo, rel=1e-9, abs=1e-12)
    # maximum per hour never below the background
    assert mag(s.max_per_hour, "mg/h") >= bg - 1e-12


# --- round trips ------------------------------------------------------------------------------


@SETTINGS
@given(pair=st.sampled_from(TWO_WAY_PAIRS), x=doses)
def test_round_trip_on_two_way_tables(pair, x):
    table, (d1, r1, basis1), (d2, r2, _basis2) = pair
    # a margin, so that float rounding on the way there cannot push the way back over the guard
    f1 = an.conversion.factor(table, d1, r1).factor
    f2 = an.conversion.factor(table, d2, r2).factor
    assume(_in_bounds(basis1, f1, x * 1.001))
    there_dose = x * f1 / f2
    # the way back starts there (margins both ways for float rounding)
    assume(_in_bounds(_basis2, f2, there_dose * 1.001) and _in_bounds(_basis2, f2,
                                                                       there_dose * 0.999))
    there = an.convert(_dose_text(basis1, x), (d1, r1), (d2, r2), table=table)
    back = an.convert(there, (d2, r2), (d1, r1), table=table)
    unit = "mcg/h" if basis1 == "mcg/h" else "mg/day"
    assert mag(back.value, unit) == pytest.approx(x, rel=1e-9)


@SETTINGS
@given(row=st.sampled_from(FROM_MORPHINE_ONLY), x=rates)
def test_one_way_from_morphine_refused_backwards(row, x):
    # forward works (oral morphine -> drug) ...
    fwd = an.convert(f"{x!r} mg/day", ("morphine", "oral"), (row.drug, row.route),
                     table=row.table, allow_surveillance=True)
    assert fwd.low <= fwd.high
    # ... backwards is refused
    with pytest.raises(ValueError, match="one-way"):
        an.convert(fwd, (row.drug, row.route), ("morphine", "oral"), table=row.table,
                   allow_surveillance=True)


@SETTINGS
@given(row=st.sampled_from(TO_MORPHINE_ONLY), x=rates)
def test_one_way_to_morphine_refused_backwards(row, x):
    dose = f"{x!r} mg/day"
    with pytest.raises(ValueError, match="one-way"):
        an.convert(dose, ("morphine", "oral"), (row.drug, row.route), table=row.table,
                   allow_surveillance=True)


# --- only ValueError --------------------------------------------------------------------------

UNITS = ["mg", "mcg", "ug", "µg", "mg/day", "mg/h", "mcg/h", "mL", "ml", "mL/h", "min", "h",
         "day", "mg/mL", "kg", "", "patch", "cc", "degC", "%", "m", "mg mg", "1/h"]
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**30, max_value=10**30),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "-0", ".5", "5.", "1e-400", "0x10"]),
)
dose_text = st.one_of(
    st.text(max_size=30),
    st.builds(lambda n, u: f"{n} {u}", NUMBERS, st.sampled_from(UNITS)),
    st.sampled_from(["", " ", "mg", "5", "5 mg/", "(5 mg", "5 mg + 3 mL", "5 * mg", "[1, 2]",
                     "None", "5 mg**2", "5 mg/0"]),
)
any_value = st.one_of(dose_text, NUMBERS, st.none(), st.booleans(),
                      st.lists(st.integers(), max_size=3),
                      st.tuples(dose_text, dose_text))
names = st.one_of(st.text(max_size=15), st.none(), st.integers(),
                  st.sampled_from(list(refs.DRUGS) + list(refs.ROUTES) + ["nccn", "cdc-2022",
                                                                         "reddy-2017", ""]))


def _only_valueerror(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except ValueError:
        pass


@SETTINGS
@given(v=any_value, unit=st.one_of(st.none(), st.sampled_from(UNITS), st.text(max_size=8)))
def test_q_only_valueerror(v, unit):
    _only_valueerror(an.Q, v, unit)


@SETTINGS
@given(v=any_value)
def test_fmt_only_valueerror(v):
    _only_valueerror(an.fmt, v)


@SETTINGS
@given(drug=names, route=names, dose=any_value, table=names)
def test_ome_only_valueerror(drug, route, dose, table):
    _only_valueerror(an.ome, drug, route, dose, table=table)


@SETTINGS
@given(dose=any_value, a=st.tuples(names, names), b=st.tuples(names, names), table=names,
       allow=st.booleans())
def test_convert_only_valueerror(dose, a, b, table, allow):
    _only_valueerror(an.convert, dose, a, b, table=table, allow_surveillance=allow)


@SETTINGS
@given(bg=any_value, bolus=any_value, lockout=any_value,
       limit=st.one_of(st.none(), any_value), drug=names, route=names)
def test_pca_settings_only_valueerror(bg, bolus, lockout, limit, drug, route):
    _only_valueerror(an.PcaSettings, bg, bolus, lockout, limit, drug=drug, route=route)


@SETTINGS
@given(drug=names, amount=any_value, volume=any_value, diluent=any_value)
def test_reservoir_only_valueerror(drug, amount, volume, diluent):
    _only_valueerror(an.Reservoir, drug, amount, volume, diluent)


@SETTINGS
@given(bg=dose_text, bolus=dose_text, lockout=dose_text)
def test_pca_settings_typed_text_only_valueerror(bg, bolus, lockout):
    _only_valueerror(an.PcaSettings, bg, bolus, lockout)


# --- safe display -----------------------------------------------------------------------------

DISPLAY_UNITS = ["mg", "mcg", "ug", "µg", "microgram", "mg/day", "mg/h", "mcg/h", "ug/h",
                 "mL", "ml", "milliliter", "mL/h", "ml/h", "mg/mL", "mg/ml", "min", "h", "day",
                 "ng/mL", "L", "L/min", "patch"]


def _check_display(text):
    assert "ug" not in text and "µg" not in text and "μg" not in text, text
    assert " ml" not in text and "/ml" not in text, text
    number = text.split(" ")[0]
    assert not re.search(r"(?<!\d)\.\d", text), text  # no '.5' without a leading zero
    assert not re.search(r"\.\d*0(?!\d)", number), text  # no trailing zero ('5.0', '0.50')
    assert not number.endswith("."), text
    assert "e" not in number.lower(), text  # no exponent
    if " " in text:
        assert text.split(" ", 1)[1].strip(), text  # a unit after the space


@SETTINGS
@given(x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
       unit=st.sampled_from(DISPLAY_UNITS),
       digits=st.one_of(st.none(), st.integers(0, 6)))
def test_fmt_safe_display_property(x, unit, digits):
    _check_display(an.fmt(an.Q(x, unit), digits))


@SETTINGS
@given(x=st.decimals(min_value="0.0001", max_value="100000", places=4), unit=st.sampled_from(
    DISPLAY_UNITS))
def test_fmt_text_round_trip(x, unit):
    text = an.fmt(an.Q(f"{x} {unit}"))
    _check_display(text)
    # what is printed parses back to the same dose: five significant digits, at most three
    # decimals from 1 up, so the relative error is at most 0.0005 / 1
    back = an.Q(text)
    assume(float(x) > 0)
    assert math.isclose(back.to(an.Q(f"1 {unit}").units).magnitude, float(x), rel_tol=5e-4)


@SETTINGS
@given(row=st.sampled_from([r for r in OME_ROWS if r.basis == "mg"]),
       x=st.floats(min_value=1, max_value=1e12, allow_nan=False))
def test_implausible_dose_is_refused_by_name(row, x):
    # 100 000 mg/day of oral morphine is the guard against extra zeros typed by mistake
    assume(x * row.factor > 100_000 * (1 + 1e-9))
    with pytest.raises(ValueError, match="dose"):
        an.ome(row.drug, row.route, f"{x!r} mg/day", table=row.table)
