r"""s000-2.1: One backpropagation step on a 2-2-1 ReLU net (000 §2.1).

The data (network, weights, input, target, η) and the source's results are in
``specs/s000-2.1.toml``; ``symnn solve derivations/specs/s000-2.1.toml`` gives the same step.
"""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec
from symnn.solve.document import statement_latex
from symnn.solve.work import changed, run_task
from symnn.worked.numfmt import decimal_str, exact

ID = "s000-2.1"
TITLE = "One backpropagation step on a 2-2-1 ReLU net"
SOURCE = "000 §2.1"
SPEC = load_spec(Path(__file__).with_name("specs") / "s000-2.1.toml")
STATEMENT = (r"""Perform one backpropagation step on the 2-2-1 ReLU network without biases: the updated weights, the outputs and losses before and after, and the decrease of the loss. The source names $v_{ih}$ the weight from input $i$ to hidden unit $h$ and $w_{h1}$ the weight from hidden unit $h$ to the output."""
             + "\n\n" + statement_latex(SPEC.tasks[0]))


def step(lr=None, round_to=None):
    """The step of the source, or with another learning rate."""
    task = SPEC.tasks[0] if lr is None else changed(SPEC.tasks[0], lr=lr)
    result = run_task(changed(task, round=round_to))[0]
    result.notes.insert(0, "reading of the source: v_ih joins input i to hidden unit h (so the "
                           "hidden pre-activations are v11 x1 + v21 x2 and v12 x1 + v22 x2), w_h1 "
                           "joins hidden unit h to the output; biases are ignored, as in the source")
    if exact(result.lr) == 1:
        result.notes.append(
            f"the source rounds the new output to 0.3212 before computing E+ = 0.01598; the exact "
            f"output is {decimal_str(result.outputs_after[0])} and E+ = "
            f"{decimal_str(result.loss_after, 8)}... (0.01598 to 5 decimals, so the source's "
            "value stands)")
    return result


def solve():
    marks = solve_spec(SPEC).marks
    off = [m.key for m in marks if m.mark != "right"]
    return Solution(
        parts=[step()],
        notes_on_source=[
            ("The source's numbers are right: the updated weights 0.6226, 0.2339, 0.13616, "
             "0.75424, 0.54068, 0.85198, the output 0.274 → 0.3212 and the loss 0.025538 → "
             "0.01598 agree with the exact step." if not off else
             "The source's values of " + ", ".join(off) + " differ from the exact step."),
            "The source swaps the usual names: it writes y for the network output and ŷ for "
            "the target 0.5.",
            "Its equation (3) sums over j = 1..2 although the network has a single output "
            "(the next line correctly sums over j = 1 only), and it writes w_hj = η g_j b_h "
            "for the increment Δw_hj.",
            "It rounds the new output to 0.3212 before computing E+; that does not change the "
            "5-decimal value 0.01598.",
        ],
    )
