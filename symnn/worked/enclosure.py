r"""Rigorous enclosures of optimizer traces whose exact values are not rational.

AdaGrad, RMSProp and Adam take square roots (and a logistic loss an exponential), so their exact
iterates are algebraic or transcendental numbers that symnn carries to 50 digits.  Digits alone are
not a proof; an *enclosure* is: the same update rule run in interval arithmetic (``mpmath.iv``,
outward rounding at every operation) gives for every iterate an interval that certainly contains
the exact value.  When each interval is narrow and holds the 50-digit value, the trace is proved
to those digits — an exact recomputation in the sense of the verdict policy.

>>> from sympy import Float, Rational
>>> from symnn.worked.optimizers import Dataset
>>> data = Dataset([[1, 2]], [1, -1], loss="least_squares")
>>> boxes = enclose_trace(data, dict(kind="adagrad", lr=Rational(1, 2), delta=Rational(1, 10**6), steps=2))
>>> len(boxes), len(boxes[0])
(3, 1)
>>> contains(boxes[2][0], Float("-0.7", 50))
False
"""

from __future__ import annotations

from typing import Sequence

import mpmath

#: Working digits of the interval run (above the 50 digits of the trace).
DPS = 70
#: An enclosure counts when its width is below this relative size.
WIDTH = mpmath.mpf(10) ** -40


class Undecided(Exception):
    """An interval straddles a decision of the update rule (a hinge exactly at its margin)."""


def _iv(v):
    """An interval holding the exact number ``v`` (a rational, an int or a decimal string)."""
    iv = mpmath.iv
    p, q = getattr(v, "p", None), getattr(v, "q", None)
    if p is not None and q is not None:
        return iv.mpf(int(p)) / int(q)
    if isinstance(v, int):
        return iv.mpf(v)
    return iv.mpf(str(v))


def enclose_trace(data, settings: dict) -> list[list]:
    """Intervals for every iterate of the trace ``settings`` describes (kinds adagrad, rmsprop,
    adam, gd, sgd, momentum, nesterov), on the data's loss.  Raises :class:`Undecided` when a
    branch of the rule cannot be decided on an interval, ``ValueError`` for an unknown kind."""
    iv = mpmath.iv
    old = iv.dps
    iv.dps = DPS
    try:
        return _run(data, settings)
    finally:
        iv.dps = old


def _run(data, settings: dict) -> list[list]:
    from .optimizers import _schedule

    iv = mpmath.iv
    X = [[_iv(v) for v in row] for row in data.X]  # d × n
    y = [_iv(v) for v in data.y]
    d, n, kind = len(X), len(y), settings["kind"]
    W0 = settings.get("W0")
    W = [iv.mpf(0)] * d if W0 is None else [_iv(v) for v in W0]
    lr = _iv(settings["lr"])

    def g_i(W, i):
        x = [X[k][i] for k in range(d)]
        score = sum((w * xk for w, xk in zip(W, x)), iv.mpf(0))
        if data.loss == "least_squares":
            return [(score - y[i]) * xk for xk in x]
        if data.loss == "logistic":
            return [-y[i] * xk / (1 + iv.exp(y[i] * score)) for xk in x]
        margin = y[i] * score
        if margin >= 1:
            return [iv.mpf(0)] * d
        if not margin < 1:
            raise Undecided("a hinge margin is too close to 1 to decide its branch")
        return [-(1 - margin) * y[i] * xk for xk in x]

    def g(W):
        total = [iv.mpf(0)] * d
        for i in range(n):
            total = [a + b for a, b in zip(total, g_i(W, i))]
        return [t / n for t in total]

    index = _schedule(settings.get("schedule"), data)  # the trace's own sample order
    full = settings.get("full", kind in ("gd", "momentum"))
    grad = (lambda t, W: g(W)) if full else (lambda t, W: g_i(W, index(t)))  # noqa: E731
    out = [list(W)]
    m1, m2 = [iv.mpf(0)] * d, [iv.mpf(0)] * d
    for t in range(settings["steps"]):
        if kind in ("gd", "sgd"):
            W = [w - lr * gk for w, gk in zip(W, grad(t, W))]
        elif kind == "momentum":
            a = _iv(settings["alpha"])
            m1 = [a * v - lr * gk for v, gk in zip(m1, grad(t, W))]
            W = [w + v for w, v in zip(W, m1)]
        elif kind == "nesterov":
            a = _iv(settings["alpha"])
            look = [w + a * v for w, v in zip(W, m1)]
            m1 = [a * v - lr * gk for v, gk in zip(m1, grad(t, look))]
            W = [w + v for w, v in zip(W, m1)]
        elif kind == "adagrad":
            delta = _iv(settings["delta"])
            gt = g_i(W, index(t))
            m2 = [r + gk * gk for r, gk in zip(m2, gt)]
            W = [w - lr * gk / (delta + iv.sqrt(r)) for w, gk, r in zip(W, gt, m2)]
        elif kind == "rmsprop":
            rho, delta = _iv(settings["rho"]), _iv(settings["delta"])
            gt = grad(t, W)
            m2 = [rho * r + (1 - rho) * gk * gk for r, gk in zip(m2, gt)]
            W = [w - lr * gk / iv.sqrt(delta + r) for w, gk, r in zip(W, gt, m2)]
        elif kind == "adam":
            r1, r2, delta = (_iv(settings[k]) for k in ("rho1", "rho2", "delta"))
            gt = grad(t, W)
            m1 = [r1 * s + (1 - r1) * gk for s, gk in zip(m1, gt)]
            m2 = [r2 * r + (1 - r2) * gk * gk for r, gk in zip(m2, gt)]
            c1, c2 = 1 - r1 ** (t + 1), 1 - r2 ** (t + 1)
            W = [w - lr * (s / c1) / (iv.sqrt(r / c2) + delta) for w, s, r in zip(W, m1, m2)]
        else:
            raise ValueError(f"no interval rule for the trace kind {kind!r}")
        out.append(list(W))
    return out


def contains(box, value) -> bool:
    """Does the interval ``box`` hold ``value`` (a SymPy Float or number), give or take the last
    digits of ``value``'s own precision, and is it narrow (relative width below :data:`WIDTH`)?"""
    old = mpmath.mp.dps
    mpmath.mp.dps = DPS
    try:
        lo, hi = mpmath.mpf(box.a), mpmath.mpf(box.b)
        v = mpmath.mpf(str(value))
        size = max(abs(lo), abs(hi), mpmath.mpf(10) ** -30)
        slack = size * mpmath.mpf(10) ** -45  # the 50-digit value's own rounding
        return hi - lo <= WIDTH * size and lo - slack <= v <= hi + slack
    finally:
        mpmath.mp.dps = old


def enclosed(data, settings: dict, iterates: Sequence[Sequence]) -> bool:
    """True when every entry of ``iterates`` lies in its narrow enclosure (a proof of the trace
    to about 40 digits); False when the enclosure cannot be computed or one entry lies outside."""
    try:
        boxes = enclose_trace(data, settings)
    except (Undecided, ValueError, ZeroDivisionError):
        return False
    if len(boxes) != len(iterates):
        return False
    return all(contains(b, v) for row_b, row_v in zip(boxes, iterates) for b, v in zip(row_b, row_v))


__all__ = ["enclose_trace", "enclosed", "contains", "Undecided", "DPS", "WIDTH"]
