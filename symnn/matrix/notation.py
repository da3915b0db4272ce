r"""Notation of matrix calculus that SymPy lacks: ∇_V f, ∇²_V f and ‖v‖².

These are inert containers for proofs (they never evaluate); each prints itself the way a
textbook writes it, through SymPy's ``_latex``/``_sympystr`` hooks, so the printers need no rule.

>>> from sympy import MatrixSymbol, Symbol
>>> from symnn.latex.printer import latex, plain
>>> n = Symbol("n", integer=True, positive=True)
>>> x, A = MatrixSymbol("x", n, 1), MatrixSymbol("A", n, n)
>>> g = MatrixGradient(x.T * A * x, x)
>>> g.shape == x.shape
True
>>> print(latex(g))
\nabla_{x} (x^{T} A x)
>>> print(plain(g))
∇_x (x^T*A*x)
>>> print(latex(SquaredNorm(A * x)))
\left\| A x \right\|_{2}^{2}
"""

from __future__ import annotations

from sympy import Basic, Expr
from sympy.matrices.expressions import MatrixExpr
from sympy.printing.precedence import PRECEDENCE

__all__ = ["MatrixGradient", "MatrixHessian", "SquaredNorm"]


def _grouped(printer, expr: Basic) -> str:
    """``expr`` printed, in parentheses unless it is a single symbol."""
    tex = printer._print(expr)
    if getattr(expr, "is_symbol", False) or expr.is_Atom:
        return tex
    return printer._add_parens(tex)


class MatrixGradient(MatrixExpr):
    """∇_V f: the gradient of a scalar ``f`` with respect to the matrix ``V``, shaped like ``V``
    (denominator layout: entry (i, j) is ∂f/∂V_ij)."""

    def __new__(cls, objective: Basic, wrt: MatrixExpr):
        return Basic.__new__(cls, objective, wrt)

    objective = property(lambda self: self.args[0])
    wrt = property(lambda self: self.args[1])
    shape = property(lambda self: self.args[1].shape)
    precedence = PRECEDENCE["Func"]  # binds like a function: c ∇_V f needs no parentheses

    def doit(self, **hints):  # inert: a proof's left-hand side, never evaluated
        return self

    def _latex(self, printer) -> str:
        return r"\nabla_{%s} %s" % (printer._print(self.wrt), _grouped(printer, self.objective))

    def _sympystr(self, printer) -> str:
        inner = printer._print(self.objective)
        return "∇_%s (%s)" % (printer._print(self.wrt), inner)


class MatrixHessian(MatrixExpr):
    """∇²_V f for a vector ``V`` (a column): the square matrix of second derivatives ∂²f/∂V_i∂V_j."""

    def __new__(cls, objective: Basic, wrt: MatrixExpr):
        return Basic.__new__(cls, objective, wrt)

    objective = property(lambda self: self.args[0])
    wrt = property(lambda self: self.args[1])
    shape = property(lambda self: (self.args[1].shape[0], self.args[1].shape[0]))
    precedence = PRECEDENCE["Func"]

    def doit(self, **hints):
        return self

    def _latex(self, printer) -> str:
        return r"\nabla^{2}_{%s} %s" % (printer._print(self.wrt), _grouped(printer, self.objective))

    def _sympystr(self, printer) -> str:
        return "∇²_%s (%s)" % (printer._print(self.wrt), printer._print(self.objective))


class SquaredNorm(Expr):
    """‖v‖₂² of a column (or ‖M‖_F² of a matrix): ``v^T v`` (``tr(M^T M)``), written as a norm."""

    def __new__(cls, arg: MatrixExpr):
        return Expr.__new__(cls, arg)

    arg = property(lambda self: self.args[0])
    is_commutative = True

    def _latex(self, printer) -> str:
        sub = "2" if self.arg.shape[1] == 1 else "F"
        return r"\left\| %s \right\|_{%s}^{2}" % (printer._print(self.arg), sub)

    def _sympystr(self, printer) -> str:
        return "‖%s‖²" % printer._print(self.arg)
