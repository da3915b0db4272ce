"""``symnn build``: outputs, report.json, exit codes, a broken derivation, atomic writes, --only, PDF.

The CLI runs in a subprocess on small derivation directories written into a temporary directory;
the library functions are tested in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symnn.build import Solution, Text, Todo, equation
from symnn.build.discover import discover, id_to_stem
from symnn.build.files import write_text_atomic
from symnn.build.run import run_problem
from symnn.verdict import Verdict

GOOD = '''
import symnn as sn
from symnn.build import Solution, equation

ID = "{id}"
TITLE = "A good problem"
SOURCE = "999 §1"
STATEMENT = r"Show that $\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$."


def solve():
    return Solution([sn.derive(r"\\frac{{1}}{{1+e^{{-x}}}}", "x"), equation(r"\\sigma(0)", r"\\frac{{1}}{{2}}")],
                    notes_on_source=["The source is right."])
'''

REFUTED = '''
from symnn.build import Solution, equation

ID = "{id}"
TITLE = "A false claim"
SOURCE = "999 §2"
STATEMENT = "A wrong identity."


def solve():
    return Solution([equation(r"\\sigma(x)", r"1 - \\sigma(x)")])
'''

RAISES = '''
ID = "{id}"
TITLE = "Broken"
SOURCE = "999 §3"
STATEMENT = "Raises."


def solve():
    raise ZeroDivisionError("division by zero in the derivation")
'''

KEYS = {"id", "status", "method", "max_rel_error", "seconds", "source_notes"}


def write(directory: Path, problem_id: str, template: str) -> Path:
    path = directory / f"{id_to_stem(problem_id)}_case.py"
    path.write_text(template.format(id=problem_id), encoding="utf-8")
    return path


def symnn(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "derivations"
    src.mkdir()
    write(src, "s901-1.1", GOOD)
    write(src, "s901-1.2", GOOD)
    return src


def test_build_writes_every_output_and_exits_zero(corpus: Path, tmp_path: Path):
    proc = symnn("build", str(corpus), "--out", str(tmp_path / "out"), "--no-pdf", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "s901-1.1.tex", "s901-1.2.tex", "solutions.tex"]
    report = json.loads((out / "report.json").read_text())
    assert [p["id"] for p in report["problems"]] == ["s901-1.1", "s901-1.2"]
    for entry in report["problems"]:
        assert KEYS <= set(entry)
        assert entry["status"] == "verified" and entry["method"] == "symbolic"
        assert entry["max_rel_error"] < 1e-9 and entry["seconds"] >= 0
        assert entry["source_notes"] == ["The source is right."]
    # progress: one line per problem, then the summary table
    assert "[1/2] s901-1.1" in proc.stdout and "2 verified, 0 failed" in proc.stdout
    solutions = (out / "solutions.tex").read_text()
    assert r"\tableofcontents" in solutions and solutions.count(r"\section{") == 2
    assert "Verified" in solutions and "random points" in solutions
    standalone = (out / "s901-1.1.tex").read_text()
    assert standalone.startswith(r"\documentclass") and standalone.rstrip().endswith(r"\end{document}")


def test_a_broken_derivation_fails_alone(corpus: Path, tmp_path: Path):
    """Issue 6, acceptance 3: the broken problem is reported failed, the rest built, exit non-zero."""
    write(corpus, "s901-1.3", RAISES)
    write(corpus, "s901-1.4", REFUTED)
    (corpus / "s901_1_5_syntax.py").write_text("ID = 's901-1.5'\ndef solve(:\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = symnn("build", str(corpus), "--out", str(out), "--no-pdf", cwd=tmp_path)
    assert proc.returncode == 1
    status = {p["id"]: p for p in json.loads((out / "report.json").read_text())["problems"]}
    assert status["s901-1.1"]["status"] == status["s901-1.2"]["status"] == "verified"
    assert status["s901-1.3"]["status"] == "failed" and "ZeroDivisionError" in status["s901-1.3"]["message"]
    assert status["s901-1.4"]["status"] == "failed" and "refuted" in status["s901-1.4"]["message"]
    assert status["s901_1_5_syntax"]["status"] == "failed" and "SyntaxError" in status["s901_1_5_syntax"]["message"]
    for problem_id in ("s901-1.1", "s901-1.2", "s901-1.3", "s901-1.4"):
        assert (out / f"{problem_id}.tex").exists()
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "ZeroDivisionError" in proc.stdout  # the progress line says why


def test_only_builds_the_named_problems(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    proc = symnn("build", str(corpus), "--out", str(out), "--no-pdf", "--only", "s901-1.2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text())
    assert [p["id"] for p in report["problems"]] == ["s901-1.2"]
    assert not (out / "s901-1.1.tex").exists()


@pytest.mark.parametrize("args, needle", [
    (["--only", "s999-9.9"], "unknown problem ID s999-9.9"),
    (["--pdf", "--no-pdf"], "not allowed with"),
    (["--timeout", "0"], "--timeout must be positive"),
    (["--bogus"], "unrecognized arguments"),
])
def test_bad_arguments_give_one_line_and_exit_2(corpus: Path, tmp_path: Path, args, needle):
    proc = symnn("build", str(corpus), "--out", str(tmp_path / "out"), "--no-pdf", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_missing_directory_is_an_input_error(tmp_path: Path):
    proc = symnn("build", str(tmp_path / "nowhere"), "--no-pdf", cwd=tmp_path)
    assert proc.returncode == 2 and "no derivations directory" in proc.stderr


def test_undetermined_problem_exits_3(tmp_path: Path):
    src = tmp_path / "d"
    src.mkdir()
    (src / "s901_2_1_todo.py").write_text(
        'from symnn.build import Solution, Todo\nID, TITLE, SOURCE, STATEMENT = "s901-2.1", "T", "S", "St"\n'
        'def solve():\n    return Solution([Todo("later", needs="issue 3")])\n', encoding="utf-8")
    proc = symnn("build", str(src), "--out", str(tmp_path / "out"), "--no-pdf", cwd=tmp_path)
    assert proc.returncode == 3
    entry = json.loads((tmp_path / "out" / "report.json").read_text())["problems"][0]
    assert entry["status"] == "undetermined" and entry["method"] is None


# --------------------------------------------------------------------------- in-process pieces


def test_atomic_write_leaves_no_partial_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "report.json"
    write_text_atomic(target, "old complete content\n")

    class Interrupted(BaseException):
        pass

    real_fsync = os.fsync

    def fail_mid_write(fd):  # the text is written but the build is interrupted before the rename
        raise Interrupted()

    monkeypatch.setattr(os, "fsync", fail_mid_write)
    with pytest.raises(Interrupted):
        write_text_atomic(target, "new content that never lands " * 1000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_text() == "old complete content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_interrupted_build_keeps_previous_outputs(corpus: Path, tmp_path: Path, monkeypatch):
    """An exception while writing solutions.tex leaves the earlier, complete files untouched."""
    from symnn.build import command

    out = tmp_path / "out"
    command.build(corpus, out, pdf=False, stream=open(os.devnull, "w"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def explode(results):
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "solutions_document", explode)
    with pytest.raises(KeyboardInterrupt):
        command.build(corpus, out, pdf=False, stream=open(os.devnull, "w"))
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after.keys() == before.keys()
    assert after["solutions.tex"] == before["solutions.tex"] and after["report.json"] == before["report.json"]


def test_status_folding(tmp_path: Path):
    write(tmp_path, "s901-3.1", GOOD)
    (problem,) = discover(tmp_path)
    result = run_problem(problem)
    assert result.status == "verified" and result.method == "symbolic"
    problem.solve = lambda: Solution([Text("prose only")])
    assert run_problem(problem).status == "undetermined"  # prose alone proves nothing
    problem.solve = lambda: Solution([equation("x", "x"), Todo("later", needs="issue 3")])
    assert run_problem(problem).status == "undetermined"
    problem.solve = lambda: 42
    assert run_problem(problem).status == "failed"
    problem.solve = lambda: (_ for _ in ()).throw(NotImplementedError("needs issue 4"))
    assert run_problem(problem).message == "not implemented: needs issue 4"


def test_time_budget_fails_a_slow_problem(tmp_path: Path):
    write(tmp_path, "s901-4.1", GOOD)
    (problem,) = discover(tmp_path)

    def slow():
        while True:
            pass

    problem.solve = slow
    result = run_problem(problem, seconds=0.2)
    assert result.status == "failed" and "ran out of time" in result.message


def test_file_name_must_match_the_id(tmp_path: Path):
    (tmp_path / "s901_5_1_x.py").write_text(GOOD.format(id="s901-5.2"), encoding="utf-8")
    (problem,) = discover(tmp_path)
    assert "should start with s901_5_2" in problem.load_error


def test_a_verdict_of_an_unknown_part_type_is_rejected():
    with pytest.raises(TypeError):
        Solution([Verdict("verified", method="symbolic")])


@pytest.mark.pdf
def test_build_compiles_the_pdf(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    proc = symnn("build", str(corpus), "--out", str(out), "--pdf", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdf = out / "solutions.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
