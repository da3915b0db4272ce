"""Optimizer traces, fits and attention (issue 5, acceptance 3 and the rest)."""

from __future__ import annotations

import pytest
from sympy import E, Rational, sqrt

import _corpus as examples
from symnn.worked.attention import self_attention
from symnn.worked.fits import least_squares, ridge
from symnn.worked.optimizers import Dataset, gradient_descent, momentum, perceptron, sgd


@pytest.mark.parametrize("q, option, vector", [
    (6, "B", ("-0.527", "1.220", "-1.047", "-0.445")),
    (7, "A", ("-0.469", "0.890", "-0.799", "-0.449")),
    (8, "D", ("-0.598", "1.829", "-1.557", "-0.502")),
    (9, "A", ("-0.478", "0.849", "-0.722", "-0.380")),
    (10, "C", ("-0.35", "0.75", "-0.85", "-0.75")),
])
def test_seed001_optimizers(q, option, vector):
    c = examples.seed001_optimizer(q)
    assert c.matching == [option] and c.agrees_with_source
    assert c.computed == tuple(Rational(v) for v in vector)
    assert r"\begin{align*}" in c.latex() and r"\checkmark" in c.latex()


@pytest.mark.parametrize("q, change", [
    (6, {"lr": "0.4"}), (6, {"steps": 24}), (7, {"schedule": lambda t: 7 - t % 8}),
    (7, {"lr": "0.2"}), (8, {"alpha": "0.4"}), (9, {"delta": "0.1"}),
    (9, {"schedule": [1, 0, 3, 2, 5, 4, 7, 6]}), (10, {"order": range(7, -1, -1)}),
])
def test_changing_settings_changes_the_answer(q, change):
    base = examples.seed001_optimizer(q)
    changed = examples.seed001_optimizer(q, **change)
    assert changed.computed != base.computed
    assert changed.matching != base.matching


def test_update_rules_exact():
    data = Dataset([[1, 0], [0, 1]], [1, -1])
    assert gradient_descent(data, "0.5", 1).final == (Rational(1, 4), Rational(-1, 4))
    # SGD on sample 1 only; momentum's first step equals GD's
    assert sgd(data, "0.5", 1, schedule=[0]).final == (Rational(1, 2), 0)
    assert momentum(data, "0.5", "0.9", 1).final == gradient_descent(data, "0.5", 1).final
    two = momentum(data, "0.5", "0.5", 2).final
    gd = gradient_descent(data, "0.5", 1).final
    v1 = gd                                    # v¹ = −η∇C(W⁰)
    g = data.grad(gd)
    assert two == tuple(w + (Rational(1, 2) * v - Rational(1, 2) * gi) for w, v, gi in zip(gd, v1, g))


def test_perceptron_condition():
    data = examples.seed001_dataset()
    strict = perceptron(data, strict=True)
    assert strict.final == (0, 0, 0, 0)          # the source's "< 0" never fires from W = 0
    assert perceptron(data, lr=1).final == tuple(2 * v for v in perceptron(data).final)


def test_commute_fit_exact():
    f = examples.seed001_commute_fit()
    assert f.weights == (Rational(2897, 476), Rational(1555, 238), Rational(431, 204))
    assert sum(f.residuals) == 0                  # with a bias column the residuals sum to 0
    assert any("6.08613445378149" in n for n in f.notes)
    other = examples.seed001_commute_fit(minutes=[26, 33, 15, 45, 22])
    assert other.weights != f.weights


def test_ridge_shrinks_and_matches_formula():
    X, y = [[0], [1], [2]], [1, 3, 5]
    assert least_squares(X, y).weights == (2, 1)
    r = ridge(X, y, 1, bias=False)
    # (x·x/n + λ) w = x·y/n: (5/3 + 1) w = 13/3
    assert r.weights == (Rational(13, 8),)
    with pytest.raises(ValueError):
        least_squares([[1], [1]], [1, 2], bias=True)


def test_attention_rows_sum_to_one_and_are_exact():
    r = examples.seed003_attention()
    for i in range(3):
        assert abs(float(sum(r.weights.row(i))) - 1) < 1e-15
    assert r.scaled[0, 0] == 2 / sqrt(2)
    assert r.weights[0, 0] == E ** sqrt(2) / (E ** sqrt(2) + E ** (sqrt(2) / 2) + E ** (3 * sqrt(2) / 2))
    simple = examples.seed003_attention(base=3, scale=2)
    # row 3 of S/2 is (3/2, 3/2, 3): 3^3 / (2·3^{3/2} + 3^3), exactly
    assert simple.weights[2, 2] == 27 / (6 * sqrt(3) + 27)
    other = self_attention([[1, 0], [0, 1]], [[2, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert other.scores[0, 0] == 2 and other.output != r.output
