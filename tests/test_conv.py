"""Convolution and pooling: backward rules derived from index definitions, checked numerically."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import IndexedBase, Sum, Symbol

from symnn.models.conv import (SEED_004_JACOBIAN, conv2d, conv2d_backprop, conv_kernel_jacobian,
                               derive_conv_backprop, verify_conv_backprop, verify_conv_kernel_jacobian)
from symnn.models.pooling import (derive_pooling_backprop, max_derivative_lemma, pool2d,
                                  pooling_backprop, verify_pooling_backprop)

FORBIDDEN = ("PermuteDims", "ArrayTensorProduct", "DiagMatrix", "Lambda", "Derivative(")
i, j, u, v, p, q, r, c = (Symbol(n, integer=True) for n in "ijuvpqrc")
K = Symbol("K", integer=True, positive=True)
Ho, Wo = Symbol("H'", integer=True, positive=True), Symbol("W'", integer=True, positive=True)
x, w, delta = (IndexedBase(n, real=True) for n in ("x", "w", r"\delta"))


@pytest.fixture(scope="module")
def conv():
    return derive_conv_backprop()


def test_input_gradient_is_full_convolution_with_flipped_kernel(conv):
    expected = Sum(delta[p - u, q - v] * w[u, v], (u, 0, K - 1), (v, 0, K - 1))
    assert conv.part("input").derivation.closed_form == expected
    assert any("zero padding" in n for n in conv.part("input").derivation.notes)


def test_kernel_and_bias_gradients(conv):
    assert conv.part("kernel").derivation.closed_form == Sum(delta[i, j] * x[i + r, j + c], (i, 0, Ho - 1), (j, 0, Wo - 1))
    assert conv.part("bias").derivation.closed_form == Sum(delta[i, j], (i, 0, Ho - 1), (j, 0, Wo - 1))


def test_seed_000_recursion_has_fprime(conv):
    tex = conv.part("recursion").derivation.latex()
    assert "f'(" in tex and r"\delta_{p - u, q - v}" in tex


def test_conv_verified_with_strides(conv):
    assert conv.verdict.verdict == "verified" and conv.verdict.max_rel_error < 1e-6
    S = Symbol("S", integer=True, positive=True)
    strided = derive_conv_backprop(S)
    assert strided.verdict.verdict == "verified"
    assert strided.part("input").derivation.closed_form == Sum(
        delta[i, j] * w[p - S * i, q - S * j], (i, 0, Ho - 1), (j, 0, Wo - 1))


def test_unflipped_kernel_is_refuted():
    def unflipped(d, a, k, stride):  # correlate δ with the kernel without flipping it
        dx, dw, db = conv2d_backprop(d, a, k[::-1, ::-1], stride)
        return dx, dw, db

    v = verify_conv_backprop(strides=(1,), activations=("tanh",), backprop=unflipped, seed=1)
    assert v.verdict == "refuted" and v.counterexample is not None


def test_pooling_rules():
    for kind in ("max", "avg"):
        d = derive_pooling_backprop(kind)
        assert d.verdict.verdict == "verified", d.verdict.message
        assert not any(bad in d.document() for bad in FORBIDDEN)
    # the routed gradient by hand: 2x2 windows, stride 2
    a = np.array([[1.0, 5.0, 0.0, 2.0], [3.0, 4.0, 7.0, 1.0]])
    g = pooling_backprop(np.array([[10.0, 20.0]]), a, 2, 2, "max")
    assert g.tolist() == [[0, 10, 0, 0], [0, 0, 20, 0]]
    g = pooling_backprop(np.array([[8.0, 4.0]]), a, 2, 2, "avg")
    assert g.tolist() == [[2, 2, 1, 1], [2, 2, 1, 1]]
    assert pool2d(a, 2, 2, "max").tolist() == [[5.0, 7.0]]


def test_wrong_pooling_rules_are_refuted():
    no_scale = lambda d, a, k, s, kind: pooling_backprop(d, a, k, s, kind) * k ** 2
    assert verify_pooling_backprop(kinds=("avg",), backprop=no_scale).verdict == "refuted"
    spread = lambda d, a, k, s, kind: pooling_backprop(d, a, k, s, "avg")
    assert verify_pooling_backprop(kinds=("max",), backprop=spread).verdict == "refuted"


def test_max_lemma():
    a1, a2, a3, a4 = sympy.symbols("a1:5", real=True)
    lemma = max_derivative_lemma()
    assert lemma.subs({a1: 3, a2: 1, a3: 2, a4: 0}) == 1
    assert lemma.subs({a1: 1, a2: 3, a3: 2, a4: 0}) == 0


def test_kernel_jacobian_matches_seed_004():
    J, z, wv = conv_kernel_jacobian()
    assert J.shape == (4, 4) and J == SEED_004_JACOBIAN
    v = verify_conv_kernel_jacobian()
    assert v.verdict == "verified" and v.max_rel_error < 1e-6
    J43, _, _ = conv_kernel_jacobian(4, 3, 2)
    assert J43.shape == (6, 4)


def test_direct_convolution():
    xx = np.arange(9.0).reshape(3, 3)
    assert conv2d(xx, np.array([[1.0, 0.0], [0.0, 1.0]])).tolist() == [[4.0, 6.0], [10.0, 12.0]]
