r"""Exact inputs and high-precision evaluation: the arithmetic under every numeric witness.

A decimal the user typed (``1.0000005``, ``0.7``) means that exact rational number, so every
``Float`` is turned into the ``Rational`` of its decimal text before anything is compared: the
difference of a claim and the truth is then an exact expression, and a factor 1.000001 or a term
10^{-9} x is a real, nonzero difference, not something a tolerance may hide.

Expressions are compiled with ``lambdify`` to mpmath (vocabulary functions through their
definitions; the non-smooth ones through the small namespace below) and evaluated at any
precision.

>>> from sympy import Float, Symbol
>>> x = Symbol("x", real=True)
>>> exactify(Float("1.0000005") * x)
2000001*x/2000000
>>> f = compile_mp([x], x**2 / 3)
>>> import mpmath
>>> with mpmath.workdps(30):
...     print(f(mpmath.mpf(1)))
0.333333333333333333333333333333
"""

from __future__ import annotations

import functools
from typing import Callable, Sequence

import mpmath
import sympy
from sympy import Basic, Expr, Float, Rational


def exactify(expr: Basic) -> Basic:
    """Every ``Float`` replaced by the exact rational its decimal digits denote."""
    floats = expr.atoms(Float)
    if not floats:
        return expr
    return expr.xreplace({f: Rational(str(f)) for f in floats})


def _relu(x):
    return x if x > 0 else 0 * x


def _indicator(x):
    return mpmath.mpf(1) if x > 0 else mpmath.mpf(0)


def _heaviside(x, h0=None):
    if x > 0:
        return mpmath.mpf(1)
    if x < 0:
        return mpmath.mpf(0)
    return mpmath.mpf(h0) if h0 is not None else mpmath.mpf(0.5)


def _sign(x):
    return mpmath.sign(x)


def _kronecker(a, b):
    return mpmath.mpf(1) if a == b else mpmath.mpf(0)


#: mpmath implementations of the functions lambdify's mpmath printer does not know.
MP_NAMESPACE: dict[str, Callable] = {
    "relu": _relu,
    "indicator": _indicator,
    "Heaviside": _heaviside,
    "sign": _sign,
    "KroneckerDelta": _kronecker,
    "erf": mpmath.erf,
    "Max": max,
    "Min": min,
}


def elementary_for_numbers(expr: Expr) -> Expr:
    """``expr`` with the indexed vocabulary written out (softmax → its Σ, ...); the scalar
    vocabulary is evaluated through each function's own definition (:func:`_vocabulary_mp`)."""
    from ..indexed import expand_indexed_definitions

    return expand_indexed_definitions(expr)


@functools.lru_cache(maxsize=None)
def _vocabulary_mp(name: str) -> Callable:
    """The mpmath function of the scalar vocabulary class ``name``, compiled from its
    *definition* (σ from 1/(1+e^{−x}), not from any closed-form rule) the first time a claim
    uses it (lambdify costs milliseconds a function, and a claim uses a few of them)."""
    from ..vocabulary import NNFunction

    cls = NNFunction._registry[name]
    n = cls.nargs
    arity = min(n) if isinstance(n, (set, frozenset)) else int(next(iter(n)) if hasattr(n, "__iter__") else n)
    args = sympy.symbols(f"t0:{arity}", real=True)
    return sympy.lambdify(args, cls.definition(*args), modules=[dict(MP_NAMESPACE), "mpmath"])


def compile_mp(symbols: Sequence[Basic], expr: Expr) -> Callable:
    """A function of mpmath numbers computing ``expr``; compiled once per (symbols, expression)."""
    return _compile_mp(tuple(symbols), expr)


@functools.lru_cache(maxsize=512)
def _compile_mp(symbols: tuple, expr: Expr) -> Callable:
    from ..vocabulary import NNFunction

    elementary = elementary_for_numbers(expr)
    namespace = dict(MP_NAMESPACE)
    used = {type(f).__name__ for f in elementary.atoms(sympy.Function)} & set(NNFunction._registry)
    namespace.update({name: _vocabulary_mp(name) for name in used})
    return sympy.lambdify(list(symbols), elementary, modules=[namespace, "mpmath"])


def to_mpf(value: Rational | int) -> mpmath.mpf:
    """An exact rational as an mpmath number at the working precision."""
    value = Rational(value)
    return mpmath.mpf(int(value.p)) / int(value.q)


__all__ = ["exactify", "compile_mp", "elementary_for_numbers", "to_mpf", "MP_NAMESPACE"]
