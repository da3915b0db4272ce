r"""s000-2.4: Error-term recursion of a convolution layer (000 §2.4).  Waiting on: convolution-layer backpropagation (symnn.models, issue 4)."""

ID = "s000-2.4"
TITLE = "Error-term recursion of a convolution layer"
SOURCE = "000 §2.4"
STATEMENT = r"""Derive the error term $\partial L/\partial z_{ij}$ of a convolution layer from the error terms of the next layer."""


def solve():
    raise NotImplementedError("needs convolution-layer backpropagation (symnn.models, issue 4)")
