"""Two-witness verification: verified only with evidence, refuted only with a counterexample."""

from __future__ import annotations

import pytest
import sympy
from sympy import Symbol, exp, log, tanh

from symnn import numeric, verify
from symnn.verdict import Verdict
from symnn.vocabulary import indicator, relu, sigmoid, softplus

x, y = sympy.symbols("x y", real=True)
s = sigmoid(x)


def test_true_claim_is_verified_symbolically_and_numerically():
    v = verify.check(s, x, s * (1 - s))
    assert v.verdict == "verified" and v.method == "symbolic"
    assert v.points_tried >= 8 and v.max_rel_error < 1e-6
    assert bool(v) and v.counterexample is None


def test_false_claim_is_refuted_with_a_counterexample():
    v = verify.check(s, x, s * (1 + s))
    assert v.verdict == "refuted" and not v
    point = v.counterexample["point"]
    assert set(point) == {"x"}
    x0 = point["x"]
    true_value = float((s * (1 - s)).subs(x, x0))
    assert v.counterexample["expected"] == pytest.approx(true_value, rel=1e-9)
    assert v.counterexample["claimed"] == pytest.approx(float((s * (1 + s)).subs(x, x0)), rel=1e-9)


def test_exp_form_claim_is_verified():
    assert verify.check(s, x, exp(-x) / (1 + exp(-x)) ** 2).verdict == "verified"


def test_log_needs_its_domain():
    xp = Symbol("x", real=True)
    assert verify.check(log(xp), xp, 1 / xp, assume=[xp > 0]).verdict == "verified"
    assert verify.check(log(xp) / log(10), xp, 1 / xp, assume=[xp > 0]).verdict == "refuted"


def test_relu_derivative_reports_the_kink():
    v = verify.check(relu(x), x, indicator(x))
    assert v.verdict == "verified"
    assert v.nondifferentiable == ["x = 0"]
    assert "does not exist" in v.message


def test_tiny_constant_offset_is_refuted():
    """Within any float tolerance, but different: refuted with a high-precision counterexample."""
    v = verify.check(s, x, s * (1 - s) + sympy.Rational(1, 10**12))
    assert v.verdict == "refuted" and v.counterexample is not None
    assert abs(v.counterexample["claimed"] - v.counterexample["expected"]) > 0


def test_second_order():
    assert verify.check(s, x, s * (1 - s) * (1 - 2 * s), order=2).verdict == "verified"
    assert verify.check(s, x, s * (1 - s) * (1 + 2 * s), order=2).verdict == "refuted"


def test_identities_by_check_equation():
    assert verify.check_equation(tanh(x), 2 * sigmoid(2 * x) - 1).verdict == "verified"
    assert verify.check_equation(softplus(x) - softplus(-x), x).verdict == "verified"
    assert verify.check_equation(tanh(x), 2 * sigmoid(2 * x) + 1).verdict == "refuted"


def test_witness_disagreement_is_undetermined_never_verified(monkeypatch):
    """If the symbolic witness 'proves' a claim the numbers refute, symnn reports a bug."""
    monkeypatch.setattr(verify, "symbolic_zero_test", lambda *a, **k: verify.SymbolicResult("proved", "forced"))
    v = verify.check(s, x, s * (1 + s))
    assert v.verdict == "undetermined"
    assert "disagree" in v.message and "bug" in v.message


def test_no_valid_points_is_undetermined():
    v = verify.check(log(x), x, 1 / x, assume=[x > 1, x < 0])
    assert v.verdict == "undetermined"


def test_symbolic_timeout_degrades_to_undetermined_with_evidence(monkeypatch):
    """Numbers that agree are evidence, never a proof: without a proof the verdict is undetermined."""
    monkeypatch.setattr(verify, "SIMPLIFY_SECONDS", 1e-9)
    v = verify.check(s, x, s * (1 - s))
    assert (v.verdict, v.method) == ("undetermined", None)
    assert "evidence, not a proof" in v.message and v.evidence["points"] > 0


def test_verdict_json_has_the_interface_keys():
    v = verify.check(s, x, s * (1 + s))
    data = v.to_json("\\sigma(x)")
    assert {"verdict", "method", "closed_form", "counterexample", "max_rel_error", "message"} <= set(data)
    assert Verdict("verified", method="symbolic").exit_code == 0 and Verdict("undetermined").exit_code == 3
    with pytest.raises(ValueError):
        Verdict("verified", method="numeric")  # verified means proved
