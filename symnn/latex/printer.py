r"""Printing SymPy expressions of the NN vocabulary as LaTeX a TA would sign, and as plain text.

:class:`NNLatexPrinter` is a :class:`sympy.printing.latex.LatexPrinter` with one
``_print_<ClassName>`` rule per vocabulary function (``\sigma``, ``\operatorname{ReLU}``,
``\mathbb{I}(x > 0)``, ...) plus a few house-style rules applied to every expression:

* arguments and groups get plain ``(…)``; ``\left(…\right)`` only around tall material
  (``\frac``, ``\sum``, ``\sqrt``, ...);
* products: numeric coefficient, then symbols, then function values, then parenthesised sums
  (shortest first), no ``\cdot`` between implicit factors;
* sums: monomials by decreasing degree (``w x + b``), and a positive term first
  (``1 - \sigma(x)``, ``\hat{y}_{j} - y_{j}``);
* ``e^{-x}`` for exponentials and ``\log`` for the natural logarithm (SymPy's defaults).

:class:`NNStrPrinter` is the plain-text counterpart used by human-readable reports (σ, ŷ, β).

>>> from sympy import Symbol, Derivative, tanh
>>> from symnn.vocabulary import sigmoid, indicator
>>> x, w, b = Symbol("x"), Symbol("w"), Symbol("b")
>>> print(latex(sigmoid(x) * (1 - sigmoid(x))))
\sigma(x) (1 - \sigma(x))
>>> print(latex(1 - tanh(x)**2))
1 - \tanh^{2}(x)
>>> print(latex(indicator(w*x + b)))
\mathbb{I}(w x + b > 0)
>>> print(latex(Derivative(sigmoid(x), x)))
\frac{d}{d x} \sigma(x)
>>> print(latex(sigmoid(x / 2)))
\sigma\left(\frac{x}{2}\right)
>>> print(plain(sigmoid(x) * (1 - sigmoid(x))))
σ(x)*(1 - σ(x))
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

import sympy
from .language import tr
from .._basic import as_basic
from sympy import (
    Add,
    Basic,
    Derivative,
    Expr,
    Function,
    Indexed,
    Integral,
    Mul,
    Number,
    Pow,
    Product,
    S,
    Sum,
)
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatAdd, MatMul, MatrixSymbol, OneMatrix, Transpose
from sympy.printing.latex import LatexPrinter, _between_two_numbers_p, accepted_latex_functions
from sympy.printing.precedence import PRECEDENCE, precedence, precedence_traditional
from sympy.printing.pretty.pretty_symbology import greek_unicode
from sympy.printing.str import StrPrinter
from sympy.simplify.radsimp import fraction

from ..vocabulary import NNFunction

__all__ = ["NNLatexPrinter", "NNStrPrinter", "latex", "plain", "ordered_factors", "ordered_terms"]

# --------------------------------------------------------------------------- shared ordering rules


def _factor_group(factor: Expr) -> tuple[int, int]:
    """Rank of a factor in a product: coefficient, symbols, function values, sums, big operators."""
    base = factor.base if factor.is_Pow else factor
    if factor.is_Number:
        return (0, 0)
    if base.is_NumberSymbol:
        return (1, 0)
    if base.is_Symbol or isinstance(base, Indexed):
        return (1, 1)
    if base.is_Add:
        return (3, 0)
    if isinstance(base, (Sum, Product, Integral, Derivative)):
        return (4, 0)
    return (2, 0)


def ordered_factors(factors: Iterable[Expr]) -> list[Expr]:
    """Factors of a commutative product in reading order.

    Numeric coefficient first, then constants and symbols, then function values, then sums
    (fewest operations first), then big operators (Σ, ∏, ∫, d/dx), which read best last.

    >>> from sympy import Symbol
    >>> from symnn.vocabulary import sigmoid
    >>> x = Symbol("x")
    >>> ordered_factors([1 - 2*sigmoid(x), 1 - sigmoid(x), sigmoid(x), x, 2])
    [2, x, sigmoid(x), 1 - sigmoid(x), 1 - 2*sigmoid(x)]
    """

    def key(f: Expr):
        group = _factor_group(f)
        base = f.base if f.is_Pow else f
        size = sympy.count_ops(base) if group[0] == 3 else 0
        return (group, size, sympy.default_sort_key(f))

    return sorted((as_basic(f) for f in factors), key=key)


def _monomial_degree(term: Expr) -> int:
    """Total degree of a monomial c·x^a·y^b… in symbols; 0 for anything that is not one."""
    total = 0
    for f in Mul.make_args(term):
        if f.is_Number:
            continue
        base, e = f.as_base_exp()
        if (base.is_Symbol or isinstance(base, Indexed)) and e.is_Integer and e > 0:
            total += int(e)
        else:
            return 0
    return total


def ordered_terms(terms: Iterable[Expr]) -> list[Expr]:
    """Terms of a sum in reading order.

    Starting from SymPy's order: monomials by decreasing total degree (``w x + b``), and when the
    sum would begin with a minus sign, its first positive term moves to the front
    (``1 - σ``, ``ŷ - y``).

    >>> from sympy import symbols
    >>> w, x, b, y, yhat = symbols("w x b y yhat")
    >>> ordered_terms([b, w*x])
    [w*x, b]
    >>> ordered_terms([-y, yhat])
    [yhat, -y]
    """
    terms = sorted((as_basic(t) for t in terms), key=lambda t: -_monomial_degree(t))
    if terms and terms[0].could_extract_minus_sign():
        for i, t in enumerate(terms):
            if not t.could_extract_minus_sign():
                terms.insert(0, terms.pop(i))
                break
    return terms


def _extract_sign(expr: Expr) -> tuple[bool, Expr]:
    """Split a product into (negative?, positive part), turning sums whose terms are all negative
    around: ``σ(x)*(-x - 1)`` is ``-(σ(x)*(x + 1))``."""
    negative = False
    if expr.could_extract_minus_sign():
        negative, expr = True, -expr
    factors, flipped = [], False
    for f in Mul.make_args(expr):
        if f.is_Add and all(t.could_extract_minus_sign() for t in f.args):
            negative, flipped, f = not negative, True, -f
        factors.append(f)
    if flipped:
        expr = Mul(*factors, evaluate=False) if len(factors) > 1 else factors[0]
    return negative, expr


def _simple_mul(expr: Basic) -> bool:
    """True for an evaluated, commutative Mul (or a Pow routed through ``_print_Mul``)."""
    if isinstance(expr, Pow):
        return expr.is_commutative
    if not isinstance(expr, Mul) or not expr.is_commutative:
        return False
    args = expr.args
    if args[0] is S.One or any(isinstance(a, Number) for a in args[1:]):
        return False  # unevaluated Mul: print it as written
    return not any(hasattr(a, "_scale_factor") or hasattr(a, "is_physical_constant") for a in args)


# --------------------------------------------------------------------------- parentheses

#: LaTeX that makes a parenthesised group tall enough to deserve ``\left(…\right)``.
_TALL_MARKERS = (
    r"\frac",
    r"\dfrac",
    r"\tfrac",
    r"\sum",
    r"\prod",
    r"\int",
    r"\sqrt",
    r"\binom",
    r"\begin",
    r"\lim",
    r"\substack",
    r"\left.",
)

_DELIM = re.compile(r"\\(left|right)(?![A-Za-z])\s*(\\[A-Za-z]+|\\.|[^\s])")


def _is_tall(tex: str) -> bool:
    return any(m in tex for m in _TALL_MARKERS)


def _paren(tex: str) -> str:
    """``(tex)``, or ``\\left(tex\\right)`` when ``tex`` is tall."""
    tex = tex.strip()
    return (r"\left(%s\right)" if _is_tall(tex) else "(%s)") % tex


def _soften_parens(tex: str) -> str:
    r"""Turn every ``\left(…\right)`` pair whose content is not tall into plain ``(…)``.

    >>> _soften_parens(r"\left(1 - \left(x \right)\right) \left(\frac{1}{2}\right)")
    '(1 - (x)) \\left(\\frac{1}{2}\\right)'
    """

    def walk(i: int, depth: int) -> tuple[str, int, str | None]:
        out: list[str] = []
        while True:
            m = _DELIM.search(tex, i)
            if m is None:
                out.append(tex[i:])
                return "".join(out), len(tex), None
            out.append(tex[i : m.start()])
            if m.group(1) == "right":
                if depth == 0:  # unbalanced: keep as written
                    out.append(m.group(0))
                    i = m.end()
                    continue
                return "".join(out), m.end(), m.group(2)
            inner, j, close = walk(m.end(), depth + 1)
            if close is None:  # unbalanced: keep as written
                out.append(m.group(0) + inner)
                return "".join(out), j, None
            if m.group(2) == "(" and close == ")":
                out.append(_paren(inner))
            else:
                out.append(r"\left" + m.group(2) + inner + r"\right" + close)
            i = j

    return walk(0, 0)[0]


# --------------------------------------------------------------------------- the LaTeX printer


class NNLatexPrinter(LatexPrinter):
    r"""LaTeX printer for symnn: the NN vocabulary and a TA's house style.

    Each vocabulary class has a ``_print_<ClassName>`` rule; any other registered
    :class:`~symnn.vocabulary.NNFunction` falls back to :meth:`_print_NNFunction`, which uses the
    class attribute ``latex_macro`` (or ``\operatorname{<name>}``).

    >>> from sympy import Symbol
    >>> from symnn.vocabulary import sigmoid
    >>> x = Symbol("x")
    >>> NNLatexPrinter().doprint(sigmoid(x)**2)
    '\\sigma(x)^{2}'
    """

    printmethod = "_latex"

    def doprint(self, expr: Any) -> str:
        return _soften_parens(super().doprint(expr))

    def _print_Piecewise(self, expr):
        r"""Cases as a textbook writes them: ``\text{if } a \le b, c > 0`` (conditions joined by
        commas, not ∧), the last ``\text{otherwise}``."""
        rows = []
        for value, cond in expr.args:
            if cond is sympy.true:
                when = r"\text{%s}" % tr("otherwise")
            else:
                conds = [self._print(c) for c in (cond.args if isinstance(cond, sympy.And) else (cond,))]
                if len(conds) > 2:  # two conditions a line, so that the cases stay narrow
                    lines = [", ".join(conds[i:i + 2]) for i in range(0, len(conds), 2)]
                    when = r"\text{if } \begin{array}[t]{@{}l@{}} %s \end{array}" % r", \\ ".join(lines)
                else:
                    when = r"\text{if } " + ", ".join(conds)
            rows.append("%s & %s" % (self._print(value), when))
        return r"\begin{cases} %s \end{cases}" % r" \\ ".join(rows)

    # -- helpers ---------------------------------------------------------------------------

    def _add_parens(self, s) -> str:
        return _paren(s)

    def _add_parens_lspace(self, s) -> str:
        return _paren(s)

    def _call(self, name: str, args: Iterable[Basic], exp: str | None = None,
              exp_on_name: bool = False) -> str:
        """``name(arg, …)`` with the house parentheses; ``exp`` raises the value (or the name)."""
        inner = ", ".join(self._print(a) for a in args)
        if exp is None:
            return name + _paren(inner)
        if exp_on_name:
            return r"%s^{%s}%s" % (name, exp, _paren(inner))
        return r"%s%s^{%s}" % (name, _paren(inner), exp)

    @staticmethod
    def nn_name(cls: type) -> str:
        r"""The LaTeX name of a vocabulary class: its ``latex_macro`` or ``\operatorname{name}``."""
        macro = getattr(cls, "latex_macro", "")
        if macro:
            return macro
        return r"\operatorname{%s}" % cls.__name__.replace("_", r"\_")

    # -- the vocabulary --------------------------------------------------------------------

    def _print_NNFunction(self, expr: NNFunction, exp: str | None = None) -> str:
        """Generic rule for any registered vocabulary function: ``\\macro(arg, …)``."""
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    def _print_sigmoid(self, expr, exp=None):
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    def _print_relu(self, expr, exp=None):
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    def _print_softplus(self, expr, exp=None):
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    def _print_indicator(self, expr, exp=None):
        inner = r"%s > 0" % self._print(expr.args[0])
        tex = self.nn_name(type(expr)) + _paren(inner)
        return tex if exp is None else r"%s^{%s}" % (tex, exp)

    def _print_mse(self, expr, exp=None):
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    def _print_binary_cross_entropy(self, expr, exp=None):
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    def _print_gelu(self, expr, exp=None):
        return self._call(self.nn_name(type(expr)), expr.args, exp)

    _print_silu = _print_logit = _print_gelu

    def _print_elu(self, expr, exp=None):
        r"""``\operatorname{ELU}(x)`` when α has its default (1), else ``(x, α)``; LeakyReLU alike."""
        x, alpha = expr.args
        default = getattr(type(expr), "DEFAULT_SLOPE", S.One)
        return self._call(self.nn_name(type(expr)), (x,) if alpha == default else expr.args, exp)

    _print_leaky_relu = _print_elu

    # -- indexed vocabulary (symnn.indexed): softmax(β)_j, H(p, q), D_KL(p ‖ q) -------------

    def _print_softmax(self, expr, exp=None):
        x, i, _ = expr.args
        tex = r"\operatorname{softmax}(%s)_{%s}" % (self._print(x), self._print(i))
        return r"\left(%s\right)^{%s}" % (tex, exp) if exp is not None else tex

    def _print_log_softmax(self, expr, exp=None):
        x, i, _ = expr.args
        tex = r"\log\operatorname{softmax}(%s)_{%s}" % (self._print(x), self._print(i))
        return r"\left(%s\right)^{%s}" % (tex, exp) if exp is not None else tex

    def _print_logsumexp(self, expr, exp=None):
        tex = r"\operatorname{logsumexp}(%s)" % self._print(expr.args[0])
        return r"%s^{%s}" % (tex, exp) if exp is not None else tex

    def _print_cross_entropy(self, expr, exp=None):
        tex = r"H(%s, %s)" % (self._print(expr.args[0]), self._print(expr.args[1]))
        return r"%s^{%s}" % (tex, exp) if exp is not None else tex

    def _print_entropy(self, expr, exp=None):
        tex = r"H(%s)" % self._print(expr.args[0])
        return r"%s^{%s}" % (tex, exp) if exp is not None else tex

    def _print_kl_divergence(self, expr, exp=None):
        tex = r"D_{\mathrm{KL}}(%s \,\|\, %s)" % (self._print(expr.args[0]), self._print(expr.args[1]))
        return r"%s^{%s}" % (tex, exp) if exp is not None else tex

    def _print_tanh(self, expr, exp=None):
        return self._call(r"\tanh", expr.args, exp, exp_on_name=True)

    def _print_log(self, expr, exp=None):
        name = r"\ln" if self._settings["ln_notation"] else r"\log"
        return self._call(name, expr.args, exp)

    def _print_Function(self, expr, exp=None):
        func = expr.func.__name__
        if hasattr(self, "_print_" + func) and not isinstance(expr, AppliedUndef):
            return getattr(self, "_print_" + func)(expr, exp)
        if isinstance(expr, NNFunction):
            return self._print_NNFunction(expr, exp)
        if func.startswith("a") and func[1:] in accepted_latex_functions:
            return super()._print_Function(expr, exp)  # inverse trig: SymPy's styles
        name = self._hprint_Function(func)
        trig_like = func in accepted_latex_functions and len(expr.args) == 1
        return self._call(name, expr.args, exp, exp_on_name=trig_like)

    # -- house style for sums, products, derivatives ----------------------------------------

    def _as_ordered_terms(self, expr, order=None):
        if isinstance(expr, MatAdd):
            return ordered_matrix_terms(expr.args)
        terms = super()._as_ordered_terms(expr, order=order)
        if isinstance(expr, Add) and (order or self.order) not in ("old", "none"):
            return ordered_terms(terms)
        return terms

    def _print_factors(self, expr: Expr) -> str:
        factors = ordered_factors(Mul.make_args(expr))
        if len(factors) == 1:
            return self._print(factors[0])
        separator = self._settings["mul_symbol_latex"]
        numbersep = self._settings["mul_symbol_latex_numbers"]
        tex = last = ""
        for i, f in enumerate(factors):
            t = self._print(f)
            if self._needs_mul_brackets(f, first=(i == 0), last=(i == len(factors) - 1)):
                t = _paren(t)
            if tex:
                between_numbers = (_between_two_numbers_p[0].search(last)
                                   and _between_two_numbers_p[1].match(t))
                tex += numbersep if between_numbers else separator
            tex += t
            last = t
        return tex

    def _print_Mul(self, expr):
        if not _simple_mul(expr):
            return super()._print_Mul(expr)
        negative, expr = _extract_sign(expr)
        sign = "- " if negative else ""
        if expr.is_Add:
            return sign + _paren(self._print(expr))
        numer, denom = fraction(expr, exact=True)
        if denom is S.One:
            return sign + self._print_factors(numer)
        return sign + r"\frac{%s}{%s}" % (self._print_factors(numer), self._print_factors(denom))

    def _print_Derivative(self, expr):
        from sympy.printing.conventions import requires_partial

        if requires_partial(expr.expr):
            d = r"\partial"
        else:
            d = self._settings["diff_operator_latex"]
        denominator = []
        order = 0
        for var, num in reversed(expr.variable_count):
            order += num
            if num == 1:
                denominator.append(r"%s %s" % (d, self._print(var)))
            else:
                denominator.append(r"%s %s^{%s}" % (
                    d, self.parenthesize_super(self._print(var)), self._print(num)))
        if order == 1:
            op = r"\frac{%s}{%s}" % (d, " ".join(denominator))
        else:
            op = r"\frac{%s^{%s}}{%s}" % (d, self._print(order), " ".join(denominator))
        inner = expr.expr
        tex = self._print(inner)
        if (inner.is_Add or inner.is_Relational or inner.could_extract_minus_sign()
                or (inner.is_Mul and not tex.startswith(r"\frac"))
                or isinstance(inner, (Sum, Product, Integral))):
            tex = _paren(tex)
        return r"%s %s" % (op, tex)

    def _print_Subs(self, subs):
        expr, old, new = subs.args
        if (isinstance(expr, Derivative) and len(old) == 1 and isinstance(expr.expr, Function)
                and expr.expr.args == (old[0],) and set(expr.variables) == {old[0]}):
            fn = expr.expr
            n = sum(c for _, c in expr.variable_count)
            if isinstance(fn, NNFunction):
                name = self.nn_name(type(fn))
            else:
                name = self._hprint_Function(fn.func.__name__)
            primes = "'" * n if n <= 3 else "^{(%d)}" % n
            return name + primes + _paren(self._print(new[0]))
        return super()._print_Subs(subs)

    # -- matrices and arrays ---------------------------------------------------------------

    def _print_Indexed(self, expr):
        r"""Layer-indexed names such as ``w^{(\ell+1)}`` print textbook style: ``w_{jk}^{(\ell+1)}``
        (indices run together when each is one letter, else they are separated by commas)."""
        name = str(expr.base.label)
        m = re.fullmatch(r"([^_^]+)(\^\{\(.*\)\})", name)
        indices = [self._print(i) for i in expr.indices]
        if m is None:  # y_{k}, \hat{y}_{j}, w_{h j}: no braces around the base
            sep = " " if all(len(t) == 1 for t in indices) else ", "
            return r"%s_{%s}" % (self._deal_with_super_sub(name), sep.join(indices))
        sep = "" if all(len(t) == 1 for t in indices) else ", "
        return r"%s_{%s}%s" % (self._deal_with_super_sub(m.group(1)), sep.join(indices), m.group(2))

    def _print_MatAdd(self, expr):
        out = ""
        for i, term in enumerate(ordered_matrix_terms(expr.args)):
            negative, term = _matrix_sign(term)
            tex = self._print(term)
            if i == 0:
                out = ("- " if negative else "") + tex
            else:
                out += (" - " if negative else " + ") + tex
        return out

    def _print_Identity(self, expr):
        return "I"

    def _print_OneMatrix(self, expr):
        return r"\mathbf{1}"

    def _print_Transpose(self, expr):
        if isinstance(expr.arg, OneMatrix):  # \mathbf{1}^{T}, not (\mathbf{1})^{T}
            return r"\mathbf{1}^{T}"
        return super()._print_Transpose(expr)

    def _print_Determinant(self, expr):
        return r"\det" + _paren(self._print(expr.arg))

    def _print_MatMul(self, expr):
        # The scalar coefficient first and without parentheses: \frac{1}{2} X^{T} X, - \frac{1}{n} X^{T} Y.
        coeff, mats = expr.as_coeff_matrices()
        negative = bool(coeff.as_coeff_Mul()[0].is_negative)
        coeff = -coeff if negative else coeff
        parts = []
        if coeff != 1:
            parts.append(_paren(self._print(coeff)) if coeff.is_Add else self._print(coeff))
        level = precedence_traditional(expr)
        parts += [self.parenthesize(m, level, False) for m in mats]
        return ("- " if negative else "") + " ".join(parts)

    def _print_MatrixElement(self, expr):
        if expr.parent.shape == (1, 1):  # the entry of a 1×1 product is the product: σ(w^T x)
            return self._print(expr.parent)
        return super()._print_MatrixElement(expr)

    def _print_Inverse(self, expr):
        if isinstance(expr.arg, Transpose) and expr.arg.arg.is_symbol:  # (A^T)^{-1} = A^{-T}
            return r"%s^{-T}" % self._print(expr.arg.arg)
        return self._print_MatPow(expr)

    def _print_HadamardProduct(self, expr):
        return r" \odot ".join(
            self.parenthesize(arg, PRECEDENCE["Pow"], strict=True) for arg in expr.args)

    def _print_HadamardPower(self, expr):
        return self._helper_print_standard_power(expr, r"%s^{\odot %s}")

    def _print_array_expression(self, expr, fallback: str) -> str:
        try:
            from sympy.tensor.array.expressions.from_array_to_matrix import (
                convert_array_to_matrix,
            )

            converted = convert_array_to_matrix(expr)
        except Exception:  # pragma: no cover - SymPy internals vary between versions
            converted = expr
        if converted != expr and type(converted).__module__.split(".")[:4] != \
                type(expr).__module__.split(".")[:4]:
            return self._print(converted)
        return fallback

    def _print_PermuteDims(self, expr):
        perm = list(expr.permutation.array_form)
        base = self.parenthesize(expr.expr, PRECEDENCE["Pow"], strict=True)
        if perm == [1, 0]:
            return (r"{%s}^{T}" if "^" in base else r"%s^{T}") % base
        fallback = r"\operatorname{permute}_{(%s)}%s" % (
            ", ".join(str(p) for p in perm), _paren(self._print(expr.expr)))
        return self._print_array_expression(expr, fallback)

    def _print_ArrayTensorProduct(self, expr):
        fallback = r" \otimes ".join(
            self.parenthesize(a, PRECEDENCE["Mul"], strict=True) for a in expr.args)
        return self._print_array_expression(expr, fallback)

    def _print_ArrayContraction(self, expr):
        idx = ", ".join("(%s)" % ", ".join(str(i) for i in c) for c in expr.contraction_indices)
        fallback = r"\operatorname{contract}_{%s}%s" % (idx, _paren(self._print(expr.expr)))
        return self._print_array_expression(expr, fallback)

    def _print_ArrayDiagonal(self, expr):
        idx = ", ".join("(%s)" % ", ".join(str(i) for i in c) for c in expr.diagonal_indices)
        fallback = r"\operatorname{diag}_{%s}%s" % (idx, _paren(self._print(expr.expr)))
        return self._print_array_expression(expr, fallback)

    def _print_ArrayAdd(self, expr):
        fallback = " + ".join(self._print(a) for a in expr.args)
        return self._print_array_expression(expr, fallback)


def _matrix_weight(term: Basic) -> int:
    """How many matrix symbols a term holds (a data term before a regulariser)."""
    return sum(1 for node in sympy.preorder_traversal(term) if isinstance(node, MatrixSymbol))


def ordered_matrix_terms(terms: Iterable[Basic]) -> list[Basic]:
    """Terms of a matrix sum in reading order: most matrix symbols first, otherwise SymPy's order
    (``X^T (X W - Y)/n + λ W``, ``X W - Y``, ``X^T X/n + λ I``)."""
    return sorted(terms, key=lambda t: -_matrix_weight(t))


def _matrix_sign(term: Basic) -> tuple[bool, Basic]:
    """(negative?, positive part) of a matrix term ``c·A·B…``."""
    if isinstance(term, MatMul):
        coeff, mats = term.as_coeff_matrices()
        if coeff.as_coeff_Mul()[0].is_negative:
            coeff = -coeff
            if coeff == 1:
                return True, (MatMul(*mats) if len(mats) > 1 else mats[0])
            return True, MatMul(coeff, *mats)
    return False, term


def latex(expr: Any, **settings: Any) -> str:
    r"""LaTeX of a SymPy expression (or relation) in symnn's house style.

    ``settings`` are those of :func:`sympy.latex` (``mode``, ``ln_notation``, ...).  Strings are
    refused: user text goes through :func:`symnn.latex.parser.parse_latex`, never ``sympify``.

    >>> from sympy import Symbol, Eq, exp
    >>> from symnn.vocabulary import sigmoid
    >>> x = Symbol("x")
    >>> print(latex(Eq(exp(-x), (1 - sigmoid(x)) / sigmoid(x))))
    e^{- x} = \frac{1 - \sigma(x)}{\sigma(x)}
    """
    if isinstance(expr, str):
        raise TypeError("latex() prints SymPy expressions; parse LaTeX text with parse_latex()")
    if isinstance(expr, (int, float)):
        expr = sympy.Integer(expr) if isinstance(expr, int) else sympy.Float(expr)
    return NNLatexPrinter(settings).doprint(expr)


def house_latex(expr: Any, printer: Any, **kwargs: Any) -> str:
    r"""The ``_latex`` hook of symnn's functions: SymPy's own ``latex()`` (and Jupyter's display of
    a bare expression) prints them in house style, ``\sigma(x)`` not ``\operatorname{sigmoid}``.

    Inside symnn's printer it hands over to the printer's rule for the class (found along the
    class's MRO), so there is no recursion.

    >>> import sympy
    >>> from symnn.vocabulary import sigmoid
    >>> sympy.latex(sigmoid(sympy.Symbol("x")) ** 2)
    '\\sigma(x)^{2}'
    """
    if isinstance(printer, NNLatexPrinter):
        for cls in type(expr).__mro__:
            method = getattr(printer, "_print_" + cls.__name__, None)
            if method is not None:
                return method(expr, **kwargs)
        return printer.emptyPrinter(expr)  # pragma: no cover - every Function has _print_Function
    text = latex(expr)
    exp = kwargs.get("exp")
    return r"%s^{%s}" % (text, exp) if exp is not None else text


# --------------------------------------------------------------------------- the plain printer

_PLAIN_NAMES = {
    "sigmoid": "σ",
    "relu": "ReLU",
    "softplus": "softplus",
    "mse": "MSE",
    "binary_cross_entropy": "BCE",
    "softmax": "softmax",
    "log_softmax": "log_softmax",
    "cross_entropy": "CE",
    "gelu": "GELU",
    "silu": "SiLU",
    "elu": "ELU",
    "leaky_relu": "LeakyReLU",
    "logit": "logit",
}


def _plain_symbol_name(name: str) -> str:
    """``yhat_j`` → ``ŷ_j``, ``beta_j`` → ``β_j``, ``x`` → ``x``, ``W^{(\\ell+1)}`` → ``W^(ℓ+1)``."""
    labelled = re.fullmatch(r"(.+?)\^\{\((.*)\)\}", name)
    if labelled:  # a layer label (W^{(l)}): plain base, label in parentheses, Greek as letters
        label = re.sub(r"\\([A-Za-z]+) ?", lambda g: greek_unicode.get(g.group(1), "ℓ" if g.group(1) == "ell"
                                                                        else g.group(1)), labelled.group(2))
        return "%s^(%s)" % (_plain_symbol_name(labelled.group(1)), label)
    base, sep, sub = name.partition("_")
    if base.endswith("hat") and len(base) > 3:
        core = _plain_symbol_name(base[:-3])
        base = unicodedata.normalize("NFC", core + "\u0302")
    elif base in greek_unicode:
        base = greek_unicode[base]
    if sep:
        sub = "_".join(greek_unicode.get(p, p) for p in sub.split("_"))
    return base + sep + sub


class NNStrPrinter(StrPrinter):
    """Readable one-line plain text: σ(x)*(1 - σ(x)), ŷ_j - y_j, d/dx σ(x), x^2.

    >>> from sympy import Symbol, Derivative
    >>> from symnn.vocabulary import sigmoid
    >>> x, yhat, y = Symbol("x"), Symbol("yhat_j"), Symbol("y_j")
    >>> NNStrPrinter().doprint(Derivative(sigmoid(x), x))
    'd/dx σ(x)'
    >>> NNStrPrinter().doprint(yhat - y)
    'ŷ_j - y_j'
    """

    def _print_Symbol(self, expr):
        return _plain_symbol_name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Exp1(self, expr):
        return "e"

    def _print_NNFunction(self, expr):
        cls = type(expr)
        name = _PLAIN_NAMES.get(cls.__name__, cls.__name__)
        return "%s(%s)" % (name, self.stringify(expr.args, ", "))

    def _print_indicator(self, expr):
        return "𝕀(%s > 0)" % self._print(expr.args[0])

    def _print_Function(self, expr):
        if isinstance(expr, NNFunction):
            return self._print_NNFunction(expr)
        return super()._print_Function(expr)

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)
        if isinstance(expr, Add) and (order or self.order) not in ("old", "none"):
            return ordered_terms(terms)
        return terms

    def _plain_factors(self, expr: Expr) -> str:
        prec = PRECEDENCE["Mul"]
        if not expr.is_Mul:
            return self._print(expr)
        return "*".join(self.parenthesize(f, prec, strict=False)
                        for f in ordered_factors(Mul.make_args(expr)))

    def _print_Mul(self, expr):
        if not _simple_mul(expr):
            return super()._print_Mul(expr)
        negative, expr = _extract_sign(expr)
        sign = "-" if negative else ""
        if expr.is_Add:
            return "%s(%s)" % (sign, self._print(expr))
        numer, denom = fraction(expr, exact=True)
        num = self._plain_factors(numer)
        if denom is S.One:
            return sign + num
        if numer.is_Add:
            num = "(%s)" % num
        den = self._plain_factors(denom)
        if not (denom.is_Atom or denom.is_Pow or isinstance(denom, (Function, Indexed))):
            den = "(%s)" % den
        return "%s%s/%s" % (sign, num, den)

    def _print_Pow(self, expr, rational=False):
        if expr.exp is S.Half and not rational:
            return "sqrt(%s)" % self._print(expr.base)
        if expr.is_commutative and expr.exp.is_negative:
            return self._print_Mul(expr)
        prec = precedence(expr)
        base = self.parenthesize(expr.base, prec, strict=False)
        e = self.parenthesize(expr.exp, prec, strict=False)
        if not expr.exp.is_Atom and not e.startswith("("):
            e = "(%s)" % e
        return "%s^%s" % (base, e)

    def _print_Derivative(self, expr):
        from sympy.printing.conventions import requires_partial

        d = "∂" if requires_partial(expr.expr) else "d"
        order = sum(c for _, c in expr.variable_count)
        den = "".join(
            "%s%s" % (d, self._print(v)) + ("^%d" % c if c > 1 else "")
            for v, c in expr.variable_count)
        op = "%s/%s" % (d if order == 1 else "%s^%d" % (d, order), den)
        inner = self._print(expr.expr)
        if expr.expr.is_Add or expr.expr.is_Mul or expr.expr.is_Pow:
            inner = "(%s)" % inner
        return "%s %s" % (op, inner)

    def _print_Subs(self, expr):
        inner, old, new = expr.args
        if (isinstance(inner, Derivative) and len(old) == 1 and isinstance(inner.expr, Function)
                and inner.expr.args == (old[0],) and set(inner.variables) == {old[0]}):
            n = sum(c for _, c in inner.variable_count)
            fn = inner.expr
            name = _PLAIN_NAMES.get(fn.func.__name__, fn.func.__name__)
            return "%s%s(%s)" % (name, "'" * n, self._print(new[0]))
        return super()._print_Subs(expr)

    def _print_Sum(self, expr):
        limits = ", ".join(
            "%s=%s..%s" % tuple(self._print(a) for a in lim) if len(lim) == 3
            else self._print(lim[0]) for lim in expr.limits)
        body = self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=False)
        return "Σ_{%s} %s" % (limits, body)

    def _print_Max(self, expr):
        return "max(%s)" % self.stringify(expr.args, ", ")

    # -- matrices: A^T, A^-1, tr(A), det(A), A ⊙ B, I

    def _print_MatAdd(self, expr):
        out = ""
        for i, term in enumerate(ordered_matrix_terms(expr.args)):
            negative, term = _matrix_sign(term)
            text = self._print(term)
            out = (("-" if negative else "") + text if i == 0
                   else out + (" - " if negative else " + ") + text)
        return out

    def _print_Transpose(self, expr):
        arg = self.parenthesize(expr.arg, PRECEDENCE["Pow"], strict=True)
        return "%s^T" % ("(%s)" % arg if isinstance(expr.arg, MatrixSymbol) and "^" in arg else arg)

    def _print_MatrixSymbol(self, expr):
        return _plain_symbol_name(expr.name)

    def _print_Inverse(self, expr):
        if isinstance(expr.arg, Transpose) and expr.arg.arg.is_symbol:
            return "%s^-T" % self._print(expr.arg.arg)
        return "%s^-1" % self.parenthesize(expr.arg, PRECEDENCE["Pow"], strict=True)

    def _print_Identity(self, expr):
        return "I"

    def _print_MatrixElement(self, expr):
        if expr.parent.shape == (1, 1):
            return self._print(expr.parent)
        return super()._print_MatrixElement(expr)

    def _print_Trace(self, expr):
        return "tr(%s)" % self._print(expr.arg)

    def _print_Determinant(self, expr):
        return "det(%s)" % self._print(expr.arg)

    def _print_HadamardProduct(self, expr):
        return " ⊙ ".join(self.parenthesize(a, PRECEDENCE["Mul"], strict=True) for a in expr.args)

    def _print_Min(self, expr):
        return "min(%s)" % self.stringify(expr.args, ", ")

    def _print(self, expr, **kwargs):
        # Indexed carries its own _sympystr hook, which would win over _print_Indexed.
        if isinstance(expr, sympy.Indexed):
            return self._print_Indexed(expr)
        return super()._print(expr, **kwargs)

    def _print_Indexed(self, expr):
        """ŷ_j, w_hj, x_{10}: one-character indices run together, others go in braces."""
        base = self._print(expr.base)
        indices = [self._print(i) for i in expr.indices]
        if all(len(t) == 1 for t in indices):
            return "%s_%s" % (base, "".join(indices))
        return "%s_{%s}" % (base, ",".join(indices))

    def _print_IndexedBase(self, expr):
        return _plain_symbol_name(str(expr.label))

    def _print_softmax(self, expr):
        return "softmax(%s)_%s" % (self._print(expr.args[0]), self._print(expr.args[1]))

    def _print_log_softmax(self, expr):
        return "log softmax(%s)_%s" % (self._print(expr.args[0]), self._print(expr.args[1]))

    def _print_cross_entropy(self, expr):
        return "H(%s, %s)" % (self._print(expr.args[0]), self._print(expr.args[1]))

    def _print_entropy(self, expr):
        return "H(%s)" % self._print(expr.args[0])

    def _print_kl_divergence(self, expr):
        return "D_KL(%s || %s)" % (self._print(expr.args[0]), self._print(expr.args[1]))

    def _print_logsumexp(self, expr):
        return "logsumexp(%s)" % self._print(expr.args[0])

    def _print_KroneckerDelta(self, expr):
        return "δ_%s%s" % (self._print(expr.args[0]), self._print(expr.args[1]))

    def _print_Relational(self, expr):
        ops = {"==": "=", "!=": "≠", ">=": "≥", "<=": "≤"}
        op = ops.get(expr.rel_op, expr.rel_op)
        return "%s %s %s" % (self._print(expr.lhs), op, self._print(expr.rhs))


def plain(expr: Any) -> str:
    """One-line readable plain text of an expression (σ for the sigmoid, ŷ for yhat, ^ for powers).

    >>> from sympy import Symbol, exp
    >>> x = Symbol("x")
    >>> plain(exp(-x) / (1 + exp(-x))**2)
    'exp(-x)/(1 + exp(-x))^2'
    """
    if isinstance(expr, str):
        raise TypeError("plain() prints SymPy expressions, not text")
    if isinstance(expr, (int, float)):
        expr = sympy.Integer(expr) if isinstance(expr, int) else sympy.Float(expr)
    return NNStrPrinter().doprint(expr)
