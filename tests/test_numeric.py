"""Tests of the numeric witness (symnn.numeric)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from sympy import Abs, Heaviside, Max, Ne, Piecewise, Symbol, exp, log, sinh, symbols, tanh
from sympy.utilities.lambdify import implemented_function

from symnn.numeric import (
    MIN_POINTS,
    TOLERANCE,
    NumericResult,
    Tolerance,
    compare_derivative,
    compare_values,
    is_analytic,
    kink_arguments,
    numeric_derivative,
    relative_error,
    sample_points,
    within_tolerance,
)
from symnn.vocabulary import binary_cross_entropy, indicator, mse, relu, sigmoid, softplus

x, y = symbols("x y")


def sig(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


# --------------------------------------------------------------------------- tolerance


def test_tolerance_is_stated_once():
    assert TOLERANCE == Tolerance(rel=1e-6, abs=1e-9)
    with pytest.raises(Exception):
        TOLERANCE.rel = 1.0  # frozen


@pytest.mark.parametrize(
    "a, b, agree",
    [
        (1e-12, 0.0, True),  # noise around a true zero
        (0.0, 0.0, True),
        (1.0, 1.0 + 1e-9, True),
        (0.24, 0.21, False),
        (1e-3, 2e-3, False),
        (1e-8, 2e-8, False),  # still above the absolute floor
        (1e6, 1e6 * (1 + 1e-3), False),
        (1e6, 1e6 + 0.1, True),
        (-1.0, 1.0, False),
    ],
)
def test_relative_error_definition(a, b, agree):
    assert within_tolerance(a, b) is agree
    assert relative_error(a, b) == relative_error(b, a)


# --------------------------------------------------------------------------- derivatives


def test_sigmoid_derivative_agrees_with_complex_step():
    r = compare_derivative(sigmoid(x), x, sigmoid(x) * (1 - sigmoid(x)))
    assert r.status == "agree" and bool(r)
    assert r.points_tried == 24
    assert r.method == "complex step"
    assert r.max_rel_error < 1e-12
    assert r.counterexample is None
    assert "24 random points" in r.message


def test_wrong_sigmoid_derivative_gives_confirmed_counterexample():
    r = compare_derivative(sigmoid(x), x, sigmoid(x) * (1 + sigmoid(x)))
    assert r.status == "counterexample" and not r
    ce = r.counterexample
    assert set(ce) == {"point", "expected", "claimed"}
    assert set(ce["point"]) == {"x"}
    px = ce["point"]["x"]
    assert isinstance(px, float)
    assert ce["expected"] == pytest.approx(sig(px) * (1 - sig(px)), rel=1e-12)
    assert ce["claimed"] == pytest.approx(sig(px) * (1 + sig(px)), rel=1e-12)
    assert r.message.startswith("differs at x = ")
    assert "d/dx" in r.message and "claim gives" in r.message


def test_log_derivative_with_constraint():
    r = compare_derivative(log(x), x, 1 / x, constraints=[x > 0])
    assert r.status == "agree"
    assert all(p["x"] > 0 for p in r.points)


def test_log_without_constraint_skips_the_undefined_half():
    r = compare_derivative(log(x), x, 1 / x)
    assert r.status == "agree" and r.points_tried == 24
    assert all(p["x"] > 0 for p in r.points)


def test_log10_derivative_is_not_one_over_x():
    r = compare_derivative(log(x, 10), x, 1 / x, constraints=[x > 0])
    assert r.status == "counterexample"
    px = r.counterexample["point"]["x"]
    assert r.counterexample["expected"] == pytest.approx(1 / (px * math.log(10)), rel=1e-12)
    assert r.counterexample["claimed"] == pytest.approx(1 / px, rel=1e-12)


def test_relu_derivative_is_indicator_away_from_the_kink():
    r = compare_derivative(relu(x), x, indicator(x))
    assert r.status == "agree"
    assert r.method == "finite differences"
    assert r.points_tried == 24
    assert all(abs(p["x"]) > 1e-3 for p in r.points)
    # both sides of the kink are visited
    assert any(p["x"] > 0 for p in r.points) and any(p["x"] < 0 for p in r.points)


def test_relu_kink_of_a_shifted_argument_is_avoided():
    r = compare_derivative(relu(2 * x - 1) * y, x, 2 * y * indicator(2 * x - 1))
    assert r.status == "agree"
    assert all(abs(2 * p["x"] - 1) > 1e-3 for p in r.points)


def test_relu_derivative_wrong_claim_refuted():
    r = compare_derivative(relu(x), x, Heaviside(-x))
    assert r.status == "counterexample"


def test_second_derivative_of_sigmoid():
    s = sigmoid(x)
    r = compare_derivative(s, x, s * (1 - s) * (1 - 2 * s), order=2)
    assert r.status == "agree"
    assert r.max_rel_error < 1e-8
    assert "d^2/dx^2" not in r.message  # agreement message does not name the derivative
    wrong = compare_derivative(s, x, s * (1 - s) * (1 + 2 * s), order=2)
    assert wrong.status == "counterexample"
    assert "d^2/dx^2" in wrong.message


def test_third_derivative_and_nonsmooth_second_derivative():
    s = sigmoid(x)
    assert compare_derivative(s, x, sympy.diff(s, x, 3), order=3).status == "agree"
    assert compare_derivative(relu(x) ** 2, x, 2 * indicator(x), order=2).status == "agree"
    assert compare_derivative(relu(x) ** 2, x, 2 * x, order=2).status == "counterexample"


def test_mixed_partial():
    assert compare_derivative(x**2 * y, (x, y), 2 * x).status == "agree"
    r = compare_derivative(x**2 * y, (x, y), 2 * y)
    assert r.status == "counterexample"
    assert set(r.counterexample["point"]) == {"x", "y"}


def test_losses_composed_with_activations():
    assert compare_derivative(binary_cross_entropy(sigmoid(x), y), x, sigmoid(x) - y).status == "agree"
    claim = (sigmoid(x) - y) * sigmoid(x) * (1 - sigmoid(x))
    assert compare_derivative(mse(sigmoid(x), y), x, claim).status == "agree"
    assert compare_derivative(softplus(x), x, sigmoid(x)).status == "agree"
    assert compare_derivative(softplus(x), x, sigmoid(-x)).status == "counterexample"


def test_cancellation_prone_true_claim_is_not_refuted():
    # (e^{2x} - 1)/(e^x - e^{-x}) = e^x exactly, but for tiny x both differences lose ~11 digits
    # in double precision: the double comparison fails and the 40-digit check must clear it.
    claim = (exp(2 * x) - 1) / (exp(x) - exp(-x))
    r = compare_derivative(exp(x), x, claim, constraints=[x > 0, x < 1e-10])
    assert r.status == "agree", r.message
    assert r.confirmed_in_high_precision > 0
    assert all(0 < p["x"] < 1e-10 for p in r.points)


def test_cancellation_prone_identity_is_not_refuted():
    # e^x - 1 - x against its exact rewriting 2 e^{x/2} sinh(x/2) - x, scaled up so that the
    # double-precision cancellation noise exceeds the tolerance.
    lhs = (exp(x) - 1 - x) / x**2
    rhs = (2 * exp(x / 2) * sinh(x / 2) - x) / x**2
    r = compare_values(lhs, rhs, constraints=[x > 1e-7, x < 1e-6])
    assert r.status == "agree", r.message
    assert r.confirmed_in_high_precision > 0


def test_claim_off_by_one_thousandth_is_refuted():
    s = sigmoid(x)
    r = compare_derivative(s, x, s * (1 - s) * (1 + sympy.Rational(1, 1000)))
    assert r.status == "counterexample"
    e, c = r.counterexample["expected"], r.counterexample["claimed"]
    assert c / e == pytest.approx(1.001, rel=1e-9)
    # a relative error of 1e-8 is within tolerance
    assert compare_derivative(s, x, s * (1 - s) * (1 + sympy.Float(1e-8))).status == "agree"


def test_unconfirmable_disagreement_is_not_a_counterexample():
    # NumPy can evaluate g, mpmath cannot (np.sin of an mpf fails): no verdict either way.
    g = implemented_function("g", lambda t: np.sin(t) + 0.1)
    r = compare_derivative(-sympy.cos(x), x, g(x))
    assert r.status == "no_points"
    assert "high-precision" in r.message


def test_sympy_derivative_with_dirac_delta_is_evaluated_away_from_the_kink():
    e = Max(x, y) ** 2
    assert compare_derivative(e, x, sympy.diff(e, x, 2), order=2).status == "agree"


def test_unevaluable_expression_gives_no_points():
    f = sympy.Function("f")
    r = compare_derivative(f(x), x, x)
    assert r.status == "no_points"
    assert "could not evaluate" in r.message


# --------------------------------------------------------------------------- sampling


def test_constraints_are_respected():
    cons = [x > 2 * y, x**2 < 4, Ne(y, 0)]
    pts = sample_points([x, y], constraints=cons, n=30, seed=3)
    assert len(pts) == 30
    for p in pts:
        assert p[x] > 2 * p[y] and p[x] ** 2 < 4 and p[y] != 0
    r = compare_derivative(x**3 * y, x, 3 * x**2 * y, constraints=cons)
    assert r.status == "agree"
    assert all(p["x"] > 2 * p["y"] and p["x"] ** 2 < 4 for p in r.points)


def test_positive_and_negative_symbols():
    p, q, r_ = Symbol("p", positive=True), Symbol("q", negative=True), Symbol("r", nonnegative=True)
    pts = sample_points([p, q, r_], n=50)
    assert len(pts) == 50
    assert all(pt[p] > 0 and pt[q] < 0 and pt[r_] > 0 for pt in pts)
    res = compare_derivative(log(p), p, 1 / p)
    assert res.status == "agree" and all(pt["p"] > 0 for pt in res.points)


def test_samples_avoid_zero_and_integers_and_cover_magnitudes():
    pts = [pt[x] for pt in sample_points([x], n=400, seed=1)]
    assert all(v != 0 and v != round(v) for v in pts)
    assert min(pts) < -3 and max(pts) > 3  # a few larger magnitudes
    assert sum(abs(v) < 0.5 for v in pts) > 40  # and some small ones
    assert max(abs(v) for v in pts) <= 8


def test_integer_symbols_sampled_as_integers():
    n = Symbol("n", integer=True, positive=True)
    pts = sample_points([n], n=20)
    assert all(isinstance(pt[n], int) and pt[n] >= 1 for pt in pts)


def test_equality_constraint_is_solved():
    a, b = symbols("a b")
    pts = sample_points([a, b], constraints=[sympy.Eq(a + b, 1)], n=10)
    assert len(pts) == 10
    assert all(abs(pt[a] + pt[b] - 1) < 1e-12 for pt in pts)


def test_impossible_constraints_give_no_points():
    r = compare_derivative(log(x), x, 1 / x, constraints=[x > 0, x < 0])
    assert r.status == "no_points"
    assert r.points_tried == 0 and r.counterexample is None
    assert "could not find points satisfying" in r.message
    assert sample_points([x], constraints=[x > 0, x < 0]) == []
    assert compare_values(x, x, constraints=[sympy.false]).status == "no_points"


def test_too_few_points_is_no_points():
    # the constraint x**2 < 1e-9 is met by almost no random candidate
    r = compare_derivative(x**2, x, 2 * x, constraints=[x**2 < 1e-9, y > 0], n_points=24)
    assert r.status == "no_points"


def test_same_seed_same_result_and_other_seed_other_points():
    args = (sigmoid(x) * y, x, sigmoid(x) * (1 + sigmoid(x)) * y)
    r1, r2 = compare_derivative(*args, seed=7), compare_derivative(*args, seed=7)
    assert r1 == r2
    assert sample_points([x, y], seed=7) == sample_points([y, x], seed=7)
    assert sample_points([x], seed=1) != sample_points([x], seed=2)


# --------------------------------------------------------------------------- identities


def test_identities():
    assert compare_values(tanh(x), 2 * sigmoid(2 * x) - 1).status == "agree"
    assert compare_values(softplus(x) - softplus(-x), x).status == "agree"
    r = compare_values(softplus(x) - softplus(-x), -x)
    assert r.status == "counterexample"
    px = r.counterexample["point"]["x"]
    assert r.counterexample["expected"] == pytest.approx(px, rel=1e-12)
    assert r.counterexample["claimed"] == pytest.approx(-px, rel=1e-12)
    assert "left side" in r.message and "right side" in r.message
    assert compare_values(relu(x) - relu(-x), x).status == "agree"
    assert compare_values(Abs(x), Max(x, -x)).status == "agree"


def test_constant_identities():
    assert compare_values(sympy.sqrt(2) ** 2, sympy.Integer(2)).status == "agree"
    assert compare_values(sympy.Integer(2), sympy.Integer(3)).status == "counterexample"


# --------------------------------------------------------------------------- helpers


def test_numeric_derivative():
    assert numeric_derivative(sigmoid(x), x, {x: 0.3}) == pytest.approx(sig(0.3) * (1 - sig(0.3)), rel=1e-14)
    assert numeric_derivative(relu(x), x, {x: -0.7}) == pytest.approx(0.0, abs=1e-12)
    assert numeric_derivative(relu(x), x, {x: 0.7}) == pytest.approx(1.0, rel=1e-9)
    s = sig(0.3)
    assert numeric_derivative(sigmoid(x), x, {x: 0.3}, order=2) == pytest.approx(s * (1 - s) * (1 - 2 * s), rel=1e-9)
    assert numeric_derivative(x**2 * y, (x, y), {x: 0.3, y: 1.2}) == pytest.approx(0.6, rel=1e-9)


def test_analyticity_and_kinks():
    assert is_analytic(sigmoid(x) + softplus(x) + tanh(x) + log(x))
    assert not is_analytic(relu(x)) and not is_analytic(Abs(x))
    assert not is_analytic(Piecewise((x, x > 1), (0, True)))
    assert kink_arguments(relu(x - 1) + Piecewise((x, x > 2), (0, True))) == [x - 1, x - 2]


def test_result_type():
    r = compare_values(x, x)
    assert isinstance(r, NumericResult)
    assert r.points_tried >= MIN_POINTS
