r"""The command-line path for matrix problems (``--matrix NAME:ROWS,COLS``).

:mod:`symnn.cli` hands ``check`` and ``derive`` here when matrices are declared; the report and
the JSON object follow INTERFACE.md, with ``closed_form`` in LaTeX (``X^{T}``, ``\odot``) and, for
``derive --solve``, the extra keys ``optimum``, ``hessian`` and ``optimum_verdict``.

>>> from symnn.cli import main
>>> main(["check", "--expr", "x^T A x", "--wrt", "x", "--claim", "(A + A^T)x",
...       "--matrix", "x:n,1", "--matrix", "A:n,n", "--json"])  # doctest: +ELLIPSIS
{"verdict": "verified", ...}
0
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from ..errors import SymnnInputError
from ..latex.printer import latex, plain
from ..latex.proof import render_steps_plain
from ..verdict import Verdict

__all__ = ["declarations", "run_check", "run_derive"]


def declarations(items: list[str]) -> dict[str, tuple]:
    """``["X:n,d", "W:d,1"]`` → ``{"X": (n, d), "W": (d, 1)}`` (each read by the parser)."""
    from ..latex.parser import parse_matrix_declaration

    out: dict[str, tuple] = {}
    for item in items:
        name, shape = parse_matrix_declaration(item)
        if name in out:
            raise SymnnInputError(f"the matrix {name} is declared twice")
        out[name] = tuple(shape)
    return out


def _detail_lines(v: Verdict) -> list[str]:
    cx = v.counterexample or {}
    if "entry" not in cx:
        return []
    shapes = ", ".join(f"{k} {'×'.join(map(str, s))}" for k, s in cx.get("shapes", {}).items())
    return [f"  entry {cx['entry']} differs (shapes {shapes}; random matrices from seed {cx.get('seed', 0)})"]


def _declared_matrices(args: argparse.Namespace) -> dict:
    """The ``--matrix`` declarations, after the checks every matrix command shares."""
    if args.order != 1:
        raise SymnnInputError("only first derivatives (gradients) of matrix expressions are supported")
    if args.define:
        raise SymnnInputError("--define is not supported with --matrix yet")
    return declarations(args.matrix)


def run_check(args: argparse.Namespace, emit: Callable[[dict, list, bool], None],
              verdict_lines: Callable[[Verdict], list[str]]) -> int:
    """``symnn check ... --matrix ...``: a gradient claim or a matrix equation."""
    from . import frontend

    matrices = _declared_matrices(args)
    if args.equation is not None:
        if any(x is not None for x in (args.expr, args.wrt, args.claim)):
            raise SymnnInputError("give either --equation or --expr/--wrt/--claim, not both")
        from ..latex.parser import parse_equation_chain

        sides = parse_equation_chain(args.equation, matrices=matrices)
        verdicts = [frontend.check_matrix_equation(a, b, assume=args.assume, seed=args.seed, matrices=matrices)
                    for a, b in zip(sides, sides[1:])]
        worst = max(verdicts, key=lambda v: (v.verdict != "verified", v.exit_code))
        report: list[str] = []
        for (a, b), v in zip(zip(sides, sides[1:]), verdicts):
            report.append(f"{plain(a)} = {plain(b)}")
            report += ["  " + line for line in verdict_lines(v) + _detail_lines(v)]
        emit(worst.to_json(latex(sides[-1])), report, args.json)
        return worst.exit_code
    missing = [n for n in ("expr", "wrt", "claim") if getattr(args, n) is None]
    if missing:
        raise SymnnInputError("check needs --equation, or all of --expr, --wrt and --claim (missing --"
                              + ", --".join(missing) + ")")
    from .frontend import _claim, _expr, _variable

    expr, wrt = _expr(args.expr, matrices, "expression"), _variable(args.wrt, matrices, scalar=True)
    claim, unformed = _claim(args.claim, matrices)
    v = frontend.check_matrix(args.expr, args.wrt, args.claim, assume=args.assume, seed=args.seed,
                              matrices=matrices)
    shown = args.claim if unformed is not None else plain(claim)  # a claim that cannot be formed: as written
    report = [f"claim: ∇_{wrt.name} ({plain(expr)}) = {shown}", *verdict_lines(v), *_detail_lines(v)]
    emit(v.to_json(args.claim if unformed is not None else latex(claim)), report, args.json)
    return v.exit_code


def run_derive(args: argparse.Namespace, emit: Callable[[dict, list, bool], None],
               verdict_lines: Callable[[Verdict], list[str]]) -> int:
    """``symnn derive ... --matrix ... [--solve]``: the gradient, and the optimum when asked."""
    from . import frontend

    matrices = _declared_matrices(args)
    d = frontend.derive_matrix(args.expr, args.wrt, solve=bool(getattr(args, "solve", False)), assume=args.assume,
                               seed=args.seed, matrices=matrices)
    report = [plain(d.start), *render_steps_plain(d), "", f"closed form: {plain(d.closed_form)}",
              *verdict_lines(d.verdict)]
    payload: dict[str, Any] = d.verdict.to_json(latex(d.closed_form))
    if d.optimum is not None:
        opt = d.optimum
        report += [
            "",
            f"normal equations: {plain(opt.normal_equation.lhs)} = {plain(opt.rhs)}",
            f"Hessian: H = {plain(opt.hessian)} ({opt.definiteness}"
            + (f" for {', '.join(plain(c) for c in opt.conditions)}" if opt.conditions else "") + ")",
            f"optimum: {plain(opt.star)} = {plain(opt.solution)}",
            *verdict_lines(opt.verdict),
        ]
        overall = d.overall
        payload = overall.to_json(latex(d.closed_form))
        payload.update(optimum=latex(opt.solution), hessian=latex(opt.hessian),
                       optimum_verdict=opt.verdict.verdict, gradient_verdict=d.verdict.verdict)
    emit(payload, report, args.json)
    return d.overall.exit_code
