"""How long a learner waits after changing a panel's input.

(a) server side: a panel built headlessly; time from setting a control's ``.value`` to the
    panel's result text and figure being updated (the observe callbacks run synchronously),
    over N changes alternating between two valid values. Goal: p95 <= 30 ms.
(b) in the browser: Voila + Debian's Chromium; time from the input's change event (taken with
    ``performance.now()`` just before dispatching it) to the DOM showing the new result (a
    MutationObserver on the result element), over N changes. Goal: p95 <= 150 ms.

    python benchmarks/bench_panels.py            # both
    python benchmarks/bench_panels.py --server   # (a) only
    python benchmarks/bench_panels.py -n 100
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

SERVER_GOAL_MS = 30.0
BROWSER_GOAL_MS = 150.0
WARMUP = 3


@dataclass(frozen=True)
class Bench:
    name: str
    cls: str  # analgesia.widgets.<module>.<Class>
    kwargs: dict[str, Any]
    control: str  # attribute path of the control, e.g. "dose" or "boluses.4"
    values: tuple[str, str]
    shown: str  # attribute path of the HTML widget whose text changes
    notebook: str
    hook: str
    box: str  # CSS class of the text box in the browser
    result: str  # CSS selector of the result element in the browser


BENCHES = [
    Bench("converter", "converter.ConverterPanel", {}, "dose", ("300 mg/day", "120 mg/day"),
          "result_html", "03_converting_doses.ipynb", "an-converter", "an-converter-dose",
          ".an-converter-result"),
    Bench("pump", "pump_panel.PumpPanel", {}, "bolus", ("0.8 mg", "0.5 mg"), "display",
          "04_programming_the_pump.ipynb", "an-pump", "an-pump-bolus", ".an-pump-display"),
    Bench("titration", "titration_panel.TitrationPanel", {}, "boluses.4", ("4", "0"), "table",
          "05_titration_days.ipynb", "an-titration", "an-titration-boluses-5",
          ".an-titration-table"),
    Bench("drug levels", "drug_levels.DrugLevelPanel", {}, "duration", ("48 h", "24 h"),
          "summary", "06_drug_levels.ipynb", "an-levels", "an-levels-duration",
          ".an-levels-summary"),
    Bench("rotation", "rotation_panel.RotationPanel", {}, "dose", ("12 mg/day", "20 mg/day"),
          "output", "07_rotating_to_fentanyl.ipynb", "an-rotation", "an-rotation-dose",
          ".an-rotation-result"),
    Bench("practice", "practice_panel.PracticePanel", {"case_id": "severe-pain-nrs8"}, "bolus",
          ("0.4 mg", "0.25 mg"), "differences", "10_practice.ipynb", "an-practice",
          "an-practice-bolus", ".an-practice-differences"),
]


def _attr(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def _panel_class(bench: Bench):
    module, cls = bench.cls.rsplit(".", 1)
    try:
        return getattr(importlib.import_module(f"analgesia.widgets.{module}"), cls)
    except ModuleNotFoundError:
        return None


def _control(panel: Any, bench: Bench):
    if bench.name == "practice":
        return panel.inputs["bolus"]
    return _attr(panel, bench.control)


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, max(0, round(0.95 * len(s)) - 1))]
    return statistics.median(s), p95, s[-1]


def server(n: int) -> list[tuple[str, float, float, float, int]]:
    rows = []
    for bench in BENCHES:
        cls = _panel_class(bench)
        if cls is None:
            continue
        panel = cls(**bench.kwargs)
        control = _control(panel, bench)
        shown = _attr(panel, bench.shown)
        times = []
        for i in range(n + WARMUP):
            value = bench.values[i % 2]
            before = shown.value
            t0 = time.perf_counter()
            control.value = value
            elapsed = (time.perf_counter() - t0) * 1000
            if panel.error:
                raise RuntimeError(f"{bench.name}: {value!r} gave {panel.error!r}")
            if shown.value == before and i > 0:
                raise RuntimeError(f"{bench.name}: {value!r} did not change the display")
            if i >= WARMUP:
                times.append(elapsed)
        rows.append((bench.name, *percentiles(times), len(times)))
    return rows


# In the page: set the box's value, fire its change event (what Enter or leaving the box
# does), and resolve when the result element's text differs from what it was.
CHANGE_JS = """async ([box, result, value]) => {
  const input = document.querySelector('.' + box + ' input');
  const target = document.querySelector(result);
  const before = target.innerText;
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error('no update')); }, 10000);
    const obs = new MutationObserver(() => {
      if (target.innerText !== before) {
        const dt = performance.now() - t0;
        obs.disconnect(); clearTimeout(timer); resolve(dt);
      }
    });
    obs.observe(target, {subtree: true, childList: true, characterData: true});
    input.value = value;
    t0 = performance.now();
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new Event('change', {bubbles: true}));
  });
}"""


def browser(n: int) -> list[tuple[str, float, float, float, int]]:
    from _app import ROOT, chromium, open_notebook, voila

    rows = []
    with voila() as base, chromium() as context:
        page = context.new_page()
        for bench in BENCHES:
            if not (ROOT / "notebooks" / bench.notebook).exists() or _panel_class(bench) is None:
                continue
            open_notebook(page, base, bench.notebook, f".{bench.hook} .{bench.box} input")
            page.locator(f".{bench.hook}").scroll_into_view_if_needed()
            current = page.input_value(f".{bench.box} input")
            values = bench.values if current != bench.values[0] else bench.values[::-1]
            times = []
            for i in range(n + WARMUP):
                try:
                    dt = page.evaluate(CHANGE_JS, [bench.box, bench.result, values[i % 2]])
                except Exception as exc:  # report the panel, then go on with the next one
                    print(f"{bench.name}: change {i} ({values[i % 2]!r}) gave no update: {exc}",
                          file=sys.stderr)
                    break
                if i >= WARMUP:
                    times.append(dt)
            if not times:
                continue
            rows.append((bench.name, *percentiles(times), len(times)))
        page.close()
    return rows


def table(title: str, rows, goal: float) -> str:
    out = [f"{title} (goal: p95 <= {goal:g} ms)", "",
           "| panel | median ms | p95 ms | max ms | changes | goal met |",
           "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, med, p95, mx, count in rows:
        out.append(f"| {name} | {med:.1f} | {p95:.1f} | {mx:.1f} | {count} | "
                   f"{'yes' if p95 <= goal else 'NO'} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=60, help="changes per panel (at least 50)")
    p.add_argument("--server", action="store_true", help="server side only")
    p.add_argument("--browser", action="store_true", help="browser only")
    args = p.parse_args(argv)
    n = max(50, args.n)
    missed = []
    if not args.browser:
        rows = server(n)
        print(table("(a) server: set .value -> text and figure updated", rows,
                    SERVER_GOAL_MS))
        missed += [r[0] for r in rows if r[2] > SERVER_GOAL_MS]
        print()
    if not args.server:
        rows = browser(n)
        print(table("(b) browser: change event -> DOM shows the new result", rows,
                    BROWSER_GOAL_MS))
        missed += [r[0] for r in rows if r[2] > BROWSER_GOAL_MS]
    if missed:
        print(f"\nmissed the goal: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
