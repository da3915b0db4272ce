"""Benchmark: build the whole derivation corpus without PDF; print total and per-problem seconds.

Run:  .venv/bin/python benchmarks/bench_build.py [DERIVATIONS_DIR]

Issue 6, acceptance 4: the whole corpus builds without PDF in under 60 seconds.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from symnn.build import build

LIMIT_SECONDS = 60.0


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "derivations"
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="symnn-bench-") as out:
        results, _ = build(directory, out, pdf=False, stream=io.StringIO())
    total = time.perf_counter() - start
    print(f"{'problem':<10} {'status':<12} {'seconds':>8}")
    for r in sorted(results, key=lambda r: -r.seconds):
        print(f"{r.id:<10} {r.status:<12} {r.seconds:8.3f}")
    verified = sum(r.status == "verified" for r in results)
    print(f"total: {total:.2f} s for {len(results)} problems ({verified} verified), "
          f"including imports and writing; limit {LIMIT_SECONDS:g} s")
    return 0 if total < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
