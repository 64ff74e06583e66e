"""Re-execute notebooks from a fresh kernel, in place, and strip saved widget state.

    python scripts/execute_notebooks.py                      # every notebooks/*.ipynb
    python scripts/execute_notebooks.py notebooks/03_converting_doses.ipynb

Each notebook runs in a new ``python3`` kernel with notebooks/ as the working directory
(timeout 300 s per cell). Outputs are kept, so nbval has something to compare; the
notebook-level ``metadata.widgets`` (where executing stores the whole widget and plotly.js
state, megabytes of it) and any ``application/vnd.jupyter.widget-state+json`` entry are
removed. The file is written to a temporary file beside it and renamed over the original,
so a notebook is never left half-written. A notebook whose execution fails is left as it was
and the script exits 1 after trying the rest.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def strip_widget_state(nb: nbformat.NotebookNode) -> int:
    """Remove saved widget state from notebook and cell metadata; return how many were removed."""
    removed = 0
    if nb.metadata.pop("widgets", None) is not None:
        removed += 1
    for cell in nb.cells:
        for meta in (cell.get("metadata", {}), *(o.get("metadata", {})
                                                 for o in cell.get("outputs", []))):
            if meta.pop("widgets", None) is not None:
                removed += 1
            if meta.pop(WIDGET_STATE, None) is not None:
                removed += 1
    return removed


def _file_mode(path: Path) -> int:
    """The mode to give the rewritten file: the original's, else what the umask allows."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(nb: nbformat.NotebookNode, path: Path) -> None:
    mode = _file_mode(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".ipynb.tmp", dir=path.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            nbformat.write(nb, out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def execute(path: Path, timeout: int = 300, kernel: str = "python3") -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        # the kernel starts in the notebook's own folder: the Chinese edition (notebooks/zh-CN)
        # speaks Chinese because its kernel starts there (analgesia.words)
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
        record_timing=False,
    )
    client.execute()
    strip_widget_state(nb)
    nbformat.validate(nb)
    write_atomic(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to execute (default: every notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--kernel", default="python3", help="kernel name")
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks found in {NOTEBOOK_DIR}", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        path = path.resolve()
        start = time.perf_counter()
        try:
            execute(path, timeout=args.timeout, kernel=args.kernel)
        except CellExecutionError as exc:
            failed.append(path)
            print(f"FAILED {path.name}\n{exc}", file=sys.stderr)
            continue
        except Exception as exc:  # kernel died, timeout, unreadable file: report and go on
            failed.append(path)
            print(f"FAILED {path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        size = path.stat().st_size / 1024
        print(f"ok {path.name} ({time.perf_counter() - start:.1f} s, {size:.0f} KB)")
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed; left unchanged: "
              + ", ".join(p.name for p in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
