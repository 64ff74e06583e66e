"""How long a learner waits for the core: `import analgesia`, and the whole Tang 2025 case.

    python benchmarks/bench_core.py

Prints median and 95th percentile against a target, and the ratio median / target (below 1 is
within target). No assertions: this reports, it does not gate.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable

IMPORT_RUNS = 15
CASE_RUNS = 30
TARGETS = {"import": 0.3, "case": 0.05}  # seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_import(runs: int = IMPORT_RUNS) -> list[float]:
    """`import analgesia` in a fresh interpreter each run, timed inside that interpreter."""
    code = (
        "import time; t = time.perf_counter(); import analgesia; "
        "print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def time_calls(call: Callable[[], object], before: Callable[[], None], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        before()
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    import analgesia

    def clear() -> None:
        analgesia.references.reload()
        analgesia.case.printed_values.cache_clear()

    def nothing() -> None:
        pass

    case = analgesia.case.tang2025
    case()  # first call outside the timings: loads pandas/yaml lazily where used
    results = {
        "import analgesia (fresh process)": ("import", time_import()),
        "case.tang2025() cold (tables reloaded)": ("case", time_calls(case, clear, CASE_RUNS)),
        "case.tang2025() warm (tables cached)": ("case", time_calls(case, nothing, CASE_RUNS)),
    }

    header = f"{'what':<40} {'runs':>4} {'median':>9} {'p95':>9} {'target':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, (kind, times) in results.items():
        median = statistics.median(times)
        target = TARGETS[kind]
        print(f"{name:<40} {len(times):>4} {median * 1000:>7.1f}ms "
              f"{percentile(times, 0.95) * 1000:>7.1f}ms {target * 1000:>6.0f}ms "
              f"{median / target:>6.2f}")


if __name__ == "__main__":
    main()
