r"""The reader of one user string: expressions, terms, operands, fractions, roots and sums.

:class:`_Parser` walks the tokens of :mod:`symnn.latex.tokens`; symbols, function calls and shape
rules are its mixins (:mod:`symnn.latex.symbols`, :mod:`symnn.latex.functions`,
:mod:`symnn.latex.shapes`).  What is left of a term without matrices goes to latex2sympy2 through
:mod:`symnn.latex.skeleton`.

>>> _Parser("x + 1").expression(0, 3, 0)
x + 1
"""

from __future__ import annotations

from typing import Mapping

import sympy
from sympy import Abs, Dummy, Expr, IndexedBase, Integer, Pow, Rational, Symbol, oo
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions import MatMul, MatrixSymbol, Trace, Transpose

from symnn.errors import BudgetExceeded, SymnnInputError
from symnn.latex import skeleton as _skeleton
from symnn.latex.derivatives import DerivativeRules
from symnn.latex.functions import FunctionRules
from symnn.latex.notation import (
    _COMMAND_HANDLERS, DEFAULT_CLASS_COUNT, GREEK, canonical_count, canonical_index,
    canonical_symbol,
)
from symnn.latex.pieces import _Term
from symnn.latex.shapes import PRIME_MESSAGE, ShapeRules, _shape_text
from symnn.latex.symbols import SymbolRules
from symnn.latex.tokens import MAX_DEPTH, _bracket_name, _match_brackets, _Tok, _Tokenizer

_GROUP_NAMES = {"(": "parentheses", "[": "brackets", "{": "braces", "|": "absolute value",
                "⟨": "angle brackets"}


class _Parser(ShapeRules, SymbolRules, FunctionRules, DerivativeRules):
    """Reads one user string.  Token ranges are half-open ``[i, j)``.

    Symbols are built as they are read (plain letters real, indices integer, upper bounds positive
    integers) and the names used as indices or counts are recorded; :meth:`finalize` then makes
    every occurrence of such a letter the same symbol and fixes the implied class count.
    """

    def __init__(self, text: str, matrices: Mapping[str, MatrixSymbol] | None = None):
        self.text = text
        self.toks = _Tokenizer(text).run()
        self.match = _match_brackets(self.toks, text)
        self.n = len(self.toks)
        if not self.toks:
            raise self.error("empty expression", 0)
        self.matrices: dict[str, MatrixSymbol] = dict(matrices or {})
        self.dimensions: dict[str, Symbol] = {
            size.name: size
            for m in self.matrices.values() for size in m.shape if isinstance(size, Symbol)
        }
        self.index_names: set[str] = set()
        self.count_names: set[str] = set()
        self.bound_names: set[str] = set()  # single-letter upper bounds written out
        self.implied_count = Dummy("C", integer=True, positive=True)
        self.implied_used = False
        self.identity_size = Dummy("k", integer=True, positive=True)
        self.identity = MatrixSymbol("I", self.identity_size, self.identity_size)
        self.identity_pos: int | None = None
        self.unsized: dict[Dummy, int] = {}  # lengths of \mathbf{1} still unknown -> position
        self.readings: set[str] = set()  # ambiguous notation met, for reading_notes()

    # ----------------------------------------------------------------- helpers

    def notes(self) -> list[str]:
        """How ambiguous notation was read (σ the sigmoid next to σ a standard deviation ...)."""
        out = []
        if "sigmoid-power" in self.readings:
            out.append(r"\sigma^k(x) is read as the sigmoid to the power k, σ(x)^k (not the variance σ^2 times x)")
        if "sigma-symbol" in self.readings and self.readings & {"sigmoid", "sigmoid-power"}:
            out.append(r"\sigma(...) is read as the sigmoid and the bare \sigma as a symbol (e.g. a standard"
                       " deviation)")
        return out

    def error(self, message: str, pos: int | None) -> SymnnInputError:
        return SymnnInputError(message, source=self.text, position=pos)

    def pos_at(self, k: int) -> int:
        return self.toks[k].pos if k < self.n else len(self.text)

    def source(self, start: int, end: int, limit: int = 40) -> str:
        """The user's text in [start, end), shortened for messages."""
        shown = " ".join(self.text[start:end].split())
        return shown if len(shown) <= limit else shown[: limit - 1] + "…"

    def is_paren(self, k: int, j: int) -> bool:
        return k < j and self.toks[k].kind == "open" and self.toks[k].text == "("

    def call_parentheses(self, k: int, j: int) -> tuple[int, int, int] | None:
        r"""The argument list of a call at ``toks[k]``: ``(..)``, ``\left(..\right)``, or SymPy's
        own output form ``{\left(..\right)}``.  Returns (open, close, next index) or None."""
        if self.is_paren(k, j):
            return k, self.match[k], self.match[k] + 1
        if k < j and self.toks[k].kind == "lbrace" and self.is_paren(k + 1, j):
            brace_close, paren_close = self.match[k], self.match[k + 1]
            if paren_close == brace_close - 1:
                return k + 1, paren_close, brace_close + 1
        return None

    def top_level(self, i: int, j: int, kinds: tuple[str, ...]) -> list[int]:
        """Indices of tokens of ``kinds`` in ``[i, j)`` outside any bracket group."""
        found, k = [], i
        while k < j:
            tok = self.toks[k]
            if tok.kind in ("open", "lbrace"):
                k = self.match[k] + 1
                continue
            if tok.kind in kinds:
                found.append(k)
            k += 1
        return found

    @staticmethod
    def ends_operand(tok: _Tok) -> bool:
        if tok.kind in ("letter", "digit", "dot", "close", "rbrace", "prime", "norm", "bang"):
            return True
        return tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text == r"\infty")

    # ----------------------------------------------------------------- symbols of the whole input

    def index_symbol(self, name: str) -> Symbol:
        self.index_names.add(name)
        return canonical_index(name)

    def count_symbol(self, name: str) -> Symbol:
        self.count_names.add(name)
        return self.dimensions.get(name) or canonical_count(name)

    def class_count(self) -> Dummy:
        """The number of classes of \\sum_k and of the indexed vocabulary, fixed by finalize."""
        self.implied_used = True
        return self.implied_count

    def identity_at(self, pos: int) -> MatrixSymbol:
        """The identity matrix, its size still unknown (inferred from its neighbours)."""
        if self.identity_pos is None:
            self.identity_pos = pos
        return self.identity

    def finalize(self, value):
        """One letter, one symbol: indices, counts and the implied class count made consistent."""
        if not isinstance(value, sympy.Basic):
            return value
        value = self.sized(value)
        if value.has(self.identity_size):
            raise self.error(
                "cannot infer the size of the identity matrix I: use it next to a declared matrix"
                r" (X^T X + \lambda I) or write its size, I_d",
                self.identity_pos,
            )
        rule: dict = {}
        if self.implied_used:
            bounds = sorted(self.bound_names)
            name = bounds[0] if len(bounds) == 1 else DEFAULT_CLASS_COUNT.name
            rule[self.implied_count] = self.count_symbol(name)
        for base in value.atoms(IndexedBase):  # their labels are names, not the letters
            rule[base] = base
        for name in self.index_names - self.count_names - set(self.dimensions):
            rule[canonical_symbol(name)] = canonical_index(name)
        for name in self.count_names | set(self.dimensions):
            count = self.dimensions.get(name) or canonical_count(name)
            rule[canonical_symbol(name)] = count
            rule[canonical_index(name)] = count
        return value.xreplace(rule)

    # ----------------------------------------------------------------- expressions

    def expression(self, i: int, j: int, depth: int, what: str = "expression",
                   where: int | None = None) -> Expr:
        """The expression in tokens ``[i, j)``: additive terms, each read by :meth:`term_value`."""
        if i >= j:
            raise self.error(f"empty {what}", self.pos_at(i) if where is None else where)
        if depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", self.toks[i].pos)
        terms: list[_Term] = []
        term = _Term(1, self.toks[i].pos)
        expect_operand, last, k = True, None, i
        while k < j:
            tok = self.toks[k]
            if tok.kind == "op" and tok.text in "+-":
                if not expect_operand:  # a binary + or -: the term ends here
                    term.close_functions(tok.pos)
                    terms.append(term)
                    term = _Term(1, tok.pos)
                sign = 1
                while k < j and self.toks[k].kind == "op" and self.toks[k].text in "+-":
                    sign = -sign if self.toks[k].text == "-" else sign
                    last = self.toks[k]
                    k += 1
                if term.empty:
                    term.sign *= sign
                elif sign < 0:
                    term.text("-", tok.pos)
                expect_operand = True
            elif tok.kind == "op":
                if expect_operand:
                    raise self.error(f"missing operand before {tok.src}", tok.pos)
                term.close_functions(tok.pos)
                term.text(tok.text, tok.pos)
                last, expect_operand, k = tok, True, k + 1
            elif tok.kind == "rel":
                raise self.error(f"unexpected relation {tok.src}", tok.pos)
            elif tok.kind == "comma":
                raise self.error("unexpected ','", tok.pos)
            else:
                k, expect_operand = self.operand(k, j, depth, term)
                if expect_operand:
                    last = tok
        if expect_operand:
            raise self.error(f"missing operand after {last.src}", last.pos)
        term.close_functions(self.pos_at(j))
        terms.append(term)
        return self.add_terms([self.term_value(t) for t in terms], terms)

    def term_value(self, term: _Term) -> Expr:
        slots = [item for kind, item, _, _ in term.items if kind == "slot"]
        if any(self.is_matrix(v) for v in slots) or any(
            kind == "text" and item == r"\odot" for kind, item, _, _ in term.items
        ):
            value = self.matrix_term(term)
        elif all(kind == "slot" for kind, _, _, _ in term.items):
            value = sympy.Mul(*slots)  # plain juxtaposition
        else:
            value = self.run_skeleton(term)
        return -value if term.sign < 0 else value

    def run_skeleton(self, term: _Term) -> Expr:
        r"""Operators and functions without parentheses: latex2sympy2's job."""
        parts: list[str] = []
        spans: list[tuple[int, int]] = []  # (column where the piece ends, original position)
        slots: dict[str, Expr] = {}
        column = 0
        for kind, item, pos, _ in term.items:
            if kind == "slot":
                if len(slots) == len(_skeleton._PLACEHOLDERS):
                    raise self.error(
                        f"more than {len(_skeleton._PLACEHOLDERS)} factors in one term; add parentheses", pos
                    )
                piece = _skeleton._PLACEHOLDERS[len(slots)]
                slots[piece] = item
            else:
                piece = item
            parts.append(piece)
            column += len(piece) + 1
            spans.append((column, pos))
        skeleton = " ".join(parts)
        try:
            raw = _skeleton._latex2sympy(skeleton)
            if not isinstance(raw, Expr):
                raise _skeleton._SkeletonError(f"latex2sympy2 returned {type(raw).__name__}")
            return _skeleton._rebuild(raw, slots)
        except (SymnnInputError, BudgetExceeded):
            raise
        except RecursionError:
            raise self.error("expression too deeply nested to parse", term.pos) from None
        except Exception as exc:  # latex2sympy2 raises bare Exception (and worse) on bad input
            column = _skeleton._caret_column(exc)
            pos = term.pos
            if column is not None:
                pos = next((p for end, p in spans if column < end), spans[-1][1])
            raise self.error("cannot parse the expression here", pos) from None

    # ----------------------------------------------------------------- operands

    def operand(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""Read one operand (or a prefix such as ``\ln``) at ``toks[k]``.

        Returns the next index and whether an operand is still expected (after a prefix).
        """
        tok = self.toks[k]
        if tok.kind in ("digit", "dot"):
            value, nxt = self.number(k, j)
            return self.finish(value, tok, nxt, j, depth, term)
        if tok.kind == "letter":
            return self.symbol_operand(k, j, depth, term)
        if tok.kind in ("open", "lbrace"):
            close = self.match[k]
            if (tok.kind == "lbrace" and close + 1 < j and self.toks[close + 1].kind == "under"
                    and self.braced_symbol(k)):
                return self.symbol_operand(k, j, depth, term)  # SymPy prints {\hat{y}}_{j}
            if tok.kind == "open" and tok.text == "⟨":
                return self.finish(self.inner_product(k, close, depth), tok, close + 1, j, depth, term)
            inner = self.expression(k + 1, close, depth + 1, self.group_name(tok), tok.pos)
            if tok.kind == "open" and tok.text == "|":
                inner = self.determinant_or_abs(inner, self.source(tok.pos, self.toks[close].end), tok.pos)
            return self.finish(inner, tok, close + 1, j, depth, term)
        if tok.kind == "bar":
            close = self.closing_bar(k, j)
            inner = self.expression(k + 1, close, depth + 1, "absolute value", tok.pos)
            value = self.determinant_or_abs(inner, self.source(tok.pos, self.toks[close].end), tok.pos)
            return self.finish(value, tok, close + 1, j, depth, term)
        if tok.kind == "norm":
            return self.norm(k, j, depth, term)
        if tok.kind == "cmd" and tok.text[1:] in _COMMAND_HANDLERS:
            return getattr(self, _COMMAND_HANDLERS[tok.text[1:]])(k, j, depth, term)
        if tok.kind == "prime":
            raise self.error(PRIME_MESSAGE, tok.pos)
        if tok.kind == "caret":
            raise self.error("superscript without a base", tok.pos)
        if tok.kind == "under":
            raise self.error("subscript without a base", tok.pos)
        if tok.kind in ("close", "rbrace"):
            raise self.error(f"unbalanced {_bracket_name(tok)}", tok.pos)
        raise self.error(f"unexpected {tok.src}", tok.pos)

    @staticmethod
    def group_name(tok: _Tok) -> str:
        return "braces" if tok.kind == "lbrace" else _GROUP_NAMES[tok.text]

    def finish(self, value: Expr, head: _Tok, k: int, j: int, depth: int, term: _Term,
               allow_power: bool = True) -> tuple[int, bool]:
        """Apply a superscript to a finished operand and add it to the term."""
        if allow_power and k < j and self.toks[k].kind == "caret":
            power = self.superscript(k, j, depth)
            value = self.apply_power(value, power, self.source(head.pos, power.caret))
            k = power.next
        while k < j and self.toks[k].kind == "bang":  # n!
            value = sympy.factorial(self.scalar(value, "the argument of a factorial", self.toks[k].pos))
            k += 1
        self.reject_scripts(k, j)
        term.operand(value, head.pos, self.toks[k - 1].end)
        return k, False

    def reject_scripts(self, k: int, j: int) -> None:
        if k >= j:
            return
        tok = self.toks[k]
        if tok.kind == "caret":
            raise self.error("double superscript", tok.pos)
        if tok.kind == "under":
            # (a+b)_j, \sigma(x)_j: latex2sympy2 drops such subscripts silently.
            raise self.error("a subscript after a group or function call is not supported yet", tok.pos)
        if tok.kind == "prime":
            raise self.error(PRIME_MESSAGE, tok.pos)

    def number(self, k: int, j: int) -> tuple[Expr, int]:
        """Digits with an optional decimal point, as an exact Rational (0.5 -> 1/2)."""
        m = k
        while m < j and self.toks[m].kind in ("digit", "dot"):
            m += 1
        text = "".join(tok.text for tok in self.toks[k:m])
        if text.count(".") > 1 or text == ".":
            raise self.error(f"malformed number {text}", self.toks[k].pos)
        whole, _, frac = text.partition(".")
        scale = 10 ** len(frac)
        return Rational(int(whole or "0") * scale + int(frac or "0"), scale), m

    def infinity(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        return self.finish(oo, self.toks[k], k + 1, j, depth, term)

    def superscript_only(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        tok = self.toks[k]
        raise self.error(rf"{tok.src} is only read in a transpose superscript, A^{{{tok.src}}}"
                         if tok.text != r"\mathsf" else r"\mathsf is only read in A^{\mathsf{T}}",
                         tok.pos)

    def closing_bar(self, k: int, j: int) -> int:
        """The ``|`` closing the one at ``k``: a bar right after an operand closes, else opens."""
        level, after_operand, m = 1, False, k + 1
        while m < j:
            tok = self.toks[m]
            if tok.kind in ("open", "lbrace"):
                m, after_operand = self.match[m] + 1, True
                continue
            if tok.kind == "bar":
                if after_operand:
                    level -= 1
                    if level == 0:
                        return m
                else:
                    level += 1
                    if level > MAX_DEPTH:
                        raise self.error(f"nesting deeper than {MAX_DEPTH} levels", tok.pos)
            else:
                after_operand = self.ends_operand(tok)
            m += 1
        raise self.error("unbalanced absolute-value bar", self.toks[k].pos)

    def closing_norm(self, k: int, j: int) -> int:
        r"""The ``\|`` closing the one at ``k`` (norms do not nest)."""
        m = k + 1
        while m < j:
            tok = self.toks[m]
            if tok.kind in ("open", "lbrace"):
                m = self.match[m] + 1
                continue
            if tok.kind == "norm":
                return m
            m += 1
        raise self.error(r"unbalanced norm bar \|", self.toks[k].pos)

    def term_end(self, k: int, j: int) -> int:
        """Where the product term that goes on at ``k`` ends: the next binary + or - at this level."""
        after_operand, m = False, k
        while m < j:
            tok = self.toks[m]
            if tok.kind in ("open", "lbrace"):
                m, after_operand = self.match[m] + 1, True
                continue
            if tok.kind == "bar":
                m, after_operand = self.closing_bar(m, j) + 1, True
                continue
            if tok.kind == "norm":
                m, after_operand = self.closing_norm(m, j) + 1, True
                continue
            if tok.kind == "op" and tok.text in "+-" and after_operand:
                return m
            after_operand = self.ends_operand(tok)
            m += 1
        return j

    def norm(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""\|v\|_2^2 -> v^T v (a 1×1 matrix), \|A\|_F^2 -> tr(A^T A); only squared norms."""
        head = self.toks[k]
        close = self.closing_norm(k, j)
        inner = self.expression(k + 1, close, depth + 1, "norm", head.pos)
        m, kind, power = close + 1, None, None
        while m < j and self.toks[m].kind in ("under", "caret"):
            tok = self.toks[m]
            if tok.kind == "under":
                if kind is not None:
                    raise self.error("double subscript", tok.pos)
                m += 1
                inside = [m]
                if m < j and self.toks[m].kind == "lbrace":
                    inside = list(range(m + 1, self.match[m]))
                    end = self.match[m] + 1
                else:
                    end = m + 1
                texts = [self.toks[t].text for t in inside if t < j]
                if texts not in (["2"], ["F"]):
                    raise self.error(r"only the norms \|v\|_2 and \|A\|_F are supported", tok.pos)
                kind, m = texts[0], end
            else:
                if power is not None:
                    raise self.error("double superscript", tok.pos)
                power = self.superscript(m, j, depth)
                m = power.next
        if power is not None and power.kind != "expr":
            raise self.error(r"a norm takes a power such as \|v\|_2^2", power.pos)
        text = self.source(head.pos, self.toks[close].end)
        if power is None or power.value != 2 or not self.is_matrix(inner):
            # \|v\| = sqrt(v^T v), \|A\|_F = sqrt(tr A^T A), \|u\| = |u| of a scalar
            value = self.norm_value(inner, kind, text, head.pos)
            if power is not None:
                value = Pow(value, self.scalar(power.value, "an exponent", power.pos))
            self.reject_scripts(m, j)
            term.operand(value, head.pos, self.toks[m - 1].end)
            return m, False
            raise self.error(
                rf"the norm {text} needs a declared vector or matrix (--matrix NAME:ROWS,COLS)", head.pos
            )
        rows, cols = inner.shape
        if kind == "F" or (kind is None and rows != 1 and cols != 1):
            value = Trace(MatMul(Transpose(inner), inner).doit(deep=False))
        elif cols == 1:
            value = MatMul(Transpose(inner), inner).doit(deep=False)
        elif rows == 1:
            value = MatMul(inner, Transpose(inner)).doit(deep=False)
        else:
            raise self.error(
                rf"the 2-norm of the {_shape_text(inner.shape)} matrix {text} (its spectral norm) is not"
                r" supported; write \|A\|_F^2", head.pos
            )
        self.reject_scripts(m, j)
        term.operand(value, head.pos, self.toks[m - 1].end)
        return m, False

    def norm_value(self, inner, kind: str | None, text: str, pos: int):
        r"""An unsquared norm: |u| of a scalar, sqrt(v^T v) of a vector, sqrt(tr A^T A) (Frobenius)."""
        if not self.is_matrix(inner):
            return Abs(inner)
        rows, cols = inner.shape
        if kind == "F" or (rows != 1 and cols != 1):
            if kind == "2":
                raise self.error(
                    rf"the 2-norm of the {_shape_text(inner.shape)} matrix {text} (its spectral norm) is not"
                    r" supported; write \|A\|_F", pos)
            return sympy.sqrt(Trace(MatMul(Transpose(inner), inner).doit(deep=False)))
        square = MatMul(Transpose(inner), inner) if cols == 1 else MatMul(inner, Transpose(inner))
        return sympy.sqrt(MatrixElement(square.doit(deep=False), 0, 0))

    def inner_product(self, k: int, close: int, depth: int):
        r"""``\langle a, b \rangle``: a^T b of two columns, tr(A^T B) of two matrices, ab of scalars."""
        tok = self.toks[k]
        commas = self.top_level(k + 1, close, ("comma",))
        if len(commas) != 1:
            raise self.error(r"\langle a, b \rangle takes two arguments separated by a comma", tok.pos)
        a = self.expression(k + 1, commas[0], depth + 1, "left argument", tok.pos)
        b = self.expression(commas[0] + 1, close, depth + 1, "right argument", self.toks[commas[0]].pos)
        if not (self.is_matrix(a) or self.is_matrix(b)):
            return a * b
        if not (self.is_matrix(a) and self.is_matrix(b)) or a.shape != b.shape:
            raise self.shape_error(r"the inner product \langle a, b \rangle needs two vectors or matrices of"
                                   " the same shape", tok.pos)
        if a.shape[1] == 1:
            return MatMul(Transpose(a), b).doit(deep=False)
        return Trace(MatMul(Transpose(a), b).doit(deep=False))

    # ----------------------------------------------------------------- \frac, \sqrt, \sum

    def command_argument(self, k: int, j: int, depth: int, head: _Tok) -> tuple[Expr, int]:
        r"""A ``{...}`` argument (or a single token, as TeX allows: \frac12)."""
        if k >= j:
            raise self.error(f"missing argument of {head.src}", self.pos_at(k))
        tok = self.toks[k]
        if tok.kind == "lbrace":
            close = self.match[k]
            value = self.expression(k + 1, close, depth + 1, f"argument of {head.src}", tok.pos)
            return value, close + 1
        return self.single_token(tok, f"argument of {head.src}"), k + 1

    def fraction(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        head = self.toks[k]
        found = self.leibniz(k, j)
        if found is not None:  # \frac{\partial}{\partial x}, \frac{dy}{dx}
            return self.derivative_fraction(k, j, depth, term, found)
        numerator, k = self.command_argument(k + 1, j, depth, head)
        denominator, k = self.command_argument(k, j, depth, head)
        denominator = self.scalar(denominator, f"the denominator of {head.src}", head.pos)
        if self.is_matrix(numerator):
            value = MatMul(1 / denominator, numerator).doit(deep=False)
        else:
            value = numerator / denominator
        return self.finish(value, head, k, j, depth, term)

    def square_root(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        head = self.toks[k]
        index = None
        k += 1
        if k < j and self.toks[k].kind == "open" and self.toks[k].text == "[" and not self.toks[k].sized:
            close = self.match[k]
            index = self.expression(k + 1, close, depth + 1, r"index of \sqrt", self.toks[k].pos)
            index = self.scalar(index, r"the index of \sqrt", self.toks[k].pos)
            k = close + 1
        radicand, k = self.command_argument(k, j, depth, head)
        radicand = self.scalar(radicand, r"the argument of \sqrt", head.pos)
        value = sympy.sqrt(radicand) if index is None else sympy.root(radicand, index)
        return self.finish(value, head, k, j, depth, term)

    def big_operator(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""\sum_{k=1}^{C} body, \sum_{k} body, \sum_k body (and \prod): the body is the rest of
        the product term (up to the next + or - at this level); without bounds, k runs from 1 to
        the class count."""
        head = self.toks[k]
        usage = (
            f"{head.src} needs an index and bounds, written {head.src}_{{k=1}}^{{C}} or {head.src}_k"
        )
        index = lower = upper = None
        m = k + 1
        while m < j and self.toks[m].kind in ("under", "caret"):
            tok = self.toks[m]
            if tok.kind == "under":
                if index is not None:
                    raise self.error("double subscript", tok.pos)
                if m + 1 >= j:
                    raise self.error(usage, head.pos)
                nxt = self.toks[m + 1]
                if nxt.kind == "lbrace":
                    close = self.match[m + 1]
                    relations = self.top_level(m + 2, close, ("rel",))
                    if not relations:
                        index = self.summation_index(m + 2, close)
                    elif len(relations) == 1 and self.toks[relations[0]].text == "=":
                        eq = relations[0]
                        index = self.summation_index(m + 2, eq)
                        lower = self.expression(eq + 1, close, depth + 1, "lower bound", self.toks[eq].pos)
                        lower = self.scalar(lower, "a lower bound", self.toks[eq].pos)
                        self.index_names.update(
                            s.name for s in lower.free_symbols if isinstance(s, Symbol) and s.is_integer is not True
                        )
                    else:
                        raise self.error(usage, nxt.pos)
                    m = close + 1
                else:
                    index = self.summation_index(m + 1, m + 2)
                    m += 2
            else:
                if upper is not None:
                    raise self.error("double superscript", tok.pos)
                power = self.superscript(m, j, depth)
                if power.kind != "expr":
                    raise self.error(f"unexpected superscript on {head.src}", power.pos)
                upper = self.scalar(power.value, "an upper bound", power.pos)
                m = power.next
        if index is None:
            raise self.error(usage, head.pos)
        if lower is None:
            lower = Integer(1)
        if upper is None:
            upper = self.class_count()
        elif isinstance(upper, Symbol):
            self.bound_names.add(upper.name)
            upper = self.count_symbol(upper.name)
        else:
            self.count_names.update(
                s.name for s in upper.free_symbols if isinstance(s, Symbol) and s.is_integer is not True
            )
        end = self.term_end(m, j)
        if m >= end:
            raise self.error(f"missing operand after {head.src}", head.pos)
        body = self.expression(m, end, depth + 1, f"body of {head.src}", head.pos)
        if self.is_matrix(body):
            raise self.error(f"{head.src} of matrices is not supported yet", head.pos)
        cls = sympy.Sum if head.text == r"\sum" else sympy.Product
        term.begin_function(head.pos)
        term.operand(cls(body, (index, lower, upper)), head.pos, self.toks[end - 1].end)
        return end, False

    def summation_index(self, i: int, j: int) -> Symbol:
        """The variable of a sum: one letter (an integer)."""
        if i >= j:
            raise self.error("missing summation index", self.pos_at(i))
        tok = self.toks[i]
        if j - i == 1 and tok.kind == "letter" and tok.text != "e":
            return self.index_symbol(tok.text)
        if j - i == 1 and tok.kind == "cmd" and tok.text[1:] in GREEK and tok.text != r"\pi":
            return self.index_symbol(tok.text[1:])
        raise self.error("expected a summation index such as k", tok.pos)

    # ----------------------------------------------------------------- whole inputs

    def sides(self, allowed: tuple[str, ...], what: str) -> tuple[list[Expr], list[_Tok]]:
        """Split at top-level relations (each must be in ``allowed``) and read every side."""
        relations = self.top_level(0, self.n, ("rel",))
        for r in relations:
            if self.toks[r].text not in allowed:
                raise self.error(f"{self.toks[r].src} cannot appear in {what}", self.toks[r].pos)
        bounds = [-1, *relations, self.n]
        values = []
        for a, b in zip(bounds, bounds[1:]):
            rel = self.toks[b] if b < self.n else self.toks[a]
            side = "left" if b < self.n else "right"
            values.append(self.expression(a + 1, b, 0, f"{side} side of {rel.src}", rel.pos))
        return [self.finalize(v) for v in values], [self.toks[r] for r in relations]
