r"""Running one problem: ``solve()`` under a time budget, its parts' verdicts folded into a status.

A problem is ``verified`` when every part that carries a verdict is verified (and at least one
does); ``failed`` when ``solve()`` raises, runs out of time, returns something that is not a
:class:`~symnn.build.parts.Solution`, or any part is refuted or an error; ``undetermined``
otherwise.  The method is the weakest of the parts' (``numeric`` if any part was verified only
numerically), and the largest relative error is the largest over the parts.

>>> from symnn.verdict import Verdict
>>> fold_status([Verdict("verified", method="symbolic"), Verdict("undetermined")])
'undetermined'
>>> fold_status([Verdict("verified", method="symbolic"), Verdict("refuted")])
'failed'
>>> fold_status([])
'undetermined'
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ..budget import time_budget
from ..errors import BudgetExceeded
from ..verdict import Verdict
from .discover import Problem
from .parts import Solution

__all__ = ["ProblemResult", "run_problem", "fold_status", "PROBLEM_SECONDS"]

#: Default wall-clock budget of one problem.
PROBLEM_SECONDS = 60.0


@dataclass
class ProblemResult:
    """What the build knows of one problem after running it."""

    problem: Problem
    status: str  # "verified" | "failed" | "undetermined"
    seconds: float
    solution: Solution | None = None
    method: str | None = None
    max_rel_error: float | None = None
    message: str = ""
    source_notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.problem.id


def fold_status(verdicts: list[Verdict]) -> str:
    """The status of a problem from the verdicts of its parts."""
    if any(v.verdict in ("refuted", "error") for v in verdicts):
        return "failed"
    if verdicts and all(v.verdict == "verified" for v in verdicts):
        return "verified"
    return "undetermined"


def _fold_method(verdicts: list[Verdict]) -> str | None:
    methods = {v.method for v in verdicts}
    if not verdicts or None in methods:
        return None
    if "numeric" in methods:
        return "numeric"
    return "symbolic" if "symbolic" in methods else "exact"


def _fold_error(verdicts: list[Verdict]) -> float | None:
    errors = [v.max_rel_error for v in verdicts if v.max_rel_error is not None]
    return max(errors) if errors else None


def _message(solution: Solution, status: str) -> str:
    if status == "verified":
        return ""
    bad = [(getattr(p, "title", "") or type(p).__name__, p.verdict) for p in solution.parts
           if p.verdict is not None and p.verdict.verdict != "verified"]
    if not bad:
        return "no part carries a verdict"
    title, verdict = bad[0]
    more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
    return f"{title}: {verdict.verdict}: {verdict.message}{more}"


def run_problem(problem: Problem, seconds: float = PROBLEM_SECONDS) -> ProblemResult:
    """Run ``problem.solve()`` within ``seconds`` and judge the result (never raises on a bad
    derivation; KeyboardInterrupt still stops the build)."""
    start = time.monotonic()

    def result(status: str, message: str, **kw: Any) -> ProblemResult:
        return ProblemResult(problem, status, time.monotonic() - start, message=message, **kw)

    if problem.load_error:
        return result("failed", problem.load_error)
    try:
        with time_budget(seconds, f"problem {problem.id}"):
            solution = problem.solve()
    except BudgetExceeded:
        return result("failed", f"ran out of time (budget {seconds:g} s)")
    except NotImplementedError as exc:
        return result("failed", f"not implemented: {exc}" if str(exc) else "not implemented")
    except Exception as exc:  # noqa: BLE001 - a broken derivation is reported, the build goes on
        return result("failed", f"{type(exc).__name__}: {exc}")
    if not isinstance(solution, Solution):
        return result("failed", f"solve() returned {type(solution).__name__}, not a Solution")
    verdicts = [p.verdict for p in solution.parts if p.verdict is not None]
    status = fold_status(verdicts)
    return result(status, _message(solution, status), solution=solution,
                  method=_fold_method(verdicts) if status == "verified" else None,
                  max_rel_error=_fold_error(verdicts), source_notes=list(solution.notes_on_source))
