r"""Indexed vocabulary: softmax, log-softmax, logsumexp and the information-theory losses over
k = 1..n classes, n a symbol (C) or a number.

Each function takes its vectors as SymPy ``IndexedBase`` objects (β, y, ŷ) and the class count
last.  Like the scalar vocabulary, each carries a closed-form derivative (with respect to an
entry β_k, written with Kronecker deltas), its definition (through ``Sum``), a NumPy implementation
and a printer rule (:mod:`symnn.latex.printer`).

>>> from sympy import IndexedBase, Symbol, diff
>>> C = Symbol("C", integer=True, positive=True)
>>> i, k = Symbol("i", integer=True), Symbol("k", integer=True)
>>> beta = IndexedBase("beta", real=True)
>>> diff(softmax(beta, i, C), beta[k])
(KroneckerDelta(i, k) - softmax(beta, k, C))*softmax(beta, i, C)
>>> softmax(beta, i, C).definition_expr()
exp(beta[i])/Sum(exp(beta[_m]), (_m, 1, C))
"""

from __future__ import annotations

from typing import ClassVar

import sympy
from sympy import Dummy, Expr, Function, Indexed, IndexedBase, KroneckerDelta, S, Sum, exp, log

from ._lazy import numpy as np
from .vocabulary import rewrite_bottom_up


def summation_index(name: str = "m") -> Dummy:
    """A fresh summation variable (integer)."""
    return Dummy(name, integer=True)


class IndexedFunction(Function):
    """Base class of the indexed vocabulary.

    Subclasses give ``definition_expr`` (the formula through ``Sum``), ``derivative_wrt(base, k)``
    (the closed-form derivative with respect to the entry ``base[k]``, or None when the function
    does not depend on ``base``), ``numpy_impl`` (on 0-based NumPy vectors, 1-based indices) and
    ``latex_macro``.
    """

    latex_macro: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    _registry: ClassVar[dict[str, type["IndexedFunction"]]] = {}

    def _latex(self, printer, **kwargs):
        from .latex.printer import house_latex  # σ(x), not \operatorname{sigmoid}, in sympy.latex too

        return house_latex(self, printer, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        IndexedFunction._registry[cls.__name__] = cls

    @property
    def count(self) -> Expr:
        """The number of classes n (the last argument)."""
        return self.args[-1]

    def definition_expr(self) -> Expr:  # pragma: no cover - abstract
        raise NotImplementedError

    def derivative_wrt(self, base: IndexedBase, k: Expr) -> Expr | None:  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def numpy_impl(*args):  # pragma: no cover - abstract
        raise NotImplementedError

    def _eval_derivative(self, s):
        if isinstance(s, Indexed) and len(s.indices) == 1:
            d = self.derivative_wrt(s.base, s.indices[0])
            if d is not None:
                return d
        if s in self.free_symbols or any(s.has(a) for a in self.args if isinstance(a, IndexedBase)):
            return sympy.diff(self.definition_expr(), s)
        return S.Zero

    def _eval_rewrite_as_Sum(self, *args, **kwargs):
        return self.definition_expr()

    def _eval_rewrite_as_exp(self, *args, **kwargs):
        return self.definition_expr()

    def _eval_is_real(self):
        return True


def _lse_np(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if np.iscomplexobj(x):  # complex step: no max-shift (it would not be analytic)
        return np.log(np.sum(np.exp(x)))
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


class softmax(IndexedFunction):
    r"""softmax(x)_i = e^{x_i} / Σ_{m=1}^{n} e^{x_m}.

    >>> import numpy as np
    >>> round(float(softmax.numpy_impl(np.array([0.0, np.log(3.0)]), 2)), 12)
    0.75
    """

    nargs = 3
    latex_macro = r"\operatorname{softmax}"
    display_name = "softmax"

    def definition_expr(self):
        x, i, n = self.args
        m = summation_index()
        return exp(x[i]) / Sum(exp(x[m]), (m, 1, n))

    def derivative_wrt(self, base, k):
        x, i, n = self.args
        if base != x:
            return S.Zero
        return self * (KroneckerDelta(i, k) - softmax(x, k, n))

    @staticmethod
    def numpy_impl(x, i):
        return np.exp(np.asarray(x)[int(i) - 1] - _lse_np(x))


class log_softmax(IndexedFunction):
    r"""log softmax(x)_i = x_i − log Σ_m e^{x_m}."""

    nargs = 3
    latex_macro = r"\log\operatorname{softmax}"
    display_name = "log-softmax"

    def definition_expr(self):
        x, i, n = self.args
        m = summation_index()
        return x[i] - log(Sum(exp(x[m]), (m, 1, n)))

    def derivative_wrt(self, base, k):
        x, i, n = self.args
        if base != x:
            return S.Zero
        return KroneckerDelta(i, k) - softmax(x, k, n)

    @staticmethod
    def numpy_impl(x, i):
        return np.asarray(x)[int(i) - 1] - _lse_np(x)


class logsumexp(IndexedFunction):
    r"""logsumexp(x) = log Σ_{m=1}^{n} e^{x_m}; its gradient is softmax(x)."""

    nargs = 2
    latex_macro = r"\operatorname{logsumexp}"
    display_name = "logsumexp"

    def definition_expr(self):
        x, n = self.args
        m = summation_index()
        return log(Sum(exp(x[m]), (m, 1, n)))

    def derivative_wrt(self, base, k):
        x, n = self.args
        return softmax(x, k, n) if base == x else S.Zero

    @staticmethod
    def numpy_impl(x):
        return _lse_np(x)


class cross_entropy(IndexedFunction):
    r"""Cross-entropy of a prediction q against labels p: H(p, q) = −Σ_k p_k log q_k."""

    nargs = 3
    latex_macro = r"\operatorname{CE}"
    display_name = "the cross-entropy"

    def definition_expr(self):
        p, q, n = self.args
        k = summation_index("k")
        return -Sum(p[k] * log(q[k]), (k, 1, n))

    def derivative_wrt(self, base, k):
        p, q, n = self.args
        if base == q:
            return -p[k] / q[k]
        if base == p:
            return -log(q[k])
        return S.Zero

    @staticmethod
    def numpy_impl(p, q):
        return -np.sum(np.asarray(p) * np.log(np.asarray(q)))


class entropy(IndexedFunction):
    r"""Entropy H(p) = −Σ_k p_k log p_k."""

    nargs = 2
    latex_macro = r"\operatorname{H}"
    display_name = "the entropy"

    def definition_expr(self):
        p, n = self.args
        k = summation_index("k")
        return -Sum(p[k] * log(p[k]), (k, 1, n))

    def derivative_wrt(self, base, k):
        p, n = self.args
        return -log(p[k]) - 1 if base == p else S.Zero

    @staticmethod
    def numpy_impl(p):
        p = np.asarray(p)
        return -np.sum(p * np.log(p))


class kl_divergence(IndexedFunction):
    r"""Kullback–Leibler divergence D_KL(p ‖ q) = Σ_k p_k log(p_k / q_k)."""

    nargs = 3
    latex_macro = r"D_{\mathrm{KL}}"
    display_name = "the Kullback-Leibler divergence"

    def definition_expr(self):
        p, q, n = self.args
        k = summation_index("k")
        return Sum(p[k] * log(p[k] / q[k]), (k, 1, n))

    def derivative_wrt(self, base, k):
        p, q, n = self.args
        if base == p:
            return log(p[k] / q[k]) + 1
        if base == q:
            return -p[k] / q[k]
        return S.Zero

    @staticmethod
    def numpy_impl(p, q):
        p, q = np.asarray(p), np.asarray(q)
        return np.sum(p * np.log(p / q))


def indexed_registry() -> dict[str, type[IndexedFunction]]:
    """Every indexed vocabulary class by name."""
    return dict(IndexedFunction._registry)


def expand_indexed_definitions(expr: Expr) -> Expr:
    """Replace every indexed vocabulary function by its ``Sum`` definition (innermost first)."""
    return rewrite_bottom_up(expr, lambda node: isinstance(node, IndexedFunction), lambda node: node.definition_expr())


__all__ = [
    "IndexedFunction",
    "softmax",
    "log_softmax",
    "logsumexp",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "indexed_registry",
    "expand_indexed_definitions",
    "summation_index",
]
