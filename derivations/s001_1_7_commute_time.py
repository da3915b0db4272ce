r"""s001-1.7: The commute-time data: W* and Y* (001 §1.7)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s001-1.7"
TITLE = "The commute-time data: W* and Y*"
SOURCE = "001 §1.7"
STATEMENT = r"""For the commute-time data of §1.7, compute the least-squares weights $W^*$ and the fitted values $Y^*$."""


def solve():
    fit = examples.seed001_commute_fit()
    return Solution(
        parts=[fit],
        notes_on_source=[
            "The source's W* and Y* are right up to floating-point noise in the last printed "
            "digit (e.g. W*_0 = 2897/476 = 6.0861344537815126..., printed 6.08613445378149); "
            "the exact values are W* = (2897/476, 1555/238, 431/204).",
            "The source lists the bias w_0 first, so the design matrix is [1, distance, weekday].",
        ],
    )
