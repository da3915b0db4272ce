r"""The second witness of every worked result: an independent recomputation in plain floats.

A worked result is computed exactly (SymPy rationals, high precision).  Its ``verdict`` comes from
a *separate* implementation written here in plain Python / NumPy floats, which shares no code with
the exact computation except the problem's data:

* training steps: the loss as a float function of the named parameters (its own forward pass),
  central finite differences of it for every gradient, θ − η·g and the loss after the step
  recomputed from those floats (the exact step is also checked against SymPy's ``diff`` of the
  whole loss at 50 digits, see :mod:`symnn.worked.training`);
* network tables: every layer's weight tensors built as NumPy zero arrays from the layer spec
  (their ``.size`` counted) and every output shape obtained by sliding windows over zero arrays;
  the formula shown in each row is evaluated and must equal the count;
* optimizer traces: the same update rule rewritten with NumPy, every iterate compared;
* fits: ``numpy.linalg.lstsq`` / ``solve`` in float, and the normal equations checked exactly;
* attention: softmax(QKᵀ/√d_k)V in NumPy.

Agreement is judged with :data:`symnn.numeric.TOLERANCE` (relative 1e-6, absolute 1e-9 for tiny
values).  A disagreement makes the verdict ``refuted`` with the first value that differs (its name,
the independent value as ``expected``, the exact one as ``claimed``); a recomputation that cannot
decide (a ReLU exactly at its kink, a value on a rounding boundary) makes it ``undetermined``.

>>> from sympy import Rational
>>> v = compare("test", [("a", 1.0, Rational(1)), ("b", 0.5, Rational(1, 2))], unit="values")
>>> v.verdict, v.method, v.points_tried
('verified', 'exact', 2)
>>> compare("test", [("a", 1.0, 1.0 + 1e-12)], unit="values").verdict  # floats only: evidence
'undetermined'
>>> v = compare("test", [("a", 1.0, 1.1)], unit="values")
>>> v.verdict, v.counterexample["point"]
('refuted', {'value': 'a'})
"""

from __future__ import annotations

import ast
import math
from typing import Iterable, Sequence

from ..latex.language import tr
from ..latex.proof import escape_text, format_number
from ..numeric import TOLERANCE, relative_error
from ..verdict import Verdict

__all__ = ["compare", "combine", "undetermined", "refuted", "verification_latex", "FD_STEP",
           "eval_product_formula", "to_float", "round_half_up_float"]

#: Step of the central finite differences of a training step's loss (error ~ h² and eps/h ≈ 1e-11).
FD_STEP = 1e-5


def to_float(v) -> float:
    """A float of an exact SymPy value (vocabulary functions such as σ evaluated numerically)."""
    from .numfmt import _high
    if isinstance(v, (int, float)) or getattr(v, "is_Rational", False) or getattr(v, "is_Float", False):
        return float(v)
    return float(_high(v))   # 60 digits, cached: exact values are shared with the rendering


def compare(what: str, triples: Iterable[tuple[str, float, float]], *, points: int | None = None,
            unit: str = "values", enclosed: bool = False) -> Verdict:
    """Verdict of comparing ``(name, independent, exact)`` triples within :data:`TOLERANCE`.

    ``points`` is reported as ``points_tried`` (default: the number of triples).  ``enclosed``:
    the values that are not exact numbers were proved by a rigorous enclosure
    (:mod:`symnn.worked.enclosure`), which counts as an exact recomputation.
    """
    triples = list(triples)
    if not triples:
        return undetermined(f"{what}: nothing to compare")
    worst, bad = 0.0, None
    for name, indep, exact_ in triples:
        err = relative_error(float(indep), to_float(exact_))
        if err > worst:
            worst = err
        if err > TOLERANCE.rel and bad is None:
            bad = (name, float(indep), to_float(exact_))
    n = points if points is not None else len(triples)
    if bad is not None:
        name, indep, exact_ = bad
        return Verdict("refuted", method="numeric",
                       message=f"{what}: {name} is {exact_!r} but the independent float "
                               f"recomputation gives {indep!r}",
                       counterexample={"point": {"value": name}, "expected": indep,
                                       "claimed": exact_},
                       max_rel_error=worst, points_tried=n, numeric="counterexample")
    inexact = [name for name, _, exact_ in triples if not is_exact(exact_)]
    if inexact and enclosed:
        return Verdict("verified", method="exact",
                       message=f"{what}: {len(triples)} {unit} enclosed by interval arithmetic (outward rounding at "
                               "every operation, 40 digits certain), and they agree with an independent float "
                               "recomputation", max_rel_error=worst, points_tried=n, numeric="agree")
    if inexact:  # numbers that agree are evidence; verified needs the exact computation behind it
        return Verdict("undetermined",
                       message=f"{what}: {len(triples)} {unit} agree with an independent float recomputation, "
                               f"but {', '.join(inexact[:3])} {'is' if len(inexact) == 1 else 'are'} not computed "
                               "exactly (evidence, not a proof)", max_rel_error=worst, points_tried=n,
                       numeric="agree")
    return Verdict("verified", method="exact",
                   message=f"{what}: {len(triples)} {unit} computed exactly, and they agree with an "
                           f"independent float recomputation", max_rel_error=worst, points_tried=n, numeric="agree")


def is_exact(value) -> bool:
    """An exact number: an int, a Fraction, or a SymPy expression without floating-point atoms
    (σ(202/625) is exact; 0.1 as a Float is not).

    >>> import sympy
    >>> is_exact(sympy.Rational(1, 3)), is_exact(3), is_exact(0.5), is_exact(sympy.Float(0.5))
    (True, True, False, False)
    """
    import fractions

    if isinstance(value, bool) or isinstance(value, (int, fractions.Fraction)):
        return True
    atoms = getattr(value, "atoms", None)
    if atoms is None:
        return False
    import sympy

    return not value.atoms(sympy.Float)


def undetermined(message: str) -> Verdict:
    return Verdict("undetermined", message=message)


def refuted(message: str, name: str, expected, claimed) -> Verdict:
    return Verdict("refuted", method="numeric", message=message,
                   counterexample={"point": {"value": name}, "expected": expected,
                                   "claimed": claimed}, numeric="counterexample")


def combine(what: str, verdicts: Sequence[Verdict]) -> Verdict:
    """All verified → verified (points summed, worst error); else the first refuted / undetermined."""
    verdicts = [v for v in verdicts if v is not None]
    if not verdicts:
        return undetermined(f"{what}: no verdict")
    for name in ("error", "refuted", "undetermined"):
        for v in verdicts:
            if v.verdict == name:
                return Verdict(v.verdict, method=v.method, message=f"{what}: {v.message}",
                               counterexample=v.counterexample, max_rel_error=v.max_rel_error,
                               points_tried=v.points_tried, numeric=v.numeric)
    errors = [v.max_rel_error for v in verdicts if v.max_rel_error is not None]
    methods = {v.method for v in verdicts}
    return Verdict("verified", method="symbolic" if "symbolic" in methods else "exact", message=what,
                   max_rel_error=max(errors) if errors else None,
                   points_tried=sum(v.points_tried for v in verdicts), numeric="agree")


def verification_latex(verdict: Verdict | None, how: str = "",
                       kind: str = "independent float recomputation") -> str:
    r"""The "Verification" line of a worked result: what was recomputed, how many values were
    compared, the largest relative error (or the counterexample)."""
    head = tr(r"\emph{Verification.} ")
    if verdict is None:
        return head + tr("Not checked.")
    how = (" " + escape_text(tr(how.strip().rstrip("."))) + tr(".")) if how.strip() else ""
    if verdict.verdict == "verified":
        err = ("" if verdict.max_rel_error is None else
               tr(r", largest relative error $%s$") % format_number(verdict.max_rel_error))
        kind = tr(("exact computation and " + kind) if verdict.method in ("symbolic", "exact") else kind)
        count = tr("%d point compared" if verdict.points_tried == 1 else "%d points compared") % verdict.points_tried
        return head + tr(r"\textbf{Verified} (%s).") % kind + how + " " + count + err + tr(".")
    msg = escape_text(tr(verdict.message.strip().rstrip(".")))
    return head + r"\textbf{%s}%s%s%s" % (tr(verdict.verdict.capitalize()), tr(": "), msg, tr(".")) + how


# --------------------------------------------------------------------------- helpers


def round_half_up_float(x: float, k: int) -> float | None:
    """``x`` rounded to ``k`` decimals, halves away from zero; ``None`` when ``x`` is within float
    noise of a rounding boundary (the rounded value would not be reliable)."""
    scaled = abs(x) * 10 ** k
    frac = scaled - math.floor(scaled)
    if abs(frac - 0.5) < 1e-6:
        return None
    r = math.floor(scaled + 0.5) / 10 ** k
    return math.copysign(r, x) if r else 0.0


_ALLOWED = (ast.Expression, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Constant, ast.UnaryOp,
            ast.USub)


def eval_product_formula(tex: str) -> int:
    r"""The integer value of a count formula such as ``32 \times (3 \times 3 \times 3 + 1)``.

    Only digits, ``+``, ``-``, ``\times`` and parentheses are accepted (parsed with :mod:`ast`,
    never evaluated as code).

    >>> eval_product_formula(r"(400 + 1) \times 100")
    40100
    """
    src = tex.replace(r"\times", "*").replace("{,}", "").replace(",", "")
    tree = ast.parse(src, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED) or (isinstance(node, ast.Constant)
                                              and not isinstance(node.value, int)):
            raise ValueError(f"not a count formula: {tex!r}")

    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant):
            return n.value
        if isinstance(n, ast.UnaryOp):
            return -ev(n.operand)
        a, b = ev(n.left), ev(n.right)
        return a + b if isinstance(n.op, ast.Add) else a - b if isinstance(n.op, ast.Sub) else a * b

    return ev(tree)
