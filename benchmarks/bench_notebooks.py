"""Benchmark: how long each notebook takes to execute, the wait before an app page appears.

Voila runs a page's whole notebook when a learner opens it (or when it preheats a kernel), so
a notebook's execution time is the floor of a page's time to first render. For each notebook:
start a fresh ``python3`` kernel (not timed: a preheated pool hides it), then execute every
code cell in order (timed), repeated ``--repeats`` times; print the median and the slowest
cell of the median run. Goal (issue 12): every notebook <= 2 s median on an idle machine.
On a shared machine the wall time includes waiting for the CPU: compare medians taken at
the same time, or the ratio between notebooks.

    python benchmarks/bench_notebooks.py [--repeats N] [notebooks/NN_x.ipynb ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GOAL_S = 2.0


def run_once(path: Path) -> tuple[float, float, int]:
    """Execute ``path`` in a fresh kernel; return (seconds for all cells, slowest cell, its
    index)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    cell_times: list[tuple[float, int]] = []
    with client.setup_kernel():
        t_all = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.perf_counter()
            client.execute_cell(cell, index)
            cell_times.append((time.perf_counter() - t0, index))
        total = time.perf_counter() - t_all
    slowest, where = max(cell_times) if cell_times else (0.0, -1)
    return total, slowest, where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    print(f"{'notebook':<40} {'median s':>9} {'min s':>7} {'slowest cell':>13}  "
          f"goal <= {GOAL_S:g} s")
    over = 0
    for path in paths:
        try:
            runs = [run_once(path) for _ in range(args.repeats)]
        except Exception as exc:  # a cell failed: say which notebook and go on
            print(f"{path.name:<40} failed: {type(exc).__name__}: {str(exc)[-200:]}",
                  flush=True)
            over += 1
            continue
        totals = [r[0] for r in runs]
        median = statistics.median(totals)
        slow = sorted(runs)[len(runs) // 2]
        flag = "" if median <= GOAL_S else "  over"
        over += median > GOAL_S
        print(f"{path.name:<40} {median:>9.2f} {min(totals):>7.2f} "
              f"{slow[1]:>7.2f} s [{slow[2]:>2}]{flag}", flush=True)
    print(f"{len(paths) - over} of {len(paths)} notebooks within {GOAL_S:g} s (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
