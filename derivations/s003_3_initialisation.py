r"""s003-3: Zero initialisation and Xavier initialisation (003 Q3).  Waiting on: variance propagation through a layer (symnn.models, issue 4)."""

ID = "s003-3"
TITLE = "Zero initialisation and Xavier initialisation"
SOURCE = "003 Q3"
STATEMENT = r"""Explain the symmetry problem of zero initialisation, and derive the Xavier variance $2/(n_{\mathrm{in}} + n_{\mathrm{out}})$ from the variance of a layer's output and gradient."""


def solve():
    raise NotImplementedError("needs variance propagation through a layer (symnn.models, issue 4)")
