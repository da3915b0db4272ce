r"""s002: One backpropagation step on a 2-2-2 net (002)."""

from symnn.build import Solution
from symnn.worked import examples


ID = "s002"
TITLE = "One backpropagation step on a 2-2-2 net"
SOURCE = "002"
STATEMENT = r"""Perform one backpropagation step ($\alpha = 0.5$) on the 2-2-2 network with sigmoid hidden layer, linear output, biases $b_1$, $b_2$ and mean squared error; give all ten parameters to four decimals."""


def solve():
    step = examples.seed002_step()
    key = examples.SEED002_SOURCE_ANSWERS
    wrong = examples.compare_with_source(step.updated, key, 4, "the answer key")
    return Solution(
        parts=[step],
        notes_on_source=[
            f"The answer key is wrong in {len(wrong)} of its ten final values at four decimals:",
            *wrong,
            "Why: the key rounds σ(0.3232) = 0.580104... to 0.58 and its gradients to three or "
            "four decimals before updating, so w11, w12, w21, w23 and b2 drift in the "
            "fourth decimal; it also prints b1 = 0.117, w21 = 0.164, w23 = 0.214 and b2 = −0.051 "
            "with fewer than the four decimals asked for.",
            "The key's ∂E/∂w14 = 0.0202 is an arithmetic slip: with its own rounded numbers "
            "(1.159·0.55 + 0.143·0.4)·0.2435·0.12 = 0.0203; hence its w14 = 0.1499 instead of "
            "0.1498.",
            "The key multiplies ∂E/∂w24 by sig(h1) instead of sig(h2); harmless here only because "
            "h1 = h2 = 0.3232.",
            "The source calls the loss MSE but uses E = ½(y1 − 0.05)² + ½(y2 − 0.95)², halves "
            "summed over the outputs, not a mean; the step uses the key's loss.",
        ],
    )
