r"""s002: One backpropagation step on a 2-2-2 net (002)."""

import re
from pathlib import Path

from symnn.build import Solution
from symnn.latex.language import Bilingual
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
    return [Bilingual(f"the answer key gives {m.key} = {m.given}; the exact value is {m.expected} to four "
                      f"decimals ({m.mark}: {m.note})",
                      f"答案给出 {m.key} = {m.given}；精确值保留四位小数为 {m.expected}（{_ZH_MARK[m.mark]}："
                      f"{_zh_note(m.note)}）")
            for m in solved.marks if m.mark != "right"]


_ZH_MARK = {"rounding": "舍入误差", "wrong": "错误"}


def _zh_note(note: str) -> str:
    """A mark's note in Chinese (the notes of symnn.solve.work's marks)."""
    out = note.replace("matches the computation with intermediate values rounded early", "与提前舍入中间值的计算一致")
    out = re.sub(r"given to (\d+) decimals; (\d+) asked", r"只给出 \1 位小数，要求 \2 位", out)
    return re.sub(r"off by (\S+)", r"相差 \1", out).replace("; ", "；")


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
            Bilingual("The key's ∂E/∂w14 = 0.0202 is an arithmetic slip: with its own rounded numbers "
                      "(1.159·0.55 + 0.143·0.4)·0.2435·0.12 = 0.0203; it does not change w14 at four "
                      "decimals: 0.16 − 0.5·0.0203 = 0.14985 rounds to 0.1499 as well (the exact w14 is 0.1498).",
                      "答案的 ∂E/∂w14 = 0.0202 是计算错误：用它自己舍入后的数值，"
                      "(1.159·0.55 + 0.143·0.4)·0.2435·0.12 = 0.0203；它不影响 w14 的四位小数："
                      "0.16 − 0.5·0.0203 = 0.14985 同样舍入为 0.1499（精确的 w14 为 0.1498）。"),
            Bilingual("The key multiplies ∂E/∂w24 by σ(h1) instead of σ(h2); harmless here only because "
                      "h1 = h2 = 0.3232.",
                      "答案在 ∂E/∂w24 中乘的是 σ(h1) 而不是 σ(h2)；只因这里 h1 = h2 = 0.3232 才没有影响。"),
            "The source calls the loss MSE but uses E = ½(y1 − 0.05)² + ½(y2 − 0.95)², halves "
            "summed over the outputs, not a mean; the step uses the key's loss.",
        ],
    )
