"""Matrix calculus (issue 4, item 1): gradients in textbook form, refuted wrong claims, routing."""

from __future__ import annotations

import pytest
from sympy import Eq, MatrixSymbol, Symbol, Trace, Transpose, log, Determinant, MatMul, Rational
from sympy.matrices.expressions import Inverse

import symnn as sn
from symnn.errors import SymnnInputError
from symnn.latex.printer import latex
from symnn.matrix import check_matrix, check_matrix_equation, derive_matrix
from symnn.matrix.forms import ARTEFACTS, artefacts

SHAPES = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)}
RIDGE = r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W"
QUAD = {"x": ("n", 1), "A": ("n", "n")}

n = Symbol("n", integer=True, positive=True)
d = Symbol("d", integer=True, positive=True)


def _clean(tex: str) -> None:
    for name in ARTEFACTS:
        assert name not in tex


# --------------------------------------------------------------------------- ridge / least squares


def test_ridge_gradient_textbook_form():
    D = derive_matrix(RIDGE, "W", matrices=SHAPES)
    assert latex(D.closed_form) == r"\frac{1}{n} X^{T} (X W - Y) + \lambda W"
    assert D.verdict.verdict == "verified" and D.verdict.method == "symbolic"
    assert D.verdict.max_rel_error < 1e-10
    assert D.closed_form.shape == D.wrt[0].shape
    assert not artefacts(D.closed_form)
    assert any("denominator layout" in note for note in D.notes)


def test_ridge_steps_are_named():
    D = derive_matrix(RIDGE, "W", matrices=SHAPES)
    why = [s.justification for s in D.steps]
    assert why[0].startswith("expand")
    assert {"linear form", "quadratic form", "squared norm"} <= set(why)
    assert why[-1] == "collect terms"
    assert D.steps[-1].expr == D.closed_form
    for step in D.steps:
        _clean(latex(step.expr))


def test_least_squares_gradient():
    D = derive_matrix(r"\frac{1}{2n}\|XW-Y\|_2^2", "W", matrices=SHAPES)
    assert latex(D.closed_form) == r"\frac{1}{n} X^{T} (X W - Y)"
    assert D.verdict.verdict == "verified"


@pytest.mark.parametrize("claim", [
    r"X^T(XW-Y) + \lambda W",                      # the 1/n is missing
    r"\frac{1}{n}X^T(XW-Y) + \frac{\lambda}{2}W",  # λ/2 instead of λ
    r"\frac{1}{n}X^T(XW+Y) + \lambda W",           # a sign
])
def test_wrong_ridge_claims_are_refuted_with_a_counterexample(claim):
    v = check_matrix(RIDGE, "W", claim, matrices=SHAPES)
    assert v.verdict == "refuted" and not v
    cx = v.counterexample
    assert cx["entry"].startswith("W[") and set(cx["shapes"]) == {"W", "X", "Y"}
    assert abs(cx["expected"] - cx["claimed"]) > 1e-3
    assert {"n", "d", "lambda"} <= set(cx["point"])


def test_right_ridge_claim_is_verified_in_other_orders():
    v = check_matrix(RIDGE, "W", r"\frac{1}{n}(X^T X W - X^T Y) + \lambda W", matrices=SHAPES)
    assert v.verdict == "verified"


def test_claim_with_the_wrong_shape_is_refuted():
    v = check_matrix(RIDGE, "W", r"W^T", matrices=SHAPES)
    assert v.verdict == "refuted" and "shape" in v.message


# --------------------------------------------------------------------------- quadratic forms


def test_quadratic_form_needs_symmetry_for_2Ax():
    assert check_matrix("x^T A x", "x", "2Ax", matrices=QUAD).verdict == "refuted"
    assert check_matrix("x^T A x", "x", "2Ax", matrices=QUAD, assume=["A = A^T"]).verdict == "verified"
    assert check_matrix("x^T A x", "x", "(A + A^T)x", matrices=QUAD).verdict == "verified"


def test_quadratic_form_derivation_with_and_without_symmetry():
    D = derive_matrix("x^T A x", "x", matrices=QUAD)
    assert latex(D.closed_form) == r"(A + A^{T}) x"
    S = derive_matrix("x^T A x", "x", matrices=QUAD, assume=["A = A^T"])
    assert latex(S.closed_form) == r"2 A x"
    assert S.steps[-1].rule == "assumption" and S.verdict.verdict == "verified"


def test_unsupported_matrix_assumption_is_an_input_error():
    with pytest.raises(SymnnInputError, match="A = A\\^T"):
        check_matrix("x^T A x", "x", "2Ax", matrices={**QUAD, "B": ("n", "n")}, assume=["A = B"])


# --------------------------------------------------------------------------- traces, determinants


@pytest.mark.parametrize("objective, wrt, textbook", [
    (r"\mathrm{tr}(AB)", "A", "B^{T}"),
    (r"\mathrm{tr}(A^T B)", "A", "B"),
    (r"\mathrm{tr}(M^T A M)", "M", r"(A + A^{T}) M"),
    (r"\log\det(A)", "A", r"A^{-T}"),
    (r"\det(A)", "A", r"\det(A) A^{-T}"),
    (r"\mathrm{tr}(A^{-1} B)", "A", r"- A^{-T} B^{T} A^{-T}"),
    (r"\|XV - Z\|_F^2", "V", r"2 X^{T} (X V - Z)"),
])
def test_textbook_identities(objective, wrt, textbook):
    shapes = {"A": ("n", "n"), "B": ("n", "n"), "M": ("n", "m"), "X": ("n", "d"), "V": ("d", "k"),
              "Z": ("n", "k")}
    D = derive_matrix(objective, wrt, matrices=shapes)
    assert latex(D.closed_form) == textbook
    assert D.verdict.verdict == "verified"
    _clean(D.latex())


def test_log_det_silent_zero_is_refuted_and_fixed():
    A = MatrixSymbol("A", n, n)
    D = derive_matrix(log(Determinant(A)), A)
    assert D.closed_form == Inverse(A.T)
    v = check_matrix(log(Determinant(A)), A, 0)
    assert v.verdict == "refuted" and v.method == "numeric"


# --------------------------------------------------------------------------- inputs and routing


def test_non_conforming_product_names_both_shapes():
    with pytest.raises(SymnnInputError, match=r"X \(n×d\).*Y \(n×1\)"):
        check_matrix("XY", "W", "W", matrices=SHAPES)


def test_non_scalar_objective_is_an_input_error():
    with pytest.raises(SymnnInputError, match="scalar"):
        derive_matrix("XW", "W", matrices=SHAPES)


def test_variable_must_be_declared():
    with pytest.raises(SymnnInputError, match="not a declared matrix"):
        derive_matrix(RIDGE, r"\lambda", matrices=SHAPES)


def test_public_api_routes_matrix_inputs():
    v = sn.check(RIDGE, "W", r"\frac{1}{n}X^T(XW-Y) + \lambda W", matrices=SHAPES)
    assert v.verdict == "verified"
    D = sn.derive(RIDGE, "W", matrices=SHAPES)
    assert latex(D.closed_form) == r"\frac{1}{n} X^{T} (X W - Y) + \lambda W"
    # SymPy matrix symbols are recognised without declarations
    X, W, Y = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1)
    lam = Symbol("lambda")
    objective = MatMul(1 / (2 * n), Transpose(X * W - Y), X * W - Y) + lam / 2 * W.T * W
    assert sn.check(objective, W, X.T * (X * W - Y) / n + lam * W).verdict == "verified"
    assert sn.check(objective, W, X.T * (X * W - Y) + lam * W).verdict == "refuted"
    assert sn.derive(objective, W).closed_form == derive_matrix(RIDGE, "W", matrices=SHAPES).closed_form


def test_check_equation_on_matrices():
    shapes = {"A": ("n", "n"), "B": ("n", "n")}
    assert sn.check_equation("(AB)^T", "B^T A^T", matrices=shapes).verdict == "verified"
    assert sn.check_equation("(AB)^T", "A^T B^T", matrices=shapes).verdict == "refuted"
    assert check_matrix_equation(r"\mathrm{tr}(AB)", r"\mathrm{tr}(BA)", matrices=shapes).verdict == "verified"


def test_results_are_reproducible_from_the_seed():
    a = check_matrix(RIDGE, "W", r"X^T(XW-Y) + \lambda W", matrices=SHAPES, seed=3)
    b = check_matrix(RIDGE, "W", r"X^T(XW-Y) + \lambda W", matrices=SHAPES, seed=3)
    assert a.counterexample == b.counterexample
