"""The neural-network vocabulary: activations and losses as SymPy functions.

Every function here carries the four things symnn needs from it (a registry test enforces this):

* ``fdiff`` — the derivative in closed form, written in terms of the function itself
  (σ′ = σ(1−σ)), so that SymPy's own ``diff`` yields textbook results;
* ``definition`` — the elementary definition (σ(x) = 1/(1+e^{−x})), also reachable through
  ``expr.rewrite(exp)``;
* a LaTeX printer rule (``latex_macro``, used by :mod:`symnn.latex.printer`);
* ``numpy_impl`` — a NumPy implementation used by ``lambdify`` (it accepts complex input for the
  analytic functions, which the complex-step derivative needs).

SymPy's own ``tanh`` completes the activations; it already has all four.

>>> from sympy import Symbol, diff, exp
>>> x = Symbol("x")
>>> diff(sigmoid(x), x)
(1 - sigmoid(x))*sigmoid(x)
>>> sigmoid(x).rewrite(exp)
1/(1 + exp(-x))
>>> sigmoid(0)
1/2
"""

from __future__ import annotations

from typing import Callable, ClassVar

import math

import mpmath
import sympy
from sympy import Expr, Function, Max, Piecewise, Rational, S, erf, exp, log, pi, sqrt, tanh
from sympy.core.function import ArgumentIndexError

from ._lazy import numpy as np  # imported at first use (see symnn._lazy)


__all__ = [
    "NNFunction",
    "sigmoid",
    "relu",
    "softplus",
    "indicator",
    "mse",
    "binary_cross_entropy",
    "gelu",
    "silu",
    "elu",
    "leaky_relu",
    "logit",
    "erf",
    "ACTIVATIONS",
    "LOSSES",
    "registry",
    "numpy_namespace",
    "expand_definitions",
    "rewrite_bottom_up",
    "nonsmooth_arguments",
]


class NNFunction(Function):
    """Base class of symnn's vocabulary functions.

    Subclasses set ``latex_macro`` (how the printer names them), implement ``definition`` (the
    elementary formula) and ``numpy_impl``, and give ``fdiff``.  Subclasses register themselves in
    :data:`registry` by class name.  ``smooth`` is False for functions with kinks (ReLU, the
    indicator): the numeric witness then avoids complex steps and points near the kink.
    """

    latex_macro: ClassVar[str] = ""
    smooth: ClassVar[bool] = True
    #: Human name used in proofs ("definition of the sigmoid").
    display_name: ClassVar[str] = ""
    _registry: ClassVar[dict[str, type["NNFunction"]]] = {}

    def _latex(self, printer, **kwargs):
        from .latex.printer import house_latex  # σ(x), not \operatorname{sigmoid}, in sympy.latex too

        return house_latex(self, printer, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        NNFunction._registry[cls.__name__] = cls

    @classmethod
    def definition(cls, *args: Expr) -> Expr:  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def numpy_impl(*args):  # pragma: no cover - abstract
        raise NotImplementedError

    def _eval_rewrite_as_exp(self, *args, **kwargs):
        return self.definition(*args)

    def _eval_rewrite_as_definition(self, *args, **kwargs):
        return self.definition(*args)

    def _eval_is_real(self):
        return all(a.is_real for a in self.args) or None

    def _eval_is_extended_real(self):
        return all(a.is_extended_real for a in self.args) or None


# --------------------------------------------------------------------------- activations


class sigmoid(NNFunction):
    r"""The logistic sigmoid σ(x) = 1/(1+e^{−x}).

    >>> from sympy import Symbol, oo
    >>> x = Symbol("x")
    >>> sigmoid(x).diff(x, 2).factor()
    (sigmoid(x) - 1)*(2*sigmoid(x) - 1)*sigmoid(x)
    >>> sigmoid(oo), sigmoid(-oo)
    (1, 0)
    """

    nargs = 1
    latex_macro = r"\sigma"
    display_name = "the sigmoid"

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return S.Half
        if arg is S.Infinity:
            return S.One
        if arg is S.NegativeInfinity:
            return S.Zero
        if isinstance(arg, logit):  # σ(σ⁻¹(p)) = p
            return arg.args[0]

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self * (1 - self)

    @classmethod
    def definition(cls, x):
        return 1 / (1 + exp(-x))

    @staticmethod
    def numpy_impl(x):
        # σ(x) = (1 + tanh(x/2))/2: overflow-free for large |x| and valid for complex x.
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x)))

    def _eval_is_positive(self):
        if self.args[0].is_extended_real:
            return True

    def _eval_is_nonnegative(self):
        if self.args[0].is_extended_real:
            return True


class softplus(NNFunction):
    r"""softplus(x) = log(1 + e^{x}); its derivative is σ(x).

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> softplus(x).diff(x)
    sigmoid(x)
    """

    nargs = 1
    latex_macro = r"\operatorname{softplus}"
    display_name = "softplus"

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return log(2)

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return sigmoid(self.args[0])

    @classmethod
    def definition(cls, x):
        return log(1 + exp(x))

    @staticmethod
    def numpy_impl(x):
        x = np.asarray(x)
        if np.iscomplexobj(x):
            return np.log1p(np.exp(x))
        return np.logaddexp(0.0, x)


class indicator(NNFunction):
    r"""The indicator 𝕀(x > 0): 1 for x > 0, 0 otherwise.

    It is ReLU's derivative away from 0.  Its own derivative is 0 wherever it exists (everywhere
    but x = 0, where it jumps).

    >>> from sympy import Symbol
    >>> indicator(2), indicator(0), indicator(-1)
    (1, 0, 0)
    """

    nargs = 1
    latex_macro = r"\mathbb{I}"
    smooth = False
    display_name = "the indicator"

    @classmethod
    def eval(cls, arg):
        if arg.is_extended_positive:
            return S.One
        if arg.is_extended_nonpositive:
            return S.Zero

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        # Zero almost everywhere; the jump at 0 is reported by nonsmooth_arguments().
        return S.Zero

    @classmethod
    def definition(cls, x):
        return Piecewise((S.One, x > 0), (S.Zero, True))

    @staticmethod
    def numpy_impl(x):
        return (np.real(np.asarray(x)) > 0).astype(float)


class relu(NNFunction):
    r"""ReLU(x) = max(0, x); derivative 𝕀(x > 0), undefined at x = 0.

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> relu(x).diff(x)
    indicator(x)
    >>> relu(-3), relu(Symbol("p", positive=True))
    (0, p)
    """

    nargs = 1
    latex_macro = r"\operatorname{ReLU}"
    smooth = False
    display_name = "ReLU"

    @classmethod
    def eval(cls, arg):
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return S.Zero

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return indicator(self.args[0])

    @classmethod
    def definition(cls, x):
        return Max(S.Zero, x)

    @staticmethod
    def numpy_impl(x):
        x = np.asarray(x)
        return np.where(np.real(x) > 0, x, 0.0 * x)

    def _eval_is_nonnegative(self):
        if self.args[0].is_extended_real:
            return True


def _erf_numpy(x):
    """erf for NumPy arrays, real or complex (the complex step needs an analytic erf)."""
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return np.vectorize(lambda z: complex(mpmath.erf(complex(z))), otypes=[complex])(x)
    return np.vectorize(math.erf, otypes=[float])(x)


def _sigmoid_numpy(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x)))


class _ThroughOrigin(NNFunction):
    """A one-argument activation with f(0) = 0 whose derivative is ``derivative(x)``."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return S.Zero

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self.derivative(self.args[0])

    @classmethod
    def derivative(cls, x):  # pragma: no cover - abstract
        raise NotImplementedError


NNFunction._registry.pop("_ThroughOrigin")


class gelu(_ThroughOrigin):
    r"""GELU(x) = x Φ(x) = ½ x (1 + erf(x/√2)), the exact Gaussian error linear unit.

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> gelu(0), gelu(x).diff(x).subs(x, 0)
    (0, 1/2)
    """

    latex_macro = r"\operatorname{GELU}"
    display_name = "GELU"

    @classmethod
    def derivative(cls, x):
        return (1 + erf(x / sqrt(2))) / 2 + x * exp(-x**2 / 2) / sqrt(2 * pi)

    @classmethod
    def definition(cls, x):
        return x * (1 + erf(x / sqrt(2))) / 2

    @staticmethod
    def numpy_impl(x):
        x = np.asarray(x)
        return 0.5 * x * (1.0 + _erf_numpy(x / np.sqrt(2.0)))


class silu(_ThroughOrigin):
    r"""SiLU(x) = x σ(x) (also called swish); SiLU′(x) = σ(x)(1 + x(1 − σ(x))).

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> silu(x).diff(x)
    x*(1 - sigmoid(x))*sigmoid(x) + sigmoid(x)
    """

    latex_macro = r"\operatorname{SiLU}"
    display_name = "SiLU"

    @classmethod
    def derivative(cls, x):
        return sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))

    @classmethod
    def definition(cls, x):
        return x / (1 + exp(-x))

    @staticmethod
    def numpy_impl(x):
        x = np.asarray(x)
        return x * _sigmoid_numpy(x)


class elu(NNFunction):
    r"""ELU(x, α) = x for x > 0, α(eˣ − 1) otherwise (``\mathrm{ELU}(x)`` has α = 1).

    >>> from sympy import Symbol
    >>> x, a = Symbol("x"), Symbol("alpha")
    >>> elu(x, a).diff(x)
    alpha*(1 - indicator(x))*exp(x) + indicator(x)
    """

    nargs = 2
    latex_macro = r"\operatorname{ELU}"
    smooth = False
    display_name = "ELU"

    @classmethod
    def eval(cls, x, alpha):
        if x.is_extended_positive:
            return x
        if x.is_extended_nonpositive:
            return alpha * (exp(x) - 1)

    def fdiff(self, argindex=1):
        x, alpha = self.args
        if argindex == 1:
            return indicator(x) + (1 - indicator(x)) * (alpha * exp(x))
        if argindex == 2:
            return (1 - indicator(x)) * (exp(x) - 1)
        raise ArgumentIndexError(self, argindex)

    @classmethod
    def definition(cls, x, alpha):
        return Piecewise((x, x > 0), (alpha * (exp(x) - 1), True))

    @staticmethod
    def numpy_impl(x, alpha):
        x = np.asarray(x)
        return np.where(np.real(x) > 0, x, alpha * (np.exp(x) - 1.0))


class leaky_relu(NNFunction):
    r"""LeakyReLU(x, α) = x for x > 0, αx otherwise (``\mathrm{LeakyReLU}(x)`` has α = 0.01).

    >>> from sympy import Symbol
    >>> x, a = Symbol("x"), Symbol("alpha")
    >>> leaky_relu(x, a).diff(x)
    alpha*(1 - indicator(x)) + indicator(x)
    """

    nargs = 2
    latex_macro = r"\operatorname{LeakyReLU}"
    smooth = False
    display_name = "leaky ReLU"
    #: The slope when the source writes none.
    DEFAULT_SLOPE = Rational(1, 100)

    @classmethod
    def eval(cls, x, alpha):
        if x.is_extended_nonnegative:
            return x
        if x.is_extended_nonpositive:
            return alpha * x

    def fdiff(self, argindex=1):
        x, alpha = self.args
        if argindex == 1:
            return indicator(x) + alpha * (1 - indicator(x))
        if argindex == 2:
            return (1 - indicator(x)) * x
        raise ArgumentIndexError(self, argindex)

    @classmethod
    def definition(cls, x, alpha):
        return Piecewise((x, x > 0), (alpha * x, True))

    @staticmethod
    def numpy_impl(x, alpha):
        x = np.asarray(x)
        return np.where(np.real(x) > 0, x, alpha * x)


class logit(NNFunction):
    r"""logit(p) = log(p/(1 − p)) = σ⁻¹(p), for 0 < p < 1.

    >>> from sympy import Symbol
    >>> p = Symbol("p")
    >>> logit(p).diff(p), logit(sigmoid(p)), sigmoid(logit(p))
    (1/(p*(1 - p)), p, p)
    """

    nargs = 1
    latex_macro = r"\operatorname{logit}"
    display_name = "the logit"

    @classmethod
    def eval(cls, arg):
        if arg == S.Half:
            return S.Zero
        if isinstance(arg, sigmoid):  # σ⁻¹(σ(x)) = x
            return arg.args[0]

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        p = self.args[0]
        return 1 / (p * (1 - p))

    @classmethod
    def definition(cls, p):
        return log(p) - log(1 - p)

    @staticmethod
    def numpy_impl(p):
        p = np.asarray(p)
        return np.log(p) - np.log(1.0 - p)


# --------------------------------------------------------------------------- losses


class mse(NNFunction):
    r"""Squared-error loss of one prediction, with the customary ½: mse(ŷ, y) = ½(ŷ − y)².

    The ½ makes the gradient ŷ − y, the convention of the backpropagation literature.

    >>> from sympy import symbols
    >>> yhat, y = symbols("yhat y")
    >>> mse(yhat, y).diff(yhat)
    -y + yhat
    """

    nargs = 2
    latex_macro = r"\operatorname{MSE}"
    display_name = "the squared-error loss"

    def fdiff(self, argindex=1):
        yhat, y = self.args
        if argindex == 1:
            return yhat - y
        if argindex == 2:
            return y - yhat
        raise ArgumentIndexError(self, argindex)

    @classmethod
    def definition(cls, yhat, y):
        return (yhat - y) ** 2 / 2

    @staticmethod
    def numpy_impl(yhat, y):
        return 0.5 * (np.asarray(yhat) - np.asarray(y)) ** 2


class binary_cross_entropy(NNFunction):
    r"""Binary cross-entropy of a predicted probability ŷ against a label y:
    BCE(ŷ, y) = −(y log ŷ + (1 − y) log(1 − ŷ)).

    >>> from sympy import symbols, simplify
    >>> p, y = symbols("p y")
    >>> simplify(binary_cross_entropy(p, y).diff(p) - (p - y)/(p*(1 - p)))
    0
    """

    nargs = 2
    latex_macro = r"\operatorname{BCE}"
    display_name = "the binary cross-entropy"

    def fdiff(self, argindex=1):
        yhat, y = self.args
        if argindex == 1:
            return (yhat - y) / (yhat * (1 - yhat))
        if argindex == 2:
            return log(1 - yhat) - log(yhat)
        raise ArgumentIndexError(self, argindex)

    @classmethod
    def definition(cls, yhat, y):
        return -(y * log(yhat) + (1 - y) * log(1 - yhat))

    @staticmethod
    def numpy_impl(yhat, y):
        yhat, y = np.asarray(yhat), np.asarray(y)
        return -(y * np.log(yhat) + (1 - y) * np.log(1 - yhat))


# --------------------------------------------------------------------------- tables

#: Activation functions, SymPy's tanh included.
ACTIVATIONS: tuple[type[Function], ...] = (sigmoid, tanh, relu, softplus, gelu, silu, elu, leaky_relu)
#: Loss functions.
LOSSES: tuple[type[NNFunction], ...] = (mse, binary_cross_entropy)


def registry() -> dict[str, type[NNFunction]]:
    """Every vocabulary class by name (those of later modules included once imported).

    >>> sorted(registry())[:4]
    ['binary_cross_entropy', 'elu', 'gelu', 'indicator']
    """
    return dict(NNFunction._registry)


def numpy_namespace() -> dict[str, Callable]:
    """The ``lambdify`` namespace mapping each vocabulary name to its NumPy implementation.

    >>> from sympy import Symbol, lambdify
    >>> x = Symbol("x")
    >>> float(lambdify(x, sigmoid(x), [numpy_namespace(), "numpy"])(0.0))
    0.5
    """
    names = {name: cls.numpy_impl for name, cls in NNFunction._registry.items()}
    names["erf"] = _erf_numpy  # SymPy's erf (GELU's definition): NumPy has none
    return names


def expand_definitions(expr: Expr, classes: tuple[type[NNFunction], ...] | None = None) -> Expr:
    """Replace vocabulary functions by their elementary definitions (innermost first).

    ``classes`` restricts the expansion; by default every registered class is expanded.

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> expand_definitions(softplus(sigmoid(x)))
    log(exp(1/(1 + exp(-x))) + 1)
    """
    targets = tuple(classes) if classes is not None else tuple(NNFunction._registry.values())
    return rewrite_bottom_up(expr, lambda node: isinstance(node, targets), lambda node: node.func.definition(*node.args))


def rewrite_bottom_up(expr: Expr, is_target, rewrite) -> Expr:
    """Rebuild ``expr`` from the leaves up, replacing each node with ``is_target(node)`` by
    ``rewrite(node)`` once its arguments are rewritten (so definitions nest correctly).

    >>> from sympy import Symbol, exp
    >>> x = Symbol("x")
    >>> rewrite_bottom_up(sigmoid(sigmoid(x)), lambda n: isinstance(n, sigmoid), lambda n: 2 * n.args[0])
    4*x
    """

    def walk(node):
        if not node.args:
            return node
        new_args = [walk(a) for a in node.args]
        if any(n is not o for n, o in zip(new_args, node.args)):
            node = node.func(*new_args)
        return rewrite(node) if is_target(node) else node

    return walk(expr)


def nonsmooth_arguments(expr: Expr) -> list[Expr]:
    """Arguments g of the non-smooth functions in ``expr``: the derivative may not exist where g = 0.

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> nonsmooth_arguments(relu(2*x - 1) + sigmoid(x))
    [2*x - 1]
    """
    found: list[Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, NNFunction) and not node.smooth:
            if node.args[0] not in found:
                found.append(node.args[0])
        elif isinstance(node, (sympy.Abs, sympy.Heaviside, sympy.sign)) and node.args[0] not in found:
            found.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)) and len(node.args) == 2:
            diff = node.args[0] - node.args[1]
            if diff not in found:
                found.append(diff)
    return found
