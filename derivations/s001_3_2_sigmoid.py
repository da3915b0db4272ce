r"""s001-3.2: the derivative of the sigmoid from its definition, and its range."""

import symnn as sn
from symnn.build import Proof, Solution, inequality

ID = "s001-3.2"
TITLE = "The derivative of the sigmoid"
SOURCE = "001 §3.2"
STATEMENT = r"""Starting from the definition $\sigma(x) = \frac{1}{1 + e^{-x}}$ (3.1), show that $\sigma'(x) = \sigma(x)(1 - \sigma(x))$."""


def solve():
    derivation = sn.derive(r"\frac{1}{1+e^{-x}}", "x")
    return Solution(
        parts=[
            Proof(derivation, title="The derivative from the definition"),
            inequality(r"\sigma(x)", ">", 0, title="The sigmoid is positive"),
            inequality(r"\sigma(x)", "<", 1, title="The sigmoid is below one",
                       text=r"So $\sigma$ maps $\mathbb{R}$ into $(0, 1)$, and $\sigma' = \sigma(1-\sigma) > 0$ there."),
        ],
        notes_on_source=[
            "The source's derivation of σ′ = σ(1 − σ) is correct.",
            "The source then says the sigmoid 'can output any real value' and that this is why a single-layer "
            "network can do regression; this is false: 0 < σ(x) < 1 for every real x (checked above), so a "
            "sigmoid output can only fit targets in (0, 1) unless it is followed by a linear layer.",
        ],
    )
