r"""Multiple-choice answers: which of the given options the computed result matches.

>>> c = pick("Q4", 128, {"A": 100, "B": 128, "C": 160, "D": 180}, source_answer="B")
>>> c.matching, c.agrees_with_source
(['B'], True)

A choice is ``verified`` only when the computed answer carries verified ``evidence`` (the verdicts
of the results it was computed from), exactly one option matches (or, for "check all" questions,
``multiple=True``, at least one), and the options matched by an ``independent`` recomputation (when
given) are the same; it is ``refuted`` when the evidence is refuted or the independent matching
differs, and ``undetermined`` otherwise.

>>> c.verdict.verdict                     # no evidence was given
'undetermined'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..latex.language import tr
from ..latex.proof import escape_text
from ..verdict import Verdict
from .render import WorkedResult, notes_block, table, text
from .verify import combine, undetermined, verification_latex

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
    evidence: list = field(default_factory=list, repr=False)   # verdicts of the computed answer
    independent: list | None = None   # labels matched by an independent recomputation
    multiple: bool = False            # a "check all that apply" question
    verdict: Verdict | None = None

    def verify(self) -> Verdict:
        """The verdict from the evidence and the matching as they are now (stored in ``verdict``)."""
        what = "multiple choice"
        if not self.evidence:
            v = undetermined(f"{what}: the computed answer carries no verdict")
        else:
            ev = combine("the computed answer", self.evidence)
            if not ev:
                v = Verdict(ev.verdict, method=ev.method, message=f"{what}: {ev.message}",
                            counterexample=ev.counterexample, max_rel_error=ev.max_rel_error,
                            points_tried=ev.points_tried)
            elif self.independent is not None and set(self.independent) != set(self.matching):
                v = Verdict("refuted", method="numeric",
                            message=f"{what}: the exact answer matches "
                                    f"{', '.join(self.matching) or 'no option'} but the independent "
                                    f"recomputation matches {', '.join(self.independent) or 'no option'}",
                            counterexample={"point": {"value": "matching options"},
                                            "expected": list(self.independent),
                                            "claimed": list(self.matching)})
            elif not self.matching:
                v = undetermined(f"{what}: no option matches the computed answer")
            elif len(self.matching) > 1 and not self.multiple:
                v = undetermined(f"{what}: several options match ({', '.join(self.matching)})")
            else:
                v = Verdict("verified", method=ev.method,
                            message=f"{what}: the verified answer matches {', '.join(self.matching)}"
                                    + (" (also under the independent recomputation)"
                                       if self.independent is not None else ""),
                            max_rel_error=ev.max_rel_error, points_tried=ev.points_tried,
                            numeric="agree")
        self.verdict = v
        return v

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
        rows = [[text(str(label)), self.shown[label] if label in self.shown else text(str(value)),
                 r"$\checkmark$" if label in self.matching else ""]
                for label, value in self.options.items()]
        parts = [text(self.question)]
        if self.computed_tex:
            parts.append(self.computed_tex)
        parts.append(table(["option", "value", "matches"], rows, r"lp{0.7\linewidth}c"))
        verdict = (tr("Answer: %s.") % ", ".join(self.matching) if self.matching
                   else tr("No option matches the computed result."))
        if self.source_answer is not None:
            verdict += (tr(" The source agrees.") if self.agrees_with_source
                        else tr(" The source's answer (%s) differs.") % self.source_answer)
        parts.append(escape_text(verdict))
        parts.append(notes_block(self.notes))
        how = ("The answer was computed by a verified result and compared with every option"
               + ("; the options matched by the independent float recomputation are the same"
                  if self.independent is not None else ""))
        parts.append(verification_latex(self.verdict, how, kind="a verified computed answer"))
        return "\n\n".join(p for p in parts if p)


def pick(question: str, computed: Any, options: Mapping[str, Any],
         match: Callable[[Any, Any], bool] | None = None, *, source_answer=None,
         shown: Mapping[str, str] | None = None, computed_tex: str = "",
         notes=(), evidence=(), independent=None, multiple: bool = False) -> Choice:
    """The options equal to ``computed`` (or for which ``match(computed, option)`` holds).

    ``evidence``: the verdict(s) of the results ``computed`` comes from; ``independent``: the
    labels an independent recomputation matches; ``multiple``: several correct options allowed.
    """
    match = match or (lambda c, o: c == o)
    matching = [label for label, value in options.items() if match(computed, value)]
    if isinstance(evidence, Verdict):
        evidence = [evidence]
    c = Choice(question, computed, dict(options), matching, source_answer, dict(shown or {}),
               computed_tex, list(notes), evidence=list(evidence),
               independent=None if independent is None else list(independent), multiple=multiple)
    if source_answer is not None and not c.agrees_with_source:
        c.notes.append(f"the source answers {source_answer}; the computation gives "
                       f"{', '.join(matching) or 'no option'}")
    c.verify()
    return c
