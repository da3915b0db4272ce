r"""``report.json``: one entry per problem, as INTERFACE.md specifies (plus extra keys readers may ignore).

>>> from pathlib import Path
>>> from symnn.build.discover import Problem
>>> from symnn.build.run import ProblemResult
>>> r = ProblemResult(Problem(id="s001-3.2", path=Path("s001_3_2.py"), title="σ′"), "verified", 0.41234,
...                   method="symbolic", max_rel_error=3e-16, source_notes=["a note"])
>>> entry = report_entry(r)
>>> {k: entry[k] for k in ("id", "status", "method", "max_rel_error", "seconds", "source_notes")}
{'id': 's001-3.2', 'status': 'verified', 'method': 'symbolic', 'max_rel_error': 3e-16, 'seconds': 0.412, 'source_notes': ['a note']}
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from .run import ProblemResult

__all__ = ["report_entry", "report", "report_json"]


def _part_entry(part: Any) -> dict[str, Any]:
    v = part.verdict
    return {"title": getattr(part, "title", "") or "", "verdict": v.verdict, "method": v.method,
            "points_tried": v.points_tried, "max_rel_error": v.max_rel_error, "message": v.message}


def report_entry(result: ProblemResult) -> dict[str, Any]:
    """The report of one problem."""
    parts = [] if result.solution is None else [_part_entry(p) for p in result.solution.parts if p.verdict is not None]
    return {
        "id": result.id,
        "status": result.status,
        "method": result.method,
        "max_rel_error": result.max_rel_error,
        "seconds": round(result.seconds, 3),
        "source_notes": list(result.source_notes),
        "title": result.problem.title,
        "source": result.problem.source,
        "file": result.problem.path.name,
        "message": result.message,
        "parts": parts,
    }


def report(results: Sequence[ProblemResult]) -> dict[str, Any]:
    """The whole report: ``{"problems": [...]}``."""
    return {"problems": [report_entry(r) for r in results]}


def report_json(results: Sequence[ProblemResult]) -> str:
    """The report as indented JSON text (ends with a newline)."""
    return json.dumps(report(results), indent=2, ensure_ascii=False) + "\n"
