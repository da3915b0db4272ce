r"""s001-ex2: Exercises II (001 §5, Exercises II)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s001-ex2"
TITLE = "Exercises II"
SOURCE = "001 §5, Exercises II"
STATEMENT = r"""Q1: which CNN shapes are feasible; Q3: the kernel shapes; Q4: the parameter difference between a convolution and a fully connected layer."""


def solve():
    q1, q3, q4 = examples.seed001_ex2_q1(), examples.seed001_ex2_q3(), examples.seed001_ex2_q4()
    q1.title, q3.title, q4.title = ("Q1: feasible architectures", "Q3: kernel shapes",
                                    "Q4: convolution vs dense layer")
    agree = all(c.agrees_with_source for c in (q1, q3, q4))
    return Solution(
        parts=[q1, q3, q4],
        notes_on_source=[
            ("The answer key (Q1: 1 and 4; Q3: 2; Q4: 3) agrees with the computation."
             if agree else "The answer key differs from the computation; see the parts."),
            "Q1 option 3 fails twice: the second convolution outputs 2 × 20 × 20 = 800 values, "
            "not 1 152, and its 11 outputs do not match the 10 classes; option 2 feeds 5 × 30 × 30 "
            "= 4 500 values into a 900-input layer.",
            "Q4: the key's per-filter formula F × F × D with K filters plus K biases gives 10 "
            "parameters for the convolution; the dense layer has 2 500 × 2 500 + 2 500 = "
            "6 252 500, so the difference is 6 252 490 as the key says.",
        ],
    )
