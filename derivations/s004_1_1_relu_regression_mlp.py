r"""s004-1.1: ∂L/∂d, ∂L/∂U, ∂L/∂W, ∂L/∂b for the ReLU regression MLP with L = (y − ŷ)² (004 §1.1),
derived in index notation by :func:`symnn.models.derive_relu_regression` and checked by finite
differences on random networks."""

from symnn.build import Solution
from symnn.models import derive_relu_regression

ID = "s004-1.1"
TITLE = "Gradients of a ReLU regression MLP"
SOURCE = "004 §1.1"
STATEMENT = r"""For the ReLU regression MLP with $\mathcal{L} = (y - \hat{y})^2$, derive $\partial \mathcal{L}/\partial d$, $\partial \mathcal{L}/\partial U$, $\partial \mathcal{L}/\partial W$ and $\partial \mathcal{L}/\partial b$."""


def solve():
    proof = derive_relu_regression().as_part(
        title="The gradients",
        text=r"The network: $h = Wx + b \in \mathbb{R}^m$, $a = \operatorname{ReLU}(h)$, "
             r"$\hat{y} = Ua + d \in \mathbb{R}$ with $U$ a row, and $\mathcal{L} = (y - \hat{y})^2$ (written $L$).")
    return Solution(
        parts=[proof],
        notes_on_source=[
            "∂L/∂d = 2(ŷ − y) and ∂L/∂U = 2(ŷ − y) times the transposed a agree with the source.",
            "For ∂L/∂W and ∂L/∂b the source writes 2(ŷ − y) U 𝕀(h ≥ 0) (then a Kronecker product with the transposed x): "
            "read as a matrix product, the row U times the column 𝕀(h ≥ 0) is a single number, the sum of the uj over "
            "the active units, which loses which hidden unit is active. The error term is the entrywise product "
            "δ = 2(ŷ − y) (transposed U) ⊙ 𝕀(h > 0) (as a row: U diag(𝕀(h > 0))), and then ∂L/∂W is the outer "
            "product of δ with x and ∂L/∂b = δ.",
            "The indicator should be 𝕀(h > 0), not 𝕀(h ≥ 0): ReLU has no derivative at 0 (any value in [0, 1] is a "
            "subgradient; frameworks use 0).",
            "The source's row-major vectorisation (the identity of size m ⊗ the transposed x) gives ∂L/∂W as a 1 × mn "
            "row; reshaped row by row it is the m × n outer product above (denominator layout, the shape of W).",
        ],
    )
