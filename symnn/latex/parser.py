r"""LaTeX input: formulas written in symnn's vocabulary, read into SymPy expressions.

The expression grammar proper (operator precedence, implicit multiplication, the arguments of
functions written without parentheses) is latex2sympy2's.  This module sits in front of it and
owns everything latex2sympy2 gets wrong or does unsafely:

1. **Tokens and checks.**  The user's string is tokenized here, every token keeping its offset in
   that string.  Length (2000 characters), bracket balance and nesting depth (40) are checked before
   any real parsing, unknown macros are rejected by a whitelist, and every error is a
   :class:`~symnn.errors.SymnnInputError` whose position points into the *original* string.
2. **Structure.**  Groups (``(..)``, ``\left[..\right]``, ``{..}``, ``|..|``, ``\|..\|``), symbols
   with their subscripts and accents, numbers, ``\frac``, ``\sqrt``, ``\sum``/``\prod`` with their
   bodies, superscripts (powers, ``^T``, ``^{-1}``) and every function call with parentheses are
   read here, recursively, and each becomes a finished SymPy object.
3. **latex2sympy2.**  What is left of one additive term is a flat *skeleton*: single-letter
   placeholders joined by operators (``\cdot``, ``/``, unary ``-``) and functions written without
   parentheses (``\ln``, ``\tanh``, ``\log_b``).  Only that skeleton is given to latex2sympy2,
   under a time budget; its placeholders are then replaced by the objects of step 2 while the tree
   is rebuilt bottom-up (``node.func(*args)``), so the result is evaluated the normal SymPy way.
   Terms holding matrices never go to latex2sympy2: their factors are multiplied here, left to
   right, with their shapes checked.

Because the skeleton never contains a character the user typed, a user cannot forge a placeholder,
and latex2sympy2's global state (``VARIABLE_VALUES``, assignments, the ``dx`` differential) is
never reached.  Nothing here evaluates text: numbers are built with ``sympy.Integer`` /
``sympy.Rational`` and symbols with ``sympy.Symbol``.

**Symbols.**  A plain letter is ``Symbol(name, real=True)``: ``x``, ``W``; Greek without the
backslash (``\beta`` -> ``beta``); accents as suffixes (``\hat{y}`` -> ``yhat``, ``\bar{x}`` ->
``xbar``).

**Index notation: subscripts are indices.**  ``y_k`` is ``Indexed(IndexedBase('y', real=True), k)``;
one index per letter and per number, commas optional: ``w_{hj}`` -> ``w[h, j]``, ``x_{10}`` ->
``x[10]``, ``w_{1,2}`` and ``w_{1 2}`` -> ``w[1, 2]``, ``w_{h1}`` -> ``w[h, 1]``, ``h_{t-1}`` ->
``h[t - 1]``; ``\hat{y}_j`` -> ``yhat[j]`` (``\hat{y}`` alone stays the real symbol ``yhat``);
SymPy's printed form ``{\hat{y}}_{j}`` reads the same.  ``\delta`` with exactly two indices is
Kronecker's (``\delta_{ik}`` -> ``KroneckerDelta(i, k)``); ``\delta_j`` is the family ``delta[j]``
(the backprop error term).  Index letters (in subscripts, summation variables, lower bounds) are
``Symbol(name, integer=True)``; single-letter upper bounds (``C``, ``n``, ``K``) and matrix sizes
are ``Symbol(name, integer=True, positive=True)``.  One letter is one symbol in one input (all
sides of a relation, both sides of a definition): if ``n`` is a bound, the plain ``n`` of
``\frac{1}{n}`` is that positive integer too; if ``k`` is an index, it is the integer ``k``
everywhere.  Bases are names, not letters: ``y_k`` next to a plain ``y`` is ``y[k]`` next to the
real ``y``.

**Sums.**  ``\sum_{k=1}^{C} body``, ``\sum^{C}_{k=1}``, ``\sum_{k} body``, ``\sum_k body``; the body
is the rest of the current product term, up to the next ``+`` or ``-`` at the same level
(``\sum_k y_k \log \hat{y}_k`` sums the product, ``\sum_k y_k + 1`` adds 1 to the sum).  Without
bounds, k runs from 1 to the class count.

**Class count.**  Sums without bounds and the indexed vocabulary (``\mathrm{softmax}(\beta)_j`` ->
``softmax(beta, j, C)``, ``\log\mathrm{softmax}(\beta)_j``, ``\mathrm{logsoftmax}``,
``\mathrm{logsumexp}`` / ``\mathrm{LSE}``, ``\mathrm{CE}(y, \hat{y})``, ``\mathrm{KL}(P \| Q)`` /
``D_{\mathrm{KL}}(P \| Q)`` / ``\mathrm{KL}(P, Q)``, ``\mathrm{H}(P)``, and the printer's
``H(P)``, ``H(y, \hat{y})``) count C = :data:`DEFAULT_CLASS_COUNT` classes, unless the input writes
exactly one distinct single-letter upper bound (``\sum_{k=1}^{K}``): then that one.

**Matrices** (issue 4) exist only when declared: every parse function takes
``matrices={"X": ("n", "d"), "W": ("d", 1)}`` (names as written, ``"\\Sigma"`` too; sizes are
numbers, letters or integer positive symbols).  A declared name is a ``MatrixSymbol``; products
are ``MatMul`` (shapes checked: ``cannot multiply X (n×d) by Y (n×1): inner sizes d and n differ``),
sums ``MatAdd`` (unevaluated, so that ``(XW - Y)^T`` stays a ``Transpose``), scalars multiply
matrices; ``^T``, ``^\top``, ``^{\mathsf{T}}`` -> ``Transpose``; ``^{-1}`` -> ``Inverse``; ``^{-T}``
-> ``Inverse(Transpose(A))``; ``A^2`` -> ``MatPow``; ``\odot`` -> ``HadamardProduct`` (same
precedence as the product); ``\mathrm{tr}``/``\operatorname{Tr}`` -> ``Trace``; ``\det(A)``,
``\det A`` and ``|A|`` of a square matrix -> ``Determinant``; ``I``, ``\mathbb{I}`` (without a
parenthesis) -> ``Identity`` of the size its neighbours give (``X^T X + \lambda I`` -> ``Identity(d)``),
``I_d`` -> ``Identity(d)``.  ``^T`` of anything not a matrix is an input error.

*Scalars and 1×1 matrices.*  A scalar objective written with matrices stays a **1×1 matrix
expression**: ``(XW - Y)^T (XW - Y)``, ``\|v\|_2^2`` and ``\|v\|^2`` -> ``v.T*v`` (a row ``r``:
``r*r.T``); ``\|A\|_F^2`` (and ``\|A\|^2`` of a matrix that is not a vector) -> ``Trace(A.T*A)``, a
scalar.  A scalar added to a 1×1 matrix becomes ``s*Identity(1)``; where a scalar is required (the
argument of a function, an exponent, a denominator) a 1×1 matrix gives its entry
``MatrixElement(M, 0, 0)``: ``\sigma(w^T x)``, ``e^{-w^T x}``.

Other reading conventions: ``\log`` and ``\ln`` are natural logs (``\log_{2}`` keeps its base);
``\sigma(u)`` is the sigmoid and a bare ``\sigma`` the symbol sigma; primes on a one-argument
function name are derivatives (``\sigma''(u)``); ``\mathbb{I}(u > v)`` is ``indicator(u - v)``
and ``\mathbb{I}(u \geq v)`` reads the same (they differ only where u = v); a letter before a
parenthesis multiplies (``y(x)`` is y*x; ``H`` of one or two vector names is the exception); a
function without parentheses takes the juxtaposed factors after it, up to the next explicit
operator (``\ln 2x \cdot y`` is ln(2x)*y).

>>> parse_latex(r"\sigma(x)(1-\sigma(x))")
(1 - sigmoid(x))*sigmoid(x)
>>> parse_latex(r"\sigma'(z)") == parse_latex(r"\sigma(z)(1-\sigma(z))")
True
>>> parse_latex(r"\frac{1}{2}(\hat{y}_j - y_j)^2")
(-y[j] + yhat[j])**2/2
>>> parse_latex(r"-\sum_{k} y_k \log \hat{y}_k")
-Sum(log(yhat[k])*y[k], (k, 1, C))
>>> parse_latex(r"\log x + \log_{2} y")
log(x) + log(y)/log(2)
>>> parse_definition(r"\hat{y} = \frac{1}{1+e^{-z}}")
(yhat, 1/(1 + exp(-z)))
>>> parse_relation(r"x \neq 0")
Ne(x, 0)
>>> shapes = {"X": ("n", "d"), "W": ("d", 1), "Y": ("n", 1)}
>>> ridge = parse_latex(r"\frac{1}{2n}(XW-Y)^T(XW-Y) + \frac{\lambda}{2}W^T W", matrices=shapes)
>>> ridge.shape
(1, 1)
>>> parse_latex("XY", matrices=shapes)
Traceback (most recent call last):
    ...
symnn.errors.SymnnInputError: cannot multiply X (n×d) by Y (n×1): inner sizes d and n differ at position 1
>>> parse_latex(r"\mathrm{foo}(x)")
Traceback (most recent call last):
    ...
symnn.errors.SymnnInputError: unknown function \mathrm{foo} at position 0
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Callable, Mapping

import sympy
from sympy import (
    Abs, Dummy, E, Expr, Indexed, IndexedBase, Integer, KroneckerDelta, Max, Min, Pow, Rational,
    Symbol, exp, log, oo, pi, tanh,
)
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import (
    Determinant, HadamardProduct, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr,
    MatrixSymbol, Trace, Transpose,
)
from sympy.matrices.expressions.matexpr import MatrixElement

from symnn.budget import time_budget
from symnn.errors import BudgetExceeded, SymnnInputError
from symnn.vocabulary import binary_cross_entropy, indicator, mse, relu, sigmoid, softplus

__all__ = [
    "parse_latex",
    "parse_relation",
    "parse_equation_chain",
    "parse_definition",
    "parse_symbol",
    "parse_matrix_declaration",
    "canonical_symbol",
    "canonical_index",
    "canonical_count",
    "canonical_base",
    "DEFAULT_CLASS_COUNT",
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
    "otimes": r"\otimes is not supported yet",
    "circ": r"\circ is not supported yet",
    "partial": r"derivative notation \partial is not supported yet (use --wrt)",
    "nabla": r"gradient notation \nabla is not supported yet (use --wrt)",
    "mathbf": r"bold (vector/matrix) notation \mathbf is not supported yet",
    "boldsymbol": r"bold (vector/matrix) notation \boldsymbol is not supported yet",
    "bm": r"bold (vector/matrix) notation \bm is not supported yet",
    "vec": r"vector notation \vec is not supported yet",
}

#: Names symnn knows in \mathrm{..} etc. but does not handle yet: lower-case name -> note.
NOT_SUPPORTED_YET_NAMES = {
    "t": r" (transpose: write A^T or A^\top)",
    "d": " (derivative notation; use --wrt)",
    "diag": "",
}

#: Indexed vocabulary written \mathrm{NAME}(..): lower-case name -> (class name in
#: :mod:`symnn.indexed`, number of vector arguments, takes a subscript index after the call).
INDEXED_FUNCTIONS = {
    "softmax": ("softmax", 1, True),
    "logsoftmax": ("log_softmax", 1, True),
    "logsumexp": ("logsumexp", 1, False),
    "lse": ("logsumexp", 1, False),
    "ce": ("cross_entropy", 2, False),
    "crossentropy": ("cross_entropy", 2, False),
    "kl": ("kl_divergence", 2, False),
    "h": ("entropy", 1, False),
}

#: Matrix functions written \mathrm{NAME}(..) / \operatorname{NAME}(..): lower-case name -> class.
MATRIX_FUNCTIONS = {"tr": Trace, "trace": Trace, "det": Determinant}

#: The class count of sums written without bounds (\sum_k) and of the indexed vocabulary
#: (\mathrm{softmax}(\beta)_j) when the expression does not name one: C.  When the expression has
#: exactly one distinct single-letter upper bound (\sum_{k=1}^{K}), that letter is used instead.
DEFAULT_CLASS_COUNT = Symbol("C", integer=True, positive=True)

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
_INDICATOR_BARE = (
    r"\mathbb{I} without parentheses is the identity matrix, which needs declared matrices"
    r" (--matrix NAME:ROWS,COLS); the indicator is written \mathbb{I}(x > 0)"
)

#: Single letters used as placeholders in latex2sympy2 skeletons.  Letters latex2sympy2 lexes
#: specially are left out: d (differentials), e (Euler), E (exponent notation), I (imaginary
#: unit), T (^T transpose), i and j (preset in its global variable table).
_PLACEHOLDERS = tuple(c for c in "abcfghklmnopqrstuvwxyzABCDFGHJKLMNOPQRSUVWXYZ")


def canonical_symbol(name: str) -> Symbol:
    r"""The symbol symnn uses for a scalar ``name``: ``Symbol(name, real=True)``.

    >>> canonical_symbol("yhat") == parse_latex(r"\hat{y}")
    True
    """
    return Symbol(name, real=True)


def canonical_index(name: str) -> Symbol:
    r"""The symbol of an index letter (in a subscript, or a summation variable): an integer.

    >>> canonical_index("j") == parse_latex(r"\beta_j").indices[0]
    True
    """
    return Symbol(name, integer=True)


def canonical_count(name: str) -> Symbol:
    r"""The symbol of a count (a summation upper bound, a matrix size): a positive integer.

    >>> canonical_count("C") == DEFAULT_CLASS_COUNT
    True
    """
    return Symbol(name, integer=True, positive=True)


def canonical_base(name: str) -> IndexedBase:
    r"""The family of an indexed quantity: ``IndexedBase(name, real=True)`` (``\beta`` -> beta).

    >>> canonical_base("yhat")[canonical_index("j")] == parse_latex(r"\hat{y}_j")
    True
    """
    return IndexedBase(name, real=True)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    r"""One token of the user's string.

    ``kind`` is one of: letter, digit, dot, cmd, open, close, lbrace, rbrace, bar, norm, prime,
    op, caret, under, rel, comma.  ``text`` is normalized (``\le`` -> ``<=``, ``\left(`` -> ``(``);
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


#: Norm bars (a token of kind "norm"; \| is handled with the control symbols).
_NORM_MACROS = frozenset({"lVert", "rVert", "Vert"})

#: Macros the tokenizer turns into tokens of their own (delimiters, spacing, operators ...).
_TOKEN_MACROS = frozenset(
    {"prime", "left", "right", "lbrace", "rbrace", "lvert", "rvert", "vert", "odot"}
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
        # ("slot", Expr, pos, end) | ("text", str, pos, pos): end is the slot's end in the source
        self.items: list[tuple[str, object, int, int]] = []
        self.open_functions = 0  # braces opened for functions without parentheses
        self.pending = False  # a function without parentheses still waits for its argument

    @property
    def empty(self) -> bool:
        return not self.items

    def operand(self, value: Expr, pos: int, end: int | None = None) -> None:
        self.items.append(("slot", value, pos, pos if end is None else end))
        self.pending = False

    def text(self, text: str, pos: int) -> None:
        self.items.append(("text", text, pos, pos))

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
    "det": "determinant",
    "top": "superscript_only", "intercal": "superscript_only", "mathsf": "superscript_only",
    **{name: "native_function" for name in NATIVE_FUNCTIONS},
    **{name: "named_function" for name in NAME_WRAPPERS},
    **{name: "symbol_operand" for name in GREEK},
    **{name: "symbol_operand" for name in ACCENTS},
}

#: ^\top, ^\intercal; and the wrappers of a T in ^{\mathsf{T}}, ^{\mathrm{T}}.
_TRANSPOSE_MACROS = frozenset({r"\top", r"\intercal"})
_TRANSPOSE_WRAPPERS = frozenset({r"\mathsf", r"\mathrm", r"\text", r"\operatorname"})
_WRAPPER_COMMANDS = frozenset("\\" + name for name in NAME_WRAPPERS)


@dataclass(frozen=True)
class _Power:
    """A superscript: kind is "expr" (value: the exponent), "primes" (value: their number),
    "transpose" (^T) or "inverse_transpose" (^{-T})."""

    kind: str
    value: object
    next: int  # token index after the superscript
    pos: int  # position of the superscript's content
    caret: int  # position of the ^


@dataclass(frozen=True)
class _Subscript:
    """A subscript read as indices: w_{hj} -> (h, j); ``raw`` is the text (``hj``, ``1,2``)."""

    indices: tuple
    raw: str
    next: int
    pos: int


def _shape_text(shape) -> str:
    return "×".join(str(size) for size in shape)


class _Parser:
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

    # ----------------------------------------------------------------- helpers

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
        if tok.kind in ("letter", "digit", "dot", "close", "rbrace", "prime", "norm"):
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

    # ----------------------------------------------------------------- matrices

    @staticmethod
    def is_matrix(value) -> bool:
        return isinstance(value, MatrixExpr)

    def scalar(self, value, what: str, pos: int):
        """``value`` where a scalar is needed: a 1×1 matrix gives its only entry."""
        if not self.is_matrix(value):
            return value
        if value.shape == (1, 1):
            return MatrixElement(value, 0, 0)
        raise self.error(f"{what} must be a scalar, not a {_shape_text(value.shape)} matrix", pos)

    def square(self, value, text: str, needs: str, pos: int) -> None:
        rows, cols = value.shape
        if rows != cols:
            raise self.error(f"{needs} needs a square matrix, but {text} is {_shape_text(value.shape)}", pos)

    def with_identity(self, value, size):
        return value.xreplace({self.identity: Identity(size)})

    def has_identity(self, value) -> bool:
        return self.is_matrix(value) and value.has(self.identity_size)

    def multiply(self, left, right, op: str, lspan: tuple[int, int], rspan: tuple[int, int]):
        """``left op right`` in a product term: op is "mul", "div" or "odot"."""
        lm, rm = self.is_matrix(left), self.is_matrix(right)
        pos = rspan[0]
        if op == "div":
            if rm:
                right = self.scalar(right, f"the divisor {self.source(*rspan)}", pos)
            return MatMul(left, 1 / right).doit(deep=False) if lm else left / right
        if not (lm and rm):
            if op == "odot":
                raise self.error(r"the Hadamard product \odot needs matrices on both sides", pos)
            return MatMul(left, right).doit(deep=False) if lm or rm else left * right
        if self.has_identity(left) and not self.has_identity(right):
            left = self.with_identity(left, right.shape[0])
        elif self.has_identity(right) and not self.has_identity(left):
            right = self.with_identity(right, left.shape[0] if op == "odot" else left.shape[1])
        ltext, rtext = self.source(*lspan), self.source(*rspan)
        lshape, rshape = _shape_text(left.shape), _shape_text(right.shape)
        if op == "odot":
            if left.shape != right.shape:
                raise self.error(
                    f"cannot multiply {ltext} ({lshape}) elementwise by {rtext} ({rshape}):"
                    " shapes differ", pos
                )
            return HadamardProduct(left, right)
        if left.shape[1] != right.shape[0]:
            raise self.error(
                f"cannot multiply {ltext} ({lshape}) by {rtext} ({rshape}): inner sizes"
                f" {left.shape[1]} and {right.shape[0]} differ", pos
            )
        return MatMul(left, right).doit(deep=False)

    def add_terms(self, values: list, terms: list[_Term]):
        """The sum of the terms of an expression: Add, or MatAdd with its shapes checked."""
        if not any(self.is_matrix(v) for v in values):
            return sympy.Add(*values)
        spans = [self.term_span(t) for t in terms]
        known = next(
            (i for i, v in enumerate(values) if self.is_matrix(v) and not self.has_identity(v)), None
        )
        if known is not None and any(self.has_identity(v) for v in values):
            shape = values[known].shape
            if shape[0] != shape[1]:
                raise self.error(
                    f"the identity matrix I is square, but it is added to"
                    f" {self.source(*spans[known])} ({_shape_text(shape)})",
                    self.identity_pos,
                )
            values = [self.with_identity(v, shape[0]) if self.has_identity(v) else v for v in values]
        first = next(i for i, v in enumerate(values) if self.is_matrix(v))
        shape = values[first].shape
        out = []
        for value, span, term in zip(values, spans, terms):
            if not self.is_matrix(value):
                if shape != (1, 1):
                    raise self.error(
                        f"cannot add the scalar {self.source(*span)} to the"
                        f" {_shape_text(shape)} matrix {self.source(*spans[first])}", term.pos
                    )
                value = MatMul(value, Identity(1))  # a scalar plus a 1×1 matrix
            elif value.shape != shape:
                raise self.error(
                    f"cannot add {self.source(*spans[first])} ({_shape_text(shape)}) and"
                    f" {self.source(*span)} ({_shape_text(value.shape)}): shapes differ", term.pos
                )
            out.append(value)
        return out[0] if len(out) == 1 else MatAdd(*out)

    @staticmethod
    def term_span(term: _Term) -> tuple[int, int]:
        slots = [(pos, end) for kind, _, pos, end in term.items if kind == "slot"]
        return (slots[0][0], slots[-1][1]) if slots else (term.pos, term.pos)

    def matrix_term(self, term: _Term):
        """A product term with matrices: factors left to right, shapes checked."""
        acc, span, op, negate = None, None, "mul", False
        for kind, item, pos, end in term.items:
            if kind == "text":
                if item in (r"\cdot", r"\times", "*"):
                    op = "mul"
                elif item in ("/", r"\div"):
                    op = "div"
                elif item == r"\odot":
                    op = "odot"
                elif item == "-":
                    negate = not negate
                else:
                    raise self.error(
                        "a function written without parentheses cannot be used in a matrix"
                        " product; add parentheses", pos
                    )
                continue
            value = -item if negate else item
            negate = False
            if acc is None:
                acc, span = value, (pos, end)
            else:
                acc = self.multiply(acc, value, op, span, (pos, end))
                span = (span[0], end)
            op = "mul"
        return acc

    def apply_power(self, value, power: _Power, text: str):
        """``value^power``: a power, ^T, ^{-1} (inverse of a matrix), ^{-T}."""
        if power.kind == "primes":
            raise self.error(PRIME_MESSAGE, power.caret)
        if power.kind in ("transpose", "inverse_transpose"):
            if not self.is_matrix(value):
                if isinstance(value, Symbol):
                    raise self.error(
                        f"transpose of an undeclared matrix {text}: declare it with"
                        f" --matrix {text}:ROWS,COLS", power.pos
                    )
                raise self.error(
                    f"transpose of the scalar {text} (declare its matrices with"
                    " --matrix NAME:ROWS,COLS)", power.pos
                )
            value = Transpose(value)
            if power.kind == "transpose":
                return value
            self.square(value, text, "an inverse", power.pos)
            return Inverse(value)
        exponent = self.scalar(power.value, "an exponent", power.pos)
        if not self.is_matrix(value):
            return Pow(value, exponent)
        if not (exponent.is_Integer and exponent != 0):
            raise self.error("a matrix power needs a nonzero whole-number exponent", power.pos)
        if exponent == 1:
            return value
        self.square(value, text, "an inverse" if exponent < 0 else "a matrix power", power.pos)
        if exponent == -1:
            return Inverse(value)
        if exponent < 0:
            return MatPow(Inverse(value), -exponent)
        return MatPow(value, exponent)

    def determinant_or_abs(self, inner, text: str, pos: int):
        """|u| of a scalar, |A| (the determinant) of a square matrix."""
        if not self.is_matrix(inner):
            return Abs(inner)
        if inner.shape == (1, 1):
            return Abs(MatrixElement(inner, 0, 0))
        self.square(inner, text, "a determinant |A|", pos)
        return Determinant(inner)

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
        if power is None or power.kind != "expr" or power.value != 2:
            raise self.error(r"only squared norms such as \|v\|_2^2 and \|A\|_F^2 are supported", head.pos)
        text = self.source(head.pos, self.toks[close].end)
        if not self.is_matrix(inner):
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

    # ----------------------------------------------------------------- scripts

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
        if tok.text == r"\sigma" and self.sigma_is_call(k + 1, j):
            return self.function(_SIGMA, k + 1, j, depth, term, tok)
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
        r"""A symbol with its subscript (in either order with a superscript): (value, power, next).

        ``e`` alone is Euler's number and ``\pi`` alone is pi; with a subscript or an accent they
        are symbols like any other.
        """
        head = self.toks[k]
        name, sub, k = self.symbol_base(k, j)
        power = None
        while k < j and self.toks[k].kind in ("under", "caret"):
            tok = self.toks[k]
            if tok.kind == "under":
                if sub is not None:
                    raise self.error("double subscript", tok.pos)
                sub = self.subscript(k, j)
                k = sub.next
            elif not allow_superscript:
                break
            elif power is not None:
                raise self.error("double superscript", tok.pos)
            else:
                if name not in ("e", "pi"):
                    self.reject_layer_index(k, j)
                power = self.superscript(k, j, depth)
                k = power.next
        return self.symbol_value(name, sub, head), power, k

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
            if name in ("I", "1"):
                fn = _Function(display, indicator, relation_argument=True, bare_message=_INDICATOR_BARE)
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
            build, arity = NAMED_FUNCTIONS[key]
            return self.function(_Function(display, build, arity=arity), close + 1, j, depth, term, head)
        if key in NOT_SUPPORTED_YET_NAMES:
            raise self.error(f"{display}{NOT_SUPPORTED_YET_NAMES[key]} is not supported yet", head.pos)
        kind = "function" if self.call_parentheses(close + 1, j) else "name"
        raise self.error(f"unknown {kind} {display}", head.pos)

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
            script = self.superscript(k, j, depth)
            k = script.next
            if script.kind == "primes":
                primes += script.value
            elif script.kind != "expr":
                raise self.error(f"a transpose of the function {fn.display} is not supported", script.pos)
            elif script.value == -1:
                raise self.error(
                    f"inverse-function notation {fn.display}^{{-1}} is not supported", tok.pos
                )
            else:
                power = self.scalar(script.value, "an exponent", script.pos)
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
        args = [self.scalar(a, f"the argument of {fn.display}", paren.pos) for a in args]
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
        lhs = self.scalar(lhs, f"the left side of {rel.src}", rel.pos)
        rhs = self.scalar(rhs, f"the right side of {rel.src}", rel.pos)
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
        denominator = self.scalar(denominator, f"the denominator of {head.src}", head.pos)
        if self.is_matrix(numerator):
            value = MatMul(1 / denominator, numerator).doit(deep=False)
        else:
            value = numerator / denominator
        return self.finish(value, head, k, j, depth, term)

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


# --------------------------------------------------------------------------- public API

#: Declared matrix shapes, as given to the parse functions: name as written -> (rows, cols).
Matrices = Mapping[str, tuple]

_SHAPE_USAGE = "a matrix size must be a positive whole number or a letter such as n"


def _dimension(value, name: str) -> Expr:
    """One size of a declared shape: 3, "3", "n", or an integer positive symbol."""
    if isinstance(value, bool):
        raise SymnnInputError(f"{_SHAPE_USAGE} (matrix {name}), not {value!r}")
    if isinstance(value, int) or isinstance(value, sympy.Integer):
        if int(value) < 1:
            raise SymnnInputError(f"{_SHAPE_USAGE} (matrix {name}), not {value}")
        return Integer(int(value))
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return _dimension(int(text), name)
        if text.startswith("\\") and text[1:] in GREEK:
            text = text[1:]
        if text.isascii() and text.isidentifier():
            return canonical_count(text)
        raise SymnnInputError(f"{_SHAPE_USAGE} (matrix {name}), not {value!r}")
    if isinstance(value, Symbol):
        if value.is_integer and value.is_positive:
            return value
        if value.is_integer is False or value.is_positive is False:
            raise SymnnInputError(f"the size {value} of matrix {name} cannot be a positive integer")
        return canonical_count(value.name)  # a plain Symbol("n"): made a count
    raise SymnnInputError(f"{_SHAPE_USAGE} (matrix {name}), not {value!r}")


def _matrix_name(raw) -> str:
    r"""The canonical name of a declared matrix: "X" -> X, "\Sigma" -> Sigma, "\hat{Y}" -> Yhat."""
    if not isinstance(raw, str) or not raw.strip():
        raise SymnnInputError(f"a matrix name must be a non-empty string, not {raw!r}")
    text = raw.strip()
    if text.isascii() and text.isidentifier():
        return text
    p = _Parser(text)
    tok = p.toks[0]
    if not (tok.kind == "letter" or (tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text[1:] in ACCENTS))):
        raise SymnnInputError(f"expected a matrix name such as X or \\Sigma, not {text}", source=text, position=0)
    name, sub, k = p.symbol_base(0, p.n)
    if sub is None and k < p.n and p.toks[k].kind == "under":
        sub = p.subscript(k, p.n)
        k = sub.next
    if k < p.n:
        raise SymnnInputError(f"unexpected text after the matrix name", source=text, position=p.toks[k].pos)
    return name if sub is None else f"{name}_{sub.raw}"


def _declared(matrices: Matrices | None) -> dict[str, MatrixSymbol]:
    """Matrix symbols of the declarations (checked)."""
    if not matrices:
        return {}
    if not isinstance(matrices, Mapping):
        raise SymnnInputError("matrices must map each name to its shape (rows, cols)")
    out: dict[str, MatrixSymbol] = {}
    for raw, shape in matrices.items():
        name = _matrix_name(raw)
        if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) != 2:
            raise SymnnInputError(f"the shape of matrix {name} must be (rows, cols), not {shape!r}")
        out[name] = MatrixSymbol(name, _dimension(shape[0], name), _dimension(shape[1], name))
    return out


def parse_matrix_declaration(text: str) -> tuple[str, tuple[Expr, Expr]]:
    r"""Read ``NAME:ROWS,COLS`` (for ``--matrix``): the canonical name and the shape.

    >>> parse_matrix_declaration("X:n,d")
    ('X', (n, d))
    >>> parse_matrix_declaration(r"\Sigma: d, d")
    ('Sigma', (d, d))
    >>> parse_matrix_declaration("W:d,1")[1][1]
    1
    """
    usage = "a matrix declaration is written NAME:ROWS,COLS, e.g. X:n,d"
    if not isinstance(text, str):
        raise SymnnInputError(f"expected a matrix declaration string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise SymnnInputError(f"declaration longer than {MAX_LENGTH} characters", source=text)
    colon = text.find(":")
    if colon < 0:
        raise SymnnInputError(f"{usage}: missing ':'", source=text, position=None)
    name_text, shape_text = text[:colon], text[colon + 1:]
    if not name_text.strip():
        raise SymnnInputError(f"{usage}: missing name", source=text, position=0)
    sizes = shape_text.split(",")
    if len(sizes) != 2 or not all(s.strip() for s in sizes):
        raise SymnnInputError(f"{usage}: expected two sizes after ':'", source=text, position=colon + 1)
    try:
        name = _matrix_name(name_text)
    except SymnnInputError as err:
        raise SymnnInputError(f"{usage}: {err.problem}", source=text, position=err.position) from None
    offset = colon + 1
    shape = []
    for size in sizes:
        try:
            shape.append(_dimension(size, name))
        except SymnnInputError as err:
            raise SymnnInputError(err.problem, source=text, position=offset + len(size) - len(size.lstrip())) from None
        offset += len(size) + 1
    return name, (shape[0], shape[1])


def _guarded(text: str, read: Callable[[_Parser], object], matrices: Matrices | None = None):
    """Common checks, the time budget, and the conversion of every failure to an input error."""
    if not isinstance(text, str):
        raise SymnnInputError(f"expected a LaTeX string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise SymnnInputError(f"expression longer than {MAX_LENGTH} characters", source=text)
    declared = _declared(matrices)
    try:
        with time_budget(PARSE_SECONDS, "parsing LaTeX"):
            return read(_Parser(text, declared))
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


def parse_latex(text: str, *, matrices: Matrices | None = None) -> Expr:
    r"""Read one expression written in symnn's LaTeX vocabulary.

    ``matrices`` declares matrix names and shapes (``{"X": ("n", "d")}``); those names are then
    ``MatrixSymbol``\ s and products, sums, ``^T`` ... are matrix expressions.

    >>> parse_latex(r"\mathrm{ReLU}(wx+b) + \tanh'(x)")
    -tanh(x)**2 + relu(b + w*x) + 1
    >>> parse_latex(r"X^T X + \lambda I", matrices={"X": ("n", "d")})
    lambda*I + X.T*X

    Raises :class:`~symnn.errors.SymnnInputError` (with the position in ``text``) on anything
    it cannot read.
    """
    return _guarded(text, lambda p: p.finalize(p.expression(0, p.n, 0)), matrices)


def parse_relation(text: str, *, matrices: Matrices | None = None) -> sympy.Basic:
    r"""Read one constraint (for ``--assume``): ``x > 0``, ``x \neq 0``, ``a = b`` ...

    The relation is kept as written (``evaluate=False``).  A chain such as ``0 < p < 1`` gives
    the ``And`` of its links.

    >>> parse_relation(r"\sum_{k=1}^{C} y_k = 1")
    Eq(Sum(y[k], (k, 1, C)), 1)
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

    return _guarded(text, read, matrices)


def parse_equation_chain(text: str, *, matrices: Matrices | None = None) -> list[Expr]:
    r"""Read ``A = B = C`` (for ``--equation``) as ``[A, B, C]``; at least two sides.

    >>> parse_equation_chain(r"\sigma'(x) = \sigma(x)(1-\sigma(x))")
    [(1 - sigmoid(x))*sigmoid(x), (1 - sigmoid(x))*sigmoid(x)]
    """
    def read(p: _Parser):
        values, relations = p.sides(("=",), "an equation")
        if not relations:
            raise p.error("an equation needs at least two sides separated by =", None)
        return values

    return _guarded(text, read, matrices)


def parse_definition(text: str, *, matrices: Matrices | None = None) -> tuple[Expr, Expr]:
    r"""Read ``NAME = LATEX`` (for ``--define``): NAME is one symbol, an indexed entry
    (``\hat{y}_j``, its indices integer symbols) or a declared matrix.

    ``:=`` is accepted for ``=``.

    >>> parse_definition(r"\hat{y}_j := \sigma(z_j)")
    (yhat[j], sigmoid(z[j]))
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
        value = p.expression(r + 1, p.n, 0, f"right side of {first.src}", first.pos)
        return p.finalize(name), p.finalize(value)

    return _guarded(text, read, matrices)


def parse_symbol(text: str, *, matrices: Matrices | None = None) -> Expr:
    r"""Read one variable (for ``--wrt``): ``x``, ``w``, an indexed entry ``\beta_j`` (an
    ``Indexed``), or a declared matrix ``W`` (a ``MatrixSymbol``).

    >>> parse_symbol(r"\hat{y}_j")
    yhat[j]
    >>> parse_symbol("x")
    x
    """
    return _guarded(text, lambda p: p.finalize(p.single_symbol(0, p.n, "variable")), matrices)
