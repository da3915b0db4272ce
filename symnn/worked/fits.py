r"""Closed-form fits on given data: least squares and ridge regression, exact for rational data.

With the design matrix X (one row per sample, a column of ones appended for the bias) and the
targets Y (seed 001 §1.3 and §1.6):

* least squares  W* = (XᵀX)⁻¹ XᵀY            (the normal equations XᵀX W* = XᵀY);
* ridge          W* = (XᵀX/n + λI)⁻¹ XᵀY/n   (C(W) = (1/2n)‖XW − Y‖² + (λ/2)‖W‖²).

The fitted values are Y* = XW*, the residuals Y − Y*.

>>> f = least_squares([[0], [1], [2]], [1, 3, 5])
>>> f.weights, f.residuals
((2, 1), (0, 0, 0))
>>> f.verdict.verdict
'verified'

The ``verdict`` (:func:`verify_fit`) has two witnesses: the normal equations checked exactly
(XᵀX W* − XᵀY = 0, or (XᵀX/n + λI)W* − XᵀY/n = 0 for ridge), and W*, Y* and the residuals
recomputed in floats by ``numpy.linalg.lstsq`` (``numpy.linalg.solve`` for ridge).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from sympy import Matrix, eye

from ..latex.language import tr
from ..latex.proof import escape_text
from ..verdict import Verdict
from .verify import compare, refuted, to_float, verification_latex

from .numfmt import exact, fmt
from .render import WorkedResult, align, matrix, notes_block, text

__all__ = ["Fit", "least_squares", "ridge"]


@dataclass
class Fit(WorkedResult):
    """W*, Y* = XW*, residuals Y − Y*, all exact; ``X`` includes the bias column if added."""

    X: Matrix
    Y: Matrix
    weights: tuple
    fitted: tuple
    residuals: tuple
    ridge: object = 0
    feature_names: tuple = ()
    round_to: int | None = 6
    notes: list[str] = field(default_factory=list)
    title: str = "Least-squares fit"
    verdict: Verdict | None = None

    def verify(self) -> Verdict:
        """Recompute the verdict from the values as they are now (stored in ``verdict``)."""
        self.verdict = verify_fit(self)
        return self.verdict

    @property
    def sse(self):
        """Σ (Y − Y*)², exact."""
        return sum(r ** 2 for r in self.residuals)

    def latex(self) -> str:
        k = self.round_to
        col = lambda v: matrix([[fmt(x, k)] for x in v])  # noqa: E731
        Xtex = matrix([[fmt(x) for x in self.X.row(i)] for i in range(self.X.rows)])
        Ytex = matrix([[fmt(y)] for y in self.Y])
        if self.ridge:
            rule = (r"W^*", r"\left(\tfrac{1}{n} X^\top X + \lambda I\right)^{-1} "
                            rf"\tfrac{{1}}{{n}} X^\top Y, \quad \lambda = {fmt(self.ridge)}", "")
        else:
            rule = (r"W^*", r"(X^\top X)^{-1} X^\top Y", "normal equations")
        XtX = self.X.T * self.X
        lines = [("X", Xtex, ""), ("Y", Ytex, ""), rule,
                 (r"X^\top X", matrix([[fmt(v) for v in XtX.row(i)] for i in range(XtX.rows)]), ""),
                 (r"X^\top Y", matrix([[fmt(v)] for v in self.X.T * self.Y]), ""),
                 (r"W^*", col(self.weights), ""),
                 (r"Y^* = X W^*", col(self.fitted), ""),
                 (r"Y - Y^*", col(self.residuals), ""),
                 (r"\|Y - Y^*\|_2^2", fmt(self.sse, k), "")]
        parts = []
        if self.feature_names:
            parts.append(escape_text(tr("Columns of X: %s.") % tr(", ").join(tr(n) for n in self.feature_names)))
        parts += [align(lines), notes_block(self.notes),
                  verification_latex(self.verdict, "The normal equations were checked exactly "
                                     "with the exact W*, and W*, Y* and Y − Y* were recomputed in "
                                     "floating point by an independent "
                                     + ("linear solver" if self.ridge else "least-squares solver")
                                     + "; one point per sample")]
        return "\n\n".join(p for p in parts if p)


def _design(features: Sequence[Sequence], bias: bool, bias_first: bool) -> Matrix:
    one = [1] if bias else []
    rows = [(one if bias_first else []) + [exact(v) for v in row] + ([] if bias_first else one)
            for row in features]
    return Matrix(rows)


def least_squares(features: Sequence[Sequence], targets: Sequence, *, bias: bool = True,
                  bias_first: bool = False, feature_names: Sequence[str] = (),
                  round_to: int | None = 6) -> Fit:
    """Ordinary least squares; ``features`` has one row per sample (a ones column is added last,
    or first with ``bias_first``)."""
    return ridge(features, targets, 0, bias=bias, bias_first=bias_first,
                 feature_names=feature_names, round_to=round_to)


def ridge(features: Sequence[Sequence], targets: Sequence, lam, *, bias: bool = True,
          bias_first: bool = False, feature_names: Sequence[str] = (),
          round_to: int | None = 6) -> Fit:
    """Ridge regression W* = (XᵀX/n + λI)⁻¹ XᵀY/n (λ = 0: least squares; XᵀX must be invertible)."""
    X, Y, lam = _design(features, bias, bias_first), Matrix([exact(y) for y in targets]), exact(lam)
    n = X.rows
    A = X.T * X / n + lam * eye(X.cols)
    if A.det() == 0:
        raise ValueError("XᵀX is singular: the least-squares solution is not unique")
    W = A.LUsolve(X.T * Y / n)
    fitted = X * W
    names = tuple(feature_names)
    if bias and names:
        names = (("1 (bias)",) + names) if bias_first else (names + ("1 (bias)",))
    fit = Fit(X, Y, tuple(W), tuple(fitted), tuple(Y - fitted), lam, names, round_to,
              title="Ridge regression" if lam else "Least-squares fit")
    fit.verify()
    return fit


def verify_fit(fit: Fit) -> Verdict:
    """Normal equations exactly, and W*, Y*, Y − Y* against NumPy in floats."""
    X, Y, n = fit.X, fit.Y, fit.X.rows
    W = Matrix(list(fit.weights))
    lam = fit.ridge
    lhs = (X.T * X / n + lam * eye(X.cols)) * W - X.T * Y / n
    for j, r in enumerate(lhs):
        if r != 0:
            return refuted(f"fit: the normal equations do not hold for W* (row {j + 1} leaves "
                           f"{r})", f"normal equation {j + 1}", 0, to_float(r))
    Xf = np.array([[to_float(v) for v in X.row(i)] for i in range(X.rows)])
    Yf = np.array([to_float(v) for v in Y])
    if lam:
        Wf = np.linalg.solve(Xf.T @ Xf / n + to_float(lam) * np.eye(X.cols), Xf.T @ Yf / n)
    else:
        Wf = np.linalg.lstsq(Xf, Yf, rcond=None)[0]
    fitted = Xf @ Wf
    triples = [(f"W*_{j}", Wf[j], w) for j, w in enumerate(fit.weights)]
    triples += [(f"Y*_{i + 1}", fitted[i], v) for i, v in enumerate(fit.fitted)]
    triples += [(f"residual {i + 1}", Yf[i] - fitted[i], v)
                for i, v in enumerate(fit.residuals)]
    v = compare("fit", triples, points=n)
    if v:
        v.method, v.symbolic = "symbolic", "proved"
        v.message += "; the normal equations hold exactly"
    return v
