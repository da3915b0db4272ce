r"""Declared shapes, and concrete random instances of them for the numeric witness.

A matrix problem is dimension-free: ``X`` is ``n×d`` with symbolic ``n``, ``d``.  The numeric
witness instantiates the *dimension symbols* (the free symbols of the shapes) at small random
sizes, draws the *scalar parameters* (``λ``) and the matrices at random, reproducibly from a seed.

>>> from sympy import MatrixSymbol, Symbol
>>> n, d = Symbol("n", integer=True, positive=True), Symbol("d", integer=True, positive=True)
>>> X, W = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1)
>>> lam = Symbol("lambda", real=True)
>>> expr = lam * W.T * X.T * X * W / n
>>> sorted(map(str, dimension_symbols(expr))), sorted(map(str, scalar_parameters(expr)))
(['d', 'n'], ['lambda'])
>>> [m.name for m in matrix_symbols(expr)]
['W', 'X']
>>> import numpy as np
>>> sizes = draw_sizes(dimension_symbols(expr), np.random.default_rng(0))
>>> all(2 <= v <= 5 for v in sizes.values())
True
>>> declare({"X": ("n", "d"), "W": ("d", 1)})["X"].shape
(n, d)
"""

from __future__ import annotations

from typing import Iterable, Mapping

import sympy
from sympy import Basic, MatrixSymbol, Symbol
from sympy.matrices.expressions import Determinant, Inverse, MatPow, MatrixExpr

from .._basic import as_basic
from .._lazy import numpy as np
from ..errors import SymnnInputError

__all__ = [
    "dimension_symbols",
    "scalar_parameters",
    "matrix_symbols",
    "is_matrix_problem",
    "declare",
    "shape_text",
    "draw_sizes",
    "draw_matrix",
    "needs_invertible",
    "SIZES",
]

#: Range of the random concrete sizes (inclusive): small, so that entry-wise checks are cheap.
SIZES = (2, 5)


def matrix_symbols(*exprs: Basic) -> list[MatrixSymbol]:
    """The matrix symbols of ``exprs``, sorted by name."""
    found: set[MatrixSymbol] = set()
    for e in exprs:
        if isinstance(e, Basic):
            found |= e.atoms(MatrixSymbol)
    return sorted(found, key=lambda m: m.name)


def dimension_symbols(*exprs: Basic) -> list[Symbol]:
    """The symbols that occur in the shapes of the matrices of ``exprs`` (n, d, ...)."""
    dims: set[Symbol] = set()
    for m in matrix_symbols(*exprs):
        for size in m.shape:
            dims |= {s for s in as_basic(size).free_symbols if isinstance(s, Symbol)}
    return sorted(dims, key=lambda s: s.name)


def scalar_parameters(*exprs: Basic) -> list[Symbol]:
    """The scalar symbols of ``exprs`` that are not dimensions (λ, ...)."""
    dims = set(dimension_symbols(*exprs))
    found: set[Symbol] = set()
    for e in exprs:
        if isinstance(e, Basic):
            found |= {s for s in e.free_symbols if isinstance(s, Symbol) and not isinstance(s, MatrixSymbol)}
    return sorted(found - dims, key=lambda s: s.name)


def is_matrix_problem(*exprs: Basic) -> bool:
    """True when any of ``exprs`` holds a matrix symbol."""
    return any(isinstance(e, Basic) and bool(e.atoms(MatrixSymbol)) for e in exprs)


#: Largest concrete matrix dimension; larger sizes are written as names (X:n,d), which the
#: witnesses instantiate at small values.
MAX_DIMENSION = 512


def _concrete(n: int) -> Basic:
    if not 1 <= n <= MAX_DIMENSION:
        raise SymnnInputError(f"a matrix dimension of {n} is out of range: give 1 to {MAX_DIMENSION}, "
                              "or a name such as n for a size of any value")
    return sympy.Integer(n)


def _dimension(value) -> Basic:
    if isinstance(value, Basic):
        return _concrete(int(value)) if value.is_Integer else value
    if isinstance(value, int):
        return _concrete(value)
    text = str(value).strip()
    if text.isdigit():
        return _concrete(int(text))
    if not text.isidentifier():
        raise SymnnInputError(f"a matrix dimension must be a whole number or a name, not {text!r}")
    return Symbol(text, integer=True, positive=True)


def declare(matrices: Mapping[str, Iterable]) -> dict[str, MatrixSymbol]:
    """Matrix symbols from declarations ``{"X": ("n", "d")}`` (sizes: names, numbers or symbols)."""
    from ..structured import StructuredMatrix

    out = {}
    for name, shape in matrices.items():
        shape = tuple(shape)
        if len(shape) not in (2, 3):
            raise SymnnInputError(f"the shape of {name} must have two sizes (rows, columns), not {shape!r}")
        rows, cols = _dimension(shape[0]), _dimension(shape[1])
        out[str(name)] = (StructuredMatrix(str(name), rows, cols, str(shape[2])) if len(shape) == 3
                          else MatrixSymbol(str(name), rows, cols))
    return out


def shape_text(shape) -> str:
    """``n×d`` for a shape."""
    return "×".join(str(s) for s in shape)


def draw_sizes(dims: Iterable[Symbol], rng: np.random.Generator) -> dict[Symbol, int]:
    """Random sizes in :data:`SIZES`, pairwise different when there are enough of them (so that a
    transposition or a wrong dimension cannot go unnoticed)."""
    dims = list(dims)
    lo, hi = SIZES
    pool = np.arange(lo, hi + 1)
    if len(dims) <= len(pool):
        values = rng.choice(pool, size=len(dims), replace=False)
    else:
        values = rng.integers(lo, hi + 1, size=len(dims))
    return {s: int(v) for s, v in zip(dims, values)}


def needs_invertible(m: MatrixSymbol, exprs: Iterable[Basic]) -> bool:
    """True when ``m`` occurs under a determinant, an inverse or a matrix power in ``exprs``."""
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, (Determinant, Inverse, MatPow)) and node.has(m):
                return True
    return False


def draw_matrix(m: MatrixSymbol, shape: tuple[int, int], rng: np.random.Generator, *, symmetric: bool = False,
                invertible: bool = False) -> np.ndarray:
    """A random matrix of ``shape`` (standard normal entries).

    ``symmetric`` gives ``(R + Rᵀ)/2``; ``invertible`` (for a square matrix under det, log det or an
    inverse) gives one with positive determinant and condition number below 10³, so that
    ``log det`` is real and inverses are accurate; a symmetric one is then positive definite.
    """
    rows, cols = shape
    structure = getattr(m, "structure", None)
    if structure is not None:  # a declared property: both witnesses use it (symnn.structured)
        from ..structured import draw_structured

        return draw_structured(structure, rows, rng)
    for _ in range(100):
        R = rng.standard_normal((rows, cols))
        if symmetric:
            R = (R + R.T) / 2
        if not invertible or rows != cols:
            return R
        if symmetric:
            R = R @ R.T / rows + 0.5 * np.eye(rows)
        elif np.linalg.det(R) < 0:
            R[0, :] = -R[0, :]
        if np.linalg.cond(R) < 1e3:
            return R
    raise RuntimeError(f"could not draw a well-conditioned {rows}×{cols} matrix for {m.name}")
