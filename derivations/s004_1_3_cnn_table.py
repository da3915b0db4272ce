r"""s004-1.3: Output shapes and parameters of a CNN (004 §1.3).

The layer list and the source's filled cells are in ``specs/s004-1.3.toml``.
"""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec
from symnn.solve.document import statement_latex

ID = "s004-1.3"
TITLE = "Output shapes and parameters of a CNN"
SOURCE = "004 §1.3"
SPEC = load_spec(Path(__file__).with_name("specs") / "s004-1.3.toml")
STATEMENT = (r"""Fill in the output shapes and parameter counts of the given CNN on $224\times224\times3$ images (stride 1 and padding 0 unless stated), 4 classes."""
             + "\n\n" + statement_latex(SPEC.tasks[0]))


def table():
    """The table of the source's network, with the total the source leaves out."""
    solved = solve_spec(SPEC)
    result = solved.results["table"][0]
    result.notes.append(f"the source leaves the total out; it is {result.total}")
    return result, solved.marks


def solve():
    result, marks = table()
    wrong = [m.key for m in marks if m.mark != "right"]
    return Solution(
        parts=[result],
        notes_on_source=[
            ("The source's table is right in every filled cell (shapes and the counts 896, 64, "
             f"33 and 5); it gives no total, which is {result.total}." if not wrong else
             "The source's " + ", ".join(wrong) + " differ from the computation."),
            "BatchNorm2d's 64 = 2 × 32 counts the trainable scale and shift per channel; its "
            "running mean and variance are buffers, not trainable parameters.",
        ],
    )
