r"""s004-1.3: Output shapes and parameters of a CNN (004 §1.3)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s004-1.3"
TITLE = "Output shapes and parameters of a CNN"
SOURCE = "004 §1.3"
STATEMENT = r"""Fill in the output shapes and parameter counts of the given CNN on $224\times224\times3$ images."""


def solve():
    table = examples.seed004_table()
    return Solution(
        parts=[table],
        notes_on_source=[
            "The source's table is right in every filled cell (shapes and the counts 896, 64, "
            f"33 and 5); it gives no total, which is {table.total}.",
            "BatchNorm2d's 64 = 2 × 32 counts the trainable scale and shift per channel; its "
            "running mean and variance are buffers, not trainable parameters.",
        ],
    )
