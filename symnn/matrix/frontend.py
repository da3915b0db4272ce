r"""The public matrix functions: LaTeX text (with declared shapes) or SymPy matrix expressions in,
derivations and verdicts out.  :mod:`symnn.api` routes matrix problems here.

Strings are read by the parser with the declarations (``matrices={"X": ("n", "d")}``); SymPy
input is used as given (symbols without assumptions made real, as everywhere in symnn).

>>> shapes = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)}
>>> ridge = r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W"
>>> D = derive_matrix(ridge, "W", matrices=shapes)
>>> from symnn.latex.printer import latex
>>> print(latex(D.closed_form))
\frac{1}{n} X^{T} (X W - Y) + \lambda W
>>> check_matrix(ridge, "W", r"X^T(XW-Y) + \lambda W", matrices=shapes).verdict
'refuted'
>>> check_matrix("x^T A x", "x", "2Ax", matrices={"x": ("n", 1), "A": ("n", "n")}, assume=["A = A^T"]).verdict
'verified'
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from sympy import Basic, MatrixSymbol, Symbol

from ..errors import SymnnInputError
from ..verdict import Verdict
from . import check as _check
from . import derive as _derive
from .shapes import declare, is_matrix_problem

__all__ = ["derive_matrix", "check_matrix", "check_matrix_equation", "is_matrix_input", "Matrices"]

Matrices = Mapping[str, Iterable[Any]]


def is_matrix_input(*values: Any) -> bool:
    """True when a SymPy value among ``values`` holds a matrix symbol."""
    return is_matrix_problem(*[v for v in values if isinstance(v, Basic)])


def _expr(value: Any, matrices: Matrices | None, what: str) -> Basic:
    if isinstance(value, str):
        from ..latex.parser import parse_latex

        if not value.strip():
            raise SymnnInputError(f"the {what} is empty")
        return resolve_gradients(parse_latex(value, matrices=dict(matrices or {})))
    from ..api import as_expr

    return resolve_gradients(as_expr(value, what))


def resolve_gradients(expr: Basic) -> Basic:
    r"""Each ``\nabla_W f`` / ``\frac{\partial f}{\partial W}`` written in a formula becomes the gradient
    from the rule table (:func:`symnn.matrix.rules.gradient`)."""
    from ..operators import GradientOf
    from .rules import gradient

    if not isinstance(expr, Basic) or not expr.has(GradientOf):
        return expr
    return expr.replace(lambda e: isinstance(e, GradientOf), lambda e: gradient(e.objective, e.wrt))


def _claim(value: Any, matrices: Matrices | None):
    """The claim, or the reason it cannot be formed: a product of non-conforming shapes (``W g``
    where ``W^T g`` was meant) is a false claim, not unreadable input."""
    from ..latex.shapes import ShapeMismatch

    try:
        return _expr(value, matrices, "claim"), None
    except ShapeMismatch as exc:
        return None, exc


def _refuted_by_shapes(exc: Exception) -> Verdict:
    return Verdict("refuted", method="symbolic", symbolic="disproved: the claim cannot be formed", message=(
        f"the claimed gradient is false: it is not defined for the declared shapes ({exc.problem})"))


def _variable(value: Any, matrices: Matrices | None, scalar: bool = False) -> MatrixSymbol:
    if isinstance(value, str):
        from ..latex.parser import parse_symbol

        v = parse_symbol(value, matrices=dict(matrices or {}))
    elif isinstance(value, MatrixSymbol):
        from ..api import canonical

        v = canonical(value)
    else:
        v = value
    if scalar and isinstance(v, Symbol):
        return v
    if not isinstance(v, MatrixSymbol):
        declared = ", ".join(sorted(matrices or {})) or "none"
        raise SymnnInputError(f"the variable {value} is not a declared matrix or vector (declared: {declared})")
    return v


def _assumptions(assume: Iterable[Any] | Any, matrices: Matrices | None) -> tuple[Basic, ...]:
    if isinstance(assume, (str, Basic)):
        assume = (assume,)
    out = []
    for a in assume:
        if isinstance(a, str):
            from ..latex.parser import parse_relation

            out.append(parse_relation(a, matrices=dict(matrices or {})))
        else:
            from ..api import canonical

            out.append(canonical(a))
    return tuple(out)


def _unify(*items):
    from ..api import unify_symbols

    return unify_symbols(*items)


def _matrices_of(matrices: Matrices | None) -> Matrices | None:
    """Declarations checked early (a bad size is an input error before anything is parsed)."""
    if matrices:
        declare(matrices)
    return matrices


def derive_matrix(objective: Any, wrt: Any, solve: bool = False, assume: Iterable[Any] = (), seed: int = 0,
                  matrices: Matrices | None = None) -> "_derive.MatrixDerivation":
    """∇_wrt objective in textbook form, its proof and verdict; ``solve=True`` adds the optimum.

    See :func:`symnn.matrix.derive.derive_matrix`.
    """
    matrices = _matrices_of(matrices)
    f, v, relations = _unify(_expr(objective, matrices, "objective"), _variable(wrt, matrices),
                             _assumptions(assume, matrices))
    return _derive.derive_matrix(f, v, solve=solve, assume=relations, seed=seed)


def check_matrix(objective: Any, wrt: Any, claim: Any, assume: Iterable[Any] = (), seed: int = 0,
                 matrices: Matrices | None = None) -> Verdict:
    """Is ``claim`` the gradient of ``objective`` with respect to ``wrt``?  (both witnesses)"""
    matrices = _matrices_of(matrices)
    objective_expr, variable = _expr(objective, matrices, "objective"), _variable(wrt, matrices, scalar=True)
    claim_expr, unformed = _claim(claim, matrices)
    if unformed is not None:
        return _refuted_by_shapes(unformed)
    f, v, c, relations = _unify(objective_expr, variable, claim_expr, _assumptions(assume, matrices))
    if isinstance(v, Symbol):  # d/dλ of a matrix objective: λ is a 1×1 matrix
        f, v, c = _one_by_one(f, v, c)
    return _check.check_matrix(f, v, c, relations, seed=seed)


def _one_by_one(objective: Basic, s: Symbol, claim: Basic) -> tuple[Basic, MatrixSymbol, Basic]:
    """A scalar variable ``s`` as the 1×1 matrix ``S`` (``s`` = ``S₁₁``), so that the rule table and the
    matrix witness differentiate with respect to it."""
    from sympy import Identity, MatMul, Trace
    from sympy.matrices.expressions import MatrixExpr
    from sympy.matrices.expressions.matexpr import MatrixElement

    S = MatrixSymbol(s.name, 1, 1)
    rule = {s: MatrixElement(S, 0, 0)}
    objective, claim = objective.xreplace(rule), claim.xreplace(rule)
    # the claim as (scalar)·I₁, as the rule table writes a gradient w.r.t. a 1×1 matrix (tr M = M₁₁)
    scalar = Trace(claim) if isinstance(claim, MatrixExpr) else claim
    return objective, S, MatMul(scalar, Identity(1))


def check_matrix_equation(lhs: Any, rhs: Any, assume: Iterable[Any] = (), seed: int = 0,
                          matrices: Matrices | None = None) -> Verdict:
    """Is the matrix identity ``lhs = rhs`` true for all sizes and values?  (both witnesses)"""
    matrices = _matrices_of(matrices)
    a, b, relations = _unify(_expr(lhs, matrices, "left-hand side"), _expr(rhs, matrices, "right-hand side"),
                             _assumptions(assume, matrices))
    return _check.check_matrix_equation(a, b, relations, seed=seed)
