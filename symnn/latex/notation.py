r"""The notation table of the LaTeX reader: which macros and names symnn knows and what each means.

Every macro the parser accepts is listed here (anything else is an input error); the grammar
(:mod:`symnn.latex.grammar`) only looks these tables up.  The canonical symbols (a plain letter is
real, an index an integer, a count a positive integer) are made here too.

>>> canonical_symbol("x").is_real, canonical_index("k").is_integer, canonical_count("C").is_positive
(True, True, True)
>>> NATIVE_FUNCTIONS["log"].native
'\\ln'
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Callable

import sympy
from sympy import Determinant, Expr, IndexedBase, Max, Min, Symbol, Trace, atanh, erf, exp, log, sign, tanh

from symnn.vocabulary import (
    binary_cross_entropy, elu, gelu, indicator, leaky_relu, logit, mse, relu, sigmoid, silu, softplus,
)


GREEK = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa
    lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
    Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell""".split()
)

#: Accent macro -> suffix of the symbol name (SymPy prints ``yhat`` as ``\hat{y}``).
ACCENTS = {
    "hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar",
    "tilde": "tilde", "widetilde": "tilde", "dot": "dot", "ddot": "ddot",
    # Bold and arrows are decoration: \mathbf{x}, \boldsymbol{\theta}, \vec{x} are x, theta.
    **{name: "" for name in ("mathbf", "boldsymbol", "bm", "vec", "pmb", "mathbfit", "bold")},
}

#: Decoration macros (bold, arrows): the same symbol as the letter they decorate.
DECORATIONS = frozenset(name for name, suffix in ACCENTS.items() if not suffix)

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
}

#: Names symnn knows in \mathrm{..} etc. but does not handle yet: lower-case name -> note.
NOT_SUPPORTED_YET_NAMES = {
    "t": r" (transpose: write A^T or A^\top)",
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

#: Matrix functions written \mathrm{NAME}(..) / \operatorname{NAME}(..): lower-case name -> class
#: (``diag`` takes a column vector, the others a square matrix).
MATRIX_FUNCTIONS = {"tr": Trace, "trace": Trace, "det": Determinant, "diag": "diag"}

#: The class count of sums written without bounds (\sum_k) and of the indexed vocabulary
#: (\mathrm{softmax}(\beta)_j) when the expression does not name one: C.  When the expression has
#: exactly one distinct single-letter upper bound (\sum_{k=1}^{K}), that letter is used instead.
DEFAULT_CLASS_COUNT = Symbol("C", integer=True, positive=True)

NAME_WRAPPERS = frozenset({"mathrm", "operatorname", "text", "textrm", "mathbb"})


@dataclass(frozen=True)
class _Function:
    """One function as the reader applies it: how to build it and how it may be written."""

    display: str
    build: Callable[..., Expr]
    #: Exact number of arguments, (fewest, most), or None for "one or more".
    arity: int | tuple[int, int] | None = 1
    #: latex2sympy2 command when written without parentheses (``\ln x``), else None.
    native: str | None = None
    #: The argument is a comparison (the indicator), not an expression.
    relation_argument: bool = False
    #: Message when used without parentheses (default: "needs its argument in parentheses").
    bare_message: str | None = None
    #: Applied to a vector or matrix, it acts on each entry.
    elementwise: bool = False
    #: What f^{-1} means (\sigma^{-1} is the logit), or None.
    inverse: Callable[..., Expr] | None = None


@dataclass(frozen=True)
class Notation:
    r"""One row of the notation table: a function of the vocabulary and how sources write it.

    ``macros`` are TeX macros (``tanh`` for ``\tanh``), ``names`` the lower-case names read inside
    ``\mathrm{}``, ``\operatorname{}`` or ``\text{}`` (``relu`` for ``\mathrm{ReLU}``).  ``prints``
    is the name the printer writes (:class:`~symnn.latex.printer.NNLatexPrinter`), read back by the
    same row.
    """

    vocabulary: Callable[..., Expr]
    macros: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    arity: int | tuple[int, int] | None = 1
    elementwise: bool = True
    native: str | None = None
    inverse: Callable[..., Expr] | None = None
    #: Parsed arguments -> expression, when not ``vocabulary(*args)`` (defaults, \max(0, z) = ReLU).
    build: Callable[..., Expr] | None = None
    #: The printer's name when it is not the vocabulary's ``latex_macro`` or the first macro.
    printed: str | None = None

    @property
    def prints(self) -> str:
        macro = self.printed or getattr(self.vocabulary, "latex_macro", "")
        if macro:
            return macro
        if self.macros:
            return "\\" + self.macros[0]
        return r"\operatorname{%s}" % self.names[0]

    def function(self, display: str) -> _Function:
        """How the reader applies this row, shown to the user as ``display``."""
        return _Function(display, self.build or self.vocabulary, arity=self.arity, native=self.native,
                         elementwise=self.elementwise, inverse=self.inverse)


def _with_default(cls, default):
    """``cls(x)`` with the parameter's default, ``cls(x, a)`` as written."""
    return lambda x, a=default: cls(x, a)


def _max(*args):
    r"""\max(0, z) is ReLU(z); any other \max is SymPy's Max."""
    if len(args) == 2 and any(a == 0 for a in args):
        return relu(args[1] if args[0] == 0 else args[0])
    return Max(*args)


#: The notation table: one row per function of the vocabulary (scalar functions act on each
#: entry of a vector or matrix).  Adding a function is one row here and a test.
FUNCTIONS: tuple[Notation, ...] = (
    Notation(sigmoid, macros=("sigma",), names=("sigmoid", "sigm"), inverse=logit),
    Notation(tanh, macros=("tanh",), names=("tanh",), native=r"\tanh", inverse=atanh),
    Notation(relu, names=("relu",)),
    Notation(softplus, names=("softplus",)),
    Notation(gelu, names=("gelu",)),
    Notation(silu, names=("silu", "swish")),
    Notation(elu, names=("elu",), arity=(1, 2), build=_with_default(elu, 1)),
    Notation(leaky_relu, names=("leakyrelu", "lrelu"), arity=(1, 2),
             build=_with_default(leaky_relu, leaky_relu.DEFAULT_SLOPE)),
    Notation(logit, names=("logit",), inverse=sigmoid),
    Notation(erf, macros=("erf",), names=("erf",), printed=r"\operatorname{erf}"),
    Notation(sign, macros=("sgn",), names=("sign", "sgn"), printed=r"\operatorname{sign}"),
    Notation(exp, macros=("exp",), names=("exp",), native=r"\exp", inverse=log, printed="e^{"),
    # \log is the natural log (\log_b keeps its base); latex2sympy2's \log is base 10, hence \ln.
    Notation(log, macros=("log", "ln"), names=("log", "ln"), native=r"\ln", inverse=exp),
    Notation(sympy.sinh, macros=("sinh",), native=r"\sinh"),
    Notation(sympy.cosh, macros=("cosh",), native=r"\cosh"),
    Notation(sympy.sin, macros=("sin",), native=r"\sin"),
    Notation(sympy.cos, macros=("cos",), native=r"\cos"),
    Notation(sympy.tan, macros=("tan",), native=r"\tan"),
    # latex2sympy2 splits \max's arguments on every comma, nested calls included: built here.
    Notation(Max, macros=("max",), arity=None, build=_max),
    Notation(Min, macros=("min",), arity=None),
    Notation(mse, names=("mse",), arity=2, elementwise=False),
    Notation(binary_cross_entropy, names=("bce",), arity=2, elementwise=False),
    Notation(indicator, names=("indicator",)),  # indicator(u) = 𝕀(u > 0), as SymPy prints it
)

#: TeX macros of the table (\sigma is read by the symbol reader: bare, it is the letter sigma).
NATIVE_FUNCTIONS = {
    macro: row.function("\\" + macro) for row in FUNCTIONS for macro in row.macros if macro != "sigma"
}
#: Names of the table written \mathrm{NAME}(..), \operatorname{NAME}(..), \text{NAME}(..).
NAMED_FUNCTIONS = {name: row for row in FUNCTIONS for name in row.names}
#: Every way a function of the vocabulary is spelled, for "did you mean" suggestions.
SPELLINGS = {
    **{name: row.prints for row in FUNCTIONS for name in row.names},
    **{macro: "\\" + macro for row in FUNCTIONS for macro in row.macros},
}

_SIGMA = FUNCTIONS[0].function(r"\sigma")


def _known_words() -> dict[str, str]:
    words = {"sigma": r"\sigma", "sigmoid": r"\sigma", **SPELLINGS}
    words.update({name: r"\mathrm{%s}" % name for name in INDEXED_FUNCTIONS if len(name) > 2})
    words.update({"tr": r"\mathrm{tr}", "trace": r"\mathrm{tr}", "det": r"\det", "diag": r"\operatorname{diag}"})
    return words


def suggestion(name: str) -> str | None:
    r"""The closest known function to a misspelled or unknown ``name``, as LaTeX, or None.

    >>> suggestion("sigmod"), suggestion("RELU"), suggestion("foo")
    ('\\sigma', '\\operatorname{ReLU}', None)
    """
    key = name.lower()
    if key in KNOWN_WORDS:
        return KNOWN_WORDS[key]
    close = difflib.get_close_matches(key, list(KNOWN_WORDS), n=1, cutoff=0.75)
    return KNOWN_WORDS[close[0]] if close else None
_INDICATOR_BARE = (
    r"\mathbb{I} without parentheses is the identity matrix, which needs declared matrices"
    r" (--matrix NAME:ROWS,COLS); the indicator is written \mathbb{I}(x > 0)"
)


def canonical_symbol(name: str) -> Symbol:
    r"""The symbol symnn uses for a scalar ``name``: ``Symbol(name, real=True)``.

    >>> from symnn.latex.parser import parse_latex
    >>> canonical_symbol("yhat") == parse_latex(r"\hat{y}")
    True
    """
    return Symbol(name, real=True)


def canonical_index(name: str) -> Symbol:
    r"""The symbol of an index letter (in a subscript, or a summation variable): an integer.

    >>> from symnn.latex.parser import parse_latex
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

    >>> from symnn.latex.parser import parse_latex
    >>> canonical_base("yhat")[canonical_index("j")] == parse_latex(r"\hat{y}_j")
    True
    """
    return IndexedBase(name, real=True)


#: Unicode characters sources paste (from PDFs, Word, Markdown) -> the LaTeX they stand for.
#: Greek letters are found by their Unicode names; letters with a combining accent (ŷ, x̄) too.
UNICODE = {
    "−": "-", "–": "-", "≥": r"\geq ", "≤": r"\leq ", "≠": r"\neq ", "×": r"\times ",
    "·": r"\cdot ", "⋅": r"\cdot ", "∙": r"\cdot ", "⊙": r"\odot ", "∑": r"\sum ", "∏": r"\prod ",
    "∂": r"\partial ", "∇": r"\nabla ", "ᵀ": "^T", "⊤": r"\top ", "²": "^2", "³": "^3",
    "‖": r"\|", "⟨": r"\langle ", "⟩": r"\rangle ", "ℓ": r"\ell ", "∞": r"\infty ", "′": "'",
    "″": "''", "𝟙": r"\mathbb{1}", "𝕀": r"\mathbb{I}",
}
#: Combining accents -> accent macro (ŷ is y + U+0302).
COMBINING_ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0305": "bar", "\u0303": "tilde",
                     "\u0307": "dot", "\u0308": "ddot"}


def unicode_latex(ch: str) -> str | None:
    r"""The LaTeX a pasted character stands for (``σ`` -> ``\sigma``, ``ŷ`` -> ``\hat{y}``), or None.

    >>> unicode_latex("σ"), unicode_latex("ŷ"), unicode_latex("−"), unicode_latex("☃")
    ('\\sigma ', '\\hat{y}', '-', None)
    """
    if ch in UNICODE:
        return UNICODE[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in COMBINING_ACCENTS:
        return r"\%s{%s}" % (COMBINING_ACCENTS[decomposed[1]], decomposed[0])
    words = unicodedata.name(ch, "").split()
    if words[:2] == ["GREEK", "SMALL"] or words[:2] == ["GREEK", "CAPITAL"]:
        name = words[-1].lower() if words[1] == "SMALL" else words[-1].capitalize()
        name = {"lamda": "lambda", "Lamda": "Lambda"}.get(name, name)
        if words[-2:] == ["FINAL", "SIGMA"]:
            name = "varsigma"
        if name in GREEK:
            return "\\" + name + " "
    return None


#: Macro -> method of :class:`_Parser` reading it.  Add a row to support a new construct.
_COMMAND_HANDLERS = {
    "frac": "fraction", "dfrac": "fraction", "tfrac": "fraction",
    "sqrt": "square_root",
    "sum": "big_operator", "prod": "big_operator",
    "infty": "infinity",
    "det": "determinant",
    "top": "superscript_only", "intercal": "superscript_only", "mathsf": "superscript_only",
    "partial": "partial_operator", "nabla": "nabla_operator",
    **{name: "native_function" for name in NATIVE_FUNCTIONS},
    **{name: "named_function" for name in NAME_WRAPPERS},
    **{name: "symbol_operand" for name in GREEK},
    **{name: "symbol_operand" for name in ACCENTS},
}

#: ^\top, ^\intercal; and the wrappers of a T in ^{\mathsf{T}}, ^{\mathrm{T}}.
_TRANSPOSE_MACROS = frozenset({r"\top", r"\intercal"})
_TRANSPOSE_WRAPPERS = frozenset({r"\mathsf", r"\mathrm", r"\text", r"\operatorname"})
_WRAPPER_COMMANDS = frozenset("\\" + name for name in NAME_WRAPPERS)

#: Function names written as plain letters (``sigmoid(x)``) -> the LaTeX symnn reads for them.
KNOWN_WORDS = _known_words()
