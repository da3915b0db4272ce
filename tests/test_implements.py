"""Testing gradient *code*: assert_implements against a formula, check_gradient against an
objective, the directional check inside derive_backprop, and the NumPy export of closed forms."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symnn as sn
from symnn.models.backprop import derive_backprop
from symnn.models.gradcheck import backprop_gradients, verify_backprop
from symnn.models.spec import LayerSpec, MLPSpec
from symnn.testing import assert_implements, check_gradient

RIDGE = r"\frac{1}{n}X^T(XW-Y)+\lambda W"
SHAPES = {"X": (40, 7), "W": (7, 3), "Y": (40, 3)}


def ridge_gradient(X, W, Y, n, lambda_):
    return X.T @ (X @ W - Y) / n + lambda_ * W


# --------------------------------------------------------------------------- assert_implements


def test_assert_implements_passes_a_right_implementation():
    assert_implements(ridge_gradient, RIDGE, SHAPES)
    assert_implements(lambda X, W, Y, n, lambda_: (X.T @ X @ W - X.T @ Y) / n + lambda_ * W, RIDGE, SHAPES, seed=9)


@pytest.mark.parametrize("mistake, pattern", [
    (lambda X, W, Y, n, lambda_: X.T @ (X @ W - Y) + lambda_ * W, r"at entry \(\d, \d\)"),             # lost 1/n
    (lambda X, W, Y, n, lambda_: X.T @ (X @ W - Y) / n + 2 * lambda_ * W, "the formula gives"),       # 2λ
    (lambda X, W, Y, n, lambda_: (X @ W - Y).T @ X / n, "fn returns shape"),                           # transposed
])
def test_assert_implements_fails_naming_the_entry_both_values_and_the_seed(mistake, pattern):
    with pytest.raises(AssertionError, match=pattern) as info:
        assert_implements(mistake, RIDGE, SHAPES, seed=4)
    assert "seed 4" in str(info.value)


def test_one_entry_off_by_a_tiny_relative_amount_is_caught():
    def almost(X, W, Y, n, lambda_):
        g = ridge_gradient(X, W, Y, n, lambda_)
        g[5, 2] *= 1 + 1e-5
        return g

    with pytest.raises(AssertionError, match=r"at entry \(5, 2\)"):
        assert_implements(almost, RIDGE, SHAPES)


def test_assert_implements_with_several_results_a_derivation_and_vectors():
    formulas = [r"\frac{1}{n}X^T(XW-Y)", r"\lambda W"]
    assert_implements(lambda X, W, Y, n, lambda_: (X.T @ (X @ W - Y) / n, lambda_ * W), formulas, SHAPES)
    with pytest.raises(AssertionError, match="in result 1"):
        assert_implements(lambda X, W, Y, n, lambda_: (X.T @ (X @ W - Y) / n, W), formulas, SHAPES)
    # a 1-D array for a column vector; the formula from a derivation
    d = sn.derive_matrix(r"\frac{1}{2}\|Xw-y\|^2", "w", matrices={"X": (30, 4), "w": (4, 1), "y": (30, 1)})
    assert_implements(lambda X, w, y: X.T @ (X @ w - y), d, {"X": (30, 4), "w": (4,), "y": (30,)})
    with pytest.raises(sn.SymnnInputError, match="the scalar Y"):  # Y's shape not given: a scalar
        assert_implements(ridge_gradient, RIDGE, {"X": (4, 2), "W": (2, 1)})


def test_assert_implements_with_torch_tensors():
    torch = pytest.importorskip("torch")
    assert_implements(lambda X, W, Y, n, lambda_: X.T @ (X @ W - Y) / n + lambda_ * W, RIDGE, SHAPES,
                      framework="torch")
    with pytest.raises(AssertionError):
        assert_implements(lambda X, W, Y, n, lambda_: torch.zeros(7, 3), RIDGE, SHAPES, framework="torch")


# --------------------------------------------------------------------------- check_gradient


def mlp(seed=0, n=30):
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((20, n)), rng.uniform(0, 1, (20, 4))
    params = {"W1": rng.normal(0, 0.3, (n, n)), "W2": rng.normal(0, 0.3, (n, 4))}
    sig = lambda z: 1 / (1 + np.exp(-z))

    def loss(p):
        return float(np.sum((sig(sig(X @ p["W1"]) @ p["W2"]) - Y) ** 2) / (2 * Y.size))

    def grad(p, scale2=1.0):
        A1 = sig(X @ p["W1"])
        A2 = sig(A1 @ p["W2"])
        D2 = (A2 - Y) / Y.size * A2 * (1 - A2)
        D1 = (D2 @ p["W2"].T) * A1 * (1 - A1)
        return {"W1": X.T @ D1, "W2": scale2 * (A1.T @ D2)}

    return loss, grad, params


def test_check_gradient_passes_the_right_gradient_and_counts_its_evaluations():
    loss, grad, params = mlp()
    calls = []
    report = check_gradient(lambda p: calls.append(1) or loss(p), grad, params, directions=3, seed=1)
    assert report["evaluations"] == len(calls) == 4  # k + 1: the one-sided screen from a shared f(x)
    assert report["max_rel_error"] < 1e-5  # the screen's O(h) error (h = √ε·max(1, ‖x‖)) is within rtol: no recheck


def test_check_gradient_names_the_direction_and_the_wrong_layer():
    loss, grad, params = mlp()
    with pytest.raises(AssertionError, match=r"direction 0 of 3 \(seed 2\).*argument 1 \(shape \(30, 4\)\)") as info:
        check_gradient(loss, lambda p: grad(p, scale2=1 + 1e-3), params, seed=2)
    assert "argument 0" not in str(info.value)
    with pytest.raises(AssertionError, match="gradient has shapes"):
        check_gradient(loss, lambda p: [p["W1"]], params)


# --------------------------------------------------------------------------- directional check in derive_backprop


def test_large_networks_are_checked_along_directions():
    wide = MLPSpec(70, (LayerSpec(70, "tanh"), LayerSpec(3, "sigmoid")))  # 5,183 parameters
    v = verify_backprop(wide, depths=(), activations=(), networks=1)
    assert v.verdict == "verified" and "random directions" in v.message and "5,183 parameters" in v.message

    def wrong(params, x, y, spec):  # the last layer's weight gradient 0.1% too large
        grads = backprop_gradients(params, x, y, spec)
        return grads[:-1] + [(grads[-1][0] * 1.001, grads[-1][1])]

    v = verify_backprop(wide, depths=(), activations=(), networks=1, gradients=wrong)
    assert v.verdict == "refuted" and v.counterexample["point"]["parameter"].endswith("(the W^(2) part)")


# --------------------------------------------------------------------------- export


def test_lambdify_matrix_forms_are_matrix_products():
    f = sn.lambdify(RIDGE, matrices={"X": ("n", "d"), "W": ("d", "k"), "Y": ("n", "k")})
    assert "@" in f.source and "for " not in f.source and f.arguments == ("W", "X", "Y", "lambda_", "n")
    rng = np.random.default_rng(0)
    X, W, Y = rng.standard_normal((50, 6)), rng.standard_normal((6, 2)), rng.standard_normal((50, 2))
    np.testing.assert_allclose(f(W, X, Y, lambda_=0.3, n=50), ridge_gradient(X, W, Y, 50, 0.3), rtol=1e-12)


def test_delta_recursion_to_numpy_runs_on_a_batch_of_columns():
    d = derive_backprop(MLPSpec(5, (LayerSpec(4, "sigmoid"), LayerSpec(3, "sigmoid"))), verify=False)
    f = d.to_numpy()
    assert f.arguments == ("W_ell_1", "delta_ell_1", "z_ell")
    rng = np.random.default_rng(1)
    W, delta, z = rng.standard_normal((3, 4)), rng.standard_normal((3, 100)), rng.standard_normal((4, 100))
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(f(W, delta, z), (W.T @ delta) * s * (1 - s), rtol=1e-12)


def test_scalar_closed_form_to_numpy():
    x = sympy.Symbol("x", real=True)
    f = sn.derive(sn.sigmoid(x) * sympy.tanh(x), x).to_numpy()
    t = np.linspace(-3, 3, 7)
    s = 1 / (1 + np.exp(-t))
    np.testing.assert_allclose(f(t), s * (1 - s) * np.tanh(t) + s * (1 - np.tanh(t) ** 2), rtol=1e-12)
    with pytest.raises(TypeError, match="missing argument"):
        f()


# --------------------------------------------------------------------------- the fused directional pass


@pytest.mark.parametrize("shapes", [[(3,)], [(95, 95), (95, 10)], [(70001,), (8,), (1,)], [(300, 250)]])
def test_the_fused_pass_gives_x_plus_t_v_and_the_claimed_change(shapes):
    """_Along makes x + t v run by run (blocks longer than a chunk, rotations that wrap around,
    blocks of one entry), in place along a walk, and ⟨g, v⟩ for several directions in one pass
    over g; all must equal the same made from the whole directions as arrays — which must be
    unit vectors of entries ±1/√P."""
    from symnn.directional import Direction, _Along

    rng = np.random.default_rng(7)
    x = [rng.standard_normal(s) for s in shapes]
    g = [rng.standard_normal(s) for s in shapes]
    along = _Along(lambda p: 0.0, x)
    draw = np.random.default_rng(3)
    directions = [Direction.draw(draw, along.sizes) for _ in range(3)]
    v = [d.arrays([a.shape for a in x]) for d in directions]
    P = sum(a.size for a in x)
    assert all({round(float(e) * P ** 0.5, 12) for a in w for e in a.ravel()} <= {-1.0, 1.0} for w in v)
    t = 1e-3
    for p, a, d in zip(along.point(directions[0], t), x, v[0]):
        assert np.array_equal(p, a + t * d)
    walked = along.point(directions[1], t, walk=True)
    for p, a, d0, d1 in zip(walked, x, v[0], v[1]):
        assert np.array_equal(p, (a + t * d0) + t * d1)
    claimed = along.claimed(directions, along.gradient_blocks(g))
    assert claimed == pytest.approx([sum(float(np.sum(gi * d)) for gi, d in zip(g, w)) for w in v], rel=1e-12)
    for i in range(len(shapes)):  # one block's part: the others unshifted
        part = along.point(directions[2].only(i), t)
        assert all(np.array_equal(p, a + t * d) if j == i else np.array_equal(p, a)
                   for j, (p, a, d) in enumerate(zip(part, x, v[2])))


def test_rotated_patterns_are_uncorrelated_signs():
    """Over many draws, the entries of a direction are ±1/√P with mean 0 and pairwise
    correlation 0 — within chunks, across chunks and across blocks (what random signs give)."""
    from symnn.directional import CHUNK, Direction

    sizes = [CHUNK + 100, 50]
    rng = np.random.default_rng(11)
    picks = np.array([0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK + 99, CHUNK + 100, CHUNK + 149])
    samples = np.array([np.concatenate(Direction.draw(rng, sizes).arrays())[picks] for _ in range(4000)])
    samples *= np.sqrt(sum(sizes))
    assert set(np.round(samples.ravel(), 12)) == {-1.0, 1.0}
    assert np.abs(samples.mean(axis=0)).max() < 0.07  # 4.4 standard errors of 1/√4000
    correlation = samples.T @ samples / len(samples)
    assert np.abs(correlation - np.eye(len(picks))).max() < 0.07
    # Random rotations, not only random chunk signs: with one rotation for all chunks the product
    # v₀ v₁ v_C v_{C+1} would be 1 in every draw (an error and its copy one chunk on, with opposite
    # signs, would cancel in half the directions).
    assert abs(np.mean(samples[:, 0] * samples[:, 1] * samples[:, 4] * samples[:, 5])) < 0.07
