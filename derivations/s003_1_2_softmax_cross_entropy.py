r"""s003-1.2: Softmax with cross-entropy (003 Q1(2)).  Waiting on: indexed calculus: softmax and cross-entropy with a symbolic class count (issue 3)."""

ID = "s003-1.2"
TITLE = "Softmax with cross-entropy"
SOURCE = "003 Q1(2)"
STATEMENT = r"""For $\hat{y}_j = e^{\beta_j}/\sum_{k=1}^{l} e^{\beta_k}$ and $\ell = -\sum_{j=1}^{l} y_j \log \hat{y}_j$ with a one-hot $y$, compute $\partial \ell / \partial \beta$."""


def solve():
    raise NotImplementedError("needs indexed calculus: softmax and cross-entropy with a symbolic class count (issue 3)")
