"""Benchmark: 7 days of subcut hydromorphone PCA at 1-minute resolution with 100 boluses.

Runs the exact solver (``analgesia.pk``) and an independent reference (scipy ``solve_ivp``,
LSODA, stopped at every event) on the same inputs, and prints medians, their ratio and the
largest difference between the two curves. Goal: exact solver <= 10 ms median, >= 20x faster.

Then the drug-level panel (``DrugLevelPanel``): the server-side time from setting a control's
value to figure and text updated, over 50 changes cycling through every control. Goal: p95
<= 30 ms. Wall time and this process's CPU time are both shown (on a shared machine the wall
time includes waiting for the CPU).

    python benchmarks/bench_pk.py [--repeats N] [--changes N]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np
import scipy.linalg
from scipy.integrate import solve_ivp

from analgesia import pk
from analgesia.pk import engine
from analgesia.units import Q, ureg

DAYS = 7
GRID_MIN = 1.0
BOLUSES = 100
BACKGROUND_MG_MIN = 0.55 / 60
BOLUS_MG = 0.65


def inputs(seed: int) -> np.ndarray:
    """100 bolus times (min), off the 1-minute grid, in order."""
    return np.sort(np.random.default_rng(seed).uniform(0, DAYS * 1440, BOLUSES))


def run_exact(model: pk.HydromorphoneModel, bolus_min: np.ndarray) -> np.ndarray:
    r = model.simulate(
        f"{DAYS} day",
        background=Q(BACKGROUND_MG_MIN, "mg/min"),
        boluses=(ureg.Quantity(bolus_min, "min"), Q(BOLUS_MG, "mg")),
        step=f"{GRID_MIN} min",
    )
    return r.concentration


def run_exact_pairs(model: pk.HydromorphoneModel, bolus_min: np.ndarray) -> np.ndarray:
    """Same, with boluses given as a list of (time, dose) Quantity pairs (parsed one by one)."""
    pairs = [(Q(float(t), "min"), Q(BOLUS_MG, "mg")) for t in bolus_min]
    r = model.simulate(
        f"{DAYS} day",
        background=Q(BACKGROUND_MG_MIN, "mg/min"),
        boluses=pairs,
        step=f"{GRID_MIN} min",
    )
    return r.concentration


def run_reference(model: pk.HydromorphoneModel, bolus_min: np.ndarray) -> np.ndarray:
    """solve_ivp on the ODEs written from the model's parameters, restarted at each bolus."""
    cl1, v1 = model.cl1.to("L/min").magnitude, model.v1.to("L").magnitude
    cl2, v2 = model.cl2.to("L/min").magnitude, model.v2.to("L").magnitude
    cl3, v3 = model.cl3.to("L/min").magnitude, model.v3.to("L").magnitude
    f = model.bioavailability.magnitude
    ka = math.log(2) / model.absorption_half_life.to("min").magnitude

    def rhs(t, x):
        d, a1, a2, a3 = x
        return [
            BACKGROUND_MG_MIN - ka * d,
            f * ka * d - (cl1 + cl2 + cl3) / v1 * a1 + cl2 / v2 * a2 + cl3 / v3 * a3,
            cl2 / v1 * a1 - cl2 / v2 * a2,
            cl3 / v1 * a1 - cl3 / v3 * a3,
        ]

    end = DAYS * 1440.0
    grid = np.arange(0, end + GRID_MIN / 2, GRID_MIN)
    out = np.empty(grid.size)
    stops = [0.0, *bolus_min.tolist(), end]
    x = np.zeros(4)
    for i, (lo, hi) in enumerate(zip(stops, stops[1:], strict=False)):
        if i > 0:
            x[0] += BOLUS_MG
        if hi <= lo:
            continue
        mask = (grid >= lo) & (grid < hi)
        t_eval = np.append(grid[mask], hi)
        sol = solve_ivp(rhs, (lo, hi), x, method="LSODA", rtol=1e-8, atol=1e-12, t_eval=t_eval)
        out[mask] = sol.y[1, :-1] / v1 * 1000
        x = sol.y[:, -1].copy()
    out[-1] = x[1] / v1 * 1000
    return out


def scipy_expm_run(model: pk.HydromorphoneModel, bolus_min: np.ndarray):
    """The same run with scipy's expm in the engine (the numpy one is what ships): the curve,
    and the median ms over 10 runs with the grid powers recomputed each time."""
    numpy_expm = engine.expm
    engine.expm = scipy.linalg.expm
    try:
        engine.clear_cache()
        curve = run_exact(model, bolus_min)

        def uncached(model, bolus_min):
            engine.clear_cache()
            return run_exact(model, bolus_min)

        ms = median_ms(uncached, [(model, inputs(s)) for s in range(1, 11)])
    finally:
        engine.expm = numpy_expm
        engine.clear_cache()
    return curve, ms


def _control_changes(panel):
    """(control, value) pairs cycling through every control; each differs from the current."""
    seq = [
        (panel.background, ["0.7 mg/h", "0.55 mg/h", "1 mg/h", "0.3"]),
        (panel.bolus, ["0.8 mg", "0.65 mg", "1"]),
        (panel.lockout, ["10 min", "15 min", "20"]),
        (panel.absorption, [10.0, 15.0, 30.0, 45.0, 5.0]),
        (panel.mode, ["whenever", "case", "typed"]),
        (panel.hour_limit, ["2 mg/h", "", "3"]),
        (panel.presses, ["1 h, 2 h, 2.1 h", "0.5 h, 4 h", "1 h, 1.1 h, 3 h"]),
        (panel.ec50, [True, False]),
        (panel.route, ["intravenous", "subcutaneous"]),
    ]
    k = 0
    while True:
        control, values = seq[k % len(seq)]
        value = values[(k // len(seq)) % len(values)]
        k += 1
        if control.value != value:
            yield control, value


def panel_latency(duration: str, changes: int) -> tuple[list[float], list[float]]:
    """Wall and CPU ms per control change (set value -> figure and summary updated)."""
    from analgesia.widgets import DrugLevelPanel

    panel = DrugLevelPanel(duration=duration)
    gen = _control_changes(panel)
    wall, cpu = [], []
    for _ in range(changes):
        control, value = next(gen)
        t0, c0 = time.perf_counter(), time.process_time()
        control.value = value  # observers run synchronously: compute, text, batch_update
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if panel.error:
            raise RuntimeError(panel.error)
    return wall, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def median_ms(fn, args_list) -> float:
    times = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--reference-repeats", type=int, default=5)
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args()
    model = pk.hydromorphone_model("subcutaneous")

    engine.clear_cache()  # measure the first call honestly
    t0 = time.perf_counter()
    first = run_exact(model, inputs(0))
    cold = (time.perf_counter() - t0) * 1000

    warm = median_ms(run_exact, [(model, inputs(s)) for s in range(1, args.repeats + 1)])

    def uncached(model, bolus_min):
        engine.clear_cache()  # as after a new absorption half-life
        return run_exact(model, bolus_min)

    recompute = median_ms(uncached, [(model, inputs(s)) for s in range(1, 11)])
    pairs = median_ms(run_exact_pairs, [(model, inputs(s)) for s in range(1, 6)])
    ref = median_ms(run_reference, [(model, inputs(s)) for s in range(args.reference_repeats)])
    reference = run_reference(model, inputs(0))
    diff = np.max(np.abs(first - reference)) / np.max(reference)

    with_scipy, scipy_ms = scipy_expm_run(model, inputs(0))
    vs_scipy = np.max(np.abs(first - with_scipy)) / np.max(with_scipy)

    rows = [
        ("exact, first call in the process", f"{cold:.2f}"),
        ("exact, median of 10, grid powers recomputed each time", f"{recompute:.2f}"),
        (f"exact, median of {args.repeats} (array input, powers cached)", f"{warm:.2f}"),
        ("exact, median of 5 ((time, dose) pairs input)", f"{pairs:.2f}"),
        ("exact with scipy.linalg.expm, powers recomputed (median of 10)", f"{scipy_ms:.2f}"),
        (f"solve_ivp LSODA reference, median of {args.reference_repeats}", f"{ref:.2f}"),
    ]
    width = max(len(r[0]) for r in rows)
    print(
        f"7 days, {GRID_MIN:g}-minute grid ({int(DAYS * 1440 / GRID_MIN) + 1} points), "
        f"{BOLUSES} subcut boluses off the grid, background 0.55 mg/h"
    )
    print(f"{'run':<{width}}  {'ms':>9}")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>9}")
    print(f"{'ratio reference / exact (median)':<{width}}  {ref / warm:>8.1f}x")
    print(f"{'ratio reference / exact (powers recomputed)':<{width}}  {ref / recompute:>8.1f}x")
    print(f"{'largest difference / peak concentration':<{width}}  {diff:>9.1e}")
    print(f"{'numpy expm vs scipy expm: largest difference / peak':<{width}}  {vs_scipy:>9.1e}")
    print(
        "goal: exact median <= 10 ms, ratio >= 20x:",
        "met" if warm <= 10 and ref / warm >= 20 else "NOT met",
    )
    print(f"\nDrugLevelPanel: {args.changes} control changes (set value -> figure + text)")
    for duration in ("24 h", "7 day"):
        wall, cpu = panel_latency(duration, args.changes)
        print(
            f"  {duration:>5}: wall median {statistics.median(wall):5.1f} ms, p95 "
            f"{p95(wall):5.1f} ms, max {max(wall):5.1f} ms; CPU median "
            f"{statistics.median(cpu):5.1f} ms, p95 {p95(cpu):5.1f} ms; goal p95 <= 30 ms: "
            + ("met" if p95(wall) <= 30 else "NOT met")
        )


if __name__ == "__main__":
    main()
