"""Matrix results in LaTeX and on the command line (issue 4, items 1 and 3, ridge part)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sympy import HadamardProduct, Identity, MatrixSymbol, Symbol, Transpose
from sympy.matrices.expressions import Inverse

from symnn.latex.document import compile_pdf
from symnn.latex.printer import latex, plain
from symnn.matrix import derive_matrix
from symnn.matrix.forms import ARTEFACTS

SHAPES = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)}
RIDGE = r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W"
RIDGE_ARGS = ["--expr", RIDGE, "--wrt", "W", "--matrix", "X:n,d", "--matrix", "W:d,1", "--matrix", "Y:n,1"]

n = Symbol("n", integer=True, positive=True)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
x = MatrixSymbol("x", n, 1)


@pytest.mark.parametrize("expr, tex, text", [
    (Inverse(A.T), r"A^{-T}", "A^-T"),
    (Transpose(A * x + x), r"(A x + x)^{T}", None),
    ((A + A.T) * x, r"(A + A^{T}) x", "(A + A^T)*x"),
    (HadamardProduct(A, B), r"A \odot B", "A ⊙ B"),
    (A.T * A / n + Symbol("lambda") * Identity(n), r"\frac{1}{n} A^{T} A + \lambda I", None),
    (A * x - x, r"A x - x", "A*x - x"),
])
def test_matrix_printing(expr, tex, text):
    assert latex(expr) == tex
    if text is not None:
        assert plain(expr) == text


def _ridge_document() -> str:
    return derive_matrix(RIDGE, "W", solve=True, matrices=SHAPES, assume=[r"\lambda > 0"]).document()


def test_ridge_document_is_artefact_free_and_textbook():
    tex = _ridge_document()
    for name in ARTEFACTS:
        assert name not in tex
    assert r"\frac{1}{n} X^{T} (X W - Y) + \lambda W" in tex
    assert "^{T}" in tex and r"\nabla_{W}" in tex
    assert "denominator layout" in tex
    assert r"\left\| X v \right\|_{2}^{2}" in tex  # the positive-definiteness argument
    assert "positive definite" in tex


@pytest.mark.pdf
def test_ridge_document_compiles(tmp_path: Path):
    pdf = compile_pdf(_ridge_document(), tmp_path / "ridge.pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000


@pytest.mark.pdf
def test_identity_documents_compile(tmp_path: Path):
    shapes = {"A": ("n", "n"), "B": ("n", "n"), "x": ("n", 1)}
    body = "\n".join(derive_matrix(e, v, matrices=shapes).document() for e, v in [(r"\log\det(A)", "A")])
    assert compile_pdf(body, tmp_path / "logdet.pdf").exists()
    tex = derive_matrix(r"\mathrm{tr}(A \odot B)", "A", matrices=shapes).document()
    assert r"\odot" in tex
    assert compile_pdf(tex, tmp_path / "hadamard.pdf").exists()


# --------------------------------------------------------------------------- CLI


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", *args], capture_output=True, text=True, timeout=120)


def test_cli_derive_ridge_and_solve():
    r = _run("derive", *RIDGE_ARGS, "--solve", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["verdict"] == "verified"
    assert out["closed_form"] == r"\frac{1}{n} X^{T} (X W - Y) + \lambda W"
    assert out["optimum"] == r"\frac{1}{n} \left(\frac{1}{n} X^{T} X + \lambda I\right)^{-1} X^{T} Y"
    assert out["hessian"] == r"\frac{1}{n} X^{T} X + \lambda I"
    r = _run("derive", *RIDGE_ARGS, "--solve")
    assert r.returncode == 0 and "W^* =" in r.stdout and "positive definite" in r.stdout


@pytest.mark.parametrize("claim", [r"X^T(XW-Y) + \lambda W", r"\frac{1}{n}X^T(XW-Y) + \frac{\lambda}{2}W"])
def test_cli_wrong_ridge_claims_exit_1(claim):
    r = _run("check", *RIDGE_ARGS, "--claim", claim, "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["verdict"] == "refuted" and out["counterexample"]["entry"].startswith("W[")


def test_cli_quadratic_form_symmetry():
    args = ["check", "--expr", "x^T A x", "--wrt", "x", "--claim", "2Ax", "--matrix", "x:n,1", "--matrix", "A:n,n"]
    assert _run(*args).returncode == 1
    assert _run(*args, "--assume", "A = A^T").returncode == 0


def test_cli_non_conforming_product_exits_2_with_one_line():
    r = _run("check", "--expr", "XY", "--wrt", "W", "--claim", "W", "--matrix", "X:n,d", "--matrix", "W:d,1",
             "--matrix", "Y:n,1")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "n×d" in lines[0] and "n×1" in lines[0] and "Traceback" not in r.stderr


def test_cli_solve_without_matrices_is_an_input_error():
    r = _run("derive", "--expr", "x^2", "--wrt", "x", "--solve")
    assert r.returncode == 2 and "--matrix" in r.stderr
