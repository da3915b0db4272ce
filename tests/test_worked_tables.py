"""Network tables (issue 5, acceptance 4)."""

from __future__ import annotations

import pytest

from symnn.models.spec import LayerSpec, MLPSpec
import _corpus as examples
from symnn.worked.tables import Conv2d, Flatten, Linear, MaxPool2d, mlp_table, network_table


def test_seed004_table():
    t = examples.seed004_table()
    shapes = [r.shape for r in t.rows]
    assert shapes == [(3, 224, 224), (3, 224, 224), (32, 222, 222), (32, 222, 222), (32, 222, 222),
                      (32, 111, 111), (1, 111, 111), (1, 3, 3), (1, 2, 2), (4,), (4,)]
    assert [r.params for r in t.rows if r.params] == [896, 64, 33, 5]
    assert [r.formula for r in t.rows if r.params] == [
        r"32 \times (3 \times 3 \times 3 + 1)", r"32 \times 2", r"1 \times (1 \times 1 \times 32 + 1)",
        r"1 \times (2 \times 2 + 1)"]
    assert t.total == 998 and t.feasible


def test_seed000_fc_and_cnn():
    fc = examples.seed000_fc_table()
    assert [r.params for r in fc.rows[1:]] == [6_400_040_000, 80_002_000, 200_100]
    assert fc.total == 6_480_242_100
    assert r"(160000 + 1) \times 40000" in fc.latex() and "6{,}480{,}242{,}100" in fc.latex()
    cnn = examples.seed000_cnn_table()
    assert [r.params for r in cnn.rows if r.params] == [78, 245, 405, 40_100]
    assert cnn.total == 40_828
    assert examples.seed000_cnn_table(fc_inputs=2000).total == 200_828  # computed, not typed


def test_seed001_q4_and_spec():
    c = examples.seed001_q4()
    assert c.computed == 128 and c.matching == ["B"] and c.agrees_with_source
    spec = MLPSpec(6, (LayerSpec(5), LayerSpec(10), LayerSpec(3, "identity")))
    assert mlp_table(spec).total == spec.n_parameters == 128
    assert mlp_table([6, 5, 10, 3], bias=False).total == 110


def test_seed001_ex2_q1_feasibility():
    c = examples.seed001_ex2_q1()
    assert c.matching == ["1", "4"] and c.agrees_with_source
    assert "4500" in c.tables["2"].infeasible
    assert c.tables["1"].output_shape == (10,)


def test_seed001_ex2_q3_q4():
    q3 = examples.seed001_ex2_q3()
    assert q3.matching == ["2"] and q3.agrees_with_source
    q4 = examples.seed001_ex2_q4()
    assert q4.computed == 6_252_490 and q4.matching == ["3"]


@pytest.mark.parametrize("layers, shape, reason", [
    ([Conv2d(1, 2, 7)], (1, 5, 5), "does not fit"),
    ([Conv2d(3, 2, 3)], (1, 8, 8), "input channels"),
    ([Linear(4, 2)], (1, 2, 2), "flat input"),
])
def test_infeasible_shapes(layers, shape, reason):
    t = network_table(layers, shape)
    assert not t.feasible and reason in t.infeasible
    assert "Infeasible" in t.latex()


def test_stride_and_padding():
    t = network_table([Conv2d(1, 4, 3, stride=2, padding=1), MaxPool2d(2), Flatten()], (1, 32, 32))
    assert [r.shape for r in t.rows][1:] == [(4, 16, 16), (4, 8, 8), (256,)]
