r"""Many tasks at once: worker processes that import once, or a Dask cluster; results in input order.

:func:`run_batch` is the machinery behind ``symnn check --batch`` (and any other command that has
many independent inputs, such as linting many files): give it the tasks and a module-level
function answering one task, and it yields ``(index, result)`` in input order while the workers
answer in parallel.  Each task runs under a time budget; a task that fails or runs out of time
yields a :class:`Failure` instead of stopping the batch.

>>> from symnn.batch import run_batch
>>> [r for _, r in run_batch(["1", "22", "333"], len, jobs=2)]
[1, 2, 3]

The names are imported on first use: ``import symnn.batch`` costs nothing at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {"run_batch": ".run", "Failure": ".task", "Progress": ".progress", "Journal": ".journal"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'symnn.batch' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
