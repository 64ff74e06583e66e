"""How the static site (make site) loads in Debian's Chromium, served from this machine.

One run measures, for the converter page in app mode (voici/render/03_converting_doses.html):

- bytes transferred on a cold load (empty browser cache), counted by the server as they leave
  it (every page, script, wheel and the kernel's worker requests);
- time to kernel ready (the Pyodide kernel runs the page's first cell: it asks for the
  workbook's wheel);
- time to the first interactive panel (the converter's dose box answers a typed value);
- the same page again with the browser's cache warm (a second visit).

Each figure is the median of ``--runs`` cold/cached pairs (fresh browser profile per pair),
against the targets of the issue that asked for the site: first panel <= 20 s cold, <= 8 s
cached, <= 60 MB transferred. The site is served by site/serve.py (precompressed .gz where the
browser takes gzip); ``--no-gzip`` measures a plain file server instead.

    .venv/bin/python benchmarks/bench_site.py [--runs 3] [--site site] [--no-gzip]
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import statistics
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PAGE = "voici/render/03_converting_doses.html"
BOX = ".an-converter .an-converter-dose input"
RESULT = ".an-converter-result"
TARGETS = {"cold_panel_s": 20.0, "cached_panel_s": 8.0, "cold_mb": 60.0}
# Kernel ready: the Pyodide kernel has started and runs the page's first cell, which asks the
# site for the workbook's wheel.
WORKBOOK_WHEEL = "/pypi/analgesia-"
DOSE = "120 mg/day"


def expected_result(dose: str) -> str:
    """What the converter shows for ``dose`` at the notebook's settings (the case's table and
    cut, NRS 6), computed by the package on CPython."""
    from analgesia import conversion as cv
    from analgesia.units import fmt_dose

    ome = cv.ome("morphine", "oral", dose, table="tang-2025")
    reduced = cv.reduce_for_cross_tolerance(cv.titrate(ome, 6), "tang-2025")
    out = cv.convert(reduced, ("morphine", "oral"), ("hydromorphone", "subcutaneous"),
                     table="tang-2025")
    return "Result: " + fmt_dose(out.range, out.drug, out.route, tall_man=True)


def load_handler(site: Path, gzip_ok: bool):
    spec = importlib.util.spec_from_file_location("site_serve", site / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class Counting(module.Handler):
        sent = 0
        lock = threading.Lock()

        def setup(self):
            super().setup()
            raw = self.wfile
            handler = type(self)

            class Counter:
                def write(self, data):
                    with handler.lock:
                        handler.sent += len(data)
                    return raw.write(data)

                def __getattr__(self, name):
                    return getattr(raw, name)

            self.wfile = Counter()

        def send_head(self):
            if not gzip_ok and "Accept-Encoding" in self.headers:
                del self.headers["Accept-Encoding"]
            return super().send_head()

        def log_message(self, format, *args):
            pass

    return Counting


def one_visit(context, base: str) -> dict:
    page = context.new_page()
    ready: list[float] = []
    start = time.monotonic()

    def on_request(request):
        # the kernel is up and runs the page's first cell, which asks for the workbook
        if WORKBOOK_WHEEL in request.url and not ready:
            ready.append(time.monotonic())

    context.on("request", on_request)
    page.goto(f"{base}/{PAGE}", timeout=120_000)
    box = page.locator(BOX).first
    box.wait_for(state="visible", timeout=300_000)
    box.click()
    box.fill(DOSE)
    box.press("Enter")
    page.wait_for_function(
        "([sel, want]) => { const el = document.querySelector(sel);"
        " return !!el && el.innerText.replace(/\\s+/g, ' ').includes(want); }",
        arg=[RESULT, expected_result(DOSE)], timeout=120_000)
    panel = time.monotonic() - start
    context.remove_listener("request", on_request)
    page.close()
    return {"kernel_s": (ready[0] - start) if ready else float("nan"), "panel_s": panel}


def run_pair(handler, base: str, playwright) -> dict:
    # No request routing here: Playwright turns the browser's HTTP cache off while it routes.
    # Other hosts cannot be reached (ARGS: nothing resolves but 127.0.0.1); requests to them
    # are counted.
    outside: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1280, "height": 720})
        context.on("request", lambda r: None if r.url.startswith((base + "/", "data:", "blob:"))
                   else outside.append(r.url))
        handler.sent = 0
        cold = one_visit(context, base)
        cold_bytes = handler.sent
        handler.sent = 0
        cached = one_visit(context, base)
        cached_bytes = handler.sent
        context.close()
    return {"cold_mb": cold_bytes / 1e6, "cold_kernel_s": cold["kernel_s"],
            "cold_panel_s": cold["panel_s"], "cached_mb": cached_bytes / 1e6,
            "cached_kernel_s": cached["kernel_s"], "cached_panel_s": cached["panel_s"],
            "outside": len(outside)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--no-gzip", action="store_true")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "serve.py").is_file():
        print(f"bench_site: {site} is not built (make site); skipped")
        return 0
    if not Path(CHROMIUM).exists():
        print(f"bench_site: {CHROMIUM} is missing; skipped")
        return 0
    from playwright.sync_api import sync_playwright

    handler = load_handler(site, gzip_ok=not args.no_gzip)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    on_disk = sum(p.stat().st_size for p in site.rglob("*")
                  if p.is_file() and not p.name.endswith(".gz"))
    results = []
    try:
        with sync_playwright() as p:
            for i in range(args.runs):
                results.append(run_pair(handler, base, p))
                r = results[-1]
                print(f"  run {i + 1}: cold {r['cold_mb']:.1f} MB, kernel {r['cold_kernel_s']:.1f}"
                      f" s, panel {r['cold_panel_s']:.1f} s; cached {r['cached_mb']:.1f} MB, "
                      f"panel {r['cached_panel_s']:.1f} s", flush=True)
    finally:
        server.shutdown()

    def med(key: str) -> float:
        return statistics.median(r[key] for r in results)

    rows = [
        ("bytes transferred, cold load", f"{med('cold_mb'):.1f} MB", "<= 60 MB",
         med("cold_mb") <= TARGETS["cold_mb"]),
        ("time to kernel ready, cold", f"{med('cold_kernel_s'):.1f} s", "", None),
        ("time to first interactive panel, cold", f"{med('cold_panel_s'):.1f} s", "<= 20 s",
         med("cold_panel_s") <= TARGETS["cold_panel_s"]),
        ("bytes transferred, cached load", f"{med('cached_mb'):.1f} MB", "", None),
        ("time to kernel ready, cached", f"{med('cached_kernel_s'):.1f} s", "", None),
        ("time to first interactive panel, cached", f"{med('cached_panel_s'):.1f} s", "<= 8 s",
         med("cached_panel_s") <= TARGETS["cached_panel_s"]),
        ("requests outside 127.0.0.1", str(sum(r["outside"] for r in results)), "0",
         sum(r["outside"] for r in results) == 0),
    ]
    print(f"\nsite: {site} ({on_disk / 1e6:.1f} MB on disk), page {PAGE}, "
          f"{'gzip' if not args.no_gzip else 'no compression'}, median of {args.runs}")
    print("| figure | median | target | met |")
    print("|---|---|---|---|")
    for name, value, target, met in rows:
        mark = "" if met is None else ("yes" if met else "NO")
        print(f"| {name} | {value} | {target} | {mark} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
