"""Input plausibility bounds (data/input_bounds.csv through analgesia.bounds).

Expected values are written from the table's rows by hand: a lockout of 1-1440 min, a
background of 0 or 0.001-100 mg/h, a pain score 0-10 (the scale's own range).
"""

from __future__ import annotations

import csv

import pytest

import analgesia as an
from analgesia import bounds, references
from analgesia.units import InputError


def test_every_row_has_a_source_or_the_word_assumption_and_an_example_inside():
    rows = bounds.bounds()
    assert {"background", "bolus", "lockout", "hour_limit", "interval", "concentration",
            "reservoir_volume", "patches", "nrs", "fraction", "daily_dose"} <= set(rows)
    for b in rows.values():
        assert b.origin.source and b.origin.status
        assert b.label and "_" not in b.label  # words a learner knows, not parameter names
        assert b.low > 0 and b.low <= b.high
        assert b.example in b.allowed


def test_out_of_range_names_the_field_the_range_and_an_example():
    with pytest.raises(InputError) as exc:
        bounds.check("150 mg/h", "background")
    assert str(exc.value) == ("background rate: 150 mg/h is not allowed; expected 0 mg/h or "
                              "0.001 to 100 mg/h, such as 0.5 mg/h.")
    assert exc.value.field == "background"


def test_zero_only_where_the_row_allows_it():
    assert bounds.check("0 mg/h", "background").magnitude == 0
    with pytest.raises(InputError, match="lockout: 0 min .* 1 to 1440 min"):
        bounds.check("0 min", "lockout")


def test_nrs_outside_0_to_10_is_refused_not_clamped():
    assert bounds.count(10, "nrs") == 10 and bounds.count(0, "nrs") == 0
    for bad in (11, -1, 6.5, 10**400, float("nan")):
        with pytest.raises(InputError, match=r"pain score \(NRS\)"):
            bounds.count(bad, "nrs")


def test_the_pump_reads_its_bounds_from_the_table():
    # lockout 1e-6 min once gave a maximum of 60,000,001 mg/h
    with pytest.raises(InputError, match="lockout"):
        an.PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout=an.Q(1e-6, "min"))
    with pytest.raises(InputError, match="background rate"):
        an.PcaSettings(background="101 mg/h", bolus="0.65 mg", lockout="15 min")
    s = an.PcaSettings(background="100 mg/h", bolus="100 mg", lockout="1440 min")
    assert s.lockout.to("min").magnitude == 1440


def test_a_bad_bounds_file_fails_at_load_with_row_and_column(tmp_path, monkeypatch):
    src = references.DATA_DIR / "input_bounds.csv"
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    rows[1]["example"] = "5000 mg"  # the bolus example outside 0.001-100 mg
    folder = tmp_path / "data"
    folder.mkdir()
    for f in references.DATA_DIR.glob("*.csv"):
        (folder / f.name).write_bytes(f.read_bytes())
    with (folder / "input_bounds.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.DictWriter(out, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setattr(references, "DATA_DIR", folder)
    references.reload()
    bounds.bounds.cache_clear()
    try:
        with pytest.raises(references.DataFileError) as exc:
            bounds.bounds()
        assert exc.value.row == 3 and exc.value.column == "example"
    finally:
        monkeypatch.undo()
        references.reload()
        bounds.bounds.cache_clear()
