r"""s003-1.4: cross-entropy = entropy + KL divergence."""

from symnn.build import Solution, Text, derivative, equation

ID = "s003-1.4"
TITLE = "Cross-entropy and the KL divergence"
SOURCE = "003 Q1(4)"
STATEMENT = r"""With $D_{\mathrm{KL}}(P \,\|\, Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}$, analyse the relation between the cross-entropy loss and the KL divergence."""

POSITIVE = [r"P_k > 0", r"Q_k > 0"]


def solve():
    return Solution(
        parts=[
            equation(r"-\sum_{k=1}^{C} P_k \log Q_k",
                     r"-\sum_{k=1}^{C} P_k \log P_k + \sum_{k=1}^{C} P_k \log \frac{P_k}{Q_k}", assume=POSITIVE,
                     title="Cross-entropy splits into entropy and divergence",
                     text=r"Writing $\log Q_k = \log P_k - \log \frac{P_k}{Q_k}$ inside the sum, over $C$ outcomes "
                          r"with positive probabilities, $H(P, Q) = H(P) + D_{\mathrm{KL}}(P \,\|\, Q)$:"),
            equation(r"\mathrm{CE}(P, Q)", r"\mathrm{H}(P) + \mathrm{KL}(P \| Q)", assume=POSITIVE,
                     title="The same identity in the vocabulary"),
            derivative(r"\mathrm{CE}(P, Q)", r"Q_k", r"-\frac{P_k}{Q_k}", assume=POSITIVE,
                title="Same gradient in the prediction",
                text=r"$H(P)$ does not depend on $Q$, so both have the gradient $-P_k/Q_k$ in $Q_k$:"),
            derivative(r"\mathrm{KL}(P \| Q)", r"Q_k", r"-\frac{P_k}{Q_k}", assume=POSITIVE,
                       title="Gradient of the divergence"),
            Text(r"For training, $P$ is the label distribution (fixed) and $Q = \hat{y}$ the prediction: minimising the "
                 r"cross-entropy over the model is minimising $D_{\mathrm{KL}}(P \,\|\, \hat{y})$, because the two "
                 r"differ by the constant $H(P)$. For one-hot labels $H(P) = 0$ and the two losses are equal."),
        ],
        notes_on_source=["The source is a question sheet without an answer for this part."],
    )
