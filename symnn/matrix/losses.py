r"""Matrix losses as SymPy matrix expressions, ready for :func:`symnn.derive`.

>>> from sympy import MatrixSymbol, Symbol
>>> n, d = Symbol("n", integer=True, positive=True), Symbol("d", integer=True, positive=True)
>>> X, W, Y = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1)
>>> lam = Symbol("lambda", positive=True)
>>> ridge_loss(X, W, Y, lam).shape
(1, 1)
>>> import symnn as sn
>>> from symnn.latex.printer import latex
>>> print(latex(sn.derive(ridge_loss(X, W, Y, lam), W).closed_form))
\frac{1}{n} X^{T} (X W - Y) + \lambda W
"""

from __future__ import annotations

from sympy import Expr, MatAdd, MatMul, MatrixExpr, Rational, Transpose


def squared_error_loss(X: MatrixExpr, W: MatrixExpr, Y: MatrixExpr) -> MatrixExpr:
    """Mean squared error with the customary ½: (1/2n)(XW − Y)^T(XW − Y), n the rows of X."""
    residual = MatAdd(MatMul(X, W), -Y)
    return MatMul(Rational(1, 2) / X.rows, Transpose(residual), residual)


def ridge_loss(X: MatrixExpr, W: MatrixExpr, Y: MatrixExpr, lam: Expr) -> MatrixExpr:
    """Ridge regression: (1/2n)‖XW − Y‖² + (λ/2)‖W‖², a 1×1 matrix expression."""
    return MatAdd(squared_error_loss(X, W, Y), MatMul(lam / 2, Transpose(W), W))


__all__ = ["ridge_loss", "squared_error_loss"]
