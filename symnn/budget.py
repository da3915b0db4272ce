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

#: Once a budget is spent, its alarm fires again this often until the body has ended.
REPEAT_SECONDS = 0.05


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
    late = f"{what} took longer than {seconds:g} s"
    if not _alarm_available():
        with _thread_alarm(seconds, what):
            yield
        if time.monotonic() - start > seconds:
            raise BudgetExceeded(late)
        return

    previous_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    previous_handler = signal.getsignal(signal.SIGALRM)
    limit = seconds if previous_remaining == 0 else min(seconds, previous_remaining)
    active = True

    def on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        if not active:  # the clean-up has begun (it sets this first)
            return
        if frame is not None and frame.f_code in _BUDGET_CODES:
            # Inside this function's own frame (arming; the clean-up before it disarms) or
            # contextlib's code entering and leaving it: an exception here would skip the
            # clean-up and leave the repeating alarm armed.  Come back in a millisecond.
            signal.setitimer(signal.ITIMER_REAL, 1e-3, REPEAT_SECONDS)
            return
        raise BudgetExceeded(late)

    signal.signal(signal.SIGALRM, on_alarm)
    # The alarm repeats until the body is left: an exception raised by a signal handler is lost
    # when the handler happens to run inside a garbage-collector callback or a __del__ (or code
    # that swallows exceptions), and the body would then run on without a budget.
    signal.setitimer(signal.ITIMER_REAL, limit, REPEAT_SECONDS)
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_remaining:
            # Re-arm the outer budget with what is left of it.
            left = previous_remaining - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), REPEAT_SECONDS)
    if time.monotonic() - start > seconds:  # the body ended, but late: its alarm was lost
        raise BudgetExceeded(late)


#: Where an alarm must not raise (see :func:`time_budget`'s ``on_alarm``): its generator, and
#: contextlib's code that runs it on entering and leaving the ``with`` block.
_BUDGET_CODES = frozenset({time_budget.__wrapped__.__code__,
                           contextlib._GeneratorContextManager.__enter__.__code__,
                           contextlib._GeneratorContextManager.__exit__.__code__})


class _Watchdog:
    """One daemon thread per process that raises :class:`BudgetExceeded` in budgeted threads.

    An asynchronous exception lands at any bytecode of the budgeted thread, so the thread's side
    only ever takes a C-level lock (``with`` on a ``threading.Lock`` runs no Python code between
    acquiring and entering the block): no notification, no Python-level condition, no import.  The
    watchdog polls every few milliseconds.  It is started before any deadline exists.
    """

    POLL = 0.005

    def __init__(self):
        import ctypes

        self.set_exc, self.c_ulong, self.py_object = (ctypes.pythonapi.PyThreadState_SetAsyncExc,
                                                      ctypes.c_ulong, ctypes.py_object)
        self.lock = threading.Lock()
        self.deadlines: dict[int, tuple[float, int, type]] = {}  # token -> (when, thread id, exception)
        self.fired: set[int] = set()
        self.tokens = 0
        threading.Thread(target=self._run, name="symnn-budget-watchdog", daemon=True).start()

    def arm(self, seconds: float, what: str) -> int:
        class _Exceeded(BudgetExceeded):
            def __init__(self):  # raised by the interpreter without arguments
                super().__init__(f"{what} took longer than {seconds:g} s")

        with self.lock:
            self.tokens += 1
            self.deadlines[self.tokens] = (time.monotonic() + seconds, threading.get_ident(), _Exceeded)
            return self.tokens

    def disarm(self, token: int) -> None:
        with self.lock:
            self.deadlines.pop(token, None)
            if token in self.fired:  # raised, perhaps not delivered yet (the body just ended): drop it
                self.fired.discard(token)
                self.set_exc(self.c_ulong(threading.get_ident()), None)

    def _run(self) -> None:
        while True:
            time.sleep(self.POLL)
            now = time.monotonic()
            with self.lock:
                for token in [t for t, (when, _, _) in self.deadlines.items() if when <= now]:
                    _, ident, exc = self.deadlines.pop(token)
                    self.fired.add(token)
                    self.set_exc(self.c_ulong(ident), self.py_object(exc))


_WATCHDOG: _Watchdog | None = None
_WATCHDOG_START = threading.Lock()


@contextlib.contextmanager
def _thread_alarm(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the calling (non-main) thread after ``seconds``."""
    global _WATCHDOG
    with _WATCHDOG_START:
        if _WATCHDOG is None:
            _WATCHDOG = _Watchdog()
    token = _WATCHDOG.arm(seconds, what)
    try:
        yield
    finally:
        _WATCHDOG.disarm(token)


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
