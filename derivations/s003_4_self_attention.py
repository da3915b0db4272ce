r"""s003-4: Scaled dot-product self-attention (003 Q4)."""

from symnn.build import Solution, Text
from symnn.worked import examples


ID = "s003-4"
TITLE = "Scaled dot-product self-attention"
SOURCE = "003 Q4"
STATEMENT = r"""Compute scaled dot-product self-attention step by step in matrix form (the source's numbers are in a missing image; a small numeric instance is used)."""


def solve():
    exact_e = examples.seed003_attention()
    simplified = examples.seed003_attention(base=3)
    simplified.title = "The same instance with e taken as 3 (the exercise's simplification)"
    simplified.notes = []
    why = Text(
        r"Why scale: if the entries of $q$ and $k$ are independent with mean $0$ and variance $1$, "
        r"$q^\top k = \sum_{i=1}^{d_k} q_i k_i$ has variance $d_k$; without the division by "
        r"$\sqrt{d_k}$ the scores grow with $d_k$, the softmax saturates towards a one-hot row "
        r"and its gradient vanishes. Dividing by $\sqrt{d_k}$ restores unit variance.",
        title="Why the scores are scaled")
    return Solution(
        parts=[exact_e, simplified, why],
        notes_on_source=[
            "The source's matrices are in an image that is missing, so its numbers cannot be "
            "checked; a small made-up instance (3 tokens, d_k = 2) is computed instead.",
            "The source asks to take e as 3 and the value under the square root as 2 (d_k = 2, "
            "as here); both the exact softmax and the e = 3 version are shown.",
        ],
    )
