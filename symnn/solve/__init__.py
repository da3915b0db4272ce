r"""Worked homework from the student's own numbers: ``symnn solve SPEC.toml``.

A spec (TOML, read with :mod:`tomllib`) declares training steps, optimizer traces and network
tables from their data, and optionally answers to mark; :func:`solve` computes every result with
:mod:`symnn.worked` (each with its verdict from an independent recomputation) and marks the
answers; :mod:`symnn.solve.document` writes the solution (LaTeX in English or Chinese, JSON).

>>> spec = parse_spec('''
... [table]
... input = [1, 50, 50]
... layers = "Conv2d(1, 1, kernel_size=3, padding=1)"
... ''')
>>> solved = solve(spec)
>>> solved.results["table"][0].total, solved.verdict
(10, 'verified')
"""

from .spec import Spec, SpecError, Task, load_spec, parse_spec
from .work import Mark, Solved, solve

__all__ = ["Spec", "SpecError", "Task", "load_spec", "parse_spec", "Mark", "Solved", "solve"]
