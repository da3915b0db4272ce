"""One task of a batch, run under its time budget wherever the batch runs (process or Dask thread).

A task that raises, or runs out of time, does not stop the batch: its result is a
:class:`Failure` saying what happened, and the caller turns that into its own kind of answer
(``symnn check --batch`` writes an ``error`` or ``undetermined`` verdict).

>>> run_task(abs, -3, timeout=5)
3
>>> run_task(int, "x", timeout=5)
Failure(kind='exception', message="ValueError: invalid literal for int() with base 10: 'x'")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..budget import time_budget
from ..errors import BudgetExceeded

__all__ = ["Failure", "run_task"]


@dataclass(frozen=True)
class Failure:
    """A task without a result: ``kind`` is ``"timeout"``, ``"exception"`` or ``"crash"``."""

    kind: str
    message: str


def run_task(worker_fn: Callable[[Any], Any], task: Any, timeout: float) -> Any:
    """``worker_fn(task)`` within ``timeout`` seconds, or the :class:`Failure` that stopped it."""
    try:
        with time_budget(timeout, "the task"):
            return worker_fn(task)
    except BudgetExceeded as exc:
        return Failure("timeout", str(exc))
    except RecursionError:
        return Failure("exception", "RecursionError: the task nests too deeply")
    except Exception as exc:  # noqa: BLE001 - one bad task must not stop the batch
        return Failure("exception", f"{type(exc).__name__}: {exc}")
