r"""LaTeX write-up of a :class:`~symnn.matrix.derive.MatrixDerivation`.

The gradient's proof is the ordinary ``align*`` of :func:`symnn.latex.proof.render_derivation`;
the optimum (when solved) adds the normal equations, the MatrixHessian with the reason it is invertible,
and W*, each line justified, and its own verification paragraph.  All mathematics goes through
the printer (:func:`symnn.latex.printer.latex`), all text through ``escape_text``.

>>> from sympy import MatrixSymbol, Symbol, Transpose
>>> n, d = Symbol("n", integer=True, positive=True), Symbol("d", integer=True, positive=True)
>>> X, W, Y = MatrixSymbol("X", n, d), MatrixSymbol("W", d, 1), MatrixSymbol("Y", n, 1)
>>> from symnn.matrix.derive import derive_matrix
>>> D = derive_matrix(Transpose(X*W - Y) * (X*W - Y) / (2*n), W, solve=True)
>>> tex = D.document()
>>> r"W^{*} = (X^{T} X)^{-1} X^{T} Y" in tex, "PermuteDims" in tex
(True, False)
"""

from __future__ import annotations

from ..latex.language import tr

from typing import TYPE_CHECKING

from sympy import MatMul, Symbol
from sympy.matrices.expressions import ZeroMatrix

from ..latex.document import document
from ..latex.printer import latex, plain
from ..latex.proof import escape_text, render_certificate, render_derivation, render_notes
from .notation import MatrixGradient, MatrixHessian

if TYPE_CHECKING:  # pragma: no cover
    from .derive import MatrixDerivation
    from .solve import Optimum

__all__ = ["render_matrix_derivation", "render_optimum", "matrix_sections", "matrix_document"]


def _line(lhs: str, rhs: str, why: str) -> str:
    return r"  %s &= %s && \text{%s}" % (lhs, rhs, escape_text(tr(why)))


def render_optimum(opt: "Optimum", gradient) -> str:
    r"""The optimum as an ``align*`` block: the gradient set to zero, the normal equations, the
    MatrixHessian and why it is invertible, then W*."""
    L = Symbol("L")  # the objective, named in the text that precedes the block
    lines = [
        r"  %s &= %s && \text{%s}" % (latex(gradient), latex(ZeroMatrix(*opt.wrt.shape)),
                                      escape_text(tr("first-order condition: the gradient vanishes"))),
        r"  \iff %s &= %s && \text{%s}" % (latex(opt.hessian_times_variable), latex(opt.rhs),
                                           escape_text(tr("normal equations"))),
    ]
    if opt.wrt.cols == 1:
        lines.append(_line("H = " + latex(MatrixHessian(L, opt.wrt)), latex(opt.hessian),
                           "differentiate the gradient once more"))
    if opt.quadratic_form is not None:
        lhs, rhs = opt.quadratic_form.args
        why = "positive definite" if opt.definiteness == "positive definite" else "positive semidefinite"
        lines.append(_line(latex(lhs), latex(rhs), tr("for every v: H is %s") % tr(why)
                           + (tr(" when %s") % ", ".join(plain(c) for c in opt.conditions) if opt.conditions else "")))
    lines.append(_line(latex(opt.star), latex(opt.solution), "H is invertible: multiply by its inverse"))
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _optimum_text(opt: "Optimum") -> str:
    v = escape_text(opt.wrt.name)
    if opt.definiteness == "positive definite":
        cond = tr(" when %s") % ", ".join("$%s$" % latex(c) for c in opt.conditions) if opt.conditions else ""
        return tr(r"The quadratic form $v^{T} H v$ is a sum of nonnegative terms and a strictly positive multiple "
                  r"of $\left\| v \right\|_{2}^{2}$, so it is positive for every $v \neq 0$%s: $H$ is positive "
                  r"definite, hence invertible, and $%s^{*}$ is the unique minimiser.") % (cond, v)
    if opt.definiteness == "positive semidefinite":
        mats = ", ".join("$%s$" % latex(m) for m in opt.rank_condition)
        return tr(r"$v^{T} H v \ge 0$ for every $v$, so $H$ is positive semidefinite and every solution of the "
                  r"normal equations is a minimiser; $v^{T} H v = 0$ forces %s$\, v = 0$, so $H$ is invertible "
                  r"exactly when %s has full column rank, which we assume.") % (mats, mats)
    return tr(r"We assume that $H$ is invertible (its definiteness was not established).")


def render_matrix_derivation(d: "MatrixDerivation") -> str:
    """The gradient's proof, then the optimum's (when solved)."""
    out = render_derivation(d)
    if d.optimum is not None:
        out += "\n" + render_optimum(d.optimum, d.closed_form)
    return out


def _statement(d: "MatrixDerivation") -> str:
    v = d.wrt[0]
    text = (tr(r"We compute the gradient of $L = %s$ with respect to the $%s$ matrix $%s$, in denominator "
               r"layout: $\nabla_{%s} L$ has the shape of $%s$, its entry $(i, j)$ being "
               r"$\partial L / \partial %s_{ij}$.") % (latex(d.expr), r"%s \times %s" % (latex(v.shape[0]), latex(v.shape[1])), latex(v),
                                                  latex(v), latex(v), latex(v)))
    if d.assumptions:
        text += tr(" We assume %s.") % ", ".join("$%s$" % latex(a) for a in d.assumptions)
    return text


def matrix_sections(d: "MatrixDerivation") -> list[tuple[str, str]]:
    """``(heading, body)`` pairs: Statement, Proof, Result, Verification, Optimum…, Notes."""
    result = r"\[ \boxed{%s = %s} \]" % (latex(d.start), latex(d.closed_form))
    sections = [
        ("Statement", _statement(d)),
        ("Proof", render_derivation(d)),
        ("Result", result),
        ("Verification", render_certificate(d.verdict)),
    ]
    if d.optimum is not None:
        opt = d.optimum
        sections += [
            (tr("Optimum"), tr("Write $L$ for the objective and $H$ for the matrix of the normal equations.") + "\n"
             + render_optimum(opt, d.closed_form) + "\n\n" + _optimum_text(opt) + "\n"
             + r"\[ \boxed{%s = %s} \]" % (latex(opt.star), latex(opt.solution))),
            (tr("Verification of the optimum"), render_certificate(opt.verdict)),
        ]
    notes = render_notes(d.notes)
    if notes:
        sections.append(("Notes", notes))
    return sections


def matrix_document(d: "MatrixDerivation", title: str | None = None) -> str:
    """A complete document for one matrix derivation (compiles with pdflatex)."""
    text_title = title or d.title
    if text_title:
        latex_title = escape_text(text_title)
    else:
        latex_title = r"The gradient of $%s$ with respect to $%s$" % (latex(d.expr), latex(d.wrt[0]))
    return document(matrix_sections(d), latex_title)
