"""A short class on the classroom server (scripts/classroom.py with scripts/classroom_config.py):
eight learners open the heaviest pages together, change a value and leave; every page renders
with its figures and no learner's kernel is left behind. Half the learners close their tab
(Voila's close beacon must end the kernel: before the fix it was refused with 403), half just
vanish (idle culling must end those). A server at its kernel bound shows a page a learner can
read. Speed is measured by benchmarks/bench_classroom.py, not asserted here.
"""

from __future__ import annotations

import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_classroom as bench  # noqa: E402

LEARNERS = 8
CULL_S = 60  # short, for the test server only (the class default is 300 s); longer than
# a page takes on a busy machine to connect to its kernel after it arrived
CULL_EVERY_S = 5
# Pools smaller than the class, so that some pages are preheated and some start a kernel.
TEST_CONFIG = """c = get_config()
load_subconfig({main!r})
c.VoilaKernelManager.kernel_pools_config = {{
    "default": {{"pool_size": 0}},
    "04_programming_the_pump.ipynb": {{"pool_size": 1}},
    "06_drug_levels.ipynb": {{"pool_size": 2}},
    "07_rotating_to_fentanyl.ipynb": {{"pool_size": 2}},
}}
c.VoilaKernelManager.fill_delay = 1
{extra}
"""


def write_config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "test_classroom_config.py"
    path.write_text(TEST_CONFIG.format(main=str(bench.DEFAULT_CONFIG), extra=extra))
    return path


def in_thread(fn, *args, **kwargs):
    """Run the asyncio benchmark away from this thread's Playwright (sync API) loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


@pytest.fixture(scope="module")
def short_class(chromium, tmp_path_factory):
    pytest.importorskip("playwright.async_api")
    pytest.importorskip("psutil")
    config = write_config(tmp_path_factory.mktemp("classroom"))
    extra = (f"--MappingKernelManager.cull_idle_timeout={CULL_S}",
             f"--MappingKernelManager.cull_interval={CULL_EVERY_S}")
    window = CULL_S + 3 * CULL_EVERY_S + 60  # the cull window, with room for a busy machine
    return in_thread(bench.run, LEARNERS, bench.PAGES, spread=2.0, after_close=window,
                     page_timeout=240.0, config=config, extra=extra, beacon_every=2,
                     left_check=lambda status: status["learners"] == 0)


def test_every_learner_gets_the_page_with_its_figures(short_class):
    failed = [f"{w.page.notebook}: {w.error}" for w in short_class.learners if not w.rendered]
    assert failed == []
    assert sum(w.rendered for w in short_class.learners) == LEARNERS
    # each learner's change reached the kernel and came back to the page
    assert sum(w.changed for w in short_class.learners) == LEARNERS


def test_no_learner_kernel_is_left_after_the_cull_window(short_class):
    assert short_class.left_learners == 0


def test_closing_a_tab_ends_its_kernel_and_culling_ends_the_vanished_ones(short_class):
    log = short_class.log
    assert not re.search(r"403 POST /voila/api/shutdown", log), "close beacon refused"
    vanished = sum(not w.beacon for w in short_class.learners)
    culled = len(re.findall(r"Culling '\w+' kernel", log))
    # only the tabs that vanished were culled: the closed ones had ended already
    assert culled == vanished == LEARNERS // 2


def test_some_pages_came_from_preheated_kernels(short_class):
    assert 1 <= short_class.served_preheated <= LEARNERS


def test_a_full_server_shows_a_page_a_learner_can_read(browser, tmp_path):
    """Bound 2, no pools: two pages open, the third gets the full page; once a tab closes,
    reloading opens it."""
    config = write_config(tmp_path, "c.VoilaKernelManager.kernel_pools_config = "
                                    "{'default': {'pool_size': 0}}\n"
                                    "c.ClassroomKernelManager.max_kernels = 2")
    name = "00_start_here.ipynb"
    with bench.classroom_server(config) as server:
        pages = [browser.new_page() for _ in range(3)]
        try:
            for page in pages[:2]:
                page.goto(f"{server.base}/voila/render/{name}", timeout=120_000)
                page.wait_for_selector("text=Teaching, not prescribing", timeout=120_000)
            response = pages[2].goto(f"{server.base}/voila/render/{name}", timeout=60_000)
            assert response.status == 503
            assert pages[2].inner_text("h1") == "The class server is full"
            body = pages[2].inner_text("body")
            assert "Close workbook tabs" in body and "Traceback" not in body
            assert server.status()["kernels"] == 2
            pages[0].close(run_before_unload=True)  # the learner closes one tab
            assert bench.wait_until(lambda: server.status()["kernels"] == 1, 60)
            pages[2].reload(timeout=120_000)
            pages[2].wait_for_selector("text=Teaching, not prescribing", timeout=120_000)
            assert server.status()["kernels"] == 2
        finally:
            for page in pages:
                if not page.is_closed():
                    page.close()
            time.sleep(0.5)
