r"""Documents: reading written derivations and checking every step (``symnn lint``).

>>> rep = lint("$$\\sigma'(x) = \\sigma(x)(1 + \\sigma(x))$$\n")
>>> [(s.line, s.status) for s in rep.steps]
[(1, 'wrong')]
>>> rep.exit_code
1
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..errors import SymnnInputError
from .reader import read_path, read_text
from .report import FileReport, LintReport, StepResult
from .steps import lint_document

#: File types read by ``symnn lint``.
SUFFIXES = (".tex", ".md", ".markdown", ".txt")

__all__ = ["lint", "lint_paths", "lint_file", "LintReport", "FileReport", "StepResult"]


def _files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def lint_file(task: tuple) -> FileReport:
    """One file of a batch: ``(path, define, assume)`` -> its report (an unreadable file: ``error``)."""
    path, define, assume = task
    try:
        doc = read_path(path)
    except SymnnInputError as exc:
        return FileReport(str(path), error=str(exc).removeprefix(f"{path}: "))
    return lint_document(doc, define=define, assume=assume)


def lint_paths(paths: Iterable[str | Path], define=(), assume=(), jobs: int = 1) -> LintReport:
    """Lint files (directories: every .tex/.md/.txt inside); an unreadable file is reported, not raised.

    ``jobs > 1`` lints the files in that many worker processes (:func:`symnn.batch.run_batch`)."""
    files = _files(paths)
    if not files:
        raise SymnnInputError("no .tex, .md or .txt file to lint")
    tasks = [(str(p), tuple(define), tuple(assume)) for p in files]
    if jobs <= 1 or len(tasks) == 1:
        return LintReport([lint_file(t) for t in tasks])
    from ..batch import Failure, run_batch
    from .steps import FILE_SECONDS

    report = LintReport()
    for i, result in run_batch(tasks, lint_file, jobs=jobs, timeout=FILE_SECONDS + 60):
        if isinstance(result, Failure):
            raise RuntimeError(f"{tasks[i][0]}: {result}")
        report.files.append(result)
    return report


def lint(path_or_text: str | Path, define=(), assume=(), name: str | None = None) -> LintReport:
    """The steps of a written derivation, each judged: a path to a .tex/.md/.txt file (or a
    directory), or the text itself (then ``name`` sets its file type, default Markdown)."""
    if isinstance(path_or_text, Path) or ("\n" not in path_or_text and "$" not in path_or_text
                                          and Path(path_or_text).exists()):
        report = lint_paths([path_or_text], define=define, assume=assume)
        bad = [f for f in report.files if f.error]
        if bad:
            raise SymnnInputError(f"{bad[0].file}: {bad[0].error}")
        return report
    doc = read_text(str(path_or_text), name=name or "<text>.md")
    return LintReport([lint_document(doc, define=define, assume=assume)])
