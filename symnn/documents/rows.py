r"""A math piece cut into statements, and a statement cut into the members of its chain.

Layout is blanked out (replaced by spaces, so that offsets still point into the file):
``aligned``/``split``/``gather`` wrappers, ``&``, ``\tag{…}``, ``\label{…}``, equation numbers
such as ``\quad (1.5)``.  Rows are cut at ``\\`` (not inside ``cases`` or matrices), statements
at ``\quad``, ``\text{…}`` and commas between two relations.

>>> [s.members for s in statements(r"\begin{aligned} a &= b + c \\ &= d \end{aligned} \quad (1)", 0)]
[['a', 'b + c'], ['', 'd']]
>>> statements(r"x = 1, \quad y \approx 2.5", 0)[1].relations
['\\approx']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Environments that only lay out rows: their markers are blanked, their rows split.
LAYOUT_ENVIRONMENTS = ("aligned", "split", "gathered", "align", "align*", "gather", "gather*", "alignedat",
                       "eqnarray", "eqnarray*", "multline", "multline*", "flalign", "flalign*")

#: Environments kept whole inside a member (their ``\\`` and ``&`` belong to them).
INNER_ENVIRONMENTS = ("cases", "bmatrix", "pmatrix", "matrix", "vmatrix", "Bmatrix", "array", "smallmatrix",
                      "dcases", "rcases")

#: Relations that make a link of a chain, longest first.
RELATIONS = ("\\approx", "\\leq", "\\geq", "\\neq", "\\le", "\\ge", "\\ne", "\\equiv", "\\simeq",
             "\\rightarrow", "\\Rightarrow", "\\to", "\\leftarrow", "\\Leftarrow", "\\longrightarrow",
             "\\iff", "\\in", "\\sim", "\\propto", ":=", "=", "<", ">")

_BLANK = [
    r"\\begin\{(?:" + "|".join(re.escape(e) for e in LAYOUT_ENVIRONMENTS) + r")\}(?:\{\d+\})?",
    r"\\end\{(?:" + "|".join(re.escape(e) for e in LAYOUT_ENVIRONMENTS) + r")\}",
    r"\\tag\*?\{[^{}]*\}", r"\\label\{[^{}]*\}", r"\\nonumber\b", r"\\notag\b", r"\\displaystyle\b",
    r"\\(?:q?quad)\s*\(\s*\d+(?:\.\d+)*\s*\)\s*$",  # an equation number at the end
    r"\\(?:left|right)\.", r"\\[,;:!]", r"\\(?:big|Big|bigg|Bigg)[lr]?(?![a-zA-Z])", r"\\(?:left|right)(?![a-zA-Z])",
]
_BLANK_RE = re.compile("|".join(_BLANK), flags=re.S)


@dataclass
class Statement:
    """A chain ``m0 r0 m1 r1 m2 …``: ``members`` (texts), ``starts`` (document offsets), ``relations``."""

    members: list[str]
    starts: list[int]
    relations: list[str]
    aside: bool = False  # a remark beside a continued row (a justification column): its own chain

    @property
    def continues(self) -> bool:
        """True when the statement starts with a relation (``= …``): it continues the previous chain."""
        return bool(self.relations) and not self.members[0].strip()


def blank(text: str) -> str:
    """Layout commands replaced by spaces (same length)."""
    return _BLANK_RE.sub(lambda m: " " * len(m.group(0)), text)


def _scan(s: str):
    """Yield ``(index, depth, env_depth)`` for every character of ``s``."""
    depth = env = 0
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            m = re.match(r"\\(begin|end)\{([^{}]*)\}", s[i:])
            if m:
                if m.group(2) in INNER_ENVIRONMENTS:
                    env += 1 if m.group(1) == "begin" else -1
                for k in range(m.end()):
                    yield i + k, depth, max(env, 0) + (1 if m.group(1) == "end" and m.group(2) in INNER_ENVIRONMENTS else 0)
                i += m.end()
                continue
            if i + 1 < n and s[i + 1] in "{}":
                depth += 1 if s[i + 1] == "{" else -1
                yield i, depth, env
                yield i + 1, depth, env
                i += 2
                continue
            yield i, depth, env
            i += 1
            continue
        if c in "{([":
            depth += 1
        yield i, depth if c not in "{([" else depth - 1, env
        if c in "})]":
            depth -= 1
        i += 1


def top_level(s: str) -> list[bool]:
    """For each character: is it outside every bracket and inner environment?"""
    flags = [False] * len(s)
    for i, depth, env in _scan(s):
        if i < len(s):
            flags[i] = depth <= 0 and env <= 0
    return flags


def split_top(s: str, sep: re.Pattern) -> list[tuple[int, int]]:
    """Spans of ``s`` between top-level matches of ``sep``."""
    flags = top_level(s)
    spans, start = [], 0
    for m in sep.finditer(s):
        if flags[m.start()]:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(s)))
    return spans


_ROW = re.compile(r"\\\\\*?(?:\[[^\]]*\])?")  # \\, \\* and \\[2pt] end a row
_AMP = re.compile(r"&")
_STATEMENT = re.compile(r"\\q?quad\b|\\text\{(?!\s*(?:softmax|ReLU|relu|sgn|sign|softplus|tanh|sigmoid|exp|log|ln|max|min|KL|CE|H)\s*\})[^{}]*\}|\\mbox\{[^{}]*\}|\\textbf\{[^{}]*\}|\\hspace\{[^{}]*\}|;|，|；|\\(?:text|mathrm)\{\s*(?:and|or|where|with|for|if|otherwise|其中|且|和)\s*\}")
_COMMA = re.compile(r",")
_REL = re.compile("|".join(re.escape(r) + (r"(?![a-zA-Z])" if r[0] == "\\" else "") for r in RELATIONS))


def has_relation(s: str) -> bool:
    flags = top_level(s)
    return any(flags[m.start()] for m in _REL.finditer(s))


def statements(text: str, start: int) -> list[Statement]:
    """The statements of a math piece whose body ``text`` begins at document offset ``start``."""
    s = blank(text)
    flags = top_level(s)
    s = "".join(" " if (c == "&" and flags[i]) else c for i, c in enumerate(s))
    out: list[Statement] = []
    for a, b in split_top(s, _ROW):
        row = s[a:b]
        lead = row.lstrip()
        if out and re.match(r"(?:[+-]|\\cdot|\\times)(?![=])", lead) and not has_relation(row):
            # a row that starts with an operator continues the last member of the previous row
            prev = out[-1]
            prev.members[-1] = (prev.members[-1] + " " + lead.strip()).strip()
            continue
        row_statements: list[Statement] = []
        for c, d in split_top(row, _STATEMENT):
            part = row[c:d]
            pieces = _comma_parts(part)
            for e, f in pieces:
                st = _chain(part[e:f], start + a + c + e)
                if st is not None:
                    row_statements.append(st)
        if row_statements and row_statements[0].continues:
            for st in row_statements[1:]:
                st.aside = True
        out += row_statements
    return out


def _comma_parts(part: str) -> list[tuple[int, int]]:
    """Split at top-level commas only when every part is itself a relation (``a = 1, b = 2``)."""
    spans = split_top(part, _COMMA)
    if len(spans) > 1 and all(has_relation(part[a:b]) for a, b in spans):
        return spans
    return [(0, len(part))]


def _chain(s: str, offset: int) -> Statement | None:
    if not s.strip():
        return None
    flags = top_level(s)
    members, starts, rels = [], [], []
    pos = 0
    for m in _REL.finditer(s):
        if not flags[m.start()]:
            continue
        rel = m.group(0)
        if rel in ("<", ">") and _is_bracket_use(s, m.start()):
            continue
        members.append(s[pos:m.start()])
        starts.append(offset + pos)
        rels.append(rel)
        pos = m.end()
    members.append(s[pos:])
    starts.append(offset + pos)
    # trim spaces and trailing punctuation, moving starts to the first visible character
    trimmed, tstarts = [], []
    for text, st in zip(members, starts):
        lead = len(text) - len(text.lstrip())
        body = text.strip().rstrip(".,。，").strip()
        trimmed.append(body)
        tstarts.append(st + lead)
    return Statement(members=trimmed, starts=tstarts, relations=rels)


def _is_bracket_use(s: str, i: int) -> bool:
    """``<``/``>`` written as angle brackets (``<x, y>``) rather than comparisons: not handled; keep simple."""
    return False


__all__ = ["Statement", "statements", "blank", "top_level", "split_top", "has_relation", "RELATIONS"]
