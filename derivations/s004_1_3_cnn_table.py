r"""s004-1.3: Output shapes and parameters of a CNN (004 §1.3).  Waiting on: CNN shape and parameter tables (symnn.models, issue 4)."""

ID = "s004-1.3"
TITLE = "Output shapes and parameters of a CNN"
SOURCE = "004 §1.3"
STATEMENT = r"""Fill in the output shapes and parameter counts of the given CNN on $224\times224\times3$ images."""


def solve():
    raise NotImplementedError("needs CNN shape and parameter tables (symnn.models, issue 4)")
