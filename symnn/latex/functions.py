r"""Function calls: native macros (``\ln``, ``\tanh``), named functions (``\mathrm{ReLU}``), the
indexed vocabulary (``\mathrm{softmax}(\beta)_j``), matrix functions (``\det``, ``\mathrm{tr}``),
primes as derivatives and the indicator.

>>> from symnn.latex.parser import parse_latex
>>> parse_latex(r"\sigma''(x)").has(parse_latex(r"\sigma(x)"))
True
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy import E, Expr, IndexedBase, Pow, log
from sympy.matrices.expressions import Determinant, HadamardPower

from symnn.elementwise import ENTRY, Diag, Entrywise

from symnn.latex.notation import (
    _INDICATOR_BARE, ACCENTS, GREEK, INDEXED_FUNCTIONS, MATRIX_FUNCTIONS, NAMED_FUNCTIONS,
    NATIVE_FUNCTIONS, NOT_SUPPORTED_YET_NAMES, _Function, canonical_base, suggestion,
)
from symnn.latex.pieces import _Term
from symnn.latex.tokens import MAX_PRIMES, _Tok
from symnn.vocabulary import indicator


def _nth_derivative(build: Callable[..., Expr], arg: Expr, order: int) -> Expr:
    """``f^{(order)}(arg)``: differentiate ``f`` at a dummy point, then substitute ``arg``."""
    t = sympy.Dummy("t", real=True)
    value = build(t)
    if order <= 3:
        value = value.diff(t, order)  # keeps textbook forms: sigmoid(t)*(1 - sigmoid(t))
    else:
        for _ in range(order):  # expanding each step keeps high orders polynomial-size
            value = sympy.expand(value.diff(t))
    return value.subs(t, arg)



class FunctionRules:
    """Function calls (a mixin of the reader)."""


    def sigma_is_call(self, k: int, j: int) -> bool:
        r"""Is ``\sigma`` at ``k - 1`` the sigmoid: followed by primes, or by a superscript and/or
        primes and then ``(`` (``\sigma(z)``, ``\sigma'(z)``, ``\sigma^2(x)``, ``\sigma^{-1}(p)``)?"""
        primed = False
        while k < j and self.toks[k].kind in ("prime", "caret"):
            if self.toks[k].kind == "prime":
                k, primed = k + 1, True
                continue
            if k + 1 >= j:
                return False
            nxt = self.toks[k + 1]
            if nxt.kind == "prime":
                k, primed = k + 2, True
            elif nxt.kind == "lbrace":
                inner = self.toks[k + 2:self.match[k + 1]]
                primed = primed or bool(inner) and all(t.kind == "prime" for t in inner)
                k = self.match[k + 1] + 1
            elif nxt.kind in ("digit", "letter"):
                k += 2
            else:
                return False
        return primed or self.call_parentheses(k, j) is not None

    def native_function(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        head = self.toks[k]
        fn = NATIVE_FUNCTIONS[head.text[1:]]
        base = None
        if head.text == r"\log" and k + 1 < j and self.toks[k + 1].kind == "under":
            base, k = self.command_argument(k + 2, j, depth, head)
            base = self.scalar(base, "the base of a logarithm", head.pos)
            fn = _Function(r"\log", lambda u, b=base: log(u, b), native=r"\log")
            return self.function(fn, k, j, depth, term, head, native_base=base)
        # latex2sympy2 reads a plain \log as base 10; symnn's \log is natural (fn.native is \ln).
        return self.function(fn, k + 1, j, depth, term, head)

    def named_function(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""\mathrm{NAME}, \operatorname{NAME}, \text{NAME}, \mathbb{I}: look NAME up."""
        head = self.toks[k]
        if k + 1 >= j or self.toks[k + 1].kind != "lbrace":
            raise self.error(f"{head.src} must be followed by a name in braces", head.pos)
        close = self.match[k + 1]
        inner = self.toks[k + 2:close]
        if not inner:
            raise self.error(f"empty argument of {head.src}", self.toks[k + 1].pos)
        for tok in inner:
            if tok.kind not in ("letter", "digit"):
                raise self.error(f"unexpected {tok.src} in the name of {head.src}", tok.pos)
        name = "".join(tok.text for tok in inner)
        display = self.text[head.pos:self.toks[close].end]
        if head.text == r"\mathbb":
            if name == "I" and self.matrices and not self.call_parentheses(close + 1, j):
                return self.finish(self.identity_at(head.pos), head, close + 1, j, depth, term)
            if name == "1" and not self.call_parentheses(close + 1, j):
                return self.ones_operand(k, j, depth, term)
            if name in ("I", "1"):
                fn = _Function(display, indicator, relation_argument=True, bare_message=_INDICATOR_BARE,
                               elementwise=True)
                return self.function(fn, close + 1, j, depth, term, head)
            raise self.error(f"unknown name {display}", head.pos)
        if name == "e":
            return self.finish(E, head, close + 1, j, depth, term)
        key = name.lower()
        if key in MATRIX_FUNCTIONS:
            return self.matrix_function(MATRIX_FUNCTIONS[key], display, head, close + 1, j, depth, term)
        if key in INDEXED_FUNCTIONS:
            return self.indexed_call(key, display, head, close + 1, j, depth, term)
        if key in NAMED_FUNCTIONS:
            return self.function(NAMED_FUNCTIONS[key].function(display), close + 1, j, depth, term, head)
        if key in NOT_SUPPORTED_YET_NAMES:
            raise self.error(f"{display}{NOT_SUPPORTED_YET_NAMES[key]} is not supported yet", head.pos)
        kind = "function" if self.call_parentheses(close + 1, j) else "name"
        hint = suggestion(name)
        raise self.error(f"unknown {kind} {display}" + (f": did you mean {hint}?" if hint else ""), head.pos)

    def determinant(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        head = self.toks[k]
        return self.matrix_function(Determinant, head.src, head, k + 1, j, depth, term)

    def matrix_function(self, cls, display: str, head: _Tok, k: int, j: int, depth: int,
                        term: _Term) -> tuple[int, bool]:
        r"""\mathrm{tr}(A), \det(A), \det A: the trace or determinant of a square matrix."""
        parentheses = self.call_parentheses(k, j)
        if parentheses:
            open_k, close, nxt = parentheses
            arg = self.expression(open_k + 1, close, depth + 1, f"argument of {display}",
                                  self.toks[open_k].pos)
            text = self.source(self.toks[open_k + 1].pos, self.toks[close].pos)
        elif k < j and (self.toks[k].kind == "letter" or (
                self.toks[k].kind == "cmd" and self.toks[k].text[1:] in GREEK)):
            arg, power, nxt = self.symbol(k, j, depth)
            if power is not None:
                arg = self.apply_power(arg, power, self.source(self.toks[k].pos, power.caret))
            text = self.source(self.toks[k].pos, self.toks[nxt - 1].end)
        else:
            raise self.error(f"{display} needs its argument in parentheses", head.pos)
        if cls == "diag":
            if not (self.is_matrix(arg) and arg.shape[1] == 1):
                raise self.error(f"{display} needs a column vector (--matrix v:n,1), not {text}", head.pos)
            term.begin_function(head.pos)
            return self.finish(Diag(arg), head, nxt, j, depth, term)
        if not self.is_matrix(arg):
            raise self.error(
                f"{display} needs a declared square matrix (--matrix NAME:ROWS,COLS), not {text}",
                head.pos,
            )
        self.square(arg, text, display, head.pos)
        term.begin_function(head.pos)
        return self.finish(cls(arg), head, nxt, j, depth, term)

    def indexed_call(self, key: str, display: str, head: _Tok, k: int, j: int, depth: int,
                     term: _Term) -> tuple[int, bool]:
        r"""\mathrm{softmax}(\beta)_j, \mathrm{CE}(y, \hat{y}), \mathrm{KL}(P \| Q), ... over the
        implied class count."""
        class_name, vectors, indexed = INDEXED_FUNCTIONS[key]
        parentheses = self.call_parentheses(k, j)
        if not parentheses:
            raise self.error(f"{display} needs its argument in parentheses", head.pos)
        open_k, close, nxt = parentheses
        separators = ("comma", "norm") if key == "kl" else ("comma",)
        bounds = [open_k, *self.top_level(open_k + 1, close, separators), close]
        if key == "h" and len(bounds) == 3:  # H(p, q): the cross-entropy
            class_name, vectors = "cross_entropy", 2
        if len(bounds) - 1 != vectors:
            plural = "" if vectors == 1 else "s"
            raise self.error(
                f"{display} takes {vectors} argument{plural}, got {len(bounds) - 1}",
                self.toks[open_k].pos,
            )
        args: list = [self.vector_argument(a + 1, b, display, self.toks[a].pos)
                      for a, b in zip(bounds, bounds[1:])]
        if indexed:
            if not (nxt < j and self.toks[nxt].kind == "under"):
                raise self.error(rf"{display}(..) needs an index: write {display}(\beta)_j", head.pos)
            sub = self.subscript(nxt, j)
            if len(sub.indices) != 1:
                raise self.error(f"{display}(..) takes one index", sub.pos)
            args.append(sub.indices[0])
            nxt = sub.next
        try:
            from symnn import indexed as vocabulary
        except ImportError:  # pragma: no cover - the module is part of the package
            raise self.error(f"{display} needs symnn.indexed, which is missing", head.pos) from None
        value = getattr(vocabulary, class_name)(*args, self.class_count())
        term.begin_function(head.pos)
        return self.finish(value, head, nxt, j, depth, term)

    def vector_argument(self, i: int, j: int, display: str, where: int) -> IndexedBase:
        r"""An argument of the indexed vocabulary: the name of a vector (\beta, y, \hat{y})."""
        if i >= j:
            raise self.error(f"empty argument of {display}", where)
        tok = self.toks[i]
        usage = rf"the argument of {display} must be a vector name such as \beta, y or \hat{{y}}"
        if not (tok.kind == "letter" or (tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text[1:] in ACCENTS))):
            raise self.error(usage, tok.pos)
        name, sub, m = self.symbol_base(i, j)
        if sub is not None or m != j:
            raise self.error(usage, tok.pos)
        if name in self.matrices:
            raise self.error(f"{display} takes a vector of the index notation, not the matrix {name}",
                             tok.pos)
        return canonical_base(name)

    def function(self, fn: _Function, k: int, j: int, depth: int, term: _Term, head: _Tok,
                 native_base: Expr | None = None) -> tuple[int, bool]:
        """After a function name: primes / power, then ``(args)`` or (native only) a bare argument."""
        primes, power = 0, None
        while k < j and self.toks[k].kind in ("prime", "caret"):
            tok = self.toks[k]
            if tok.kind == "prime":
                primes, k = primes + 1, k + 1
                continue
            if power is not None:
                raise self.error("double superscript", tok.pos)
            order = self.derivative_order(k, j)
            if order is not None:  # f^{(4)}(x): the fourth derivative
                primes, k = primes + order[0], order[1]
                continue
            script = self.superscript(k, j, depth)
            k = script.next
            if script.kind == "primes":
                primes += script.value
            elif script.kind != "expr":
                raise self.error(f"a transpose of the function {fn.display} is not supported", script.pos)
            elif script.value == -1:
                if fn.inverse is None:
                    raise self.error(f"{fn.display}^{{-1}}: symnn knows no inverse of {fn.display}", tok.pos)
                fn = _Function(f"{fn.display}^{{-1}}", fn.inverse, elementwise=fn.elementwise)
            else:
                power = self.scalar(script.value, "an exponent", script.pos)
        if primes > MAX_PRIMES:
            raise self.error(f"more than {MAX_PRIMES} primes", head.pos)
        parentheses = self.call_parentheses(k, j)
        if parentheses:
            open_k, close, k = parentheses
            value = self.call(fn, open_k, close, depth, primes, head)
            if power is not None:
                value = HadamardPower(value, power) if self.is_matrix(value) else Pow(value, power)
            term.begin_function(head.pos)
            return self.finish(value, head, k, j, depth, term, allow_power=power is None)
        if fn.native and not primes:
            # Written without parentheses (\ln x, \tanh^2 x): latex2sympy2 reads the argument,
            # within the braces that _Term opens and closes.
            term.open_function(fn.native, head.pos, self.error)
            if native_base is not None:
                term.text("_{", head.pos)
                term.operand(native_base, head.pos)
                term.text("}", head.pos)
            if power is not None:
                term.text("^{", head.pos)
                term.operand(power, head.pos)
                term.text("}", head.pos)
            return k, True
        raise self.error(fn.bare_message or f"{fn.display} needs its argument in parentheses", head.pos)

    def call(self, fn: _Function, open_k: int, close: int, depth: int, primes: int,
             head: _Tok) -> Expr:
        paren = self.toks[open_k]
        if fn.relation_argument:
            args = [self.indicator_argument(open_k, close, depth + 1)]
        else:
            args = self.arguments(open_k, close, depth + 1, fn.display)
        fewest, most = fn.arity if isinstance(fn.arity, tuple) else (fn.arity, fn.arity)
        if fn.arity is not None and not fewest <= len(args) <= most:
            count = str(fewest) if fewest == most else f"{fewest} or {most}"
            plural = "" if most == 1 else "s"
            raise self.error(
                f"{fn.display} takes {count} argument{plural}, got {len(args)}", paren.pos
            )
        if primes and fewest != 1:
            raise self.error(f"a prime needs a function of one argument, not {fn.display}", head.pos)
        entrywise = [i for i, a in enumerate(args) if self.is_matrix(a) and a.shape != (1, 1)]
        if entrywise:
            return self.entrywise_call(fn, args, entrywise, primes, paren)
        args = [self.scalar(a, f"the argument of {fn.display}", paren.pos) for a in args]
        try:
            if primes:
                return _nth_derivative(fn.build, args[0], primes)
            return fn.build(*args)
        except (ValueError, TypeError, ArithmeticError) as exc:  # e.g. Max of incomparable values
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise self.error(f"cannot apply {fn.display}: {reason}", head.pos) from None

    def entrywise_call(self, fn: _Function, args: list, entrywise: list[int], primes: int, paren: _Tok):
        r"""A function of a vector or matrix acts on each entry: \sigma(z), \sigma'(z), \max(0, z)."""
        if not fn.elementwise:
            raise self.error(f"{fn.display} of a vector or matrix is not defined entrywise", paren.pos)
        if len(entrywise) > 1:
            raise self.error(f"{fn.display} of several vectors or matrices is not supported", paren.pos)
        (i,) = entrywise
        scalars = [ENTRY if n == i else self.scalar(a, f"the argument of {fn.display}", paren.pos)
                   for n, a in enumerate(args)]
        template = fn.build(*scalars)
        if not (isinstance(template, sympy.Function) and ENTRY in template.args):
            raise self.error(f"{fn.display} of a vector or matrix is not defined entrywise", paren.pos)
        return Entrywise(template, args[i], primes)

    def derivative_order(self, caret: int, j: int) -> tuple[int, int] | None:
        """``^{(4)}`` after a function name: (the order, next index), or None."""
        k = caret + 1
        if not (k < j and self.toks[k].kind == "lbrace"):
            return None
        inner = self.toks[k + 1:self.match[k]]
        if (len(inner) >= 3 and inner[0].text == "(" and inner[-1].text == "("
                and all(t.kind == "digit" for t in inner[1:-1])):
            return int("".join(t.text for t in inner[1:-1])), self.match[k] + 1
        return None

    def arguments(self, open_k: int, close: int, depth: int, display: str) -> list[Expr]:
        commas = self.top_level(open_k + 1, close, ("comma",))
        bounds = [open_k, *commas, close]
        return [
            self.expression(a + 1, b, depth, f"argument of {display}", self.toks[a].pos)
            for a, b in zip(bounds, bounds[1:])
        ]

    def indicator_argument(self, open_k: int, close: int, depth: int) -> Expr:
        r"""\mathbb{I}(u > v) -> u - v, so that the result is indicator(u - v).

        𝕀(u ≥ v) is read as 𝕀(u > v) too: they differ only where u = v (one point), which is
        also the one point where ReLU has no derivative.
        """
        paren = self.toks[open_k]
        relations = self.top_level(open_k + 1, close, ("rel",))
        if not relations:
            raise self.error(r"the indicator needs a comparison, e.g. \mathbb{I}(x > 0)", paren.pos)
        if len(relations) > 1:
            raise self.error(
                "only one comparison is supported in an indicator", self.toks[relations[1]].pos
            )
        r = relations[0]
        rel = self.toks[r]
        if rel.text not in ("<", ">", "<=", ">="):
            raise self.error(f"the indicator needs an inequality, not {rel.src}", rel.pos)
        lhs = self.expression(open_k + 1, r, depth, f"left side of {rel.src}", rel.pos)
        rhs = self.expression(r + 1, close, depth, f"right side of {rel.src}", rel.pos)
        if self.is_matrix(lhs) and lhs.shape != (1, 1) and rhs == 0:  # \mathbb{I}(z > 0) of a vector
            return lhs if rel.text in (">", ">=") else -lhs
        lhs = self.scalar(lhs, f"the left side of {rel.src}", rel.pos)
        rhs = self.scalar(rhs, f"the right side of {rel.src}", rel.pos)
        return lhs - rhs if rel.text in (">", ">=") else rhs - lhs
