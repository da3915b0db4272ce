"""The pytest helpers, and the proof documents of σ′ and σ″ compiled for real."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import sympy

import symnn as sn
from symnn.latex.document import compile_pdf
from symnn.testing import assert_closed_form, assert_gradient

x = sympy.Symbol("x", real=True)


def test_assert_closed_form_passes_on_the_textbook_form():
    assert_closed_form(sn.derive(sn.sigmoid(x), x), r"\sigma(x)(1-\sigma(x))")
    assert_closed_form(sn.derive(sn.sigmoid(x), x), r"\sigma(x) - \sigma(x)^2")  # printing order is irrelevant


def test_assert_closed_form_fails_with_a_counterexample():
    with pytest.raises(AssertionError, match="counterexample at x = "):
        assert_closed_form(sn.derive(sn.sigmoid(x), x), r"\sigma(x)(1+\sigma(x))")


def test_assert_gradient():
    assert_gradient(sn.softplus(x), x, r"\sigma(x)")
    with pytest.raises(AssertionError, match=r"counterexample at x = .*true value .*claimed"):
        assert_gradient(sn.softplus(x), x, r"\sigma(-x)")


def test_helpers_work_inside_a_users_pytest_run(tmp_path):
    """A user's test file: the passing assertion passes, the failing one shows its counterexample."""
    test_file = tmp_path / "test_user.py"
    test_file.write_text(textwrap.dedent(r'''
        import sympy, symnn as sn
        from symnn.testing import assert_gradient
        x = sympy.Symbol("x", real=True)

        def test_good():
            assert_gradient(sn.sigmoid(x), x, r"\sigma(x)(1-\sigma(x))")

        def test_bad():
            assert_gradient(sn.sigmoid(x), x, r"\sigma(x)^2")
    '''))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "1 failed, 1 passed" in proc.stdout, proc.stdout
    assert "counterexample at x = " in proc.stdout


@pytest.mark.pdf
@pytest.mark.parametrize("order", [1, 2])
def test_sigma_prime_documents_compile(tmp_path, order):
    d = sn.derive(r"\frac{1}{1+e^{-x}}", "x", order=order)
    tex = d.document()
    assert r"\begin{align*}" in tex and "Derivative(" not in tex and "exp(" not in tex
    pdf = compile_pdf(tex, tmp_path / f"sigma{order}.pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
