"""PCA demand simulator: lockout, hour limit, "whenever-allowed", daily totals, bad input.

Expected numbers are worked by hand here (and the Tang 2025 day totals are the paper's).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analgesia.demand import Press, simulate_demand
from analgesia.pump import PcaSettings
from analgesia.units import InputError, Q, ureg

TANG = PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")


def minutes(log):
    return [p.time.to("min").magnitude for p in log.presses]


def test_lockout_refuses_presses_inside_the_window_and_accepts_at_its_end():
    log = simulate_demand(
        TANG, ["0 min", "5 min", "14.99 min", "15 min", "29 min", "30 min"], "1 h"
    )
    assert [p.reason for p in log.presses] == [
        "delivered",
        "lockout",
        "lockout",
        "delivered",
        "lockout",
        "delivered",
    ]
    assert [p.delivered for p in log.presses] == [True, False, False, True, False, True]
    assert [p.dose.to("mg").magnitude for p in log.presses] == [0.65, 0, 0, 0.65, 0, 0.65]


def test_lockout_counts_from_the_last_delivered_bolus_not_the_last_press():
    # Presses every 10 min: 0 delivered, 10 refused, 20 delivered (20 min after 0), 30 refused.
    log = simulate_demand(TANG, [f"{m} min" for m in (0, 10, 20, 30, 40)], "1 h")
    assert [p.delivered for p in log.presses] == [True, False, True, False, True]


def test_whenever_allowed_with_15_min_lockout_gives_4_boluses_in_every_hour():
    log = simulate_demand(TANG, "whenever-allowed", "24 h")
    times = np.array(minutes(log))
    assert len(log.delivered) == 96 == len(log.presses)
    for hour in range(24):
        in_hour = (times >= 60 * hour) & (times < 60 * (hour + 1))
        assert in_hour.sum() == 4
    # Hand calc: 0.55 x 24 + 0.65 x 96 = 13.2 + 62.4 = 75.6 mg.
    (day,) = log.daily_totals()
    assert day.boluses == 96
    assert day.total.to("mg").magnitude == pytest.approx(75.6, rel=1e-12)


def test_whenever_allowed_with_an_hour_limit_waits_for_the_window():
    # 0.55 + n x 0.65 <= 2 -> n <= 2 boluses in any rolling hour: at 0, 15, then 60, 75, ...
    limited = PcaSettings("0.55 mg/h", "0.65 mg", "15 min", hour_limit="2 mg/h")
    log = simulate_demand(limited, "whenever-allowed", "3 h")
    assert minutes(log) == [0, 15, 60, 75, 120, 135]


def test_hour_limit_refuses_a_press_the_lockout_would_allow():
    limited = PcaSettings("0.55 mg/h", "0.65 mg", "15 min", hour_limit="2 mg/h")
    log = simulate_demand(limited, ["0 min", "15 min", "30 min", "59 min", "60 min"], "2 h")
    assert [p.reason for p in log.presses] == [
        "delivered",
        "delivered",
        "hour limit",
        "hour limit",
        "delivered",
    ]


def test_background_alone_over_the_limit_never_allows_a_bolus():
    tight = PcaSettings("0.55 mg/h", "0.65 mg", "15 min", hour_limit="1 mg/h")
    assert simulate_demand(tight, "whenever-allowed", "2 h").presses == ()
    log = simulate_demand(tight, ["10 min"], "1 h")
    assert log.presses[0].reason == "hour limit"


@pytest.mark.parametrize(("day_boluses", "paper_total"), [(3, 15.15), (2, 14.5)])
def test_tang_day_totals_agree_with_the_paper_and_the_pump(day_boluses, paper_total):
    presses = [f"{h} h" for h in (2, 9, 20)][:day_boluses]
    (day,) = simulate_demand(TANG, presses, "24 h").daily_totals()
    assert day.complete and day.boluses == day_boluses
    assert day.total.to("mg").magnitude == pytest.approx(paper_total, rel=1e-12)
    assert day.total == day.pump_total.value
    assert day.pump_total.value == TANG.daily_total(boluses=day_boluses).value


def test_daily_windows_split_at_24_h_and_a_partial_day_has_no_pump_total():
    log = simulate_demand(TANG, ["23 h", "24 h", "30 h"], "30.5 h")
    d1, d2 = log.daily_totals()
    assert (d1.boluses, d2.boluses) == (1, 2)
    assert d2.complete is False and d2.pump_total is None
    # Hand calc: 0.55 x 6.5 + 2 x 0.65 = 3.575 + 1.3 = 4.875 mg.
    assert d2.total.to("mg").magnitude == pytest.approx(4.875, rel=1e-12)


def test_start_offset_and_lockout_windows():
    log = simulate_demand(TANG, ["2 h", "2.1 h"], "1 h", start="2 h")
    assert [p.delivered for p in log.presses] == [True, False]
    ((a, b),) = log.lockout_windows()
    assert a.to("h").magnitude == pytest.approx(2) and b.to("h").magnitude == pytest.approx(2.25)
    assert np.allclose(log.bolus_times.to("h").magnitude, [2.0])


def test_presses_accept_a_quantity_array():
    log = simulate_demand(TANG, ureg.Quantity(np.array([0.0, 10.0, 20.0]), "min"), "1 h")
    assert [p.delivered for p in log.presses] == [True, False, True]


def test_press_stores_minutes_and_milligrams():
    p = Press(Q("0.5 h"), True, "delivered", Q("650 mcg"))
    assert p.time.magnitude == 30 and str(p.time.units) == "minute"
    assert p.dose.magnitude == pytest.approx(0.65)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"presses": ["-1 min"], "duration": "1 h"}, "presses"),
        ({"presses": ["10 min", "5 min"], "duration": "1 h"}, "presses"),
        ({"presses": ["61 min"], "duration": "1 h"}, "presses"),
        ({"presses": ["60 min"], "duration": "1 h"}, "presses"),  # the end is not inside
        ({"presses": ["10 min"], "duration": "1 h", "start": "20 min"}, "presses"),
        ({"presses": ["10 min"], "duration": "0 h"}, "duration"),
        ({"presses": ["10 min"], "duration": "-1 h"}, "duration"),
        ({"presses": ["10 min"], "duration": "31 day"}, "duration"),
        ({"presses": ["10 mg"], "duration": "1 h"}, "presses"),
        ({"presses": "whenever", "duration": "1 h"}, "presses"),
        ({"presses": [10], "duration": "1 h"}, "presses"),
        ({"presses": ["10 min"], "duration": "1 h", "start": "-1 min"}, "start"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as err:
        simulate_demand(TANG, **kwargs)
    assert err.value.field == field


def test_settings_must_be_pca_settings():
    with pytest.raises(InputError) as err:
        simulate_demand({"bolus": "1 mg"}, ["0 min"], "1 h")
    assert err.value.field == "settings"


# ---------------------------------------------------------------------------------------------
# Properties

press_lists = st.lists(st.floats(0, 2 * 24 * 60 - 1, allow_nan=False), max_size=60).map(sorted)
lockouts = st.sampled_from(["5 min", "8 min", "10 min", "15 min", "20 min", "30 min"])
limits = st.sampled_from([None, "1.5 mg/h", "2 mg/h", "3.15 mg/h"])


@given(press_lists, lockouts, limits)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_property_lockout_and_hour_limit_hold_and_totals_match_the_pump(presses, lockout, limit):
    s = PcaSettings("0.55 mg/h", "0.65 mg", lockout, hour_limit=limit)
    log = simulate_demand(s, [Q(t, "min") for t in presses], "2 day")
    lock = s.lockout.to("min").magnitude
    delivered = [p.time.magnitude for p in log.delivered]
    # Lockout: delivered boluses at least a lockout apart.
    assert all(b - a >= lock - 1e-9 for a, b in zip(delivered, delivered[1:], strict=False))
    # Every refusal is justified by the rule it names; every delivery breaks neither rule.
    done: list[float] = []
    for p in log.presses:
        t = p.time.magnitude
        locked = bool(done) and t - done[-1] < lock - 1e-9
        in_hour = sum(1 for d in done if t - d < 60 - 1e-9)
        over = limit is not None and 0.55 + 0.65 * (in_hour + 1) > Q(limit).magnitude + 1e-9
        expected = "lockout" if locked else ("hour limit" if over else "delivered")
        assert p.reason == expected
        if p.delivered:
            done.append(t)
    # Daily totals agree with the pump's own daily_total and with a hand sum.
    for day in log.daily_totals():
        assert day.complete
        pump = s.daily_total(boluses=day.boluses).value.to("mg").magnitude
        assert math.isclose(day.total.to("mg").magnitude, pump, rel_tol=1e-12)
        assert math.isclose(pump, 0.55 * 24 + 0.65 * day.boluses, rel_tol=1e-12)
    assert sum(d.boluses for d in log.daily_totals()) == len(log.delivered)


@given(lockouts, limits)
@settings(max_examples=30, deadline=None)
def test_property_whenever_allowed_is_the_most_the_rules_allow(lockout, limit):
    s = PcaSettings("0.55 mg/h", "0.65 mg", lockout, hour_limit=limit)
    greedy = simulate_demand(s, "whenever-allowed", "6 h")
    assert all(p.delivered for p in greedy.presses)
    # Pressing every minute cannot get more boluses than pressing whenever allowed.
    every_minute = simulate_demand(s, [f"{m} min" for m in range(360)], "6 h")
    assert len(every_minute.delivered) <= len(greedy.delivered)
    if limit is None:  # hand calc: ceil(360 / lockout) boluses in 6 h from time 0
        lock = s.lockout.to("min").magnitude
        assert len(greedy.delivered) == math.ceil(360 / lock)


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.text(max_size=12),
        st.lists(st.text(max_size=6), max_size=3),
    ),
    st.one_of(st.text(max_size=8), st.floats(), st.just("1 h")),
)
@settings(max_examples=150, deadline=None)
def test_property_no_exception_but_value_error(presses, duration):
    try:
        simulate_demand(TANG, presses, duration)
    except ValueError:
        pass


def _naive(bolus, background, limit, lockout, presses):
    """Rules of the module docstring, written out the slow way: every press rescans the whole
    log of delivered boluses (the hand version of the hour-limit count)."""
    delivered, out = [], []
    for t in presses:
        if delivered and t - delivered[-1] < lockout - 1e-9:
            out.append("lockout")
            continue
        in_hour = sum(1 for d in delivered if t - d < 60 - 1e-9)
        if background + bolus * (in_hour + 1) > limit * (1 + 1e-12):
            out.append("hour limit")
            continue
        delivered.append(t)
        out.append("delivered")
    return out


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=80),
    bolus=st.sampled_from([0.2, 0.5, 1.0]),
    limit=st.sampled_from([1.0, 2.0, 3.5]),
    lockout=st.sampled_from([1.0, 5.0, 15.0]),
)
def test_hour_limit_window_matches_a_full_rescan(gaps, bolus, limit, lockout):
    times = list(np.cumsum(gaps))
    assume(times[-1] < 24 * 60 - 1)
    s = PcaSettings(background="0 mg/h", bolus=Q(bolus, "mg"), lockout=Q(lockout, "min"),
                    hour_limit=Q(limit, "mg/h"))
    log = simulate_demand(s, [Q(t, "min") for t in times], "24 h")
    assert [p.reason for p in log.presses] == _naive(bolus, 0.0, limit, lockout, times)
