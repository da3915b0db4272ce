r"""LaTeX input: formulas written in symnn's vocabulary, read into SymPy expressions.

This module is the public face of the reader; the work is split by job: :mod:`~symnn.latex.tokens`
(tokens and checks), :mod:`~symnn.latex.notation` (the table of macros and names),
:mod:`~symnn.latex.grammar` (expressions and terms), :mod:`~symnn.latex.symbols` (symbols and
scripts), :mod:`~symnn.latex.functions` (calls), :mod:`~symnn.latex.shapes` (matrices) and
:mod:`~symnn.latex.skeleton` (the latex2sympy2 bridge).

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
symnn.latex.shapes.ShapeMismatch: cannot multiply X (n×d) by Y (n×1): inner sizes d and n differ at position 1
>>> parse_latex(r"\mathrm{foo}(x)")
Traceback (most recent call last):
    ...
symnn.errors.SymnnInputError: unknown function \mathrm{foo} at position 0
"""

from __future__ import annotations

from typing import Callable, Mapping

import sympy
from sympy import Expr
from sympy.matrices.expressions import MatrixSymbol

from symnn.budget import time_budget
from symnn.errors import BudgetExceeded, SymnnInputError
from symnn.latex.grammar import _Parser
from symnn.latex.notation import (
    _RELATION_CLASSES, ACCENTS, DEFAULT_CLASS_COUNT, GREEK, canonical_base, canonical_count,
    canonical_index, canonical_symbol,
)
from symnn.latex.shapes import _dimension
from symnn.structured import PROPERTIES, StructuredMatrix
from symnn.latex.tokens import MAX_DEPTH, MAX_LENGTH

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

#: Time budget of one parse (latex2sympy2's ANTLR parser is slow on adversarial input).
PARSE_SECONDS = 5.0


#: Declared matrix shapes, as given to the parse functions: name as written -> (rows, cols).
Matrices = Mapping[str, tuple]

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
    name, sub, _, k = p.symbol_parts(0, p.n, 0, allow_superscript=False)
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
        if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) not in (2, 3):
            raise SymnnInputError(f"the shape of matrix {name} must be (rows, cols), not {shape!r}")
        rows, cols = _dimension(shape[0], name), _dimension(shape[1], name)
        if len(shape) == 3:  # (rows, cols, property)
            out[name] = StructuredMatrix(name, rows, cols, _property(shape[2], name))
        else:
            out[name] = MatrixSymbol(name, rows, cols)
    return out


def _property(value, name: str) -> str:
    text = str(value).strip().lower()
    if text not in PROPERTIES:
        raise SymnnInputError(f"unknown property {value!r} of matrix {name}: use one of {', '.join(PROPERTIES)}")
    return text


def parse_matrix_declaration(text: str) -> tuple[str, tuple]:
    r"""Read ``NAME:ROWS,COLS[:PROPERTY]`` (for ``--matrix``): the canonical name and the shape,
    with the property (symmetric, spd, diagonal, orthogonal) as a third entry when given.

    >>> parse_matrix_declaration("X:n,d")
    ('X', (n, d))
    >>> parse_matrix_declaration(r"\Sigma: d, d")
    ('Sigma', (d, d))
    >>> parse_matrix_declaration("W:d,1")[1][1]
    1
    >>> parse_matrix_declaration(r"W^{(\ell+1)}:k,m")
    ('W^{(\\ell+1)}', (k, m))
    >>> parse_matrix_declaration("S:n,n:symmetric")
    ('S', (n, n, 'symmetric'))
    """
    usage = "a matrix declaration is written NAME:ROWS,COLS[:PROPERTY], e.g. X:n,d or S:n,n:symmetric"
    if not isinstance(text, str):
        raise SymnnInputError(f"expected a matrix declaration string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise SymnnInputError(f"declaration longer than {MAX_LENGTH} characters", source=text)
    colon = text.find(":")
    if colon < 0:
        raise SymnnInputError(f"{usage}: missing ':'", source=text, position=None)
    name_text, shape_text = text[:colon], text[colon + 1:]
    shape_text, has_property, prop = shape_text.partition(":")
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
    if has_property:
        try:
            return name, (shape[0], shape[1], _property(prop, name))
        except SymnnInputError as err:
            raise SymnnInputError(err.problem, source=text, position=offset) from None
    return name, (shape[0], shape[1])


#: Readings already made: (text, reader, declarations) -> result.  Parsing is a pure function of
#: these (the parser keeps no state between calls), and a batch or a document repeats its
#: definitions and variables many times.
_READINGS: dict = {}
_MAX_READINGS = 4096


def _guarded(text: str, read: Callable[[_Parser], object], matrices: Matrices | None = None):
    """Common checks, the time budget, and the conversion of every failure to an input error;
    successful readings are remembered (:data:`_READINGS`)."""
    key = _reading_key(text, read, matrices)
    if key is not None and key in _READINGS:
        found = _READINGS[key]
        return list(found) if isinstance(found, list) else found
    result = _read_guarded(text, read, matrices)
    if key is not None:
        if len(_READINGS) >= _MAX_READINGS:
            _READINGS.clear()
        _READINGS[key] = list(result) if isinstance(result, list) else result
    return result


def _reading_key(text, read, matrices):
    """A hashable key for one reading, or None (an unusual reader or declaration: not remembered)."""
    if not isinstance(text, str) or read.__closure__:
        return None
    try:
        declared = None if not matrices else tuple(sorted((str(k), tuple(v)) for k, v in dict(matrices).items()))
        key = (text, read.__code__, declared)
        hash(key)
    except (TypeError, ValueError):
        return None
    return key


def _read_guarded(text: str, read: Callable[[_Parser], object], matrices: Matrices | None = None):
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


def reading_notes(text: str, *, matrices: Matrices | None = None) -> list[str]:
    r"""How the ambiguous notation of ``text`` was read, one sentence each (for reports).

    >>> reading_notes(r"\frac{1}{\sigma^2} + \sigma(x)")
    ['\\sigma(...) is read as the sigmoid and the bare \\sigma as a symbol (e.g. a standard deviation)']
    >>> reading_notes(r"\sigma(x)")
    []
    """
    def read(p: _Parser):
        p.sides(tuple(_RELATION_CLASSES), "an input")
        return p.notes()

    return _guarded(text, read, matrices)


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

    ``:=`` is accepted for ``=``.  ``f(x) = ...`` defines a function (``f'(x)`` elsewhere is
    then its derivative).

    >>> parse_definition(r"\hat{y}_j := \sigma(z_j)")
    (yhat[j], sigmoid(z[j]))
    >>> parse_definition(r"f(x) = x^2 + 1")
    (f(x), x**2 + 1)
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
        name = p.defined_function(0, r) or p.single_symbol(0, r, "defined symbol")
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
