r"""LaTeX of the solution set: one body per problem, a standalone file per problem, a combined book.

Every problem is written the same way: the source, the statement, its status (and why, when it is
not verified), then each part under its own heading with its verification certificate, then the
notes on the source.  The combined document adds a title, a table of contents and a summary table.
No date and no timings go into the LaTeX, so rebuilding gives the same ``.tex``.

>>> from pathlib import Path
>>> from symnn.build.discover import Problem
>>> from symnn.build.run import ProblemResult
>>> p = Problem(id="s999-1.1", path=Path("s999_1_1.py"), title="A title", source="999 §1.1",
...             statement="Show that $1 = 1$.")
>>> r = ProblemResult(p, "failed", 0.1, message="not implemented: needs time")
>>> print(problem_body(r))  # doctest: +NORMALIZE_WHITESPACE
\textit{Source: 999 §1.1.}
<BLANKLINE>
\paragraph{Problem.} Show that $1 = 1$.
<BLANKLINE>
\paragraph{Status.} \textbf{Failed}: not implemented: needs time.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..latex.document import document
from ..latex.language import current, phrasebook, tr
from ..latex.quote import quoted_latex
from ..latex.proof import escape_text, format_number, render_notes
from .run import ProblemResult

__all__ = ["problem_body", "problem_document", "solutions_document", "heading"]

TITLE = "Neural-network calculus: the solution set"

INTRO = ("Every result below was derived from the definitions and checked by a second, independent "
         "witness: formulas by a symbolic proof and a numeric comparison at random points (or random "
         "instances of the shapes), worked numbers by an independent recomputation in floating point. "
         "Each result states its method. %d of %d problems are verified.")


def title(result: ProblemResult) -> str:
    """The problem's title (plain text) in the current language."""
    problem = result.problem
    if current() == "zh" and problem.title_zh.strip():
        return problem.title_zh.strip()
    return tr(problem.title.strip())


def statement(result: ProblemResult) -> str:
    """The problem's statement (LaTeX) in the current language: in Chinese as the source states it."""
    problem = result.problem
    if current() == "zh" and problem.statement_zh.strip():
        return problem.statement_zh.strip()
    if current() == "zh" and problem.quote_zh.strip():
        return quoted_latex(problem.quote_zh)
    return problem.statement.strip()


def heading(result: ProblemResult) -> str:
    """The section heading of a problem: its ID and title (LaTeX)."""
    with phrasebook(result.problem.phrases_zh):
        text = title(result)
    return escape_text(f"{result.id}: {text}" if text else result.id)


def _status(result: ProblemResult) -> str:
    if result.status == "verified":
        text = r"\textbf{%s}%s" % (tr("Verified"), tr(" (%s)") % tr(result.method or "symbolic"))
        if result.max_rel_error is not None:
            text += tr(r"; the largest relative error of the numeric checks is $%s$") % format_number(result.max_rel_error)
        return text + tr(".")
    message = escape_text(tr(result.message.strip().rstrip("."))) if result.message else tr("no reason given")
    return r"\textbf{%s}%s%s%s" % (tr(result.status.capitalize()), tr(": "), message, tr("."))


def _letter(i: int) -> str:
    return "(%s)" % "abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else "(%d)" % (i + 1)


def problem_body(result: ProblemResult, part_heading: str = r"\subsection*") -> str:
    """The write-up of one problem, without preamble or section heading."""
    with phrasebook(result.problem.phrases_zh):
        return _body(result, part_heading)


def _body(result: ProblemResult, part_heading: str) -> str:
    problem = result.problem
    chunks = []
    if problem.source.strip():
        chunks.append(r"\textit{%s}" % (tr("Source: %s.") % escape_text(problem.source.strip().rstrip("."))))
    if statement(result):
        chunks.append(r"\paragraph{%s} " % tr("Problem.") + statement(result))
    chunks.append(r"\paragraph{%s} " % tr("Status.") + _status(result))
    if result.solution is not None:
        for i, part in enumerate(result.solution.parts):
            part_title = tr(getattr(part, "title", "") or "")
            label = _letter(i) + (" " + escape_text(part_title) if part_title else "")
            chunks.append("%s{%s}\n%s" % (part_heading, label, part.latex().strip()))
    notes = render_notes(_not_in_parts(result))
    if notes:
        chunks.append("%s{%s}\n%s" % (part_heading, tr("Notes on the source"), notes))
    return "\n\n".join(chunks)


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", " ", str(text)).strip().lower()


def _not_in_parts(result: ProblemResult) -> list[str]:
    """The notes on the source that no part already shows among its own notes (said once)."""
    shown = {_words(n) for part in (result.solution.parts if result.solution else ())
             for n in getattr(part, "notes", None) or ()}
    return [n for n in result.source_notes if _words(n) not in shown]


def problem_document(result: ProblemResult) -> str:
    """A standalone, compilable document holding one problem."""
    return document([(None, problem_body(result, part_heading=r"\section*"))], title=heading(result))


def _summary_table(results: Sequence[ProblemResult]) -> str:
    rows = []
    for r in results:
        err = "$%s$" % format_number(r.max_rel_error) if r.max_rel_error is not None else "--"
        rows.append(r"%s & %s & %s & %s & %s \\" % (
            escape_text(r.id), escape_text(r.problem.source), tr(r.status),
            tr(r.method) if r.method else "--", err))
    return "\n".join([
        r"\begin{center}\small",
        r"\begin{tabular}{lllll}",
        r"\toprule",
        tr(r"problem & source & status & method & max.\ rel.\ error \\"),
        r"\midrule",
        *rows,
        r"\bottomrule",
        r"\end{tabular}",
        r"\end{center}",
    ])


def solutions_document(results: Sequence[ProblemResult]) -> str:
    """The combined document: title, table of contents, summary table, one section per problem."""
    verified = sum(r.status == "verified" for r in results)
    intro = tr(INTRO) % (verified, len(results)) + "\n\n" + _summary_table(results)
    sections = [(None, intro)] + [(heading(r), problem_body(r)) for r in results]
    return document(sections, title=tr(TITLE), numbered=True, toc=True, markers=[None] + [r.id for r in results])
