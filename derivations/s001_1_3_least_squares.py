r"""s001-1.3: least squares — the gradient, the normal equations and W*."""

import symnn as sn
from symnn.build import Proof, Solution, derivative

ID = "s001-1.3"
TITLE = "Least squares and the normal equations"
SOURCE = "001 §1.3"
STATEMENT = r"""For $C(W) = \frac{1}{2n}\|XW - Y\|_2^2$, derive $\nabla C(W)$, the normal equations $X^T X W^* = X^T Y$, the solution $W^* = (X^T X)^{-1} X^T Y$, and $\partial (XW)/\partial W = X$."""

SHAPES = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1), "a": ("n", 1)}


def solve():
    fit = sn.derive(r"\frac{1}{2n}(XW-Y)^T(XW-Y)", "W", matrices=SHAPES, solve=True)
    return Solution(
        parts=[
            Proof(fit, title="Gradient and optimum",
                  text=r"With the samples as the rows of $X$ ($n \times d$) and $Y$ ($n \times 1$), "
                       r"$2n\,C(W) = (XW - Y)^T (XW - Y)$:"),
            derivative(r"a^T X W", "W", r"X^T a", matrices=SHAPES, title="The derivative of XW",
                       text=r"$XW$ is linear in $W$ with the matrix $X$: for every fixed $a$ the scalar $a^T X W$ has "
                            r"the gradient $X^T a$ (denominator layout), which is the statement "
                            r"$\partial (XW) / \partial W = X$ read entry by entry."),
        ],
        notes_on_source=[
            "The source says the second derivative (1/n)XᵀX is 'always greater than zero'; it is only positive "
            "semidefinite (vᵀXᵀXv = ‖Xv‖² ≥ 0), and positive definite — so that W* is unique and (XᵀX)⁻¹ "
            "exists — exactly when X has full column rank.",
        ],
    )
