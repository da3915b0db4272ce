r"""s000-1.2: Parameters of a three-convolution network (000 §1.2)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s000-1.2"
TITLE = "Parameters of a three-convolution network"
SOURCE = "000 §1.2"
STATEMENT = r"""Count the trainable parameters of the network with convolution kernels $3\times5\times5$, $5\times4\times4\times3$, $5\times4\times4\times5$ and a fully connected layer $400\to100$."""


def solve():
    table = examples.seed000_cnn_table()
    bigger = examples.seed000_cnn_table(fc_inputs=5 * 400)
    return Solution(
        parts=[table],
        notes_on_source=[
            "The source's formula in words, (kernel size × input channels) × number of kernels, "
            "leaves out the one bias per kernel; its numbers (78, 245, 405) include it, and it "
            "writes the bias into the 'kernel size' (5 × 5 + 1).",
            "The stated feature-map sizes 40 000, 2 000 and 400 cannot all be square maps: read "
            "per channel, 2 000 is not a square; read as totals over 3 and 5 channels, 40 000 is "
            "not divisible by 3 and 400 / 5 = 80 is not a square. The parameter counts do not "
            "depend on them.",
            f"The total {table.total:,} is right for a dense layer with 400 inputs, as stated; "
            f"if the 400 were the per-channel size of the 5-channel map, the flattened vector "
            f"would have 2 000 entries and the total would be {bigger.total:,}.",
        ],
    )
