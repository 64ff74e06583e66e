"""The drug-level engine on its own: hand calculations on the smallest systems, mass balance,
named states, the numpy matrix exponential and root finder against scipy's, and the caches.

scipy is a test dependency here: it is the independent reference the numpy versions
(``analgesia.pk.linalg``) are measured against, on the case's own curves.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from analgesia import pk
from analgesia import references as refs
from analgesia.demand import simulate_demand
from analgesia.pk import engine, fentanyl, hydromorphone, linalg, parameters
from analgesia.pk.engine import Event, Kind, Layout, System, march
from analgesia.pump import PcaSettings
from analgesia.units import InputError, ureg

TANG = PcaSettings(background="0.55 mg/h", bolus="0.65 mg", lockout="15 min")


def one_compartment(k: float) -> System:
    """A body that eliminates first-order with rate constant k (1/min): dA/dt = -k A."""
    s = System.empty(Layout(("body",), central="body", entry="body"), boluses=True)
    s.flow("body", s.layout.eliminated, k)
    return s


# ---------------------------------------------------------------------------------------------
# Hand calculations


def test_one_compartment_bolus_decays_as_exp_minus_k_t():
    # A bolus D = 2 mg at t = 0 in a body with k = ln 2 / 30 min: A(t) = 2 x 0.5^(t / 30).
    k = math.log(2) / 30
    states = march(one_compartment(k), [Event(0.0, Kind.BOLUS, 2.0)], steps=12, h=10.0)
    t = np.arange(13) * 10.0
    assert np.allclose(states[:, 0], 2 * 0.5 ** (t / 30), rtol=1e-12, atol=0)
    assert states[3, 0] == pytest.approx(1.0, rel=1e-12)  # one half-life: half left
    assert np.allclose(states[:, 1], 2 - states[:, 0], rtol=0, atol=1e-14)  # eliminated


def test_one_compartment_infusion_rises_to_rate_over_k():
    # Infusion R = 0.5 mg/min from t = 0: A(t) = R / k (1 - e^{-kt}); at t -> inf, R / k.
    k = 0.1
    states = march(one_compartment(k), [Event(0.0, Kind.RATE, 0.5)], steps=60, h=5.0)
    t = np.arange(61) * 5.0
    assert np.allclose(states[:, 0], 0.5 / k * (1 - np.exp(-k * t)), rtol=1e-12, atol=1e-15)
    assert np.allclose(states[:, -2], 0.5 * t, rtol=1e-12, atol=1e-15)  # given = R t


def test_an_event_between_grid_points_is_exact():
    # Bolus 1 mg at 2.5 min on a 1-min grid, k = 0.2/min: at 5 min, e^{-0.2 x 2.5}.
    states = march(one_compartment(0.2), [Event(2.5, Kind.BOLUS, 1.0)], steps=5, h=1.0)
    assert states[2, 0] == 0.0
    assert states[3, 0] == pytest.approx(math.exp(-0.2 * 0.5), rel=1e-13)
    assert states[5, 0] == pytest.approx(math.exp(-0.2 * 2.5), rel=1e-13)


def test_a_rate_change_sets_and_a_bolus_adds():
    s = one_compartment(0.0)  # no elimination: the amount is what went in
    events = [Event(0.0, Kind.RATE, 1.0), Event(3.0, Kind.BOLUS, 4.0),
              Event(5.0, Kind.RATE, 0.0)]
    states = march(s, events, steps=10, h=1.0)
    # Hand: 1 mg/min for 5 min + 4 mg = 9 mg, then constant.
    assert states[10, 0] == pytest.approx(9.0, rel=1e-14)
    assert states[4, 0] == pytest.approx(4.0 + 4.0, rel=1e-14)
    assert states[10, s.layout.rate] == 0.0 and states[4, s.layout.rate] == 1.0


def test_the_layout_names_every_state():
    lay = Layout(("subcut depot", "central", "fast", "slow"), central="central",
                 entry="subcut depot")
    assert (lay.index("central"), lay.eliminated, lay.not_absorbed, lay.given, lay.rate,
            lay.size) == (1, 4, 5, 6, 7, 8)
    sc = pk.hydromorphone_model("subcutaneous").system()
    assert sc.layout.compartments[0] == "subcut depot" and sc.layout.central == "central"
    iv = pk.hydromorphone_model("intravenous").system()
    assert iv.layout.entry == "central" and iv.matrix.shape == (7, 7)


@pytest.mark.parametrize("route", ["subcutaneous", "intravenous"])
def test_the_matrix_conserves_mass(route):
    # Every column of M sums to 0 except the rate's, which sums to 2 (into entry and given):
    # what leaves a compartment arrives in another or in a counting state.
    s = pk.hydromorphone_model(route).system()
    sums = s.matrix.sum(axis=0)
    assert np.allclose(np.delete(sums, s.layout.rate), 0, atol=1e-15)
    assert sums[s.layout.rate] == pytest.approx(2.0)


@given(st.lists(st.tuples(st.floats(0, 600), st.floats(0, 5)), max_size=12),
       st.floats(0.001, 1), st.floats(0, 1))
@settings(max_examples=40, deadline=None)
def test_property_mass_balance_on_any_schedule(doses, k, rate):
    s = one_compartment(k)
    events = sorted([Event(t, Kind.BOLUS, d) for t, d in doses]
                    + [Event(0.0, Kind.RATE, rate)], key=lambda e: e.time)
    states = march(s, events, steps=60, h=10.0)
    lay = s.layout
    balance = states[:, 0] + states[:, lay.eliminated] + states[:, lay.not_absorbed]
    scale = max(1.0, float(np.max(states[:, lay.given])))
    assert np.max(np.abs(states[:, lay.given] - balance)) <= 1e-10 * scale
    assert np.all(states[:, :lay.rate] >= 0)


# ---------------------------------------------------------------------------------------------
# numpy against scipy


def _model_matrices():
    sc = pk.hydromorphone_model("subcutaneous").system().matrix
    iv = pk.hydromorphone_model("intravenous").system().matrix
    patch = pk.fentanyl_patch_model().system().matrix
    return {"subcut": sc, "IV": iv, "patch": patch}


@pytest.mark.parametrize("name", ["subcut", "IV", "patch"])
def test_expm_matches_scipy_on_the_models_matrices(name):
    m = _model_matrices()[name]
    taus = [1e-6, 0.37, 1.0, 10.0, 60.0, 1440.0, 43200.0]  # min: partial step .. 30 days
    ours = linalg.expm(m[None] * np.array(taus)[:, None, None])
    for tau, mine in zip(taus, ours, strict=True):
        ref = scipy.linalg.expm(m * tau)
        # relative to the largest entry: about 1e-16 per squaring, 16 squarings at 30 days
        assert np.max(np.abs(mine - ref)) <= 1e-10 * max(1.0, np.max(np.abs(ref))), tau
        assert np.allclose(linalg.expm(m * tau), mine, rtol=1e-13, atol=1e-15)


def test_expm_hand_cases():
    assert np.allclose(linalg.expm(np.zeros((3, 3))), np.eye(3), rtol=0, atol=0)
    # [[0, 1], [0, 0]] is nilpotent: exp = I + A exactly.
    assert np.allclose(linalg.expm(np.array([[0.0, 1.0], [0.0, 0.0]])), [[1, 1], [0, 1]],
                       rtol=1e-15, atol=1e-15)
    d = np.diag([-0.5, -3.0, -40.0])
    assert np.allclose(linalg.expm(d), np.diag(np.exp([-0.5, -3.0, -40.0])), rtol=1e-13, atol=0)
    with pytest.raises(ValueError):
        linalg.expm(np.ones((2, 3)))


@pytest.mark.parametrize(("f", "low", "high"), [
    (lambda x: math.cos(x) - x, 0.0, 1.0),
    (lambda x: x**3 - 2 * x - 5, 2.0, 3.0),  # Wallis's cubic, root 2.0945514815423265
    (lambda x: math.exp(-x) - 0.1, 0.0, 100.0),  # ln 10
])
def test_find_root_matches_brentq(f, low, high):
    ours = linalg.find_root(f, low, high, 1e-12, 1e-14)
    assert ours == pytest.approx(brentq(f, low, high, xtol=1e-12, rtol=1e-14), abs=1e-11)
    assert abs(f(ours)) < 1e-9
    with pytest.raises(ValueError):
        linalg.find_root(lambda x: x * x + 1, -1.0, 1.0, 1e-9, 1e-12)


def _scipy_engine(monkeypatch):
    """Run the package with scipy's expm and brentq in place of the numpy ones."""
    monkeypatch.setattr(engine, "expm", scipy.linalg.expm)

    def with_brentq(f, low, high, xtol, rtol):
        return brentq(f, low, high, xtol=xtol, rtol=max(rtol, 4 * np.finfo(float).eps))

    monkeypatch.setattr(hydromorphone, "find_root", with_brentq)
    monkeypatch.setattr(fentanyl, "find_root", with_brentq)
    engine.clear_cache()


def _case_curves():
    """The case's curves: day 1 with its pump and presses, and the switch to 5 x 25 mcg/h
    patches after 163 h (notebook 06), plus the numbers computed by root finding."""
    log = simulate_demand(TANG, ["1 h", "1.1 h", "3 h"], "24 h")
    day = pk.simulate_pca(TANG, "24 h", boluses=log)
    switch = pk.transition(TANG, "163 h", "163 h", ["25 mcg/h"] * 5, "235 h", step="30 min")
    model, patch = pk.hydromorphone_model(), pk.fentanyl_patch_model()
    roots = np.array([model.time_to_fraction_of_steady_state(0.9).magnitude,
                      patch.half_fall_after_removal().magnitude,
                      pk.fit_depot_half_life().magnitude])
    return {"day 1": day.concentration, "day 1 amounts": day.amounts,
            "switch hydromorphone": switch.hydromorphone_percent,
            "switch fentanyl": switch.fentanyl_percent, "roots": roots}


def test_the_case_curves_match_the_scipy_engine(monkeypatch):
    ours = _case_curves()
    with monkeypatch.context() as patched:
        _scipy_engine(patched)
        reference = _case_curves()
    engine.clear_cache()
    for name, ref in reference.items():
        worst = np.max(np.abs(ours[name] - ref)) / np.max(np.abs(ref))
        assert worst <= 1e-10, (name, worst)


# ---------------------------------------------------------------------------------------------
# Data: one reader, cleared by one reload; what used to be typed in code comes from data/


def test_the_parameter_file_is_read_once_and_reload_reads_it_again(monkeypatch):
    reads = []
    original = refs.read_csv

    def counting(path, schema):
        reads.append(Path(path).name)
        return original(path, schema)

    monkeypatch.setattr(refs, "read_csv", counting)
    refs.reload()
    first = pk.load_pk_parameters()
    for route in ("subcutaneous", "intravenous", "subcutaneous"):
        pk.hydromorphone_model(route)
    pk.fentanyl_patch_model()
    pk.ec50()
    assert reads.count("pk_parameters.csv") == 1
    assert pk.load_pk_parameters() is first
    assert parameters.repository_table in refs.caches()
    assert fentanyl.patch_strengths in refs.caches()
    refs.reload()
    assert pk.load_pk_parameters() is not first
    assert reads.count("pk_parameters.csv") == 2


def test_patch_strengths_are_those_listed_in_the_patch_table():
    with (refs.DATA_DIR / "fentanyl_patches.csv").open(encoding="utf-8") as handle:
        listed = {float(r["strength"]) for r in csv.DictReader(handle)}
    assert listed == {12, 25, 50, 75, 100}  # Duragesic label strengths (mcg/h)
    assert set(fentanyl.patch_strengths()) == listed
    with pytest.raises(InputError) as err:
        pk.patch_schedule("0 h", "30 mcg/h", "72 h")
    assert "one of 12, 25, 50, 75, 100 mcg/h" in str(err.value)


def test_the_ec50_label_is_kept_once_in_data():
    with (refs.DATA_DIR / "teaching_text.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["key"] == "pk.ec50")
    assert "Jeleazcov" in row["source"] and row["year"] == "2016"
    assert pk.ec50().name == row["en"]


def test_the_patch_defaults_come_from_the_rules():
    # data/rules.csv: patch_wear_time (label) 72 h; the fitted note quotes the label's rise
    # (12-24 h) and Varvel's 17 h half-fall.
    wear = refs.rule("patch_wear_time", "duragesic-label")
    patches = pk.patch_schedule("0 h", "25 mcg/h", "144 h")
    assert [p.removed.to("h").magnitude for p in patches] == [wear.low, 2 * wear.low]
    note = pk.fentanyl_patch_model().notes[0]
    assert "rise over 12-24 h" in note and "~17 h to fall by half" in note


def test_every_bolus_shape_becomes_one_shape():
    from analgesia.pk import events

    log = simulate_demand(TANG, ["1 h", "1.1 h", "3 h"], "6 h")  # 1.1 h refused (lockout)
    arrays = (ureg.Quantity(np.array([60.0, 180.0]), "min"), ureg.Quantity(0.65, "mg"))
    pairs = [("1 h", "0.65 mg"), ("3 h", "0.65 mg")]
    for shape in (log, arrays, pairs):
        times, doses = events.bolus_arrays(shape, "boluses")
        assert times.tolist() == [60.0, 180.0] and doses.tolist() == [0.65, 0.65]
    made = events.bolus_events(np.array([60.0, 180.0]), np.array([0.65, 0.65]), "boluses", 360.0)
    assert made == [Event(60.0, Kind.BOLUS, 0.65), Event(180.0, Kind.BOLUS, 0.65)]
    with pytest.raises(InputError) as err:
        events.bolus_events(np.array([180.0, 60.0]), np.array([0.65, 0.65]), "boluses", 360.0)
    assert "time order" in str(err.value)
