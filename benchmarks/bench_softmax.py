"""Benchmark: the softmax cross-entropy gradient costs the same for every number of classes C.

Run:  python benchmarks/bench_softmax.py

1. symnn derives ∂ℓ/∂β_j for ℓ = −Σ_k y_k log ŷ_k with a *symbolic* C (one derivation for all C)
   and verifies it (both witnesses);
2. the numeric witness alone (symnn.witness), at the class counts it instantiates;
3. next to it, plain SymPy on explicit symbols β_1..β_C, y_1..y_C: differentiate, then simplify,
   for C = 10 and 100 (size of the result and time; simplify under a time budget).
"""

from __future__ import annotations

import time

import sympy
from sympy import Eq, IndexedBase, Sum, Symbol, exp, log

import symnn as sn
from symnn.budget import within_budget
from symnn.indexed import softmax
from symnn.witness import witness

C = Symbol("C", integer=True, positive=True)
j, k, m = (Symbol(n, integer=True) for n in "jkm")
beta, y, yhat = IndexedBase("beta", real=True), IndexedBase("y", real=True), IndexedBase("yhat", real=True)
LOSS = -Sum(y[k] * log(yhat[k]), (k, 1, C))
YHAT = {yhat[j]: exp(beta[j]) / Sum(exp(beta[m]), (m, 1, C))}
ONE_HOT = [Eq(Sum(y[k], (k, 1, C)), 1)]


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def symbolic() -> None:
    d, seconds = timed(lambda: sn.derive(LOSS, beta[j], define=YHAT, assume=ONE_HOT))
    print(f"symnn, symbolic C     derive + verify  {seconds:7.3f} s   closed form {d.closed_form}   ({d.verdict.verdict})")


def numeric() -> None:
    """The numeric witness alone: exact points at the class counts the sampler picks (2 … 12)."""
    loss = LOSS.xreplace({yhat[k]: softmax(beta, k, C)})
    r, seconds = timed(lambda: witness(loss, softmax(beta, j, C) - y[j], wrt=beta[j], constraints=ONE_HOT))
    print(f"symnn, numeric witness over {r.evidence.get('instances')} instances  {seconds:7.3f} s   {r.status} at "
          f"{r.points_tried} points, max rel. error {r.max_rel_error:.1e}")


def plain_sympy(sizes=(10, 100), budget=20.0) -> None:
    for n in sizes:
        b = sympy.symbols(f"beta1:{n + 1}", real=True)
        t = sympy.symbols(f"y1:{n + 1}", real=True)
        total = sum(exp(bi) for bi in b)
        loss = -sum(ti * log(exp(bi) / total) for ti, bi in zip(t, b))
        grad, seconds = timed(lambda: sympy.diff(loss, b[0]))
        print(f"plain SymPy, C={n:<4d} diff             {seconds:7.3f} s   result has {sympy.count_ops(grad)} operations")
        simplified, seconds = timed(lambda: within_budget(budget, lambda: sympy.simplify(grad), default=None))
        if simplified is None:
            print(f"plain SymPy, C={n:<4d} simplify         > {budget:.0f} s (gave up)")
        else:
            print(f"plain SymPy, C={n:<4d} simplify         {seconds:7.3f} s   result has {sympy.count_ops(simplified)} operations")


if __name__ == "__main__":
    symbolic()
    numeric()
    plain_sympy()
