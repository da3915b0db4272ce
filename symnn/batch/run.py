"""Run a batch on the chosen engine and hand the results back in input order.

>>> list(run_batch([3, -1, 2], abs, jobs=2))
[(0, 3), (1, 1), (2, 2)]
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

from ..errors import SymnnInputError
from .command import ENGINES
from .progress import Progress

__all__ = ["ENGINES", "run_batch"]


def run_batch(tasks: Sequence[Any], worker_fn: Callable[[Any], Any], jobs: int = 1, engine: str = "local",
              *, scheduler: str | None = None, timeout: float = 60.0, warm_up: Callable[[], Any] | None = None,
              progress: Progress | None = None) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, worker_fn(tasks[index]))`` for every task, in input order.

    ``engine="local"`` answers in ``jobs`` worker processes on this machine
    (:func:`symnn.batch.pool.run_local`); ``engine="dask"`` on the Dask cluster at ``scheduler``,
    or on a ``LocalCluster`` of ``jobs`` workers when no address is given
    (:func:`symnn.batch.cluster.run_dask`).  ``worker_fn`` must be a module-level function; it runs
    under a ``timeout``-second budget, and a result is its return value or a
    :class:`~symnn.batch.task.Failure`.  ``warm_up()`` runs once per worker before its first task
    (imports, caches).  ``progress.advance()`` is called as each result arrives.
    """
    if jobs < 1:
        raise SymnnInputError(f"--jobs must be at least 1, not {jobs}")
    if timeout <= 0:
        raise SymnnInputError(f"the time budget per task must be positive, not {timeout:g}")
    if engine == "local":
        if scheduler:
            raise SymnnInputError("--scheduler needs --engine dask")
        from .pool import run_local

        answers = run_local(tasks, worker_fn, jobs=jobs, timeout=timeout, warm_up=warm_up)
    elif engine == "dask":
        from .cluster import run_dask

        answers = run_dask(tasks, worker_fn, jobs=jobs, timeout=timeout, warm_up=warm_up, scheduler=scheduler)
    else:
        raise SymnnInputError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    waiting: dict[int, Any] = {}
    next_index = 0
    for index, result in answers:
        waiting[index] = result
        if progress is not None:
            progress.advance()
        while next_index in waiting:
            yield next_index, waiting.pop(next_index)
            next_index += 1
