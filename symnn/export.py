r"""Closed forms as fast NumPy functions: matrix forms become matrix products, not index loops.

:func:`lambdify` compiles a closed form (a SymPy expression, a matrix expression, LaTeX, or a
:class:`~symnn.calculus.derivation.Derivation`) once into a Python function of NumPy arrays.  It
is SymPy's ``lambdify`` with symnn's vocabulary (σ, ReLU, softplus … as NumPy functions), common
subexpressions computed once (``cse=True``), and the matrix notation of the derivations: ``A B``
is ``A @ B``, ``A^T`` is ``A.T``, ``⊙`` is ``*``, and ``f′(Z)`` applies the SymPy-derived
derivative of the activation to every entry.  Column vectors in a formula may be given as
matrices with one column per sample: the δ recursion then runs on a whole batch at once.

>>> import numpy as np
>>> f = lambdify(r"\frac{1}{n}X^T(XW-Y)+\lambda W", matrices={"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)})
>>> f.arguments
('W', 'X', 'Y', 'lambda_', 'n')
>>> X, W, Y = np.ones((4, 2)), np.ones((2, 1)), np.zeros((4, 1))
>>> f(W, X, Y, lambda_=0.5, n=4).ravel().tolist()
[2.5, 2.5]
>>> " @ " in f.source and "for " not in f.source
True
"""

from __future__ import annotations

import inspect
import keyword
import re
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

__all__ = ["NumpyFunction", "lambdify", "python_name"]


def python_name(name: str) -> str:
    r"""A Python identifier for a symbol's name: ``\lambda`` → ``lambda_``, ``W^{(\ell+1)}`` → ``W_ell_1``.

    >>> python_name("lambda"), python_name(r"W^{(\ell+1)}"), python_name(r"\delta^{(\ell)}")
    ('lambda_', 'W_ell_1', 'delta_ell')
    """
    text = re.sub(r"[^0-9A-Za-z_]+", "_", name.replace("\\", "")).strip("_") or "x"
    text = re.sub(r"_+", "_", text)
    if text[0].isdigit():
        text = "_" + text
    return text + "_" if keyword.iskeyword(text) else text


def _entrywise_class():
    from .models.notation import Entrywise

    return Entrywise


def _elementwise(f, order: int):
    """NumPy function of f^{(order)}(t) (the derivative taken by SymPy), broadcasting constants."""
    from .vocabulary import numpy_namespace

    t = sympy.Dummy("t", real=True)
    value = f(t)
    for _ in range(order):
        value = sympy.diff(value, t)
    if getattr(value, "atoms", None) and value.atoms(sympy.core.function.AppliedUndef):
        raise ValueError(f"the activation {f.__name__} is generic: there is no NumPy function for {value}")
    g = sympy.lambdify(t, value, [numpy_namespace(), np], cse=True)

    def entrywise(z):
        r = g(z)
        return r if np.shape(r) == np.shape(z) else r + np.zeros_like(z, dtype=float)  # a constant f′

    return entrywise


class NumpyFunction:
    """A closed form compiled for NumPy: call it with arrays by position (``arguments``) or by name.

    ``symbols`` are the SymPy symbols in argument order; ``source`` is the generated code.
    """

    def __init__(self, expr: sympy.Basic, symbols: Sequence[sympy.Basic], fn, arguments: Sequence[str]):
        self.expr, self.symbols, self._fn = expr, tuple(symbols), fn
        self.arguments = tuple(arguments)
        self.source = inspect.getsource(fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) > len(self.arguments):
            raise TypeError(f"expected at most {len(self.arguments)} arguments ({', '.join(self.arguments)})")
        values = dict(zip(self.arguments, args))
        for name, value in kwargs.items():
            if name not in self.arguments:
                raise TypeError(f"unexpected argument {name!r} (arguments: {', '.join(self.arguments)})")
            if name in values:
                raise TypeError(f"argument {name!r} given twice")
            values[name] = value
        missing = [a for a in self.arguments if a not in values]
        if missing:
            raise TypeError(f"missing argument(s): {', '.join(missing)}")
        return self._fn(*(values[a] for a in self.arguments))

    def __repr__(self) -> str:
        return f"<NumPy function ({', '.join(self.arguments)}) of {self.expr}>"


def _as_expr(formula: Any, matrices: Mapping[str, Iterable[Any]] | None) -> sympy.Basic:
    from .calculus.derivation import Derivation

    if isinstance(formula, (list, tuple)):  # several results computed together (shared subexpressions)
        return sympy.Tuple(*(_as_expr(f, matrices) for f in formula))

    if isinstance(formula, Derivation):
        return formula.closed_form
    if isinstance(formula, str):
        from .latex.parser import parse_latex

        return parse_latex(formula, matrices=dict(matrices or {}))
    from ._basic import as_basic

    return as_basic(formula)


def _leaves(expr: sympy.Basic) -> list[sympy.Basic]:
    """The inputs of ``expr``: its matrix symbols and scalar symbols (not dimensions, not the
    placeholder t of an entrywise f′(Z))."""
    Entrywise = _entrywise_class()
    while True:  # nested f(g(Z)): outermost first, until none is left
        inner = {n: n.arg for n in sympy.preorder_traversal(expr) if isinstance(n, Entrywise)}
        if not inner:
            break
        expr = expr.xreplace(inner)
    found = set(expr.atoms(sympy.MatrixSymbol))
    found |= {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    return sorted(found, key=lambda s: s.name)


def lambdify(formula: Any, args: Sequence[Any] | None = None, *,
             matrices: Mapping[str, Iterable[Any]] | None = None) -> NumpyFunction:
    r"""Compile ``formula`` into a :class:`NumpyFunction`.

    ``formula`` is a SymPy (matrix) expression, a Derivation (its closed form) or LaTeX, parsed
    with ``matrices`` (name → shape) declared, or a list of them (the function returns a tuple).  ``args`` fixes the argument order (symbols or
    their names); by default every matrix and scalar symbol, sorted by name.
    """
    expr = _as_expr(formula, matrices)
    leaves = _leaves(expr)
    if args is not None:
        by_name = {s.name: s for s in leaves}
        try:
            leaves = [by_name[a] if isinstance(a, str) else a for a in args]
        except KeyError as exc:
            raise ValueError(f"the formula has no symbol {exc.args[0]!r} (it has: {', '.join(sorted(by_name))})") from None
    names: list[str] = []
    for s in leaves:
        name = python_name(s.name)
        while name in names:
            name += "_"
        names.append(name)
    dummies = [sympy.MatrixSymbol(n, *s.shape) if isinstance(s, sympy.MatrixSymbol) else sympy.Symbol(n)
               for n, s in zip(names, leaves)]
    code_expr = expr.xreplace(dict(zip(leaves, dummies)))
    namespace, printer = _namespace_and_printer(code_expr)
    # Common subexpressions are shared, but never inside the template f(t) of an entrywise f′(Z).
    Entrywise = _entrywise_class()
    templates = {t for n in sympy.preorder_traversal(code_expr) if isinstance(n, Entrywise) for t in n.args[2].free_symbols}
    fn = sympy.lambdify(dummies, code_expr, modules=[namespace, np], printer=printer, dummify=False,
                        cse=lambda e: sympy.cse(e, ignore=tuple(templates), list=False))
    return NumpyFunction(expr, leaves, fn, names)


def _namespace_and_printer(expr: sympy.Basic):
    """The names the generated code calls, and a NumPy printer that knows f′(Z) and the vocabulary."""
    from .vocabulary import numpy_namespace

    namespace: dict[str, Any] = dict(numpy_namespace())
    Entrywise = _entrywise_class()
    calls: dict[tuple, str] = {}  # (f, order) -> name; common subexpressions may rebuild the nodes
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, Entrywise) and (node._f, node.order) not in calls:
            name = f"_entrywise_{len(calls)}"
            namespace[name] = _elementwise(node._f, node.order)
            calls[node._f, node.order] = name

    class _Printer(NumPyPrinter):
        def _print_Entrywise(self, node):
            return "%s(%s)" % (calls[node._f, node.order], self._print(node.arg))

        def _print_MatMul(self, node):  # scalars multiply, matrices are matrix products
            coeff, factors = node.as_coeff_matrices()
            product = " @ ".join(self.parenthesize(f, 1000) for f in factors)
            return product if coeff == 1 else "%s * (%s)" % (self.parenthesize(coeff, 1000), product)

        def _print_HadamardProduct(self, node):
            return "(" + " * ".join(self._print(a) for a in node.args) + ")"

        def _print_Function(self, node):
            if type(node).__name__ in namespace:
                return "%s(%s)" % (type(node).__name__, ", ".join(self._print(a) for a in node.args))
            return super()._print_Function(node)

    return namespace, _Printer({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True})
