r"""Two-witness checks of matrix claims: gradients (:func:`check_matrix`) and identities
(:func:`check_matrix_equation`).

The **symbolic witness** computes the gradient with the rule table (:mod:`symnn.matrix.rules`),
subtracts the claim, expands and merges like terms (:func:`symnn.matrix.forms.terms`); an empty
sum is a proof.  It never *disproves* (the expansion is not a complete normal form), so a wrong
claim is refuted by the **numeric witness** (:mod:`symnn.matrix.certificate`), which confirms
every disagreement independently.  The verdicts combine exactly as in :mod:`symnn.verify`.

Assumptions: ``Eq(A, A.T)`` (or the text ``A = A^T``) declares ``A`` symmetric: the symbolic
witness replaces ``Aᵀ`` by ``A`` and the numeric one draws symmetric matrices.  A sign fact such as
``λ > 0`` restricts the random values of λ.

>>> from sympy import MatrixSymbol, Symbol, Eq
>>> n = Symbol("n", integer=True, positive=True)
>>> A, x = MatrixSymbol("A", n, n), MatrixSymbol("x", n, 1)
>>> v = check_matrix(x.T * A * x, x, (A + A.T) * x)
>>> v.verdict, v.method
('verified', 'symbolic')
>>> check_matrix(x.T * A * x, x, 2 * A * x).verdict
'refuted'
>>> check_matrix(x.T * A * x, x, 2 * A * x, assume=[Eq(A, A.T)]).verdict
'verified'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import sympy
from sympy import Basic, MatrixSymbol, Symbol
from sympy.matrices.expressions import MatAdd, MatMul, MatrixExpr, ZeroMatrix

from ..errors import SymnnInputError
from ..verdict import Verdict
from ..verify import SymbolicResult, two_witnesses
from .forms import symmetric_substitution, terms
from .rules import NoMatrixRule, gradient
from .shapes import shape_text

__all__ = ["MatrixAssumptions", "read_assumptions", "check_matrix", "check_matrix_equation", "same_matrix"]


@dataclass
class MatrixAssumptions:
    """What the assumptions say: symmetric matrices, positive scalars, and all relations as given."""

    symmetric: list[MatrixSymbol] = field(default_factory=list)
    positive: list[Symbol] = field(default_factory=list)
    relations: tuple[Basic, ...] = ()


def _is_symmetry(a: Basic) -> MatrixSymbol | None:
    if not isinstance(a, sympy.Equality):
        return None
    lhs, rhs = a.args
    for p, q in ((lhs, rhs), (rhs, lhs)):
        if isinstance(p, MatrixSymbol) and q == p.T:
            return p
    return None


def read_assumptions(assume: Iterable[Basic]) -> MatrixAssumptions:
    """Sort parsed assumptions (relations) into symmetric matrices and positive scalars.

    A matrix relation other than ``A = Aᵀ`` is an input error: nothing is silently ignored.
    """
    out = MatrixAssumptions(relations=tuple(assume))
    for a in out.relations:
        sym = _is_symmetry(a)
        if sym is not None:
            if sym.rows != sym.cols:
                raise SymnnInputError(f"{sym.name} is {shape_text(sym.shape)}: only a square matrix can be symmetric")
            out.symmetric.append(sym)
            continue
        if any(isinstance(side, MatrixExpr) for side in getattr(a, "args", ())):
            raise SymnnInputError(f"unsupported matrix assumption {a}: only A = A^T (symmetry) is understood")
        if isinstance(a, (sympy.StrictGreaterThan, sympy.GreaterThan)) and a.rhs == 0 and a.lhs.is_Symbol:
            out.positive.append(a.lhs)
        elif isinstance(a, (sympy.StrictLessThan, sympy.LessThan)) and a.lhs == 0 and a.rhs.is_Symbol:
            out.positive.append(a.rhs)
    return out


def _cyclic_traces(expr: Basic) -> Basic:
    """tr(ABC) = tr(BCA) = tr(CAB): each trace of a product in one canonical rotation (traces of
    sums split first)."""
    def rotate(node):
        inner = node.arg
        if isinstance(inner, MatAdd):  # linearity first: tr(A + B) = tr A + tr B
            return sympy.Add(*[rotate(sympy.Trace(term)) for term in inner.args])
        if not isinstance(inner, MatMul):
            return node
        factors = [a for a in inner.args if isinstance(a, MatrixExpr)]
        scalars = [a for a in inner.args if not isinstance(a, MatrixExpr)]
        if len(factors) < 2:
            return node
        best = min((factors[k:] + factors[:k] for k in range(len(factors))), key=lambda fs: [sympy.srepr(f) for f in fs])
        return MatMul(*scalars, sympy.Trace(MatMul(*best))) if scalars else sympy.Trace(MatMul(*best))

    return expr.replace(lambda n: isinstance(n, sympy.Trace), rotate)


def same_matrix(lhs: Basic, rhs: Basic, symmetric: Iterable[Basic] = ()) -> bool:
    """True when ``lhs - rhs`` expands to zero (a proof; False means *not proved*); traces of
    products are compared up to cyclic rotation."""
    lhs, rhs = _cyclic_traces(lhs), _cyclic_traces(rhs)
    try:
        if isinstance(lhs, MatrixExpr):  # no operator arithmetic: it would write σ(wᵀx) out as a sum
            diff = MatAdd(lhs, MatMul(-1, rhs))
        else:
            diff = lhs - rhs
        diff = symmetric_substitution(diff, symmetric)
        return not terms(diff)
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        return False


def _as_claim(claim: Basic, wrt: MatrixSymbol) -> Basic:
    if not isinstance(claim, MatrixExpr) and claim == 0:
        return ZeroMatrix(*wrt.shape)
    return claim


def _matrix_witness(exprs, wrt, facts: MatrixAssumptions, seed: int, quick: bool = False):
    """The one numeric witness (:mod:`symnn.witness`) at concrete sizes, entry by entry."""
    from ..witness import WitnessResult, witness
    from ..witness.exact import exactify
    from ..witness.instances import _NotInstantiable, matrix_instances

    exprs = [exactify(e) if isinstance(e, Basic) else e for e in exprs]
    scalar_relations = [a for a in facts.relations if not any(isinstance(side, MatrixExpr) for side in a.args)]
    properties = {m: "symmetric" for m in facts.symmetric}
    properties.update(getattr(facts, "properties", {}) or {})
    try:
        found = matrix_instances(exprs, wrt, scalar_relations, seed=seed, properties=properties, quick=quick)
    except _NotInstantiable as exc:
        return WitnessResult("no_points", message=str(exc))
    if not found:
        return WitnessResult("no_points", message="no concrete sizes fit the declared shapes", complete=not quick)
    return witness(exprs[0], exprs[1], seed=seed, instances=found, quick=quick)


def check_matrix(objective: Basic, wrt: MatrixSymbol, claim: Basic, assume: Iterable[Basic] = (), seed: int = 0,
                 subject: str | None = None) -> Verdict:
    """Is ``claim`` equal to ∇_wrt objective (denominator layout: shaped like ``wrt``)?"""
    if not isinstance(wrt, MatrixSymbol):
        raise SymnnInputError(f"differentiate a matrix objective with respect to a declared matrix or vector, not {wrt}")
    what = subject or "the claimed gradient"
    facts = read_assumptions(assume)
    claim = _as_claim(claim, wrt)
    claim_shape = claim.shape if isinstance(claim, MatrixExpr) else (1, 1)
    if tuple(claim_shape) != tuple(wrt.shape):
        return Verdict("refuted", method="symbolic", closed_form=claim, symbolic="disproved: wrong shape", message=(
            f"{what} is false: it has shape {shape_text(claim_shape)}, but the gradient with respect to "
            f"{wrt.name} has the shape of {wrt.name}, {shape_text(wrt.shape)}"))
    try:
        truth = gradient(objective, wrt)
        if same_matrix(truth, claim, facts.symmetric):
            sym = SymbolicResult("proved", "the difference to the rule-table gradient expands to zero")
        else:
            sym = SymbolicResult("inconclusive", "the difference to the rule-table gradient does not expand to zero")
    except NoMatrixRule as exc:
        sym = SymbolicResult("inconclusive", str(exc))
    verdict = two_witnesses(lambda quick: _matrix_witness([objective, claim], wrt, facts, seed, quick),
                            lambda refuted: sym, what)
    verdict.closed_form = claim
    return verdict


def check_matrix_equation(lhs: Basic, rhs: Basic, assume: Iterable[Basic] = (), seed: int = 0) -> Verdict:
    """Is ``lhs == rhs`` for all sizes and values (within the assumptions)?

    >>> from sympy import MatrixSymbol, Symbol
    >>> n = Symbol("n", integer=True, positive=True)
    >>> A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
    >>> check_matrix_equation((A * B).T, B.T * A.T).verdict
    'verified'
    >>> check_matrix_equation((A * B).T, A.T * B.T).verdict
    'refuted'
    """
    facts = read_assumptions(assume)
    shapes = [x.shape if isinstance(x, MatrixExpr) else (1, 1) for x in (lhs, rhs)]
    if tuple(shapes[0]) != tuple(shapes[1]):
        return Verdict("refuted", method="symbolic", closed_form=rhs, symbolic="disproved: different shapes",
                       message=f"the equation is false: the left side is {shape_text(shapes[0])} and the right "
                               f"side {shape_text(shapes[1])}")
    if same_matrix(lhs, rhs, facts.symmetric):
        sym = SymbolicResult("proved", "the difference expands to zero")
    else:
        sym = SymbolicResult("inconclusive", "the difference does not expand to zero")
    verdict = two_witnesses(lambda quick: _matrix_witness([lhs, rhs], None, facts, seed, quick),
                            lambda refuted: sym, "the equation")
    verdict.closed_form = rhs
    return verdict
