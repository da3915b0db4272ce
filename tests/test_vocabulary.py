"""The vocabulary registry: every function carries closed form, definition, printer rule, NumPy code."""

from __future__ import annotations

import numpy as np
import pytest

from symnn.witness import witness
import sympy
from sympy import Function, Symbol, exp, lambdify, log


from symnn.latex.printer import NNLatexPrinter
from symnn.verify import symbolic_zero_test
from symnn.vocabulary import (
    ACTIVATIONS,
    NNFunction,
    binary_cross_entropy,
    indicator,
    logit,
    mse,
    nonsmooth_arguments,
    numpy_namespace,
    registry,
    relu,
    sigmoid,
    softplus,
)

REGISTRY = sorted(registry().items())
ARGS = sympy.symbols("a0 a1", real=True)
#: Functions whose first argument is a probability (0 < p < 1).
UNIT_INTERVAL = (binary_cross_entropy, logit)



def _arity(cls) -> int:
    return min(cls.nargs)


@pytest.mark.parametrize("name, cls", REGISTRY)
def test_every_function_has_its_four_parts(name, cls):
    assert cls.fdiff is not Function.fdiff, f"{name} has no closed-form derivative (fdiff)"
    assert cls.definition.__func__ is not NNFunction.definition.__func__, f"{name} has no definition"
    assert cls.numpy_impl is not NNFunction.numpy_impl, f"{name} has no NumPy implementation"
    assert hasattr(NNLatexPrinter, f"_print_{name}"), f"{name} has no LaTeX printer rule"
    assert cls.latex_macro, f"{name} has no LaTeX macro"


@pytest.mark.parametrize("name, cls", REGISTRY)
def test_fdiff_is_the_derivative_of_the_definition(name, cls):
    args = ARGS[: _arity(cls)]
    value = cls(*args)
    definition = cls.definition(*args)
    for i, a in enumerate(args, start=1):
        closed = value.fdiff(i)
        truth = sympy.diff(definition, a)
        if cls.smooth:
            # symbolically, after expanding the closed form's vocabulary into definitions
            from symnn.verify import elementary

            assert symbolic_zero_test(elementary(closed) - truth).status == "proved", (name, i)
        # and numerically, away from kinks, at random points of the function's domain
        constraints = [0 < ARGS[0], ARGS[0] < 1] if cls in UNIT_INTERVAL else []
        result = witness(closed, truth, constraints=constraints, seed=7)
        assert result.status == "agree", (name, i, result.message)


@pytest.mark.parametrize("name, cls", REGISTRY)
def test_numpy_implementation_matches_the_definition(name, cls):
    args = ARGS[: _arity(cls)]
    rng = np.random.default_rng(3)
    points = rng.uniform(0.05, 0.95, size=(50, len(args))) if cls in UNIT_INTERVAL else rng.uniform(-6, 6, size=(50, len(args)))
    reference = lambdify(args, cls.definition(*args), "numpy")
    impl = numpy_namespace()[name]
    for p in points:
        assert np.isclose(impl(*p), reference(*p), rtol=1e-12, atol=1e-12), (name, p)


def test_sigmoid_numpy_is_stable_and_complex_capable():
    impl = numpy_namespace()["sigmoid"]
    assert impl(800.0) == 1.0 and impl(-800.0) == 0.0
    h = 1e-20
    x = 0.3
    expected = (1 / (1 + np.exp(-x))) * (1 - 1 / (1 + np.exp(-x)))
    assert np.isclose(np.imag(impl(x + 1j * h)) / h, expected, rtol=1e-13)


def test_special_values():
    x = Symbol("x", real=True)
    assert sigmoid(0) == sympy.Rational(1, 2)
    assert sigmoid(sympy.oo) == 1 and sigmoid(-sympy.oo) == 0
    assert softplus(0) == log(2)
    assert relu(-2) == 0 and relu(3) == 3
    assert indicator(0) == 0 and indicator(5) == 1
    assert sigmoid(x).rewrite(exp) == 1 / (1 + exp(-x))


def test_relu_derivative_is_the_indicator_and_its_kink_is_reported():
    x = Symbol("x", real=True)
    assert relu(x).diff(x) == indicator(x)
    assert nonsmooth_arguments(relu(2 * x - 1)) == [2 * x - 1]
    assert nonsmooth_arguments(sigmoid(x)) == []


def test_losses_have_the_textbook_gradients():
    yhat, y = sympy.symbols("yhat y", real=True)
    assert mse(yhat, y).diff(yhat) == yhat - y
    assert sympy.simplify(binary_cross_entropy(yhat, y).diff(yhat) - (yhat - y) / (yhat * (1 - yhat))) == 0


def test_the_activation_table_includes_sympys_tanh():
    assert sympy.tanh in ACTIVATIONS and sigmoid in ACTIVATIONS


@pytest.mark.parametrize("fn", [sympy.erf, sympy.sign], ids=["erf", "sign"])
def test_sympy_functions_of_the_notation_table_have_their_four_parts(fn):
    """erf (exact GELU) and sign come from SymPy: closed-form derivative, definition (their own),
    a printer rule and a NumPy implementation that symnn's numeric witness can call."""
    from symnn.latex.notation import NAMED_FUNCTIONS
    from symnn.latex.parser import parse_latex

    row = NAMED_FUNCTIONS[fn.__name__]
    x = Symbol("x", real=True)
    assert not sympy.diff(fn(x), x).has(sympy.Derivative)  # 2e^{-x²}/√π; 2δ(x) for the sign
    text = NNLatexPrinter().doprint(fn(x))
    assert text.startswith(row.prints) and parse_latex(text) == fn(x)
    impl = lambdify(x, fn(x), [numpy_namespace(), "numpy"])
    points = np.array([-1.3, -0.2, 0.4, 2.0])
    reference = [float(fn(sympy.Float(p)).evalf()) for p in points]
    assert np.allclose(impl(points), reference, rtol=1e-12)
    if fn is sympy.erf:  # analytic: the complex step works
        h = 1e-20
        slope = np.imag(impl(np.array([0.4 + 1j * h]))) / h
        assert np.isclose(slope[0], 2 / np.sqrt(np.pi) * np.exp(-0.16), rtol=1e-10)
