r"""``symnn check --batch FILE.jsonl``: a file of claims, answered in parallel, one verdict a line.

    symnn check --batch claims.jsonl --out verdicts.jsonl --jobs 2
    symnn check --batch claims.jsonl --engine dask [--scheduler tcp://host:8786]

Each output line is the JSON verdict ``symnn check --json`` prints for that claim, with the
claim's ``id``, its ``line`` in the input and the ``exit_code`` the single command would have
returned; lines come in input order.  With ``--out`` the run is resumable: claims whose id (or,
without an id, whose line) is already in the file are skipped, so a batch that was interrupted is
finished by running the same command again.  Progress goes to stderr.  Exit 0 when every line was
answered; 2 when the input cannot be read.

>>> import tempfile, pathlib, json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.jsonl").write_text('{"id": "a", "expr": "x^3", "wrt": "x", "claim": "3x^2"}\n{"id": "b"\n')
>>> from symnn.cli import main
>>> main(["check", "--batch", str(folder / "in.jsonl"), "--out", str(folder / "out.jsonl")])
0
>>> [(r["id"], r["verdict"]) for r in map(json.loads, (folder / "out.jsonl").read_text().splitlines())]
[('a', 'verified'), (None, 'error')]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import SymnnInputError

#: Default seconds one claim may take before it is answered ``undetermined``.
CLAIM_SECONDS = 60.0

#: Engines (kept here, not imported from .run, so that the option costs nothing at start-up).
ENGINES = ("local", "dask")
_OPTIONS = ("batch", "out", "jobs", "engine", "scheduler", "timeout")

__all__ = ["CLAIM_SECONDS", "add_arguments", "requested", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The batch options of ``symnn check``."""
    group = parser.add_argument_group("many claims at once")
    group.add_argument("--batch", metavar="FILE.jsonl", help="check every claim of a JSON-lines file")
    group.add_argument("--out", metavar="FILE.jsonl", help="write the verdicts here (resumable) instead of stdout")
    group.add_argument("--jobs", type=int, metavar="N", help="worker processes (default 1)")
    group.add_argument("--engine", choices=ENGINES, help="local processes (default), or a Dask cluster "
                       "(pip install 'symnn[cluster]')")
    group.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (default: a LocalCluster here)")
    group.add_argument("--timeout", type=float, metavar="SECONDS",
                       help=f"time budget of one claim (default {CLAIM_SECONDS:g})")


def requested(args: argparse.Namespace) -> bool:
    """True when any batch option was given (the command is then a batch, or a misuse of one)."""
    return any(getattr(args, name) is not None for name in _OPTIONS)


def _check_options(args: argparse.Namespace) -> None:
    if args.batch is None:
        given = next(name for name in _OPTIONS if getattr(args, name) is not None)
        raise SymnnInputError(f"--{given} needs --batch FILE.jsonl")
    args.jobs = 1 if args.jobs is None else args.jobs
    args.engine = args.engine or "local"
    args.timeout = CLAIM_SECONDS if args.timeout is None else args.timeout
    single = [o for o in ("expr", "wrt", "claim", "equation") if getattr(args, o) is not None]
    shared = [o for o in ("define", "assume", "matrix") if getattr(args, o)]
    if single or shared or args.order != 1:
        name = (single + shared or ["order"])[0]
        raise SymnnInputError(f"--{name} does not go with --batch: give it on each line of the file")
    if args.scheduler and args.engine != "dask":
        raise SymnnInputError("--scheduler needs --engine dask")


def _read_claims(path: Path) -> list:
    from .claims import parse_line

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SymnnInputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SymnnInputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    claims = [parse_line(line, number) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    first_line: dict = {}
    for i, claim in enumerate(claims):  # an id names one claim: a repeated one is an error line
        if claim.id is not None and claim.error is None:
            if claim.key in first_line:
                claims[i] = type(claim)(claim.line, claim.id, error=f"line {claim.line}: the id {claim.id!r} "
                                        f"was already used on line {first_line[claim.key]}")
            else:
                first_line[claim.key] = claim.line
    return claims


def run(args: argparse.Namespace) -> int:
    """Answer every claim of ``args.batch``; exit 0 when every line was answered."""
    _check_options(args)
    from .claims import record_key
    from .journal import Journal
    from .progress import Progress

    claims = _read_claims(Path(args.batch))
    journal = Journal(args.out)
    done = journal.answered(record_key)
    todo = [c for c in claims if c.key not in done]
    progress = Progress(len(todo), label="claims", skipped=len(claims) - len(todo))
    try:
        _answer_all(todo, journal, progress, args)
    except KeyboardInterrupt:
        print("\nsymnn: interrupted; run the same command again to answer the rest"
              + ("" if args.out else " (with --out FILE to keep what is done)"), file=sys.stderr)
        return 130
    progress.close()
    bad = sum(c.error is not None for c in todo)
    if bad:
        print(f"symnn: {bad} line(s) of {args.batch} could not be read as claims (error verdicts)", file=sys.stderr)
    return 0


def _answer_all(todo: list, journal, progress, args: argparse.Namespace) -> None:
    from .claims import answer, verdict_record, warm_up
    from .run import run_batch

    # The same claim written twice (two students, one answer) is checked once: a verdict depends
    # only on the claim and the seed.  Bad lines are answered here at once; the rest as the
    # workers finish, in input order.
    distinct = list({tuple(c.argv): c for c in reversed(todo) if c.error is None}.values())[::-1]
    results = run_batch(distinct, answer, args.jobs, args.engine, scheduler=args.scheduler,
                        timeout=args.timeout, warm_up=warm_up) if distinct else iter(())
    known: dict = {}
    with journal:
        for claim in todo:
            if claim.error is None:
                while tuple(claim.argv) not in known:
                    index, result = next(results)
                    known[tuple(distinct[index].argv)] = result
            journal.write(verdict_record(claim, known[tuple(claim.argv)] if claim.error is None else None))
            progress.advance()
