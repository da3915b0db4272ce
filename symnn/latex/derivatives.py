r"""Derivatives written inside formulas: ∂-fractions, d/dx, ∇_W, ∂_x and f′(x) of a named function.

``\frac{\partial}{\partial z}`` (``\frac{d}{dz}``, ``\frac{\mathrm{d}}{\mathrm{d}z}``, ``\nabla_z``,
``\partial_z``) is the derivative operator: it applies to the rest of the product term, as a sum
sign does.  ``\frac{\partial f}{\partial z}`` differentiates f; of a bare name
(``\frac{\partial L}{\partial w}``) it stays ``Derivative(L, w)`` until L's definition is known
(:mod:`symnn.operators`).  ``\nabla_W f`` of a declared matrix is a :class:`~symnn.operators.GradientOf`.

>>> from symnn.latex.parser import parse_latex
>>> parse_latex(r"\frac{\partial}{\partial z}\sigma(z)")
(1 - sigmoid(z))*sigmoid(z)
>>> parse_latex(r"\frac{d^2}{dx^2} x^3 + 1")
6*x + 1
>>> parse_latex(r"\frac{\partial L}{\partial w}")
Derivative(L, w)
"""

from __future__ import annotations

import sympy
from sympy import Derivative, Expr, Function, Indexed, Subs, Symbol
from sympy.matrices.expressions import MatrixSymbol

from symnn.latex.notation import _WRAPPER_COMMANDS, canonical_symbol
from symnn.latex.pieces import _Term
from symnn.operators import GradientOf

_MARKS = frozenset({r"\partial"})


class DerivativeRules:
    """Derivative operators (a mixin of the reader)."""

    def differential_mark(self, a: int, b: int) -> int | None:
        r"""``\partial``, ``d``, ``\mathrm{d}`` (``\text{d}``, ``\operatorname{d}``) at ``a``: the index after it."""
        if a >= b:
            return None
        tok = self.toks[a]
        if tok.kind == "cmd" and tok.text in _MARKS:
            return a + 1
        if tok.kind == "letter" and tok.text == "d":
            return a + 1
        if (tok.kind == "cmd" and tok.text in _WRAPPER_COMMANDS and a + 3 < b + 1 and a + 1 < b
                and self.toks[a + 1].kind == "lbrace" and self.match[a + 1] == a + 3
                and self.toks[a + 2].text == "d"):
            return a + 4
        return None

    def order_script(self, m: int, b: int) -> tuple[int, int]:
        """An optional ``^2`` / ``^{2}`` after a differential: (order, next index)."""
        if not (m < b and self.toks[m].kind == "caret"):
            return 1, m
        k = m + 1
        if k < b and self.toks[k].kind == "digit":
            return int(self.toks[k].text), k + 1
        if k < b and self.toks[k].kind == "lbrace":
            inner = self.toks[k + 1:self.match[k]]
            if inner and all(t.kind == "digit" for t in inner):
                return int("".join(t.text for t in inner)), self.match[k] + 1
        raise self.error("the order of a derivative must be a whole number, e.g. d^2", self.toks[m].pos)

    def leibniz(self, k: int, j: int):
        r"""``\frac{∂ⁿ f}{∂xⁿ}`` at ``k`` (the \frac): (order, numerator range, variables, next) or None."""
        num = k + 1
        if not (num < j and self.toks[num].kind == "lbrace"):
            return None
        num_close = self.match[num]
        den = num_close + 1
        if not (den < j and self.toks[den].kind == "lbrace"):
            return None
        den_close = self.match[den]
        start = self.differential_mark(num + 1, num_close)
        if start is None or self.differential_mark(den + 1, den_close) is None:
            return None
        order, rest = self.order_script(start, num_close)
        variables, m = [], den + 1
        while m < den_close:
            mark = self.differential_mark(m, den_close)
            if mark is None:
                raise self.error(r"expected \partial x (or dx) in the denominator", self.toks[m].pos)
            if mark >= den_close:
                raise self.error("missing the variable after the differential", self.toks[m].pos)
            var, _, nxt = self.symbol(mark, den_close, 0, allow_superscript=False)
            count, m = self.order_script(nxt, den_close)
            if not isinstance(var, (Symbol, Indexed, MatrixSymbol)):
                raise self.error("the variable of a derivative must be a symbol", self.toks[mark].pos)
            variables.append((var, count))
        if sum(c for _, c in variables) != order:
            raise self.error(f"the orders of the numerator ({order}) and denominator differ",
                             self.toks[den].pos)
        return (rest, num_close), variables, den_close + 1

    def derivative_fraction(self, k: int, j: int, depth: int, term: _Term, found) -> tuple[int, bool]:
        head = self.toks[k]
        (rest, num_close), variables, after = found
        if rest < num_close:  # \frac{\partial f}{\partial x}
            body = self.expression(rest, num_close, depth + 1, "function to differentiate", head.pos)
            return self.finish(self.differentiate(body, variables, head.pos), head, after, j, depth, term)
        return self.apply_operator(variables, head, after, j, depth, term)

    def apply_operator(self, variables, head, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        """The operator applies to the rest of the product term (up to the next + or -)."""
        end = self.term_end(k, j)
        if k >= end:
            raise self.error(f"missing the function after the derivative {head.src}", head.pos)
        body = self.expression(k, end, depth + 1, "function to differentiate", head.pos)
        term.begin_function(head.pos)
        term.operand(self.differentiate(body, variables, head.pos), head.pos, self.toks[end - 1].end)
        return end, False

    def differentiate(self, body: Expr, variables, pos: int) -> Expr:
        if any(isinstance(v, MatrixSymbol) for v, _ in variables) or self.is_matrix(body):
            (wrt, count), *others = variables
            if others or count != 1 or not isinstance(wrt, MatrixSymbol):
                raise self.error("only first derivatives of a scalar with respect to one matrix are read", pos)
            if self.is_matrix(body) and body.shape != (1, 1):
                raise self.error("the gradient needs a scalar function, not a matrix", pos)
            return GradientOf(body, wrt)
        if isinstance(body, (Symbol, Indexed)) and all(v != body for v, _ in variables):
            return Derivative(body, *variables)  # ∂L/∂w of a quantity defined elsewhere
        return sympy.diff(body, *variables)

    def subscript_operator(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""``\nabla_W f``, ``\partial_x f``: the subscript names the variable."""
        head = self.toks[k]
        if not (k + 1 < j and self.toks[k + 1].kind == "under"):
            raise self.error(rf"write the variable of {head.src}: {head.src}_x f, or \frac{{\partial f}}{{\partial x}}",
                             head.pos)
        m = k + 2
        if m < j and self.toks[m].kind == "lbrace":
            var, _, nxt = self.symbol(m + 1, self.match[m], 0, allow_superscript=False)
            if nxt != self.match[m]:
                raise self.error(f"one variable in the subscript of {head.src}", self.toks[nxt].pos)
            after = self.match[m] + 1
        elif m < j:
            var, _, after = self.symbol(m, m + 1, 0, allow_superscript=False)
        else:
            raise self.error(f"missing the variable of {head.src}", head.pos)
        if not isinstance(var, (Symbol, Indexed, MatrixSymbol)):
            raise self.error(f"the variable of {head.src} must be a symbol", self.toks[m].pos)
        return self.apply_operator([(var, 1)], head, after, j, depth, term)

    partial_operator = nabla_operator = subscript_operator

    def defined_function(self, i: int, j: int):
        """``f(x)``, ``g(u, v)`` on the left of a definition: the function applied to its parameters."""
        if not (j - i >= 4 and self.toks[i].kind == "letter" and self.call_parentheses(i + 1, j)):
            return None
        open_k, close, after = self.call_parentheses(i + 1, j)
        if after != j:
            return None
        bounds = [open_k, *self.top_level(open_k + 1, close, ("comma",)), close]
        params = []
        for a, b in zip(bounds, bounds[1:]):
            if b != a + 2 or self.toks[a + 1].kind != "letter":
                raise self.error("the parameters of a defined function are single letters: f(x), g(u, v)",
                                 self.toks[a + 1].pos if a + 1 < b else self.toks[a].pos)
            params.append(canonical_symbol(self.toks[a + 1].text))
        return Function(self.toks[i].text, real=True)(*params)

    def function_prime(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool] | None:
        r"""``f'(x)``, ``g''(u)``: a letter with primes before a call is the derivative of a function
        ``f`` defined elsewhere (``--define "f(x) = ..."``)."""
        m, primes = k + 1, 0
        while m < j and self.toks[m].kind == "prime":
            m, primes = m + 1, primes + 1
        parentheses = self.call_parentheses(m, j) if primes else None
        if not parentheses:
            return None
        open_k, close, after = parentheses
        arg = self.scalar(self.expression(open_k + 1, close, depth + 1, "argument", self.toks[open_k].pos),
                          "the argument", self.toks[open_k].pos)
        f = Function(self.toks[k].text, real=True)
        t = sympy.Dummy("t", real=True)
        value = Derivative(f(arg), (arg, primes)) if isinstance(arg, Symbol) else Subs(
            Derivative(f(t), (t, primes)), t, arg)
        return self.finish(value, self.toks[k], after, j, depth, term)


__all__ = ["DerivativeRules"]
