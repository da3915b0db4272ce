r"""Symbols and their scripts: letters, Greek, accents, subscripts as indices, superscripts.

:class:`SymbolRules` is the part of the reader that turns ``\hat{y}_j``, ``w_{hj}``, ``x^2``,
``A^T`` into their values; see :mod:`symnn.latex.parser` for the reading conventions.

>>> from symnn.latex.parser import parse_latex
>>> parse_latex(r"w_{hj}")
w[h, j]
"""

from __future__ import annotations

from sympy import E, Expr, Identity, Indexed, Integer, KroneckerDelta, MatrixSymbol, Symbol, oo, pi
from sympy.matrices.expressions import OneMatrix, ZeroMatrix

from symnn.latex.notation import (
    _SIGMA, _TRANSPOSE_MACROS, _TRANSPOSE_WRAPPERS, _WRAPPER_COMMANDS, ACCENTS, DECORATIONS, GREEK,
    KNOWN_WORDS, canonical_base, canonical_symbol, suggestion,
)
from symnn.latex.pieces import _Power, _Subscript, _Term
from symnn.latex.tokens import _Tok


class SymbolRules:
    """Symbols, subscripts and superscripts (a mixin of the reader)."""


    def superscript(self, k: int, j: int, depth: int) -> _Power:
        """Read ``^...`` at ``toks[k]``: primes, a transpose mark or an exponent."""
        caret = self.toks[k]
        k += 1
        if k >= j:
            raise self.error("missing superscript after ^", caret.pos)
        tok = self.toks[k]
        if tok.kind == "lbrace":
            close = self.match[k]
            inner = self.toks[k + 1:close]
            if inner and all(t.kind == "prime" for t in inner):
                return _Power("primes", len(inner), close + 1, tok.pos, caret.pos)
            if self.transpose_mark(k + 1, close):
                return _Power("transpose", None, close + 1, inner[0].pos, caret.pos)
            if inner and inner[0].kind == "op" and inner[0].text == r"\odot":  # A^{\odot 2}
                value = self.expression(k + 2, close, depth + 1, "superscript", tok.pos)
                return _Power("hadamard", value, close + 1, tok.pos, caret.pos)
            if (inner and inner[0].kind == "op" and inner[0].text == "-"
                    and self.transpose_mark(k + 2, close)):
                return _Power("inverse_transpose", None, close + 1, inner[0].pos, caret.pos)
            value = self.expression(k + 1, close, depth + 1, "superscript", tok.pos)
            return _Power("expr", value, close + 1, tok.pos, caret.pos)
        if tok.kind == "prime":
            return _Power("primes", 1, k + 1, tok.pos, caret.pos)
        if self.transpose_mark(k, k + 1):
            return _Power("transpose", None, k + 1, tok.pos, caret.pos)
        return _Power("expr", self.single_token(tok, "superscript"), k + 1, tok.pos, caret.pos)

    def transpose_mark(self, a: int, b: int) -> bool:
        r"""Tokens [a, b) are T, \top, \intercal, \mathsf{T} or \mathrm{T}."""
        toks = self.toks[a:b]
        if len(toks) == 1:
            tok = toks[0]
            return (tok.kind == "letter" and tok.text == "T") or (
                tok.kind == "cmd" and tok.text in _TRANSPOSE_MACROS
            )
        return (
            len(toks) == 4 and toks[0].kind == "cmd" and toks[0].text in _TRANSPOSE_WRAPPERS
            and toks[1].kind == "lbrace" and toks[2].text == "T" and toks[2].kind == "letter"
            and toks[3].kind == "rbrace"
        )

    def layer_label(self, caret: int, j: int) -> tuple[str, int] | None:
        r"""A layer label at the ``^`` at ``caret``: ``W^{(l)}``, ``a^{[l]}``, ``z^{(\ell+1)}``,
        ``\delta^{\ell}``, ``w^{l}``, ``a^L``; (canonical label text, next index) or None.

        Labels in parentheses or brackets may be any letters, digits and ± (``x^{(i)}``, the
        i-th sample); without brackets only ``l``, ``L`` and ``\ell`` (± a number) are labels,
        so ``x^2`` and ``x^{n}`` stay powers.
        """
        k = caret + 1
        if k >= j:
            return None
        tok = self.toks[k]
        if tok.kind != "lbrace":
            return (self.label_text([tok]), k + 1) if self.bare_label([tok]) else None
        close = self.match[k]
        inner = self.toks[k + 1:close]
        if (len(inner) >= 3 and inner[0].kind == "open" and inner[0].text in "(["
                and self.match.get(k + 1) == close - 1 and self.label_pieces(inner[1:-1])):
            return self.label_text(inner[1:-1]), close + 1
        if self.bare_label(inner):
            return self.label_text(inner), close + 1
        return None

    @staticmethod
    def label_pieces(toks: list[_Tok]) -> bool:
        return bool(toks) and all(
            t.kind in ("letter", "digit") or (t.kind == "op" and t.text in "+-")
            or (t.kind == "cmd" and t.text[1:] in GREEK) for t in toks
        ) and toks[0].kind != "op"

    def bare_label(self, toks: list[_Tok]) -> bool:
        r"""l, L, \ell, optionally followed by + or - and a number (l-1, \ell+1)."""
        if not toks or not ((toks[0].kind == "letter" and toks[0].text in "lL") or toks[0].text == r"\ell"):
            return False
        rest = toks[1:]
        return not rest or (len(rest) >= 2 and rest[0].kind == "op" and rest[0].text in "+-"
                            and all(t.kind == "digit" for t in rest[1:]))

    @staticmethod
    def label_text(toks: list[_Tok]) -> str:
        r"""The label as the printer writes it: ``\ell+1``, ``l``, ``2``."""
        out = ""
        for t in toks:
            piece = t.text
            if out.endswith(tuple("\\" + g for g in GREEK)) and piece[:1].isalpha():
                out += " "
            out += piece
        return out

    def single_token(self, tok: _Tok, what: str) -> Expr:
        r"""A one-token argument, as TeX allows: x^2, e^x, \frac12."""
        if tok.kind == "digit":
            return Integer(int(tok.text))
        if tok.kind == "letter":
            return self.symbol_value(tok.text, None, tok)
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return self.symbol_value(tok.text[1:], None, tok)
        if tok.kind == "cmd" and tok.text == r"\infty":
            return oo
        raise self.error(f"the {what} needs braces here", tok.pos)

    def subscript(self, k: int, j: int) -> _Subscript:
        r"""Read ``_...`` at ``toks[k]`` as indices: one per letter, one per number, commas
        between (w_{hj} -> h, j; x_{10} -> 10; w_{1,2} -> 1, 2; h_{t-1} -> t - 1)."""
        under = self.toks[k]
        k += 1
        if k >= j:
            raise self.error("missing subscript after _", under.pos)
        tok = self.toks[k]
        if tok.kind != "lbrace":
            return _Subscript(tuple(self.index_pieces([tok])), self.index_text([tok]), k + 1, tok.pos)
        close = self.match[k]
        if close == k + 1:
            raise self.error("empty subscript", tok.pos)
        groups: list[list[_Tok]] = [[]]
        for inner in self.toks[k + 1:close]:
            if inner.kind == "comma":
                if not groups[-1]:
                    raise self.error("misplaced ',' in a subscript", inner.pos)
                groups.append([])
            else:
                groups[-1].append(inner)
        if not groups[-1]:
            raise self.error("misplaced ',' in a subscript", self.toks[close - 1].pos)
        indices: list[Expr] = []
        for group in groups:
            if any(t.kind == "op" and t.text in "+-" for t in group):
                indices.append(self.index_sum(group))
            else:
                indices.extend(self.index_pieces(group))
        raw = ",".join(self.index_text(group) for group in groups)
        return _Subscript(tuple(indices), raw, close + 1, tok.pos)

    def index_pieces(self, group: list[_Tok]) -> list[Expr]:
        """Letters (one index each) and numbers of a subscript."""
        out: list[Expr] = []
        m = 0
        while m < len(group):
            tok = group[m]
            if tok.kind == "digit":
                digits, m = self.index_digits(group, m)
                out.append(Integer(int(digits)))
                continue
            out.append(self.index_letter(tok))
            m += 1
        return out

    def index_letter(self, tok: _Tok) -> Symbol:
        if tok.kind == "letter":
            return self.index_symbol(tok.text)
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return self.index_symbol(tok.text[1:])
        raise self.error(
            f"{tok.src} in a subscript is not supported yet (use letters, digits and commas)", tok.pos
        )

    def index_sum(self, group: list[_Tok]) -> Expr:
        """One index written as a sum: t-1, i+1, 2k+1."""
        value: Expr = Integer(0)
        m = 0
        while m < len(group):
            sign = 1
            if group[m].kind == "op" and group[m].text in "+-":
                sign = -1 if group[m].text == "-" else 1
                m += 1
            coefficient, letter = None, None
            digits = ""
            if m < len(group) and group[m].kind == "digit":
                digits, m = self.index_digits(group, m)
            if digits:
                coefficient = Integer(int(digits))
            if m < len(group) and group[m].kind in ("letter", "cmd"):
                letter = self.index_letter(group[m])
                m += 1
            if coefficient is None and letter is None:
                tok = group[m] if m < len(group) else group[-1]
                raise self.error(
                    f"{tok.src} in a subscript is not supported yet (use letters, digits and commas)",
                    tok.pos,
                )
            value += sign * (coefficient if coefficient is not None else 1) * (
                letter if letter is not None else 1
            )
            if m < len(group) and not (group[m].kind == "op" and group[m].text in "+-"):
                tok = group[m]
                raise self.error(
                    f"{tok.src} in a subscript is not supported yet (use letters, digits and commas)",
                    tok.pos,
                )
        return value

    @staticmethod
    def index_digits(group: list[_Tok], m: int) -> tuple[str, int]:
        """A number in a subscript: adjacent digits (a space separates indices, w_{1 2})."""
        digits = group[m].text
        m += 1
        while m < len(group) and group[m].kind == "digit" and group[m].pos == group[m - 1].end:
            digits += group[m].text
            m += 1
        return digits, m

    @staticmethod
    def index_text(group: list[_Tok]) -> str:
        return "".join(t.text[1:] if t.kind == "cmd" else t.text for t in group)

    # ----------------------------------------------------------------- symbols

    def symbol_operand(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        tok = self.toks[k]
        if tok.kind == "letter":
            self.reject_word(k, j)
            called = self.function_prime(k, j, depth, term)
            if called is not None:
                return called
        if tok.kind == "cmd" and tok.text[1:] in DECORATIONS and self.braced_digit(k + 1, j) in ("0", "1"):
            return self.ones_operand(k, j, depth, term)
        if tok.text == r"\sigma" and self.sigma_is_call(k + 1, j):
            self.readings.add("sigmoid-power" if k + 1 < j and self.toks[k + 1].kind == "caret" else "sigmoid")
            return self.function(_SIGMA, k + 1, j, depth, term, tok)
        if tok.text == r"\sigma":
            self.readings.add("sigma-symbol")
        if tok.kind == "letter" and tok.text == "D":
            after = self.kl_subscript(k + 1, j)
            if after is not None:
                display = self.source(tok.pos, self.toks[after - 1].end)
                return self.indexed_call("kl", display, tok, after, j, depth, term)
        if tok.kind == "letter" and tok.text == "H" and "H" not in self.matrices and self.names_call(k + 1, j):
            return self.indexed_call("h", "H", tok, k + 1, j, depth, term)
        value, power, m = self.symbol(k, j, depth)
        if power is not None:
            value = self.apply_power(value, power, self.source(tok.pos, power.caret))
        return self.finish(value, tok, m, j, depth, term, allow_power=power is None)

    def reject_word(self, k: int, j: int) -> None:
        r"""``sigmoid(x)``, ``relu(z)``, ``exp x``: a function name without its backslash or
        \mathrm is an input error with a suggestion, never a product of letters."""
        m = k + 1
        while (m < j and self.toks[m].kind == "letter" and self.toks[m].pos == self.toks[m - 1].end
               and len(self.toks[m].src) == 1):
            m += 1
        word = "".join(t.text for t in self.toks[k:m])
        if len(word) < 2:
            return
        called = self.call_parentheses(m, j) is not None
        known = KNOWN_WORDS.get(word.lower())
        if known and (called or len(word) >= 3):
            raise self.error(f"unknown function {word}: did you mean {known}?", self.toks[k].pos)
        if called and len(word) >= 3:
            hint = suggestion(word)
            raise self.error(
                f"unknown function {word}" + (f": did you mean {hint}?" if hint else
                                              " (a product of letters is written x y z or x \\cdot y)"),
                self.toks[k].pos,
            )

    def braced_digit(self, k: int, j: int) -> str | None:
        """The digit in ``{1}`` at ``k``, if that is all the braces hold."""
        if k + 2 < j and self.toks[k].kind == "lbrace" and self.match[k] == k + 2 and self.toks[k + 1].kind == "digit":
            return self.toks[k + 1].text
        return None

    def ones_operand(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""``\mathbf{1}`` (the ones vector) and ``\mathbf{0}`` (the zero vector), sized by their neighbours
        or by a subscript (``\mathbf{1}_n``)."""
        head = self.toks[k]
        digit, m = self.braced_digit(k + 1, j), k + 4
        size = None
        if m < j and self.toks[m].kind == "under":
            sub = self.subscript(m, j)
            if len(sub.indices) != 1:
                raise self.error(f"{head.src}{{{digit}}} takes one size, e.g. {head.src}{{{digit}}}_n", sub.pos)
            size, m = sub.indices[0], sub.next
            if isinstance(size, Symbol):
                size = self.count_symbol(size.name)
        if not self.matrices:
            if digit == "1" and size is None:
                return self.finish(Integer(1), head, m, j, depth, term)
            raise self.error(f"the vector {head.src}{{{digit}}} needs declared matrices (--matrix NAME:ROWS,COLS)",
                             head.pos)
        value = self.unsized_vector(digit, head.pos) if size is None else (
            OneMatrix(size, 1) if digit == "1" else ZeroMatrix(size, 1))
        return self.finish(value, head, m, j, depth, term)

    def names_call(self, k: int, j: int) -> bool:
        r"""``(P)``, ``(y, \hat{y})`` at ``k``: one or two bare vector names (H(P) is the entropy,
        H(y, \hat{y}) the cross-entropy, as the printer writes them)."""
        parentheses = self.call_parentheses(k, j)
        if not parentheses:
            return False
        open_k, close, _ = parentheses
        bounds = [open_k, *self.top_level(open_k + 1, close, ("comma",)), close]
        if len(bounds) > 3:
            return False
        for a, b in zip(bounds, bounds[1:]):
            piece = self.toks[a + 1:b]
            kinds = [(t.kind, t.text[1:] if t.kind == "cmd" else t.text) for t in piece]
            if len(piece) == 1 and (kinds[0][0] == "letter" or (kinds[0][0] == "cmd" and kinds[0][1] in GREEK)):
                continue
            if (len(piece) in (2, 4) and kinds[0][0] == "cmd" and kinds[0][1] in ACCENTS
                    and self.braced_symbol_like(piece[1:])):
                continue
            return False
        return True

    @staticmethod
    def braced_symbol_like(piece: list[_Tok]) -> bool:
        if len(piece) == 1:
            return piece[0].kind == "letter"
        return (len(piece) == 3 and piece[0].kind == "lbrace" and piece[2].kind == "rbrace"
                and piece[1].kind == "letter")

    def symbol(self, k: int, j: int, depth: int, allow_superscript: bool = True
               ) -> tuple[Expr, _Power | None, int]:
        r"""A symbol with its subscript (in either order with a superscript): (value, power, next)."""
        name, sub, power, nxt = self.symbol_parts(k, j, depth, allow_superscript)
        return self.symbol_value(name, sub, self.toks[k]), power, nxt

    def symbol_parts(self, k: int, j: int, depth: int, allow_superscript: bool = True
                     ) -> tuple[str, _Subscript | None, _Power | None, int]:
        r"""A symbol with its subscript (in either order with a superscript): (value, power, next).

        ``e`` alone is Euler's number and ``\pi`` alone is pi; with a subscript or an accent they
        are symbols like any other.
        """
        head = self.toks[k]
        name, sub, k = self.symbol_base(k, j)
        power, labelled = None, False
        while k < j and self.toks[k].kind in ("under", "caret"):
            tok = self.toks[k]
            if tok.kind == "under":
                if sub is not None:
                    raise self.error("double subscript", tok.pos)
                sub = self.subscript(k, j)
                k = sub.next
                continue
            label = None
            if not labelled and power is None and not (name in ("e", "pi") and head.kind != "cmd"
                                                       or head.text == r"\pi"):
                label = self.layer_label(k, j)
            if label is not None:  # a layer label is part of the name: W^{(l)}
                name, k, labelled = "%s^{(%s)}" % (name, label[0]), label[1], True
            elif not allow_superscript:
                break
            elif power is not None:
                raise self.error("double superscript", tok.pos)
            else:
                power = self.superscript(k, j, depth)
                k = power.next
        return name, sub, power, k

    def symbol_value(self, name: str, sub: _Subscript | None, head: _Tok) -> Expr:
        """What a (possibly subscripted) name denotes."""
        if sub is None:
            if name in self.matrices:
                return self.matrices[name]
            if name == "e" and head.kind == "letter":
                return E
            if head.text == r"\pi":
                return pi
            if name == "I" and head.kind == "letter" and self.matrices:
                return self.identity_at(head.pos)
            return canonical_symbol(name)
        full = f"{name}_{sub.raw}"
        if full in self.matrices:
            return self.matrices[full]
        if name in self.matrices:
            raise self.error(
                f"entries of the declared matrix {name} (subscripts on it) are not supported yet",
                sub.pos,
            )
        if name == "I" and head.kind == "letter" and self.matrices and len(sub.indices) == 1:
            size = sub.indices[0]
            if isinstance(size, Symbol):
                size = self.count_symbol(size.name)
            if not (size.is_Integer and size > 0) and not isinstance(size, Symbol):
                raise self.error("the size of the identity I_d must be a letter or a number", sub.pos)
            return Identity(size)
        if head.text == r"\delta" and len(sub.indices) == 2:
            return KroneckerDelta(*sub.indices)
        return canonical_base(name)[sub.indices]

    def symbol_base(self, k: int, j: int) -> tuple[str, _Subscript | None, int]:
        r"""Name of a letter, Greek letter or accented symbol, and a subscript written inside an
        accent (\hat{y_j}); accents become suffixes: \hat{\bar{x}} -> ``xbarhat``.  A single symbol
        in braces (SymPy's ``{\hat{y}}_{j}``) is that symbol."""
        tok = self.toks[k]
        if tok.kind == "letter":
            return tok.text, None, k + 1
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return tok.text[1:], None, k + 1
        if tok.kind == "lbrace" and self.braced_symbol(k):
            name, sub, _ = self.symbol_base(k + 1, self.match[k])
            return name, sub, self.match[k] + 1
        if tok.kind == "cmd" and tok.text[1:] in ACCENTS:
            suffix = ACCENTS[tok.text[1:]]
            if k + 1 >= j:
                raise self.error(f"missing argument of {tok.src}", tok.pos)
            arg = self.toks[k + 1]
            if arg.kind != "lbrace":
                name, sub, nxt = self.symbol_base(k + 1, j)
                return name + suffix, sub, nxt
            close = self.match[k + 1]
            if close == k + 2:
                raise self.error(f"empty argument of {tok.src}", arg.pos)
            name, sub, m = self.symbol_base(k + 2, close)
            if m < close and self.toks[m].kind == "under" and sub is None:
                sub = self.subscript(m, close)
                m = sub.next
            if m < close:
                raise self.error(f"{tok.src} takes a single variable", self.toks[m].pos)
            return name + suffix, sub, close + 1
        raise self.error(r"expected a variable such as x, \beta_j or \hat{y}", tok.pos)

    def braced_symbol(self, k: int) -> bool:
        r"""``{x}``, ``{\beta}``, ``{\hat{y}}``: braces around exactly one symbol name."""
        close = self.match[k]
        if close < k + 2:
            return False
        first = self.toks[k + 1]
        if first.kind == "letter" or (first.kind == "cmd" and first.text[1:] in GREEK):
            return close == k + 2
        if first.kind == "cmd" and first.text[1:] in ACCENTS and k + 2 < close:
            arg = self.toks[k + 2]
            if arg.kind == "lbrace":
                inner = self.match[k + 2]
                return inner + 1 == close and inner == k + 4 and self.toks[k + 3].kind == "letter"
            return close == k + 3 and arg.kind == "letter"
        return False

    def single_symbol(self, i: int, j: int, what: str) -> Expr:
        """Tokens ``[i, j)`` must be exactly one variable (for --wrt and definitions): a symbol,
        an indexed entry (\\beta_j) or a declared matrix."""
        if i >= j:
            raise self.error(f"missing {what}", self.pos_at(i))
        tok = self.toks[i]
        named = tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text[1:] in ACCENTS)
        braced = tok.kind == "lbrace" and self.braced_symbol(i)
        if not (tok.kind == "letter" or named or braced):
            raise self.error(rf"expected a {what} such as x, \beta_j or \hat{{y}}_j", tok.pos)
        value, _, k = self.symbol(i, j, 0, allow_superscript=False)
        if k < j:
            raise self.error(f"unexpected text after the {what}", self.toks[k].pos)
        if isinstance(value, KroneckerDelta):
            raise self.error(f"{self.source(tok.pos, self.pos_at(j))} is a Kronecker delta, not a {what}",
                             tok.pos)
        if isinstance(value, (Symbol, Indexed)) or (
            isinstance(value, MatrixSymbol) and value != self.identity
        ):
            return value
        raise self.error(f"{tok.src} is a constant, not a {what}", tok.pos)

    def kl_subscript(self, k: int, j: int) -> int | None:
        r"""After D: the subscript _{\mathrm{KL}} (or _{KL}); the index after it, else None."""
        if not (k + 1 < j and self.toks[k].kind == "under"):
            return None
        m, outer = k + 1, None
        if self.toks[m].kind == "lbrace":
            outer = self.match[m]
            m += 1
        if (m + 1 < j and self.toks[m].kind == "cmd" and self.toks[m].text in _WRAPPER_COMMANDS
                and self.toks[m + 1].kind == "lbrace"):
            close = self.match[m + 1]
            name = "".join(t.text for t in self.toks[m + 2:close])
            m = close + 1
        elif outer is not None:
            name = "".join(t.text for t in self.toks[m:outer] if t.kind == "letter")
            m = outer if len(self.toks[m:outer]) == 2 else -1
        else:
            return None
        if name != "KL":
            return None
        if outer is not None:
            if m != outer:
                return None
            m = outer + 1
        return m
