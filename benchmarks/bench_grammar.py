"""The worst inputs we know for the dose grammar and the PCA demand simulation.

    python benchmarks/bench_grammar.py

Reading typed text must take bounded time whatever is typed (pint's own parser spent over 25 s
on '9**9**9 mg'); simulate_demand with an hour limit must grow linearly with the presses (it
was quadratic: 99,311 presses took 59 s). Prints medians and ratios. No assertions: this
reports, it does not gate (tests hold no timed asserts).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

import analgesia as an
from analgesia.demand import simulate_demand
from analgesia.units import MAX_TEXT, InputError, parse_dose

RUNS = 7

# Texts at the grammar's limits: the longest accepted, the longest refused in each way.
GRAMMAR_CASES = {
    "plain '0.5 mg/h'": "0.5 mg/h",
    "longest accepted": "12345678.123456789 milligrams / minutes"[:MAX_TEXT],
    "9**9**9 mg (pint: > 25 s)": "9**9**9 mg",
    "decimal comma": "1,5 mg/h",
    f"{MAX_TEXT} digits": "9" * MAX_TEXT,
    "100,000 characters": "1" * 100_000,
    "many slashes": "5 " + "mg/" * 13 + "h",
    "unicode digits": "\u0665" * MAX_TEXT,
    "markup": "<img src=x onerror=alert(1)> mg",
}


def median_time(call: Callable[[], object], runs: int = RUNS, repeat: int = 1) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for _ in range(repeat):
            call()
        times.append((time.perf_counter() - t) / repeat)
    return statistics.median(times)


def _read(text: str) -> Callable[[], object]:
    def call() -> object:
        try:
            return parse_dose(text)
        except InputError as exc:
            return exc

    return call


def bench_grammar() -> None:
    base = median_time(_read("0.5 mg/h"), repeat=200)
    print("dose grammar: median per text (ratio to '0.5 mg/h')")
    for name, text in GRAMMAR_CASES.items():
        m = median_time(_read(text), repeat=200)
        print(f"  {name:32s} {m * 1e6:9.1f} us  x{m / base:6.1f}")


def _presses(n: int):
    return an.ureg.Quantity(np.linspace(0.0, 30 * 24 * 60 - 1, n), "min")


def bench_demand() -> None:
    # Worst case for the hour limit: many boluses inside each hour (small bolus, 1 min lockout,
    # a limit that is never reached), every press inside the window.
    limited = an.PcaSettings(background="0 mg/h", bolus="0.001 mg", lockout="1 min",
                             hour_limit="100 mg/h")
    free = an.PcaSettings(background="0 mg/h", bolus="0.001 mg", lockout="1 min")
    print("simulate_demand: median seconds (hour limit / none; 10x presses should be ~10x)")
    previous = None
    for n in (9_931, 99_311):
        presses = _presses(n)
        t_lim = median_time(lambda p=presses: simulate_demand(limited, p, "720 h"), runs=3)
        t_free = median_time(lambda p=presses: simulate_demand(free, p, "720 h"), runs=3)
        growth = "" if previous is None else f"  growth x{t_lim / previous:.1f}"
        print(f"  {n:6d} presses: {t_lim:6.2f} s with limit, {t_free:6.2f} s without, "
              f"ratio {t_lim / t_free:4.2f}{growth}")
        previous = t_lim
    t = median_time(lambda: simulate_demand(limited, "whenever-allowed", "720 h"), runs=3)
    print(f"  whenever-allowed, 30 days, hour limit: {t:6.2f} s")


def main() -> None:
    bench_grammar()
    bench_demand()


if __name__ == "__main__":
    main()
