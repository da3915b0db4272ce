r"""s003-2: Matrix-form backpropagation of a two-hidden-layer net (003 Q2).  Waiting on: matrix backpropagation (symnn.matrix / symnn.models, issue 4)."""

ID = "s003-2"
TITLE = "Matrix-form backpropagation of a two-hidden-layer net"
SOURCE = "003 Q2"
STATEMENT = r"""For the network with two sigmoid hidden layers and a linear output, $\ell = \frac{1}{2ml}\|X_3 - Y\|_F^2$, write the vectorised forward pass and the matrix-form gradients $\partial \ell/\partial W_i$, $\partial \ell/\partial b_i$."""


def solve():
    raise NotImplementedError("needs matrix backpropagation (symnn.matrix / symnn.models, issue 4)")
