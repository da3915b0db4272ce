"""Imports at first use: NumPy, and the public names of a package.

``symnn check`` of a scalar or indexed claim never evaluates the NumPy implementations of the
vocabulary (``numpy_impl``: used by ``lambdify`` for arrays), and NumPy's import is about a sixth
of the command's start-up; the modules defining those implementations import ``numpy`` from
here instead.  :func:`exports` gives a package the PEP 562 ``__getattr__`` / ``__dir__`` that
import each public name from its module when it is first read (``symnn``, ``symnn.matrix``).

>>> from symnn._lazy import numpy as np
>>> float(np.tanh(0.0))
0.0
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable


class _NumPyOnFirstUse:
    """Attribute access imports NumPy (once; then it is ``sys.modules``' entry) and reads it."""

    def __getattr__(self, name: str):
        import numpy

        return getattr(numpy, name)


numpy = _NumPyOnFirstUse()


def exports(namespace: dict[str, Any], table: dict[str, str | tuple[str, str]]
            ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the package whose ``globals()`` is ``namespace``: ``table``
    maps a public name to its module (relative to the package unless absolute), or to
    ``(module, attribute)`` when the module calls it otherwise.  A name read once becomes a plain
    global.

    >>> ns = {"__name__": "symnn"}
    >>> getattr_, dir_ = exports(ns, {"Verdict": ".verdict", "check_verdict": (".verdict", "Verdict")})
    >>> getattr_("check_verdict") is getattr_("Verdict") is ns["Verdict"]
    True
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = table[name] if isinstance(table[name], tuple) else (table[name], name)
        value = namespace[name] = getattr(import_module(module, package), attribute)
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(table))

    return __getattr__, __dir__
