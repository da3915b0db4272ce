r"""s003-4: Scaled dot-product self-attention (003 Q4)."""

from symnn.build import Solution, Text
from symnn.worked import self_attention
from symnn.worked.render import matrix


ID = "s003-4"
TITLE = "Scaled dot-product self-attention"
SOURCE = "003 Q4"
#: A made-up instance (the source's matrices are in a missing image): 3 tokens (the rows of X),
#: d_k = 2, so the scale is √2; the exercise takes e as 3 and the value under the root as 2.
X = [[1, 0, 1], [0, 1, 1], [1, 1, 2]]
W_Q = [[1, 0], [0, 1], [0, 0]]
W_K = [[1, 0], [0, 1], [1, 1]]
W_V = [[1, 0], [0, 2], [1, -1]]


def _m(rows) -> str:
    return matrix([[str(v) for v in row] for row in rows])


STATEMENT = (r"""Compute scaled dot-product self-attention $\operatorname{softmax}(QK^\top/\sqrt{d_k})V$, $Q = XW_Q$, $K = XW_K$, $V = XW_V$, step by step in matrix form (the source's numbers are in a missing image; this small instance is used, with $e$ also taken as 3 as the exercise does):"""
             + "\n" + r"$$X = %s,\quad W_Q = %s,\quad W_K = %s,\quad W_V = %s.$$"
             % (_m(X), _m(W_Q), _m(W_K), _m(W_V)))


def attention(**kwargs):
    """The instance (``base=3`` takes e as 3)."""
    r = self_attention(X, W_Q, W_K, W_V, **kwargs)
    r.title = "A self-attention instance"
    r.notes.append("the source gives its matrices in an image that is missing; this instance is "
                   "made up (3 tokens, d_k = 2, so the scale is the square root of 2). The "
                   "exercise takes e as 3 (the second instance uses base 3) and gives the value under the square "
                   "root as 2, i.e. d_k = 2 as in this instance (if it meant the root itself, "
                   "the scale would be 2)")
    return r


def solve():
    exact_e = attention()
    simplified = attention(base=3)
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
