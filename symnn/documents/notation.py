r"""The habits of real answer keys, rewritten into symnn's LaTeX vocabulary before parsing.

Only the public parser (:func:`symnn.latex.parser.parse_latex`) reads mathematics.  This module
rewrites what documents write and the vocabulary does not: thousands separators (``6,400,040``),
``\max\{0, x\}``, ``sig(·)``, ``\text{softmax}(x)_{[i]}``, ``\dots`` in sums, multi-letter names
(``Label_1``, ``Loss``), labelled quantities (``w_{11}^+``, ``E^+``, ``y'``, ``a_j^L``,
``x^{(i)}``), and it takes out the constructs whose meaning depends on the document — derivative
fractions ``\frac{\partial C}{\partial w}`` and the document's own functions ``f(x)`` — which
are read by the context (:mod:`symnn.documents.context`) and put back as placeholders.

>>> normalize(r"(160,000 + 1) \times 40,000 + \max\{0, x\}")
'(160000 + 1) \\times 40000 + \\mathrm{ReLU}(x)'
>>> expand_dots(r"|w_0|^2 + |w_1|^2 + \dots + |w_d|^2")
'\\sum_{q=0}^{d} |w_{q}|^2'
"""

from __future__ import annotations

import re

from ..errors import SymnnInputError


class Unreadable(Exception):
    """A piece of notation this layer cannot read with confidence (the step is ``unchecked``)."""


def matching(text: str, i: int, open_: str = "{", close: str = "}") -> int:
    """Index just past the bracket closing the one at ``text[i]``; -1 if unbalanced."""
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text) and text[j + 1] in "{}":
            j += 2
            continue
        if text.startswith(open_, j):
            depth += 1
        elif text.startswith(close, j):
            depth -= 1
            if depth == 0:
                return j + len(close)
        j += 1
    return -1


_WORD_FUNCTIONS = {"softmax": r"\mathrm{softmax}", "ReLU": r"\mathrm{ReLU}", "relu": r"\mathrm{ReLU}",
                   "softplus": r"\mathrm{softplus}", "tanh": r"\tanh", "exp": r"\exp", "log": r"\log",
                   "ln": r"\ln", "sig": r"\sigma", "sigmoid": r"\sigma", "Sigmoid": r"\sigma", "sgn": r"\mathrm{sign}",
                   "sign": r"\mathrm{sign}", "GELU": r"\mathrm{GELU}", "SiLU": r"\mathrm{SiLU}"}


def normalize(text: str) -> str:
    """Document notation → vocabulary notation (plain text rewriting; no placeholders)."""
    t = text
    # thousands separators: 6,400,040,000 -> 6400040000 (groups of exactly three digits)
    t = re.sub(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])", lambda m: m.group(0).replace(",", ""), t)
    t = re.sub(r"(?<![\d.])\d{1,3}(?:\{,\}\d{3})+(?![\d])", lambda m: m.group(0).replace("{,}", ""), t)
    # \text{softmax}, \operatorname{sig}, \mathrm{sig} ... -> vocabulary names
    def word(m: re.Match) -> str:
        w = m.group(1).strip()
        return _WORD_FUNCTIONS.get(w, m.group(0))

    t = re.sub(r"\\(?:text|operatorname|mathrm|textrm|mathit)\{\s*([A-Za-z]+)\s*\}", word, t)
    t = re.sub(r"(?<![\\A-Za-z])(softmax|ReLU|relu|softplus|sigmoid|Sigmoid|sig|exp|log|ln|tanh|sgn)(?=\s*[('^_])",
               lambda m: _WORD_FUNCTIONS[m.group(1)], t)
    t = re.sub(r"_\{\s*\[\s*([^\]{}]+)\s*\]\s*\}", r"_{\1}", t)  # softmax(x)_{[i]}
    t = re.sub(r"\^\{\s*\\prime\s*\}|\^\\prime\b|\^\{\s*'\s*\}", "'", t)
    t = re.sub(r"\^\{\s*''\s*\}", "''", t)
    # \max\{a, b\} -> \max(a, b);  remaining \{ \} are parentheses
    t = t.replace(r"\left\{", r"\{").replace(r"\right\}", r"\}")
    t = t.replace(r"\{", "(").replace(r"\}", ")")
    t = t.replace(r"\left(", "(").replace(r"\right)", ")").replace(r"\left[", "[").replace(r"\right]", "]")
    t = t.replace(r"\left|", "|").replace(r"\right|", "|")
    t = re.sub(r"\\(?:mathrm|text)\{\s*e\s*\}(?=\s*\^)", "e", t)
    t = t.replace(r"\ast", "*").replace("×", r"\times").replace("·", r"\cdot").replace("−", "-")
    t = re.sub(r"\\(?:dfrac|tfrac)\b", r"\\frac", t)
    t = _relu(t)
    t = re.sub(r"\\(?:cdots|ldots|dotsb|dotsc|dotsm)\b", r"\\dots", t)
    return t


def _relu(t: str) -> str:
    r"""``\max(0, x)`` is the ReLU of the vocabulary (SymPy's Max of sums is very slow to build)."""
    out, i = [], 0
    for m in re.finditer(r"\\max\s*\(", t):
        if m.start() < i:
            continue
        close = matching(t, m.end() - 1, "(", ")")
        if close < 0:
            continue
        inner = t[m.end():close - 1]
        depth, cut = 0, None
        for k, c in enumerate(inner):
            depth += c in "({[" and 1 or (c in ")}]" and -1 or 0)
            if c == "," and depth == 0:
                cut = k
                break
        if cut is None:
            continue
        a, b = inner[:cut].strip(), inner[cut + 1:].strip()
        if a == "0" or b == "0":
            out.append(t[i:m.start()])
            out.append(r"\mathrm{ReLU}(" + _relu(b if a == "0" else a) + ")")
            i = close
    out.append(t[i:])
    return "".join(out)


_FRESH_INDEX = "qrpuvnjkt"


def expand_dots(text: str) -> str:
    r"""``T_0 + T_1 + \dots + T_d`` → ``\sum_{q=0}^{d} T_q`` when the terms differ in one index only
    (inside the innermost bracket around the ``\dots``)."""
    k = text.find(r"\dots")
    if k < 0:
        return text
    depth, start = 0, 0
    for i in range(k - 1, -1, -1):
        c = text[i]
        if c in ")}]":
            depth += 1
        elif c in "({[":
            if depth == 0:
                start = i + 1
                break
            depth -= 1
    depth, end = 0, len(text)
    for i in range(k, len(text)):
        c = text[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            if depth == 0:
                end = i
                break
            depth -= 1
    inner = _expand_flat(text[start:end])
    return expand_dots(text[:start] + inner + text[end:]) if r"\dots" in inner else text[:start] + inner + text[end:]


def _expand_flat(text: str) -> str:
    m = re.search(r"(?P<first>[^+=]+?)\+(?P<second>[^+=]+?)\+\s*\\dots\s*\+(?P<last>[^+=]+?)$", text.strip())
    m2 = None
    if not m:
        m2 = re.search(r"(?P<first>[^+=]+?)\+\s*\\dots\s*\+(?P<last>[^+=]+?)$", text.strip())
    mm = m or m2
    if not mm:
        raise Unreadable(r"\dots that is not a sum of terms differing in one index")
    first, last = mm.group("first").strip(), mm.group("last").strip()
    prefix_len = len(text.strip()) - len(mm.group(0))
    prefix = text.strip()[:prefix_len]
    template = _index_template(first, last)
    if template is None:
        raise Unreadable(r"\dots between terms that do not differ in one index")
    pattern, lo, hi = template
    if m:
        second = m.group("second").strip()
        t2 = _index_template(first, second)
        if t2 is None or t2[0] != pattern:
            raise Unreadable(r"\dots between terms that do not differ in one index")
    q = next(c for c in _FRESH_INDEX if not re.search(r"(?<![\\A-Za-z])" + c + r"(?![A-Za-z])", text))
    body = pattern.replace("\x00", q)
    return prefix + r"\sum_{" + q + "=" + lo + "}^{" + hi + "} " + body


def _index_template(a: str, b: str):
    """If ``a`` and ``b`` differ in one subscript token, the template (index marked \\x00) and both values."""
    ta = re.split(r"(_\{?[A-Za-z0-9+-]+\}?)", a)
    tb = re.split(r"(_\{?[A-Za-z0-9+-]+\}?)", b)
    if len(ta) != len(tb):
        return None
    diff = [(i, x, y) for i, (x, y) in enumerate(zip(ta, tb)) if x != y]
    if len(diff) != 1:
        return None
    i, x, y = diff[0]
    if not (x.startswith("_") and y.startswith("_")):
        return None
    xa, yb = x[1:].strip("{}"), y[1:].strip("{}")
    parts = list(ta)
    parts[i] = "_{\x00}"
    return "".join(parts), xa, yb


__all__ = ["Unreadable", "normalize", "expand_dots", "matching", "SymnnInputError"]
