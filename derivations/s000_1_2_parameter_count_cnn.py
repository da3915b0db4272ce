r"""s000-1.2: Parameters of a three-convolution network (000 §1.2).  Waiting on: parameter counting of convolutional networks (symnn.models, issue 4)."""

ID = "s000-1.2"
TITLE = "Parameters of a three-convolution network"
SOURCE = "000 §1.2"
STATEMENT = r"""Count the trainable parameters of the network with convolution kernels $3\times5\times5$, $5\times4\times4\times3$, $5\times4\times4\times5$ and a fully connected layer $400\to100$."""


def solve():
    raise NotImplementedError("needs parameter counting of convolutional networks (symnn.models, issue 4)")
