"""Time ``symnn lint`` on the seed documents (the target: under 60 s per file).

Run: ``python benchmarks/bench_lint.py [FILE ...]`` (default: tests/lint_seeds/*.txt).  Each file
is linted in its own ``symnn`` process, so the time includes start-up, as a user sees it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    files = argv or sorted(str(p) for p in (Path(__file__).parent.parent / "tests" / "lint_seeds").glob("*.txt"))
    worst = 0.0
    for f in files:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "symnn", "lint", f, "--json"], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        worst = max(worst, seconds)
        summary = json.loads(proc.stdout)["files"][0]["summary"] if proc.stdout else {}
        print(f"{Path(f).name}: {seconds:5.1f} s  exit {proc.returncode}  {summary}")
    print(f"slowest file: {worst:.1f} s (target < 60 s)")
    return 0 if worst < 60 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
