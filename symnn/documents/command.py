r"""``symnn lint FILE|DIR ...``: every step of written derivations, compiler style.

Exit code: 0 no wrong step, 1 a wrong step, 2 an unreadable file (one line on stderr), 3 nothing
could be checked.  ``--json`` prints the JSON of INTERFACE.md; ``--table OUT.csv|OUT.json`` writes
one row per file (a class's submissions); ``--annotate OUT.tex|OUT.pdf`` typesets the (first)
document with a mark beside every step.

>>> import argparse
>>> p = argparse.ArgumentParser(); add_arguments(p)
>>> p.parse_args(["hw.tex", "--json"]).json
True
"""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import SymnnInputError
from . import lint_paths

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``symnn lint``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help=".tex, .md or .txt files, or directories of them")
    parser.add_argument("--define", action="append", default=[], metavar='"NAME = LATEX"',
                        help="a definition in force in every document")
    parser.add_argument("--assume", action="append", default=[], metavar="LATEX", help="a constraint (recorded)")
    parser.add_argument("--annotate", metavar="OUT.tex|OUT.pdf", help="typeset the document with a mark per step")
    parser.add_argument("--table", metavar="OUT.csv|OUT.json", help="one row per file (for a class's submissions)")
    parser.add_argument("--all", action="store_true", help="also print the steps that are ok")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="lint the files in N worker processes")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the annotated document (--annotate): en (default) or zh (XeLaTeX and ctex)")


def run(args: argparse.Namespace) -> int:
    """Lint the files; print the findings; return the exit code (4: a bug in symnn, one line)."""
    try:
        return _run(args)
    except SymnnInputError:
        raise
    except Exception as exc:  # noqa: BLE001 - an internal error is one line, never a traceback
        print(f"symnn: internal error (a bug in symnn, please report it): {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return 4


def _run(args: argparse.Namespace) -> int:
    report = lint_paths(args.files, define=args.define, assume=args.assume, jobs=args.jobs)
    unreadable = [f for f in report.files if f.error]
    for f in unreadable:
        print(f"symnn: error: {f.file}: {f.error}", file=sys.stderr)
    if args.json:
        print(report.json())
    else:
        for f in report.files:
            if f.error:
                continue
            for line in f.lines(show_ok=args.all):
                print(line)
        for f in report.files:
            print(f.summary_line())
    if args.table:
        from ..build.files import write_text_atomic

        fmt = "json" if args.table.endswith(".json") else "csv"
        write_text_atomic(args.table, report.table(fmt))
    if args.annotate:
        readable = [f for f in report.files if not f.error]
        if not readable:
            raise SymnnInputError("--annotate: no readable document")
        from .annotate import annotate

        annotate(readable[0], args.annotate, lang=args.lang)
    return report.exit_code
