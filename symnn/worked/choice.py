r"""Multiple-choice answers: which of the given options the computed result matches.

>>> c = pick("Q4", 128, {"A": 100, "B": 128, "C": 160, "D": 180}, source_answer="B")
>>> c.matching, c.agrees_with_source
(['B'], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .render import WorkedResult, notes_block, table, text

__all__ = ["Choice", "pick"]


@dataclass
class Choice(WorkedResult):
    """The computed answer, the options, and the labels that match."""

    question: str
    computed: Any
    options: dict[str, Any]
    matching: list[str]
    source_answer: Any = None
    shown: dict[str, str] = field(default_factory=dict)   # option label → LaTeX cell
    computed_tex: str = ""
    notes: list[str] = field(default_factory=list)
    title: str = "Multiple choice"

    @property
    def answer(self) -> str | None:
        """The single matching label, or None when none or several match."""
        return self.matching[0] if len(self.matching) == 1 else None

    @property
    def agrees_with_source(self) -> bool | None:
        if self.source_answer is None:
            return None
        wanted = set(self.source_answer) if isinstance(self.source_answer, (list, tuple, set)) \
            else {self.source_answer}
        return wanted == set(self.matching)

    def latex(self) -> str:
        rows = [[text(str(label)), self.shown.get(label, text(str(value))),
                 r"$\checkmark$" if label in self.matching else ""]
                for label, value in self.options.items()]
        parts = [text(self.question)]
        if self.computed_tex:
            parts.append(self.computed_tex)
        parts.append(table(["option", "value", "matches"], rows, r"lp{0.7\linewidth}c"))
        verdict = (f"Answer: {', '.join(self.matching)}." if self.matching
                   else "No option matches the computed result.")
        if self.source_answer is not None:
            verdict += (" The source agrees." if self.agrees_with_source
                        else f" The source's answer ({self.source_answer}) differs.")
        parts.append(text(verdict))
        parts.append(notes_block(self.notes))
        return "\n\n".join(p for p in parts if p)


def pick(question: str, computed: Any, options: Mapping[str, Any],
         match: Callable[[Any, Any], bool] | None = None, *, source_answer=None,
         shown: Mapping[str, str] | None = None, computed_tex: str = "",
         notes=()) -> Choice:
    """The options equal to ``computed`` (or for which ``match(computed, option)`` holds)."""
    match = match or (lambda c, o: c == o)
    matching = [label for label, value in options.items() if match(computed, value)]
    c = Choice(question, computed, dict(options), matching, source_answer, dict(shown or {}),
               computed_tex, list(notes))
    if source_answer is not None and not c.agrees_with_source:
        c.notes.append(f"the source answers {source_answer}; the computation gives "
                       f"{', '.join(matching) or 'no option'}")
    return c
