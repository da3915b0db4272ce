r"""s000-2.5: backpropagation through max and average pooling (000 §2.5), derived with
:func:`symnn.models.derive_pooling_backprop` and checked by finite differences, overlapping windows
included; the source's form a = f(pool(z)) adds the factor f′ of the pooled value."""

from symnn.build import Solution, Text, derivative
from symnn.models import derive_pooling_backprop

ID = "s000-2.5"
TITLE = "Backpropagation through max and average pooling"
SOURCE = "000 §2.5"
STATEMENT = r"""Derive the backward pass of max pooling and of average pooling with a $K'\times K'$ window and stride $S$."""


def solve():
    max_pool = derive_pooling_backprop("max")
    avg_pool = derive_pooling_backprop("avg")
    seed_form = Text(
        r"The source pools the pre-activations and applies $f$ afterwards: "
        r"$a^{(l)}_{ij} = f(P_{ij})$ with $P$ the pooled $z^{(l)}$. By the chain rule the rules above apply "
        r"with the error term of the pooled value, $\delta_{ij} = \frac{\partial L}{\partial a^{(l)}_{ij}}\, "
        r"f'(P_{ij})$: max pooling sends $\frac{\partial L}{\partial a^{(l)}_{ij}} f'(P_{ij})$ to the arg-max "
        r"cell of window $(i, j)$ (where $f'(P_{ij}) = f'$ of that cell), average pooling sends "
        r"$\frac{1}{K'^2}\frac{\partial L}{\partial a^{(l)}_{ij}} f'(P_{ij})$ to every cell of the window, "
        r"with $f'$ taken at the window's mean, not at the cell. For example, with $K' = 2$ and the sigmoid:",
        title="Pooling before the activation (the source's form)")
    avg_sigma = derivative(r"\sigma(\frac{z_1 + z_2 + z_3 + z_4}{4})", "z_1",
                           r"\frac{1}{4}\sigma'(\frac{z_1 + z_2 + z_3 + z_4}{4})",
                           title="Average pooling followed by the sigmoid")
    return Solution(
        parts=[
            max_pool.as_part(title="Max pooling"),
            avg_pool.as_part(title="Average pooling"),
            seed_form, avg_sigma,
        ],
        notes_on_source=[
            "The source swaps the labels: the case it calls average pooling is written with max and "
            "sends the gradient to the arg-max, and the case it calls max pooling is the average "
            "with 1/K′². With the labels exchanged both rules are right.",
            "'The gradient is distributed evenly' holds for non-overlapping windows (S = K′); with S < K′ a cell "
            "lies in several windows and receives the sum of their contributions (for max pooling: of every window "
            "whose arg-max it is). At ties in a max-pooling window the maximum is not differentiable.",
            "The source pools z and then applies f, so the error term passed back also carries f′ of the pooled "
            "value (at the window's maximum or mean), which it leaves out.",
        ],
    )
