r"""Shapes in formulas: matrix products, sums, powers and scalars beside matrices, checked as read.

:class:`ShapeRules` is the part of the reader (:class:`symnn.latex.grammar.Parser`) that
combines finished operands when some of them are declared matrices; every mismatch is an input
error naming both shapes.

>>> from symnn.latex.parser import parse_latex
>>> parse_latex("X W", matrices={"X": ("n", "d"), "W": ("d", 1)}).shape
(n, 1)
"""

from __future__ import annotations

import sympy
from sympy import Abs, Dummy, Expr, Integer, MatrixSymbol, Pow, Symbol
from sympy.matrices.expressions import (
    Determinant, HadamardPower, HadamardProduct, Identity, Inverse, MatAdd, MatMul, MatPow, MatrixExpr, OneMatrix, Transpose,
    ZeroMatrix,
)
from sympy.matrices.expressions.matexpr import MatrixElement

from symnn.errors import SymnnInputError
from symnn.latex.notation import GREEK, canonical_count
from symnn.latex.pieces import _Power, _Term

PRIME_MESSAGE = r"a prime (') is only supported on a function name, e.g. \sigma'(z)"


def _shape_text(shape) -> str:
    return "×".join(str(size) for size in shape)


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



class ShapeMismatch(SymnnInputError):
    """Operands whose shapes do not fit (``W g`` with W k×m and g k×1)."""


#: Placeholder names of \mathbf{1} / \mathbf{0} whose size is not known yet (fixed by neighbours).
UNSIZED = {"1": "\\mathbf{1}", "0": "\\mathbf{0}"}


class ShapeRules:
    """Matrix-aware combination of operands (a mixin of the reader)."""

    def shape_error(self, message: str, pos: int) -> ShapeMismatch:
        return ShapeMismatch(message, source=self.text, position=pos)

    def unsized_vector(self, digit: str, pos: int) -> MatrixSymbol:
        r"""\mathbf{1} or \mathbf{0} as a column whose length its neighbours fix."""
        size = Dummy("n", integer=True, positive=True)
        self.unsized[size] = pos
        return MatrixSymbol(UNSIZED[digit], size, 1)

    def fit(self, value, have, want):
        r"""``value`` with an unknown size ``have`` (of \mathbf{1}) set to ``want``."""
        if have in self.unsized and want not in self.unsized and self.is_matrix(value):
            return value.xreplace({have: want})
        return value

    def sized(self, value):
        r"""Placeholders of \mathbf{1} / \mathbf{0} whose sizes are known become OneMatrix / ZeroMatrix."""
        if not isinstance(value, sympy.Basic):
            return value
        rule = {}
        for m in value.atoms(MatrixSymbol):
            if m.name in UNSIZED.values():
                if any(s in self.unsized for s in m.shape):
                    size = next(s for s in m.shape if s in self.unsized)
                    raise self.error(r"cannot infer the length of the vector \mathbf{1}: use it next to a"
                                     r" declared matrix (X^T \mathbf{1}) or write its size, \mathbf{1}_n",
                                     self.unsized[size])
                rule[m] = (OneMatrix if m.name == UNSIZED["1"] else ZeroMatrix)(*m.shape)
        return value.xreplace(rule) if rule else value

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
        inner = (1, 0) if op != "odot" else (0, 0)
        left = self.fit(left, left.shape[inner[0]], right.shape[inner[1]])
        right = self.fit(right, right.shape[inner[1]], left.shape[inner[0]])
        if op == "odot":
            left = self.fit(left, left.shape[1], right.shape[1])
            right = self.fit(right, right.shape[1], left.shape[1])
        if op != "odot" and left.shape[1] != right.shape[0] and (1, 1) in (left.shape, right.shape):
            # a 1×1 product is a number: it commutes with anything, 2(y - θ^T x) x
            if left.shape == (1, 1):
                return MatMul(MatrixElement(left, 0, 0), right).doit(deep=False)
            return MatMul(MatrixElement(right, 0, 0), left).doit(deep=False)
        ltext, rtext = self.source(*lspan), self.source(*rspan)
        lshape, rshape = _shape_text(left.shape), _shape_text(right.shape)
        if op == "odot":
            if left.shape != right.shape:
                raise self.shape_error(
                    f"cannot multiply {ltext} ({lshape}) elementwise by {rtext} ({rshape}):"
                    " shapes differ", pos
                )
            return HadamardProduct(left, right)
        if left.shape[1] != right.shape[0]:
            raise self.shape_error(
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
        matrices = [i for i, v in enumerate(values) if self.is_matrix(v)]
        first = next((i for i in matrices if not any(s in self.unsized for s in values[i].shape)), matrices[0])
        shape = values[first].shape
        values = [self.fit(self.fit(v, v.shape[0], shape[0]), v.shape[1], shape[1]) if self.is_matrix(v) else v
                  for v in values]
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
                raise self.shape_error(
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
        if power.kind == "hadamard":
            if not self.is_matrix(value):
                raise self.error(r"an elementwise power ^{\odot k} needs a vector or matrix", power.pos)
            return HadamardPower(value, self.scalar(power.value, "an exponent", power.pos))
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
        if value == sympy.E and self.is_matrix(power.value) and power.value.shape != (1, 1):
            from symnn.elementwise import Entrywise  # e^{z} of a vector: exp on each entry

            return Entrywise(sympy.exp, power.value)
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
