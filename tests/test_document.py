"""Proof rendering, certificates, documents and PDF compilation."""

from __future__ import annotations

import shutil

import pytest
from sympy import Derivative, Eq, Symbol, exp, symbols

from symnn.calculus.derivation import Derivation, Step
from symnn.latex.document import (
    LatexCompileError,
    compile_pdf,
    derivation_body,
    derivation_document,
    document,
    which_tex,
)
from symnn.latex.proof import (
    escape_text,
    format_number,
    math_from_text,
    render_certificate,
    render_derivation,
    render_notes,
    render_steps_plain,
)
from symnn.verdict import Verdict
from symnn.vocabulary import sigmoid

x = Symbol("x")
s = sigmoid(x)

# Skipping without pdflatex (or failing, under SYMNN_REQUIRE_TEX) is done in conftest.py.


def sigmoid_derivation(**overrides) -> Derivation:
    """σ' by hand: definition, quotient rule, algebra, refold."""
    u = 1 + exp(-x)
    fields = dict(
        expr=s,
        wrt=(x,),
        order=1,
        start=Derivative(s, x),
        steps=[
            Step(Derivative(1 / u, x), "definition", "definition of the sigmoid"),
            Step(exp(-x) / u**2, "quotient rule", "quotient rule"),
            Step((1 / u) * (exp(-x) / u), "algebra", "algebra"),
            Step(s * (1 - s), "refold", "refold", (Eq(exp(-x), (1 - s) / s),)),
        ],
        closed_form=s * (1 - s),
        verdict=Verdict("verified", method="symbolic", points_tried=24, max_rel_error=1e-12),
        notes=["The sigmoid is smooth: the derivative exists everywhere."],
    )
    fields.update(overrides)
    return Derivation(**fields)


# --------------------------------------------------------------------------- the proof


def test_render_derivation_structure():
    d = sigmoid_derivation()
    tex = render_derivation(d)
    lines = tex.splitlines()
    assert lines[0] == r"\begin{align*}"
    assert lines[-1] == r"\end{align*}"
    assert lines[1] == r"& \frac{d}{d x} \sigma(x) \\*"  # no page break after the left-hand side alone
    # the left-hand side, then one line per step; the "algebra" step (SymPy evaluates it back to the
    # quotient-rule line) would repeat the line above it and is left out
    assert tex.count(r"\\") == len(d.steps) - 1
    assert tex.count("&= ") == len(d.steps) - 1 and r"\text{algebra}" not in tex
    assert r"\text{quotient rule}" in tex
    assert r"&= \frac{e^{- x}}{(1 + e^{- x})^{2}} && \text{quotient rule}" in tex
    assert (r"&= \sigma(x) (1 - \sigma(x)) && "
            r"\text{refold: } e^{- x} = \frac{1 - \sigma(x)}{\sigma(x)}") in tex
    assert r"\operatorname{sigmoid}" not in tex and "Derivative" not in tex


def test_justifications_are_escaped():
    d = sigmoid_derivation(steps=[Step(s * (1 - s), "lemma", "lemma_1: 100% & #2 {ok} $5 σ′")])
    tex = render_derivation(d)
    # a long justification wraps in a narrow column (\parbox) instead of widening the proof
    assert r"{\raggedright\small lemma\_1: 100\% \& \#2 \{ok\} \$5 $\sigma$$'$}" in tex


def test_empty_justification_falls_back_to_rule():
    d = sigmoid_derivation(steps=[Step(s * (1 - s), "chain rule", "")])
    assert r"\text{chain rule}" in render_derivation(d)


def test_no_steps_gives_the_closed_form():
    tex = render_derivation(sigmoid_derivation(steps=[]))
    assert r"&= \sigma(x) (1 - \sigma(x))" in tex


def test_long_sums_are_broken():
    xs = symbols("x0:12")
    long = sum(sigmoid(v) * (1 - sigmoid(v)) for v in xs)
    tex = render_derivation(sigmoid_derivation(steps=[Step(long, "sum rule", "sum rule")]))
    assert tex.count(r"&\quad + ") >= 2
    assert tex.count(r"\text{sum rule}") == 1
    assert tex.count(r"\left") == tex.count(r"\right")


def test_render_steps_plain():
    lines = render_steps_plain(sigmoid_derivation())
    assert len(lines) == 3  # the repeated "algebra" line is left out
    assert lines[1] == "= exp(-x)/(1 + exp(-x))^2   [quotient rule]"
    assert lines[2] == "= σ(x)*(1 - σ(x))   [refold: exp(-x) = (1 - σ(x))/σ(x)]"


# --------------------------------------------------------------------------- certificate, notes


def test_certificate_verified_symbolic():
    tex = render_certificate(Verdict("verified", method="symbolic", points_tried=24,
                                     max_rel_error=1e-12))
    assert tex.startswith(r"\textbf{Verified.}")
    assert "proved symbolically" in tex
    assert "24 random points" in tex
    assert "$10^{-12}$" in tex


def test_certificate_exact_and_nondifferentiable():
    tex = render_certificate(Verdict("verified", method="exact", points_tried=50,
                                     max_rel_error=3.2e-9, nondifferentiable=["w*x + b = 0"]))
    assert r"\textbf{Verified.}" in tex and "Verified numerically" not in tex
    assert "computed exactly" in tex
    assert r"$3.2 \times 10^{-9}$" in tex
    assert "does not exist at $w x + b = 0$" in tex


def test_certificate_refuted_shows_the_counterexample():
    v = Verdict("refuted", method="numeric", message="the claim differs at x = 0.3",
                counterexample={"point": {"x": 0.3}, "expected": 0.24, "claimed": 0.21})
    tex = render_certificate(v)
    assert r"\textbf{Refuted.}" in tex
    assert "At $x = 0.3$ the true value is $0.24$ but the claim gives $0.21$." in tex


def test_certificate_undetermined_and_missing():
    tex = render_certificate(Verdict("undetermined", message="no valid points: 100% excluded"))
    assert tex.startswith(r"\textbf{Undetermined.}") and r"100\%" in tex
    assert "Not checked" in render_certificate(None)


def test_notes_and_helpers():
    assert render_notes([]) == ""
    assert render_notes(["a_b"]) == "\\begin{itemize}\n  \\item $a_{b}$\n\\end{itemize}"  # a subscript
    assert render_notes(["snake_case"]) == "\\begin{itemize}\n  \\item snake\\_case\n\\end{itemize}"
    assert escape_text("ŷ ≥ 0") == r"$\hat{y}$ $\ge$ 0"
    assert format_number(1e-12) == "10^{-12}"
    assert format_number(2.5e-7) == r"2.5 \times 10^{-7}"
    assert math_from_text("yhat_j = 0") == r"\hat{y}_{j} = 0"


# --------------------------------------------------------------------------- documents


def test_derivation_document_structure():
    tex = derivation_document(sigmoid_derivation())
    assert tex.startswith(r"\documentclass")
    for needle in (r"\usepackage{amsmath}", r"\usepackage{amssymb}", r"\begin{document}",
                   r"\end{document}", r"\begin{align*}", r"\section*{Proof}",
                   r"\section*{Verification}", r"\section*{Notes}",
                   r"We compute $\frac{d}{d x} \sigma(x)$, the derivative of $\sigma(x)$ "
                   r"with respect to $x$.",
                   r"\boxed{\frac{d}{d x} \sigma(x) = \sigma(x) (1 - \sigma(x))}"):
        assert needle in tex, needle
    assert r"\title{The derivative of $\sigma(x)$ with respect to $x$}" in tex


def test_titles_definitions_assumptions():
    beta, yhat = Symbol("beta"), Symbol("yhat")
    d = sigmoid_derivation(title="Problem 2.2 & friends", assumptions=(x > 0,),
                           definitions={yhat: sigmoid(beta)})
    tex = derivation_document(d)
    assert r"\title{Problem 2.2 \& friends}" in tex
    assert r"Here $\hat{y} = \sigma(\beta)$." in tex
    assert r"We assume $x > 0$." in tex
    assert r"\title{Mine}" in derivation_document(d, title="Mine")


def test_generic_document_and_body():
    body = derivation_body(sigmoid_derivation())
    assert body.startswith(r"\subsection*{Statement}")
    tex = document([("Problem 1", body), (None, "Closing words.")], "Solutions",
                   numbered=True, toc=True)
    assert r"\section{Problem 1}" in tex and r"\tableofcontents" in tex
    assert "\nClosing words.\n" in tex


# --------------------------------------------------------------------------- compiling


def test_which_tex_unknown_engine():
    assert which_tex("no-such-tex-engine") is None
    with pytest.raises(LatexCompileError, match="not installed"):
        compile_pdf("", "/nonexistent/x.pdf", engine="no-such-tex-engine")


@pytest.mark.pdf
def test_compile_derivation_document(tmp_path):
    d = sigmoid_derivation(notes=["ŷ ≥ 0 — 50% of β_j", "w_{hj} & friends"],
                           verdict=Verdict("verified", method="symbolic", points_tried=24,
                                           max_rel_error=1e-12, nondifferentiable=["x = 0"]))
    out = tmp_path / "sub" / "sigmoid.pdf"
    assert compile_pdf(derivation_document(d), out) == out
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.parent.iterdir()] == ["sigmoid.pdf"]  # no staging leftovers


@pytest.mark.pdf
def test_compile_broken_document_raises_and_leaves_nothing(tmp_path):
    broken = "\\documentclass{article}\n\\begin{document}\n$\\frobnicate{x}$\n\\end{document}\n"
    out = tmp_path / "broken.pdf"
    with pytest.raises(LatexCompileError) as info:
        compile_pdf(broken, out)
    assert "Undefined control sequence" in str(info.value)
    assert r"\frobnicate" in str(info.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.pdf
def test_failed_compile_keeps_the_previous_pdf(tmp_path):
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"%PDF old")
    with pytest.raises(LatexCompileError):
        compile_pdf("\\documentclass{article}\n\\begin{document}\n\\bad\n\\end{document}\n", out)
    assert out.read_bytes() == b"%PDF old"
