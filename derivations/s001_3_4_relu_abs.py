r"""s001-3.4: the 1-2-1 ReLU network with the book's weights computes |x|."""

import sympy

import symnn as sn
from symnn.build import Solution, Text, equation

ID = "s001-3.4"
TITLE = "A 1-2-1 ReLU network computes the absolute value"
SOURCE = "001 §3.4"
STATEMENT = (r"""A network with one input, two hidden ReLU neurons and one ReLU output has weights """
             r"""$w_{11}^2 = 1$, $w_{21}^2 = -1$, $b_1^2 = b_2^2 = 0$, $w_{11}^3 = w_{12}^3 = 1$, $b_1^3 = 0$. """
             r"""Show that it computes $y = |x|$.""")

#: The weights given in the source (layer 2: hidden, layer 3: output).
HIDDEN = [(1, 0), (-1, 0)]  # (w_j1^2, b_j^2)
OUTPUT = ([1, 1], 0)  # (w_1j^3, b_1^3)


def network(x):
    """The network's output, built from the weights as a SymPy expression."""
    hidden = [sn.relu(w * x + b) for w, b in HIDDEN]
    weights, bias = OUTPUT
    return sn.relu(sum(w * h for w, h in zip(weights, hidden)) + bias)


def solve():
    x = sympy.Symbol("x", real=True)
    out = network(x)
    parts = [
        Text(r"With the given weights the hidden layer computes $h_1 = %s$ and $h_2 = %s$, and the output is $%s$."
             % tuple(sn.build.latex(e) for e in (sn.relu(x), sn.relu(-x), out)), title="The network"),
        equation(out, sympy.Abs(x), assume=[r"x \geq 0"], title="Non-negative inputs"),
        equation(out, sympy.Abs(x), assume=["x < 0"], title="Negative inputs"),
        equation(out, sympy.Abs(x), title="All inputs at once",
                 text=r"The two cases cover the real line (the first includes the kink at $x = 0$, where both sides "
                      r"are $0$); the identity checked without case split:"),
    ]
    return Solution(
        parts=parts,
        notes_on_source=[
            "The source presents this network as a way to 'fit y = x²' by building y = |x|; |x| is only a "
            "piecewise-linear stand-in for x² (they differ by up to 1/4 on [−1, 1] and without bound outside), "
            "not a fit of it.",
            "The ReLU on the output is redundant: h₁ + h₂ ≥ 0 already, so a linear output gives the same |x|.",
        ],
    )
