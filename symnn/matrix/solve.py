r"""Setting a gradient to zero: normal equations, the MatrixHessian, and why it is invertible.

A gradient that is affine in the variable, ``∇_W f = H W − b`` (least squares, ridge, any
quadratic objective), has its stationary points where ``H W = b`` (the *normal equations*); when H
is positive definite the stationary point is the unique minimiser ``W* = H⁻¹ b``.  This module
reads H and b off the expanded gradient, recognises the positive (semi)definite pieces of H
(``c·MᵀM`` with c > 0 is positive semidefinite, ``c·I`` with c > 0 positive definite), and
verifies W* numerically on random instances: the gradient of the *objective* (complex step) must
vanish there, and W* must equal the Newton step ``−H_num⁻¹ ∇f(0)`` computed from the objective
alone — two checks that do not use the symbolic gradient.

>>> from sympy import MatrixSymbol, Symbol
>>> n, d = Symbol("n", integer=True, positive=True), Symbol("d", integer=True, positive=True)
>>> X, W, Y = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1)
>>> lam = Symbol("lambda")
>>> opt = stationary_point(X.T * (X * W - Y) / n + lam * W, W)
>>> opt.hessian, opt.rhs
(lambda*I + 1/n*X.T*X, 1/n*X.T*Y)
>>> opt.definiteness, opt.conditions
('positive definite', [lambda > 0])
>>> stationary_point(X.T * (X * W - Y) / n, W).solution
(X.T*X)**(-1)*X.T*Y
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import sympy
from sympy import Basic, Eq, Expr, MatrixSymbol, S, Symbol
from sympy.matrices.expressions import Identity, Inverse, MatAdd, MatMul, MatrixExpr

from ..errors import SymnnInputError
from ..numeric import TOLERANCE
from ..verdict import Verdict
from ..verify import SymbolicResult, _combine
from . import certificate
from .check import MatrixAssumptions, same_matrix
from .evaluate import NotEvaluable, evaluate
from .forms import collect, scaled, terms
from .notation import SquaredNorm
from .shapes import dimension_symbols

__all__ = ["Optimum", "stationary_point", "verify_optimum"]


@dataclass
class Optimum:
    """The stationary point of an objective whose gradient is ``H W − b``.

    ``definiteness`` is "positive definite", "positive semidefinite" or "unknown"; ``conditions``
    (relations such as ``λ > 0``) are the sign facts it rests on that were not assumed;
    ``rank_condition`` names matrices that must have full column rank (least squares);
    ``quadratic_form`` is ``vᵀHv = Σ c‖Mv‖² + c'‖v‖²`` when H is a sum of such pieces.
    """

    wrt: MatrixSymbol
    star: MatrixSymbol
    hessian: MatrixExpr
    rhs: MatrixExpr
    solution: MatrixExpr
    definiteness: str
    conditions: list[Basic] = field(default_factory=list)
    rank_condition: list[MatrixExpr] = field(default_factory=list)
    quadratic_form: Eq | None = None
    verdict: Verdict | None = None
    factor: Expr = S.One  # the gradient is factor·(H W − b)

    @property
    def hessian_times_variable(self) -> MatrixExpr:
        """``H W`` as one flat product (``Xᵀ X W``, not ``(Xᵀ X) W``)."""
        H = self.hessian
        return MatMul(*H.args, self.wrt) if isinstance(H, MatMul) else MatMul(H, self.wrt)

    @property
    def normal_equation(self) -> Eq:
        """``H W = b``."""
        return Eq(self.hessian_times_variable, self.rhs, evaluate=False)


def _common_factor(coeffs: list[Expr]) -> Expr:
    """The coefficient common to all (its symbolic part when they share it, and the number gcd)."""
    rests = {c.as_coeff_Mul()[1] for c in coeffs}
    numbers = [c.as_coeff_Mul()[0] for c in coeffs]
    g = numbers[0]
    for v in numbers[1:]:
        g = sympy.gcd(g, v)
    g = abs(g) if g != 0 else S.One
    return g * (rests.pop() if len(rests) == 1 else S.One)


def _gram_factor(mats: tuple) -> MatrixExpr | None:
    """M when the product ``mats`` is MᵀM (a palindrome of transposes), else None."""
    k = len(mats)
    if k % 2 or any(mats[k - 1 - i] != mats[i].T for i in range(k // 2)):
        return None
    half = mats[k // 2:]
    return half[0] if len(half) == 1 else MatMul(*half)


def _sign_symbols(c: Expr, positive: set[str], dims: set[Symbol]) -> tuple[bool | None, list[Symbol]]:
    """Is ``c`` positive given the positive names and dimensions?  Also the symbols of unknown sign."""
    mapping = {s: Symbol(s.name, positive=True) for s in c.free_symbols if s.name in positive or s in dims}
    unknown = sorted((s for s in c.free_symbols if s not in mapping), key=lambda s: s.name)
    return c.xreplace(mapping).is_positive, unknown


def stationary_point(grad: Basic, wrt: MatrixSymbol, positive: Iterable[Basic] = ()) -> Optimum:
    """Solve ``grad = 0`` for ``wrt`` when ``grad`` is ``H wrt − b`` (see the module doc).

    Raises :class:`SymnnInputError` when the gradient is not of that form (not a linear equation
    in ``wrt`` with ``wrt`` on the right of each term).
    """
    h_items, b_items = [], []
    for c, mats in terms(grad):
        uses = [f for f in mats if f.has(wrt)]
        if c.has(wrt) or (uses and (mats[-1] != wrt or len(uses) > 1)):
            raise SymnnInputError(
                f"cannot solve the gradient = 0 in closed form: the term {scaled(c, MatMul(*mats))} is not of "
                f"the form H {wrt.name} (a matrix times {wrt.name})")
        if uses:
            h_items.append((c, mats[:-1] or (Identity(wrt.rows),)))
        else:
            b_items.append((-c, mats))
    if not h_items:
        raise SymnnInputError(f"the gradient does not depend on {wrt.name}: there is no equation to solve")
    common = _common_factor([c for c, _ in h_items + b_items])
    h_items = [(c / common, m) for c, m in h_items]
    b_items = [(c / common, m) for c, m in b_items]
    H = collect(h_items, (wrt.rows, wrt.rows))
    b = collect(b_items, wrt.shape)
    star = MatrixSymbol(wrt.name + "^*", *wrt.shape)
    solution = MatMul(Inverse(H), b).doit(deep=False) if b_items else sympy.ZeroMatrix(*wrt.shape)
    opt = Optimum(wrt, star, H, b, solution, "unknown", factor=common)
    _definiteness(opt, h_items, {str(getattr(p, "name", p)) for p in positive}, set(dimension_symbols(grad)))
    return opt


def _definiteness(opt: Optimum, h_items, positive: set[str], dims: set[Symbol]) -> None:
    v = MatrixSymbol("v", opt.wrt.rows, 1)
    pieces, definite, conditions, gram = [], False, [], []
    for c, mats in h_items:
        sign, unknown = _sign_symbols(c, positive, dims)
        if mats == (Identity(opt.wrt.rows),):
            piece, strict = c * SquaredNorm(v), True
        else:
            M = _gram_factor(mats)
            if M is None:
                return  # H has a piece of unknown sign: say nothing about definiteness
            piece, strict = c * SquaredNorm(MatMul(M, v)), False
            gram.append(M)
        if sign is not True:
            if sign is False or not unknown:
                return
            conditions += [sympy.StrictGreaterThan(s, 0) for s in unknown]
        pieces.append(piece)
        definite = definite or strict
    opt.definiteness = "positive definite" if definite else "positive semidefinite"
    opt.conditions = sorted(set(conditions), key=str)
    opt.rank_condition = [] if definite else gram
    opt.quadratic_form = Eq(MatMul(v.T, opt.hessian, v), sympy.Add(*pieces), evaluate=False)


# --------------------------------------------------------------------------- verification


def _vec_gradient(objective, wrt, env, W):
    return certificate.complex_step_gradient(objective, wrt, {**env, wrt: W}).reshape(-1)


def verify_optimum(objective: Basic, wrt: MatrixSymbol, grad: Basic, opt: Optimum,
                   facts: MatrixAssumptions | None = None, seed: int = 0) -> Verdict:
    """Two witnesses for ``opt.solution``: symbolically, ``grad = H W − b`` and ``H (H⁻¹ b) = b``;
    numerically, the objective's own gradient vanishes at W* and W* is the Newton step from 0."""
    facts = facts or MatrixAssumptions()
    # Sample inside the conditions the solution rests on (λ > 0), plus the stated assumptions.
    positive = list(facts.positive) + [c.lhs for c in opt.conditions]

    def usable(inst):
        try:
            with np.errstate(all="ignore"):
                H = np.asarray(evaluate(opt.hessian, inst.env), dtype=float)
            return bool(np.all(np.isfinite(H)) and np.linalg.cond(H) < 1e4)
        except (NotEvaluable, np.linalg.LinAlgError, ValueError, TypeError):
            return False

    found = certificate.instances([objective, opt.solution, opt.hessian], seed, symmetric=facts.symmetric,
                                  positive=positive, accept=usable)
    worst = 0.0
    num = None
    for inst in found:
        env = inst.env
        W_star = np.asarray(evaluate(opt.solution, env), dtype=float)
        g0 = _vec_gradient(objective, wrt, env, np.zeros(W_star.shape))
        g_star = _vec_gradient(objective, wrt, env, W_star)
        # MatrixHessian of the (quadratic) objective, column by column: exact differences of gradients.
        cols = []
        for j in range(W_star.size):
            E = np.zeros(W_star.size)
            E[j] = 1.0
            cols.append(_vec_gradient(objective, wrt, env, E.reshape(W_star.shape)) - g0)
        newton = -np.linalg.solve(np.column_stack(cols), g0)
        scale = max(float(np.max(np.abs(g0))), TOLERANCE.abs / TOLERANCE.rel)
        err_grad = float(np.max(np.abs(g_star))) / scale
        err_newton = float(np.max(np.abs(W_star.reshape(-1) - newton))) / max(float(np.max(np.abs(newton))),
                                                                              TOLERANCE.abs / TOLERANCE.rel)
        worst = max(worst, err_grad, err_newton)
        if max(err_grad, err_newton) > certificate.FD_TOLERANCE:
            k = int(np.argmax(np.abs(g_star)))
            idx = np.unravel_index(k, W_star.shape)
            num = certificate.MatrixNumericResult(
                "counterexample", len(found), worst,
                {"point": inst.point(), "expected": 0.0, "claimed": float(g_star[k]),
                 "entry": "%s[%s]" % (wrt.name, ", ".join(map(str, idx))), "shapes": inst.shapes(), "seed": seed},
                f"at W* the gradient of the objective is not zero: its largest entry is {g_star[k]:.3g} "
                f"(relative {err_grad:.1e}); W* differs from the Newton step by {err_newton:.1e}")
            break
    if num is None:
        if len(found) < certificate.MIN_INSTANCES:
            num = certificate.MatrixNumericResult("no_points", len(found), message=(
                "too few random instances with a well-conditioned H"))
        else:
            num = certificate.MatrixNumericResult("agree", len(found), worst, None, (
                f"on {len(found)} random instances the objective's gradient vanishes at W* and W* equals the "
                f"Newton step -H^-1 grad f(0) computed from the objective alone (max relative error {worst:.1e})"))
    H, b, W = opt.hessian, opt.rhs, wrt
    affine = same_matrix(grad, scaled(opt.factor, MatMul(H, W)) - scaled(opt.factor, b))
    solved = same_matrix(MatMul(H, opt.solution).doit(), b) if affine else False
    sym = SymbolicResult("proved", "the gradient is H W - b and H H^-1 b = b") if solved else \
        SymbolicResult("inconclusive", "could not confirm H W* = b symbolically")
    return _combine(sym, num, "the optimum")
