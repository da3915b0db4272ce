r"""The one comparison: truth and claim evaluated at exact points on a ladder of precisions.

At each point both sides are computed at 30 and at 60 significant digits (the truth by mpmath's
high-precision finite differences of the *original* expression for derivatives, so SymPy's
``diff`` is not trusted here).  The change between the two precisions measures the rounding
noise; a difference far above that noise is a confirmed counterexample, however small it is
relative to the values (a factor 1 + 10⁻⁶ is caught); a difference within the noise is agreement;
anything else is recomputed at 120 and 240 digits.  Errors are judged entry by entry, never
normwise.

>>> from sympy import Rational, Symbol
>>> from symnn.vocabulary import sigmoid
>>> x = Symbol("x", real=True)
>>> pts = [{x: Rational(3, 10)}, {x: Rational(35)}]
>>> compare(sigmoid(x), sigmoid(x) * (1 - sigmoid(x)), [x], pts, wrt=x).status
'agree'
>>> compare(sigmoid(x), Rational(1000001, 10**6) * sigmoid(x) * (1 - sigmoid(x)), [x], pts, wrt=x).status
'counterexample'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import mpmath
import sympy
from sympy import Basic, Expr, Symbol
from sympy.core.function import AppliedUndef

from ..budget import time_budget
from ..errors import BudgetExceeded
from .exact import compile_mp, to_mpf

#: The precision ladder (significant digits).
LADDER = (30, 60, 120, 240)
#: Seconds for all the high-precision work of one comparison.
COMPARE_SECONDS = 20.0


@dataclass
class WitnessResult:
    """What the numeric witness found: ``agree``, ``counterexample`` or ``no_points``."""

    status: str
    points_tried: int = 0
    max_rel_error: float | None = None
    counterexample: dict | None = None
    message: str = ""
    evidence: dict = field(default_factory=dict)
    unresolved: int = 0
    #: False when only a few instances were compared (``witness(quick=True)``): the whole search
    #: can still find what this one did not
    complete: bool = True

    def __bool__(self) -> bool:
        return self.status == "agree"


def _real(v) -> mpmath.mpf | None:
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > abs(v.real) * mpmath.mpf(10) ** (-mpmath.mp.dps // 2) + mpmath.mpf(10) ** (-mpmath.mp.dps):
            return None
        v = v.real
    try:
        v = mpmath.mpf(v)
    except (TypeError, ValueError):
        return None
    return v if mpmath.isfinite(v) else None


def _name(s: Basic) -> str:
    return str(s)


#: The most digits a point may need beyond the ladder (an exponent of about 5,750 at the point);
#: points needing more are left unjudged (their cost grows like the digits squared).
MAX_EXTRA_DIGITS = 2500


class _Sides:
    """Evaluates (truth, claim) at a point and a precision."""

    def __init__(self, expr: Expr, claim: Expr, symbols: Sequence[Symbol], wrt: Symbol | None, order: int):
        self.symbols = list(symbols)
        unknown = sorted({str(f.func) for e in (expr, claim) for f in e.atoms(AppliedUndef)})
        if unknown:  # an undefined function (G(x)) has no values to compare
            raise ValueError(f"the function {', '.join(unknown)} is not defined")
        self.f = compile_mp(self.symbols, expr)
        self.g = compile_mp(self.symbols, claim)
        self.k = self.symbols.index(wrt) if wrt is not None else None
        self.order = order
        exponents = _exponents([expr, claim])
        self.exponents = compile_mp(self.symbols, sympy.Tuple(*exponents)) if exponents else None

    def ladder(self, point: dict) -> tuple[int, ...] | None:
        """The precisions for one point.  An exp-rational expression can cancel down to
        e^{−M} of its terms, M the largest exponent at the point (1 − σ(53x) at x = 45 is
        e^{−2385}): the ladder starts M·log₁₀e digits higher there."""
        reach = max((abs(float(v)) for v in point.values()), default=0.0) / 2
        if self.exponents is not None:
            try:
                with mpmath.workdps(15):
                    values = self.exponents(*[to_mpf(point[s]) for s in self.symbols])
                reach = max([reach] + [abs(float(mpmath.re(v))) * 0.4343 for v in values])
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                pass
        if reach > MAX_EXTRA_DIGITS:
            # beyond what the witness affords: at fewer digits the cancellation could fake a
            # difference, so the point is not judged at all
            return None
        return tuple(d + int(reach) + 5 for d in LADDER)

    def at(self, point: dict, dps: int):
        with mpmath.workdps(dps):
            args = [to_mpf(point[s]) for s in self.symbols]
            try:
                scale = 0
                if self.k is None:
                    a = self.f(*args)
                else:
                    scale = abs(_real(self.f(*args)) or 0)
                    def along(t, args=args):
                        inner = list(args)
                        inner[self.k] = t
                        return self.f(*inner)
                    a = mpmath.diff(along, args[self.k], self.order)
                b = self.g(*args)
            except (ZeroDivisionError, ValueError, OverflowError, TypeError, NameError):
                return None
            a, b = _real(a), _real(b)
            if a is None or b is None:
                return None
            return +a, +b, scale


def _exponents(exprs) -> list:
    """The exponents of the exponentials in ``exprs``, the vocabulary's included (σ(u), softplus(u),
    tanh(u) hide e^{±u})."""
    from ..vocabulary import NNFunction

    out: list = []
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, (sympy.exp, sympy.tanh, NNFunction)) and node.args:
                if node.args[0] not in out and node.args[0].free_symbols:
                    out.append(node.args[0])
    return out


def _judge(lo, hi, dps_hi: int):
    """'agree' | 'differ' | None (undecided) from the values at two precisions."""
    (a1, b1, _), (a2, b2, f_scale) = lo, hi
    with mpmath.workdps(dps_hi):
        # Finite differences cannot resolve a derivative far below the function's own size: its
        # floor is |f|·10^(−2d/3) at d digits, whatever the two levels happen to agree on.
        noise = abs(a1 - a2) + abs(b1 - b2) + f_scale * mpmath.mpf(10) ** (-(2 * dps_hi) // 3)
        d = abs(a2 - b2)
        scale = max(abs(a2), abs(b2))
        floor = scale * mpmath.mpf(10) ** (-(2 * dps_hi) // 3)
        rel = float(d / scale) if scale else 0.0
        if d <= 10 * noise + floor:
            return "agree", rel
        if d > 1000 * noise and d > floor:
            return "differ", rel
        return None, rel


def compare(
    expr: Expr,
    claim: Expr,
    symbols: Sequence[Symbol],
    points: Sequence[dict],
    wrt: Symbol | None = None,
    order: int = 1,
    names: dict | None = None,
    evidence: dict | None = None,
) -> WitnessResult:
    """Compare d^order expr/d wrt^order (or ``expr`` itself when ``wrt`` is None) with ``claim``.

    ``names`` maps symbols to the names used in the counterexample (default ``str``).
    """
    names = names or {}
    evidence = dict(evidence or {})
    try:
        sides = _Sides(expr, claim, symbols, wrt, order)
    except (TypeError, ValueError, NameError, KeyError, SyntaxError) as exc:
        why = str(exc) if isinstance(exc, ValueError) and str(exc).startswith("the function") else type(exc).__name__
        return WitnessResult("no_points", message=f"the expressions cannot be evaluated ({why})", evidence=evidence)
    tried, worst, unresolved, outside = 0, 0.0, 0, 0
    found = None  # (rel, point, a, b, dps) of the clearest confirmed disagreement
    try:
        with time_budget(COMPARE_SECONDS, "the high-precision comparison"):
            for p in points:
                ladder = sides.ladder(p)
                if ladder is None:
                    unresolved += 1
                    continue
                prev = sides.at(p, ladder[0])
                if prev is None:
                    outside += 1
                    continue
                verdict, rel, cur, dps = None, 0.0, prev, ladder[0]
                differ_seen = False
                for dps in ladder[1:]:
                    cur = sides.at(p, dps)
                    if cur is None:
                        verdict = None
                        break
                    verdict, rel = _judge(prev, cur, dps)
                    prev = cur
                    if verdict == "differ" and not differ_seen and dps != ladder[-1]:
                        # a difference must survive one more precision: two levels that agree
                        # exactly (a total cancellation) can fake a zero noise estimate
                        differ_seen = True
                        continue
                    if verdict is not None:
                        break
                if verdict == "differ":
                    if found is None or rel > found[0]:
                        found = (rel, p, cur[0], cur[1], dps)
                    if rel > 1e-3:  # clear enough: no need to look further
                        break
                elif verdict == "agree":
                    tried += 1
                    worst = max(worst, rel)
                else:
                    unresolved += 1
    except BudgetExceeded:
        unresolved += 1
    evidence["points"] = tried
    if outside:
        evidence["outside_domain"] = outside
    if found is not None:
        rel, p, a, b, dps = found
        point = {names.get(s, _name(s)): float(p[s]) for s in symbols}
        counter = {"point": point, "expected": float(a), "claimed": float(b),
                   "point_exact": {names.get(s, _name(s)): str(p[s]) for s in symbols}}
        digits = min(40, max(10, int(-mpmath.log10(rel)) + 4 if rel > 0 else 10))
        return WitnessResult("counterexample", tried + 1, rel, counter,
                             f"at {_point_text(point)} the true value is {mpmath.nstr(a, digits)}, the claim "
                             f"gives {mpmath.nstr(b, digits)} (confirmed at {dps} digits)", evidence)
    if tried == 0:
        why = "no point inside the assumptions and the domain could be evaluated"
        return WitnessResult("no_points", 0, None, None, why, evidence, unresolved)
    return WitnessResult("agree", tried, worst, None,
                         f"the two sides agree at {tried} exact points to {_digits(worst)} digits", evidence, unresolved)


def _digits(rel: float) -> str:
    if rel <= 0:
        return "all computed"
    return str(max(0, int(-mpmath.log10(rel))))


def _point_text(point: dict[str, Any], most: int = 6) -> str:
    items = list(point.items())
    text = ", ".join(f"{k} = {v:.6g}" for k, v in items[:most])
    return text + (f", … ({len(items) - most} more in the counterexample)" if len(items) > most else "")


__all__ = ["compare", "WitnessResult", "LADDER"]
