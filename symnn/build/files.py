"""Atomic file writes: a reader (or an interrupted build) never sees a truncated file.

The text goes to a temporary file in the target's directory, is flushed to disk, and then renamed
over the target with :func:`os.replace`, which is atomic on POSIX and Windows.  If anything fails
before the rename, the temporary file is removed and the target is left as it was.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "report.json"
>>> write_text_atomic(out, '{"problems": []}\\n') == out
True
>>> out.read_text()
'{"problems": []}\\n'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomic", "file_mode", "publish"]


def file_mode() -> int:
    """The mode a new file gets from ``open()`` under the current umask (``0o644`` for umask 022).

    ``tempfile.mkstemp`` creates files readable by their owner only; the atomic writes restore
    the ordinary mode before the rename.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def publish(staging: Path | str, path: Path | str) -> None:
    """Give the staged file the ordinary mode and rename it over ``path`` (atomic)."""
    os.chmod(staging, file_mode())
    os.replace(staging, path)


def write_text_atomic(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        publish(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return path
