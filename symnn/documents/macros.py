r"""A document's own ``\newcommand`` / ``\DeclareMathOperator``, expanded by substitution only.

Nothing else of the preamble is run.  Expansion is bounded (depth and size), so a recursive
macro is reported instead of hanging.

>>> m = Macros.from_text(r"\newcommand{\R}{\mathbb{R}} \newcommand{\sq}[1]{{#1}^2} \DeclareMathOperator{\sig}{sig}")
>>> m.expand(r"\sq{x} + \sig(z)")
'{x}^2 + \\operatorname{sig}(z)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SymnnInputError

MAX_PASSES = 20
MAX_GROWTH = 20_000


def _group(text: str, i: int) -> tuple[str, int] | None:
    """The brace group starting at ``text[i]`` (after spaces): (content, end index)."""
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c == "\\":
            continue
        if c == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif c == "}" and (j == 0 or text[j - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
    return None


@dataclass
class Macros:
    """name (without backslash) -> (number of arguments, body)."""

    table: dict[str, tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str) -> "Macros":
        table: dict[str, tuple[int, str]] = {}
        for m in re.finditer(r"\\(?:re)?newcommand\*?\s*\{?\\([A-Za-z]+)\}?\s*(?:\[(\d)\])?", text):
            g = _group(text, m.end())
            if g:
                table[m.group(1)] = (int(m.group(2) or 0), g[0])
        for m in re.finditer(r"\\DeclareMathOperator\*?\s*\{\\([A-Za-z]+)\}", text):
            g = _group(text, m.end())
            if g:
                table[m.group(1)] = (0, r"\operatorname{" + g[0] + "}")
        return cls(table)

    def expand(self, text: str) -> str:
        """``text`` with every macro replaced by its body (arguments substituted)."""
        if not self.table:
            return text
        pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, self.table), key=len, reverse=True)) + r")(?![A-Za-z])")
        limit = len(text) + MAX_GROWTH
        for _ in range(MAX_PASSES):
            out, pos, changed = [], 0, False
            for m in pattern.finditer(text):
                if m.start() < pos:
                    continue
                nargs, body = self.table[m.group(1)]
                end, args = m.end(), []
                for _k in range(nargs):
                    g = _group(text, end)
                    if g is None:
                        nxt = text[end:end + 1]
                        args.append(nxt)
                        end += 1
                    else:
                        args.append(g[0])
                        end = g[1]
                for k, a in enumerate(args, start=1):
                    body = body.replace(f"#{k}", a)
                out.append(text[pos:m.start()])
                out.append(body)
                pos, changed = end, True
            out.append(text[pos:])
            text = "".join(out)
            if len(text) > limit:
                raise SymnnInputError("a \\newcommand expands without bound (recursive macro?)")
            if not changed:
                return text
        raise SymnnInputError("a \\newcommand expands without bound (recursive macro?)")


__all__ = ["Macros"]
