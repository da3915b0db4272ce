r"""s003-1.1: d loss / d beta_1 for a sigmoid output with binary cross-entropy."""

import symnn as sn
from symnn.build import Proof, Solution

ID = "s003-1.1"
TITLE = "Sigmoid output with binary cross-entropy"
SOURCE = "003 Q1(1)"
STATEMENT = (r"""In binary classification ($l = 1$, $y \in \{0, 1\}$) the output is $\hat{y}_1 = \sigma(\beta_1)$ and the """
             r"""loss is $\ell(y, \hat{y}_1) = -[y \log \hat{y}_1 + (1 - y) \log(1 - \hat{y}_1)]$. """
             r"""Compute $\partial \ell / \partial \beta_1$.""")

#: The loss with ŷ₁ written ŷ: the output is a single number (l = 1).
LOSS = r"-(y \log(\hat{y}) + (1-y)\log(1-\hat{y}))"


def solve():
    plain = sn.derive(LOSS, r"\beta_1", define={r"\hat{y}": r"\sigma(\beta_1)"})
    with_threshold = sn.derive(LOSS, r"\beta_1", define={r"\hat{y}": r"\sigma(\beta_1 - \theta_1)"})
    return Solution(
        parts=[
            Proof(plain, title="The gradient"),
            Proof(with_threshold, title="With the output threshold",
                  text=r"The question also introduces an output threshold $\theta_1$; if it is subtracted "
                       r"inside the sigmoid the gradient keeps the same form:"),
        ],
        notes_on_source=[
            "The source (a question sheet, no answer) introduces thresholds θ_j and γ_h but leaves them out of "
            "its definitions of α_h and β_j; the result ŷ₁ − y holds either way (both cases are derived above).",
        ],
    )
