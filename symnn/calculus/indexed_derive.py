r"""Derivations in index notation: softmax, log-softmax, cross-entropy over C classes, C symbolic.

The proof of ∂ℓ/∂β_j for ℓ = −Σ_k y_k log ŷ_k, ŷ_k = e^{β_k}/Σ_m e^{β_m} reads:

1. substitute the definition of ŷ (and of the indexed vocabulary: softmax, logsumexp, ...);
2. log of a quotient: log(e^{β_k}/Σ_m e^{β_m}) = β_k − log Σ_m e^{β_m};
3. differentiate the sum term by term, ∂β_k/∂β_j = δ_{kj};
4. sum out the Kronecker deltas (Σ_k δ_{kj} a_k = a_j) and use linearity of Σ;
5. fold e^{β_j}/Σ_m e^{β_m} back into ŷ_j (or softmax(β)_j);
6. use the assumptions (Σ_k y_k = 1).

The cost does not depend on C: nothing is ever expanded into C terms.

>>> from sympy import IndexedBase, Symbol, log
>>> from symnn.indexed import softmax
>>> C = Symbol("C", integer=True, positive=True)
>>> i, k = Symbol("i", integer=True), Symbol("k", integer=True)
>>> b = IndexedBase("beta", real=True)
>>> build_indexed_derivation(log(softmax(b, i, C)), b[k]).closed_form
KroneckerDelta(i, k) - softmax(beta, k, C)
"""

from __future__ import annotations

from typing import Iterable, Mapping

import sympy
from sympy import Basic, Derivative, Eq, Expr, Indexed, IndexedBase, KroneckerDelta, Lambda, Sum, exp, log

from ..closed_forms import fold_softmax, simplest_form
from ..indexed import IndexedFunction, expand_indexed_definitions, softmax
from ..vocabulary import LOSSES, expand_definitions, rewrite_bottom_up
from .derivation import Derivation, Step
from .sums import apply_sum_assumptions, canonical_dummies, normalize_sums


def is_indexed_problem(expr: Expr, wrt) -> bool:
    """Does this derivative need index notation (an entry β_j, sums, indexed vocabulary)?"""
    return isinstance(wrt, Indexed) or expr.has(Sum) or any(isinstance(a, IndexedFunction) for a in sympy.preorder_traversal(expr))


def concrete_entries_only(expr: Expr, wrt) -> bool:
    """Are the indexed quantities of the problem just variables — no sums, no indexed vocabulary,
    and of the variable's own family only the variable itself (z₁; w_i with b_i beside it, but not
    w_i with w_k, whose derivative needs a Kronecker delta)?  Then each entry is a variable, and the
    derivative is proved step by step like any scalar one (chain rule, quotient rule …), not in
    index notation.

    >>> from sympy import IndexedBase, Symbol, log
    >>> z, j = IndexedBase("z"), Symbol("j", integer=True)
    >>> k = Symbol("k", integer=True)
    >>> concrete_entries_only(log(z[1]), z[1]), concrete_entries_only(log(z[j]), z[j])
    (True, True)
    >>> concrete_entries_only(log(z[j]) + z[k], z[j]), concrete_entries_only(log(z[j] + z[k]), z[1])
    (False, False)
    """
    if expr.has(Sum) or any(isinstance(a, IndexedFunction) for a in sympy.preorder_traversal(expr)):
        return False
    entries = list(expr.atoms(Indexed)) + ([wrt] if isinstance(wrt, Indexed) else [])
    if not isinstance(wrt, Indexed):
        return all(i.is_Integer for e in entries for i in e.indices)
    # entries of the variable's own family: only the variable itself (w_i, never w_k beside it)
    return all(e == wrt or (e.base != wrt.base and all(i.is_Integer or i in wrt.indices for i in e.indices))
               for e in entries)


def substitute_definitions(expr: Expr, definitions: Mapping[Basic, Expr]) -> Expr:
    """Replace each defined quantity: ``yhat[j] ↦ rhs(j)`` applies to every ŷ_a, ``z ↦ rhs`` to z.

    A defined family passed whole to an indexed vocabulary function (ŷ in CE(y, ŷ)) is reached by
    writing that function out first, so the definition is substituted everywhere.
    """
    out = expr
    bases = {lhs.base for lhs in definitions if isinstance(lhs, Indexed)}
    if bases:
        out = rewrite_bottom_up(out, lambda e: isinstance(e, IndexedFunction) and any(a in bases for a in e.args),
                                lambda e: e.definition_expr())
    for lhs, rhs in definitions.items():
        if isinstance(lhs, Indexed) and all(isinstance(i, sympy.Symbol) for i in lhs.indices):
            pattern = Lambda(lhs.indices, rhs)
            out = out.replace(
                lambda e, lhs=lhs: isinstance(e, Indexed) and e.base == lhs.base and len(e.indices) == len(lhs.indices),
                lambda e, pattern=pattern: pattern(*e.indices),
            )
        else:
            out = out.xreplace({lhs: rhs})
    return out


def _positive(e: Expr, families: frozenset = frozenset()) -> bool:
    """Provably positive for real inputs: exponentials, entries of families assumed positive, and
    sums/products/powers of such."""
    if e.is_positive:
        return True
    if isinstance(e, Indexed) and e.base in families:
        return True
    if isinstance(e, exp):
        return bool(e.args[0].is_real) or isinstance(e.args[0], Indexed)
    if isinstance(e, Sum):
        return _positive(e.function, families)
    if isinstance(e, (sympy.Mul, sympy.Add)):
        return all(_positive(a, families) for a in e.args)
    if isinstance(e, sympy.Pow):
        return _positive(e.args[0], families) and bool(e.args[1].is_real)
    return False


def expand_logs(expr: Expr, positive_families: Iterable = ()) -> Expr:
    """log(a·b) = log a + log b, log(a^r) = r log a, log e^u = u — only where a, b are positive
    (exponentials, sums of them, entries of ``positive_families``)."""
    families = frozenset(positive_families)

    def rule(node):
        (arg,) = node.args
        if isinstance(arg, exp) and arg.args[0].is_real is not False:
            return arg.args[0]
        if isinstance(arg, sympy.Mul) and all(_positive(f, families) for f in arg.args):
            return sympy.Add(*(rule(log(f)) if isinstance(log(f), log) else log(f) for f in arg.args))
        if isinstance(arg, sympy.Pow) and _positive(arg.args[0], families) and arg.args[1].is_real:
            inner = log(arg.args[0])
            return arg.args[1] * (rule(inner) if isinstance(inner, log) else inner)
        return node

    return expr.replace(lambda e: isinstance(e, log), rule)


def _fold_back(expr: Expr, definitions: Mapping[Basic, Expr]) -> tuple[Expr, list[Eq]]:
    """Write softmax(β)_a back as ŷ_a when ŷ_j is defined as softmax(β)_j."""
    eqs = []
    for lhs, rhs in definitions.items():
        if not isinstance(lhs, Indexed) or len(lhs.indices) != 1:
            continue
        folded = fold_softmax(rhs).expr
        if isinstance(folded, softmax) and folded.args[1] == lhs.indices[0]:
            x, _, n = folded.args
            new = expr.replace(
                lambda e: isinstance(e, softmax) and e.args[0] == x and e.args[2] == n,
                lambda e: lhs.base[e.args[1]],
            )
            if new != expr:
                eqs.append(Eq(lhs, rhs))
                expr = new
    return expr, eqs


def build_indexed_derivation(
    expr: Expr,
    wrt: Indexed | sympy.Symbol,
    definitions: Mapping[Basic, Expr] | None = None,
    assumptions: Iterable[Basic] = (),
) -> Derivation:
    """The step-by-step derivation of ∂expr/∂wrt in index notation (unverified)."""
    definitions = dict(definitions or {})
    assumptions = tuple(assumptions)
    start = Derivative(expr, wrt)
    steps: list[Step] = []
    current = expr

    if definitions:
        substituted = substitute_definitions(current, definitions)
        if substituted != current:
            eqs = tuple(Eq(k, v) for k, v in definitions.items())
            steps.append(Step(Derivative(substituted, wrt), "definition", "by definition", eqs))
            current = substituted

    expanded = expand_definitions(expand_indexed_definitions(current), LOSSES)
    if expanded != current:
        names = sorted({f.display_name for f in sympy.preorder_traversal(current) if isinstance(f, IndexedFunction)})
        names += sorted({f.display_name for f in current.atoms(*LOSSES)})
        steps.append(Step(Derivative(canonical_dummies(expanded), wrt), "definition", "definition of " + " and ".join(names)))
        current = expanded

    logs = expand_logs(current)
    if logs != current:
        steps.append(Step(Derivative(canonical_dummies(logs), wrt), "log of a quotient", "log of a quotient; log of an exponential"))
        current = logs

    raw = sympy.diff(current, wrt)
    rule = "derivative of a sum, term by term"
    eqs: tuple[Eq, ...] = ()
    if isinstance(wrt, Indexed) and len(wrt.indices) == 1:
        k = sympy.Symbol("k", integer=True) if wrt.indices[0] != sympy.Symbol("k", integer=True) else sympy.Symbol("m", integer=True)
        eqs = (Eq(Derivative(wrt.base[k], wrt), KroneckerDelta(k, wrt.indices[0])),)
    steps.append(Step(canonical_dummies(raw), "differentiation", rule, eqs))

    current = normalize_sums(raw)
    if current != canonical_dummies(raw):
        steps.append(Step(current, "Kronecker delta", "sum out the Kronecker delta; linearity of the sum"))

    folded = fold_softmax(current)
    if folded.expr != current:
        current = folded.expr
        back, back_eqs = _fold_back(current, definitions)
        if back_eqs:
            steps.append(Step(back, "refold", "by definition", tuple(back_eqs)))
            current = back
        else:
            steps.append(Step(current, "refold", "definition of softmax", folded.equations))

    used_current, used = apply_sum_assumptions(current, assumptions)
    if used:
        steps.append(Step(used_current, "assumption", "by the assumption", tuple(used)))
        current = used_current

    closed = simplest_form(current)
    if closed != current:
        steps.append(Step(closed, "algebra", "simplify"))
        current = closed
    return Derivation(
        expr=expr,
        wrt=(wrt,),
        order=1,
        start=start,
        steps=steps,
        closed_form=current,
        assumptions=assumptions,
        definitions=definitions,
    )


__all__ = ["build_indexed_derivation", "is_indexed_problem", "concrete_entries_only", "substitute_definitions", "expand_logs"]
