"""Parameter and multiplication counts, and the benchmark script."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import sympy
from sympy import symbols

from symnn.models.counting import (SEED_000_BACKWARD, conv_parameter_count, multiplication_count,
                                   parameter_count, uniform_counts)
from symnn.models.spec import LayerSpec, MLPSpec

L, n = symbols("L n", positive=True, integer=True)


def test_uniform_formulas():
    c = uniform_counts(L, n)
    assert c["forward"] == L * n ** 2
    assert sympy.expand(c["backward"] - ((2 * L - 1) * n ** 2 + 2 * L * n)) == 0
    assert sympy.expand(c["backward_mean"] - c["backward"]) == n
    assert sympy.expand(c["backward_with_update"] - ((3 * L - 1) * n ** 2 + 3 * L * n)) == 0
    # seed 000 §2.3 says 3Ln² + 2Ln: it differs by n² − Ln
    assert sympy.expand(SEED_000_BACKWARD(L, n) - c["backward_with_update"]) == n ** 2 - L * n
    relu = uniform_counts(L, n, "relu")
    assert sympy.expand(relu["backward"] - ((2 * L - 1) * n ** 2 + L * n)) == 0


def test_counts_from_a_spec_agree_with_the_formulas():
    for depth, width in ((1, 3), (3, 4), (4, 7)):
        net = MLPSpec(width, tuple(LayerSpec(width, "sigmoid") for _ in range(depth)))
        c = uniform_counts(depth, width)
        assert multiplication_count(net).total == c["forward"]
        assert multiplication_count(net, backward=True, mean_scale=False).total == c["backward"]
        assert multiplication_count(net, backward=True).total == c["backward_mean"]
        assert multiplication_count(net, backward=True, with_update=True, mean_scale=False).total == c["backward_with_update"]


def test_symbolic_widths():
    n0, n1, n2 = symbols("n0 n1 n2", positive=True, integer=True)
    net = MLPSpec(n0, (LayerSpec(n1, "tanh"), LayerSpec(n2, "identity")))
    assert sympy.expand(multiplication_count(net).total - (n1 * n0 + n2 * n1)) == 0
    back = multiplication_count(net, backward=True, mean_scale=False)
    assert sympy.expand(back.total - (n2 * n1 + 2 * n1 + n1 * n0 + n2 * n1)) == 0
    assert sympy.expand(parameter_count(net) - (n1 * n0 + n1 + n2 * n1 + n2)) == 0


def test_parameter_counts_of_the_seeds():
    net = MLPSpec(160000, (LayerSpec(40000), LayerSpec(2000), LayerSpec(100)))
    assert parameter_count(net) == 160000 * 40000 + 40000 + 40000 * 2000 + 2000 + 2000 * 100 + 100
    assert conv_parameter_count(3, 32, 3) == 896 and conv_parameter_count(32, 1, 1) == 33


def test_benchmark_runs_quick(capsys):
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_backprop.py"
    old = sys.argv
    sys.argv = [str(script), "--quick"]
    try:
        code = runpy.run_path(str(script), run_name="not_main")["main"](["--quick"])
    finally:
        sys.argv = old
    out = capsys.readouterr().out
    assert "ratio width 1000 / width 10" in out and "Brute force" in out
    assert code == 0 and "verify=True): " in out and "random directions" in out


def test_counts_by_execution_agree_with_the_formulas():
    from symnn.models.counting import count_by_execution, verify_uniform_counts

    v = verify_uniform_counts(depths=(1, 2, 3), widths=(1, 2, 4))
    assert v.verdict == "verified" and v.method == "exact" and v.points_tried == 36
    net = MLPSpec(3, (LayerSpec(3, "sigmoid"), LayerSpec(3, "sigmoid")))
    run = count_by_execution(net, with_update=True)
    assert run["forward"] == 18 and run["backward"] == uniform_counts(2, 3)["backward_with_update"] == 63
    # the seed's 3Ln² + 2Ln is not what the passes do (L = 1: 2n² + 3n, not 3n² + 2n)
    one = count_by_execution(MLPSpec(4, (LayerSpec(4, "sigmoid"),)), with_update=True)
    assert one["backward"] == 2 * 16 + 3 * 4 != SEED_000_BACKWARD(1, 4)
