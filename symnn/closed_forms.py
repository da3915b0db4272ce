r"""Closed forms: fold exponential soup back into the neural-network vocabulary.

Differentiating a definition such as σ(x) = 1/(1+e^{−x}) gives expressions in e^{−x}; a textbook
writes them with σ again.  :func:`refold` does that with a small table of *refold rules*, one line a
rule: each says how an exponential is expressed through a vocabulary function,

    e^{v}  = σ(v) / (1 − σ(v))          (from σ(v) = 1/(1+e^{−v}))
    e^{2v} = (1 + tanh v) / (1 − tanh v) (from tanh v = (e^{v} − e^{−v})/(e^{v} + e^{−v}))

The method: group the exponentials of the expression by argument (e^{−wx−b} and e^{2wx+2b} share
u = wx + b), write the expression as a rational function R(E) of E = e^{u}, substitute E through a
rule, cancel, factor, and choose the candidate without exponentials that is shortest, preferring
functions the user wrote.  A final pass writes factors the way a textbook does: (1 − σ) rather than
−(σ − 1).

>>> from sympy import Symbol, exp, diff
>>> x = Symbol("x", real=True)
>>> result = refold(diff(1/(1 + exp(-x)), x))
>>> result.expr
(1 - sigmoid(x))*sigmoid(x)
>>> result.equations
(Eq(exp(-x), (1 - sigmoid(x))/sigmoid(x)),)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Callable

import sympy
from sympy import Add, Dummy, Eq, Expr, Integer, Mul, Pow, Rational, exp, tanh

from .vocabulary import sigmoid, softplus


@dataclass(frozen=True)
class RefoldRule:
    """e^{power·v} = rational(f(v)): how to eliminate an exponential through ``function``."""

    function: type
    power: int  # the rule speaks of e^{power·v}
    rational: Callable[[Expr], Expr]  # value of e^{power·v} in terms of the symbol standing for f(v)
    source: str  # plain-text origin, shown in proofs


#: The refold table: one rule a line.
REFOLD_RULES: tuple[RefoldRule, ...] = (
    RefoldRule(sigmoid, 1, lambda s: s / (1 - s), "the definition of the sigmoid"),
    RefoldRule(tanh, 2, lambda t: (1 + t) / (1 - t), "the definition of tanh"),
)

#: Vocabulary functions whose values become plain symbols during the rational algebra.
_ATOMIC_FUNCTIONS = (sigmoid, tanh, softplus)


@dataclass(frozen=True)
class Refolded:
    """The result of :func:`refold`: the folded expression and the identities it used."""

    expr: Expr
    equations: tuple[Eq, ...]  # e.g. Eq(exp(-x), (1 - sigmoid(x))/sigmoid(x))
    substituted: Expr | None  # the expression right after substitution, before simplifying


# --------------------------------------------------------------------------- exponential groups


def _split_argument(arg: Expr) -> tuple[Rational, Expr]:
    """Write ``arg`` as c·u with c rational and u primitive with a "positive" leading sign."""
    c, u = arg.as_content_primitive()
    if u.could_extract_minus_sign():
        c, u = -c, -u
    if u.is_Number:  # a constant exponent: not a group
        return Rational(1), arg
    return Rational(c), u


def exponential_groups(expr: Expr) -> dict[Expr, list[tuple[Expr, Rational]]]:
    """Map each primitive argument u to the exponentials e^{c·u} of ``expr`` (atom, c).

    Exponentials with a constant exponent form no group (they are numbers).
    """
    groups: dict[Expr, list[tuple[Expr, Rational]]] = {}
    for atom in expr.atoms(exp):
        c, u = _split_argument(atom.args[0])
        if u.is_Number or not u.free_symbols:
            continue
        groups.setdefault(u, []).append((atom, c))
    return groups


def _as_power_function(rational: Expr, E: sympy.Symbol, d: int) -> Expr | None:
    """If ``rational`` is a function of E^d only, return it written in a symbol for E^d."""
    num, den = sympy.fraction(sympy.cancel(rational))
    Ed = Dummy("Ed")
    out = []
    for part in (num, den):
        poly = sympy.Poly(part, E)
        terms = []
        for (k,), coeff in poly.terms():
            if k % d:
                return None
            terms.append(coeff * Ed ** (k // d))
        out.append(Add(*terms))
    return out[0] / out[1], Ed


# --------------------------------------------------------------------------- presentation


def _normalized_factor(base: Expr, preferred: tuple[Expr, ...]) -> tuple[Expr, bool]:
    """Return (b, flipped): b = ±base written as a textbook would; flipped when b = −base.

    A sum with a constant term keeps that constant positive (1 − σ, not σ − 1).  Without one,
    the vocabulary value (σ, ŷ) keeps a positive sign (σ − y, not y − σ).
    """
    if not isinstance(base, Add):
        return base, False
    const = base.as_coeff_Add()[0]
    if const != 0:
        return (base, False) if const > 0 else (-base, True)
    for p in preferred:
        coeff = base.coeff(p)
        if coeff != 0 and coeff.is_number:
            return (base, False) if coeff > 0 else (-base, True)
    return (-base, True) if base.could_extract_minus_sign() else (base, False)


def tidy(expr: Expr, preferred: tuple[Expr, ...] = ()) -> Expr:
    """Factor ``expr`` and give each factor its textbook sign.

    >>> from sympy import Symbol
    >>> s = sigmoid(Symbol("x"))
    >>> tidy(s*(s - 1)*(2*s - 1))
    (1 - 2*sigmoid(x))*(1 - sigmoid(x))*sigmoid(x)
    """
    preferred = tuple(preferred) + tuple(_vocabulary_atoms(expr))
    factored = sympy.factor(expr)
    num, den = sympy.fraction(factored)
    pieces = []
    sign = 1
    for part in (num, den):
        coeff, factors = part.as_coeff_mul()
        sign *= 1 if coeff >= 0 else -1
        out = [abs(coeff)]
        for f in factors:
            base, e = f.as_base_exp()
            new_base, flipped = _normalized_factor(base, preferred)
            if flipped and e.is_integer and e % 2 == 1:
                sign = -sign
            out.append(new_base**e if flipped else f)
        pieces.append(Mul(*out))
    return sign * pieces[0] / pieces[1]


def _score(expr: Expr, hinted: bool) -> tuple[int, int, int]:
    # Fewest exponentials first, then functions the user wrote, then the shortest.
    return (len(expr.atoms(exp)), 0 if hinted else 1, sympy.count_ops(expr))


def _is_hinted(rule: RefoldRule, value: Expr, hints: tuple[Expr, ...]) -> bool:
    return any(isinstance(h, rule.function) and h == value for h in hints)


def simplest_form(expr: Expr, preferred: tuple[Expr, ...] = ()) -> Expr:
    """The shorter of the factored (sign-tidied) and expanded forms; ties go to factored.

    >>> from sympy import Symbol
    >>> t = tanh(Symbol("x"))
    >>> simplest_form((1 - t)*(1 + t))
    1 - tanh(x)**2
    """
    candidates = [tidy(expr, preferred), sympy.expand(expr)]
    return min(candidates, key=lambda c: sympy.count_ops(c))


# --------------------------------------------------------------------------- refold


def _vocabulary_atoms(expr: Expr) -> list[Expr]:
    return sorted(
        (a for a in expr.atoms(sympy.Function) if isinstance(a, _ATOMIC_FUNCTIONS)),
        key=sympy.default_sort_key,
    )


def _candidate_rules(
    u: Expr, multiples: list[Rational], hints: tuple[Expr, ...]
) -> list[tuple[RefoldRule, Rational]]:
    """(rule, k) pairs worth trying for the group of e^{c·u}, the rule taken at v = k·u.

    Functions the user wrote (``hints``) come first, then every rule at the multiples k = |c| that
    occur in the group (e^{-2x} suggests σ(2x)), then at k = 1.
    """
    seen: list[tuple[RefoldRule, Rational]] = []

    def add(rule, k):
        if k > 0 and (rule, k) not in seen:
            seen.append((rule, k))

    for h in hints:
        for rule in REFOLD_RULES:
            if isinstance(h, rule.function):
                c, v = _split_argument(h.args[0])
                if v == u:
                    add(rule, abs(c))
    for rule in REFOLD_RULES:
        for k in sorted({abs(c) for c in multiples}) + [Rational(1)]:
            add(rule, k)
    return seen


def refold(expr: Expr, hints: tuple[Expr, ...] = ()) -> Refolded:
    """Rewrite the exponentials of ``expr`` through the vocabulary and simplify.

    ``hints`` are vocabulary expressions (σ(wx+b), tanh x) the user wrote; their functions are
    tried first.  Groups that no rule folds are left as they are.

    >>> from sympy import Symbol, diff
    >>> x = Symbol("x", real=True)
    >>> refold(diff(tanh(x).rewrite(exp), x), hints=(tanh(x),)).expr
    1 - tanh(x)**2
    >>> refold(diff(1/(1 + exp(-2*x)), x), hints=(sigmoid(2*x),)).expr
    2*(1 - sigmoid(2*x))*sigmoid(2*x)
    """
    groups = exponential_groups(expr)
    equations: list[Eq] = []
    current = expr
    substituted = None
    preferred = tuple(_vocabulary_atoms(expr)) + tuple(hints)
    for u in sorted(groups, key=sympy.default_sort_key):
        members = groups[u]
        q = reduce(sympy.ilcm, [int(c.q) for _, c in members], 1)
        E = Dummy("E", positive=True)
        as_E = current.xreplace({atom: E ** int(c * q) for atom, c in members})
        if as_E.has(exp) and any(u in a.args[0].free_symbols for a in as_E.atoms(exp)):
            pass  # other exponentials remain; they are handled by their own group
        best = None
        for rule, k in _candidate_rules(u, [c for _, c in members], hints):
            # the rule speaks of e^{power·v} with v = k·u, that is E^{power·k·q}
            v = k * u
            d = rule.power * k * q
            if not d.is_integer:
                continue
            d = int(d)
            try:
                found = _as_power_function(as_E, E, d)
            except sympy.PolynomialError:
                found = None
            if found is None:
                continue
            rational, Ed = found
            value = rule.function(v)
            s = Dummy("s")
            folded = sympy.cancel(rational.subs(Ed, rule.rational(s)))
            candidate = simplest_form(folded.subs(s, value), preferred + (value,))
            key = _score(candidate, _is_hinted(rule, value, hints))
            if best is None or key < best[0]:
                atom_eq = Eq(exp(rule.power * v), rule.rational(value))
                best = (key, candidate, atom_eq, rule, value)
        if best is None:
            continue
        hinted = best[0][1] == 0
        if not hinted and sympy.count_ops(best[1]) >= sympy.count_ops(current):
            continue  # e^{xy} is not σ's business unless folding makes it simpler
        _, candidate, atom_eq, rule, value = best
        eq = _equation_for_atoms(members, rule, value)
        eq = atom_eq if eq is None else eq
        equations.append(eq)
        if len(groups) == 1 and len(members) == 1 and eq.lhs == members[0][0]:
            substituted = current.xreplace({eq.lhs: eq.rhs})
        current = candidate
    if not equations:
        current = simplest_form(current, preferred)
    return Refolded(current, tuple(equations), substituted)


def _equation_for_atoms(members, rule: RefoldRule, value: Expr) -> Eq | None:
    """The refold identity stated for the exponential the reader sees, when there is one."""
    if len(members) != 1 or rule.power != 1:
        return None
    atom, c = members[0]
    if c == 1:
        return Eq(atom, rule.rational(value))
    if c == -1:
        return Eq(atom, 1 / rule.rational(value))
    return None


# --------------------------------------------------------------------------- indexed refold


def _exp_sum_base(s) -> tuple | None:
    """(x, n) when ``s`` is Σ_{m=1}^{n} e^{x_m}, else None."""
    if not isinstance(s, sympy.Sum) or len(s.limits) != 1:
        return None
    var, lo, hi = s.limits[0]
    f = s.function
    if lo == 1 and isinstance(f, exp) and isinstance(f.args[0], sympy.Indexed):
        ix = f.args[0]
        if ix.indices == (var,):
            return ix.base, hi
    return None


def fold_softmax(expr: Expr) -> Refolded:
    """Fold e^{x_a} / Σ_m e^{x_m} into softmax(x)_a and log Σ_m e^{x_m} into logsumexp(x).

    The refold rule is e^{x_a} = softmax(x)_a · Σ_m e^{x_m}: substitute it, and keep the result
    when the sum cancels.

    >>> from sympy import IndexedBase, Symbol, Sum
    >>> C, j, m = Symbol("C", integer=True, positive=True), Symbol("j", integer=True), Symbol("m", integer=True)
    >>> b = IndexedBase("beta", real=True)
    >>> fold_softmax(exp(b[j]) / Sum(exp(b[m]), (m, 1, C))).expr
    softmax(beta, j, C)
    """
    from .indexed import logsumexp, softmax

    equations: list[Eq] = []
    current = expr
    for s in sorted(current.atoms(sympy.Sum), key=sympy.default_sort_key):
        found = _exp_sum_base(s)
        if found is None or not current.has(s):
            continue
        x, n = found
        Z = Dummy("Z", positive=True)
        trial = current.xreplace({s: Z})
        trial = trial.replace(lambda e: isinstance(e, sympy.log) and e.args[0] == Z, lambda e: logsumexp(x, n))
        trial = trial.replace(
            lambda e: isinstance(e, exp) and isinstance(e.args[0], sympy.Indexed) and e.args[0].base == x
            and len(e.args[0].indices) == 1,
            lambda e: softmax(x, e.args[0].indices[0], n) * Z,
        )
        trial = sympy.cancel(trial) if trial.has(Z) else trial
        if not trial.has(Z):
            a = sympy.Symbol("a", integer=True)
            equations.append(Eq(softmax(x, a, n), exp(x[a]) / s))
            current = trial
    return Refolded(current, tuple(equations), None)


def recognize(expr: Expr) -> tuple[Expr, ...]:
    """Vocabulary values hidden in ``expr`` as their definitions: hints for :func:`refold`.

    >>> from sympy import Symbol
    >>> x = Symbol("x", real=True)
    >>> recognize(1/(1 + exp(-x)))
    (sigmoid(x),)
    """
    found = set(_vocabulary_atoms(expr))
    if expr.has(exp):
        found |= set(_vocabulary_atoms(refold(expr, tuple(found)).expr))
    return tuple(sorted(found, key=sympy.default_sort_key))


__all__ = ["exponential_groups", "fold_softmax", "recognize", "REFOLD_RULES", "RefoldRule", "Refolded", "refold", "tidy", "simplest_form"]
