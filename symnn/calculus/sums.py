r"""Rules for finite sums with a symbolic number of terms, as a careful human applies them.

SymPy leaves Σ_k δ_{jk} f(k) unevaluated (or turns it into a Piecewise over 1 ≤ j ≤ C); symnn
works where every free index ranges over 1..C, so the delta simply picks the term k = j.

* :func:`sum_out_deltas` — Σ_k δ_{jk} f(k) = f(j);
* :func:`split_sums` — linearity: Σ(a + b) = Σa + Σb and Σ c·f(k) = c Σ f(k); Σ_k c = n·c;
* :func:`canonical_dummies` — rename summation variables so equal sums compare equal;
* :func:`apply_sum_assumptions` — use a constraint such as Σ_k y_k = 1.

>>> from sympy import IndexedBase, Symbol, Sum, KroneckerDelta
>>> C = Symbol("C", integer=True, positive=True)
>>> j, k = Symbol("j", integer=True), Symbol("k", integer=True)
>>> y = IndexedBase("y", real=True)
>>> sum_out_deltas(Sum(KroneckerDelta(j, k) * y[k], (k, 1, C)))
y[j]
>>> split_sums(Sum(2 * y[k] + 3, (k, 1, C)))
3*C + 2*Sum(y[k], (k, 1, C))
"""

from __future__ import annotations

import functools

from typing import Iterable

import sympy
from sympy import Add, Basic, Dummy, Eq, Expr, KroneckerDelta, Mul, Sum, Symbol


def _single_limit(s: Sum):
    if len(s.limits) != 1:
        return None
    var, lo, hi = s.limits[0]
    return var, lo, hi


def sum_out_deltas(expr: Expr) -> Expr:
    """Σ_k δ_{ak} f(k) → f(a), for every sum whose summand has a delta in its variable.

    The free index a is taken to lie in the summation range (symnn's convention: every free index
    ranges over 1..n).
    """

    def rule(s: Sum):
        lim = _single_limit(s)
        if lim is None:
            return s
        var, lo, hi = lim
        body = sympy.expand(s.function)
        terms = Add.make_args(body)
        picked, rest = [], []
        for t in terms:
            deltas = [f for f in Mul.make_args(t) if isinstance(f, KroneckerDelta) and var in f.free_symbols]
            if deltas:
                d = deltas[0]
                a = d.args[0] if d.args[1] == var else d.args[1]
                if var in a.free_symbols:
                    rest.append(t)
                    continue
                picked.append((t / d).subs(var, a))
            else:
                rest.append(t)
        if not picked:
            return s
        remaining = Sum(Add(*rest), (var, lo, hi)) if rest else sympy.S.Zero
        return Add(*picked) + remaining

    return expr.replace(lambda e: isinstance(e, Sum), rule)


def split_sums(expr: Expr) -> Expr:
    """Linearity of Σ: split sums of terms, pull out factors free of the summation variable."""

    def rule(s: Sum):
        lim = _single_limit(s)
        if lim is None:
            return s
        var, lo, hi = lim
        out = []
        for t in Add.make_args(sympy.expand(s.function)):
            const, dep = t.as_independent(var, as_Add=False)
            if dep == 1:
                out.append(const * (hi - lo + 1))
            else:
                out.append(const * Sum(dep, (var, lo, hi)))
        return Add(*out)

    return expr.replace(lambda e: isinstance(e, Sum), rule)


#: Names given to summation variables, by nesting depth (a textbook's k, m, l, ...).
_DUMMY_NAMES = ("k", "m", "l", "p", "q", "r", "s", "t")


@functools.lru_cache(maxsize=4096)  # pure, and met again and again by the derivation and the check
def canonical_dummies(expr: Expr) -> Expr:
    """Rename every summation variable to a canonical one (by nesting depth), so that
    Σ_k y_k and Σ_m y_m become the same object.  The names are k, m, l, … skipping any name the
    expression already uses for something else."""
    taken = {str(s) for s in expr.free_symbols}
    names = [n for n in _DUMMY_NAMES if n not in taken] + [f"k_{i}" for i in range(10)]

    def rename(node: Basic, depth: int) -> Basic:
        if isinstance(node, Sum) and _single_limit(node) is not None:
            var, lo, hi = _single_limit(node)
            new = Symbol(names[depth], integer=True)
            body = rename(node.function.xreplace({var: new}), depth + 1)
            return Sum(body, (new, rename(lo, depth), rename(hi, depth)))
        if not node.args:
            return node
        args = [rename(a, depth) for a in node.args]
        return node.func(*args) if any(a is not b for a, b in zip(args, node.args)) else node

    return rename(expr, 0)


def apply_sum_assumptions(expr: Expr, assumptions: Iterable[Basic]) -> tuple[Expr, list[Basic]]:
    """Replace sums that an assumption fixes (Σ_k y_k = 1) by their value.

    Returns the new expression and the assumptions that were used.
    """
    used = []
    current = canonical_dummies(expr)
    for a in assumptions:
        if isinstance(a, Eq) and isinstance(a.lhs, Sum):
            target, value = canonical_dummies(a.lhs), a.rhs
        elif isinstance(a, Eq) and isinstance(a.rhs, Sum):
            target, value = canonical_dummies(a.rhs), a.lhs
        else:
            continue
        replaced = current.xreplace({target: value})
        if replaced != current:
            used.append(a)
            current = replaced
    return current, used


@functools.lru_cache(maxsize=4096)
def normalize_sums(expr: Expr) -> Expr:
    """Deltas summed out, linearity applied, dummies canonical: a normal form for comparisons."""
    previous = None
    current = expr
    for _ in range(6):  # each pass may expose more structure; a handful suffice in practice
        if current == previous:
            break
        previous = current
        current = canonical_dummies(split_sums(sum_out_deltas(current)))
    return current


__all__ = ["sum_out_deltas", "split_sums", "canonical_dummies", "apply_sum_assumptions", "normalize_sums"]
