"""Exact-string tests of symnn's LaTeX and plain-text printers."""

from __future__ import annotations

import importlib

import pytest
from sympy import (
    Derivative,
    Eq,
    Function,
    HadamardProduct,
    MatrixSymbol,
    Rational,
    Subs,
    Sum,
    Symbol,
    exp,
    log,
    sqrt,
    symbols,
    tanh,
)

from symnn.latex.printer import NNLatexPrinter, latex, ordered_factors, ordered_terms, plain
from symnn.vocabulary import (
    binary_cross_entropy,
    indicator,
    mse,
    registry,
    relu,
    sigmoid,
    softplus,
)

x, y, w, b = symbols("x y w b")
yhat = Symbol("yhat")
yhat_j, y_j, beta_j, beta_k = symbols("yhat_j y_j beta_j beta_k")
k, C = symbols("k C")
s = sigmoid(x)
z = sigmoid(w * x + b)


# --------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize(
    "expr, expected",
    [
        (sigmoid(x), r"\sigma(x)"),
        (sigmoid(x) ** 2, r"\sigma(x)^{2}"),
        (relu(x), r"\operatorname{ReLU}(x)"),
        (relu(w * x + b) ** 2, r"\operatorname{ReLU}(w x + b)^{2}"),
        (softplus(x), r"\operatorname{softplus}(x)"),
        (indicator(x), r"\mathbb{I}(x > 0)"),
        (indicator(w * x + b), r"\mathbb{I}(w x + b > 0)"),
        (mse(yhat, y), r"\operatorname{MSE}(\hat{y}, y)"),
        (binary_cross_entropy(yhat, y), r"\operatorname{BCE}(\hat{y}, y)"),
        (tanh(x), r"\tanh(x)"),
        (tanh(x) ** 2, r"\tanh^{2}(x)"),
        (log(x), r"\log(x)"),
        (exp(-x), r"e^{- x}"),
    ],
)
def test_vocabulary(expr, expected):
    assert latex(expr) == expected


def test_every_registered_function_has_a_printer_rule():
    importlib.import_module("symnn")  # later vocabulary modules register on import
    missing = [name for name in registry() if not hasattr(NNLatexPrinter, "_print_" + name)]
    assert not missing, "NNLatexPrinter lacks _print_<Name> for: %s" % ", ".join(missing)


def test_every_registered_function_prints_without_artefacts():
    for name, cls in registry().items():
        args = symbols("a1:%d" % (min(cls.nargs) + 1))
        tex = latex(cls(*args))
        assert tex.startswith(NNLatexPrinter.nn_name(cls) + "("), tex
        assert name not in tex.replace(NNLatexPrinter.nn_name(cls), ""), tex


def test_generic_fallback_uses_macro_or_operatorname():
    printer = NNLatexPrinter()
    assert printer._print_NNFunction(sigmoid(x)) == r"\sigma(x)"
    unnamed = type("log_softmax", (), {})
    assert NNLatexPrinter.nn_name(unnamed) == r"\operatorname{log\_softmax}"


# --------------------------------------------------------------------------- closed forms


@pytest.mark.parametrize(
    "expr, expected",
    [
        (s * (1 - s), r"\sigma(x) (1 - \sigma(x))"),
        (s * (1 - s) * (1 - 2 * s), r"\sigma(x) (1 - \sigma(x)) (1 - 2 \sigma(x))"),
        (1 - tanh(x) ** 2, r"1 - \tanh^{2}(x)"),
        (yhat_j - y_j, r"\hat{y}_{j} - y_{j}"),
        ((z - y) * z * (1 - z) * x,
         r"x \sigma(w x + b) (1 - \sigma(w x + b)) (\sigma(w x + b) - y)"),
        (2 * s * (1 - s), r"2 \sigma(x) (1 - \sigma(x))"),
        (-s * (1 - s), r"- \sigma(x) (1 - \sigma(x))"),
        (-(x + 1) * s, r"- \sigma(x) (x + 1)"),
        ((1 - s) / s, r"\frac{1 - \sigma(x)}{\sigma(x)}"),
        (1 / (1 + exp(-x)), r"\frac{1}{1 + e^{- x}}"),
        (exp(-x) / (1 + exp(-x)) ** 2, r"\frac{e^{- x}}{(1 + e^{- x})^{2}}"),
        (1 / (x + 1) ** 2, r"\frac{1}{(x + 1)^{2}}"),
        (Rational(1, 2) * (yhat_j - y_j) ** 2, r"\frac{(\hat{y}_{j} - y_{j})^{2}}{2}"),
        (beta_j, r"\beta_{j}"),
        (exp(beta_j) / Sum(exp(beta_k), (k, 1, C)),
         r"\frac{e^{\beta_{j}}}{\sum_{k=1}^{C} e^{\beta_{k}}}"),
        (x * exp(-x), r"x e^{- x}"),
        (x ** 2 - 2 * x + 1, r"x^{2} - 2 x + 1"),
        (sqrt(s), r"\sqrt{\sigma(x)}"),
    ],
)
def test_closed_forms(expr, expected):
    assert latex(expr) == expected


@pytest.mark.parametrize(
    "expr, expected",
    [
        (sigmoid(x / 2), r"\sigma\left(\frac{x}{2}\right)"),
        (sigmoid(x / 2) ** 2, r"\sigma\left(\frac{x}{2}\right)^{2}"),
        (tanh(x / 2), r"\tanh\left(\frac{x}{2}\right)"),
        (relu(Sum(beta_k, (k, 1, C))), r"\operatorname{ReLU}\left(\sum_{k=1}^{C} \beta_{k}\right)"),
    ],
)
def test_tall_arguments_get_left_right(expr, expected):
    assert latex(expr) == expected


def test_no_cdot_between_implicit_factors():
    assert latex(2 * x * s) == r"2 x \sigma(x)"
    assert latex(3 * 2 ** x) == r"3 \cdot 2^{x}"  # two numbers side by side do need it


# --------------------------------------------------------------------------- derivatives, misc


@pytest.mark.parametrize(
    "expr, expected",
    [
        (Derivative(s, x), r"\frac{d}{d x} \sigma(x)"),
        (Derivative(z, w), r"\frac{\partial}{\partial w} \sigma(w x + b)"),
        (Derivative(x ** 2 + x, x), r"\frac{d}{d x} (x^{2} + x)"),
        (Derivative(x * s, x), r"\frac{d}{d x} (x \sigma(x))"),
        (Derivative(1 / (1 + exp(-x)), x), r"\frac{d}{d x} \frac{1}{1 + e^{- x}}"),
        (Derivative(s, (x, 2)), r"\frac{d^{2}}{d x^{2}} \sigma(x)"),
    ],
)
def test_derivatives(expr, expected):
    assert latex(expr) == expected


def test_derivative_at_a_point_prints_with_primes():
    f, u = Function("f"), Symbol("u")
    assert latex(Subs(Derivative(f(u), u), u, w * x + b)) == r"f'(w x + b)"
    assert latex(Subs(Derivative(sigmoid(u), (u, 2)), u, x)) == r"\sigma''(x)"


def test_relations_and_matrices():
    assert latex(Eq(exp(-x), (1 - s) / s)) == r"e^{- x} = \frac{1 - \sigma(x)}{\sigma(x)}"
    X, Y = MatrixSymbol("X", 2, 2), MatrixSymbol("Y", 2, 2)
    assert latex(HadamardProduct(X, Y)) == r"X \odot Y"
    assert latex(X.T * X) == r"X^{T} X"


TYPICAL = [
    s * (1 - s),
    Derivative(s, x),
    Derivative(1 / (1 + exp(-x)), x),
    exp(-x) / (1 + exp(-x)) ** 2,
    (z - y) * z * (1 - z) * x,
    exp(beta_j) / Sum(exp(beta_k), (k, 1, C)),
    Derivative(mse(z, y), w),
    Eq(exp(-x), (1 - s) / s),
    relu(w * x + b) * indicator(w * x + b),
    softplus(x) + binary_cross_entropy(s, y),
]


@pytest.mark.parametrize("expr", TYPICAL)
def test_no_sympy_artefacts(expr):
    tex = latex(expr)
    for artefact in ("Derivative(", "sigmoid", "exp(", "KroneckerDelta", "Sum(", "PermuteDims",
                     r"\operatorname{sigmoid}", "indicator", r"\cdot"):
        assert artefact not in tex, (artefact, tex)
    assert tex.count("{") == tex.count("}")
    assert tex.count(r"\left") == tex.count(r"\right")


def test_latex_refuses_text():
    with pytest.raises(TypeError):
        latex(r"\sigma(x)")


def test_settings_pass_through():
    assert latex(s, mode="inline") == r"$\sigma(x)$"
    assert latex(log(x), ln_notation=True) == r"\ln(x)"


# --------------------------------------------------------------------------- ordering helpers


def test_ordering_helpers():
    assert ordered_terms([b, w * x]) == [w * x, b]
    assert ordered_terms([-y, yhat]) == [yhat, -y]
    assert ordered_factors([1 - s, s, 2]) == [2, s, 1 - s]


# --------------------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    "expr, expected",
    [
        (s * (1 - s), "σ(x)*(1 - σ(x))"),
        (yhat_j - y_j, "ŷ_j - y_j"),
        (beta_j, "β_j"),
        (1 - tanh(x) ** 2, "1 - tanh(x)^2"),
        (exp(-x) / (1 + exp(-x)) ** 2, "exp(-x)/(1 + exp(-x))^2"),
        (Derivative(s, x), "d/dx σ(x)"),
        (Derivative(z, w), "∂/∂w σ(w*x + b)"),
        (indicator(w * x + b), "𝕀(w*x + b > 0)"),
        (mse(yhat, y), "MSE(ŷ, y)"),
        (Eq(exp(-x), (1 - s) / s), "exp(-x) = (1 - σ(x))/σ(x)"),
        (Sum(exp(beta_k), (k, 1, C)), "Σ_{k=1..C} exp(β_k)"),
    ],
)
def test_plain(expr, expected):
    assert plain(expr) == expected
