"""``symnn lint`` on the five seed documents, through the command line.

The seeds (tests/lint_seeds, copies of the course documents) contain real mistakes; every step
lint marks wrong there is one of them, and the correct derivations come out without a wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "lint_seeds"


def symnn(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="module")
def seeds() -> dict[str, dict]:
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    proc = symnn("lint", *files, "--json")
    assert proc.returncode == 1, proc.stderr  # the seeds contain wrong steps
    out = json.loads(proc.stdout)
    return {Path(f["file"]).name[:3]: f for f in out["files"]}


def steps_at(report: dict, line: int, status: str | None = None) -> list[dict]:
    return [s for s in report["steps"] if s["line"] == line and (status is None or s["status"] == status)]


def wrong_lines(report: dict) -> set[int]:
    return {s["line"] for s in report["steps"] if s["status"] == "wrong"}


def test_every_seed_is_read_and_summarised(seeds):
    assert set(seeds) == {"000", "001", "002", "003", "004"}
    for report in seeds.values():
        assert set(report["summary"]) == {"ok", "wrong", "rounding", "unchecked"}
        assert sum(report["summary"].values()) == len(report["steps"])


def test_seed001_wrong_middle_step_extra_factor_x(seeds):
    # ∂C/∂b = (σ(wx+b) − y)σ'(wx+b) = (a − y)σ'(wx+b)·x = V_2: the middle line has a spurious x
    (step,) = steps_at(seeds["001"], 634, "wrong")
    assert "x" in step["rhs"] and step["counterexample"]["point"]
    assert "the mistake is on line 634" in step["message"]
    assert [s["status"] for s in steps_at(seeds["001"], 634) if s["lhs"].startswith("(a - y)")] == ["unchecked"]


def test_seed001_wrong_middle_step_sigma_over_sigma_prime(seeds):
    # δ = ∂C/∂a · ∂a/∂z = ∂C/∂a · σ(z)/σ'(z) = ∂C/∂a · σ'(z): only the middle line is wrong
    wrong = steps_at(seeds["001"], 725, "wrong")
    assert len(wrong) == 1 and "\\sigma'(z_j^L)}" in wrong[0]["rhs"].replace(" ", "") or "sigma(z_j^L)" in wrong[0]["rhs"]
    assert "dC/da_j^L" in wrong[0]["counterexample"]["point"]  # the undefined ∂C/∂a stays opaque


def test_seed001_sign_slip(seeds):
    # ∂c/∂ŷ = ∂c/∂e · ∂(y − ŷ)/∂ŷ = 2e · 1: the local derivative is −1
    wrong = [s for s in steps_at(seeds["001"], 683, "wrong") if s["rhs"].replace(" ", "") == "2e\\cdot1"]
    assert len(wrong) == 1
    cx = wrong[0]["counterexample"]
    assert cx["expected"] == pytest.approx(-cx["claimed"])


def test_seed001_only_real_mistakes_are_wrong(seeds):
    assert wrong_lines(seeds["001"]) == {634, 683, 725}
    # σ' proof, the one-variable chain rule (3.4)/(3.5), df/dt, V_2 and ∂C/∂w are right
    for line in (461, 495, 499, 511, 628, 632):
        assert steps_at(seeds["001"], line, "ok"), line
        assert not steps_at(seeds["001"], line, "wrong"), line


def test_seed002_derivative_with_respect_to_the_wrong_variable(seeds):
    # ∂y_2/∂w_24 is sig(h_2); the key writes sig(h_1) (same number only because h_1 = h_2)
    (step,) = steps_at(seeds["002"], 73, "wrong")
    assert "sig(h_1)" in step["rhs"]
    assert wrong_lines(seeds["002"]) == {73}


def test_seed002_rounding(seeds):
    r = seeds["002"]
    assert steps_at(r, 25, "rounding")[0]["suggestion"] == "0.2436"  # σ'(0.3232) = 0.24358…
    assert steps_at(r, 95, "rounding")[0]["suggestion"] == "0.0203"  # the key's 0.0202
    early = steps_at(r, 115, "rounding")
    assert early and "premature rounding" in early[0]["message"] and early[0]["suggestion"] == "0.23373"
    assert "asks for 4" in steps_at(r, 105, "rounding")[0]["message"]  # 0.164 printed with 3 decimals


def test_seed002_forward_pass_is_right(seeds):
    r = seeds["002"]
    for line in (12, 15, 16, 17, 43, 45):
        assert steps_at(r, line, "ok"), line
        assert not steps_at(r, line, "wrong"), line


def test_seed000_premature_summary_and_correct_derivations(seeds):
    r = seeds["000"]
    (step,) = steps_at(r, 26, "rounding")  # 6,480,242,100 ≈ 6.4 × 10⁹ (it is 6.5 × 10⁹)
    assert "6.5" in step["suggestion"]
    assert wrong_lines(r) == set()
    for line in (22, 23, 24, 45, 75, 77, 81, 99, 101, 123, 135, 137, 141):  # counts, forward pass, σ', σ''
        assert steps_at(r, line, "ok"), line


def test_seeds_003_004_have_no_wrong_step(seeds):
    assert wrong_lines(seeds["003"]) == set() and wrong_lines(seeds["004"]) == set()
    assert steps_at(seeds["004"], 41, "ok")  # 32*(3*3*3+1) = 896


def test_human_output_is_compiler_style():
    proc = symnn("lint", str(SEEDS / "002_8f0b98df67a5d8f8.txt"))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any(line.startswith(f"{SEEDS / '002_8f0b98df67a5d8f8.txt'}:73: wrong: ") for line in lines)
    assert lines[-1].endswith("s)") and " wrong, " in lines[-1]


def test_symnn_own_solutions_have_no_wrong_step(tmp_path):
    """``symnn build --no-pdf`` then ``symnn lint output/solutions.tex``: the corpus lints clean."""
    repo = Path(__file__).resolve().parent.parent
    build = symnn("build", str(repo / "derivations"), "--out", str(tmp_path), "--no-pdf")
    assert build.returncode == 0, build.stderr
    proc = symnn("lint", str(tmp_path / "solutions.tex"), "--json")
    assert proc.returncode == 0, proc.stdout[-2000:]
    summary = json.loads(proc.stdout)["files"][0]["summary"]
    assert summary["wrong"] == 0 and summary["ok"] >= 100
