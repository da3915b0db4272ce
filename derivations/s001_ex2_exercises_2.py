r"""s001-ex2: Exercises II (001 §5, Exercises II).

The architectures of Q1, the kernel options of Q3, the two layers of Q4 and the key's answers
are in ``specs/s001-ex2.toml``.
"""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec
from symnn.solve.document import statement_latex
from symnn.solve.work import run_task
from symnn.worked import pick
from symnn.worked.numfmt import fmt
from symnn.worked.render import text

ID = "s001-ex2"
TITLE = "Exercises II"
SOURCE = "001 §5, Exercises II"
SPEC = load_spec(Path(__file__).with_name("specs") / "s001-ex2.toml")
TASKS = {t.name: t for t in SPEC.tasks}
STATEMENT = (r"""Q1: which CNN shapes are feasible for $32\times32$ greyscale images and 10 classes; Q3: which kernels give a $7\times7$ map with 10 channels from an $11\times11$ colour image (stride 1, padding 0); Q4: the parameter difference between a convolution and a fully connected layer. The options:"""
             + "\n\n" + "\n\n".join(r"\textbf{%s.} " % text(t.title) + statement_latex(t)
                                    for t in SPEC.tasks))
Q4_OPTIONS = {"1": 6250490, "2": 2490, "3": 6252490, "4": 6250000, "5": 2500}


def _tables(prefix: str) -> dict:
    return {name.split("_")[1]: run_task(t)[0] for name, t in TASKS.items()
            if name.startswith(prefix + "_")}


def q1():
    """Q1: the feasible architectures (options with their tables)."""
    tables = _tables("q1")
    shown = {label: text(t.title + ": " + ("feasible" if t.feasible else
                                           "infeasible (" + t.infeasible + ")"))
             for label, t in tables.items()}
    key = [k.split(".")[0].split("_")[1] for k, v in SPEC.answers.items()
           if k.startswith("q1_") and v is True]
    c = pick("Exercise 2, Q1: feasible architectures for 32×32 greyscale images, 10 classes.",
             True, {label: t.feasible for label, t in tables.items()}, source_answer=key,
             shown=shown, evidence=[t.verdict for t in tables.values()], multiple=True)
    c.tables = tables
    return c


def q3():
    """Q3: the kernels that give [10, 7, 7]."""
    tables = _tables("q3")
    shown = {label: text(t.title.split(": ", 1)[1] + " → ") + (
        f"$[{', '.join(map(str, t.output_shape))}]$" if t.feasible else text("infeasible"))
        for label, t in tables.items()}
    key = next(k.split(".")[0].split("_")[1] for k in SPEC.answers if k.startswith("q3_"))
    return pick("Exercise 2, Q3: kernels giving a 7×7 map with 10 channels from an 11×11 colour "
                "image (stride 1, padding 0).", (10, 7, 7), tables,
                lambda target, t: t.feasible and t.output_shape == target, source_answer=key,
                shown=shown, evidence=[t.verdict for t in tables.values()])


def q4():
    """Q4: dense minus convolution parameters."""
    conv, dense = run_task(TASKS["conv"])[0], run_task(TASKS["dense"])[0]
    diff = dense.total - conv.total
    tex = (conv.latex() + "\n\n" + dense.latex() + "\n\n" +
           f"$${fmt(dense.total)} - {fmt(conv.total)} = {fmt(diff)}$$")
    key = next(str(k) for k, v in Q4_OPTIONS.items()
               if v == SPEC.answers["dense.total - conv.total"])
    return pick("Exercise 2, Q4: how many more parameters a dense layer needs than a 3×3 "
                "convolution (stride 1, padding 1) to map a 50×50 image to its H×W output.",
                diff, Q4_OPTIONS, source_answer=key, computed_tex=tex,
                evidence=[conv.verdict, dense.verdict],
                shown={k: f"${fmt(v)}$" for k, v in Q4_OPTIONS.items()})


def solve():
    a, b, c = q1(), q3(), q4()
    a.title, b.title, c.title = ("Q1: feasible architectures", "Q3: kernel shapes",
                                 "Q4: convolution vs dense layer")
    agree = all(x.agrees_with_source for x in (a, b, c)) and \
        all(m.mark == "right" for m in solve_spec(SPEC).marks)
    return Solution(
        parts=[a, b, c],
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
