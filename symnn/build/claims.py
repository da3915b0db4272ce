r"""Claims that are not equations, checked by two witnesses: sign statements and series convergence.

:func:`inequality` proves ``lhs > rhs`` (or ``<``, ``>=``, ``<=``) from the sign facts of the
assumptions with SymPy's assumption system, and tests it at random points within them.
:func:`series_convergence` decides whether ``sum_{t>=1} a_t`` converges with SymPy's convergence
tests, and checks the answer against the Cauchy criterion numerically: the blocks
``sum_{N<t<=2N} a_t`` must shrink to zero for a convergent series and must not for a divergent one.
Either way the verdict is ``verified`` only when both witnesses agree; a symbolic proof without
numeric agreement is ``undetermined``, a numeric agreement without a proof too (random points are
weak evidence for an inequality, partial sums for convergence).

>>> c = inequality(r"-\eta (g_1^2 + g_2^2)", "<=", 0, assume=[r"\eta > 0"])
>>> c.verdict.verdict, c.verdict.method
('verified', 'symbolic')
>>> s = series_convergence(r"\frac{C}{t^2}", "t", assume=["C > 0"])
>>> s.converges, s.verdict.verdict
(True, 'verified')
>>> series_convergence(r"\frac{C}{\sqrt{t}}", "t", assume=["C > 0"]).converges
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import mpmath
import numpy as np
import sympy
from sympy import Ge, Gt, Le, Lt, Sum, oo

from .. import api
from ..budget import SIMPLIFY_SECONDS, time_budget
from ..errors import BudgetExceeded, SymnnInputError
from ..latex.printer import latex as _latex
from ..latex.language import Bilingual, language, tr
from ..latex.proof import format_number
from ..witness.exact import compile_mp, to_mpf
from ..witness.sampler import sample
from ..verdict import Verdict
from ..verify import _apply_assumptions, elementary
from .parts import Claim

__all__ = ["inequality", "series_convergence", "SeriesClaim"]

_RELATIONS = {">": (Gt, "is_positive"), ">=": (Ge, "is_nonnegative"),
              "<": (Lt, "is_negative"), "<=": (Le, "is_nonpositive")}
_HOLDS = {">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal}


def _combine(proved: bool | None, numeric_ok: bool, numeric_text: str, what: str, points: int) -> Verdict:
    base = dict(points_tried=points, numeric=numeric_text,
                symbolic={True: "proved", False: "disproved", None: "inconclusive"}[proved])
    if proved is True and numeric_ok:
        return Verdict("verified", method="symbolic", message=f"{what}: proved symbolically; {numeric_text}", **base)
    if proved is False and not numeric_ok:
        return Verdict("refuted", method="symbolic", message=f"{what} is false: {numeric_text}", **base)
    if proved is True:
        return Verdict("undetermined", message=f"the witnesses disagree on {what}: proved symbolically, "
                       f"but {numeric_text}; this is a bug in symnn, please report it", **base)
    if proved is False:
        return Verdict("refuted", method="symbolic", message=f"{what} is false (SymPy disproves it)", **base)
    return Verdict("undetermined", message=f"{what}: no symbolic proof; {numeric_text}", **base)


def _indexed_as_symbols(exprs: list) -> dict:
    """Concrete indexed quantities (g_1 parsed as g[1]) as plain real symbols, so that sign facts
    such as g_1 != 0 reach SymPy's assumption system."""
    atoms = set().union(*(e.atoms(sympy.Indexed) for e in exprs))
    return {a: sympy.Symbol("%s_%s" % (a.base, "".join(str(i) for i in a.indices)), real=True)
            for a in atoms if all(i.is_Integer for i in a.indices)}


def inequality(lhs: Any, relation: str, rhs: Any, *, assume: Iterable[Any] = (), define: Any = None,
               title: str = "", text: str = "", where: str = "", points: int = 200, seed: int = 0) -> Claim:
    """``lhs <relation> rhs`` within the assumptions (after substituting ``define``), by both witnesses."""
    if relation not in _RELATIONS:
        raise SymnnInputError(f"unknown relation {relation!r}: use one of {', '.join(_RELATIONS)}")
    rel_class, attribute = _RELATIONS[relation]
    left, right = api.as_expr(lhs, "left-hand side"), api.as_expr(rhs, "right-hand side")
    definitions = api.as_definitions(define)
    left, right = left.xreplace(definitions), right.xreplace(definitions)
    assumptions = api.as_assumptions(assume)
    scalars = _indexed_as_symbols([left, right, *assumptions])
    left, right = left.xreplace(scalars), right.xreplace(scalars)
    (left, right), constraints = _apply_assumptions([left, right], [a.xreplace(scalars) for a in assumptions])
    difference = elementary(left - right)
    try:
        with time_budget(SIMPLIFY_SECONDS, "the sign test"):
            proved = getattr(sympy.factor(difference), attribute)
            if proved is None:
                proved = getattr(sympy.expand(difference), attribute)
    except BudgetExceeded:
        proved = None
    symbols = sorted(difference.free_symbols, key=lambda s: s.name)
    pts = sample(symbols, [difference], constraints, seed=seed).points[:points]
    f = compile_mp(symbols, difference)  # 60 digits: σ(44) is below 1, though not in float64
    with mpmath.workdps(60):
        values = np.array([float(mpmath.sign(f(*[to_mpf(p[s]) for s in symbols]))) for p in pts]) \
            if pts else np.zeros(0)
    if not pts:
        numeric_ok, numeric_text = False, "no points satisfy the assumptions"
    else:
        good = _HOLDS[relation](values, 0.0)
        numeric_ok = bool(good.all())
        numeric_text = (f"it holds at all {len(pts)} random points" if numeric_ok else
                        f"it fails at {int((~good).sum())} of {len(pts)} random points")
    verdict = _combine(proved, numeric_ok, numeric_text, "the inequality", len(pts))
    return Claim(_latex(rel_class(left, right, evaluate=False)), verdict, title=title, text=text, where=where)


@dataclass
class SeriesClaim(Claim):
    """A :class:`Claim` about ``sum_{t>=1} a_t``; ``converges`` is True, False or None (unknown)."""

    converges: bool | None = None


def _cauchy_blocks(term: sympy.Expr, var: sympy.Symbol, values: dict, sizes: tuple[int, ...]) -> list[float]:
    f = sympy.lambdify(var, term.xreplace(values), modules="numpy")
    blocks = []
    for n in sizes:
        t = np.arange(n + 1, 2 * n + 1, dtype=float)
        a = np.broadcast_to(np.asarray(f(t), dtype=float), t.shape)
        if not np.all(np.isfinite(a)) or np.any(a < 0):
            raise SymnnInputError("series_convergence needs finite, non-negative terms")
        blocks.append(float(a.sum()))
    return blocks


def series_convergence(term: Any, var: Any, *, assume: Iterable[Any] = (), title: str = "", text: str = "",
                       where: str = "", seed: int = 0) -> SeriesClaim:
    r"""Does ``sum_{var=1}^{oo} term`` converge?  Non-negative terms; symbols other than ``var``
    take random values within the assumptions for the numeric witness."""
    a, t = api.as_expr(term), api.as_symbol(var)
    t_int = sympy.Symbol(t.name, integer=True, positive=True)
    (a,), constraints = _apply_assumptions([a.xreplace({t: t_int})], api.as_assumptions(assume))
    try:
        # A constant factor c != 0 does not change convergence (SymPy's tests want one symbol).
        constant, rest = a.as_independent(t_int, as_Add=False)
        with time_budget(SIMPLIFY_SECONDS, "the convergence test"):
            symbolic = Sum(rest, (t_int, 1, oo)).is_convergent() if constant.is_zero is False else None
        symbolic = None if symbolic not in (sympy.true, sympy.false, True, False) else bool(symbolic)
    except (BudgetExceeded, NotImplementedError):
        symbolic = None
    others = a.free_symbols - {t_int}
    drawn = sample(sorted(others, key=lambda s: s.name), [a], constraints, seed=seed).points if others else [{}]
    point = drawn[0] if drawn else {}
    sizes = (10**3, 10**4, 10**5, 10**6)
    blocks = _cauchy_blocks(a, t_int, point, sizes)
    ratio = blocks[-1] / blocks[0] if blocks[0] > 0 else 0.0
    numeric = True if ratio < 0.05 else False if ratio > 0.9 else None
    described = ", ".join(format_number(b) for b in blocks)
    numeric_text = ("the Cauchy blocks sum_{N<t<=2N} for N = 10^3, ..., 10^6 are %s (%s)" % (
        ", ".join("%.3g" % b for b in blocks),
        {True: "shrinking to zero", False: "not shrinking", None: "inconclusive"}[numeric]))
    words = {True: "converges", False: "diverges", None: "could not be classified"}
    base = dict(points_tried=len(sizes), symbolic=words[symbolic], numeric=numeric_text)
    if symbolic is not None and symbolic == numeric:
        verdict = Verdict("verified", method="symbolic", message=f"the series {words[symbolic]}: SymPy's "
                          f"convergence tests and {numeric_text}", **base)
    elif symbolic is None or numeric is None:
        verdict = Verdict("undetermined", message=f"the series could not be classified: SymPy says it "
                          f"{words[symbolic]}; {numeric_text}", **base)
    else:
        verdict = Verdict("undetermined", message=f"the witnesses disagree: SymPy says the series "
                          f"{words[symbolic]}, but {numeric_text}; this is a bug in symnn, please report it", **base)
    converges = symbolic if verdict else None
    series = Sum(a, (t_int, 1, oo))
    display = _latex(series) + (r" < \infty" if converges else r" = \infty" if converges is False else "")
    values = ", ".join(r"$%s = %s$" % (_latex(s), format_number(v)) for s, v in point.items())
    def _certificate() -> str:
        return tr(r"\textbf{%s.} SymPy's convergence tests say the series %s. Numerically (%s), the "
                  r"blocks $\sum_{N<t\le 2N} a_t$ for $N = 10^3, 10^4, 10^5, 10^6$ are $%s$: %s.") % (
            tr("Verified" if verdict else verdict.verdict.capitalize()), tr(words[symbolic]),
            (tr("with %s") % values) if values else tr("no parameters"), described,
            tr({True: "they shrink to zero, as the Cauchy criterion requires of a convergent series",
                False: "they do not shrink to zero, so by the Cauchy criterion the series diverges",
                None: "inconclusive"}[numeric]))

    with language("en"):
        english = _certificate()
    with language("zh"):
        certificate = Bilingual(english, _certificate())  # either edition, whichever builds it
    return SeriesClaim(display, verdict, title=title, text=text, where=where, certificate=certificate,
                       converges=converges)
