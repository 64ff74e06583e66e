"""Figure builders for the case timeline and the conversion spread: traces, axis units and the
numbers behind the bars, against hand calculations."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("plotly")

import analgesia as an  # noqa: E402
from analgesia.figures import spread_figure, timeline_figure  # noqa: E402
from analgesia.figures.case_figures import date_text, timeline_lines  # noqa: E402
from analgesia.figures.conversion_figures import spread_lines  # noqa: E402

CASE = ("200 mg/day", ("morphine", "oral"), ("hydromorphone", "subcutaneous"))


def test_spread_hand_calculations():
    results = an.convert_all(*CASE)
    fig = spread_figure(results, chosen="tang-2025")
    assert len(fig.data) == 2  # bars + end markers
    bars = dict(zip(fig.data[0].y, fig.data[0].base, strict=True))
    assert len(bars) == len(results) >= 3  # one bar per table that has both factors
    assert bars["nccn"] == pytest.approx(200 / 20)         # 10 mg/day
    assert bars["fpm-2021"] == pytest.approx(200 / 15)     # 13.33 mg/day
    assert bars["tang-2025 (chosen)"] == pytest.approx(10)  # the case's 60:3
    assert list(fig.data[0].x) == pytest.approx([0] * len(results))  # points: low == high
    assert len(fig.data[1].x) == 2 * len(results)  # low and high end per table
    assert "mg/day" in fig.layout.xaxis.title.text
    assert "HYDROmorphone" in fig.layout.xaxis.title.text


def test_spread_of_a_range_draws_low_to_high():
    results = an.convert_all(("200 mg/day", "270 mg/day"), *CASE[1:])
    fig = spread_figure(results, chosen="nccn")
    rows = {y: (b, b + x) for y, b, x in zip(fig.data[0].y, fig.data[0].base, fig.data[0].x,
                                            strict=True)}
    assert rows["nccn (chosen)"] == pytest.approx((10, 13.5))        # 200/20, 270/20
    assert rows["fpm-2021"] == pytest.approx((200 / 15, 18))          # 270/15 = 18
    colours = list(fig.data[0].marker.color)
    chosen = list(fig.data[0].y).index("nccn (chosen)")
    assert colours.count(colours[chosen]) == 1  # only the chosen table has its colour


def test_spread_patch_axis_in_mcg_per_hour():
    results = an.convert_all("200 mg/day", ("morphine", "oral"), ("fentanyl", "transdermal"))
    fig = spread_figure(results)
    assert "mcg/h" in fig.layout.xaxis.title.text
    bars = dict(zip(fig.data[0].y, fig.data[0].base, strict=True))
    assert bars["nccn"] == pytest.approx(100)          # 2:1 rule: 200 / 2
    assert bars["fpm-2021"] == pytest.approx(200 / 3)  # 66.67 mcg/h


def test_surveillance_tables_labelled():
    results = an.convert_all("60 mg/day", ("oxycodone", "oral"), ("morphine", "oral"),
                             include_surveillance=True)
    fig = spread_figure(results)
    labels = [y for y in fig.data[0].y if "MME surveillance (not for rotation)" in y]
    assert len(labels) == 2
    assert all(b == pytest.approx(90) for b in fig.data[0].base)  # 60 x 1.5 in every table
    assert any("MME surveillance" in line for line in spread_lines(results))


def test_empty_spread_still_has_axis_unit():
    fig = spread_figure([])
    assert len(fig.data) == 2 and "mg/day" in fig.layout.xaxis.title.text


def test_timeline_traces_by_category():
    frame = an.case.timeline()
    fig = timeline_figure(frame)
    categories = set(frame["category"])
    has_spans = frame["end_date"].astype(str).str.strip().ne("").any()
    assert len(fig.data) == len(categories) + int(has_spans)
    assert sum(len(t.x) for t in fig.data[:len(categories)]) == len(frame)
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    hover = " ".join(h for t in fig.data for h in t.hovertext if h)
    assert "Apr 2021 (month only)" in hover  # month precision shown as such
    assert "90 mg every 12 h" in hover         # detail in the hover text


def test_month_precision_drawn_open():
    fig = timeline_figure(an.case.timeline())
    surgery = next(t for t in fig.data if t.name == "surgery")
    assert surgery.marker.symbol[0] == "circle-open"


def test_date_text_precisions():
    assert date_text("2021-04-01", "month") == "Apr 2021 (month only)"
    assert date_text("2021-05-21T11:00", "datetime") == "21 May 2021 11:00"
    assert date_text("2021-05-11", "day") == "11 May 2021"
    assert date_text("2021-05-31", "day", "2021-06-25") == "31 May 2021 to 25 Jun 2021"
    assert date_text(pd.Timestamp("2021-05-11"), "approximate") == "about 11 May 2021"


def test_timeline_lines_one_per_event():
    frame = an.case.timeline()
    lines = timeline_lines(frame)
    assert len(lines) == len(frame)
    assert lines[0].startswith("Oct 2018 (month only) | surgery")


def test_timeline_rejects_wrong_frame():
    with pytest.raises(ValueError, match="columns"):
        timeline_figure(pd.DataFrame({"date": []}))


def test_definitions_file_is_sourced():
    refs = an.references
    rows = refs.read_csv(refs.DATA_DIR / "definitions.csv",
                         {"term": refs.text, "definition": refs.text, **refs.SOURCE_COLUMNS})
    terms = {r["term"] for r in rows}
    assert {"refractory cancer pain", "nociceptive pain", "neuropathic pain"} <= terms
    assert all(r["url"] for r in rows if r["status"] == "verified")


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=1, max_value=2000, allow_nan=False))
def test_spread_bars_follow_the_factors_for_any_dose(mg_per_day):
    results = an.convert_all(an.Q(mg_per_day, "mg/day"), *CASE[1:])
    fig = spread_figure(results, chosen="nccn")
    bars = dict(zip(fig.data[0].y, fig.data[0].base, strict=True))
    assert len(bars) == len(results)
    assert bars["nccn (chosen)"] == pytest.approx(mg_per_day / 20)
    assert bars["fpm-2021"] == pytest.approx(mg_per_day / 15)
    assert fig.layout.xaxis.range[1] >= max(bars.values())
