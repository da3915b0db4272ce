r"""s001-1.4: the gradient of the squared hinge loss ½ max(0, 1 − y Wᵀx)²."""

from symnn.build import Solution, Text, derivative, equation

ID = "s001-1.4"
TITLE = "Gradient of the squared hinge loss"
SOURCE = "001 §1.4"
STATEMENT = r"""For labels $y \in \{-1, +1\}$ and the margin loss $G = \frac{1}{2}\left(\max\{0, 1 - y W^T x\}\right)^2$ (1.7), derive $\nabla_W G$."""

SHAPES = {"W": ("d", 1), "x": ("d", 1)}


def solve():
    return Solution(
        parts=[
            derivative(r"\frac{1}{2}\max(0, 1 - y w)^2", "w", r"-y \max(0, 1 - y w)",
                       title="The derivative in the score",
                       text=r"Write $w = W^T x$ for the score. The function $\frac{1}{2}\max(0, u)^2$ is "
                            r"differentiable everywhere with derivative $\max(0, u)$, so by the chain rule:"),
            derivative(r"\frac{1}{2}(1 - y W^T x)^2", "W", r"-y x (1 - y W^T x)", matrices=SHAPES,
                       title="The gradient where the margin is violated",
                       text=r"Where $y W^T x < 1$ the loss is $\frac{1}{2}(1 - y W^T x)^2$, and its gradient "
                            r"with respect to $W$ (the score's gradient being $x$) is"),
            equation(r"-y (1 - y w) - (w - y)", r"(y^2 - 1) w",
                     title="Using y² = 1",
                     text=r"The difference between $-y(1 - y w)$ and $w - y$ is $(y^2 - 1)\,w$, which vanishes "
                          r"for a label $y = \pm 1$; so the gradient is $(W^T x - y)\,x$ where $y W^T x < 1$:"),
            Text(r"Where $y W^T x \ge 1$ the loss is identically $0$ near $W$ and so is its gradient. Altogether "
                 r"$\nabla_W G = \max\{0, 1 - y W^T x\}\,(-y\,x)$, i.e. $0$ if $y W^T x \ge 1$ and "
                 r"$(W^T x - y)\,x$ otherwise; at the boundary $y W^T x = 1$ both pieces give $0$, so the "
                 r"gradient is continuous."),
        ],
        notes_on_source=[
            "The source's (1.7) is right, including the simplification with y² = 1; it does not say that the "
            "squared hinge loss is differentiable at the kink (both one-sided gradients vanish there), which is "
            "what makes its single formula valid everywhere.",
        ],
    )
