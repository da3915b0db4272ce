r"""s004-1.1: Gradients of a ReLU regression MLP (004 §1.1).  Waiting on: matrix calculus with ReLU layers (symnn.matrix, issue 4)."""

ID = "s004-1.1"
TITLE = "Gradients of a ReLU regression MLP"
SOURCE = "004 §1.1"
STATEMENT = r"""For the ReLU regression MLP with $\mathcal{L} = (y - \hat{y})^2$, derive $\partial \mathcal{L}/\partial d$, $\partial \mathcal{L}/\partial U$, $\partial \mathcal{L}/\partial W$ and $\partial \mathcal{L}/\partial b$."""


def solve():
    raise NotImplementedError("needs matrix calculus with ReLU layers (symnn.matrix, issue 4)")
