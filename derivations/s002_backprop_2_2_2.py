r"""s002: One backpropagation step on a 2-2-2 net (002).  Waiting on: worked backpropagation steps with exact arithmetic (symnn.worked, issue 5)."""

ID = "s002"
TITLE = "One backpropagation step on a 2-2-2 net"
SOURCE = "002"
STATEMENT = r"""Perform one backpropagation step ($\alpha = 0.5$) on the 2-2-2 network with sigmoid hidden layer, linear output, biases $b_1$, $b_2$ and mean squared error; give all ten parameters to four decimals."""


def solve():
    raise NotImplementedError("needs worked backpropagation steps with exact arithmetic (symnn.worked, issue 5)")
