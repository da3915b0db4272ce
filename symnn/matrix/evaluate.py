r"""Evaluate a SymPy matrix expression with NumPy arrays (real or complex).

This is the numeric half of the matrix layer: it knows nothing of derivatives.  Every node is
evaluated by the one NumPy operation it means; an unknown node raises :class:`NotEvaluable`
rather than guessing.  Transposes are plain transposes (``.T``), never conjugates, so that the
evaluator is *analytic* and the complex-step derivative of :mod:`symnn.matrix.certificate`
applies (``Im f(V + ihE)/h`` is exact to rounding).

Scalars (``Trace``, ``Determinant``, a 1×1 product used as a number) come back as 0-d values;
matrices as 2-d arrays.

>>> import numpy as np
>>> from sympy import MatrixSymbol, Symbol, Trace
>>> A, x = MatrixSymbol("A", 2, 2), MatrixSymbol("x", 2, 1)
>>> env = {A: np.array([[1.0, 2.0], [3.0, 4.0]]), x: np.array([[1.0], [1.0]])}
>>> evaluate(x.T * A * x, env)
array([[10.]])
>>> float(evaluate(Trace(A.T * A), env))
30.0
>>> scalar_value(x.T * A * x, env)
10.0
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import sympy
from sympy import Basic
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions import (
    Determinant,
    HadamardPower,
    HadamardProduct,
    Identity,
    Inverse,
    MatAdd,
    MatMul,
    MatPow,
    MatrixExpr,
    MatrixSymbol,
    OneMatrix,
    Trace,
    Transpose,
    ZeroMatrix,
)

__all__ = ["NotEvaluable", "evaluate", "scalar_value"]


class NotEvaluable(ValueError):
    """The expression holds a construct the evaluator has no NumPy meaning for."""


#: Elementary scalar functions, by SymPy class: the NumPy function of the same meaning.
_SCALAR_FUNCTIONS = {
    sympy.log: np.log,
    sympy.exp: np.exp,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tanh: np.tanh,
}


def _dim(size: Basic, env: Mapping[Basic, Any]) -> int:
    value = size.xreplace({k: sympy.Integer(int(v)) for k, v in env.items()
                           if isinstance(k, sympy.Symbol) and getattr(v, "ndim", 0) == 0})
    if not value.is_Integer:
        raise NotEvaluable(f"the size {size} is not a number here")
    return int(value)


def _matmul(parts: list) -> Any:
    out: Any = 1.0
    for p in parts:
        if np.ndim(p) == 2 and np.ndim(out) == 2:
            out = out @ p
        else:
            out = out * p
    return out


def evaluate(expr: Basic, env: Mapping[Basic, Any]) -> Any:
    """The value of ``expr`` when each key of ``env`` (matrix or scalar symbol) has its value.

    Sizes given by symbols (``n``) are read from ``env`` too.  Raises :class:`NotEvaluable` for a
    construct without a NumPy meaning, or a symbol without a value.
    """
    if expr in env:
        return env[expr]
    if isinstance(expr, MatrixSymbol):
        raise NotEvaluable(f"no value for the matrix {expr.name}")
    if isinstance(expr, MatrixExpr):
        return _evaluate_matrix(expr, env)
    if expr.is_Number or expr.is_NumberSymbol:
        return complex(expr) if expr.is_real is False else float(expr)
    if expr.is_Symbol:
        raise NotEvaluable(f"no value for {expr}")
    if isinstance(expr, MatrixElement):  # the entry of a 1×1 product used as a number: σ(wᵀx)
        if not (expr.i.is_Integer and expr.j.is_Integer):
            raise NotEvaluable(f"the entry {expr} has symbolic indices")
        return evaluate(expr.parent, env)[int(expr.i), int(expr.j)]
    args = [evaluate(a, env) for a in expr.args]
    if isinstance(expr, sympy.Add):
        return sum(args[1:], args[0])
    if isinstance(expr, sympy.Mul):
        return _matmul(args)
    if isinstance(expr, sympy.Pow):
        base, e = args
        return base ** e
    if isinstance(expr, Trace):
        return np.trace(args[0])
    if isinstance(expr, Determinant):
        return np.linalg.det(args[0])
    for cls, fn in _SCALAR_FUNCTIONS.items():
        if isinstance(expr, cls):
            return fn(*args)
    from ..vocabulary import NNFunction

    if isinstance(expr, NNFunction) and expr.smooth and len(args) == 1:  # σ, softplus: analytic
        return type(expr).numpy_impl(*args)
    raise NotEvaluable(f"no numeric meaning for {type(expr).__name__}")


def _evaluate_matrix(expr: MatrixExpr, env: Mapping[Basic, Any]) -> Any:
    if isinstance(expr, Identity):
        return np.eye(_dim(expr.rows, env))
    if isinstance(expr, ZeroMatrix):
        return np.zeros((_dim(expr.rows, env), _dim(expr.cols, env)))
    if isinstance(expr, OneMatrix):
        return np.ones((_dim(expr.rows, env), _dim(expr.cols, env)))
    if isinstance(expr, MatAdd):
        parts = [evaluate(a, env) for a in expr.args]
        return sum(parts[1:], parts[0])
    if isinstance(expr, MatMul):
        return _matmul([evaluate(a, env) for a in expr.args])
    if isinstance(expr, Transpose):
        return np.transpose(evaluate(expr.arg, env))
    if isinstance(expr, Inverse):
        return np.linalg.inv(evaluate(expr.arg, env))
    if isinstance(expr, MatPow):
        base, e = evaluate(expr.base, env), expr.exp
        if not e.is_Integer:
            raise NotEvaluable(f"the matrix power {e} is not an integer")
        return np.linalg.matrix_power(base, int(e))
    if isinstance(expr, HadamardProduct):
        out = evaluate(expr.args[0], env)
        for a in expr.args[1:]:
            out = out * evaluate(a, env)
        return out
    if isinstance(expr, HadamardPower):
        return evaluate(expr.base, env) ** evaluate(expr.exp, env)
    from ..elementwise import Diag, Entrywise

    if isinstance(expr, Entrywise):  # f⁽ᵏ⁾ on every entry: σ(z), σ′(z), tanh(W x + b)
        return _entrywise_function(expr)(evaluate(expr.arg, env))
    if isinstance(expr, Diag):
        return np.diagflat(evaluate(expr.arg, env))
    raise NotEvaluable(f"no numeric meaning for the matrix construct {type(expr).__name__}")


def _entrywise_function(expr) -> Any:
    """The NumPy function t ↦ f⁽ᵏ⁾(t) of an :class:`~symnn.elementwise.Entrywise` node."""
    from ..elementwise import ENTRY
    from ..vocabulary import numpy_namespace

    return sympy.lambdify(ENTRY, expr.scalar_derivative(ENTRY), [numpy_namespace(), "numpy"])


def scalar_value(expr: Basic, env: Mapping[Basic, Any]) -> Any:
    """The value of a scalar objective: a number, or the entry of a 1×1 matrix."""
    value = evaluate(expr, env)
    if np.ndim(value) == 2:
        if value.shape != (1, 1):
            raise NotEvaluable(f"the objective has shape {value.shape}, not a scalar")
        return value[0, 0].item()
    return value.item() if isinstance(value, (np.ndarray, np.generic)) else value
