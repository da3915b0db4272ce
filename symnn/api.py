r"""The public functions: they accept LaTeX strings or SymPy expressions.

This module sits on top of the layers: it parses strings (:mod:`symnn.latex.parser`), makes
symbols canonical (real, named as the parser names them), builds derivations
(:mod:`symnn.calculus`) and attaches the two-witness verdict (:mod:`symnn.verify`).

>>> d = derive(r"\frac{1}{1+e^{-x}}", "x")
>>> d.closed_form
(1 - sigmoid(x))*sigmoid(x)
>>> d.verdict.verdict
'verified'
>>> bool(check(r"\sigma(x)", "x", r"\sigma(x)(1+\sigma(x))"))
False
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sympy
from sympy import Basic, Expr, Symbol

from . import verify
from .calculus.derivation import Derivation
from .calculus.derive import build_derivation
from .calculus.indexed_derive import build_indexed_derivation, concrete_entries_only, is_indexed_problem
from .errors import SymnnInputError
from .verdict import Verdict

LatexOrExpr = str | Basic


def canonical(expr: Basic) -> Basic:
    """Make every symbol without assumptions real, as the parser's symbols are.

    >>> from sympy import Symbol
    >>> canonical(Symbol("x") + 1).free_symbols == {Symbol("x", real=True)}
    True
    """
    mapping = {s: Symbol(s.name, real=True) for s in expr.free_symbols if isinstance(s, Symbol) and s.is_real is None}
    return expr.xreplace(mapping) if mapping else expr


def _specificity(s: Symbol) -> tuple:
    return (bool(s.is_integer), bool(s.is_positive), len(s.assumptions0))


def unify_symbols(*items: Any) -> list[Any]:
    r"""Make equally named symbols the same symbol across separately parsed inputs.

    Each LaTeX string is parsed on its own, so ``C`` may be an integer count in
    ``\sum_{k=1}^{C}`` and a plain real symbol in ``\log C``; the most specific version
    (integer, positive) wins everywhere.  ``items`` may be expressions, tuples/lists of them, or
    dicts (keys and values); the same structure is returned.
    """
    by_name: dict[str, set[Symbol]] = {}

    def collect(x):
        if isinstance(x, Basic):
            for s in x.atoms(Symbol):
                by_name.setdefault(s.name, set()).add(s)
        elif isinstance(x, dict):
            for k, v in x.items():
                collect(k), collect(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                collect(v)

    for item in items:
        collect(item)
    mapping = {}
    for versions in by_name.values():
        if len(versions) > 1:
            best = max(versions, key=_specificity)
            mapping.update({s: best for s in versions if s is not best})

    def apply(x):
        if not mapping:
            return x
        if isinstance(x, Basic):
            return x.xreplace(mapping)
        if isinstance(x, dict):
            return {apply(k): apply(v) for k, v in x.items()}
        if isinstance(x, tuple):
            return tuple(apply(v) for v in x)
        if isinstance(x, list):
            return [apply(v) for v in x]
        return x

    return [apply(item) for item in items]


def as_expr(value: LatexOrExpr, what: str = "expression") -> Expr:
    """A SymPy expression from LaTeX text or an expression."""
    if isinstance(value, str):
        from .latex.parser import parse_latex

        if not value.strip():
            raise SymnnInputError(f"the {what} is empty")
        return parse_latex(value)
    if isinstance(value, (int, float)):
        return sympy.Float(value) if isinstance(value, float) else sympy.Integer(value)
    if not isinstance(value, Basic):
        raise SymnnInputError(f"the {what} must be LaTeX text or a SymPy expression, not {type(value).__name__}")
    return canonical(value)


def as_symbol(value: LatexOrExpr) -> Symbol | sympy.Indexed:
    """The variable to differentiate with respect to: a symbol, or an entry β_j of a family."""
    if isinstance(value, str):
        from .latex.parser import parse_symbol

        return parse_symbol(value)
    value = canonical(value)
    if not isinstance(value, (Symbol, sympy.Indexed)):
        raise SymnnInputError(f"cannot differentiate with respect to {value}: not a single variable")
    return value


def as_assumptions(assume: Iterable[LatexOrExpr] | LatexOrExpr) -> tuple[Basic, ...]:
    """Constraints (relationals) from LaTeX text such as ``x > 0`` or SymPy relationals."""
    if isinstance(assume, (str, Basic)):
        assume = (assume,)
    out = []
    for a in assume:
        if isinstance(a, str):
            from .latex.parser import parse_relation

            out.append(parse_relation(a))
        else:
            out.append(canonical(a))
    return tuple(out)


def as_definitions(define: Mapping[Any, Any] | Iterable[str] | None) -> dict[Basic, Expr]:
    """Definitions from ``{"\\hat{y}": "\\sigma(z)"}``, ``{yhat: sigmoid(z)}`` or ``["\\hat{y} = ..."]``."""
    if not define:
        return {}
    out: dict[Symbol, Expr] = {}
    if isinstance(define, Mapping):
        for k, v in define.items():
            out[as_symbol(k)] = as_expr(v, "definition")
        return out
    from .latex.parser import parse_definition

    for item in define:
        name, value = parse_definition(item)
        out[name] = value
    return out


def derive(
    expr: LatexOrExpr,
    wrt: LatexOrExpr,
    order: int = 1,
    assume: Iterable[LatexOrExpr] = (),
    define: Mapping[Any, Any] | Iterable[str] | None = None,
    seed: int = 0,
    matrices: Mapping[str, tuple] | None = None,
    solve: bool = False,
) -> Derivation:
    """The closed form of d^order expr / d wrt^order, with its proof and its verdict.

    The derivation verifies itself: ``derivation.verdict`` is the two-witness check of the closed
    form against the original expression (never reused from the derivation's own steps).
    Matrix problems (``matrices={...}`` or SymPy matrix symbols) go to :func:`derive_matrix`;
    ``solve=True`` (matrices only) also solves ∇ = 0 for the optimum.
    """
    if not isinstance(order, int) or order < 1:
        raise SymnnInputError(f"the order must be a positive whole number, not {order!r}")
    if matrices or solve or _is_matrix_input(expr, wrt):
        _matrix_only(order, define, "derive")
        return derive_matrix(expr, wrt, solve=solve, assume=assume, seed=seed, matrices=matrices)
    e, x, assumptions, definitions = unify_symbols(
        as_expr(expr), as_symbol(wrt), as_assumptions(assume), as_definitions(define)
    )
    (e,) = _resolved(definitions, e)
    scalar_definitions = all(concrete_entries_only(v, x) and not isinstance(k, sympy.Indexed)
                             for k, v in definitions.items())
    if is_indexed_problem(e, x) and not (concrete_entries_only(e, x) and scalar_definitions):
        if order != 1:
            raise SymnnInputError("higher derivatives in index notation are not supported yet")
        derivation = build_indexed_derivation(e, x, definitions=definitions, assumptions=assumptions)
    else:
        derivation = build_derivation(e, x, order, definitions=definitions, assumptions=assumptions)
    derivation.verdict = verify.check(
        e, x, derivation.closed_form, order, assumptions, definitions, seed=seed, subject="the derived closed form"
    )
    derivation.notes += [f"The derivative does not exist where {p}." for p in derivation.verdict.nondifferentiable]
    return derivation


def check(
    expr: LatexOrExpr,
    wrt: LatexOrExpr,
    claim: LatexOrExpr,
    order: int = 1,
    assume: Iterable[LatexOrExpr] = (),
    define: Mapping[Any, Any] | Iterable[str] | None = None,
    matrices: Mapping[str, tuple] | None = None,
    seed: int = 0,
) -> Verdict:
    """Is d^order expr / d wrt^order equal to ``claim``?  See :func:`symnn.verify.check`
    (matrix problems: :func:`check_matrix`)."""
    if matrices or _is_matrix_input(expr, wrt, claim):
        _matrix_only(order, define, "check")
        return check_matrix(expr, wrt, claim, assume=assume, seed=seed, matrices=matrices)
    e, x, c, assumptions, definitions = unify_symbols(
        as_expr(expr), as_symbol(wrt), as_expr(claim, "claim"), as_assumptions(assume), as_definitions(define)
    )
    e, c = _resolved(definitions, e, c)
    return verify.check(e, x, c, order, assumptions, definitions, seed=seed)


def check_equation(
    lhs: LatexOrExpr,
    rhs: LatexOrExpr,
    assume: Iterable[LatexOrExpr] = (),
    define: Mapping[Any, Any] | Iterable[str] | None = None,
    matrices: Mapping[str, tuple] | None = None,
    seed: int = 0,
) -> Verdict:
    """Is ``lhs == rhs`` everywhere within the assumptions?  See :func:`symnn.verify.check_equation`."""
    if matrices or _is_matrix_input(lhs, rhs):
        _matrix_only(1, define, "check_equation")
        from .matrix.frontend import check_matrix_equation

        return check_matrix_equation(lhs, rhs, assume=assume, seed=seed, matrices=matrices)
    left, right, assumptions, definitions = unify_symbols(
        as_expr(lhs, "left-hand side"), as_expr(rhs, "right-hand side"), as_assumptions(assume), as_definitions(define)
    )
    left, right = _resolved(definitions, left, right)
    return verify.check_equation(left, right, assumptions, definitions, seed=seed)


def _resolved(definitions: Mapping[Basic, Expr], *exprs: Basic) -> list[Basic]:
    r"""``\frac{\partial L}{\partial w}`` written in a formula: the derivative of L's definition."""
    from .operators import resolve_derivatives

    return [resolve_derivatives(e, definitions) for e in exprs]


def _is_matrix_input(*values: Any) -> bool:
    if not any(isinstance(v, Basic) for v in values):
        return False  # LaTeX strings hold no matrix symbols (the parser makes them only with matrices=)
    from .matrix.shapes import is_matrix_problem

    return is_matrix_problem(*[v for v in values if isinstance(v, Basic)])


def _matrix_only(order: int, define: Any, what: str) -> None:
    if order != 1:
        raise SymnnInputError(f"{what}: only first derivatives (gradients) of matrix expressions are supported")
    if define:
        raise SymnnInputError(f"{what}: definitions (--define) are not supported with matrices yet")


def derive_matrix(objective: LatexOrExpr, wrt: LatexOrExpr, solve: bool = False, assume: Iterable[LatexOrExpr] = (),
                  seed: int = 0, matrices: Mapping[str, tuple] | None = None):
    """∇_wrt objective of a scalar matrix objective, in textbook form, with proof and verdict.

    ``solve=True`` also sets the gradient to zero and solves for the optimum
    (``derivation.optimum``, with its own verdict).  See :mod:`symnn.matrix`.
    """
    from .matrix.frontend import derive_matrix as _derive_matrix

    return _derive_matrix(objective, wrt, solve=solve, assume=assume, seed=seed, matrices=matrices)


def check_matrix(objective: LatexOrExpr, wrt: LatexOrExpr, claim: LatexOrExpr, assume: Iterable[LatexOrExpr] = (),
                 seed: int = 0, matrices: Mapping[str, tuple] | None = None) -> Verdict:
    """Is ``claim`` the gradient (denominator layout) of the scalar matrix ``objective``?"""
    from .matrix.frontend import check_matrix as _check_matrix

    return _check_matrix(objective, wrt, claim, assume=assume, seed=seed, matrices=matrices)


def parse_latex(text: str) -> Expr:
    """LaTeX in the vocabulary of INTERFACE.md → SymPy expression (never evaluates the text)."""
    from .latex.parser import parse_latex as _parse

    return _parse(text)


__all__ = ["derive", "check", "check_equation", "derive_matrix", "check_matrix", "parse_latex", "canonical"]
