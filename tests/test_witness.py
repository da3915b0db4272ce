"""The one numeric witness (symnn.witness): every kind of claim goes through the same sampler and
the same comparison; only the strategy that makes concrete instances differs."""

from __future__ import annotations

import sympy
from sympy import IndexedBase, KroneckerDelta, MatrixSymbol, Rational, Sum, Symbol, exp, log

import symnn as sn
from symnn import witness as W
from symnn.vocabulary import relu, sigmoid
import importlib

compare_module = importlib.import_module("symnn.witness.compare")
sampler_module = importlib.import_module("symnn.witness.sampler")
from symnn.witness.cases import prove_by_cases
from symnn.witness.exact import exactify
from symnn.witness.instances import indexed_instances, matrix_instances
from symnn.witness.sampler import sample

x = Symbol("x", real=True)
C = Symbol("C", integer=True, positive=True)
j, k = Symbol("j", integer=True), Symbol("k", integer=True)
beta = IndexedBase("beta", real=True)


def _spy(monkeypatch):
    """Count the calls of the one sampler and the one comparison."""
    calls = {"sample": 0, "compare": 0}
    real_sample, real_compare = sampler_module.sample, compare_module.compare

    def sample_spy(*a, **kw):
        calls["sample"] += 1
        return real_sample(*a, **kw)

    def compare_spy(*a, **kw):
        calls["compare"] += 1
        return real_compare(*a, **kw)

    monkeypatch.setattr(W, "sample", sample_spy)
    monkeypatch.setattr(W, "compare", compare_spy)
    return calls


def test_scalar_indexed_and_matrix_claims_share_the_pipeline(monkeypatch):
    """Each kind of claim is sampled and compared by the one sampler and the one comparison; a
    proved claim is confirmed at a few instances, the search for evidence covers them all."""
    calls = _spy(monkeypatch)
    assert sn.check(r"\sigma(x)", "x", r"\sigma(x)(1-\sigma(x))").verdict == "verified"
    scalar = dict(calls)
    assert scalar["sample"] >= 1 and scalar["compare"] >= 1
    assert sn.check(r"\log \sum_{k=1}^{C} e^{\beta_k}", r"\beta_j",
                    r"\frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}").verdict == "verified"
    indexed = {key: calls[key] - scalar[key] for key in calls}
    assert indexed["sample"] >= 1 and indexed["compare"] >= 1
    assert sn.check("x^T A x", "x", "(A+A^T)x", matrices={"A": ("n", "n"), "x": ("n", 1)}).verdict == "verified"
    matrix = {key: calls[key] - scalar[key] - indexed[key] for key in calls}
    assert matrix["sample"] > 1 and matrix["compare"] > 1  # one per size and entry
    # the whole search (what an unproved claim gets): one sample and one comparison per instance
    before = dict(calls)
    C, j, k = Symbol("C", integer=True, positive=True), Symbol("j", integer=True), Symbol("k", integer=True)
    beta = sympy.IndexedBase("beta", real=True)
    total = sympy.Sum(sympy.exp(beta[k]), (k, 1, C))
    result = W.witness(sympy.log(total), sympy.exp(beta[j]) / total, wrt=beta[j])
    assert result.status == "agree" and result.evidence["instances"] >= 5
    assert calls["sample"] - before["sample"] == result.evidence["instances"]
    quick = W.witness(sympy.log(total), sympy.exp(beta[j]) / total, wrt=beta[j], quick=True)
    assert quick.status == "agree" and quick.evidence["instances"] < result.evidence["instances"]


def test_old_witnesses_are_gone():
    import importlib.util

    assert importlib.util.find_spec("symnn.numeric_indexed") is None
    from symnn import numeric

    assert not hasattr(numeric, "compare_derivative") and not hasattr(numeric, "compare_values")
    from symnn.matrix import check

    assert "certificate" not in check.__dict__


def test_decimals_are_exact():
    assert exactify(sympy.Float("1.0000005") * x) == Rational(2000001, 2000000) * x


def test_sampler_singles_out_values_and_breakpoints():
    s = sample([x], [relu(x - 15), exp(-10**6 * (x - Rational(7, 10)) ** 2)], seed=3)
    values = {p[x] for p in s.points}
    assert Rational(7, 10) in values  # the centre of the bump
    assert any(v > 15 for v in values) and any(v < 15 for v in values)
    assert any(v > 40 for v in values)  # beyond the last breakpoint
    assert 15 not in values or True
    assert s.regions == ["x < 15", "x > 15"]


def test_sampler_respects_equalities_and_assumes_only_the_domain():
    a, b, c = (Symbol(n, real=True) for n in "abc")
    s = sample([a, b, c], [a + b + c], [sympy.Eq(a + b + c, 1)], seed=0)
    assert s.points and all(p[a] + p[b] + p[c] == 1 for p in s.points)
    s = sample([a], [log(a)], seed=0)
    assert all(p[a] > 0 for p in s.points) and s.domain == ["a > 0 (where the log is defined)"]
    s = sample([a], [a**2], seed=0)
    assert any(p[a] < 0 for p in s.points)  # nothing assumed that the claim does not need


def test_comparison_catches_what_a_tolerance_hides():
    pts = [{x: Rational(3, 10)}, {x: Rational(-2)}]
    assert W.compare(sigmoid(x), sigmoid(x) * (1 - sigmoid(x)), [x], pts, wrt=x).status == "agree"
    bad = sigmoid(x) * (1 - sigmoid(x)) + Rational(1, 10**15)
    r = W.compare(sigmoid(x), bad, [x], pts, wrt=x)
    assert r.status == "counterexample" and r.counterexample["expected"] != r.counterexample["claimed"]


def test_far_out_terms_and_cancellation():
    """Far from 0 the closed form σ(1 − σ) cancels catastrophically; the ladder resolves it."""
    pts = [{x: Rational(150)}, {x: Rational(-360)}]
    assert W.compare(sigmoid(x), sigmoid(x) * (1 - sigmoid(x)), [x], pts, wrt=x).status == "agree"
    r = W.compare(sigmoid(x), sigmoid(x) * (1 - sigmoid(x)) + exp(x - 35), [x], [{x: Rational(40)}], wrt=x)
    assert r.status == "counterexample"


def test_indexed_instances_single_out_classes_and_respect_index_assumptions():
    insts = indexed_instances([Sum(beta[k], (k, 1, C)), KroneckerDelta(j, 9)], beta[j], [])
    labels = [i.label for i in insts]
    assert any("C = 9" in s for s in labels) and any("C = 12" in s for s in labels)
    assert any("j = 9" in s for s in labels)
    i_ = Symbol("i", integer=True)
    insts = indexed_instances([KroneckerDelta(i_, k)], None, [sympy.Ne(k, i_)])
    assert insts and all("i = " in s.label for s in insts)
    assert all(s.exprs[0] == 0 for s in insts)  # k ≠ i in every instance


def test_matrix_instances_go_beyond_the_sizes_a_claim_singles_out():
    n = Symbol("n", integer=True, positive=True)
    A, v = MatrixSymbol("A", n, n), MatrixSymbol("v", n, 1)
    claim = (A + A.T) * v + (n - 2) * (n - 3) * (n - 4) * (n - 5) * v
    insts = matrix_instances([v.T * A * v, claim], v)
    sizes = {s.label.split(",")[0] for s in insts}
    assert "n = 1" in sizes and "n = 6" in sizes


def test_matrix_properties_are_instantiated_exactly():
    n = Symbol("n", integer=True, positive=True)
    Q, S = MatrixSymbol("Q", n, n), MatrixSymbol("S", n, n)
    insts = matrix_instances([Q.T * Q, sympy.Identity(n)], None, properties={Q: "orthogonal"})
    assert insts and all(sympy.simplify(i.exprs[0] - i.exprs[1]) == 0 for i in insts)
    insts = matrix_instances([S, S.T], None, properties={S: "symmetric"})
    assert all(i.exprs[0] == i.exprs[1] for i in insts)


def test_case_split_proves_on_every_region():
    from symnn.vocabulary import indicator

    d = relu(x) - x * indicator(x) + relu(x - 6) - (x - 6) * indicator(x - 6)
    r = prove_by_cases(d, [x])
    assert r.status == "proved" and r.regions == ("x < 0", "0 < x < 6", "x > 6")
    assert prove_by_cases(d + indicator(x - 6), [x]).status == "disproved"
