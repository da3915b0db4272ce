r"""Concrete instances and complex-step gradients for the check of a matrix *optimum*
(:mod:`symnn.matrix.solve`: the gradient vanishes at W*, and W* is a Newton step).

Claims themselves — gradients and identities — go through the one witness, :mod:`symnn.witness`
(exact entries, entry by entry); this module only serves the optimum check with random concrete
shapes (:func:`instances`) and complex-step gradients (:func:`complex_step_gradient`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from sympy import Basic, MatrixSymbol, Symbol
from sympy.matrices.expressions import MatrixExpr

from ..numeric import TOLERANCE, Tolerance
from .evaluate import NotEvaluable, evaluate, scalar_value
from .shapes import dimension_symbols, draw_matrix, draw_sizes, matrix_symbols, needs_invertible, scalar_parameters

__all__ = ["MatrixNumericResult", "Instance", "instances",
           "complex_step_gradient", "FD_TOLERANCE", "MIN_INSTANCES", "INSTANCES", "MAX_ENTRIES"]

#: Concrete instances (random sizes and values) compared per check, and the fewest that must work.
INSTANCES = 3
MIN_INSTANCES = 2
#: Above this many entries, random directional derivatives replace the entry-by-entry check.
MAX_ENTRIES = 64
#: Relative tolerance for the finite-difference confirmation of a disagreement (documented looser
#: than :data:`symnn.numeric.TOLERANCE`: central differences carry truncation and rounding error).
FD_TOLERANCE = 1e-5
_H_COMPLEX = 1e-30


@dataclass
class MatrixNumericResult:
    """What the numeric witness found.  ``status``: "agree", "counterexample" or "no_points"."""

    status: str
    instances: int = 0
    max_rel_error: float | None = None
    counterexample: dict[str, Any] | None = None
    message: str = ""
    sizes: list[dict[str, int]] = field(default_factory=list)

    @property
    def points_tried(self) -> int:
        """The random instances compared (the "points" of :class:`symnn.verdict.Verdict`)."""
        return self.instances


@dataclass
class Instance:
    """One concrete instance: sizes of the dimension symbols and values of every symbol."""

    sizes: dict[Symbol, int]
    env: dict[Basic, Any]

    def point(self) -> dict[str, float]:
        """Sizes and scalar values by name (matrices are reproducible from the seed)."""
        return {str(k): (float(v) if not isinstance(v, int) else v) for k, v in self.env.items()
                if not isinstance(k, MatrixSymbol)}

    def shapes(self) -> dict[str, list[int]]:
        return {k.name: list(np.shape(v)) for k, v in self.env.items() if isinstance(k, MatrixSymbol)}


def _scalar_value(sym: Symbol, rng: np.random.Generator, positive: set) -> float:
    magnitude = float(np.round(rng.uniform(0.2, 2.0), 3))
    if sym.is_positive or sym in positive or sym.is_nonnegative:
        return magnitude
    if sym.is_negative or sym.is_nonpositive:
        return -magnitude
    return magnitude if rng.random() < 0.5 else -magnitude


def instances(exprs: Sequence[Basic], seed: int = 0, count: int = INSTANCES, *, symmetric: Iterable[Basic] = (),
              positive: Iterable[Symbol] = (), accept: Callable[[Instance], bool] | None = None,
              attempts: int = 40) -> list[Instance]:
    """Up to ``count`` random instances of ``exprs`` (reproducible from ``seed``) that ``accept``."""
    rng = np.random.default_rng(seed)
    symmetric, positive = set(symmetric), set(positive)
    dims = dimension_symbols(*exprs)
    params = scalar_parameters(*exprs)
    mats = matrix_symbols(*exprs)
    out: list[Instance] = []
    for _ in range(attempts):
        if len(out) >= count:
            break
        sizes = draw_sizes(dims, rng)
        for _ in range(5):  # prefer sizes not tried yet: each instance should test something new
            if all(sizes != inst.sizes for inst in out):
                break
            sizes = draw_sizes(dims, rng)
        env: dict[Basic, Any] = dict(sizes)
        for s in params:
            env[s] = _scalar_value(s, rng, positive)
        try:
            for m in mats:
                shape = tuple(int(size.xreplace(sizes)) for size in m.shape)
                env[m] = draw_matrix(m, shape, rng, symmetric=m in symmetric, invertible=needs_invertible(m, exprs))
        except (RuntimeError, TypeError, ValueError):
            continue
        inst = Instance(sizes, env)
        if accept is None or accept(inst):
            out.append(inst)
    return out


def complex_step_gradient(objective: Basic, wrt: MatrixSymbol, env: dict) -> np.ndarray:
    """∂f/∂V_ij for every entry, by the complex step (exact to rounding for analytic f)."""
    V = np.asarray(env[wrt], dtype=float)
    G = np.empty(V.shape)
    for idx in np.ndindex(*V.shape):
        Vc = V.astype(complex)
        Vc[idx] += 1j * _H_COMPLEX
        G[idx] = np.imag(scalar_value(objective, {**env, wrt: Vc})) / _H_COMPLEX
    return G


def _central_difference(objective: Basic, wrt: MatrixSymbol, env: dict, direction: np.ndarray) -> float:
    """d/dt f(V + tD) at t = 0: central differences, Richardson-extrapolated (independent of the
    complex step)."""
    V = np.asarray(env[wrt], dtype=float)
    scale = max(1.0, float(np.max(np.abs(V))))

    def d(h):
        fp = scalar_value(objective, {**env, wrt: V + h * direction})
        fm = scalar_value(objective, {**env, wrt: V - h * direction})
        return (np.real(fp) - np.real(fm)) / (2 * h)

    h = 1e-3 * scale
    return (4 * d(h / 2) - d(h)) / 3


def _directional(objective, wrt, env, rng, k=6):
    V = np.asarray(env[wrt], dtype=float)
    out = []
    for _ in range(k):
        D = rng.standard_normal(V.shape)
        fc = scalar_value(objective, {**env, wrt: V.astype(complex) + 1j * _H_COMPLEX * D})
        out.append((D, np.imag(fc) / _H_COMPLEX))
    return out


def _normwise(a: np.ndarray, b: np.ndarray, tolerance: Tolerance) -> np.ndarray:
    floor = tolerance.abs / tolerance.rel
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), floor)
    return np.abs(a - b) / scale


def _entry_name(wrt: MatrixSymbol, idx: tuple) -> str:
    return "%s[%s]" % (wrt.name, ", ".join(str(i) for i in idx))


def _as_matrix(value, shape) -> np.ndarray:
    value = np.asarray(value)
    if value.ndim == 0:
        value = np.full(shape, value) if shape == (1, 1) else value
    return np.real_if_close(value, tol=1e6).astype(float) if np.iscomplexobj(value) else value.astype(float)
