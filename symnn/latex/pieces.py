r"""The pieces a term is read into: :class:`_Term` (operands and skeleton text, in order),
:class:`_Power` (a superscript) and :class:`_Subscript` (indices).

>>> t = _Term(1, 0); t.text("-", 0); t.empty
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sympy import Expr

from symnn.latex.tokens import MAX_BARE_FUNCTIONS



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
