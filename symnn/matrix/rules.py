r"""The gradient of a scalar matrix objective, from a table of matrix differentials.

One rule a line (autograd's ``defvjp`` table is the model): a rule takes a node and the gradient
``G`` of the objective with respect to that node (its *adjoint*, shaped like the node, denominator
layout) and returns the adjoints of the node's children.  Walking the tree from the objective down
(reverse mode) and adding what reaches the variable gives ∇_V f, a matrix expression shaped like
``V``: never SymPy's array expressions (``PermuteDims``, ``ArrayTensorProduct``, ...).

Each rule is the differential identity written next to it; with ``tr(Gᵀ dM)`` the first-order
change of f when the node M changes by dM:

====================  =================================  =======================================
node M                differential                       adjoint passed to the children
====================  =================================  =======================================
A + B                 dA + dB                            G, G
c·A₁A₂⋯A_k            Σ A₁⋯dA_i⋯A_k                      c (A₁⋯A_{i-1})ᵀ G (A_{i+1}⋯A_k)ᵀ
Aᵀ                    (dA)ᵀ                              Gᵀ
A⁻¹                   −A⁻¹ dA A⁻¹                        −A⁻ᵀ G A⁻ᵀ
A ⊙ B                 dA ⊙ B + A ⊙ dB                    G ⊙ B, G ⊙ A
tr A  (scalar g)      tr dA                              g I
det A (scalar g)      det A · tr(A⁻¹ dA)                 g det(A) A⁻ᵀ
log s (scalar g)      ds / s                             g / s  (so ∇ log det A = A⁻ᵀ)
f(s)  (scalar g)      f'(s) ds                           g f'(s)  (exp, σ, softplus …)
f(A)  entrywise       f'(A) ⊙ dA                         G ⊙ f'(A)  (σ(z), tanh(Wx + b) …)
M₁₁ of a 1×1 M        dM                                 g
====================  =================================  =======================================

SymPy's own ``MatrixExpr.diff`` is not used: in SymPy 1.14 it returns a silent ``0`` for
d log det(A)/dA, an unevaluated ``ArrayDerivative`` for d det(A)/dA and a wrongly shaped
``ArrayDiagonal`` for d tr(A ⊙ B)/dA (see ``tests/test_matrix_rules.py``).

>>> from sympy import MatrixSymbol, Symbol, Trace, Determinant, log
>>> n = Symbol("n", integer=True, positive=True)
>>> A, B, x = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n), MatrixSymbol("x", n, 1)
>>> gradient(x.T * A * x, x)
A*x + A.T*x
>>> gradient(log(Determinant(A)), A)
A.T**(-1)
>>> gradient(Trace(A * B), A)
B.T
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy import Basic, Dummy, Expr, S
from sympy.matrices.expressions import (
    Determinant,
    HadamardPower,
    HadamardProduct,
    Identity,
    Inverse,
    MatAdd,
    MatMul,
    MatPow,
    MatrixExpr,
    MatrixSymbol,
    Trace,
    Transpose,
)

from sympy.matrices.expressions.matexpr import MatrixElement

from ..elementwise import Entrywise, as_hadamard
from ..errors import SymnnInputError

__all__ = ["gradient", "NoMatrixRule", "RULES"]


class NoMatrixRule(SymnnInputError):
    """The objective holds a construct for which the table has no differential."""


Adjoint = Basic  # a matrix expression shaped like the node, or a scalar for a scalar / 1×1 node


def _T(g: Adjoint) -> Adjoint:
    """Transpose of an adjoint (a scalar adjoint is its own transpose)."""
    from .forms import _protected

    return _protected(g, lambda e: e.T) if isinstance(g, MatrixExpr) else g


def _scale(c: Basic, m: Basic) -> Basic:
    """c·M without ``*`` (which would write σ(wᵀx) out as an explicit sum of entries)."""
    from .forms import scaled

    if isinstance(c, MatrixExpr):
        return _product([c, m])
    return scaled(c, m)


def _product(factors: list) -> Basic:
    factors = [f for f in factors if f is not None]
    if not factors:
        return S.One
    return MatMul(*factors).doit(deep=False) if len(factors) > 1 else factors[0]


def _inner(g: Adjoint, m: Basic) -> Expr:
    """⟨G, M⟩ = tr(Gᵀ M): the scalar change of f along M (M a matrix, or a scalar with scalar g)."""
    if not isinstance(m, MatrixExpr):
        return g * m
    if not isinstance(g, MatrixExpr):  # a 1×1 node: tr(g·M) = g·M₁₁
        return g * Trace(m)
    return Trace(_product([_T(g), m]))


# --------------------------------------------------------------------------- the table


def _add(node, g):
    return [(a, g) for a in node.args]


def _matmul(node: MatMul, g):
    coeff, mats = node.as_coeff_matrices()
    out = []
    rest = _product(list(mats))
    scalars = sympy.Mul.make_args(coeff)
    for i, c in enumerate(scalars):  # a scalar factor that depends on V, e.g. tr(V)·M
        others = sympy.Mul(*(scalars[:i] + scalars[i + 1:]))
        out.append((c, others * _inner(g, rest)))
    for i, m in enumerate(mats):
        left = [_T(a) for a in reversed(mats[:i])] or [None]   # (A₁⋯A_{i-1})ᵀ = A_{i-1}ᵀ⋯A₁ᵀ
        right = [_T(a) for a in reversed(mats[i + 1:])] or [None]
        out.append((m, _scale(coeff, _product([*left, g, *right]))))
    return out


def _matpow(node: MatPow, g):
    base, k = node.base, node.exp
    if not (k.is_Integer and k != 0):
        raise NoMatrixRule(f"no matrix-calculus rule for the power {k} of a matrix")
    if k < 0:  # A^{-k} = (A^{-1})^{k}
        return [(MatPow(Inverse(base), -k), g)]
    # d(A^k) = Σ_j A^j dA A^{k-1-j}
    terms = [_product([_pow(base.T, j), g, _pow(base.T, int(k) - 1 - j)]) for j in range(int(k))]
    return [(base, MatAdd(*terms).doit(deep=False))]


def _pow(a, j):
    return None if j == 0 else (a if j == 1 else MatPow(a, j))


def _inverse(node: Inverse, g):
    inv_t = Inverse(node.arg).T
    return [(node.arg, -_product([inv_t, g, inv_t]))]


def _hadamard(node: HadamardProduct, g):
    out = []
    for i, a in enumerate(node.args):
        others = [b for j, b in enumerate(node.args) if j != i]
        rest = others[0] if len(others) == 1 else HadamardProduct(*others)
        out.append((a, HadamardProduct(g, rest) if isinstance(g, MatrixExpr) else _scale(g, rest)))
    return out


def _hadamard_power(node: HadamardPower, g):
    base, k = node.base, node.exp
    power = _scale(k, HadamardPower(base, k - 1))
    return [(base, HadamardProduct(g, power) if isinstance(g, MatrixExpr) else _scale(g, power))]


def _entrywise(node: Entrywise, g):
    factor = node.derivative()
    return [(node.arg, HadamardProduct(g, factor) if isinstance(g, MatrixExpr) else _scale(g, factor))]


def _trace(node: Trace, g):
    return [(node.arg, _scale(g, Identity(node.arg.rows)))]


def _determinant(node: Determinant, g):
    return [(node.arg, _scale(g * node, Inverse(node.arg).T))]


def _log(node, g):
    (s,) = node.args
    if isinstance(s, Determinant):  # ∇ log det A = A⁻ᵀ directly (det A cancels)
        return [(s.arg, _scale(g, Inverse(s.arg).T))]
    return [(s, g / s)]


def _scalar_add(node, g):
    return [(a, g) for a in node.args]


def _scalar_mul(node, g):
    factors = node.args
    return [(f, g * sympy.Mul(*(factors[:i] + factors[i + 1:]))) for i, f in enumerate(factors)]


def _scalar_pow(node, g):
    base, k = node.args
    if k.has(*_matrix_atoms(k)):
        raise NoMatrixRule("no matrix-calculus rule for a power whose exponent depends on a matrix")
    return [(base, g * k * base ** (k - 1))]


def _scalar_function(node, g):
    if len(node.args) != 1:
        raise NoMatrixRule(f"no matrix-calculus rule for {type(node).__name__} of several arguments")
    t = Dummy("t")
    derivative = sympy.diff(node.func(t), t).xreplace({t: node.args[0]})
    return [(node.args[0], g * derivative)]


def _element(node: MatrixElement, g):
    if node.parent.shape != (1, 1):
        raise NoMatrixRule(f"no matrix-calculus rule for the entry {node} of a matrix larger than 1×1")
    return [(node.parent, g)]  # the entry of a 1×1 matrix is the matrix


def _matrix_atoms(e: Basic):
    return tuple(e.atoms(MatrixSymbol))


#: The rule table: node class → rule.  Order matters only for subclasses (checked first).
RULES: list[tuple[type, Callable]] = [
    (MatAdd, _add),
    (MatMul, _matmul),
    (Inverse, _inverse),  # before MatPow: SymPy's Inverse is a MatPow
    (MatPow, _matpow),
    (Transpose, lambda node, g: [(node.arg, _T(g))]),
    (HadamardProduct, _hadamard),
    (HadamardPower, _hadamard_power),
    (Entrywise, _entrywise),
    (Trace, _trace),
    (Determinant, _determinant),
    (sympy.log, _log),
    (sympy.Add, _scalar_add),
    (sympy.Mul, _scalar_mul),
    (sympy.Pow, _scalar_pow),
    (MatrixElement, _element),
    (sympy.Function, _scalar_function),  # exp, σ, softplus …: the chain rule with f'
]


def _rule_for(node: Basic) -> Callable:
    for cls, rule in RULES:
        if isinstance(node, cls):
            return rule
    raise NoMatrixRule(f"no matrix-calculus rule for {type(node).__name__} (in {node})")


def gradient(objective: Basic, wrt: MatrixSymbol) -> MatrixExpr:
    """∇_wrt objective, shaped like ``wrt`` (denominator layout), unsimplified but artefact-free.

    ``objective`` is a scalar: a 1×1 matrix expression, or a scalar built from traces,
    determinants and scalar symbols.  Raises :class:`NoMatrixRule` for a construct outside the
    table (the caller reports it; nothing is guessed).
    """
    if isinstance(objective, MatrixExpr) and objective.shape != (1, 1):
        raise SymnnInputError(
            f"the objective must be a scalar (1×1); it has shape {objective.shape[0]}×{objective.shape[1]}, "
            "and the derivative of a matrix with respect to a matrix is not a matrix")
    reached: list[Adjoint] = []
    stack: list[tuple[Basic, Adjoint]] = [(as_hadamard(objective), S.One)]  # diag(v) x = v ⊙ x
    while stack:
        node, g = stack.pop()
        if node == wrt:
            reached.append(g)
            continue
        if not node.has(wrt):
            continue
        stack.extend(_rule_for(node)(node, g))
    if not reached:
        return sympy.ZeroMatrix(*wrt.shape)
    parts = [r if isinstance(r, MatrixExpr) else _scale(r, Identity(1)) for r in reached]
    from .forms import doit

    return doit(MatAdd(*parts))
