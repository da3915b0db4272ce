r"""``symnn build``: run every derivation, show progress, write the outputs atomically.

Outputs in the output directory: ``<ID>.tex`` (a standalone document per problem, written as soon as
the problem is done), ``solutions.tex`` (all problems), ``report.json`` and, when TeX is installed
and ``--no-pdf`` is not given, ``solutions.pdf`` (``latexmk -pdf``, else ``pdflatex`` twice).
Exit code: 0 when every problem is verified, 1 when any failed (or the PDF could not be made),
3 when none failed but some are undetermined, 2 for bad arguments.

>>> import tempfile, pathlib, io
>>> src, out = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
>>> _ = (src / "s999_1_1_demo.py").write_text(
...     'ID, TITLE, SOURCE, STATEMENT = "s999-1.1", "Demo", "999 §1.1", "Show it."\n'
...     'def solve():\n    raise NotImplementedError("needs nothing")\n')
>>> results, code = build(src, out, pdf=False, stream=io.StringIO())
>>> code, results[0].status, sorted(p.name for p in out.iterdir())
(1, 'failed', ['report.json', 's999-1.1.tex', 'solutions.tex'])
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence, TextIO

from ..errors import SymnnInputError
from ..latex.document import LatexCompileError, compile_pdf, error_line, section_at, which_tex
from ..latex.language import LANGUAGES, language, phrasebook
from .discover import Problem, discover
from .files import write_text_atomic
from .render import problem_document, solutions_document
from .report import report_json
from .run import PROBLEM_SECONDS, ProblemResult, run_problem

__all__ = ["add_arguments", "run", "build", "select", "exit_code", "tex_engine"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``symnn build``."""
    parser.add_argument("directory", nargs="?", default="derivations", metavar="DERIVATIONS_DIR",
                        help="directory of derivation files (default derivations/)")
    parser.add_argument("--out", default="output", metavar="OUTPUT_DIR", help="output directory (default output/)")
    pdf = parser.add_mutually_exclusive_group()
    pdf.add_argument("--pdf", dest="pdf", action="store_true", default=None,
                     help="compile solutions.pdf (an error if TeX is not installed)")
    pdf.add_argument("--no-pdf", dest="pdf", action="store_false", help="do not compile the PDF")
    parser.add_argument("--only", nargs="+", metavar="ID", help="build only these problems")
    parser.add_argument("--timeout", type=float, default=PROBLEM_SECONDS, metavar="SECONDS",
                        help=f"time budget of one problem (default {PROBLEM_SECONDS:g})")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the solution set: en (default) or zh (XeLaTeX and ctex)")


def tex_engine(lang: str = "en") -> str | None:
    """``latexmk`` if installed, else the engine itself (``pdflatex``; ``xelatex`` for Chinese),
    else None.  The Chinese edition also needs ``xelatex`` under latexmk."""
    engine = "xelatex" if lang == "zh" else "pdflatex"
    if not which_tex(engine):
        return None
    return "latexmk" if which_tex("latexmk") else engine


class _Lines:
    """Prints progress until the reader goes away (``symnn build | head``); the build goes on silently."""

    def __init__(self, stream: TextIO):
        self.stream, self.open = stream, True

    def __call__(self, text: str) -> None:
        if not self.open:
            return
        try:
            print(text, file=self.stream, flush=True)
        except BrokenPipeError:
            self.open = False
            silence(self.stream)


def silence(stream: TextIO) -> None:
    """Point a closed standard stream at /dev/null, so that Python's final flush stays quiet."""
    import os

    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _no_directory(directory: Path) -> SymnnInputError:
    if directory == Path("derivations"):
        return SymnnInputError(
            f"no derivations directory derivations/ in {Path.cwd()}: run symnn build in the symnn "
            "repository (the corpus lives there, not in the installed package) or give the directory, "
            "e.g. symnn build path/to/symnn/derivations")
    return SymnnInputError(f"no derivations directory {directory}")


def _broken_problem(combined: str, log: str, out: Path, ids: Sequence[str], engine: str) -> tuple[str | None, int | None]:
    """The problem whose LaTeX broke the combined document, and the line: from the log's line
    number when it points into a problem's section, else by compiling the problems one by one."""
    line = error_line(log)
    problem = section_at(combined, line) if line else None
    if problem is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="symnn-find-") as tmp:
            for problem_id in ids:
                try:
                    compile_pdf((out / f"{problem_id}.tex").read_text(encoding="utf-8"), Path(tmp) / "p.pdf",
                                engine="pdflatex" if engine == "latexmk" else engine, runs=1)
                except LatexCompileError:
                    return problem_id, None
    return problem, line


def _latex_failure(exc: LatexCompileError, combined: str, out: Path, ids: Sequence[str], engine: str) -> str:
    """One paragraph naming the problem whose LaTeX broke the PDF, and where its log is."""
    problem, line = _broken_problem(combined, exc.log or str(exc), out, ids, engine)
    where = f"problem {problem}" if problem else "solutions.tex"
    if line:
        where += f" (solutions.tex line {line})"
    return f"symnn: the PDF could not be compiled: the LaTeX of {where} is broken " \
           f"(log: {out / 'solutions.log'}):\n{exc}"


def select(problems: Sequence[Problem], only: Sequence[str] | None) -> list[Problem]:
    """The problems named by ``--only`` (all when None); an unknown ID is an input error."""
    if not only:
        return list(problems)
    known = {p.id for p in problems}
    unknown = [i for i in only if i not in known]
    if unknown:
        raise SymnnInputError("unknown problem ID" + ("s " if len(unknown) > 1 else " ") + ", ".join(unknown))
    wanted = set(only)
    return [p for p in problems if p.id in wanted]


def exit_code(results: Sequence[ProblemResult]) -> int:
    """0 all verified, 1 any failed, 3 otherwise (some undetermined)."""
    if any(r.status == "failed" for r in results):
        return 1
    if any(r.status != "verified" for r in results):
        return 3
    return 0


def _shorten(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _progress(i: int, n: int, r: ProblemResult) -> str:
    line = f"[{i:>{len(str(n))}}/{n}] {r.id:<10} {r.status:<12} {r.seconds:6.2f} s"
    return line + (f"   {_shorten(r.message)}" if r.status != "verified" and r.message else "")


def _summary(results: Sequence[ProblemResult], seconds: float) -> list[str]:
    lines = ["", f"{'problem':<10} {'status':<12} {'method':<9} {'max rel err':>11} {'seconds':>8}"]
    for r in results:
        err = f"{r.max_rel_error:.1e}" if r.max_rel_error is not None else "-"
        lines.append(f"{r.id:<10} {r.status:<12} {r.method or '-':<9} {err:>11} {r.seconds:8.2f}")
    counts = {s: sum(r.status == s for r in results) for s in ("verified", "failed", "undetermined")}
    lines.append(f"{counts['verified']} verified, {counts['failed']} failed, {counts['undetermined']} undetermined "
                 f"({len(results)} problems, {seconds:.1f} s)")
    return lines


def build(directory: Path | str, out: Path | str, *, pdf: bool | None = None, only: Sequence[str] | None = None,
          timeout: float = PROBLEM_SECONDS, stream: TextIO | None = None, lang: str = "en",
          ) -> tuple[list[ProblemResult], int]:
    """Build the solution set in ``lang`` ("en" or "zh"); return the results and the exit code.

    ``pdf``: True compiles the PDF (an input error without TeX), False never, None when TeX is found.
    A ``solutions.pdf`` left from an earlier build is removed when no new one is made, so that the
    PDF beside ``solutions.tex`` is always its own.
    """
    say = _Lines(sys.stdout if stream is None else stream)
    directory, out = Path(directory), Path(out)
    if not directory.is_dir():
        raise _no_directory(directory)
    if timeout <= 0:
        raise SymnnInputError(f"--timeout must be positive, not {timeout:g}")
    engine = tex_engine(lang)
    if pdf and engine is None:
        raise SymnnInputError("--pdf needs " + ("xelatex (texlive-xetex, texlive-lang-chinese)" if lang == "zh"
                                                else "latexmk or pdflatex") + ", and it is not installed")
    problems = select(discover(directory), only)
    if not problems:
        raise SymnnInputError(f"no derivation files in {directory}")
    out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    results = []
    with language(lang):
        for i, problem in enumerate(problems, 1):
            with phrasebook(problem.phrases_zh):  # the problem's own sentences, also while it is solved
                result = run_problem(problem, timeout)
            results.append(result)
            write_text_atomic(out / f"{result.id}.tex", problem_document(result))
            say(_progress(i, len(problems), result))
        combined = solutions_document(results)
    write_text_atomic(out / "solutions.tex", combined)
    write_text_atomic(out / "report.json", report_json(results))
    code = exit_code(results)
    say("\n".join(_summary(results, time.monotonic() - start)))
    pdf_path = out / "solutions.pdf"
    made = False
    if pdf is not False and engine is not None:
        try:
            compile_pdf(combined, pdf_path, engine=engine, log_path=out / "solutions.log")
            made = True
            say(f"wrote {pdf_path} ({engine})")
        except LatexCompileError as exc:
            print(_latex_failure(exc, combined, out, [r.id for r in results], engine), file=sys.stderr, flush=True)
            code = 1
    elif pdf is None:
        say("no TeX engine found: solutions.pdf not written")
    if not made and pdf_path.exists():
        pdf_path.unlink()
        say(f"removed the old {pdf_path} (it was not built from this solutions.tex)")
    say(f"wrote {out / 'solutions.tex'} and {out / 'report.json'}")
    return results, code


def run(args: argparse.Namespace) -> int:
    """The ``symnn build`` command (arguments from :func:`add_arguments`)."""
    try:
        _, code = build(args.directory, args.out, pdf=args.pdf, only=args.only, timeout=args.timeout,
                        lang=args.lang)
    except KeyboardInterrupt:
        print("symnn: build interrupted (the files already written are complete)", file=sys.stderr)
        return 130
    return code
