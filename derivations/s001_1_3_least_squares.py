r"""s001-1.3: Least squares and the normal equations (001 §1.3).  Waiting on: matrix calculus with declared shapes (symnn.matrix, issue 4)."""

ID = "s001-1.3"
TITLE = "Least squares and the normal equations"
SOURCE = "001 §1.3"
STATEMENT = r"""For $C(W) = \frac{1}{2n}\|XW - Y\|_2^2$, derive $\nabla C(W)$, the normal equations $X^T X W^* = X^T Y$, the solution $W^* = (X^T X)^{-1} X^T Y$, and $\partial (XW)/\partial W = X$."""


def solve():
    raise NotImplementedError("needs matrix calculus with declared shapes (symnn.matrix, issue 4)")
