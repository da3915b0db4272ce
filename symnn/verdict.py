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
MethodName = Literal["symbolic", "exact", "numeric"]

#: Exit codes of the CLI, by verdict (INTERFACE.md); 4 is an internal error (a bug in symnn).
EXIT_CODES: dict[str, int] = {"verified": 0, "refuted": 1, "error": 2, "undetermined": 3}
#: Methods that may stand behind ``verified`` (verified means proved).
PROOF_METHODS = ("symbolic", "exact")


@dataclass
class Verdict:
    """The outcome of :func:`symnn.check` or :func:`symnn.check_equation`.

    ``method`` is how the verdict was reached: ``"symbolic"`` (a proof, confirmed numerically),
    ``"exact"`` (worked numbers recomputed exactly) or ``"numeric"`` (a refutation by a confirmed
    counterexample).  ``verified`` always has a proof behind it: constructing a verified verdict
    with another method is an error.  ``counterexample`` is set only when refuted:
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
    #: where the claim was sampled: {"points": 240, "regions": [...], "domain": [...], ...}
    evidence: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict == "verified" and self.method not in PROOF_METHODS:
            raise ValueError(f"verified needs a proof (method symbolic or exact), not {self.method!r}")

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
            "evidence": _jsonable(self.evidence),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
