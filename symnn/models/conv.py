r"""Backpropagation through a 2-D convolution layer, from the index definition; its kernel Jacobian.

A valid cross-correlation with a K×K kernel, stride S (indices from 0, as in seed 000 §2.4)::

    z_{ij} = Σ_{u,v=0}^{K−1} w_{uv} x_{Si+u, Sj+v} + b,     δ_{ij} := ∂L/∂z_{ij}.

:func:`derive_conv_backprop` derives

* stride 1: ∂L/∂x_{pq} = Σ_{u,v} w_{uv} δ_{p−u, q−v} — the *full* convolution of δ with the kernel
  (δ taken as 0 outside its range, i.e. zero-padded by K−1; equivalently the cross-correlation of
  the padded δ with the kernel rotated by 180°); any stride S: ∂L/∂x_{pq} = Σ_{i,j} δ_{ij} w_{p−Si, q−Sj}
  (w taken as 0 outside the kernel);
* with x = f(z^{(l)}) the error-term recursion of seed 000 §2.4:
  δ^{(l)}_{pq} = f′(z^{(l)}_{pq}) Σ_{u,v} w_{uv} δ^{(l+1)}_{p−u, q−v};
* ∂L/∂w_{uv} = Σ_{i,j} δ_{ij} x_{Si+u, Sj+v} and ∂L/∂b = Σ_{i,j} δ_{ij}.

:func:`verify_conv_backprop` compares these with finite differences of a direct NumPy
implementation; :func:`conv_kernel_jacobian` gives ∂z/∂w for a concrete input size (seed 004 §1.2).

>>> d = derive_conv_backprop(verify=False)
>>> d.part("input").derivation.closed_form
Sum(\delta[p - u, q - v]*w[u, v], (u, 0, K - 1), (v, 0, K - 1))
"""

from __future__ import annotations

import numpy as np
import sympy
from sympy import Function, Matrix, Sum, Symbol

from ..calculus.derivation import Step
from ..numeric import TOLERANCE, relative_error
from ..verdict import Verdict
from .backprop import BackpropDerivation, Part, _derivation, _int
from .gradcheck import activation_functions, finite_difference
from .indexcalc import chain_rule_steps
from .notation import Partial, Text, prime

__all__ = ["derive_conv_backprop", "verify_conv_backprop", "conv2d", "conv2d_backprop",
           "conv_kernel_jacobian", "verify_conv_kernel_jacobian", "SEED_004_JACOBIAN"]


def derive_conv_backprop(stride: int | Symbol = 1, *, verify: bool = True, seed: int = 0) -> BackpropDerivation:
    """Derive the input, kernel and bias gradients of a convolution layer (symbolic sizes).

    ``stride`` 1 gives the input gradient as a full convolution of δ with the kernel; a symbol
    or integer S > 1 gives the equivalent form summed over the output positions.
    """
    L = Symbol("L")
    K = Symbol("K", integer=True, positive=True)
    Ho, Wo = Symbol("H'", integer=True, positive=True), Symbol("W'", integer=True, positive=True)
    H, Wd = Symbol("H", integer=True, positive=True), Symbol("W", integer=True, positive=True)
    S = sympy.Integer(stride) if isinstance(stride, int) else stride
    x, w, z, delta = (sympy.IndexedBase(n, real=True) for n in ("x", "w", "z", r"\delta"))
    bias = Symbol("b", real=True)
    i, j, u, v, p, q, r, c = (_int(n) for n in "ijuvpqrc")
    ranges = {i: (0, Ho - 1), j: (0, Wo - 1), u: (0, K - 1), v: (0, K - 1), p: (0, H - 1),
              q: (0, Wd - 1), r: (0, K - 1), c: (0, K - 1)}
    z_def = Sum(w[u, v] * x[S * i + u, S * j + v], (u, 0, K - 1), (v, 0, K - 1)) + bias
    out = ((i, 0, Ho - 1), (j, 0, Wo - 1))
    given = [(z[i, j], z_def), (delta[i, j], Partial(L, z[i, j]))]
    intro = Text("The loss depends on the layer's input and parameters only through its outputs:")
    parts = []

    one = S == 1
    steps, result, notes = chain_rule_steps(
        L, x[p, q], z[i, j], z_def, delta[i, j], out, ranges,
        upstream_words="definitions of the error term and of the convolution",
        zero_outside=(delta,) if one else (w,), exchange=one)
    reading = ("the full convolution of the error terms (zero-padded by K − 1) with the kernel, i.e. "
               "the cross-correlation of the padded error terms with the kernel rotated by 180 degrees"
               if one else "each output position sends its error term back through the kernel entry "
               "that connected it to the input")
    der = _derivation(L, x[p, q], Partial(L, x[p, q]), steps, result, notes)
    parts.append(Part("input", "Gradient with respect to the input", der, None, "", intro, given))
    der.notes.append(("This is " if one else "Reading: ") + reading + ".")

    # seed 000 §2.4: the input is the activation of the previous layer, x = f(z^{(l)})
    f = Function("f")
    zl = sympy.IndexedBase("z^{(l)}", real=True)
    steps2, result2, _ = chain_rule_steps(
        L, zl[p, q], x[p, q], f(zl[p, q]), result, (), ranges,
        via_words="chain rule: the previous pre-activation enters only through its activation",
        upstream_words="the input gradient above; definition of the activation")
    parts.append(Part("recursion", "The error-term recursion between layers",
                      _derivation(L, zl[p, q], Partial(L, zl[p, q]), steps2, result2), None, "",
                      Text("The layer's input is the activation of the previous layer:"),
                      [(x[p, q], f(zl[p, q]))]))

    for key, var, heading in (("kernel", w[r, c], "Gradient with respect to the kernel"),
                              ("bias", bias, "Gradient with respect to the bias")):
        steps, result, _ = chain_rule_steps(
            L, var, z[i, j], z_def, delta[i, j], out, ranges,
            upstream_words="definitions of the error term and of the convolution")
        parts.append(Part(key, heading, _derivation(L, var, Partial(L, var), steps, result), None, "",
                          intro, given))

    conventions = [
        Text("Input {0}, kernel {1}, output {2}; indices start at 0; stride {3}.",
             sympy.Symbol("H \\times W"), sympy.Symbol("K \\times K"),
             sympy.Symbol("H' \\times W'"), S),
        "A convolution layer in a CNN computes a cross-correlation (no kernel flip); backpropagation "
        "then produces a true convolution (flipped kernel).",
    ]
    d = BackpropDerivation(
        expr=L, wrt=(x[p, q],), order=1, start=parts[0].derivation.start, steps=parts[0].derivation.steps,
        closed_form=parts[0].derivation.closed_form, parts=parts, conventions=conventions,
        title="Backpropagation through a convolution layer")
    if verify:
        d.verdict = verify_conv_backprop(strides=(1, 2) if one else (int(S) if S.is_Integer else 2,),
                                         seed=seed)
        d.notes.append(d.verdict.message)
    return d


# --------------------------------------------------------------------------- numeric witness


def conv2d(x: np.ndarray, w: np.ndarray, b: float = 0.0, stride: int = 1) -> np.ndarray:
    """Valid cross-correlation z_{ij} = Σ_{u,v} w_{uv} x_{Si+u, Sj+v} + b, straight from the definition."""
    K = w.shape[0]
    Ho, Wo = (x.shape[0] - K) // stride + 1, (x.shape[1] - K) // stride + 1
    z = np.full((Ho, Wo), float(b))
    for i in range(Ho):
        for j in range(Wo):
            z[i, j] += np.sum(w * x[stride * i:stride * i + K, stride * j:stride * j + K])
    return z


def conv2d_backprop(delta: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1):
    """(∂L/∂x, ∂L/∂w, ∂L/∂b) evaluated from the *derived* index formulas (not from autodiff)."""
    K = w.shape[0]
    Ho, Wo = delta.shape
    dx = np.zeros_like(x)
    if stride == 1:  # Σ_{u,v} w_{uv} δ_{p−u, q−v}, δ = 0 outside its range
        for p in range(x.shape[0]):
            for q in range(x.shape[1]):
                dx[p, q] = sum(w[u, v] * delta[p - u, q - v] for u in range(K) for v in range(K)
                               if 0 <= p - u < Ho and 0 <= q - v < Wo)
    else:  # Σ_{i,j} δ_{ij} w_{p−Si, q−Sj}, w = 0 outside the kernel
        for p in range(x.shape[0]):
            for q in range(x.shape[1]):
                dx[p, q] = sum(delta[i, j] * w[p - stride * i, q - stride * j]
                               for i in range(Ho) for j in range(Wo)
                               if 0 <= p - stride * i < K and 0 <= q - stride * j < K)
    dw = np.array([[sum(delta[i, j] * x[stride * i + u, stride * j + v]
                        for i in range(Ho) for j in range(Wo)) for v in range(K)] for u in range(K)])
    return dx, dw, float(delta.sum())


def verify_conv_backprop(*, strides=(1, 2), activations=("tanh", "sigmoid"), cases: int = 3,
                         seed: int = 0, backprop=None) -> Verdict:
    """Finite differences against the derived formulas on random layers.

    The layer is a = f(z0) (``activations``), z = conv(a, w) + b, L = Σ G ⊙ z with random G (so
    δ = G); checked: ∂L/∂z0 (the recursion), ∂L/∂w and ∂L/∂b, for every entry.
    """
    rng = np.random.default_rng(seed)
    backprop = backprop or conv2d_backprop
    checked, worst_err, worst = 0, 0.0, None
    for S in strides:
        for act in activations:
            f, fp = activation_functions(act)
            for _ in range(cases):
                K = int(rng.integers(1, 4))
                Ho, Wo = (int(n) for n in rng.integers(1, 4, size=2))
                H, W = S * (Ho - 1) + K, S * (Wo - 1) + K
                z0, w = rng.normal(size=(H, W)), rng.normal(size=(K, K))
                b, G = np.array([rng.normal()]), rng.normal(size=(Ho, Wo))
                loss = lambda: float(np.sum(G * conv2d(f(z0), w, b[0], S)))
                dx, dw, db = backprop(G, f(z0), w, S)
                claims = (("z0", z0, dx * fp(z0)), ("w", w, dw), ("b", b, np.array([db])))
                for name, arr, g in claims:
                    for index in np.ndindex(arr.shape):
                        fd = finite_difference(loss, arr, index)
                        err = relative_error(fd, float(g[index]))
                        checked += 1
                        if err >= worst_err:
                            worst_err, worst = err, (name, index, fd, float(g[index]), S, act)
    if worst_err > TOLERANCE.rel:
        name, index, fd, claimed, S, act = worst
        return Verdict("refuted", method="numeric", max_rel_error=worst_err, points_tried=checked,
                       counterexample={"point": {"parameter": "%s%s" % (name, list(index)), "stride": S,
                                                 "activation": act}, "expected": fd, "claimed": claimed},
                       message="the convolution gradients disagree with finite differences at %s%s"
                       % (name, list(index)))
    return Verdict("verified", method="symbolic", max_rel_error=worst_err, points_tried=checked,
                   numeric="agree", symbolic="derived symbolically from the index definition (the proof above)", 
                   message="the convolution gradients, derived symbolically from the index definition, agree with central finite differences at all %d "
                   "entries checked (strides %s; largest relative error %.2g)"
                   % (checked, ", ".join(map(str, strides)), worst_err))


# --------------------------------------------------------------------------- the kernel Jacobian


def _xsym(r: int, c: int) -> Symbol:
    return Symbol("x_{%d,%d}" % (r, c), real=True)


def conv_kernel_jacobian(H: int = 3, W: int = 3, K: int = 2) -> tuple[Matrix, Matrix, Matrix]:
    """(J, z, w): the Jacobian J = ∂z/∂w of a valid K×K cross-correlation over an H×W input.

    z and w are flattened row-major (z_{11}, z_{12}, …; w_{11}, w_{12}, …; indices from 1 as in
    seed 004), so J has one row per output and one column per kernel entry; it is computed by
    SymPy's ``jacobian`` of the explicit outputs.

    >>> J, z, w = conv_kernel_jacobian()
    >>> J == SEED_004_JACOBIAN
    True
    """
    x = [[_xsym(r + 1, c + 1) for c in range(W)] for r in range(H)]
    wm = [[Symbol("w_{%d,%d}" % (u + 1, v + 1), real=True) for v in range(K)] for u in range(K)]
    z = [sum(wm[u][v] * x[i + u][j + v] for u in range(K) for v in range(K))
         for i in range(H - K + 1) for j in range(W - K + 1)]
    w_flat = Matrix([wm[u][v] for u in range(K) for v in range(K)])
    z = Matrix(z)
    return z.jacobian(w_flat), z, w_flat


#: Seed 004 §1.2's answer, kept only as a claim to check against the derived Jacobian.
SEED_004_JACOBIAN = Matrix([[_xsym(1, 1), _xsym(1, 2), _xsym(2, 1), _xsym(2, 2)],
                            [_xsym(1, 2), _xsym(1, 3), _xsym(2, 2), _xsym(2, 3)],
                            [_xsym(2, 1), _xsym(2, 2), _xsym(3, 1), _xsym(3, 2)],
                            [_xsym(2, 2), _xsym(2, 3), _xsym(3, 2), _xsym(3, 3)]])


def verify_conv_kernel_jacobian(H: int = 3, W: int = 3, K: int = 2, *, points: int = 5, seed: int = 0) -> Verdict:
    """The SymPy Jacobian, evaluated at random inputs, against finite differences of :func:`conv2d`."""
    rng = np.random.default_rng(seed)
    J, _, w_flat = conv_kernel_jacobian(H, W, K)
    xs = [_xsym(r + 1, c + 1) for r in range(H) for c in range(W)]
    Jf = sympy.lambdify(xs, J, "numpy")
    checked, worst = 0, 0.0
    for _ in range(points):
        x, w = rng.normal(size=(H, W)), rng.normal(size=(K, K))
        Jn = np.asarray(Jf(*x.ravel()), dtype=float)
        for row in range(Jn.shape[0]):
            for col in range(Jn.shape[1]):
                idx = np.unravel_index(col, (K, K))
                fd = finite_difference(lambda: float(conv2d(x, w).ravel()[row]), w, idx)
                worst = max(worst, relative_error(fd, Jn[row, col]))
                checked += 1
    verdict = "verified" if worst <= TOLERANCE.rel else "refuted"
    return Verdict(verdict, method="symbolic" if verdict == "verified" else "numeric", max_rel_error=worst,
                   points_tried=checked, symbolic="differentiated symbolically entry by entry",
                   message="the kernel Jacobian, differentiated symbolically, %s finite differences at %d entries (largest relative "
                   "error %.2g)" % ("agrees with" if verdict == "verified" else "disagrees with", checked, worst))
