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
           "multiplication_count", "uniform_counts", "SEED_000_BACKWARD", "count_by_execution",
           "verify_uniform_counts"]

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


# --------------------------------------------------------------------------- the execution witness


class _Counted:
    """A real number that counts the multiplications it takes part in (in a shared tally)."""

    __slots__ = ("value", "tally")

    def __init__(self, value: float, tally: list):
        self.value, self.tally = float(value), tally

    def _v(self, other):
        return other.value if isinstance(other, _Counted) else float(other)

    def __mul__(self, other):
        self.tally[0] += 1
        return _Counted(self.value * self._v(other), self.tally)

    __rmul__ = __mul__

    def __add__(self, other):
        return _Counted(self.value + self._v(other), self.tally)

    __radd__ = __add__

    def __sub__(self, other):
        return _Counted(self.value - self._v(other), self.tally)

    def __rsub__(self, other):
        return _Counted(self._v(other) - self.value, self.tally)


def _activation_and_cached_derivative(name: str):
    """(f on a plain float, f′ from the cached activation a = f(z) in counted arithmetic)."""
    import math

    table = {
        "sigmoid": (lambda t: 1.0 / (1.0 + math.exp(-t)), lambda a: a * (1 - a)),
        "tanh": (math.tanh, lambda a: 1 - a * a),
        "relu": (lambda t: max(t, 0.0), lambda a: 1.0 if a.value > 0 else 0.0),  # a comparison
        "identity": (lambda t: t, None),  # f′ = 1: nothing to multiply
    }
    if name not in table:
        raise ValueError("no execution model for the activation %r" % name)
    return table[name]


def count_by_execution(spec: MLPSpec, *, with_update: bool = False, mean_scale: bool = False,
                       seed: int = 0, learning_rate: float = 0.1) -> dict:
    """Run one forward and one backward pass of ``spec`` (concrete widths) on random numbers in
    arithmetic that counts every scalar multiplication, and return the tallies and the gradients.

    The backward pass is the textbook algorithm written with plain loops:
    δ^{(L)} = ∇_a C ⊙ f′(z^{(L)}) (∇_a C = a − y, or (a − y)·(1/m) with ``mean_scale``),
    δ^{(ℓ)} = ((W^{(ℓ+1)})^T δ^{(ℓ+1)}) ⊙ f′(z^{(ℓ)}), ∂C/∂W^{(ℓ)} = δ^{(ℓ)} (a^{(ℓ−1)})^T,
    ∂C/∂b^{(ℓ)} = δ^{(ℓ)}, f′ from the cached activations (σ′ = a(1 − a), tanh′ = 1 − a²), and
    with ``with_update`` the step W ← W − α ∂C/∂W, b ← b − α ∂C/∂b.  Nothing here consults the
    counting rules of :func:`multiplication_count`: the tallies are what the arithmetic did.

    Returns ``{"forward": int, "backward": int, "params": [(W, b)], "x", "y",
    "gradients": [(dW, db)] as NumPy arrays}`` (gradients before any update).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    widths = [int(w) for w in spec.widths]
    L = spec.depth
    params = [(rng.normal(0, 0.9, size=(widths[i + 1], widths[i])), rng.normal(0, 0.5, size=widths[i + 1]))
              for i in range(L)]
    x, y = rng.normal(0, 1, widths[0]), rng.normal(0, 1, widths[L])
    tally = [0]
    num = lambda v: _Counted(v, tally)  # noqa: E731
    W = [[[num(v) for v in row] for row in Wl] for Wl, _ in params]
    b = [[num(v) for v in bl] for _, bl in params]
    fns = [_activation_and_cached_derivative(layer.activation) for layer in spec.layers]

    # forward: z = W a + b, a = f(z) (f itself is not a multiplication)
    acts = [[num(v) for v in x]]
    for ell in range(L):
        z = []
        for j in range(widths[ell + 1]):
            total = W[ell][j][0] * acts[-1][0]
            for k in range(1, widths[ell]):
                total = total + W[ell][j][k] * acts[-1][k]
            z.append(total + b[ell][j])
        acts.append([num(fns[ell][0](zj.value)) for zj in z])
    forward = tally[0]

    # backward
    tally[0] = 0
    m = widths[L]
    grad_a = [acts[L][j] - y[j] for j in range(m)]
    if mean_scale:
        grad_a = [g * (1.0 / m) for g in grad_a]
    grads = [None] * L
    delta = grad_a
    for ell in range(L, 0, -1):
        fprime = fns[ell - 1][1]
        if fprime is not None:
            delta = [d * fprime(a) for d, a in zip(delta, acts[ell])]
        grads[ell - 1] = ([[d * a for a in acts[ell - 1]] for d in delta], list(delta))
        if ell > 1:  # (W^{(ℓ)})^T δ^{(ℓ)}, needed for δ^{(ℓ−1)} only
            back = []
            for k in range(widths[ell - 1]):
                total = W[ell - 1][0][k] * delta[0]
                for j in range(1, widths[ell]):
                    total = total + W[ell - 1][j][k] * delta[j]
                back.append(total)
            delta = back
    if with_update:
        for ell in range(L):
            gW, gb = grads[ell]
            W[ell] = [[w - learning_rate * g for w, g in zip(wr, gr)] for wr, gr in zip(W[ell], gW)]
            b[ell] = [bj - learning_rate * g for bj, g in zip(b[ell], gb)]
    backward = tally[0]
    as_array = lambda rows: np.array([[v.value for v in r] for r in rows])  # noqa: E731
    gradients = [(as_array(gW), np.array([v.value for v in gb])) for gW, gb in grads]
    return {"forward": forward, "backward": backward, "params": params, "x": x, "y": y,
            "gradients": gradients}


def verify_uniform_counts(depths=(1, 2, 3, 4), widths=(1, 2, 3, 5), activation: str = "sigmoid",
                          seed: int = 0):
    """Check :func:`uniform_counts` (the per-layer counts summed over the layers by SymPy) against
    :func:`count_by_execution` on concrete networks of every depth and width given, and check that
    the counted backward pass computes the true gradient (finite differences of the cost).

    The verdict is numeric: agreement of two independent counts at the listed (L, n).  Both sides
    are polynomials of degree ≤ 1 in L and ≤ 2 in n, so agreement at 2 depths × 3 widths
    or more pins them down, but the degree bound of the executed count is read off the loops, not proved.
    """
    import numpy as np

    from ..numeric import TOLERANCE, relative_error
    from ..verdict import Verdict
    from .gradcheck import compare_gradients, cost

    L_sym, n_sym = Symbol("L", integer=True, positive=True), Symbol("n", integer=True, positive=True)
    formulas = uniform_counts(L_sym, n_sym, activation)
    checked, worst_err, bad = 0, 0.0, []
    for depth in depths:
        for width in widths:
            spec = MLPSpec(width, tuple(LayerSpec(width, activation) for _ in range(depth)), "mse")
            at = {L_sym: depth, n_sym: width}
            plain = count_by_execution(spec, seed=seed + checked)
            update = count_by_execution(spec, with_update=True, seed=seed + checked)
            mean = count_by_execution(spec, mean_scale=True, seed=seed + checked)
            for key, got in (("forward", plain["forward"]), ("backward", plain["backward"]),
                             ("backward_with_update", update["backward"]),
                             ("backward_mean", mean["backward"])):
                want = int(formulas[key].subs(at))
                checked += 1
                if got != want:
                    bad.append("%s at L=%d, n=%d: executed %d, formula %d" % (key, depth, width, got, want))
            # the counted pass is a real backward pass: ½‖a − y‖² with mean_scale off is m·C
            params, x, y = plain["params"], plain["x"], plain["y"]
            grads = [(gW / width, gb / width) for gW, gb in plain["gradients"]]
            report = compare_gradients(params, grads, lambda: cost(params, x, y, spec))
            worst_err = max(worst_err, report.max_rel_error)
    if bad or worst_err > TOLERANCE.rel:
        reason = bad[0] if bad else "the counted backward pass does not compute the gradient (relative error %.3g)" % worst_err
        return Verdict("refuted", method="numeric", points_tried=checked, max_rel_error=worst_err,
                       message="the multiplication counts disagree: " + reason)
    return Verdict("verified", method="exact", points_tried=checked, max_rel_error=worst_err,
                   numeric="agree", symbolic="per-layer counts summed over the layers by SymPy",
                   message="the formulas (per-layer counts summed over ℓ = 1, …, L by SymPy) equal the "
                   "multiplications tallied while executing the forward and backward passes for all %d "
                   "cases (L in %s, n in %s, %s units); the executed backward pass matches central "
                   "finite differences of the cost (largest relative error %.2g)"
                   % (checked, ", ".join(map(str, depths)), ", ".join(map(str, widths)), activation, worst_err))
