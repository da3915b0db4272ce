r"""s001-4.4: the four backpropagation equations and the output error of the mean squared error
(001 §4.3–4.5), derived once for every depth by :func:`symnn.models.derive_backprop` (generic
activation, downward induction) and checked by finite differences on random networks."""

from symnn.build import Solution, derivative
from symnn.models import derive_backprop

ID = "s001-4.4"
TITLE = "The four backpropagation equations"
SOURCE = "001 §4.3–4.5"
STATEMENT = r"""Derive $\delta^L = \nabla_a C \odot \sigma'(z^L)$, $\delta^\ell = ((W^{\ell+1})^T \delta^{\ell+1}) \odot \sigma'(z^\ell)$, $\partial C/\partial W^\ell = \delta^\ell (a^{\ell-1})^T$, $\partial C/\partial b^\ell = \delta^\ell$, and the output error for $C = \frac{1}{2m}\sum (y - a)^2$."""


def solve():
    proof = derive_backprop(None, seed=1).as_part(
        title="The backpropagation equations",
        text=r"The source's $\sigma$ denotes an arbitrary activation; it is written $f$ below. The source's "
             r"$\delta^\ell$, $W^\ell$, $z^\ell$ are $\delta^{(\ell)}$, $W^{(\ell)}$, $z^{(\ell)}$ here.")
    local = derivative(r"\sigma(z)", "z", r"\sigma(z)(1 - \sigma(z))",
                       title="The local derivative of the activation",
                       text=r"The factor $\partial a_j^L/\partial z_j^L$ of the base case is the derivative of the "
                            r"activation, $f'(z_j^L)$ (not a quotient of $f$ and $f'$); for the logistic sigmoid:")
    return Solution(
        parts=[proof, local],
        notes_on_source=[
            "In 4.4.1 an intermediate line writes the local derivative ∂a/∂z of the output a = σ(z) as the quotient "
            "σ(z)/σ′(z) before the correct σ′(z): it is σ′(z); the quotient is a slip (the final output error term is right).",
            "In 4.4.2 the source writes z(ℓ+1)k = Σ over j of (w(ℓ+1)kj a(ℓ)j + bk): the bias belongs outside the sum "
            "(inside it would be added once per unit of layer ℓ); the derivative with respect to a(ℓ)j is unaffected.",
            "In 4.4.3 the base case is introduced with 'when ℓ < L' although it is the case ℓ = L, and the summary "
            "speaks of the gradients with respect to w(ℓ+1)jk and b(ℓ)j where both carry the layer index ℓ.",
            "The output error term −(1/m) σ′(z) (y − a), entry by entry, for C = (1/2m)Σ(y − a)², and the four "
            "equations agree with the derivation.",
        ],
    )
