"""The answer of a check: verified, refuted, undetermined, or error.

>>> v = Verdict("verified", method="symbolic", message="proved symbolically", max_rel_error=1e-12)
>>> bool(v), v.exit_code
(True, 0)
>>> Verdict("refuted", message="differs at x = 0.3").exit_code
1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

VerdictName = Literal["verified", "refuted", "undetermined", "error"]
MethodName = Literal["symbolic", "numeric"]

#: Exit codes of the CLI, by verdict (INTERFACE.md).
EXIT_CODES: dict[str, int] = {"verified": 0, "refuted": 1, "error": 2, "undetermined": 3}


@dataclass
class Verdict:
    """The outcome of :func:`symnn.check` or :func:`symnn.check_equation`.

    ``method`` is how the verdict was reached: ``"symbolic"`` (a proof, confirmed numerically) or
    ``"numeric"`` (agreement at ``points_tried`` random points within the assumptions, the largest
    relative difference being ``max_rel_error``).  ``counterexample`` is set only when refuted:
    ``{"point": {"x": 0.3}, "expected": 0.24, "claimed": 0.21}``.  ``nondifferentiable`` lists, as
    text such as ``"x = 0"``, the points where a derivative involved does not exist.
    ``bool(verdict)`` is True only for ``verified``.
    """

    verdict: VerdictName
    method: MethodName | None = None
    message: str = ""
    counterexample: dict[str, Any] | None = None
    max_rel_error: float | None = None
    points_tried: int = 0
    closed_form: Any = None
    nondifferentiable: list[str] = field(default_factory=list)
    symbolic: str = ""  # what the symbolic witness said: "proved", "disproved", "inconclusive: ..."
    numeric: str = ""  # what the numeric witness said: "agree", "counterexample", "no points: ..."

    def __bool__(self) -> bool:
        return self.verdict == "verified"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def _repr_latex_(self) -> str:
        """Jupyter: the verdict, its message and counterexample."""
        from .latex.notebook import verdict_latex

        return verdict_latex(self)

    def _repr_html_(self) -> str:
        from .latex.notebook import verdict_html

        return verdict_html(self)

    def to_json(self, closed_form_latex: str | None = None) -> dict[str, Any]:
        """The JSON object of INTERFACE.md (plus symnn's extra keys, which readers may ignore)."""
        return {
            "verdict": self.verdict,
            "method": self.method,
            "closed_form": closed_form_latex,
            "counterexample": self.counterexample,
            "max_rel_error": self.max_rel_error,
            "message": self.message,
            "points_tried": self.points_tried,
            "nondifferentiable": list(self.nondifferentiable),
        }
