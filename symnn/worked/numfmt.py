r"""Numbers in worked examples: exact input, rounding as a hand solution rounds, one formatter.

Inputs are converted to exact SymPy numbers (a float or a decimal string ``"0.6"`` becomes the
rational 3/5 it was meant to be).  Values stay exact (rationals, or symbolic values such as
σ(202/625)); :func:`evaluate` gives them to 30 significant digits, :func:`round_half_up` rounds
as a person does (halves away from zero), and :func:`fmt` is *the* formatter used by every table
and ``align*`` block of :mod:`symnn.worked`, so numbers look the same everywhere.

>>> exact(0.6), exact("0.28"), exact(3)
(3/5, 7/25, 3)
>>> round_half_up(exact("0.0125"), 3), round_half_up(exact("-0.0125"), 3)
(13/1000, -13/1000)
>>> fmt(exact("0.54068")), fmt(exact("0.54068"), 3), fmt(exact(1) / 3)
('0.54068', '0.541', '0.3333333333\\ldots')
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from fractions import Fraction
from numbers import Integral, Rational as _PyRational

import sympy
from sympy import Basic, Expr, Float, Integer, Rational, floor

from ..vocabulary import expand_definitions

__all__ = ["exact", "evaluate", "round_half_up", "fmt", "decimal_str", "is_terminating", "PRECISION"]

#: Significant digits used when an exact value has to be evaluated.
PRECISION = 30


def exact(value) -> Expr:
    """An exact SymPy number from an int, float (its shortest decimal), decimal string or fraction.

    Strings are read as numbers only (``fractions.Fraction``), never evaluated as code.
    """
    if isinstance(value, Basic):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Integral):
        return Integer(int(value))
    if isinstance(value, _PyRational):
        return Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, (str, Decimal)):
        try:
            f = Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"not a number: {value!r}") from None
        return Rational(f.numerator, f.denominator)
    raise TypeError(f"cannot use {type(value).__name__} as an exact number")


def evaluate(value, digits: int = PRECISION) -> Float:
    """``value`` to ``digits`` significant digits (vocabulary functions rewritten if needed)."""
    value = exact(value)
    result = value.evalf(digits)
    if not result.is_Number:
        result = expand_definitions(value).evalf(digits)
    if not result.is_Number:
        raise ValueError(f"cannot evaluate {value} to a number")
    return result


@lru_cache(maxsize=4096)
def _high(value: Expr) -> Float:
    """``value`` to 60 significant digits, cached (worked values are evaluated many times)."""
    return evaluate(value, 60)


def round_half_up(value, k: int) -> Rational:
    """``value`` rounded to ``k`` decimals, halves away from zero, as an exact rational."""
    value = exact(value)
    scale = Integer(10) ** k
    if value.is_Rational:
        negative, magnitude = value.is_negative, abs(value) * scale
    else:
        # 60 significant digits: ties cannot occur for the irrational values met here
        approx = _high(value)
        negative, magnitude = approx < 0, Rational(str(abs(approx))) * scale
    rounded = floor(magnitude + Rational(1, 2)) / scale
    return -rounded if negative else rounded


def is_terminating(value) -> bool:
    """True for a rational whose decimal expansion ends (denominator 2^a 5^b)."""
    if not exact(value).is_Rational:
        return False
    q = int(exact(value).q)
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def decimal_str(value, k: int | None = None, *, digits: int = 10) -> str:
    """Plain decimal text: ``k`` fixed decimals, or exact when the decimal ends, else ``digits``
    decimals followed by ``...``."""
    value = exact(value)
    if k is not None:
        r = round_half_up(value, k)
        text = f"{Decimal(int(r.p)) / Decimal(int(r.q)):.{k}f}" if k > 0 else str(int(r))
        return "0" + text[2:] if text.startswith("-0") and float(r) == 0 else text
    if value.is_Integer:
        return str(int(value))
    if is_terminating(value):
        q = int(value.q)
        n = 0  # decimals needed: the least n with q | 10^n
        while (10 ** n) % q:
            n += 1
        return f"{Decimal(int(value.p)) / Decimal(q):.{n}f}"
    return decimal_str(value, digits) + "..."


def fmt(value, round_to: int | None = None) -> str:
    r"""The LaTeX (math mode) of a number: fixed ``round_to`` decimals, or exact when possible.

    Without ``round_to`` a terminating decimal of up to 12 decimals is printed exactly and any other
    value to ten decimals followed by ``\ldots``; integers of five or more digits are grouped in thousands.

    >>> fmt(6480242100), fmt(-0.0510, 4), fmt(1234)
    ('6{,}480{,}242{,}100', '-0.0510', '1234')
    """
    text = decimal_str(value, round_to)
    whole, dot, decimals = text.partition(".")
    if round_to is None and dot and len(decimals.rstrip(".")) > 12:  # an exact but long decimal
        text = whole + "." + decimals[:10] + "..."
    if exact(value).is_Integer and round_to is None and len(text.lstrip("-")) >= 5:
        text = f"{int(exact(value)):,}".replace(",", "{,}")
    return text.replace("...", r"\ldots")
