r"""s000-2.1: One backpropagation step on a 2-2-1 ReLU net (000 §2.1).  Waiting on: worked backpropagation steps with exact arithmetic (symnn.worked, issue 5)."""

ID = "s000-2.1"
TITLE = "One backpropagation step on a 2-2-1 ReLU net"
SOURCE = "000 §2.1"
STATEMENT = r"""For the 2-2-1 ReLU network without biases, input $x = (0.2, 0.3)$, target $0.5$, weights $v_{11} = 0.6$, $v_{21} = 0.2$, $v_{12} = 0.1$, $v_{22} = 0.7$, $w_{11} = 0.5$, $w_{21} = 0.8$ and learning rate $\eta = 1$, perform one backpropagation step: the updated weights, the outputs and losses before and after, and the decrease of the loss."""


def solve():
    raise NotImplementedError("needs worked backpropagation steps with exact arithmetic (symnn.worked, issue 5)")
