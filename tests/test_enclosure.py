"""Optimizer traces with square roots are proved by interval enclosures, not by their digits."""

from __future__ import annotations

from sympy import Float, Rational

from symnn.worked.enclosure import enclosed, enclose_trace
from symnn.worked.optimizers import Dataset, adagrad, adam, rmsprop, verify_trace

DATA = Dataset([[1, 2, -1], [0, 1, 3]], [1, -1, 1], loss="squared_hinge")
LS = Dataset([[1, 2, -1], [0, 1, 3]], [1, -1, 1], loss="least_squares")


def test_adaptive_traces_are_verified_exactly_by_enclosure():
    for trace in (adagrad(DATA, Rational(1, 2), Rational(1, 10**6), 12),
                  rmsprop(LS, Rational(1, 10), Rational(9, 10), Rational(1, 10**6), 6),
                  adam(LS, steps=5)):
        assert trace.verdict.verdict == "verified" and trace.verdict.method == "exact", trace.verdict.message
        assert "interval arithmetic" in trace.verdict.message


def test_a_trace_wrong_in_its_30th_digit_is_not_proved():
    trace = adagrad(DATA, Rational(1, 2), Rational(1, 10**6), 12)
    t, j = 7, 1
    row = list(trace.iterates[t])
    row[j] = Float(row[j] * (1 + Rational(1, 10**30)), 50)
    trace.iterates[t] = tuple(row)
    assert not enclosed(trace.data, trace.settings, trace.iterates)
    v = verify_trace(trace)
    assert v.verdict == "undetermined", v.message  # the floats agree: evidence, not a proof


def test_enclosures_are_narrow_and_hold_the_iterates():
    trace = rmsprop(LS, Rational(1, 10), Rational(9, 10), Rational(1, 10**6), 6)
    boxes = enclose_trace(trace.data, trace.settings)
    assert len(boxes) == len(trace.iterates)
    assert all(b.delta < Rational(1, 10**50) for row in boxes[1:] for b in row)
