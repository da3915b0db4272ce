r"""Two-witness verification: is a claimed derivative (or identity) right?

The **symbolic witness** expands every vocabulary function to its elementary definition,
differentiates with SymPy, and tries to show that the difference to the claim is zero: first by
writing the exponentials as powers of a few atoms and cancelling (fast and complete for the rational
exp-polynomials of σ, tanh, softmax), then by ``simplify``, each under a time budget.  It answers
"proved", "disproved" (the difference is a nonzero number) or "inconclusive".

The **numeric witness** (:mod:`symnn.numeric`) compares the claim with finite differences (complex
step where analytic) at random points drawn inside the assumptions, and confirms any disagreement in
high precision before calling it a counterexample.

Verdicts: ``verified`` needs a proof confirmed numerically, or — when the symbolic witness is
inconclusive — agreement at many random points; a confirmed counterexample gives ``refuted``; a
proof contradicted by a counterexample is a bug in symnn and gives ``undetermined`` with a message
saying so; anything else is ``undetermined``.  ``verified`` is never given to a false claim knowingly.

>>> from sympy import Symbol
>>> from symnn.vocabulary import sigmoid
>>> x = Symbol("x", real=True)
>>> v = check(sigmoid(x), x, sigmoid(x)*(1 - sigmoid(x)))
>>> v.verdict, v.method
('verified', 'symbolic')
>>> check(sigmoid(x), x, sigmoid(x)*(1 + sigmoid(x))).verdict
'refuted'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Iterable, Mapping

import sympy
from sympy import Basic, Dummy, Expr, Symbol, exp

from .witness import witness
from .witness.exact import exactify
from .witness.instances import check_sizes
from .closed_forms import exponential_groups
from .budget import SIMPLIFY_SECONDS, time_budget
from .calculus.indexed_derive import expand_logs, is_indexed_problem, substitute_definitions
from .calculus.sums import apply_sum_assumptions, canonical_dummies, normalize_sums
from .indexed import expand_indexed_definitions
from .errors import BudgetExceeded
from .verdict import Verdict
from .vocabulary import NNFunction, expand_definitions, nonsmooth_arguments

# --------------------------------------------------------------------------- preparation


def _smooth_classes() -> tuple[type, ...]:
    from .vocabulary import registry

    return tuple(c for c in registry().values() if c.smooth)


def elementary(expr: Expr) -> Expr:
    """``expr`` with every smooth vocabulary function replaced by its definition and tanh by exps.

    Non-smooth functions (ReLU, the indicator) stay: their derivatives are the rules of
    :mod:`symnn.vocabulary`, themselves tested against the definitions.
    """
    out = expand_definitions(expand_indexed_definitions(expr), _smooth_classes())
    return out.replace(lambda e: isinstance(e, sympy.tanh), lambda e: e.rewrite(exp))


#: The sign fact "symbol REL 0" gives a symbol, by relation.
_SIGN_FACTS = {
    sympy.StrictGreaterThan: "positive",
    sympy.StrictLessThan: "negative",
    sympy.GreaterThan: "nonnegative",
    sympy.LessThan: "nonpositive",
    sympy.Unequality: "nonzero",
}
_MIRRORED = {"positive": "negative", "negative": "positive", "nonnegative": "nonpositive",
             "nonpositive": "nonnegative", "nonzero": "nonzero"}


def _sign_fact(c: Basic) -> tuple[Symbol, str] | None:
    """(x, "positive") for x > 0, (x, "negative") for 0 > x, ...; None for other constraints."""
    fact = _SIGN_FACTS.get(type(c))
    if fact is None:
        return None
    if isinstance(c.lhs, Symbol) and c.rhs == 0:
        return c.lhs, fact
    if isinstance(c.rhs, Symbol) and c.lhs == 0:
        return c.rhs, _MIRRORED[fact]
    return None


def _apply_assumptions(exprs: list[Expr], assumptions: Iterable[Basic]) -> tuple[list[Expr], list[Basic]]:
    """Give symbols the sign facts the assumptions state about them alone (x > 0 → positive x).

    Returns the rewritten expressions and all constraints (relationals) for the numeric sampler.
    """
    constraints = [a for a in assumptions if isinstance(a, sympy.core.relational.Relational)]
    facts: dict[Symbol, dict[str, bool]] = {}
    for c in constraints:
        found = _sign_fact(c)
        if found is not None:
            facts.setdefault(found[0], {})[found[1]] = True
    replacements = {x: Symbol(x.name, real=True, **f) for x, f in facts.items()}
    out = [e.xreplace(replacements) for e in exprs]
    return out, [c.xreplace(replacements) for c in constraints]


# --------------------------------------------------------------------------- symbolic witness


@dataclass(frozen=True)
class SymbolicResult:
    status: str  # "proved" | "disproved" | "inconclusive"
    detail: str = ""


def _exp_atoms_as_powers(expr: Expr) -> Expr:
    """Write every exponential as an integer power of one positive atom per argument group.

    e^{c·u} = E_u^{c·q} exactly (E_u = e^{u/q}); a rational function of the atoms that cancels to
    zero is zero, which makes ``cancel`` a complete zero test for exp-rational expressions.
    """
    groups = exponential_groups(expr)
    mapping = {}
    for u, members in groups.items():
        q = reduce(sympy.ilcm, [int(c.q) for _, c in members], 1)
        E = Dummy("E", positive=True)
        for atom, c in members:
            mapping[atom] = E ** int(c * q)
    return expr.xreplace(mapping)


def _freeze_sums(expr: Expr) -> Expr:
    """Replace each (canonically named) sum by a symbol: equal sums become the same atom, and the
    exponentials inside a sum (which depend on its summation variable) are left alone."""
    if not expr.has(sympy.Sum):
        return expr
    expr = canonical_dummies(expr)
    outer = [s for s in expr.atoms(sympy.Sum)]
    return expr.xreplace({s: Dummy("S") for s in outer})


def symbolic_zero_test(difference: Expr, seconds: float | None = None, thorough: bool = True) -> SymbolicResult:
    """Try to prove ``difference == 0``; "disproved" only when it is a nonzero number.

    The fast stage writes exponentials as powers of atoms and cancels; the thorough stage (skipped
    when ``thorough`` is False, e.g. once a counterexample is confirmed) runs ``simplify``.
    """
    seconds = SIMPLIFY_SECONDS if seconds is None else seconds
    try:
        with time_budget(seconds, "symbolic simplification"):
            if difference == 0:
                return SymbolicResult("proved", "identical")
            rational = sympy.cancel(sympy.together(_exp_atoms_as_powers(_freeze_sums(difference))))
            if rational == 0:
                return SymbolicResult("proved", "cancels to zero")
            if rational.is_number and rational.is_zero is False:
                return SymbolicResult("disproved", f"differs by the constant {rational}")
            if not thorough:
                return SymbolicResult("inconclusive", "the difference does not cancel to zero")
            simplified = sympy.simplify(difference)
            if simplified == 0:
                return SymbolicResult("proved", "simplifies to zero")
            if simplified.is_number and simplified.is_zero is False:
                return SymbolicResult("disproved", f"differs by the constant {simplified}")
            return SymbolicResult("inconclusive", "the difference did not simplify to zero")
    except BudgetExceeded:
        return SymbolicResult("inconclusive", f"no proof within the {seconds:g} s budget")
    except (RecursionError, TypeError, ValueError, NotImplementedError, AttributeError) as exc:
        return SymbolicResult("inconclusive", f"SymPy could not decide ({type(exc).__name__})")


def _positive_families(assume: Iterable[Basic]) -> set:
    """Families β with an assumption β_k > 0 (their logs may be expanded)."""
    out = set()
    for a in assume:
        if isinstance(a, sympy.StrictGreaterThan) and isinstance(a.lhs, sympy.Indexed) and a.rhs == 0:
            out.add(a.lhs.base)
    return out


def _indexed_normal_form(expr: Expr, assume: Iterable[Basic]) -> Expr:
    """Sums in a normal form (deltas summed out, linearity, canonical dummies), logs of positive
    quantities expanded, and the Σ-assumptions applied."""
    assume = tuple(assume)
    out = normalize_sums(expand_logs(expr, _positive_families(assume)))
    out, _ = apply_sum_assumptions(out, assume)
    return normalize_sums(out)


# --------------------------------------------------------------------------- verdicts


def _nondifferentiable_points(expr: Expr, wrt: Symbol) -> list[str]:
    """Points (as text, e.g. "x = 0") where a kink of ``expr`` makes d/d wrt fail to exist."""
    points: list[str] = []
    for g in nonsmooth_arguments(expr):
        if not g.has(wrt):
            continue
        try:
            with time_budget(1.0, "solving for a kink"):
                roots = sympy.solve(sympy.Eq(g, 0), wrt)
        except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
            roots = []
        if roots:
            from .kinks import is_kink  # max(0, u)² has a kink of max but no kink of its own

            points += [f"{wrt} = {r}" for r in roots if is_kink(expr, wrt, g, r)]
        else:
            points.append(f"{g} = 0")
    return points


def prove_zero(difference: Expr, thorough: bool = True) -> SymbolicResult:
    """The symbolic witness: the smooth zero test, or a proof by cases where ``difference`` has
    kinks (:mod:`symnn.witness.cases`)."""
    from .witness.cases import kink_nodes, prove_by_cases

    if not kink_nodes(difference):
        return symbolic_zero_test(difference, thorough=thorough)
    variables = sorted(difference.free_symbols, key=str)
    try:
        with time_budget(SIMPLIFY_SECONDS, "the case split"):
            result = prove_by_cases(difference, variables,
                                    lambda e: symbolic_zero_test(e, thorough=thorough).status)
    except BudgetExceeded:
        return SymbolicResult("inconclusive", "no proof by cases within the time budget")
    if result.status == "disproved":  # a branch differs by a constant: the numbers locate it
        return SymbolicResult("inconclusive", result.detail)
    return SymbolicResult(result.status, result.detail)


def _evidence(num) -> dict:
    ev = dict(getattr(num, "evidence", {}) or {})
    ev.setdefault("points", num.points_tried)
    return ev


def _combine(sym: SymbolicResult, num, what: str) -> Verdict:
    """The verdict policy of INTERFACE.md: ``verified`` only with a proof the numbers confirm;
    ``refuted`` with a disproof or a confirmed counterexample; otherwise ``undetermined``."""
    base = dict(symbolic=f"{sym.status}: {sym.detail}", numeric=num.status, points_tried=num.points_tried,
                evidence=_evidence(num))
    if num.status == "counterexample":
        if sym.status == "proved":
            return Verdict(
                "undetermined",
                message=(
                    f"the witnesses disagree: SymPy {sym.detail}, but the numeric check found a "
                    f"counterexample ({num.message}); this is a bug in symnn, please report it"
                ),
                max_rel_error=num.max_rel_error,
                **base,
            )
        return Verdict(
            "refuted",
            method="numeric",
            message=f"{what} is false: {num.message}",
            counterexample=num.counterexample,
            max_rel_error=num.max_rel_error,
            **base,
        )
    if sym.status == "disproved":
        return Verdict("refuted", method="symbolic", message=f"{what} is false: it {sym.detail}", **base)
    if num.status == "no_points":
        return Verdict(
            "undetermined",
            message=f"{what}: no numeric confirmation ({num.message}); symbolic witness {sym.status}",
            **base,
        )
    if sym.status == "proved":
        return Verdict(
            "verified",
            method="symbolic",
            message=f"{what} holds: proved symbolically ({sym.detail}) and {num.message}",
            max_rel_error=num.max_rel_error,
            **base,
        )
    return Verdict(
        "undetermined",
        message=f"{what} is not proved: {num.message}, which is evidence, not a proof (no symbolic proof: {sym.detail})",
        max_rel_error=num.max_rel_error,
        **base,
    )


#: Seconds of algebra spent on a claim the numbers already refuted (the witness cross-check).
REFUTED_SYMBOLIC_SECONDS = 0.3


def _separate_bound_indices(exprs: list[Basic]) -> list[Basic]:
    """Rename summation variables that are also free somewhere (Σ_j y_j o_j beside ∂/∂o_j), so a
    free index and a bound one never share a name."""
    free = set().union(*(e.free_symbols for e in exprs))
    taken = {s.name for s in free} | {v.name for e in exprs for s in e.atoms(sympy.Sum) for v, *_ in s.limits}
    fresh = (f"{base}{n}" for n in range(1, 100) for base in ("m", "l", "r", "s"))

    def rename(node):
        var = node.limits[0][0]
        if len(node.limits) != 1 or var not in free:
            return node
        name = next(n for n in fresh if n not in taken)
        taken.add(name)
        new = Symbol(name, integer=True)
        return sympy.Sum(node.function.xreplace({var: new}), (new, *node.limits[0][1:]))

    return [e.replace(lambda n: isinstance(n, sympy.Sum), rename) if e.has(sympy.Sum) else e for e in exprs]


def _use_equalities(exprs: list[Expr], constraints: list[Basic]) -> list[Expr]:
    """Substitute assumed equalities between scalars (y_1 + y_2 + y_3 = 1: y_3 = 1 − y_1 − y_2) and
    index inequalities into Kronecker deltas (k ≠ i: δ_{ki} = 0) — what the symbolic witness may use."""
    out = list(exprs)
    for c in constraints:
        if isinstance(c, sympy.Unequality) and all(isinstance(a, Symbol) and a.is_integer for a in c.args):
            a, b = c.args
            out = [e.xreplace({sympy.KroneckerDelta(a, b): 0, sympy.KroneckerDelta(b, a): 0}) for e in out]
        elif isinstance(c, sympy.Equality) and not c.has(sympy.Sum):
            entries = c.atoms(sympy.Indexed)
            if any(not all(i.is_Integer for i in ix.indices) for ix in entries):
                continue
            symbols = sorted(entries | {s for s in c.free_symbols if isinstance(s, Symbol) and not s.is_integer},
                             key=str)
            if not symbols:
                continue
            target = symbols[-1]
            try:
                roots = sympy.solve(c, target)
            except (NotImplementedError, ValueError, TypeError):
                continue
            if len(roots) == 1:
                out = [e.xreplace({target: roots[0]}) for e in out]
    return out


def _implied_counts(exprs: list[Basic]) -> list[Basic]:
    """A class count left implicit (``\\mathrm{softmax}(o)_j`` has no bound) is the one size the
    sums of the problem run to (Σ_{k=1}^{q} … makes it q), when there is exactly one."""
    from .indexed import IndexedFunction

    bounds = {b for e in exprs for s in e.atoms(sympy.Sum) for _, _, b in s.limits if isinstance(b, Symbol)}
    if len(bounds) != 1:
        return exprs
    (size,) = bounds
    counts = {f.count for e in exprs for f in sympy.preorder_traversal(e)
              if isinstance(f, IndexedFunction) and isinstance(f.count, Symbol) and f.count != size}
    elsewhere = set().union(*(e.xreplace({f: 0 for f in e.atoms(IndexedFunction)}).free_symbols for e in exprs))
    implicit = {c: size for c in counts if c not in elsewhere and c not in bounds}
    return [e.xreplace(implicit) for e in exprs] if implicit else exprs


def _prepare(exprs: list[Expr], assume: Iterable[Basic], define: Mapping | None):
    """Definitions substituted (inside vocabulary functions too), decimals made exact, bound and
    free indices kept apart, sign facts given to the symbols; returns the expressions and the
    constraints."""
    define = {k: exactify(v) for k, v in dict(define or {}).items()}
    exprs = _implied_counts(_separate_bound_indices([exactify(substitute_definitions(e, define)) for e in exprs]))
    return _apply_assumptions(exprs, [exactify(a) for a in assume])


def check(
    expr: Expr,
    wrt: Symbol,
    claim: Expr,
    order: int = 1,
    assume: Iterable[Basic] = (),
    define: Mapping[Symbol, Expr] | None = None,
    seed: int = 0,
    subject: str | None = None,
) -> Verdict:
    """Is d^order expr / d wrt^order equal to ``claim``?  Both witnesses; see the module doc.

    ``subject`` names the claim in messages ("the derived closed form"); by default "the claimed
    derivative".
    """
    assume = tuple(assume)
    (expr, claim, wrt), constraints = _prepare([expr, claim, wrt], assume, define)
    check_sizes([expr, claim])
    what = subject or ("the claimed derivative" if order == 1 else f"the claimed derivative of order {order}")
    indexed = is_indexed_problem(expr, wrt) or is_indexed_problem(claim, wrt)
    if indexed and order != 1:
        return Verdict("undetermined", message="higher derivatives in index notation are not supported yet")
    def numeric(quick: bool):
        return witness(expr, claim, wrt=wrt, order=order, constraints=constraints, seed=seed, quick=quick)

    def symbolic(refuted: bool) -> SymbolicResult:
        try:
            with time_budget(SIMPLIFY_SECONDS, "symbolic differentiation"):
                if not indexed and sympy.expand(sympy.diff(expr, wrt, order) - claim) == 0:
                    return SymbolicResult("proved", "equal by the derivative rules of the vocabulary")
                truth = sympy.diff(elementary(expr), wrt, order)
                (difference,) = _use_equalities([truth - elementary(claim)], constraints)
                if indexed:
                    difference = _indexed_normal_form(difference, constraints)
        except BudgetExceeded:
            return SymbolicResult("inconclusive", "differentiation ran out of time")
        if refuted:
            # only the fast stage, briefly: enough to catch a (buggy) proof contradicting the
            # confirmed counterexample, which is then reported as a bug
            return symbolic_zero_test(difference, seconds=REFUTED_SYMBOLIC_SECONDS, thorough=False)
        return prove_zero(difference)

    return _finish(two_witnesses(numeric, symbolic, what), expr, wrt, claim)


def two_witnesses(numeric, symbolic, what: str) -> Verdict:
    """Run both witnesses and apply the verdict policy (:func:`_combine`).

    ``numeric(quick)`` is the numeric witness, ``symbolic(refuted)`` the symbolic one.  The numbers
    run first on a few small instances: a confirmed counterexample there leaves the algebra only its
    fast stage (to notice a buggy proof contradicting it); a proof they agree with is the verdict.
    Only when the algebra cannot decide does the numeric witness run on every instance, for the
    counterexample or the evidence an ``undetermined`` verdict reports.
    """
    quick = numeric(True)
    sym = symbolic(quick.status == "counterexample")
    if quick.complete or quick.status == "counterexample" or sym.status == "disproved" or (
            sym.status == "proved" and quick.status == "agree"):
        return _combine(sym, quick, what)
    return _combine(sym, numeric(False), what)


def _finish(verdict: Verdict, expr: Expr, wrt, claim: Expr) -> Verdict:
    verdict.closed_form = claim
    verdict.nondifferentiable = _nondifferentiable_points(expr, wrt)
    if verdict.nondifferentiable and verdict.verdict == "verified":
        verdict.message += "; the derivative does not exist where " + ", ".join(verdict.nondifferentiable)
    return verdict


def check_equation(
    lhs: Expr,
    rhs: Expr,
    assume: Iterable[Basic] = (),
    define: Mapping[Symbol, Expr] | None = None,
    seed: int = 0,
) -> Verdict:
    """Is ``lhs == rhs`` for all values (within the assumptions)?  Both witnesses."""
    assume = tuple(assume)
    (lhs, rhs), constraints = _prepare([lhs, rhs], assume, define)
    check_sizes([lhs, rhs])
    (difference,) = _use_equalities([elementary(lhs) - elementary(rhs)], constraints)
    if is_indexed_problem(lhs, None) or is_indexed_problem(rhs, None):
        try:
            with time_budget(SIMPLIFY_SECONDS, "sum normalisation"):
                difference = _indexed_normal_form(difference, constraints)
        except BudgetExceeded:
            pass
    verdict = two_witnesses(lambda quick: witness(lhs, rhs, constraints=constraints, seed=seed, quick=quick),
                            lambda refuted: prove_zero(difference, thorough=not refuted), "the equation")
    verdict.closed_form = rhs
    return verdict


__all__ = ["check", "check_equation", "two_witnesses", "elementary", "symbolic_zero_test", "prove_zero", "SymbolicResult"]
