"""The data of a derivation: a start, a list of justified steps, a closed form, a verdict.

A step is data (an expression, the rule that justifies it, optional side equations); turning it into
LaTeX is the printer's job (:mod:`symnn.latex.proof`), never the derivation's.

>>> from sympy import Symbol, Derivative, exp
>>> x = Symbol("x")
>>> start = Derivative(exp(2*x), x)
>>> d = Derivation(expr=exp(2*x), wrt=(x,), order=1, start=start,
...                steps=[Step(2*exp(2*x), "chain rule", "chain rule")], closed_form=2*exp(2*x))
>>> d.steps[-1].rule
'chain rule'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sympy import Basic, Eq, Expr, Symbol

if TYPE_CHECKING:  # pragma: no cover
    from ..verdict import Verdict


@dataclass(frozen=True)
class Step:
    """One line of a proof: ``= expr`` justified by ``rule``.

    ``rule`` is a short machine-readable name ("definition", "chain rule", "sum rule",
    "product rule", "quotient rule", "constant multiple rule", "power rule", "algebra", "refold",
    "assumption", "lemma", ...).  ``justification`` is the plain-text explanation a reader sees
    (no LaTeX).  ``equations`` are side facts shown with the justification, e.g. the refold
    ``Eq(exp(-x), (1 - sigmoid(x))/sigmoid(x))``; the printer typesets them.
    """

    expr: Expr
    rule: str
    justification: str
    equations: tuple[Eq, ...] = ()


@dataclass
class Derivation:
    """A derivation of ``d^order expr / d wrt^order`` (or of a rewriting of ``expr``).

    ``start`` is the left-hand side of the proof (usually an unevaluated ``Derivative``); each
    step's ``expr`` equals it.  ``closed_form`` is the final, folded result.  ``verdict`` is the
    independent two-witness check of ``closed_form`` (see :func:`symnn.verify.check`).  ``notes``
    are remarks for the reader (points where the derivative does not exist, assumptions used).
    ``definitions`` maps a defined name (ŷ_j) to what it stands for.
    """

    expr: Expr
    wrt: tuple[Symbol, ...]
    order: int
    start: Basic
    steps: list[Step]
    closed_form: Expr
    verdict: "Verdict | None" = None
    notes: list[str] = field(default_factory=list)
    assumptions: tuple[Basic, ...] = ()
    definitions: dict[Any, Expr] = field(default_factory=dict)
    title: str | None = None

    def to_numpy(self, args=None):
        """The closed form as a fast NumPy function (matrix forms as matrix products); see
        :func:`symnn.lambdify`."""
        from ..export import lambdify

        return lambdify(self.closed_form, args)

    def latex(self) -> str:
        """The proof as an ``align*`` block, one justified step a line."""
        from ..latex.proof import render_derivation

        return render_derivation(self)

    def _repr_latex_(self) -> str:
        """Jupyter: the ``align*`` proof and the verdict."""
        from ..latex.notebook import derivation_latex

        return derivation_latex(self)

    def _repr_html_(self) -> str:
        """Jupyter: the proof one step a row, the closed form and the verdict."""
        from ..latex.notebook import derivation_html

        return derivation_html(self)

    def document(self, title: str | None = None) -> str:
        """A complete, compilable LaTeX document holding the proof."""
        from ..latex.document import derivation_document

        return derivation_document(self, title=title)
