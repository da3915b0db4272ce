"""Turn Python numbers into SymPy objects without ever parsing text.

symnn never converts strings to expressions except through its LaTeX parser; this helper is what
internal code uses instead of ``sympify``.

>>> as_basic(3), as_basic(0.5)
(3, 0.500000000000000)
>>> as_basic("x")
Traceback (most recent call last):
...
TypeError: expected a SymPy object or a number, not str
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from sympy import Basic


def as_basic(value) -> Basic:
    """``value`` if it is a SymPy object; a SymPy number for a Python number; TypeError otherwise."""
    if isinstance(value, Basic):
        return value
    if isinstance(value, bool):
        return sympy.true if value else sympy.false
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        return sympy.Float(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    raise TypeError(f"expected a SymPy object or a number, not {type(value).__name__}")
