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

from dataclasses import dataclass
from typing import Callable

import sympy
from sympy import Determinant, Expr, IndexedBase, Max, Min, Symbol, Trace, exp, log, tanh

from symnn.vocabulary import binary_cross_entropy, indicator, mse, relu, sigmoid, softplus


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
