r"""s003-1.2: the gradient of softmax + cross-entropy, for any number of classes l."""

import symnn as sn
from symnn.build import Proof, Solution, derivative

ID = "s003-1.2"
TITLE = "Softmax with cross-entropy"
SOURCE = "003 Q1(2)"
STATEMENT = r"""For $\hat{y}_j = e^{\beta_j}/\sum_{k=1}^{l} e^{\beta_k}$ and $\ell = -\sum_{j=1}^{l} y_j \log \hat{y}_j$ with a one-hot $y$, compute $\partial \ell / \partial \beta$."""

LOSS = r"-\sum_{j=1}^{l} y_j \log \hat{y}_j"
SOFTMAX = r"\hat{y}_i = \frac{e^{\beta_i}}{\sum_{k=1}^{l} e^{\beta_k}}"
ONE_HOT = r"\sum_{j=1}^{l} y_j = 1"


def solve():
    general = sn.derive(LOSS, r"\beta_i", define=[SOFTMAX])
    one_hot = sn.derive(LOSS, r"\beta_i", define=[SOFTMAX], assume=[ONE_HOT])
    jacobian = sn.derive(r"\mathrm{softmax}(\beta)_j", r"\beta_i")
    return Solution(
        parts=[
            Proof(general, title="For any labels",
                  text=r"Substituting the softmax and differentiating term by term, with no assumption on $y$:"),
            Proof(one_hot, title="For one-hot labels",
                  text=r"A one-hot label has $\sum_{j} y_j = 1$, and the gradient collapses to the textbook form; "
                       r"in vector form $\partial \ell / \partial \beta = \hat{y} - y$."),
            Proof(jacobian, title="The softmax Jacobian",
                  text=r"The same computation gives the Jacobian of the softmax, "
                       r"$\operatorname{diag}(\hat{y}) - \hat{y}\hat{y}^{T}$ in matrix form:"),
            derivative(LOSS, r"\beta_i", r"\hat{y}_i - y_i", define=[SOFTMAX], assume=[ONE_HOT],
                       title="Check of the one-hot result"),
        ],
        notes_on_source=[
            "The source (a question sheet, no answer) asks for the gradient for one-hot labels; "
            "ŷ − y needs only Σ_j y_j = 1, so it also holds for soft labels that sum to one. "
            "Without that condition the gradient is ŷ_i Σ_j y_j − y_i.",
        ],
    )
