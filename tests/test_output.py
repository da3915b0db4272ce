"""Output a TA would sign: the command line's proof output, files, pipes and errors; the printer's
display of equations and steps; Jupyter; the proofreading checks themselves."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sympy import Rational, Symbol

import symnn as sn
from symnn.build import equation
from symnn.build.proofread import dangling_signs, leaks, overfull, repeated_steps, tautologies

ROOT = Path(__file__).resolve().parent.parent


def symnn(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, **(env or {})})


# --------------------------------------------------------------------------- the proofreader


def test_proofreader_finds_each_kind_of_defect():
    assert tautologies(r"\[ \log(5) = \log(5) \]") and tautologies(r"\[ \boxed{x = x} \]")
    assert not tautologies(r"\[ -\log \frac{1}{5} = \log 5 \]") and not tautologies(r"\[ a \leq b = c \]")
    proof = "\\begin{align*}\n& f \\\\\n  &= \\sum_{\\substack{i\\\\j}} a && \\text{x} \\\\\n  &= \\sum_{\\substack{i\\\\j}} a && \\text{y}\n\\end{align*}"
    assert len(repeated_steps(proof)) == 1
    assert not repeated_steps(proof.replace("&= \\sum_{\\substack{i\\\\j}} a && \\text{y}", "&= b && \\text{y}"))
    assert leaks("U is a row, so False is a number") and leaks("Heaviside(a1 - Max(a2, a3))")
    assert not leaks("the true value is 0.5; nonetheless")
    assert dangling_signs("  = +((a − b) w)") and not dangling_signs("  = (a + b)")
    assert overfull(r"Overfull \hbox (5.2pt too wide) in paragraph") and not overfull(r"Overfull \hbox (4.9pt too wide)")


# --------------------------------------------------------------------------- equations and steps


def test_equation_shows_the_sides_as_written_when_parsing_evaluates_them():
    claim = equation(r"\sigma(0)(1 - \sigma(0))", r"\frac{1}{4}")
    assert claim.display == r"\sigma(0)(1 - \sigma(0)) = \frac{1}{4}"
    assert not tautologies(claim.latex())
    assert equation(r"1 - \tanh(0)^2", "1").display.startswith(r"1 - \tanh(0)^2 =")
    x = Symbol("x", real=True)
    assert equation(sn.sigmoid(x) * (1 - sn.sigmoid(x)), r"\sigma(x) - \sigma(x)^2").display.count("=") == 1


def test_check_equation_reports_the_sides_as_written():
    out = symnn("check", "--equation", r"\sigma(0) = \frac{1}{2} = 0.6")
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == r"\sigma(0) = \frac{1}{2}"
    assert "1/2 = 1/2" not in out.stdout and "at :" not in out.stdout
    assert "counterexample: the left side is 0.5, the right side 0.6" in out.stdout


@pytest.mark.parametrize("variable", ["z_1", "z_{2}", "a_3"])
def test_a_subscripted_variable_gets_the_same_chain_rule_steps(variable):
    """An entry at a fixed position is a variable like any other: the proof does not collapse."""
    plain = sn.derive(r"- y\log\sigma(v) - (1-y)\log(1-\sigma(v))", "v")
    expr = r"- y\log\sigma(%s) - (1-y)\log(1-\sigma(%s))" % (variable, variable)
    entry = sn.derive(expr, variable)
    assert len(entry.steps) == len(plain.steps) >= 4
    assert [s.rule for s in entry.steps] == [s.rule for s in plain.steps]
    assert entry.verdict.verdict == "verified"


def test_no_proof_line_repeats_the_line_above():
    from sympy import Derivative

    x = Symbol("x", real=True)
    d = sn.Derivation(expr=x**2, wrt=(x,), order=1, start=Derivative(x**2, x),
                      steps=[sn.Step(2 * x, "power rule", "power rule"), sn.Step(2 * x, "algebra", "algebra"),
                             sn.Step(Derivative(x**2, x), "definition", "definition")], closed_form=2 * x)
    tex = d.latex()
    assert not repeated_steps(tex) and tex.count("&= ") == 2


# --------------------------------------------------------------------------- command line


def test_version():
    out = symnn("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"symnn {sn.__version__}"


def test_derive_latex_prints_the_align_block():
    out = symnn("derive", "--expr", r"\frac{1}{1+e^{-x}}", "--wrt", "x", "--latex")
    assert out.returncode == 0, out.stderr
    text = out.stdout.strip()
    assert text.startswith(r"\begin{align*}") and text.endswith(r"\end{align*}")
    assert r"\sigma(x) (1 - \sigma(x))" in text and "operatorname" not in text


def test_derive_json_carries_the_proof():
    import json

    out = symnn("derive", "--expr", r"\tanh(2x)", "--wrt", "x", "--json")
    payload = json.loads(out.stdout)
    assert payload["proof"].startswith(r"\begin{align*}") and len(payload["steps"]) >= 2


def test_derive_tex_is_written_with_the_umask(tmp_path):
    target = tmp_path / "proof.tex"
    old = os.umask(0o022)
    try:
        out = symnn("derive", "--expr", r"x^3", "--wrt", "x", "--tex", str(target))
    finally:
        os.umask(old)
    assert out.returncode == 0, out.stderr
    assert target.read_text().startswith(r"\documentclass")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.pdf
def test_derive_pdf(tmp_path):
    target = tmp_path / "sigmoid.pdf"
    out = symnn("derive", "--expr", r"\frac{1}{1+e^{-x}}", "--wrt", "x", "--pdf", str(target))
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().startswith(b"%PDF")


def test_closed_pipe_ends_quietly(tmp_path):
    """``symnn build | head -1``: no traceback, and the build still writes everything."""
    script = (f"{sys.executable} -m symnn build {ROOT / 'derivations'} --out {tmp_path} --no-pdf "
              f"--only s000-2.2 s001-3.2 s001-3.3 | head -1")
    out = subprocess.run(["bash", "-c", "set -o pipefail; " + script], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr, out.stderr
    assert (tmp_path / "solutions.tex").exists() and (tmp_path / "report.json").exists()
    check = subprocess.run(["bash", "-c", f"{sys.executable} -m symnn derive --expr 'x^2' --wrt x | head -1"],
                           capture_output=True, text=True, timeout=300)
    assert check.stderr == "" and check.stdout.strip()


def test_build_outside_the_repository_says_what_to_do(tmp_path):
    out = symnn("build", "--no-pdf", cwd=tmp_path)
    assert out.returncode == 2
    assert "symnn repository" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


_GOOD = ('ID, TITLE, SOURCE = "s999-1.1", "Good", "999"\nSTATEMENT = r"Show $x = x$."\n'
         'from symnn.build import Solution, equation\n'
         'def solve():\n    return Solution([equation(r"\\sigma(0)", r"\\frac{1}{2}")])\n')
_BROKEN = ('ID, TITLE, SOURCE = "s999-1.2", "Broken", "999"\nSTATEMENT = r"Show $\\frac{1}{2$."\n'
           'from symnn.build import Solution, equation\n'
           'def solve():\n    return Solution([equation(r"\\sigma(0)", r"\\frac{1}{2}")])\n')


@pytest.mark.pdf
def test_a_latex_error_names_its_problem(tmp_path):
    src = _corpus(tmp_path, {"s999_1_1_good.py": _GOOD, "s999_1_2_broken.py": _BROKEN})
    out = symnn("build", str(src), "--out", str(tmp_path / "out"), "--pdf")
    assert out.returncode == 1
    assert "problem s999-1.2" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "out" / "solutions.log").exists()


@pytest.mark.pdf
def test_only_does_not_leave_a_stale_pdf(tmp_path):
    src = _corpus(tmp_path, {"s999_1_1_good.py": _GOOD, "s999_1_3_good.py": _GOOD.replace("s999-1.1", "s999-1.3")})
    out_dir = tmp_path / "out"
    assert symnn("build", str(src), "--out", str(out_dir)).returncode == 0
    assert (out_dir / "solutions.pdf").exists()
    old = os.umask(0o027)
    try:
        out = symnn("build", str(src), "--out", str(out_dir), "--no-pdf", "--only", "s999-1.3")
    finally:
        os.umask(old)
    assert out.returncode == 0, out.stderr
    assert not (out_dir / "solutions.pdf").exists()
    assert stat.S_IMODE((out_dir / "solutions.tex").stat().st_mode) == 0o640


# --------------------------------------------------------------------------- Jupyter


def test_reprs_for_notebooks():
    d = sn.derive(r"\sigma(w x + b)", "w")
    assert d._repr_latex_().startswith(r"\begin{align*}") and "verified" in d._repr_latex_()
    assert "<table" in d._repr_html_() and "σ" in d._repr_html_() and "Derivative(" not in d._repr_html_()
    v = sn.check(r"\sigma(x)", "x", r"\sigma(x)(1+\sigma(x))")
    assert "refuted" in v._repr_latex_() and "counterexample" in v._repr_html_()
    import sympy

    assert "operatorname" not in sympy.latex(d.closed_form) and r"\sigma" in sympy.latex(d.closed_form)


def test_example_notebook_executes():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "examples" / "derivatives.ipynb", as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    latex = [o["data"]["text/latex"] for o in outputs if "text/latex" in o.get("data", {})]
    assert any(t.startswith(r"\begin{align*}") for t in latex), "no derivation rendered as LaTeX"
    assert any("refuted" in t for t in latex) and any("verified" in t for t in latex), "no verdict rendered"
    assert not any(re.search(r"operatorname\{sigmoid\}|Derivative\(", t) for t in latex)
