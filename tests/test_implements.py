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
    """_Along.point makes v's entries, ⟨g, v⟩ and x + t v chunk by chunk (blocks longer than a
    chunk, partial last bytes, blocks of one entry); it must equal the same made from the whole
    direction as arrays — and those must be a Rademacher unit vector."""
    from symnn.directional import Direction, _Along

    rng = np.random.default_rng(7)
    x = [rng.standard_normal(s) for s in shapes]
    g = [rng.standard_normal(s) for s in shapes]
    along = _Along(lambda p: 0.0, x)
    direction = Direction.draw(np.random.default_rng(3), along.sizes)
    v = direction.arrays([a.shape for a in x])
    P = sum(a.size for a in x)
    assert {round(float(e) * P ** 0.5, 12) for a in v for e in a.ravel()} <= {-1.0, 1.0}
    t = 1e-3
    point, change = along.point(direction, t, along.gradient_blocks(g))
    for p, a, d in zip(point, x, v):
        assert np.array_equal(p, a + t * d)
    assert change == pytest.approx(t * sum(float(np.sum(gi * d)) for gi, d in zip(g, v)), rel=1e-12)
    for i in range(len(shapes)):  # one block's part: the others unshifted
        part, _ = along.point(direction.only(i), t)
        assert all(np.array_equal(p, a + t * d) if j == i else np.array_equal(p, a)
                   for j, (p, a, d) in enumerate(zip(part, x, v)))
