"""Writing a file so that it is never half-written: a temporary file in the same folder, then
``os.replace``. An existing file keeps its permissions; no temporary file is left behind on
failure (one left by a killed process is swept up by the next write). A target that cannot be
written (a folder, a missing or unwritable folder) is an
:class:`~analgesia.units.InputError` naming the field, found before any work is done.

Used by the order sheet (HTML and PDF); :mod:`analgesia.order_sheet` re-exports
``STALE_SECONDS``.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from . import words
from .units import InputError

STALE_SECONDS = 600  # a temporary file this old is from a write that was killed
MAX_PATH = 4096  # characters of a path (Linux's PATH_MAX)
_OCTAL = 8  # the base /proc/self/status writes the umask in
_NEW_FILE_MODE = 0o666  # what a new file gets before the umask
_PROBE_UMASK = 0o022  # set for an instant to read the umask where /proc is not there

TEXT = words.catalogue("atomic_file", {
    "path": "a file name in an existing folder you can write to, such as 'order.html'",
    "path_folder": "a file name, not a folder",
    "path_parent": "a file in an existing folder (the folder {folder} does not exist)",
    "path_unwritable": "a file in a folder you can write to ({why})",
})


def target(path: Any, field: str) -> Path:
    """Check where a file will be written; a bad target is an :class:`InputError` naming
    ``field``, before any work is done."""
    if not isinstance(path, str | os.PathLike) or (isinstance(path, str) and (
            not path.strip() or "\0" in path or len(path) > MAX_PATH)):
        shown = path[:80] if isinstance(path, str) else type(path).__name__
        raise InputError(field, shown, TEXT["path"])
    try:
        found = Path(path).expanduser().absolute()
        if found.is_dir():
            raise InputError(field, str(path), TEXT["path_folder"])
        if not found.parent.is_dir():
            raise InputError(field, str(path), TEXT("path_parent", folder=found.parent))
    except (OSError, ValueError, RuntimeError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(field, str(path)[:200], TEXT["path"]) from None
    if not os.access(found.parent, os.W_OK | os.X_OK):
        raise InputError(field, str(path), TEXT("path_unwritable",
                                                why=os.strerror(errno.EACCES)))
    return found


def mode_for(file: Path) -> int:
    """The permissions the written file gets: an existing file's own, or what a new file gets
    under the process's umask (never the 0600 of a temporary file), always readable and
    writable by its owner: Pyodide's umask is 0777, which would leave a file nobody can
    read back."""
    try:
        return stat.S_IMODE(os.stat(file).st_mode)
    except OSError:
        return (_NEW_FILE_MODE & ~_umask()) | stat.S_IRUSR | stat.S_IWUSR


def _umask() -> int:
    try:  # Linux reports it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], _OCTAL)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(_PROBE_UMASK)
    os.umask(mask)
    return mask


def _sweep(file: Path) -> None:
    """Remove this target's temporary files left by a write that was killed (old ones only:
    a fresh one may belong to a write still running)."""
    now = time.time()
    for old in file.parent.glob(f".{file.name}-*.tmp"):
        try:
            if old.is_file() and now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()
        except OSError:
            pass


def temporary(file: Path, field: str) -> str:
    """A new empty temporary file beside ``file`` (same folder, so the rename is atomic)."""
    _sweep(file)
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{file.name}-", suffix=".tmp", dir=file.parent)
    except OSError as exc:
        raise InputError(field, str(file), TEXT(
            "path_unwritable", why=exc.strerror or type(exc).__name__)) from None
    os.close(handle)
    return tmp


def replace(tmp: str, file: Path, mode: int, field: str) -> None:
    """Rename ``tmp`` over ``file`` with ``mode``, and make the rename durable."""
    os.chmod(tmp, mode)
    try:
        os.replace(tmp, file)
    except (PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        raise InputError(field, str(file), TEXT(
            "path_unwritable", why=exc.strerror or str(exc) or type(exc).__name__)) from None
    try:  # make the rename itself durable
        folder = os.open(file.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def write_text(path: Any, text: str, field: str = "path") -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; on any error the old file stays as it
    was and no temporary file is left. Returns the path written."""
    file = target(path, field)
    mode = mode_for(file)
    tmp = temporary(file, field)
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8",
                       newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        replace(tmp, file, mode, field)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return file


# The helpers of the order sheet's writers; write_order_sheet is the public way in.
__all__ = ["MAX_PATH", "STALE_SECONDS"]
