r"""s001-3.1: the perceptron update raises the margin y W^T x by eta (y^2 - y yhat) x^T x."""

from symnn.build import Solution, Text, equation, inequality

ID = "s001-3.1"
TITLE = "The perceptron update raises the margin"
SOURCE = "001 §3.1"
STATEMENT = (r"""The perceptron predicts $\hat{y} = 1$ if $W^T x + b > 0$ and $\hat{y} = -1$ otherwise, with labels """
             r"""$y \in \{-1, +1\}$. On a misclassified sample it updates $W_{\mathrm{new}} = W + \eta (y - \hat{y}) x$. """
             r"""Show that $y W_{\mathrm{new}}^T x = y W^T x + \eta (y^2 - y \hat{y}) x^T x$ and that the margin increases.""")


def solve():
    expansion = equation(
        r"y \sum_{i=1}^{n} (w_i + \eta (y - \hat{y}) x_i) x_i",
        r"y \sum_{i=1}^{n} w_i x_i + \eta (y^2 - y \hat{y}) \sum_{i=1}^{n} x_i^2",
        title="The margin after the update",
        text=r"Written in the components of $W, x \in \mathbb{R}^n$ (for any $n$), "
             r"$y W_{\mathrm{new}}^T x$ expands as")
    sign = inequality(
        r"\eta (y^2 - y \hat{y}) q", ">", 0, define={r"\hat{y}": "-y"},
        assume=[r"\eta > 0", r"y \neq 0", "q > 0"],
        title="The increase is positive",
        text=r"A misclassified sample has $\hat{y} = -y$. With $q = x^T x$, which is positive unless $x = 0$, "
             r"and $\eta > 0$, the increase $\eta (y^2 - y\hat{y})\, x^T x$ becomes",
        where=r"Since $y^2 = 1$, the margin grows by exactly $2 \eta\, x^T x$.")
    with_bias = equation(
        r"y (\sum_{i=1}^{n} (w_i + \eta (y - \hat{y}) x_i) x_i + b + \eta (y - \hat{y}))",
        r"y (\sum_{i=1}^{n} w_i x_i + b) + \eta (y^2 - y \hat{y}) (\sum_{i=1}^{n} x_i^2 + 1)",
        title="With the bias",
        text=r"The algorithm also updates $b_{\mathrm{new}} = b + \eta (y - \hat{y})$; the margin "
             r"$y (W^T x + b)$ then changes by $\eta (y^2 - y\hat{y})(x^T x + 1)$, which is positive even for $x = 0$:")
    return Solution(
        parts=[expansion, Text(r"The second term is the change of the margin; its sign decides the claim."), sign,
               with_bias],
        notes_on_source=[
            "The source writes the misclassification test as 'yŷ = yWᵀx < 0', equating the label ŷ ∈ {−1, +1} "
            "with the score Wᵀx; only their signs agree (and only without a bias). The update fires when "
            "y(Wᵀx + b) ≤ 0, i.e. ŷ = −y.",
            "The source argues C = η(y² − yŷ)xᵀx > 0 from 'xᵀx > 0', which needs x ≠ 0; for y, ŷ ∈ {−1, +1} "
            "on a misclassified sample y² − yŷ = 2 exactly, so the margin grows by 2η xᵀx.",
            "The source ignores the bias: with b updated too, the quantity that increases is y(Wᵀx + b), "
            "by η(y² − yŷ)(xᵀx + 1).",
        ],
    )
