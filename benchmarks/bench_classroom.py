"""A class opens the workbook at once: N learners open the heaviest pages within a few seconds
of each other on one classroom server, change one value each and close their tabs.

    python benchmarks/bench_classroom.py                  # 40 learners (issue 12's class)
    python benchmarks/bench_classroom.py --learners 8     # a short run
    python benchmarks/bench_classroom.py --learners 8 --after-close 30

The server is the one `make app` runs (scripts/serve_app.py, settings from
scripts/classroom_config.py unless --config), on 127.0.0.1 and a free port; the learners are
pages of Debian's Chromium driven by Playwright, each in its own browser context (its own
cookies, like its own laptop). The run waits until the preheated pages are ready, as an
instructor starts the server before class.

Reports, as a table: pages rendered with their figures / N; time to interactive (from asking
for the page to its panel's input and every figure drawn), median and p95; the panel's
response to the changed value; pages served from a preheated kernel; server and kernel memory
at peak; learners' kernels left --after-close seconds (default 120) after the tabs closed.
Targets (issue 12): N/N rendered, p95 <= 30 s, median <= 10 s, 0 kernels left. Bounded:
at most 60 learners, each page given --page-timeout seconds, the whole run --deadline seconds;
everything it starts it stops. No assertions: it reports (tests/browser/test_classroom.py
checks a short run).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))

from _app import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, free_port  # noqa: E402
from serve_app import DEFAULT_CONFIG, read_settings, server_command  # noqa: E402

MAX_LEARNERS = 60
TARGETS = {"median_s": 10.0, "p95_s": 30.0}


@dataclass(frozen=True)
class PageSpec:
    """A page a learner opens: the text box it changes, the element that shows the result,
    and the panel figures that must be drawn (static figures are counted from the notebook)."""

    notebook: str
    box: str
    values: tuple[str, str]
    result: str
    panel_figures: tuple[str, ...]


# The heaviest pages (issue 12, idle: 07 6.1 s, 06 3.4 s, 04 1.6 s to execute).
PAGES = (
    PageSpec("06_drug_levels.ipynb", "an-levels-duration", ("48 h", "24 h"),
             ".an-levels-summary", (".an-levels-figure",)),
    PageSpec("07_rotating_to_fentanyl.ipynb", "an-rotation-dose", ("12 mg/day", "20 mg/day"),
             ".an-rotation-result", (".an-rotation-figure-box",)),
    PageSpec("04_programming_the_pump.ipynb", "an-pump-bolus", ("0.8 mg", "0.5 mg"),
             ".an-pump-display", ()),
)

# True when the panel's input is visible and the page shows at least `count` plotly figures,
# each with a drawn trace, including one inside every panel figure hook.
READY_JS = """([box, hooks, count]) => {
  const input = document.querySelector('.' + box + ' input');
  if (!input || input.offsetParent === null) return false;
  const drawn = el => !!(el && el.querySelector('.main-svg') && el.querySelector('.trace'));
  if (!hooks.every(h => drawn(document.querySelector(h)))) return false;
  const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(drawn);
  return plots.length >= count;
}"""

STATE_JS = """(box) => ({
  input: !!document.querySelector('.' + box + ' input'),
  plots: document.querySelectorAll('.js-plotly-plot').length,
  drawn: [...document.querySelectorAll('.js-plotly-plot')].filter(
    el => el.querySelector('.main-svg') && el.querySelector('.trace')).length,
  text: document.body ? document.body.innerText.slice(0, 80) : ''})"""

CHANGED_JS = """([sel, before]) => {
  const el = document.querySelector(sel);
  return !!el && el.innerText.trim() !== '' && el.innerText !== before;
}"""


def static_figures(notebook: str) -> int:
    """Plotly figures saved in the notebook's outputs (each is drawn on the page)."""
    nb = json.loads((ROOT / "notebooks" / notebook).read_text())
    return sum("application/vnd.plotly.v1+json" in out.get("data", {})
               for cell in nb["cells"] for out in cell.get("outputs", []))


@dataclass
class Learner:
    index: int
    page: PageSpec
    start_at: float
    rendered: bool = False
    tti: float | None = None
    html: float | None = None
    changed: bool = False
    response: float | None = None
    error: str = ""
    beacon: bool = True


@dataclass
class Peak:
    server_rss: int = 0
    kernels_rss: int = 0
    kernels_pss: int = 0
    total_rss: int = 0
    kernels: int = 0
    samples: int = 0
    per_kernel_rss: list[int] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --- the server ----------------------------------------------------------------------------
@dataclass
class Server:
    base: str
    proc: subprocess.Popen
    log: Path

    def status(self) -> dict:
        with urllib.request.urlopen(self.base + "/classroom/status", timeout=10) as r:
            return json.load(r)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def classroom_server(config: Path = DEFAULT_CONFIG, extra: tuple[str, ...] = (),
                     timeout: float = 90) -> Iterator[Server]:
    """The classroom server on 127.0.0.1 and a free port, no token; stopped afterwards."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with log.open("w") as handle:
            proc = subprocess.Popen(server_command("127.0.0.1", port, "", config, extra=extra),
                                    cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
            server = Server(f"http://127.0.0.1:{port}", proc, log)
            try:
                deadline = time.monotonic() + timeout
                while True:
                    if proc.poll() is not None:
                        raise RuntimeError(f"server exited early: {server.log_text()[-2000:]}")
                    try:
                        server.status()
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            raise RuntimeError("server did not start") from None
                        time.sleep(0.3)
                yield server
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


def say(line: str) -> None:
    print(f"[bench_classroom] {line}", file=sys.stderr, flush=True)


def wait_until(check, timeout: float, interval: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


def wait_for_pools(server: Server, expected: int, timeout: float) -> float:
    """Seconds until every preheated kernel is ready (the server's warm-up before class)."""
    t0 = time.monotonic()
    wait_until(lambda: server.status()["rendered"] >= expected, timeout)
    return time.monotonic() - t0


class MemorySampler:
    """Server and kernel memory every `interval` s from /proc (psutil), peak kept."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        import psutil

        self.psutil = psutil
        self.server = psutil.Process(pid)
        self.interval = interval
        self.peak = Peak()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def kernels(self) -> list:
        out = []
        for child in self.server.children(recursive=True):
            with contextlib.suppress(self.psutil.Error):
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    out.append(child)
        return out

    def sample(self) -> None:
        p = self.peak
        with contextlib.suppress(self.psutil.Error):
            server_rss = self.server.memory_info().rss
            rss, pss, per = 0, 0, []
            kernels = self.kernels()
            for k in kernels:
                with contextlib.suppress(self.psutil.Error):
                    info = k.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                    per.append(info.rss)
            p.server_rss = max(p.server_rss, server_rss)
            if pss > p.kernels_pss:
                p.kernels_pss, p.per_kernel_rss = pss, per
            p.kernels_rss = max(p.kernels_rss, rss)
            p.total_rss = max(p.total_rss, server_rss + rss)
            p.kernels = max(p.kernels, len(kernels))
            p.samples += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


# --- the learners --------------------------------------------------------------------------
async def learner(browser, base: str, who: Learner, counts: dict[str, int],
                  page_timeout: float, open_pages: list, shared=None) -> None:
    await asyncio.sleep(who.start_at)
    spec = who.page
    context = shared or await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    open_pages.append((context, page, who))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)[:120]))
    page.on("console", lambda msg: errors.append("console: " + msg.text[:120])
            if msg.type == "error" else None)
    t0 = time.monotonic()
    try:
        response = await page.goto(f"{base}/voila/render/{spec.notebook}",
                                   wait_until="commit", timeout=page_timeout * 1000)
        if response is not None:
            await asyncio.wait_for(response.finished(), timeout=page_timeout)
            who.html = time.monotonic() - t0
        await page.wait_for_function(READY_JS, arg=[spec.box, list(spec.panel_figures),
                                                    counts[spec.notebook]],
                                     timeout=max(1.0, page_timeout - (time.monotonic() - t0))
                                     * 1000, polling=250)
        who.tti = time.monotonic() - t0
        who.rendered = True
        box = page.locator(f".{spec.box} input")
        value = spec.values[0] if await box.input_value() != spec.values[0] else spec.values[1]
        before = await page.inner_text(spec.result)
        t1 = time.monotonic()
        await box.fill(value)
        await box.press("Enter")
        await page.wait_for_function(CHANGED_JS, arg=[spec.result, before], timeout=60_000,
                                     polling=100)
        who.response = time.monotonic() - t1
        who.changed = True
    except Exception as exc:  # a page that did not render is counted, not fatal
        who.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        with contextlib.suppress(Exception):
            who.error += " | page: " + json.dumps(await page.evaluate(STATE_JS, spec.box))
        if errors:
            who.error += f" | page errors: {errors[-3:]}"


async def close_all(open_pages: list) -> None:
    """Close every tab as a learner does; with beacon, the page's beforeunload handler runs and
    asks the server to end its kernel (without, the tab just vanishes: culling's job)."""
    for _context, page, who in open_pages:
        with contextlib.suppress(Exception):
            await page.close(run_before_unload=who.beacon)
    await asyncio.sleep(3)  # let the beacons leave before the contexts go
    for context in {id(c): c for c, _page, _who in open_pages}.values():
        with contextlib.suppress(Exception):
            await context.close()


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server's process tree and by the rest of this process's
    tree (Playwright's driver and Chromium: the learners' browsers)."""
    import psutil

    def total(procs) -> float:
        t = 0.0
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                c = proc.cpu_times()
                t += c.user + c.system
        return t

    server = psutil.Process(pid)
    server_tree = [server, *server.children(recursive=True)]
    ids = {p.pid for p in server_tree}
    others = [p for p in psutil.Process().children(recursive=True) if p.pid not in ids]
    return total(server_tree), total(others)


async def run_learners(base: str, learners: list[Learner], page_timeout: float,
                       cpu: list | None = None, server_pid: int | None = None,
                       shared_cache: bool = False) -> None:
    from playwright.async_api import async_playwright

    counts = {spec.notebook: static_figures(spec.notebook) + len(spec.panel_figures)
              for spec in {who.page for who in learners}}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                          args=CHROMIUM_ARGS)
        open_pages: list = []
        shared = await browser.new_context(viewport=VIEWPORT) if shared_cache else None
        if cpu is not None and server_pid:
            cpu.append(cpu_seconds(server_pid))
        try:
            await asyncio.gather(*(learner(browser, base, who, counts, page_timeout, open_pages,
                                           shared) for who in learners))
            if cpu is not None and server_pid:
                cpu.append(cpu_seconds(server_pid))
            await close_all(open_pages)
        finally:
            await browser.close()


def make_learners(n: int, pages: tuple[PageSpec, ...], spread: float,
                  beacon_every: int = 1) -> list[Learner]:
    """Learner i opens pages[i % len(pages)], starting evenly within `spread` seconds; every
    `beacon_every`-th closes its tab normally (beforeunload), the others' tabs just vanish."""
    step = spread / max(1, n - 1)
    return [Learner(i, pages[i % len(pages)], i * step, beacon=(i % beacon_every == 0))
            for i in range(n)]


# --- one run -------------------------------------------------------------------------------
@dataclass
class Result:
    learners: list[Learner]
    peak: Peak
    warmup_s: float
    preheated_expected: int
    served_preheated: int
    left_learners: int
    left_kernels: int
    left_after_s: float
    log: str
    cpu_server_s: float = 0.0
    cpu_browsers_s: float = 0.0
    burst_s: float = 0.0


def run(n: int = 40, pages: tuple[PageSpec, ...] = PAGES, spread: float = 3.0,
        after_close: float = 120.0, page_timeout: float = 300.0, config: Path = DEFAULT_CONFIG,
        extra: tuple[str, ...] = (), beacon_every: int = 1,
        left_check=None, deadline: float = 1800.0, shared_cache: bool = False) -> Result:
    """Start the server, wait for its preheated pages, run the learners, wait `after_close`
    seconds (or until `left_check(status)` holds, when given) and count what is left."""
    if not 1 <= n <= MAX_LEARNERS:
        raise ValueError(f"learners must be 1 to {MAX_LEARNERS}, got {n}")
    settings = read_settings(config)
    expected = sum(size for name, size in settings["pools"].items() if name != "default")
    with classroom_server(config, extra) as server:
        say(f"server up; waiting for its {expected} preheated pages")
        warmup = wait_for_pools(server, expected, timeout=900)
        say(f"ready after {warmup:.0f} s; {n} learners arrive within {spread:g} s")
        learners = make_learners(n, pages, spread, beacon_every)
        with MemorySampler(server.proc.pid) as sampler:
            cpu: list = []
            t_burst = time.monotonic()
            asyncio.run(asyncio.wait_for(
                run_learners(server.base, learners, page_timeout, cpu, server.proc.pid,
                             shared_cache),
                timeout=deadline))
            burst_s = time.monotonic() - t_burst
            say(f"tabs closed after {burst_s:.0f} s; counting kernels left within "
                f"{after_close:g} s")
            closed = time.monotonic()
            if left_check is None:
                time.sleep(after_close)
            else:
                wait_until(lambda: left_check(server.status()), after_close)
            status = server.status()
            left_after = time.monotonic() - closed
        log = server.log_text()
    return Result(learners, sampler.peak, warmup, expected,
                  len(re.findall(r"Using pre-heated kernel", log)), status["learners"],
                  status["kernels"], left_after, log,
                  cpu[-1][0] - cpu[0][0] if len(cpu) == 2 else 0.0,
                  cpu[-1][1] - cpu[0][1] if len(cpu) == 2 else 0.0, burst_s)


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def table(res: Result, n: int) -> str:
    rendered = [w for w in res.learners if w.rendered]
    ttis = [w.tti for w in rendered if w.tti is not None]
    responses = [w.response for w in rendered if w.response is not None]
    htmls = [w.html for w in rendered if w.html is not None]
    med = statistics.median(ttis) if ttis else float("nan")
    p95 = percentile(ttis, 0.95) if ttis else float("nan")
    per = res.peak.per_kernel_rss
    rows = [
        ("pages rendered with their figures", f"{len(rendered)} / {n}",
         f"{n} / {n}", len(rendered) == n),
        ("time to interactive, median", f"{med:.1f} s", f"<= {TARGETS['median_s']:g} s",
         med <= TARGETS["median_s"]),
        ("time to interactive, p95", f"{p95:.1f} s", f"<= {TARGETS['p95_s']:g} s",
         p95 <= TARGETS["p95_s"]),
        ("time to interactive, max", f"{max(ttis):.1f} s" if ttis else "-", "", None),
        ("of which the server's page (HTML complete), median / p95",
         f"{statistics.median(htmls):.1f} / {percentile(htmls, 0.95):.1f} s" if htmls else "-",
         "", None),
        ("value changed and shown", f"{sum(w.changed for w in res.learners)} / {n}", "", None),
        ("panel response, median / max",
         f"{statistics.median(responses):.2f} / {max(responses):.2f} s" if responses else "-",
         "", None),
        ("pages served from a preheated kernel", f"{res.served_preheated} / {n}", "", None),
        ("kernels at peak (learners + preheated)", f"{res.peak.kernels}", "", None),
        ("server memory at peak (RSS)", mib(res.peak.server_rss), "", None),
        ("kernel memory at peak, total PSS", mib(res.peak.kernels_pss), "", None),
        ("kernel memory at peak, total RSS", mib(res.peak.kernels_rss), "", None),
        ("one kernel at peak, RSS median / max",
         f"{mib(int(statistics.median(per)))} / {mib(max(per))}" if per else "-", "", None),
        ("server + kernels at peak (RSS)", mib(res.peak.total_rss), "", None),
        (f"learners' kernels left {res.left_after_s:.0f} s after close",
         f"{res.left_learners}", "0", res.left_learners == 0),
        ("kernels running then (preheated pool)", f"{res.left_kernels}", "", None),
        ("CPU used during the burst: server + kernels / browsers",
         f"{res.cpu_server_s:.0f} / {res.cpu_browsers_s:.0f} s in {res.burst_s:.0f} s", "",
         None),
        ("server warm-up (preheated pages ready)",
         f"{res.warmup_s:.0f} s for {res.preheated_expected}", "", None),
    ]
    out = [f"Classroom burst: {n} learners, pages "
           + ", ".join(sorted({w.page.notebook.split('_')[0] for w in res.learners})), "",
           "| measure | value | target | met |", "| --- | ---: | ---: | --- |"]
    for name, value, target, met in rows:
        out.append(f"| {name} | {value} | {target} | "
                   f"{'' if met is None else ('yes' if met else 'NO')} |")
    by_page: dict[str, list[Learner]] = {}
    for w in res.learners:
        by_page.setdefault(w.page.notebook, []).append(w)
    out += ["", "| page | rendered | TTI median | TTI max |", "| --- | ---: | ---: | ---: |"]
    for name, ws in sorted(by_page.items()):
        t = [w.tti for w in ws if w.tti is not None]
        out.append(f"| {name} | {len(t)} / {len(ws)} | "
                   f"{statistics.median(t):.1f} s | {max(t):.1f} s |" if t else
                   f"| {name} | 0 / {len(ws)} | - | - |")
    errors = [f"learner {w.index} ({w.page.notebook}): {w.error}"
              for w in res.learners if w.error]
    if errors:
        out += ["", "Pages that failed:", *errors[:20]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--learners", "-n", type=int, default=40,
                   help=f"learners opening a page at once (1-{MAX_LEARNERS}, default 40)")
    p.add_argument("--spread", type=float, default=3.0,
                   help="seconds over which the learners arrive (default 3)")
    p.add_argument("--after-close", type=float, default=120.0,
                   help="seconds to wait after the tabs close before counting kernels left")
    p.add_argument("--page-timeout", type=float, default=300.0,
                   help="seconds a page may take to render before it counts as not rendered")
    p.add_argument("--pages", default="06,07,04",
                   help="notebook numbers the learners open, round robin (default 06,07,04)")
    p.add_argument("--shared-cache", action="store_true",
                   help="all learners in one browser context (one cache): the browsers on this "
                        "machine then cost less CPU; default: one context per learner")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="server settings file")
    p.add_argument("--deadline", type=float, default=1200.0,
                   help="stop the learners after this many seconds (default 1200)")
    args = p.parse_args(argv)
    if not 1 <= args.learners <= MAX_LEARNERS:
        p.error(f"--learners must be 1 to {MAX_LEARNERS}")
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (install Debian's chromium package)", file=sys.stderr)
        return 2
    wanted = [s.strip() for s in args.pages.split(",") if s.strip()]
    pages = tuple(spec for w in wanted for spec in PAGES if spec.notebook.startswith(w))
    if not pages:
        p.error(f"--pages: none of {wanted} is one of "
                + ", ".join(s.notebook for s in PAGES))
    try:
        res = run(args.learners, pages, args.spread, args.after_close, args.page_timeout,
                  args.config.resolve(), deadline=args.deadline,
                  shared_cache=args.shared_cache)
    except TimeoutError:
        print(f"stopped: the learners passed the deadline of {args.deadline:g} s",
              file=sys.stderr)
        return 3
    print(table(res, args.learners))
    return 0


if __name__ == "__main__":
    sys.exit(main())
