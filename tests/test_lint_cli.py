"""``symnn lint``: exit codes, JSON, bad files, directories and the table, --annotate, sn.lint."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import symnn as sn


def symnn(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


RIGHT = "Let $z = wx + b$ and $C = \\frac{1}{2}(\\sigma(z) - y)^2$.\n\n" \
        "$$\\frac{\\partial C}{\\partial w} = (\\sigma(z) - y)\\sigma'(z) x$$\n"
WRONG = RIGHT + "\n$$\\frac{\\partial C}{\\partial b} = (\\sigma(z) - y)\\sigma'(z) x$$\n"


def test_exit_codes_and_json_shape(tmp_path):
    (tmp_path / "right.md").write_text(RIGHT)
    (tmp_path / "wrong.md").write_text(WRONG)
    (tmp_path / "prose.md").write_text("Only words here, and $x$ alone.\n")
    assert symnn("lint", str(tmp_path / "right.md")).returncode == 0
    proc = symnn("lint", str(tmp_path / "wrong.md"), "--json")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    (f,) = out["files"]
    assert set(f) >= {"file", "steps", "summary"}
    (bad,) = [s for s in f["steps"] if s["status"] == "wrong"]
    assert bad["line"] == 5 and set(bad) >= {"line", "end_line", "status", "lhs", "rhs", "message", "counterexample",
                                              "suggestion"}
    assert bad["counterexample"]["point"]
    assert symnn("lint", str(tmp_path / "prose.md")).returncode == 3


@pytest.mark.parametrize("name, content", [
    ("binary.tex", b"\\documentclass{article}\x00\x01\x02"),
    ("latin1.tex", "caf\xe9 $x = 1$".encode("latin-1")),
    ("huge.md", b"$x = 1$\n" * 1_400_000),
])
def test_unreadable_files_exit_2_with_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    proc = symnn("lint", str(path))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert name in proc.stderr


def test_missing_file_exits_2(tmp_path):
    proc = symnn("lint", str(tmp_path / "nope.tex"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_pieces_that_cannot_be_read_are_unchecked_and_nothing_runs(tmp_path):
    marker = tmp_path / "pwned"
    doc = tmp_path / "evil.tex"
    doc.write_text("\\input{/etc/passwd}\n\\immediate\\write18{touch " + str(marker) + "}\n"
                   "Unbalanced $x = 1 here\n\n"
                   "$$\\write18{touch " + str(marker) + "} x = 2$$\n"
                   "$$1 + 1 = 2$$\n")
    proc = symnn("lint", str(doc), "--json", "--annotate", str(tmp_path / "out.tex"))
    assert proc.returncode == 0, proc.stderr
    steps = json.loads(proc.stdout)["files"][0]["steps"]
    unchecked = {s["line"] for s in steps if s["status"] == "unchecked"}
    assert {1, 2, 3, 5} <= unchecked
    assert any(s["line"] == 6 and s["status"] == "ok" for s in steps)
    assert not marker.exists()
    annotated = (tmp_path / "out.tex").read_text()
    assert "\\write18" not in annotated.replace("\\textbackslash{}write18", "")
    assert "\\input{" not in annotated


def test_directory_gives_one_summary_line_per_file_and_a_table(tmp_path):
    sub = tmp_path / "class"
    sub.mkdir()
    (sub / "alice.md").write_text(RIGHT)
    (sub / "bob.md").write_text(WRONG)
    (sub / "carol.tex").write_bytes(b"\x00binary")
    proc = symnn("lint", str(sub), "--table", str(tmp_path / "table.csv"), "--jobs", "2")
    assert proc.returncode == 2  # carol's file is unreadable
    summary = [line for line in proc.stdout.splitlines() if " ok, " in line]
    assert len(summary) == 2
    rows = list(csv.DictReader((tmp_path / "table.csv").open()))
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == ["alice.md", "bob.md", "carol.tex"]
    assert rows[1]["wrong"] == "1" and rows[0]["wrong"] == "0" and rows[2]["error"]


def test_define_and_assume_from_the_user(tmp_path):
    doc = tmp_path / "hw.md"
    doc.write_text("$$\\frac{\\partial L}{\\partial w} = 2(wx - y)x$$\n$$\\sqrt{x^2} = x$$\n")
    proc = symnn("lint", str(doc), "--define", "L = (wx - y)^2", "--assume", "x > 0", "--json")
    steps = json.loads(proc.stdout)["files"][0]["steps"]
    assert [s["status"] for s in steps] == ["ok", "ok"], steps


def test_python_api_renders_in_jupyter():
    rep = sn.lint("$$\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$$\n$$2 \\times 3 = 7$$\n")
    assert [s.status for s in rep.steps] == ["ok", "wrong"]
    assert rep.steps[1].suggestion == "6"
    assert "✗" in rep._repr_html_() and "✓" in rep._repr_html_()
    assert isinstance(rep, sn.LintReport)


def _page_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.pdf
def test_annotate_pdf_english_marks_the_right_lines(tmp_path):
    doc = tmp_path / "hw.tex"
    doc.write_text("\\newcommand{\\sig}{\\sigma}\nLet $\\sig(x) = \\frac{1}{1+e^{-x}}$.\n\n"
                   "$$\\sig'(x) = \\sig(x)(1 + \\sig(x))$$\n\n$$0.2 \\times 0.3 = 0.06$$\n")
    out = tmp_path / "hw.pdf"
    proc = symnn("lint", str(doc), "--annotate", str(out))
    assert proc.returncode == 1, proc.stderr
    assert out.read_bytes().startswith(b"%PDF")
    tex = symnn("lint", str(doc), "--annotate", str(tmp_path / "hw.tex.out.tex"))
    source = (tmp_path / "hw.tex.out.tex").read_text()
    line4 = next(line for line in source.splitlines() if line.startswith("\\noindent\\makebox[2.2em][l]{\\scriptsize 4}"))
    line6 = next(line for line in source.splitlines() if line.startswith("\\noindent\\makebox[2.2em][l]{\\scriptsize 6}"))
    assert "red" in line4 and "okgreen" in line6 and "red" not in line6
    if shutil.which("pdftotext"):
        assert "line 4: wrong" in _page_text(out)


@pytest.mark.pdf
def test_annotate_pdf_chinese_compiles_with_xelatex(tmp_path):
    if shutil.which("xelatex") is None:
        pytest.skip("xelatex is not installed")
    doc = tmp_path / "zuoye.md"
    doc.write_text("设 $z = 2x$，则\n\n$$\\frac{\\partial z}{\\partial x} = 3$$\n\n所以结果为上式。这是中文的作业答案。\n")
    out = tmp_path / "zuoye.pdf"
    proc = symnn("lint", str(doc), "--annotate", str(out))
    assert proc.returncode == 1, proc.stderr
    assert out.read_bytes().startswith(b"%PDF")
    symnn("lint", str(doc), "--annotate", str(tmp_path / "zuoye.tex"))
    source = (tmp_path / "zuoye.tex").read_text(encoding="utf-8")
    assert "ctexart" in source and "这是中文的作业答案" in source
