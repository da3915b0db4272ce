r"""Functions of vectors and matrices: σ(z), σ′(z), tanh(Z) act on each entry; diag(v).

:class:`Entrywise` is ``f`` (or its k-th derivative) applied to every entry of a matrix
expression, the meaning of ``\sigma(z)`` for a declared vector ``z``; :class:`Diag` is the square
matrix ``\operatorname{diag}(v)`` with the entries of the column ``v`` on its diagonal.  Both are
matrix expressions of the vocabulary layer: the parser builds them, the matrix rule table
differentiates them (∂ f(Z) = f′(Z) ⊙ ∂Z), the matrix evaluator computes them.

>>> from sympy import MatrixSymbol, Symbol
>>> from symnn.vocabulary import sigmoid
>>> n = Symbol("n", integer=True, positive=True)
>>> z = MatrixSymbol("z", n, 1)
>>> s = Entrywise(sigmoid, z, 1)
>>> s.shape, s.order, s.derivative() == Entrywise(sigmoid, z, 2)
((n, 1), 1, True)
>>> from sympy import Dummy
>>> s.scalar_derivative(Symbol("t"))
(1 - sigmoid(t))*sigmoid(t)
>>> Diag(z).shape
(n, n)
"""

from __future__ import annotations

import sympy
from sympy import Basic, Symbol
from sympy.matrices.expressions import MatrixExpr
from sympy.printing.latex import accepted_latex_functions

__all__ = ["Entrywise", "Diag", "ENTRY"]

#: The placeholder of a function's argument in an :class:`Entrywise` template f(t).
ENTRY = Symbol("t", real=True)


def activation_name(f) -> str:
    """How a function is named in plain text: ``σ`` for the sigmoid, ``tanh``, ``ReLU``, ``f``."""
    names = {"sigmoid": "σ", "relu": "ReLU", "tanh": "tanh", "softplus": "softplus", "gelu": "GELU",
             "silu": "SiLU", "elu": "ELU", "leaky_relu": "LeakyReLU", "exp": "exp", "log": "log"}
    name = getattr(f, "__name__", str(f))
    return names.get(name, name)


class Entrywise(MatrixExpr):
    r"""``f`` (order 0) or its ``order``-th derivative applied to each entry of the matrix ``arg``.

    ``f`` is a function class (``sigmoid``, ``tanh``, ``Function("f")``) or a template expression
    in :data:`ENTRY` for functions with parameters (``elu(t, 1)``).  Entry (i, j) is
    f⁽ᵏ⁾(arg[i, j]); it prints ``f'(z^{(\ell)})`` (``\sigma'(Z)`` ...).
    """

    precedence = 1000  # prints as a function value: never parenthesised

    def __new__(cls, f, arg, order=0):
        if isinstance(f, MatrixExpr):  # rebuilt by SymPy from its args: (arg, order, template)
            f, arg, order = order, f, arg
        template = f if isinstance(f, Basic) else f(ENTRY)
        return MatrixExpr.__new__(cls, arg, sympy.Integer(order), template)

    @property
    def _f(self):
        return self.args[2].func

    @property
    def template(self) -> Basic:
        """f(t) with t = :data:`ENTRY` (parameters included: ``elu(t, 1)``)."""
        return self.args[2]

    @property
    def arg(self):
        return self.args[0]

    @property
    def order(self) -> int:
        return int(self.args[1])

    @property
    def shape(self):
        return self.arg.shape

    @property
    def free_symbols(self):
        # the template's placeholder t is bound, not a parameter of the expression
        return self.arg.free_symbols | (self.template.free_symbols - {ENTRY})

    def derivative(self) -> "Entrywise":
        """f⁽ᵏ⁺¹⁾ applied entrywise: the factor of the chain rule ∂ f(Z) = f′(Z) ⊙ ∂Z."""
        return Entrywise(self.template, self.arg, self.order + 1)

    def scalar_derivative(self, at: Basic) -> Basic:
        """f⁽ᵏ⁾(at) as a scalar expression."""
        value = self.template
        for _ in range(self.order):
            value = sympy.diff(value, ENTRY)
        return value.xreplace({ENTRY: at})

    def _entry(self, i, j, **kwargs):
        return self.scalar_derivative(self.arg._entry(i, j, **kwargs))

    def _extra_args(self) -> list:
        return [a for a in self.template.args if a != ENTRY]

    def _latex(self, printer):
        from symnn.vocabulary import NNFunction

        f = self._f
        if isinstance(f, type) and issubclass(f, NNFunction):
            name = printer.nn_name(f) if hasattr(printer, "nn_name") else f.__name__
        elif getattr(f, "__name__", "") in {*accepted_latex_functions, "exp"}:  # \tanh, \exp, \sinh ...
            name = "\\" + f.__name__
        elif f is sympy.erf or f is sympy.sign:
            name = r"\operatorname{%s}" % f.__name__
        else:
            name = printer._print(Symbol(getattr(f, "__name__", "f")))
        args = [printer._print(self.arg), *(printer._print(a) for a in self._extra_args())]
        default = getattr(f, "DEFAULT_SLOPE", sympy.S.One)
        if getattr(f, "__name__", "") in ("elu", "leaky_relu") and self._extra_args() == [default]:
            args = args[:1]
        primes = "'" * self.order if self.order <= 3 else "^{(%d)}" % self.order
        if getattr(f, "__name__", "") == "indicator" and not self.order:  # 𝕀(z > 0), entry by entry
            return r"\mathbb{I}(%s > 0)" % args[0]
        return "%s%s(%s)" % (name, primes, ", ".join(args))

    def _sympystr(self, printer):
        args = [printer._print(self.arg), *(printer._print(a) for a in self._extra_args())]
        return "%s%s(%s)" % (activation_name(self._f), "'" * self.order, ", ".join(args))


class Diag(MatrixExpr):
    r"""``\operatorname{diag}(v)``: the square matrix with the column ``v`` on its diagonal.

    ``diag(v) x = v ⊙ x`` for a column ``x``; :func:`as_hadamard` rewrites such products so that the
    matrix rule table differentiates them.
    """

    def __new__(cls, v):
        return MatrixExpr.__new__(cls, v)

    @property
    def arg(self):
        return self.args[0]

    @property
    def shape(self):
        return (self.arg.shape[0], self.arg.shape[0])

    def _eval_transpose(self):
        return self

    def _entry(self, i, j, **kwargs):
        # entry (i, j) is v_i on the diagonal and 0 elsewhere (what as_explicit() writes out)
        return sympy.KroneckerDelta(i, j) * self.arg._entry(i, 0, **kwargs)

    def _latex(self, printer):
        return r"\operatorname{diag}(%s)" % printer._print(self.arg)

    def _sympystr(self, printer):
        return "diag(%s)" % printer._print(self.arg)


def as_hadamard(expr: Basic) -> Basic:
    """``diag(v) M`` → ``v ⊙ M`` for columns M (and ``Mᵀ diag(v)`` → ``(v ⊙ M)ᵀ``), everywhere in ``expr``.

    >>> from sympy import MatrixSymbol
    >>> v, x = MatrixSymbol("v", 3, 1), MatrixSymbol("x", 3, 1)
    >>> as_hadamard(Diag(v) * x)
    HadamardProduct(v, x)
    """
    from sympy.matrices.expressions import HadamardProduct, MatMul

    def product(factors):
        return factors[0] if len(factors) == 1 else MatMul(*factors).doit(deep=False)

    def rewrite(node):
        coeff, mats = node.as_coeff_matrices()
        for k, m in enumerate(mats):
            if not isinstance(m, Diag):
                continue
            after, before = list(mats[k + 1:]), list(mats[:k])
            if after and product(after).shape[1] == 1:  # diag(v) (A x) = v ⊙ (A x)
                return MatMul(coeff, *before, HadamardProduct(m.arg, product(after))).doit(deep=False)
            if before and product(before).shape[0] == 1:  # (xᵀ A) diag(v) = (v ⊙ (xᵀ A)ᵀ)ᵀ
                row = HadamardProduct(m.arg, product(before).T).T
                return MatMul(coeff, row, *after).doit(deep=False)
        return node

    return expr.replace(lambda e: isinstance(e, MatMul) and e.has(Diag), rewrite)
