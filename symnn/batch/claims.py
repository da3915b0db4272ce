r"""Claims of ``symnn check --batch``: one JSON object a line in, one JSON verdict a line out.

A line is read and checked for its shape here, in the parent process; a line that is not JSON,
not an object, or has an unknown key or a value of the wrong type is answered at once with an
``error`` verdict naming the line.  A good line becomes the argument list of ``symnn check`` and
the worker runs exactly what the one-claim command runs (:func:`symnn.cli.main`), so a verdict
in a batch is the verdict of the same claim checked alone.

>>> claim = parse_line('{"id": "q1", "expr": "x^2", "wrt": "x", "claim": "2x"}', 1)
>>> claim.argv
['check', '--expr=x^2', '--wrt=x', '--claim=2x', '--json']
>>> parse_line('{"id": "q2", "expr": "x", "wrt": "x", "claimed": "1"}', 2).error
"line 2: unknown key 'claimed' (known: assume, claim, define, equation, expr, id, matrix, order, seed, wrt)"
>>> answer(claim)["verdict"]
'verified'
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
from dataclasses import dataclass
from typing import Any

from .task import Failure

#: Keys a claim line may have, and the ``symnn check`` option each one becomes.
TEXT_KEYS = {"expr": "--expr", "wrt": "--wrt", "claim": "--claim", "equation": "--equation"}
LIST_KEYS = {"assume": "--assume", "define": "--define", "matrix": "--matrix"}
INT_KEYS = {"order": "--order", "seed": "--seed"}
KNOWN_KEYS = {"id", *TEXT_KEYS, *LIST_KEYS, *INT_KEYS}

#: The keys of a verdict line when no verdict could be computed.
_EMPTY = {"method": None, "closed_form": None, "counterexample": None, "max_rel_error": None}

__all__ = ["Claim", "answer", "failure_verdict", "parse_line", "verdict_record", "warm_up"]


@dataclass(frozen=True)
class Claim:
    """One input line: its number, its ``id`` (or None), and the ``symnn check`` argv or an error."""

    line: int
    id: Any
    argv: list[str] | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the claim in a resumed output: its id, or its line when it has none."""
        return ("id", json.dumps(self.id)) if self.id is not None else ("line", str(self.line))


def record_key(record: dict) -> tuple[str, str]:
    """:attr:`Claim.key` of an output record."""
    return ("id", json.dumps(record["id"])) if record.get("id") is not None else ("line", str(record["line"]))


def parse_line(text: str, line: int) -> Claim:
    """The claim on one line of the input (never raises: problems become ``Claim.error``)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        return Claim(line, None, error=f"line {line}: not JSON ({exc})")
    if not isinstance(data, dict):
        return Claim(line, None, error=f"line {line}: a claim is a JSON object, not {type(data).__name__}")
    ident = data.get("id")
    if ident is not None and not isinstance(ident, (str, int)):
        return Claim(line, None, error=f"line {line}: the id must be a string or a whole number")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        return Claim(line, ident, error=f"line {line}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
    argv = ["check"]
    for key, option in TEXT_KEYS.items():
        if key in data:
            if not isinstance(data[key], str):
                return Claim(line, ident, error=f"line {line}: {key!r} must be a LaTeX string")
            argv.append(f"{option}={data[key]}")
    for key, option in LIST_KEYS.items():
        values = data.get(key, [])
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return Claim(line, ident, error=f"line {line}: {key!r} must be a list of LaTeX strings")
        argv += [f"{option}={v}" for v in values]
    for key, option in INT_KEYS.items():
        if key in data:
            if not isinstance(data[key], int) or isinstance(data[key], bool):
                return Claim(line, ident, error=f"line {line}: {key!r} must be a whole number")
            argv.append(f"{option}={data[key]}")
    return Claim(line, ident, argv=argv + ["--json"])


_ONE_AT_A_TIME = threading.Lock()  # the command writes to sys.stdout: one claim per process at a time


def answer(claim: Claim) -> dict:
    """Run ``symnn check`` on one claim, in this process; its JSON verdict plus ``exit_code``."""
    from ..cli import main

    with _ONE_AT_A_TIME:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(claim.argv)
    lines = out.getvalue().strip().splitlines()
    if not lines:
        raise RuntimeError(f"symnn check printed no verdict: {err.getvalue().strip()}")
    return {**json.loads(lines[-1]), "exit_code": code}


def warm_up() -> None:
    """Load what checking needs once per worker: SymPy, the parser (and latex2sympy2), the verifier."""
    answer(Claim(0, None, argv=["check", r"--expr=\ln x", "--wrt=x", r"--claim=\frac{1}{x}", "--json"]))


def failure_verdict(failure: Failure) -> dict:
    """The verdict line of a claim whose check did not finish."""
    if failure.kind == "timeout":
        return {"verdict": "undetermined", **_EMPTY, "message": f"undetermined: the check {failure.message}",
                "exit_code": 3}
    return {"verdict": "error", **_EMPTY, "exit_code": 4,
            "message": f"internal error in symnn (a bug, please report it): {failure.message}"}


def verdict_record(claim: Claim, result: dict | Failure | None) -> dict:
    """The output line of ``claim``: its id, its verdict (``result``; None when the line was bad), its line."""
    if claim.error is not None:
        body = {"verdict": "error", **_EMPTY, "message": claim.error, "exit_code": 2}
    elif isinstance(result, Failure):
        body = failure_verdict(result)
    else:
        body = dict(result)
    return {"id": claim.id, **body, "line": claim.line}
