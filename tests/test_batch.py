"""`symnn check --batch`: verdicts equal the one-at-a-time command's, on local workers and on a
real Dask LocalCluster; bad lines, budgets, resuming after a kill; the reusable run_batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_claims import QUICK
from batch_claims import make_claims as _make_claims
from symnn.batch import Failure, run_batch
from symnn.batch.pool import run_local

SYMNN = [sys.executable, "-m", "symnn"]
#: Keys the batch adds to the one-claim JSON verdict.
BATCH_KEYS = {"id", "line", "exit_code"}


def make_claims(n: int, seed: int = 0) -> list[dict]:
    return _make_claims(n, seed, families=QUICK)


def write_claims(path: Path, claims: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in claims) + "".join(line + "\n" for line in extra_lines))
    return path


def batch(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*SYMNN, "check", *args], capture_output=True, text=True, timeout=timeout)


def records(path_or_text) -> list[dict]:
    text = path_or_text.read_text() if isinstance(path_or_text, Path) else path_or_text
    return [json.loads(line) for line in text.splitlines()]


def single_argv(claim: dict) -> list[str]:
    argv = []
    for key in ("expr", "wrt", "claim", "equation"):
        if key in claim:
            argv.append(f"--{key}={claim[key]}")
    for key in ("assume", "define", "matrix"):
        argv += [f"--{key}={v}" for v in claim.get(key, [])]
    return argv


# --------------------------------------------------------------------------- one machine


def test_batch_verdicts_equal_one_at_a_time(tmp_path):
    claims = make_claims(10, seed=11) + [
        {"id": "bad-latex", "expr": r"\frac{1}{", "wrt": "x", "claim": "1"},
        {"id": "unknown-fn", "expr": r"\mathrm{foo}(x)", "wrt": "x", "claim": "1"},
        {"id": "chain", "equation": r"\sigma(-x) = 1 - \sigma(x) = \sigma(x)"},
    ]
    path = write_claims(tmp_path / "claims.jsonl", claims)
    done = batch("--batch", str(path), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    out = records(done.stdout)
    assert [r["id"] for r in out] == [c["id"] for c in claims]  # input order
    assert {r["verdict"] for r in out} >= {"verified", "refuted", "error"}
    for claim, record in zip(claims, out):
        alone = batch(*single_argv(claim), "--json")
        assert json.loads(alone.stdout) == {k: v for k, v in record.items() if k not in BATCH_KEYS}, claim
        assert alone.returncode == record["exit_code"], claim


def test_bad_lines_get_error_verdicts_and_the_batch_goes_on(tmp_path):
    good = make_claims(2, seed=3)
    path = write_claims(tmp_path / "claims.jsonl", good[:1], extra_lines=(
        "{not json", '["a", "list"]', json.dumps({"id": "k", "expr": "x", "wrt": "x", "claimed": "1"}),
        json.dumps({"id": "t", "expr": 3, "wrt": "x", "claim": "1"}), json.dumps({**good[1], "id": good[0]["id"]}),
        "", json.dumps(good[1])))
    done = batch("--batch", str(path))
    assert done.returncode == 0, done.stderr
    out = records(done.stdout)
    assert [r["line"] for r in out] == [1, 2, 3, 4, 5, 6, 8]  # the blank line 7 is not a claim
    assert [r["verdict"] == "error" for r in out] == [False, True, True, True, True, True, False]
    messages = [r["message"] for r in out[1:6]]
    assert messages[0].startswith("line 2: not JSON")
    assert "unknown key 'claimed'" in messages[2] and "'expr' must be a LaTeX string" in messages[3]
    assert f"the id {good[0]['id']!r} was already used on line 1" in messages[4]
    assert "5 line(s)" in done.stderr and "Traceback" not in done.stderr


def test_time_budget_per_claim(tmp_path):
    path = write_claims(tmp_path / "claims.jsonl", make_claims(2, seed=5))
    done = batch("--batch", str(path), "--timeout", "0.001")
    assert done.returncode == 0, done.stderr
    assert [(r["verdict"], r["exit_code"]) for r in records(done.stdout)] == [("undetermined", 3)] * 2
    assert all("longer than 0.001 s" in r["message"] for r in records(done.stdout))


@pytest.mark.parametrize("argv, message", [
    (["--batch", "missing.jsonl"], "no such file: missing.jsonl"),
    (["--out", "x.jsonl", "--expr", "x", "--wrt", "x", "--claim", "1"], "--out needs --batch FILE.jsonl"),
    (["--batch", "claims.jsonl", "--expr", "x"], "--expr does not go with --batch"),
    (["--batch", "claims.jsonl", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["--batch", "claims.jsonl", "--jobs", "0"], "--jobs must be at least 1"),
])
def test_batch_option_errors(tmp_path, argv, message):
    write_claims(tmp_path / "claims.jsonl", make_claims(1))
    done = subprocess.run([*SYMNN, "check", *argv], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"symnn: error: {message}" or message in done.stderr.strip().splitlines()[-1]
    assert "Traceback" not in done.stderr


def test_without_dask_the_option_says_how_to_install(tmp_path):
    path = write_claims(tmp_path / "claims.jsonl", make_claims(1))
    code = ("import sys; sys.modules['distributed'] = None; from symnn.cli import main; "
            f"sys.exit(main(['check', '--batch', {str(path)!r}, '--engine', 'dask']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert "pip install 'symnn[cluster]'" in done.stderr and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- run_batch, reusable


def _square_or_die(n: int) -> int:
    if n == 3:
        os._exit(7)  # a worker that crashes (segfault, OOM) in the middle of a task
    if n == 5:
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])  # ignores its budget
        time.sleep(30)
    if n == 6:
        raise ValueError("no six")
    return n * n


def test_run_batch_in_order_with_crashes_hangs_and_exceptions():
    out = list(run_local(range(8), _square_or_die, jobs=2, timeout=0.5, grace=0.5))
    by_index = dict(out)
    assert sorted(by_index) == list(range(8))
    assert by_index[3] == Failure("crash", "the worker process died (exit code 7)")
    assert by_index[5].kind == "timeout" and by_index[6].kind == "exception"
    assert [by_index[i] for i in (0, 1, 2, 4, 7)] == [0, 1, 4, 16, 49]
    assert [i for i, _ in run_batch([4, 2, 7], abs, jobs=2)] == [0, 1, 2]


# --------------------------------------------------------------------------- Dask, kill and resume


@pytest.fixture(scope="module")
def class_batch(tmp_path_factory):
    """60 claims and their verdicts from one local worker (the reference)."""
    folder = tmp_path_factory.mktemp("class")
    path = write_claims(folder / "claims.jsonl", make_claims(60, seed=2026))
    done = batch("--batch", str(path), "--jobs", "1", "--out", str(folder / "reference.jsonl"))
    assert done.returncode == 0, done.stderr
    return path, records(folder / "reference.jsonl")


def test_dask_local_cluster_gives_the_same_verdicts(class_batch, tmp_path):
    path, reference = class_batch
    done = batch("--batch", str(path), "--engine", "dask", "--jobs", "2", "--out", str(tmp_path / "dask.jsonl"))
    assert done.returncode == 0, done.stderr
    assert records(tmp_path / "dask.jsonl") == reference
    assert {r["verdict"] for r in reference} == {"verified", "refuted"}


def test_killed_batch_resumes_with_only_the_rest(class_batch, tmp_path):
    path, reference = class_batch
    out = tmp_path / "out.jsonl"
    argv = [*SYMNN, "check", "--batch", str(path), "--engine", "dask", "--jobs", "2", "--out", str(out)]
    first = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while (not out.exists() or out.read_text().count("\n") < 15) and time.monotonic() < deadline:
            assert first.poll() is None, "the batch finished before it could be killed"
            time.sleep(0.02)
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the batch and the cluster it started
        first.wait()
    answered = out.read_text().count("\n")
    assert 15 <= answered < len(reference)
    with out.open("a") as handle:
        handle.write('{"id": "c59", "verdict": "verif')  # as if killed in the middle of a line
    second = batch("--batch", str(path), "--engine", "dask", "--jobs", "2", "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert f"{answered} claims already answered in the output, {len(reference) - answered} to go" in second.stderr
    assert records(out) == reference


def test_scheduler_address_and_budget_on_dask_workers(class_batch, tmp_path):
    """A cluster started elsewhere (here: by the test), reached by its address; the per-claim
    budget also holds in Dask's worker threads."""
    distributed = pytest.importorskip("distributed")
    path, reference = class_batch
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = batch("--batch", str(path), "--engine", "dask", "--scheduler", cluster.scheduler_address)
        assert done.returncode == 0, done.stderr
        assert records(done.stdout) == reference
        few = write_claims(tmp_path / "few.jsonl", make_claims(2, seed=8))
        done = batch("--batch", str(few), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                     "--timeout", "0.001")
        assert [r["verdict"] for r in records(done.stdout)] == ["undetermined"] * 2
    done = batch("--batch", str(few), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    assert done.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in done.stderr


def test_progress_is_a_bar_on_a_terminal_and_lines_in_a_log():
    import io

    from symnn.batch import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty, log = Terminal(), io.StringIO()
    for stream in (tty, log):
        p = Progress(50, stream=stream, label="claims", skipped=5)
        for _ in range(50):
            p.advance()
        p.close()
    assert "\r" in tty.getvalue() and "symnn: [########################] 50/50 100%" in tty.getvalue()
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and lines[0] == "symnn: 5 claims already answered in the output, 50 to go"
    assert len(lines) == 11 and lines[-1].startswith("symnn: 50/50 claims answered (100%)")
