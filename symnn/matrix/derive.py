r"""Derivations of matrix gradients, step by step, and (on request) of the optimum.

The proof of ∇_V f, for a scalar objective f:

1. **expand** the products into a sum of terms (a 1×1 matrix equals its transpose, so
   ``Wᵀ Xᵀ Y = Yᵀ X W`` and like terms merge);
2. **linearity**: the gradient of a sum is the sum of the gradients; constant terms drop;
3. **one named identity a line** (:mod:`symnn.matrix.identities`): each term's gradient comes
   from the rule table (:mod:`symnn.matrix.rules`), the line names the identity it instantiates;
4. **collect** into the textbook form (:func:`symnn.matrix.forms.textbook`);
5. under ``A = Aᵀ``, **use the symmetry**.

The closed form is then checked by both witnesses (:func:`symnn.matrix.check.check_matrix`:
numerically with complex-step derivatives on random concrete shapes).  With ``solve=True`` the
normal equations, the MatrixHessian and W* follow (:mod:`symnn.matrix.solve`), with their own verdict.

>>> from sympy import MatrixSymbol, Symbol, Transpose, Rational
>>> n, d = Symbol("n", integer=True, positive=True), Symbol("d", integer=True, positive=True)
>>> X, W, Y = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1)
>>> lam = Symbol("lambda", real=True)
>>> ridge = Transpose(X*W - Y) * (X*W - Y) / (2*n) + lam / 2 * W.T * W
>>> D = derive_matrix(ridge, W, solve=True)
>>> D.closed_form
lambda*W + 1/n*X.T*(X*W - Y)
>>> D.verdict.verdict, D.optimum.verdict.verdict
('verified', 'verified')
>>> [s.rule for s in D.steps]
['algebra', 'linearity', 'matrix identity', 'matrix identity', 'matrix identity', 'algebra']
>>> D.optimum.solution
1/n*(lambda*I + 1/n*X.T*X)**(-1)*X.T*Y
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import sympy
from sympy import Basic, Expr, MatrixSymbol, S
from sympy.matrices.expressions import MatAdd, MatMul, MatrixExpr, ZeroMatrix

from ..calculus.derivation import Derivation, Step
from ..errors import SymnnInputError
from .check import MatrixAssumptions, check_matrix, read_assumptions
from .forms import from_terms, scaled, symmetric_substitution, terms, textbook
from .identities import identity_for
from .notation import MatrixGradient
from .rules import gradient
from .shapes import shape_text
from .solve import Optimum, stationary_point, verify_optimum

__all__ = ["MatrixDerivation", "derive_matrix", "LAYOUT_NOTE"]

LAYOUT_NOTE = ("Layout: denominator layout. The gradient with respect to {v} has the shape of {v} ({shape}); "
               "its entry (i, j) is the partial derivative of the objective with respect to the entry (i, j) of {v}.")


@dataclass
class MatrixDerivation(Derivation):
    """A :class:`~symnn.calculus.derivation.Derivation` of ∇_V f, plus the optimum when solved.

    ``optimum`` (an :class:`~symnn.matrix.solve.Optimum`, with its own ``verdict``) is set by
    ``derive_matrix(..., solve=True)``.
    """

    optimum: Optimum | None = None
    symmetric: list = field(default_factory=list)

    def latex(self) -> str:
        """The proof as ``align*`` blocks: the gradient, then (when solved) the optimum."""
        from .report import render_matrix_derivation

        return render_matrix_derivation(self)

    def document(self, title: str | None = None) -> str:
        """A complete, compilable LaTeX document: statement, proof, optimum, verification, notes."""
        from .report import matrix_document

        return matrix_document(self, title=title)

    def sections(self) -> list[tuple[str, str]]:
        """The write-up's ``(heading, body)`` pairs, the optimum included (used by every renderer)."""
        from .report import matrix_sections

        return matrix_sections(self)

    @property
    def overall(self):
        """The worse of the gradient's verdict and the optimum's (the CLI's exit status)."""
        verdicts = [v for v in (self.verdict, self.optimum.verdict if self.optimum else None) if v is not None]
        return max(verdicts, key=lambda v: (v.verdict != "verified", v.exit_code))


def _split_term(coeff: Expr, mats: tuple, v: MatrixSymbol) -> tuple[Expr, Basic]:
    """(constant coefficient, body): the part of a term's coefficient free of ``v``, and the rest."""
    const = [f for f in sympy.Mul.make_args(coeff) if not f.has(v)]
    varying = [f for f in sympy.Mul.make_args(coeff) if f.has(v)]
    c = sympy.Mul(*const)
    if not mats:
        return c, sympy.Mul(*varying)
    body = MatMul(*varying, *mats) if (varying or len(mats) > 1) else mats[0]
    return c, body


def _sum(parts: list[Basic], shape) -> Basic:
    parts = [p for p in parts if not isinstance(p, ZeroMatrix)]
    if not parts:
        return ZeroMatrix(*shape)
    return parts[0] if len(parts) == 1 else MatAdd(*parts)


def _gradient_steps(objective: Basic, v: MatrixSymbol, facts: MatrixAssumptions) -> tuple[list[Step], Basic]:
    steps: list[Step] = []
    items = terms(objective, v)
    expanded = from_terms(items, getattr(objective, "shape", None))
    if expanded != objective and len(items) > 1:
        steps.append(Step(MatrixGradient(expanded, v), "algebra", "expand (a 1x1 matrix is its own transpose)"))
    split = [_split_term(c, m, v) for c, m in items]
    varying = [(c, body) for c, body in split if body.has(v)]
    constants = [scaled(c, body) for c, body in split if not body.has(v)]
    if not varying:
        zero = ZeroMatrix(*v.shape)
        steps.append(Step(zero, "constant rule", f"the objective does not depend on {v.name}"))
        return steps, zero
    pending: list[Basic] = [scaled(c, MatrixGradient(body, v)) for c, body in varying]
    if len(varying) > 1 or constants or varying[0][0] != 1:
        why = "linearity"
        if constants:
            why += "; constants have zero gradient"
        steps.append(Step(_sum(pending, v.shape), "linearity", why))
    # One step per identity, in order of first use.
    by_identity: dict[str, list[int]] = {}
    named = {}
    for i, (_, body) in enumerate(varying):
        ident = identity_for(body, v)
        by_identity.setdefault(ident.name, []).append(i)
        named[ident.name] = ident
    results = [textbook(gradient(body, v)) for _, body in varying]
    for name, idx in by_identity.items():
        for i in idx:
            pending[i] = scaled(varying[i][0], results[i])
        ident = named[name]
        if ident.equation is None:
            why = "matrix differentials: product rule, d(A^-1) = -A^-1 dA A^-1, d det A = det A tr(A^-1 dA)"
            steps.append(Step(_sum(pending, v.shape), "matrix identity", why))
        else:
            steps.append(Step(_sum(pending, v.shape), "matrix identity", name, (ident.equation,)))
    closed = textbook(_sum(pending, v.shape), v)
    if closed != steps[-1].expr:
        steps.append(Step(closed, "algebra", "collect terms"))
    if facts.symmetric:
        sym = textbook(symmetric_substitution(closed, facts.symmetric), v)
        if sym != closed:
            names = ", ".join(a.name for a in facts.symmetric)
            steps.append(Step(sym, "assumption", f"{names} symmetric (assumed)",
                              tuple(sympy.Eq(a.T, a, evaluate=False) for a in facts.symmetric)))
            closed = sym
    return steps, closed


def derive_matrix(objective: Basic, wrt: MatrixSymbol, solve: bool = False, assume: Iterable[Basic] = (),
                  seed: int = 0) -> MatrixDerivation:
    """∇_wrt objective in textbook form, with its proof and verdict; with ``solve``, the optimum.

    ``objective`` is a scalar (1×1 matrix expression, or a scalar made of traces, determinants and
    scalars); ``wrt`` a matrix symbol.  ``assume`` holds parsed relations (``Eq(A, A.T)``, ``λ > 0``).
    """
    if not isinstance(wrt, MatrixSymbol):
        raise SymnnInputError(f"differentiate a matrix objective with respect to a declared matrix or vector, not {wrt}")
    if isinstance(objective, MatrixExpr) and objective.shape != (1, 1):
        raise SymnnInputError(
            f"the objective must be a scalar (1×1); it has shape {shape_text(objective.shape)}")
    facts = read_assumptions(assume)
    steps, closed = _gradient_steps(objective, wrt, facts)
    notes = [LAYOUT_NOTE.format(v=wrt.name, shape=shape_text(wrt.shape))]
    if facts.symmetric:
        notes.append("Assumed symmetric: " + ", ".join(f"{a.name} = {a.name}^T" for a in facts.symmetric) + ".")
    d = MatrixDerivation(expr=objective, wrt=(wrt,), order=1, start=MatrixGradient(objective, wrt), steps=steps,
                         closed_form=closed, notes=notes, assumptions=tuple(facts.relations),
                         symmetric=list(facts.symmetric))
    d.verdict = check_matrix(objective, wrt, closed, facts.relations, seed=seed, subject="the derived gradient")
    if solve:
        opt = stationary_point(closed, wrt, positive=facts.positive)
        opt.verdict = verify_optimum(objective, wrt, closed, opt, facts, seed=seed)
        d.optimum = opt
        d.notes += _optimum_notes(opt)
    return d


def _optimum_notes(opt: Optimum) -> list[str]:
    v = opt.wrt.name
    notes = []
    if opt.definiteness == "positive definite":
        cond = f" (for {', '.join(map(str, opt.conditions))})" if opt.conditions else ""
        notes.append(f"The Hessian H is positive definite{cond}, so the objective is strictly convex and "
                     f"{v}* is its unique minimiser.")
    elif opt.definiteness == "positive semidefinite":
        mats = ", ".join(str(m) for m in opt.rank_condition)
        notes.append(f"The Hessian H is positive semidefinite, so every stationary point is a minimiser; H is "
                     f"invertible (and {v}* unique) exactly when {mats} has full column rank, which is assumed.")
    else:
        notes.append(f"The formula for {v}* assumes that H is invertible; its definiteness was not established.")
    return notes
