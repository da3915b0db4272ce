r"""s001-4.2: Forward and backward on the linear-regression computation graph (001 §4.2).  Waiting on: worked computation-graph passes (symnn.worked, issue 5)."""

ID = "s001-4.2"
TITLE = "Forward and backward on the linear-regression computation graph"
SOURCE = "001 §4.2"
STATEMENT = r"""Run the forward and backward pass on the computation graph of linear regression with $w = 5$, $x = 1$."""


def solve():
    raise NotImplementedError("needs worked computation-graph passes (symnn.worked, issue 5)")
