r"""s001-ex1: Exercises I (001 §5, Exercises I)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s001-ex1"
TITLE = "Exercises I"
SOURCE = "001 §5, Exercises I"
STATEMENT = r"""Q4: the parameter count of an MLP; Q5: the minimiser of $\|X - x_1\|^2 + 2\|X - x_2\|^2$; Q6--Q10: gradient descent, SGD, momentum, AdaGrad and the perceptron on the given 8-sample data set (pick the option and show the iterate)."""


TITLES = {4: "Q4: parameters of a 6-5-10-3 MLP", 5: "Q5: a weighted least-distance point",
          6: "Q6: gradient descent", 7: "Q7: stochastic gradient descent", 8: "Q8: momentum",
          9: "Q9: AdaGrad", 10: "Q10: one perceptron pass"}


def solve():
    choices = {4: examples.seed001_q4(), 5: examples.seed001_q5()}
    choices.update({q: examples.seed001_optimizer(q) for q in range(6, 11)})
    for q, c in choices.items():
        c.title = TITLES[q]
    differ = [f"Q{q}" for q, c in choices.items() if c.agrees_with_source is False]
    notes = [
        "The answer key's options (Q4 B, Q5 C, Q6 B, Q7 A, Q8 D, Q9 A, Q10 C) all agree with the "
        "computation" if not differ else "The answer key differs at " + ", ".join(differ) + ".",
        "Q10: the book's perceptron updates only when y W^T x < 0; from W = 0 the score is 0, so "
        "that rule never updates and W stays 0, which is not an option. With the update condition "
        "y W^T x ≤ 0 and the book's rule W + η(y − ŷ)x at η = 1/2 (that is W + y x) one pass gives "
        "option C; Q10 states no η, and η = 1 would give twice C, which is not an option.",
        "Q8 and Q9: the book states neither the momentum nor the AdaGrad update; the conventions "
        "used (v := αv − η∇C, then W := W + v; r := r + g⊙g, then W := W − η g/(δ + √r)) are stated with the "
        "traces, and give the key's options.",
        "Q6–Q9 refer to MATLAB scripts for the answers and show no iterate; the iterates are "
        "given here.",
    ]
    return Solution(parts=list(choices.values()), notes_on_source=notes)
