r"""Rendering multi-part network proofs (:class:`~symnn.models.backprop.BackpropDerivation`).

Each part is an ordinary :class:`~symnn.calculus.derivation.Derivation` rendered by
:func:`symnn.latex.proof.render_derivation` (an ``align*`` block), followed by its matrix reading;
the document adds the setting, the claim, a summary of the matrix forms, the verification
certificate and the notes.  Only the printer makes LaTeX from expressions.

>>> from symnn.models.backprop import derive_backprop
>>> tex = render_parts(derive_backprop(verify=False))
>>> r"\odot" in tex and r"\delta_{i}^{(\ell)}" in tex and "PermuteDims" not in tex
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..latex.document import document
from ..latex.printer import latex
from ..latex.language import tr
from ..latex.proof import _sentence, escape_text, render_certificate, render_derivation, render_notes

if TYPE_CHECKING:  # pragma: no cover
    from .backprop import BackpropDerivation, Part

__all__ = ["render_text", "render_part", "render_parts", "render_summary", "multipart_document",
           "render_body", "numeric_certificate", "NetworkProof"]


def render_text(text) -> str:
    """Plain text (escaped) or a :class:`~symnn.models.notation.Text` (objects as inline math).

    >>> from sympy import Symbol
    >>> from symnn.models.notation import Text
    >>> print(render_text(Text("so {0} = 0 for 50% of units", Symbol("beta_j"))))
    so $\\beta_{j}$ = 0 for 50\\% of units
    """
    if isinstance(text, str):
        return escape_text(tr(text))
    pieces = re.split(r"\{(\d+)\}", tr(text.template))
    out = []
    for n, piece in enumerate(pieces):
        out.append(escape_text(piece) if n % 2 == 0 else "$%s$" % latex(text.objects[int(piece)]))
    return "".join(out)


def _equation(lhs, rhs) -> str:
    return r"\[ %s = %s \]" % (latex(lhs), latex(rhs))


def render_part(part: "Part") -> str:
    """One part: its proof block, then its matrix form with the reason it reads so."""
    chunks = []
    if part.intro or part.given:
        intro = render_text(part.intro)
        if part.given:
            eqs = " \\\\\n".join(r"  %s &= %s" % (latex(l), latex(r)) for l, r in part.given)
            intro += "\n\\begin{align*}\n" + eqs + "\n\\end{align*}"
        chunks.append(intro)
    chunks.append(render_derivation(part.derivation))
    if part.matrix_form is not None:
        lhs, rhs = part.matrix_form
        text = tr("In matrix form")
        if part.reading:
            text += tr(" (%s)") % render_text(part.reading)
        chunks.append(text + tr(": ") + "\n" + _equation(lhs, rhs))
    for name, value in part.derivation.definitions.items():
        chunks.append(tr("Hence, by the base case,") + "\n" + _equation(name, value))
    notes = [n for n in part.derivation.notes if n.strip()]
    if notes:
        chunks.append(" ".join(escape_text(_sentence(tr(n))) for n in notes))  # each a full sentence
    return "\n\n".join(chunks)


def render_parts(derivation: "BackpropDerivation", heading_command: str = r"\subsection*") -> str:
    """All parts, each under its heading."""
    chunks = []
    for part in derivation.parts:
        chunks.append("%s{%s}\n%s" % (heading_command, escape_text(tr(part.heading)), render_part(part)))
    return "\n\n".join(chunks)


def render_summary(derivation: "BackpropDerivation") -> str:
    r"""The matrix forms of all parts, one ``align*`` line each."""
    lines = []
    for part in derivation.parts:
        if part.matrix_form is None:
            continue
        lhs, rhs = part.matrix_form
        lines.append(r"  %s &= %s" % (latex(lhs), latex(rhs)))
    if not lines:
        return ""
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _setting_chunks(derivation: "BackpropDerivation") -> list[str]:
    """The setting equations, the conventions and the claim, as LaTeX chunks."""
    chunks = []
    if derivation.setting:
        eqs = " \\\\\n".join(r"  %s &= %s" % (latex(l), latex(r)) for l, r in derivation.setting)
        chunks.append("\\begin{align*}\n" + eqs + "\n\\end{align*}")
    if derivation.conventions:
        items = "\n".join(r"  \item %s" % render_text(c) for c in derivation.conventions)
        chunks.append("\\begin{itemize}\n" + items + "\n\\end{itemize}")
    if derivation.claim:
        chunks.append(render_text(derivation.claim))
    return chunks


def multipart_document(derivation: "BackpropDerivation", title: str | None = None) -> str:
    """A complete, compilable document: setting, claim, the parts, summary, verification, notes."""
    sections = [(tr("Setting"), "\n\n".join(_setting_chunks(derivation)))]
    for part in derivation.parts:
        sections.append((escape_text(tr(part.heading)), render_part(part)))
    summary = render_summary(derivation)
    if summary:
        sections.append((tr("Summary"), summary))
    sections.append((tr("Verification"), render_certificate(derivation.verdict)))
    notes = render_notes(derivation.notes)
    if notes:
        sections.append((tr("Notes"), notes))
    text_title = title or derivation.title or "Backpropagation"
    return document(sections, escape_text(tr(text_title)))


def numeric_certificate(verdict) -> str:
    r"""The certificate of a derivation checked by finite differences (LaTeX paragraph).

    The index-notation steps are the symbolic derivation (the proof); the numeric comparison on
    random concrete instances confirms it.
    """
    if verdict is None:
        return tr(r"\textbf{Not checked.} No verification was run for this result.")
    message = escape_text(tr(verdict.message.strip().rstrip("."))) if verdict.message else ""
    if verdict.verdict == "verified":
        head = tr(r"\textbf{Verified.} The steps above derive the equations symbolically (index notation); "
                  r"evaluated on random concrete instances, they agree with central finite differences "
                  r"of the definition:")
    else:
        head = r"\textbf{%s}" % (tr(verdict.verdict.capitalize()) + tr("."))
    return head + (" " + message + tr(".") if message else "")


def render_body(derivation: "BackpropDerivation", heading_command: str = r"\paragraph",
                certificate: bool = True) -> str:
    """Setting, claim, the parts, the summary (and the certificate) as the body of a document part."""
    chunks = _setting_chunks(derivation)
    chunks.append(render_parts(derivation, heading_command=heading_command))
    summary = render_summary(derivation)
    if summary:
        chunks.append("%s{%s}\n%s" % (heading_command, tr("Summary"), summary))
    if certificate:
        chunks.append(tr(r"\emph{Verification.} ") + numeric_certificate(derivation.verdict))
    return "\n\n".join(chunks)


@dataclass
class NetworkProof:
    """A multi-part network derivation as a part of a :class:`symnn.build.Solution`.

    ``title`` is plain text, ``text`` (LaTeX) an introduction; the verdict is the derivation's
    (finite differences on random networks).  Use :meth:`BackpropDerivation.as_part`.
    """

    derivation: Any
    title: str = ""
    text: str = ""

    @property
    def verdict(self):
        return self.derivation.verdict

    def latex(self) -> str:
        body = render_body(self.derivation)
        return (tr(self.text.strip()) + "\n\n" + body) if self.text.strip() else body
