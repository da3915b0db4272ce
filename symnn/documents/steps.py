r"""Walking a document: chains of steps, their context, their judgement, the findings.

A chain ``A = B = C`` has a step per link.  A statement that starts with ``=`` continues the chain
before it (also across ``$$`` blocks with only blank lines between).  The first link of a chain
whose left side is a name the text has not defined yet is a definition, not a step.  When a
middle member disagrees with both neighbours and the neighbours agree with each other, the finding
is the middle line only.  At the end of a chain of numbers, the printed result is compared with
the exact value of its left side: a difference caused by rounding done too early is ``rounding``.

>>> from symnn.documents.reader import read_text
>>> rep = lint_document(read_text("$$z = 2x$$\n$$\\frac{\\partial z}{\\partial x} = 3$$\n", "a.md"))
>>> [(s.line, s.status) for s in rep.steps]
[(2, 'wrong')]
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import sympy
from sympy import Indexed, Symbol

from ..budget import time_budget
from ..errors import BudgetExceeded, SymnnInputError
from .context import Context, Unreadable
from .judge import Outcome, judge_link
from .macros import Macros
from .numbers import judge_number, printed, show
from .reader import Document, forbidden_in_prose
from .report import FileReport, StepResult
from .rows import Statement, statements

#: Time budget of one file (seconds); later steps are ``unchecked`` once it is used up.
FILE_SECONDS = 50.0
#: Time budget of one step (seconds).
LINK_SECONDS = 6.0

_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)+\s|\d+\s+\S|第\s*\S{1,3}\s*[章节次]|#{1,6}\s|\\(?:sub)*section\*?\{|"
                      r"\\chapter\*?\{|练习\S{0,2}\s*$|\(\d+\)\s*\[)", re.M)
_PROSE_VALUE = re.compile(r"(?<![A-Za-z\\_])([A-Za-z])_?(\d{1,2})\s*=\s*(-?\d+(?:\.\d+)?)(?![\d.])")
_ASKED = re.compile(r"保留\s*([1-9一二三四五六七八九])\s*位小数|(\d|one|two|three|four|five|six)\s+(?:digits after the "
                    r"decimal point|decimal places|decimals)", re.I)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "一": 1, "二": 2, "三": 3, "四": 4,
                 "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FUNCTION_FORM = re.compile(r"^\s*([A-Za-z]+)\s*\(([^()]*)\)\s*$")
_VOCABULARY = {"sig", "sigmoid", "exp", "log", "ln", "max", "min", "softmax", "ReLU", "relu", "tanh", "softplus"}
_TUPLE = re.compile(r"^\s*\(\s*(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)+)\s*\)\s*$")


@dataclass
class Chain:
    members: list[str]
    starts: list[int]
    relations: list[str]
    results: list[StepResult | None] = field(default_factory=list)
    definition: bool = False


class _Walk:
    def __init__(self, doc: Document, define=(), assume=(), seconds: float = FILE_SECONDS):
        self.doc = doc
        self.report = FileReport(doc.name)
        base = Context(macros=Macros.from_text(doc.text))
        base.assume = tuple(assume)
        base.e_variable = bool(re.search(r"\\partial\s*e(?![A-Za-z^_])|(?<![A-Za-z\\])e\s*=\s*y", doc.text))
        self.base = base
        self.user = list(define)
        self.ctx = self._fresh()
        self.deadline = time.monotonic() + seconds
        asked = _ASKED.search(doc.text)
        self.asked = None
        if asked:
            word = asked.group(1) or asked.group(2)
            self.asked = int(word) if word.isdigit() else _WORD_NUMBERS.get(word.lower())
        self.chain: Chain | None = None
        self.exact: dict = {}  # exact values of chain heads, when the chain ended

    def _fresh(self) -> Context:
        ctx = self.base.fresh()
        for d in self.user:
            if "=" not in d:
                raise SymnnInputError(f"--define needs NAME = LATEX, not {d!r}")
            lhs, rhs = d.split("=", 1)
            try:
                read = ctx.read_pair(lhs, rhs)
            except Unreadable as exc:
                raise SymnnInputError(f"--define {d!r}: {exc}") from None
            if read:
                ctx.define_from(*read)
        return ctx

    # ------------------------------------------------------------------ the walk

    def run(self) -> FileReport:
        start = time.monotonic()
        for line, cmd in forbidden_in_prose(self.doc):
            self._add(StepResult(self.doc.name, line, line, "unchecked", f"\\{cmd}", "",
                                 f"\\{cmd} is not followed (symnn never reads other files or runs commands)"))
        for piece in self.doc.pieces:
            prose = self.doc.prose_before(piece)
            if _HEADING.search(prose):
                self._finish()
                self.ctx = self._fresh()
            elif prose.strip() and not prose.strip() in ("，", ",", ".", "。"):
                self._finish()
            self._prose_values(prose)
            if piece.problem:
                self._finish()
                self._add(StepResult(self.doc.name, piece.line, piece.line, "unchecked", piece.text.strip()[:60], "",
                                     f"not read: {piece.problem}"))
                continue
            for st in statements(piece.text, piece.start):
                self._statement(st)
        self._finish()
        self.report.steps.sort(key=lambda s: s.line)
        self.report.guesses = sorted(set(self.ctx.guesses))
        self.report.seconds = time.monotonic() - start
        return self.report

    def _prose_values(self, prose: str) -> None:
        for m in _PROSE_VALUE.finditer(prose):
            try:
                key = self.ctx.expr(f"{m.group(1)}_{{{m.group(2)}}}")
            except Unreadable:
                continue
            self.ctx.values[key] = (sympy.Rational(m.group(3)), "given")

    def _statement(self, st: Statement) -> None:
        if not st.relations:
            if not st.aside:
                self._finish()
            return
        if st.aside:  # judged on its own; the chain it stands beside stays open
            if st.continues:
                return
            main, self.chain = self.chain, Chain(list(st.members), list(st.starts), list(st.relations))
            self._judge(self.chain, 0)
            self._finish()
            self.chain = main
            return
        if st.continues:
            if self.chain is None:
                return
            self.chain.members += st.members[1:]
            self.chain.starts += st.starts[1:]
            first_new = len(self.chain.relations)
            self.chain.relations += st.relations
        else:
            self._finish()
            self.chain = Chain(list(st.members), list(st.starts), list(st.relations))
            first_new = 0
        self._judge(self.chain, first_new)

    def _add(self, step: StepResult) -> None:
        self.report.steps.append(step)

    # ------------------------------------------------------------------ judging a chain

    def _sigma_argument(self, chain: Chain) -> None:
        for text in chain.members:
            m = re.search(r"\\sigma\s*'*\s*\(([^()]+)\)", text)
            if m:
                self.ctx.sigma_argument = m.group(1)
                return
        self.ctx.sigma_argument = None

    def _judge(self, chain: Chain, first_new: int) -> None:
        self._sigma_argument(chain)
        for i in range(first_new, len(chain.relations)):
            left, rel, right = chain.members[i], chain.relations[i], chain.members[i + 1]
            if not left or not right:
                chain.results.append(None)
                continue
            if i == 0:
                kind = self._definition(left, rel, right)
                if kind == "defined":
                    chain.definition = True
                    chain.results.append(None)
                    continue
            if time.monotonic() > self.deadline:
                out = Outcome("unchecked", "the time budget of the file is used up")
            else:
                try:
                    with time_budget(LINK_SECONDS, "checking the step"):
                        out = judge_link(self.ctx, left, rel, right)
                except BudgetExceeded:
                    out = Outcome("unchecked", f"not decided within {LINK_SECONDS:g} s")
                except (Unreadable, SymnnInputError, RecursionError, ValueError, TypeError, AttributeError) as exc:
                    out = Outcome("unchecked", f"not checkable: {exc}")
            if i == 0 and out.status == "ok" and rel == "=" and self._is_name(left) and printed(right) is None:
                self._redefine(left, right)  # the same quantity, in the form later steps build on
            if (i == 0 or printed(right) is not None) and out.status in ("wrong", "rounding") and self._is_name(left):
                updated = self._updated_value(left, right)
                self._redefine(left, right)
                out = updated or Outcome("unchecked", f"{left.strip()} was defined differently before; read as a new "
                                                      "definition")
            if out.status is None:
                chain.results.append(None)
                continue
            line = self.doc.line_of(chain.starts[i + 1])
            step = StepResult(self.doc.name, line, self.doc.line_of(chain.starts[i + 1] + len(right)), out.status,
                              left, right, out.message, out.counterexample, out.suggestion, rel)
            chain.results.append(step)
            self._add(step)

    def _updated_value(self, left: str, right: str) -> Outcome | None:
        """``w_{11} = 0.2338`` after ``w_{11}^+`` was computed: the summary of an update."""
        if printed(right) is None:
            return None
        try:
            key = self.ctx.expr(left)
        except Unreadable:
            return None
        if isinstance(key, Indexed):
            plus = sympy.IndexedBase(f"{key.base.label.name}^+", real=True)[key.indices]
        elif isinstance(key, Symbol):
            plus = Symbol(f"{key.name}^+", real=True)
        else:
            return None
        exact = self.exact.get(plus)
        shown = self.ctx.values.get(plus)
        if exact is None or shown is None:
            return None
        v = judge_number(exact, right)
        read = f"read as the updated value {left.strip()}^+"
        if v.status == "ok":
            return Outcome("ok", f"{read}: {v.message}")
        if judge_number(shown[0], right).status == "ok":
            return Outcome("rounding", f"{read}; its exact value is {show(exact, 10)}, {v.suggestion} at the printed "
                           "precision (the difference comes from rounding done earlier)", None, v.suggestion)
        return Outcome("unchecked", f"{read}, it disagrees with the value computed above ({show(shown[0], 8)})")

    def _is_name(self, text: str) -> bool:
        if _FUNCTION_FORM.match(text) and _FUNCTION_FORM.match(text).group(1) not in _VOCABULARY:
            return True
        bare = text
        for _ in range(3):  # sub- and superscripts (labels such as ^{(l)}, ^+, ') are part of a name
            bare = re.sub(r"[_^]\s*\{[^{}]*\}|[_^]\s*\\?[A-Za-z0-9+*]|'", "", bare)
        if re.search(r"[-+*/=]|\\frac|\\cdot|\\times|\\sum|\\partial|\(", bare):
            return False
        try:
            e = self.ctx.expr(text)
        except Unreadable:
            return False
        return isinstance(e, (Symbol, Indexed)) and e not in self.ctx.opaque

    def _definition(self, left: str, rel: str, right: str) -> str | None:
        """Record ``left := right`` when ``left`` is a name not defined yet; "defined" if so."""
        if rel not in ("=", ":="):
            return None
        power = re.match(r"^(.*?)\^\s*(\{\s*\d+\s*\}|\d)\s*$", left.strip())
        if power and self._is_name(power.group(1)):
            key = self.ctx.expr(power.group(1))
            if self.ctx.definition(key) is None and key not in self.ctx.values:
                return "defined"  # a statement about a quantity the text has not defined
        fm = _FUNCTION_FORM.match(left)
        if fm and fm.group(1) not in _VOCABULARY:
            if fm.group(1) in self.ctx.functions and rel != ":=":
                return None
            self._redefine(left, right)
            return "defined"
        if not self._is_name(left):
            return None
        key = self.ctx.expr(left)
        if rel != ":=" and (self.ctx.definition(key) is not None or key in self.ctx.values):
            return None
        self._redefine(left, right)
        return "defined"

    def _redefine(self, left: str, right: str) -> None:
        tup = _TUPLE.match(right)
        if tup and re.fullmatch(r"\s*[A-Za-z]\s*", left):
            for k, num in enumerate(tup.group(1).split(","), start=1):
                key = self.ctx.expr(f"{left.strip()}_{{{k}}}")
                self.ctx.values[key] = (sympy.Rational(num.strip()), "given")
            return
        try:
            read = self.ctx.read_pair(left, right)
        except (Unreadable, SymnnInputError, ValueError, TypeError):
            return
        if read:
            key = read[0]
            if isinstance(key, (Symbol, Indexed)):
                self.ctx.values.pop(key, None)
                self.ctx.defs.pop(key, None)
            self.ctx.define_from(*read)

    # ------------------------------------------------------------------ the end of a chain

    def _finish(self) -> None:
        chain, self.chain = self.chain, None
        if chain is None:
            return
        self._pinpoint(chain)
        self._facts(chain)

    def _pinpoint(self, chain: Chain) -> None:
        res = chain.results
        for i in range(len(res) - 1):
            a, b = res[i], res[i + 1]
            if not (a and b and a.status == "wrong" and b.status == "wrong"):
                continue
            if chain.relations[i] != "=" or chain.relations[i + 1] != "=":
                continue
            check = judge_link(self.ctx, chain.members[i], "=", chain.members[i + 2])
            if check.status == "ok":
                a.message += f" (the lines before and after it agree with each other: the mistake is on line {a.line})"
                b.status = "unchecked"
                b.message = f"follows the wrong line {a.line}; with the line before it, this line agrees"
                b.counterexample = None
                b.suggestion = None

    def _facts(self, chain: Chain) -> None:
        """What the chain established, for later chains; the premature-rounding check."""
        try:
            head = self.ctx.expr(chain.members[0]) if chain.members[0] else None
        except Unreadable:
            return
        if not isinstance(head, (Symbol, Indexed)):
            return
        if any(r not in ("=", ":=", "\\approx") for r in chain.relations):
            return  # an inequality or an arrow states no value
        wrong = any(r is not None and r.status == "wrong" for r in chain.results)
        if head in self.ctx.opaque and head not in self.ctx.defs:
            for k in range(1, len(chain.members)):
                if any(r is not None and r.status == "wrong" for r in chain.results[:k]):
                    break
                text = chain.members[k]
                if printed(text) is not None or not text:
                    continue
                try:
                    e = self.ctx.expand(self.ctx.expr(text))
                except Unreadable:
                    continue
                if not (e.free_symbols & self.ctx.opaque):
                    self.ctx.defs[head] = e
                    break
        last = chain.members[-1]
        p = printed(last)
        if p is None or wrong or not chain.results or chain.results[-1] is None:
            return
        final = chain.results[-1]
        if self.ctx.definition(head) is not None:
            try:
                exact, pure = self.ctx.value(head, exact=True)
                if exact is not None and pure and exact.is_number:
                    self.exact[head] = exact
            except (Unreadable, RecursionError, TypeError):
                pass
        if p.ulp is not None and final.status == "ok" and self.ctx.definition(head) is not None:
            self._rounding(head, chain, final, p, last)
        if head not in self.ctx.values or self.ctx.values[head][1] != "given":
            self.ctx.values[head] = (p.value, "result")

    def _rounding(self, head, chain: Chain, final: StepResult, p, last: str) -> None:
        try:
            exact, pure = self.ctx.value(head, exact=True)
        except (Unreadable, RecursionError):
            return
        if exact is None or not pure or not exact.is_number:
            return
        v = judge_number(exact, last)
        if v.status != "ok":
            final.status = "rounding"
            final.message = (f"premature rounding: the exact value of {chain.members[0].strip()} is {show(exact, 10)} "
                             f"({v.suggestion} at the printed precision); {last.strip()} comes from intermediate "
                             "values rounded too early")
            final.suggestion = v.suggestion
            return
        if self.asked and p.decimals < self.asked and not self._used_later(chain):
            from .numbers import decimal_text

            final.status = "rounding"
            final.suggestion = decimal_text(exact, self.asked)
            final.message = (f"printed with {p.decimals} decimals; the text asks for {self.asked}: "
                             f"{final.suggestion}")


    def _used_later(self, chain: Chain) -> bool:
        """Is the chain's left side used later in the text (an intermediate value, not a result)?"""
        key = re.sub(r"[\s{}]", "", chain.members[0])
        later = re.sub(r"[\s{}]", "", self.doc.text[chain.starts[-1]:])
        return key in later


def lint_document(doc: Document, define=(), assume=(), seconds: float = FILE_SECONDS) -> FileReport:
    """The steps of one document, judged (see the module docstring)."""
    return _Walk(doc, define, assume, seconds).run()


__all__ = ["lint_document", "FILE_SECONDS"]
