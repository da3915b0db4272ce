r"""The outcome of ``symnn lint``: one finding per step, per file; human lines, JSON, a table.

>>> s = StepResult(file="hw.tex", line=3, end_line=3, status="wrong", lhs="a", rhs="b", message="differs")
>>> FileReport("hw.tex", [s]).lines()
['hw.tex:3: wrong: a = b: differs']
>>> LintReport([FileReport("hw.tex", [s])]).exit_code
1
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("ok", "wrong", "rounding", "unchecked")


@dataclass
class StepResult:
    """One step: ``line`` is where its right-hand side starts (1-based)."""

    file: str
    line: int
    end_line: int
    status: str
    lhs: str
    rhs: str
    message: str
    counterexample: dict | None = None
    suggestion: str | None = None
    relation: str = "="

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "end_line": self.end_line, "status": self.status, "lhs": self.lhs,
                "rhs": self.rhs, "message": self.message, "counterexample": self.counterexample,
                "suggestion": self.suggestion}

    def line_text(self) -> str:
        claim = f"{_short(self.lhs)} {_rel(self.relation)} {_short(self.rhs)}"
        text = f"{self.file}:{self.line}: {self.status}: {claim}: {self.message}"
        if self.counterexample and self.counterexample.get("point"):
            pt = ", ".join(f"{k} = {v:.4g}" if isinstance(v, float) else f"{k} = {v}"
                           for k, v in self.counterexample["point"].items())
            text += f" (counterexample at {pt})"
        if self.suggestion and self.status in ("wrong", "rounding"):
            text += f"; suggestion: {self.suggestion}"
        return text


def _rel(rel: str) -> str:
    return {"\\approx": "≈", "\\leq": "≤", "\\geq": "≥", "\\le": "≤", "\\ge": "≥", "\\neq": "≠"}.get(rel, rel)


def _short(tex: str, width: int = 60) -> str:
    t = " ".join(tex.split())
    return t if len(t) <= width else t[: width - 1] + "…"


@dataclass
class FileReport:
    file: str
    steps: list[StepResult] = field(default_factory=list)
    error: str | None = None  # the file could not be read (exit 2)
    guesses: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def summary(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for st in self.steps:
            out[st.status] += 1
        return out

    def lines(self, show_ok: bool = False) -> list[str]:
        if self.error:
            return [f"{self.file}: error: {self.error}"]
        return [s.line_text() for s in self.steps if show_ok or s.status != "ok"]

    def summary_line(self) -> str:
        if self.error:
            return f"{self.file}: unreadable: {self.error}"
        s = self.summary
        return (f"{self.file}: {s['ok']} ok, {s['wrong']} wrong, {s['rounding']} rounding, "
                f"{s['unchecked']} unchecked ({len(self.steps)} steps, {self.seconds:.1f} s)")

    def to_json(self) -> dict[str, Any]:
        out = {"file": self.file, "steps": [s.to_json() for s in self.steps], "summary": self.summary}
        if self.error:
            out["error"] = self.error
        if self.guesses:
            out["readings"] = self.guesses
        return out


@dataclass
class LintReport:
    """All files linted; renders in Jupyter."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def steps(self) -> list[StepResult]:
        return [s for f in self.files for s in f.steps]

    @property
    def summary(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for f in self.files:
            for k, v in f.summary.items():
                out[k] += v
        return out

    @property
    def exit_code(self) -> int:
        """0 no wrong step, 1 a wrong step, 2 an unreadable file, 3 nothing could be checked."""
        if any(f.error for f in self.files):
            return 2
        s = self.summary
        if s["wrong"]:
            return 1
        if s["ok"] + s["rounding"] == 0:
            return 3
        return 0

    def to_json(self) -> dict[str, Any]:
        return {"files": [f.to_json() for f in self.files], "summary": self.summary}

    def json(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)

    def table(self, fmt: str = "csv") -> str:
        """One row per file (a class's submissions): file, ok, wrong, rounding, unchecked, error."""
        rows = [{"file": f.file, **f.summary, "error": f.error or ""} for f in self.files]
        if fmt == "json":
            return json.dumps(rows, ensure_ascii=False)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["file", *STATUSES, "error"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()

    def __str__(self) -> str:
        out = []
        for f in self.files:
            out += f.lines()
            out.append(f.summary_line())
        return "\n".join(out)

    def _repr_html_(self) -> str:
        marks = {"ok": "✓", "wrong": "✗", "rounding": "~", "unchecked": "?"}
        rows = "".join(
            f"<tr><td>{html.escape(s.file)}:{s.line}</td><td>{marks[s.status]} {s.status}</td>"
            f"<td><code>{html.escape(_short(s.lhs))} {html.escape(_rel(s.relation))} {html.escape(_short(s.rhs))}"
            f"</code></td><td>{html.escape(s.message)}</td></tr>"
            for s in self.steps)
        return (f"<table><tr><th>where</th><th>status</th><th>step</th><th>why</th></tr>{rows}</table>"
                f"<p>{html.escape(str(self.summary))}</p>")

    def _repr_latex_(self) -> str:
        from ..latex.proof import escape_text

        s = self.summary
        return escape_text(f"lint: {s['ok']} ok, {s['wrong']} wrong, {s['rounding']} rounding, "
                           f"{s['unchecked']} unchecked")


__all__ = ["StepResult", "FileReport", "LintReport", "STATUSES"]
