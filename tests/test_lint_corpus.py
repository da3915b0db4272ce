"""The lint corpus: short written derivations (LaTeX and Markdown, English and Chinese), each
correct and with one planted mistake (sign, dropped chain factor, wrong transpose, missing 1/n,
σ′ = σ(1+σ), wrong index, rounding); tests/lint_corpus/planted.json says where.

Every planted mistake is found on its line, and no correct step is marked wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "lint_corpus"
PLANTED = json.loads((CORPUS / "planted.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    proc = subprocess.run([sys.executable, "-m", "symnn", "lint", str(CORPUS), "--json"], capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 1, proc.stderr  # planted mistakes are wrong steps
    return {Path(f["file"]).name: f for f in json.loads(proc.stdout)["files"]}


def test_the_corpus_is_large_and_mixed():
    names = list(PLANTED)
    assert len(names) >= 40
    assert {Path(n).suffix for n in names} == {".md", ".tex"}
    chinese = [n for n in names if any("\u4e00" <= c <= "\u9fff" for c in (CORPUS / n).read_text(encoding="utf-8"))]
    assert 10 <= len(chinese) < len(names)
    kinds = {p["planted"]["kind"] for p in PLANTED.values() if p["planted"]}
    for kind in ("sign", "dropped chain factor", "wrong transpose", "missing 1/n", "sigma' = sigma(1+sigma)",
                 "wrong index", "rounding"):
        assert kind in kinds


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_mistake_found_on_its_line_and_no_false_wrong(reports, name):
    steps = reports[name]["steps"]
    planted = PLANTED[name]["planted"]
    wrong = [s for s in steps if s["status"] == "wrong"]
    if planted is None:
        assert wrong == [], wrong
        assert any(s["status"] == "ok" for s in steps)
        return
    at_line = [s for s in steps if s["line"] == planted["line"] and s["status"] == planted["status"]]
    assert at_line, steps
    assert all(s["line"] == planted["line"] for s in wrong), wrong
    if planted["status"] == "wrong":
        assert any(s["counterexample"] for s in at_line)
