r"""s004-1.2: Jacobian of a convolution with respect to its kernel (004 §1.2).  Waiting on: convolution Jacobians (symnn.models, issue 4)."""

ID = "s004-1.2"
TITLE = "Jacobian of a convolution with respect to its kernel"
SOURCE = "004 §1.2"
STATEMENT = r"""Compute the Jacobian of the output of a $2\times2$-kernel convolution over a $3\times3$ input with respect to the kernel."""


def solve():
    raise NotImplementedError("needs convolution Jacobians (symnn.models, issue 4)")
