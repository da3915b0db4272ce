"""Benchmark: the cost of one verdict under "verified means proved", warm, in-process.

Run:  python benchmarks/bench_verify.py [--repeat N]

Prints the median wall time of
1. σ′ check: is d σ(x)/dx = σ(x)(1 − σ(x))?  (target ≤ 30 ms)
2. softmax cross-entropy derive + verify with a symbolic class count C (target ≤ 50 ms)
3. a refutation: σ′ claimed as 1.0000005 σ(1 − σ)
4. a matrix gradient check: ∇_x xᵀAx = (A + Aᵀ)x
"""

from __future__ import annotations

import argparse
import statistics
import time

import symnn as sn

YHAT = r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}"
CASES = {
    "sigma' check": lambda: sn.check(r"\sigma(x)", "x", r"\sigma(x)(1-\sigma(x))"),
    "softmax CE derive+verify": lambda: sn.derive(r"-\sum_{k=1}^{C} y_k \log \hat{y}_k", r"\beta_j", define=[YHAT],
                                                   assume=[r"\sum_{k=1}^{C} y_k = 1"]),
    "refutation (factor 1.0000005)": lambda: sn.check(r"\sigma(x)", "x", r"1.0000005\sigma(x)(1-\sigma(x))"),
    "matrix gradient": lambda: sn.check("x^T A x", "x", "(A+A^T)x", matrices={"A": ("n", "n"), "x": ("n", 1)}),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    for name, fn in CASES.items():
        fn()  # warm: imports, caches
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
        verdict = getattr(out, "verdict", out)
        verdict = verdict.verdict if hasattr(verdict, "verdict") else verdict
        print(f"{name:32s} median {1000 * statistics.median(times):8.1f} ms   ({verdict})")


if __name__ == "__main__":
    main()
