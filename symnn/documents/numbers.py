r"""Numbers as printed: exact values, the precision a printed number claims, and substitutions.

A printed ``0.58`` claims two decimals: it is right for any exact value that rounds to 0.58.
A value off by less than one unit of the last printed digit is a *rounding* problem (truncated,
or rounded too early), farther off it is *wrong*.

>>> judge_number(sympy.Rational(6480242100), r"6.4 \times 10^9").status
'rounding'
>>> judge_number(sympy.Rational(27, 100) + sympy.Rational(4, 1000), "0.274").status
'ok'
>>> judge_number(sympy.Rational(1, 3), "0.35").status
'wrong'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy
from sympy import Expr, Rational

from ..errors import SymnnInputError
from ..latex.parser import parse_latex
from .notation import matching, normalize

_NUMBER = re.compile(r"^\s*([+-]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*(?:(?:\\times|\\cdot|\*)\s*10\s*\^\s*\{?\s*([+-]?\d+)\s*\}?)?\s*$")
_NUMERIC_TOKENS = re.compile(r"\\times|\\cdot|\\frac|\\sqrt|\\left|\\right|\\big|\\Big|[\d.\s+\-*/()\[\]{}^]")


@dataclass
class Printed:
    """A printed number: its exact value and the unit of its last digit (None: exact integer)."""

    value: Rational
    ulp: Rational | None
    decimals: int


def printed(text: str) -> Printed | None:
    """The printed number ``text`` (``0.58``, ``-0.051``, ``6.4 \\times 10^9``, ``6,400``), or None."""
    m = _NUMBER.match(normalize(text))
    if not m:
        return None
    sign, digits, exp = m.groups()
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = Rational(digits) * (-1 if sign == "-" else 1)
    scale = Rational(10) ** int(exp) if exp else Rational(1)
    if decimals == 0 and not exp:
        return Printed(value, None, 0)
    return Printed(value * scale, Rational(1, 10 ** decimals) * scale, decimals)


def is_numeric(text: str) -> bool:
    """Is ``text`` an arithmetic expression of printed numbers only?"""
    t = normalize(text)
    if not re.search(r"\d", t):
        return False
    rest = _NUMERIC_TOKENS.sub("", t)
    return rest.strip() == ""


def decimal_text(x: Expr, decimals: int) -> str:
    """``x`` rounded to ``decimals`` places, as text."""
    v = sympy.N(x, 40)
    q = sympy.Rational(round(sympy.Float(v, 40) * 10 ** decimals)) / 10 ** decimals
    return f"{float(q):.{decimals}f}" if decimals else str(int(q))


def show(x: Expr, digits: int = 8) -> str:
    """A short decimal rendering of an exact number."""
    if isinstance(x, sympy.Integer):
        return f"{int(x):,}".replace(",", " ") if abs(int(x)) >= 10 ** 5 else str(int(x))
    v = float(sympy.N(x, 30))
    return f"{v:.{digits}g}"


@dataclass
class NumberVerdict:
    status: str  # ok | rounding | wrong
    message: str
    expected: float | None = None
    suggestion: str | None = None


def judge_number(x: Expr, text: str, approx: bool = False) -> NumberVerdict:
    """Is the exact number ``x`` what the printed ``text`` says (at its printed precision)?"""
    p = printed(text)
    if p is None:
        raise ValueError(f"not a printed number: {text}")
    xv = sympy.N(x, 40)
    if not xv.is_real or xv.is_infinite:
        return NumberVerdict("wrong", f"the value is {xv}, not a real number")
    diff = abs(sympy.Rational(sympy.Float(xv, 40)) - p.value) if xv != 0 or p.value != 0 else sympy.Integer(0)
    if p.ulp is None:  # an integer printed in full
        if x.is_Integer or (sympy.nsimplify(xv) == xv and xv == int(xv)):
            if diff == 0:
                return NumberVerdict("ok", "exact")
            return NumberVerdict("wrong", f"the exact value is {show(x)}, not {text.strip()}", float(xv), show(x))
        if diff <= sympy.Rational(1, 2):
            return NumberVerdict("ok", f"{show(x)} rounded to a whole number")
        return NumberVerdict("wrong", f"the value is {show(x)}, not {text.strip()}", float(xv), show(x))
    tol = p.ulp / 2 + p.ulp / 10 ** 6
    if diff <= tol:
        return NumberVerdict("ok", "exact" if diff == 0 else f"{show(x, 10)} rounded to the printed digits")
    right = _rounded_like(xv, p)
    if diff < p.ulp:
        return NumberVerdict("rounding", f"{show(x, 10)} is {right} at the printed precision, not {text.strip()}",
                             float(xv), right)
    return NumberVerdict("wrong", f"the value is {show(x, 10)}, which is {right} at the printed precision, not "
                                  f"{text.strip()}", float(xv), right)


def _rounded_like(xv, p: Printed) -> str:
    if p.ulp is not None and p.ulp > 1:
        exp = int(sympy.log(p.ulp, 10).evalf().round()) + p.decimals
        mant = sympy.N(xv / 10 ** exp, 30)
        return f"{float(mant):.{p.decimals}f} \\times 10^{{{exp}}}"
    return decimal_text(xv, p.decimals)


# --------------------------------------------------------------------------- numeric expression trees


@dataclass
class Node:
    """A printed arithmetic expression: ``num`` (with its text), ``sum`` of signed terms, ``prod``."""

    kind: str
    value: Expr | None = None
    text: str = ""
    children: list = field(default_factory=list)  # sum: [(sign, Node)], prod: [Node]


def numeric_tree(text: str) -> Node:
    """The printed arithmetic ``text`` as a tree (raises ValueError when it is not one)."""
    t = normalize(text).strip()
    node, k = _sum(t, 0)
    if t[k:].strip():
        raise ValueError(f"cannot read {text!r} as arithmetic")
    return node


def _skip(t: str, k: int) -> int:
    while k < len(t) and t[k] == " ":
        k += 1
    return k


def _sum(t: str, k: int):
    terms = []
    sign = 1
    k = _skip(t, k)
    if k < len(t) and t[k] in "+-":
        sign = -1 if t[k] == "-" else 1
        k += 1
    node, k = _prod(t, k)
    terms.append((sign, node))
    while True:
        k = _skip(t, k)
        if k < len(t) and t[k] in "+-":
            sign = -1 if t[k] == "-" else 1
            node, k = _prod(t, k + 1)
            terms.append((sign, node))
        else:
            break
    if len(terms) == 1 and terms[0][0] == 1:
        return terms[0][1], k
    return Node("sum", children=terms), k


def _prod(t: str, k: int):
    factors = []
    node, k = _factor(t, k)
    factors.append(node)
    while True:
        k = _skip(t, k)
        m = re.match(r"\\times|\\cdot|\*", t[k:])
        if m:
            node, k = _factor(t, k + m.end())
            factors.append(node)
        elif k < len(t) and t[k] in "([":
            node, k = _factor(t, k)
            factors.append(node)
        else:
            break
    if len(factors) == 1:
        return factors[0], k
    return Node("prod", children=factors), k


def _factor(t: str, k: int):
    k = _skip(t, k)
    if k < len(t) and t[k] in "([":
        close = matching(t, k, t[k], ")" if t[k] == "(" else "]")
        if close < 0:
            raise ValueError("unbalanced parenthesis")
        inner, j = _sum(t[k + 1:close - 1], 0)
        end = close
        if re.match(r"\s*\^", t[end:]):
            m = re.match(r"\s*\^\s*(\{[^{}]*\}|\d)", t[end:])
            if not m:
                raise ValueError("power")
            return _opaque_num(t[k:end + m.end()]), end + m.end()
        return inner, end
    if t.startswith("-", k):
        node, j = _factor(t, k + 1)
        return Node("sum", children=[(-1, node)]), j
    if t.startswith("\\frac", k):
        a = matching(t, k + 5 + (len(t[k + 5:]) - len(t[k + 5:].lstrip())))
        b = matching(t, a) if a > 0 else -1
        if b < 0:
            raise ValueError("fraction")
        return _opaque_num(t[k:b]), b
    m = re.match(r"\d+(?:\.\d*)?|\.\d+", t[k:])
    if not m:
        raise ValueError(f"unexpected {t[k:k + 10]!r}")
    end = k + m.end()
    m2 = re.match(r"\s*\^\s*(\{[^{}]*\}|\d)", t[end:])
    if m2:
        return _opaque_num(t[k:end + m2.end()]), end + m2.end()
    return Node("num", value=Rational(m.group(0)), text=m.group(0)), end


def _opaque_num(text: str) -> Node:
    try:
        return Node("num", value=parse_latex(text), text=text)
    except SymnnInputError as exc:
        raise ValueError(str(exc)) from None


def tree_error(node: Node) -> Expr:
    """A bound on how far the printed arithmetic can be from the same arithmetic done with the
    exact values of its (rounded) numbers: half a unit of each number's last digit, propagated."""
    if node.kind == "num":
        p = printed(node.text)
        return p.ulp / 2 if p is not None and p.ulp is not None else sympy.Integer(0)
    if node.kind == "sum":
        return sympy.Add(*[tree_error(c) for _, c in node.children])
    total = abs(tree_value(node))
    rel = sympy.Integer(0)
    for c in node.children:
        v = abs(tree_value(c))
        if v == 0:
            return sympy.oo
        rel += tree_error(c) / v
    return total * rel


def tree_value(node: Node) -> Expr:
    if node.kind == "num":
        return node.value
    if node.kind == "sum":
        return sympy.Add(*[s * tree_value(c) for s, c in node.children])
    return sympy.Mul(*[tree_value(c) for c in node.children])


__all__ = ["Printed", "printed", "is_numeric", "judge_number", "NumberVerdict", "numeric_tree", "tree_value",
           "Node", "show", "decimal_text", "tree_error"]
