r"""s003-1.3: softmax over two classes versus the sigmoid."""

import symnn as sn
from symnn.build import Proof, Solution, Text, equation

ID = "s003-1.3"
TITLE = "Softmax with two classes versus the sigmoid"
SOURCE = "003 Q1(3)"
STATEMENT = r"""Relate the SoftMax activation over two classes to the sigmoid used for binary classification: what is the same and what differs?"""


def solve():
    return Solution(
        parts=[
            equation(r"\frac{e^{\beta_1}}{e^{\beta_1} + e^{\beta_2}}", r"\sigma(\beta_1 - \beta_2)",
                     title="Two-class softmax is a sigmoid of the difference",
                     text=r"Dividing numerator and denominator by $e^{\beta_1}$:"),
            equation(r"\frac{e^{\beta_2}}{e^{\beta_1} + e^{\beta_2}}", r"1 - \sigma(\beta_1 - \beta_2)",
                     title="The second output is the complement"),
            equation(r"\frac{e^{\beta_1 + c}}{e^{\beta_1 + c} + e^{\beta_2 + c}}",
                     r"\frac{e^{\beta_1}}{e^{\beta_1} + e^{\beta_2}}",
                     title="Shifting both scores changes nothing",
                     text=r"The softmax only sees $\beta_1 - \beta_2$: one of its two parameters is redundant."),
            Proof(sn.derive(r"-(y \log \sigma(z) + (1-y)\log(1-\sigma(z)))", "z"),
                  title="The same gradient",
                  text=r"With $z = \beta_1 - \beta_2$ and $y = y_1$, two-class cross-entropy is binary "
                       r"cross-entropy of $\sigma(z)$, and its gradient is the familiar one:"),
            Text(r"So a two-class softmax layer computes exactly a sigmoid of the score difference: the same "
                 r"probabilities, the same loss and the same gradients. It differs in parametrisation: it keeps "
                 r"two scores (two weight vectors) where the sigmoid keeps one, so its parameters are determined "
                 r"only up to a common shift, and it outputs both probabilities explicitly."),
        ],
        notes_on_source=["The source is a question sheet without an answer for this part."],
    )
