r"""The one sampler: exact rational points at which every kind of claim is compared.

It is adaptive rather than a fixed box: values at several scales (10⁻² … 10²), every value the
expressions single out (the constants they contain, the roots of their linear parts — 15 in
ReLU(x − 15), 0.7 in e^{−10⁶(x−0.7)²}), both sides of and close to every breakpoint of a kink, and
beyond the last one.  It respects every assumption (inequalities are checked exactly, equalities
are solved for one of their symbols) and assumes nothing more: where a function's domain needs a
sign (a symbol under a log), the domain is taken as the assumption and reported in
``Sample.domain``.

>>> from sympy import Symbol, exp
>>> from symnn.vocabulary import relu
>>> x = Symbol("x", real=True)
>>> s = sample([x], [relu(x - 15)], seed=0)
>>> any(p[x] > 15 for p in s.points) and any(p[x] < 15 for p in s.points)
True
>>> s.regions
['x < 15', 'x > 15']
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import sympy
from sympy import Basic, Expr, Rational, Symbol

#: Points drawn at random scales (before the special values are added).
RANDOM_POINTS = 14
#: At most this many points built around special values.
MAX_SPECIAL_POINTS = 40
#: Constants larger than this are coefficients, not values to sample at (roots of linear parts,
#: such as 35 in e^{x−35}, are taken whatever their size).
MAX_CONSTANT = 50
#: Offsets on both sides of a singled-out value or a breakpoint.
NEAR = (Rational(1, 1000), Rational(1, 10**6))
#: Steps beyond the largest (and before the smallest) breakpoint.
BEYOND = (Rational(7, 2), Rational(43, 1))


@dataclass
class Sample:
    """Points (``{symbol: Rational}``) inside the assumptions, with what was respected."""

    points: list[dict]
    domain: list[str] = field(default_factory=list)  # domain conditions taken as assumptions
    regions: list[str] = field(default_factory=list)  # the intervals a kink splits the line into
    rejected: int = 0  # candidates outside the assumptions


def _rational(v: float, digits: int = 4) -> Rational:
    if v == 0:
        return Rational(0)
    return Rational(f"{v:.{digits}g}")


def kink_points(exprs: Iterable[Expr], sym: Symbol) -> list[Rational]:
    """Real breakpoints in ``sym`` of the kinks of ``exprs`` (roots of linear kink arguments)."""
    from ..numeric import kink_arguments

    out: set = set()
    for e in exprs:
        for g in kink_arguments(e):
            root = _linear_root(g, sym)
            if root is not None:
                out.add(root)
    return sorted(out)


def _linear_root(g: Expr, sym: Symbol) -> Rational | None:
    if g.free_symbols != {sym}:
        return None
    try:
        poly = sympy.Poly(g, sym)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    root = -b / a
    return root if root.is_Rational else None


def special_values(exprs: Iterable[Expr], sym: Symbol) -> list[Rational]:
    """Values of ``sym`` the expressions single out: roots of their linear parts in ``sym`` alone
    and the rational constants they contain (moderate ones, with their negatives)."""
    out: set = set()
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, sympy.Add) and node.free_symbols == {sym}:
                root = _linear_root(node, sym)
                if root is not None:
                    out.add(root)
            elif node.is_Rational and 0 < abs(node) <= MAX_CONSTANT and node not in (1, -1):
                out |= {node, -node}
    return sorted(out)


def domain_positive(exprs: Iterable[Expr]) -> dict[Symbol, str]:
    """Symbols the domain forces positive: a symbol (times a positive constant) under a log or a
    non-integer power.  Returns ``{symbol: reason}``."""
    out: dict = {}
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            arg = None
            if isinstance(node, sympy.log):
                arg, why = node.args[0], "log"
            elif isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_integer:
                arg, why = node.base, "root"
            if arg is None:
                continue
            coeff, rest = arg.as_coeff_Mul()
            if coeff <= 0:
                continue
            # log(p), log(p/q), log(p q²): every symbol of a monomial argument is taken positive
            for base in rest.as_powers_dict():
                if isinstance(base, Symbol) and not base.is_positive:
                    out.setdefault(base, f"{base} > 0 (where the {why} is defined)")
    return out


def _base_values(rng: random.Random, positive: bool, integer: bool, count: int) -> list[Rational]:
    if integer:
        return [Rational(rng.randrange(1, 13)) for _ in range(count)]
    mags = [10 ** rng.uniform(-2, 2) for _ in range(count)]
    signs = [1.0] * count if positive else [rng.choice((-1.0, 1.0)) for _ in range(count)]
    return [_rational(m * s) for m, s in zip(mags, signs)]


def _around(v: Rational) -> list[Rational]:
    return [v] + [v + d for d in NEAR] + [v - d for d in NEAR]


def _satisfies(point: dict, constraints: Sequence[Basic]) -> bool:
    for c in constraints:
        try:
            truth = c.xreplace(point)
            truth = truth.doit() if hasattr(truth, "doit") else truth
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if truth is sympy.true or truth is True:
            continue
        if truth is sympy.false or truth is False:
            return False
        try:  # an inequality between exact numbers that SymPy left unevaluated
            lhs, rhs = truth.lhs, truth.rhs
            if (lhs - rhs).is_number:
                if not bool(type(truth)(sympy.nsimplify(lhs - rhs).evalf(50), 0)):
                    return False
                continue
        except (AttributeError, TypeError):
            pass
        return False
    return True


def _solve_equalities(equalities: Sequence[Basic], symbols: Sequence[Symbol]) -> list[tuple[Symbol, Expr]]:
    """For each equality, one symbol it determines, as a formula of the others (linear solve)."""
    solved: list[tuple[Symbol, Expr]] = []
    taken: set = set()
    for eq in equalities:
        for s in reversed(symbols):
            if s in taken or not eq.has(s):
                continue
            difference = eq.lhs - eq.rhs if isinstance(eq, sympy.Equality) else eq
            slope = difference.diff(s)
            if slope.is_number and slope != 0:  # linear in s: the root directly, no general solve
                roots = [sympy.expand(s - difference / slope)]
            else:
                try:
                    roots = sympy.solve(eq, s)
                except (NotImplementedError, ValueError, TypeError):
                    continue
            if len(roots) == 1:
                solved.append((s, roots[0]))
                taken.add(s)
                break
    return solved


def sample(
    symbols: Sequence[Symbol],
    exprs: Sequence[Expr],
    constraints: Sequence[Basic] = (),
    seed: int = 0,
    avoid_exact: Iterable[tuple[Symbol, Rational]] = (),
    count: int = RANDOM_POINTS,
    max_special: int = MAX_SPECIAL_POINTS,
) -> Sample:
    """Points for ``symbols`` inside ``constraints``; see the module docstring.

    ``avoid_exact`` lists (symbol, value) pairs never used exactly (the breakpoints themselves,
    where a derivative does not exist).
    """
    rng = random.Random(seed)
    symbols = list(symbols)
    equalities = [c for c in constraints if isinstance(c, sympy.Equality)]
    inequalities = [c for c in constraints if not isinstance(c, sympy.Equality)]
    dependent = _solve_equalities(equalities, symbols)
    dependent_syms = {s for s, _ in dependent}
    free = [s for s in symbols if s not in dependent_syms]
    domain = domain_positive(exprs)
    avoid = set(avoid_exact)

    def positive(s: Symbol) -> bool:
        return bool(s.is_positive or s.is_nonnegative) or s in domain

    base = {s: _base_values(rng, positive(s), bool(s.is_integer), count) for s in free}
    regions: list[str] = []
    specials: list[tuple[Symbol, Rational]] = []
    for s in free:
        if s.is_integer:
            continue
        kinks = kink_points(exprs, s)
        for k in kinks:
            specials += [(s, v) for v in _around(k) if v != k]
        if kinks:
            specials += [(s, kinks[-1] + b) for b in BEYOND] + [(s, kinks[0] - b) for b in BEYOND]
            regions += _region_text(s, kinks)
        specials += [(s, v) for val in special_values(exprs, s) for v in _around(val)]
    specials = [(s, v) for s, v in dict.fromkeys(specials) if not (positive(s) and v <= 0)]
    if len(specials) > max_special:
        keep = sorted(rng.sample(range(len(specials)), max_special))
        specials = [specials[i] for i in keep]

    candidates: list[dict] = [{s: base[s][i] for s in free} for i in range(count)]
    for n, (s, v) in enumerate(specials):
        p = {t: base[t][(n + 7) % count] for t in free}
        p[s] = v
        candidates.append(p)
    points, rejected = [], 0
    for p in candidates:
        for s, formula in dependent:
            value = formula.xreplace(p)
            p[s] = value if value.is_Rational else sympy.nsimplify(value)
        if any((s, p[s]) in avoid for s in p) or not all(p[s].is_Rational for s in p):
            rejected += 1
            continue
        if _satisfies(p, inequalities):
            points.append(p)
        else:
            rejected += 1
    notes = [domain[s] for s in symbols if s in domain]
    return Sample(points, notes, regions, rejected)


def _region_text(s: Symbol, kinks: list[Rational]) -> list[str]:
    out = [f"{s} < {kinks[0]}"]
    out += [f"{a} < {s} < {b}" for a, b in itertools.pairwise(kinks)]
    out.append(f"{s} > {kinks[-1]}")
    return out


__all__ = ["Sample", "sample", "special_values", "kink_points", "domain_positive"]
