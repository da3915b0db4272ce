r"""s003-4: Scaled dot-product self-attention (003 Q4).  Waiting on: matrix softmax and worked matrix numbers (issues 3, 4 and 5)."""

ID = "s003-4"
TITLE = "Scaled dot-product self-attention"
SOURCE = "003 Q4"
STATEMENT = r"""Compute scaled dot-product self-attention step by step in matrix form (the source's numbers are in a missing image; a small numeric instance is used)."""


def solve():
    raise NotImplementedError("needs matrix softmax and worked matrix numbers (issues 3, 4 and 5)")
