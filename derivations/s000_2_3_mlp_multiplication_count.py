r"""s000-2.3: Multiplications of forward and backward passes (000 §2.3).  Waiting on: operation counting of MLP passes and the matrix δ recursions (symnn.models, issue 4)."""

ID = "s000-2.3"
TITLE = "Multiplications of forward and backward passes"
SOURCE = "000 §2.3"
STATEMENT = r"""For an $L$-layer sigmoid MLP of width $n$, count the multiplications of the forward pass ($L n^2$ to leading order) and of the backward pass, and state the $\delta$ recursions the backward pass uses."""


def solve():
    raise NotImplementedError("needs operation counting of MLP passes and the matrix δ recursions (symnn.models, issue 4)")
