"""The rule table of matrix differentials, against SymPy's ``MatrixExpr.diff`` and the numeric witness.

SymPy 1.14 gets several gradients of scalar matrix objectives wrong *silently*:

* d log det(A)/dA is returned as the zero matrix (the truth is A^{-T});
* d tr(A ⊙ B)/dA is ``ArrayDiagonal(B, (0, 1))``, a vector of shape (n,) (the truth is I ⊙ B);
* d det(A)/dA stays an unevaluated ``ArrayDerivative``.

symnn never calls ``MatrixExpr.diff``: :func:`symnn.matrix.rules.gradient` is the one place
gradients come from, and every case below is checked by the complex-step witness.
"""

from __future__ import annotations

import numpy as np
import pytest
from sympy import (Determinant, HadamardProduct, Identity, MatrixSymbol, Symbol, Trace, ZeroMatrix,
                   log)
from sympy.matrices.expressions import Inverse, MatrixExpr

from symnn.witness import witness
from symnn.witness.instances import matrix_instances


def compare_gradient(objective, wrt, claim):
    """The one numeric witness, entry by entry at concrete sizes."""
    return witness(objective, claim, instances=matrix_instances([objective, claim], wrt))
from symnn.matrix.forms import artefacts, textbook
from symnn.matrix.rules import NoMatrixRule, gradient

n = Symbol("n", integer=True, positive=True)
m = Symbol("m", integer=True, positive=True)
A, B, C = (MatrixSymbol(s, n, n) for s in "ABC")
x, a = MatrixSymbol("x", n, 1), MatrixSymbol("a", n, 1)
X = MatrixSymbol("X", n, m)


def test_sympy_log_det_gradient_is_a_silent_zero_and_ours_is_right():
    sympy_answer = log(Determinant(A)).diff(A)
    if not isinstance(sympy_answer, ZeroMatrix):  # pragma: no cover - SymPy fixed it
        pytest.skip(f"SymPy now answers {sympy_answer}")
    assert compare_gradient(log(Determinant(A)), A, sympy_answer).status == "counterexample"
    ours = gradient(log(Determinant(A)), A)
    assert ours == Inverse(A.T)
    assert compare_gradient(log(Determinant(A)), A, ours).status == "agree"


def test_sympy_trace_of_hadamard_gradient_has_the_wrong_shape():
    f = Trace(HadamardProduct(A, B))
    sympy_answer = f.diff(A)
    if isinstance(sympy_answer, MatrixExpr) and sympy_answer.shape == A.shape:  # pragma: no cover
        pytest.skip(f"SymPy now answers {sympy_answer}")
    assert artefacts(sympy_answer)  # an array expression, not an n×n matrix
    ours = gradient(f, A)
    assert ours.shape == A.shape and not artefacts(ours)
    assert compare_gradient(f, A, ours).status == "agree"


def test_sympy_det_gradient_stays_unevaluated():
    sympy_answer = Determinant(A).diff(A)
    assert artefacts(sympy_answer) or sympy_answer.has(Determinant)
    ours = gradient(Determinant(A), A)
    assert ours == Determinant(A) * Inverse(A.T)
    assert compare_gradient(Determinant(A), A, ours).status == "agree"


CASES = [
    (x.T * A * x, x),
    (a.T * x, x),
    (x.T * x, x),
    (Trace(A * B), A),
    (Trace(A.T * B), A),
    (Trace(X.T * A * X), X),
    (Trace(A * B * C), B),
    (Trace(A ** 3 * B), A),
    (Trace(Inverse(A) * B), A),
    (x.T * Inverse(A) * x, A),
    (log(Determinant(A)), A),
    (log(Determinant(X.T * X)), X),
    (Determinant(A) ** 2, A),
    (Trace(A) * x.T * x, x),
    (Trace(A) * (x.T * x), A),
    (Trace(HadamardProduct(A, B) * C), A),
    (HadamardProduct(x, a).T * HadamardProduct(x, a), x),
    (Trace(A + Identity(n)) ** 2, A),
]


@pytest.mark.parametrize("objective, wrt", CASES, ids=[str(c[0]) for c in CASES])
def test_rule_table_agrees_with_complex_step(objective, wrt):
    g = gradient(objective, wrt)
    assert g.shape == wrt.shape
    assert not artefacts(g)
    assert compare_gradient(objective, wrt, g).status == "agree"
    # the textbook form is the same matrix
    assert compare_gradient(objective, wrt, textbook(g, wrt)).status == "agree"


def test_perturbed_gradients_are_refuted():
    for objective, wrt in CASES[:8]:
        g = gradient(objective, wrt)
        r = compare_gradient(objective, wrt, 2 * g)
        assert r.status == "counterexample", objective
        assert np.isfinite(r.counterexample["expected"])


def test_unknown_constructs_are_reported_not_guessed():
    from sympy import sin
    from sympy.matrices.expressions.matexpr import MatrixElement

    with pytest.raises(NoMatrixRule):
        gradient(sin(MatrixElement(x * x.T, 0, 1)), x)
