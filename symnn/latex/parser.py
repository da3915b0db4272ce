r"""LaTeX input: formulas written in symnn's vocabulary, read into SymPy expressions.

The expression grammar proper (operator precedence, implicit multiplication, the arguments of
functions written without parentheses, ``\sum`` bodies) is latex2sympy2's.  This module sits in
front of it and owns everything latex2sympy2 gets wrong or does unsafely:

1. **Tokens and checks.**  The user's string is tokenized here, every token keeping its offset in
   that string.  Length (2000 characters), bracket balance and nesting depth (40) are checked before
   any real parsing, unknown macros are rejected by a whitelist, and every error is a
   :class:`~symnn.errors.SymnnInputError` whose position points into the *original* string.
2. **Structure.**  Groups (``(..)``, ``\left[..\right]``, ``{..}``, ``|..|``), symbols with their
   subscripts and accents, numbers, ``\frac``, ``\sqrt``, superscripts and every function call with
   parentheses are read here, recursively, and each becomes a finished SymPy object.
3. **latex2sympy2.**  What is left of one additive term is a flat *skeleton*: single-letter
   placeholders joined by operators (``\cdot``, ``/``, unary ``-``), functions written without
   parentheses (``\ln``, ``\tanh``, ``\log_b``) and ``\sum``/``\prod`` heads.  Only that skeleton is
   given to latex2sympy2, under a time budget; its placeholders are then replaced by the objects of
   step 2 while the tree is rebuilt bottom-up (``node.func(*args)``), so the result is evaluated
   the normal SymPy way.

Because the skeleton never contains a character the user typed, a user cannot forge a placeholder,
and latex2sympy2's global state (``VARIABLE_VALUES``, assignments, the ``dx`` differential) is
never reached.  Nothing here evaluates text: numbers are built with ``sympy.Integer`` /
``sympy.Rational`` and symbols with ``sympy.Symbol``.

Canonical symbols are ``Symbol(name, real=True)``: ``x``, ``W``; Greek without the backslash
(``\beta`` -> ``beta``); accents as suffixes (``\hat{y}`` -> ``yhat``, ``\bar{x}`` -> ``xbar``);
subscripts joined with ``_`` and kept verbatim (``w_{hj}`` -> ``w_hj``, ``w_{1,2}`` -> ``w_1,2``),
so that SymPy prints them back as ``\hat{y}_{j}``, ``w_{1,2}``.

Reading conventions: ``\log`` and ``\ln`` are natural logs (``\log_{2}`` keeps its base);
``\sigma(u)`` is the sigmoid and a bare ``\sigma`` the symbol sigma; primes on a one-argument
function name are derivatives (``\sigma''(u)``); ``\mathbb{I}(u > v)`` is ``indicator(u - v)``
and ``\mathbb{I}(u \geq v)`` reads the same (they differ only where u = v); a letter before a
parenthesis multiplies (``y(x)`` is y*x); a function without parentheses takes the juxtaposed
factors after it, up to the next explicit operator (``\ln 2x \cdot y`` is ln(2x)*y).

>>> parse_latex(r"\sigma(x)(1-\sigma(x))")
(1 - sigmoid(x))*sigmoid(x)
>>> parse_latex(r"\sigma'(z)") == parse_latex(r"\sigma(z)(1-\sigma(z))")
True
>>> parse_latex(r"\frac{1}{2}(\hat{y}_j - y_j)^2")
(-y_j + yhat_j)**2/2
>>> parse_latex(r"\log x + \log_{2} y")
log(x) + log(y)/log(2)
>>> parse_definition(r"\hat{y} = \frac{1}{1+e^{-z}}")
(yhat, 1/(1 + exp(-z)))
>>> parse_relation(r"x \neq 0")
Ne(x, 0)
>>> parse_latex(r"\mathrm{foo}(x)")
Traceback (most recent call last):
    ...
symnn.errors.SymnnInputError: unknown function \mathrm{foo} at position 0
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Callable

import sympy
from sympy import Abs, E, Expr, Integer, Max, Min, Pow, Rational, Symbol, exp, log, oo, pi, tanh
from sympy.core.function import AppliedUndef

from symnn.budget import time_budget
from symnn.errors import BudgetExceeded, SymnnInputError
from symnn.vocabulary import binary_cross_entropy, indicator, mse, relu, sigmoid, softplus

__all__ = [
    "parse_latex",
    "parse_relation",
    "parse_equation_chain",
    "parse_definition",
    "parse_symbol",
    "canonical_symbol",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "PARSE_SECONDS",
]

#: Longest accepted input, in characters.
MAX_LENGTH = 2000
#: Deepest accepted nesting of brackets, braces, \left..\right and |..|.
MAX_DEPTH = 40
#: Time budget of one parse (latex2sympy2's ANTLR parser is slow on adversarial input).
PARSE_SECONDS = 5.0
#: Most functions written without parentheses nested in one another (\ln \ln x).
MAX_BARE_FUNCTIONS = 6
#: Most primes accepted on a function name (\sigma'''(x) ...).
MAX_PRIMES = 20

# --------------------------------------------------------------------------- vocabulary tables

GREEK = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa
    lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
    Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell""".split()
)

#: Accent macro -> suffix of the symbol name (SymPy prints ``yhat`` as ``\hat{y}``).
ACCENTS = {
    "hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar",
    "tilde": "tilde", "widetilde": "tilde", "dot": "dot", "ddot": "ddot",
}

#: Relation tokens, normalized.
RELATION_MACROS = {
    "lt": "<", "gt": ">", "le": "<=", "leq": "<=", "leqslant": "<=",
    "ge": ">=", "geq": ">=", "geqslant": ">=", "ne": "!=", "neq": "!=",
}
_RELATION_CLASSES = {
    "=": sympy.Eq, "!=": sympy.Ne, "<": sympy.StrictLessThan, ">": sympy.StrictGreaterThan,
    "<=": sympy.LessThan, ">=": sympy.GreaterThan,
}

#: Binary operators handed to latex2sympy2 as they are.
OPERATOR_MACROS = {"cdot": r"\cdot", "times": r"\times", "div": r"\div"}

#: Macros that only change spacing or style.
SPACING_MACROS = frozenset({"quad", "qquad", "displaystyle", "textstyle"})
#: One-character macros that only change spacing.
SPACING_SYMBOLS = frozenset(",;:! ")

#: Sized delimiters (\big( ... \bigr)) are read as plain delimiters.
SIZE_MACROS = frozenset(
    f"{size}{side}" for size in ("big", "Big", "bigg", "Bigg") for side in ("", "l", "r", "m")
)

#: Constructs symnn knows but does not handle yet: macro -> message.  To support one, remove its
#: row here and add a row to ``_COMMAND_HANDLERS`` (macro -> reading method of ``_Parser``).
NOT_SUPPORTED_YET = {
    "top": r"transpose ^\top is not supported yet",
    "intercal": r"transpose ^\intercal is not supported yet",
    "odot": r"the Hadamard product \odot is not supported yet",
    "otimes": r"\otimes is not supported yet",
    "circ": r"\circ is not supported yet",
    "|": r"norms \|...\| are not supported yet",
    "lVert": r"norms \lVert...\rVert are not supported yet",
    "rVert": r"norms \lVert...\rVert are not supported yet",
    "partial": r"derivative notation \partial is not supported yet (use --wrt)",
    "nabla": r"gradient notation \nabla is not supported yet (use --wrt)",
    "mathbf": r"bold (vector/matrix) notation \mathbf is not supported yet",
    "boldsymbol": r"bold (vector/matrix) notation \boldsymbol is not supported yet",
    "bm": r"bold (vector/matrix) notation \bm is not supported yet",
    "vec": r"vector notation \vec is not supported yet",
}

#: Names symnn knows in \mathrm{..} etc. but does not handle yet: lower-case name -> note.
NOT_SUPPORTED_YET_NAMES = {
    "softmax": "",
    "logsoftmax": "",
    "t": " (transpose)",
    "d": " (derivative notation; use --wrt)",
    "tr": " (trace)",
    "diag": "",
}

NAME_WRAPPERS = frozenset({"mathrm", "operatorname", "text", "textrm", "mathbb"})


@dataclass(frozen=True)
class _Function:
    """One function symnn reads: how to build it and how it may be written."""

    display: str
    build: Callable[..., Expr]
    #: Exact number of arguments, or None for "one or more".
    arity: int | None = 1
    #: latex2sympy2 command when written without parentheses (``\ln x``), else None.
    native: str | None = None
    #: The argument is a comparison (the indicator), not an expression.
    relation_argument: bool = False
    #: Message when used without parentheses (default: "needs its argument in parentheses").
    bare_message: str | None = None


#: Native LaTeX function macros.  \log is the natural log (\log_b keeps its base).
NATIVE_FUNCTIONS = {
    "ln": _Function(r"\ln", log, native=r"\ln"),
    "log": _Function(r"\log", log, native=r"\ln"),
    "exp": _Function(r"\exp", exp, native=r"\exp"),
    "tanh": _Function(r"\tanh", tanh, native=r"\tanh"),
    "sinh": _Function(r"\sinh", sympy.sinh, native=r"\sinh"),
    "cosh": _Function(r"\cosh", sympy.cosh, native=r"\cosh"),
    "sin": _Function(r"\sin", sympy.sin, native=r"\sin"),
    "cos": _Function(r"\cos", sympy.cos, native=r"\cos"),
    "tan": _Function(r"\tan", sympy.tan, native=r"\tan"),
    # latex2sympy2 splits \max's arguments on every comma, nested calls included: built here.
    "max": _Function(r"\max", Max, arity=None),
    "min": _Function(r"\min", Min, arity=None),
}

#: Functions written \mathrm{NAME}(..), \operatorname{NAME}(..), \text{NAME}(..).
NAMED_FUNCTIONS = {
    "relu": (relu, 1),
    "softplus": (softplus, 1),
    "sigmoid": (sigmoid, 1),
    "tanh": (tanh, 1),
    "exp": (exp, 1),
    "ln": (log, 1),
    "log": (log, 1),
    "mse": (mse, 2),
    "bce": (binary_cross_entropy, 2),
    "indicator": (indicator, 1),  # indicator(u) = 𝕀(u > 0), as SymPy prints it
}

_SIGMA = _Function(r"\sigma", sigmoid)
_INDICATOR_BARE = r"the identity \mathbb{I} (matrix context) is not supported yet"

#: Single letters used as placeholders in latex2sympy2 skeletons.  Letters latex2sympy2 lexes
#: specially are left out: d (differentials), e (Euler), E (exponent notation), I (imaginary
#: unit), T (^T transpose), i and j (preset in its global variable table).
_PLACEHOLDERS = tuple(c for c in "abcfghklmnopqrstuvwxyzABCDFGHJKLMNOPQRSUVWXYZ")


def canonical_symbol(name: str) -> Symbol:
    r"""The symbol symnn uses for ``name``: ``Symbol(name, real=True)``.

    >>> canonical_symbol("yhat_j") == parse_latex(r"\hat{y}_j")
    True
    """
    return Symbol(name, real=True)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    r"""One token of the user's string.

    ``kind`` is one of: letter, digit, dot, cmd, open, close, lbrace, rbrace, bar, prime, op,
    caret, under, rel, comma.  ``text`` is normalized (``\le`` -> ``<=``, ``\left(`` -> ``(``);
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
_OPENERS = {"(": "(", "[": "[", r"\{": "{", r"\lbrace": "{", r"\lvert": "|", r"\vert": "|", "|": "|"}
_CLOSERS = {")": "(", "]": "[", r"\}": "{", r"\rbrace": "{", r"\rvert": "|", r"\vert": "|", "|": "|"}
_BRACKET_NAMES = {"(": "parenthesis", "[": "bracket", "{": "brace", "|": "absolute-value bar"}


#: Macros the tokenizer turns into tokens of their own (delimiters, spacing, operators ...).
_TOKEN_MACROS = frozenset(
    {"prime", "left", "right", "lbrace", "rbrace", "lvert", "rvert", "vert"}
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
                self.toks.append(_Tok("letter", ch, ch, i))
                i += 1
            elif ch.isascii() and ch.isdigit():
                self.toks.append(_Tok("digit", ch, ch, i))
                i += 1
            elif ch == ":" and text.startswith(":=", i):
                self.toks.append(_Tok("rel", ":=", ":=", i))
                i += 2
            elif ch in _CHAR_KINDS:
                kind = _CHAR_KINDS[ch]
                norm = _OPENERS[ch] if kind == "open" else _CLOSERS[ch] if kind == "close" else ch
                self.toks.append(_Tok(kind, norm, ch, i))
                i += 1
            else:
                raise self.error(f"unexpected character {ch!r}", i)
        return self.toks

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
        elif name in ("lbrace", "lvert"):
            self.toks.append(_Tok("open", _OPENERS[src], src, i))
        elif name in ("rbrace", "rvert"):
            self.toks.append(_Tok("close", _CLOSERS[src], src, i))
        elif name == "vert":
            self.toks.append(_Tok("bar", "|", src, i))
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
        if delim in (r"\|", r"\lVert", r"\rVert"):
            raise self.error(NOT_SUPPORTED_YET["|"], i)
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


# --------------------------------------------------------------------------- latex2sympy2 bridge

_LATEX2SYMPY_LOCK = threading.Lock()


class _SkeletonError(Exception):
    """latex2sympy2 returned something a skeleton cannot produce (internal; becomes an input error)."""


@functools.lru_cache(maxsize=2048)
def _latex2sympy(skeleton: str):
    r"""latex2sympy2 on one skeleton.  It keeps module-level state, hence the lock.

    Skeletons are made of placeholder letters only, so the same shapes recur (``a \cdot b``)
    and the (immutable) results are cached: its ANTLR parser takes 5-50 ms a call.
    """
    import latex2sympy2  # late: its import builds ANTLR tables
    from latex2sympy2 import latex2sympy

    with _LATEX2SYMPY_LOCK:
        # A `dx` parsed by anyone's direct call turns latex2sympy2's global `var` table into a
        # Symbol, after which every call fails; our skeletons never touch it, but heal it.
        if not isinstance(latex2sympy2.var, dict):
            latex2sympy2.var = {}
        return latex2sympy(skeleton)


def _rebuild(node, slots: dict[str, Expr]):
    """Replace placeholders by their values, rebuilding bottom-up so that SymPy evaluates.

    latex2sympy2 builds with ``evaluate=False`` (``1*(a - y)**2/2``, ``log(x, E)``);
    ``node.func(*args)`` gives the normal forms.
    """
    if isinstance(node, Symbol):
        if node.name not in slots:
            raise _SkeletonError(f"unexpected symbol {node.name}")
        return slots[node.name]
    if isinstance(node, AppliedUndef):
        raise _SkeletonError(f"unexpected function {node.func}")
    if not node.args:
        return node
    return node.func(*[_rebuild(arg, slots) for arg in node.args])


def _caret_column(exc: Exception) -> int | None:
    """Column of latex2sympy2's ``~~~^`` marker in its error message, if any."""
    lines = str(exc).splitlines()
    if lines and lines[-1].strip("~").startswith("^"):
        return lines[-1].index("^")
    return None


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


# --------------------------------------------------------------------------- the reader


class _Term:
    r"""One additive term being read: finished operands and skeleton text, in order.

    A function written without parentheses (``\ln x``) is emitted inside braces, ``{\ln x}``,
    closed at the next explicit operator or at the next function once its argument has begun:
    latex2sympy2 alone would read ``\ln x \cdot y`` as ln(x*y); TeX readers (and symnn) read
    (ln x)*y.  Juxtaposition stays inside: ``\ln 2x`` is ln(2x).
    """

    def __init__(self, sign: int, pos: int):
        self.sign = sign
        self.pos = pos
        self.items: list[tuple[str, object, int]] = []  # ("slot", Expr, pos) | ("text", str, pos)
        self.open_functions = 0  # braces opened for functions without parentheses
        self.pending = False  # a function without parentheses still waits for its argument

    @property
    def empty(self) -> bool:
        return not self.items

    def operand(self, value: Expr, pos: int) -> None:
        self.items.append(("slot", value, pos))
        self.pending = False

    def text(self, text: str, pos: int) -> None:
        self.items.append(("text", text, pos))

    def begin_function(self, pos: int) -> None:
        r"""A function (or \sum) starts: it ends the argument of a bare function, unless it is
        that argument's first item (``\ln \ln x``)."""
        if self.open_functions and not self.pending:
            self.close_functions(pos)

    def open_function(self, native: str, pos: int, error: Callable[[str, int], Exception]) -> None:
        self.begin_function(pos)
        if self.open_functions >= MAX_BARE_FUNCTIONS:  # latex2sympy2 recurses (slowly) on these
            raise error(
                f"more than {MAX_BARE_FUNCTIONS} nested functions without parentheses; add parentheses",
                pos,
            )
        self.text("{", pos)
        self.text(native, pos)
        self.open_functions += 1
        self.pending = True

    def close_functions(self, pos: int) -> None:
        while self.open_functions:
            self.text("}", pos)
            self.open_functions -= 1
        self.pending = False


PRIME_MESSAGE = r"a prime (') is only supported on a function name, e.g. \sigma'(z)"

_GROUP_NAMES = {"(": "parentheses", "[": "brackets", "{": "braces", "|": "absolute value"}

#: Macro -> method of :class:`_Parser` reading it.  Add a row to support a new construct.
_COMMAND_HANDLERS = {
    "frac": "fraction", "dfrac": "fraction", "tfrac": "fraction",
    "sqrt": "square_root",
    "sum": "big_operator", "prod": "big_operator",
    "infty": "infinity",
    **{name: "native_function" for name in NATIVE_FUNCTIONS},
    **{name: "named_function" for name in NAME_WRAPPERS},
    **{name: "symbol_operand" for name in GREEK},
    **{name: "symbol_operand" for name in ACCENTS},
}


class _Parser:
    """Reads one user string.  Token ranges are half-open ``[i, j)``."""

    def __init__(self, text: str):
        self.text = text
        self.toks = _Tokenizer(text).run()
        self.match = _match_brackets(self.toks, text)
        self.n = len(self.toks)
        if not self.toks:
            raise self.error("empty expression", 0)

    # ----------------------------------------------------------------- helpers

    def error(self, message: str, pos: int | None) -> SymnnInputError:
        return SymnnInputError(message, source=self.text, position=pos)

    def pos_at(self, k: int) -> int:
        return self.toks[k].pos if k < self.n else len(self.text)

    def is_paren(self, k: int, j: int) -> bool:
        return k < j and self.toks[k].kind == "open" and self.toks[k].text == "("

    def call_parentheses(self, k: int, j: int) -> tuple[int, int, int] | None:
        r"""The argument list of a call at ``toks[k]``: ``(..)``, ``\left(..
ight)``, or SymPy's
        own output form ``{\left(..
ight)}``.  Returns (open, close, next index) or None."""
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
        if tok.kind in ("letter", "digit", "dot", "close", "rbrace", "prime"):
            return True
        return tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text == r"\infty")

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
        return sympy.Add(*[self.term_value(t) for t in terms])

    def term_value(self, term: _Term) -> Expr:
        if all(kind == "slot" for kind, _, _ in term.items):
            value = sympy.Mul(*[item for _, item, _ in term.items])  # plain juxtaposition
        else:
            value = self.run_skeleton(term)
        return -value if term.sign < 0 else value

    def run_skeleton(self, term: _Term) -> Expr:
        r"""Operators, functions without parentheses and \sum heads: latex2sympy2's job."""
        parts: list[str] = []
        spans: list[tuple[int, int]] = []  # (column where the piece ends, original position)
        slots: dict[str, Expr] = {}
        column = 0
        for kind, item, pos in term.items:
            if kind == "slot":
                if len(slots) == len(_PLACEHOLDERS):
                    raise self.error(
                        f"more than {len(_PLACEHOLDERS)} factors in one term; add parentheses", pos
                    )
                piece = _PLACEHOLDERS[len(slots)]
                slots[piece] = item
            else:
                piece = item
            parts.append(piece)
            column += len(piece) + 1
            spans.append((column, pos))
        skeleton = " ".join(parts)
        try:
            raw = _latex2sympy(skeleton)
            if not isinstance(raw, Expr):
                raise _SkeletonError(f"latex2sympy2 returned {type(raw).__name__}")
            return _rebuild(raw, slots)
        except (SymnnInputError, BudgetExceeded):
            raise
        except RecursionError:
            raise self.error("expression too deeply nested to parse", term.pos) from None
        except Exception as exc:  # latex2sympy2 raises bare Exception (and worse) on bad input
            column = _caret_column(exc)
            pos = term.pos
            if column is not None:
                pos = next((p for end, p in spans if column < end), spans[-1][1])
            raise self.error("cannot parse the expression here", pos) from None

    # ----------------------------------------------------------------- operands

    def operand(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""Read one operand (or a prefix such as ``\ln`` or ``\sum_{..}^{..}``) at ``toks[k]``.

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
            inner = self.expression(k + 1, close, depth + 1, self.group_name(tok), tok.pos)
            value = Abs(inner) if tok.kind == "open" and tok.text == "|" else inner
            return self.finish(value, tok, close + 1, j, depth, term)
        if tok.kind == "bar":
            close = self.closing_bar(k, j)
            inner = self.expression(k + 1, close, depth + 1, "absolute value", tok.pos)
            return self.finish(Abs(inner), tok, close + 1, j, depth, term)
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
            caret = self.toks[k]
            kind, exponent, k = self.superscript(k, j, depth)
            if kind == "primes":
                raise self.error(PRIME_MESSAGE, caret.pos)
            value = Pow(value, exponent)
        self.reject_scripts(k, j)
        term.operand(value, head.pos)
        return k, False

    def reject_scripts(self, k: int, j: int) -> None:
        if k >= j:
            return
        tok = self.toks[k]
        if tok.kind == "caret":
            raise self.error("double superscript", tok.pos)
        if tok.kind == "under":
            # \mathrm{softmax}(\beta)_j, (a+b)_j: latex2sympy2 drops such subscripts silently.
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

    # ----------------------------------------------------------------- scripts

    def superscript(self, k: int, j: int, depth: int) -> tuple[str, object, int]:
        """Read ``^...`` at ``toks[k]``: ("primes", count, next) or ("expr", Expr, next)."""
        caret = self.toks[k]
        k += 1
        if k >= j:
            raise self.error("missing superscript after ^", caret.pos)
        tok = self.toks[k]
        if tok.kind == "lbrace":
            close = self.match[k]
            inner = self.toks[k + 1:close]
            self.check_superscript(inner, k + 1)
            if inner and all(t.kind == "prime" for t in inner):
                return "primes", len(inner), close + 1
            return "expr", self.expression(k + 1, close, depth + 1, "superscript", tok.pos), close + 1
        self.check_superscript([tok], k)
        if tok.kind == "prime":
            return "primes", 1, k + 1
        return "expr", self.single_token(tok, "superscript"), k + 1

    def check_superscript(self, inner: list[_Tok], first: int) -> None:
        """^T: latex2sympy2 drops it silently."""
        if len(inner) == 1 and inner[0].kind == "letter" and inner[0].text == "T":
            raise self.error("transpose ^T is not supported yet", inner[0].pos)

    def reject_layer_index(self, caret: int, j: int) -> None:
        """W^{(1)} names a layer in NN texts; as a power it would silently mean W."""
        first = caret + 2
        if not (first < j and self.toks[caret + 1].kind == "lbrace"):
            return
        inner = self.toks[first:self.match[caret + 1]]
        if (
            len(inner) >= 3 and inner[0].kind == "open" and inner[0].text == "("
            and self.match.get(first) == first + len(inner) - 1
            and (
                all(t.kind == "digit" for t in inner[1:-1])
                or (len(inner) == 3 and inner[1].kind == "letter")
            )
        ):
            raise self.error("layer superscripts such as W^{(1)} are not supported yet", inner[0].pos)

    def single_token(self, tok: _Tok, what: str) -> Expr:
        r"""A one-token argument, as TeX allows: x^2, e^x, \frac12."""
        if tok.kind == "digit":
            return Integer(int(tok.text))
        if tok.kind == "letter":
            return E if tok.text == "e" else canonical_symbol(tok.text)
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return pi if tok.text == r"\pi" else canonical_symbol(tok.text[1:])
        if tok.kind == "cmd" and tok.text == r"\infty":
            return oo
        raise self.error(f"the {what} needs braces here", tok.pos)

    def subscript(self, k: int, j: int) -> tuple[str, int]:
        """Read ``_...`` at ``toks[k]``: the subscript as part of a symbol name (letters, digits,
        Greek names and commas, kept verbatim: w_{1,2} -> "1,2")."""
        under = self.toks[k]
        k += 1
        if k >= j:
            raise self.error("missing subscript after _", under.pos)
        tok = self.toks[k]
        if tok.kind != "lbrace":
            return self.subscript_piece(tok), k + 1
        close = self.match[k]
        if close == k + 1:
            raise self.error("empty subscript", tok.pos)
        parts: list[str] = []
        for inner in self.toks[k + 1:close]:
            if inner.kind == "comma" and parts and parts[-1] != ",":
                parts.append(",")
            elif inner.kind == "comma":
                raise self.error("misplaced ',' in a subscript", inner.pos)
            else:
                parts.append(self.subscript_piece(inner))
        if parts[-1] == ",":
            raise self.error("misplaced ',' in a subscript", self.toks[close - 1].pos)
        return "".join(parts), close + 1

    def subscript_piece(self, tok: _Tok) -> str:
        if tok.kind in ("letter", "digit"):
            return tok.text
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return tok.text[1:]
        raise self.error(
            f"{tok.src} in a subscript is not supported yet (use letters, digits and commas)", tok.pos
        )

    # ----------------------------------------------------------------- symbols

    def symbol_operand(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        tok = self.toks[k]
        if tok.text == r"\sigma" and self.sigma_is_call(k + 1, j):
            return self.function(_SIGMA, k + 1, j, depth, term, tok)
        value, exponent, k = self.symbol(k, j, depth)
        if exponent is not None:
            value = Pow(value, exponent)
        return self.finish(value, tok, k, j, depth, term, allow_power=exponent is None)

    def symbol(self, k: int, j: int, depth: int, allow_superscript: bool = True
               ) -> tuple[Expr, Expr | None, int]:
        r"""A symbol with its subscript (in either order with a superscript): (value, exponent, next).

        ``e`` alone is Euler's number and ``\pi`` alone is pi; with a subscript or an accent they
        are symbols like any other.
        """
        head = self.toks[k]
        name, sub, k = self.symbol_base(k, j)
        exponent = None
        while k < j and self.toks[k].kind in ("under", "caret"):
            tok = self.toks[k]
            if tok.kind == "under":
                if sub is not None:
                    raise self.error("double subscript", tok.pos)
                sub, k = self.subscript(k, j)
            elif not allow_superscript:
                break
            elif exponent is not None:
                raise self.error("double superscript", tok.pos)
            else:
                if name not in ("e", "pi"):
                    self.reject_layer_index(k, j)
                kind, exponent, k = self.superscript(k, j, depth)
                if kind == "primes":
                    raise self.error(PRIME_MESSAGE, tok.pos)
        if sub is None and name == "e" and head.kind == "letter":
            return E, exponent, k
        if sub is None and head.text == r"\pi":
            return pi, exponent, k
        return canonical_symbol(name if sub is None else f"{name}_{sub}"), exponent, k

    def symbol_base(self, k: int, j: int) -> tuple[str, str | None, int]:
        r"""Name of a letter, Greek letter or accented symbol, and a subscript written inside an
        accent (\hat{y_j}); accents become suffixes: \hat{\bar{x}} -> ``xbarhat``."""
        tok = self.toks[k]
        if tok.kind == "letter":
            return tok.text, None, k + 1
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return tok.text[1:], None, k + 1
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
                sub, m = self.subscript(m, close)
            if m < close:
                raise self.error(f"{tok.src} takes a single variable", self.toks[m].pos)
            return name + suffix, sub, close + 1
        raise self.error(r"expected a variable such as x, \beta_j or \hat{y}", tok.pos)

    def single_symbol(self, i: int, j: int, what: str) -> Symbol:
        """Tokens ``[i, j)`` must be exactly one symbol (for --wrt, definitions, sum indices)."""
        if i >= j:
            raise self.error(f"missing {what}", self.pos_at(i))
        tok = self.toks[i]
        named = tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text[1:] in ACCENTS)
        if not (tok.kind == "letter" or named):
            raise self.error(rf"expected a {what} such as x, \beta_j or \hat{{y}}_j", tok.pos)
        value, _, k = self.symbol(i, j, 0, allow_superscript=False)
        if k < j:
            raise self.error(f"unexpected text after the {what}", self.toks[k].pos)
        if not isinstance(value, Symbol):
            raise self.error(f"{tok.src} is a constant, not a {what}", tok.pos)
        return value

    # ----------------------------------------------------------------- functions

    def sigma_is_call(self, k: int, j: int) -> bool:
        r"""Is ``\sigma`` at ``k - 1`` the sigmoid: followed by primes and/or ``(``?"""
        primed = False
        while k < j and self.toks[k].kind == "prime":
            k, primed = k + 1, True
        if k < j and self.toks[k].kind == "caret" and k + 1 < j:
            nxt = self.toks[k + 1]
            if nxt.kind == "prime":
                k, primed = k + 2, True
            elif nxt.kind == "lbrace":
                close = self.match[k + 1]
                inner = self.toks[k + 2:close]
                if not inner or not all(t.kind == "prime" for t in inner):
                    return False
                k, primed = close + 1, True
            while k < j and self.toks[k].kind == "prime":
                k += 1
        return primed or self.call_parentheses(k, j) is not None

    def native_function(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        head = self.toks[k]
        fn = NATIVE_FUNCTIONS[head.text[1:]]
        base = None
        if head.text == r"\log" and k + 1 < j and self.toks[k + 1].kind == "under":
            base, k = self.command_argument(k + 2, j, depth, head)
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
            if name in ("I", "1"):
                fn = _Function(display, indicator, relation_argument=True, bare_message=_INDICATOR_BARE)
                return self.function(fn, close + 1, j, depth, term, head)
            raise self.error(f"unknown name {display}", head.pos)
        if name == "e":
            return self.finish(E, head, close + 1, j, depth, term)
        key = name.lower()
        if key in NAMED_FUNCTIONS:
            build, arity = NAMED_FUNCTIONS[key]
            return self.function(_Function(display, build, arity=arity), close + 1, j, depth, term, head)
        if key in NOT_SUPPORTED_YET_NAMES:
            raise self.error(f"{display}{NOT_SUPPORTED_YET_NAMES[key]} is not supported yet", head.pos)
        kind = "function" if self.call_parentheses(close + 1, j) else "name"
        raise self.error(f"unknown {kind} {display}", head.pos)

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
            kind, value, k = self.superscript(k, j, depth)
            if kind == "primes":
                primes += value
            elif value == -1:
                raise self.error(
                    f"inverse-function notation {fn.display}^{{-1}} is not supported", tok.pos
                )
            else:
                power = value
        if primes > MAX_PRIMES:
            raise self.error(f"more than {MAX_PRIMES} primes", head.pos)
        parentheses = self.call_parentheses(k, j)
        if parentheses:
            open_k, close, k = parentheses
            value = self.call(fn, open_k, close, depth, primes, head)
            if power is not None:
                value = Pow(value, power)
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
        if fn.arity is not None and len(args) != fn.arity:
            plural = "" if fn.arity == 1 else "s"
            raise self.error(
                f"{fn.display} takes {fn.arity} argument{plural}, got {len(args)}", paren.pos
            )
        if primes and fn.arity != 1:
            raise self.error(f"a prime needs a function of one argument, not {fn.display}", head.pos)
        try:
            if primes:
                return _nth_derivative(fn.build, args[0], primes)
            return fn.build(*args)
        except (ValueError, TypeError, ArithmeticError) as exc:  # e.g. Max of incomparable values
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise self.error(f"cannot apply {fn.display}: {reason}", head.pos) from None

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
        return lhs - rhs if rel.text in (">", ">=") else rhs - lhs

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
        self.reject_leibniz(k + 1, j, head)
        numerator, k = self.command_argument(k + 1, j, depth, head)
        denominator, k = self.command_argument(k, j, depth, head)
        return self.finish(numerator / denominator, head, k, j, depth, term)

    def reject_leibniz(self, k: int, j: int, head: _Tok) -> None:
        r"""\frac{d}{dx}, \frac{dy}{dx} would silently read as quotients of products with d."""
        def starts_with_d(m: int) -> tuple[bool, int]:
            if m < j and self.toks[m].kind == "lbrace":
                close = self.match[m]
                first = self.toks[m + 1] if m + 1 < close else None
                return bool(first and first.kind == "letter" and first.text == "d"), close - m - 1
            return False, 0
        top, _ = starts_with_d(k)
        if top and k < j:
            bottom, length = starts_with_d(self.match[k] + 1)
            if bottom and length >= 2:
                raise self.error(
                    r"derivative notation \frac{d}{dx} is not supported yet (use --wrt)", head.pos
                )

    def square_root(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        head = self.toks[k]
        index = None
        k += 1
        if k < j and self.toks[k].kind == "open" and self.toks[k].text == "[" and not self.toks[k].sized:
            close = self.match[k]
            index = self.expression(k + 1, close, depth + 1, r"index of \sqrt", self.toks[k].pos)
            k = close + 1
        radicand, k = self.command_argument(k, j, depth, head)
        value = sympy.sqrt(radicand) if index is None else sympy.root(radicand, index)
        return self.finish(value, head, k, j, depth, term)

    def big_operator(self, k: int, j: int, depth: int, term: _Term) -> tuple[int, bool]:
        r"""\sum_{k=1}^{C} (a prefix: latex2sympy2 reads the body, as far as a product goes)."""
        head = self.toks[k]
        usage = (
            f"{head.src} needs its bounds written {head.src}_{{k=1}}^{{C}}"
            " (other forms are not supported yet)"
        )
        if not (k + 2 < j and self.toks[k + 1].kind == "under" and self.toks[k + 2].kind == "lbrace"):
            raise self.error(usage, head.pos)
        brace = k + 2
        close = self.match[brace]
        relations = self.top_level(brace + 1, close, ("rel",))
        if len(relations) != 1 or self.toks[relations[0]].text != "=":
            raise self.error(usage, self.toks[brace].pos)
        eq = relations[0]
        index = self.single_symbol(brace + 1, eq, "summation index")
        lower = self.expression(eq + 1, close, depth + 1, "lower bound", self.toks[eq].pos)
        k = close + 1
        if k >= j or self.toks[k].kind != "caret":
            raise self.error(usage, head.pos)
        caret = self.toks[k]
        kind, upper, k = self.superscript(k, j, depth)
        if kind == "primes":
            raise self.error(PRIME_MESSAGE, caret.pos)
        term.begin_function(head.pos)
        term.text(head.text + "_{", head.pos)
        term.operand(index, head.pos)
        term.text("=", head.pos)
        term.operand(lower, head.pos)
        term.text("}^{", head.pos)
        term.operand(upper, head.pos)
        term.text("}", head.pos)
        term.pending = True
        return k, True

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
        return values, [self.toks[r] for r in relations]


# --------------------------------------------------------------------------- public API


def _guarded(text: str, read: Callable[[_Parser], object]):
    """Common checks, the time budget, and the conversion of every failure to an input error."""
    if not isinstance(text, str):
        raise SymnnInputError(f"expected a LaTeX string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise SymnnInputError(f"expression longer than {MAX_LENGTH} characters", source=text)
    try:
        with time_budget(PARSE_SECONDS, "parsing LaTeX"):
            return read(_Parser(text))
    except SymnnInputError:
        raise
    except BudgetExceeded:
        raise SymnnInputError("expression too complex to parse", source=text) from None
    except RecursionError:
        raise SymnnInputError("expression too deeply nested to parse", source=text) from None
    except Exception as exc:  # never a traceback for user input
        reason = (str(exc).splitlines() or [""])[0]
        raise SymnnInputError(
            f"cannot parse the expression ({type(exc).__name__}: {reason})", source=text
        ) from exc


def parse_latex(text: str) -> Expr:
    r"""Read one expression written in symnn's LaTeX vocabulary.

    >>> parse_latex(r"\mathrm{ReLU}(wx+b) + \tanh'(x)")
    -tanh(x)**2 + relu(b + w*x) + 1

    Raises :class:`~symnn.errors.SymnnInputError` (with the position in ``text``) on anything
    it cannot read.
    """
    return _guarded(text, lambda p: p.expression(0, p.n, 0))


def parse_relation(text: str) -> sympy.Basic:
    r"""Read one constraint (for ``--assume``): ``x > 0``, ``x \neq 0``, ``a = b`` ...

    The relation is kept as written (``evaluate=False``).  A chain such as ``0 < p < 1`` gives
    the ``And`` of its links.

    >>> parse_relation(r"\sum_{k=1}^{C} y_k = 1")
    Eq(Sum(y_k, (k, 1, C)), 1)
    """
    def read(p: _Parser):
        values, relations = p.sides(tuple(_RELATION_CLASSES), "a constraint")
        if not relations:
            raise p.error(r"expected a relation such as x > 0 or x \neq 0", None)
        links = [
            _RELATION_CLASSES[rel.text](lhs, rhs, evaluate=False)
            for lhs, rel, rhs in zip(values, relations, values[1:])
        ]
        return links[0] if len(links) == 1 else sympy.And(*links)

    return _guarded(text, read)


def parse_equation_chain(text: str) -> list[Expr]:
    r"""Read ``A = B = C`` (for ``--equation``) as ``[A, B, C]``; at least two sides.

    >>> parse_equation_chain(r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
    [(1 - sigmoid(x))*sigmoid(x), (1 - sigmoid(x))*sigmoid(x)]
    """
    def read(p: _Parser):
        values, relations = p.sides(("=",), "an equation")
        if not relations:
            raise p.error("an equation needs at least two sides separated by =", None)
        return values

    return _guarded(text, read)


def parse_definition(text: str) -> tuple[Symbol, Expr]:
    r"""Read ``NAME = LATEX`` (for ``--define``); NAME must be one symbol, possibly subscripted.

    ``:=`` is accepted for ``=``.

    >>> parse_definition(r"\hat{y}_j := \sigma(z_j)")
    (yhat_j, sigmoid(z_j))
    """
    def read(p: _Parser):
        relations = p.top_level(0, p.n, ("rel",))
        if not relations:
            raise p.error("a definition needs the form NAME = expression", None)
        first = p.toks[relations[0]]
        if first.text not in ("=", ":="):
            raise p.error(f"a definition needs = (not {first.src})", first.pos)
        if len(relations) > 1:
            raise p.error("a definition has exactly one =", p.toks[relations[1]].pos)
        r = relations[0]
        name = p.single_symbol(0, r, "defined symbol")
        return name, p.expression(r + 1, p.n, 0, f"right side of {first.src}", first.pos)

    return _guarded(text, read)


def parse_symbol(text: str) -> Symbol:
    r"""Read one variable (for ``--wrt``): ``x``, ``\beta_j``, ``w``, ``\hat{y}_j``.

    >>> parse_symbol(r"\hat{y}_j")
    yhat_j
    """
    return _guarded(text, lambda p: p.single_symbol(0, p.n, "variable"))
