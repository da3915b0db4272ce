r"""Is a kink of a non-smooth function really a point where the derivative does not exist?

``max(0, u)`` has a kink at ``u = 0``, but ``max(0, u)²`` is differentiable there (both one-sided
derivatives vanish).  :func:`is_kink` compares the two sides: the expression with each non-smooth
node whose argument is ``g`` replaced by its branch for ``g > 0`` and for ``g < 0``; the point is a
kink unless both branches take the same value *and* the same derivative there (proved
symbolically; when that cannot be shown, it is reported as a kink).

>>> from sympy import Max, Symbol, Rational
>>> from symnn.vocabulary import relu
>>> w, y = Symbol("w", real=True), Symbol("y", real=True)
>>> is_kink(Max(0, 1 - y * w) ** 2 / 2, w, 1 - y * w, 1 / y)
False
>>> is_kink(relu(w), w, w, 0), is_kink(abs(w) ** 3, w, w, 0)
(True, False)
"""

from __future__ import annotations

import sympy
from sympy import Abs, Expr, Heaviside, Max, Min

from .budget import time_budget
from .errors import BudgetExceeded
from .vocabulary import indicator, relu

__all__ = ["is_kink"]


def _branch(expr: Expr, g: Expr, positive: bool) -> Expr | None:
    """``expr`` with every non-smooth node of argument ``g`` replaced by its branch on one side
    of ``g = 0``; None when a node is of a kind this does not know."""
    unknown = []

    def pick(node: Expr) -> Expr:
        if isinstance(node, relu) and node.args[0] == g:
            return g if positive else sympy.S.Zero
        if isinstance(node, Abs) and node.args[0] == g:
            return g if positive else -g
        if isinstance(node, (Heaviside, indicator)) and node.args[0] == g:
            return sympy.S.One if positive else sympy.S.Zero
        if isinstance(node, (Max, Min)) and len(node.args) == 2:
            a, b = node.args
            if a - b == g or b - a == g:
                first_bigger = (a - b == g) == positive
                if isinstance(node, Max):
                    return a if first_bigger else b
                return b if first_bigger else a
        unknown.append(node)
        return node

    out = expr.replace(lambda e: isinstance(e, (relu, Abs, Heaviside, indicator, Max, Min)), pick)
    return None if unknown else out


def is_kink(expr: Expr, wrt: sympy.Symbol, g: Expr, root: Expr, seconds: float = 2.0) -> bool:
    """Does d expr / d wrt fail to exist at ``wrt = root`` (a zero of the kink argument ``g``)?"""
    try:
        with time_budget(seconds, "comparing the sides of a kink"):
            right, left = _branch(expr, g, True), _branch(expr, g, False)
            if right is None or left is None:
                return True
            at = {wrt: root}
            same_value = sympy.simplify((right - left).subs(at)) == 0
            same_slope = sympy.simplify((sympy.diff(right, wrt) - sympy.diff(left, wrt)).subs(at)) == 0
            return not (same_value and same_slope)
    except (BudgetExceeded, TypeError, ValueError, NotImplementedError, ZeroDivisionError):
        return True
