r"""Proof by cases at kinks: ReLU, indicators, |·|, max/min, sign, Heaviside and Piecewise.

A difference with kinks is split at its breakpoints.  When every kink argument depends on the
variable alone, the real line is cut at their real roots; on each open interval every kink
function is one smooth branch (its argument has one sign there), chosen exactly at a rational
interior point, and the smooth zero test proves the branch.  When several variables meet in a kink
argument, every sign pattern of the arguments is a case instead.  The breakpoints themselves are
where the derivative may not exist; they are reported, not proved.

>>> from sympy import Symbol
>>> from symnn.vocabulary import relu, indicator
>>> x = Symbol("x", real=True)
>>> prove_by_cases(indicator(x) - indicator(x - 6) - relu(x).diff(x) + relu(x - 6).diff(x), [x]).status
'proved'
>>> prove_by_cases(indicator(x - 6) - indicator(x), [x]).status
'disproved'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable, Sequence

import sympy
from sympy import Basic, Expr, Rational, S, Symbol

from ..vocabulary import NNFunction

#: Largest number of kink arguments split over sign patterns (2**k cases).
MAX_SIGN_CASES = 5


@dataclass(frozen=True)
class CaseResult:
    status: str  # "proved" | "disproved" | "inconclusive"
    detail: str = ""
    regions: tuple[str, ...] = ()


_KINKS = (sympy.Abs, sympy.Heaviside, sympy.sign, sympy.Max, sympy.Min, sympy.Piecewise)


def is_kink(node: Basic) -> bool:
    """Is ``node`` a non-smooth function application (ReLU, 𝕀, |·|, max, sign, Piecewise, ...)?"""
    return isinstance(node, _KINKS) or (isinstance(node, NNFunction) and not node.smooth)


def kink_nodes(expr: Expr) -> list[Basic]:
    """The non-smooth nodes of ``expr`` (those a case split resolves)."""
    return [node for node in sympy.preorder_traversal(expr) if is_kink(node)]


def _arguments(node: Basic) -> list[Expr]:
    """The expressions whose signs decide which branch ``node`` takes."""
    if isinstance(node, (sympy.Max, sympy.Min)):
        return [a - b for a, b in itertools.combinations(node.args, 2)]
    if isinstance(node, sympy.Piecewise):
        out = []
        for _, cond in node.args:
            for rel in cond.atoms(sympy.core.relational.Relational):
                out.append(rel.lhs - rel.rhs)
        return out
    return [node.args[0]]


def resolve(expr: Expr, sign_of: Callable[[Expr], int]) -> Expr:
    """``expr`` with every kink node replaced by its branch, given the sign (+1/−1) of each
    argument (``sign_of``); bottom-up, so nested kinks resolve too."""
    from ..vocabulary import indicator, relu

    def branch(node):
        if isinstance(node, relu):
            return node.args[0] if sign_of(node.args[0]) > 0 else S.Zero
        if isinstance(node, indicator):
            return S.One if sign_of(node.args[0]) > 0 else S.Zero
        if isinstance(node, sympy.Heaviside):
            return S.One if sign_of(node.args[0]) > 0 else S.Zero
        if isinstance(node, sympy.Abs):
            return node.args[0] * sign_of(node.args[0])
        if isinstance(node, sympy.sign):
            return S(sign_of(node.args[0]))
        if isinstance(node, (sympy.Max, sympy.Min)):
            best = node.args[0]
            for a in node.args[1:]:
                s = sign_of(a - best)
                if (s > 0) == isinstance(node, sympy.Max):
                    best = a
            return best
        if isinstance(node, sympy.Piecewise):
            for value, cond in node.args:
                truth = cond.xreplace({rel: _rel_truth(rel, sign_of) for rel in cond.atoms(sympy.core.relational.Relational)})
                if truth is sympy.true:
                    return value
                if truth is not sympy.false:
                    raise _Undecided
            raise _Undecided
        if isinstance(node, NNFunction) and not node.smooth:
            raise _Undecided
        return node

    from ..vocabulary import rewrite_bottom_up

    return rewrite_bottom_up(expr, is_kink, branch)


def _rel_truth(rel, sign_of):
    s = sign_of(rel.lhs - rel.rhs)
    if isinstance(rel, (sympy.StrictGreaterThan, sympy.GreaterThan)):
        return sympy.true if s > 0 else sympy.false
    if isinstance(rel, (sympy.StrictLessThan, sympy.LessThan)):
        return sympy.true if s < 0 else sympy.false
    if isinstance(rel, sympy.Unequality):
        return sympy.true
    if isinstance(rel, sympy.Equality):
        return sympy.false
    raise _Undecided


class _Undecided(Exception):
    pass


def _real_roots(g: Expr, x: Symbol) -> list | None:
    """Real roots of g (and of its denominator) in x, or None when they cannot be found exactly."""
    num, den = sympy.fraction(sympy.together(g))
    roots: set = set()
    for part in (num, den):
        if not part.has(x):
            continue
        try:
            sol = sympy.solveset(part, x, domain=sympy.S.Reals)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if not isinstance(sol, sympy.FiniteSet):
            return None
        roots |= set(sol)
    if not all(r.is_real for r in roots):
        return None
    return sorted(roots, key=lambda r: float(r))


def _interior_points(breaks: list) -> list[Rational]:
    """One rational point inside each interval between consecutive breakpoints."""
    if not breaks:
        return [Rational(0)]
    pts = [sympy.floor(breaks[0]) - 1]
    for a, b in zip(breaks, breaks[1:]):
        pts.append(sympy.nsimplify((a + b) / 2) if (a + b).is_Rational else Rational(sympy.N((a + b) / 2, 30)))
    pts.append(sympy.ceiling(breaks[-1]) + 1)
    return [Rational(p) for p in pts]


def prove_by_cases(difference: Expr, variables: Sequence[Symbol],
                   zero_test: Callable[[Expr], str] | None = None) -> CaseResult:
    """Prove ``difference == 0`` away from its breakpoints, case by case (module docstring).

    ``zero_test`` proves a smooth branch: it returns "proved", "disproved" or "inconclusive"
    (default: cancel/simplify from :mod:`symnn.verify`).
    """
    if zero_test is None:
        from ..verify import symbolic_zero_test

        zero_test = lambda e: symbolic_zero_test(e).status  # noqa: E731
    nodes = kink_nodes(difference)
    if not nodes:
        status = zero_test(difference)
        return CaseResult(status)
    args = list(dict.fromkeys(g for n in nodes for g in _arguments(n) if g.free_symbols))
    free = set().union(*(g.free_symbols for g in args))
    if len(free) == 1:
        (x,) = free
        breaks: set = set()
        for g in args:
            roots = _real_roots(g, x)
            if roots is None:
                return CaseResult("inconclusive", f"cannot locate the breakpoints of {g}")
            breaks |= set(roots)
        breaks = sorted(breaks, key=lambda r: float(r))
        regions = []
        for t in _interior_points(breaks):
            try:
                branch = resolve(difference, lambda g, t=t: 1 if g.xreplace({x: t}) > 0 else -1)
            except (_Undecided, TypeError):
                return CaseResult("inconclusive", "a kink could not be resolved")
            status = zero_test(branch)
            if status != "proved":
                return CaseResult("disproved" if status == "disproved" else "inconclusive",
                                  f"on the region around {x} = {t} the difference {'is' if status == 'disproved' else 'may be'} nonzero")
            regions.append(t)
        texts = _region_texts(x, breaks)
        return CaseResult("proved", f"proved on each of {len(texts)} regions split at {x} = "
                          + ", ".join(str(b) for b in breaks), tuple(texts))
    if len(args) > MAX_SIGN_CASES:
        return CaseResult("inconclusive", f"{len(args)} kinks meet: too many cases")
    for signs in itertools.product((1, -1), repeat=len(args)):
        table = dict(zip(args, signs))
        try:
            branch = resolve(difference, lambda g: table[g] if g in table else _sign_from_table(g, table))
        except (_Undecided, KeyError):
            return CaseResult("inconclusive", "a kink could not be resolved")
        if zero_test(branch) != "proved":
            return CaseResult("inconclusive", "a case of the sign split does not simplify to zero")
    texts = tuple(f"{g} {'>' if s > 0 else '<'} 0" for g in args for s in (1, -1))
    return CaseResult("proved", f"proved in every case of the signs of {', '.join(str(g) for g in args)}", texts)


def _sign_from_table(g, table):
    if -g in table:
        return -table[-g]
    raise KeyError(g)


def _region_texts(x, breaks) -> list[str]:
    if not breaks:
        return []
    out = [f"{x} < {breaks[0]}"]
    out += [f"{a} < {x} < {b}" for a, b in zip(breaks, breaks[1:])]
    out.append(f"{x} > {breaks[-1]}")
    return out


__all__ = ["prove_by_cases", "resolve", "kink_nodes", "CaseResult"]
