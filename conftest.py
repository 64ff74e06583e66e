"""Repository-wide pytest set-up: the nbval recipe, the `notebooks` marker, and the order in
which `make test` shares the tests out between pytest-xdist workers.

Widget views, plotly figures and their HTML/JavaScript renderings carry random ids or carry
megabytes of bundled code, and PNGs differ from machine to machine: nbval does not compare
those MIME types. ``text/plain`` stays compared, so every printed result is checked.
UUIDs and memory addresses in text are replaced by tests/sanitize.cfg.

Markers (registered in pyproject.toml): ``browser`` (tests/browser/conftest.py sets it),
``notebooks`` (every nbval cell, set here) and ``slow`` (written on the deep runs).

Under ``make test`` (``-n JOBS --dist loadgroup --no-loadscope-reorder``) xdist hands out work
units in the order of the collection: an ``xdist_group`` is one unit, a test without one is a
unit of its own. So that the workers finish together, the long units go first and the many
short ones fill in at the end: browser tests (tests/browser/conftest.py orders and groups
them), then the notebooks (one unit per notebook: its cells share one kernel), then the deep
runs (a unit per test), then the fast core (a unit per module).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# "<object object at 0x7f...>": an id made with repr() differs from process to process, and
# xdist refuses to run when its workers collect different ids.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

SKIP_COMPARE = (
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.plotly.v1+json",
    "text/html",
    "application/javascript",
    "image/png",
)


def pytest_collectstart(collector):
    if hasattr(collector, "skip_compare"):
        collector.skip_compare = tuple(collector.skip_compare) + tuple(
            m for m in SKIP_COMPARE if m not in collector.skip_compare
        )


def _group(item, name: str) -> None:
    if item.get_closest_marker("xdist_group") is None:
        item.add_marker(pytest.mark.xdist_group(name))


def _set_nodeid(item, nodeid: str) -> None:
    """What xdist does to an item's id for --dist loadgroup (``item._nodeid = ...``), for pytest
    9 as well, whose items keep a structured id (``_id``) that xdist 3.8 does not reach: there
    every group would silently be split test by test (and a notebook's cells, which share one
    kernel, spread over the workers)."""
    current = getattr(item, "_id", None)
    if current is not None and hasattr(type(current), "parse"):
        # (pytest 9 reads "test[id]@group" back as "test[id]@group]" in its report lines)
        item._id = type(current).parse(nodeid)
    else:
        item._nodeid = nodeid
    assert item.nodeid == nodeid, (item.nodeid, nodeid)


def _tier(item) -> int:
    if item.get_closest_marker("browser"):
        return 0
    if item.get_closest_marker("notebooks"):
        return 1
    if item.get_closest_marker("slow"):
        return 2
    return 3


def pytest_collection_modifyitems(config, items):
    worker = hasattr(config, "workerinput")  # an xdist worker (make test, make check)
    for item in items:
        if worker and ADDRESS.search(item.nodeid):
            _set_nodeid(item, ADDRESS.sub("", item.nodeid))
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
            if worker:
                # the path, not the name: notebooks/zh-CN/ repeats the English names
                _group(item, f"notebook:{item.nodeid.split('::')[0]}")
        elif worker and not (item.get_closest_marker("browser")
                             or item.get_closest_marker("slow")):
            _group(item, f"module:{item.nodeid.split('::')[0]}")
    if worker and config.getoption("loadgroup", False):  # set by xdist in its workers
        for item in items:
            mark = item.get_closest_marker("xdist_group")
            if mark is not None:
                group = mark.args[0] if mark.args else mark.kwargs.get("name", "default")
                if not item.nodeid.endswith("@" + group):
                    _set_nodeid(item, f"{item.nodeid}@{group}")
    if worker:  # a plain run keeps the collection's order. sorted() is stable: inside a tier
        # the order stays the collection's (for the browser tests, the order
        # tests/browser/conftest.py chose).
        items[:] = sorted(items, key=_tier)
