r"""s000-1.1: Parameters of a 160000-40000-2000-100 fully connected net (000 §1.1)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s000-1.1"
TITLE = "Parameters of a 160000-40000-2000-100 fully connected net"
SOURCE = "000 §1.1"
STATEMENT = r"""Count the trainable parameters (weights and biases) of a fully connected network with layer widths 160000, 40000, 2000 and 100."""


def solve():
    table = examples.seed000_fc_table()
    total = table.total
    return Solution(
        parts=[table],
        notes_on_source=[
            f"The source's total {total:,} is right, but its summary '≈ 6.4 × 10 to the 9th' "
            f"truncates instead of rounding: to two significant digits the total is "
            f"≈ {total / 1e9:.1f} × 10 to the 9th (6.48 billion).",
        ],
    )
