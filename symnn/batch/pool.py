"""Worker processes on this machine: each imports (and warms up) once, then answers task after task.

The parent runs ``warm_up()`` itself and then forks the workers (where ``fork`` exists; elsewhere
each spawned worker runs ``warm_up()`` once), so a worker starts with SymPy, the parser and
whatever else ``warm_up`` touched already loaded.  Each worker gets one task at a time through its
own pipe, which lets the parent watch it: a worker still busy ``timeout + GRACE_SECONDS`` after it
got its task is killed and replaced, and a worker that dies is replaced too — the batch goes on
and the task gets a :class:`~symnn.batch.run.Failure` (``"timeout"`` or ``"crash"``).

Results come back as they finish, as ``(index, result)`` pairs (any order).

>>> sorted(run_local([1, 2, 3], abs, jobs=2, timeout=10))
[(0, 1), (1, 2), (2, 3)]
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator, Sequence

from .task import Failure, run_task

#: Seconds a worker may overrun its task's budget before the parent kills it.
GRACE_SECONDS = 5.0

__all__ = ["GRACE_SECONDS", "run_local"]


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(conn, worker_fn: Callable, timeout: float, warm_up: Callable | None, warmed: bool) -> None:
    """A worker's life: warm up (unless inherited), then answer tasks until the pipe closes."""
    if warm_up is not None and not warmed:
        warm_up()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):  # the parent is gone (or was interrupted)
            return
        if message is None:
            return
        index, task = message
        conn.send((index, run_task(worker_fn, task, timeout)))


class _Worker:
    def __init__(self, ctx, worker_fn, timeout, warm_up, warmed):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, worker_fn, timeout, warm_up, warmed), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None  # the task it is answering
        self.since = 0.0

    def give(self, index: int, task: Any) -> None:
        self.index, self.since = index, time.monotonic()
        self.conn.send((index, task))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_local(tasks: Sequence[Any] | Iterable[Any], worker_fn: Callable[[Any], Any], *, jobs: int = 1,
              timeout: float = 60.0, warm_up: Callable[[], Any] | None = None,
              grace: float = GRACE_SECONDS) -> Iterator[tuple[int, Any]]:
    """Answer ``worker_fn(task)`` for every task in ``jobs`` worker processes; yield ``(index, result)``.

    ``worker_fn`` runs under :func:`symnn.budget.time_budget` of ``timeout`` seconds; it must be a
    module-level function (workers may be spawned).  A result is ``worker_fn``'s return value or a
    :class:`~symnn.batch.task.Failure`; a worker still busy ``grace`` seconds past the budget is killed.
    """
    ctx = _context()
    forking = ctx.get_start_method() == "fork"
    if forking and warm_up is not None:
        warm_up()  # once, here: every forked worker inherits the warm state
    pending = deque(enumerate(tasks))
    jobs = max(1, min(int(jobs), len(pending) or 1))
    workers = [_Worker(ctx, worker_fn, timeout, warm_up, forking) for _ in range(jobs)]
    try:
        for w in workers:
            if pending:
                w.give(*pending.popleft())
        while any(w.index is not None for w in workers):
            busy = {w.conn: w for w in workers if w.index is not None}
            ready = wait(list(busy), timeout=0.5)
            for conn in ready:
                w = busy[conn]
                try:
                    index, result = conn.recv()
                except (EOFError, OSError):
                    w.process.join(timeout=2)
                    index, result = w.index, Failure("crash", f"the worker process died (exit code {w.process.exitcode})")
                    w = _replace(workers, w, ctx, worker_fn, timeout, warm_up, forking)
                yield index, result
                w.index = None
                if pending:
                    w.give(*pending.popleft())
            now = time.monotonic()
            for w in list(workers):
                if w.index is not None and now - w.since > timeout + grace:
                    index = w.index
                    w = _replace(workers, w, ctx, worker_fn, timeout, warm_up, forking, kill=True)
                    yield index, Failure("timeout", f"took longer than {timeout:g} s (the worker was stopped)")
                    if pending:
                        w.give(*pending.popleft())
    finally:
        for w in workers:
            w.stop(kill=w.index is not None)


def _replace(workers: list[_Worker], old: _Worker, ctx, worker_fn, timeout, warm_up, warmed, kill=False) -> _Worker:
    """Stop ``old`` (killing it if asked) and put a fresh worker in its place."""
    old.stop(kill=kill)
    new = _Worker(ctx, worker_fn, timeout, warm_up, warmed)
    workers[workers.index(old)] = new
    return new
