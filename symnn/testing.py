r"""Assertions for test suites: closed forms and gradients, checked by both witnesses.

>>> import symnn as sn
>>> from sympy import Symbol
>>> x = Symbol("x", real=True)
>>> assert_closed_form(sn.derive(sn.sigmoid(x), x), r"\sigma(x)(1-\sigma(x))")
>>> assert_gradient(sn.sigmoid(x), x, r"\sigma(x)(1+\sigma(x))")
Traceback (most recent call last):
...
AssertionError: the claimed derivative is false: ...
"""

from __future__ import annotations

from typing import Any

from . import api
from .calculus.derivation import Derivation
from .verdict import Verdict


def _explain(v: Verdict) -> str:
    text = v.message
    if v.counterexample:
        point = ", ".join(f"{k} = {val:.6g}" for k, val in v.counterexample["point"].items())
        text += (
            f"\ncounterexample at {point}: true value {v.counterexample['expected']:.10g}, "
            f"claimed {v.counterexample['claimed']:.10g}"
        )
    return text


def assert_closed_form(derivation: Derivation | Any, expected: Any, **options: Any) -> None:
    """Fail unless ``derivation`` is verified and its closed form equals ``expected``.

    ``derivation`` is a :class:`~symnn.calculus.derivation.Derivation` (its verdict must be
    ``verified``) or an expression; ``expected`` is LaTeX or an expression.  Equality is checked by
    :func:`symnn.check_equation`, so printing order does not matter.
    """
    __tracebackhide__ = True
    if isinstance(derivation, Derivation):
        if derivation.verdict is not None and not derivation.verdict:
            raise AssertionError(f"the derivation itself is not verified: {_explain(derivation.verdict)}")
        actual = derivation.closed_form
        options.setdefault("assume", derivation.assumptions)
    else:
        actual = derivation
    v = api.check_equation(actual, expected, **options)
    if not v:
        raise AssertionError(f"closed form {actual} does not equal the expected one: {_explain(v)}")


def assert_gradient(f: Any, wrt: Any, claimed: Any, **options: Any) -> None:
    """Fail unless d f / d wrt equals ``claimed`` (symbolic proof, then finite differences).

    The failure message names the counterexample point and both values.
    """
    __tracebackhide__ = True
    v = api.check(f, wrt, claimed, **options)
    if not v:
        raise AssertionError(_explain(v))


__all__ = ["assert_closed_form", "assert_gradient"]
