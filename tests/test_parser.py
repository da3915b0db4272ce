r"""Tests of symnn.latex.parser: real LaTeX in, SymPy structure out.

Each latex2sympy2 mistake the parser works around has its own test (section "latex2sympy2
quirks"); every error kind is checked with its position in the user's original string.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import (
    Abs, And, E, Eq, Function, Identity, Indexed, IndexedBase, Integer, KroneckerDelta, MatAdd,
    MatMul, MatrixSymbol, Max, Min, Ne, Rational, Sum, Symbol, exp, log, pi, sqrt, tanh,
)
from sympy.matrices.expressions import (
    Determinant, HadamardProduct, Inverse, MatPow, MatrixExpr, Trace, Transpose,
)
from sympy.matrices.expressions.matexpr import (
    MatrixElement,
)

import symnn.latex.parser as parser_module
import symnn.latex.skeleton as skeleton_module
from symnn.errors import SymnnInputError
from symnn.latex.parser import (
    DEFAULT_CLASS_COUNT,
    canonical_base,
    canonical_count,
    canonical_index,
    canonical_symbol,
    parse_definition,
    parse_equation_chain,
    parse_latex,
    parse_matrix_declaration,
    parse_relation,
    parse_symbol,
)
from symnn.vocabulary import binary_cross_entropy, indicator, mse, relu, sigmoid, softplus


def R(name: str) -> Symbol:
    """A canonical (real) symbol."""
    return Symbol(name, real=True)


def B(name: str) -> IndexedBase:
    """A canonical family of indexed quantities (real entries)."""
    return IndexedBase(name, real=True)


def Ix(name: str) -> Symbol:
    """A canonical index letter (an integer)."""
    return Symbol(name, integer=True)


def N(name: str) -> Symbol:
    """A canonical count (a positive integer): sum bounds, matrix sizes."""
    return Symbol(name, integer=True, positive=True)


x, y, z, u, v, w, b, a = (R(n) for n in "x y z u v w b a".split())
C = N("C")
i, j, k, m, h, t = (Ix(n) for n in "i j k m h t".split())


def same(expr, expected) -> bool:
    return expr == expected or sympy.expand(expr - expected) == 0


def error_of(fn, text: str) -> SymnnInputError:
    with pytest.raises(SymnnInputError) as info:
        fn(text)
    err = info.value
    assert err.source == text
    assert "\n" not in str(err)
    return err


def assert_error(text: str, problem: str, position: int | None, fn=parse_latex) -> None:
    err = error_of(fn, text)
    assert problem in err.problem, err.problem
    assert err.position == position, (str(err), position)


# --------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"\sigma(z)", sigmoid(z)),
        (r"\sigma(wx+b)", sigmoid(w * x + b)),
        (r"\sigma \left( z \right)", sigmoid(z)),
        (r"\tanh(z)", tanh(z)),
        (r"\tanh z", tanh(z)),
        (r"\mathrm{ReLU}(z)", relu(z)),
        (r"\operatorname{ReLU}(z)", relu(z)),
        (r"\text{ReLU}(z)", relu(z)),
        (r"\mathrm{relu}(z)", relu(z)),
        (r"\mathrm{softplus}(z)", softplus(z)),
        (r"\operatorname{softplus}(z)", softplus(z)),
        (r"\mathrm{sigmoid}(z)", sigmoid(z)),
        (r"\mathrm{MSE}(\hat{y}, y)", mse(R("yhat"), y)),
        (r"\mathrm{BCE}(\hat{y}, y)", binary_cross_entropy(R("yhat"), y)),
        (r"\max(0, x)", relu(x)),  # INTERFACE.md: \max(0, z) is ReLU
        (r"\max(1, x)", Max(1, x)),
        (r"\min(a, \max(b, x))", Min(a, Max(b, x))),
        (r"\mathbb{I}(x > 0)", indicator(x)),
        (r"\mathbb{1}(x > 0)", indicator(x)),
        (r"\mathbb{I}(u > v)", indicator(u - v)),
        (r"\mathbb{I}(u \geq v)", indicator(u - v)),  # differs from > only where u = v
        (r"\mathbb{I}(u < v)", indicator(v - u)),
        (r"\mathbb{I}(u \leq v)", indicator(v - u)),
        (r"\ln x", log(x)),
        (r"\log x", log(x)),
        (r"\log(x)", log(x)),
        (r"\log_{10} x", log(x) / log(10)),
        (r"\log_2 x", log(x) / log(2)),
        (r"\log_{2}(x+1)", log(x + 1) / log(2)),
        (r"e^{x}", exp(x)),
        (r"e^x", exp(x)),
        (r"\exp(x)", exp(x)),
        (r"\exp x", exp(x)),
        (r"\mathrm{e}^{x}", exp(x)),
        (r"e", E),
        (r"\pi", pi),
        (r"\frac{1}{1+e^{-z}}", 1 / (1 + exp(-z))),
        (r"\dfrac{a}{b}", a / b),
        (r"\tfrac{a}{b}", a / b),
        (r"\frac12", Rational(1, 2)),
        (r"\sqrt{x}", sqrt(x)),
        (r"\sqrt[3]{x}", x ** Rational(1, 3)),
        (r"|x|", Abs(x)),
        (r"\left| x \right|", Abs(x)),
        (r"\lvert x - 1 \rvert", Abs(x - 1)),
        (r"|x - |y||", Abs(x - Abs(y))),
        (r"\left( x + 1 \right)^2", (x + 1) ** 2),
        (r"\left[ x + 1 \right] y", (x + 1) * y),
        (r"\{ x + 1 \} y", (x + 1) * y),
        (r"\bigl( x + 1 \bigr) y", (x + 1) * y),
        (r"x \cdot y", x * y),
        (r"x \times y", x * y),
        (r"x \div y", x / y),
        (r"0.5 x", x / 2),
        (r"1.25", Rational(5, 4)),
        (r".5", Rational(1, 2)),
        (r"x\,y\;z\!u\quad v\qquad w", x * y * z * u * v * w),
        (r"2x", 2 * x),
        (r"wx + b", w * x + b),
        (r"x^{-1}", 1 / x),
        (r"x^2_1", B("x")[1] ** 2),
        (r"$x + 1$", x + 1),
    ],
)
def test_vocabulary(text, expected):
    assert parse_latex(text) == expected


def test_sigmoid_primes_are_derivatives():
    first = sigmoid(u) * (1 - sigmoid(u))
    assert parse_latex(r"\sigma'(u)") == first
    assert parse_latex(r"\sigma^{\prime}(u)") == first
    assert parse_latex(r"\sigma^\prime(u)") == first
    t = Symbol("t")
    second = sigmoid(t).diff(t, 2).subs(t, u)
    assert same(parse_latex(r"\sigma''(u)"), second)
    assert same(parse_latex(r"\sigma^{\prime\prime}(u)"), second)
    assert same(parse_latex(r"\sigma'''(wx+b)"), sigmoid(t).diff(t, 3).subs(t, w * x + b))


def test_high_order_primes_are_fast_and_right():
    t = Symbol("t")
    start = time.perf_counter()
    value = parse_latex(r"\sigma''''''(x)")
    assert time.perf_counter() - start < 5
    assert same(value, sigmoid(t).diff(t, 6).subs(t, x))


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"\tanh'(x)", 1 - tanh(x) ** 2),
        (r"\mathrm{ReLU}'(x)", indicator(x)),
        (r"\operatorname{ReLU}''(x)", Integer(0)),
        (r"\mathrm{softplus}'(x)", sigmoid(x)),
        (r"\exp'(x)", exp(x)),
        (r"\ln'(x)", 1 / x),
    ],
)
def test_primes_on_every_one_argument_function(text, expected):
    assert same(parse_latex(text), expected)


def test_sigma_without_parenthesis_is_a_plain_symbol():
    assert parse_latex(r"\sigma") == R("sigma")
    assert parse_latex(r"\sigma^2") == R("sigma") ** 2
    assert parse_latex(r"\sigma_j") == B("sigma")[j]
    assert parse_latex(r"\sigma x") == R("sigma") * x


def test_interface_examples():
    assert parse_latex(r"\sigma(x)(1-\sigma(x))") == sigmoid(x) * (1 - sigmoid(x))
    yhat, y_, beta = B("yhat"), B("y"), B("beta")
    assert parse_latex(r"\hat{y}_j - y_j") == yhat[j] - y_[j]
    name, value = parse_definition(r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}")
    assert name == yhat[j]
    assert value == exp(beta[j]) / Sum(exp(beta[m]), (m, 1, C))


def test_sum_with_symbolic_bound():
    value = parse_latex(r"-\sum_{k=1}^{C} y_k \log \hat{y}_k")
    assert value == -Sum(B("y")[k] * log(B("yhat")[k]), (k, 1, C))
    (summation,) = value.atoms(Sum)
    index, lower, upper = summation.limits[0]
    assert index == k and index.is_integer and upper == C and upper.is_positive
    assert parse_latex(r"\sum_{k=1}^{C} y_k + 1") == Sum(B("y")[k], (k, 1, C)) + 1
    assert parse_latex(r"\log \sum_{m=1}^{C} e^{\beta_m}") == log(Sum(exp(B("beta")[m]), (m, 1, C)))


# --------------------------------------------------------------------------- canonical symbols


@pytest.mark.parametrize(
    "text, name",
    [
        ("x", "x"),
        ("W", "W"),
        (r"\beta", "beta"),
        (r"\lambda", "lambda"),
        (r"\eta", "eta"),
        (r"\varepsilon", "varepsilon"),
        (r"\hat{y}", "yhat"),
        (r"\hat y", "yhat"),
        (r"\bar{x}", "xbar"),
        (r"\overline{x}", "xbar"),
        (r"\tilde{x}", "xtilde"),
        (r"\hat{\bar{x}}", "xbarhat"),
        (r"\pi_k", None),  # indexed below
        ("I", "I"),  # latex2sympy2: the imaginary unit
        ("E", "E"),  # latex2sympy2: a syntax error (exponent notation)
        ("i", "i"),  # latex2sympy2 presets i = j = I for its own latex2latex
        ("j", "j"),
        ("d", "d"),
    ],
)
def test_canonical_symbol_names(text, name):
    if name is None:
        return
    value = parse_latex(text)
    assert value == Symbol(name, real=True)
    assert value.is_real
    assert canonical_symbol(name) == value


# --------------------------------------------------------------------------- index notation (issue 3)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("y_k", B("y")[k]),
        (r"w_{hj}", B("w")[h, j]),
        ("x_1", B("x")[1]),
        ("x_{10}", B("x")[10]),
        ("w_{1,2}", B("w")[1, 2]),
        ("w_{h1}", B("w")[h, 1]),
        ("w_{12,3}", B("w")[12, 3]),
        (r"\hat{y}_j", B("yhat")[j]),
        (r"\hat{y_j}", B("yhat")[j]),
        (r"\hat{\beta}_j", B("betahat")[j]),
        (r"\beta_{j}", B("beta")[j]),
        (r"\beta_j", B("beta")[j]),
        (r"\beta_{1}", B("beta")[1]),
        (r"x_{\alpha}", B("x")[Ix("alpha")]),
        ("e_1", B("e")[1]),
        (r"\pi_k", B("pi")[k]),
        ("h_{t-1}", B("h")[t - 1]),
        ("x_{i+1}", B("x")[i + 1]),
        ("x_{2k+1}", B("x")[2 * k + 1]),
        ("a_{i,j-1}", B("a")[i, j - 1]),
        (r"\delta_{ik}", KroneckerDelta(i, k)),
        (r"\delta_{jk}", KroneckerDelta(j, k)),
        (r"\delta_{i,k}", KroneckerDelta(i, k)),
        (r"\delta_{1k}", KroneckerDelta(1, k)),
        (r"\delta_j", B("delta")[j]),  # the backprop error term
        (r"\delta_{hjk}", B("delta")[h, j, k]),
        (r"\delta", R("delta")),
        (r"\hat{y}", R("yhat")),  # a scalar symbol without a subscript
        (r"{\hat{y}}_{j}", B("yhat")[j]),  # as SymPy prints it
        (r"{w}_{h,j}", B("w")[h, j]),
        (r"{\delta}_{i,k}", B("delta")[i, k]),  # braces: the family delta, not Kronecker's
        (r"\hat{y}_j^2", B("yhat")[j] ** 2),
        (r"x^2_1", B("x")[1] ** 2),
    ],
)
def test_subscripts_are_indices(text, expected):
    value = parse_latex(text)
    assert value == expected
    for index in getattr(value, "indices", ()):
        assert index.is_integer


def test_index_letters_are_integers_and_bases_real():
    value = parse_latex(r"w_{hj} x_j")
    assert value == B("w")[h, j] * B("x")[j]
    assert {s for s in value.free_symbols if isinstance(s, Symbol)} == {
        h, j, R("w"), R("x")  # SymPy counts the bases' labels as free symbols
    }
    assert all(e.is_real for e in value.atoms(Indexed))
    assert canonical_index("j") == j and canonical_base("w") == B("w")


def test_one_letter_one_symbol_in_an_expression():
    # n is an upper bound: the positive integer n also where it is a plain variable
    value = parse_latex(r"\frac{1}{n}\sum_{i=1}^{n} x_i")
    n = N("n")
    assert value == Sum(B("x")[i], (i, 1, n)) / n
    assert value.free_symbols & {R("n")} == set()
    # k is an index: the integer k everywhere
    value = parse_latex(r"k \cdot y_k")
    assert value == k * B("y")[k]
    assert R("k") not in value.free_symbols
    # ... across the sides of a relation too
    relation = parse_relation(r"\sum_{k=1}^{K} y_k = K")
    assert relation == Eq(Sum(B("y")[k], (k, 1, N("K"))), N("K"))
    # a letter that is only a plain variable stays real
    assert parse_latex("n x") == R("n") * x


def test_canonical_helpers():
    assert canonical_count("C") == DEFAULT_CLASS_COUNT == C
    assert DEFAULT_CLASS_COUNT.is_integer and DEFAULT_CLASS_COUNT.is_positive
    assert canonical_index("k") == k and k.is_integer and k.is_positive is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"\sum_{k=1}^{C} y_k", Sum(B("y")[k], (k, 1, C))),
        (r"\sum_{k=1}^C y_k", Sum(B("y")[k], (k, 1, C))),
        (r"\sum_{k=1}^{3} y_k", Sum(B("y")[k], (k, 1, 3))),
        (r"\sum_{i=0}^{n-1} x_i", Sum(B("x")[i], (i, 0, N("n") - 1))),
        (r"\sum^{K}_{k=1} y_k", Sum(B("y")[k], (k, 1, N("K")))),
        (r"\sum_{k} y_k", Sum(B("y")[k], (k, 1, C))),
        (r"\sum_k y_k", Sum(B("y")[k], (k, 1, C))),
        (r"\sum_k y_k + 1", Sum(B("y")[k], (k, 1, C)) + 1),
        (r"\sum_k y_k - 1", Sum(B("y")[k], (k, 1, C)) - 1),
        (r"1 - \sum_k y_k", 1 - Sum(B("y")[k], (k, 1, C))),
        (r"\sum_k -y_k", Sum(-B("y")[k], (k, 1, C))),
        # the body is the rest of the product term
        (r"\sum_k y_k \log \hat{y}_k", Sum(B("y")[k] * log(B("yhat")[k]), (k, 1, C))),
        (r"-\sum_{k=1}^{C} y_k \log \hat{y}_k + 1",
         -Sum(B("y")[k] * log(B("yhat")[k]), (k, 1, C)) + 1),
        (r"\sum_k y_k \cdot z_k", Sum(B("y")[k] * B("z")[k], (k, 1, C))),
        (r"\sum_k y_k / 2", Sum(B("y")[k] / 2, (k, 1, C))),
        (r"\sum_{k=1}^{C} (y_k - \hat{y}_k)^2 + 1",
         Sum((B("y")[k] - B("yhat")[k]) ** 2, (k, 1, C)) + 1),
        (r"\sum_{k=1}^{C} \left(y_k - \hat{y}_k\right)", Sum(B("y")[k] - B("yhat")[k], (k, 1, C))),
        (r"\sum_{k=1}^{C} {y_k - \hat{y}_k} + 2", Sum(B("y")[k] - B("yhat")[k], (k, 1, C)) + 2),
        (r"\sum_k |y_k - x_k| + 1", Sum(Abs(B("y")[k] - B("x")[k]), (k, 1, C)) + 1),
        (r"\frac{1}{2} \sum_k y_k^2", Sum(B("y")[k] ** 2, (k, 1, C)) / 2),
        (r"2 \cdot \sum_k y_k", 2 * Sum(B("y")[k], (k, 1, C))),
        (r"\sum_i \sum_j w_{ij}", Sum(Sum(B("w")[i, j], (j, 1, C)), (i, 1, C))),
        (r"\sum_k y_k \delta_{jk}", Sum(B("y")[k] * KroneckerDelta(j, k), (k, 1, C))),
        (r"\prod_{k=1}^{n} p_k", sympy.Product(B("p")[k], (k, 1, N("n")))),
    ],
)
def test_sums(text, expected):
    assert parse_latex(text) == expected


def test_implied_class_count_follows_the_one_written_bound():
    K = N("K")
    assert parse_latex(r"\sum_{k=1}^{K} y_k + \sum_j z_j") == (
        Sum(B("y")[k], (k, 1, K)) + Sum(B("z")[j], (j, 1, K))
    )
    assert parse_latex(r"\mathrm{softmax}(\beta)_j + \sum_{k=1}^{K} y_k") == (
        parse_latex(r"\mathrm{softmax}(\beta)_j").xreplace({C: K}) + Sum(B("y")[k], (k, 1, K))
    )
    # two different bounds (or a numeric one): the default C
    value = parse_latex(r"\sum_{k=1}^{K} y_k + \sum_{m=1}^{M} z_m + \sum_j z_j")
    assert Sum(B("z")[j], (j, 1, C)) in value.args
    assert parse_latex(r"\sum_{k=1}^{3} y_k + \sum_j z_j") == (
        Sum(B("y")[k], (k, 1, 3)) + Sum(B("z")[j], (j, 1, C))
    )
    # the implied C is the C of the expression
    assert parse_latex(r"\frac{1}{C}\sum_k y_k") == Sum(B("y")[k], (k, 1, C)) / C


def test_indexed_vocabulary():
    vocabulary = pytest.importorskip("symnn.indexed")
    beta, y_, yhat, P, Q = B("beta"), B("y"), B("yhat"), B("P"), B("Q")
    softmax = vocabulary.softmax(beta, j, C)
    cases = {
        r"\mathrm{softmax}(\beta)_j": softmax,
        r"\operatorname{softmax}(\beta)_j": softmax,
        r"\operatorname{softmax}(\beta)_{j}": softmax,
        r"\operatorname{softmax}{\left(\beta \right)}_{j}": softmax,
        r"\log \mathrm{softmax}(\beta)_j": log(softmax),
        r"\mathrm{logsoftmax}(\beta)_j": vocabulary.log_softmax(beta, j, C),
        r"\mathrm{softmax}(\beta)_j^2": softmax**2,
        r"\mathrm{softmax}(z)_k": vocabulary.softmax(B("z"), k, C),
        r"\mathrm{logsumexp}(\beta)": vocabulary.logsumexp(beta, C),
        r"\mathrm{LSE}(\beta)": vocabulary.logsumexp(beta, C),
        r"\mathrm{CE}(y, \hat{y})": vocabulary.cross_entropy(y_, yhat, C),
        r"\mathrm{KL}(P \| Q)": vocabulary.kl_divergence(P, Q, C),
        r"\mathrm{KL}(P \Vert Q)": vocabulary.kl_divergence(P, Q, C),
        r"\mathrm{KL}(P, Q)": vocabulary.kl_divergence(P, Q, C),
        r"D_{\mathrm{KL}}(P \| Q)": vocabulary.kl_divergence(P, Q, C),
        r"D_\mathrm{KL}(P \| Q)": vocabulary.kl_divergence(P, Q, C),
        r"D_{KL}(P \| Q)": vocabulary.kl_divergence(P, Q, C),
        r"\mathrm{H}(P)": vocabulary.entropy(P, C),
        r"y_j - \mathrm{softmax}(\beta)_j": y_[j] - softmax,
    }
    for text, expected in cases.items():
        assert parse_latex(text) == expected, text
    K = N("K")
    assert parse_latex(r"\sum_{k=1}^{K} y_k \log \mathrm{softmax}(\beta)_k") == Sum(
        y_[k] * log(vocabulary.softmax(beta, k, K)), (k, 1, K)
    )


@pytest.mark.parametrize(
    "text, problem, position",
    [
        (r"\mathrm{softmax}(\beta)", r"needs an index: write \mathrm{softmax}(\beta)_j", 0),
        (r"\mathrm{softmax}(\beta_j)_j", r"must be a vector name such as \beta", 17),
        (r"\mathrm{softmax}(\beta)_{jk}", "takes one index", 24),
        (r"\mathrm{softmax}(a + b)_j", "must be a vector name", 17),
        (r"\mathrm{CE}(y)", r"\mathrm{CE} takes 2 arguments, got 1", 11),
        (r"\mathrm{KL}(P \| Q \| R)", "takes 2 arguments, got 3", 11),
        (r"\mathrm{softmax}\beta", "needs its argument in parentheses", 0),
        (r"\mathrm{LSE}()", "empty argument", 12),
    ],
)
def test_indexed_vocabulary_errors(text, problem, position):
    pytest.importorskip("symnn.indexed")
    assert_error(text, problem, position)


def test_indexed_definition_and_relation():
    name, value = parse_definition(r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}")
    assert name == B("yhat")[j] and name.indices[0].is_integer
    assert value == exp(B("beta")[j]) / Sum(exp(B("beta")[m]), (m, 1, C))
    assert parse_definition(r"z_j := w_j x + b") == (B("z")[j], B("w")[j] * x + b)
    assert parse_definition(r"\delta_j = \hat{y}_j - y_j") == (
        B("delta")[j], B("yhat")[j] - B("y")[j]
    )
    assert parse_relation(r"\sum_{k=1}^{C} y_k = 1") == Eq(Sum(B("y")[k], (k, 1, C)), 1)
    assert parse_relation(r"\sum_k y_k = 1") == Eq(Sum(B("y")[k], (k, 1, C)), 1)
    assert parse_relation(r"y_k \geq 0") == sympy.GreaterThan(B("y")[k], 0)
    assert_error(r"\delta_{ij} = 1", "is a Kronecker delta, not a defined symbol", 0, parse_definition)


def test_subscript_without_braces_takes_one_character_as_in_tex():
    assert parse_latex("x_12") == B("x")[1] * 2


def test_distinct_symbols_stay_distinct():
    value = parse_latex(r"\hat{y} - y + \bar{y}")
    assert value.free_symbols == {R("yhat"), R("y"), R("ybar")}
    assert parse_latex(r"\hat{y}_j - y_j").atoms(IndexedBase) == {B("yhat"), B("y")}


def test_round_trip_through_sympy_latex():
    for text in (r"\hat{y}_j", r"\hat{y}_j - y_j", r"w_{hj}", r"w_{1,2}", r"\beta_{1}", r"x_{10}",
                 r"\delta_{ik}", r"\delta_j", r"\sum_k y_k \delta_{jk}"):
        value = parse_latex(text)
        assert parse_latex(sympy.latex(value)) == value, (text, sympy.latex(value))


def test_every_symbol_is_real():
    value = parse_latex(r"\sigma(w_{hj} x_j + \beta) \cdot \hat{y}_k^2 + \lambda")
    assert value.free_symbols and all(s.is_real for s in value.free_symbols)


ROUND_TRIP = [
    sigmoid(x) * (1 - sigmoid(x)),
    relu(x),
    softplus(x),
    indicator(x),
    mse(x, y),
    log(x),
    tanh(x) ** 2,
    exp(-x),
    Max(x, y),
    Min(x, 0),
    Abs(x),
    B("yhat")[j] - B("y")[j],
    sqrt(x),
    x ** Rational(1, 3),
    Sum(B("y")[k], (k, 1, C)),
    Sum(B("y")[k] * log(B("yhat")[k]), (k, 1, C)),
    B("w")[h, j] * B("x")[j],
    B("w")[1, 2],
    B("beta")[1],
    KroneckerDelta(i, k),
    KroneckerDelta(j, k) - B("yhat")[k],
    B("delta")[j] * B("w")[h, j],
    Sum(KroneckerDelta(j, k) * B("y")[k], (k, 1, C)),
    log(x, 2),
    sigmoid(x) ** 2,
    1 / (1 + exp(-x)),
    sigmoid(2 * x + 1) * relu(x - y) ** 2 / 3,
    Rational(-3, 7) * x**-2,
    pi * x + E,
]


@pytest.mark.parametrize("expr", ROUND_TRIP, ids=str)
def test_reads_back_what_sympy_prints(expr):
    # SymPy prints calls as \log{\left(x \right)}, \operatorname{relu}{\left(x \right)}
    assert parse_latex(sympy.latex(expr)) == expr


@pytest.mark.parametrize("expr", ROUND_TRIP + [binary_cross_entropy(x, y)], ids=str)
def test_reads_back_what_the_symnn_printer_prints(expr):
    printer = pytest.importorskip("symnn.latex.printer")
    assert parse_latex(printer.latex(expr)) == expr


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"\sigma{\left(x \right)}", sigmoid(x)),
        (r"\operatorname{sigmoid}{\left(x \right)}", sigmoid(x)),
        (r"\tanh^{2}{\left(x \right)}", tanh(x) ** 2),
        (r"\operatorname{MSE}(x, y)", mse(x, y)),
        (r"\operatorname{BCE}(x, y)", binary_cross_entropy(x, y)),
        (r"\left|{x}\right|", Abs(x)),
        (r"\sigma{x}", R("sigma") * x),  # braces without parentheses: not a call
    ],
)
def test_printed_forms(text, expected):
    assert parse_latex(text) == expected


# --------------------------------------------------------------------------- latex2sympy2 quirks


def test_log_is_natural_unless_a_base_is_written():
    # latex2sympy2: \log x is log(x, 10)
    assert parse_latex(r"\log x") == log(x)
    assert parse_latex(r"\log_{10} x") == log(x) / log(10)
    assert parse_latex(r"\log_{b}(x)") == log(x) / log(b)


def test_named_function_with_compound_argument_is_a_call():
    # latex2sympy2: \mathrm{sigmoid}(wx+b) -> sigmoid*(b+w*x); \sigma(wx+b) -> sigma*(b+w*x)
    assert parse_latex(r"\mathrm{sigmoid}(wx+b)") == sigmoid(w * x + b)
    assert parse_latex(r"\sigma(wx+b)") == sigmoid(w * x + b)
    # latex2sympy2: \sigma(x) is an undefined Function('\sigma')
    assert parse_latex(r"\sigma(x)") == sigmoid(x)


@pytest.mark.parametrize(
    "text, expected",
    [("y(x)", y * x), ("x(y)", x * y), ("w(x+1)", w * (x + 1)), (r"\beta(x)", R("beta") * x),
     (r"y_k(x)", B("y")[k] * x), (r"(a)(b)", a * b)],
)
def test_letter_before_parenthesis_is_multiplication(text, expected):
    # latex2sympy2: y(x) is an undefined function application
    value = parse_latex(text)
    assert value == expected
    assert not value.atoms(sympy.core.function.AppliedUndef)


def test_result_is_evaluated_normally():
    # latex2sympy2 returns the unevaluated 1*(a - y)**2/2
    value = parse_latex(r"\frac{1}{2}(a-y)^2")
    assert value == (a - y) ** 2 / 2
    assert sympy.srepr(value) == sympy.srepr((a - y) ** 2 / 2)
    assert parse_latex("--x") == x
    assert parse_latex("x - -y") == x + y


def test_function_without_parentheses_stops_at_explicit_operators():
    # latex2sympy2 reads \ln x \cdot y as ln(x*y)
    assert parse_latex(r"\ln x \cdot y") == y * log(x)
    assert parse_latex(r"\ln x / 2") == log(x) / 2
    assert parse_latex(r"\sin x \cos y") == sympy.sin(x) * sympy.cos(y)
    assert parse_latex(r"\ln 2x") == log(2 * x)
    assert parse_latex(r"\ln \ln x") == log(log(x))
    assert parse_latex(r"\tanh^2 x \cdot y") == tanh(x) ** 2 * y
    assert parse_latex(r"a \cdot -\ln b") == -a * log(b)


def test_decimals_are_exact():
    assert parse_latex("0.5") == Rational(1, 2)
    assert parse_latex("0.1 + 0.2") == Rational(3, 10)


@pytest.mark.parametrize(
    "text, problem, position",
    [
        (r"\operatorname{ReLU}", r"\operatorname{ReLU} needs its argument in parentheses", 0),
        # without declared matrices, ^T is an error (latex2sympy2 drops the T silently)
        (r"X^\top", r"transpose of an undeclared matrix X: declare it with --matrix X:ROWS,COLS", 2),
        (r"x^{T}", "transpose of an undeclared matrix x", 3),
        (r"x^T", "transpose of an undeclared matrix x", 2),
        (r"x^{\mathrm{T}}", "transpose of an undeclared matrix x", 3),
        (r"\hat{x}^{\top}", r"transpose of an undeclared matrix \hat{x}", 9),
        (r"(a+b)^T", "transpose of the scalar (a+b)", 6),
        (r"y_k^T", "transpose of the scalar y_k", 4),
        (r"a \odot b", r"the Hadamard product \odot needs matrices on both sides", 8),
        (r"\|v\|^T", r"a norm takes a power such as", 6),
        (r"\|v\|_1^2", r"only the norms \|v\|_2 and \|A\|_F are supported", 5),
        (r"\|v", r"unbalanced norm bar", 0),
        (r"\top", r"\top is only read in a transpose superscript", 0),
        (r"\mathsf{T}", r"\mathsf is only read in", 0),
        (r"\mathrm{T}", r"\mathrm{T} (transpose: write A^T", 0),
        (r"(a+b)_j", "a subscript after a group or function call is not supported yet", 5),
        (r"\sigma(x)_j", "a subscript after a group or function call is not supported yet", 9),
        (r"\frac{\partial L}{\partial}", "missing the variable after the differential", 18),
        (r"\frac{\partial L}{\partial w^2}", "the orders of the numerator (1) and denominator differ", 17),
        (r"\mathbb{I}", r"\mathbb{I} without parentheses is the identity matrix", 0),
        (r"x_{i \cdot 2}", r"\cdot in a subscript is not supported yet", 5),
        (r"x_{i+}", "+ in a subscript is not supported yet", 4),
        (r"x_{\hat{i}}", r"\hat in a subscript is not supported yet", 3),
        (r"\sum y_k", r"\sum needs an index and bounds", 0),
        (r"\sum^{C} y_k", r"\sum needs an index and bounds", 0),
        (r"\sum_{k < 3} y_k", r"\sum needs an index and bounds", 5),
        (r"\sum_{k=1}^{C}^{D} y_k", "double superscript", 14),
        (r"\sum_{k=1}^{T} y_k", r"unexpected superscript on \sum", 12),
        (r"\sum_{x_1=1}^{C} y", "expected a summation index such as k", 6),
        (r"\sum_k", r"missing operand after \sum", 0),
        (r"\sum_k y_k + \sum_j", r"missing operand after \sum", 13),
    ],
)
def test_not_supported_yet_is_a_clear_error(text, problem, position):
    assert_error(text, problem, position)


def test_layer_superscript_only_on_symbols():
    assert parse_latex(r"e^{(x)}") == exp(x)
    assert parse_latex(r"(a+b)^{(2)}") == (a + b) ** 2
    assert parse_latex(r"a^{(l)}") == R("a^{(l)}")


def test_sympy_refusing_a_value_is_an_input_error():
    assert_error(r"\max(\ln -\sigma(x), 1)", r"cannot apply \max", 0)


def test_primes_only_on_function_names():
    # latex2sympy2: x' silently drops the prime
    assert_error("x'", "a prime (') is only supported on a function name", 1)
    assert_error("(x+1)'", "a prime", 5)
    assert_error(r"x^{\prime}", "a prime", 1)
    assert_error(r"\sigma'", r"\sigma needs its argument in parentheses", 0)
    assert_error(r"\mathrm{MSE}'(a, b)", "a prime needs a function of one argument", 0)


def test_latex2sympy2_global_state_does_not_leak_in():
    import latex2sympy2

    # A direct latex2sympy2 call with a differential corrupts its global `var` table; every
    # later latex2sympy2 call then fails with a TypeError.  The wrapper heals it.
    latex2sympy2.latex2sympy(r"\frac{1}{dx}")
    skeleton_module._latex2sympy.cache_clear()
    assert parse_latex(r"a \cdot b / c") == a * b / R("c")
    assert latex2sympy2.VARIABLE_VALUES == {}


# --------------------------------------------------------------------------- errors and positions


@pytest.mark.parametrize(
    "text, problem, position",
    [
        (r"\foo", r"unknown macro \foo", 0),
        (r"x + \foo{y}", r"unknown macro \foo", 4),
        (r"\variable{x}", r"unknown macro \variable", 0),
        (r"\input{/etc/passwd}", r"unknown macro \input", 0),
        (r"\def\x{1}", r"unknown macro \def", 0),
        (r"\mathit{a}", r"unknown macro \mathit", 0),
        (r"\mathrm{foo}(x)", r"unknown function \mathrm{foo}", 0),
        (r"1 + \operatorname{foo}(x)", r"unknown function \operatorname{foo}", 4),
        (r"\mathrm{foo}", r"unknown name \mathrm{foo}", 0),
        (r"\mathbb{R}", r"unknown name \mathbb{R}", 0),
        ("(x", "unbalanced parenthesis", 0),
        ("x + (y", "unbalanced parenthesis", 4),
        ("x )", "unbalanced parenthesis", 2),
        ("abc)", "unbalanced parenthesis", 3),
        ("x ]", "unbalanced bracket", 2),
        (r"\frac{1}{2}}", "unbalanced brace", 11),
        ("{x", "unbalanced brace", 0),
        ("[x)", ") does not match the [ it closes", 2),
        (r"\left( x \right]", r"\right] does not match the \left( it closes", 9),
        ("|x", "unbalanced absolute-value bar", 0),
        ("x +", "missing operand after +", 2),
        ("x \\cdot", "missing operand after \\cdot", 2),
        ("x * * y", "missing operand before *", 4),
        (r"\ln", r"missing operand after \ln", 0),
        ("+", "missing operand after +", 0),
        ("", "empty expression", 0),
        ("   ", "empty expression", 0),
        ("()", "empty parentheses", 0),
        (r"\frac{}{x}", r"empty argument of \frac", 5),
        (r"\frac{x}{}", r"empty argument of \frac", 8),
        (r"\sqrt{}", r"empty argument of \sqrt", 5),
        (r"\hat{}", r"empty argument of \hat", 4),
        (r"\sigma()", r"empty argument of \sigma", 6),
        (r"\max(a,)", r"empty argument of \max", 6),
        ("x_{}", "empty subscript", 2),
        ("x^{}", "empty superscript", 2),
        ("x^", "missing superscript after ^", 1),
        ("x_", "missing subscript after _", 1),
        ("^2", "superscript without a base", 0),
        ("_2", "subscript without a base", 0),
        ("x^2^3", "double superscript", 3),
        ("x_1_2", "double subscript", 3),
        ("x^-1", "the superscript needs braces here", 2),
        ("1.2.3", "malformed number 1.2.3", 0),
        ("x = 1", "unexpected relation =", 2),
        ("x, y", "unexpected ','", 1),
        ("☃(x)", "unexpected character '☃'", 0),
        ("x ∈ y", "unexpected character '∈'", 2),
        ("x \\", "lone backslash", 2),
        (r"\sigma(a, b)", r"\sigma takes 1 argument, got 2", 6),
        (r"\mathrm{MSE}(a)", r"\mathrm{MSE} takes 2 arguments, got 1", 12),
        (r"\mathbb{I}(x)", "the indicator needs a comparison", 10),
        (r"\mathbb{I}(x = 1)", "the indicator needs an inequality", 13),
        (r"\mathrm{MSE}^{-1}(x)", r"\mathrm{MSE}^{-1}: symnn knows no inverse of \mathrm{MSE}", 12),
        (r"\mathrm{ReLU} x", r"\mathrm{ReLU} needs its argument in parentheses", 0),
        (r"\left. x \right|", r"\left. (an invisible delimiter) is not supported", 0),
        (r"\hat{x y}", r"\hat takes a single variable", 7),
        (r"\sum_{2=1}^{C} x", "expected a summation index", 6),
        (r"\sum_{k=1}^{C}", r"missing operand after \sum", 0),
    ],
)
def test_error_kind_and_position(text, problem, position):
    assert_error(text, problem, position)


def test_positions_point_into_the_original_string():
    # spacing macros, nested groups and rewritten calls do not shift positions
    text = r"\sigma\left( w x + \,\, \frac{1}{(b + \foo)} \right)"
    assert_error(text, r"unknown macro \foo", text.index(r"\foo"))
    text = r"\mathrm{ReLU}(\sigma(x) + \frac{}{2})"
    assert_error(text, r"empty argument of \frac", text.index("{}"))
    text = r"\ln x \cdot \mathbb{I}(y > ) "
    assert_error(text, "empty right side of >", text.index(">"))


def test_message_format():
    err = error_of(parse_latex, r"\foo")
    assert str(err) == r"unknown macro \foo at position 0"
    err = error_of(parse_latex, "x" * 2001)
    assert str(err) == "expression longer than 2000 characters"


def test_nesting_limit():
    assert parse_latex("(" * 40 + "x" + ")" * 40) == x
    assert_error("(" * 41 + "x" + ")" * 41, "nesting deeper than 40 levels", 40)
    assert_error("{" * 41 + "x" + "}" * 41, "nesting deeper than 40 levels", 40)
    assert_error("|" * 45 + "x" + "|" * 45, "nesting deeper than 40 levels", 40)
    assert_error(r"\ln " * 7 + "x", "nested functions without parentheses", 24)


def test_deep_nesting_is_rejected_fast():
    # latex2sympy2 itself overflows the recursion at ~150 parentheses and takes 30 s on 5,000
    start = time.perf_counter()
    for text in ("(" * 5000 + "x" + ")" * 5000, "(" * 1000 + "x" + ")" * 999, "(" * 41 + "x"):
        with pytest.raises(SymnnInputError):
            parse_latex(text)
    assert time.perf_counter() - start < 5  # sanity bound; in practice a few milliseconds


def test_long_flat_inputs_are_fast():
    # latex2sympy2 takes ~15 s on a 500-term flat sum
    start = time.perf_counter()
    assert parse_latex("+".join(["x"] * 1000)) == 1000 * x
    assert parse_latex("-" * 1999 + "x") == -x
    assert parse_latex("+".join([r"a \cdot b"] * 200)) == 200 * a * b
    assert time.perf_counter() - start < 5


def test_too_many_factors_in_one_term():
    assert parse_latex("*".join(["x"] * 45)) == x**45
    assert_error("*".join(["x"] * 46), "more than 45 factors in one term", 90)


def test_time_budget_becomes_an_input_error(monkeypatch):
    def slow(skeleton):
        time.sleep(3)

    monkeypatch.setattr(skeleton_module, "_latex2sympy", slow)
    monkeypatch.setattr(parser_module, "PARSE_SECONDS", 0.2)
    start = time.perf_counter()
    err = error_of(parse_latex, r"a \cdot b")
    assert err.problem == "expression too complex to parse"
    assert time.perf_counter() - start < 2.5


@pytest.mark.parametrize(
    "failure, problem",
    [
        (RecursionError("maximum recursion depth exceeded"), "too deeply nested"),
        (TypeError("argument of type 'Symbol' is not iterable"), "cannot parse the expression"),
        (Exception("I expected something else here\na \\cdot b\n~~^"), "cannot parse the expression"),
    ],
)
def test_latex2sympy2_exceptions_become_input_errors(monkeypatch, failure, problem):
    def broken(skeleton):
        raise failure

    monkeypatch.setattr(skeleton_module, "_latex2sympy", broken)
    err = error_of(parse_latex, r"a   \cdot b")
    assert problem in err.problem
    assert err.position is not None


def test_latex2sympy2_caret_is_mapped_to_the_original_position(monkeypatch):
    def broken(skeleton):
        column = skeleton.index(r"\cdot")
        raise Exception("I expected something else here\n" + skeleton + "\n" + "~" * column + "^")

    monkeypatch.setattr(skeleton_module, "_latex2sympy", broken)
    text = r"a  \;\; \cdot b"
    assert_error(text, "cannot parse the expression here", text.index(r"\cdot"))


def test_latex2sympy2_returning_foreign_symbols_is_an_input_error(monkeypatch):
    monkeypatch.setattr(skeleton_module, "_latex2sympy", lambda skeleton: Symbol("dx"))
    assert_error(r"a \cdot b", "cannot parse the expression here", 0)
    monkeypatch.setattr(skeleton_module, "_latex2sympy", lambda skeleton: Function("f")(Symbol("a")))
    assert_error(r"a \cdot b", "cannot parse the expression here", 0)


def test_non_string_input():
    with pytest.raises(SymnnInputError):
        parse_latex(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- security


def test_injection_executes_nothing(tmp_path):
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    payloads = [
        f"__import__('os').system('touch {marker}')",
        "__import__('os').system('touch /tmp/x')",
        f"\\mathrm{{__import__('os').system('touch {marker}')}}(x)",
        f"x + \\variable{{__import__('os').system('touch {marker}')}}",
        f"\\sigma(__import__('os').system('touch {marker}'))",
        f"exec(\"open('{marker}', 'w')\")",
        f"eval(compile('open(\"{marker}\", \"w\")', 's', 'exec'))",
    ]
    existed = os.path.exists("/tmp/x")
    for payload in payloads:
        with pytest.raises(SymnnInputError):
            parse_latex(payload)
        with pytest.raises(SymnnInputError):
            parse_relation(payload + " > 0")
    assert not marker.exists()
    assert os.path.exists("/tmp/x") == existed


def test_source_never_evaluates_text():
    source = "".join(path.read_text() for path in Path(parser_module.__file__).parent.glob("*.py"))
    for forbidden in ("eval(", "exec(", "sympify(", "parse_expr(", "S("):
        assert forbidden not in source, forbidden


def test_user_cannot_forge_a_placeholder():
    # The skeleton handed to latex2sympy2 uses letters as placeholders; the user's own letters
    # (the same ones) never reach it raw, so they still come back as the user's symbols.
    c = R("c")
    assert parse_latex(r"a \cdot b / c + \ln a") == a * b / c + log(a)
    # (a is the summation index: an integer; b a lower bound, c an upper bound)
    assert parse_latex(r"\sum_{a=b}^{c} a") == Sum(Ix("a"), (Ix("a"), Ix("b"), N("c")))
    # and a placeholder written out by hand is just an unknown macro
    assert_error(r"\mathit{symnnslotx0} + 1", r"unknown macro \mathit", 0)


@settings(derandomize=True, database=None, max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["x", "y", "e", "2", ".", "+", "-", "*", "/", "^", "_", "'", "(", ")", "{", "}", "[",
             "]", "|", ",", "=", "<", r"\sigma", r"\frac", r"\sqrt", r"\ln", r"\log", r"\sum",
             r"\cdot", r"\left(", r"\right)", r"\hat", r"\beta", r"\mathrm{ReLU}", r"\mathbb{I}",
             r"\tanh", r"\exp", r"\max", " ", r"\,", r"\foo", "σ"]
        ),
        max_size=14,
    )
)
def test_fuzz_never_raises_anything_but_input_errors(pieces):
    text = "".join(pieces)
    try:
        value = parse_latex(text)
    except SymnnInputError as err:
        assert err.position is None or 0 <= err.position <= len(text)
    else:
        assert isinstance(value, sympy.Expr)


@settings(derandomize=True, database=None, max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["X", "W", "Y", "A", "I", "y", "k", "j", "2", "+", "-", "^T", "^{-1}", "^2", "_k", "_{jk}",
             "(", ")", "{", "}", "|", r"\|", r"\odot", r"\cdot", "/", r"\sum_k", r"\sum_{k=1}^{C}",
             r"\delta", r"\hat{y}", r"\mathrm{softmax}(eta)", r"\mathrm{tr}", r"\det", r"\log",
             r"\mathbb{I}", r"\lambda", r"\sigma", r"rac", r"	op", ",", "=", " "]
        ),
        max_size=12,
    )
)
def test_fuzz_index_and_matrix_notation(pieces):
    text = "".join(pieces)
    for matrices in (None, {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1), "A": ("d", "d")}):
        try:
            value = parse_latex(text, matrices=matrices)
        except SymnnInputError as err:
            assert err.position is None or 0 <= err.position <= len(text)
            assert "cannot parse the expression (" not in err.problem, err.problem  # no internal error
        else:
            assert isinstance(value, sympy.Expr)
            if not matrices:
                assert not value.atoms(MatrixSymbol)


# --------------------------------------------------------------------------- CLI helpers


def test_parse_relation_kinds():
    assert parse_relation("x > 0") == sympy.StrictGreaterThan(x, 0)
    assert parse_relation(r"x \neq 0") == Ne(x, 0)
    assert parse_relation(r"x \ne 0") == Ne(x, 0)
    assert parse_relation(r"x \geq 1") == sympy.GreaterThan(x, 1)
    assert parse_relation(r"x \leq 1") == sympy.LessThan(x, 1)
    assert parse_relation("a < b") == sympy.StrictLessThan(a, b)
    assert parse_relation("a = b") == Eq(a, b)
    # kept as written: not evaluated to True
    assert isinstance(parse_relation("x = x"), Eq)
    assert parse_relation(r"\sum_{k=1}^{C} y_k = 1") == Eq(Sum(B("y")[k], (k, 1, C)), 1)
    p = R("p")
    assert parse_relation(r"0 < p < 1") == And(sympy.StrictLessThan(0, p), sympy.StrictLessThan(p, 1))


def test_parse_relation_errors():
    assert_error("x", "expected a relation", None, parse_relation)
    assert_error("> 0", "empty left side of >", 0, parse_relation)
    assert_error("x >", "empty right side of >", 2, parse_relation)
    assert_error("x := 1", ":= cannot appear in a constraint", 2, parse_relation)
    assert_error(r"\mathbb{I}(x > 0) = 1 +", "missing operand after +", 22, parse_relation)


def test_parse_equation_chain():
    assert parse_equation_chain("a = b = c") == [a, b, R("c")]
    assert parse_equation_chain(r"\sigma'(x) = \sigma(x)(1-\sigma(x))") == [
        sigmoid(x) * (1 - sigmoid(x)),
        sigmoid(x) * (1 - sigmoid(x)),
    ]
    assert_error("a", "at least two sides", None, parse_equation_chain)
    assert_error("a = ", "empty right side of =", 2, parse_equation_chain)
    assert_error("a = = b", "empty left side of =", 4, parse_equation_chain)
    assert_error("a < b", "< cannot appear in an equation", 2, parse_equation_chain)


def test_parse_definition():
    name, value = parse_definition(r"\hat{y} = \frac{1}{1+e^{-z}}")
    assert name == R("yhat") and name.is_real
    assert value == 1 / (1 + exp(-z))
    assert parse_definition(r"z_j := w_j x + b") == (B("z")[j], B("w")[j] * x + b)
    assert parse_definition(r"\sigma = 2") == (R("sigma"), 2)


@pytest.mark.parametrize(
    "text, problem, position",
    [
        ("f(x+1) = 1", "the parameters of a defined function are single letters", 2),
        ("f x = 1", "unexpected text after the defined symbol", 2),
        ("x + y = 1", "unexpected text after the defined symbol", 2),
        ("2 = x", "expected a defined symbol", 0),
        ("e = 1", "e is a constant, not a defined symbol", 0),
        ("x^2 = 1", "unexpected text after the defined symbol", 1),
        ("x", "a definition needs the form NAME = expression", None),
        ("x > 1", "a definition needs = (not >)", 2),
        ("x = 1 = 2", "a definition has exactly one =", 6),
        ("x = ", "empty right side of =", 2),
        (" = 1", "missing defined symbol", 1),
    ],
)
def test_parse_definition_errors(text, problem, position):
    assert_error(text, problem, position, parse_definition)


@pytest.mark.parametrize(
    "text, expected",
    [("x", R("x")), ("w", R("w")), (r"\beta_j", B("beta")[j]), (r"\hat{y}_j", B("yhat")[j]),
     (r" w_{hj} ", B("w")[h, j]), (r"{\hat{y}}_{j}", B("yhat")[j]), (r"\delta_j", B("delta")[j])],
)
def test_parse_symbol(text, expected):
    value = parse_symbol(text)
    assert value == expected
    assert all(index.is_integer for index in getattr(value, "indices", ()))


@pytest.mark.parametrize(
    "text, problem, position",
    [
        ("x + y", "unexpected text after the variable", 2),
        ("2", "expected a variable", 0),
        ("e", "e is a constant, not a variable", 0),
        (r"\pi", r"\pi is a constant, not a variable", 0),
        ("x^2", "unexpected text after the variable", 1),
        ("(x)", "expected a variable", 0),
        (r"\sigma(x)", "unexpected text after the variable", 6),
        ("xy", "unexpected text after the variable", 1),
        ("", "empty expression", 0),
        (r"\foo", r"unknown macro \foo", 0),
        (r"\delta_{ij}", r"\delta_{ij} is a Kronecker delta, not a variable", 0),
    ],
)
def test_parse_symbol_errors(text, problem, position):
    assert_error(text, problem, position, parse_symbol)


# --------------------------------------------------------------------------- printer round trips (index notation)


@pytest.mark.parametrize(
    "expr",
    [
        B("yhat")[j] - B("y")[j],
        B("w")[h, j],
        B("w")[1, 2],
        B("w")[12, 3],
        B("x")[10],
        B("h")[k - 1],
        KroneckerDelta(i, k),
        B("delta")[j],
        Sum(B("y")[k] * log(B("yhat")[k]), (k, 1, C)),
        B("yhat")[j] * (KroneckerDelta(j, k) - B("yhat")[k]),
    ],
    ids=str,
)
def test_reads_back_the_printed_index_notation(expr):
    printer = pytest.importorskip("symnn.latex.printer")
    assert parse_latex(printer.latex(expr)) == expr, printer.latex(expr)
    assert parse_latex(sympy.latex(expr)) == expr, sympy.latex(expr)


def test_reads_back_the_printed_indexed_vocabulary():
    printer = pytest.importorskip("symnn.latex.printer")
    vocabulary = pytest.importorskip("symnn.indexed")
    beta, y_, yhat, P, Q = B("beta"), B("y"), B("yhat"), B("P"), B("Q")
    for expr in (
        vocabulary.softmax(beta, j, C),
        vocabulary.logsumexp(beta, C),
        vocabulary.cross_entropy(y_, yhat, C),
        vocabulary.kl_divergence(P, Q, C),
        vocabulary.entropy(P, C),
    ):
        assert parse_latex(printer.latex(expr)) == expr, printer.latex(expr)
    # log_softmax prints as \log\operatorname{softmax}(\beta)_{j}, which reads as the log of the
    # softmax (equal, not the same tree)
    expr = vocabulary.log_softmax(beta, j, C)
    assert parse_latex(printer.latex(expr)) in (expr, log(vocabulary.softmax(beta, j, C)))


def test_entropy_written_with_a_plain_H():
    vocabulary = pytest.importorskip("symnn.indexed")
    assert parse_latex("H(P)") == vocabulary.entropy(B("P"), C)
    assert parse_latex(r"H(y, \hat{y})") == vocabulary.cross_entropy(B("y"), B("yhat"), C)
    assert parse_latex("H(x + 1)") == R("H") * (x + 1)  # not a vector name: a product
    assert parse_latex("H(y_k)") == R("H") * B("y")[k]


# --------------------------------------------------------------------------- matrices (issue 4)

n, d = N("n"), N("d")
SHAPES = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1), "A": ("d", "d"), r"\Sigma": ("d", "d"),
          "v": ("d", 1), "r": (1, "d"), "B": (3, 3)}
X, W, Y, A = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1), MatrixSymbol("A", d, d)
Sigma, vv, rr = MatrixSymbol("Sigma", d, d), MatrixSymbol("v", d, 1), MatrixSymbol("r", 1, d)
lam = R("lambda")


def pm(text: str, **kwargs):
    return parse_latex(text, matrices=SHAPES, **kwargs)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("X", X),
        (r"\Sigma", Sigma),
        ("XW", MatMul(X, W)),
        ("X W - Y", MatAdd(MatMul(X, W), -Y)),
        (r"X \cdot W", MatMul(X, W)),
        ("2X", MatMul(2, X)),
        (r"\lambda W", MatMul(lam, W)),
        (r"\frac{X}{n}", MatMul(1 / n, X)),
        ("X / 2", MatMul(Rational(1, 2), X)),
        ("A^T", Transpose(A)),
        ("A^{T}", Transpose(A)),
        (r"A^\top", Transpose(A)),
        (r"A^{\top}", Transpose(A)),
        (r"A^{\mathsf{T}}", Transpose(A)),
        (r"A^{\mathrm{T}}", Transpose(A)),
        (r"A^\intercal", Transpose(A)),
        ("(XW - Y)^T", Transpose(MatAdd(MatMul(X, W), -Y))),
        ("A^{-1}", Inverse(A)),
        ("A^{-T}", Inverse(Transpose(A))),
        (r"A^{-\top}", Inverse(Transpose(A))),
        ("A^2", MatPow(A, 2)),
        ("A^1", A),
        (r"W \odot W", HadamardProduct(W, W)),
        (r"X W \odot Y", HadamardProduct(MatMul(X, W), Y)),
        (r"\|v\|_2^2", MatMul(Transpose(vv), vv)),
        (r"\|v\|^2", MatMul(Transpose(vv), vv)),
        (r"\|v\|^2_2", MatMul(Transpose(vv), vv)),
        (r"\left\| v \right\|_{2}^{2}", MatMul(Transpose(vv), vv)),
        (r"\lVert v \rVert^2", MatMul(Transpose(vv), vv)),
        (r"\|r\|^2", MatMul(rr, Transpose(rr))),
        (r"\|X\|_F^2", Trace(MatMul(Transpose(X), X))),
        (r"\|X\|^2", Trace(MatMul(Transpose(X), X))),
        (r"\|XW - Y\|_2^2", MatMul(Transpose(MatAdd(MatMul(X, W), -Y)), MatAdd(MatMul(X, W), -Y))),
        (r"\mathrm{tr}(A)", Trace(A)),
        (r"\operatorname{tr}(X^T X)", Trace(MatMul(Transpose(X), X))),
        (r"\operatorname{Tr}(\Sigma)", Trace(Sigma)),
        (r"\det(A)", Determinant(A)),
        (r"\det A", Determinant(A)),
        (r"|A|", Determinant(A)),
        (r"\left|A\right|", Determinant(A)),
        (r"\log\det(A)", log(Determinant(A))),
        (r"\log |\Sigma|", log(Determinant(Sigma))),
        (r"X^T X + \lambda I", MatAdd(MatMul(Transpose(X), X), MatMul(lam, Identity(d)))),
        (r"\lambda I + X^T X", MatAdd(MatMul(lam, Identity(d)), MatMul(Transpose(X), X))),
        (r"X^T X + \lambda \mathbb{I}", MatAdd(MatMul(Transpose(X), X), MatMul(lam, Identity(d)))),
        ("I - A", MatAdd(Identity(d), -A)),
        ("X I", X),  # MatMul drops an identity factor
        ("I X", X),
        ("X I W", MatMul(X, W)),
        ("I_d + A", MatAdd(Identity(d), A)),
        ("I_3 - B", MatAdd(Identity(3), -MatrixSymbol("B", 3, 3))),
        (r"(X^T X + \lambda I)^{-1} X^T Y",
         MatMul(Inverse(MatAdd(MatMul(Transpose(X), X), MatMul(lam, Identity(d)))), Transpose(X), Y)),
        (r"\sigma(W^T v)", sigmoid(MatrixElement(MatMul(Transpose(W), vv), 0, 0))),
        (r"\|v\|^2 + 1", MatAdd(MatMul(Transpose(vv), vv), MatMul(1, Identity(1)))),
    ],
)
def test_matrix_notation(text, expected):
    value = pm(text)
    assert value == expected, value


def test_ridge_objective_is_a_1x1_matrix_expression():
    value = pm(r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W")
    assert isinstance(value, MatrixExpr) and value.shape == (1, 1)
    residual = MatAdd(MatMul(X, W), -Y)
    assert value == MatAdd(
        MatMul(1 / (2 * n), Transpose(residual), residual), MatMul(lam / 2, Transpose(W), W)
    )
    # the n of 1/(2n) is the size n of X: one letter, one symbol
    assert R("n") not in value.free_symbols and n in value.free_symbols
    assert value.atoms(MatrixSymbol) == {X, W, Y}


def test_matrix_declarations_are_flexible():
    k3 = {"X": (3, 2), "W": ("2", sympy.Integer(1))}
    assert parse_latex("XW", matrices=k3).shape == (3, 1)
    assert parse_latex("XW", matrices={"X": (n, d), "W": (d, 1)}).shape == (n, 1)
    assert parse_latex("X", matrices={"X": (Symbol("n"), "d")}).shape == (n, d)  # made a count
    assert parse_latex(r"\hat{Y}", matrices={r"\hat{Y}": ("n", 1)}) == MatrixSymbol("Yhat", n, 1)
    assert parse_latex("W_1 x", matrices={"W_1": ("h", "d"), "x": ("d", 1)}).shape == (N("h"), 1)
    assert parse_symbol("W", matrices=SHAPES) == W
    assert parse_symbol("x", matrices=SHAPES) == x
    name, value = parse_definition("Z = XW", matrices={"Z": ("n", 1), **SHAPES})
    assert name == MatrixSymbol("Z", n, 1) and value == MatMul(X, W)
    chain = parse_equation_chain("(XW)^T = W^T X^T", matrices=SHAPES)
    assert chain == [Transpose(MatMul(X, W)), MatMul(Transpose(W), Transpose(X))]
    # without declarations, the same letters are scalars
    assert parse_latex("XW") == R("X") * R("W")
    assert parse_latex("I") == R("I")


@pytest.mark.parametrize(
    "matrices, problem",
    [
        ({"X": ("n",)}, "must be (rows, cols)"),
        ({"X": "nd"}, "must be (rows, cols)"),
        ({"X": (0, 1)}, "a matrix size must be a positive whole number"),
        ({"X": ("2d", 1)}, "a matrix size must be a positive whole number"),
        ({"X": (True, 1)}, "a matrix size must be a positive whole number"),
        ({"X": (Symbol("n", negative=True), 1)}, "cannot be a positive integer"),
        ({"x y": (1, 1)}, "unexpected text after the matrix name"),
        ({"": (1, 1)}, "a matrix name must be a non-empty string"),
        (["X"], "matrices must map each name to its shape"),
    ],
)
def test_bad_matrix_declarations(matrices, problem):
    with pytest.raises(SymnnInputError) as info:
        parse_latex("X", matrices=matrices)
    assert problem in info.value.problem


@pytest.mark.parametrize(
    "text, problem, position",
    [
        ("XY", "cannot multiply X (n×d) by Y (n×1): inner sizes d and n differ", 1),
        ("X^T X Y", "cannot multiply X^T X (d×d) by Y (n×1): inner sizes d and n differ", 6),
        (r"X \cdot X", "cannot multiply X (n×d) by X (n×d): inner sizes d and n differ", 8),
        ("(XW - Y) X", "cannot multiply (XW - Y) (n×1) by X (n×d): inner sizes 1 and n differ", 9),
        ("X + Y", "cannot add X (n×d) and Y (n×1): shapes differ", 2),
        ("XW - W", "cannot add XW (n×1) and W (d×1): shapes differ", 3),
        ("X + 1", "cannot add the scalar 1 to the n×d matrix X", 2),
        (r"W \odot Y", "cannot multiply W (d×1) elementwise by Y (n×1): shapes differ", 8),
        (r"W \odot 2", r"the Hadamard product \odot needs matrices on both sides", 8),
        ("X^{-1}", "an inverse needs a square matrix, but X is n×d", 2),
        ("X^2", "a matrix power needs a square matrix, but X is n×d", 2),
        ("A^{1/2}", "a matrix power needs a nonzero whole-number exponent", 2),
        (r"\mathrm{tr}(X)", r"\mathrm{tr} needs a square matrix, but X is n×d", 0),
        (r"\det(x)", r"\det needs a declared square matrix (--matrix NAME:ROWS,COLS), not x", 0),
        (r"\det", r"\det needs its argument in parentheses", 0),
        ("|X|", "a determinant |A| needs a square matrix, but |X| is n×d", 0),
        (r"\lambda I", "cannot infer the size of the identity matrix I", 8),
        (r"X + I", "the identity matrix I is square, but it is added to X (n×d)", 4),
        (r"\mathrm{MSE}(X, X)", r"\mathrm{MSE} of a vector or matrix is not defined entrywise", 12),
        ("2^{X}", "an exponent must be a scalar, not a n×d matrix", 2),
        (r"\frac{1}{X}", r"the denominator of \frac must be a scalar", 0),
        ("W / X", "the divisor X must be a scalar", 4),
        ("x^T", "transpose of an undeclared matrix x: declare it with --matrix x:ROWS,COLS", 2),
        (r"(a + b)^\top", "transpose of the scalar (a + b)", 8),
        (r"\|A\|_2^2", r"the 2-norm of the d×d matrix \|A\| (its spectral norm) is not supported", 0),
        (r"\sum_k X", r"\sum of matrices is not supported yet", 0),
        (r"\ln x X", "a function written without parentheses cannot be used in a matrix product", 0),
        ("X_{ij}", "entries of the declared matrix X (subscripts on it) are not supported yet", 2),
        (r"\mathrm{softmax}(X)_j", r"takes a vector of the index notation, not the matrix X", 17),
    ],
)
def test_matrix_errors(text, problem, position):
    err = error_of(lambda s: pm(s), text)
    assert problem in err.problem, err.problem
    if position is not None:
        assert err.position == position, (str(err), position)


def test_reads_back_the_printed_matrix_notation():
    printer = pytest.importorskip("symnn.latex.printer")
    for text in (r"X^T X", r"(X^T X + \lambda I)^{-1}", r"\frac{1}{2n}(XW - Y)^T (XW - Y)",
                 r"W \odot W", r"\mathrm{tr}(A)", r"\det(A)", r"\log\det(A)", r"A^{-T}",
                 r"(X^T X + \lambda I)^{-1} X^T Y"):
        value = pm(text)
        printed = printer.latex(value)
        again = pm(printed)
        assert again == value or again.doit() == value.doit(), (text, printed, again)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("X:n,d", ("X", (n, d))),
        ("X: n , d", ("X", (n, d))),
        ("W:d,1", ("W", (d, 1))),
        ("B:3,3", ("B", (3, 3))),
        (r"\Sigma:d,d", ("Sigma", (d, d))),
        (r"\hat{Y}:n,1", ("Yhat", (n, 1))),
        ("W_1:h,d", ("W_1", (N("h"), d))),
    ],
)
def test_parse_matrix_declaration(text, expected):
    name, shape = parse_matrix_declaration(text)
    assert (name, shape) == expected
    assert all(size.is_integer and size.is_positive for size in shape)
    # the declaration feeds the parse functions as is
    assert parse_latex(text.split(":")[0], matrices=dict([(name, shape)])) == MatrixSymbol(name, *shape)


@pytest.mark.parametrize(
    "text, problem, position",
    [
        ("X", "missing ':'", None),
        ("X:n", "expected two sizes after ':'", 2),
        ("X:n,", "expected two sizes after ':'", 2),
        ("X:n,d,e", "expected two sizes after ':'", 2),
        (":n,d", "missing name", 0),
        ("X:0,d", "a matrix size must be a positive whole number", 2),
        ("X:n, 2d", "a matrix size must be a positive whole number", 5),
        ("X Y:n,d", "unexpected text after the matrix name", 2),
        (r"\foo:n,d", r"unknown macro \foo", 0),
    ],
)
def test_parse_matrix_declaration_errors(text, problem, position):
    err = error_of(parse_matrix_declaration, text)
    assert problem in err.problem, err.problem
    assert err.position == position, (str(err), position)
