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


def test_check_gradient_screens_with_k_plus_one_evaluations_and_rechecks_disagreements():
    """A right gradient costs k + 1 evaluations of f (one-sided screen from a shared f(x)); a
    disagreement is measured again centrally, so a strongly curved f (where the one-sided O(h)
    error is visible) still passes and a wrong layer still fails."""
    import numpy as np
    import pytest

    from symnn.testing import check_gradient

    calls = []

    def f(w):
        calls.append(1)
        return float(np.sum(np.exp(3 * w[0])) + np.sum(w[1] ** 2))

    def grad(w):
        return [3 * np.exp(3 * w[0]), 2 * w[1]]

    x = [np.linspace(2.0, 4.0, 500), np.linspace(-1, 1, 300)]
    out = check_gradient(f, grad, x, directions=4)
    assert out["evaluations"] == len(calls)
    assert len(calls) <= 4 + 1 + 2 * 4 and out["max_rel_error"] < 1e-5
    with pytest.raises(AssertionError, match="argument 0"):
        check_gradient(f, lambda w: [3 * np.exp(3 * w[0]) * (1 + 1e-3), 2 * w[1]], x, directions=4)
