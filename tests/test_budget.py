"""Time budgets end their body even when the first alarm's exception is lost."""

from __future__ import annotations

import time

import pytest

from symnn.budget import time_budget
from symnn.errors import BudgetExceeded


def test_a_budget_whose_first_alarm_is_swallowed_still_ends():
    """The alarm's exception is lost when the signal handler runs inside a garbage-collector
    callback or a ``__del__`` (seen in the suite: inside hypothesis's gc callback), or in code
    that swallows exceptions; the alarm repeats, so the body still ends soon after its budget."""
    start = time.monotonic()
    swallowed = []
    with pytest.raises(BudgetExceeded, match="took longer than 0.1 s"):
        with time_budget(0.1, "the body"):
            try:
                while time.monotonic() - start < 10:
                    pass
            except BudgetExceeded as exc:  # what a callback would do with it: drop it
                swallowed.append(exc)
            while time.monotonic() - start < 10:
                pass
    assert len(swallowed) == 1
    assert time.monotonic() - start < 2


def test_nested_budgets_keep_the_outer_one_after_the_inner_ends():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded, match="outer"):
        with time_budget(0.3, "outer"):
            with time_budget(5, "inner"):
                pass
            while time.monotonic() - start < 10:
                pass
    assert time.monotonic() - start < 2


def test_in_a_worker_thread_a_swallowed_exception_still_fails_the_body():
    """Off the main thread the watchdog raises asynchronously, once; a body that swallows it
    runs to its end, and the budget then raises: its result is never taken as in time."""
    import threading

    outcome = {}

    def body():
        start = time.monotonic()
        try:
            with time_budget(0.1, "the thread's body"):
                try:
                    while time.monotonic() - start < 10:
                        pass
                except BudgetExceeded:
                    outcome["swallowed"] = True
                while time.monotonic() - start < 0.5:
                    pass
        except BudgetExceeded as exc:
            outcome["error"] = str(exc)

    worker = threading.Thread(target=body)
    worker.start()
    worker.join(15)
    assert outcome.get("swallowed") and "took longer than 0.1 s" in outcome["error"], outcome


def test_a_repeating_alarm_never_outlives_its_budget():
    """Many budgets that run out at once (a budget of 10⁻⁹ s, as the tests of slow input use):
    after each, no alarm is left armed and nothing is raised outside."""
    import signal

    for _ in range(200):
        with pytest.raises(BudgetExceeded):
            with time_budget(1e-9, "tiny"):
                while True:
                    pass
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.2)  # an alarm left armed would raise here
