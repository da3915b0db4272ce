"""Worked training steps (issue 5, acceptance 1, 2 and 5 for them)."""

from __future__ import annotations

import pytest
from sympy import Rational

from symnn.latex.document import compile_pdf
from symnn.models.spec import LayerSpec, MLPSpec
import _corpus as examples
from symnn.worked.numfmt import decimal_str, round_half_up
from symnn.worked.training import training_step


@pytest.fixture(scope="module")
def s000():
    return examples.seed000_step()


@pytest.fixture(scope="module")
def s002():
    return examples.seed002_step()


def test_seed000_numbers(s000):
    assert s000.loss_before == Rational("0.025538")
    assert s000.outputs_before == (Rational("0.274"),)
    expected = {"v11": "0.6226", "v21": "0.2339", "v12": "0.13616", "v22": "0.75424",
                "w11": "0.54068", "w21": "0.85198"}
    assert {n: decimal_str(v) for n, v in s000.updated.items()} == expected
    assert decimal_str(s000.outputs_after[0]) == "0.32124532712"
    assert round_half_up(s000.loss_after, 5) == Rational("0.01598")
    assert s000.decreased


def test_seed000_chain_rule_formula_and_numbers(s000):
    # ∂E/∂w11 = (ŷ − y)·f′(z_out)·a_1, then the numbers
    assert s000.formula_latex("w11") == r"(\hat{y}_{1} - y_{1}) \mathbb{I}(z^{(2)}_{1} > 0) a^{(1)}_{1}"
    assert s000.substituted["w11"] == r"(0.274 - 0.5) \cdot 1 \cdot 0.18"
    assert s000.gradients["w11"] == Rational("-0.04068")
    assert "w_{21}" in s000.formula_latex("v12")  # the path through w21


def test_seed000_answer_is_computed():
    # another learning rate gives other weights (the numbers are not typed in)
    half = examples.seed000_step(lr="0.5")
    assert half.updated["w11"] == Rational("0.52034")
    assert half.loss_after != examples.seed000_step().loss_after


def test_seed002_ten_parameters(s002):
    four = {n: decimal_str(v, 4) for n, v in s002.updated.items()}
    assert four == {"w11": "0.2337", "w13": "0.1906", "b1": "0.1170", "w12": "0.2932",
                    "w14": "0.1498", "w21": "0.1638", "w23": "0.2138", "b2": "-0.0511",
                    "w22": "0.4085", "w24": "0.3585"}
    # exact: symbolic values in σ(202/625), evaluated to 30 digits on demand
    assert "sigmoid(202/625)" in str(s002.updated["w21"])
    assert decimal_str(s002.updated["w21"], 12) == "0.163798130733"
    assert s002.decreased


def test_seed002_shared_bias_gradient_is_a_sum(s002):
    tex = s002.formula_latex("b1")
    assert tex.count(r"\sigma'") == 2  # both hidden units contribute to the shared b1
    assert s002.formula_latex("b2") == r"\hat{y}_{1} - y_{1} + \hat{y}_{2} - y_{2}"


def test_seed002_hand_rounding_discrepancies(s002):
    changed = {d.name: (decimal_str(d.exact_rounded, 4), decimal_str(d.hand_rounded, 4))
               for d in s002.discrepancies}
    params = {n: v for n, v in changed.items() if n in s002.updated}
    assert params == {"w21": ("0.1638", "0.1639"), "w23": ("0.2138", "0.2139"),
                      "b2": ("-0.0511", "-0.0510")}
    assert any("w21" in n and "0.1639" in n for n in s002.notes)
    # and the answer key's values that differ from the exact ones are listed
    key_notes = [n for n in s002.notes if n.startswith("the answer key gives")]
    assert {n.split()[4] for n in key_notes} == {"w11", "w12", "w14", "w21", "w23", "b2"}


def test_hand_rounding_more_kinds_changes_more():
    step = examples.seed002_step(hand_round={"activation": 2, "derivative": 4, "gradient": 4})
    assert "w11" in {d.name for d in step.discrepancies}  # 0.0125 → 0.23375 → 0.2338, as the key


def test_default_names_bias_vectors_and_bce():
    net = MLPSpec(2, (LayerSpec(2, "tanh"), LayerSpec(1, "sigmoid")), loss="bce")
    step = training_step(net, weights=[[[1, -1], ["0.5", 2]], [[1, 1]]], biases=[[0, "0.1"], [0]],
                         x=[1, 2], target=[1], lr="0.1")
    assert set(step.updated) == {"w^{(1)}_{11}", "w^{(1)}_{12}", "w^{(1)}_{21}", "w^{(1)}_{22}",
                                 "b^{(1)}_{1}", "b^{(1)}_{2}", "w^{(2)}_{11}", "w^{(2)}_{12}",
                                 "b^{(2)}_{1}"}
    assert step.decreased


def test_bad_inputs():
    net = MLPSpec(2, (LayerSpec(1, "relu", bias=False),))
    with pytest.raises(ValueError):
        training_step(net, weights=[[[1, 2, 3]]], x=[1, 2], target=[1], lr=1)
    with pytest.raises(ValueError):
        training_step(net, weights=[[[1, 2]]], biases=[1], x=[1, 2], target=[1], lr=1)
    with pytest.raises(ValueError):
        training_step(net, weights=[[[1, 2]]], x=[1, 2], target=[1], lr=1, hand_round={"sigma": 2})


def test_relu_kink_is_noted():
    net = MLPSpec(1, (LayerSpec(1, "relu", bias=False), LayerSpec(1, "identity", bias=False)))
    step = training_step(net, weights=[[[0]], [[1]]], x=[1], target=[1], lr=1)
    assert any("exactly 0" in n for n in step.notes)


@pytest.mark.pdf
def test_training_steps_compile(tmp_path, s000, s002):
    from symnn.latex.document import document
    tex = document([("Seed 000", s000.latex()), ("Seed 002", s002.latex()),
                    ("Seed 002 exact", examples.seed002_step(round_to=None).latex())])
    assert r"\toprule" in tex and r"\begin{align*}" in tex
    compile_pdf(tex, tmp_path / "steps.pdf", runs=1)
