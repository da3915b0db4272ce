r"""s003-2: vectorised forward pass and matrix-form gradients of the two-hidden-layer sigmoid net
with a linear output (003 Q2), from :func:`symnn.models.derive_batched_backprop` (general L, rows
are samples), then written out for L = 3 in the source's notation and checked by finite differences."""

import numpy as np
import sympy

from symnn.build import Claim, Solution, Text
from symnn.models import LayerSpec, MLPSpec, derive_batched_backprop, verify_batched_backprop

ID = "s003-2"
TITLE = "Matrix-form backpropagation of a two-hidden-layer net"
SOURCE = "003 Q2"
STATEMENT = r"""For the network with two sigmoid hidden layers and a linear output, $\ell = \frac{1}{2ml}\|X_3 - Y\|_F^2$, write the vectorised forward pass and the matrix-form gradients $\partial \ell/\partial W_i$, $\partial \ell/\partial b_i$."""

d, q1, q2, l = sympy.symbols("d q_1 q_2 l", integer=True, positive=True)
SPEC = MLPSpec(d, (LayerSpec(q1, "sigmoid"), LayerSpec(q2, "sigmoid"), LayerSpec(l, "identity")))


def _sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def seed_notation_gradients(params, X, Y, spec):
    """The L = 3 formulas displayed in part (c), in the source's notation (W_i, b_i for i = 0, 1, 2)."""
    (W0, b0), (W1, b1), (W2, b2) = params
    m, l_ = Y.shape
    ones = np.ones((m, 1))
    X1 = _sigmoid(X @ W0 + ones @ b0.reshape(1, -1))
    X2 = _sigmoid(X1 @ W1 + ones @ b1.reshape(1, -1))
    X3 = X2 @ W2 + ones @ b2.reshape(1, -1)
    D3 = (X3 - Y) / (m * l_)
    D2 = (D3 @ W2.T) * X2 * (1 - X2)
    D1 = (D2 @ W1.T) * X1 * (1 - X1)
    return [(X.T @ D1, (ones.T @ D1).ravel()), (X1.T @ D2, (ones.T @ D2).ravel()),
            (X2.T @ D3, (ones.T @ D3).ravel())]


FORWARD = r"""\begin{align*}
  X_0 &= X \in \mathbb{R}^{m \times d}, \\
  X_1 &= \sigma(X_0 W_0 + \mathbf{1} b_0) \in \mathbb{R}^{m \times q_1}, \\
  X_2 &= \sigma(X_1 W_1 + \mathbf{1} b_1) \in \mathbb{R}^{m \times q_2}, \\
  X_3 &= X_2 W_2 + \mathbf{1} b_2 \in \mathbb{R}^{m \times l}, \\
  \ell &= \frac{1}{2ml} \|X_3 - Y\|_F^2 = \frac{1}{2ml} \operatorname{tr}\big((X_3 - Y)^{T} (X_3 - Y)\big),
\end{align*}"""

GRADIENTS = r"""\begin{aligned}
  \Delta_3 &= \tfrac{1}{ml}(X_3 - Y), &
  \Delta_2 &= (\Delta_3 W_2^{T}) \odot X_2 \odot (1 - X_2), &
  \Delta_1 &= (\Delta_2 W_1^{T}) \odot X_1 \odot (1 - X_1), \\
  \frac{\partial \ell}{\partial W_i} &= X_i^{T} \Delta_{i+1}, &
  \frac{\partial \ell}{\partial b_i} &= \mathbf{1}^{T} \Delta_{i+1} \quad (i = 0, 1, 2) &&
\end{aligned}"""


def solve():
    general = derive_batched_backprop(SPEC, seed=2)
    runs = [verify_batched_backprop(SPEC, depths=(), seed=s, gradients=seed_notation_gradients) for s in (0, 1)]
    bad = [v for v in runs if v.verdict != "verified"]
    verdict = bad[0] if bad else max(runs, key=lambda v: v.max_rel_error or 0.0)
    explicit = Claim(
        GRADIENTS, verdict, title="The gradients for L = 3 in the source's notation",
        text=r"Instantiating the general result for $L = 3$ (two sigmoid hidden layers, so "
             r"$f'(Z) = \sigma(Z) \odot (1 - \sigma(Z))$ is $X_i \odot (1 - X_i)$ from the cached outputs; "
             r"linear output, so $f' = 1$ there), with $\Delta_{i+1} = \partial \ell/\partial Z_{i+1}$ and the "
             r"source's indices ($W_i$, $b_i$ map layer $i$ to layer $i+1$):",
        where=r"Here $\mathbf{1}$ is the all-ones column of length $m$, and $\mathbf{1}^{T}\Delta_{i+1}$ is a row, "
              r"the shape of the row bias $b_i$.",
        certificate=r"\textbf{Verified.} These formulas are the general result (derived symbolically), instantiated; evaluated on random networks of this shape "
                    r"(random widths, batch sizes 1, 3, 5; two draws), agree with central finite differences of "
                    r"$\ell$: " + "; ".join(v.message for v in runs).replace("%", r"\%") + ".")
    return Solution(
        parts=[
            Text(r"Rows are samples. With $\sigma$ applied entrywise and $\mathbf{1} \in \mathbb{R}^{m \times 1}$ "
                 r"the all-ones column (so $\mathbf{1} b_i$ adds the row $b_i \in \mathbb{R}^{1 \times q_{i+1}}$ to "
                 r"every row), the forward pass from the input to the loss is" "\n" + FORWARD + "\n"
                 r"with $q_0 = d$, $q_3 = l$, $W_i \in \mathbb{R}^{q_i \times q_{i+1}}$.",
                 title="The vectorised forward pass"),
            general.as_part(
                title="Backpropagation in matrix form, for any depth",
                text=r"The general result, derived in index notation for symbolic batch size $m$, widths and "
                     r"depth $L$; layer $i$ here has weights $W^{(i)}$ (the source's $W_{i-1}$) and a column bias "
                     r"$b^{(i)}$ (the source's row $b_{i-1}$ is its transpose)."),
            explicit,
        ],
        notes_on_source=[
            "The source (a question sheet) gives no answer. Its conventions are used in part (c): weights numbered "
            "from 0 (Wi, of size qi × q(i+1), maps layer i to layer i+1) and row biases bi, whose gradient is the row "
            "of column sums of Δ(i+1) (a column-bias convention gives its transpose). The factor 1/(ml) of the loss "
            "appears once, in Δ3.",
        ],
    )
