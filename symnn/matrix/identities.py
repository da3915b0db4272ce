r"""The named textbook identities that justify the lines of a matrix proof.

The gradient itself always comes from the rule table (:mod:`symnn.matrix.rules`); this module only
*names* the identity a term instantiates, so that the proof reads like a textbook: one table, one
identity a line, each stated on generic symbols (a, x: n×1; A, B: n×n; X: n×m).

>>> from sympy import MatrixSymbol, Symbol, Trace
>>> n = Symbol("n", integer=True, positive=True)
>>> A, x = MatrixSymbol("A", n, n), MatrixSymbol("x", n, 1)
>>> identity_for(x.T * A * x, x).name
'quadratic form'
>>> from symnn.latex.printer import latex
>>> print(latex(identity_for(x.T * A * x, x).equation))
\nabla_{x} (x^{T} A x) = (A + A^{T}) x
>>> identity_for(Trace(A * x * x.T), A).name
'trace of a product'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Basic, Eq, MatrixSymbol, Symbol
from sympy.matrices.expressions import Determinant, HadamardProduct, Identity, Inverse, MatMul, Trace, Transpose

from ..elementwise import Entrywise
from .notation import MatrixGradient

__all__ = ["NamedIdentity", "IDENTITIES", "identity_for"]

_n = Symbol("n", integer=True, positive=True)
_m = Symbol("m", integer=True, positive=True)
_a, _x = MatrixSymbol("a", _n, 1), MatrixSymbol("x", _n, 1)
_A, _B = MatrixSymbol("A", _n, _n), MatrixSymbol("B", _n, _n)
_X = MatrixSymbol("X", _n, _m)
_f = sympy.Function("f")


@dataclass(frozen=True)
class NamedIdentity:
    """A named identity and its statement on generic symbols."""

    name: str
    equation: Eq | None


def _grad(f, v):
    return MatrixGradient(f, v)


#: name → statement.  Denominator layout throughout: ∇_V f has the shape of V.
IDENTITIES: dict[str, NamedIdentity] = {i.name: i for i in [
    NamedIdentity("linear form", Eq(_grad(_a.T * _x, _x), _a)),
    NamedIdentity("squared norm", Eq(_grad(_x.T * _x, _x), 2 * _x)),
    NamedIdentity("quadratic form", Eq(_grad(_x.T * _A * _x, _x), (_A + _A.T) * _x)),
    NamedIdentity("trace", Eq(_grad(Trace(_A), _A), Identity(_n))),
    NamedIdentity("trace of a product", Eq(_grad(Trace(_A * _B), _A), _B.T)),
    NamedIdentity("trace of a transposed product", Eq(_grad(Trace(_A.T * _B), _A), _B)),
    NamedIdentity("squared Frobenius norm", Eq(_grad(Trace(_X.T * _X), _X), 2 * _X)),
    NamedIdentity("trace of a quadratic form", Eq(_grad(Trace(_X.T * _A * _X), _X), (_A + _A.T) * _X)),
    NamedIdentity("log-determinant", Eq(_grad(sympy.log(Determinant(_A)), _A), Inverse(_A.T))),
    NamedIdentity("determinant", Eq(_grad(Determinant(_A), _A), Determinant(_A) * Inverse(_A.T))),
    NamedIdentity("chain rule, entrywise", Eq(_grad(_a.T * Entrywise(_f, _x), _x),
                                              HadamardProduct(_a, Entrywise(_f, _x, 1)))),
    NamedIdentity("differentials", None),  # the rule table itself: product rule, d(A⁻¹) = −A⁻¹ dA A⁻¹, ...
]}


def _factors(body: Basic) -> tuple:
    if isinstance(body, MatMul):
        return tuple(body.as_coeff_matrices()[1])
    return (body,)


def _constant(factors, v) -> bool:
    return not any(f.has(v) for f in factors)


def _entrywise_of(fs: tuple, v: MatrixSymbol) -> bool:
    """aᵀ f(v) or f(v)ᵀ a with a constant: f applied entrywise to the variable itself."""
    def is_f(e):
        return isinstance(e, Entrywise) and e.arg == v
    if is_f(fs[-1]) and _constant(fs[:-1], v):
        return True
    return isinstance(fs[0], Transpose) and is_f(fs[0].arg) and _constant(fs[1:], v)


def identity_for(body: Basic, v: MatrixSymbol) -> NamedIdentity:
    """The identity whose instance is ∇_v body (``body`` without its constant coefficient)."""
    if isinstance(body, sympy.log) and isinstance(body.args[0], Determinant) and body.args[0].arg == v:
        return IDENTITIES["log-determinant"]
    if isinstance(body, Determinant) and body.arg == v:
        return IDENTITIES["determinant"]
    if isinstance(body, Trace):
        fs = _factors(body.arg)
        if fs == (v,):
            return IDENTITIES["trace"]
        if fs.count(v) + fs.count(v.T) == len([f for f in fs if f.has(v)]):
            if fs.count(v) == 1 and fs.count(v.T) == 0:
                return IDENTITIES["trace of a product"]
            if fs.count(v.T) == 1 and fs.count(v) == 0:
                return IDENTITIES["trace of a transposed product"]
            if fs == (v.T, v):
                return IDENTITIES["squared Frobenius norm"]
            if len(fs) >= 3 and fs[0] == v.T and fs[-1] == v and _constant(fs[1:-1], v):
                return IDENTITIES["trace of a quadratic form"]
        return IDENTITIES["differentials"]
    fs = _factors(body)
    if getattr(body, "shape", None) == (1, 1) and fs and _entrywise_of(fs, v):
        return IDENTITIES["chain rule, entrywise"]
    if getattr(body, "shape", None) == (1, 1) and fs and fs[-1] == v:
        if len(fs) >= 2 and _constant(fs[:-1], v):
            return IDENTITIES["linear form"]
        if fs[0] == v.T and len(fs) == 2:
            return IDENTITIES["squared norm"]
        if fs[0] == v.T and _constant(fs[1:-1], v):
            return IDENTITIES["quadratic form"]
    return IDENTITIES["differentials"]
