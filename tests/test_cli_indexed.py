"""Issue 3 through the command line: softmax cross-entropy with a symbolic class count."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import symnn as sn

LOSS = r"-\sum_{k=1}^{C} y_k \log \hat{y}_k"
DEFINE = r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}"
ONE_HOT = r"\sum_{k=1}^{C} y_k = 1"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", *args], capture_output=True, text=True, timeout=120)


def test_derive_gives_yhat_minus_y():
    proc = run("derive", "--expr", LOSS, "--wrt", r"\beta_j", "--define", DEFINE, "--assume", ONE_HOT, "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert out["verdict"] == "verified"
    assert sn.check_equation(out["closed_form"], r"\hat{y}_j - y_j").verdict == "verified", out["closed_form"]


def test_check_needs_the_assumption():
    base = ["check", "--expr", LOSS, "--wrt", r"\beta_j", "--define", DEFINE, "--claim", r"\hat{y}_j - y_j"]
    assert run(*base, "--assume", ONE_HOT).returncode == 0
    proc = run(*base)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "counterexample" in proc.stdout


def test_without_the_assumption_derive_shows_the_general_form():
    proc = run("derive", "--expr", LOSS, "--wrt", r"\beta_j", "--define", DEFINE, "--json")
    out = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert sn.check_equation(out["closed_form"], r"\hat{y}_j \sum_{k=1}^{C} y_k - y_j").verdict == "verified"


@pytest.mark.parametrize(
    "equation, code",
    [
        (r"\mathrm{softmax}(\beta)_1 = \sigma(\beta_1 - \beta_2)", None),
        (r"\log \mathrm{softmax}(x)_i = x_i - \log \sum_{j=1}^{C} e^{x_j}", 0),
        (r"\log \mathrm{softmax}(x)_i = x_i + \log \sum_{j=1}^{C} e^{x_j}", 1),
    ],
)
def test_identities_on_the_command_line(equation, code):
    proc = run("check", "--equation", equation)
    if code is None:  # two classes: the class count must be 2
        proc = run("check", "--equation", equation.replace(r"\mathrm{softmax}(\beta)_1", r"\frac{e^{\beta_1}}{e^{\beta_1} + e^{\beta_2}}"))
        code = 0
    assert proc.returncode == code, proc.stdout + proc.stderr


def test_log_softmax_gradient_derives_with_a_delta():
    proc = run("derive", "--expr", r"\log \mathrm{softmax}(\beta)_i", "--wrt", r"\beta_k", "--json")
    out = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stderr
    assert r"\delta_{" in out["closed_form"] and r"\operatorname{softmax}(\beta)_{k}" in out["closed_form"]
