r"""The ReLU regression MLP of seed 004 §1.1: gradients of L = (y − ŷ)² w.r.t. d, U, W, b.

The network (x ∈ R^n, m hidden units, one output)::

    h = W x + b ∈ R^m,   a = ReLU(h),   ŷ = U a + d ∈ R   (U is a 1×m row),   L = (y − ŷ)².

:func:`derive_relu_regression` derives, in index notation and then in matrix form (denominator
layout: each gradient has the shape of its variable),

    ∂L/∂d = 2(ŷ − y),  ∂L/∂U = 2(ŷ − y) a^T,  δ := ∂L/∂h = 2(ŷ − y) U^T ⊙ 𝕀(h > 0),
    ∂L/∂W = δ x^T,  ∂L/∂b = δ,

and checks every entry against finite differences on random networks (:func:`verify_relu_regression`).

>>> d = derive_relu_regression(verify=False)
>>> d.part("d").derivation.closed_form
-2*y + 2*yhat
"""

from __future__ import annotations

import numpy as np
import sympy
from sympy import Derivative, HadamardProduct, MatrixSymbol, Sum, Symbol

from ..calculus.derivation import Step
from ..numeric import TOLERANCE, relative_error
from ..verdict import Verdict
from ..vocabulary import relu
from .backprop import BackpropDerivation, Part, _derivation, _int
from .gradcheck import KINK_MARGIN, finite_difference
from .indexcalc import chain_rule_steps
from .notation import Entrywise, Partial, Text

__all__ = ["derive_relu_regression", "verify_relu_regression", "relu_regression_gradients"]


def derive_relu_regression(*, verify: bool = True, seed: int = 0) -> BackpropDerivation:
    """Derive ∂L/∂d, ∂L/∂U, ∂L/∂W, ∂L/∂b for seed 004 §1.1 (widths n, m are symbols)."""
    Lc, y, yhat, dsym = Symbol("L"), Symbol("y", real=True), Symbol("yhat", real=True), Symbol("d", real=True)
    n = Symbol("n", integer=True, positive=True)
    m = Symbol("m", integer=True, positive=True)
    x, W, b, h, u = (sympy.IndexedBase(c, real=True) for c in ("x", "w", "b", "h", "u"))
    delta = sympy.IndexedBase(r"\delta", real=True)
    j, k, p, q = (_int(c) for c in "jkpq")
    ranges = {j: (1, m), k: (1, m), p: (1, n), q: (1, n)}
    parts: list[Part] = []

    # ∂L/∂ŷ
    loss = (y - yhat) ** 2
    dL = sympy.diff(loss, yhat)
    dL_tidy = 2 * (yhat - y)
    steps = [Step(Derivative(loss, yhat, evaluate=False), "definition", "definition of the loss"),
             Step(dL, "chain rule", "power rule and chain rule"),
             Step(dL_tidy, "algebra", "algebra")]
    assert sympy.expand(dL - dL_tidy) == 0
    parts.append(Part("yhat", "Derivative of the loss with respect to the prediction",
                      _derivation(Lc, yhat, Partial(Lc, yhat), steps, dL_tidy), None, "",
                      "The loss is", [(Lc, loss)]))

    yhat_a = Sum(u[k] * relu(h[k]), (k, 1, m)) + dsym  # ŷ as a function of h (a = ReLU(h))
    a = sympy.IndexedBase("a", real=True)
    yhat_def = Sum(u[k] * a[k], (k, 1, m)) + dsym
    U_row, a_vec = MatrixSymbol("U", 1, m), MatrixSymbol("a", m, 1)
    h_vec, x_vec = MatrixSymbol("h", m, 1), MatrixSymbol("x", n, 1)
    given_yhat = [(yhat, yhat_def), (a[k], relu(h[k]))]
    for key, var, definition, lhs, rhs, reading in (
            ("d", dsym, yhat_def, Partial(Lc, dsym), dL_tidy, ""),
            ("U", u[j], yhat_def, Partial(Lc, U_row), dL_tidy * a_vec.T,
             "entry j of the row vector; U is 1 × m, so is the gradient"),
            ("h", h[j], yhat_a, MatrixSymbol(r"\delta", m, 1),
             dL_tidy * HadamardProduct(U_row.T, Entrywise(relu, h_vec, 1)),
             "entry j of the column 2(ŷ − y) times the transposed U, times ReLU′ entry by entry")):
        steps, result, _ = chain_rule_steps(
            Lc, var, yhat, definition, dL_tidy, (), ranges,
            via_words="chain rule through ŷ", upstream_words="derivative of the loss; definition of ŷ")
        start = delta[j] if key == "h" else Partial(Lc, var)
        if key == "h":
            steps.insert(0, Step(Partial(Lc, h[j]), "definition", "definition of the error term"))
        heading = {"d": "Gradient with respect to d", "U": "Gradient with respect to U",
                   "h": "Error term of the hidden layer"}[key]
        parts.append(Part(key, heading, _derivation(Lc, var, start, steps, result), (lhs, rhs), reading,
                          "The prediction is", given_yhat))

    h_def = Sum(W[k, p] * x[p], (p, 1, n)) + b[k]
    for key, var, lhs, rhs, reading in (
            ("W", W[j, q], Partial(Lc, MatrixSymbol("W", m, n)), MatrixSymbol(r"\delta", m, 1) * x_vec.T,
             "entry (j, q) of the outer product of the error term with x"),
            ("b", b[j], Partial(Lc, MatrixSymbol("b", m, 1)), MatrixSymbol(r"\delta", m, 1), "entry by entry")):
        steps, result, _ = chain_rule_steps(
            Lc, var, h[k], h_def, delta[k], ((k, 1, m),), ranges,
            upstream_words="definitions of the error term and of h")
        parts.append(Part(key, "Gradient with respect to %s" % key,
                          _derivation(Lc, var, Partial(Lc, var), steps, result), (lhs, rhs), reading,
                          Text("{0} and {1} enter the loss only through", MatrixSymbol("W", m, n),
                               MatrixSymbol("b", m, 1)), [(h[k], h_def)]))

    conventions = [
        Text("x has n entries, the hidden layer m units; {0} is a row, so {1} is a number.", U_row,
             sympy.Eq(yhat, U_row * a_vec + MatrixSymbol("d", 1, 1), evaluate=False)),
        "Gradients are in denominator layout: each has the shape of its variable (∂L/∂U is a row, "
        "∂L/∂W is m × n).",
        "ReLU is not differentiable at 0; elsewhere ReLU′(h) = 𝕀(h > 0), entry by entry.",
    ]
    d = BackpropDerivation(
        expr=Lc, wrt=(h[j],), order=1, start=delta[j], steps=parts[3].derivation.steps,
        closed_form=parts[3].matrix_form[1], parts=parts, conventions=conventions,
        title="Gradients of the ReLU regression MLP",
        setting=[(h_vec, MatrixSymbol("W", m, n) * x_vec + MatrixSymbol("b", m, 1)),
                 (a_vec, Entrywise(relu, h_vec, 0)), (yhat, U_row * a_vec + MatrixSymbol("d", 1, 1)),
                 (Lc, loss)])
    if verify:
        d.verdict = verify_relu_regression(seed=seed)
        d.notes.append(d.verdict.message)
    return d


def _forward(W, b, U, d, x):
    h = W @ x + b
    a = np.maximum(h, 0.0)
    return h, a, float(U @ a + d[0])


def relu_regression_gradients(W, b, U, d, x, y):
    """The derived gradients (dW, db, dU, dd) in NumPy."""
    h, a, yhat = _forward(W, b, U, d, x)
    g = 2 * (yhat - y)
    delta = g * U * (h > 0)
    return np.outer(delta, x), delta, g * a, np.array([g])


def verify_relu_regression(*, networks: int = 6, seed: int = 0, gradients=None) -> Verdict:
    """Compare the derived gradients with finite differences on random networks (random n, m)."""
    rng = np.random.default_rng(seed)
    gradients = gradients or relu_regression_gradients
    checked, worst_err, worst = 0, 0.0, None
    for _ in range(networks):
        n, m = (int(v) for v in rng.integers(1, 6, size=2))
        for _attempt in range(200):
            W, b = rng.normal(0, 1, (m, n)), rng.normal(0, 0.5, m)
            U, d = rng.normal(0, 1, m), rng.normal(0, 1, 1)
            x, y = rng.normal(0, 1, n), float(rng.normal())
            if np.min(np.abs(W @ x + b)) > KINK_MARGIN:
                break
        loss = lambda: (y - _forward(W, b, U, d, x)[2]) ** 2
        for name, arr, g in zip("WbUd", (W, b, U, d), gradients(W, b, U, d, x, y)):
            for index in np.ndindex(arr.shape):
                fd = finite_difference(loss, arr, index)
                err = relative_error(fd, float(np.asarray(g)[index]))
                checked += 1
                if err >= worst_err:
                    worst_err, worst = err, (name, index, fd, float(np.asarray(g)[index]), n, m)
    if worst_err > TOLERANCE.rel:
        name, index, fd, claimed, n, m = worst
        return Verdict("refuted", method="numeric", max_rel_error=worst_err, points_tried=checked,
                       counterexample={"point": {"parameter": "%s%s" % (name, list(index)), "n": n, "m": m},
                                       "expected": fd, "claimed": claimed},
                       message="the gradients disagree with finite differences at %s%s" % (name, list(index)))
    return Verdict("verified", method="symbolic", max_rel_error=worst_err, points_tried=checked,
                   numeric="agree", symbolic="derived symbolically from the index definition (the proof above)", 
                   message="the gradients, derived symbolically in index notation, agree with central finite differences for all %d parameters "
                   "of %d random networks (largest relative error %.2g)" % (checked, networks, worst_err))
