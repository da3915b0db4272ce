r"""Tokens of the user's string, each with its offset, and the checks made before any parsing.

Length, bracket balance and nesting depth are checked here; unknown macros are rejected against
the whitelist of :mod:`symnn.latex.notation`.  Every error is a
:class:`~symnn.errors.SymnnInputError` whose position points into the user's string.

>>> [t.text for t in _Tokenizer(r"\left( x \leq 1 \right)").run()]
['(', 'x', '<=', '1', '(']
"""

from __future__ import annotations

from dataclasses import dataclass

from symnn.errors import SymnnInputError
from symnn.latex.notation import (
    _COMMAND_HANDLERS, COMBINING_ACCENTS, NOT_SUPPORTED_YET, OPERATOR_MACROS, RELATION_MACROS,
    SIZE_MACROS, SPACING_MACROS, SPACING_SYMBOLS, unicode_latex,
)

#: Longest accepted input, in characters.
MAX_LENGTH = 2000
#: Deepest accepted nesting of brackets, braces, \left..\right and |..|.
MAX_DEPTH = 40
#: Most functions written without parentheses nested in one another (\ln \ln x).
MAX_BARE_FUNCTIONS = 6
#: Most primes accepted on a function name (\sigma'''(x) ...).
MAX_PRIMES = 20




@dataclass(frozen=True)
class _Tok:
    r"""One token of the user's string.

    ``kind`` is one of: letter, digit, dot, cmd, open, close, lbrace, rbrace, bar, norm, prime,
    op, caret, under, rel, comma, bang (a factorial ``!``).  ``text`` is normalized (``\le`` -> ``<=``, ``\left(`` -> ``(``);
    ``src`` is what the user wrote; ``pos`` its 0-based offset in the user's string.
    """

    kind: str
    text: str
    src: str
    pos: int
    sized: bool = False  # \left / \right delimiters

    @property
    def end(self) -> int:
        return self.pos + len(self.src)


_CHAR_KINDS = {
    "(": "open", "[": "open", ")": "close", "]": "close", "{": "lbrace", "}": "rbrace",
    "|": "bar", "'": "prime", "+": "op", "-": "op", "*": "op", "/": "op", "^": "caret",
    "_": "under", "=": "rel", "<": "rel", ">": "rel", ",": "comma", ".": "dot",
}
_OPENERS = {"(": "(", "[": "[", r"\{": "{", r"\lbrace": "{", r"\lvert": "|", r"\vert": "|", "|": "|",
            r"\langle": "⟨"}
_CLOSERS = {")": "(", "]": "[", r"\}": "{", r"\rbrace": "{", r"\rvert": "|", r"\vert": "|", "|": "|",
            r"\rangle": "⟨"}
_BRACKET_NAMES = {"(": "parenthesis", "[": "bracket", "{": "brace", "|": "absolute-value bar",
                  "⟨": "angle bracket"}
#: Two-character ASCII relations (>=, <=, !=).
_ASCII_RELATIONS = {">=": ">=", "<=": "<=", "!=": "!="}


#: Norm bars (a token of kind "norm"; \| is handled with the control symbols).
_NORM_MACROS = frozenset({"lVert", "rVert", "Vert"})

#: Macros the tokenizer turns into tokens of their own (delimiters, spacing, operators ...).
_TOKEN_MACROS = frozenset(
    {"prime", "left", "right", "lbrace", "rbrace", "lvert", "rvert", "vert", "odot", "langle", "rangle"}
    | _NORM_MACROS
    | RELATION_MACROS.keys() | OPERATOR_MACROS.keys() | SPACING_MACROS | SIZE_MACROS
)


def _known_macro(name: str) -> bool:
    """The whitelist: every other macro is an input error."""
    return name in _COMMAND_HANDLERS or name in _TOKEN_MACROS


class _Tokenizer:
    """Turns the user's string into :class:`_Tok` objects (whitespace and spacing dropped)."""

    def __init__(self, text: str):
        self.text = text
        self.toks: list[_Tok] = []

    def error(self, message: str, pos: int | None) -> SymnnInputError:
        return SymnnInputError(message, source=self.text, position=pos)

    def run(self) -> list[_Tok]:
        text, i = self.text, 0
        while i < len(text):
            ch = text[i]
            if ch.isspace() or ch in "~$":  # $..$ delimiters and ~ are spacing, as in TeX
                i += 1
            elif ch == "\\":
                i = self._backslash(i)
            elif ch.isascii() and ch.isalpha():
                if text[i + 1:i + 2] in COMBINING_ACCENTS:  # y + U+0302 is ŷ
                    i = self._pasted(i, 2, r"\%s{%s}" % (COMBINING_ACCENTS[text[i + 1]], ch))
                    continue
                self.toks.append(_Tok("letter", ch, ch, i))
                i += 1
            elif ch.isascii() and ch.isdigit():
                self.toks.append(_Tok("digit", ch, ch, i))
                i += 1
            elif ch == ":" and text.startswith(":=", i):
                self.toks.append(_Tok("rel", ":=", ":=", i))
                i += 2
            elif text[i:i + 2] in _ASCII_RELATIONS:
                self.toks.append(_Tok("rel", _ASCII_RELATIONS[text[i:i + 2]], text[i:i + 2], i))
                i += 2
            elif ch == "!":
                self.toks.append(_Tok("bang", "!", ch, i))
                i += 1
            elif ch in _CHAR_KINDS:
                kind = _CHAR_KINDS[ch]
                norm = _OPENERS[ch] if kind == "open" else _CLOSERS[ch] if kind == "close" else ch
                self.toks.append(_Tok(kind, norm, ch, i))
                i += 1
            elif not ch.isascii() and unicode_latex(ch) is not None:
                i = self._pasted(i, 1, unicode_latex(ch))
            else:
                raise self.error(f"unexpected character {ch!r}", i)
        return self.toks

    def _pasted(self, i: int, length: int, latex: str) -> int:
        """Unicode the user pasted (σ, ŷ, ≥): the tokens of the LaTeX it stands for, at its position."""
        src = self.text[i:i + length]
        for tok in _Tokenizer(latex).run():
            self.toks.append(_Tok(tok.kind, tok.text, src, i, tok.sized))
        return i + length

    def _backslash(self, i: int) -> int:
        text = self.text
        if i + 1 >= len(text):
            raise self.error("lone backslash at the end", i)
        nxt = text[i + 1]
        if not (nxt.isascii() and nxt.isalpha()):
            return self._control_symbol(i, "\\" + nxt)
        j = i + 1
        while j < len(text) and text[j].isascii() and text[j].isalpha():
            j += 1
        name = text[i + 1:j]
        src = text[i:j]
        if name in NOT_SUPPORTED_YET:
            raise self.error(NOT_SUPPORTED_YET[name], i)
        if not _known_macro(name):
            raise self.error(f"unknown macro {src}", i)
        if name in SPACING_MACROS:
            return j
        if name in ("left", "right") or name in SIZE_MACROS:
            return self._sized_delimiter(i, j, name)
        if name in RELATION_MACROS:
            self.toks.append(_Tok("rel", RELATION_MACROS[name], src, i))
        elif name in OPERATOR_MACROS:
            self.toks.append(_Tok("op", OPERATOR_MACROS[name], src, i))
        elif name in ("lbrace", "lvert", "langle"):
            self.toks.append(_Tok("open", _OPENERS[src], src, i))
        elif name in ("rbrace", "rvert", "rangle"):
            self.toks.append(_Tok("close", _CLOSERS[src], src, i))
        elif name == "vert":
            self.toks.append(_Tok("bar", "|", src, i))
        elif name in _NORM_MACROS:
            self.toks.append(_Tok("norm", "||", src, i))
        elif name == "odot":
            self.toks.append(_Tok("op", r"\odot", src, i))
        elif name == "prime":
            self.toks.append(_Tok("prime", "'", src, i))
        else:
            self.toks.append(_Tok("cmd", src, src, i))
        return j

    def _control_symbol(self, i: int, src: str) -> int:
        if src[1] in SPACING_SYMBOLS:
            return i + 2
        if src == r"\{":
            self.toks.append(_Tok("open", "{", src, i))
        elif src == r"\}":
            self.toks.append(_Tok("close", "{", src, i))
        elif src == r"\|":
            self.toks.append(_Tok("norm", "||", src, i))
        elif src[1] in NOT_SUPPORTED_YET:
            raise self.error(NOT_SUPPORTED_YET[src[1]], i)
        else:
            raise self.error(f"unknown macro {src}", i)
        return i + 2

    def _sized_delimiter(self, i: int, j: int, name: str) -> int:
        r"""\left(, \right), \bigl[ ...: one open/close/bar token at the macro's position."""
        text = self.text
        k = j
        while k < len(text) and text[k].isspace():
            k += 1
        delim = text[k:k + 1]
        end = k + 1
        if delim == "\\":
            end = k + 1
            while end < len(text) and text[end].isascii() and text[end].isalpha():
                end += 1
            if end == k + 1:
                end = min(k + 2, len(text))
            delim = text[k:end]
        src = text[i:end]
        macro = "\\" + name
        if delim in (r"\|", r"\lVert", r"\rVert", r"\Vert"):
            self.toks.append(_Tok("norm", "||", src, i))
            return end
        left = name == "left" or name.endswith("l")
        right = name == "right" or name.endswith("r")
        if not left and not right and delim == "|":  # \big| : direction unknown
            self.toks.append(_Tok("bar", "|", src, i))
        elif not right and delim in _OPENERS:
            self.toks.append(_Tok("open", _OPENERS[delim], src, i, sized=name == "left"))
        elif not left and delim in _CLOSERS:
            self.toks.append(_Tok("close", _CLOSERS[delim], src, i, sized=name == "right"))
        elif delim == ".":
            raise self.error(rf"{macro}. (an invisible delimiter) is not supported", i)
        else:
            shown = delim or "nothing"
            raise self.error(f"{macro} must be followed by a delimiter such as ( or [, not {shown}", i)
        return end


def _match_brackets(toks: list[_Tok], text: str) -> dict[int, int]:
    """Opening token index -> closing token index; checks balance and depth (fast, no recursion)."""
    stack: list[int] = []
    match: dict[int, int] = {}
    for idx, tok in enumerate(toks):
        if tok.kind in ("open", "lbrace"):
            stack.append(idx)
            if len(stack) > MAX_DEPTH:
                raise SymnnInputError(
                    f"nesting deeper than {MAX_DEPTH} levels", source=text, position=tok.pos
                )
        elif tok.kind in ("close", "rbrace"):
            if not stack:
                raise SymnnInputError(f"unbalanced {_bracket_name(tok)}", source=text, position=tok.pos)
            opened = stack.pop()
            opener = toks[opened]
            if not _brackets_pair(opener, tok):
                raise SymnnInputError(
                    f"{tok.src} does not match the {opener.src} it closes",
                    source=text, position=tok.pos,
                )
            match[opened] = idx
    if stack:
        tok = toks[stack[-1]]
        raise SymnnInputError(f"unbalanced {_bracket_name(tok)}", source=text, position=tok.pos)
    return match


def _bracket_name(tok: _Tok) -> str:
    if tok.kind in ("lbrace", "rbrace"):
        return "brace"
    if tok.sized:
        return rf"\left/\right pair ({tok.src})"
    return _BRACKET_NAMES[tok.text]


def _brackets_pair(opener: _Tok, closer: _Tok) -> bool:
    if opener.kind == "lbrace" or closer.kind == "rbrace":
        return opener.kind == "lbrace" and closer.kind == "rbrace"
    return opener.text == closer.text and opener.sized == closer.sized
