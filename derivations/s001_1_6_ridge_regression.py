r"""s001-1.6: ridge regression — gradient, W* and why the matrix is invertible."""

import symnn as sn
from symnn.build import Proof, Solution, derivative

ID = "s001-1.6"
TITLE = "Ridge regression"
SOURCE = "001 §1.6"
STATEMENT = r"""For $C(W) = \frac{1}{2n}\|XW - Y\|_2^2 + \frac{\lambda}{2}\|W\|_2^2$ with $\lambda > 0$, derive the gradient, the minimiser $W^* = (X^T X/n + \lambda I)^{-1} X^T Y/n$, and explain why the matrix is invertible."""

SHAPES = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)}
RIDGE = r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W"


def solve():
    ridge = sn.derive(RIDGE, "W", matrices=SHAPES, solve=True, assume=[r"\lambda > 0"])
    return Solution(
        parts=[
            Proof(ridge, title="Gradient, optimum and invertibility",
                  text=r"$\|W\|_2^2 = W^T W$, so the regulariser adds $\lambda W$ to the least-squares gradient:"),
            derivative(r"\frac{\lambda}{2}W^T W", "W", r"\lambda W", matrices=SHAPES,
                       title="The regulariser's gradient",
                       text=r"Entry by entry, $\partial (\frac{\lambda}{2}\sum_i w_i^2)/\partial w_i = \lambda w_i$:"),
        ],
        notes_on_source=[
            "The source's derivative of the regulariser is garbled: it differentiates ‖W‖₂² as if it were ‖W‖₂, "
            "writes '2(|w₀| + … + |w_d|)' and then '+ 2W', drops the factor λ/2, and only afterwards continues "
            "with λW. The correct term is ∇(λ/2 ‖W‖₂²) = λW.",
            "'Almost always invertible' undersells the result: for λ > 0, vᵀ(XᵀX/n + λI)v = ‖Xv‖²/n + λ‖v‖² > 0 "
            "for every v ≠ 0, so the matrix is always positive definite and invertible, whatever X.",
        ],
    )
