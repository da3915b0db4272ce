r"""s001-ex1: Exercises I (001 §5, Exercises I).

The data set, the options and settings of Q6–Q10, the network of Q4 and the key's choices are in
``specs/s001-ex1.toml``; Q5 is symbolic and worked here.
"""

from pathlib import Path

from symnn.build import Solution
from symnn.solve import load_spec, solve as solve_spec
from symnn.solve.document import statement_latex
from symnn.solve.work import changed, run_task
from symnn.worked import pick
from symnn.worked.numfmt import exact, fmt
from symnn.worked.render import matrix, text
from symnn.worked.verify import round_half_up_float

ID = "s001-ex1"
TITLE = "Exercises I"
SOURCE = "001 §5, Exercises I"
SPEC = load_spec(Path(__file__).with_name("specs") / "s001-ex1.toml")
TASKS = {t.name: t for t in SPEC.tasks}
KEY = {k.split(".")[0]: v for k, v in SPEC.answers.items()}
STATEMENT = (r"""Q4: the parameter count of an MLP; Q5: the minimiser of $\|X - x_1\|^2 + 2\|X - x_2\|^2$; Q6--Q10: gradient descent, SGD, momentum, AdaGrad and the perceptron on the 8-sample data set below, from $W = 0$, with the squared hinge loss $C_i(W) = \frac{1}{2}\max(0, 1 - y_i W^\top x_i)^2$ (pick the option and show the iterate)."""
             + "\n\n" + statement_latex(TASKS["q6"]).split("Objective")[0]
             + "\n\n".join(r"\textbf{%s.} " % t.name.upper()
                            + statement_latex(t, with_data=t.name == "q4") for t in SPEC.tasks))

TITLES = {4: "Q4: parameters of a 6-5-10-3 MLP", 5: "Q5: a weighted least-distance point",
          6: "Q6: gradient descent", 7: "Q7: stochastic gradient descent", 8: "Q8: momentum",
          9: "Q9: AdaGrad", 10: "Q10: one perceptron pass"}
_NAMES = {6: "gradient descent", 7: "SGD with i_t = (t mod 8) + 1", 8: "momentum",
          9: "AdaGrad with i_t = (t mod 8) + 1", 10: "one perceptron pass"}


def q4():
    """Q4: trainable parameters of the 6-5-10-3 MLP."""
    t = run_task(TASKS["q4"])[0]
    return pick("Exercise 1, Q4: trainable parameters of a 6-5-10-3 fully connected MLP.",
                t.total, {"A": 100, "B": 128, "C": 160, "D": 180}, source_answer="B",
                computed_tex=t.latex(), evidence=t.verdict)


def q5(seed: int = 0):
    """Q5: the minimiser of f(X) = ‖X − x₁‖² + 2‖X − x₂‖², x₁ = (a, b), x₂ = (c, d).

    X* solves ∇f = 0 (SymPy ``solve``); the identity f(X) − f(X*) = 3‖X − X*‖², checked by
    :func:`symnn.check_equation` (both witnesses), shows it is the unique minimiser.  Independently,
    the gradient of f is taken by central differences in floats at random a, b, c, d and each
    option's point: the options where it vanishes are the independent matches.
    """
    import numpy as np
    import sympy as sp

    import symnn as sn
    from symnn.latex.printer import latex

    a, b, c, d = sp.symbols("a b c d", real=True)
    X1, X2 = sp.symbols("X_1 X_2", real=True)
    f = (X1 - a) ** 2 + (X2 - b) ** 2 + 2 * ((X1 - c) ** 2 + (X2 - d) ** 2)
    grad = [f.diff(X1), f.diff(X2)]
    sol = sp.solve(grad, [X1, X2], dict=True)[0]
    star = (sol[X1], sol[X2])
    square = 3 * ((X1 - star[0]) ** 2 + (X2 - star[1]) ** 2)
    verdict = sn.check_equation(f - f.subs(sol), square, seed=seed)
    options = {"A": (a / 3 + c / 3, b / 3 + d / 3), "B": (a / 2 + c / 2, b / 2 + d / 2),
               "C": (a / 3 + 2 * c / 3, b / 3 + 2 * d / 3),
               "D": (2 * a / 3 + c / 3, 2 * b / 3 + d / 3)}
    rng = np.random.default_rng(seed)
    vals = dict(zip((a, b, c, d), rng.uniform(-2, 2, 4)))
    fnum = sp.lambdify((X1, X2), f.subs(vals), "math")
    h = 1e-6
    independent = []
    for lab, o in options.items():
        p = [float(v.subs(vals)) for v in o]
        g = [(fnum(p[0] + h, p[1]) - fnum(p[0] - h, p[1])) / (2 * h),
             (fnum(p[0], p[1] + h) - fnum(p[0], p[1] - h)) / (2 * h)]
        if max(abs(v) for v in g) < 1e-6:
            independent.append(lab)
    tex = ("$$f(X) = %s$$\n\n$$\\frac{\\partial f}{\\partial X_1} = %s = 0, \\quad "
           "\\frac{\\partial f}{\\partial X_2} = %s = 0 \\;\\Longrightarrow\\; X^* = "
           "\\begin{bmatrix} %s \\\\ %s \\end{bmatrix}$$\n\n"
           % (latex(f), latex(sp.expand(grad[0])), latex(sp.expand(grad[1])), latex(star[0]),
              latex(star[1]))
           + text("It is the unique minimiser: completing the square,")
           + "\n$$f(X) - f(X^*) = %s \\ge 0,$$\n" % latex(square)
           + text(f"an identity checked symbolically and numerically ({verdict.verdict}, "
                  f"{verdict.method}).") + "\n\n"
           + text("Independently, central differences of f in floats at random a, b, c, d vanish "
                  f"at option(s) {', '.join(independent) or 'none'}."))
    return pick("Exercise 1, Q5: the minimiser over X in the plane of the squared distance to "
                "x1 = (a, b) plus twice the squared distance to x2 = (c, d).", star, options,
                lambda s, o: all(sp.simplify(p - q) == 0 for p, q in zip(s, o)),
                source_answer="C", computed_tex=tex, evidence=verdict, independent=independent,
                shown={lab: r"$\left(%s,\ %s\right)^\top$" % (latex(o[0]), latex(o[1]))
                       for lab, o in options.items()})


def optimizer(question: int, **changes):
    """Q6–Q10 as a multiple choice; ``changes`` override the spec's settings (``lr``, ``steps``,
    ``alpha``, ``delta``, ``passes``, …)."""
    task = TASKS[f"q{question}"]
    if changes:
        task = changed(task, **changes)
    trace = run_task(task)[0]
    options = task.data["options"]
    k = task.data["digits"]
    computed = trace.rounded(k)
    # the options matched by the float witness of the trace, rounded the same way
    witness = [round_half_up_float(float(v), k) for v in trace.witness[-1]] \
        if trace.witness else [None]
    independent = None if None in witness else [
        lab for lab, o in options.items() if all(abs(a - float(b)) < 10 ** -(k + 3)
                                                 for a, b in zip(witness, o))]
    c = pick(f"Exercise 1, Q{question}: W after {trace.steps} steps of {_NAMES[question]} "
             f"from W = 0.", computed, options,
             lambda w, o: tuple(w) == tuple(exact(v) for v in o),
             evidence=trace.verdict, independent=independent,
             source_answer=KEY[f"q{question}"] if not changes else None,
             shown={lab: "$" + matrix([[fmt(exact(v), k)] for v in o]) + "$"
                    for lab, o in options.items()},
             computed_tex=trace.latex())
    c.trace = trace
    if question == 10:
        c.notes += ["the source updates when y Wᵀx < 0; from W = 0 that never fires (y Wᵀx = 0), "
                    "so the update condition must be y Wᵀx ≤ 0",
                    "the source's rule W + η(y − ŷ)x gives option C with η = ½ (that is W + y x); "
                    "Q10 states no η, and η = 1 would give twice C, which is not an option"]
    if question in (8, 9):
        c.notes.append("the update rule is a reading of the source (momentum: v := αv − η∇C, "
                       "then W := W + v; AdaGrad: δ added to the square root of r in the "
                       "denominator); the source states neither formula, and its key picks the "
                       "same option")
    if not c.matching:
        nearest = min(options, key=lambda lab: max(abs(float(a) - float(exact(b)))
                                                   for a, b in zip(computed, options[lab])))
        c.notes.append(f"no option matches; the nearest is {nearest}")
    return c


def solve():
    choices = {4: q4(), 5: q5()}
    choices.update({q: optimizer(q) for q in range(6, 11)})
    for q, c in choices.items():
        c.title = TITLES[q]
    marks = {m.key.split(".")[0]: m.mark for m in solve_spec(SPEC).marks}
    differ = [f"Q{q}" for q, c in choices.items() if c.agrees_with_source is False]
    differ += [name.upper() for name, mark in marks.items() if mark != "right"
               and name.upper() not in differ]
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
