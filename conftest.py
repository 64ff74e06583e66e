"""Repository-wide pytest set-up: the nbval recipe.

Widget views, plotly figures and their HTML/JavaScript renderings carry random ids or carry
megabytes of bundled code, and PNGs differ from machine to machine: nbval does not compare
those MIME types. ``text/plain`` stays compared, so every printed result is checked.
UUIDs and memory addresses in text are replaced by tests/sanitize.cfg.
"""

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
