r"""Benchmark: closed forms exported with ``to_numpy()`` against hand-written NumPy, at batch 10⁴.

* the δ recursion of :func:`symnn.models.backprop.derive_backprop` (sigmoid hidden layers),
  δ^{(ℓ)} = ((W^{(ℓ+1)})^T δ^{(ℓ+1)}) ⊙ σ′(z^{(ℓ)}), with one column per sample (10⁴ columns,
  widths 256 and 128);
* the ridge gradient of :func:`symnn.derive_matrix` for ½n⁻¹‖Xw − y‖² + ½λ‖w‖², X of 10⁴ × 100.

The hand-written versions are what a NumPy user would type: ``(W.T @ d) * s * (1 - s)`` with
``s = 1/(1 + exp(-z))``, and ``X.T @ (X @ w - y) / n + lam * w``.  Goal: exported ≤ 2× hand-written
(best of 7 runs each).  Both results are compared (they must agree to 1e-12).

Run:  python benchmarks/bench_numpy.py
"""

from __future__ import annotations

import sys
import time

import numpy as np

import symnn as sn
from symnn.models.backprop import derive_backprop
from symnn.models.spec import LayerSpec, MLPSpec

BATCH = 10_000


def best(fn, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def delta_recursion() -> tuple[float, float, float]:
    d = derive_backprop(MLPSpec(64, (LayerSpec(256, "sigmoid"), LayerSpec(128, "sigmoid"))), verify=False)
    f = d.to_numpy()
    rng = np.random.default_rng(0)
    W, delta, z = rng.standard_normal((128, 256)), rng.standard_normal((128, BATCH)), rng.standard_normal((256, BATCH))

    def hand():
        s = 1 / (1 + np.exp(-z))
        return (W.T @ delta) * s * (1 - s)

    gap = float(np.max(np.abs(f(W, delta, z) - hand())))
    return best(lambda: f(W, delta, z)), best(hand), gap


def ridge_gradient() -> tuple[float, float, float]:
    d = sn.derive_matrix(r"\frac{1}{2n}\|Xw-y\|^2 + \frac{\lambda}{2}\|w\|^2", "w",
                         matrices={"X": ("n", "d"), "w": ("d", 1), "y": ("n", 1)})
    f = d.to_numpy()
    rng = np.random.default_rng(1)
    X, w, y = rng.standard_normal((BATCH, 100)), rng.standard_normal((100, 1)), rng.standard_normal((BATCH, 1))
    n, lam = float(BATCH), 0.1
    values = {"X": X, "w": w, "y": y, "n": n, "lambda_": lam}

    def hand():
        return X.T @ (X @ w - y) / n + lam * w

    gap = float(np.max(np.abs(f(**values) - hand())))
    return best(lambda: f(**values)), best(hand), gap


def main() -> int:
    ok = True
    for name, run in (("δ recursion (256 ← 128, batch 10⁴)", delta_recursion),
                      ("ridge gradient (X: 10⁴ × 100)", ridge_gradient)):
        exported, hand, gap = run()
        ratio = exported / hand
        ok &= ratio <= 2 and gap < 1e-12
        print(f"{name}: to_numpy() {exported * 1e3:.2f} ms, hand-written {hand * 1e3:.2f} ms, "
              f"ratio {ratio:.2f} (goal <= 2); largest difference {gap:.1e}")
    print("all goals met" if ok else "SOME GOAL NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
