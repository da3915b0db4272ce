r"""Benchmark: start-up cost of the command line — median wall time of ``symnn check`` calls.

Each call is a fresh process running ``python -m symnn check ... --json`` exactly as a user (or a
grading script calling symnn once per claim) would, through the installed entry point's module.
The claims cycle through a scalar derivative, an equation, an indexed (softmax) claim and one
written with a bare function (``\ln x``), the one kind that still needs latex2sympy2 (about
0.5 s more: its import and ANTLR's first parse); the median per kind is printed too.  Warm-up
calls first let Python write its bytecode caches, which is the state of any installed package
(``PYTHONDONTWRITEBYTECODE``, if the environment sets it, is removed for the calls).

Goal (issue: a whole class at once): median ≤ 0.8 s on the 2-core project machine.

Run:  python benchmarks/bench_cli.py            (10 calls)
      python benchmarks/bench_cli.py --calls 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CLAIMS = [
    ["--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1-\sigma(x))"],
    ["--equation", r"\tanh(x) = 2\sigma(2x) - 1"],
    ["--expr", r"-\sum_{k=1}^{C} y_k \log(\mathrm{softmax}(\beta)_k)", "--wrt", r"\beta_j",
     "--claim", r"\mathrm{softmax}(\beta)_j - y_j", "--assume", r"\sum_{k=1}^{C} y_k = 1"],
    ["--expr", r"x^2 \ln x", "--wrt", "x", "--claim", r"2x \ln x + x", "--assume", "x > 0"],
]
KINDS = ["scalar", "equation", "indexed", "bare \\ln (latex2sympy2)"]


def time_calls(calls: int, env: dict[str, str]) -> list[float]:
    """Wall seconds of ``calls`` fresh ``symnn check`` processes."""
    times = []
    for i in range(calls):
        argv = [sys.executable, "-m", "symnn", "check", *CLAIMS[i % len(CLAIMS)], "--json"]
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1, 3):
            sys.exit(f"symnn check failed ({done.returncode}): {done.stderr.strip()}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    time_calls(len(CLAIMS), env)  # warm-up: writes the bytecode caches
    warm = time_calls(args.calls, env)
    print(f"symnn check, {args.calls} calls: median {statistics.median(warm):.3f} s "
          f"(min {min(warm):.3f}, max {max(warm):.3f}); goal <= 0.8 s: "
          f"{'met' if statistics.median(warm) <= 0.8 else 'NOT met'}")
    for k, kind in enumerate(KINDS):
        print(f"  {kind}: median {statistics.median(warm[k::len(CLAIMS)]):.3f} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} (2 cores shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
