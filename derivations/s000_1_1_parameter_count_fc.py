r"""s000-1.1: Parameters of a 160000-40000-2000-100 fully connected net (000 §1.1).  Waiting on: parameter counting of fully connected networks (symnn.models, issue 4)."""

ID = "s000-1.1"
TITLE = "Parameters of a 160000-40000-2000-100 fully connected net"
SOURCE = "000 §1.1"
STATEMENT = r"""Count the trainable parameters (weights and biases) of a fully connected network with layer widths 160000, 40000, 2000 and 100."""


def solve():
    raise NotImplementedError("needs parameter counting of fully connected networks (symnn.models, issue 4)")
