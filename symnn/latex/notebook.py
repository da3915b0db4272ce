r"""How derivations and verdicts look in Jupyter: ``_repr_latex_`` and ``_repr_html_``.

A :class:`~symnn.calculus.derivation.Derivation` shows its ``align*`` proof and its verdict; a
:class:`~symnn.verdict.Verdict` its verdict, message and counterexample.  :func:`init_printing`
makes bare SymPy results print in house style too (σ, ŷ, ⊙, ``^T``).

>>> import symnn as sn
>>> d = sn.derive(r"\sigma(x)", "x")
>>> print(derivation_latex(d).splitlines()[0])
\begin{align*}
>>> "verified" in verdict_html(d.verdict)
True
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .printer import latex
from .proof import plain, render_steps_plain

if TYPE_CHECKING:  # pragma: no cover
    from ..calculus.derivation import Derivation
    from ..verdict import Verdict

__all__ = ["derivation_latex", "derivation_html", "verdict_latex", "verdict_html", "init_printing"]


def _verdict_words(v: "Verdict") -> str:
    return v.verdict + (f" ({v.method})" if v.method else "")


def _counterexample_plain(v: "Verdict") -> str:
    cx = v.counterexample or {}
    if "expected" not in cx:
        return ""
    point = ", ".join(f"{k} = {val:.6g}" for k, val in (cx.get("point") or {}).items())
    where = f"at {point}: " if point else ""
    return f"counterexample: {where}the true value is {cx['expected']:.10g}, the claim gives {cx['claimed']:.10g}"


def _mathjax_text(text: str) -> str:
    """Plain text for ``\\text{…}`` in MathJax (Unicode stays; LaTeX specials are escaped)."""
    specials = {"\\": r"\backslash ", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "%": r"\%", "_": r"\_", "^": r"\hat{}", "~": r"\sim "}
    return "".join(specials.get(ch, ch) for ch in text)


def verdict_latex(v: "Verdict") -> str:
    r"""The verdict as math-mode text for a notebook's ``text/latex`` (rendered by MathJax).

    >>> from symnn.verdict import Verdict
    >>> verdict_latex(Verdict("refuted", method="numeric", message="the claim is false"))
    '$\\textbf{refuted}\\text{ (numeric): the claim is false}$'
    """
    head = r"\textbf{%s}\text{%s}" % (v.verdict, _mathjax_text((f" ({v.method})" if v.method else "")
                                                               + (f": {v.message}" if v.message else "")))
    cx = _counterexample_plain(v)
    return "$%s$" % head + (r" $\text{%s}$" % _mathjax_text(cx) if cx else "")


def verdict_html(v: "Verdict") -> str:
    """The verdict as an HTML paragraph for a notebook."""
    parts = ["<p><b>verdict:</b> %s" % html.escape(_verdict_words(v))]
    if v.message:
        parts.append("<br>%s" % html.escape(v.message))
    cx = _counterexample_plain(v)
    if cx:
        parts.append("<br>%s" % html.escape(cx))
    return "".join(parts) + "</p>"


def derivation_latex(d: "Derivation") -> str:
    """The proof (an ``align*`` block) and the verdict, for a notebook's ``text/latex``."""
    out = d.latex()
    if d.verdict is not None:
        out += "\n" + verdict_latex(d.verdict)
    return out


def derivation_html(d: "Derivation") -> str:
    """The proof, one step a row (plain text: σ, ŷ, ⊙), the closed form and the verdict, as HTML."""
    rows = ["<tr><td></td><td>%s</td><td></td></tr>" % html.escape(plain(d.start))]
    for line in render_steps_plain(d):
        expr, _, why = line[2:].rpartition("   [")
        rows.append("<tr><td>=</td><td>%s</td><td><i>%s</i></td></tr>" % (html.escape(expr), html.escape(why[:-1])))
    table = '<table class="symnn-proof">%s</table>' % "".join(rows)
    closed = "<p><b>closed form:</b> %s</p>" % html.escape(plain(d.closed_form))
    return table + closed + (verdict_html(d.verdict) if d.verdict is not None else "")


def init_printing(**settings: Any) -> None:
    """Make Jupyter print every SymPy result with symnn's printer (σ, ŷ, ⊙, ``^T``)."""
    import sympy

    sympy.init_printing(latex_printer=lambda expr, **kw: latex(expr), **settings)
