r"""A passage quoted from a source document (Markdown with ``$…$`` math, as the seeds are written)
typeset as LaTeX text, word for word.

Math between ``$…$`` / ``$$…$$`` stays math; ``**bold**`` becomes bold; the rest is escaped text,
except the bits of LaTeX the sources write without dollars (``(\mathbf{x}, y)``, ``x_i``, ``θ_j``),
which are set as the math they are.

>>> print(quoted_latex(r"记 \hat{y}_1 为预测概率, 请计算 $\frac{\partial \ell}{\partial \beta_1}$ 。"))
记 $\hat{y}_1$ 为预测概率, 请计算 $\frac{\partial \ell}{\partial \beta_1}$ 。
>>> print(quoted_latex("阈值用 θ_j 表示; 100% 正确"))
阈值用 $\theta_j$ 表示; 100\% 正确
"""

from __future__ import annotations

import re
import unicodedata

from .proof import escape_text

__all__ = ["quoted_latex", "normalise"]

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", flags=re.S)
_WORD = re.compile(r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_BOLD = re.compile(r"\*\*(.+?)\*\*", flags=re.S)


def _greek_macros(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        name = unicodedata.name(ch, "")
        m = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER ([A-Z]+)", name)
        if m:
            letter = m.group(2).lower().replace("lamda", "lambda")
            space = " " if text[i + 1:i + 2].isalpha() else ""
            out.append("\\%s%s" % (letter if m.group(1) == "SMALL" else letter.capitalize(), space))
        else:
            out.append(ch)
    return "".join(out)


def _text(segment: str) -> str:
    """A stretch of prose: words holding LaTeX (``\\``, ``_``, ``^``) are math, the rest is escaped."""
    pieces, pos = [], 0
    for m in _WORD.finditer(segment):
        pieces.append(escape_text(segment[pos:m.start()]))
        word = m.group(0)
        if re.search(r"[\\_^]", word):
            lead = re.match(r"^[(（,，]*", word).group(0)
            trail = re.search(r"[)）,，.。;；:：]*$", word[len(lead):]).group(0)
            core = word[len(lead):len(word) - len(trail)]
            pieces.append(escape_text(lead) + "$%s$" % _greek_macros(core) + escape_text(trail))
        else:
            pieces.append(escape_text(word))
        pos = m.end()
    pieces.append(escape_text(segment[pos:]))
    return "".join(pieces)


def quoted_latex(passage: str) -> str:
    """LaTeX of a quoted passage (see the module docstring); a line starting ``- `` is an item
    of a list (a new line with a bullet), one starting ``1. `` or ``(1) `` a new paragraph."""
    lines = passage.strip().split("\n")
    if len(lines) > 1:
        return "\n".join(("\n\\textbullet\\ " + _quoted_line(l[2:])) if l.startswith("- ")
                         else ("\n" + _quoted_line(l)) if re.match(r"\d+\. |\(\d+\) ", l) else _quoted_line(l)
                         for l in lines)
    return _quoted_line(passage)


def _quoted_line(passage: str) -> str:
    out, pos = [], 0
    passage = passage.strip()
    for m in _MATH.finditer(passage):
        out.append(_prose(passage[pos:m.start()]))
        if m.group(1) is not None:
            out.append("\\[ %s \\]" % m.group(1).strip())
        else:
            out.append("$%s$" % m.group(2))
        pos = m.end()
    out.append(_prose(passage[pos:]))
    return "".join(out)


def _prose(segment: str) -> str:
    out, pos = [], 0
    for m in _BOLD.finditer(segment):
        out.append(_text(segment[pos:m.start()]))
        out.append("\\textbf{%s}" % _text(m.group(1)))
        pos = m.end()
    out.append(_text(segment[pos:]))
    return "".join(out).replace("\n\n", "\n\n").replace("\n", "\n")


def normalise(text: str) -> str:
    """``text`` with runs of white space made single spaces (for comparing a quote with its source)."""
    return " ".join(text.split())
