"""references: every data file loads and is sourced; malformed files fail naming file, row
and column."""

import csv
import shutil
from pathlib import Path

import pytest

import analgesia as an
from analgesia import case
from analgesia import references as refs

DATA_FILES = (
    "factor_tables",
    "conversion_factors",
    "fentanyl_label_table",
    "opioid_tolerance",
    "titration_rules",
    "rules",
    "fentanyl_patches",
    "pk_parameters",
)

# Table ids the API names (design/brief): each must exist.
API_TABLES = (
    "nccn",
    "fpm-2021",
    "cdc-2022",
    "cdc-2016",
    "mcpherson-2018",
    "epcrc-2011",
    "bnf",
    "reddy-2017",
    "tang-2025",
    "duragesic-label",
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    refs.reload()
    yield
    refs.reload()


@pytest.mark.parametrize("name", DATA_FILES)
def test_each_data_file_loads_with_rows(name):
    rows = refs.load(name)
    assert len(rows) >= 1
    assert all("_row" in r for r in rows)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_row_has_source_year_and_status(name):
    for r in refs.load(name):
        assert r["source"], (name, r["_row"])
        assert 1900 <= r["year"] <= 2100, (name, r["_row"])
        assert r["status"] in refs.STATUSES, (name, r["_row"])


def test_case_files_load():
    pv = case.printed_values()
    assert "prior_ome" in pv
    assert len(case.table1()) == 5  # Table 1: days 1, 2, 3, 7, maintenance
    assert case.patient()["age"] == 66  # reference.md s.1: 66-year-old man


def test_case_timeline_loads():
    frame = case.timeline()
    # reference.md s.1 timeline: admission May 21 2021 11:00
    assert (frame["date"] == "2021-05-21 11:00").any()


def test_factor_rows_are_typed_and_sourced():
    fs = refs.factors()
    assert len(fs) > 20
    for f in fs:
        assert f.origin.source and f.origin.year and f.origin.status
        assert f.direction in refs.DIRECTIONS
        assert f.basis == ("mcg/h" if f.route == "transdermal" else "mg")


@pytest.mark.parametrize("table", API_TABLES)
def test_table_ids_named_in_the_api_exist(table):
    assert table in refs.factor_tables()


@pytest.mark.parametrize("table", ["cdc-2022", "cdc-2016"])
def test_surveillance_tables_are_marked(table):
    assert refs.factor_tables()[table].purpose == "surveillance"
    frame = refs.tables()
    assert set(frame.loc[frame["table"] == table, "purpose"]) == {"surveillance"}


def test_rotation_tables_are_not_marked_surveillance():
    t = refs.factor_tables()
    for name in ("nccn", "fpm-2021", "epcrc-2011", "bnf", "mcpherson-2018", "reddy-2017"):
        assert t[name].purpose == "rotation", name
    assert t["duragesic-label"].purpose == "label"
    assert t["tang-2025"].purpose == "case"


def test_tables_dataframe_has_every_factor_with_purpose():
    frame = refs.tables()
    assert len(frame) == len(refs.factors())
    for col in ("table", "purpose", "drug", "route", "factor", "source", "year", "status"):
        assert col in frame.columns


@pytest.mark.parametrize(
    "table, drug, route, factor",
    [
        # reference.md section 2
        ("nccn", "morphine", "subcutaneous", 3),
        ("nccn", "hydromorphone", "oral", 4),  # 7.5 mg : 30 mg
        ("nccn", "hydromorphone", "subcutaneous", 20),  # 1.5 mg : 30 mg
        ("fpm-2021", "hydromorphone", "subcutaneous", 15),
        ("fpm-2021", "hydromorphone", "oral", 5),
        ("cdc-2022", "hydromorphone", "oral", 5),
        ("cdc-2016", "hydromorphone", "oral", 4),
        ("mcpherson-2018", "hydromorphone", "intravenous", 12.5),  # 2 mg IV : 25 mg
        ("reddy-2017", "hydromorphone", "intravenous", 11.46),
        ("bnf", "morphine", "subcutaneous", 2),
        ("cdc-2022", "codeine", "oral", 0.15),
        ("fpm-2021", "codeine", "oral", 0.13),
        ("bnf", "codeine", "oral", 0.1),
        ("cdc-2022", "tramadol", "oral", 0.2),
        ("bnf", "tramadol", "oral", 0.1),
        ("cdc-2022", "tapentadol", "oral", 0.4),
        ("fpm-2021", "tapentadol", "oral", 0.3),
        ("cdc-2022", "fentanyl", "transdermal", 2.4),
        ("epcrc-2011", "fentanyl", "transdermal", 2.4),  # 100:1 x 0.024
        ("fpm-2021", "fentanyl", "transdermal", 3),
        ("nccn", "fentanyl", "transdermal", 2),  # 2:1 rule
        ("fpm-2021", "buprenorphine", "transdermal", 2),
        ("epcrc-2011", "buprenorphine", "transdermal", 1.8),  # 75 x 0.024
        ("tang-2025", "hydromorphone", "subcutaneous", 20),  # 60 mg : 3 mg
        ("cdc-2022", "oxycodone", "oral", 1.5),
    ],
)
def test_factors_match_reference_sheet(table, drug, route, factor):
    hits = [f for f in refs.factors() if (f.table, f.drug, f.route) == (table, drug, route)]
    assert len(hits) == 1
    assert hits[0].factor == pytest.approx(factor)


def test_one_way_directions():
    by_key = {(f.table, f.drug, f.route): f for f in refs.factors()}
    assert by_key[("reddy-2017", "hydromorphone", "intravenous")].direction == "to-oral-morphine"
    assert by_key[("nccn", "fentanyl", "transdermal")].direction == "from-oral-morphine"
    for f in refs.factors():
        if f.table in ("cdc-2022", "cdc-2016"):
            assert f.direction == "to-oral-morphine"


def test_label_bands_match_reference_sheet():
    # 60-134 -> 25; 135-224 -> 50; 225-314 -> 75; 315-404 -> 100 mcg/h
    rows = [r for r in refs.load("fentanyl_label_table") if r["table"] == "duragesic-label"]
    got = {(r["ome_low"], r["ome_high"]): r["patch"] for r in rows}
    for band, patch in {(60, 134): 25, (135, 224): 50, (225, 314): 75, (315, 404): 100}.items():
        assert got[band] == patch


def test_opioid_tolerance_thresholds():
    # fentanyl label: 60 mg/day morphine, 30 oxycodone, 8 hydromorphone, 25 mcg/h patch
    t = {(r["drug"], r["route"]): (r["threshold"], r["unit"]) for r in refs.load(
        "opioid_tolerance")}
    assert t[("morphine", "oral")] == (60, "mg/day")
    assert t[("oxycodone", "oral")] == (30, "mg/day")
    assert t[("hydromorphone", "oral")] == (8, "mg/day")
    assert t[("fentanyl", "transdermal")] == (25, "mcg/h")


# --- rule and pk_parameters -----------------------------------------------------------------


def test_rule_rescue_fraction_nccn_10_20_percent():
    r = refs.rule("rescue_fraction", "nccn")
    assert (r.low, r.high) == (0.1, 0.2)
    assert r.origin.source


def test_rule_cross_tolerance_sets():
    assert (refs.rule("cross_tolerance_reduction", "nccn").low,
            refs.rule("cross_tolerance_reduction", "nccn").high) == (0.25, 0.5)
    assert (refs.rule("cross_tolerance_reduction", "tang-2025").low,
            refs.rule("cross_tolerance_reduction", "tang-2025").high) == (0.1, 0.2)


def test_rule_hour_limit_multiple_and_overlap():
    r = refs.rule("hour_limit_multiple", "fast-facts-92")
    assert (r.low, r.high) == (3, 5)  # Fast Facts #92: 3-5 x hourly requirement
    lo, hi = refs.rule("infusion_overlap_halve", "kornick-2001").quantity_range()
    assert lo.to("h").magnitude == 6 and hi.to("h").magnitude == 6


def test_rule_unknown_set_is_valueerror_naming_field():
    with pytest.raises(ValueError, match="rule_set.*'xyz'.*nccn"):
        refs.rule("rescue_fraction", "xyz")


def test_pk_parameters_jeleazcov_2014():
    p = refs.pk_parameters("jeleazcov-2014")
    # reference.md s.5: CL1 1.01 L/min, V1 3.35 L, CL2 1.47, V2 13.9, CL3 1.41, V3 145
    expected = {"CL1": (1.01, "L/min"), "V1": (3.35, "L"), "CL2": (1.47, "L/min"),
                "V2": (13.9, "L"), "CL3": (1.41, "L/min"), "V3": (145, "L")}
    for name, (value, unit) in expected.items():
        assert p[name][0].to(unit).magnitude == pytest.approx(value)
        assert p[name][1].year == 2014


def test_pk_parameters_unknown_model_is_valueerror():
    with pytest.raises(ValueError, match="model.*'xyz'"):
        refs.pk_parameters("xyz")


def test_load_unknown_name_is_valueerror():
    with pytest.raises(ValueError, match="xyz"):
        refs.load("xyz")


# --- coverage of the drugs the workbook needs --------------------------------------------------

ROTATION = ("nccn", "fpm-2021", "epcrc-2011", "bnf", "mcpherson-2018", "reddy-2017", "tang-2025")


def _covered(drug, route, purposes=("rotation", "case")):
    tables = refs.factor_tables()
    return [f.table for f in refs.factors()
            if (f.drug, f.route) == (drug, route) and tables[f.table].purpose in purposes
            and not f.out_of_scope]


@pytest.mark.parametrize(
    "drug, route",
    [
        ("morphine", "oral"),
        ("morphine", "subcutaneous"),
        ("morphine", "intravenous"),
        ("hydromorphone", "oral"),
        ("hydromorphone", "subcutaneous"),
        ("hydromorphone", "intravenous"),
        ("oxycodone", "oral"),
        ("hydrocodone", "oral"),
        ("codeine", "oral"),
        ("tramadol", "oral"),
        ("tapentadol", "oral"),
        ("fentanyl", "transdermal"),
        ("buprenorphine", "transdermal"),
    ],
)
def test_required_drug_is_in_a_rotation_table(drug, route):
    assert _covered(drug, route), f"{drug} {route} has no rotation table"


def test_fentanyl_intravenous_is_covered():
    assert _covered("fentanyl", "intravenous", ("rotation", "case", "surveillance"))


def test_oxymorphone_in_a_rotation_table():
    assert _covered("oxymorphone", "oral")


def test_oxymorphone_at_least_in_cdc():
    assert _covered("oxymorphone", "oral", ("surveillance",)) == ["cdc-2022", "cdc-2016"]


# --- malformed files ---------------------------------------------------------------------------


def _rewrite(src: Path, dst: Path, edit) -> None:
    with src.open(newline="", encoding="utf-8") as h:
        rows = list(csv.reader(h))
    rows = edit(rows)
    with dst.open("w", newline="", encoding="utf-8") as h:
        csv.writer(h).writerows(rows)


def _set_cell(column, value, row=2):
    """Edit: set `column` of spreadsheet row `row` (header = row 1) to `value`."""

    def edit(rows):
        i = rows[0].index(column)
        rows[row - 1][i] = value
        return rows

    return edit


@pytest.mark.parametrize(
    "column, value, problem",
    [
        ("factor", "abc", "not a number"),
        ("factor", "-3", "negative"),
        ("factor", "nan", "finite"),
        ("drug", "aspirin", "aspirin"),
        ("route", "rectal", "rectal"),
        ("status", "maybe", "maybe"),
        ("year", "1066", "year"),
        ("source", "", "empty"),
        ("direction", "sideways", "sideways"),
        ("url", "ftp://x", "web address"),
    ],
)
def test_read_csv_bad_cell_names_file_row_column(tmp_path, column, value, problem):
    bad = tmp_path / "conversion_factors.csv"
    _rewrite(refs.DATA_DIR / "conversion_factors.csv", bad, _set_cell(column, value, row=3))
    with pytest.raises(refs.DataFileError) as exc:
        refs.read_csv(bad, refs.FACTORS_SCHEMA)
    e = exc.value
    assert (e.row, e.column) == (3, column)
    msg = str(e)
    assert "conversion_factors.csv" in msg and "row 3" in msg and f"'{column}'" in msg
    assert problem in msg
    assert isinstance(e, ValueError)


def test_read_csv_missing_column(tmp_path):
    bad = tmp_path / "rules.csv"

    def drop_source(rows):
        i = rows[0].index("source")
        return [r[:i] + r[i + 1:] for r in rows]

    _rewrite(refs.DATA_DIR / "rules.csv", bad, drop_source)
    with pytest.raises(refs.DataFileError) as exc:
        refs.read_csv(bad, refs.RULES_SCHEMA)
    assert (exc.value.row, exc.value.column) == (1, "source")
    assert "rules.csv" in str(exc.value) and "missing" in str(exc.value)


def test_read_csv_short_row(tmp_path):
    bad = tmp_path / "rules.csv"
    _rewrite(refs.DATA_DIR / "rules.csv", bad, lambda rows: rows[:2] + [rows[2][:3]] + rows[3:])
    with pytest.raises(refs.DataFileError) as exc:
        refs.read_csv(bad, refs.RULES_SCHEMA)
    assert exc.value.row == 3
    assert "rules.csv" in str(exc.value) and "row 3" in str(exc.value)


def test_read_csv_missing_file(tmp_path):
    with pytest.raises(refs.DataFileError, match="nothere.csv"):
        refs.read_csv(tmp_path / "nothere.csv", refs.RULES_SCHEMA)


def test_read_csv_empty_file(tmp_path):
    bad = tmp_path / "rules.csv"
    _rewrite(refs.DATA_DIR / "rules.csv", bad, lambda rows: rows[:1])
    with pytest.raises(refs.DataFileError, match="no rows"):
        refs.read_csv(bad, refs.RULES_SCHEMA)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A full copy of data/ that load() reads instead of the real one."""
    root = tmp_path / "data"
    shutil.copytree(refs.DATA_DIR, root)
    monkeypatch.setattr(refs, "DATA_DIR", root)
    refs.reload()
    yield root
    refs.reload()


def test_load_reads_the_patched_data_dir(data_copy):
    # sanity: the copy loads cleanly before we break it
    assert len(refs.load("conversion_factors")) == len(list(csv.reader(
        (data_copy / "conversion_factors.csv").open(encoding="utf-8")))) - 1


@pytest.mark.parametrize(
    "name, low, high, lo_value, hi_value",
    [
        ("fentanyl_label_table", "ome_low", "ome_high", "200", "134"),
        ("rules", "low", "high", "0.3", "0.2"),
        ("titration_rules", "increase_low", "increase_high", "0.6", "0.5"),
        ("pk_parameters", "low", "high", "", ""),  # placeholder replaced below
    ],
)
def test_load_low_above_high_names_file_row_column(data_copy, name, low, high, lo_value,
                                                   hi_value):
    path = data_copy / f"{name}.csv"
    row = 3
    if name == "pk_parameters":
        # first row that has a low/high range
        rows = list(csv.reader(path.open(encoding="utf-8")))
        i = rows[0].index(low)
        row = next(n for n, r in enumerate(rows[1:], start=2) if r[i].strip())
        lo_value, hi_value = "50", "10"
    _rewrite(path, path, lambda rows: _set_cell(high, hi_value, row)(
        _set_cell(low, lo_value, row)(rows)))
    with pytest.raises(refs.DataFileError) as exc:
        refs.load(name)
    assert (exc.value.row, exc.value.column) == (row, low)
    assert f"{name}.csv" in str(exc.value) and f"row {row}" in str(exc.value)


def test_load_unknown_drug_in_data_dir(data_copy):
    path = data_copy / "conversion_factors.csv"
    _rewrite(path, path, _set_cell("drug", "heroin", row=4))
    with pytest.raises(refs.DataFileError, match=r"conversion_factors.csv, row 4, column 'drug'"):
        refs.load("conversion_factors")


def test_load_factor_row_for_unknown_table(data_copy):
    path = data_copy / "conversion_factors.csv"
    _rewrite(path, path, _set_cell("table", "no-such-table", row=2))
    with pytest.raises(refs.DataFileError, match=r"row 2, column 'table'"):
        refs.load("conversion_factors")


def test_load_duplicate_factor_row(data_copy):
    path = data_copy / "conversion_factors.csv"
    _rewrite(path, path, lambda rows: rows + [rows[2]])
    with pytest.raises(refs.DataFileError, match="appears twice"):
        refs.load("conversion_factors")


def test_load_zero_factor_rejected(data_copy):
    path = data_copy / "conversion_factors.csv"
    _rewrite(path, path, _set_cell("factor", "0", row=3))
    with pytest.raises(refs.DataFileError, match=r"row 3, column 'factor'"):
        refs.load("conversion_factors")


def test_load_patch_row_with_mg_basis_rejected(data_copy):
    path = data_copy / "conversion_factors.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    i_route = rows[0].index("route")
    row = next(n for n, r in enumerate(rows[1:], start=2) if r[i_route] == "transdermal")
    _rewrite(path, path, _set_cell("basis", "mg", row=row))
    with pytest.raises(refs.DataFileError, match=rf"row {row}, column 'basis'"):
        refs.load("conversion_factors")


def test_bad_data_reaches_public_api_as_dataerror(data_copy):
    path = data_copy / "conversion_factors.csv"
    _rewrite(path, path, _set_cell("factor", "three", row=3))
    with pytest.raises(refs.DataFileError):
        an.ome("morphine", "oral", "10 mg")


# --- checks the loader makes beyond one cell (issue 9, item 5) ------------------------------
# Each test writes a small bad copy of one file into tmp_path and expects the message to name
# the file, the row (header = row 1) and the column.


def _expect(name, row, column, *words):
    with pytest.raises(refs.DataFileError) as exc:
        refs.load(name)
    e = exc.value
    msg = str(e)
    assert (e.row, e.column) == (row, column), msg
    assert f"{name}.csv" in msg and f"row {row}" in msg and f"column '{column}'" in msg, msg
    for word in words:
        assert word in msg, msg
    return msg


def _rows(path):
    with path.open(newline="", encoding="utf-8") as h:
        return list(csv.reader(h))


def test_duplicate_table_id_in_factor_tables_is_refused(data_copy):
    # The bug this guards against: a second 'nccn' row marked surveillance silently replaced
    # the first, and the NCCN rotation table vanished from the converter.
    path = data_copy / "factor_tables.csv"
    rows = _rows(path)
    i = rows[0].index("table")
    n = next(k for k, r in enumerate(rows) if r[i] == "nccn")
    extra = list(rows[n])
    extra[rows[0].index("purpose")] = "surveillance"
    _rewrite(path, path, lambda rs: rs + [extra])
    _expect("factor_tables", len(rows) + 1, "table", "nccn", "twice", f"row {n + 1}")


def _titration_row(path, rule_set, nrs_low):
    rows = _rows(path)
    i, j = rows[0].index("rule_set"), rows[0].index("nrs_low")
    return next(k + 1 for k, r in enumerate(rows) if r[i] == rule_set and r[j] == nrs_low)


def test_titration_band_gap_is_refused(data_copy):
    path = data_copy / "titration_rules.csv"
    row = _titration_row(path, "nccn", "4")  # NCCN 4-6 becomes 5-6: NRS 4 has no rule
    _rewrite(path, path, _set_cell("nrs_low", "5", row))
    _expect("titration_rules", row, "nrs_low", "gap")


def test_titration_band_overlap_is_refused(data_copy):
    path = data_copy / "titration_rules.csv"
    row = _titration_row(path, "nccn", "4")  # 3-6 overlaps 0-3 at NRS 3
    _rewrite(path, path, _set_cell("nrs_low", "3", row))
    _expect("titration_rules", row, "nrs_low", "overlaps")


def test_titration_band_outside_pain_scale_is_refused(data_copy):
    path = data_copy / "titration_rules.csv"
    row = _titration_row(path, "nccn", "7")
    _rewrite(path, path, _set_cell("nrs_high", "11", row))
    _expect("titration_rules", row, "nrs_high", "0-10")


def test_negative_titration_increase_is_refused(data_copy):
    path = data_copy / "titration_rules.csv"
    row = _titration_row(path, "nccn", "4")
    _rewrite(path, path, _set_cell("increase_low", "-0.25", row))
    _expect("titration_rules", row, "increase_low", "-0.25")


def test_fiftyfold_titration_increase_is_refused(data_copy):
    # "50" typed for 50%: a 51-fold dose in one step
    path = data_copy / "titration_rules.csv"
    row = _titration_row(path, "nccn", "7")
    _rewrite(path, path, _set_cell("increase_low", "50", row))
    _expect("titration_rules", row, "increase_low", "50")


def test_titration_increase_falling_with_more_pain_is_refused(data_copy):
    # NCCN: 4-6 -> +25-50%; 7-10 -> +50-100%. A severe band below the moderate one is a slip.
    path = data_copy / "titration_rules.csv"
    row = _titration_row(path, "nccn", "7")
    _rewrite(path, path, lambda rs: _set_cell("increase_high", "0.2", row)(
        _set_cell("increase_low", "0.1", row)(rs)))
    _expect("titration_rules", row, "increase_low", "0.1")


def test_duplicate_rule_in_rules_is_refused(data_copy):
    path = data_copy / "rules.csv"
    rows = _rows(path)
    _rewrite(path, path, lambda rs: rs + [rs[1]])
    _expect("rules", len(rows) + 1, "rule_set", "twice", "row 2")


def test_fraction_above_one_in_rules_is_refused(data_copy):
    path = data_copy / "rules.csv"
    rows = _rows(path)
    i, u = rows[0].index("rule"), rows[0].index("unit")
    row = next(k + 1 for k, r in enumerate(rows) if r[i] == "rescue_fraction")
    assert rows[row - 1][u] == "fraction"
    _rewrite(path, path, _set_cell("high", "1.5", row))  # 150% of the daily dose as a rescue
    _expect("rules", row, "high", "1.5", "fraction")


def test_fraction_above_one_in_safety_rules_is_refused_too(data_copy):
    path = data_copy / "pca_safety_rules.csv"
    rows = _rows(path)
    _rewrite(path, path, lambda rs: _set_cell("high", "2", 2)(_set_cell("unit", "fraction", 2)(
        rs)))
    _expect("pca_safety_rules", 2, "high", "fraction")
    assert len(rows) > 1


def _pk_row(path, parameter):
    rows = _rows(path)
    i = rows[0].index("parameter")
    return next(k + 1 for k, r in enumerate(rows) if r[i] == parameter)


@pytest.mark.parametrize("value", ["0", "-1.01"])
def test_zero_or_negative_pk_parameter_is_refused(data_copy, value):
    path = data_copy / "pk_parameters.csv"
    row = _pk_row(path, "CL1")  # a clearance of 0 L/min would keep the drug for ever
    _rewrite(path, path, _set_cell("value", value, row))
    _expect("pk_parameters", row, "value", "above 0")


def test_negative_pk_range_end_is_refused(data_copy):
    path = data_copy / "pk_parameters.csv"
    row = _pk_row(path, "CL")
    _rewrite(path, path, _set_cell("low", "-27", row))
    _expect("pk_parameters", row, "low", "above 0")


def test_pk_fraction_above_one_is_refused(data_copy):
    path = data_copy / "pk_parameters.csv"
    row = _pk_row(path, "F_sc")  # bioavailability 120%
    _rewrite(path, path, _set_cell("value", "1.2", row))
    _expect("pk_parameters", row, "value", "fraction")


def test_overlapping_label_bands_are_refused(data_copy):
    # Duragesic: 60-134 mg/day -> 25 mcg/h, 135-224 -> 50 mcg/h. 130-224 overlaps the first.
    path = data_copy / "fentanyl_label_table.csv"
    _rewrite(path, path, _set_cell("ome_low", "130", 3))
    _expect("fentanyl_label_table", 3, "ome_low", "overlaps")


def test_label_band_with_smaller_patch_is_refused(data_copy):
    path = data_copy / "fentanyl_label_table.csv"
    _rewrite(path, path, _set_cell("patch", "12", 3))
    _expect("fentanyl_label_table", 3, "patch", "12")


@pytest.mark.parametrize("value", ["1e-300", "0.00001", "1e6"])
def test_factor_magnitude_outside_sane_range_is_refused(data_copy, value):
    path = data_copy / "conversion_factors.csv"
    _rewrite(path, path, _set_cell("factor", value, row=3))
    _expect("conversion_factors", 3, "factor", "range")


@pytest.mark.parametrize("value", ["1_000", "0x10", "5 mg", "1,5", "infinity", "-inf"])
def test_number_cells_are_plain_decimals(tmp_path, value):
    bad = tmp_path / "conversion_factors.csv"
    _rewrite(refs.DATA_DIR / "conversion_factors.csv", bad, _set_cell("factor", value, row=3))
    with pytest.raises(refs.DataFileError) as exc:
        refs.read_csv(bad, refs.FACTORS_SCHEMA)
    assert (exc.value.row, exc.value.column) == (3, "factor")
    assert "conversion_factors.csv, row 3, column 'factor'" in str(exc.value)


def test_duplicate_header_column_is_refused(data_copy):
    path = data_copy / "rules.csv"

    def rename_note(rows):
        rows[0][rows[0].index("note")] = "source"  # two 'source' columns: which one counts?
        return rows

    _rewrite(path, path, rename_note)
    _expect("rules", 1, "source", "twice")


def test_utf8_byte_order_mark_is_accepted(data_copy):
    # Excel's "CSV UTF-8" starts the file with EF BB BF; the first column must still be 'table'
    path = data_copy / "factor_tables.csv"
    plain = refs.load("factor_tables")
    refs.reload()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with_bom = refs.load("factor_tables")
    assert [r["table"] for r in with_bom] == [r["table"] for r in plain]
    assert "nccn" in refs.factor_tables()


def test_non_utf8_byte_names_file_row_and_column(data_copy):
    # A Latin-1 'é' (0xE9) typed into the source of row 4 by an editor that saved Latin-1
    path = data_copy / "conversion_factors.csv"
    rows = _rows(path)
    rows[3][rows[0].index("source")] += " Societ\x00"
    _rewrite(path, path, lambda rs: rows)
    raw = path.read_bytes().replace(b"Societ\x00", b"Societ\xe9")
    path.write_bytes(raw)
    msg = _expect("conversion_factors", 4, "source", "0xe9", "UTF-8")
    assert "Traceback" not in msg


def test_non_utf8_byte_in_header_names_row_one(data_copy):
    path = data_copy / "rules.csv"
    path.write_bytes(path.read_bytes().replace(b"rule_set", b"rule_s\xe9t", 1))
    with pytest.raises(refs.DataFileError) as exc:
        refs.load("rules")
    assert exc.value.row == 1 and "rules.csv, row 1" in str(exc.value)


def test_blank_line_keeps_spreadsheet_row_numbers(data_copy):
    path = data_copy / "rules.csv"
    rows = _rows(path)
    rows[3][rows[0].index("year")] = "1066"
    _rewrite(path, path, lambda rs: rows[:2] + [[]] + rows[2:])  # blank row 3; bad row now 5
    _expect("rules", 5, "year", "1066")


@pytest.mark.parametrize("name", [None, 3, ["rules"], {"a": 1}, "<b>x</b>", "x" * 10_000,
                                  "../rules", b"rules"])
def test_load_with_a_bad_name_raises_input_error(name):
    with pytest.raises(an.InputError) as exc:
        refs.load(name)
    assert "table file" in str(exc.value)
    assert len(str(exc.value)) < 1000


@pytest.mark.parametrize("path", [None, 3, object()])
def test_read_csv_with_a_bad_path_raises_input_error(path):
    with pytest.raises(an.InputError, match="path"):
        refs.read_csv(path, refs.RULES_SCHEMA)


def test_read_csv_of_a_folder_is_a_data_file_error(tmp_path):
    with pytest.raises(refs.DataFileError, match="cannot be read"):
        refs.read_csv(tmp_path, refs.RULES_SCHEMA)


@pytest.mark.parametrize("args", [("x", 1), (3, ["x"]), (None, None)])
def test_rule_and_pk_parameters_with_odd_names_raise_input_error(args):
    with pytest.raises(an.InputError):
        refs.rule(*args)
    with pytest.raises(an.InputError):
        refs.pk_parameters(args[0])


def test_data_file_error_with_odd_arguments_still_reads():
    e = refs.DataFileError(3, "x", None, "bad")
    assert isinstance(e, ValueError) and "bad" in str(e)
