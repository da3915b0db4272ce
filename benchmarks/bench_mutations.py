"""Benchmark: the mutation campaign at scale — false accepts and checks per second.

Run:  python benchmarks/bench_mutations.py [--n 10000] [--seed 2026]

Generates N claims (tests/mutation_claims.py: random expressions over the vocabulary, their true
derivatives and mutants — sign flip, dropped factor, swapped argument, σ ↔ 1 − σ, factor 1 + 10⁻⁶,
far-out terms, bumps, scale-hidden terms), checks each in-process and prints the false accepts
(a mutant verified: must be 0), the missed refutations, the unproved true claims and the rate.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from mutation_claims import generate  # noqa: E402

from symnn import verify  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    start = time.perf_counter()
    claims = generate(args.n, seed=args.seed)
    generated = time.perf_counter() - start
    outcome = collections.Counter()
    start = time.perf_counter()
    for c in claims:
        v = verify.check(c.expr, c.wrt, c.claim)
        if not c.true and v.verdict == "verified":
            outcome["FALSE ACCEPT"] += 1
            print("false accept:", c.kind, c.expr, "|", c.claim, flush=True)
        elif not c.true and v.verdict != "refuted":
            outcome[f"mutant {v.verdict}"] += 1
        elif c.true and v.verdict != "verified":
            outcome[f"true claim {v.verdict}"] += 1
        else:
            outcome["right"] += 1
    seconds = time.perf_counter() - start
    print(f"{len(claims)} claims generated in {generated:.1f} s; checked in {seconds:.1f} s "
          f"({len(claims) / seconds:.1f} checks/s)")
    print(f"false accepts: {outcome['FALSE ACCEPT']}; outcomes: {dict(outcome)}")


if __name__ == "__main__":
    main()
