r"""s001-3.3: the single-neuron chain rule (3.4), (3.5) and a multivariate chain rule."""

import sympy

import symnn as sn
from symnn.build import Proof, Solution, derivative, latex

ID = "s001-3.3"
TITLE = "The chain rule for a single neuron and a multivariate example"
SOURCE = "001 §3.3"
STATEMENT = (r"""For $C(w_i, b_i) = \frac{1}{2}(\sigma(w_i x + b_i) - y)^2$ derive $\partial C/\partial w_i$ (3.4) and """
             r"""$\partial C/\partial b_i$ (3.5). Then, for $f(x, y) = y + e^{xy}$ with $x = \cos t$ and $y = t^2$, """
             r"""compute $df/dt$ with the multivariate chain rule.""")

NEURON = r"\frac{1}{2}(\sigma(w_i x + b_i) - y)^2"
F = r"y + e^{x y}"
PATH = {"x": r"\cos t", "y": "t^2"}


def _elementary(expr):
    """A derived closed form in exponentials (the refold table writes e^{xy} with σ)."""
    return sympy.simplify(expr.rewrite(sympy.exp))


def solve():
    dw = sn.derive(NEURON, r"w_i")
    db = sn.derive(NEURON, r"b_i")
    source_w = derivative(NEURON, r"w_i", r"(\sigma(w_i x + b_i) - y)\sigma'(w_i x + b_i) x",
                          title="The source's form of (3.4)",
                          text=r"The source writes (3.4) with $\sigma'$; it agrees with the derived closed form:")
    source_b = derivative(NEURON, r"b_i", r"(\sigma(w_i x + b_i) - y)\sigma'(w_i x + b_i)",
                          title="The source's form of (3.5)")
    # The multivariate chain rule: partial derivatives of f, derivatives of the path, then the sum.
    fx, fy = (_elementary(sn.derive(F, v).closed_form) for v in ("x", "y"))
    xt, yt = (sn.derive(PATH[v], "t").closed_form for v in ("x", "y"))
    partial_x = derivative(F, "x", fx, title="Partial derivative in x")
    partial_y = derivative(F, "y", fy, title="Partial derivative in y")
    chain = derivative(
        F, "t", fx * xt + fy * yt, define=PATH, title="The multivariate chain rule",
        text=r"With $\frac{dx}{dt} = %s$ and $\frac{dy}{dt} = %s$, "
             r"$\frac{df}{dt} = \frac{\partial f}{\partial x}\frac{dx}{dt} + \frac{\partial f}{\partial y}\frac{dy}{dt}$:"
             % (latex(xt), latex(yt)),
        where=r"where $x = \cos t$ and $y = t^2$; the check substitutes them and differentiates $f(\cos t, t^2)$ directly.")
    return Solution(
        parts=[Proof(dw, title="Equation (3.4)"), Proof(db, title="Equation (3.5)"), source_w, source_b,
               partial_x, partial_y, chain],
        notes_on_source=[
            "The source's (3.4), (3.5) and its df/dt = y e^{xy}(−sin t) + (1 + x e^{xy})·2t are correct.",
            "Where the source reuses (3.5) in §4.1 it writes ∂C/∂b = (a − y)σ′(wx + b)·x, with a spurious factor x; "
            "the derivative with respect to the bias has no x (derived above).",
        ],
    )
