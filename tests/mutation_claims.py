r"""Generated claims for the mutation campaign: random expressions over the vocabulary, their
true derivatives, and mutants of each kind the verifier must refute.

Used by ``tests/test_mutations.py`` (≥ 1,000 claims) and ``benchmarks/bench_mutations.py``
(≥ 10,000).  Every mutant is checked to differ from the truth at an explicit point in 50-digit
arithmetic before it is used, so "refuted" is always the right answer for it.

>>> claims = generate(20, seed=1)
>>> len(claims), sorted({c.kind for c in claims})[:2]
(20, ['added far-out term', 'bump'])
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import mpmath
import sympy
from sympy import Expr, Rational, Symbol, exp, log, tanh

from symnn.vocabulary import expand_definitions, relu, sigmoid, softplus

x = Symbol("x", real=True)
w = Symbol("w", real=True)


@dataclass
class Claim:
    expr: Expr
    wrt: Symbol
    claim: Expr
    true: bool
    kind: str
    witness_point: dict | None = None  # where a mutant provably differs


_UNARY = [sigmoid, tanh, softplus, lambda a: a**2, lambda a: exp(-a), lambda a: log(1 + a**2)]


def _random_expr(rng: random.Random) -> Expr:
    """σ, tanh, softplus, squares, exponentials and logs composed to depth 2, with w and x."""
    inner = rng.choice([x, 2 * x, x + w, w * x, x - Rational(rng.randint(1, 5), 2)])
    f = rng.choice(_UNARY)(inner)
    if rng.random() < 0.5:
        f = rng.choice(_UNARY[:3])(f)
    if rng.random() < 0.4:
        f = f * rng.choice([sigmoid(x), w, x, Rational(rng.randint(2, 9), 3)])
    return f


def _swap(e: Expr, rng: random.Random) -> Expr:
    """Swap σ ↔ tanh, or the argument x ↔ w of the first function that has one."""
    if e.has(sigmoid):
        return e.replace(sigmoid, tanh)
    return e.xreplace({x: w, w: x})


def _mutants(f: Expr, d: Expr, rng: random.Random) -> list[tuple[str, Expr, Expr]]:
    """(kind, expression, claimed derivative) for each kind of mutant."""
    c = Rational(rng.randint(2, 40), 1)
    out = [
        ("sign flip", f, -d),
        ("dropped factor", f, d.as_ordered_factors()[-1] if d.is_Mul else d / 2),
        ("swapped argument", f, _swap(d, rng)),
        ("factor 1+1e-6", f, d * (1 + Rational(1, 10**6))),
        ("added far-out term", f, d + relu(x - 20 - rng.randint(0, 10))),
        ("added far-out term", f, d + exp(x - 30 - rng.randint(0, 10))),
        ("bump", f, d + exp(-10**6 * (x - c / 7) ** 2)),
        ("scale-hidden term", 10**8 * x**2 + f, 2 * 10**8 * x),
        ("scale-hidden term", f, d + Rational(1, 10**9) * x),
    ]
    if f.has(sigmoid):
        out.append(("sigma <-> 1 - sigma", f, d.xreplace({sigmoid(a): 1 - sigmoid(a) for a in [s.args[0] for s in d.atoms(sigmoid)]})))
    return out


def _differs(f: Expr, claim: Expr) -> dict | None:
    """A point where d f/dx and ``claim`` differ, found in 50-digit arithmetic, or None
    (SymPy's derivative of the written-out definitions, evaluated by its own mpmath printer)."""
    d = sympy.lambdify([x, w], expand_definitions(sympy.diff(f, x)), "mpmath")
    g = sympy.lambdify([x, w], expand_definitions(claim), "mpmath")
    probe = [Rational(3, 10), Rational(-7, 5), Rational(12, 5), Rational(41, 1), Rational(-23, 2)]
    probe += [Rational(k, 7) for k in range(2, 41)]
    with mpmath.workdps(50):
        for v in probe:
            for u in (Rational(1, 3), Rational(-6, 5)):
                args = (mpmath.mpf(v.p) / v.q, mpmath.mpf(u.p) / u.q)
                try:
                    a, b = d(*args), g(*args)
                except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                    continue
                if isinstance(a, mpmath.mpc) or isinstance(b, mpmath.mpc):
                    continue
                scale = max(abs(a), abs(b), mpmath.mpf(10) ** -300)
                if abs(a - b) > scale * mpmath.mpf(10) ** -30:
                    return {x: v, w: u}
    return None


def generate(n: int, seed: int = 0, true_share: float = 0.3) -> list[Claim]:
    """``n`` claims: about ``true_share`` true derivatives, the rest mutants that really differ."""
    rng = random.Random(seed)
    out: list[Claim] = []
    while len(out) < n:
        f = _random_expr(rng)
        d = sympy.diff(f, x)
        if d == 0:
            continue
        if rng.random() < true_share:
            out.append(Claim(f, x, d, True, "true derivative"))
            continue
        kind, expr, claim = rng.choice(_mutants(f, d, rng))
        point = _differs(expr, claim)
        if point is not None:
            out.append(Claim(expr, x, claim, False, kind, point))
    return out


def indexed_claims(seed: int = 0) -> list[tuple[str, str, str, list[str], list[str], bool]]:
    """Indexed claims as LaTeX (expr, wrt, claim, define, assume, true): softmax cross-entropy,
    log-sum-exp and Σβ² with class-specific terms δ_{jc} added to the truth for c = 2..12."""
    rng = random.Random(seed)
    yhat = r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}"
    base = [
        (r"-\sum_{k=1}^{C} y_k \log \hat{y}_k", r"\hat{y}_j - y_j", [yhat], [r"\sum_{k=1}^{C} y_k = 1"]),
        (r"\log \sum_{k=1}^{C} e^{\beta_k}", r"\frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}", [], []),
        (r"\sum_{k=1}^{C} \beta_k^2", r"2\beta_j", [], []),
    ]
    out = []
    for expr, claim, define, assume in base:
        out.append((expr, r"\beta_j", claim, define, assume, True))
        for c in rng.sample(range(2, 13), 4):
            out.append((expr, r"\beta_j", claim + rf" + \delta_{{j{c}}}", define, assume, False))
            out.append((expr, r"\beta_j", claim + rf" + 10^{{-7}}\delta_{{j{c}}}", define, assume, False))
    return out


__all__ = ["Claim", "generate", "indexed_claims", "x", "w"]


if __name__ == "__main__":  # pragma: no cover
    mpmath.mp.dps = 30
    for c in generate(10):
        print(c.kind, c.claim)
