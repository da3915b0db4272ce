r"""s000-2.1: One backpropagation step on a 2-2-1 ReLU net (000 §2.1)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s000-2.1"
TITLE = "One backpropagation step on a 2-2-1 ReLU net"
SOURCE = "000 §2.1"
STATEMENT = r"""For the 2-2-1 ReLU network without biases, input $x = (0.2, 0.3)$, target $0.5$, weights $v_{11} = 0.6$, $v_{21} = 0.2$, $v_{12} = 0.1$, $v_{22} = 0.7$, $w_{11} = 0.5$, $w_{21} = 0.8$ and learning rate $\eta = 1$, perform one backpropagation step: the updated weights, the outputs and losses before and after, and the decrease of the loss."""


def solve():
    step = examples.seed000_step(round_to=None)
    return Solution(
        parts=[step],
        notes_on_source=[
            "The source's numbers are right: the updated weights 0.6226, 0.2339, 0.13616, "
            "0.75424, 0.54068, 0.85198, the output 0.274 → 0.3212 and the loss 0.025538 → "
            "0.01598 agree with the exact step.",
            "The source swaps the usual names: it writes y for the network output and ŷ for "
            "the target 0.5.",
            "Its equation (3) sums over j = 1..2 although the network has a single output "
            "(the next line correctly sums over j = 1 only), and it writes w_hj = η g_j b_h "
            "for the increment Δw_hj.",
            "It rounds the new output to 0.3212 before computing E+; that does not change the "
            "5-decimal value 0.01598.",
        ],
    )
