"""NumPy, imported at its first use.

``symnn check`` of a scalar or indexed claim never evaluates the NumPy implementations of the
vocabulary (``numpy_impl``: used by ``lambdify`` for arrays), and NumPy's import is about a sixth
of the command's start-up; the modules defining those implementations import ``numpy`` from
here instead.

>>> from symnn._lazy import numpy as np
>>> float(np.tanh(0.0))
0.0
"""

from __future__ import annotations


class _NumPyOnFirstUse:
    """Attribute access imports NumPy (once; then it is ``sys.modules``' entry) and reads it."""

    def __getattr__(self, name: str):
        import numpy

        return getattr(numpy, name)


numpy = _NumPyOnFirstUse()
