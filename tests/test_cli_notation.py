"""Notation on the command line (a subprocess, as a user runs it): the matrix δ recursion as written,
∂-fractions inside equations, declared matrix properties, defined derivatives, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

SYMNN = [sys.executable, "-m", "symnn"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SYMNN, *args], capture_output=True, text=True, timeout=120)


def run_json(*args: str) -> tuple[int, dict]:
    proc = run(*args, "--json")
    return proc.returncode, json.loads(proc.stdout)


DELTA = ["--matrix", "g:k,1", "--matrix", "W:k,m", "--matrix", "z:m,1", "--matrix", "b:k,1"]
LAYERED = ["--matrix", "g:k,1", "--matrix", r"W^{(\ell+1)}:k,m", "--matrix", r"z^{(\ell)}:m,1",
           "--matrix", "b:k,1"]


@pytest.mark.parametrize("claim, code", [
    (r"(W^T g) \odot \sigma'(z)", 0),
    (r"\sigma'(z) \odot (W^{\top} g)", 0),
    (r"\operatorname{diag}(\sigma'(z)) W^T g", 0),
    (r"(W g) \odot \sigma'(z)", 1),
    (r"(W^T g) \odot \sigma(z)", 1),
])
def test_matrix_delta_recursion_as_written(claim, code):
    got, out = run_json("check", "--expr", r"g^T(W\sigma(z)+b)", "--wrt", "z", "--claim", claim, *DELTA)
    assert got == code, out
    if code == 0:
        assert out["verdict"] == "verified" and out["method"] == "symbolic"
    else:
        assert out["verdict"] == "refuted"


def test_matrix_delta_recursion_with_layer_labels_and_bold():
    expr = r"g^T(W^{(\ell+1)}\sigma(\mathbf{z}^{(\ell)})+b)"
    good = r"((W^{(\ell+1)})^T g) \odot \sigma'(\mathbf{z}^{(\ell)})"
    bad = r"(W^{(\ell+1)} g) \odot \sigma'(\mathbf{z}^{(\ell)})"
    code, out = run_json("check", "--expr", expr, "--wrt", r"\mathbf{z}^{(\ell)}", "--claim", good, *LAYERED)
    assert code == 0 and out["method"] == "symbolic", out
    code, out = run_json("check", "--expr", expr, "--wrt", r"\mathbf{z}^{(\ell)}", "--claim", bad, *LAYERED)
    assert code == 1 and "k×m" in out["message"], out


def test_wrong_transpose_with_square_weights_is_refuted_by_numbers():
    square = ["--matrix", "g:m,1", "--matrix", "W:m,m", "--matrix", "z:m,1", "--matrix", "b:m,1"]
    code, out = run_json("check", "--expr", r"g^T(W\sigma(z)+b)", "--wrt", "z", "--claim",
                         r"(W g) \odot \sigma'(z)", *square)
    assert code == 1 and out["counterexample"] is not None


@pytest.mark.parametrize("equation, code", [
    (r"\frac{\partial}{\partial z}\sigma(z) = \sigma(z)(1-\sigma(z))", 0),
    (r"\frac{\partial}{\partial z}\sigma(z) = \sigma(z)(1+\sigma(z))", 1),
    (r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", 0),
    (r"\sigma'(x) = \sigma(x) - \sigma^2(x)", 0),
    (r"\frac{d}{dx}\mathrm{SiLU}(x) = \sigma(x)(1 + x(1 - \sigma(x)))", 0),
    (r"\sigma(\sigma^{-1}(p)) = p", 0),
    ("σ′(x) = σ(x)(1 − σ(x))", 0),
])
def test_derivatives_inside_equations(equation, code):
    proc = run("check", "--equation", equation)
    assert proc.returncode == code, proc.stdout + proc.stderr


def test_derivative_of_a_defined_quantity():
    proc = run("check", "--equation", r"\frac{\partial L}{\partial w} = (\sigma(w x) - y)\sigma(w x)(1 - \sigma(w x)) x",
               "--define", r"L = \frac{1}{2}(\sigma(w x) - y)^2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run("check", "--equation", r"\frac{\partial L}{\partial w} = 0")
    assert proc.returncode == 2 and "needs its definition" in proc.stderr


def test_declared_symmetric_matrix_is_used_by_both_witnesses():
    args = ["check", "--expr", "x^T A x", "--wrt", "x", "--claim", "2 A x", "--matrix", "x:n,1"]
    code, out = run_json(*args, "--matrix", "A:n,n:symmetric")
    assert code == 0 and out["method"] == "symbolic", out
    code, out = run_json(*args, "--matrix", "A:n,n")
    assert code == 1, out


def test_declared_orthogonal_and_spd_matrices():
    code, out = run_json("check", "--equation", "Q^T Q x = x", "--matrix", "Q:n,n:orthogonal", "--matrix", "x:n,1")
    assert code == 0 and out["method"] == "symbolic", out
    code, out = run_json("check", "--expr", r"\log\det(S)", "--wrt", "S", "--claim", "S^{-1}",
                         "--matrix", "S:n,n:spd")
    assert code == 0, out


@pytest.mark.parametrize("text, problem", [
    ("sigmoid(x)", r"did you mean \sigma?"),
    (r"\mathrm{sigmod}(x)", r"did you mean \sigma?"),
    (r"\frac{\partial}{\partial}", "missing the variable"),
    ("☃ + x", "unexpected character"),
])
def test_bad_notation_is_one_line_with_the_position(text, problem):
    start = time.perf_counter()
    proc = run("check", "--expr", text, "--wrt", "x", "--claim", "1")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and "position" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert time.perf_counter() - start < 5


def test_bad_matrix_property_is_an_input_error():
    proc = run("check", "--expr", "x^T x", "--wrt", "x", "--claim", "2x", "--matrix", "x:n,1:hermitian")
    assert proc.returncode == 2 and "unknown property" in proc.stderr


def test_ambiguous_sigma_says_which_reading_it_took():
    code, out = run_json("check", "--expr", r"\frac{\sigma(x)}{\sigma}", "--wrt", "x", "--claim",
                         r"\frac{\sigma'(x)}{\sigma}")
    assert code == 0 and any("standard deviation" in n for n in out["notes"]), out
    proc = run("check", "--expr", r"\sigma^2(x)", "--wrt", "x", "--claim", r"2\sigma^2(x)(1-\sigma(x))")
    assert proc.returncode == 0 and "note: " in proc.stdout and "not the variance" in proc.stdout
    code, out = run_json("check", "--equation", r"\sigma^2(x) = \sigma(x)\sigma(x)")
    assert code == 0 and any("not the variance" in n for n in out["notes"]), out


def test_defined_function_and_its_prime():
    proc = run("check", "--equation", r"f'(x) = 2x", "--define", "f(x) = x^2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run("check", "--equation", r"f''(x) = 3", "--define", "f(x) = x^2")
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_matrix_objective_with_respect_to_a_scalar():
    args = ["check", "--expr", r"\frac{\lambda}{2} w^T w + \lambda", "--wrt", r"\lambda", "--matrix", "w:n,1"]
    code, out = run_json(*args, "--claim", r"\frac{1}{2} w^T w + 1")
    assert code == 0 and out["method"] == "symbolic", out
    code, out = run_json(*args, "--claim", r"w^T w + 1")
    assert code == 1, out


def test_derive_the_layered_delta_recursion_reads_like_a_textbook():
    proc = run("derive", "--expr", r"g^T(W^{(\ell+1)}\sigma(\mathbf{z}^{(\ell)})+b)", "--wrt", r"z^{(\ell)}", *LAYERED)
    assert proc.returncode == 0, proc.stderr
    assert "chain rule, entrywise" in proc.stdout
    assert "closed form: (W^(ℓ+1))^T*g ⊙ σ'(z^(ℓ))" in proc.stdout
    assert "\\ell" not in proc.stdout and "{" not in proc.stdout
    code, out = run_json("derive", "--expr", r"g^T(W^{(\ell+1)}\sigma(\mathbf{z}^{(\ell)})+b)", "--wrt",
                         r"z^{(\ell)}", *LAYERED)
    assert out["closed_form"] == r"((W^{(\ell+1)})^{T} g) \odot \sigma'(z^{(\ell)})"
