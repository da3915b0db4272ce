r"""The ``symnn`` command line (INTERFACE.md).

    symnn check  --expr F --wrt V --claim G   [common options]   # is dF/dV == G ?
    symnn check  --equation "LHS = RHS"       [common options]   # is LHS == RHS ? (A = B = C checks each link)
    symnn derive --expr F --wrt V             [common options]   # closed form of dF/dV, with the proof
    symnn lint   FILE|DIR ... [--json] [--annotate OUT.tex|OUT.pdf] [--table OUT.csv]   # every step of a document
    symnn build  [DERIVATIONS_DIR] [--out OUTPUT_DIR] [--pdf | --no-pdf] [--only ID ...]   # the solution set

Exit codes: 0 verified, 1 refuted, 2 input error (one line on stderr, never a traceback),
3 undetermined.  ``--json`` prints one JSON object on stdout instead of the human report.

>>> main(["check", "--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1-\sigma(x))", "--json"])
... # doctest: +ELLIPSIS
{"verdict": "verified", ...}
0
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import import_module
from typing import Any, NoReturn, Sequence

from .budget import time_budget
from .errors import BudgetExceeded, SymnnInputError
from .verdict import EXIT_CODES, Verdict

#: Wall-clock budget of one command; past it the answer is "undetermined", never a hang.
COMMAND_SECONDS = 120.0

#: Subcommands in their own module (``add_arguments(parser)``, ``run(args) -> int``): name ->
#: (module, help).  A module is imported only when its command is named, so start-up stays cheap.
SUBCOMMANDS = {
    "build": ("symnn.build.command", "run every derivation and write the solution set"),
    "solve": ("symnn.solve.command", "worked homework from the student's own numbers (a TOML spec)"),
    "lint": ("symnn.documents.command", "check every step of written derivations (.tex, .md, .txt)"),
}


class _InputError(Exception):
    """An argument-level problem found by argparse."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (raised, so that main() reports them uniformly)."""

    def error(self, message: str) -> NoReturn:
        raise _InputError(message)


class _Version(argparse.Action):
    """``--version``, read from the installed package's metadata only when asked for
    (importlib.metadata costs tens of milliseconds of every command's start-up)."""

    def __call__(self, parser, namespace, values, option_string=None) -> NoReturn:
        from . import __version__

        print(f"symnn {__version__}")  # on standard output, as argparse's own version action does
        parser.exit()


def _build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = _Parser(prog="symnn", description="Neural-network calculus, derived and checked twice.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--order", type=int, default=1, help="K-th derivative (default 1)")
        p.add_argument("--define", action="append", default=[], metavar='"NAME = LATEX"', help="a definition substituted first")
        p.add_argument("--assume", action="append", default=[], metavar="LATEX", help='a constraint, e.g. "x > 0"')
        p.add_argument("--matrix", action="append", default=[], metavar="NAME:ROWS,COLS", help="a matrix symbol and its shape")
        p.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
        p.add_argument("--seed", type=int, default=0, help="seed for every random choice (default 0)")
        p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the prose (default en)")

    check = sub.add_parser("check", help="is a claimed derivative or identity right?")
    check.add_argument("--expr", help="the expression F (LaTeX)")
    check.add_argument("--wrt", help="the variable V (LaTeX)")
    check.add_argument("--claim", help="the claimed derivative G (LaTeX)")
    check.add_argument("--equation", help='"LHS = RHS" (LaTeX); "A = B = C" checks every link')
    common(check)
    from .batch.command import add_arguments as add_batch_arguments

    add_batch_arguments(check)

    derive = sub.add_parser("derive", help="closed form of a derivative, with the proof")
    derive.add_argument("--expr", required=True, help="the expression F (LaTeX)")
    derive.add_argument("--wrt", required=True, help="the variable V (LaTeX)")
    derive.add_argument("--solve", action="store_true", help="also set the gradient to zero and solve for the optimum")
    common(derive)
    from .latex.emit import add_output_arguments

    add_output_arguments(derive)

    for name, (module, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        if name in argv:
            import_module(module).add_arguments(p)
    return parser


# --------------------------------------------------------------------------- reports


def _latex(expr) -> str:
    from .latex.printer import latex

    return latex(expr)


def _plain(expr) -> str:
    from .latex.proof import plain

    return plain(expr)


def _verdict_lines(v: Verdict) -> list[str]:
    lines = [f"verdict: {v.verdict}" + (f" ({v.method})" if v.method else ""), f"  {v.message}"]
    if v.counterexample:
        items = list(v.counterexample["point"].items())
        point = ", ".join(f"{k} = {val:.6g}" for k, val in items[:6]) + (" …" if len(items) > 6 else "")
        where = f" ({v.counterexample['instance']})" if v.counterexample.get("instance") else ""
        lines.append(
            (f"counterexample: at {point}{where}: the true value is " if point else "counterexample: the left side is ")
            + f"{v.counterexample['expected']:.12g}, " + ("the claim gives " if point else "the right side ")
            + f"{v.counterexample['claimed']:.12g}"
        )
    for p in v.nondifferentiable:
        lines.append(f"note: the derivative does not exist where {p}")
    return lines


def _emit(payload: dict[str, Any], report: list[str], as_json: bool) -> None:
    if as_json:
        print(json.dumps(payload))
    else:
        print("\n".join(report))


def _run_check(args: argparse.Namespace) -> int:
    from . import api

    options = dict(assume=args.assume, define=args.define, seed=args.seed)
    if args.matrix:
        from .matrix.cli import run_check

        return run_check(args, _emit, _verdict_lines)
    if args.equation is not None:
        if any(v is not None for v in (args.expr, args.wrt, args.claim)):
            raise SymnnInputError("give either --equation or --expr/--wrt/--claim, not both")
        from .latex.parser import parse_equation_chain

        sides = parse_equation_chain(args.equation)
        verdicts = [api.check_equation(a, b, **options) for a, b in zip(sides, sides[1:])]
        worst = max(verdicts, key=lambda v: (v.verdict != "verified", v.exit_code))
        report = []
        from .latex.proof import equation_sides_plain

        shown = equation_sides_plain(args.equation, sides)
        for (a, b), v in zip(zip(shown, shown[1:]), verdicts):
            report.append(f"{a} = {b}")
            report += ["  " + line for line in _verdict_lines(v)]
        from .latex.parser import reading_notes

        notes = reading_notes(args.equation)
        report += [f"note: {n}" for n in notes]
        _emit({**worst.to_json(_latex(sides[-1])), **({"notes": notes} if notes else {})}, report, args.json)
        return worst.exit_code
    missing = [n for n in ("expr", "wrt", "claim") if getattr(args, n) is None]
    if missing:
        raise SymnnInputError("check needs --equation, or all of --expr, --wrt and --claim (missing --" + ", --".join(missing) + ")")
    v = api.check(args.expr, args.wrt, args.claim, order=args.order, **options)
    expr, wrt, claim = api.as_expr(args.expr), api.as_symbol(args.wrt), api.as_expr(args.claim, "claim")
    d = f"d^{args.order}/d{wrt}^{args.order}" if args.order > 1 else f"d/d{wrt}"
    from .latex.parser import reading_notes

    notes = list(dict.fromkeys(n for text in (args.expr, args.claim) for n in reading_notes(text)))
    report = [f"claim: {d} {_plain(expr)} = {_plain(claim)}", *_verdict_lines(v), *(f"note: {n}" for n in notes)]
    _emit({**v.to_json(_latex(claim)), **({"notes": notes} if notes else {})}, report, args.json)
    return v.exit_code


def _run_derive(args: argparse.Namespace) -> int:
    from . import api

    if args.matrix:
        from .matrix.cli import run_derive

        return run_derive(args, _emit, _verdict_lines)
    if args.solve:
        raise SymnnInputError("--solve needs the matrices declared with --matrix NAME:ROWS,COLS")
    d = api.derive(args.expr, args.wrt, order=args.order, assume=args.assume, define=args.define, seed=args.seed)
    from .latex.proof import render_steps_plain

    from .latex.emit import emit_derivation

    v = d.verdict
    emitted = emit_derivation(d, latex=args.latex, tex=args.tex, pdf=args.pdf)
    if emitted is not None and not args.json:
        print(emitted)
        return v.exit_code
    report = [_plain(d.start), *render_steps_plain(d), "", f"closed form: {_plain(d.closed_form)}", *_verdict_lines(v)]
    payload = {**v.to_json(_latex(d.closed_form)), "proof": d.latex(), "steps": render_steps_plain(d)}
    _emit(payload, report, args.json)
    return v.exit_code


#: Options whose value is LaTeX or a spec: a value may start with a minus sign (INTERFACE.md).
_VALUE_OPTIONS = {"--expr", "--wrt", "--claim", "--equation", "--define", "--assume", "--matrix"}
#: Sane ranges of the numeric options (INTERFACE.md: --order 1..20, --seed ≥ 0).
MAX_ORDER = 20
MAX_SEED = 2**32 - 1


def _attach_negative_values(argv: list[str]) -> list[str]:
    """``--claim -\\frac{1}{p}`` → ``--claim=-\\frac{1}{p}``: argparse would take the value for an option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in _VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-") and not argv[i + 1].startswith("--"):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _check_ranges(args: argparse.Namespace) -> None:
    order = getattr(args, "order", 1)
    if not 1 <= order <= MAX_ORDER:
        raise SymnnInputError(f"--order must be between 1 and {MAX_ORDER}, not {order}")
    seed = getattr(args, "seed", 0)
    if not 0 <= seed <= MAX_SEED:
        raise SymnnInputError(f"--seed must be a whole number from 0 to {MAX_SEED}, not {seed}")


def _fail(message: str, as_json: bool, code: int = 2) -> int:
    if as_json:
        verdict = "error" if code == 2 else "undetermined"
        print(json.dumps({"verdict": verdict, "method": None, "closed_form": None, "counterexample": None,
                          "max_rel_error": None, "message": message}))
    print(f"symnn: error: {message}" if code == 2 else f"symnn: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = _attach_negative_values(list(sys.argv[1:] if argv is None else argv))
    as_json = "--json" in argv
    debug = "--debug" in argv
    if debug:
        argv = [a for a in argv if a != "--debug"]
    try:
        args = _build_parser(argv).parse_args(argv)
    except _InputError as exc:
        return _fail(str(exc), as_json)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        return _dispatch(args, as_json)
    except KeyboardInterrupt:
        print("symnn: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the contract: an internal error is exit 4, one line
        if debug:
            import traceback

            traceback.print_exc()
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        place = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
        print(f"symnn: internal error (a bug in symnn, please report it): {type(exc).__name__}: {exc}{place}"
              f"; --debug shows the traceback", file=sys.stderr)
        return EXIT_INTERNAL


#: Exit code of an internal error (INTERFACE.md).
EXIT_INTERNAL = 4


def _dispatch(args: argparse.Namespace, as_json: bool) -> int:
    try:
        _check_ranges(args)
        if args.command in SUBCOMMANDS:  # each keeps its own budgets (e.g. one per problem)
            return import_module(SUBCOMMANDS[args.command][0]).run(args)
        batch = import_module("symnn.batch.command")
        if args.command == "check" and batch.requested(args):  # a budget per claim, not per command
            return batch.run(args)
        from .latex.language import language

        with time_budget(COMMAND_SECONDS, "the command"), language(args.lang):
            if args.command == "check":
                return _run_check(args)
            return _run_derive(args)
    except BrokenPipeError:  # the reader went away (symnn ... | head): end quietly
        from .build.command import silence

        silence(sys.stdout)
        return 0
    except SymnnInputError as exc:
        return _fail(str(exc), as_json)
    except (BudgetExceeded, RecursionError) as exc:
        return _fail(f"undetermined: {exc}", as_json, code=EXIT_CODES["undetermined"])


__all__ = ["main"]
