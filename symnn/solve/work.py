r"""Solving a checked spec with :mod:`symnn.worked`, and marking the answers it gives.

Each task becomes worked results (training steps, a trace, a table), each with its verdict from an
independent recomputation.  Each answer is marked **right** (its value, rounded to the decimals it
is written with, equals the exact result), **rounding** (it differs, but equals the same
computation with intermediate values rounded as ``hand_round`` states) or **wrong**.

>>> from symnn.solve.spec import parse_spec
>>> spec = parse_spec('[table]\ninput = [4]\nlayers = "Linear(4, 2)"\n[answers]\n"table.total" = 9')
>>> solved = solve(spec)
>>> [(m.key, m.mark) for m in solved.marks], solved.verdict
([('table.total', 'wrong')], 'verified')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sympy import Rational

from ..models.spec import LayerSpec, MLPSpec
from ..worked import optimizers as O
from ..worked.numfmt import decimal_str, round_half_up
from ..worked.tables import mlp_table, network_table
from ..worked.training import training_step
from .spec import Spec, SpecError, Task

__all__ = ["Solved", "Mark", "solve", "run_task", "changed"]


@dataclass
class Mark:
    """One marked answer."""

    key: str
    given: Any
    expected: str          # the exact result as text (to the decimals of the answer)
    mark: str              # "right", "rounding" or "wrong"
    note: str = ""


@dataclass
class Solved:
    spec: Spec
    results: dict[str, list]             # task name → worked results (in order)
    marks: list[Mark] = field(default_factory=list)

    @property
    def verdicts(self) -> list:
        return [r.verdict for rs in self.results.values() for r in rs if r.verdict is not None]

    @property
    def verdict(self) -> str:
        """refuted / undetermined / verified over every result (the worst wins)."""
        names = [v.verdict for v in self.verdicts]
        for worst in ("error", "refuted", "undetermined"):
            if worst in names:
                return worst
        return "verified" if names else "undetermined"


def _fr(v: Fraction) -> Rational:
    return Rational(v.numerator, v.denominator)


# --------------------------------------------------------------------------- running the tasks


def _training(task: Task, round_to: int | None) -> list:
    d = task.data
    layers = tuple(LayerSpec(l["units"], l["activation"], bias=l["bias"] is not None)
                   for l in d["layers"])
    net = MLPSpec(len(d["x"]), layers, loss=d["loss"])
    weights = [[[_fr(v) for v in row] for row in l["weights"]] for l in d["layers"]]
    biases = [None if l["bias"] is None else
              ([_fr(v) for v in l["bias"]] if isinstance(l["bias"], list) else _fr(l["bias"]))
              for l in d["layers"]]
    names = None
    if any(l["names"] for l in d["layers"]):
        names = [l["names"] or [[f"w^{{({i + 1})}}_{{{j + 1}{k + 1}}}" for k in range(len(row))]
                                for j, row in enumerate(l["weights"])]
                 for i, l in enumerate(d["layers"])]
    bias_names = None
    if any(l["bias_names"] for l in d["layers"]):
        bias_names = [l["bias_names"] for l in d["layers"]]
    rnd = d["round"] if d["round"] is not None else round_to
    steps = []
    for s in range(d["steps"]):
        title = task.title or "One training step"
        if d["steps"] > 1:
            title += f" (step {s + 1} of {d['steps']})"
        step = training_step(net, weights, biases, x=[_fr(v) for v in d["x"]],
                             target=[_fr(v) for v in d["target"]], lr=_fr(d["lr"]),
                             weight_names=names, bias_names=bias_names, round_to=rnd,
                             hand_round=d["hand_round"] or None,
                             notes=task.notes if s == 0 else (), title=title)
        steps.append(step)
        # the next step starts from the updated parameters
        weights = [[[step.updated[n] for n in row] for row in layout[0]] for layout in step.layout]
        biases = [None if b is None else (step.updated[layout[1][0]] if not isinstance(b, list)
                                          else [step.updated[n] for n in layout[1]])
                  for b, layout in zip(biases, step.layout)]
    return steps


_RUNNERS = {"gd": O.gradient_descent, "sgd": O.sgd, "momentum": O.momentum, "nesterov": O.nesterov,
            "adagrad": O.adagrad, "rmsprop": O.rmsprop, "adam": O.adam, "perceptron": O.perceptron}


def _optimizer(task: Task) -> list:
    d = task.data
    data = O.Dataset([[_fr(v) for v in row] for row in d["X"]], [_fr(v) for v in d["y"]],
                     loss=d["objective"])
    kw: dict[str, Any] = {k: _fr(d[k]) for k in ("lr", "alpha", "rho", "rho1", "rho2", "delta")
                          if k in d}
    method = d["method"]
    if method != "perceptron":
        kw["steps"] = d["steps"]
    if "passes" in d:
        kw["passes"] = d["passes"]
    if "strict" in d:
        kw["strict"] = d["strict"]
    if "W0" in d:
        kw["W0"] = [_fr(v) for v in d["W0"]]
    kw["digits"] = d["digits"]
    if method in ("sgd", "adagrad"):
        kw["schedule"] = d.get("order")
    elif method == "perceptron":
        kw["order"] = d.get("order")
    elif method in ("nesterov", "rmsprop", "adam"):
        if d.get("gradient") == "sample" or "order" in d:
            kw["order"] = d.get("order", list(range(d["n"])))
    trace = _RUNNERS[method](data, **kw)
    trace.title = task.title or f"{trace.method}: {trace.steps} steps"
    trace.notes = list(task.notes) + trace.notes
    return [trace]


def _table(task: Task) -> list:
    d = task.data
    if "widths" in d:
        t = mlp_table(d["widths"], notes=task.notes)
    else:
        t = network_table(d["layers"], d["input"], n_classes=d.get("classes"), notes=task.notes)
    if task.title:
        t.title = task.title
    return [t]


def changed(task: Task, **changes) -> Task:
    """``task`` with some of its settings changed (numbers such as ``lr="0.3"`` read exactly),
    for "what if" variants of a problem.

    >>> from symnn.solve.spec import parse_spec
    >>> t = parse_spec('[table]' + chr(10) + 'widths = [2, 1]').tasks[0]
    >>> changed(t, widths=[3, 1]).data["widths"], t.data["widths"]
    ([3, 1], [2, 1])
    """
    from dataclasses import replace
    from .spec import number
    numeric = ("lr", "alpha", "rho", "rho1", "rho2", "delta")
    data = dict(task.data)
    for k, v in changes.items():
        data[k] = number(v, k) if k in numeric and v is not None else v
    return replace(task, data=data)


def run_task(task: Task, round_to: int | None = None) -> list:
    """The worked results of one task."""
    if task.kind == "training":
        return _training(task, round_to)
    if task.kind == "optimizer":
        return _optimizer(task)
    return _table(task)


# --------------------------------------------------------------------------- marking


def _quantity(solved: Solved, path: str, key: str):
    """(exact value, hand-rounded value or None) of ``NAME.QUANTITY``."""
    parts = path.split(".")
    tasks = {t.name: t for t in solved.spec.tasks}
    if parts[0] not in tasks:
        if len(tasks) != 1:
            raise SpecError(f"answers.{key}", f"expected a task name first ({', '.join(tasks)})")
        parts = [next(iter(tasks))] + parts
    task, rest = tasks[parts[0]], ".".join(parts[1:])
    results = solved.results[task.name]
    if task.kind == "training":
        first, last = results[0], results[-1]
        hand = last.hand
        if rest in last.updated:
            return last.updated[rest], hand.updated[rest] if hand else None
        if rest.startswith("grad.") and rest[5:] in first.gradients:
            return first.gradients[rest[5:]], first.hand.gradients[rest[5:]] if first.hand else None
        if rest == "loss_before":
            return first.loss_before, first.hand.loss_before if first.hand else None
        if rest == "loss_after":
            return last.loss_after, hand.loss_after if hand else None
        if rest in ("output", "output_after"):
            src = first.outputs_before if rest == "output" else last.outputs_after
            return list(src), None
        known = list(last.updated) + ["grad.<name>", "loss_before", "loss_after", "output",
                                      "output_after"]
    elif task.kind == "optimizer":
        trace = results[0]
        if rest == "W":
            return list(trace.final), None
        if rest == "option" and "options" in task.data:
            return _option(trace, task.data["options"]), None
        known = ["W"] + (["option"] if "options" in task.data else [])
    else:
        t = results[0]
        if rest == "total":
            return t.total, None
        if rest == "feasible":
            return t.feasible, None
        if rest == "output":
            return list(t.output_shape) if t.output_shape else None, None
        if rest == "params":
            return [r.params for r in t.rows[1:]], None
        known = ["total", "feasible", "output", "params"]
    raise SpecError(f"answers.{key}", f"unknown quantity {rest!r} of {task.name}; expected one "
                                      "of " + ", ".join(known))


def _option(trace, options: dict) -> str | None:
    """The label whose vector equals W⁽ᵀ⁾ rounded to the decimals the option is written with."""
    for label, vec in options.items():
        if all(round_half_up(w, _decimals(v)) == _fr(Fraction(v)) for w, v in zip(trace.final, vec)):
            return label
    return None


def _decimals(text: str) -> int:
    text = str(text)
    return len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0


_DERIVED = re.compile(r"\s*([+-])?\s*([A-Za-z_][\w.{}^]*)\s*")


def _value(solved: Solved, key: str):
    """A quantity, or a sum/difference of quantities (``"dense.total - conv.total"``)."""
    if not re.search(r"\s[+-]\s", key):
        return _quantity(solved, key, key)
    total, hand, pos = 0, 0, 0
    while pos < len(key):
        m = _DERIVED.match(key, pos)
        if not m or m.end() == pos or (pos and not m.group(1)):
            raise SpecError(f"answers.{key}", f"expected quantities joined by + or - at "
                                              f"character {pos + 1}")
        v, h = _quantity(solved, m.group(2), key)
        if not isinstance(v, (int,)) and not getattr(v, "is_number", False):
            raise SpecError(f"answers.{key}", f"{m.group(2)} is not a number")
        sign = -1 if m.group(1) == "-" else 1
        total, hand = total + sign * v, None if h is None or hand is None else hand + sign * h
        pos = m.end()
    return total, hand


def _mark_number(key, given, exact, hand, asked: int | None) -> Mark:
    text = repr(given) if isinstance(given, float) else str(given).strip()
    value = number_or_fail(given, key)
    k = _decimals(text)
    # judged at the decimals asked when the answer gives fewer: 0.164 for 0.1638 is not right
    K = max(k, asked) if asked is not None and isinstance(given, (str, float)) else k
    shown = decimal_str(exact, K)
    note = f"given to {k} decimals; {K} asked" if K > k else ""
    if round_half_up(exact, K) == value:
        return Mark(key, given, shown, "right", note)
    if hand is not None and round_half_up(hand, k) == value:
        return Mark(key, given, shown, "rounding",
                    "matches the computation with intermediate values rounded early"
                    + (f"; {note}" if note else ""))
    diff = decimal_str(value - round_half_up(exact, K), K)
    return Mark(key, given, shown, "wrong", f"off by {diff}" + (f"; {note}" if note else ""))


def number_or_fail(given, key) -> Rational:
    from .spec import number
    return _fr(number(given, f"answers.{key}"))


def _mark(solved: Solved, key: str, given) -> Mark:
    exact, hand = _value(solved, key)
    asked = solved.spec.round
    if isinstance(exact, bool) or isinstance(given, bool):
        if not isinstance(given, bool):
            raise SpecError(f"answers.{key}", f"expected true or false, found {given!r}")
        return Mark(key, given, str(exact).lower(), "right" if given == exact else "wrong")
    if exact is None or isinstance(exact, str) or key.endswith("option"):
        return Mark(key, given, str(exact), "right" if str(given) == str(exact) else "wrong",
                    "" if exact is not None else "no option matches the computation")
    if isinstance(exact, list):
        if not isinstance(given, list) or len(given) != len(exact):
            raise SpecError(f"answers.{key}", f"expected a list of {len(exact)} values")
        marks = [_mark_number(f"{key}[{i + 1}]", g, e, None, asked)
                 for i, (g, e) in enumerate(zip(given, exact))]
        worst = next((m for m in marks if m.mark == "wrong"), None) or \
            next((m for m in marks if m.mark == "rounding"), None)
        return Mark(key, given, "[" + ", ".join(m.expected for m in marks) + "]",
                    worst.mark if worst else "right",
                    "; ".join(f"{m.key}: {m.note}" for m in marks if m.mark != "right"))
    if isinstance(exact, int) and not isinstance(given, (str, float)):
        return Mark(key, given, str(exact), "right" if given == exact else "wrong",
                    "" if given == exact else f"off by {given - exact}")
    return _mark_number(key, given, exact, hand, asked)


def solve(spec: Spec) -> Solved:
    """Run every task of ``spec`` and mark its answers."""
    solved = Solved(spec, {t.name: run_task(t, spec.round) for t in spec.tasks})
    solved.marks = [_mark(solved, key, given) for key, given in spec.answers.items()]
    return solved
