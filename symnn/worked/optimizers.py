r"""Optimizer traces on a given data set: gradient descent, SGD, momentum, AdaGrad, perceptron.

The conventions are those of seed 001 (§2 and §5):

* gradient descent  W ← W − η ∇C(W), with C(W) = (1/n) Σ_i C_i(W);
* SGD               W ← W − η ∇C_{i_t}(W) for a given index schedule i_t;
* momentum          v ← α v − η ∇C(W),  W ← W + v  (v⁽⁰⁾ = 0);
* AdaGrad           r ← r + g ⊙ g,  W ← W − η g / (δ + √r)  (δ inside the denominator, added to
  √r; g the gradient of the scheduled sample);
* perceptron        ŷ = 1 if Wᵀx > 0 else −1; when y Wᵀx ≤ 0, W ← W + η (y − ŷ) x;
* Nesterov          v ← α v − η ∇C(W + α v),  W ← W + v;
* RMSProp           r ← ρ r + (1 − ρ) g ⊙ g,  W ← W − η g / √(δ + r);
* Adam              s ← ρ₁ s + (1 − ρ₁) g,  r ← ρ₂ r + (1 − ρ₂) g ⊙ g,  ŝ = s/(1 − ρ₁ᵗ),
  r̂ = r/(1 − ρ₂ᵗ),  W ← W − η ŝ / (√r̂ + δ)  (the last three as in Goodfellow et al., §8.5;
  g is the full gradient ∇C(W), or ∇C_{i_t}(W) with a visiting order).

Arithmetic is exact (rationals) except AdaGrad, whose square roots are carried to 50 digits.
The per-sample objectives are the squared hinge loss C_i(W) = ½ max(0, 1 − y_i Wᵀx_i)² (seed 001
(1.7)), least squares C_i(W) = ½ (Wᵀx_i − y_i)² and the logistic loss
C_i(W) = log(1 + e^{−y_i Wᵀx_i}) (labels ±1; carried to 50 digits, as are RMSProp and Adam).

>>> data = Dataset([[1, 0], [0, 1]], [1, -1])        # two samples: columns of X
>>> t = gradient_descent(data, lr="0.5", steps=1)
>>> t.final                                            # W = 0 − ½·½(−e₁ + e₂)
(1/4, -1/4)
>>> t.verdict.verdict, t.verdict.points_tried
('verified', 1)

Every trace carries a ``verdict`` (:func:`verify_trace`): the same update rule rewritten with
NumPy floats (:func:`float_trace`, sharing no code with the exact one) must give every iterate
within :data:`symnn.numeric.TOLERANCE`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import mpmath
import numpy as np
import sympy
from sympy import Float, Integer, Rational

from ..verdict import Verdict
from .verify import compare, to_float, undetermined, verification_latex

from .numfmt import exact, fmt, round_half_up
from ..latex.language import Bilingual, tr
from ..latex.proof import escape_text
from .render import WorkedResult, align, matrix, notes_block, table, text

__all__ = ["Dataset", "Trace", "gradient_descent", "sgd", "momentum", "adagrad", "perceptron",
           "nesterov", "rmsprop", "adam", "cyclic_schedule", "OBJECTIVES"]

#: The per-sample objectives a data set may use.
OBJECTIVES = ("squared_hinge", "least_squares", "logistic")

#: Digits of the traces that need square roots or exponentials.
DPS = 50

Vector = tuple


@dataclass(frozen=True)
class Dataset:
    """Samples as the columns of X (d × n), labels y; ``loss`` is "squared_hinge" or "least_squares"."""

    X: Sequence[Sequence]
    y: Sequence
    loss: str = "squared_hinge"

    def __post_init__(self):
        object.__setattr__(self, "X", tuple(tuple(exact(v) for v in row) for row in self.X))
        object.__setattr__(self, "y", tuple(exact(v) for v in self.y))
        if any(len(row) != len(self.y) for row in self.X):
            raise ValueError("X must have one column per label")
        if self.loss not in OBJECTIVES:
            raise ValueError(f"unknown loss {self.loss!r}")

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def d(self) -> int:
        return len(self.X)

    def sample(self, i: int) -> Vector:
        return tuple(row[i] for row in self.X)

    def grad_i(self, W: Vector, i: int) -> Vector:
        """∇C_i(W): squared hinge −(1 − y Wᵀx) y x when y Wᵀx < 1 (else 0); least squares (Wᵀx − y) x."""
        x, y = self.sample(i), self.y[i]
        score = sum((w * xi for w, xi in zip(W, x)), Integer(0))
        if self.loss == "least_squares":
            return tuple((score - y) * xi for xi in x)
        if self.loss == "logistic":  # −y x σ(−y Wᵀx), in DPS digits
            m = Float(y * score, DPS)
            return tuple(-y * xi / (1 + sympy.exp(m)) for xi in x)
        margin = y * score
        if margin >= 1:
            return tuple(Integer(0) for _ in x)
        return tuple(-(1 - margin) * y * xi for xi in x)

    def grad(self, W: Vector) -> Vector:
        """∇C(W) = (1/n) Σ_i ∇C_i(W)."""
        total = [Integer(0)] * self.d
        for i in range(self.n):
            total = [a + b for a, b in zip(total, self.grad_i(W, i))]
        return tuple(t / self.n for t in total)

    def objective(self, W: Vector):
        """C(W) = (1/n) Σ_i C_i(W)."""
        total = Integer(0)
        for i in range(self.n):
            x, y = self.sample(i), self.y[i]
            score = sum((w * xi for w, xi in zip(W, x)), Integer(0))
            if self.loss == "logistic":
                total += sympy.log(1 + sympy.exp(-Float(y * score, DPS)))
                continue
            r = score - y if self.loss == "least_squares" else max(Integer(0), 1 - y * score)
            total += r ** 2 / 2
        return total / self.n


def cyclic_schedule(n: int) -> Callable[[int], int]:
    """i_t = (t mod n) + 1, returned 0-based: the schedule of seed 001 Q7 and Q9."""
    return lambda t: t % n


_GRADIENT = {"logistic": r"\nabla C_i(W) = -\frac{y_i x_i}{1 + e^{y_i W^\top x_i}}",
             "squared_hinge": r"\nabla C_i(W) = \begin{cases} 0 & y_i W^\top x_i \ge 1 \\ "
                              r"-(1 - y_i W^\top x_i)\, y_i x_i & \text{otherwise} \end{cases}",
             "least_squares": r"\nabla C_i(W) = (W^\top x_i - y_i)\, x_i"}


@dataclass
class Trace(WorkedResult):
    """The iterates W⁽⁰⁾, …, W⁽ᵀ⁾ (and the sample index used at each step, when stochastic)."""

    method: str
    rule: list[tuple[str, str]]          # align lines stating the update rule
    iterates: list[Vector]
    indices: list[int | None]
    digits: int = 3
    notes: list[str] = field(default_factory=list)
    title: str = "Optimizer trace"
    data: "Dataset | None" = None
    settings: dict = field(default_factory=dict)   # kind, lr, alpha, delta, schedule, ... (W0)
    verdict: Verdict | None = None
    witness: list = field(default_factory=list, repr=False)   # the float iterates

    def verify(self) -> Verdict:
        """Recompute the verdict from the iterates as they are now (stored in ``verdict``)."""
        self.verdict = verify_trace(self)
        return self.verdict

    @property
    def steps(self) -> int:
        return len(self.iterates) - 1

    @property
    def final(self) -> Vector:
        """W⁽ᵀ⁾, exact (or 50-digit for AdaGrad)."""
        return self.iterates[-1]

    def rounded(self, k: int | None = None) -> Vector:
        """W⁽ᵀ⁾ rounded to ``k`` decimals (default ``digits``), as exact rationals."""
        return tuple(round_half_up(v, self.digits if k is None else k) for v in self.final)

    def latex(self) -> str:
        k = self.digits
        parts = [escape_text(tr("%s. Update rule:") % tr(self.method)), align(self.rule)]
        shown = list(range(len(self.iterates)))
        if len(shown) > 8:
            shown = shown[:4] + [None] + shown[-3:]
        stochastic = any(i is not None for i in self.indices)
        head = ["$t$"] + (["$i_t$"] if stochastic else []) + [f"$w_{j + 1}$" for j in
                                                              range(len(self.final))]
        rows = []
        for t in shown:
            if t is None:
                rows.append([r"$\vdots$"] + [""] * (len(head) - 1))
                continue
            idx = self.indices[t] if t < len(self.indices) else None
            rows.append([f"${t}$"] + ([f"${idx + 1}$" if idx is not None else ""]
                                      if stochastic else [])
                        + [f"${fmt(v, max(k + 3, 6))}$" for v in self.iterates[t]])
        parts.append(table(head, rows, "r" * len(head),
                           caption=tr("Iterates (to %d decimals; i_t is the sample used in step t → t + 1):"
                                      if stochastic else "Iterates (to %d decimals):") % max(k + 3, 6)))
        final = matrix([[fmt(v, k)] for v in self.rounded()])
        parts.append(f"$$W^{{({self.steps})}} \\approx {final}$$")
        parts.append(notes_block(self.notes))
        parts.append(verification_latex(
            self.verdict, "The same update rule, written separately with NumPy floats, was run "
                          "from the same start; every iterate was compared, one point per step"))
        return "\n\n".join(p for p in parts if p)


def _zeros(data: Dataset, W0) -> Vector:
    return tuple(exact(v) for v in W0) if W0 is not None else tuple(Integer(0) for _ in range(data.d))


def _schedule(schedule, data: Dataset) -> Callable[[int], int]:
    if schedule is None:
        return cyclic_schedule(data.n)
    if callable(schedule):
        return schedule
    seq = list(schedule)
    return lambda t: seq[t % len(seq)]


def gradient_descent(data: Dataset, lr, steps: int, W0=None, digits: int = 3) -> Trace:
    """Full-batch gradient descent W ← W − η ∇C(W)."""
    lr, W = exact(lr), _zeros(data, W0)
    its = [W]
    for _ in range(steps):
        W = tuple(w - lr * g for w, g in zip(W, data.grad(W)))
        its.append(W)
    rule = [(r"W^{(t+1)}", rf"W^{{(t)}} - \eta \nabla C(W^{{(t)}}), \quad \eta = {fmt(lr)}", ""),
            (r"\nabla C(W)", rf"\frac{{1}}{{{data.n}}} \sum_{{i=1}}^{{{data.n}}} \nabla C_i(W)", ""),
            ("", _GRADIENT[data.loss].split("=", 1)[1], "")]
    return _done(Trace("Gradient descent", rule, its, [None] * (steps + 1), digits, data=data,
                       settings=dict(kind="gd", lr=lr, steps=steps, W0=W0)))


def sgd(data: Dataset, lr, steps: int, schedule=None, W0=None, digits: int = 3) -> Trace:
    """SGD W ← W − η ∇C_{i_t}(W); ``schedule`` is t ↦ i_t (0-based) or a sequence (cyclic)."""
    lr, W, pick = exact(lr), _zeros(data, W0), _schedule(schedule, data)
    its, idx = [W], []
    for t in range(steps):
        i = pick(t)
        W = tuple(w - lr * g for w, g in zip(W, data.grad_i(W, i)))
        its.append(W)
        idx.append(i)
    rule = [(r"W^{(t+1)}", rf"W^{{(t)}} - \eta \nabla C_{{i_t}}(W^{{(t)}}), \quad \eta = {fmt(lr)}", ""),
            (r"\nabla C_i(W)", _GRADIENT[data.loss].split("=", 1)[1], "")]
    return _done(Trace("Stochastic gradient descent", rule, its, idx + [None], digits, data=data,
                       settings=dict(kind="sgd", lr=lr, steps=steps, schedule=schedule, W0=W0)))


def momentum(data: Dataset, lr, alpha, steps: int, W0=None, digits: int = 3) -> Trace:
    """Momentum v ← αv − η∇C(W), W ← W + v, from v = 0 (full-batch gradient)."""
    lr, alpha, W = exact(lr), exact(alpha), _zeros(data, W0)
    v = tuple(Integer(0) for _ in W)
    its = [W]
    for _ in range(steps):
        v = tuple(alpha * vi - lr * g for vi, g in zip(v, data.grad(W)))
        W = tuple(w + vi for w, vi in zip(W, v))
        its.append(W)
    rule = [(r"v^{(t+1)}", rf"\alpha v^{{(t)}} - \eta \nabla C(W^{{(t)}}), \quad v^{{(0)}} = 0,"
                          rf"\ \alpha = {fmt(alpha)},\ \eta = {fmt(lr)}", ""),
            (r"W^{(t+1)}", r"W^{(t)} + v^{(t+1)}", ""),
            (r"\nabla C_i(W)", _GRADIENT[data.loss].split("=", 1)[1], "")]
    return _done(Trace("Momentum", rule, its, [None] * (steps + 1), digits, data=data,
                       settings=dict(kind="momentum", lr=lr, alpha=alpha, steps=steps, W0=W0)))


def adagrad(data: Dataset, lr, delta, steps: int, schedule=None, W0=None, digits: int = 3,
            dps: int = 50) -> Trace:
    """AdaGrad on the scheduled samples: r ← r + g⊙g, W ← W − η g/(δ + √r), in ``dps`` digits."""
    lr, delta, pick = exact(lr), exact(delta), _schedule(schedule, data)
    with mpmath.workdps(dps):
        to_mp = lambda v: mpmath.mpf(v.p) / v.q if v.is_Rational else mpmath.mpf(str(v))  # noqa
        W = [to_mp(v) for v in _zeros(data, W0)]
        r = [mpmath.mpf(0)] * len(W)
        lr_, delta_ = to_mp(lr), to_mp(delta)
        its, idx = [tuple(Float(w, dps) for w in W)], []
        for t in range(steps):
            i = pick(t)
            g = [to_mp(v) for v in data.grad_i(tuple(Float(w, dps) for w in W), i)]
            r = [ri + gi * gi for ri, gi in zip(r, g)]
            W = [w - lr_ * gi / (delta_ + mpmath.sqrt(ri)) for w, gi, ri in zip(W, g, r)]
            its.append(tuple(Float(w, dps) for w in W))
            idx.append(i)
    rule = [(r"r^{(t+1)}", r"r^{(t)} + g_t \odot g_t, \quad g_t = \nabla C_{i_t}(W^{(t)}),"
                          r"\ r^{(0)} = 0", ""),
            (r"W^{(t+1)}", rf"W^{{(t)}} - \frac{{\eta}}{{\delta + \sqrt{{r^{{(t+1)}}}}}} \odot g_t,"
                          rf"\quad \eta = {fmt(lr)},\ \delta = {_sci(delta)}", "elementwise"),
            (r"\nabla C_i(W)", _GRADIENT[data.loss].split("=", 1)[1], "")]
    trace = Trace("AdaGrad", rule, its, idx + [None], digits, data=data,
                  settings=dict(kind="adagrad", lr=lr, delta=delta, steps=steps,
                                schedule=schedule, W0=W0))
    trace.notes.append(Bilingual(f"AdaGrad's square roots are computed with {dps} significant digits",
                                  f"AdaGrad 的平方根以 {dps} 位有效数字计算"))
    return _done(trace)


def _sci(v) -> str:
    v = exact(v)
    if v.is_Rational and v.p == 1 and str(v.q).strip("0") == "1":
        return f"10^{{-{len(str(v.q)) - 1}}}"
    return fmt(v)


def perceptron(data: Dataset, passes: int = 1, lr=Rational(1, 2), W0=None, order=None,
               digits: int = 2, strict: bool = False) -> Trace:
    """Perceptron passes over the samples in ``order`` (default 1…n): ŷ = sign(Wᵀx) (−1 at 0);
    when y Wᵀx ≤ 0 (``< 0`` with ``strict``), W ← W + η(y − ŷ)x.  With η = ½ that is W ← W + y x."""
    lr, W = exact(lr), _zeros(data, W0)
    order = list(order) if order is not None else list(range(data.n))
    its, idx, updates = [W], [], 0
    for _ in range(passes):
        for i in order:
            x, y = data.sample(i), data.y[i]
            score = sum((w * xi for w, xi in zip(W, x)), Integer(0))
            yhat = 1 if score > 0 else -1
            wrong = y * score < 0 if strict else y * score <= 0
            if wrong:
                W = tuple(w + lr * (y - yhat) * xi for w, xi in zip(W, x))
                updates += 1
            its.append(W)
            idx.append(i)
    cond = "<" if strict else r"\le"
    rule = [(r"\hat{y}", r"\begin{cases} 1 & W^\top x > 0 \\ -1 & \text{otherwise} \end{cases}", ""),
            (r"W", rf"W + \eta (y - \hat{{y}}) x \quad \text{{if }} y W^\top x {cond} 0,"
                   rf"\ \eta = {fmt(lr)}", "")]
    trace = Trace("Perceptron", rule, its, idx + [None], digits, data=data,
                  settings=dict(kind="perceptron", lr=lr, passes=passes, order=order,
                                strict=strict, W0=W0))
    trace.notes.append(f"{updates} of {len(order) * passes} visits updated W")
    return _done(trace)


def _gradient(data: Dataset, order):
    """(g(t, W), the index list) for the full gradient (``order`` None) or a visiting order."""
    if order is None:
        return (lambda t, W: data.grad(W)), None
    pick = _schedule(order, data)
    return (lambda t, W: data.grad_i(W, pick(t))), pick


def _mp(v):
    v = exact(v) if not isinstance(v, Float) else v
    return mpmath.mpf(v.p) / v.q if v.is_Rational else mpmath.mpf(str(v))


def _g_line(order) -> tuple[str, str, str]:
    if order is None:
        return (r"g_t", r"\nabla C(W^{(t)}) = \frac{1}{n} \sum_{i=1}^{n} \nabla C_i(W^{(t)})", "")
    return (r"g_t", r"\nabla C_{i_t}(W^{(t)})", "sample i_t of the visiting order")


def nesterov(data: Dataset, lr, alpha, steps: int, W0=None, digits: int = 3, order=None) -> Trace:
    """Nesterov momentum v ← αv − η ∇C(W + αv), W ← W + v, from v = 0 (exact arithmetic
    unless the objective is logistic)."""
    lr, alpha, W = exact(lr), exact(alpha), _zeros(data, W0)
    grad, pick = _gradient(data, order)
    v = tuple(Integer(0) for _ in W)
    its, idx = [W], []
    for t in range(steps):
        look = tuple(w + alpha * vi for w, vi in zip(W, v))
        v = tuple(alpha * vi - lr * g for vi, g in zip(v, grad(t, look)))
        W = tuple(w + vi for w, vi in zip(W, v))
        its.append(W)
        idx.append(pick(t) if pick else None)
    rule = [(r"v^{(t+1)}", rf"\alpha v^{{(t)}} - \eta\, g_t, \quad v^{{(0)}} = 0,"
                          rf"\ \alpha = {fmt(alpha)},\ \eta = {fmt(lr)}", ""),
            (r"g_t", (r"\nabla C(W^{(t)} + \alpha v^{(t)})" if order is None else
                      r"\nabla C_{i_t}(W^{(t)} + \alpha v^{(t)})"),
             "the gradient at the look-ahead point"),
            (r"W^{(t+1)}", r"W^{(t)} + v^{(t+1)}", ""),
            (r"\nabla C_i(W)", _GRADIENT[data.loss].split("=", 1)[1], "")]
    return _done(Trace("Nesterov momentum", rule, its, idx + [None], digits, data=data,
                       settings=dict(kind="nesterov", lr=lr, alpha=alpha, steps=steps, W0=W0,
                                     schedule=order, full=order is None)))


def rmsprop(data: Dataset, lr, rho, delta, steps: int, W0=None, digits: int = 3,
            order=None) -> Trace:
    """RMSProp r ← ρr + (1 − ρ) g⊙g, W ← W − η g/√(δ + r), in :data:`DPS` digits."""
    lr, rho, delta = exact(lr), exact(rho), exact(delta)
    grad, pick = _gradient(data, order)
    with mpmath.workdps(DPS):
        W = [_mp(v) for v in _zeros(data, W0)]
        r = [mpmath.mpf(0)] * len(W)
        its, idx = [tuple(Float(w, DPS) for w in W)], []
        for t in range(steps):
            g = [_mp(v) for v in grad(t, tuple(Float(w, DPS) for w in W))]
            r = [_mp(rho) * ri + (1 - _mp(rho)) * gi * gi for ri, gi in zip(r, g)]
            W = [w - _mp(lr) * gi / mpmath.sqrt(_mp(delta) + ri) for w, gi, ri in zip(W, g, r)]
            its.append(tuple(Float(w, DPS) for w in W))
            idx.append(pick(t) if pick else None)
    rule = [_g_line(order),
            (r"r^{(t+1)}", r"\rho\, r^{(t)} + (1 - \rho)\, g_t \odot g_t, \quad r^{(0)} = 0", ""),
            (r"W^{(t+1)}", rf"W^{{(t)}} - \frac{{\eta}}{{\sqrt{{\delta + r^{{(t+1)}}}}}} \odot g_t,"
                          rf"\quad \eta = {fmt(lr)},\ \rho = {fmt(rho)},\ \delta = {_sci(delta)}",
             "elementwise"),
            (r"\nabla C_i(W)", _GRADIENT[data.loss].split("=", 1)[1], "")]
    trace = Trace("RMSProp", rule, its, idx + [None], digits, data=data,
                  settings=dict(kind="rmsprop", lr=lr, rho=rho, delta=delta, steps=steps, W0=W0,
                                schedule=order, full=order is None))
    trace.notes.append(Bilingual(f"the square roots are computed with {DPS} significant digits",
                                  f"平方根以 {DPS} 位有效数字计算"))
    return _done(trace)


def adam(data: Dataset, lr="0.001", rho1="0.9", rho2="0.999", delta="1e-8", steps: int = 1,
         W0=None, digits: int = 3, order=None) -> Trace:
    """Adam with bias correction (Goodfellow et al., Algorithm 8.7), in :data:`DPS` digits."""
    lr, rho1, rho2, delta = exact(lr), exact(rho1), exact(rho2), exact(delta)
    grad, pick = _gradient(data, order)
    with mpmath.workdps(DPS):
        W = [_mp(v) for v in _zeros(data, W0)]
        s_, r = [mpmath.mpf(0)] * len(W), [mpmath.mpf(0)] * len(W)
        p1, p2 = _mp(rho1), _mp(rho2)
        its, idx = [tuple(Float(w, DPS) for w in W)], []
        for t in range(steps):
            g = [_mp(v) for v in grad(t, tuple(Float(w, DPS) for w in W))]
            s_ = [p1 * si + (1 - p1) * gi for si, gi in zip(s_, g)]
            r = [p2 * ri + (1 - p2) * gi * gi for ri, gi in zip(r, g)]
            s_hat = [si / (1 - p1 ** (t + 1)) for si in s_]
            r_hat = [ri / (1 - p2 ** (t + 1)) for ri in r]
            W = [w - _mp(lr) * sh / (mpmath.sqrt(rh) + _mp(delta))
                 for w, sh, rh in zip(W, s_hat, r_hat)]
            its.append(tuple(Float(w, DPS) for w in W))
            idx.append(pick(t) if pick else None)
    rule = [_g_line(order),
            (r"s^{(t+1)}", r"\rho_1 s^{(t)} + (1 - \rho_1)\, g_t, \quad s^{(0)} = 0", ""),
            (r"r^{(t+1)}", r"\rho_2 r^{(t)} + (1 - \rho_2)\, g_t \odot g_t, \quad r^{(0)} = 0", ""),
            (r"\hat{s}", r"\frac{s^{(t+1)}}{1 - \rho_1^{\,t+1}}, \quad "
                         r"\hat{r} = \frac{r^{(t+1)}}{1 - \rho_2^{\,t+1}}", "bias correction"),
            (r"W^{(t+1)}", rf"W^{{(t)}} - \eta \frac{{\hat{{s}}}}{{\sqrt{{\hat{{r}}}} + \delta}},"
                          rf"\quad \eta = {fmt(lr)},\ \rho_1 = {fmt(rho1)},\ \rho_2 = {fmt(rho2)},"
                          rf"\ \delta = {_sci(delta)}", "elementwise"),
            (r"\nabla C_i(W)", _GRADIENT[data.loss].split("=", 1)[1], "")]
    trace = Trace("Adam", rule, its, idx + [None], digits, data=data,
                  settings=dict(kind="adam", lr=lr, rho1=rho1, rho2=rho2, delta=delta,
                                steps=steps, W0=W0, schedule=order, full=order is None))
    trace.notes.append(Bilingual(f"the square roots are computed with {DPS} significant digits",
                                  f"平方根以 {DPS} 位有效数字计算"))
    return _done(trace)


# --------------------------------------------------------------------------- the independent witness


def _done(trace: Trace) -> Trace:
    trace.verify()
    return trace


class _Ambiguous(Exception):
    """A float decision (a perceptron's sign) is too close to its threshold to trust."""


def float_trace(data: Dataset, settings: dict) -> list[np.ndarray]:
    """The iterates of ``settings["kind"]`` recomputed in NumPy floats from the raw data."""
    X = np.array([[to_float(v) for v in row] for row in data.X])   # d × n
    y = np.array([to_float(v) for v in data.y])
    n, kind = X.shape[1], settings["kind"]
    W0 = settings.get("W0")
    W = np.zeros(X.shape[0]) if W0 is None else np.array([to_float(exact(v)) for v in W0])
    lr = to_float(settings["lr"])

    def g_i(W, i):
        x = X[:, i]
        if data.loss == "least_squares":
            return (W @ x - y[i]) * x
        if data.loss == "logistic":
            return -y[i] * x / (1.0 + np.exp(y[i] * (W @ x)))
        m = y[i] * (W @ x)
        return np.zeros_like(x) if m >= 1 else -(1.0 - m) * y[i] * x

    def g(W):
        return sum(g_i(W, i) for i in range(n)) / n

    sched = settings.get("schedule")
    if sched is None:
        index = lambda t: t % n  # noqa: E731  i_t = (t mod n) + 1, 0-based
    elif callable(sched):
        index = sched
    else:
        seq = list(sched)
        index = lambda t: seq[t % len(seq)]  # noqa: E731
    out = [W.copy()]
    if kind == "gd":
        for _ in range(settings["steps"]):
            W = W - lr * g(W)
            out.append(W.copy())
    elif kind == "sgd":
        for t in range(settings["steps"]):
            W = W - lr * g_i(W, index(t))
            out.append(W.copy())
    elif kind == "momentum":
        v, a = np.zeros_like(W), to_float(settings["alpha"])
        for _ in range(settings["steps"]):
            v = a * v - lr * g(W)
            W = W + v
            out.append(W.copy())
    elif kind == "adagrad":
        r, delta = np.zeros_like(W), to_float(settings["delta"])
        for t in range(settings["steps"]):
            gt = g_i(W, index(t))
            r = r + gt * gt
            W = W - lr * gt / (delta + np.sqrt(r))
            out.append(W.copy())
    elif kind in ("nesterov", "rmsprop", "adam"):
        full = settings.get("full", True)
        grad = (lambda t, W: g(W)) if full else (lambda t, W: g_i(W, index(t)))  # noqa: E731
        m1, m2 = np.zeros_like(W), np.zeros_like(W)
        for t in range(settings["steps"]):
            if kind == "nesterov":
                a = to_float(settings["alpha"])
                m1 = a * m1 - lr * grad(t, W + a * m1)
                W = W + m1
            elif kind == "rmsprop":
                rho, d = to_float(settings["rho"]), to_float(settings["delta"])
                gt = grad(t, W)
                m2 = rho * m2 + (1 - rho) * gt * gt
                W = W - lr * gt / np.sqrt(d + m2)
            else:
                r1, r2, d = (to_float(settings[k]) for k in ("rho1", "rho2", "delta"))
                gt = grad(t, W)
                m1 = r1 * m1 + (1 - r1) * gt
                m2 = r2 * m2 + (1 - r2) * gt * gt
                W = W - lr * (m1 / (1 - r1 ** (t + 1))) / (np.sqrt(m2 / (1 - r2 ** (t + 1))) + d)
            out.append(W.copy())
    elif kind == "perceptron":
        order = settings["order"]
        for _ in range(settings["passes"]):
            for i in order:
                s = float(W @ X[:, i])
                if abs(s) <= 1e-12:
                    s = 0.0   # float noise around an exact zero
                elif abs(s) < 1e-9:
                    raise _Ambiguous(f"the score of sample {i + 1} is {s:g}, too close to 0")
                yhat = 1.0 if s > 0 else -1.0
                if (y[i] * s < 0) if settings["strict"] else (y[i] * s <= 0):
                    W = W + lr * (y[i] - yhat) * X[:, i]
                out.append(W.copy())
    else:  # pragma: no cover
        raise ValueError(f"unknown trace kind {kind!r}")
    return out


def verify_trace(trace: Trace) -> Verdict:
    """Every iterate of ``trace`` against :func:`float_trace`."""
    what = f"{trace.method} trace"
    if trace.data is None or not trace.settings:
        return undetermined(f"{what}: the data and settings are not recorded")
    try:
        trace.witness = float_trace(trace.data, trace.settings)
    except _Ambiguous as exc:
        return undetermined(f"{what}: {exc}")
    if len(trace.witness) != len(trace.iterates):
        return Verdict("refuted", method="numeric",
                       message=f"{what}: {trace.steps} steps recorded, the witness ran "
                               f"{len(trace.witness) - 1}")
    triples = [(f"W^({t})_{j + 1}", float(w[j]), v[j])
               for t, (w, v) in enumerate(zip(trace.witness, trace.iterates))
               for j in range(len(v))]
    from .enclosure import enclosed
    from .verify import is_exact

    proved = all(is_exact(v) for row in trace.iterates for v in row) or enclosed(
        trace.data, trace.settings, trace.iterates)
    return compare(what, triples, points=trace.steps, unit="iterate entries", enclosed=proved)
