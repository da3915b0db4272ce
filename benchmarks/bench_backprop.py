"""Benchmark: the symbolic δ-recursion derivation costs the same at every width; brute force does not.

Part 1 derives the backpropagation equations (:func:`symnn.models.backprop.derive_backprop`) for
networks declared with width 10 and width 1000: the derivation works with symbolic widths n_ℓ, so
its cost does not depend on the declared width (concrete sizes are used only by numeric checks).

Part 2 does what one would do without the index calculus: write the loss of an (L, n) sigmoid
network with explicit scalar weights w_{jk}^{(ℓ)} and let SymPy differentiate it with respect to
every weight and bias; it reports the time and the size (``count_ops``) of the gradient
expressions, which grow with n and, much faster, with L.

Part 3 derives them with ``verify=True`` for a declared width of 1000 (three sigmoid layers,
3,003,000 parameters; goal: < 30 s): the numeric witness then evaluates the derived gradient on
one network of the declared size and compares it with the loss along a few random directions
(:mod:`symnn.directional`) instead of perturbing every parameter.

Run:  python benchmarks/bench_backprop.py            (full table)
      python benchmarks/bench_backprop.py --quick    (tiny sizes, a few seconds)
"""

from __future__ import annotations

import argparse
import sys
import time

import sympy

from symnn.models.backprop import derive_backprop
from symnn.models.spec import LayerSpec, MLPSpec
from symnn.vocabulary import sigmoid


def time_symbolic(width: int, depth: int = 3, repeats: int = 3) -> tuple[float, int]:
    """Best-of-``repeats`` seconds to derive the recursions for a net of the given width, and the
    size (count_ops) of the derived inductive-step result."""
    spec = MLPSpec(width, tuple(LayerSpec(width, "sigmoid") for _ in range(depth)))
    best, size = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        d = derive_backprop(spec, verify=False)
        best = min(best, time.perf_counter() - start)
        size = sympy.count_ops(d.part("hidden").derivation.closed_form)
    return best, size


def brute_force(depth: int, width: int) -> tuple[float, int, int]:
    """Seconds to differentiate the explicit loss w.r.t. every parameter, total count_ops of the
    gradients, and the number of parameters."""
    x = sympy.symbols("x0:%d" % width, real=True)
    y = sympy.symbols("y0:%d" % width, real=True)
    a = list(x)
    params = []
    for ell in range(1, depth + 1):
        W = [[sympy.Symbol("w%d_%d_%d" % (ell, j, k), real=True) for k in range(width)] for j in range(width)]
        b = [sympy.Symbol("b%d_%d" % (ell, j), real=True) for j in range(width)]
        params += [w for row in W for w in row] + b
        a = [sigmoid(sum(W[j][k] * a[k] for k in range(width)) + b[j]) for j in range(width)]
    cost = sympy.Rational(1, 2 * width) * sum((yk - ak) ** 2 for yk, ak in zip(y, a))
    start = time.perf_counter()
    grads = [sympy.diff(cost, p) for p in params]
    elapsed = time.perf_counter() - start
    return elapsed, sum(sympy.count_ops(g) for g in grads), len(params)


def time_verified(width: int, depth: int = 3) -> tuple[float, object]:
    """Seconds for ``derive_backprop(..., verify=True)`` at the declared width, and its verdict."""
    spec = MLPSpec(width, tuple(LayerSpec(width, "sigmoid") for _ in range(depth)))
    start = time.perf_counter()
    d = derive_backprop(spec, verify=True)
    return time.perf_counter() - start, d.verdict


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes only (for tests)")
    args = parser.parse_args(argv)

    widths = (10, 1000)
    brute = ((2, 2), (2, 3)) if args.quick else ((2, 2), (2, 3), (2, 4), (3, 2), (3, 3), (4, 2), (4, 3))
    repeats = 1 if args.quick else 3

    print("Symbolic derivation of the δ recursions (symbolic widths n_ℓ, general L)")
    print("%-10s %12s %22s" % ("width", "seconds", "size of δ^(ℓ) result"))
    times = []
    for width in widths:
        seconds, size = time_symbolic(width, repeats=repeats)
        times.append(seconds)
        print("%-10d %12.3f %22d" % (width, seconds, size))
    print("ratio width %d / width %d: %.2f" % (widths[1], widths[0], times[1] / times[0]))
    print()
    print("Brute force: SymPy diff of the explicit loss w.r.t. every scalar weight (sigmoid, MSE)")
    print("%-4s %-4s %8s %12s %16s" % ("L", "n", "params", "seconds", "count_ops(grads)"))
    for depth, width in brute:
        seconds, ops, n_params = brute_force(depth, width)
        print("%-4d %-4d %8d %12.3f %16d" % (depth, width, n_params, seconds, ops))
    print()
    width = 100 if args.quick else 1000
    seconds, verdict = time_verified(width)
    params = 3 * (width * width + width)
    met = seconds < 30 and verdict.verdict == "verified"
    print("derive_backprop(width %d, 3 layers, %s parameters, verify=True): %.1f s (goal < 30 s), %s"
          % (width, f"{params:,}", seconds, verdict.verdict))
    print("  " + verdict.message)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
