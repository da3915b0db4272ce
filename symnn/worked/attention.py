r"""Scaled dot-product self-attention with small given matrices, step by step and exact.

Q = X W_Q, K = X W_K, V = X W_V, S = Q Kᵀ, S̃ = S / √d_k, A = softmax(S̃) row by row,
O = A V.  Entries stay exact (rationals, √2, e^{1/2}); the table shows them exactly where they are
terminating decimals and to ``round_to`` decimals otherwise.  ``base`` replaces e in the softmax and
``scale`` replaces √d_k, for exercises that simplify (seed 003 Q4 takes e as 3 and gives the value under the root as 2).

>>> r = self_attention([[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]])
>>> r.scores
Matrix([
[1, 0],
[0, 1]])
>>> [round(float(v), 4) for v in r.weights.row(0)]
[0.6698, 0.3302]
>>> r.verdict.verdict
'verified'

The ``verdict`` (:func:`verify_attention`) recomputes Q, K, V, QKᵀ, the scaling, the row softmax
and the output in NumPy floats and compares every entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from sympy import E, Matrix, sqrt

from ..verdict import Verdict
from .verify import compare, to_float, verification_latex

from .numfmt import exact, fmt, is_terminating
from .render import WorkedResult, align, matrix, notes_block, text

__all__ = ["Attention", "self_attention"]


@dataclass
class Attention(WorkedResult):
    X: Matrix
    W_q: Matrix
    W_k: Matrix
    W_v: Matrix
    Q: Matrix
    K: Matrix
    V: Matrix
    scores: Matrix          # Q Kᵀ
    scaled: Matrix          # Q Kᵀ / scale
    weights: Matrix         # row-wise softmax
    output: Matrix          # weights · V
    scale: object
    base: object
    round_to: int = 4
    notes: list[str] = field(default_factory=list)
    title: str = "Scaled dot-product self-attention"
    verdict: Verdict | None = None

    def verify(self) -> Verdict:
        """Recompute the verdict from the matrices as they are now (stored in ``verdict``)."""
        self.verdict = verify_attention(self)
        return self.verdict

    def _m(self, M: Matrix) -> str:
        return matrix([[fmt(v) if is_terminating(v) else fmt(v, self.round_to) for v in M.row(i)]
                       for i in range(M.rows)])

    def latex(self) -> str:
        scale = fmt(self.scale) if exact(self.scale).is_Rational else r"\sqrt{%d}" % (self.Q.cols)
        e = "e" if self.base == E else fmt(self.base)
        lines = [("X", self._m(self.X), "one row per token"),
                 (r"Q = X W_Q", self._m(self.Q), ""), (r"K = X W_K", self._m(self.K), ""),
                 (r"V = X W_V", self._m(self.V), ""),
                 (r"S = Q K^\top", self._m(self.scores), ""),
                 (rf"\tilde{{S}} = S / {scale}", self._m(self.scaled), ""),
                 (r"A_{ij}", rf"\frac{{{e}^{{\tilde{{S}}_{{ij}}}}}}{{\sum_m {e}^{{\tilde{{S}}_{{im}}}}}}",
                  "softmax of each row"),
                 (r"A", self._m(self.weights), ""),
                 (r"O = A V", self._m(self.output), "")]
        parts = [text(f"{self.X.rows} tokens, d_k = {self.Q.cols}; non-terminating values are "
                      f"shown to {self.round_to} decimals."), align(lines), notes_block(self.notes),
                 verification_latex(self.verdict, "Q, K, V, S, the scaled scores, A and O were "
                                    "recomputed with NumPy floats from X and the weight matrices; "
                                    "one point per entry of O")]
        return "\n\n".join(p for p in parts if p)


def _mat(rows: Sequence[Sequence]) -> Matrix:
    return Matrix([[exact(v) for v in row] for row in rows])


def self_attention(X, W_q, W_k, W_v, *, scale=None, base=E, round_to: int = 4) -> Attention:
    """One self-attention head on the token rows of ``X``; ``scale`` defaults to √d_k."""
    X, W_q, W_k, W_v = _mat(X), _mat(W_q), _mat(W_k), _mat(W_v)
    Q, K, V = X * W_q, X * W_k, X * W_v
    d_k = Q.cols
    scale = sqrt(d_k) if scale is None else exact(scale)
    base = exact(base)
    S = Q * K.T
    St = S / scale
    A = Matrix(St.rows, St.cols, lambda i, j: base ** St[i, j] / sum(base ** St[i, m]
                                                                      for m in range(St.cols)))
    O = A * V
    r = Attention(X, W_q, W_k, W_v, Q, K, V, S, St, A, O, scale, base, round_to)
    r.verify()
    return r


def _np(M: Matrix) -> np.ndarray:
    return np.array([[to_float(v) for v in M.row(i)] for i in range(M.rows)])


def verify_attention(r: Attention) -> Verdict:
    """softmax(QKᵀ/scale)V recomputed in NumPy floats; every intermediate entry compared."""
    X, Wq, Wk, Wv = _np(r.X), _np(r.W_q), _np(r.W_k), _np(r.W_v)
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    S = Q @ K.T
    St = S / to_float(r.scale)
    P = np.power(to_float(r.base), St - St.max(axis=1, keepdims=True))
    A = P / P.sum(axis=1, keepdims=True)
    O = A @ V
    triples = []
    for name, ind, ex in (("Q", Q, r.Q), ("K", K, r.K), ("V", V, r.V), ("S", S, r.scores),
                          ("S~", St, r.scaled), ("A", A, r.weights), ("O", O, r.output)):
        if ind.shape != (ex.rows, ex.cols):
            return Verdict("refuted", method="numeric",
                           message=f"attention: {name} has shape {ex.shape}, the witness {ind.shape}")
        triples += [(f"{name}[{i + 1},{j + 1}]", ind[i, j], ex[i, j])
                    for i in range(ex.rows) for j in range(ex.cols)]
    return compare("attention", triples, points=r.output.rows * r.output.cols)
