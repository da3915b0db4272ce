r"""s001-1.6: Ridge regression (001 §1.6).  Waiting on: matrix calculus and positive-definiteness arguments (symnn.matrix, issue 4)."""

ID = "s001-1.6"
TITLE = "Ridge regression"
SOURCE = "001 §1.6"
STATEMENT = r"""For ridge regression derive the gradient, the minimiser $W^* = (X^T X/n + \lambda I)^{-1} X^T Y/n$, and show why the matrix is invertible for $\lambda > 0$."""


def solve():
    raise NotImplementedError("needs matrix calculus and positive-definiteness arguments (symnn.matrix, issue 4)")
