"""Indexed calculus: softmax, log-softmax, cross-entropy and KL with a symbolic class count C."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Sum, Symbol, exp, log

import symnn as sn
from symnn import verify
from symnn.calculus.indexed_derive import build_indexed_derivation
from symnn.calculus.sums import apply_sum_assumptions, canonical_dummies, normalize_sums, sum_out_deltas
from symnn.indexed import (
    cross_entropy,
    entropy,
    expand_indexed_definitions,
    indexed_registry,
    kl_divergence,
    log_softmax,
    logsumexp,
    softmax,
)
from symnn.latex.document import compile_pdf
from symnn.latex.printer import NNLatexPrinter, latex
from symnn.witness import witness

C = Symbol("C", integer=True, positive=True)
i, j, k, m = (Symbol(n, integer=True) for n in "ijkm")
beta, y, yhat = IndexedBase("beta", real=True), IndexedBase("y", real=True), IndexedBase("yhat", real=True)
p, q = IndexedBase("p", real=True), IndexedBase("q", real=True)

LOSS = -Sum(y[k] * log(yhat[k]), (k, 1, C))
YHAT = {yhat[j]: exp(beta[j]) / Sum(exp(beta[m]), (m, 1, C))}
ONE_HOT = [Eq(Sum(y[k], (k, 1, C)), 1)]


# ----------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize("name, cls", sorted(indexed_registry().items()))
def test_indexed_vocabulary_has_its_four_parts_and_correct_derivatives(name, cls):
    assert hasattr(NNLatexPrinter, f"_print_{name}"), name
    assert cls.latex_macro
    args = {"softmax": (beta, i, C), "log_softmax": (beta, i, C), "logsumexp": (beta, C),
            "cross_entropy": (p, q, C), "entropy": (p, C), "kl_divergence": (p, q, C)}[name]
    f = cls(*args)
    # closed-form derivative against the derivative of the definition, numerically at C = 2..7
    for base in {a for a in args if isinstance(a, IndexedBase)}:
        closed = f.derivative_wrt(base, k)
        assert closed is not None
        truth = witness(f.definition_expr(), closed, wrt=base[k], constraints=[p[k] > 0, q[k] > 0])
        assert truth.status == "agree", (name, base, truth.message)
    # NumPy implementation against the definition at C = 4
    rng = np.random.default_rng(0)
    vec = {beta: rng.normal(size=4), p: rng.dirichlet(np.ones(4)), q: rng.dirichlet(np.ones(4))}
    values = [vec[a] if isinstance(a, IndexedBase) else 2 for a in args[:-1]]
    subs = {a[t]: vec[a][t - 1] for a in vec for t in range(1, 5)}
    definition = f.definition_expr().subs({C: 4, i: 2}).doit().subs(subs)
    assert np.isclose(cls.numpy_impl(*values), float(definition))


# ----------------------------------------------------------------------------- sums


def test_kronecker_deltas_are_summed_out_and_sums_split():
    assert sum_out_deltas(Sum(KroneckerDelta(j, k) * y[k], (k, 1, C))) == y[j]
    assert normalize_sums(Sum(2 * y[k] + KroneckerDelta(k, j), (k, 1, C))) == 2 * Sum(y[k], (k, 1, C)) + 1
    assert canonical_dummies(Sum(y[m], (m, 1, C))) == Sum(y[k], (k, 1, C))
    assert apply_sum_assumptions(3 * Sum(y[m], (m, 1, C)), ONE_HOT)[0] == 3


# ----------------------------------------------------------------------------- derivations


def test_softmax_cross_entropy_gradient_is_yhat_minus_y():
    d = sn.derive(LOSS, beta[j], define=YHAT, assume=ONE_HOT)
    assert sympy.expand(d.closed_form - (yhat[j] - y[j])) == 0
    assert d.verdict.verdict == "verified", d.verdict.message
    rules = [s.rule for s in d.steps]
    for needed in ("definition", "log of a quotient", "differentiation", "Kronecker delta", "refold", "assumption"):
        assert needed in rules, (needed, rules)


def test_without_the_assumption_the_general_form_is_derived_and_the_short_claim_refuted():
    d = sn.derive(LOSS, beta[j], define=YHAT)
    assert sympy.expand(d.closed_form - (yhat[j] * Sum(y[k], (k, 1, C)) - y[j])) == 0
    v = sn.check(LOSS, beta[j], yhat[j] - y[j], define=YHAT)
    assert v.verdict == "refuted" and v.counterexample is not None
    assert sn.check(LOSS, beta[j], yhat[j] - y[j], define=YHAT, assume=ONE_HOT).verdict == "verified"


def test_log_softmax_gradient_one_formula_with_delta():
    d = build_indexed_derivation(log(softmax(beta, i, C)), beta[k])
    assert d.closed_form == KroneckerDelta(i, k) - softmax(beta, k, C)
    assert verify.check(log(softmax(beta, i, C)), beta[k], d.closed_form).verdict == "verified"


def test_softmax_jacobian_is_diag_minus_outer_product():
    d = sn.derive(softmax(beta, i, C), beta[k])
    assert sympy.expand(d.closed_form - softmax(beta, i, C) * (KroneckerDelta(i, k) - softmax(beta, k, C))) == 0
    assert d.verdict.verdict == "verified"


def test_sigmoid_binary_cross_entropy_is_sigma_minus_y():
    b, t = sympy.symbols("beta y", real=True)
    d = sn.derive(sn.binary_cross_entropy(sn.sigmoid(b), t), b)
    assert sympy.expand(d.closed_form - (sn.sigmoid(b) - t)) == 0


def test_the_derivation_does_not_depend_on_C():
    """Symbolic C: no step holds more than a handful of terms."""
    d = sn.derive(LOSS, beta[j], define=YHAT, assume=ONE_HOT)
    assert all(sympy.count_ops(s.expr) < 40 for s in d.steps)


# ----------------------------------------------------------------------------- identities


IDENTITIES = [
    (softmax(beta, 1, 2), sn.sigmoid(beta[1] - beta[2]), ()),
    (log(softmax(beta, i, C)), beta[i] - log(Sum(exp(beta[j]), (j, 1, C))), ()),
    (cross_entropy(p, q, C), entropy(p, C) + kl_divergence(p, q, C), (p[k] > 0, q[k] > 0)),
]


@pytest.mark.parametrize("lhs, rhs, assume", IDENTITIES[:3], ids=["two-class softmax", "log-softmax", "CE = H + KL"])
def test_identities_verify(lhs, rhs, assume):
    v = sn.check_equation(lhs, rhs, assume=assume)
    assert v.verdict == "verified", v.message


def test_uniform_prediction_gives_log_C():
    uniform = -Sum(y[k] * log(1 / C), (k, 1, C))
    v = sn.check_equation(uniform, log(C), assume=ONE_HOT)
    assert v.verdict == "verified", v.message


WRONG = [
    (softmax(beta, 1, 2), sn.sigmoid(beta[1] + beta[2]), (), "softmax of two classes = σ(β₁ + β₂)"),
    (log(softmax(beta, i, C)), beta[i] + log(Sum(exp(beta[j]), (j, 1, C))), (), "sign flip"),
    (log(softmax(beta, i, C)), beta[i] - log(exp(beta[i])), (), "missing Σ"),
    (cross_entropy(p, q, C), entropy(p, C) - kl_divergence(p, q, C), (p[k] > 0, q[k] > 0), "sign of KL"),
]


@pytest.mark.parametrize("lhs, rhs, assume, what", WRONG, ids=[w[-1] for w in WRONG])
def test_wrong_variants_are_refuted_with_a_counterexample(lhs, rhs, assume, what):
    v = sn.check_equation(lhs, rhs, assume=assume)
    assert v.verdict == "refuted", (what, v.message)
    assert v.counterexample and v.counterexample["point"]


def test_dropped_delta_is_refuted():
    v = verify.check(log(softmax(beta, i, C)), beta[k], -softmax(beta, k, C))
    assert v.verdict == "refuted"
    # the counterexample is at i = k, where the delta matters
    point = v.counterexample["point"]
    assert point["i"] == point["k"]


# ----------------------------------------------------------------------------- LaTeX


def test_proof_latex_reads_like_a_textbook():
    d = sn.derive(LOSS, beta[j], define=YHAT, assume=ONE_HOT)
    tex = d.latex()
    for artefact in ("KroneckerDelta", "Sum(", "exp(", "Derivative(", "yhat", "beta["):
        assert artefact not in tex, artefact
    assert r"\sum_{" in tex and r"\delta_{" in tex and r"\hat{y}_{j}" in tex


@pytest.mark.pdf
def test_cross_entropy_proof_compiles(tmp_path):
    d = sn.derive(LOSS, beta[j], define=YHAT, assume=ONE_HOT)
    pdf = compile_pdf(d.document(), tmp_path / "ce.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_symbols_parsed_separately_are_unified():
    """C is an integer count in Σ_{k=1}^{C} and a plain symbol in log C: the API makes them one."""
    from symnn.api import unify_symbols

    plain_C = Symbol("C", real=True)
    left, right = unify_symbols(Sum(y[k], (k, 1, C)) * log(plain_C), log(plain_C))
    assert right == log(C) and left.free_symbols >= {C}
    v = sn.check_equation(-Sum(y[k] * log(1 / C), (k, 1, C)), log(plain_C), assume=ONE_HOT)
    assert v.verdict == "verified", v.message


def test_definition_at_a_concrete_index():
    yhat1 = IndexedBase("yhat", real=True)[1]
    d = sn.derive(-y[1] * log(yhat1), beta[1], define={yhat1: sn.sigmoid(beta[1])})
    assert d.verdict.verdict == "verified"
