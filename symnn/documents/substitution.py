r"""A line that puts numbers into a formula (handcalcs style): ``x_1 w_{11} + b_1 = 0.08 \times 0.24 + 0.28``.

The formula's structure is matched with the printed arithmetic: every known quantity must agree
with the number put in its place (at that number's printed precision); a quantity whose value the
text never gave (a weight read off a missing figure) takes the number from this line, and later
lines use it.

>>> from symnn.documents.context import Context
>>> ctx = Context()
>>> ctx.define_from(*ctx.read_pair("x_1", "0.08"))
>>> r = substitute(ctx, ctx.expr(r"x_1 w_{11} + b_1"), r"0.08 \times 0.24 + 0.28")
>>> r.wrong, sorted(str(k) for k in r.bindings)
([], ['b[1]', 'w[11]'])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy
from sympy import Expr

from ..budget import within_budget
from .numbers import Node, judge_number, numeric_tree, printed, show, tree_value
from .context import Context, quantities

MAX_PERMUTATIONS = 720


class NoMatch(Exception):
    """The formula and the printed arithmetic do not have the same shape."""


@dataclass
class Substitution:
    bindings: dict = field(default_factory=dict)
    wrong: list = field(default_factory=list)      # (quantity, its value, printed number)
    rounded: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # disagreements with values derived, not given


#: Time budget of one matching (seconds): the search over pairings is cut short after it.
MATCH_SECONDS = 2.0


def substitute(ctx: Context, formula: Expr, numbers_text: str) -> Substitution | None:
    """Match ``formula`` with the printed arithmetic ``numbers_text``; None when the shapes differ."""
    return within_budget(MATCH_SECONDS, lambda: _substitute(ctx, formula, numbers_text), None, "matching numbers")


def _substitute(ctx: Context, formula: Expr, numbers_text: str) -> Substitution | None:
    try:
        tree = numeric_tree(numbers_text)
    except ValueError:
        return None
    best = None
    try:
        for result in _match(ctx, formula, tree, {}):
            score = (len(result.wrong), len(result.conflicts), len(result.rounded))
            if best is None or score < (len(best.wrong), len(best.conflicts), len(best.rounded)):
                best = result
            if score == (0, 0, 0):
                break
    except NoMatch:
        return best
    return best


def _match(ctx: Context, e: Expr, node: Node, binds: dict):
    """Yield every consistent way of matching ``e`` with ``node`` (as Substitution objects)."""
    if node.kind == "num":
        yield from _match_number(ctx, e, node, binds)
        return
    if isinstance(e, (sympy.Symbol, sympy.Indexed)) and e not in binds:
        known, _ = ctx.value(e, exact=False)
        if known is None:  # a quantity the text never valued, computed on this line (0.226 × 0.18)
            b = dict(binds)
            b[e] = tree_value(node)
            yield Substitution(b)
            return
    if node.kind == "sum":
        terms = list(sympy.Add.make_args(e))
        if len(terms) < len(node.children) or len(node.children) == 1:
            if len(node.children) == 1:
                s, child = node.children[0]
                yield from _match(ctx, s * e, child, binds)
            return
        yield from _pair(ctx, terms, [(s, c) for s, c in node.children], binds, combine=sympy.Add)
        return
    coeff, factors = sympy.Mul(*[f for f in sympy.Mul.make_args(e) if f.is_number]), [
        f for f in sympy.Mul.make_args(e) if not f.is_number]
    children = list(node.children)
    if coeff != 1:
        # the numeric coefficient of the formula is one of the printed factors
        for i, c in enumerate(children):
            if c.kind == "num" and c.value == coeff:
                rest = children[:i] + children[i + 1:]
                yield from _pair(ctx, factors, [(1, r) for r in rest], binds)
                return
        return
    yield from _pair(ctx, factors, [(1, c) for c in children], binds)


def _pair(ctx: Context, parts: list, nodes: list, binds: dict, combine=sympy.Mul):
    """Pair the formula's parts with the printed nodes; when SymPy flattened more parts than the
    text has nodes (``(y_1 - L_1) + (y_2 - L_2)`` is four terms), parts are grouped first."""
    if len(parts) < len(nodes):
        return
    if len(parts) > len(nodes):
        if len(parts) > 6 or len(nodes) < 1:
            return
        for count, assign in enumerate(itertools.product(range(len(nodes)), repeat=len(parts))):
            if count >= MAX_PERMUTATIONS * 4:
                return
            if len(set(assign)) != len(nodes):
                continue
            groups = [combine(*[p for p, a in zip(parts, assign) if a == k]) for k in range(len(nodes))]
            yield from _pair_in_order(ctx, groups, nodes, dict(binds), Substitution())
        return
    for count, perm in enumerate(itertools.permutations(range(len(nodes)))):
        if count >= MAX_PERMUTATIONS:
            return
        yield from _pair_in_order(ctx, parts, [nodes[i] for i in perm], dict(binds), Substitution())


def _pair_in_order(ctx, parts, nodes, binds, acc: Substitution):
    if not parts:
        yield Substitution(dict(binds), list(acc.wrong), list(acc.rounded), list(acc.conflicts))
        return
    (sign, node), part = nodes[0], parts[0]
    for sub in _match(ctx, sign * part, node, binds):
        merged = dict(binds)
        conflict = any(k in merged and merged[k] != v for k, v in sub.bindings.items())
        if conflict:
            continue
        merged.update(sub.bindings)
        acc2 = Substitution(merged, acc.wrong + sub.wrong, acc.rounded + sub.rounded, acc.conflicts + sub.conflicts)
        yield from _pair_in_order(ctx, parts[1:], nodes[1:], merged, acc2)


def _match_number(ctx: Context, e: Expr, node: Node, binds: dict):
    if e.is_number:
        if sympy.simplify(e - node.value) == 0:
            yield Substitution(dict(binds))
        return
    known, _ = ctx.value(e.xreplace(binds), exact=False)
    if known is not None and known.is_number:
        # only a value the text gives directly can make the line wrong; one derived through
        # definitions may rest on a misreading of the text, so a disagreement is a conflict
        if e in binds and sympy.N(binds[e] - node.value, 30) != 0:
            return  # this pairing contradicts a number read from the same line
        given = e not in binds and ctx.values.get(e, (None, ""))[1] == "given"
        bad = dict(wrong=[(e, known, node.text)]) if given else dict(conflicts=[(e, known, node.text)])
        if printed(node.text) is None:
            if sympy.N(known - node.value, 30) == 0:
                yield Substitution(dict(binds))
            else:
                yield Substitution(dict(binds), **bad)
            return
        v = judge_number(known, node.text)
        if v.status == "ok":
            yield Substitution(dict(binds))
        elif v.status == "rounding":
            yield Substitution(dict(binds), rounded=[(e, known, node.text)])
        else:
            yield Substitution(dict(binds), **bad)
        return
    if isinstance(e, (sympy.Symbol, sympy.Indexed)) and e in quantities(e):
        b = dict(binds)
        b[e] = node.value
        yield Substitution(b)
        return
    if (-e).is_Symbol or isinstance(-e, sympy.Indexed):
        b = dict(binds)
        b[-e] = -node.value
        yield Substitution(b)


def describe(sub: Substitution) -> str:
    from ..latex.printer import plain

    parts = [f"{plain(k)} = {show(v)}" for k, v in sub.bindings.items()]
    return ", ".join(parts)


__all__ = ["substitute", "Substitution", "describe"]
