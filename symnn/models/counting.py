r"""Parameter and multiplication counts of a fully connected network, as formulas and as numbers.

Conventions (stated, because counts depend on them):

* a *multiplication* is a scalar product of two numbers; additions, comparisons and the
  evaluation of the activation itself (an exponential) are not counted; dividing by m counts as a
  multiplication by 1/m;
* forward pass: layer ℓ computes W^{(ℓ)} a^{(ℓ−1)}: n_ℓ·n_{ℓ−1} multiplications;
* backward pass, read off the derived recursions (:mod:`symnn.models.backprop`), with the
  activations a^{(ℓ)} cached from the forward pass:

  - output: ∇_a C = (a − y)/m: n_L (only when ``mean_scale``); f′(z^{(L)}) from the cached a:
    1 per unit for σ (a(1 − a)) and tanh (1 − a²), 0 for ReLU (a comparison) and the identity;
    the Hadamard product ⊙: n_L;
  - hidden ℓ = L−1, …, 1: (W^{(ℓ+1)})^T δ^{(ℓ+1)}: n_{ℓ+1}·n_ℓ; f′: as above; ⊙: n_ℓ;
    (δ^{(0)} is never needed, so there are L−1 such products, not L);
  - gradients: δ^{(ℓ)} (a^{(ℓ−1)})^T: n_ℓ·n_{ℓ−1}; the bias gradient is δ^{(ℓ)} itself: 0;
  - optionally (``with_update``) the step W ← W − α∇W, b ← b − α∇b: n_ℓ·n_{ℓ−1} + n_ℓ.

For L layers of width n with sigmoid units (seed 000 §2.3; :func:`uniform_counts`):
forward L n²; backward (2L − 1) n² + 2Ln (+ n for the 1/m of a mean loss); with the update step
(3L − 1) n² + 3Ln.  The seed's 3Ln² + 2Ln (which includes the update step) differs by n² − Ln:
it charges a (W^{(ℓ+1)})^T δ product to every layer, including the output layer, which has none
(L products instead of L − 1), and counts σ′ and ⊙ together as n per layer (they are n each).

>>> from sympy import symbols
>>> L, n = symbols("L n", positive=True, integer=True)
>>> c = uniform_counts(L, n)
>>> c["forward"], c["backward"], c["backward_with_update"]
(L*n**2, 2*L*n**2 + 2*L*n - n**2, 3*L*n**2 + 3*L*n - n**2)
>>> from symnn.models.spec import LayerSpec, MLPSpec
>>> net = MLPSpec(160000, (LayerSpec(40000), LayerSpec(2000), LayerSpec(100)))
>>> parameter_count(net)
6480242100
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy import Expr, Symbol

from .spec import LayerSpec, MLPSpec

__all__ = ["FPRIME_MULTIPLICATIONS", "Count", "parameter_count", "conv_parameter_count",
           "multiplication_count", "uniform_counts", "SEED_000_BACKWARD"]

#: Multiplications to get f′(z) for one unit from the cached activation a = f(z).
FPRIME_MULTIPLICATIONS = {"sigmoid": 1, "tanh": 1, "relu": 0, "identity": 0, "softplus": 0}

#: Seed 000 §2.3's backward count for an L-layer width-n sigmoid MLP (kept to compare against).
SEED_000_BACKWARD = (lambda L, n: 3 * L * n ** 2 + 2 * L * n)


@dataclass
class Count:
    """A multiplication count: ``total`` and its itemised ``terms`` [(what, how many)]."""

    total: Expr | int = 0
    terms: list[tuple[str, Expr | int]] = field(default_factory=list)

    def add(self, what: str, how_many) -> None:
        if how_many != 0:
            self.terms.append((what, how_many))
            self.total = sympy.expand(self.total + how_many)


def parameter_count(spec: MLPSpec):
    """Σ_ℓ n_ℓ n_{ℓ−1} (+ n_ℓ with a bias): a number, or a formula when widths are symbols."""
    return spec.n_parameters


def conv_parameter_count(in_channels, out_channels, kernel, bias: bool = True):
    """out·(in·K_h·K_w + 1) for a convolution with a ``kernel`` = K or (K_h, K_w).

    >>> conv_parameter_count(3, 32, 3)
    896
    """
    kh, kw = (kernel, kernel) if not isinstance(kernel, tuple) else kernel
    return out_channels * (in_channels * kh * kw + (1 if bias else 0))


def multiplication_count(spec: MLPSpec, *, backward: bool = False, with_update: bool = False,
                         mean_scale: bool = True) -> Count:
    """Multiplications of the forward pass, or (``backward``) of the backward pass of ``spec``.

    ``mean_scale`` counts the 1/m of a mean loss at the output; ``with_update`` adds the gradient
    step.  Widths may be symbols (then the total is a formula).

    >>> from symnn.models.spec import LayerSpec, MLPSpec
    >>> net = MLPSpec(4, (LayerSpec(4), LayerSpec(4), LayerSpec(4)))
    >>> multiplication_count(net).total, multiplication_count(net, backward=True, mean_scale=False).total
    (48, 104)
    """
    n = spec.widths
    L = spec.depth
    count = Count()
    if not backward:
        for ell in range(1, L + 1):
            count.add("W^(%d) a^(%d)" % (ell, ell - 1), n[ell] * n[ell - 1])
        return count
    acts = [layer.activation for layer in spec.layers]
    if mean_scale:
        count.add("(a^(L) - y)/m", n[L])
    for ell in range(L, 0, -1):
        if ell < L:
            count.add("(W^(%d))^T delta^(%d)" % (ell + 1, ell + 1), n[ell + 1] * n[ell])
        count.add("f'(z^(%d)) from the cached activation" % ell, FPRIME_MULTIPLICATIONS[acts[ell - 1]] * n[ell])
        if acts[ell - 1] != "identity":
            count.add("Hadamard product at layer %d" % ell, n[ell])
        count.add("delta^(%d) (a^(%d))^T" % (ell, ell - 1), n[ell] * n[ell - 1])
        if with_update:
            count.add("update of W^(%d), b^(%d)" % (ell, ell),
                      n[ell] * n[ell - 1] + (n[ell] if spec.layers[ell - 1].bias else 0))
    return count


def uniform_counts(L, n, activation: str = "sigmoid") -> dict[str, Expr]:
    """Counts for L layers of width n (symbols or numbers), summed over the layers with SymPy.

    Keys: ``forward``, ``backward`` (gradients, C = ½‖a − y‖²), ``backward_mean`` (with the 1/m of
    C = (1/2m)Σ(y − a)²), ``backward_with_update`` (gradients and the update step).
    """
    ell = Symbol("ell", integer=True, positive=True)
    fp = FPRIME_MULTIPLICATIONS[activation]
    had = 0 if activation == "identity" else 1
    per_layer = n ** 2 + (fp + had) * n  # outer product δ a^T, f′, ⊙
    back = sympy.summation(per_layer, (ell, 1, L)) + sympy.summation(n ** 2, (ell, 1, L - 1))
    back = sympy.expand(back)
    update = sympy.expand(sympy.summation(n ** 2 + n, (ell, 1, L)))
    return {"forward": sympy.expand(sympy.summation(n ** 2, (ell, 1, L))),
            "backward": back,
            "backward_mean": sympy.expand(back + n),
            "backward_with_update": sympy.expand(back + update)}
