"""The same batch on a Dask distributed cluster (optional: ``pip install 'symnn[cluster]'``).

With a scheduler address the tasks go to that cluster (its workers need symnn installed); without
one a ``distributed.LocalCluster`` of ``jobs`` single-threaded worker processes is started on this
machine for the batch and closed after it.  Every worker runs ``warm_up()`` once
(``Client.run``) before the first task, tasks are submitted with ``Client.map`` and their results
are yielded as they complete (``as_completed``) as ``(index, result)`` pairs.

Budgets: Dask runs tasks in worker threads, where :func:`symnn.budget.time_budget` interrupts the
task with an asynchronous exception; a task stuck inside C code cannot be interrupted that way and
keeps its worker until it returns.  A worker that dies gives its tasks a
:class:`~symnn.batch.task.Failure` of kind ``"crash"``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from typing import Any, Callable, Iterator, Sequence

from ..errors import SymnnInputError
from .task import Failure, run_task

#: What to tell a user whose environment has no Dask.
INSTALL_HINT = "--engine dask needs Dask distributed; install it with: pip install 'symnn[cluster]'"

#: Seconds to wait for a scheduler given by address.
CONNECT_SECONDS = 30

__all__ = ["INSTALL_HINT", "run_dask"]


def _distributed():
    try:
        import distributed
    except ImportError:
        raise SymnnInputError(INSTALL_HINT) from None
    return distributed


def run_dask(tasks: Sequence[Any], worker_fn: Callable[[Any], Any], *, jobs: int = 1, timeout: float = 60.0,
             warm_up: Callable[[], Any] | None = None, scheduler: str | None = None) -> Iterator[tuple[int, Any]]:
    """Answer ``worker_fn(task)`` for every task on a Dask cluster; yield ``(index, result)`` as they finish."""
    distributed = _distributed()
    tasks = list(tasks)
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(distributed.Client(scheduler, timeout=CONNECT_SECONDS))
            except (OSError, TimeoutError) as exc:
                raise SymnnInputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        else:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=max(1, int(jobs)), threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            client = stack.enter_context(distributed.Client(cluster))
        if warm_up is not None:
            client.run(warm_up)
        if not tasks:
            return
        futures = client.map(functools.partial(run_task, worker_fn, timeout=timeout), tasks, pure=False)
        position = {f.key: i for i, f in enumerate(futures)}
        for future in distributed.as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: the batch goes on
                result = Failure("crash", f"the Dask worker failed: {type(exc).__name__}: {exc}")
            yield position[future.key], result
            future.release()
