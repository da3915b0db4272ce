"""The refold table and the textbook presentation of closed forms."""

from __future__ import annotations

import pytest
import sympy
from sympy import Eq, Symbol, diff, exp, log, tanh

from symnn.closed_forms import REFOLD_RULES, recognize, refold, simplest_form, tidy
from symnn.vocabulary import sigmoid

x = Symbol("x", real=True)
w, b, y = sympy.symbols("w b y", real=True)
s = sigmoid(x)


def test_refold_sigma_prime_states_the_identity_it_used():
    result = refold(diff(1 / (1 + exp(-x)), x))
    assert result.expr == s * (1 - s)
    assert result.equations == (Eq(exp(-x), (1 - s) / s),)
    assert not result.expr.has(exp)


@pytest.mark.parametrize(
    "raw, hints, expected",
    [
        (diff(1 / (1 + exp(-x)), x, 2), (), s * (1 - s) * (1 - 2 * s)),
        (diff(log(1 + exp(x)), x), (), s),
        (diff(log(1 / (1 + exp(-x))), x), (), 1 - s),
        (diff(tanh(x).rewrite(exp), x), (tanh(x),), 1 - tanh(x) ** 2),
        (diff(1 / (1 + exp(-2 * x)), x), (sigmoid(2 * x),), 2 * sigmoid(2 * x) * (1 - sigmoid(2 * x))),
        (
            diff((1 / (1 + exp(-(w * x + b))) - y) ** 2 / 2, w),
            (),
            x * (sigmoid(w * x + b) - y) * sigmoid(w * x + b) * (1 - sigmoid(w * x + b)),
        ),
    ],
)
def test_refold_reaches_the_textbook_form(raw, hints, expected):
    folded = refold(raw, hints).expr
    assert not folded.has(exp)
    assert sympy.expand(folded - expected) == 0
    # and the refold did not change the value
    assert sympy.simplify((folded - raw).rewrite(exp)) == 0


def test_tidy_gives_factors_their_textbook_signs():
    assert tidy(-s * (s - 1)) == s * (1 - s)
    assert tidy(s * (s - 1)) == -s * (1 - s)
    assert tidy(s * (s - 1) * (2 * s - 1)) == s * (1 - s) * (1 - 2 * s)
    # without a constant term, σ keeps the positive sign: x(y − σ) is written −x(σ − y)
    assert tidy(x * (y - s)).args[0] == -1 and (s - y) in tidy(x * (y - s)).args


def test_simplest_form_prefers_short_expansions_only_when_shorter():
    t = tanh(x)
    assert simplest_form((1 - t) * (1 + t)) == 1 - t**2
    assert simplest_form(s * (1 - s) * (1 - 2 * s)) == s * (1 - s) * (1 - 2 * s)


def test_recognize_finds_definitions_written_out():
    assert recognize(1 / (1 + exp(-x))) == (s,)
    assert recognize((exp(x) - exp(-x)) / (exp(x) + exp(-x))) == (tanh(x),)
    assert recognize(x**2) == ()


def test_the_rule_table_is_correct():
    v = Symbol("v", real=True)
    for rule in REFOLD_RULES:
        value = rule.function(v)
        identity = exp(rule.power * v) - rule.rational(value)
        assert sympy.simplify(identity.rewrite(exp)) == 0, rule
