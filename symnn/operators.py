r"""Derivative operators written inside formulas: ∂-fractions of defined quantities and ∇_W f.

The parser differentiates what it can at once (``\frac{\partial}{\partial z}\sigma(z)`` is
σ(z)(1 − σ(z))).  Two things wait for later layers:

* ``\frac{\partial L}{\partial w}`` of a bare name L is ``Derivative(L, w)``: its meaning is the
  derivative of L's *definition* (``--define "L = ..."``); :func:`resolve_derivatives` substitutes
  it, and an undefined L is an input error rather than a silent 0.
* ``\nabla_W f`` of a declared matrix W is :class:`GradientOf`, shaped like W, which the matrix
  layer replaces by the gradient from its rule table.

>>> from sympy import Symbol, Derivative
>>> L, w, x = Symbol("L", real=True), Symbol("w", real=True), Symbol("x", real=True)
>>> resolve_derivatives(Derivative(L, w) + 1, {L: (w * x) ** 2})
2*w*x**2 + 1
"""

from __future__ import annotations

from typing import Mapping

import sympy
from sympy import Basic, Derivative, Indexed, Symbol
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from .errors import SymnnInputError

__all__ = ["GradientOf", "resolve_derivatives", "pending_derivatives"]


class GradientOf(MatrixExpr):
    r"""∇_W f of a scalar f (a 1×1 matrix expression or a scalar) w.r.t. the matrix W: shaped like W."""

    def __new__(cls, objective: Basic, wrt: MatrixExpr):
        return MatrixExpr.__new__(cls, objective, wrt)

    objective = property(lambda self: self.args[0])
    wrt = property(lambda self: self.args[1])
    shape = property(lambda self: self.args[1].shape)
    precedence = 1000

    def doit(self, **hints):  # the matrix rule table evaluates it (symnn.matrix.rules.gradient)
        return self

    def _latex(self, printer) -> str:
        inner = printer._print(self.objective)
        if not (getattr(self.objective, "is_symbol", False) or self.objective.is_Atom):
            inner = r"\left(%s\right)" % inner
        return r"\nabla_{%s} %s" % (printer._print(self.wrt), inner)

    def _sympystr(self, printer) -> str:
        return "∇_%s (%s)" % (printer._print(self.wrt), printer._print(self.objective))


def _is_name(e: Basic) -> bool:
    return isinstance(e, (Symbol, Indexed))


def pending_derivatives(expr: Basic) -> list[Derivative]:
    """The ∂-fractions of bare names in ``expr`` (they need a definition)."""
    if not isinstance(expr, Basic):
        return []
    return [d for d in expr.atoms(Derivative) if _is_name(d.expr)]


def _apply_functions(expr: Basic, definitions: Mapping[Basic, Basic]) -> Basic:
    """Defined functions (``f(x) = x^2``) applied where they occur, derivatives ``f'(u)`` evaluated."""
    functions = {lhs.func: (lhs.args, rhs) for lhs, rhs in definitions.items() if isinstance(lhs, AppliedUndef)}
    if not isinstance(expr, Basic) or not functions or not expr.atoms(AppliedUndef):
        return expr
    out = expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func in functions,
                       lambda e: functions[e.func][1].xreplace(dict(zip(functions[e.func][0], e.args))))
    return out.replace(lambda e: isinstance(e, (Derivative, sympy.Subs)), lambda e: e.doit())


def resolve_derivatives(expr: Basic, definitions: Mapping[Basic, Basic]) -> Basic:
    """Each ``Derivative(L, w)`` of a defined name L becomes the derivative of L's definition.

    Raises :class:`~symnn.errors.SymnnInputError` for a name without a definition.
    """
    expr = _apply_functions(expr, definitions)
    pending = pending_derivatives(expr)
    if not pending:
        return expr
    rule = {}
    for d in pending:
        if d.expr not in definitions:
            raise SymnnInputError(
                f"the derivative of {d.expr} needs its definition: give it with --define \"{d.expr} = ...\"")
        body = definitions[d.expr]
        for _ in range(len(definitions)):  # L = ½(ŷ − y)², ŷ = σ(z): every definition inside too
            expanded = body.xreplace(dict(definitions))
            if expanded == body:
                break
            body = expanded
        rule[d] = sympy.diff(body, *d.variable_count)
    return expr.xreplace(rule)
