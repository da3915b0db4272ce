r"""What a derivation file returns: a :class:`Solution` made of parts, each typeset with its verdict.

A part is anything with a ``title`` (plain text), a ``verdict`` (a :class:`~symnn.verdict.Verdict`,
or ``None`` for prose) and a ``latex()`` method giving its LaTeX body.  Provided here:

* a :class:`~symnn.calculus.derivation.Derivation` (from :func:`symnn.derive`), used as it is or
  wrapped in :class:`Proof` to give it a title and an introduction;
* :class:`Claim`: a displayed result with the verdict that checked it (see :func:`equation` and
  :func:`derivative`, which run :func:`symnn.check_equation` / :func:`symnn.check`);
* :class:`Text`: explanation without a verdict (it never makes a problem verified);
* :class:`Todo`: a part that cannot be done yet; its verdict is ``undetermined``.

Worked results of other modules take part as they are, provided they have ``latex()`` and
``verdict``.

>>> part = equation(r"\mathrm{ReLU}(x) - \mathrm{ReLU}(-x)", "x", title="ReLU(x) - ReLU(-x) = x")
>>> part.verdict.verdict
'verified'
>>> print(part.display)
\operatorname{ReLU}(x) - \operatorname{ReLU}(- x) = x
>>> Todo("log-softmax gradient", needs="indexed calculus").verdict.verdict
'undetermined'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from sympy import Derivative, Eq

from .. import api
from ..calculus.derivation import Derivation
from ..latex.document import derivation_body
from ..latex.printer import latex as _latex
from ..latex.language import tr
from ..latex.proof import equation_display, escape_text, render_certificate
from ..verdict import Verdict

__all__ = ["Solution", "Proof", "Claim", "Text", "Todo", "equation", "derivative", "as_part"]


@dataclass
class Text:
    """Explanation between results.  ``text`` is LaTeX (text mode, math in ``$…$``)."""

    text: str
    title: str = ""
    verdict: None = None

    def latex(self) -> str:
        return tr(self.text.strip())


@dataclass
class Claim:
    r"""A displayed result (``display`` is LaTeX math, no delimiters) and the verdict that checked it.

    ``text`` (LaTeX) introduces it; ``where`` (LaTeX) follows the display, e.g. the definitions.
    ``certificate`` (LaTeX) replaces the standard verification paragraph of the verdict when the
    check was not an equation (see :mod:`symnn.build.claims`).
    """

    display: str
    verdict: Verdict
    title: str = ""
    text: str = ""
    where: str = ""
    certificate: str = ""

    def latex(self) -> str:
        chunks = [tr(self.text.strip())] if self.text.strip() else []
        chunks.append("\\[ %s \\]" % self.display)
        if self.where.strip():
            chunks.append(tr(self.where.strip()))
        chunks.append(tr(r"\emph{Verification.} ") + (tr(self.certificate) if self.certificate else render_certificate(self.verdict)))
        return "\n\n".join(chunks)


@dataclass
class Proof:
    """A derivation with a title and an optional introduction (LaTeX)."""

    derivation: Derivation
    title: str = ""
    text: str = ""

    @property
    def verdict(self) -> Verdict | None:
        # a derivation with several results (a gradient and its optimum) reports the worst
        overall = getattr(self.derivation, "overall", None)
        return overall if overall is not None else self.derivation.verdict

    def latex(self) -> str:
        body = derivation_body(self.derivation, heading_command=r"\paragraph")
        return (tr(self.text.strip()) + "\n\n" + body) if self.text.strip() else body


@dataclass
class Todo:
    """A part that symnn cannot do yet.  It is ``undetermined``, so the problem is never verified."""

    title: str
    needs: str
    verdict: Verdict = field(init=False)

    def __post_init__(self) -> None:
        self.verdict = Verdict("undetermined", message=f"not derived yet: needs {self.needs}")

    def latex(self) -> str:
        return tr(r"\textbf{To do.} This part is not derived yet: it needs %s.") % escape_text(tr(self.needs))


def as_part(item: Any) -> Any:
    """A part from what a derivation returned: a bare :class:`Derivation` becomes a :class:`Proof`."""
    if isinstance(item, Derivation):
        return Proof(item, title=item.title or "")
    if isinstance(item, str):
        return Text(item)
    if not callable(getattr(item, "latex", None)) or not hasattr(item, "verdict"):
        raise TypeError(f"a solution part needs latex() and verdict, got {type(item).__name__}")
    return item


@dataclass
class Solution:
    """The result of a derivation file's ``solve()``.

    ``parts`` are typeset in order; the problem is verified only if every part that carries a
    verdict is verified (and at least one does).  ``notes_on_source`` are plain-text sentences
    saying where the source's answer differs from symnn's result, and why.
    """

    parts: list[Any]
    notes_on_source: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.parts = [as_part(p) for p in self.parts]
        # str.strip on a Bilingual note keeps its Chinese (symnn.latex.language)
        self.notes_on_source = [n.strip() if isinstance(n, str) else str(n).strip()
                                for n in self.notes_on_source if str(n).strip()]


# --------------------------------------------------------------------------- checked claims


def _shown(value: Any, matrices: Mapping[str, tuple], symbol: bool = False) -> Any:
    """The expression to typeset for a claim about declared matrices (the check parses on its own)."""
    if not isinstance(value, str):
        return value
    from ..latex.parser import parse_latex, parse_symbol

    return (parse_symbol if symbol else parse_latex)(value, matrices=matrices)


def equation(lhs: Any, rhs: Any, *, title: str = "", text: str = "", where: str = "",
             assume: Iterable[Any] = (), define: Mapping[Any, Any] | None = None, seed: int = 0,
             matrices: Mapping[str, tuple] | None = None) -> Claim:
    """``lhs = rhs`` checked by :func:`symnn.check_equation` (LaTeX strings or SymPy expressions).

    The display shows the two sides as parsed; where parsing evaluated them to the same thing
    (``\\sigma(0)`` and ``\\frac{1}{2}``) a side given as LaTeX is shown as written
    (:func:`~symnn.latex.proof.equation_display`)."""
    if matrices:
        verdict = api.check_equation(lhs, rhs, assume=assume, define=define, seed=seed, matrices=matrices)
        left, right = _shown(lhs, matrices), _shown(rhs, matrices)
        return Claim(_latex(Eq(left, right, evaluate=False)), verdict, title=title, text=text, where=where)
    left, right = api.as_expr(lhs, "left-hand side"), api.as_expr(rhs, "right-hand side")
    verdict = api.check_equation(left, right, assume=assume, define=define, seed=seed)
    return Claim(equation_display([(lhs, left), (rhs, right)]), verdict, title=title, text=text, where=where)


def derivative(expr: Any, wrt: Any, claim: Any, *, order: int = 1, title: str = "", text: str = "",
               where: str = "", assume: Iterable[Any] = (), define: Mapping[Any, Any] | None = None,
               seed: int = 0, matrices: Mapping[str, tuple] | None = None) -> Claim:
    """``d^order expr / d wrt^order = claim`` checked by :func:`symnn.check` (``matrices`` declares
    matrix symbols and their shapes, as ``--matrix`` does)."""
    if matrices:
        verdict = api.check(expr, wrt, claim, assume=assume, seed=seed, matrices=matrices)
        e, x, c = _shown(expr, matrices), _shown(wrt, matrices, symbol=True), _shown(claim, matrices)
        return Claim(_latex(Eq(Derivative(e, x), c, evaluate=False)), verdict, title=title, text=text, where=where)
    e, x, c = api.as_expr(expr), api.as_symbol(wrt), api.as_expr(claim, "claim")
    verdict = api.check(e, x, c, order=order, assume=assume, define=define, seed=seed)
    lhs = Derivative(e, (x, order))
    return Claim(_latex(Eq(lhs, c, evaluate=False)), verdict, title=title, text=text, where=where)
