r"""s001-ex2: Exercises II (001 §5, Exercises II).  Waiting on: CNN shape and parameter counting (symnn.models, issue 4)."""

ID = "s001-ex2"
TITLE = "Exercises II"
SOURCE = "001 §5, Exercises II"
STATEMENT = r"""Q1: which CNN shapes are feasible; Q3: the kernel shapes; Q4: the parameter difference between a convolution and a fully connected layer."""


def solve():
    raise NotImplementedError("needs CNN shape and parameter counting (symnn.models, issue 4)")
