r"""s001-1.4: Gradient of the squared hinge loss (001 §1.4).  Waiting on: vector gradients with respect to W (symnn.matrix, issue 4)."""

ID = "s001-1.4"
TITLE = "Gradient of the squared hinge loss"
SOURCE = "001 §1.4"
STATEMENT = r"""Derive the gradient of the squared hinge loss $\frac{1}{2}\max(0, 1 - y W^T x)^2$ (1.7) with respect to $W$."""


def solve():
    raise NotImplementedError("needs vector gradients with respect to W (symnn.matrix, issue 4)")
