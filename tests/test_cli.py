"""The command line, run for real in a subprocess (INTERFACE.md: exit codes, JSON, one-line errors)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy

import symnn as sn

SYMNN = [sys.executable, "-m", "symnn"]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*SYMNN, *args], capture_output=True, text=True, timeout=timeout)


def run_json(*args: str) -> tuple[int, dict]:
    proc = run(*args, "--json")
    return proc.returncode, json.loads(proc.stdout)


def same(latex_a: str, latex_b: str) -> bool:
    """Equal as expressions (printing order does not matter)."""
    return bool(sn.check_equation(latex_a, latex_b))


# ----------------------------------------------------------------------------- derive


def test_derive_sigma_prime_from_the_definition():
    code, out = run_json("derive", "--expr", r"\frac{1}{1+e^{-x}}", "--wrt", "x")
    assert code == 0 and out["verdict"] == "verified"
    assert "e^" not in out["closed_form"] and "exp" not in out["closed_form"]
    assert same(out["closed_form"], r"\sigma(x)(1-\sigma(x))")
    assert sympy.expand(sn.parse_latex(out["closed_form"]) - sn.parse_latex(r"\sigma(x)(1-\sigma(x))")) == 0


def test_derive_second_order_is_factored():
    code, out = run_json("derive", "--expr", r"\frac{1}{1+e^{-x}}", "--wrt", "x", "--order", "2")
    assert code == 0
    closed = sn.parse_latex(out["closed_form"])
    s = sn.sigmoid(sympy.Symbol("x", real=True))
    assert sympy.expand(closed - s * (1 - s) * (1 - 2 * s)) == 0
    assert isinstance(closed, sympy.Mul) and len(closed.args) == 3, out["closed_form"]


@pytest.mark.parametrize(
    "expr, wrt, expected",
    [
        (r"\tanh(x)", "x", r"1-\tanh(x)^2"),
        (r"\mathrm{softplus}(x)", "x", r"\sigma(x)"),
        (r"\log \sigma(x)", "x", r"1-\sigma(x)"),
        (r"-(y \log \sigma(\beta) + (1-y)\log(1-\sigma(\beta)))", r"\beta", r"\sigma(\beta) - y"),
        (r"\frac{1}{2}(\sigma(wx+b)-y)^2", "w", r"(\sigma(wx+b)-y)\sigma(wx+b)(1-\sigma(wx+b))x"),
    ],
)
def test_derive_other_closed_forms(expr, wrt, expected):
    code, out = run_json("derive", "--expr", expr, "--wrt", wrt)
    assert code == 0, out
    assert "e^" not in out["closed_form"]
    assert same(out["closed_form"], expected), out["closed_form"]


def test_derive_human_report_shows_steps_and_verdict():
    proc = run("derive", "--expr", r"\frac{1}{1+e^{-x}}", "--wrt", "x")
    assert proc.returncode == 0
    assert "power rule" in proc.stdout and "verdict: verified" in proc.stdout
    assert "closed form: σ(x)" in proc.stdout


# ----------------------------------------------------------------------------- check


def test_false_claim_exits_1_with_a_counterexample():
    code, out = run_json("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1+\sigma(x))")
    assert code == 1 and out["verdict"] == "refuted"
    assert {"point", "expected", "claimed"} <= set(out["counterexample"])  # extra keys: point_exact, instance
    assert "x" in out["counterexample"]["point"]
    proc = run("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1+\sigma(x))")
    assert proc.returncode == 1 and "counterexample: at x = " in proc.stdout


def test_exp_form_claim_exits_0():
    proc = run("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\frac{e^{-x}}{(1+e^{-x})^2}")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_natural_log_and_log10():
    assert run("check", "--expr", r"\log x", "--wrt", "x", "--claim", r"\frac{1}{x}", "--assume", "x>0").returncode == 0
    assert run("check", "--expr", r"\log_{10} x", "--wrt", "x", "--claim", r"\frac{1}{x}").returncode == 1


def test_relu_claim_names_the_nondifferentiable_point():
    proc = run("check", "--expr", r"\mathrm{ReLU}(x)", "--wrt", "x", "--claim", r"\mathbb{I}(x>0)")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "does not exist where x = 0" in proc.stdout
    code, out = run_json("check", "--expr", r"\mathrm{ReLU}(x)", "--wrt", "x", "--claim", r"\mathbb{I}(x>0)")
    assert out["nondifferentiable"] == ["x = 0"]


def test_equation_chains_check_every_link():
    assert run("check", "--equation", r"\tanh(x) = 2\sigma(2x) - 1").returncode == 0
    assert run("check", "--equation", r"\sigma(-x) = 1 - \sigma(x) = \sigma(x)").returncode == 1


def test_order_and_define_options():
    assert run("check", "--expr", r"\sigma(x)", "--wrt", "x", "--order", "2",
               "--claim", r"\sigma(x)(1-\sigma(x))(1-2\sigma(x))").returncode == 0
    proc = run("check", "--expr", r"\frac{1}{2}(\hat{y} - y)^2", "--wrt", "z", "--define", r"\hat{y} = \sigma(z)",
               "--claim", r"(\hat{y} - y)\hat{y}(1-\hat{y})")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_seed_makes_runs_reproducible():
    a = run_json("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)^2", "--seed", "5")
    b = run_json("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)^2", "--seed", "5")
    assert a == b


# ----------------------------------------------------------------------------- bad input


BAD_INPUTS = [
    ("malformed", r"\frac{1}{"),
    ("unknown macro", r"\foo{x}"),
    ("empty argument", r"\frac{}{x}"),
    ("python code", "__import__('os').system('touch /tmp/symnn_pwned')"),
    ("deep nesting", "(" * 5000 + "x" + ")" * 5000),
    ("trailing junk", r"x + "),
    ("empty", ""),
]


@pytest.mark.parametrize("kind, claim", BAD_INPUTS, ids=[k for k, _ in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_and_no_traceback(kind, claim):
    marker = Path("/tmp/symnn_pwned")
    marker.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = run("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", claim, timeout=30)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 2, (kind, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and lines[0].startswith("symnn: error:")
    assert elapsed < 5.0, f"{kind} took {elapsed:.1f} s"
    assert not marker.exists(), "user text was executed"


def test_bad_options_are_one_line_errors():
    for args in (["check"], ["derive", "--expr", "x"], ["check", "--expr", "x", "--wrt", "x", "--claim", "1", "--order", "two"],
                 ["frobnicate"], ["derive", "--expr", "x", "--wrt", "x+y"]):
        proc = run(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_error_position_is_named():
    proc = run("check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"x + \foo")
    assert "position 4" in proc.stderr


def test_json_error_object():
    code, out = run_json("check", "--expr", r"\foo", "--wrt", "x", "--claim", "1")
    assert code == 2 and out["verdict"] == "error" and out["message"]


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "symnn"
    assert exe.exists()
    proc = subprocess.run([str(exe), "check", "--equation", "x = x"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0


@pytest.mark.parametrize("claim", [
    ["--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1-\sigma(x))"],
    ["--equation", r"\tanh(x) = 2\sigma(2x) - 1"],
    ["--expr", r"-\sum_{k=1}^{C} y_k \log(\mathrm{softmax}(\beta)_k)", "--wrt", r"\beta_j",
     "--claim", r"\mathrm{softmax}(\beta)_j - y_j", "--assume", r"\sum_{k=1}^{C} y_k = 1"],
])
def test_a_check_does_not_import_what_it_does_not_use(claim):
    """Start-up (a CLI call per claim): a scalar, equation or indexed check imports neither NumPy
    nor the matrix calculus nor importlib.metadata — together about a fifth of a call."""
    code = ("import sys, io, contextlib\nfrom symnn.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main({['check', *claim, '--json']!r})\n"
            "print(code, sorted(m for m in ('numpy', 'symnn.matrix.check', 'symnn.matrix.derive', "
            "'importlib.metadata') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split(None, 1) == ["0", "[]\n"], out.stdout + out.stderr
