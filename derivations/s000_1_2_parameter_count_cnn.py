r"""s000-1.2: Parameters of a three-convolution network (000 §1.2).

The layer list (with the pooling windows unknown) and the source's counts are in
``specs/s000-1.2.toml``.
"""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec
from symnn.solve.document import statement_latex
from symnn.solve.work import changed, run_task
from symnn.worked import Linear

ID = "s000-1.2"
TITLE = "Parameters of a three-convolution network"
SOURCE = "000 §1.2"
SPEC = load_spec(Path(__file__).with_name("specs") / "s000-1.2.toml")
STATEMENT = (r"""Count the trainable parameters of the network with convolution kernels $3\times5\times5$, $5\times4\times4\times3$, $5\times4\times4\times5$ (each padded to keep the size, each followed by max pooling) and a fully connected layer $400\to100$ on $400 \times 400$ grey images."""
             + "\n\n" + statement_latex(SPEC.tasks[0]))


def table(fc_inputs=None):
    """The source's network; ``fc_inputs`` changes the inputs of the dense layer."""
    task = SPEC.tasks[0]
    if fc_inputs is not None:
        task = changed(task, layers=task.data["layers"][:-1] + [Linear(fc_inputs, 100)])
    t = run_task(task)[0]
    t.notes += [
        "the input has 160 000 = 400 × 400 pixels, one channel; the pooling windows are not "
        "given (the figure is missing), and the source's feature-map sizes cannot all be square "
        "maps: read per channel, 2 000 is not a square (40 000 = 200², 400 = 20²); read as "
        "totals over the channels, 40 000 is not divisible by 3 channels; so the spatial sizes "
        "are shown as unknown",
        "each convolution has one bias per kernel: the source's formula in words omits it, its "
        "numbers (78, 245, 405) include it"]
    return t


def solve():
    t, bigger = table(), table(fc_inputs=5 * 400)
    right = all(m.mark == "right" for m in solve_spec(SPEC).marks)
    return Solution(
        parts=[t],
        notes_on_source=[
            "The source's formula in words, (kernel size × input channels) × number of kernels, "
            "leaves out the one bias per kernel; its numbers (78, 245, 405) include it"
            + (" and are right" if right else "") + ", and it writes the bias into the "
            "'kernel size' (5 × 5 + 1).",
            "The stated feature-map sizes 40 000, 2 000 and 400 cannot all be square maps: read "
            "per channel, 2 000 is not a square; read as totals over 3 and 5 channels, 40 000 is "
            "not divisible by 3 and 400 / 5 = 80 is not a square. The parameter counts do not "
            "depend on them.",
            f"The total {t.total:,} is right for a dense layer with 400 inputs, as stated; "
            f"if the 400 were the per-channel size of the 5-channel map, the flattened vector "
            f"would have 2 000 entries and the total would be {bigger.total:,}.",
        ],
    )
