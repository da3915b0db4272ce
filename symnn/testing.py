r"""Assertions for test suites: closed forms and gradients, checked by both witnesses.

>>> import symnn as sn
>>> from sympy import Symbol
>>> x = Symbol("x", real=True)
>>> assert_closed_form(sn.derive(sn.sigmoid(x), x), r"\sigma(x)(1-\sigma(x))")
>>> assert_gradient(sn.sigmoid(x), x, r"\sigma(x)(1+\sigma(x))")
Traceback (most recent call last):
...
AssertionError: the claimed derivative is false: ...
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np
import sympy

from . import api
from .calculus.derivation import Derivation
from .verdict import Verdict


def _explain(v: Verdict) -> str:
    text = v.message
    if v.counterexample:
        point = ", ".join(f"{k} = {val:.6g}" for k, val in v.counterexample["point"].items())
        text += (
            f"\ncounterexample at {point}: true value {v.counterexample['expected']:.10g}, "
            f"claimed {v.counterexample['claimed']:.10g}"
        )
    return text


def assert_closed_form(derivation: Derivation | Any, expected: Any, **options: Any) -> None:
    """Fail unless ``derivation`` is verified and its closed form equals ``expected``.

    ``derivation`` is a :class:`~symnn.calculus.derivation.Derivation` (its verdict must be
    ``verified``) or an expression; ``expected`` is LaTeX or an expression.  Equality is checked by
    :func:`symnn.check_equation`, so printing order does not matter.
    """
    __tracebackhide__ = True
    if isinstance(derivation, Derivation):
        if derivation.verdict is not None and not derivation.verdict:
            raise AssertionError(f"the derivation itself is not verified: {_explain(derivation.verdict)}")
        actual = derivation.closed_form
        options.setdefault("assume", derivation.assumptions)
    else:
        actual = derivation
    v = api.check_equation(actual, expected, **options)
    if not v:
        raise AssertionError(f"closed form {actual} does not equal the expected one: {_explain(v)}")


def assert_gradient(f: Any, wrt: Any, claimed: Any, **options: Any) -> None:
    """Fail unless d f / d wrt equals ``claimed`` (symbolic proof, then finite differences).

    The failure message names the counterexample point and both values.
    """
    __tracebackhide__ = True
    v = api.check(f, wrt, claimed, **options)
    if not v:
        raise AssertionError(_explain(v))




# --------------------------------------------------------------------------- implementations


def check_gradient(f: Callable[[Any], Any], grad_f: Callable[[Any], Any] | Any, x: Any, directions: int = 3,
                   seed: int = 0, rtol: float = 1e-5, atol: float = 1e-10) -> dict:
    r"""Does ``grad_f(x)`` agree with the objective ``f`` along a few random directions?

    ``x`` is an array or a structure of arrays (list, tuple, dict — e.g. the weights of every
    layer); ``grad_f(x)`` returns the same structure.  ``grad_f`` may also be the gradient at
    ``x`` itself (anything not callable: arrays, tensors, a structure of them) when it is
    already computed, e.g. by a training step.  For each of ``directions`` random unit
    directions v (seeded), the directional derivative ⟨∇f(x), v⟩ from ``grad_f`` is compared with
    a difference of ``f`` along v (:mod:`symnn.directional`): a one-sided difference from a shared
    f(x) first (one evaluation of ``f`` per direction, whatever the number of parameters), the
    central difference (two more) for a direction that disagrees.  On a disagreement the AssertionError names
    the direction, both values, the seed, and the argument whose part of the direction carries the
    disagreement (two more evaluations of ``f`` per argument).  Returns
    ``{"directions": k, "max_rel_error": e, "evaluations": n}`` (n = k + 1 for a right gradient).
    With the gradient given, that is the whole cost: k + 1 evaluations of ``f`` and, per
    direction, one pass over the arrays.

    >>> import numpy as np
    >>> f = lambda w: float(np.sum(np.tanh(w) ** 2))
    >>> grad = lambda w: 2 * np.tanh(w) * (1 - np.tanh(w) ** 2)
    >>> check_gradient(f, grad, np.linspace(-1, 1, 1000))["max_rel_error"] < 1e-5  # within rtol
    True
    >>> x = np.linspace(-1, 1, 1000)
    >>> check_gradient(f, grad(x), x)["evaluations"]  # the gradient itself, already computed
    4
    >>> check_gradient(f, lambda w: 2 * np.tanh(w), x)
    Traceback (most recent call last):
    ...
    AssertionError: direction 0 of 3 (seed 0): grad_f gives the directional derivative ..., finite differences of f give ...
    """
    __tracebackhide__ = True
    from .directional import blame, directional_errors, leaves

    grad = grad_f(x) if callable(grad_f) else grad_f
    floor = atol / rtol
    # One-sided differences screen (k + 1 evaluations of f); a direction that disagrees is
    # measured again centrally before it counts (directional_errors' ``screen``).
    results = directional_errors(f, grad, x, directions, seed=seed, floor=floor, screen=rtol)
    for k, (direction, claimed, measured, error, _) in enumerate(results):
        if error > rtol:
            where = ""
            if len(leaves(x)) > 1:
                bad = blame(f, grad, x, direction, rtol, floor)
                where = "; the disagreement is in " + ", ".join(
                    f"argument {i} (shape {np.shape(leaves(x)[i])}): {c:.10g} vs {m:.10g}" for i, c, m in bad) if bad else ""
            raise AssertionError(
                f"direction {k} of {directions} (seed {seed}): grad_f gives the directional derivative "
                f"{claimed:.10g}, finite differences of f give {measured:.10g} (relative error {error:.3g}){where}")
    return {"directions": directions, "max_rel_error": max((r.error for r in results), default=0.0),
            "evaluations": sum(r.evaluations for r in results)}


def assert_implements(fn: Callable[..., Any], formula: Any, shapes: Mapping[str, tuple] | None = None, *,
                      scalars: Mapping[str, float] | None = None, seed: int = 0, trials: int = 2,
                      rtol: float = 1e-7, atol: float = 1e-12, framework: str = "numpy") -> None:
    r"""Fail unless ``fn`` computes ``formula`` on random inputs of the declared ``shapes``.

    ``formula`` is LaTeX (its matrices are the names in ``shapes``), a SymPy expression, a
    Derivation (its closed form), or a list of them when ``fn`` returns several results.  It is compiled once to NumPy (:func:`symnn.lambdify`: matrix
    products, common subexpressions shared).  Each of ``trials`` draws (seeded) gives every
    matrix random normal entries and every other scalar a random value in [0.5, 2) unless
    ``scalars`` fixes it; ``fn`` gets them all by keyword (``\lambda`` → ``lambda_``) and its
    result is compared entry by entry with the formula's — one evaluation of each per trial, so
    the cost does not grow with the number of parameters beyond the evaluations themselves.
    ``framework="torch"`` passes float64 torch tensors instead of arrays (results may be tensors
    either way).  The failure names the entry, both values and the seed.

    >>> import numpy as np
    >>> shapes = {"X": (50, 10), "W": (10, 1), "Y": (50, 1)}
    >>> ridge = r"\frac{1}{n}X^T(XW-Y)+\lambda W"
    >>> assert_implements(lambda X, W, Y, n, lambda_: X.T @ (X @ W - Y) / n + lambda_ * W, ridge, shapes)
    >>> assert_implements(lambda X, W, Y, n, lambda_: X.T @ (X @ W - Y) / n + W, ridge, shapes)
    Traceback (most recent call last):
    ...
    AssertionError: fn differs from the formula at entry (...): the formula gives ..., fn gives ... (seed 0; ...)
    """
    __tracebackhide__ = True
    from .directional import as_array
    from .export import lambdify

    shapes = dict(shapes or {})
    declared = {name: (tuple(s) if len(s) == 2 else (s[0], 1)) for name, s in shapes.items()}
    compiled = lambdify(formula, matrices=declared)
    missing = [s.name for s in compiled.symbols if isinstance(s, sympy.MatrixSymbol) and s.name not in shapes]
    if missing:
        raise ValueError(f"the formula uses the matrix {missing[0]}: give its shape in shapes=")
    convert = _torch_tensor if framework == "torch" else (lambda a: a)
    for trial in range(trials):
        rng = np.random.default_rng(seed + trial)
        values: dict[str, Any] = {}
        for name, symbol in zip(compiled.arguments, compiled.symbols):
            if isinstance(symbol, sympy.MatrixSymbol):
                values[name] = rng.standard_normal(shapes[symbol.name])
            else:
                values[name] = float((scalars or {}).get(name, (scalars or {}).get(symbol.name, rng.uniform(0.5, 2.0))))
        inputs = {n: (v.reshape(declared[s.name]) if isinstance(s, sympy.MatrixSymbol) else v)
                  for (n, v), s in zip(values.items(), compiled.symbols)}
        several = isinstance(formula, (list, tuple))
        expected = compiled(**inputs)
        actual = fn(**{n: convert(v) for n, v in values.items()})
        if several and (not isinstance(actual, (list, tuple)) or len(actual) != len(expected)):
            raise AssertionError(f"fn should return {len(expected)} results, one per formula")
        pairs = zip(actual, expected) if several else [(actual, expected)]
        for which, (got, want) in enumerate(pairs):
            _compare(as_array(got), np.asarray(want, dtype=float), rtol, atol,
                     f"result {which}" if several else "", f"seed {seed + trial}; inputs drawn with numpy.random."
                     f"default_rng({seed + trial}) in the order {', '.join(compiled.arguments)}")


def _compare(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float, what: str, provenance: str) -> None:
    """Fail at the worst entry of ``actual`` outside ``atol + rtol |expected|``."""
    __tracebackhide__ = True
    where = f" (in {what})" if what else ""
    if actual.size != expected.size or (actual.shape != expected.shape and min(actual.ndim, expected.ndim) > 1):
        raise AssertionError(f"fn returns shape {actual.shape}{where}, the formula has shape {expected.shape} ({provenance})")
    actual = actual.reshape(expected.shape)
    gap = np.abs(actual - expected) - (atol + rtol * np.abs(expected))
    if np.any(gap > 0) or not np.all(np.isfinite(actual)):
        at = np.unravel_index(int(np.argmax(np.where(np.isfinite(actual), gap, np.inf))), expected.shape)
        raise AssertionError(
            f"fn differs from the formula at entry {tuple(int(i) for i in at)}{where}: the formula gives "
            f"{expected[at]:.12g}, fn gives {actual[at]:.12g} ({provenance})")


def _torch_tensor(value: Any):
    try:
        import torch
    except ImportError:
        raise ValueError("framework='torch' needs torch installed") from None
    return torch.as_tensor(value, dtype=torch.float64)


__all__ = ["assert_closed_form", "assert_gradient", "assert_implements", "check_gradient"]
