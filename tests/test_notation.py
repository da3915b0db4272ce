"""Notation as sources write it: each input is parsed and compared *structurally* with the
expression it means (SymPy equality of trees, never printed text).

The inputs are copied from (or written the way of) Nielsen's backpropagation chapter, CS229 and
CS231n notes, d2l.ai, and the seeds (../shared/seeds), in scalar, indexed and matrix context.
"""

from __future__ import annotations

import pytest
import sympy
from sympy import (
    Abs, Derivative, E, Eq, Function, GreaterThan, Identity, IndexedBase, KroneckerDelta, MatrixSymbol,
    Max, Rational, Sum, Symbol, Trace, atanh, erf, exp, factorial, log, sign, sqrt, tanh,
)
from sympy.matrices.expressions import HadamardPower, HadamardProduct, MatAdd, MatMul, OneMatrix
from sympy.matrices.expressions.matexpr import MatrixElement

from symnn.elementwise import ENTRY, Diag, Entrywise
from symnn.errors import SymnnInputError
from symnn.latex.notation import FUNCTIONS
from symnn.latex.parser import parse_latex, parse_matrix_declaration, parse_relation
from symnn.operators import GradientOf
from symnn.structured import StructuredMatrix
from symnn.vocabulary import (
    elu, gelu, indicator, leaky_relu, logit, relu, sigmoid, silu, softplus,
)


def R(name):
    return Symbol(name, real=True)


def B(name):
    return IndexedBase(name, real=True)


def Ix(name):
    return Symbol(name, integer=True)


def N(name):
    return Symbol(name, integer=True, positive=True)


x, y, z, w, b, p, t, L, alpha, theta = (R(s) for s in ("x", "y", "z", "w", "b", "p", "t", "L", "alpha", "theta"))
j, k, i = Ix("j"), Ix("k"), Ix("i")
n, m, Nn = N("n"), N("m"), N("N")

#: The declarations of the matrix rows: column vectors x, w, z, b, θ, δ; W maps n to m; X has N rows.
SHAPES = {
    "x": ("n", 1), "w": ("n", 1), "theta": ("n", 1), "W": ("m", "n"), "z": ("m", 1), "b": ("m", 1),
    r"\delta": ("m", 1), "X": ("N", "n"), "y": ("N", 1), "A": ("n", "n"),
    r"W^{(\ell+1)}": ("m", "m"), r"z^{(\ell)}": ("m", 1), r"\delta^{(\ell+1)}": ("m", 1),
    r"a^{(l-1)}": ("n", 1), r"W^{(l)}": ("m", "n"), r"b^{(l)}": ("m", 1),
}
xv, wv, thv = MatrixSymbol("x", n, 1), MatrixSymbol("w", n, 1), MatrixSymbol("theta", n, 1)
Wm, zv, bv, dv = MatrixSymbol("W", m, n), MatrixSymbol("z", m, 1), MatrixSymbol("b", m, 1), MatrixSymbol("delta", m, 1)
Xm, yv, Am = MatrixSymbol("X", Nn, n), MatrixSymbol("y", Nn, 1), MatrixSymbol("A", n, n)
Wl1, zl, dl1 = (MatrixSymbol(r"W^{(\ell+1)}", m, m), MatrixSymbol(r"z^{(\ell)}", m, 1),
                MatrixSymbol(r"delta^{(\ell+1)}", m, 1))
al, Wl, bl = MatrixSymbol(r"a^{(l-1)}", n, 1), MatrixSymbol(r"W^{(l)}", m, n), MatrixSymbol(r"b^{(l)}", m, 1)


def E1(f, arg, order=0):
    """f applied entrywise."""
    return Entrywise(f, arg, order)


def entry(mat):
    return MatrixElement(mat, 0, 0)


SCALAR = [
    # σ as the sources write it (the issue's misreadings)
    ("issue", r"\sigma^2(x)", sigmoid(x) ** 2),
    ("issue", r"\sigma(x) - \sigma^2(x)", sigmoid(x) - sigmoid(x) ** 2),
    ("issue", r"\sigma^{-1}(p)", logit(p)),
    ("issue", r"\sigma(\sigma^{-1}(p))", p),
    ("issue", r"\tanh^2(x)", tanh(x) ** 2),
    ("issue", r"\tanh^{-1}(x)", atanh(x)),
    ("nielsen", r"\sigma'(z)", sigmoid(z) * (1 - sigmoid(z))),
    ("nielsen", r"\sigma^{(4)}(z)", sigmoid(z).diff(z, 4).expand()),
    ("d2l", r"\operatorname{sigmoid}(x) = \frac{1}{1+\exp(-x)}", None),
    ("d2l", r"\operatorname{sigmoid}(x)", sigmoid(x)),
    ("d2l", r"\operatorname{ReLU}(x) = \max(x, 0)", None),
    ("d2l", r"\max(x, 0)", relu(x)),
    ("cs231n", r"\max(0, x)", relu(x)),
    ("d2l", r"\max(x, 1)", Max(x, 1)),
    ("d2l", r"\tanh(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}", None),
    # layer labels are part of the name
    ("issue", r"\sigma(w^{[l]} x)", sigmoid(R("w^{(l)}") * x)),
    ("seed", r"W^{(l)}", R("W^{(l)}")),
    ("coursera", r"a^{[l]}", R("a^{(l)}")),
    ("seed", r"z^{(\ell+1)}", R(r"z^{(\ell+1)}")),
    ("nielsen", r"\delta^{\ell}", R(r"delta^{(\ell)}")),
    ("nielsen", r"\delta^L", R("delta^{(L)}")),
    ("nielsen", r"a^{l-1}", R("a^{(l-1)}")),
    ("cs229", r"x^{(i)}", R("x^{(i)}")),
    ("seed", r"(a^{(l)})^2", R("a^{(l)}") ** 2),
    ("scalar", r"x^2 + x^{n}", x ** 2 + x ** R("n")),
    # bold and arrows are decoration
    ("d2l", r"\mathbf{x}", x),
    ("d2l", r"\boldsymbol{\theta}", theta),
    ("physics", r"\vec{x}", x),
    ("bm", r"\bm{x}", x),
    ("d2l", r"\hat{\mathbf{y}}", R("yhat")),
    ("d2l", r"\mathbf{\hat{y}}", R("yhat")),
    # the wider vocabulary
    ("gelu paper", r"\mathrm{erf}(x)", erf(x)),
    ("gelu paper", r"\frac{x}{2}\left(1 + \mathrm{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
     x / 2 * (1 + erf(x / sqrt(2)))),
    ("d2l", r"\mathrm{GELU}(x)", gelu(x)),
    ("d2l", r"\operatorname{GELU}(x)", gelu(x)),
    ("d2l", r"\mathrm{SiLU}(x)", silu(x)),
    ("ramachandran", r"\mathrm{swish}(x)", silu(x)),
    ("clevert", r"\mathrm{ELU}(x)", elu(x, 1)),
    ("clevert", r"\mathrm{ELU}(x, \alpha)", elu(x, alpha)),
    ("maas", r"\mathrm{LeakyReLU}(x)", leaky_relu(x, Rational(1, 100))),
    ("maas", r"\mathrm{LeakyReLU}(x, 0.2)", leaky_relu(x, Rational(1, 5))),
    ("maas", r"\operatorname{LReLU}(x)", leaky_relu(x, Rational(1, 100))),
    ("notes", r"\mathrm{sign}(x)", sign(x)),
    ("notes", r"\operatorname{sgn}(x)", sign(x)),
    ("notes", r"\sgn(x)", sign(x)),
    ("seed", r"\mathrm{softplus}(x)", softplus(x)),
    ("notes", r"\mathrm{logit}(p)", logit(p)),
    ("cs231n", r"\mathbb{1}(x \geq 0)", indicator(x)),
    ("cs231n", r"\mathbb{1}(x >= 0)", indicator(x)),
    ("seed", r"\mathbb{I}(x > 0)", indicator(x)),
    ("notes", r"\|x\|", Abs(x)),
    ("notes", r"|x|", Abs(x)),
    ("notes", r"\langle x, y \rangle", x * y),
    ("poisson", r"\frac{\lambda^y e^{-\lambda}}{y!}", R("lambda") ** y * exp(-R("lambda")) / factorial(y)),
    ("notes", "3!", sympy.Integer(6)),
    # derivatives inside formulas
    ("issue", r"\frac{\partial}{\partial z}\sigma(z)", sigmoid(z) * (1 - sigmoid(z))),
    ("issue", r"\frac{d}{dx}\tanh(x)", 1 - tanh(x) ** 2),
    ("notes", r"\frac{\mathrm{d}}{\mathrm{d}x} x^3", 3 * x ** 2),
    ("notes", r"\frac{d^2}{dx^2} \sigma(x)", sigmoid(x).diff(x, 2)),
    ("notes", r"\frac{\partial^2 \sigma(x)}{\partial x^2}", sigmoid(x).diff(x, 2)),
    ("notes", r"\frac{\partial \sigma(wx+b)}{\partial w}", sigmoid(w * x + b).diff(w)),
    ("issue", r"\frac{\partial L}{\partial w}", Derivative(L, w)),
    ("notes", r"\frac{dy}{dx}", Derivative(y, x)),
    ("notes", r"\frac{\partial}{\partial z}\sigma(z) + 1", sigmoid(z) * (1 - sigmoid(z)) + 1),
    ("notes", r"2\frac{d}{dx} x^2", 4 * x),
    ("notes", r"\nabla_x x^2", 2 * x),
    ("notes", r"\partial_x \tanh(x)", 1 - tanh(x) ** 2),
    ("issue", r"f'(x)", Derivative(Function("f", real=True)(x), x)),
    ("notes", r"g''(t)", Derivative(Function("g", real=True)(t), (t, 2))),
    # Unicode pasted from PDFs
    ("unicode", "σ(x)", sigmoid(x)),
    ("unicode", "σ(x)(1 − σ(x))", sigmoid(x) * (1 - sigmoid(x))),
    ("unicode", "ŷ − y", R("yhat") - y),
    ("unicode", "y\u0302", R("yhat")),
    ("unicode", "x̄", R("xbar")),
    ("unicode", "α x²", alpha * x ** 2),
    ("unicode", "∂/∂z", None),
    ("unicode", "λ·x", R("lambda") * x),
    ("unicode", "ℓ", R("ell")),
    # spacing
    ("spacing", r"x \, y", x * y),
    ("spacing", r"x \; y \! z \quad w", x * y * z * w),
    ("spacing", r"\sigma\!\left(x\right)", sigmoid(x)),
]

INDEXED = [
    ("nielsen", r"w^{\ell}_{jk}", B(r"w^{(\ell)}")[j, k]),
    ("nielsen", r"w^l_{jk} a^{l-1}_k", B("w^{(l)}")[j, k] * B("a^{(l-1)}")[k]),
    ("nielsen", r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", None),
    ("nielsen", r"\sum_k w^l_{jk} a^{l-1}_k + b^l_j",
     Sum(B("w^{(l)}")[j, k] * B("a^{(l-1)}")[k], (k, 1, N("C"))) + B("b^{(l)}")[j]),
    ("nielsen", r"a^l_j = \sigma(z^l_j)", None),
    ("nielsen", r"\sigma(z^l_j)", sigmoid(B("z^{(l)}")[j])),
    ("nielsen", r"\delta^L_j", B("delta^{(L)}")[j]),
    ("seed", r"w_{jk}^{(\ell+1)}", B(r"w^{(\ell+1)}")[j, k]),
    ("seed", r"\delta_j^{(\ell)}", B(r"delta^{(\ell)}")[j]),
    ("seed", r"\delta_{jk}", KroneckerDelta(j, k)),
    ("d2l", r"\mathbf{x}_i", B("x")[i]),
    ("d2l", r"\hat{\mathbf{y}}_j", B("yhat")[j]),
    ("d2l", r"\boldsymbol{\beta}_j", B("beta")[j]),
    ("issue", r"\sigma^2(z_j)", sigmoid(B("z")[j]) ** 2),
    ("notes", r"\mathrm{GELU}(z_j)", gelu(B("z")[j])),
    ("notes", r"\max(0, z_j)", relu(B("z")[j])),
    ("notes", r"\mathbb{1}(z_j \geq 0)", indicator(B("z")[j])),
    ("notes", r"\frac{\partial}{\partial z_j}\sigma(z_j)", sigmoid(B("z")[j]) * (1 - sigmoid(B("z")[j]))),
    ("unicode", "∑_{k=1}^{C} y_k", Sum(B("y")[k], (k, 1, N("C")))),
    ("unicode", "ŷ_j − y_j", B("yhat")[j] - B("y")[j]),
    ("unicode", "σ(z_j)", sigmoid(B("z")[j])),
    ("cs229", r"\theta^T x^{(i)}", None),  # θ undeclared: a transpose of a scalar is an error (below)
]

MATRIX = [
    # functions of vectors act entrywise
    ("issue", r"\sigma(z)", E1(sigmoid, zv)),
    ("issue", r"\sigma'(z)", E1(sigmoid, zv, 1)),
    ("issue", r"g^T \sigma(z)", None),
    ("nielsen", r"(W^T \delta) \odot \sigma'(z)", None),
    ("nielsen", r"\tanh(W x + b)", E1(tanh, MatAdd(MatMul(Wm, xv), bv))),
    ("d2l", r"\mathrm{ReLU}(z)", E1(relu, zv)),
    ("cs231n", r"\mathbb{1}(z \geq 0) \odot \delta", HadamardProduct(E1(indicator, zv), dv)),
    ("notes", r"\mathbb{I}(z > 0)", E1(indicator, zv)),
    ("notes", r"\mathrm{ReLU}'(z)", E1(relu, zv, 1)),
    ("d2l", r"\max(0, z)", E1(relu, zv)),
    ("notes", r"\log(z)", E1(log, zv)),
    ("notes", r"\exp(z)", E1(exp, zv)),
    ("notes", r"e^{z}", E1(exp, zv)),
    ("notes", r"\mathrm{softplus}(z)", E1(softplus, zv)),
    ("notes", r"\mathrm{GELU}(z)", E1(gelu, zv)),
    ("notes", r"\sigma^2(z)", HadamardPower(E1(sigmoid, zv), 2)),
    ("notes", r"\sigma(z) \odot (\mathbf{1} - \sigma(z))", HadamardProduct(E1(sigmoid, zv), MatAdd(
        OneMatrix(m, 1), MatMul(-1, E1(sigmoid, zv))))),
    ("notes", r"\operatorname{diag}(\sigma'(z))", Diag(E1(sigmoid, zv, 1))),
    ("notes", r"\operatorname{diag}(\sigma'(z)) W x", MatMul(Diag(E1(sigmoid, zv, 1)), Wm, xv)),
    # layer labels and bold in matrix context
    ("seed", r"W^{(l)} a^{(l-1)} + b^{(l)}", MatAdd(MatMul(Wl, al), bl)),
    ("seed", r"(W^{(\ell+1)})^T \delta^{(\ell+1)} \odot \sigma'(z^{(\ell)})",
     HadamardProduct(MatMul(Wl1.T, dl1), E1(sigmoid, zl, 1))),
    ("seed", r"\sigma'(\mathbf{z}^{(\ell)})", E1(sigmoid, zl, 1)),
    ("d2l", r"\mathbf{w}^\top \mathbf{x}", MatMul(wv.T, xv)),
    ("d2l", r"\mathbf{w}^{\mathsf{T}} \mathbf{x}", MatMul(wv.T, xv)),
    ("notes", r"\mathbf{w}^{\intercal} \mathbf{x}", MatMul(wv.T, xv)),
    ("notes", r"w^{\top} x", MatMul(wv.T, xv)),
    ("unicode", "wᵀx", MatMul(wv.T, xv)),
    # undeclared letters beside matrices are scalars; 1×1 products commute
    ("d2l", r"\mathbf{w}^\top \mathbf{x} + c", MatAdd(MatMul(wv.T, xv), MatMul(R("c"), Identity(1)))),
    ("cs229", r"2(t - \theta^T x)x", MatMul(entry(MatAdd(MatMul(2 * t, Identity(1)), MatMul(-2, thv.T, xv))), xv)),
    ("cs229", r"(\theta^T x) x", MatMul(entry(MatMul(thv.T, xv)), xv)),
    ("cs229", r"x (\theta^T x)", MatMul(xv, thv.T, xv)),  # n×1 times 1×1 conforms
    ("cs229", r"\frac{1}{N} X^T (X w - y)", MatMul(1 / Nn, Xm.T, MatAdd(MatMul(Xm, wv), MatMul(-1, yv)))),
    ("ridge", r"\lambda w", MatMul(R("lambda"), wv)),
    ("notes", r"\sigma(w^T x)", sigmoid(entry(MatMul(wv.T, xv)))),
    # the wider vocabulary
    ("notes", r"\mathbf{1}^T X", MatMul(sympy.Transpose(OneMatrix(Nn, 1)), Xm)),
    ("notes", r"X \mathbf{1}", MatMul(Xm, OneMatrix(n, 1))),
    ("notes", r"x + \mathbf{1}", MatAdd(xv, OneMatrix(n, 1))),
    ("notes", r"\mathbf{1}_n", OneMatrix(n, 1)),
    ("notes", r"\|x\|", sqrt(entry(MatMul(xv.T, xv)))),
    ("notes", r"\|x\|_2", sqrt(entry(MatMul(xv.T, xv)))),
    ("notes", r"\|X\|_F", sqrt(Trace(MatMul(Xm.T, Xm)))),
    ("notes", r"\|x\|_2^2", MatMul(xv.T, xv)),
    ("notes", r"\langle w, x \rangle", MatMul(wv.T, xv)),
    ("notes", r"\left\langle X, X \right\rangle", Trace(MatMul(Xm.T, Xm))),
    ("ridge", r"X^T X + \lambda I", MatAdd(MatMul(Xm.T, Xm), MatMul(R("lambda"), Identity(n)))),
    ("notes", r"A + I", MatAdd(Am, Identity(n))),
    # derivatives of matrix expressions
    ("notes", r"\nabla_x x^T A x", GradientOf(MatMul(xv.T, Am, xv), xv)),
    ("notes", r"\nabla_{\mathbf{x}} (x^T A x)", GradientOf(MatMul(xv.T, Am, xv), xv)),
    ("notes", r"\frac{\partial x^T A x}{\partial x}", GradientOf(MatMul(xv.T, Am, xv), xv)),
]

ROWS = [(s, t, e, None) for s, t, e in SCALAR] + [(s, t, e, None) for s, t, e in INDEXED] + \
       [(s, t, e, SHAPES) for s, t, e in MATRIX]


def test_the_table_is_large():
    assert len(ROWS) >= 120, len(ROWS)


@pytest.mark.parametrize("source, text, expected, shapes",
                         [r for r in ROWS if r[2] is not None], ids=lambda v: v if isinstance(v, str) else "")
def test_read_as_written(source, text, expected, shapes):
    assert parse_latex(text, matrices=shapes) == expected


@pytest.mark.parametrize("source, text, expected, shapes", [r for r in ROWS if r[2] is None and "=" in r[1]])
def test_definitions_as_written_parse_on_both_sides(source, text, expected, shapes):
    relation = parse_relation(text, matrices=shapes)
    assert isinstance(relation, sympy.Equality)


def test_rows_without_a_value_are_still_read():
    g = MatrixSymbol("g", m, 1)
    shapes = {**SHAPES, "g": ("m", 1)}
    assert parse_latex(r"g^T \sigma(z)", matrices=shapes) == MatMul(g.T, E1(sigmoid, zv))
    assert parse_latex(r"(W^T \delta) \odot \sigma'(z)", matrices={**SHAPES, "W": ("m", "m")}) == \
        HadamardProduct(MatMul(MatrixSymbol("W", m, m).T, dv), E1(sigmoid, zv, 1))
    with pytest.raises(SymnnInputError, match="transpose of an undeclared matrix"):
        parse_latex(r"\theta^T x^{(i)}")
    with pytest.raises(SymnnInputError, match="write the variable of ∂"):
        parse_latex("∂/∂z")


def test_the_misreadings_of_the_issue_are_gone():
    assert parse_latex(r"\sigma^2(x)") != R("sigma") ** 2 * x
    assert parse_latex(r"\sigma^{-1}(x)") != x / R("sigma")
    assert not parse_latex(r"\sigma(w^{[l]} x)").has(sympy.Pow)


@pytest.mark.parametrize("text, hint", [
    ("sigmoid(x)", r"did you mean \sigma?"),
    ("relu(z)", r"did you mean \operatorname{ReLU}?"),
    ("tanh(x)", r"did you mean \tanh?"),
    ("exp x", r"did you mean \exp?"),
    ("softmax(z)", r"did you mean \mathrm{softmax}?"),
    (r"\mathrm{sigmod}(x)", r"did you mean \sigma?"),
    (r"\mathrm{Relu}(x)", None),  # case does not matter: read
    (r"\mathrm{foo}(x)", r"unknown function \mathrm{foo}"),
    ("foo(x)", "unknown function foo"),
])
def test_unknown_function_names_are_input_errors_with_a_suggestion(text, hint):
    if hint is None:
        assert parse_latex(text) == relu(x)
        return
    with pytest.raises(SymnnInputError) as info:
        parse_latex(text)
    assert hint in info.value.problem
    assert info.value.position == 0


def test_products_of_letters_stay_products():
    assert parse_latex("xy(x+1)") == x * y * (x + 1)
    assert parse_latex("ab") == R("a") * R("b")


def test_every_table_row_reads_its_printed_name():
    from symnn.latex.printer import latex

    for row in FUNCTIONS:
        arity = row.arity if isinstance(row.arity, int) else 1 if row.arity is None else row.arity[0]
        args = [x, y][:max(arity, 1)] if row.arity is not None else [x, y]
        value = (row.build or row.vocabulary)(*args)
        if not isinstance(value, row.vocabulary if isinstance(row.vocabulary, type) else object):
            continue  # \max(0, z) is ReLU: printed by ReLU's row
        text = latex(value)
        assert text.startswith(row.prints) or row.prints in text, (row, text)
        assert parse_latex(text) == value, (row, text)


def test_matrix_properties_are_declared():
    assert parse_matrix_declaration("S:n,n:symmetric") == ("S", (n, n, "symmetric"))
    assert parse_matrix_declaration("Q:n,n:orthogonal")[1][2] == "orthogonal"
    S = parse_latex("S", matrices={"S": ("n", "n", "spd")})
    assert isinstance(S, StructuredMatrix) and S.structure == "spd" and S.T == S
    with pytest.raises(SymnnInputError, match="unknown property"):
        parse_matrix_declaration("S:n,n:hermitian")
    with pytest.raises(SymnnInputError, match="square"):
        parse_latex("S", matrices={"S": ("n", "m", "symmetric")})


def test_entrywise_derivative_and_entry():
    s = E1(sigmoid, zv, 1)
    assert s.derivative() == E1(sigmoid, zv, 2)
    assert s.free_symbols == {zv}
    assert E1(sigmoid, zv)._entry(0, 0) == sigmoid(zv[0, 0])
    assert ENTRY not in parse_latex(r"\sigma'(z)", matrices=SHAPES).free_symbols


def test_relations_with_ascii_and_unicode():
    assert parse_relation("x >= 0") == GreaterThan(x, 0, evaluate=False)
    assert parse_relation("x ≥ 0") == GreaterThan(x, 0, evaluate=False)
    assert parse_relation(r"\sigma(x) = \frac{1}{1+e^{-x}}") == Eq(sigmoid(x), 1 / (1 + E ** (-x)), evaluate=False)
