"""Round trip: what symnn prints, symnn reads back as the same expression (structural equality),
for generated expressions over the whole vocabulary, in scalar, indexed and matrix context."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import IndexedBase, MatrixSymbol, Rational, Sum, Symbol
from sympy.matrices.expressions import HadamardPower, HadamardProduct, MatAdd, MatMul, OneMatrix
from sympy.matrices.expressions.matexpr import MatrixElement

from symnn.elementwise import Diag, Entrywise
from symnn.latex.notation import FUNCTIONS
from symnn.latex.parser import parse_latex
from symnn.latex.printer import latex
from symnn.vocabulary import binary_cross_entropy, elu, indicator, leaky_relu, mse, sigmoid

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def R(name):
    return Symbol(name, real=True)


x, y, alpha = R("x"), R("y"), R("alpha")
j, k = Symbol("j", integer=True), Symbol("k", integer=True)
C = Symbol("C", integer=True, positive=True)
n, m = Symbol("n", integer=True, positive=True), Symbol("m", integer=True, positive=True)

#: Unary rows of the notation table (each scalar function of the vocabulary, once).
UNARY = [row.build or row.vocabulary for row in FUNCTIONS if row.arity in (1, (1, 2)) and row.vocabulary
         is not indicator]
UNARY += [indicator, lambda u: elu(u, alpha), lambda u: leaky_relu(u, Rational(1, 5))]
BINARY = [mse, binary_cross_entropy, lambda a, b: sympy.Max(a, b + 1)]


def _scalar_tree(leaves):
    def combine(children):
        return st.one_of(
            st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0](t[1])),
            st.tuples(st.sampled_from(BINARY), children, children).map(lambda t: t[0](t[1], t[2])),
            st.tuples(children, children).map(lambda t: t[0] + t[1]),
            st.tuples(children, children).map(lambda t: t[0] * t[1]),
            st.tuples(children, children).map(lambda t: t[0] / (1 + t[1] ** 2)),
            st.tuples(children, st.sampled_from([2, 3, -1])).map(lambda t: t[0] ** t[1]),
        )

    return st.recursive(leaves, combine, max_leaves=4)


scalars = _scalar_tree(st.sampled_from([x, y, alpha, R("yhat"), R(r"a^{(l)}"), R(r"z^{(\ell+1)}"),
                                        Rational(1, 2), sympy.Integer(3)]))

w_l = IndexedBase(r"w^{(\ell)}", real=True)
a_l = IndexedBase(r"a^{(\ell-1)}", real=True)
beta, yhat = IndexedBase("beta", real=True), IndexedBase("yhat", real=True)
indexed_leaves = st.sampled_from([beta[j], yhat[j], w_l[j, k], a_l[k], x])
indexed = _scalar_tree(indexed_leaves).map(
    lambda e: Sum(e, (k, 1, C)) if e.has(k) else e)

W, Wl = MatrixSymbol("W", m, n), MatrixSymbol(r"W^{(\ell+1)}", m, m)
xv, z, b, g = (MatrixSymbol("x", n, 1), MatrixSymbol("z", m, 1), MatrixSymbol("b", m, 1),
               MatrixSymbol("g", m, 1))
SHAPES = {"W": ("m", "n"), r"W^{(\ell+1)}": ("m", "m"), "x": ("n", 1), "z": ("m", 1), "b": ("m", 1),
          "g": ("m", 1)}
ELEMENTWISE = [row.build or row.vocabulary for row in FUNCTIONS if row.elementwise and row.arity == 1
               and row.vocabulary not in (sympy.Max, indicator)]


def _columns(children):
    return st.one_of(
        st.tuples(st.sampled_from(ELEMENTWISE), children, st.sampled_from([0, 0, 1])).map(
            lambda t: Entrywise(t[0], t[1], t[2])),
        st.tuples(children, children).map(lambda t: HadamardProduct(t[0], t[1])),
        st.tuples(children, children).map(lambda t: MatAdd(t[0], t[1])),
        children.map(lambda c: MatMul(Wl, c)),
        children.map(lambda c: MatMul(Wl.T, c)),
        children.map(lambda c: MatMul(Diag(z), c)),
        children.map(lambda c: HadamardPower(c, 2)),
        st.tuples(st.sampled_from([alpha, Rational(1, 2)]), children).map(lambda t: MatMul(t[0], t[1])),
    )


columns = st.recursive(st.sampled_from([z, b, g, MatMul(W, xv), MatAdd(MatMul(W, xv), b), MatAdd(z, OneMatrix(m, 1))]),
                       _columns, max_leaves=3).map(lambda e: e.doit())  # SymPy's canonical (flat) products
def _back(expr, shapes=None):
    text = latex(expr)
    return text, parse_latex(text, matrices=shapes)


def same(a, b) -> bool:
    """Structurally equal, up to SymPy's own distribution of a number over a sum (2(x + 1) and
    2x + 2 are built alike from the printed text, and the text cannot tell them apart)."""
    if isinstance(a, sympy.MatrixExpr):  # likewise c (A + B) = cA + cB for a number c
        return a == b or a.doit() == b.doit()
    return a == b or sympy.expand_mul(a) == sympy.expand_mul(b)


@SETTINGS
@given(scalars)
def test_scalar_round_trip(e):
    text, back = _back(e)
    assert same(back, e), text


@SETTINGS
@given(indexed)
def test_indexed_round_trip(e):
    text, back = _back(e)
    assert same(back, e), text


@SETTINGS
@given(columns)
def test_matrix_round_trip(e):
    text, back = _back(e, SHAPES)
    assert same(back, e), text


@SETTINGS
@given(columns)
def test_scalar_of_matrices_round_trip(c):
    inner = MatMul(g.T, c).doit()
    for e in (inner, sigmoid(MatrixElement(inner, 0, 0)) + alpha):
        text, back = _back(e, SHAPES)
        assert same(back, e), text


@pytest.mark.parametrize("row", FUNCTIONS, ids=lambda r: getattr(r.vocabulary, "__name__", str(r.vocabulary)))
def test_every_row_round_trips_with_primes(row):
    if row.arity != 1 or row.vocabulary in (indicator, sympy.Min):
        pytest.skip("one-argument functions only")
    build = row.build or row.vocabulary
    e = build(x)
    assert parse_latex(latex(e)) == e
    if row.elementwise:
        for order in (0, 1):
            ew = Entrywise(build, z, order)
            assert parse_latex(latex(ew), matrices=SHAPES) == ew, latex(ew)
