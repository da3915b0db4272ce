r"""s002: One backpropagation step on a 2-2-2 net (002)."""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec
from symnn.solve.document import statement_latex
from symnn.solve.work import changed, run_task


ID = "s002"
TITLE = "One backpropagation step on a 2-2-2 net"
SOURCE = "002"
SPEC = load_spec(Path(__file__).with_name("specs") / "s002.toml")
STATEMENT = r"""Perform one backpropagation step ($\alpha = 0.5$) on the 2-2-2 network with sigmoid hidden layer, linear output, biases $b_1$, $b_2$ and mean squared error; give all ten parameters to four decimals.""" + "\n\n" + statement_latex(SPEC.tasks[0])


def step(lr=None, round_to=4, hand_round=None):
    """The step of the key (α = 0.5, four decimals, σ rounded to two decimals as the key does),
    or with other settings."""
    task = SPEC.tasks[0]
    changes = {"round": round_to}
    if lr is not None:
        changes["lr"] = lr
    changes["hand_round"] = {"activation": 2} if hand_round is None else hand_round
    result = run_task(changed(task, **changes))[0]
    if lr is None:
        result.notes += _key_notes(solve_spec(SPEC))
    return result


def _key_notes(solved) -> list[str]:
    return [f"the answer key gives {m.key} = {m.given}; the exact value is {m.expected} to four "
            f"decimals ({m.mark}: {m.note})" for m in solved.marks if m.mark != "right"]


def solve():
    solved = solve_spec(SPEC)   # the key's values are the spec's answers, marked
    step = solved.results["training"][0]
    wrong = _key_notes(solved)
    step.notes += wrong
    return Solution(
        parts=[step],
        notes_on_source=[
            f"The answer key is wrong in {len(wrong)} of its ten final values at four decimals: it "
            "rounds σ(0.3232) = 0.580104... to 0.58 and its gradients to three or four decimals "
            "before updating, and it prints b1 = 0.117, w21 = 0.164, w23 = 0.214 and b2 = −0.051 "
            "with fewer than the four decimals asked for; each wrong value is listed with the step.",
            *wrong,  # also among the step's notes: typeset once, listed here for report.json
            "The key's ∂E/∂w14 = 0.0202 is an arithmetic slip: with its own rounded numbers "
            "(1.159·0.55 + 0.143·0.4)·0.2435·0.12 = 0.0203; it does not change w14 at four "
            "decimals: 0.16 − 0.5·0.0203 = 0.14985 rounds to 0.1499 as well (the exact w14 is 0.1498).",
            "The key multiplies ∂E/∂w24 by sig(h1) instead of sig(h2); harmless here only because "
            "h1 = h2 = 0.3232.",
            "The source calls the loss MSE but uses E = ½(y1 − 0.05)² + ½(y2 − 0.95)², halves "
            "summed over the outputs, not a mean; the step uses the key's loss.",
        ],
    )
