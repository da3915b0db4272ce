r"""Declared matrix properties: symmetric, symmetric positive definite, diagonal, orthogonal.

``--matrix S:n,n:symmetric`` (``matrices={"S": ("n", "n", "symmetric")}``) declares a
:class:`StructuredMatrix`.  Both witnesses use the property: symbolically ``Sᵀ`` *is* ``S`` (and
``Q⁻¹`` is ``Qᵀ``, ``QᵀQ = I`` for an orthogonal ``Q``, see :func:`orthogonal_products`); the
numeric witness draws matrices that have it (:func:`draw_structured`).

>>> from sympy import MatrixSymbol, Symbol
>>> n = Symbol("n", integer=True, positive=True)
>>> S = StructuredMatrix("S", n, n, "symmetric")
>>> S.T == S, S.structure
(True, 'symmetric')
>>> Q = StructuredMatrix("Q", n, n, "orthogonal")
>>> Q.I == Q.T, orthogonal_products(Q.T * Q * S)
(True, S)
"""

from __future__ import annotations

from sympy import Basic, Identity, MatMul, MatrixSymbol, sympify
from sympy.core.symbol import Str

from ._lazy import numpy as np
from .errors import SymnnInputError

__all__ = ["PROPERTIES", "StructuredMatrix", "orthogonal_products", "draw_structured"]

#: Matrix properties a declaration may state.
PROPERTIES = ("symmetric", "spd", "diagonal", "orthogonal")
_SELF_TRANSPOSED = frozenset({"symmetric", "spd", "diagonal"})


class StructuredMatrix(MatrixSymbol):
    """A matrix symbol with a declared property (``structure``); it prints like any matrix symbol."""

    def __new__(cls, name, n, m, structure):
        name = Str(name) if isinstance(name, str) else name
        structure = Str(structure) if isinstance(structure, str) else structure
        if structure.name not in PROPERTIES:
            raise SymnnInputError(f"unknown matrix property {structure.name}: use one of {', '.join(PROPERTIES)}")
        n, m = sympify(n), sympify(m)
        if n != m:
            raise SymnnInputError(f"a {structure.name} matrix is square: {name.name} cannot be {n}×{m}")
        return Basic.__new__(cls, name, n, m, structure)

    @property
    def structure(self) -> str:
        return self.args[3].name

    @property
    def free_symbols(self):
        return {self}

    def _eval_transpose(self):
        if self.structure in _SELF_TRANSPOSED:
            return self
        return super()._eval_transpose()

    def _eval_inverse(self):
        if self.structure == "orthogonal":
            return self.T
        return super()._eval_inverse()


def orthogonal_products(expr: Basic) -> Basic:
    """``QᵀQ`` and ``QQᵀ`` of a declared orthogonal ``Q`` become ``I`` inside every product."""
    def rewrite(node):
        coeff, mats = node.as_coeff_matrices()
        out: list = []
        for m in mats:
            prev = out[-1] if out else None
            if prev is not None and _orthogonal_pair(prev, m):
                out.pop()
                out.append(Identity(m.rows))
            else:
                out.append(m)
        out = [m for m in out if not isinstance(m, Identity)] or out[-1:]
        return MatMul(coeff, *out).doit(deep=False) if (coeff != 1 or len(out) > 1) else out[0]

    return expr.replace(lambda e: isinstance(e, MatMul) and any(
        getattr(a, "structure", None) == "orthogonal" or getattr(getattr(a, "arg", None), "structure", None)
        == "orthogonal" for a in e.args), rewrite)


def _orthogonal_pair(a, b) -> bool:
    for p, q in ((a, b), (b, a)):
        if getattr(p, "structure", None) == "orthogonal" and q == p.T and q != p:
            return True
    return False


def draw_structured(structure: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """A random n×n matrix with the property."""
    R = rng.standard_normal((n, n))
    if structure == "symmetric":
        return (R + R.T) / 2
    if structure == "spd":
        return R @ R.T / n + 0.5 * np.eye(n)
    if structure == "diagonal":
        return np.diag(rng.uniform(0.5, 2.0, size=n) * rng.choice([-1.0, 1.0], size=n))
    if structure == "orthogonal":
        q, r = np.linalg.qr(R)
        return q * np.sign(np.diag(r))
    raise ValueError(structure)
