"""The case's history as an interactive timeline: one marker trace per category of event.

Dates keep the precision the source gives: a month-only date is shown as "Apr 2021 (month
only)" and drawn as an open marker, never as a made-up day.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from .. import words

TEXT = words.catalogue("case_figures", {
    "title": "Tang 2025 case: history 2018-2021 (hover a marker for the detail)",
    "x_axis": "Date (month-only dates drawn as open markers)",
    "y_axis": "Kind of event",
    "month": "{date} (month only)",
    "approximate": "about {date}",
    "until": "{start} to {end}",
    "spans": "course (start to end)",
    "source_note": "From the paper's full text (status: {status}); "
    "dates are as precise as the paper gives them.",
    "legend": "category",
    "date_month": "{month} {year}",
    "date_day": "{day} {month} {year}",
    "date_time": "{day} {month} {year} {time}",
    "month.1": "Jan",
    "month.2": "Feb",
    "month.3": "Mar",
    "month.4": "Apr",
    "month.5": "May",
    "month.6": "Jun",
    "month.7": "Jul",
    "month.8": "Aug",
    "month.9": "Sep",
    "month.10": "Oct",
    "month.11": "Nov",
    "month.12": "Dec",
    "category.surgery": "surgery",
    "category.radiotherapy": "radiotherapy",
    "category.chemotherapy": "chemotherapy",
    "category.diagnosis": "diagnosis",
    "category.pain": "pain",
    "category.opioid": "opioid",
    "category.other": "other",
    "category.pca": "pca",
    "category.patch": "patch",
    "category.follow-up": "follow-up",
    "category.discharge": "discharge",
    "category.admission": "admission",
    "category.anticancer": "anticancer",
    "category.assessment": "assessment",
    "category.infection": "infection",
    "category.treatment": "treatment",
})

# Display order of categories, oldest kind of event first (others follow alphabetically).
CATEGORY_ORDER = (
    "surgery", "radiotherapy", "chemotherapy", "diagnosis", "pain", "opioid", "other", "pca",
    "patch", "follow-up", "discharge",
)
OPEN_PRECISIONS = ("month", "approximate")
WRAP = 70


def _stamp(value) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        return pd.to_datetime(value.strip(), format="ISO8601")
    return pd.Timestamp(value)


def _day(stamp: pd.Timestamp, key: str = "date_day") -> str:
    """A date in the learner's language: '11 May 2021' (month names from the catalogue)."""
    return TEXT(key, day=stamp.day, month=TEXT[f"month.{stamp.month}"], year=stamp.year,
                time=stamp.strftime("%H:%M"))


def category_name(category: str) -> str:
    """A timeline category as the learner reads it (its code, or its translation)."""
    key = f"category.{category}"
    return TEXT[key] if key in TEXT else category


def date_text(date, precision: str, end_date=None) -> str:
    """A date written with the precision the source has: 'Apr 2021 (month only)',
    '11 May 2021', '21 May 2021 11:00', '31 May 2021 to 25 Jun 2021'."""
    start = _stamp(date)
    if precision == "month":
        text = TEXT["month"].format(date=_day(start, "date_month"))
    elif precision == "datetime":
        text = _day(start, "date_time")
    elif precision == "approximate":
        text = TEXT["approximate"].format(date=_day(start))
    else:
        text = _day(start)
    end = _stamp(end_date)
    if end is not None:
        text = TEXT["until"].format(start=text, end=_day(end))
    return text


def timeline_lines(frame: pd.DataFrame) -> tuple[str, ...]:
    """One plain line per event ('Apr 2021 (month only) | opioid | ...'), for printing."""
    return tuple(
        f"{date_text(r.date, r.precision, getattr(r, 'end_date', None))} | "
        f"{category_name(r.category)} | "
        f"{r.event}"
        for r in frame.itertuples(index=False)
    )


def _categories(frame: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(frame["category"]))
    known = [c for c in CATEGORY_ORDER if c in present]
    return known + sorted(c for c in present if c not in known)


def _hover(row) -> str:
    detail = "<br>".join(textwrap.wrap(str(getattr(row, "detail", "") or ""), WRAP))
    when = date_text(row.date, row.precision, getattr(row, "end_date", None))
    return f"<b>{row.event}</b><br>{when}<br>{detail}"


def timeline_figure(frame: pd.DataFrame) -> go.Figure:
    """Events by category: one marker trace per category (legend toggles it), plus one line
    trace for events that last from a start to an end date. Hover shows the event, its date
    at the source's precision, and the detail."""
    needed = {"date", "precision", "category", "event"}
    missing = needed - set(frame.columns)
    if missing:
        raise ValueError(f"frame: columns {sorted(missing)} are missing; expected the frame "
                         "from analgesia.case.timeline()")
    categories = _categories(frame)
    fig = go.Figure()
    for cat in categories:
        rows = [r for r in frame.itertuples(index=False) if r.category == cat]
        fig.add_trace(go.Scatter(
            x=[_stamp(r.date) for r in rows],
            y=[category_name(cat)] * len(rows),
            mode="markers",
            name=category_name(cat),
            marker={"size": 12, "symbol": [
                "circle-open" if r.precision in OPEN_PRECISIONS else "circle" for r in rows],
                "line": {"width": 2}},
            hovertext=[_hover(r) for r in rows],
            hoverinfo="text",
        ))
    spans = [r for r in frame.itertuples(index=False)
             if _stamp(getattr(r, "end_date", None)) is not None]
    if spans:
        xs, ys, hover = [], [], []
        for r in spans:
            xs += [_stamp(r.date), _stamp(r.end_date), None]
            ys += [category_name(r.category), category_name(r.category), None]
            hover += [_hover(r), _hover(r), None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=TEXT["spans"],
                                 line={"width": 6, "color": "rgba(80,80,80,0.45)"},
                                 hovertext=hover, hoverinfo="text"))
    fig.update_layout(
        title=TEXT["title"],
        xaxis={"title": {"text": TEXT["x_axis"]}, "type": "date",
               "rangeslider": {"visible": True}},
        yaxis={"title": {"text": TEXT["y_axis"]}, "categoryorder": "array",
               "categoryarray": [category_name(c) for c in categories[::-1]]},
        height=520,
        margin={"l": 110, "r": 20, "t": 60, "b": 40},
        legend={"title": {"text": TEXT["legend"]}},
    )
    return fig


__all__ = ["date_text", "timeline_figure", "timeline_lines"]
