r"""Benchmark: a class's worth of claims (15,000) with ``symnn check --batch --jobs 2``.

The claims are a reproducible mix of true and false scalar derivatives, equations, indexed
(softmax, sums) and matrix claims with random coefficients (``tests/batch_claims.py``; about a
third false).  The benchmark

1. times 20 sequential one-claim ``symnn check --json`` calls on claims spread over the file and
   scales that to the whole file (what a grading script calling symnn once per claim costs);
2. times ``symnn check --batch FILE --jobs 2 --out OUT`` on the whole file;
3. checks that the batch verdict of each of the 20 sampled claims equals its one-at-a-time verdict
   (every key of the JSON object, and the exit code), and that every line was answered.

Goal: the batch of 15,000 in ≤ 10 minutes on the 2-core project machine.

Run:  python benchmarks/bench_batch.py                    (15,000 claims, --jobs 2)
      python benchmarks/bench_batch.py --claims 600       (a quick look)
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from batch_claims import make_claims  # noqa: E402

SYMNN = [sys.executable, "-m", "symnn", "check"]
BATCH_KEYS = {"id", "line", "exit_code"}


def one_at_a_time(claim: dict) -> tuple[dict, int]:
    argv = [f"--{k}={claim[k]}" for k in ("expr", "wrt", "claim", "equation") if k in claim]
    argv += [f"--{k}={v}" for k in ("assume", "define", "matrix") for v in claim.get(k, [])]
    done = subprocess.run([*SYMNN, *argv, "--json"], capture_output=True, text=True)
    return json.loads(done.stdout), done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=15_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args(argv)
    claims = make_claims(args.claims, seed=2026)
    distinct = len({json.dumps({k: v for k, v in c.items() if k != "id"}, sort_keys=True) for c in claims})
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "claims.jsonl", Path(folder) / "verdicts.jsonl"
        source.write_text("".join(json.dumps(c) + "\n" for c in claims))
        picks = [i * args.claims // args.sample for i in range(args.sample)]
        start = time.perf_counter()
        alone = {i: one_at_a_time(claims[i]) for i in picks}
        sequential = time.perf_counter() - start
        start = time.perf_counter()
        done = subprocess.run([*SYMNN, "--batch", str(source), "--jobs", str(args.jobs), "--out", str(out)],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"the batch failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        records = [json.loads(line) for line in out.read_text().splitlines()]
    same = all({k: v for k, v in records[i].items() if k not in BATCH_KEYS} == alone[i][0]
               and records[i]["exit_code"] == alone[i][1] for i in picks)
    complete = [r["id"] for r in records] == [c["id"] for c in claims]
    scaled = sequential / args.sample * args.claims
    counts = collections.Counter(r["verdict"] for r in records)
    print(f"{args.claims:,} claims ({distinct:,} distinct): {dict(counts)}")
    print(f"  {args.sample} sequential symnn check calls: {sequential:.1f} s -> {scaled / 60:.1f} min scaled "
          f"to {args.claims:,} ({scaled / 3600:.2f} h)")
    print(f"  symnn check --batch --jobs {args.jobs}: {wall:.1f} s ({wall / 60:.1f} min, "
          f"{args.claims / wall:.1f} claims/s), {scaled / wall:.0f}x faster; goal <= 10 min: "
          f"{'met' if wall <= 600 else 'NOT met'}")
    print(f"  the {args.sample} sampled verdicts equal the one-at-a-time verdicts: {same}; "
          f"every line answered in input order: {complete}")
    print(f"  load average at the end: {os.getloadavg()[0]:.2f} (2 cores shared)")
    return 0 if same and complete and wall <= 600 else 1


if __name__ == "__main__":
    sys.exit(main())
