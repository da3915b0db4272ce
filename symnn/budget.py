"""Time budgets for computations that may not terminate in reasonable time.

SymPy's ``simplify`` and friends can run for minutes on innocent-looking input.  Every such call in
symnn runs inside :func:`time_budget`, which raises :class:`~symnn.errors.BudgetExceeded` when the
time is up; callers turn that into an ``undetermined`` verdict or a clear input error.

The budget uses ``SIGALRM`` (an interval timer), so it is exact in the main thread of a Unix
process.  In another thread (a Dask worker runs its tasks in threads) a timer thread raises the
exception asynchronously in the budgeted thread (``PyThreadState_SetAsyncExc``), which interrupts
Python code — SymPy is Python — at its next bytecode; the check at exit stays as a backstop.

>>> with time_budget(1.0):
...     1 + 1
2
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from .errors import BudgetExceeded

T = TypeVar("T")

#: Default seconds for one symbolic simplification attempt.
SIMPLIFY_SECONDS = 4.0


def _alarm_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float, what: str = "computation") -> Iterator[None]:
    """Run the body for at most ``seconds``; raise :class:`BudgetExceeded` after that.

    Budgets nest: an inner budget never extends an outer one.
    """
    if seconds <= 0:
        raise BudgetExceeded(f"{what}: no time left in the budget")
    start = time.monotonic()
    if not _alarm_available():
        with _thread_alarm(seconds, what):
            yield
        if time.monotonic() - start > seconds:
            raise BudgetExceeded(f"{what} took longer than {seconds:g} s")
        return

    previous_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    previous_handler = signal.getsignal(signal.SIGALRM)
    limit = seconds if previous_remaining == 0 else min(seconds, previous_remaining)
    fired = False

    def on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        nonlocal fired
        fired = True
        raise BudgetExceeded(f"{what} took longer than {seconds:g} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_remaining:
            # Re-arm the outer budget with what is left of it.
            left = previous_remaining - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
    del fired


@contextlib.contextmanager
def _thread_alarm(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the calling (non-main) thread after ``seconds``."""
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    lock, state = threading.Lock(), {"done": False, "fired": False}

    class _Exceeded(BudgetExceeded):
        def __init__(self):  # raised by the interpreter without arguments
            super().__init__(f"{what} took longer than {seconds:g} s")

    def fire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_Exceeded))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # not delivered yet (the body ended at the same moment): drop it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        timer.cancel()


def within_budget(seconds: float, fn: Callable[[], T], default: T, what: str = "computation") -> T:
    """Return ``fn()`` if it finishes within ``seconds``, else ``default``.

    >>> within_budget(1.0, lambda: 42, default=None)
    42
    """
    try:
        with time_budget(seconds, what):
            return fn()
    except BudgetExceeded:
        return default
    except RecursionError:
        return default
