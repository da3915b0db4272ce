r"""s001-ex1: Exercises I (001 §5, Exercises I).  Waiting on: optimizer traces and parameter counts (symnn.worked / symnn.models, issues 4 and 5)."""

ID = "s001-ex1"
TITLE = "Exercises I"
SOURCE = "001 §5, Exercises I"
STATEMENT = r"""Q4: the parameter count of an MLP; Q5: the minimiser of $\|X - x_1\|^2 + 2\|X - x_2\|^2$; Q6--Q10: gradient descent, SGD, momentum, AdaGrad and the perceptron on the given 8-sample data set (pick the option and show the iterate)."""


def solve():
    raise NotImplementedError("needs optimizer traces and parameter counts (symnn.worked / symnn.models, issues 4 and 5)")
