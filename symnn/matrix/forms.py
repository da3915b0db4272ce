r"""Textbook forms of matrix expressions: expand, collect, and nothing SymPy-internal left over.

* :func:`terms` expands into a list of ``(scalar coefficient, (matrix factors…))``, writing each
  1×1 term in the orientation that ends with the variable (a 1×1 matrix equals its transpose:
  ``Wᵀ Xᵀ Y = Yᵀ X W``), and merging like terms.
* :func:`collect` groups terms by the symbolic part of their coefficient (``1/n``, ``λ``) and
  factors common left and right matrix factors out of each group: ``Xᵀ X W/n − Xᵀ Y/n + λ W``
  becomes ``(1/n) Xᵀ (X W − Y) + λ W``, ``A x + Aᵀ x`` becomes ``(A + Aᵀ) x``.
* :func:`artefacts` names the array-expression classes that must never reach a user.

>>> from sympy import MatrixSymbol, Symbol
>>> n, d = Symbol("n", integer=True, positive=True), Symbol("d", integer=True, positive=True)
>>> X, W, Y = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1)
>>> lam = Symbol("lambda", real=True)
>>> textbook(X.T*X*W/n - X.T*Y/n + lam*W)
lambda*W + 1/n*X.T*(X*W - Y)
>>> A, x = MatrixSymbol("A", n, n), MatrixSymbol("x", n, 1)
>>> textbook(A*x + A.T*x)
(A + A.T)*x
>>> expanded((X*W - Y).T*(X*W - Y), W)
W.T*X.T*X*W - 2*Y.T*X*W + Y.T*Y
>>> artefacts(textbook(A*x + A.T*x))
[]
"""

from __future__ import annotations

from typing import Iterable

import sympy
from sympy import Basic, Dummy, Expr, S
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions import Identity, MatAdd, MatMul, MatrixExpr, Trace, ZeroMatrix

__all__ = ["doit", "scaled", "Term", "terms", "from_terms", "expanded", "collect", "textbook", "artefacts", "ARTEFACTS",
           "symmetric_substitution"]

#: SymPy-internal classes that must never appear in a result shown to a user.
ARTEFACTS = ("PermuteDims", "ArrayTensorProduct", "ArrayContraction", "ArrayDiagonal", "ArrayAdd",
             "ArrayDerivative", "DiagMatrix", "DiagonalizeVector", "Lambda", "FunctionMatrix")

Term = tuple[Expr, tuple[MatrixExpr, ...]]


def _protected(expr: Basic, action) -> Basic:
    """``action(expr)`` with each entry of a 1×1 product (``σ(wᵀx)``) hidden behind a dummy, so that
    SymPy does not write it out as an explicit sum of entries."""
    if not isinstance(expr, Basic):
        return expr
    elements = {e: Dummy("e") for e in expr.atoms(MatrixElement)}
    out = action(expr.xreplace(elements))
    return out.xreplace({v: k for k, v in elements.items()})


def doit(expr: Basic) -> Basic:
    """``expr.doit()`` (transposes pushed to the symbols, traces of identities evaluated …), keeping
    the entries of 1×1 products."""
    return _protected(expr, lambda e: e.doit())


def artefacts(expr: Basic) -> list[str]:
    """Names of the :data:`ARTEFACTS` classes occurring in ``expr`` (and in its printed form)."""
    found = {type(node).__name__ for node in sympy.preorder_traversal(expr)}
    text = str(expr)
    return sorted(name for name in ARTEFACTS if name in found or name in text)


def _split(term: Basic) -> Term:
    if isinstance(term, MatMul):
        coeff, mats = term.as_coeff_matrices()
        return coeff, tuple(mats)
    if isinstance(term, MatrixExpr):
        return S.One, (term,)
    return term, ()


def _orient(term: Term, wrt: Basic | None, trace: bool = False) -> Term:
    """A 1×1 term (or the argument of a trace: ``tr M = tr Mᵀ``) in the orientation that ends with
    ``wrt`` when only its transpose does (``Yᵀ X W`` rather than ``Wᵀ Xᵀ Y``); otherwise the one
    that sorts first, so that like terms meet."""
    coeff, mats = term
    if not mats or (not trace and (len(mats) == 1 and mats[0].shape == (1, 1)
                                   or MatMul(*mats).shape != (1, 1))):
        return term
    flipped = tuple(m.T for m in reversed(mats))
    if wrt is not None and (mats[-1] == wrt) != (flipped[-1] == wrt):
        return term if mats[-1] == wrt else (coeff, flipped)
    return min(term, (coeff, flipped), key=lambda t: sympy.default_sort_key(MatMul(*t[1])))


def _expand_traces(expr: Expr, wrt: Basic | None) -> Expr:
    """Linearity of the trace: tr(Σ cᵢ Mᵢ) = Σ cᵢ tr(Mᵢ), each Mᵢ oriented (tr M = tr Mᵀ)."""
    def expand_one(t: Trace) -> Expr:
        out = []
        for c, mats in terms(t.arg, wrt):
            c, mats = _orient((c, mats), wrt, trace=True)
            out.append(c * Trace(MatMul(*mats) if len(mats) > 1 else mats[0]))
        return sympy.Add(*out)

    return expr.replace(lambda e: isinstance(e, Trace), expand_one)


def terms(expr: Basic, wrt: Basic | None = None) -> list[Term]:
    """``expr`` expanded into ``(coefficient, factors)`` terms, 1×1 terms oriented towards ``wrt``,
    like terms merged (order of first appearance kept).

    A scalar term (a trace, a log-determinant …) has no factors: its coefficient is the whole term.
    """
    from ..elementwise import as_hadamard
    from ..structured import orthogonal_products

    expr = orthogonal_products(as_hadamard(expr))  # diag(v) x = v ⊙ x; QᵀQ = I
    if isinstance(expr, MatrixExpr):
        pieces = MatAdd.make_args(_protected(expr, lambda e: e.doit().expand()))
    else:
        pieces = sympy.Add.make_args(_protected(expr, lambda e: sympy.expand(_expand_traces(e.doit(), wrt))))
    merged: dict[tuple, Expr] = {}
    for piece in pieces:
        if isinstance(piece, ZeroMatrix) or piece == 0:
            continue
        coeff, mats = _orient(_split(piece), wrt)
        number, rest = (coeff.as_coeff_Mul() if not mats else (coeff, S.One))
        key = (mats, rest)
        merged[key] = merged.get(key, S.Zero) + number
    return [(c * rest, m) for (m, rest), c in merged.items() if c != 0]


def from_terms(items: Iterable[Term], shape=None) -> Basic:
    """The sum of ``(coefficient, factors)`` terms (a zero matrix of ``shape`` when empty)."""
    parts = [_term_expr(c, m) for c, m in items]
    if not parts:
        return ZeroMatrix(*shape) if shape is not None else S.Zero
    if len(parts) == 1:
        return parts[0]
    return MatAdd(*parts) if isinstance(parts[0], MatrixExpr) else sympy.Add(*parts)


def _term_expr(coeff: Expr, mats: tuple) -> Basic:
    if not mats:
        return coeff
    if coeff == 1:
        return MatMul(*mats) if len(mats) > 1 else mats[0]
    return MatMul(coeff, *mats)


def expanded(expr: Basic, wrt: Basic | None = None) -> Basic:
    """``expr`` expanded term by term (see :func:`terms`)."""
    shape = expr.shape if isinstance(expr, MatrixExpr) else None
    return from_terms(terms(expr, wrt), shape)


# --------------------------------------------------------------------------- collecting


def _common_number(numbers: list[Expr]) -> Expr:
    """The positive gcd of rational ``numbers`` (with the sign of the first when all are negative)."""
    g = numbers[0]
    for v in numbers[1:]:
        g = sympy.gcd(g, v)
    g = abs(g) if g != 0 else S.One
    if all(v.could_extract_minus_sign() for v in numbers):
        g = -g
    return g


def _prefix_len(seqs: list[tuple]) -> int:
    k = 0
    while all(len(s) > k for s in seqs) and all(s[k] == seqs[0][k] for s in seqs):
        k += 1
    return k


def _suffix_len(seqs: list[tuple], used: int) -> int:
    k = 0
    while (all(len(s) - used > k for s in seqs)
           and all(s[len(s) - 1 - k] == seqs[0][len(seqs[0]) - 1 - k] for s in seqs)):
        k += 1
    return k


def _factor(items: list[tuple[Expr, tuple]]) -> Basic:
    """Factor common numbers and common left/right factors out of terms with number coefficients."""
    if len(items) == 1:
        return _term_expr(*items[0])
    g = _common_number([c for c, _ in items])
    items = [(c / g, m) for c, m in items]
    seqs = [m for _, m in items]
    p = _prefix_len(seqs)
    s = _suffix_len(seqs, p)
    if p == 0 and s == 0:
        inner = _group_partially(items)
        return scaled(g, inner)
    prefix, suffix = seqs[0][:p], seqs[0][len(seqs[0]) - s:] if s else ()
    size = prefix[-1].cols if prefix else suffix[0].rows
    middles = []
    for c, m in items:
        mid = m[p:len(m) - s]
        middles.append((c, mid if mid else (Identity(size),)))
    inner = _factor(middles)
    factors = [*prefix, inner, *suffix]
    return scaled(g, MatMul(*factors))


def scaled(c: Expr, m: Basic) -> Basic:
    """``c·m`` as one flat product (``(1/n) Xᵀ (X W − Y)``, not ``(1/n) (Xᵀ (X W − Y))``)."""
    if c == 1:
        return m
    if not isinstance(m, MatrixExpr):
        return c * m
    if isinstance(m, MatMul):
        coeff, mats = m.as_coeff_matrices()
        return MatMul(c * coeff, *mats) if c * coeff != 1 else MatMul(*mats)
    return MatMul(c, m)


def _group_partially(items: list[tuple[Expr, tuple]]) -> Basic:
    """Terms without a factor common to all: factor the largest subset sharing a first or last
    factor, and leave the rest as they are."""
    best: list[int] = []
    for side in (0, -1):
        keys: dict = {}
        for i, (_, m) in enumerate(items):
            keys.setdefault(m[side], []).append(i)
        for idx in keys.values():
            if len(idx) > len(best):
                best = idx
    if len(best) < 2:
        return MatAdd(*[_term_expr(c, m) for c, m in items])
    grouped = _factor([items[i] for i in best])
    rest = [_term_expr(*items[i]) for i in range(len(items)) if i not in best]
    return MatAdd(grouped, *rest) if rest else grouped


def collect(items: list[Term], shape=None) -> Basic:
    """Group terms by the symbolic part of their coefficient and factor each group (module doc)."""
    groups: dict[Expr, list[tuple[Expr, tuple]]] = {}
    for coeff, mats in items:
        number, rest = coeff.as_coeff_Mul()
        groups.setdefault(rest, []).append((number, mats))
    parts = []
    for rest, group in groups.items():
        if not all(m for _, m in group):  # scalar terms (no matrices) are simply added
            parts.append(rest * sum(c for c, _ in group))
            continue
        inner = _factor(group)
        parts.append(scaled(rest, inner))
    if not parts:
        return ZeroMatrix(*shape) if shape is not None else S.Zero
    return parts[0] if len(parts) == 1 else MatAdd(*parts)


def textbook(expr: Basic, wrt: Basic | None = None) -> Basic:
    """``expr`` expanded, like terms merged, then collected (see the module doc)."""
    shape = expr.shape if isinstance(expr, MatrixExpr) else None
    return collect(terms(expr, wrt), shape)


def symmetric_substitution(expr: Basic, symmetric: Iterable[Basic]) -> Basic:
    """``expr`` with ``Aᵀ`` replaced by ``A`` for each symmetric ``A`` (transposes pushed to the
    symbols first)."""
    symmetric = list(symmetric)
    if not symmetric:
        return expr
    return _protected(expr, lambda e: e.doit().xreplace({a.T: a for a in symmetric}))
