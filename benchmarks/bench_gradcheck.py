r"""Benchmark: testing gradient *code* of a 2-layer sigmoid MLP at P = 10⁴, 10⁵, 10⁶ parameters.

The network (rows are samples, no biases): Z₁ = X W₁, X₁ = σ(Z₁), Z₂ = X₁ W₂, X₂ = σ(Z₂),
ℓ = (1/2ml)‖X₂ − Y‖_F².  The *formula* is the one symnn derives
(:func:`symnn.models.batched.derive_batched_backprop`: Δ^{(L)}, the Δ recursion and
∂ℓ/∂W^{(i)} = (X^{(i−1)})^T Δ^{(i)}), its parts composed for L = 2 by substitution — not typed
here.  The implementations under test are plain NumPy backprop, right and wrong.

For each P it reports
* ``assert_implements(grad, [∂ℓ/∂W₁, ∂ℓ/∂W₂], shapes)`` on the right gradient (passes) and on one
  whose entry (3, 5) of ∂ℓ/∂W₁ is off by 10⁻⁴ relative (must fail), its time and the time of one
  evaluation of the compiled formula;
* ``check_gradient(loss, grad, [W₁, W₂], directions=3)`` on the right gradient (passes) and on one
  whose ∂ℓ/∂W₂ is off by 10⁻³ relative (must fail), its time against 2k = 6 evaluations of the loss
  (goal: ≤ 2×) — the check's own cost, of the gradient computed once (passed as the gradient
  itself); the same call with ``grad_f`` evaluated inside is timed beside it, with the cost of
  that one gradient evaluation in loss evaluations (this hand-written NumPy backprop: about 2);
* torch's ``gradcheck(..., fast_mode=True)`` and ``jax.test_util.check_grads`` on the same loss when
  they are installed (they are not symnn dependencies).

Run:  python benchmarks/bench_gradcheck.py             (P = 1e4, 1e5, 1e6)
      python benchmarks/bench_gradcheck.py --quick     (P = 1e4 only)
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

import numpy as np
import sympy

from symnn.models.batched import derive_batched_backprop
from symnn.models.notation import Entrywise
from symnn.models.spec import LayerSpec, MLPSpec
from symnn.testing import assert_implements, check_gradient
from symnn.vocabulary import sigmoid

BATCH, OUTPUTS = 64, 10


def derived_gradient_formulas(n0: int, n1: int):
    """[∂ℓ/∂W₁, ∂ℓ/∂W₂] of the 2-layer net, from the derived parts (layer i = 1, 2 substituted)."""
    d = derive_batched_backprop(MLPSpec(n0, (LayerSpec(n1, "sigmoid"), LayerSpec(OUTPUTS, "sigmoid"))), verify=False)
    form = {p.key: p.matrix_form[1] for p in d.parts if p.matrix_form}
    X, W1, W2 = (sympy.MatrixSymbol(n, *s) for n, s in (("X", (BATCH, n0)), ("W1", (n0, n1)), ("W2", (n1, OUTPUTS))))
    Y = sympy.MatrixSymbol("Y", BATCH, OUTPUTS)
    Z1 = X * W1
    X1 = Entrywise(sigmoid, Z1, 0)
    Z2 = X1 * W2
    X2 = Entrywise(sigmoid, Z2, 0)

    def named(expr):
        return {s.name: s for s in expr.atoms(sympy.MatrixSymbol)} | {s.name: s for s in expr.free_symbols}

    out = form["output"]
    o = named(out)
    D2 = out.xreplace({o["X^{(L)}"]: X2, o["Y"]: Y, o["Z^{(L)}"]: Z2, o["m"]: BATCH, o["l"]: OUTPUTS})
    hid = form["hidden"]
    h = named(hid)
    D1 = hid.xreplace({h[r"\Delta^{(i+1)}"]: D2, h["W^{(i+1)}"]: W2, h["Z^{(i)}"]: Z1})
    wts = form["weights"]
    w = named(wts)
    return [wts.xreplace({w["X^{(i-1)}"]: X, w[r"\Delta^{(i)}"]: D1}),
            wts.xreplace({w["X^{(i-1)}"]: X1, w[r"\Delta^{(i)}"]: D2})]


def sig(z):
    return 1 / (1 + np.exp(-z))


def loss(params, X, Y):
    W1, W2 = params
    return float(np.sum((sig(sig(X @ W1) @ W2) - Y) ** 2) / (2 * Y.size))


def gradient(X, W1, W2, Y):
    """Hand-written NumPy backprop (the implementation under test)."""
    A1 = sig(X @ W1)
    A2 = sig(A1 @ W2)
    D2 = (A2 - Y) / Y.size * A2 * (1 - A2)
    D1 = (D2 @ W2.T) * A1 * (1 - A1)
    return X.T @ D1, A1.T @ D2


def seconds(fn, repeats: int = 1) -> float:
    """Best of ``repeats`` runs, with the garbage collector off while they run (as timeit does:
    the derived formulas leave a large heap of SymPy objects, whose collections would land on
    whichever function happens to allocate when one is due)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def paired(baseline, candidate, pairs: int = 15, repeats: int = 3) -> tuple[float, float, float]:
    """Medians of ``baseline`` and ``candidate`` timed in alternation (each the best of
    ``repeats`` runs, as timeit does), and the median of their per-pair ratios: on a shared
    machine whose speed drifts, each ratio compares runs made moments apart."""
    times = [(seconds(baseline, repeats), seconds(candidate, repeats)) for _ in range(pairs)]
    base, cand = zip(*times)
    return float(np.median(base)), float(np.median(cand)), float(np.median([c / b for b, c in times]))


def fails(fn) -> bool:
    try:
        fn()
    except AssertionError:
        return True
    return False


def width_for(P: int) -> int:
    """n0 = n1 = n with n² + 10 n ≈ P."""
    return int(round((-OUTPUTS + np.sqrt(OUTPUTS ** 2 + 4 * P)) / 2))


def run(P_target: int) -> dict:
    n = width_for(P_target)
    P = n * n + n * OUTPUTS
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((BATCH, n)), rng.uniform(0, 1, (BATCH, OUTPUTS))
    W1, W2 = rng.normal(0, 1 / np.sqrt(n), (n, n)), rng.normal(0, 1 / np.sqrt(n), (n, OUTPUTS))
    shapes = {"X": X.shape, "W1": W1.shape, "W2": W2.shape, "Y": Y.shape}
    formulas = derived_gradient_formulas(n, n)

    def wrong_entry(X, W1, W2, Y):
        g1, g2 = gradient(X, W1, W2, Y)
        g1 = g1.copy()
        g1[3, 5] *= 1 + 1e-4
        return g1, g2

    from symnn.export import lambdify
    compiled = lambdify(formulas)
    values = dict(X=X, W1=W1, W2=W2, Y=Y)
    row = {"P": P, "width": n}
    row["formula eval"] = seconds(lambda: compiled(**values), 3)
    row["implements ok"] = seconds(lambda: assert_implements(gradient, formulas, shapes))
    row["implements catches 1e-4 entry"] = fails(lambda: assert_implements(wrong_entry, formulas, shapes))

    params = [W1, W2]
    f = lambda p: loss(p, X, Y)
    g = lambda p: list(gradient(X, p[0], p[1], Y))
    g_bad = lambda p: [gradient(X, p[0], p[1], Y)[0], gradient(X, p[0], p[1], Y)[1] * (1 + 1e-3)]
    given = g(params)  # the gradient under test, computed once (a training step would have it)
    six = lambda: [f(params) for _ in range(6)]
    row["6 loss evals"], row["check_gradient ok"], row["ratio"] = paired(
        six, lambda: check_gradient(f, given, params, directions=3))
    _, row["check_gradient with grad_f"], row["ratio with grad_f"] = paired(
        six, lambda: check_gradient(f, g, params, directions=3))
    row["grad_f"] = seconds(lambda: g(params), 5)
    row["check_gradient catches 1e-3 layer"] = fails(lambda: check_gradient(f, g_bad, params, directions=3))
    row["torch fast gradcheck"] = _torch_time(X, Y, W1, W2)
    row["jax check_grads"] = _jax_time(X, Y, W1, W2)
    return row


def _torch_time(X, Y, W1, W2):
    try:
        import torch
    except ImportError:
        return "not installed"
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    f = lambda a, b: torch.sum((torch.sigmoid(torch.sigmoid(Xt @ a) @ b) - Yt) ** 2) / (2 * Yt.numel())
    a, b = (torch.tensor(W, requires_grad=True) for W in (W1, W2))
    return seconds(lambda: torch.autograd.gradcheck(f, (a, b), fast_mode=True))


def _jax_time(X, Y, W1, W2):
    try:
        import jax
        import jax.numpy as jnp
        from jax.test_util import check_grads
    except ImportError:
        return "not installed"
    jax.config.update("jax_enable_x64", True)
    f = lambda a, b: jnp.sum((jax.nn.sigmoid(jax.nn.sigmoid(X @ a) @ b) - Y) ** 2) / (2 * Y.size)
    return seconds(lambda: check_grads(f, (jnp.array(W1), jnp.array(W2)), order=1, modes=["rev"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    ok = True
    for P in ((10 ** 4,) if args.quick else (10 ** 4, 10 ** 5, 10 ** 6)):
        row = run(P)
        within = row["ratio"] <= 2
        ok &= row["implements catches 1e-4 entry"] and row["check_gradient catches 1e-3 layer"] and within
        print(f"P = {row['P']:,} (widths {row['width']}-{row['width']}-{OUTPUTS}, batch {BATCH})")
        print(f"  one evaluation of the compiled derived formula: {row['formula eval']:.4f} s")
        print(f"  assert_implements, right gradient: passes in {row['implements ok']:.4f} s; "
              f"entry off by 1e-4 caught: {row['implements catches 1e-4 entry']}")
        print(f"  check_gradient (3 directions) of the computed gradient: {row['check_gradient ok']:.4f} s vs "
              f"6 loss evaluations {row['6 loss evals']:.4f} s (medians of 15 alternating best-of-3 runs; "
              f"median ratio {row['ratio']:.2f}x, goal <= 2x); "
              f"layer off by 1e-3 caught: {row['check_gradient catches 1e-3 layer']}")
        print(f"  check_gradient calling grad_f itself: {row['check_gradient with grad_f']:.4f} s "
              f"({row['ratio with grad_f']:.2f}x; grad_f alone {row['grad_f']:.4f} s = "
              f"{6 * row['grad_f'] / row['6 loss evals']:.1f} loss evaluations)")
        for other in ("torch fast gradcheck", "jax check_grads"):
            value = row[other]
            print(f"  {other}: " + (f"{value:.4f} s" if isinstance(value, float) else value))
    print("all goals met" if ok else "SOME GOAL NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
