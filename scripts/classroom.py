"""The classroom server: Voila on the notebooks folder, with a bound on kernels, a readable page
when the bound is reached, a working close-tab shutdown, and a status endpoint on loopback.

Run through ``scripts/serve_app.py`` (``make app``); every setting lives in
``scripts/classroom_config.py``. Written against Voila 0.5 and jupyter_server 2
(tests/test_serve_app.py pins the parts of Voila this relies on).

- ``ClassroomKernelManager``: Voila's kernel manager (preheated pools are added on top of it
  by Voila) that never runs more than ``max_kernels`` kernels. A learner's page that would
  start one more kernel is refused with ``ClassFull``; refilling a preheated pool at the bound
  waits until a kernel ends instead of failing.
- ``ClassroomVoilaHandler``: the page handler. It sets the ``_xsrf`` cookie that Voila's
  close-tab beacon (``POST /voila/api/shutdown/<kernel>``) sends back, so closing a tab ends its
  kernel, and it turns ``ClassFull`` into a 503 page a learner can read.
- ``/classroom/status``: kernel counts as JSON, answered on the loopback address only.
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import ipaddress
import json
import sys
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Integer, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.utils import ENV_VARIABLE

HERE = Path(__file__).resolve().parent
DEFAULT_CONFIG = HERE / "classroom_config.py"
STATUS_PATH = "/classroom/status"
RETRY_AFTER_S = 60
# The page query that chooses the language (analgesia.words reads it from QUERY_STRING).
LANGUAGE_ARGUMENT = "lang"

# What a learner reads when the server is full (one place, so it can be translated).
TEXT = {
    "full_title": "The class server is full",
    "full_body": (
        "This computer is already running {running} workbook pages, as many as it is set up "
        "to hold for this class. Close workbook tabs you no longer use (each open page keeps "
        "one running), wait a minute, then reload this page. If it stays full, tell your "
        "instructor."
    ),
    "full_note": "Teaching, not prescribing: this workbook explains one published case.",
    "reload": "Reload this page",
}
# The same page for a learner of the Chinese edition (a page under zh-CN/, or ?lang=zh-CN).
TEXT_ZH = {
    "full_title": "课堂服务器已满",
    "full_body": (
        "这台计算机已在运行 {running} 个工作手册页面，已达到本课堂设定的上限。请关闭不再使用的"
        "工作手册标签页（每个打开的页面都占用一个运行进程），等一分钟后重新载入本页。如果仍然已满，"
        "请告诉老师。"
    ),
    "full_note": "仅供教学，不作处方：本工作手册讲解一个已发表的病例。",
    "reload": "重新载入本页",
}
EDITIONS = {"zh-CN": TEXT_ZH}

FULL_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;
line-height:1.5;color:#222}}h1{{font-size:1.6em}}p.note{{color:#555;font-size:.9em}}</style>
</head><body><h1>{title}</h1><p>{body}</p>
<p><a href="">{reload}</a></p><p class="note">{note}</p></body></html>
"""


class ClassFull(Exception):
    """No room for one more learner's kernel."""


# The kernels a page request starts for its learner (set by the handler, filled by the
# kernel manager in the same request): the handler marks them active once the page is sent.
REQUEST_KERNELS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "classroom_request_kernels", default=None)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def full_page(running: int, edition: str = "") -> str:
    """The page a learner reads when the server is full, in the edition's language."""
    text = EDITIONS.get(edition, TEXT)
    return FULL_PAGE.format(lang=edition or "en", title=html.escape(text["full_title"]),
                            body=html.escape(text["full_body"].format(running=running)),
                            note=html.escape(text["full_note"]),
                            reload=html.escape(text["reload"]))


def edition_of(notebook: str, lang: str | None = None) -> str:
    """The edition a page belongs to: its folder (zh-CN/03_x.ipynb) or its ?lang= query."""
    for edition in EDITIONS:
        if notebook.startswith(f"{edition}/") or (lang or "").replace("_", "-") == edition:
            return edition
    return ""


class ClassroomKernelManager(AsyncMappingKernelManager):
    """A kernel manager with a bound on the number of kernels (pool kernels included)."""

    max_kernels = Integer(
        0, config=True,
        help="Most kernels this server runs at once, preheated ones included; 0: no bound.")
    pool_fill_concurrency = Integer(
        1, config=True,
        help="Preheated kernels prepared (started and their notebook run) at the same time; "
             "the others wait, so that refilling the pools leaves the cores to the learners.")
    room_poll_interval = Float(
        1.0, config=True,
        help="Seconds between checks for room when a preheated pool waits at the bound.")

    def __init__(self, **kwargs: Any) -> None:
        self._classroom_starting: dict[str, bool] = {}  # kernel id -> started for a pool
        super().__init__(**kwargs)

    # counting ----------------------------------------------------------------------------
    def kernel_count(self) -> int:
        """Kernels running or starting."""
        return len(set(self._kernels) | set(self._classroom_starting))

    def full(self) -> bool:
        return self.max_kernels > 0 and self.kernel_count() >= self.max_kernels

    def _pool_tasks(self) -> list[asyncio.Future]:
        return [task for pool in getattr(self, "_pools", {}).values() for task in pool]

    @staticmethod
    def _ready(task: asyncio.Future) -> bool:
        return task.done() and not task.cancelled() and task.exception() is None

    def pool_ready(self, notebook: str) -> bool:
        """Whether the next preheated kernel for ``notebook`` has started and is waiting (its
        notebook may still be running: the learner then gets the rest as it comes)."""
        pool = getattr(self, "_pools", {}).get(notebook) or []
        return bool(pool) and self._ready(pool[0])

    def drop_failed_pool_entries(self) -> int:
        """Forget preheated kernels that failed to start, so no learner is handed one."""
        dropped = 0
        for name, pool in getattr(self, "_pools", {}).items():
            keep = [t for t in pool if not t.done() or self._ready(t)]
            if len(keep) != len(pool):
                dropped += len(pool) - len(keep)
                self.log.warning("Dropped %d failed preheated kernel(s) for %s",
                                 len(pool) - len(keep), name)
                pool[:] = keep
        return dropped

    def order_pool(self, notebook: str) -> None:
        """Put the readiest preheated kernel first (rendered, then started): Voila hands out
        the first one, even when a later one is ready."""
        pool = getattr(self, "_pools", {}).get(notebook)
        if pool:
            pool.sort(key=lambda t: (not self._ready(t), not self._rendered(t)))

    def _rendered(self, task: asyncio.Future) -> bool:
        return self._ready(task) and task.result()["task"].done()

    def preparing(self) -> int:
        """Preheated kernels starting or running their notebook (not yet ready)."""
        starting = sum(1 for for_pool in self._classroom_starting.values() if for_pool)
        rendering = sum(1 for t in self._pool_tasks()
                        if self._ready(t) and not t.result()["task"].done())
        return starting + rendering

    def pool_head_kernel(self, notebook: str) -> str | None:
        """The kernel Voila hands out next for ``notebook``, if it has started."""
        if not self.pool_ready(notebook):
            return None
        return self._pools[notebook][0].result()["kernel_id"]

    def touch(self, kernel_id: str) -> None:
        """Count now as the kernel's last activity. A preheated kernel has been idle since its
        notebook ran, and has no page connected until the learner's browser has loaded the
        page (tens of seconds on a busy machine): without this, culling could end it in
        that gap, and the learner's page would never come alive."""
        kernel = self._kernels.get(kernel_id)
        if kernel is not None:
            kernel.last_activity = utcnow()

    def admits(self, notebook: str) -> bool:
        """Whether a learner's request for ``notebook`` may go ahead: there is room for one more
        kernel, or a preheated one is waiting (taking it adds no kernel)."""
        return not self.full() or self.pool_ready(notebook)

    def status(self) -> dict[str, int]:
        """kernels: running or starting; preheated: of those, waiting in a pool (rendered:
        their page is ready); learners: the others, one per open page."""
        live = set(self._kernels) | set(self._classroom_starting)
        done = [t.result() for t in self._pool_tasks() if self._ready(t)]
        pooled = {r["kernel_id"] for r in done}
        pooled |= {k for k, for_pool in self._classroom_starting.items() if for_pool}
        pooled &= live
        rendered = sum(1 for t in self._pool_tasks()
                       if self._rendered(t) and t.result()["kernel_id"] in live)
        return {"kernels": len(live), "preheated": len(pooled), "rendered": rendered,
                "learners": len(live) - len(pooled), "max_kernels": self.max_kernels}

    # starting ----------------------------------------------------------------------------
    async def start_kernel(self, *, kernel_id: str | None = None, **kwargs: Any) -> str:
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        kernel_id = kernel_id or self.new_kernel_id()
        for_pool = (kwargs.get("env") or {}).get(ENV_VARIABLE.VOILA_PREHEAT) == "True"
        if for_pool:
            while self.full() or (0 < self.pool_fill_concurrency <= self.preparing()):
                await asyncio.sleep(self.room_poll_interval)
        elif self.full():
            self.log.warning("Refused a page: %d of %d kernels running",
                             self.kernel_count(), self.max_kernels)
            raise ClassFull(self.kernel_count())
        self._classroom_starting[kernel_id] = for_pool
        try:
            kernel_id = await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            self._classroom_starting.pop(kernel_id, None)
        request_kernels = REQUEST_KERNELS.get()
        if request_kernels is not None and not for_pool:
            request_kernels.append(kernel_id)
        return kernel_id


class ClassroomVoilaHandler(TornadoVoilaHandler):
    """Voila's page handler, plus the close-tab cookie and the full page."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        # Voila's page posts this cookie's value when its tab closes (a navigator.sendBeacon to
        # /voila/api/shutdown/<kernel>); without the cookie the request is refused with 403.
        self.xsrf_token  # noqa: B018 (reading it sets the cookie)
        km = self.kernel_manager
        notebook = self.notebook_path or path or ""
        self._notebook = notebook  # the full page speaks its edition's language
        guarded = notebook.endswith(".ipynb") and hasattr(km, "admits")
        self._pool_head_ready = False
        kernels: list[str] = []
        if guarded:
            km.drop_failed_pool_entries()
            km.order_pool(notebook)
            self._pool_head_ready = km.pool_ready(notebook)
            if not km.admits(notebook):
                self._refuse(km.kernel_count())
                return
            head = km.pool_head_kernel(notebook)
            if head is not None:
                kernels.append(head)  # Voila hands out this one (should_use_rendered_notebook)
                km.touch(head)
        token = REQUEST_KERNELS.set(kernels)
        try:
            await super().get(path)
        except ClassFull as exc:
            self._refuse(exc.args[0] if exc.args else km.kernel_count())
        finally:
            REQUEST_KERNELS.reset(token)
            if guarded:
                for kernel_id in kernels:  # the idle clock starts when the page is sent
                    km.touch(kernel_id)

    def should_use_rendered_notebook(self, *args: Any, **kwargs: Any) -> bool:
        # Voila takes the pool's first entry even when it is only scheduled (a refill waits
        # fill_delay seconds, then starts and runs the whole notebook): a fresh kernel is
        # never slower than that, so take a preheated kernel only once it has started.
        # A page asked for in a language (`?lang=zh-CN`) needs a fresh kernel too: a
        # preheated one ran its notebook before the request came, in the language of its
        # folder, and Voila gives it the query string only afterwards.
        if self.get_query_argument(LANGUAGE_ARGUMENT, None) is not None:
            return False
        return self._pool_head_ready and super().should_use_rendered_notebook(*args, **kwargs)

    def _refuse(self, running: int) -> None:
        self.clear()
        self.set_status(503)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Retry-After", str(RETRY_AFTER_S))
        lang = self.get_query_argument(LANGUAGE_ARGUMENT, None)
        self.finish(full_page(running, edition_of(getattr(self, "_notebook", ""), lang)))


class StatusHandler(tornado.web.RequestHandler):
    """Kernel counts as JSON, for the instructor's terminal and the benchmark (loopback only)."""

    def initialize(self, kernel_manager: ClassroomKernelManager) -> None:
        self.km = kernel_manager

    def get(self) -> None:
        if not is_loopback(self.request.remote_ip or ""):
            raise tornado.web.HTTPError(404)
        counts = (self.km.status() if hasattr(self.km, "status")
                  else {"kernels": len(self.km), "max_kernels": 0})
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(counts))


class ClassroomVoila(Voila):
    """Voila with the classroom handler, the status endpoint and one settings file."""

    config_file = Unicode(str(DEFAULT_CONFIG), config=True,
                          help="The classroom settings file (a traitlets Python config).")
    aliases = {**Voila.aliases, "config": "ClassroomVoila.config_file"}

    def load_config_file(self, filename: str, path: Any = None) -> None:
        super().load_config_file(filename, path=path)  # voila.py/json, if any, first
        settings = Path(self.config_file)
        if not settings.is_file():
            raise ValueError(f"classroom settings file not found: {settings}")
        # traitlets keeps the command line's values above the file's
        super().load_config_file(settings.stem, path=str(settings.parent))

    def init_handlers(self) -> list:
        handlers = []
        for spec in super().init_handlers():
            if len(spec) > 1 and spec[1] is TornadoVoilaHandler:
                spec = (spec[0], ClassroomVoilaHandler, *spec[2:])
            handlers.append(spec)
        status = (STATUS_PATH, StatusHandler, {"kernel_manager": self.kernel_manager})
        return [status, *handlers]


def main(argv: list[str] | None = None) -> None:
    ClassroomVoila.launch_instance(argv)


if __name__ == "__main__":
    # the settings name this module as "classroom.ClassroomKernelManager": one copy, not two
    sys.modules.setdefault("classroom", sys.modules[__name__])
    main()
