"""Verdicts of worked results: an independent recomputation verifies them, a corrupted value refutes."""

from __future__ import annotations

import copy

import pytest
from sympy import Integer, Rational

from symnn.models.spec import LayerSpec, MLPSpec
import _corpus as examples
from symnn.worked import (Conv2d, Dataset, Flatten, Linear, gradient_descent, least_squares,
                          network_table, pick, self_attention, training_step)
from symnn.worked.verify import eval_product_formula, round_half_up_float


@pytest.fixture(scope="module")
def results():
    return examples.all_results()


def test_every_seed_result_is_verified(results):
    for name, r in results.items():
        assert r.verdict is not None and r.verdict.verdict == "verified", (name, r.verdict)
        assert r.verdict.method in ("symbolic", "exact")  # verified means proved
        assert r.verdict.points_tried > 0 and r.verdict.max_rel_error is not None
        assert r"\emph{Verification.} \textbf{Verified}" in r.latex()


# --------------------------------------------------------------------------- training steps


@pytest.fixture(scope="module")
def s002():
    return examples.seed002_step()


def test_step_points_are_parameters(s002):
    assert s002.verdict.points_tried == 10
    assert s002.verdict.max_rel_error < 1e-6
    assert s002.verdict.symbolic == "proved"


def test_corrupted_gradient_is_refuted(s002):
    step = copy.deepcopy(s002)
    step.gradients["w14"] += Rational(1, 10000)
    v = step.verify()
    assert v.verdict == "refuted"
    assert v.counterexample["point"] == {"parameter": "w14"}   # SymPy's diff catches it first


def test_float_witness_alone_catches_a_wrong_gradient(s002):
    # corrupt the gradient *and* the SymPy witness: the finite differences still refute it
    step = copy.deepcopy(s002)
    step.gradients["b1"] += Rational(1, 1000)
    step._sympy_gradients["b1"] += Rational(1, 1000)
    v = step.verify()
    assert v.verdict == "refuted" and v.method == "numeric"
    assert v.counterexample["point"] == {"value": "dE/db1"}
    assert abs(v.counterexample["expected"] - v.counterexample["claimed"]) > 5e-4


@pytest.mark.parametrize("field, key", [("updated", "w21"), ("loss_after", None),
                                        ("outputs_before", 0)])
def test_corrupted_values_are_refuted(s002, field, key):
    step = copy.deepcopy(s002)
    if field == "updated":
        step.updated[key] += Rational(1, 10 ** 5)
    elif field == "loss_after":
        step.loss_after += Rational(1, 10 ** 5)
    else:
        step.outputs_before = (step.outputs_before[0] + Rational(1, 10 ** 5),) + step.outputs_before[1:]
    assert step.verify().verdict == "refuted"


def test_relu_at_its_kink_is_undetermined():
    net = MLPSpec(1, (LayerSpec(1, "relu", bias=False), LayerSpec(1, "identity", bias=False)))
    step = training_step(net, weights=[[[0]], [[1]]], x=[1], target=[1], lr=1)
    assert step.verdict.verdict == "undetermined"
    assert "kink" in step.verdict.message


def test_bce_sigmoid_step_is_verified():
    net = MLPSpec(1, (LayerSpec(1, "tanh"), LayerSpec(1, "sigmoid")), loss="bce")
    step = training_step(net, weights=[[[0.3]], [[-0.6]]], biases=[[0.1], [0.05]], x=[2],
                         target=[1], lr="0.1")
    assert step.verdict.verdict == "verified", step.verdict


# --------------------------------------------------------------------------- tables


def test_table_corruptions_are_refuted():
    t = examples.seed004_table()
    bad = copy.deepcopy(t)
    bad.rows[1].params += 1
    assert bad.verify().verdict == "refuted"
    bad = copy.deepcopy(t)
    bad.rows[5].shape = (32, 110, 110)
    v = bad.verify()
    assert v.verdict == "refuted" and "MaxPool2d" in v.message
    bad = copy.deepcopy(t)
    bad.rows[2].formula = r"32 \times 3"
    assert bad.verify().verdict == "refuted"
    bad = copy.deepcopy(t)
    bad.infeasible, bad.rows[-1].shape = "made up", None
    assert bad.verify().verdict == "refuted"


def test_infeasible_table_is_verified_as_infeasible():
    t = network_table([Conv2d(1, 2, 40), Flatten(), Linear(8, 10)], (1, 32, 32))
    assert not t.feasible and t.verdict.verdict == "verified"


def test_formula_evaluator():
    assert eval_product_formula(r"32 \times (3 \times 3 \times 3 + 1)") == 896
    with pytest.raises(ValueError):
        eval_product_formula("__import__('os')")


# --------------------------------------------------------------------------- traces and choices


def test_corrupted_iterate_is_refuted():
    c = examples.seed001_optimizer(6)
    trace = copy.deepcopy(c.trace)
    trace.iterates[10] = (trace.iterates[10][0] + Rational(1, 1000),) + trace.iterates[10][1:]
    v = trace.verify()
    assert v.verdict == "refuted" and v.counterexample["point"] == {"value": "W^(10)_1"}


def test_choice_verdicts():
    c = examples.seed001_optimizer(7)
    assert c.verdict.verdict == "verified" and c.independent == c.matching == ["A"]
    bad = copy.deepcopy(c)
    bad.matching = ["B"]                      # the exact answer now disagrees with the witness
    assert bad.verify().verdict == "refuted"
    changed = examples.seed001_optimizer(6, lr="0.3")
    assert changed.matching == [] and changed.verdict.verdict == "undetermined"
    assert pick("q", 1, {"A": 1}).verdict.verdict == "undetermined"      # no evidence
    t = network_table([Linear(2, 3)], (2,))
    assert pick("q", t.total, {"A": 9, "B": 9}, evidence=t.verdict).verdict.verdict == "undetermined"
    assert pick("q", t.total, {"A": 9, "B": 8}, evidence=t.verdict).verdict.verdict == "verified"
    t.rows[1].params = 10
    t.verify()
    assert pick("q", t.total, {"A": 10}, evidence=t.verdict).verdict.verdict == "refuted"


def test_q5_minimiser():
    c = examples.seed001_q5()
    assert c.matching == ["C"] and c.independent == ["C"] and c.verdict.verdict == "verified"


def test_rounding_guard():
    assert round_half_up_float(0.12345, 3) == 0.123
    assert round_half_up_float(-0.1235, 3) is None          # on the boundary: not trusted
    assert round_half_up_float(-0.12351, 3) == -0.124


def test_small_trace_and_perceptron_verified():
    data = Dataset([[1, 0], [0, 1]], [1, -1])
    assert gradient_descent(data, lr="0.5", steps=3).verdict.verdict == "verified"
    assert examples.seed001_optimizer(10).trace.verdict.verdict == "verified"


# --------------------------------------------------------------------------- fits and attention


def test_fit_corruption_is_refuted():
    f = least_squares([[0], [1], [2]], [1, 3, 6])
    assert f.verdict.verdict == "verified" and f.verdict.symbolic == "proved"
    bad = copy.deepcopy(f)
    bad.weights = (bad.weights[0] + Rational(1, 10 ** 9), bad.weights[1])
    v = bad.verify()
    assert v.verdict == "refuted" and "normal equations" in v.message
    bad = copy.deepcopy(f)
    bad.fitted = (bad.fitted[0] + 1,) + bad.fitted[1:]
    assert bad.verify().verdict == "refuted"


def test_attention_corruption_is_refuted():
    r = self_attention([[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert r.verdict.verdict == "verified"
    bad = copy.deepcopy(r)
    bad.output[0, 0] += Integer(1) / 100
    assert bad.verify().verdict == "refuted"
