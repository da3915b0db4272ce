r"""Index calculus for network derivations: the chain rule over a layer, and Kronecker collapse.

A layer's error term is derived the way a textbook does it: the cost depends on a variable only
through the next quantities ``u_j`` (the pre-activations of the next layer, say), so

    ∂C/∂v = Σ_j ∂C/∂u_j · ∂u_j/∂v,

then ``∂u_j/∂v`` is computed by SymPy from the *index definition* of ``u_j`` (a finite ``Sum`` with
symbolic bounds: the width never has to be a number), which yields Kronecker deltas, and the sums
are collapsed.  :func:`chain_rule_steps` records these lines as :class:`~symnn.calculus.derivation.Step`
data; :func:`collapse` performs the collapse and removes the range conditions SymPy attaches
(``Piecewise(..., (1 <= i) & (i <= n))``) when the declared index ranges imply them.

>>> from sympy import Sum, Symbol, IndexedBase, KroneckerDelta
>>> i, k = Symbol("i", integer=True), Symbol("k", integer=True)
>>> n = Symbol("n", integer=True, positive=True)
>>> w = IndexedBase("w")
>>> collapse(Sum(w[k] * KroneckerDelta(i, k), (k, 1, n)), {i: (1, n)})
(w[i], [])
"""

from __future__ import annotations

from typing import Iterable, Mapping

import sympy
from sympy import And, Derivative, Expr, Indexed, Piecewise, S, Sum, Symbol
from sympy.core.relational import Relational
from sympy.printing.pretty.pretty_symbology import greek_unicode

from ..calculus.derivation import Step
from .notation import Partial, primes_for_derivatives

__all__ = ["collapse", "implied", "chain_rule_steps"]

Ranges = Mapping[Symbol, tuple]


def _lower_bound(g: Expr, ranges: Ranges) -> Expr | None:
    """A lower bound of the linear expression ``g`` over the index box ``ranges`` (None if not linear)."""
    bound = g
    for s, (lo, hi) in ranges.items():
        if not g.has(s):
            continue
        coeff = sympy.diff(g, s)
        if coeff.has(*ranges.keys()):
            return None  # not linear in the indices
        if coeff.is_nonnegative:
            bound = bound.subs(s, lo)
        elif coeff.is_nonpositive:
            bound = bound.subs(s, hi)
        else:
            return None
    return sympy.expand(bound)


def implied(condition, ranges: Ranges) -> bool:
    """True when ``condition`` (a conjunction of linear inequalities in the indices) holds for every
    index in its declared range ``ranges = {index: (lo, hi)}``; False when that cannot be shown.

    >>> i = Symbol("i", integer=True); n = Symbol("n", integer=True, positive=True)
    >>> implied((i >= 1) & (i <= n), {i: (1, n)}), implied(i <= n - 1, {i: (1, n)})
    (True, False)
    """
    if condition is S.true:
        return True
    parts = condition.args if isinstance(condition, And) else (condition,)
    for rel in parts:
        if not isinstance(rel, Relational) or rel.rel_op not in (">=", "<=", ">", "<"):
            return False
        g = rel.lhs - rel.rhs if rel.rel_op in (">=", ">") else rel.rhs - rel.lhs
        if rel.rel_op in (">", "<"):
            g = g - 1  # integers: g > 0  ⟺  g - 1 >= 0
        lb = _lower_bound(g, ranges)
        if lb is None or lb.has(*ranges.keys()) or lb.is_nonnegative is not True:
            return False
    return True


def collapse(expr: Expr, ranges: Ranges, zero_outside: Iterable = ()) -> tuple[Expr, list[str]]:
    """Evaluate the Kronecker-delta sums of ``expr`` innermost first, keeping results readable.

    After each sum is done, SymPy's range condition ``Piecewise((value, cond), (0, True))`` is
    dropped when ``cond`` follows from ``ranges``.  When it does not, but ``value`` is an entry of
    one of the indexed bases in ``zero_outside`` (error terms of a zero-padded map), the condition
    is dropped under the stated convention that those entries are 0 outside their range; the
    convention is returned as a note.  Anything else is left as a Piecewise.
    """
    pads = {b.label if hasattr(b, "label") else b for b in zero_outside}
    notes: list[str] = []

    def resolve(e: Expr) -> Expr:
        def fix(pw: Piecewise):
            if len(pw.args) != 2 or pw.args[1] != (S.Zero, S.true):
                return pw
            value, cond = pw.args[0]
            if implied(cond, ranges):
                return value
            entries = [a for a in value.atoms(Indexed) if a.base.label in pads]
            if entries:
                for entry in entries:
                    name = str(entry.base.label).lstrip("\\")
                    note = ("%s is taken as 0 when an index falls outside its range (zero padding)"
                            % greek_unicode.get(name, name))
                    if note not in notes:
                        notes.append(note)
                return value
            return pw

        return e.replace(lambda x: isinstance(x, Piecewise), fix)

    def walk(e: Expr) -> Expr:
        if not e.args:
            return e
        e = e.func(*[walk(a) for a in e.args]) if not isinstance(e, Sum) else \
            Sum(walk(e.function), *e.limits)
        if isinstance(e, Sum):
            e = resolve(e.doit(deep=False))
            if isinstance(e, Sum) and e.function.has(sympy.KroneckerDelta):
                # a delta hidden in a product of sums: expand the summand and try again
                e = resolve(Sum(sympy.expand(e.function), *e.limits).doit(deep=False))
        return e

    out = walk(expr)
    return resolve(out), notes


def _sum(expr: Expr, limits: tuple) -> Expr:
    """``Sum(expr, *limits)``, or ``expr`` itself when there is nothing to sum over."""
    return Sum(expr, *limits) if limits else expr


def chain_rule_steps(cost: Expr, var: Expr, via: Expr, via_definition: Expr, upstream: Expr,
                     limits: tuple, ranges: Ranges, *, via_words: str = "multivariate chain rule",
                     upstream_words: str = "definitions", zero_outside: Iterable = (),
                     exchange: bool = False) -> tuple[list[Step], Expr, list[str]]:
    r"""The chain-rule derivation of ∂cost/∂var through the quantities ``via`` (indexed by ``limits``).

    Lines: (1) ``Σ ∂cost/∂via · ∂via/∂var`` (chain rule); (2) ``∂cost/∂via`` replaced by
    ``upstream`` and ``via`` by its definition; (3) the derivative computed by SymPy (sum rule,
    Kronecker deltas); optionally (``exchange``) the finite sums exchanged, so that the
    outer sum is collapsed first; (4) the sums collapsed.  Returns ``(steps, result, notes)``.
    """
    steps = [Step(_sum(Partial(cost, via) * Partial(via, var), limits), "chain rule", via_words)]
    unevaluated = Derivative(via_definition, var, evaluate=False)
    steps.append(Step(_sum(upstream * unevaluated, limits), "definition",
                      upstream_words))
    raw = sympy.diff(via_definition, var)  # SymPy's derivative: Kronecker deltas, f'(.) as Derivative
    computed = _sum(upstream * raw, limits)
    steps.append(Step(primes_for_derivatives(computed), "sum rule",
                      "differentiate term by term (Kronecker deltas)"))
    if exchange and isinstance(raw, Sum):
        # Σ_outer u Σ_inner g  →  Σ_inner Σ_outer u g  (finite sums commute)
        computed = Sum(_sum(upstream * raw.function, limits), *raw.limits)
        steps.append(Step(primes_for_derivatives(computed), "algebra", "exchange the finite sums"))
    result, notes = collapse(computed, ranges, zero_outside)
    result = primes_for_derivatives(result)
    steps.append(Step(result, "Kronecker delta",
                      "the Kronecker deltas select one term of each sum"
                      + ("; zero padding (stated below)" if notes else "")))
    return steps, result, notes
