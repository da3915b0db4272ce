r"""Derivations from definitions to closed forms.

:func:`build_derivation` writes the proof of d^n f/dx^n as a list of justified steps:

1. substitute user definitions (ŷ = …) and expand shorthand: a loss always, and an activation
   when it *is* the expression being differentiated (so that σ′ is derived from σ's definition);
2. differentiate, one rule level a line (:mod:`symnn.calculus.differentiate`); a vocabulary
   function met inside the expression is differentiated through its closed-form derivative
   (σ′ = σ(1−σ)), a lemma proved by its own derivation;
3. fold the result into the vocabulary (:mod:`symnn.closed_forms`) and write it as a textbook would.

Higher orders repeat 2–3 on the closed form of the order before.  The derivation is not yet
verified here: :func:`symnn.derive` attaches the two-witness verdict.

>>> from sympy import Symbol, exp
>>> x = Symbol("x", real=True)
>>> d = build_derivation(1/(1 + exp(-x)), x)
>>> d.closed_form
(1 - sigmoid(x))*sigmoid(x)
>>> [s.rule for s in d.steps][-2:]
['refold', 'algebra']
"""

from __future__ import annotations

from typing import Mapping

import sympy
from sympy import Derivative, Eq, Expr, Symbol

from ..closed_forms import recognize, refold, simplest_form
from ..vocabulary import ACTIVATIONS, LOSSES, NNFunction, expand_definitions
from .derivation import Derivation, Step
from .differentiate import differentiation_steps


def _wrap(expr: Expr, outer: list[Symbol]) -> Expr:
    """Put ``expr`` inside the outer (pending) derivatives of a higher-order derivation."""
    for x in outer:
        expr = Derivative(expr, x)
    return expr


def _unwrap(expr: Expr, pending: int, x: Symbol) -> Expr:
    """Remove ``pending`` outer derivatives put on by :func:`_wrap` (SymPy merges nested
    derivatives into one ``Derivative(e, (x, n))``, so they are counted, not peeled)."""
    if pending == 0:
        return expr
    if not isinstance(expr, Derivative):
        raise ValueError("a pending outer derivative is missing")
    total = sum(int(c) for _, c in expr.variable_count)
    if total == pending:
        return expr.expr
    return Derivative(expr.expr, (x, total - pending))


def _expand_shorthand(expr: Expr, x: Symbol) -> tuple[Expr, list[str]]:
    """Expand losses everywhere and a top-level activation; return the names expanded."""
    names: list[str] = []
    losses = tuple(c for c in LOSSES)
    if expr.has(*losses):
        names += sorted({f.display_name for f in expr.atoms(*losses)})
        expr = expand_definitions(expr, losses)
    if isinstance(expr, NNFunction) and isinstance(expr, tuple(a for a in ACTIVATIONS)) and expr.smooth:
        names.append(expr.display_name)
        expr = expand_definitions(expr, (expr.func,))
    elif isinstance(expr, sympy.tanh):
        names.append("tanh")
        expr = expr.rewrite(sympy.exp)
    return expr, names


def _fold_steps(raw: Expr, hints: tuple[Expr, ...], outer: list[Symbol]) -> tuple[list[Step], Expr]:
    """Steps turning a freshly differentiated expression into its closed form."""
    steps: list[Step] = []
    if raw.has(sympy.exp):
        folded = refold(raw, hints)
        if folded.equations:
            sources = ", ".join(sorted({_source_of(eq) for eq in folded.equations}))
            if folded.substituted is not None and folded.substituted != raw:
                steps.append(
                    Step(_wrap(folded.substituted, outer), "refold", f"substitute, by {sources}", folded.equations)
                )
                steps.append(Step(_wrap(folded.expr, outer), "algebra", "simplify"))
            else:
                steps.append(Step(_wrap(folded.expr, outer), "refold", f"rewrite with {sources}", folded.equations))
            return steps, folded.expr
        closed = folded.expr
    else:
        closed = simplest_form(raw, hints)
    if closed != raw:
        steps.append(Step(_wrap(closed, outer), "algebra", "simplify"))
    return steps, closed


def _source_of(eq: Eq) -> str:
    fn = next(iter(eq.rhs.atoms(sympy.Function)), None)
    if isinstance(fn, sympy.tanh):
        return "the definition of tanh"
    if isinstance(fn, NNFunction):
        return f"the definition of {fn.display_name}"
    return "the definitions"


def build_derivation(
    expr: Expr,
    wrt: Symbol,
    order: int = 1,
    definitions: Mapping[Symbol, Expr] | None = None,
    assumptions: tuple = (),
) -> Derivation:
    """The step-by-step derivation of d^order expr / d wrt^order (unverified).

    ``definitions`` maps symbols to what they stand for (ŷ ↦ σ(β)); they are substituted first,
    and the closed form is written back in terms of them where it can be.
    """
    if order < 1:
        raise ValueError("order must be at least 1")
    definitions = dict(definitions or {})
    start = Derivative(expr, (wrt, order)) if order > 1 else Derivative(expr, wrt)
    steps: list[Step] = []
    current = expr
    outer = [wrt] * (order - 1)

    if definitions:
        substituted = expr.xreplace(definitions)
        if substituted != expr:
            names = ", ".join(str(k) for k in definitions)
            eqs = tuple(Eq(k, v) for k, v in definitions.items())
            steps.append(Step(_wrap(Derivative(substituted, wrt), outer), "definition", f"definition of {names}", eqs))
            current = substituted

    hints = recognize(current)
    for n in range(order):
        inner_outer = [wrt] * (order - 1 - n)
        expanded, names = _expand_shorthand(current, wrt)
        if names:
            steps.append(
                Step(_wrap(Derivative(expanded, wrt), inner_outer), "definition", "definition of " + " and ".join(names))
            )
            hints = tuple(sorted(set(hints) | set(recognize(current)), key=sympy.default_sort_key))
        for step in differentiation_steps(expanded, wrt):
            steps.append(Step(_wrap(step.expr, inner_outer), step.rule, step.justification, step.equations))
        raw = _unwrap(steps[-1].expr, len(inner_outer), wrt)
        fold, current = _fold_steps(raw, hints, inner_outer)
        steps.extend(fold)
    if definitions:
        back = {v: k for k, v in definitions.items()}
        rewritten = current.xreplace(back)
        if rewritten != current:
            steps.append(Step(rewritten, "definition", "definition of " + ", ".join(str(k) for k in definitions)))
            current = rewritten
    return Derivation(
        expr=expr,
        wrt=(wrt,),
        order=order,
        start=start,
        steps=steps,
        closed_form=current,
        assumptions=tuple(assumptions),
        definitions=definitions,
    )


__all__ = ["build_derivation"]
