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
    Abs, And, E, Eq, Function, Integer, Max, Min, Ne, Rational, Sum, Symbol, exp, log, pi, sqrt,
    tanh,
)

import symnn.latex.parser as parser_module
from symnn.errors import SymnnInputError
from symnn.latex.parser import (
    canonical_symbol,
    parse_definition,
    parse_equation_chain,
    parse_latex,
    parse_relation,
    parse_symbol,
)
from symnn.vocabulary import binary_cross_entropy, indicator, mse, relu, sigmoid, softplus


def R(name: str) -> Symbol:
    """A canonical (real) symbol."""
    return Symbol(name, real=True)


x, y, z, u, v, w, b, a, C, k = (R(n) for n in "x y z u v w b a C k".split())


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
        (r"\max(0, x)", Max(0, x)),
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
        (r"x^2_1", R("x_1") ** 2),
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
    assert parse_latex(r"\sigma_j") == R("sigma_j")
    assert parse_latex(r"\sigma x") == R("sigma") * x


def test_interface_examples():
    assert parse_latex(r"\sigma(x)(1-\sigma(x))") == sigmoid(x) * (1 - sigmoid(x))
    yhat_j, y_j = R("yhat_j"), R("y_j")
    assert parse_latex(r"\hat{y}_j - y_j") == yhat_j - y_j
    beta_j, beta_m, m = R("beta_j"), R("beta_m"), R("m")
    name, value = parse_definition(r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}")
    assert name == yhat_j
    assert value == exp(beta_j) / Sum(exp(beta_m), (m, 1, C))


def test_sum_with_symbolic_bound():
    value = parse_latex(r"-\sum_{k=1}^{C} y_k \log \hat{y}_k")
    assert value == -Sum(R("y_k") * log(R("yhat_k")), (k, 1, C))
    (summation,) = value.atoms(Sum)
    index, lower, upper = summation.limits[0]
    assert index == k and index.is_real and upper == C
    assert parse_latex(r"\sum_{k=1}^{C} y_k + 1") == Sum(R("y_k"), (k, 1, C)) + 1
    assert parse_latex(r"\log \sum_{m=1}^{C} e^{\beta_m}") == log(
        Sum(exp(R("beta_m")), (R("m"), 1, C))
    )


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
        ("y_k", "y_k"),
        (r"w_{hj}", "w_hj"),
        (r"\beta_{1}", "beta_1"),
        (r"\beta_j", "beta_j"),
        (r"\hat{y}_j", "yhat_j"),
        (r"\hat{y_j}", "yhat_j"),
        (r"\hat{\beta}_j", "betahat_j"),
        ("x_{10}", "x_10"),
        ("w_{1,2}", "w_1,2"),
        (r"x_{\alpha}", "x_alpha"),
        ("e_1", "e_1"),
        (r"\pi_k", "pi_k"),
        ("I", "I"),  # latex2sympy2: the imaginary unit
        ("E", "E"),  # latex2sympy2: a syntax error (exponent notation)
        ("i", "i"),  # latex2sympy2 presets i = j = I for its own latex2latex
        ("j", "j"),
        ("d", "d"),
    ],
)
def test_canonical_symbol_names(text, name):
    value = parse_latex(text)
    assert value == Symbol(name, real=True)
    assert value.is_real
    assert canonical_symbol(name) == value


def test_subscript_without_braces_takes_one_character_as_in_tex():
    assert parse_latex("x_12") == R("x_1") * 2


def test_distinct_symbols_stay_distinct():
    value = parse_latex(r"\hat{y} - y + \bar{y}")
    assert value.free_symbols == {R("yhat"), R("y"), R("ybar")}


def test_round_trip_through_sympy_latex():
    assert sympy.latex(parse_latex(r"\hat{y}_j")) == r"\hat{y}_{j}"
    printed = sympy.latex(parse_latex(r"\hat{y}_j - y_j"))
    assert printed in (r"\hat{y}_{j} - y_{j}", r"- y_{j} + \hat{y}_{j}")
    assert sympy.latex(parse_latex(r"w_{hj}")) == r"w_{hj}"
    assert sympy.latex(parse_latex(r"w_{1,2}")) == r"w_{1,2}"
    assert sympy.latex(parse_latex(r"\beta_{1}")) == r"\beta_{1}"
    assert sympy.latex(parse_latex(r"x_{10}")) == r"x_{10}"


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
    R("yhat_j") - R("y_j"),
    sqrt(x),
    x ** Rational(1, 3),
    Sum(R("y_k"), (k, 1, C)),
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
     (r"y_k(x)", R("y_k") * x), (r"(a)(b)", a * b)],
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
        (r"X^\top", r"transpose ^\top is not supported yet", 2),
        (r"x^{T}", "transpose ^T is not supported yet", 3),  # latex2sympy2 drops the T
        (r"x^T", "transpose ^T is not supported yet", 2),
        (r"x^{\mathrm{T}}", "transpose", 3),
        (r"a \odot b", r"the Hadamard product \odot is not supported yet", 2),
        (r"\|v\|_2^2", "norms", 0),
        (r"\mathrm{softmax}(\beta)_j", r"\mathrm{softmax} is not supported yet", 0),
        (r"(a+b)_j", "a subscript after a group or function call is not supported yet", 5),
        (r"\sigma(x)_j", "a subscript after a group or function call is not supported yet", 9),
        (r"W^{(1)}", "layer superscripts", 3),
        (r"\frac{dy}{dx}", "derivative notation", 0),
        (r"\frac{\partial L}{\partial w}", "derivative notation \\partial", 6),
        (r"\mathbb{I}", r"the identity \mathbb{I}", 0),
        (r"x_{i+1}", "+ in a subscript is not supported yet", 4),
        (r"\sum_k y_k", r"\sum needs its bounds", 0),
    ],
)
def test_not_supported_yet_is_a_clear_error(text, problem, position):
    assert_error(text, problem, position)


def test_layer_superscript_only_on_symbols():
    assert parse_latex(r"e^{(x)}") == exp(x)
    assert parse_latex(r"(a+b)^{(2)}") == (a + b) ** 2
    assert_error(r"a^{(l)}", "layer superscripts", 3)


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
    parser_module._latex2sympy.cache_clear()
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
        ("σ(x)", "unexpected character 'σ'", 0),
        ("x − y", "unexpected character '−'", 2),
        ("x \\", "lone backslash", 2),
        (r"\sigma(a, b)", r"\sigma takes 1 argument, got 2", 6),
        (r"\mathrm{MSE}(a)", r"\mathrm{MSE} takes 2 arguments, got 1", 12),
        (r"\mathbb{I}(x)", "the indicator needs a comparison", 10),
        (r"\mathbb{I}(x = 1)", "the indicator needs an inequality", 13),
        (r"\tanh^{-1}(x)", "inverse-function notation", 5),
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

    monkeypatch.setattr(parser_module, "_latex2sympy", slow)
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

    monkeypatch.setattr(parser_module, "_latex2sympy", broken)
    err = error_of(parse_latex, r"a   \cdot b")
    assert problem in err.problem
    assert err.position is not None


def test_latex2sympy2_caret_is_mapped_to_the_original_position(monkeypatch):
    def broken(skeleton):
        column = skeleton.index(r"\cdot")
        raise Exception("I expected something else here\n" + skeleton + "\n" + "~" * column + "^")

    monkeypatch.setattr(parser_module, "_latex2sympy", broken)
    text = r"a  \;\; \cdot b"
    assert_error(text, "cannot parse the expression here", text.index(r"\cdot"))


def test_latex2sympy2_returning_foreign_symbols_is_an_input_error(monkeypatch):
    monkeypatch.setattr(parser_module, "_latex2sympy", lambda skeleton: Symbol("dx"))
    assert_error(r"a \cdot b", "cannot parse the expression here", 0)
    monkeypatch.setattr(parser_module, "_latex2sympy", lambda skeleton: Function("f")(Symbol("a")))
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
    source = Path(parser_module.__file__).read_text()
    for forbidden in ("eval(", "exec(", "sympify(", "parse_expr(", "S("):
        assert forbidden not in source, forbidden


def test_user_cannot_forge_a_placeholder():
    # The skeleton handed to latex2sympy2 uses letters as placeholders; the user's own letters
    # (the same ones) never reach it raw, so they still come back as the user's symbols.
    c = R("c")
    assert parse_latex(r"a \cdot b / c + \ln a") == a * b / c + log(a)
    assert parse_latex(r"\sum_{a=b}^{c} a") == Sum(a, (a, b, c))
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
    assert parse_relation(r"\sum_{k=1}^{C} y_k = 1") == Eq(Sum(R("y_k"), (k, 1, C)), 1)
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
    assert parse_definition(r"z_j := w_j x + b") == (R("z_j"), R("w_j") * x + b)
    assert parse_definition(r"\sigma = 2") == (R("sigma"), 2)


@pytest.mark.parametrize(
    "text, problem, position",
    [
        ("f(x) = 1", "unexpected text after the defined symbol", 1),
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
    "text, name",
    [("x", "x"), (r"\beta_j", "beta_j"), ("w", "w"), (r"\hat{y}_j", "yhat_j"), (r" w_{hj} ", "w_hj")],
)
def test_parse_symbol(text, name):
    value = parse_symbol(text)
    assert value == Symbol(name, real=True)


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
    ],
)
def test_parse_symbol_errors(text, problem, position):
    assert_error(text, problem, position, parse_symbol)
