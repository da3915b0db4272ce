r"""LaTeX building blocks shared by every worked result: ``booktabs`` tables, ``align*`` blocks,
notes, and a complete document.

Cells and lines are LaTeX already (numbers through :func:`symnn.worked.numfmt.fmt`, expressions
through :func:`symnn.latex.printer.latex`); this module only lays them out.

>>> print(table(["$k$", "value"], [["$1$", "$0.5$"]], align="rr"))
\begin{center}
\begin{tabular}{rr}
\toprule
$k$ & value \\
\midrule
$1$ & $0.5$ \\
\bottomrule
\end{tabular}
\end{center}
>>> print(align([("E", "0.5", "loss")]))
\begin{align*}
E &= 0.5 && \text{loss}
\end{align*}
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..latex.document import document as _document
from ..latex.language import tr
from ..latex.proof import escape_text, render_notes

__all__ = ["table", "align", "text", "notes_block", "WorkedResult", "matrix"]


def text(s: str) -> str:
    """Plain text escaped for LaTeX text mode (in Chinese when the catalogue knows the sentence)."""
    return escape_text(tr(s))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str | None = None,
          caption: str | None = None) -> str:
    """A centred ``booktabs`` table; ``caption`` (plain text) is set above it without a float."""
    rows = [list(r) for r in rows]
    align = align or "l" * len(headers)
    lines = []
    if caption:
        lines.append(r"\noindent %s" % escape_text(tr(caption)))
    lines += [r"\begin{center}", r"\begin{tabular}{%s}" % align, r"\toprule",
              " & ".join(tr(h) for h in headers) + r" \\", r"\midrule"]
    lines += [" & ".join(r) + r" \\" for r in rows]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{center}"]
    return "\n".join(lines)


def align(lines: Iterable[Sequence[str]]) -> str:
    r"""An ``align*`` block of ``(lhs, rhs[, plain-text remark])`` lines, ``lhs &= rhs``.

    An empty ``lhs`` continues the previous line (``&= rhs``); a ``rhs`` starting with ``\quad``
    continues the previous right-hand side (``&\quad + …``, no second ``=``).
    """
    body = []
    for line in lines:
        lhs, rhs, *rest = line
        row = f"{lhs} &{rhs}" if not lhs and rhs.lstrip().startswith(r"\quad") else f"{lhs} &= {rhs}"
        if rest and rest[0]:
            row += r" && \text{%s}" % escape_text(tr(rest[0]))
        body.append(row)
    return "\\begin{align*}\n" + " \\\\\n".join(body) + "\n\\end{align*}"


def matrix(rows: Sequence[Sequence[str]]) -> str:
    """A ``bmatrix`` from already formatted entries."""
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(r) for r in rows) + r" \end{bmatrix}"


def notes_block(notes: Iterable[str]) -> str:
    """The notes as an itemize list headed "Notes", or the empty string."""
    block = render_notes(notes)
    return ("\\textbf{%s}\n" % tr("Notes.") + block) if block else ""


class WorkedResult:
    """Base of every worked result: ``title``, ``notes``, ``latex()`` and ``document()``."""

    title: str = "Worked example"
    notes: list[str]

    def latex(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def document(self, title: str | None = None) -> str:
        """A complete LaTeX document holding this result."""
        return _document([(escape_text(tr(title or self.title)), self.latex())])
