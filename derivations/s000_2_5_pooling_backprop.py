r"""s000-2.5: Backpropagation through max and average pooling (000 §2.5).  Waiting on: pooling-layer backpropagation (symnn.models, issue 4)."""

ID = "s000-2.5"
TITLE = "Backpropagation through max and average pooling"
SOURCE = "000 §2.5"
STATEMENT = r"""Derive the backward pass of max pooling and of average pooling with a $K'\times K'$ window and stride $S$."""


def solve():
    raise NotImplementedError("needs pooling-layer backpropagation (symnn.models, issue 4)")
