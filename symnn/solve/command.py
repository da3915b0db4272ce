r"""``symnn solve SPEC.toml``: the worked solution of a homework spec.

    symnn solve SPEC.toml [--out DIR] [--pdf | --tex | --json] [--lang en|zh] [--round K]

Without a format option a short report goes to stdout; ``--json`` prints the JSON (or writes
``DIR/<spec>.json`` with ``--out``); ``--tex`` writes ``DIR/<spec>.tex``; ``--pdf`` writes
``DIR/<spec>.pdf`` (pdflatex; XeLaTeX for ``--lang zh``).  Files are written atomically.
Exit code: 0 every result verified, 1 a result refuted or the PDF failed, 3 undetermined,
2 a bad spec (one line naming the key and what was expected), 4 an internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..budget import time_budget
from ..errors import BudgetExceeded, SymnnInputError
from ..latex.document import LatexCompileError, compile_pdf
from .document import latex_document, to_json
from .spec import load_spec
from .work import solve

__all__ = ["add_arguments", "run", "SECONDS"]

#: Wall-clock budget of one spec.
SECONDS = 300.0
_EXIT = {"verified": 0, "refuted": 1, "undetermined": 3, "error": 1}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``symnn solve``."""
    parser.add_argument("spec", metavar="SPEC.toml", help="the homework spec (TOML)")
    parser.add_argument("--out", default=None, metavar="DIR", help="output directory (default .)")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--pdf", dest="format", action="store_const", const="pdf", help="write the PDF")
    fmt.add_argument("--tex", dest="format", action="store_const", const="tex", help="write the LaTeX")
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="JSON output")
    parser.add_argument("--lang", choices=("en", "zh"), default=None,
                        help="language of the solution (default: the spec's lang, else en)")
    parser.add_argument("--round", type=int, default=None, metavar="K",
                        help="show values rounded to K decimals (default: the spec's round)")


def _report(solved) -> str:
    lines = [solved.spec.title]
    for task in solved.spec.tasks:
        for r in solved.results[task.name]:
            v = r.verdict
            lines.append(f"  {task.name}: {r.title}: {v.verdict if v else 'not checked'}")
    for m in solved.marks:
        given = str(m.given).lower() if isinstance(m.given, bool) else m.given
        lines.append(f"  answer {m.key} = {given}: {m.mark} (result {m.expected})"
                     + (f"; {m.note}" if m.note else ""))
    lines.append(f"verdict: {solved.verdict}")
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    from ..build.files import write_text_atomic
    write_text_atomic(path, text)


def _run(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    if args.round is not None:
        if not 0 <= args.round <= 12:
            raise SymnnInputError("--round: expected 0 to 12 decimals")
        spec.round = args.round
    lang = args.lang or spec.lang or "en"
    with time_budget(SECONDS, f"solving {args.spec}"):
        solved = solve(spec)
        out = Path(args.out) if args.out else Path(".")
        stem = Path(args.spec).stem
        if args.format == "json":
            if args.out:
                _write(out / f"{stem}.json", to_json(solved, lang) + "\n")
            else:
                print(to_json(solved, lang))
        elif args.format in ("tex", "pdf"):
            tex = latex_document(solved, lang)
            if args.format == "tex":
                _write(out / f"{stem}.tex", tex)
            else:
                try:
                    compile_pdf(tex, out / f"{stem}.pdf",
                                engine="xelatex" if lang == "zh" else "pdflatex")
                except LatexCompileError as exc:
                    print(f"symnn: {exc}".splitlines()[0], file=sys.stderr)
                    return 1
            print(_report(solved))
        else:
            print(_report(solved))
    return _EXIT.get(solved.verdict, 3)


def run(args: argparse.Namespace) -> int:
    """Run ``symnn solve``; spec errors are raised as :class:`SymnnInputError` (exit 2)."""
    try:
        return _run(args)
    except (SymnnInputError, BudgetExceeded):
        raise
    except Exception as exc:  # noqa: BLE001 - an internal error is one line and exit 4
        print(f"symnn: internal error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 4
