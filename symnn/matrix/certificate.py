r"""The numeric witness of matrix results: random concrete shapes, entry-by-entry derivatives.

A matrix result with symbolic sizes is checked on several *concrete instances*: each dimension
symbol (n, d, …) gets a small random size (:func:`symnn.matrix.shapes.draw_sizes`), each matrix
random normal entries, each scalar parameter a random value inside its assumptions (``λ > 0``),
all from a fixed seed.  On each instance:

* **gradients** (:func:`compare_gradient`): every entry ∂f/∂V_ij of the objective is computed by
  the *complex step* ``Im f(V + ih E_ij)/h`` (h = 10⁻³⁰: exact to rounding, since every matrix
  operation the evaluator knows is analytic and transposes are not conjugates) and compared with
  the claimed matrix; for a variable with more than :data:`MAX_ENTRIES` entries, random
  directional derivatives ``⟨∇f, D⟩`` are compared instead;
* **identities** (:func:`compare_matrices`): both sides are evaluated and compared entry by entry.

Error measure (normwise, as ``torch.autograd.gradcheck``'s ``atol + rtol``):
``|a_ij − b_ij| / max(max|a|, max|b|, abs/rel)`` over the entries of one instance, with
:data:`symnn.numeric.TOLERANCE`; a tiny entry is thus judged at the scale of the whole matrix.

**Soundness.**  A disagreement is a counterexample only after the worst entry has been recomputed
independently with central differences (Richardson-extrapolated) and still disagrees, by more
than :data:`FD_TOLERANCE` (looser: finite differences carry truncation error); otherwise the
result is "no_points" (no verdict).  Agreement needs :data:`MIN_INSTANCES` usable instances.

>>> from sympy import MatrixSymbol, Symbol
>>> n = Symbol("n", integer=True, positive=True)
>>> A, x = MatrixSymbol("A", n, n), MatrixSymbol("x", n, 1)
>>> r = compare_gradient(x.T * A * x, x, (A + A.T) * x)
>>> r.status, r.instances, r.max_rel_error < 1e-12
('agree', 3, True)
>>> r = compare_gradient(x.T * A * x, x, 2 * A * x)
>>> r.status, sorted(r.counterexample)
('counterexample', ['claimed', 'entry', 'expected', 'point', 'seed', 'shapes'])
>>> compare_gradient(x.T * A * x, x, 2 * A * x, symmetric=[A]).status
'agree'
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

__all__ = ["MatrixNumericResult", "compare_gradient", "compare_matrices", "Instance", "instances",
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


def compare_gradient(objective: Basic, wrt: MatrixSymbol, claim: Basic, *, symmetric: Iterable[Basic] = (),
                     positive: Iterable[Symbol] = (), seed: int = 0, tolerance: Tolerance = TOLERANCE,
                     count: int = INSTANCES) -> MatrixNumericResult:
    """Is ``claim`` the gradient of the scalar ``objective`` with respect to ``wrt``?  (module doc)"""
    exprs = [objective, claim, wrt]
    rng = np.random.default_rng(seed + 7919)

    def usable(inst: Instance) -> bool:
        try:
            with np.errstate(all="ignore"):
                v = scalar_value(objective, inst.env)
                c = evaluate(claim, inst.env)
        except (NotEvaluable, np.linalg.LinAlgError, ValueError):
            return False
        return bool(np.isfinite(v) and abs(np.imag(v)) <= 1e-9 * max(1.0, abs(v)) and np.all(np.isfinite(c)))

    try:
        found = instances(exprs, seed, count, symmetric=symmetric, positive=positive, accept=usable)
    except NotEvaluable as exc:
        return MatrixNumericResult("no_points", message=f"could not evaluate numerically ({exc})")
    if len(found) < MIN_INSTANCES:
        return MatrixNumericResult("no_points", len(found), message=(
            f"only {len(found)} random instances gave finite real values (at least {MIN_INSTANCES} are needed)"))
    worst = 0.0
    for inst in found:
        shape = np.shape(inst.env[wrt])
        claimed = _as_matrix(evaluate(claim, inst.env), shape)
        if claimed.shape != shape:
            return MatrixNumericResult("no_points", message=f"the claim has shape {claimed.shape}, not {shape}")
        with np.errstate(all="ignore"):
            if np.prod(shape) <= MAX_ENTRIES:
                expected = complex_step_gradient(objective, wrt, inst.env)
                err = _normwise(expected, claimed, tolerance)
                bad = np.unravel_index(int(np.nanargmax(np.where(np.isfinite(err), err, np.inf))), shape)
                pairs = [(bad, float(expected[bad]), float(claimed[bad]), float(err[bad]))]
                direction = np.zeros(shape)
                direction[bad] = 1.0
                directions = [(direction, pairs[0])]
            else:
                dirs = _directional(objective, wrt, inst.env, rng)
                e = np.array([v for _, v in dirs])
                c = np.array([float(np.sum(claimed * D)) for D, _ in dirs])
                err = _normwise(e, c, tolerance)
                k = int(np.nanargmax(err))
                pairs = [(None, float(e[k]), float(c[k]), float(err[k]))]
                directions = [(dirs[k][0], pairs[0])]
        _, e_val, c_val, e_err = pairs[0]
        if not np.isfinite(e_err):
            return MatrixNumericResult("no_points", message="the derivative could not be computed numerically")
        worst = max(worst, e_err)
        if e_err <= tolerance.rel:
            continue
        # Confirm with an independent method before calling it a counterexample.
        D, (idx, _, _, _) = directions[0]
        fd = _central_difference(objective, wrt, inst.env, D)
        scale = max(abs(e_val), abs(c_val), tolerance.abs / tolerance.rel, float(np.max(np.abs(claimed), initial=0)))
        if abs(fd - e_val) / scale > FD_TOLERANCE or abs(fd - c_val) / scale <= FD_TOLERANCE:
            return MatrixNumericResult("no_points", len(found), worst, message=(
                "the complex-step and finite-difference derivatives do not agree well enough to decide"))
        entry = _entry_name(wrt, idx) if idx is not None else f"a random direction of {wrt.name}"
        where = ", ".join(f"{k} = {v}" for k, v in inst.point().items())
        what = f"∂f/∂{entry}" if idx is not None else f"the derivative along {entry}"
        return MatrixNumericResult(
            "counterexample", len(found), worst,
            {"point": inst.point(), "expected": e_val, "claimed": c_val, "entry": entry,
             "shapes": inst.shapes(), "seed": seed},
            f"differs at {where} (random matrices from seed {seed}): {what} = {e_val:.6g} but the claim "
            f"gives {c_val:.6g} (confirmed by central differences: {fd:.6g})",
            [{str(k): v for k, v in i.sizes.items()} for i in found])
    sizes = [{str(k): v for k, v in i.sizes.items()} for i in found]
    size_text = "; ".join(", ".join(f"{k} = {v}" for k, v in s.items()) for s in sizes) or "fixed sizes"
    return MatrixNumericResult("agree", len(found), worst, None, (
        f"agrees with complex-step derivatives on {len(found)} random instances ({size_text}; "
        f"max relative error {worst:.1e})"), sizes)


def compare_matrices(lhs: Basic, rhs: Basic, *, symmetric: Iterable[Basic] = (), positive: Iterable[Symbol] = (),
                     seed: int = 0, tolerance: Tolerance = TOLERANCE, count: int = INSTANCES) -> MatrixNumericResult:
    """Is ``lhs == rhs`` (matrices or scalars) on random instances?  ``expected`` is ``lhs``.

    >>> from sympy import MatrixSymbol, Symbol
    >>> n = Symbol("n", integer=True, positive=True)
    >>> A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
    >>> compare_matrices((A * B).T, B.T * A.T).status, compare_matrices((A * B).T, A.T * B.T).status
    ('agree', 'counterexample')
    """

    def values(inst):
        with np.errstate(all="ignore"):
            return np.asarray(evaluate(lhs, inst.env)), np.asarray(evaluate(rhs, inst.env))

    def usable(inst):
        try:
            a, b = values(inst)
        except (NotEvaluable, np.linalg.LinAlgError, ValueError):
            return False
        return bool(np.all(np.isfinite(a)) and np.all(np.isfinite(b)))

    try:
        found = instances([lhs, rhs], seed, count, symmetric=symmetric, positive=positive, accept=usable)
    except NotEvaluable as exc:
        return MatrixNumericResult("no_points", message=f"could not evaluate numerically ({exc})")
    if len(found) < MIN_INSTANCES:
        return MatrixNumericResult("no_points", len(found), message="too few random instances gave finite values")
    worst = 0.0
    for inst in found:
        a, b = values(inst)
        a, b = np.real(a) * np.ones(np.shape(b)), np.real(b) * np.ones(np.shape(a))
        err = _normwise(a, b, tolerance)
        idx = np.unravel_index(int(np.argmax(err)), err.shape) if err.ndim else ()
        worst = max(worst, float(err[idx]))
        if err[idx] > tolerance.rel:
            where = ", ".join(f"{k} = {v}" for k, v in inst.point().items())
            entry = "[%s]" % ", ".join(map(str, idx)) if idx else ""
            return MatrixNumericResult(
                "counterexample", len(found), worst,
                {"point": inst.point(), "expected": float(a[idx]), "claimed": float(b[idx]), "entry": entry,
                 "shapes": inst.shapes(), "seed": seed},
                f"differs at {where} (random matrices from seed {seed}): entry {entry or '(scalar)'} of the left "
                f"side is {float(a[idx]):.6g} but the right side gives {float(b[idx]):.6g}")
    sizes = [{str(k): v for k, v in i.sizes.items()} for i in found]
    return MatrixNumericResult("agree", len(found), worst, None,
                               f"both sides agree on {len(found)} random instances (max relative error {worst:.1e})",
                               sizes)
