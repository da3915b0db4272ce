r"""Judging one link ``A = B`` of a chain, through symnn's verifier.

* arithmetic (numbers only): exact recomputation, the printed decimals deciding what equal means;
* a substitution (formula = printed numbers): the numbers must be the values of the quantities;
* symbolic: :func:`symnn.api.check_equation` after the document's definitions are substituted —
  ``ok`` only when it is proved, ``wrong`` only when it is refuted (a disproof or a confirmed
  counterexample), otherwise ``unchecked`` with the verifier's evidence;
* a side that uses a quantity the text never defines is only compared with a side that uses the
  same quantity (``\frac{\partial C}{\partial a}`` on both sides), else ``unchecked``.

>>> from symnn.documents.context import Context
>>> ctx = Context()
>>> judge_link(ctx, r"\sigma'(x)", "=", r"\sigma(x)(1+\sigma(x))").status
'wrong'
>>> judge_link(ctx, r"0.5 \times 0.18 + 0.8 \times 0.23", "=", "0.274").status
'ok'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Expr

from .. import api
from ..budget import time_budget
from ..errors import BudgetExceeded, SymnnInputError
from .context import Context, Unreadable, quantities
from .numbers import is_numeric, judge_number, numeric_tree, printed, show, tree_error, tree_value
from .substitution import describe, substitute

#: Time budget of one symbolic check (seconds).
STEP_SECONDS = 5.0

NOT_CLAIMS = {"\\rightarrow", "\\to", "\\in", "\\sim", "\\Leftarrow", "\\leftarrow", "\\Rightarrow", "\\iff",
              "\\propto", "\\longrightarrow", "\\equiv", "\\simeq"}
ORDER = {"<": sympy.Lt, ">": sympy.Gt, "\\le": sympy.Le, "\\leq": sympy.Le, "\\ge": sympy.Ge, "\\geq": sympy.Ge,
         "\\neq": sympy.Ne, "\\ne": sympy.Ne}


@dataclass
class Outcome:
    """The judgement of a link; ``status`` is ok | wrong | rounding | unchecked, or None (not a step)."""

    status: str | None
    message: str
    counterexample: dict | None = None
    suggestion: str | None = None
    left: Expr | None = None
    right: Expr | None = None


def _latex(e) -> str | None:
    if e is None:
        return None
    from ..latex.printer import latex

    try:
        return latex(e)
    except Exception:  # noqa: BLE001 - a suggestion is optional
        return None


def opaque_atoms(ctx: Context, e: Expr) -> set:
    return {s for s in e.free_symbols if s in ctx.opaque}


def judge_link(ctx: Context, left: str, rel: str, right: str, values: bool = False) -> Outcome:
    """Judge ``left rel right`` in the context (``values``: the text substitutes numbers)."""
    if rel in NOT_CLAIMS:
        return Outcome(None, f"{rel} is not an equality")
    try:
        lhs, rhs = ctx.expr(left), ctx.expr(right)
    except Unreadable as exc:
        return Outcome("unchecked", f"not read: {exc}")
    except (SymnnInputError, BudgetExceeded, RecursionError) as exc:
        return Outcome("unchecked", f"not read: {exc}")
    try:
        le, re_ = ctx.expand(lhs), ctx.expand(rhs)
    except Unreadable as exc:
        return Outcome("unchecked", str(exc))
    out = _judge(ctx, left, rel, right, lhs, rhs, le, re_)
    out.left, out.right = le, re_
    return out


def _judge(ctx, left, rel, right, lhs, rhs, le, re_) -> Outcome:
    if rel in ORDER:
        return _order(ctx, rel, le, re_)
    approx = rel == "\\approx"
    left_numeric, right_numeric = is_numeric(left), is_numeric(right)
    if left_numeric and right_numeric:
        return _arithmetic(lhs, rhs, right, approx)
    if right_numeric or left_numeric:
        formula, numbers_text, numbers = (le, right, rhs) if right_numeric else (re_, left, lhs)
        return _numbers(ctx, formula, lhs if right_numeric else rhs, numbers_text, numbers, approx)
    if approx:
        return Outcome("unchecked", "≈ between formulas is an approximation (e.g. dropping lower-order terms), "
                       "not an identity")
    ol, or_ = opaque_atoms(ctx, le), opaque_atoms(ctx, re_)
    if ol != or_:
        names = ", ".join(sorted(str(s) for s in (ol ^ or_)))
        return Outcome("unchecked", f"uses a quantity the text does not define ({names})")
    return _symbolic(ctx, le, re_, has_decimals(left) or has_decimals(right))


def has_decimals(text: str) -> bool:
    import re

    return re.search(r"\d\.\d", text) is not None


def _arithmetic(lhs: Expr, rhs: Expr, right_text: str, approx: bool) -> Outcome:
    if printed(right_text) is not None:
        v = judge_number(lhs, right_text, approx)
        return Outcome(v.status, "arithmetic: " + v.message, _cx(v, right_text), v.suggestion)
    diff = sympy.N(lhs - rhs, 40)
    if diff == 0:
        return Outcome("ok", "arithmetic: exact")
    scale = max(abs(sympy.N(lhs, 30)), abs(sympy.N(rhs, 30)), sympy.Float(1e-30))
    if approx or abs(diff) / scale < sympy.Float("1e-3"):
        return Outcome("ok" if approx else "rounding", f"arithmetic: {show(lhs, 10)} and {show(rhs, 10)} agree "
                       "only up to rounding")
    return Outcome("wrong", f"arithmetic: the left side is {show(lhs, 10)}, the right side {show(rhs, 10)}",
                   {"point": {}, "expected": float(sympy.N(lhs)), "claimed": float(sympy.N(rhs))}, show(lhs, 10))


def _cx(v, text) -> dict | None:
    if v.status == "ok" or v.expected is None:
        return None
    p = printed(text)
    return {"point": {}, "expected": v.expected, "claimed": float(p.value) if p else None}


def _numbers(ctx: Context, formula: Expr, written: Expr, numbers_text: str, numbers: Expr, approx: bool) -> Outcome:
    from .context import _sum_out

    formula, written = _sum_out(formula), _sum_out(written)
    value, _ = ctx.value(written, exact=False)
    if value is None or not value.is_number:
        value, _ = ctx.value(formula, exact=False)
    if value is not None and value.is_number:
        if printed(numbers_text) is not None:
            v = judge_number(value, numbers_text, approx)
            return Outcome(v.status, v.message, _cx(v, numbers_text), v.suggestion)
        sub = substitute(ctx, written, numbers_text)
        if sub is not None and not sub.wrong and not sub.conflicts:
            ctx.values.update({k: (val, "given") for k, val in sub.bindings.items()})
            return Outcome("ok", "substitution: the numbers are the values of the quantities")
        try:
            tree = numeric_tree(numbers_text)
            exact, err = tree_value(tree), tree_error(tree)
        except ValueError:
            return Outcome("unchecked", "the printed arithmetic could not be read")
        gap = abs(sympy.N(value - exact, 30))
        if gap <= sympy.N(err, 30) * (1 + sympy.Float(1e-9)) + sympy.Float(1e-25):
            return Outcome("ok", f"the numbers are the values of the quantities, rounded (exact {show(value, 8)})")
        v = _arithmetic(value, exact, "", approx)
        if v.status == "wrong" and (sub is None or not sub.wrong):
            return Outcome("unchecked", "the numbers disagree with values derived from the text's definitions "
                           f"({show(value, 8)} against {show(exact, 8)}); the definitions may be misread")
        if v.status == "wrong" and sub is not None and sub.wrong:
            q, val, txt = sub.wrong[0]
            from ..latex.printer import plain

            v.message = f"{txt} is put in for {plain(q)}, whose value is {show(val, 8)}"
        return v
    sub = substitute(ctx, written, numbers_text)
    if sub is None:
        missing = [q for q in quantities(formula) if ctx.value(q, exact=False)[0] is None]
        from ..latex.printer import plain

        names = ", ".join(sorted({plain(q) for q in missing})[:4])
        return Outcome("unchecked", f"data missing: the text gives no value for {names}" if names
                       else "the numbers could not be matched with the formula")
    if sub.wrong:
        from ..latex.printer import plain

        q, val, txt = sub.wrong[0]
        return Outcome("wrong", f"{txt} is put in for {plain(q)}, whose value is {show(val, 8)}",
                       {"point": {}, "expected": float(sympy.N(val)), "claimed": float(printed(txt).value)
                        if printed(txt) else None}, None)
    if sub.conflicts:
        from ..latex.printer import plain

        q, val, txt = sub.conflicts[0]
        return Outcome("unchecked", f"{txt} is put in for {plain(q)}, but the text's definitions give "
                       f"{show(val, 8)}; the definitions may be misread")
    ctx.values.update({k: (val, "given") for k, val in sub.bindings.items()})
    read = describe(sub)
    return Outcome("ok", "substitution" + (f"; values read from this line: {read}" if read else ""))


def _order(ctx: Context, rel: str, le: Expr, re_: Expr) -> Outcome:
    a, _ = ctx.value(le, exact=False)
    b, _ = ctx.value(re_, exact=False)
    if a is None or b is None or not (a.is_number and b.is_number):
        return Outcome("unchecked", "an inequality between quantities without values is not checked")
    truth = ORDER[rel](sympy.N(a, 30), sympy.N(b, 30))
    if truth is sympy.true:
        return Outcome("ok", f"{show(a)} {rel.lstrip(chr(92))} {show(b)}")
    if truth is sympy.false:
        return Outcome("wrong", f"{show(a)} and {show(b)} do not satisfy {rel}")
    return Outcome("unchecked", "the inequality could not be decided")


def _lone_symbols(ctx: Context, le: Expr, re_: Expr) -> set[str]:
    """Undefined quantities on one side only that no definition of the text mentions (``a`` in
    σ'(z) = a(1 − a) when the text never says a = σ(z)): the claim cannot be judged."""
    mentioned = set()
    for d in list(ctx.defs.values()) + [b for _, b in ctx.functions.values()] + [b for _, b in ctx.families.values()]:
        if isinstance(d, sympy.Basic):
            mentioned |= {str(q) for q in quantities(d)} | {str(q.base.label) for q in quantities(d)
                                                              if isinstance(q, sympy.Indexed)}
    ql, qr = quantities(le), quantities(re_)
    out = set()
    for q in ql ^ qr:
        if ctx.definition(q) is not None or q in ctx.opaque:
            continue
        name = str(q.base.label) if isinstance(q, sympy.Indexed) else str(q)
        if str(q) not in mentioned and name not in mentioned:
            out.add(str(q))
    return out


def _symbolic(ctx: Context, le: Expr, re_: Expr, with_numbers: bool) -> Outcome:
    try:
        if sympy.expand(le - re_) == 0:
            return Outcome("ok", "the two sides are the same expression once the definitions are substituted")
    except Exception:  # noqa: BLE001 - fall through to the verifier
        pass
    try:
        with time_budget(STEP_SECONDS, "checking the step"):
            v = api.check_equation(le, re_, assume=list(ctx.assume))
    except BudgetExceeded:
        return Outcome("unchecked", f"not decided within {STEP_SECONDS:g} s")
    except (SymnnInputError, RecursionError) as exc:
        return Outcome("unchecked", f"not checkable: {exc}")
    if v.verdict == "verified":
        return Outcome("ok", v.message)
    if v.verdict == "refuted" and with_numbers:
        a, _ = ctx.value(le, exact=False)
        b, _ = ctx.value(re_, exact=False)
        if a is not None and b is not None and a.is_number and b.is_number:
            return _arithmetic(a, b, "", False)
        return Outcome("unchecked", "the line mixes numbers with quantities the text gives no value for")
    if v.verdict == "refuted":
        lone = _lone_symbols(ctx, le, re_)
        if lone:
            return Outcome("unchecked", f"{', '.join(sorted(lone))} appears on one side only and the text does "
                           "not say what it stands for")
        return Outcome("wrong", v.message, v.counterexample, _latex(le))
    evidence = f" ({v.points_tried} points tried)" if v.points_tried else ""
    return Outcome("unchecked", f"{v.verdict}: {v.message}{evidence}")


__all__ = ["judge_link", "Outcome", "STEP_SECONDS"]
