r"""Numeric witness for indexed claims: sums over k = 1..C, families β_k, y_k, free indices j.

A claim such as ∂ℓ/∂β_j = ŷ_j − y_j is instantiated at several class counts (C = 2, 3, 5, 7 by
default), at *every* value of its free indices, and at random points inside the assumptions
(labels drawn on the simplex when Σ_k y_k = 1 is assumed).  Expressions are evaluated by a small
NumPy evaluator in which every Σ becomes a broadcast axis, so a nested Σ_k … Σ_m … costs O(C) per
evaluation when its summands are separable, and nothing is ever expanded into C² terms.

Derivatives with respect to an entry β_j use the complex step when the expression is analytic,
central differences otherwise; a disagreement is confirmed with a second, independent difference
scheme before it is reported as a counterexample.

>>> from sympy import IndexedBase, Symbol, Sum, exp, log
>>> C = Symbol("C", integer=True, positive=True)
>>> j, k = Symbol("j", integer=True), Symbol("k", integer=True)
>>> b = IndexedBase("beta", real=True)
>>> lse = log(Sum(exp(b[k]), (k, 1, C)))
>>> compare_indexed_derivative(lse, b[j], exp(b[j]) / Sum(exp(b[k]), (k, 1, C))).status
'agree'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import sympy
from sympy import Basic, Eq, Expr, Indexed, IndexedBase, KroneckerDelta, Symbol, Sum

from .indexed import expand_indexed_definitions
from .numeric import TOLERANCE, NumericResult, Tolerance, relative_error
from .vocabulary import NNFunction, expand_definitions

#: Class counts at which symbolic sizes are instantiated (issue: C = 2, 3, 5, 7).
DEFAULT_SIZES: tuple[int, ...] = (2, 3, 5, 7)
#: Random draws per (size, free-index value) combination, at least.
DRAWS_PER_COMBINATION = 2
#: Points wanted per size; combinations get more draws when there are few of them.
POINTS_PER_SIZE = 8
#: At most this many free-index combinations are checked per size (all of them for small C).
MAX_INDEX_COMBINATIONS = 60

_UNARY = {
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.tanh: np.tanh,
    sympy.Abs: np.abs,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
}


class _Unsupported(Exception):
    pass


def _evaluate(expr: Basic, env: dict, depth: int = 0):
    """Evaluate ``expr`` with NumPy; Σ over k puts k's values on a fresh leading axis."""
    if expr.is_Number or expr in (sympy.pi, sympy.E):
        return complex(expr) if not expr.is_real else float(expr)
    if isinstance(expr, Symbol):
        if expr not in env:
            raise _Unsupported(f"no value for {expr}")
        return env[expr]
    if isinstance(expr, Indexed):
        arr = env[expr.base]
        idx = tuple(np.asarray(_evaluate(i, env, depth)).real.astype(int) for i in expr.indices)
        return arr[idx]
    if isinstance(expr, sympy.Add):
        return sum(_evaluate(a, env, depth) for a in expr.args)
    if isinstance(expr, sympy.Mul):
        out = 1.0
        for a in expr.args:
            out = out * _evaluate(a, env, depth)
        return out
    if isinstance(expr, sympy.Pow):
        base, e = (_evaluate(a, env, depth) for a in expr.args)
        if isinstance(e, float) and e.is_integer() and abs(e) < 64:
            return base ** int(e) if e >= 0 else 1.0 / base ** int(-e)
        return np.power(base, e)
    if isinstance(expr, KroneckerDelta):
        a, b = (_evaluate(x, env, depth) for x in expr.args)
        return (np.asarray(a) == np.asarray(b)).astype(float)
    if isinstance(expr, Sum):
        if len(expr.limits) != 1:
            raise _Unsupported("multiple-limit sums")
        var, lo, hi = expr.limits[0]
        lo_v, hi_v = int(np.real(_evaluate(lo, env, depth))), int(np.real(_evaluate(hi, env, depth)))
        idx = np.arange(lo_v, hi_v + 1).reshape((-1,) + (1,) * depth)
        inner = dict(env)
        inner[var] = idx
        value = _evaluate(expr.function, inner, depth + 1)
        value = np.asarray(value) + np.zeros(idx.shape)  # broadcast constants along the new axis
        return value.sum(axis=0)
    if isinstance(expr, NNFunction):
        return expr.numpy_impl(*(_evaluate(a, env, depth) for a in expr.args))
    for func, np_func in _UNARY.items():
        if isinstance(expr, func):
            return np_func(_evaluate(expr.args[0], env, depth))
    raise _Unsupported(f"cannot evaluate {type(expr).__name__}")


def _prepare(expr: Expr) -> Expr:
    return expand_definitions(expand_indexed_definitions(expr))


def _analytic(expr: Expr) -> bool:
    return not any(isinstance(n, NNFunction) and not n.smooth for n in sympy.preorder_traversal(expr)) and not expr.has(
        sympy.Abs, sympy.Max, sympy.Min, sympy.Piecewise, sympy.Heaviside
    )


@dataclass
class _Scope:
    sizes: list[Symbol]  # symbolic sizes (sum bounds, class counts)
    free_indices: list[Symbol]  # integer symbols that are free indices
    families: list[IndexedBase]
    scalars: list[Symbol]
    logged: set  # families whose entries appear under a log or a fractional power


def _scope(exprs: Sequence[Expr], wrt: Indexed | None) -> _Scope:
    sizes: set[Symbol] = set()
    bound: set[Symbol] = set()
    for e in exprs:
        for s in e.atoms(Sum):
            for var, lo, hi in s.limits:
                bound.add(var)
                sizes |= {x for x in (lo.free_symbols | hi.free_symbols) if isinstance(x, Symbol)}
    families: set[IndexedBase] = set()
    indices: set[Symbol] = set()
    for e in list(exprs) + ([wrt] if wrt is not None else []):
        for ix in e.atoms(Indexed):
            families.add(ix.base)
            for i in ix.indices:
                indices |= {x for x in i.free_symbols if isinstance(x, Symbol)}
        for d in e.atoms(KroneckerDelta):
            indices |= {x for x in d.free_symbols if isinstance(x, Symbol)}
    free_indices = sorted((indices - bound - sizes), key=str)
    scalars = set()
    for e in exprs:
        scalars |= {s for s in e.free_symbols if isinstance(s, Symbol)}
    scalars -= sizes | set(free_indices) | bound
    scalars = {s for s in scalars if not s.is_integer}
    logged = set()
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, sympy.log) or (isinstance(node, sympy.Pow) and not node.exp.is_integer):
                logged |= {ix.base for ix in node.args[0].atoms(Indexed)}
    return _Scope(sorted(sizes, key=str), free_indices, sorted(families, key=str), sorted(scalars, key=str), logged)


def _simplex_families(constraints: Iterable[Basic]) -> dict[IndexedBase, Expr]:
    """Families a constraint Σ_k p_k = c puts on the (scaled) simplex."""
    out = {}
    for c in constraints:
        if isinstance(c, Eq):
            for s, v in ((c.lhs, c.rhs), (c.rhs, c.lhs)):
                if isinstance(s, Sum) and isinstance(s.function, Indexed) and len(s.limits) == 1:
                    out[s.function.base] = v
    return out


def _positive_families(constraints: Iterable[Basic]) -> set[IndexedBase]:
    out = set()
    for c in constraints:
        if isinstance(c, (sympy.StrictGreaterThan, sympy.GreaterThan)) and isinstance(c.lhs, Indexed) and c.rhs == 0:
            out.add(c.lhs.base)
    return out


def _draw_env(scope: _Scope, size_values: dict, rng, simplex: dict, positive: set, n: int, wrt_base) -> dict:
    env: dict = dict(size_values)
    for fam in scope.families:
        if fam in simplex:
            total = float(sympy.N(simplex[fam].subs(size_values)))
            vec = rng.dirichlet(np.ones(n)) * total
        elif fam in positive:
            vec = rng.uniform(0.05, 2.0, n)
        elif fam in scope.logged:
            vec = rng.dirichlet(np.ones(n))  # inside a log: the domain is positive (probabilities)
        else:
            vec = rng.normal(0.0, 1.5, n)
        env[fam] = np.concatenate([[np.nan], vec]).astype(complex if fam == wrt_base else float)
    for s in scope.scalars:
        env[s] = float(rng.uniform(-2.0, 2.0))
    return env


def _index_combinations(scope: _Scope, n: int, rng) -> list[dict]:
    values = list(range(1, n + 1))
    combos = list(itertools.product(values, repeat=len(scope.free_indices)))
    if len(combos) > MAX_INDEX_COMBINATIONS:
        picks = rng.choice(len(combos), MAX_INDEX_COMBINATIONS, replace=False)
        combos = [combos[i] for i in sorted(picks)]
    return [dict(zip(scope.free_indices, c)) for c in combos]


def _value(expr, env) -> complex:
    return complex(np.asarray(_evaluate(expr, env)).reshape(()))


def _derivative(expr, env, base, position: tuple, analytic: bool, method: str) -> complex:
    arr = env[base]
    x0 = arr[position]
    if method == "complex" and analytic:
        h = 1e-20 * max(1.0, abs(x0))
        arr = arr.astype(complex)
        arr[position] = x0 + 1j * h
        return _value(expr, {**env, base: arr}).imag / h
    h = (np.finfo(float).eps ** (1 / 3)) * max(1.0, abs(x0)) * (1.0 if method == "central" else 0.37)

    def at(delta):
        a = np.real(arr).astype(float)
        a[position] = np.real(x0) + delta
        return _value(expr, {**env, base: a}).real

    # Richardson-extrapolated central difference
    d1 = (at(h) - at(-h)) / (2 * h)
    d2 = (at(h / 2) - at(-h / 2)) / h
    return (4 * d2 - d1) / 3


def compare_indexed_derivative(
    expr: Expr,
    wrt: Indexed,
    claim: Expr,
    constraints: Iterable[Basic] = (),
    seed: int = 0,
    sizes: Sequence[int] = DEFAULT_SIZES,
    tolerance: Tolerance = TOLERANCE,
) -> NumericResult:
    """Compare ∂expr/∂wrt with ``claim`` at every free-index value for each size in ``sizes``."""
    return _compare(expr, wrt, claim, constraints, seed, sizes, tolerance)


def compare_indexed_values(
    lhs: Expr,
    rhs: Expr,
    constraints: Iterable[Basic] = (),
    seed: int = 0,
    sizes: Sequence[int] = DEFAULT_SIZES,
    tolerance: Tolerance = TOLERANCE,
) -> NumericResult:
    """Compare two indexed expressions at every free-index value for each size in ``sizes``."""
    return _compare(lhs, None, rhs, constraints, seed, sizes, tolerance)


def _compare(expr, wrt, claim, constraints, seed, sizes, tolerance) -> NumericResult:
    constraints = list(constraints)
    rng = np.random.default_rng(seed)
    e, c = _prepare(expr), _prepare(claim)
    scope = _scope([e, c] + [_prepare(x.lhs - x.rhs) for x in constraints if isinstance(x, Eq)], wrt)
    if wrt is not None and not isinstance(wrt, Indexed):
        raise TypeError("compare_indexed_derivative differentiates with respect to an entry β_j")
    simplex, positive = _simplex_families(constraints), _positive_families(constraints)
    analytic = _analytic(e)
    tried, worst = 0, 0.0
    skipped = 0
    for n in sizes:
        size_values = {s: n for s in scope.sizes}
        combos = _index_combinations(scope, n, rng)
        draws = max(DRAWS_PER_COMBINATION, -(-POINTS_PER_SIZE // len(combos)))
        for combo in combos:
            for _ in range(draws):
                env = _draw_env(scope, size_values, rng, simplex, positive, n, wrt.base if wrt is not None else None)
                env.update(combo)
                try:
                    with np.errstate(all="ignore"):
                        claimed = _value(c, env)
                        if wrt is None:
                            expected = _value(e, env)
                        else:
                            position = tuple(int(_value(i, env).real) for i in wrt.indices)
                            if not all(1 <= p <= n for p in position):
                                continue
                            expected = _derivative(e, env, wrt.base, position, analytic, "complex")
                except (_Unsupported, IndexError, ValueError, TypeError, OverflowError) as exc:
                    if isinstance(exc, _Unsupported):
                        return NumericResult("no_points", 0, None, None, f"cannot evaluate numerically: {exc}")
                    skipped += 1
                    continue
                if not (np.isfinite(expected.real) and np.isfinite(claimed.real)) or abs(claimed.imag) > 1e-9:
                    skipped += 1
                    continue
                err = relative_error(expected.real, claimed.real, tolerance)
                if err > tolerance.rel and wrt is not None:
                    # confirm with an independent difference scheme before refuting
                    with np.errstate(all="ignore"):
                        second = _derivative(e, env, wrt.base, position, False, "central")
                    if relative_error(second, claimed.real, tolerance) <= 1e-4:
                        err = relative_error(second, claimed.real, tolerance)
                if err > tolerance.rel:
                    point = {str(k): v for k, v in combo.items()}
                    point.update({str(s): n for s in scope.sizes})
                    for fam in scope.families:
                        for p in range(1, n + 1):
                            point[f"{fam.name}_{p}"] = round(float(np.real(env[fam][p])), 6)
                    what = f"∂/∂{wrt}" if wrt is not None else "the left-hand side"
                    return NumericResult(
                        "counterexample",
                        tried + 1,
                        err,
                        {"point": point, "expected": float(expected.real), "claimed": float(claimed.real)},
                        f"differs at {', '.join(f'{k} = {v}' for k, v in list(point.items())[:6])}"
                        f"{' …' if len(point) > 6 else ''}: {what} = {expected.real:.6g} but the claim gives {claimed.real:.6g}",
                    )
                tried += 1
                worst = max(worst, err)
    if tried < 8:
        return NumericResult("no_points", tried, None, None, f"only {tried} usable points ({skipped} skipped)")
    size_text = ", ".join(str(n) for n in sizes)
    return NumericResult(
        "agree",
        tried,
        worst,
        None,
        f"agrees at {tried} random points for sizes {size_text} and every free-index value "
        f"(max relative error {worst:.2g})",
    )


__all__ = ["compare_indexed_derivative", "compare_indexed_values", "DEFAULT_SIZES"]
