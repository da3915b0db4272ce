r"""s003-1.3: Two-class softmax versus the sigmoid (003 Q1(3)).  Waiting on: indexed calculus: softmax (issue 3)."""

ID = "s003-1.3"
TITLE = "Two-class softmax versus the sigmoid"
SOURCE = "003 Q1(3)"
STATEMENT = r"""Compare the softmax activation with two classes to the sigmoid activation in binary classification."""


def solve():
    raise NotImplementedError("needs indexed calculus: softmax (issue 3)")
