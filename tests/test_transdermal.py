"""transdermal fentanyl: label bands, factor conversion both ways, patch counts and
combinations, delivered amount vs content, the infusion overlap (Kornick 2001)."""

import pytest

import analgesia as an
from analgesia import transdermal as td
from analgesia.units import InputError


def mag(q, unit):
    return q.to(unit).magnitude


# --- patch_from_ome ---------------------------------------------------------------------------


def test_patch_from_ome_contract():
    # API contract: 280 mg/day is in the label band 225-314 -> 75 mcg/h
    r = an.patch_from_ome("280 mg/day", table="duragesic-label")
    assert r.is_point
    assert mag(r.value, "mcg/h") == pytest.approx(75)
    assert r.drug == "fentanyl" and r.route == "transdermal"
    assert "one-way" in r.steps[0]


@pytest.mark.parametrize(
    "ome, patch",
    [
        # Duragesic label: 60-134 -> 25; 135-224 -> 50; 225-314 -> 75; 315-404 -> 100
        ("60 mg/day", 25),
        ("134 mg/day", 25),
        ("135 mg/day", 50),
        ("224 mg/day", 50),
        ("225 mg/day", 75),
        ("314 mg/day", 75),
        ("315 mg/day", 100),
        ("404 mg/day", 100),
    ],
)
def test_patch_from_ome_label_band_edges(ome, patch):
    assert mag(an.patch_from_ome(ome).value, "mcg/h") == pytest.approx(patch)


def test_patch_from_ome_label_range():
    # 200 -> 50 (135-224); 270 -> 75 (225-314)
    r = an.patch_from_ome(("200 mg/day", "270 mg/day"))
    assert mag(r.low, "mcg/h") == 50 and mag(r.high, "mcg/h") == 75


@pytest.mark.parametrize("ome", ["59 mg/day", "30 mg/day", "2000 mg/day"])
def test_patch_from_ome_outside_label_table(ome):
    with pytest.raises(ValueError) as exc:
        an.patch_from_ome(ome)
    assert "ome" in str(exc.value) and ome in str(exc.value)


def test_patch_from_ome_by_factor_table():
    # 180 mg/day / 3 (FPM) = 60 mcg/h; 280 / 2 (2:1 rule, nccn) = 140 mcg/h
    assert mag(an.patch_from_ome("180 mg/day", table="fpm-2021").value, "mcg/h") == (
        pytest.approx(60))
    assert mag(an.patch_from_ome("280 mg/day", table="nccn").value, "mcg/h") == (
        pytest.approx(140))


@pytest.mark.parametrize("ome", ["280 mg", "-280 mg/day", "0 mg/day", None, "", "nan mg/day",
                                 "25 mcg/h"])
def test_patch_from_ome_bad_input(ome):
    with pytest.raises(ValueError, match="ome"):
        an.patch_from_ome(ome)


# --- ome_from_patch ---------------------------------------------------------------------------


def test_ome_from_patch():
    # 25 mcg/h x 3 (FPM) = 75 mg/day; x 2.4 (EPCRC) = 60 mg/day; cdc-2022 x 2.4 = 60
    assert mag(an.ome_from_patch("25 mcg/h", table="fpm-2021").value, "mg/day") == (
        pytest.approx(75))
    assert mag(an.ome_from_patch("25 mcg/h", table="epcrc-2011").value, "mg/day") == (
        pytest.approx(60))
    assert mag(an.ome_from_patch("25 mcg/h", table="cdc-2022").value, "mg/day") == (
        pytest.approx(60))


def test_ome_from_patch_never_reads_label_backwards():
    with pytest.raises(ValueError) as exc:
        an.ome_from_patch("75 mcg/h", table="duragesic-label")
    assert "table" in str(exc.value) and "one-way" in str(exc.value)


def test_ome_from_patch_refuses_one_way_2_to_1_rule():
    with pytest.raises(ValueError, match="one-way"):
        an.ome_from_patch("25 mcg/h", table="nccn")


@pytest.mark.parametrize("rate", ["25 mg", "25 mg/mL", "-25 mcg/h", "0 mcg/h", None])
def test_ome_from_patch_bad_rate(rate):
    with pytest.raises(ValueError, match="dose"):
        an.ome_from_patch(rate, table="fpm-2021")


# --- patch_count and patch_combination --------------------------------------------------------


def test_patch_count_paper_own_ratio():
    # 14 mg/day / 3 mg x 25 mcg/h = 116.67 mcg/h; / 25 = 4.67 patches (paper says 5.5)
    r = an.patch_count(an.Q(14 / 3 * 25, "mcg/h"))
    assert r.value.to("dimensionless").magnitude == pytest.approx(14 / 3)
    assert round(r.value.to("dimensionless").magnitude, 2) == 4.67


def test_patch_count_range_and_strength():
    # 93.33-105 mcg/h / 25 = 3.73-4.2 patches; 140 / 12 = 11.67 patches of 12 mcg/h
    r = an.patch_count((an.Q(280 / 3, "mcg/h"), an.Q(105, "mcg/h")))
    assert r.low.to("dimensionless").magnitude == pytest.approx(280 / 75)
    assert r.high.to("dimensionless").magnitude == pytest.approx(4.2)
    assert an.patch_count("140 mcg/h", "12 mcg/h").value.to(
        "dimensionless").magnitude == pytest.approx(140 / 12)


@pytest.mark.parametrize(
    "rate, strength, field",
    [("100 mg", "25 mcg/h", "rate"), ("-1 mcg/h", "25 mcg/h", "rate"),
     ("100 mcg/h", "0 mcg/h", "strength"), ("100 mcg/h", "25 mg", "strength"),
     (None, "25 mcg/h", "rate")],
)
def test_patch_count_bad_input(rate, strength, field):
    with pytest.raises(ValueError, match=field):
        an.patch_count(rate, strength)


@pytest.mark.parametrize(
    "rate, expected",
    [
        ("140 mcg/h", (100, 25, 12)),  # 137 <= 140
        ("125 mcg/h", (100, 25)),
        ("75 mcg/h", (75,)),
        ("37 mcg/h", (25, 12)),
        ("116.67 mcg/h", (100, 12)),  # 112 <= 116.67
        ("200 mcg/h", (100, 100)),
        ("11 mcg/h", ()),  # below the smallest strength
    ],
)
def test_patch_combination(rate, expected):
    got = an.patch_combination(rate)
    assert tuple(mag(q, "mcg/h") for q in got) == expected
    assert sum(mag(q, "mcg/h") for q in got) <= mag(an.Q(rate), "mcg/h") + 1e-9


def test_patch_combination_custom_strengths():
    # only 25 mcg/h patches: 116.67 -> 4 x 25 = 100
    assert len(an.patch_combination("116.67 mcg/h", strengths=(25,))) == 4


@pytest.mark.parametrize("rate", ["0 mcg/h", "-25 mcg/h", "25 mg", None, "3000 mcg/h"])
def test_patch_combination_bad_input(rate):
    with pytest.raises(ValueError, match="rate"):
        an.patch_combination(rate)


# --- delivered vs content ---------------------------------------------------------------------


def test_delivered_is_rate_times_time():
    # 25 mcg/h x 72 h = 1800 mcg = 1.8 mg
    assert mag(td.delivered("25 mcg/h"), "mg") == pytest.approx(1.8)
    # paper's 5 patches: 5 x 25 mcg/h x 72 h = 9 mg (not 20.625 mg)
    assert mag(td.delivered("25 mcg/h", "72 h", patches=5), "mg") == pytest.approx(9)
    # 12 mcg/h x 3 days = 864 mcg
    assert mag(td.delivered("12 mcg/h", "3 day"), "mg") == pytest.approx(0.864)


@pytest.mark.parametrize(
    "kwargs, field",
    [({"rate": "25 mg"}, "rate"), ({"rate": "-25 mcg/h"}, "rate"),
     ({"duration": "72 mg"}, "duration"), ({"duration": "0 h"}, "duration"),
     ({"patches": 0}, "patches"), ({"patches": 2.5}, "patches"), ({"patches": None}, "patches"),
     ({"patches": True}, "patches")],
)
def test_delivered_bad_input(kwargs, field):
    base = {"rate": "25 mcg/h", "duration": "72 h", "patches": 1}
    base.update(kwargs)
    with pytest.raises(ValueError, match=field):
        td.delivered(**base)


@pytest.mark.parametrize(
    "strength, product, mg",
    [
        ("25 mcg/h", "Duragesic", 4.2),  # label content table
        ("50 mcg/h", "Duragesic", 8.4),
        ("100 mcg/h", "Duragesic", 16.8),
        ("50 mcg/h", "Matrifen (Poland)", 5.5),  # same strength, different content
        ("25 mcg/h", "tang-2025 as printed", 4.125),  # paper: "4.125 mg"
    ],
)
def test_content_by_brand(strength, product, mg):
    assert mag(td.content(strength, product=product), "mg") == pytest.approx(mg)


def test_content_default_product():
    # Duragesic 25 mcg/h contains 4.2 mg
    assert mag(td.content("25 mcg/h"), "mg") == pytest.approx(4.2)


def test_content_unknown_product_and_strength():
    with pytest.raises(ValueError, match="product.*Duragesic"):
        td.content("25 mcg/h", product="Brand X")
    with pytest.raises(ValueError, match="strength"):
        td.content("60 mcg/h", product="Duragesic")
    with pytest.raises(ValueError, match="strength"):
        td.content("25 mg", product="Duragesic")


# --- overlap_schedule -------------------------------------------------------------------------


def test_overlap_schedule_kornick_defaults():
    # Kornick 2001: keep the infusion, halve it at 6 h, stop it at 12 h; patch on at 10 h
    steps = td.overlap_schedule("0.55 mg/h", patch_on="10 h")
    assert [mag(s.at, "h") for s in steps] == pytest.approx([10, 16, 22])
    assert [mag(s.infusion, "mg/h") for s in steps] == pytest.approx([0.55, 0.275, 0])
    assert "halve" in steps[1].text and "stop" in steps[2].text


def test_overlap_schedule_custom_hours_and_units():
    # 100 mcg/h = 0.1 mg/h; halve at 4 h -> 0.05 mg/h; stop at 8 h
    steps = td.overlap_schedule("100 mcg/h", halve_after="4 h", stop_after="8 h")
    assert [mag(s.at, "h") for s in steps] == pytest.approx([0, 4, 8])
    assert [mag(s.infusion, "mg/h") for s in steps] == pytest.approx([0.1, 0.05, 0])


@pytest.mark.parametrize(
    "kwargs, field",
    [({"halve_after": "12 h", "stop_after": "6 h"}, "stop_after"),
     ({"halve_after": "6 h", "stop_after": "6 h"}, "stop_after"),
     ({"infusion": "0.55 mg"}, "infusion"), ({"infusion": "-1 mg/h"}, "infusion"),
     ({"patch_on": "-1 h"}, "patch_on"), ({"halve_after": "0 h"}, "halve_after"),
     ({"infusion": None}, "infusion")],
)
def test_overlap_schedule_bad_input(kwargs, field):
    base = {"infusion": "0.55 mg/h"}
    base.update(kwargs)
    with pytest.raises(ValueError) as exc:
        td.overlap_schedule(**base)
    assert exc.value.field == field and str(exc.value).startswith(exc.value.label)
    assert isinstance(exc.value, InputError)


def test_strengths_and_wear_time_come_from_data():
    # Duragesic label: 12, 25, 50, 75 and 100 mcg/h systems, each worn 72 h
    assert td.STRENGTHS_MCG_H == (100, 75, 50, 25, 12)
    assert [q.to("mcg/h").magnitude for q in td.patch_strengths()] == [100, 75, 50, 25, 12]
    # Matrifen (Poland) as listed: 50 and 12 mcg/h
    assert [q.magnitude for q in td.patch_strengths("Matrifen (Poland)")] == [50, 12]
    # 25 mcg/h x 72 h = 1.8 mg (the default duration is one patch's wear time)
    assert td.delivered("25 mcg/h").to("mg").magnitude == pytest.approx(1.8)
    # the default strength to count in: 100 mcg/h / 25 mcg/h = 4 patches
    assert td.patch_count("100 mcg/h").value.to("patch").magnitude == pytest.approx(4)
    with pytest.raises(an.InputError) as err:
        td.patch_strengths("no-such-brand")
    assert err.value.field == "product"
