"""The classroom server's logic, without a browser: the token and join link, the command, the
settings file, the kernel bound, the preheated pools and the full page. The parts of Voila
0.5 the server relies on are pinned here, so that an upgrade that moves them fails a test.
(tests/browser/test_classroom.py runs the server with learners.)"""

from __future__ import annotations

import asyncio
import re
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import classroom  # noqa: E402
import serve_app  # noqa: E402
from jupyter_server.services.kernels.kernelmanager import (  # noqa: E402
    AsyncMappingKernelManager,
)

NOTEBOOKS = ROOT / "notebooks"


# --- token and link ------------------------------------------------------------------------
def test_no_token_on_the_loopback_address():
    assert serve_app.choose_token("127.0.0.1", None) == ""
    assert serve_app.choose_token("::1", None) == ""


def test_a_network_address_gets_a_random_token_unless_one_is_given():
    first = serve_app.choose_token("0.0.0.0", None)
    second = serve_app.choose_token("0.0.0.0", None)
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert first != second
    assert serve_app.choose_token("0.0.0.0", "pca-class-3") == "pca-class-3"
    assert serve_app.choose_token("0.0.0.0", None, no_token=True) == ""


@pytest.mark.parametrize("token", ["abc", "two words", "a&b=c", "x" * 65, "tok/en"])
def test_a_token_that_cannot_go_into_a_link_is_refused_with_the_rule(token):
    with pytest.raises(ValueError, match="6 to 64 letters"):
        serve_app.choose_token("0.0.0.0", token)


def test_the_join_link_carries_the_token():
    assert serve_app.landing_url("10.0.0.5", 8866, "a1b2c3d4e5f6") == (
        "http://10.0.0.5:8866/voila/render/00_start_here.ipynb?token=a1b2c3d4e5f6")
    assert serve_app.landing_url("127.0.0.1", 8866) == (
        "http://127.0.0.1:8866/voila/render/00_start_here.ipynb")
    assert serve_app.landing_url("::1", 9000).startswith("http://[::1]:9000/")
    assert serve_app.landing_url("0.0.0.0", 8866, "t" * 12).startswith(
        f"http://{socket.gethostname()}:8866/")


def test_the_command_runs_the_classroom_server_with_the_settings_file():
    cmd = serve_app.server_command("0.0.0.0", 8870, "a1b2c3d4e5f6",
                                   extra=("--MappingKernelManager.cull_idle_timeout=10",))
    assert cmd[1] == str(ROOT / "scripts" / "classroom.py")
    assert cmd[2] == str(NOTEBOOKS)
    assert "--port=8870" in cmd and "--Voila.ip=0.0.0.0" in cmd and "--no-browser" in cmd
    assert "--Voila.token=a1b2c3d4e5f6" in cmd
    assert f"--config={ROOT / 'scripts' / 'classroom_config.py'}" in cmd
    assert cmd[-1] == "--MappingKernelManager.cull_idle_timeout=10"  # last: it wins
    # on loopback the token is empty: Voila then asks for none
    assert "--Voila.token=" in serve_app.server_command("127.0.0.1", 8870)


def test_main_refuses_a_busy_port_and_a_bad_token_with_a_sentence(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        assert serve_app.main(["--port", str(port)]) == 2
    assert f"Port {port} on 127.0.0.1 is in use" in capsys.readouterr().err
    assert serve_app.main(["--ip", "0.0.0.0", "--token", "a b"]) == 2
    assert "6 to 64 letters" in capsys.readouterr().err
    assert serve_app.main(["--config", str(ROOT / "missing.py")]) == 2
    assert "does not exist" in capsys.readouterr().err


# --- the settings file ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def settings():
    return serve_app.read_settings(serve_app.DEFAULT_CONFIG)


def test_the_settings_hold_a_class_of_40_beside_the_preheated_pages(settings):
    pooled = sum(size for name, size in settings["pools"].items() if name != "default")
    assert settings["max_kernels"] >= 40 + pooled


def test_every_preheated_notebook_exists_and_the_others_get_no_pool(settings):
    pools = settings["pools"]
    assert pools["default"] == 0  # without it every notebook would get a pool of 1
    for name, size in pools.items():
        if name != "default":
            assert (NOTEBOOKS / name).is_file(), name
            assert size >= 1
    # the pages a class opens first and the heaviest ones (issue 12)
    assert {"00_start_here.ipynb", "04_programming_the_pump.ipynb", "06_drug_levels.ipynb",
            "07_rotating_to_fentanyl.ipynb"} <= set(pools)


def test_idle_kernels_are_culled_but_never_an_open_page(settings):
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader(serve_app.DEFAULT_CONFIG.name,
                             path=str(serve_app.DEFAULT_CONFIG.parent)).load_config()
    assert 0 < settings["cull_idle_timeout"] <= 600
    assert 0 < settings["cull_interval"] < settings["cull_idle_timeout"]
    assert cfg.MappingKernelManager.cull_connected is False
    assert settings["manager"] == "classroom.ClassroomKernelManager"
    # nbclient's 4 s dropped figures on a loaded server
    assert cfg.VoilaExecutor.iopub_timeout > 4
    assert cfg.VoilaConfiguration.show_tracebacks is False
    assert cfg.VoilaConfiguration.strip_sources is True


# --- the kernel bound ----------------------------------------------------------------------
class FakeStart:
    """Stands in for jupyter_server's kernel start: registers the kernel, no process."""

    gate: asyncio.Event | None = None


@pytest.fixture()
def km(monkeypatch, tmp_path):
    fake = FakeStart()

    async def start_kernel(self, *, kernel_id=None, **kwargs):
        if fake.gate is not None:
            await fake.gate.wait()
        self._kernels[kernel_id] = object()
        return kernel_id

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start_kernel)
    manager = classroom.ClassroomKernelManager(root_dir=str(tmp_path), max_kernels=2,
                                               room_poll_interval=0.01)
    manager.fake = fake
    return manager


def run_async(coro):
    """asyncio.run in a thread of its own: the browser tests' Playwright (sync API) keeps an
    event loop running in this thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


LEARNER_ENV = {"env": {"VOILA_PREHEAT": "False"}}
POOL_ENV = {"env": {"VOILA_PREHEAT": "True"}}


def done(value):
    fut = asyncio.get_event_loop().create_future()
    fut.set_result(value)
    return fut


def test_a_third_learner_kernel_is_refused_at_a_bound_of_two(km):
    async def go():
        await km.start_kernel(**LEARNER_ENV)
        await km.start_kernel(**LEARNER_ENV)
        with pytest.raises(classroom.ClassFull):
            await km.start_kernel(**LEARNER_ENV)
        assert km.kernel_count() == 2

    run_async(go())


def test_simultaneous_starts_cannot_pass_the_bound_together(km):
    async def go():
        km.fake.gate = asyncio.Event()  # every start is in flight at once
        tasks = [asyncio.ensure_future(km.start_kernel(**LEARNER_ENV)) for _ in range(5)]
        await asyncio.sleep(0)
        km.fake.gate.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert sum(isinstance(r, str) for r in results) == 2
        assert sum(isinstance(r, classroom.ClassFull) for r in results) == 3

    run_async(go())


def test_a_pool_refill_at_the_bound_waits_for_room_instead_of_failing(km):
    async def go():
        first = await km.start_kernel(**LEARNER_ENV)
        await km.start_kernel(**LEARNER_ENV)
        refill = asyncio.ensure_future(km.start_kernel(**POOL_ENV))
        await asyncio.sleep(0.1)
        assert not refill.done()
        del km._kernels[first]  # a learner closes a tab
        kernel = await asyncio.wait_for(refill, 5)
        assert kernel in km._kernels and km.kernel_count() == 2

    run_async(go())


def test_pool_refills_are_prepared_one_at_a_time(km):
    async def go():
        km.max_kernels = 0  # no bound: only the refill limit acts
        render = asyncio.get_running_loop().create_future()  # a notebook still running
        km._pools = {"06.ipynb": [done({"kernel_id": "busy", "task": render})]}
        km._kernels["busy"] = object()
        refill = asyncio.ensure_future(km.start_kernel(**POOL_ENV))
        await asyncio.sleep(0.1)
        assert not refill.done() and km.preparing() == 1
        render.set_result(None)
        await asyncio.wait_for(refill, 5)

    run_async(go())


def test_status_tells_learners_from_preheated_kernels(km):
    async def go():
        km.max_kernels = 10
        learner = await km.start_kernel(**LEARNER_ENV)
        pooled = await km.start_kernel(**POOL_ENV)
        km._pools = {"06.ipynb": [done({"kernel_id": pooled, "task": done(None)})]}
        assert km.status() == {"kernels": 2, "preheated": 1, "rendered": 1, "learners": 1,
                               "max_kernels": 10}
        assert learner in km._kernels

    run_async(go())


def test_a_full_server_still_hands_out_a_waiting_preheated_page(km):
    async def go():
        await km.start_kernel(**LEARNER_ENV)
        pooled = await km.start_kernel(**POOL_ENV)
        scheduled = asyncio.get_running_loop().create_future()  # a refill not started yet
        km._pools = {"06.ipynb": [scheduled, done({"kernel_id": pooled, "task": done(None)})],
                     "07.ipynb": [scheduled]}
        assert km.full()
        assert not km.admits("07.ipynb")  # nothing ready: refuse
        assert not km.pool_ready("06.ipynb")
        km.order_pool("06.ipynb")  # the ready one first: Voila hands out the first
        assert km.pool_ready("06.ipynb") and km.admits("06.ipynb")
        scheduled.cancel()

    run_async(go())


def test_a_preheated_kernel_that_failed_is_never_handed_out(km):
    async def go():
        failed = asyncio.get_running_loop().create_future()
        failed.set_exception(RuntimeError("kernel died"))
        km._pools = {"06.ipynb": [failed]}
        assert km.drop_failed_pool_entries() == 1
        assert km._pools["06.ipynb"] == [] and not km.pool_ready("06.ipynb")

    run_async(go())


def test_the_full_page_speaks_to_the_learner():
    page = classroom.full_page(42)
    assert "<h1>The class server is full</h1>" in page
    assert "already running 42 workbook pages" in page
    assert "Close workbook tabs" in page and "tell your instructor" in page
    assert "Traceback" not in page and "Error" not in page
    assert "Teaching, not prescribing" in page


def test_status_answers_on_loopback_only():
    assert classroom.is_loopback("127.0.0.1") and classroom.is_loopback("::1")
    assert not classroom.is_loopback("192.168.1.20")


# --- what the server relies on in Voila 0.5 -----------------------------------------------
def test_voila_still_has_the_hooks_the_classroom_server_uses():
    from voila.handler import VoilaHandler
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    assert hasattr(VoilaHandler, "should_use_rendered_notebook")
    pooled = voila_kernel_manager_factory(classroom.ClassroomKernelManager, True, 0)
    assert issubclass(pooled, classroom.ClassroomKernelManager)
    for trait in ("kernel_pools_config", "fill_delay", "preheat_denylist"):
        assert pooled.class_traits().get(trait) is not None, trait
    assert pooled.__name__ == "VoilaKernelManager"  # the config section in the settings


def test_voilas_page_sends_the_xsrf_cookie_when_its_tab_closes():
    """The close beacon posts the `_xsrf` cookie's value: the server must set that cookie."""
    import voila

    share = Path(voila.__file__).resolve().parents[4] / "share" / "jupyter" / "voila"
    bundles = list(share.glob("labextensions/@voila-dashboards/widgets-manager*/static/*.js"))
    sources = [b.read_text(errors="replace") for b in bundles]
    beacon = [s for s in sources if "voila/api/shutdown/" in s and "sendBeacon" in s]
    assert beacon, "Voila's close beacon moved: check scripts/classroom.py"
    assert all('append("_xsrf"' in s for s in beacon)


def test_a_page_request_learns_its_kernel_and_marks_it_active_when_sent(km):
    """Culling counts idleness from the page being sent, not from when a preheated kernel
    finished its notebook: else a kernel handed out after a long wait in its pool could be
    culled before the learner's browser connects to it."""
    import datetime
    from types import SimpleNamespace

    async def go():
        km.max_kernels = 10
        mine: list[str] = []
        token = classroom.REQUEST_KERNELS.set(mine)
        try:
            learner = await km.start_kernel(**LEARNER_ENV)
            await km.start_kernel(**POOL_ENV)  # a refill started in the same request
        finally:
            classroom.REQUEST_KERNELS.reset(token)
        assert mine == [learner]
        long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        km._kernels[learner] = SimpleNamespace(last_activity=long_ago)
        km.touch(learner)
        age = datetime.datetime.now(datetime.UTC) - km._kernels[learner].last_activity
        assert age < datetime.timedelta(minutes=1)
        km.touch("no-such-kernel")  # a kernel already gone: nothing to do

    run_async(go())


def test_one_person_on_this_computer_gets_a_light_server_with_the_classroom_rules():
    classroom = serve_app.read_settings(serve_app.SCRIPTS / "classroom_config.py")
    solo = serve_app.read_settings(serve_app.SCRIPTS / "solo_config.py")
    # 50 preheated kernels at about 0.2 GB each is a classroom's server, not a laptop's
    assert sum(classroom["pools"].values()) == 8 + 14 + 14 + 14
    assert solo["pools"] == {"default": 0, "00_start_here.ipynb": 1}
    assert solo["max_kernels"] < classroom["max_kernels"]
    # everything else (culling, the kernel manager) is the classroom's own
    assert solo["cull_idle_timeout"] == classroom["cull_idle_timeout"] > 0
    assert solo["manager"] == classroom["manager"]
