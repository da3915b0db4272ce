r"""Textbook notation for network derivations: layer-indexed names, ∂C/∂z, f′ applied entrywise.

* :func:`layer` names a layer quantity: ``layer("w", r"\ell+1")`` is the IndexedBase whose entries
  print as ``w_{jk}^{(\ell+1)}``; ``layer_matrix`` the matrix symbol ``W^{(\ell+1)}`` of given shape.
* :class:`Partial` is the *unevaluated* ∂num/∂den of a proof line (a quantity such as the cost C is
  not written as a SymPy function of everything it depends on, so SymPy's ``Derivative`` would
  evaluate to 0).
* :func:`prime` writes f′(u) as ``Subs(Derivative(f(t), t), t, u)``, which the printer shows as
  ``f'(u)`` (``\sigma'(u)`` for the sigmoid); :func:`primes_for_derivatives` rewrites SymPy's
  ``Derivative(f(u), u)`` that way.
* :class:`Entrywise` is f (or f′) applied entrywise to a matrix expression: ``f'(z^{(\ell)})``.

>>> from sympy import Function, Symbol
>>> from symnn.latex.printer import latex
>>> w, z = layer("w", r"\ell+1"), layer("z", r"\ell")
>>> i, j = Symbol("i", integer=True), Symbol("j", integer=True)
>>> print(latex(Partial(Symbol("C"), z[i]) * w[j, i]))
w_{ji}^{(\ell+1)} \frac{\partial C}{\partial z_{i}^{(\ell)}}
>>> f = Function("f")
>>> print(latex(prime(f, z[i])))
f'(z_{i}^{(\ell)})
>>> Z = layer_matrix("z", r"\ell", Symbol("n"), 1)
>>> print(latex(Entrywise(f, Z, 1)))
f'(z^{(\ell)})
"""

from __future__ import annotations

import sympy
from .._basic import as_basic
from sympy import Derivative, Dummy, Expr, Function, IndexedBase, MatrixExpr, MatrixSymbol, Subs, Symbol

from ..elementwise import Entrywise, activation_name  # noqa: F401  (the vocabulary layer's, re-exported)

__all__ = ["layer", "layer_matrix", "Partial", "prime", "primes_for_derivatives", "Entrywise",
           "activation_name", "Gradient", "Text"]


def _label(name: str, layer_label: str) -> str:
    return "%s^{(%s)}" % (name, layer_label)


def layer(name: str, layer_label: str) -> IndexedBase:
    r"""The indexed quantity ``name`` of layer ``layer_label`` (printed ``name_{ij}^{(label)}``)."""
    return IndexedBase(_label(name, layer_label), real=True)


def layer_matrix(name: str, layer_label: str, rows, cols) -> MatrixSymbol:
    r"""The matrix symbol ``name^{(label)}`` of shape ``(rows, cols)`` (sizes may be symbols)."""
    return MatrixSymbol(_label(name, layer_label), rows, cols)


class Partial(Expr):
    r"""∂num/∂den as written in a proof: unevaluated, printed ``\frac{\partial C}{\partial z_i}``."""

    is_commutative = True

    def __new__(cls, num, den):
        return Expr.__new__(cls, as_basic(num), as_basic(den))

    @property
    def num(self):
        return self.args[0]

    @property
    def den(self):
        return self.args[1]

    def _eval_derivative(self, s):  # a proof symbol: it is never differentiated further
        return sympy.S.Zero

    def _latex(self, printer):
        return r"\frac{\partial %s}{\partial %s}" % (printer._print(self.num), printer._print(self.den))

    def _sympystr(self, printer):
        return "∂%s/∂%s" % (printer._print(self.num), printer._print(self.den))


def prime(f, arg: Expr, order: int = 1) -> Expr:
    """f′(arg) (order 1) as an unevaluated Subs that prints ``f'(arg)``; f is a function class."""
    t = Dummy("t", real=True)
    return Subs(Derivative(f(t), (t, order)), t, arg)


def primes_for_derivatives(expr: Expr) -> Expr:
    """Rewrite every ``Derivative(f(u), u)`` of an undefined function f as :func:`prime` ``(f, u)``."""

    def is_plain(e):
        return (isinstance(e, Derivative) and len(e.variables) == 1
                and isinstance(e.expr, Function) and e.expr.args == (e.variables[0],))

    return expr.replace(is_plain, lambda e: prime(e.expr.func, e.variables[0]))


class Gradient(MatrixExpr):
    r"""∇_{v} C, the gradient of the scalar ``cost`` w.r.t. the matrix symbol ``wrt`` (same shape).

    >>> from symnn.latex.printer import latex
    >>> a = layer_matrix("a", "L", Symbol("m"), 1)
    >>> print(latex(Gradient(Symbol("C"), a)))
    \nabla_{a^{(L)}} C
    """

    precedence = 1000

    def __new__(cls, cost, wrt):
        return MatrixExpr.__new__(cls, cost, wrt)

    @property
    def shape(self):
        return self.args[1].shape

    def _latex(self, printer):
        return r"\nabla_{%s} %s" % (printer._print(self.args[1]), printer._print(self.args[0]))

    def _sympystr(self, printer):
        return "∇_%s %s" % (printer._print(self.args[1]), printer._print(self.args[0]))


class Text:
    r"""Prose with formulas: a plain-text ``template`` whose ``{0}``, ``{1}`` … mark SymPy objects.

    Derivation code states sentences as data; the renderer escapes the text and prints each
    object as inline math (``symnn.models.proofdoc.render_text``).

    >>> t = Text("{0} has the shape of {1}", Symbol("x"), Symbol("y"))
    >>> t.template, len(t.objects)
    ('{0} has the shape of {1}', 2)
    """

    def __init__(self, template: str, *objects):
        self.template = template
        self.objects = objects

    def __repr__(self) -> str:
        return "Text(%r, %s)" % (self.template, ", ".join(map(str, self.objects)))
