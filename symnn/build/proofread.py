r"""Proofreading the solution set as a TA would: what must never reach a reader.

Each check takes the LaTeX source, the PDF's text (``pdftotext``) or the LaTeX log and returns
one message per defect (an empty list: nothing found):

* :func:`overfull` — lines wider than the page by more than ``limit`` points (the log);
* :func:`leaks` — Python or SymPy words in the text (``True``, ``Piecewise``, ``Derivative(`` …);
* :func:`tautologies` — a displayed equation whose two sides print identically (``1 = 1``);
* :func:`repeated_steps` — a proof line equal to the line before it;
* :func:`dangling_signs` — a line starting ``= +``.

>>> tautologies(r"\[ \frac{1}{4} = \frac{1}{4} \]"), tautologies(r"\[ \sigma(0) = \frac{1}{2} \]")
(['equation with identical sides: \\frac{1}{4} = \\frac{1}{4}'], [])
>>> leaks("the row U is False"), leaks("Falsely")
(["'False' in: the row U is False"], [])
>>> overfull("Overfull \\hbox (12.5pt too wide) in paragraph at lines 3--4\nOverfull \\hbox (0.2pt too wide)")
['Overfull \\hbox (12.5pt too wide) in paragraph at lines 3--4']
"""

from __future__ import annotations

import re

from ..latex.proof import split_equals

__all__ = ["proofread", "overfull", "leaks", "tautologies", "repeated_steps", "dangling_signs", "LEAKS"]

#: Words of Python, SymPy and of symnn's own code that a reader must never see.
LEAKS = ("True", "False", "None", "Piecewise", "Heaviside", "Max(", "Min(", "Derivative(", "Subs(",
         "operatorname{sigmoid}", "ˆ", "symnn.", "numpy.", "sympy.", "KroneckerDelta", "Indexed(")

_OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)[^\n]*")


def overfull(log: str, limit: float = 5.0) -> list[str]:
    """Overfull boxes of the LaTeX log wider than ``limit`` points."""
    return [m.group(0) for m in _OVERFULL.finditer(log) if float(m.group(1)) > limit]


def leaks(text: str) -> list[str]:
    """Lines of ``text`` holding a word of :data:`LEAKS` (whole words for the plain names)."""
    found = []
    for line in text.splitlines():
        for word in LEAKS:
            pattern = re.escape(word) if not word[-1].isalpha() else r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(word)
            if re.search(pattern, line):
                found.append("%r in: %s" % (word, " ".join(line.split())))
    return found


def _norm(math: str) -> str:
    return re.sub(r"\s+|\\[,;!: ]|\\quad|\\qquad", "", math)


def tautologies(tex: str) -> list[str]:
    r"""Displayed equations (``\[ … \]``, ``\boxed{…}``) of the form ``A = A``."""
    found = []
    displays = re.findall(r"\\\[(.*?)\\\]", tex, flags=re.S)
    for math in displays:
        math = re.sub(r"^\s*\\boxed\{(.*)\}\s*$", r"\1", math.strip(), flags=re.S)
        sides = [" ".join(side.split()) for side in split_equals(math.strip().rstrip(".,"))]
        if len(sides) >= 2 and any(_norm(a) == _norm(b) and _norm(a) for a, b in zip(sides, sides[1:])):
            found.append("equation with identical sides: " + " = ".join(sides))
    return found


def _rows(block: str) -> list[str]:
    """The rows of an ``align*`` block: split at ``\\\\`` (or ``\\\\*``) outside braces (not in ``\\substack``)."""
    rows, depth, start, i = [], 0, 0, 0
    while i < len(block):
        if block.startswith("\\\\", i) and depth == 0:
            rows.append(block[start:i])
            i += 3 if block.startswith("*", i + 2) else 2  # \\* (no page break here) is a row end too
            start = i
            continue
        if block.startswith("\\{", i) or block.startswith("\\}", i):
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(block[i], 0)
        i += 1
    rows.append(block[start:])
    return rows


def _proof_lines(block: str) -> list[str]:
    """The expressions of an ``align*`` proof, one per step (continuation lines joined)."""
    exprs: list[str] = []
    for line in _rows(block):
        line = line.strip()
        if line.startswith(r"&\quad"):
            if exprs:
                exprs[-1] += " " + line[len(r"&\quad"):].strip()
            continue
        m = re.match(r"&=?\s*(.*?)(?:&&.*)?$", line, flags=re.S)
        if m:
            exprs.append(m.group(1))
    return exprs


def repeated_steps(tex: str) -> list[str]:
    r"""Lines of ``align*`` proofs that repeat the line before them."""
    found = []
    for block in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", tex, flags=re.S):
        exprs = _proof_lines(block)
        for before, after in zip(exprs, exprs[1:]):
            if _norm(before) == _norm(after) and _norm(after):
                found.append("step repeats the line before: " + " ".join(after.split())[:120])
    return found


def dangling_signs(text: str) -> list[str]:
    """Lines (of the PDF's text or of the LaTeX) that start with ``= +``."""
    return [" ".join(line.split()) for line in text.splitlines()
            if re.match(r"\s*&?\s*=\s*(\\left)?\(?\s*\+\s*[^\s=]", line)]


def proofread(tex: str = "", text: str = "", log: str = "", *, limit: float = 5.0) -> list[str]:
    """Every defect of a solution set: its LaTeX, the PDF's text and the LaTeX log."""
    return (overfull(log, limit) + leaks(text) + tautologies(tex) + repeated_steps(tex)
            + dangling_signs(text) + dangling_signs(tex))
