"""A resumable JSON-lines output: what is already in the file is not answered again.

Each record is written as one line and flushed at once, so a batch killed half-way leaves every
finished record in the file and at most one partial last line, which the next run removes
before it appends.  :meth:`Journal.answered` tells which keys the file already holds.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
>>> with Journal(path) as j:
...     j.write({"id": "a", "verdict": "verified"})
>>> _ = path.open("a").write('{"id": "b", "verd')   # a run killed in the middle of a line
>>> Journal(path).answered(lambda r: r["id"])
{'a'}
>>> path.read_text()
'{"id": "a", "verdict": "verified"}\\n'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from ..errors import SymnnInputError

__all__ = ["Journal"]


class Journal:
    """JSON lines appended to ``path`` (``None``: written to stdout, nothing to resume)."""

    def __init__(self, path: Path | str | None, stream: TextIO | None = None):
        self.path = Path(path) if path is not None else None
        self.stream = stream
        self._handle: TextIO | None = None

    def answered(self, key: Callable[[dict], Any]) -> set:
        """Keys of the complete records already in the file; a partial last line is cut off."""
        if self.path is None or not self.path.exists():
            return set()
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise SymnnInputError(f"cannot read {self.path}: {exc.strerror}") from None
        complete = data[: data.rfind(b"\n") + 1]
        if len(complete) != len(data):
            with self.path.open("r+b") as handle:  # drop the line a killed run left half-written
                handle.truncate(len(complete))
        keys = set()
        for number, line in enumerate(complete.decode("utf-8", "replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                keys.add(key(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                raise SymnnInputError(f"{self.path}:{number}: not a record written by symnn; "
                                      "remove the line or choose another output file") from None
        return keys

    def __enter__(self) -> "Journal":
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            except OSError as exc:
                raise SymnnInputError(f"cannot write {self.path}: {exc.strerror}") from None
        return self

    def write(self, record: dict) -> None:
        """Append one record as one line and flush it."""
        handle = self._handle or self.stream or sys.stdout
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()

    def __exit__(self, *exc_info) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
