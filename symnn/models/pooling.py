r"""Backpropagation through max pooling and average pooling (K′×K′ windows, stride S; seed 000 §2.5).

Window (i, j) covers the cells (Si+u, Sj+v), 0 ≤ u, v ≤ K′−1; δ_{ij} := ∂L/∂p_{ij} is the error
term of the pooled output p.  :func:`derive_pooling_backprop` derives

* average pooling, p_{ij} = (1/K′²) Σ_{u,v} a_{Si+u, Sj+v}:
  ∂L/∂a_{pq} = (1/K′²) Σ_{(i,j): (p,q) in window (i,j)} δ_{ij} — every cell of a window receives
  δ_{ij}/K′²; with overlapping windows (S < K′) a cell collects from each window containing it;
* max pooling, p_{ij} = max_{u,v} a_{Si+u, Sj+v}: where the maximum of each window is attained at a
  single cell (u*_{ij}, v*_{ij}), the max equals that entry near the point, so
  ∂L/∂a_{pq} = Σ_{i,j} δ_{ij} [p = Si+u*_{ij}] [q = Sj+v*_{ij}] — the gradient goes to the arg-max,
  every other cell gets 0 (and a cell that is the arg-max of several windows collects them all).

:func:`pooling_backprop` evaluates these rules in NumPy; :func:`verify_pooling_backprop` compares
them with finite differences of a direct pooling implementation.

>>> d = derive_pooling_backprop("max", verify=False)
>>> d.part("max").derivation.closed_form
Sum(KroneckerDelta(p, S*i + u^*[i, j])*KroneckerDelta(q, S*j + v^*[i, j])*\delta[i, j], (i, 0, H' - 1), (j, 0, W' - 1))
"""

from __future__ import annotations

import numpy as np
import sympy
from sympy import Max, Sum, Symbol

from ..calculus.derivation import Step
from ..numeric import TOLERANCE, relative_error
from ..verdict import Verdict
from .backprop import BackpropDerivation, Part, _derivation, _int
from .gradcheck import finite_difference
from .indexcalc import chain_rule_steps
from .notation import Partial, Text

__all__ = ["derive_pooling_backprop", "pool2d", "pooling_backprop", "verify_pooling_backprop",
           "max_derivative_lemma"]


def max_derivative_lemma(n: int = 4) -> sympy.Expr:
    """∂ max(a_1, …, a_n)/∂a_1 as SymPy computes it: a product of Heaviside steps, i.e. 1 where a_1
    is the unique maximum and 0 where another entry is larger.

    >>> lemma = max_derivative_lemma(3)
    >>> a = sympy.symbols("a1:4", real=True)
    >>> lemma.subs({a[0]: 2, a[1]: 1, a[2]: 0}), lemma.subs({a[0]: 0, a[1]: 1, a[2]: 2})
    (1, 0)
    """
    a = sympy.symbols("a1:%d" % (n + 1), real=True)
    return sympy.diff(Max(*a), a[0])


def _lemma_is_the_arg_max_indicator(n: int = 4) -> bool:
    """SymPy's ∂ max/∂a₁ is 1 exactly when a₁ is the largest entry, at every ordering of distinct entries."""
    import itertools

    lemma, a = max_derivative_lemma(n), sympy.symbols("a1:%d" % (n + 1), real=True)
    return all(lemma.subs(dict(zip(a, order))) == (1 if order[0] == n else 0)
               for order in itertools.permutations(range(1, n + 1)))


def derive_pooling_backprop(kind: str = "max", *, verify: bool = True, seed: int = 0) -> BackpropDerivation:
    """Derive the backward rule of ``kind`` = "max" or "avg" pooling (symbolic K′, S, sizes)."""
    L = Symbol("L")
    K, S = Symbol("K'", integer=True, positive=True), Symbol("S", integer=True, positive=True)
    Ho, Wo = Symbol("H'", integer=True, positive=True), Symbol("W'", integer=True, positive=True)
    H, W = Symbol("H", integer=True, positive=True), Symbol("W", integer=True, positive=True)
    a, pooled, delta = (sympy.IndexedBase(n, real=True) for n in ("a", "P", r"\delta"))
    ustar, vstar = sympy.IndexedBase("u^*", integer=True), sympy.IndexedBase("v^*", integer=True)
    i, j, u, v, p, q = (_int(n) for n in "ijuvpq")
    ranges = {i: (0, Ho - 1), j: (0, Wo - 1), u: (0, K - 1), v: (0, K - 1), p: (0, H - 1), q: (0, W - 1)}
    out = ((i, 0, Ho - 1), (j, 0, Wo - 1))
    parts = []
    if kind == "avg":
        definition = Sum(a[S * i + u, S * j + v], (u, 0, K - 1), (v, 0, K - 1)) / K ** 2
        words = "definitions of the error term and of average pooling"
        given = [(pooled[i, j], definition)]
        intro = Text("The loss depends on the input of the pooling layer only through the pooled values:")
        reading = ("each cell of window (i, j) receives the window's error term divided by K′²; the "
                   "condition says that (p, q) lies in window (i, j). With S = K′ (no overlap) "
                   "exactly one window contains (p, q).")
    elif kind == "max":
        # near a point where window (i, j) has a unique maximum at offset (u*, v*), the maximum IS
        # that entry (a small perturbation cannot change which entry is largest)
        definition = a[S * i + ustar[i, j], S * j + vstar[i, j]]
        words = "near the point the maximum is the arg-max entry (lemma)"
        given = [(pooled[i, j], definition)]
        intro = Text("Max pooling takes the largest entry of each window. Where the maximum of window "
                     "(i, j) is attained at a single offset {0}, a small change of the input does not "
                     "change which entry is largest, so near the point", sympy.Tuple(ustar[i, j], vstar[i, j]))
        reading = ("the error term of window (i, j) goes to its arg-max cell only; all other cells of "
                   "the window get 0. At ties the maximum is not differentiable.")
    else:
        raise ValueError("kind must be 'max' or 'avg', not %r" % (kind,))
    steps, result, notes = chain_rule_steps(
        L, a[p, q], pooled[i, j], definition, delta[i, j], out, ranges,
        via_words="multivariate chain rule", upstream_words=words)
    der = _derivation(L, a[p, q], Partial(L, a[p, q]), steps, result, notes)
    der.notes.append("Reading: " + reading)
    if kind == "max":
        if _lemma_is_the_arg_max_indicator():
            der.notes.append("Lemma: ∂ max(a₁, a₂, a₃, a₄)/∂a₁ = 𝕀(a₁ > max(a₂, a₃, a₄)), i.e. 1 where a₁ is "
                             "the unique maximum and 0 where another entry is larger (SymPy's derivative "
                             "of the maximum agrees at every ordering of the entries).")
    parts.append(Part(kind, "Backpropagation through %s pooling" % ("average" if kind == "avg" else "max"),
                      der, None, "", intro, given))
    d = BackpropDerivation(
        expr=L, wrt=(a[p, q],), order=1, start=der.start, steps=der.steps, closed_form=der.closed_form,
        parts=parts, title="Backpropagation through %s pooling" % ("average" if kind == "avg" else "max"),
        conventions=[Text("Window size {0}, stride {1}; indices start at 0; {2} is the error term of the "
                          "pooled output.", sympy.Symbol("K' \\times K'"), S, sympy.Eq(delta[i, j], Partial(L, pooled[i, j])))])
    if verify:
        d.verdict = verify_pooling_backprop(kinds=(kind,), seed=seed)
        d.notes.append(d.verdict.message)
    return d


# --------------------------------------------------------------------------- numeric witness


def pool2d(a: np.ndarray, K: int, S: int, kind: str) -> np.ndarray:
    """Max or average pooling, straight from the definition."""
    Ho, Wo = (a.shape[0] - K) // S + 1, (a.shape[1] - K) // S + 1
    reduce = np.max if kind == "max" else np.mean
    return np.array([[reduce(a[S * i:S * i + K, S * j:S * j + K]) for j in range(Wo)] for i in range(Ho)])


def pooling_backprop(delta: np.ndarray, a: np.ndarray, K: int, S: int, kind: str) -> np.ndarray:
    """∂L/∂a from the derived rules: to the arg-max (max) or δ/K′² to every cell (avg), summed over
    the windows that contain a cell."""
    grad = np.zeros_like(a)
    for i in range(delta.shape[0]):
        for j in range(delta.shape[1]):
            window = a[S * i:S * i + K, S * j:S * j + K]
            if kind == "max":
                u, v = np.unravel_index(np.argmax(window), window.shape)
                grad[S * i + u, S * j + v] += delta[i, j]
            else:
                grad[S * i:S * i + K, S * j:S * j + K] += delta[i, j] / K ** 2
    return grad


def verify_pooling_backprop(*, kinds=("max", "avg"), configs=((2, 2), (2, 1), (3, 2), (3, 3)),
                            cases: int = 3, seed: int = 0, backprop=None) -> Verdict:
    """Finite differences of L = Σ G ⊙ pool(a) against the derived rule, for each (K′, S) in
    ``configs`` (overlapping windows included); inputs whose windows have near-ties are redrawn."""
    rng = np.random.default_rng(seed)
    backprop = backprop or pooling_backprop
    checked, worst_err, worst = 0, 0.0, None
    for kind in kinds:
        for K, S in configs:
            for _ in range(cases):
                Ho, Wo = (int(n) for n in rng.integers(1, 4, size=2))
                H, W = S * (Ho - 1) + K, S * (Wo - 1) + K
                for _attempt in range(200):
                    a = rng.normal(size=(H, W))
                    gaps = [np.diff(np.sort(a[S * i:S * i + K, S * j:S * j + K].ravel()))[-1]
                            for i in range(Ho) for j in range(Wo)] if K > 1 else [1.0]
                    if min(gaps) > 0.01:
                        break
                G = rng.normal(size=(Ho, Wo))
                g = backprop(G, a, K, S, kind)
                for index in np.ndindex(a.shape):
                    fd = finite_difference(lambda: float(np.sum(G * pool2d(a, K, S, kind))), a, index)
                    err = relative_error(fd, float(g[index]))
                    checked += 1
                    if err >= worst_err:
                        worst_err, worst = err, (kind, K, S, index, fd, float(g[index]))
    if worst_err > TOLERANCE.rel:
        kind, K, S, index, fd, claimed = worst
        return Verdict("refuted", method="numeric", max_rel_error=worst_err, points_tried=checked,
                       counterexample={"point": {"kind": kind, "K'": K, "S": S, "cell": list(index)},
                                       "expected": fd, "claimed": claimed},
                       message="the %s-pooling gradient disagrees with finite differences" % kind)
    return Verdict("verified", method="symbolic", max_rel_error=worst_err, points_tried=checked,
                   numeric="agree", symbolic="derived symbolically from the index definition (the proof above)", 
                   message="the %s pooling gradients, derived symbolically from the index definition, agree with central finite differences at all %d "
                   "cells checked, overlapping windows included (largest relative error %.2g)"
                   % (" and ".join(kinds), checked, worst_err))
