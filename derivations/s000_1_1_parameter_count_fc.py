r"""s000-1.1: Parameters of a 160000-40000-2000-100 fully connected net (000 §1.1).

The widths and the source's total are in ``specs/s000-1.1.toml``.
"""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec

ID = "s000-1.1"
TITLE = "Parameters of a 160000-40000-2000-100 fully connected net"
SOURCE = "000 §1.1"
SPEC = load_spec(Path(__file__).with_name("specs") / "s000-1.1.toml")
STATEMENT = r"""Count the trainable parameters (weights and biases) of a fully connected network with layer widths 160000, 40000, 2000 and 100."""


def table():
    solved = solve_spec(SPEC)
    t = solved.results["table"][0]
    t.notes.append(f"to two significant digits the total is {t.total / 1e9:.1f} billion "
                   "(the source's summary says 6.4 billion)")
    return t, solved.marks


def solve():
    t, marks = table()
    total = t.total
    return Solution(
        parts=[t],
        notes_on_source=[
            (f"The source's total {total:,} is right" if marks[0].mark == "right" else
             f"The source's total {marks[0].given:,} is wrong (the total is {total:,})")
            + ", but its summary '≈ 6.4 × 10 to the 9th' truncates instead of rounding: to two "
            f"significant digits the total is ≈ {total / 1e9:.1f} × 10 to the 9th (6.48 billion).",
        ],
    )
