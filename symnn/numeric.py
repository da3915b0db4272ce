"""Numeric building blocks shared by the layers: the one tolerance and the kink finder.

The numeric *witness* of every claim — scalar, indexed, matrix — is :mod:`symnn.witness` (exact
points, a precision ladder, one comparison).  What stays here is what model checks and worked
results use to compare floats (:class:`Tolerance`, :func:`relative_error`) and what the sampler
uses to find breakpoints (:func:`kink_arguments`).

>>> relative_error(0.24, 0.21) > TOLERANCE.rel
True
>>> from sympy import Symbol
>>> from symnn.vocabulary import relu
>>> kink_arguments(relu(Symbol("x") - 1))
[x - 1]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import sympy
from sympy import Expr, Symbol

from symnn._basic import as_basic
from symnn.vocabulary import NNFunction, nonsmooth_arguments

__all__ = ["Tolerance", "TOLERANCE", "relative_error", "within_tolerance", "is_analytic", "kink_arguments"]


# --------------------------------------------------------------------------- tolerance


@dataclass(frozen=True)
class Tolerance:
    """THE one place the numeric tolerance is stated.

    Two numbers ``a`` (the truth) and ``b`` (the claim) agree when
    ``|a - b| <= max(rel * max(|a|, |b|), abs)``: relatively for ordinary magnitudes, absolutely
    (to ``abs``) for values that are both tiny.  Equivalently ``relative_error(a, b) <= rel``.
    """

    rel: float = 1e-6
    abs: float = 1e-9  # floor: values whose magnitudes are both below it compare as equal-ish


TOLERANCE = Tolerance()

def relative_error(a: float, b: float, tolerance: Tolerance = TOLERANCE) -> float:
    """The one error measure: ``|a - b| / max(|a|, |b|, tolerance.abs / tolerance.rel)``.

    Below the magnitude ``abs/rel`` (1e-3 by default) the denominator stops shrinking, so the
    comparison becomes absolute there: 1e-12 against 0 gives 1e-9 (agrees), while 0.24 against
    0.21, or 1e-3 against 2e-3, give 0.125 and 0.5 (differ).

    >>> relative_error(1e-12, 0.0) <= TOLERANCE.rel
    True
    >>> relative_error(0.24, 0.21) > TOLERANCE.rel, relative_error(1e-3, 2e-3) > TOLERANCE.rel
    (True, True)
    """
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    floor = tolerance.abs / tolerance.rel if tolerance.rel > 0 else tolerance.abs
    return abs(a - b) / max(abs(a), abs(b), floor, 1e-300)


def within_tolerance(a: float, b: float, tolerance: Tolerance = TOLERANCE) -> bool:
    """True when ``a`` and ``b`` agree (see :class:`Tolerance`)."""
    return relative_error(a, b, tolerance) <= tolerance.rel


# --------------------------------------------------------------------------- expressions


_NONANALYTIC = (
    sympy.Abs,
    sympy.Max,
    sympy.Min,
    sympy.Piecewise,
    sympy.Heaviside,
    sympy.sign,
    sympy.floor,
    sympy.ceiling,
    sympy.frac,
    sympy.Mod,
    sympy.re,
    sympy.im,
    sympy.arg,
    sympy.conjugate,
    sympy.DiracDelta,
)


def is_analytic(expr: Expr) -> bool:
    """True when every function in ``expr`` is analytic (the complex step is then exact).

    >>> from sympy import Symbol, exp, Abs
    >>> from symnn.vocabulary import sigmoid, relu
    >>> x = Symbol("x")
    >>> is_analytic(sigmoid(x) * exp(x)), is_analytic(relu(x)), is_analytic(Abs(x))
    (True, False, False)
    """
    for node in sympy.preorder_traversal(as_basic(expr)):
        if isinstance(node, NNFunction) and not node.smooth:
            return False
        if isinstance(node, _NONANALYTIC):
            return False
        if isinstance(node, (sympy.core.relational.Relational, sympy.logic.boolalg.Boolean)) and not isinstance(
            node, Symbol
        ):
            return False
    return True


def _relationals(cond) -> list:
    out = []
    if isinstance(cond, sympy.core.relational.Relational):
        out.append(cond)
    elif isinstance(cond, sympy.logic.boolalg.Boolean) and not isinstance(cond, Symbol):
        for a in getattr(cond, "args", ()):
            out.extend(_relationals(a))
    return out


def kink_arguments(expr: Expr) -> list[Expr]:
    """Expressions g whose zeros are kinks or jumps of ``expr`` (avoided when sampling).

    Extends :func:`symnn.vocabulary.nonsmooth_arguments` with ``Piecewise`` conditions, ``sign``,
    ``Max``/``Min`` of more than two arguments, and ``floor``/``ceiling``/``frac`` (as sin(πg),
    which vanishes at every integer).

    >>> from sympy import Symbol, Piecewise
    >>> from symnn.vocabulary import relu
    >>> x = Symbol("x")
    >>> kink_arguments(relu(x - 1) + Piecewise((x, x > 2), (0, True)))
    [x - 1, x - 2]
    """
    expr = as_basic(expr)
    found: list[Expr] = []

    def add(g):
        g = as_basic(g)
        if g.free_symbols and g not in found:
            found.append(g)

    for g in nonsmooth_arguments(expr):
        add(g)
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                for rel in _relationals(cond):
                    add(rel.lhs - rel.rhs)
        elif isinstance(node, (sympy.sign, sympy.DiracDelta)):
            add(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)) and len(node.args) > 2:
            for a, b in itertools.combinations(node.args, 2):
                add(a - b)
        elif isinstance(node, (sympy.floor, sympy.ceiling, sympy.frac)):
            add(sympy.sin(sympy.pi * node.args[0]))
    return found
