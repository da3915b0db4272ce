"""Solving ∇ = 0 (issue 4): normal equations, Hessian, positive definiteness, W* against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import MatrixSymbol, Symbol

from symnn.errors import SymnnInputError
from symnn.latex.printer import latex
from symnn.matrix import derive_matrix
from symnn.matrix.evaluate import evaluate
from symnn.matrix.solve import stationary_point

SHAPES = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)}
RIDGE = r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W"


def _env(opt, n_, d_, lam_, rng):
    X = rng.standard_normal((n_, d_))
    Y = rng.standard_normal((n_, 1))
    env = {}
    for m in opt.solution.free_symbols | opt.hessian.free_symbols:
        name = getattr(m, "name", "")
        if name == "X":
            env[m] = X
        elif name == "Y":
            env[m] = Y
        elif name == "n":
            env[m] = n_
        elif name == "d":
            env[m] = d_
        elif name == "lambda":
            env[m] = lam_
    return env, X, Y


def test_ridge_optimum_in_textbook_form_and_verified():
    D = derive_matrix(RIDGE, "W", solve=True, matrices=SHAPES, assume=[r"\lambda > 0"])
    opt = D.optimum
    assert latex(opt.hessian) == r"\frac{1}{n} X^{T} X + \lambda I"
    assert latex(opt.rhs) == r"\frac{1}{n} X^{T} Y"
    assert latex(opt.solution) == r"\frac{1}{n} \left(\frac{1}{n} X^{T} X + \lambda I\right)^{-1} X^{T} Y"
    assert opt.definiteness == "positive definite" and opt.conditions == []
    assert opt.verdict.verdict == "verified" and D.verdict.verdict == "verified"
    assert any("positive definite" in note for note in D.notes)


def test_ridge_positive_definiteness_names_the_condition_when_not_assumed():
    D = derive_matrix(RIDGE, "W", solve=True, matrices=SHAPES)
    assert [str(c) for c in D.optimum.conditions] == ["lambda > 0"]
    lhs, rhs = D.optimum.quadratic_form.args
    assert "SquaredNorm" in repr(rhs.atoms) or "‖" in str(rhs)


@pytest.mark.parametrize("n_, d_, lam_", [(7, 3, 0.5), (4, 6, 0.1), (10, 2, 2.0)])
def test_ridge_optimum_matches_numpy(n_, d_, lam_):
    opt = derive_matrix(RIDGE, "W", solve=True, matrices=SHAPES).optimum
    rng = np.random.default_rng(n_ * 100 + d_)
    env, X, Y = _env(opt, n_, d_, lam_, rng)
    W_star = evaluate(opt.solution, env)
    # ridge as an augmented least-squares problem: [X/√n; √λ I] W ≈ [Y/√n; 0]
    A = np.vstack([X / np.sqrt(n_), np.sqrt(lam_) * np.eye(d_)])
    b = np.vstack([Y / np.sqrt(n_), np.zeros((d_, 1))])
    reference = np.linalg.lstsq(A, b, rcond=None)[0]
    np.testing.assert_allclose(W_star, reference, rtol=1e-9, atol=1e-12)
    # and the gradient vanishes there
    grad = X.T @ (X @ W_star - Y) / n_ + lam_ * W_star
    assert np.max(np.abs(grad)) < 1e-10


def test_least_squares_normal_equations_and_lstsq():
    D = derive_matrix(r"\frac{1}{2n}\|XW - Y\|_2^2", "W", solve=True, matrices=SHAPES)
    opt = D.optimum
    assert latex(opt.normal_equation.lhs) == r"X^{T} X W" and latex(opt.rhs) == r"X^{T} Y"
    assert latex(opt.solution) == r"(X^{T} X)^{-1} X^{T} Y"
    assert opt.definiteness == "positive semidefinite" and [m.name for m in opt.rank_condition] == ["X"]
    assert opt.verdict.verdict == "verified"
    rng = np.random.default_rng(1)
    env, X, Y = _env(opt, 9, 4, None, rng)
    np.testing.assert_allclose(evaluate(opt.solution, env), np.linalg.lstsq(X, Y, rcond=None)[0], rtol=1e-9)


def test_matrix_valued_ridge():
    shapes = {"X": ("n", "d"), "V": ("d", "k"), "Z": ("n", "k")}
    D = derive_matrix(r"\frac{1}{2n}\|XV-Z\|_F^2 + \frac{\lambda}{2}\|V\|_F^2", "V", solve=True, matrices=shapes)
    assert latex(D.closed_form) == r"\frac{1}{n} X^{T} (X V - Z) + \lambda V"
    assert D.optimum.verdict.verdict == "verified"


def test_a_gradient_that_is_not_linear_cannot_be_solved():
    with pytest.raises(SymnnInputError, match="cannot solve"):
        derive_matrix(r"\log\det(A)", "A", solve=True, matrices={"A": ("n", "n")})


def test_quadratic_form_optimum():
    n = Symbol("n", integer=True, positive=True)
    A, x, b = MatrixSymbol("A", n, n), MatrixSymbol("x", n, 1), MatrixSymbol("b", n, 1)
    opt = stationary_point((A + A.T) * x - b, x)
    assert opt.solution.has(A) and opt.definiteness == "unknown"
