"""Progress of a batch on stderr: a live bar on a terminal, a few plain lines otherwise.

On a terminal the bar is redrawn in place (at most ten times a second)::

    symnn: [#########...........]  4512/15000  30%  35.1/s  ETA 4m58s

Into a file or a pipe (a CI log) it writes one line every ten percent, plus the last one, so
a log is not flooded.

>>> import io
>>> out = io.StringIO()
>>> p = Progress(4, stream=out, label="claims")
>>> for _ in range(4):
...     p.advance()
>>> p.close()
>>> out.getvalue().splitlines()[-1].startswith("symnn: 4/4 claims answered")
True
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 24


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Counts answered tasks out of ``total``; ``advance()`` after each, ``close()`` at the end."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "tasks", skipped: int = 0):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = self._drawn = time.monotonic()
        self._next_line = 0.1
        if skipped:
            self._line(f"symnn: {skipped} {label} already answered in the output, {total} to go")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _rate(self) -> float:
        return self.done / max(time.monotonic() - self.start, 1e-9)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= 0.1 or self.done == self.total:
                self._drawn = now
                self._draw()
        elif self.total and self.done / self.total >= self._next_line and self.done < self.total:
            self._next_line += 0.1
            self._line(self._summary())

    def _summary(self) -> str:
        share = 100 * self.done / self.total if self.total else 100
        return (f"symnn: {self.done}/{self.total} {self.label} answered ({share:.0f}%), "
                f"{self._rate():.1f}/s, {_duration(time.monotonic() - self.start)} so far")

    def _draw(self) -> None:
        share = self.done / self.total if self.total else 1.0
        bar = "#" * int(_WIDTH * share) + "." * (_WIDTH - int(_WIDTH * share))
        rate = self._rate()
        eta = _duration((self.total - self.done) / rate) if rate > 0 else "?"
        self.stream.write(f"\rsymnn: [{bar}] {self.done:>{len(str(self.total))}}/{self.total} "
                          f"{100 * share:3.0f}%  {rate:.1f}/s  ETA {eta}  ")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self._draw()
            self.stream.write("\n")
        self._line(self._summary())
