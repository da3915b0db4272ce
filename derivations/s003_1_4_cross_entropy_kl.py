r"""s003-1.4: Cross-entropy, entropy and KL divergence (003 Q1(4)).  Waiting on: indexed calculus: cross-entropy, entropy and KL divergence (issue 3)."""

ID = "s003-1.4"
TITLE = "Cross-entropy, entropy and KL divergence"
SOURCE = "003 Q1(4)"
STATEMENT = r"""Show how the cross-entropy loss relates to the KL divergence $D_{\mathrm{KL}}(P \parallel Q) = \sum_x P(x) \log (P(x)/Q(x))$."""


def solve():
    raise NotImplementedError("needs indexed calculus: cross-entropy, entropy and KL divergence (issue 3)")
