"""Derivations from definitions to closed forms, through the public Python API."""

from __future__ import annotations

import pytest
import sympy
from sympy import Derivative, Symbol, exp, log, tanh

import symnn as sn
from symnn.calculus.derive import build_derivation
from symnn.calculus.differentiate import differentiation_steps
from symnn.vocabulary import binary_cross_entropy, mse, relu, sigmoid, softplus

x, w, b, y, beta = sympy.symbols("x w b y beta", real=True)
s = sigmoid(x)
sw = sigmoid(w * x + b)

CLOSED_FORMS = [
    # (expression, variable, order, expected closed form)
    (1 / (1 + exp(-x)), x, 1, s * (1 - s)),
    (1 / (1 + exp(-x)), x, 2, s * (1 - s) * (1 - 2 * s)),
    (sigmoid(x), x, 1, s * (1 - s)),
    (sigmoid(x), x, 2, s * (1 - s) * (1 - 2 * s)),
    (tanh(x), x, 1, 1 - tanh(x) ** 2),
    (softplus(x), x, 1, s),
    (log(sigmoid(x)), x, 1, 1 - s),
    (binary_cross_entropy(sigmoid(beta), y), beta, 1, sigmoid(beta) - y),
    ((sw - y) ** 2 / 2, w, 1, (sw - y) * sw * (1 - sw) * x),
    (mse(sw, y), w, 1, (sw - y) * sw * (1 - sw) * x),
    (relu(x), x, 1, sn.indicator(x)),
]


@pytest.mark.parametrize("expr, wrt, order, expected", CLOSED_FORMS, ids=lambda v: str(v)[:30])
def test_closed_forms_are_textbook_and_verified(expr, wrt, order, expected):
    d = sn.derive(expr, wrt, order=order)
    assert sympy.expand(d.closed_form - expected) == 0
    assert not d.closed_form.has(exp), "exp left where σ belongs"
    assert d.verdict.verdict == "verified", d.verdict.message


def test_second_derivative_is_factored():
    d = sn.derive(1 / (1 + exp(-x)), x, order=2)
    assert d.closed_form == s * (1 - s) * (1 - 2 * s)  # structurally: factored, textbook signs


def test_the_proof_starts_from_the_definition_and_ends_with_a_refold():
    d = sn.derive(sigmoid(x), x)
    assert d.start == Derivative(sigmoid(x), x)
    assert d.steps[0].rule == "definition"
    assert d.steps[0].expr == Derivative(1 / (1 + exp(-x)), x)
    rules = [st.rule for st in d.steps]
    assert "refold" in rules
    refold_step = d.steps[rules.index("refold")]
    assert refold_step.equations and refold_step.equations[0].lhs == exp(-x)
    assert d.steps[-1].expr == d.closed_form


def test_every_step_equals_the_start():
    """Each line of a proof is a true equation (checked numerically with SymPy's own diff)."""
    for expr, wrt, order, _ in CLOSED_FORMS[:-1]:
        d = build_derivation(expr, wrt, order)
        truth = sympy.diff(expr, wrt, order)
        for step in d.steps:
            value = step.expr.doit()
            for point in (0.3, -1.1):
                subs = {sym: point + 0.1 * i for i, sym in enumerate(sorted(truth.free_symbols | value.free_symbols, key=str))}
                assert abs(complex((value - truth).subs(subs).evalf())) < 1e-9, (expr, step)


def test_inner_activations_use_the_lemma_not_the_definition():
    d = sn.derive(log(sigmoid(x)), x)
    assert all(not st.expr.has(exp) for st in d.steps)
    assert any("derivative of the sigmoid" in st.rule for st in d.steps)


def test_loss_definitions_are_expanded_first():
    d = sn.derive(binary_cross_entropy(sigmoid(beta), y), beta)
    assert d.steps[0].rule == "definition" and "binary cross-entropy" in d.steps[0].justification


def test_relu_notes_the_point_where_the_derivative_does_not_exist():
    d = sn.derive(relu(x), x)
    assert d.verdict.nondifferentiable == ["x = 0"]
    assert any("x = 0" in note for note in d.notes)


def test_linear_pieces_take_no_line_of_their_own():
    steps = differentiation_steps(3 * x**2 + x, x)
    assert [st.rule for st in steps] == ["sum rule, constant multiple rule", "power rule"]
    assert steps[-1].expr == 6 * x + 1


def test_order_must_be_positive():
    with pytest.raises(sn.SymnnInputError):
        sn.derive(sigmoid(x), x, order=0)


def test_definitions_are_substituted_and_folded_back():
    yhat, z = sympy.symbols("yhat z", real=True)
    d = sn.derive(mse(yhat, y), z, define={yhat: sigmoid(z)})
    assert sympy.expand(d.closed_form - (yhat - y) * yhat * (1 - yhat)) == 0
    assert d.verdict.verdict == "verified"


def test_exponentials_unrelated_to_the_vocabulary_are_not_refolded():
    """d/dx (y + e^{xy}) = y e^{xy}: no σ appears when the input has none and folding is no simpler."""
    d = sn.derive(y + exp(x * y), x)
    assert d.closed_form == y * exp(x * y)
    assert not d.closed_form.has(sigmoid)


def test_softplus_derivative_still_folds_to_sigma():
    assert sn.derive(log(1 + exp(x)), x).closed_form == sigmoid(x)
