r"""The bridge to latex2sympy2: flat skeletons of placeholder letters, never the user's characters.

What is left of one additive term once its operands are read is a *skeleton*: single-letter
placeholders joined by operators (``\cdot``, ``/``, unary ``-``) and functions written without
parentheses (``\ln``, ``\tanh``, ``\log_b``).  Only that skeleton is given to latex2sympy2; its
placeholders are then replaced by the finished operands while the tree is rebuilt bottom-up.

>>> from sympy import Symbol
>>> _rebuild(_latex2sympy(r"a \cdot b"), {"a": Symbol("x"), "b": Symbol("y")})
x*y
"""

from __future__ import annotations

import functools
import threading

from sympy import Expr, Symbol
from sympy.core.function import AppliedUndef

#: Single letters used as placeholders in latex2sympy2 skeletons.  Letters latex2sympy2 lexes
#: specially are left out: d (differentials), e (Euler), E (exponent notation), I (imaginary
#: unit), T (^T transpose), i and j (preset in its global variable table).
_PLACEHOLDERS = tuple(c for c in "abcfghklmnopqrstuvwxyzABCDFGHJKLMNOPQRSUVWXYZ")



_LATEX2SYMPY_LOCK = threading.Lock()


class _SkeletonError(Exception):
    """latex2sympy2 returned something a skeleton cannot produce (internal; becomes an input error)."""


@functools.lru_cache(maxsize=2048)
def _latex2sympy(skeleton: str):
    r"""latex2sympy2 on one skeleton.  It keeps module-level state, hence the lock.

    Skeletons are made of placeholder letters only, so the same shapes recur (``a \cdot b``)
    and the (immutable) results are cached: its ANTLR parser takes 5-50 ms a call.
    """
    import latex2sympy2  # late: its import builds ANTLR tables
    from latex2sympy2 import latex2sympy

    with _LATEX2SYMPY_LOCK:
        # A `dx` parsed by anyone's direct call turns latex2sympy2's global `var` table into a
        # Symbol, after which every call fails; our skeletons never touch it, but heal it.
        if not isinstance(latex2sympy2.var, dict):
            latex2sympy2.var = {}
        return latex2sympy(skeleton)


def _rebuild(node, slots: dict[str, Expr]):
    """Replace placeholders by their values, rebuilding bottom-up so that SymPy evaluates.

    latex2sympy2 builds with ``evaluate=False`` (``1*(a - y)**2/2``, ``log(x, E)``);
    ``node.func(*args)`` gives the normal forms.
    """
    if isinstance(node, Symbol):
        if node.name not in slots:
            raise _SkeletonError(f"unexpected symbol {node.name}")
        return slots[node.name]
    if isinstance(node, AppliedUndef):
        raise _SkeletonError(f"unexpected function {node.func}")
    if not node.args:
        return node
    return node.func(*[_rebuild(arg, slots) for arg in node.args])


def _caret_column(exc: Exception) -> int | None:
    """Column of latex2sympy2's ``~~~^`` marker in its error message, if any."""
    lines = str(exc).splitlines()
    if lines and lines[-1].strip("~").startswith("^"):
        return lines[-1].index("^")
    return None
