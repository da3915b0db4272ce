"""The numeric witness: compare a claimed derivative (or a claimed identity) at random points.

This layer knows nothing of proofs or LaTeX.  It answers one question: *at many random points
inside the assumptions, does the claim agree with the truth to within* :data:`TOLERANCE`?
(Models: autograd's ``test_util.check_grads`` and ``torch.autograd.gradcheck``.)

* **Sampling** (:func:`sample_points`) is reproducible from ``seed``.  Each free symbol is drawn
  from a mixture covering typical neural-network magnitudes, inside the interval its assumptions
  (``positive=True`` ...) and its simple constraints (``x > 2``) allow; every other constraint is
  applied by rejection.  Values are rounded to 4 significant digits (so a counterexample can be
  retyped exactly) and are never 0 or an integer unless the symbol is declared integer.  Points
  near the kink of a ReLU, indicator, ``Abs``, ``Max``, ``Piecewise`` ... are rejected.
* **Derivatives**: complex step (``Im f(x + ih)/h``) when every function is analytic, central
  differences with Richardson extrapolation otherwise (see :func:`numeric_derivative`).
* **Comparison** (:func:`relative_error`): ``|a - b| / max(|a|, |b|, abs/rel)``; a point agrees
  when this is at most ``TOLERANCE.rel``, i.e. when ``|a - b| <= max(rel*max(|a|,|b|), abs)``.
* **Soundness**: a refutation is only reported after the disagreeing point has been recomputed
  with mpmath at 40 significant digits (the derivative with ``mpmath.diff`` of the *elementary
  definitions*, the claim likewise) and still disagrees; the reported values are the confirmed
  ones.  Agreement needs at least :data:`MIN_POINTS` compared points, all within tolerance.  When
  neither is established the status is ``"no_points"`` and the message says why.

>>> from sympy import Symbol, log
>>> from symnn.vocabulary import sigmoid
>>> x = Symbol("x")
>>> r = compare_derivative(sigmoid(x), x, sigmoid(x) * (1 - sigmoid(x)))
>>> r.status, r.points_tried, r.max_rel_error < 1e-9
('agree', 24, True)
>>> r = compare_derivative(sigmoid(x), x, sigmoid(x) * (1 + sigmoid(x)))
>>> r.status, sorted(r.counterexample)
('counterexample', ['claimed', 'expected', 'point'])
>>> compare_derivative(log(x), x, 1 / x, constraints=[x > 0]).status
'agree'
>>> compare_values(2 * sigmoid(2 * x) - 1, sympy.tanh(x)).status
'agree'
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Literal, Sequence

import mpmath
import numpy as np
import sympy
from symnn._basic import as_basic
from sympy import Expr, Symbol

from symnn.budget import within_budget
from symnn.vocabulary import NNFunction, expand_definitions, nonsmooth_arguments, numpy_namespace

__all__ = [
    "Tolerance",
    "TOLERANCE",
    "MIN_POINTS",
    "MP_DPS",
    "NumericResult",
    "relative_error",
    "within_tolerance",
    "is_analytic",
    "kink_arguments",
    "sample_points",
    "compare_derivative",
    "compare_values",
    "numeric_derivative",
]


# --------------------------------------------------------------------------- tolerance


@dataclass(frozen=True)
class Tolerance:
    """THE one place the numeric tolerance is stated.

    Two numbers ``a`` (the truth) and ``b`` (the claim) agree when
    ``|a - b| <= max(rel * max(|a|, |b|), abs)``: relatively for ordinary magnitudes, absolutely
    (to ``abs``) for values that are both tiny.  Equivalently ``relative_error(a, b) <= rel``.
    """

    rel: float = 1e-6
    abs: float = 1e-9  # floor: values whose magnitudes are both below it compare as equal-ish


TOLERANCE = Tolerance()

#: Fewest compared points for which agreement is reported.
MIN_POINTS = 8
#: Significant digits of the high-precision confirmation.
MP_DPS = 40
#: Seconds allowed for one high-precision confirmation (a point that takes longer is unresolved).
MP_SECONDS = 2.0
#: Significant digits of sampled coordinates (more when an interval is narrow).
SAMPLE_DIGITS = 4
_EPS = float(np.finfo(float).eps)


def relative_error(a: float, b: float, tolerance: Tolerance = TOLERANCE) -> float:
    """The one error measure: ``|a - b| / max(|a|, |b|, tolerance.abs / tolerance.rel)``.

    Below the magnitude ``abs/rel`` (1e-3 by default) the denominator stops shrinking, so the
    comparison becomes absolute there: 1e-12 against 0 gives 1e-9 (agrees), while 0.24 against
    0.21, or 1e-3 against 2e-3, give 0.125 and 0.5 (differ).

    >>> relative_error(1e-12, 0.0) <= TOLERANCE.rel
    True
    >>> relative_error(0.24, 0.21) > TOLERANCE.rel, relative_error(1e-3, 2e-3) > TOLERANCE.rel
    (True, True)
    """
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    floor = tolerance.abs / tolerance.rel if tolerance.rel > 0 else tolerance.abs
    return abs(a - b) / max(abs(a), abs(b), floor, 1e-300)


def within_tolerance(a: float, b: float, tolerance: Tolerance = TOLERANCE) -> bool:
    """True when ``a`` and ``b`` agree (see :class:`Tolerance`)."""
    return relative_error(a, b, tolerance) <= tolerance.rel


def _rel_err_array(a: np.ndarray, b: np.ndarray, tolerance: Tolerance) -> np.ndarray:
    floor = tolerance.abs / tolerance.rel if tolerance.rel > 0 else tolerance.abs
    den = np.maximum(np.maximum(np.abs(a), np.abs(b)), max(floor, 1e-300))
    err = np.abs(a - b) / den
    err = np.where(a == b, 0.0, err)
    return np.where(np.isfinite(a) & np.isfinite(b), err, np.inf)


# --------------------------------------------------------------------------- result


@dataclass
class NumericResult:
    """What the numeric witness found.

    ``status`` is ``"agree"`` (at least :data:`MIN_POINTS` points compared, all within tolerance),
    ``"counterexample"`` (a disagreement confirmed in high precision; ``counterexample`` holds
    ``{"point": {"x": 0.3}, "expected": 0.24, "claimed": 0.21}`` with names ``str(symbol)``), or
    ``"no_points"`` (no verdict: too few valid points, the input could not be evaluated, or a
    disagreement in double precision that could not be confirmed or dismissed in high precision).
    """

    status: Literal["agree", "counterexample", "no_points"]
    points_tried: int  # valid points actually compared
    max_rel_error: float | None  # over the compared points
    counterexample: dict | None
    message: str  # one human sentence
    #: how the truth was computed: "complex step", "finite differences", "high precision", "values"
    method: str = ""
    #: points whose double-precision comparison failed and which mpmath re-examined
    confirmed_in_high_precision: int = 0
    #: candidate points drawn in total (valid or not)
    candidates: int = 0
    #: the compared points, ``{str(symbol): value}``, in sampling order
    points: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.status == "agree"


# --------------------------------------------------------------------------- expressions


_NONANALYTIC = (
    sympy.Abs,
    sympy.Max,
    sympy.Min,
    sympy.Piecewise,
    sympy.Heaviside,
    sympy.sign,
    sympy.floor,
    sympy.ceiling,
    sympy.frac,
    sympy.Mod,
    sympy.re,
    sympy.im,
    sympy.arg,
    sympy.conjugate,
    sympy.DiracDelta,
)


def is_analytic(expr: Expr) -> bool:
    """True when every function in ``expr`` is analytic (the complex step is then exact).

    >>> from sympy import Symbol, exp, Abs
    >>> from symnn.vocabulary import sigmoid, relu
    >>> x = Symbol("x")
    >>> is_analytic(sigmoid(x) * exp(x)), is_analytic(relu(x)), is_analytic(Abs(x))
    (True, False, False)
    """
    for node in sympy.preorder_traversal(as_basic(expr)):
        if isinstance(node, NNFunction) and not node.smooth:
            return False
        if isinstance(node, _NONANALYTIC):
            return False
        if isinstance(node, (sympy.core.relational.Relational, sympy.logic.boolalg.Boolean)) and not isinstance(
            node, Symbol
        ):
            return False
    return True


def _relationals(cond) -> list:
    out = []
    if isinstance(cond, sympy.core.relational.Relational):
        out.append(cond)
    elif isinstance(cond, sympy.logic.boolalg.Boolean) and not isinstance(cond, Symbol):
        for a in getattr(cond, "args", ()):
            out.extend(_relationals(a))
    return out


def kink_arguments(expr: Expr) -> list[Expr]:
    """Expressions g whose zeros are kinks or jumps of ``expr`` (avoided when sampling).

    Extends :func:`symnn.vocabulary.nonsmooth_arguments` with ``Piecewise`` conditions, ``sign``,
    ``Max``/``Min`` of more than two arguments, and ``floor``/``ceiling``/``frac`` (as sin(πg),
    which vanishes at every integer).

    >>> from sympy import Symbol, Piecewise
    >>> from symnn.vocabulary import relu
    >>> x = Symbol("x")
    >>> kink_arguments(relu(x - 1) + Piecewise((x, x > 2), (0, True)))
    [x - 1, x - 2]
    """
    expr = as_basic(expr)
    found: list[Expr] = []

    def add(g):
        g = as_basic(g)
        if g.free_symbols and g not in found:
            found.append(g)

    for g in nonsmooth_arguments(expr):
        add(g)
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                for rel in _relationals(cond):
                    add(rel.lhs - rel.rhs)
        elif isinstance(node, (sympy.sign, sympy.DiracDelta)):
            add(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)) and len(node.args) > 2:
            for a, b in itertools.combinations(node.args, 2):
                add(a - b)
        elif isinstance(node, (sympy.floor, sympy.ceiling, sympy.frac)):
            add(sympy.sin(sympy.pi * node.args[0]))
    return found


def _sorted_symbols(symbols: Iterable[Symbol]) -> list[Symbol]:
    # Sets of symbols iterate in hash order, which varies between processes: sort by name.
    return sorted(set(symbols), key=lambda s: (str(s), sympy.srepr(s)))


def _free(*exprs) -> set[Symbol]:
    out: set[Symbol] = set()
    for e in exprs:
        out |= {s for s in as_basic(e).free_symbols if isinstance(s, Symbol)}
    return out


def _replace_indexed(exprs: list[Expr]) -> tuple[list[Expr], dict]:
    """Replace ``Indexed`` atoms (``w[1, 2]``) by plain real symbols of the same name."""
    mapping: dict = {}
    for e in exprs:
        for idx in as_basic(e).atoms(sympy.Indexed):
            mapping.setdefault(idx, Symbol(str(idx), real=True))
    if not mapping:
        return exprs, mapping
    return [as_basic(e).xreplace(mapping) for e in exprs], mapping


def _dirac_delta(x, k=0):
    # Zero wherever it is evaluated: sampling keeps every point away from its argument's zeros.
    return 0 * x


class _Compiled:
    """One expression lambdified once for NumPy (vectorised) and, lazily, for mpmath."""

    def __init__(self, symbols: Sequence[Symbol], expr: Expr):
        self.symbols = list(symbols)
        self.expr = as_basic(expr)
        # The numpy module itself, not "numpy": same printer, without `from numpy import *`
        # (which imports numpy.testing, f2py, ma, ... on every start of the command line).
        self.fn = sympy.lambdify(self.symbols, self.expr, [numpy_namespace(), {"DiracDelta": _dirac_delta}, np])
        self._mp: Callable | None = None
        self._mp_failed = False
        self.last_error: str | None = None

    def evaluate(self, P: np.ndarray) -> np.ndarray:
        """Values at the rows of ``P`` (real or complex array); NaN where evaluation fails."""
        m = P.shape[0]
        cols = [P[:, j] for j in range(P.shape[1])]
        with np.errstate(all="ignore"):
            try:
                out = np.asarray(self.fn(*cols))
                if out.dtype == object:
                    out = out.astype(complex)
                if out.shape != (m,):
                    out = np.broadcast_to(out, (m,)).copy()
                return out
            except Exception:  # noqa: BLE001 - fall back to point by point
                pass
            values = np.full(m, np.nan, dtype=complex if np.iscomplexobj(P) else float)
            for i in range(m):
                try:
                    v = complex(self.fn(*[self._scalar(c[i], s) for c, s in zip(cols, self.symbols)]))
                except Exception as exc:  # noqa: BLE001 - an unevaluable point is skipped
                    self.last_error = f"{type(exc).__name__}: {exc}"
                    continue
                values[i] = v if np.iscomplexobj(values) else (v.real if v.imag == 0 else np.nan)
            return values

    @staticmethod
    def _scalar(v, sym):
        if sym.is_integer and np.real(v) == np.round(np.real(v)):
            return int(np.real(v))  # for range() in Sum; integers never carry a complex step
        return v

    def real(self, P: np.ndarray) -> np.ndarray:
        """Real values; NaN where the value is not finite and real."""
        out = self.evaluate(P)
        if np.iscomplexobj(out):
            bad = np.abs(out.imag) > 1e-13 * (1.0 + np.abs(out.real))
            out = np.where(bad, np.nan, out.real)
        out = np.asarray(out, dtype=float)
        return np.where(np.isfinite(out), out, np.nan)

    @property
    def mp(self) -> Callable | None:
        """The expression with its vocabulary expanded into elementary definitions, for mpmath."""
        if self._mp is None and not self._mp_failed:
            try:
                self._mp = sympy.lambdify(
                    self.symbols, expand_definitions(self.expr), [{"DiracDelta": _dirac_delta}, "mpmath"]
                )
            except Exception:  # noqa: BLE001
                self._mp_failed = True
        return self._mp


def _mp_real(v) -> float | None:
    """A finite real float from an mpmath result, or None."""
    try:
        v = mpmath.mpmathify(v)
    except Exception:  # noqa: BLE001
        return None
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > mpmath.mpf(10) ** (-(MP_DPS - 10)) * (1 + abs(v.real)):
            return None
        v = v.real
    if not mpmath.isfinite(v):
        return None
    return float(v)


def _mp_args(row: np.ndarray, symbols: Sequence[Symbol]) -> list:
    return [
        int(v) if (s.is_integer and float(v).is_integer()) else mpmath.mpf(float(v)) for v, s in zip(row, symbols)
    ]


def _mp_value(F: _Compiled, row: np.ndarray) -> float | None:
    fn = F.mp
    if fn is None:
        return None

    def run():
        with mpmath.workdps(MP_DPS):
            try:
                return _mp_real(fn(*_mp_args(row, F.symbols)))
            except Exception:  # noqa: BLE001
                return None

    return within_budget(MP_SECONDS, run, None, "high-precision evaluation")


def _mp_derivative(F: _Compiled, row: np.ndarray, counts: dict[int, int]) -> float | None:
    """The derivative at one point with ``mpmath.diff`` at :data:`MP_DPS` digits."""
    fn = F.mp
    if fn is None:
        return None
    idx = list(counts)

    def run():
        with mpmath.workdps(MP_DPS):
            try:
                args = _mp_args(row, F.symbols)

                def f(*vs):
                    a = list(args)
                    for j, v in zip(idx, vs):
                        a[j] = v
                    return fn(*a)

                if len(idx) == 1:
                    r = mpmath.diff(f, args[idx[0]], counts[idx[0]])
                else:
                    r = mpmath.diff(f, tuple(args[j] for j in idx), tuple(counts[j] for j in idx))
                return _mp_real(r)
            except Exception:  # noqa: BLE001
                return None

    return within_budget(MP_SECONDS, run, None, "high-precision derivative")


# --------------------------------------------------------------------------- sampling


@dataclass
class _Spec:
    lo: float = -math.inf
    hi: float = math.inf
    integer: bool = False
    nonzero: bool = False


def _flatten_constraints(constraints) -> list:
    out = []
    for c in constraints:
        c = as_basic(c)
        if isinstance(c, sympy.And):
            out.extend(_flatten_constraints(c.args))
        else:
            out.append(c)
    return out


def _linear_bound(rel, sym) -> tuple[float, float] | None:
    """(lo, hi) implied on ``sym`` by a relational linear in it alone, else None."""
    if not isinstance(rel, (sympy.StrictGreaterThan, sympy.GreaterThan, sympy.StrictLessThan, sympy.LessThan)):
        return None
    d = rel.lhs - rel.rhs
    if d.free_symbols != {sym}:
        return None
    try:
        poly = sympy.Poly(d, sym)
    except Exception:  # noqa: BLE001
        return None
    if poly.degree() != 1:
        return None
    a, b = (float(c) for c in poly.all_coeffs())
    if a == 0 or not (math.isfinite(a) and math.isfinite(b)):
        return None
    root = -b / a
    greater = isinstance(rel, (sympy.StrictGreaterThan, sympy.GreaterThan))
    if a < 0:
        greater = not greater
    return (root, math.inf) if greater else (-math.inf, root)


def _spec_for(sym: Symbol, constraints: list) -> _Spec:
    spec = _Spec(integer=bool(sym.is_integer), nonzero=bool(sym.is_nonzero))
    if sym.is_positive or sym.is_nonnegative:
        spec.lo = 0.0
    if sym.is_negative or sym.is_nonpositive:
        spec.hi = 0.0
    for c in constraints:
        b = _linear_bound(c, sym)
        if b is not None:
            spec.lo, spec.hi = max(spec.lo, b[0]), min(spec.hi, b[1])
    return spec


def _assumption_mask(sym: Symbol, col: np.ndarray) -> np.ndarray:
    """Where the values ``col`` respect the sign and integrality assumptions of ``sym``.

    (Checked numerically: SymPy itself already decides ``x > 0`` to True for a positive ``x``.)
    """
    ok = np.isfinite(col)
    if sym.is_positive:
        ok &= col > 0
    if sym.is_nonnegative:
        ok &= col >= 0
    if sym.is_negative:
        ok &= col < 0
    if sym.is_nonpositive:
        ok &= col <= 0
    if sym.is_nonzero:
        ok &= col != 0
    if sym.is_integer:
        ok &= col == np.round(col)
    return ok


def _positive_draw(rng: np.random.Generator, size: int) -> np.ndarray:
    """Positive magnitudes: mostly in (0.05, 3), some log-uniform in (0.01, 0.5), some in (3, 8)."""
    kind = rng.random(size)
    a = rng.uniform(0.05, 3.0, size)
    b = np.exp(rng.uniform(math.log(0.01), math.log(0.5), size))
    c = rng.uniform(3.0, 8.0, size)
    return np.where(kind < 0.55, a, np.where(kind < 0.8, b, c))


def _draw(spec: _Spec, rng: np.random.Generator, size: int) -> np.ndarray:
    lo, hi = spec.lo, spec.hi
    if spec.integer:
        a = math.ceil(lo) if math.isfinite(lo) else (math.ceil(hi) - 8 if math.isfinite(hi) else -6)
        b = math.floor(hi) if math.isfinite(hi) else a + (8 if math.isfinite(lo) else 12)
        if b < a:
            return np.full(size, np.nan)
        return rng.integers(a, b + 1, size).astype(float)
    if math.isinf(lo) and math.isinf(hi):
        kind = rng.random(size)
        a = rng.uniform(-3.0, 3.0, size)
        b = rng.uniform(-0.5, 0.5, size)
        c = rng.choice([-1.0, 1.0], size) * rng.uniform(3.0, 8.0, size)
        return np.where(kind < 0.65, a, np.where(kind < 0.85, b, c))
    if math.isinf(hi):
        return lo + _positive_draw(rng, size)
    if math.isinf(lo):
        return hi - _positive_draw(rng, size)
    if not hi > lo:
        return np.full(size, np.nan)
    width = hi - lo
    kind = rng.random(size)
    u = rng.random(size)
    edge = rng.random(size) ** 3
    side = rng.random(size) < 0.5
    near = np.where(side, lo + width * edge, hi - width * edge)
    return np.where(kind < 0.75, lo + width * u, near)


def _digits(spec: _Spec) -> int:
    if math.isfinite(spec.lo) and math.isfinite(spec.hi) and spec.hi > spec.lo:
        scale = max(abs(spec.lo), abs(spec.hi))
        return SAMPLE_DIGITS + max(0, math.ceil(math.log10(scale / (spec.hi - spec.lo))))
    return SAMPLE_DIGITS


def _round_sig(v: np.ndarray, digits: int) -> np.ndarray:
    with np.errstate(all="ignore"):
        mag = np.floor(np.log10(np.where(v == 0, 1.0, np.abs(v))))
        factor = 10.0 ** (digits - 1 - mag)
        out = np.round(v * factor) / factor
    return np.where(np.isfinite(out), out, v)


def _solve_equalities(equalities: list, symbols: list[Symbol], keep_free: set) -> tuple[list, list]:
    """Turn equality constraints into definitions ``s = expr`` where one symbol is solvable."""
    definitions: list[tuple[Symbol, Expr]] = []
    unsolved = []
    defined: set = set()
    for eq in equalities:
        d = eq.lhs - eq.rhs
        done = False
        for s in reversed(_sorted_symbols(d.free_symbols)):
            if s in defined or s in keep_free or s.is_integer:
                continue
            try:
                sols = sympy.solve(d, s)
            except Exception:  # noqa: BLE001
                continue
            if len(sols) == 1 and s not in sols[0].free_symbols and not (sols[0].free_symbols & defined):
                definitions.append((s, sols[0]))
                defined.add(s)
                done = True
                break
        if not done:
            unsolved.append(eq)
    return definitions, unsolved


@dataclass
class _SampleStats:
    candidates: int = 0
    rejected_constraints: int = 0
    rejected_kinks: int = 0
    rejected_domain: int = 0


def _sample(
    symbols: list[Symbol],
    constraints,
    n: int,
    seed: int,
    avoid=(),
    accept: Callable[[np.ndarray], np.ndarray] | None = None,
    keep_free: set = frozenset(),
    max_tries: int | None = None,
) -> tuple[np.ndarray, _SampleStats]:
    """Accepted points as the rows of a matrix (columns in the order of ``symbols``)."""
    stats = _SampleStats()
    d = len(symbols)
    if n <= 0:
        return np.zeros((0, d)), stats
    flat = _flatten_constraints(constraints)
    if any(c is sympy.false for c in flat):
        stats.candidates = n
        stats.rejected_constraints = n
        return np.zeros((0, d)), stats
    flat = [c for c in flat if c is not sympy.true]
    equalities = [c for c in flat if isinstance(c, sympy.Eq)]
    others = [c for c in flat if not isinstance(c, sympy.Eq)]
    definitions, _unsolved = _solve_equalities(equalities, symbols, set(keep_free))
    checks = list(others)
    specs = {s: _spec_for(s, others) for s in symbols}
    check_fns = [_Compiled(symbols, c) for c in checks]
    # Every equality is checked numerically, the solved ones included (guards the solution).
    eq_fns = [(_Compiled(symbols, e.lhs - e.rhs), _Compiled(symbols, abs(e.lhs) + abs(e.rhs))) for e in equalities]
    def_fns = [(symbols.index(s), _Compiled(symbols, rhs)) for s, rhs in definitions]
    avoid_fns = []
    for g in avoid:
        g = as_basic(g)
        cols = [j for j, s in enumerate(symbols) if s in g.free_symbols]
        avoid_fns.append((_Compiled(symbols, g), cols))

    rng = np.random.default_rng(seed)
    max_tries = max_tries if max_tries is not None else 50 * n
    batch = max(4 * n, 64)
    accepted: list[np.ndarray] = []
    count = 0
    while stats.candidates < max_tries and count < n:
        size = min(batch, max_tries - stats.candidates)
        P = np.empty((size, d))
        for j, s in enumerate(symbols):
            spec = specs[s]
            col = _round_sig(_draw(spec, rng, size), _digits(spec))
            if not spec.integer:
                col = np.where(col == np.round(col), np.nan, col)  # never 0 or an integer
            P[:, j] = col
        for j, fn in def_fns:
            P[:, j] = fn.real(P)
        stats.candidates += size
        ok = np.all(np.isfinite(P), axis=1)
        for j, s in enumerate(symbols):
            ok &= _assumption_mask(s, P[:, j])
        for fn in check_fns:
            v = fn.evaluate(P)
            ok &= np.asarray(np.real(v) if np.iscomplexobj(v) else v, dtype=float) > 0.5
        for diff_fn, scale_fn in eq_fns:
            dv, sv = diff_fn.real(P), scale_fn.real(P)
            ok &= np.abs(dv) <= 1e-9 * (1.0 + sv)
        stats.rejected_constraints += int(np.sum(~ok))
        if avoid_fns:
            near = np.zeros(size, dtype=bool)
            for fn, cols in avoid_fns:
                g = fn.real(P)
                scale = np.max(np.abs(P[:, cols]), axis=1) if cols else np.zeros(size)
                near |= ~(np.abs(g) > 1e-3 * (1.0 + scale))
            stats.rejected_kinks += int(np.sum(ok & near))
            ok &= ~near
        if accept is not None and np.any(ok):
            good = np.zeros(size, dtype=bool)
            good[ok] = accept(P[ok])
            stats.rejected_domain += int(np.sum(ok & ~good))
            ok = good
        rows = P[ok][: n - count]
        accepted.append(rows)
        count += rows.shape[0]
    P = np.concatenate(accepted) if accepted else np.zeros((0, d))
    return P, stats


def sample_points(
    symbols: Iterable[Symbol], constraints=(), n: int = 24, seed: int = 0, avoid=()
) -> list[dict[Symbol, float]]:
    """Up to ``n`` reproducible random points satisfying the assumptions and ``constraints``.

    Symbols of the constraints and of ``avoid`` are sampled too.  Points where an expression of
    ``avoid`` is within ``1e-3·(1 + max |coordinate|)`` of zero are rejected.  At most ``50·n``
    candidates are drawn, so fewer than ``n`` points may come back.

    >>> from sympy import Symbol
    >>> x, p = Symbol("x"), Symbol("p", positive=True)
    >>> pts = sample_points([x, p], constraints=[x > 2 * p], n=10)
    >>> len(pts), all(pt[x] > 2 * pt[p] > 0 for pt in pts)
    (10, True)
    """
    constraints = list(constraints)
    avoid = list(avoid)
    syms = _sorted_symbols(set(symbols) | _free(*constraints, *avoid))
    P, _ = _sample(syms, constraints, n, seed, avoid)
    return [{s: (int(v) if s.is_integer else float(v)) for s, v in zip(syms, row)} for row in P]


# --------------------------------------------------------------------------- derivatives


def _central_weights(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and weights of the minimal symmetric (second-order) central difference of order k."""
    p = (k + 1) // 2
    offsets = np.arange(-p, p + 1, dtype=float)
    A = np.vander(offsets, increasing=True).T  # A[m, j] = offsets[j]**m
    rhs = np.zeros(len(offsets))
    rhs[k] = math.factorial(k)
    weights = np.linalg.solve(A, rhs)
    keep = np.abs(weights) > 1e-12
    return offsets[keep], weights[keep]


def _fd(
    evalf: Callable[[np.ndarray], np.ndarray],
    P: np.ndarray,
    counts: dict[int, int],
    c: float,
    kinks: list[_Compiled] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """Central differences with Richardson extrapolation; also a mask of trustworthy rows.

    The step for coordinate j is ``c·max(1, |x_j|)`` (made exactly representable).  A row is not
    trustworthy when a stencil point is not finite or lies across a kink from the centre.
    """
    m = P.shape[0]
    ok = np.ones(m, dtype=bool)
    steps = {}
    for j in counts:
        h = c * np.maximum(1.0, np.abs(P[:, j]))
        steps[j] = (P[:, j] + h) - P[:, j]
    stencils = [list(zip(*_central_weights(k))) for k in counts.values()]
    centre_signs = [np.sign(g.real(P)) for g in kinks]

    def D(scale: float) -> np.ndarray:
        total = np.zeros(m)
        nonlocal ok
        for combo in itertools.product(*stencils):
            Q = P.copy()
            w = 1.0
            for j, (o, wt) in zip(counts, combo):
                Q[:, j] = P[:, j] + o * scale * steps[j]
                w *= wt
            v = evalf(Q)
            ok &= np.isfinite(v)
            for g, s0 in zip(kinks, centre_signs):
                ok &= np.sign(g.real(Q)) == s0
            total = total + w * np.where(np.isfinite(v), v, 0.0)
        den = np.ones(m)
        for j, k in counts.items():
            den = den * (scale * steps[j]) ** k
        return total / den

    coarse, fine = D(1.0), D(0.5)
    return (4.0 * fine - coarse) / 3.0, ok & np.isfinite(coarse) & np.isfinite(fine)


def _counts(wrt, order: int, symbols: list[Symbol]) -> dict[int, int]:
    if isinstance(wrt, (tuple, list)):
        if order != 1:
            raise ValueError("order must be 1 when wrt is a tuple of symbols (repeat a symbol instead)")
        variables = list(wrt)
    else:
        if order < 1:
            raise ValueError("order must be at least 1")
        variables = [wrt] * order
    counts: dict[int, int] = {}
    for v in variables:
        j = symbols.index(v)
        counts[j] = counts.get(j, 0) + 1
    return counts


def _derivatives(
    F: _Compiled, P: np.ndarray, counts: dict[int, int], analytic: bool, kinks: list[_Compiled]
) -> tuple[np.ndarray, np.ndarray, str]:
    """Derivative estimates at the rows of P in double precision, a mask of trusted rows, method."""
    with np.errstate(all="ignore"):
        return _derivatives_raw(F, P, counts, analytic, kinks)


def _derivatives_raw(F, P, counts, analytic, kinks):
    m = P.shape[0]
    K = sum(counts.values())
    if analytic:
        j0 = next(iter(counts))
        rest = dict(counts)
        rest[j0] -= 1
        rest = {j: k for j, k in rest.items() if k}

        def g(Q: np.ndarray) -> np.ndarray:
            h = 1e-20 * np.maximum(1.0, np.abs(Q[:, j0]))
            Z = Q.astype(complex)
            Z[:, j0] = Z[:, j0] + 1j * h
            # A real result means f does not depend on the perturbed variable (or its NumPy
            # implementation dropped the imaginary part: the cross-check below catches that).
            out = np.asarray(F.evaluate(Z)).astype(complex)
            base = F.real(Q)
            # The real part must reproduce f: otherwise the complex evaluation is not trustworthy.
            good = np.isfinite(out) & (np.abs(out.real - base) <= 1e-10 * (1.0 + np.abs(base)))
            return np.where(good, out.imag / h, np.nan)

        try:
            if rest:
                cs, ok = _fd(g, P, rest, _EPS ** (1.0 / (sum(rest.values()) + 4)))
            else:
                cs = g(P)
                ok = np.isfinite(cs)
        except Exception:  # noqa: BLE001 - complex evaluation unsupported: use real differences
            cs, ok = np.full(m, np.nan), np.zeros(m, dtype=bool)
        # Cross-check with real central differences (guards against a NumPy implementation that
        # is not complex-analytic, which would make the complex step silently wrong).
        fd, fd_ok = _fd(F.real, P, counts, _EPS ** (1.0 / (K + 4)))
        fscale = np.abs(F.real(P))
        noise = 1e3 * _EPS * (1.0 + np.nan_to_num(fscale)) / np.prod(
            [(_EPS ** (1.0 / (K + 4)) * np.maximum(1.0, np.abs(P[:, j]))) ** k for j, k in counts.items()], axis=0
        )
        consistent = np.abs(cs - fd) <= 1e-4 * np.maximum(np.abs(cs), np.abs(fd)) + noise
        # Rows where the real differences fail (a domain edge within the stencil) are not trusted
        # either: they go to mpmath rather than skip the cross-check.
        trusted = ok & fd_ok & consistent
        return np.where(trusted, cs, fd), trusted, "complex step"
    fd, ok = _fd(F.real, P, counts, _EPS ** (1.0 / (K + 2)), kinks)
    return fd, ok, "finite differences"


def numeric_derivative(expr: Expr, wrt, point: dict, order: int = 1) -> float:
    """The derivative of ``expr`` with respect to ``wrt`` at ``point`` in double precision.

    Complex step (h = 1e-20·max(1, |x|), error ~ machine epsilon) for a first derivative of an
    analytic expression; for order K ≥ 2 the complex step is combined with central differences of
    order K−1 and Richardson extrapolation (error ~ eps^(4/(K+3)): ~3e-13 for K = 2).  Non-analytic
    expressions use central differences of order K with Richardson extrapolation and the step
    eps^(1/(K+2))·max(1, |x|) (error ~ 1e-10 for K = 1, ~1e-8 for K = 2, relative to the scale
    of f).  If the double-precision estimate cannot be trusted (overflow, a stencil across a
    kink, an inconsistent complex step) the value comes from ``mpmath.diff`` at 40 digits.
    ``wrt`` may be a tuple of symbols for a mixed partial (then ``order`` must be 1).

    >>> from sympy import Symbol
    >>> from symnn.vocabulary import sigmoid
    >>> x = Symbol("x")
    >>> round(numeric_derivative(sigmoid(x), x, {x: 0.0}), 12)
    0.25
    """
    expr = as_basic(expr)
    wrt_syms = list(wrt) if isinstance(wrt, (tuple, list)) else [wrt]
    symbols = _sorted_symbols(_free(expr) | set(wrt_syms) | set(point))
    missing = [s for s in symbols if s not in point]
    if missing:
        raise ValueError(f"no value given for {', '.join(map(str, missing))}")
    F = _Compiled(symbols, expr)
    counts = _counts(wrt, order, symbols)
    P = np.array([[float(point[s]) for s in symbols]])
    kinks = [_Compiled(symbols, g) for g in kink_arguments(expr)]
    values, trusted, _ = _derivatives(F, P, counts, is_analytic(expr), kinks)
    if trusted[0]:
        return float(values[0])
    v = _mp_derivative(F, P[0], counts)
    return float("nan") if v is None else v


# --------------------------------------------------------------------------- comparison


def _fmt(v: float, digits: int = 4) -> str:
    return f"{v:.{digits}g}"


def _distinguishing_digits(a: float, b: float) -> int:
    """Enough significant digits for two different numbers to print differently."""
    d = 4
    while d < 17 and _fmt(a, d) == _fmt(b, d):
        d += 1
    return d


def _point_dict(row: np.ndarray, symbols: list[Symbol], reverse: dict) -> dict[str, Any]:
    return {
        str(reverse.get(s, s)): (int(v) if s.is_integer and float(v).is_integer() else float(v))
        for s, v in zip(symbols, row)
    }


def _point_text(point: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {_fmt(v) if isinstance(v, float) else v}" for k, v in point.items())


def _derivative_text(wrt_syms: list, order: int, multi: bool) -> str:
    d = "∂" if multi else "d"
    if len(set(wrt_syms)) == 1:
        v = wrt_syms[0]
        k = len(wrt_syms) if len(wrt_syms) > 1 else order
        return f"{d}/{d}{v}" if k == 1 else f"{d}^{k}/{d}{v}^{k}"
    return f"{d}^{len(wrt_syms)}/" + "".join(f"{d}{v}" for v in wrt_syms)


def _constraint_text(constraints) -> str:
    parts = [str(c) for c in _flatten_constraints(constraints)]
    return ", ".join(parts) if parts else "the assumptions"


def _no_points(message: str, candidates: int = 0, tried: int = 0, err: float | None = None) -> NumericResult:
    return NumericResult("no_points", tried, err, None, message, candidates=candidates)


def _judge(
    P: np.ndarray,
    expected: np.ndarray,
    claimed: np.ndarray,
    trusted: np.ndarray,
    confirm: Callable[[np.ndarray], tuple[float | None, float | None]],
    tolerance: Tolerance,
) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, int | None, tuple, int, int]:
    """Compare; re-examine every doubtful row in high precision.

    Returns (outcome, expected, claimed, errors, counterexample row, confirmed values,
    number re-examined, number unresolved) where outcome is "agree", "refuted" or "unresolved".
    """
    expected = expected.copy()
    claimed = claimed.copy()
    err = _rel_err_array(expected, claimed, tolerance)
    doubtful = ~trusted | ~(err <= tolerance.rel)
    # Clear failures first, and among them the point with the most ordinary coordinates (the most
    # readable counterexample); marginal ones (likely rounding noise) after.
    size = np.max(np.abs(P), axis=1) if P.shape[1] else np.zeros(P.shape[0])
    order = sorted(np.nonzero(doubtful)[0], key=lambda i: (not err[i] > 1e3 * tolerance.rel, size[i], i))
    unresolved = 0
    examined = 0
    for i in order:
        examined += 1
        e_mp, c_mp = confirm(P[i])
        if e_mp is None or c_mp is None:
            unresolved += 1
            err[i] = np.nan
            continue
        expected[i], claimed[i] = e_mp, c_mp
        err[i] = relative_error(e_mp, c_mp, tolerance)
        if err[i] > tolerance.rel:
            return "refuted", expected, claimed, err, i, (e_mp, c_mp), examined, unresolved
    return ("unresolved" if unresolved else "agree"), expected, claimed, err, None, (), examined, unresolved


def _prepare(exprs: list[Expr], constraints, avoid, extra_symbols):
    exprs = [as_basic(e) for e in exprs]
    constraints = [as_basic(c) for c in constraints]
    avoid = [as_basic(a) for a in avoid]
    allx, mapping = _replace_indexed(exprs + constraints + avoid + [as_basic(s) for s in extra_symbols])
    k1, k2, k3 = len(exprs), len(exprs) + len(constraints), len(exprs) + len(constraints) + len(avoid)
    exprs, constraints, avoid, extra = allx[:k1], allx[k1:k2], allx[k2:k3], allx[k3:]
    reverse = {v: k for k, v in mapping.items()}
    symbols = _sorted_symbols(_free(*exprs, *constraints, *avoid) | set(extra))
    return exprs, constraints, avoid, extra, symbols, reverse


def compare_derivative(
    expr: Expr,
    wrt,
    claim: Expr,
    order: int = 1,
    constraints=(),
    seed: int = 0,
    n_points: int = 24,
    tolerance: Tolerance = TOLERANCE,
    avoid=(),
) -> NumericResult:
    """Is the ``order``-th derivative of ``expr`` with respect to ``wrt`` equal to ``claim``?

    Compares at ``n_points`` random points satisfying ``constraints`` (and the symbols'
    assumptions), away from kinks of ``expr`` and ``claim`` and from any expression in ``avoid``.
    Points where ``expr`` or ``claim`` is not finite and real are skipped.  See the module
    docstring for the guarantees.
    """
    if isinstance(wrt, (tuple, list)) and order != 1:
        raise ValueError("order must be 1 when wrt is a tuple of symbols (repeat a symbol instead)")
    if int(order) != order or order < 1:
        raise ValueError(f"order must be a positive integer, not {order!r}")
    try:
        wrt_list = list(wrt) if isinstance(wrt, (tuple, list)) else [wrt]
        (expr, claim), constraints, avoid, wrt_list, symbols, reverse = _prepare(
            [expr, claim], constraints, avoid, wrt_list
        )
        if not all(isinstance(v, Symbol) for v in wrt_list):
            return _no_points("can only differentiate numerically with respect to a symbol, not "
                              + ", ".join(str(v) for v in wrt_list if not isinstance(v, Symbol)))
        wrt_norm = tuple(wrt_list) if isinstance(wrt, (tuple, list)) else wrt_list[0]
        counts = _counts(wrt_norm, order, symbols)
        F, C = _Compiled(symbols, expr), _Compiled(symbols, claim)
        kink_exprs = list(dict.fromkeys(kink_arguments(expr) + kink_arguments(claim) + list(avoid)))
        kinks = [_Compiled(symbols, g) for g in kink_exprs]
    except Exception as exc:  # noqa: BLE001 - an expression NumPy cannot evaluate
        return _no_points(f"could not evaluate the expression numerically ({type(exc).__name__}: {exc})")
    multi = len(symbols) > 1
    dtext = _derivative_text([str(reverse.get(s, s)) for s in wrt_list], order, multi)

    def accept(Q):
        return np.isfinite(F.real(Q)) & np.isfinite(C.real(Q))

    n_points = max(n_points, MIN_POINTS)
    P, stats = _sample(symbols, constraints, n_points, seed, kink_exprs, accept, keep_free=set(wrt_list))
    if P.shape[0] < MIN_POINTS:
        return _no_points(_why_no_points(stats, constraints, P.shape[0], "the expression and the claim", (F, C)),
                          stats.candidates)
    analytic = is_analytic(expr)
    expected, trusted, method = _derivatives(F, P, counts, analytic, kinks)
    claimed = C.real(P)

    def confirm(row):
        return _mp_derivative(F, row, counts), _mp_value(C, row)

    outcome, expected, claimed, err, bad, vals, examined, unresolved = _judge(
        P, expected, claimed, trusted, confirm, tolerance
    )
    return _finish(outcome, P, symbols, reverse, err, bad, vals, examined, unresolved, stats, n_points,
                   method, what=dtext)


def compare_values(
    lhs: Expr,
    rhs: Expr,
    constraints=(),
    seed: int = 0,
    n_points: int = 24,
    tolerance: Tolerance = TOLERANCE,
    avoid=(),
) -> NumericResult:
    """Is ``lhs == rhs``?  Compares values at random points (see :func:`compare_derivative`).

    ``expected`` in a counterexample is the value of ``lhs``, ``claimed`` that of ``rhs``.
    """
    try:
        (lhs, rhs), constraints, avoid, _, symbols, reverse = _prepare([lhs, rhs], constraints, avoid, [])
        L, R = _Compiled(symbols, lhs), _Compiled(symbols, rhs)
        kink_exprs = list(dict.fromkeys(kink_arguments(lhs) + kink_arguments(rhs) + list(avoid)))
    except Exception as exc:  # noqa: BLE001
        return _no_points(f"could not evaluate the expressions numerically ({type(exc).__name__}: {exc})")

    def accept(Q):
        return np.isfinite(L.real(Q)) & np.isfinite(R.real(Q))

    if not symbols:
        P = np.zeros((1, 0))
        stats = _SampleStats(candidates=1)
        if not accept(P)[0]:
            return _no_points("the two sides are not finite real numbers", 1)
    else:
        n_points = max(n_points, MIN_POINTS)
        P, stats = _sample(symbols, constraints, n_points, seed, kink_exprs, accept)
        if P.shape[0] < MIN_POINTS:
            return _no_points(_why_no_points(stats, constraints, P.shape[0], "both sides", (L, R)), stats.candidates)
    a, b = L.real(P), R.real(P)

    def confirm(row):
        return _mp_value(L, row), _mp_value(R, row)

    outcome, a, b, err, bad, vals, examined, unresolved = _judge(
        P, a, b, np.ones(P.shape[0], dtype=bool), confirm, tolerance
    )
    return _finish(outcome, P, symbols, reverse, err, bad, vals, examined, unresolved, stats, n_points,
                   "values", what=None, constant=not symbols)


def _why_no_points(stats: _SampleStats, constraints, found: int, what: str, compiled=()) -> str:
    errors = [c.last_error for c in compiled if c.last_error]
    if errors and stats.rejected_domain >= max(stats.rejected_kinks, stats.rejected_constraints):
        return f"could not evaluate {what} numerically ({errors[0]})"
    if stats.rejected_constraints >= max(stats.rejected_kinks, stats.rejected_domain):
        reason = f"satisfying {_constraint_text(constraints)}"
    elif stats.rejected_domain >= stats.rejected_kinks:
        reason = f"where {what} are finite and real"
    else:
        reason = "away from the kinks of the expression"
    return (f"could not find points {reason} ({found} of {stats.candidates} random candidates were usable, "
            f"at least {MIN_POINTS} are needed)")


def _finish(outcome, P, symbols, reverse, err, bad, vals, examined, unresolved, stats, n_points, method,
            what, constant=False) -> NumericResult:
    m = P.shape[0]
    points = [_point_dict(row, symbols, reverse) for row in P]
    finite = err[np.isfinite(err)]
    max_err = float(np.max(finite)) if finite.size else None
    how = {"complex step": "complex-step derivatives", "finite differences": "finite differences"}.get(method)
    if outcome == "refuted":
        point = _point_dict(P[bad], symbols, reverse)
        e, c = vals
        k = _distinguishing_digits(e, c)
        where = f"at {_point_text(point)}" if point else "numerically"
        text = (f"{what} = {_fmt(e, k)} but the claim gives {_fmt(c, k)}" if what
                else f"the left side is {_fmt(e, k)} but the right side is {_fmt(c, k)}")
        return NumericResult(
            "counterexample", m, max_err,
            {"point": point, "expected": float(e), "claimed": float(c)},
            f"differs {where}: {text} (confirmed with {MP_DPS}-digit arithmetic)",
            method, examined, stats.candidates, points,
        )
    if outcome == "unresolved":
        return NumericResult(
            "no_points", m - unresolved, max_err, None,
            f"double precision disagrees at {unresolved} of {m} points but high-precision arithmetic could not "
            f"evaluate them, so no verdict",
            method, examined, stats.candidates, points,
        )
    short = "" if m >= n_points or constant else f" (only {m} of the {n_points} requested points were usable)"
    where = "for the constant expressions" if constant else f"at {m} random points"
    extra = f", {examined} re-checked with {MP_DPS}-digit arithmetic" if examined else ""
    err_text = f"max relative error {max_err:.1e}" if max_err is not None else "no error measured"
    lead = f"agrees with {how}" if how else "both sides agree"
    return NumericResult(
        "agree", m, max_err, None,
        f"{lead} {where} ({err_text}{extra}){short}",
        method, examined, stats.candidates, points,
    )
