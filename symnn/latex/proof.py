r"""Rendering a :class:`~symnn.calculus.derivation.Derivation`: the proof, the certificate, the notes.

The proof is an ``align*`` block: the left-hand side (``derivation.start``) on the first line, then
one line per step, ``&= <expr> && \text{<justification>}``.  Justifications are plain text and are
escaped here; a step's side ``equations`` are typeset after them.

>>> from sympy import Symbol, Derivative, Eq, exp
>>> from symnn.vocabulary import sigmoid
>>> from symnn.calculus.derivation import Derivation, Step
>>> x = Symbol("x")
>>> s = sigmoid(x)
>>> d = Derivation(expr=s, wrt=(x,), order=1, start=Derivative(s, x), steps=[
...     Step(Derivative(1 / (1 + exp(-x)), x), "definition", "definition of the sigmoid"),
...     Step(exp(-x) / (1 + exp(-x))**2, "quotient rule", "quotient rule"),
...     Step(s * (1 - s), "refold", "refold", (Eq(exp(-x), (1 - s) / s),)),
... ], closed_form=s * (1 - s))
>>> print(render_derivation(d))
\begin{align*}
& \frac{d}{d x} \sigma(x) \\*
  &= \frac{d}{d x} \frac{1}{1 + e^{- x}} && \text{definition of the sigmoid} \\
  &= \frac{e^{- x}}{(1 + e^{- x})^{2}} && \text{quotient rule} \\
  &= \sigma(x) (1 - \sigma(x)) && \text{refold: } e^{- x} = \frac{1 - \sigma(x)}{\sigma(x)}
\end{align*}
>>> for line in render_steps_plain(d): print(line)
= d/dx (1/(1 + exp(-x)))   [definition of the sigmoid]
= exp(-x)/(1 + exp(-x))^2   [quotient rule]
= σ(x)*(1 - σ(x))   [refold: exp(-x) = (1 - σ(x))/σ(x)]
"""

from __future__ import annotations

import math
import re
import unicodedata
from numbers import Number as _PyNumber
from typing import TYPE_CHECKING, Any, Iterable

from sympy import Add, Basic

from .language import current, tr
from .printer import NNLatexPrinter, _matrix_sign, _soften_parens, latex, plain

if TYPE_CHECKING:  # pragma: no cover
    from ..calculus.derivation import Derivation, Step
    from ..verdict import Verdict

__all__ = [
    "render_derivation",
    "render_steps_plain",
    "distinct_steps",
    "equation_display",
    "equation_sides_plain",
    "split_equals",
    "render_certificate",
    "render_notes",
    "escape_text",
    "format_number",
    "math_from_text",
    "plain",  # re-exported from .printer: the plain-text form of one expression
]

#: Printed width (glyphs, roughly) of a proof line; wider sums are broken over several lines.
LINE_WIDTH = 60

# --------------------------------------------------------------------------- text escaping

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

#: Non-ASCII characters that pdflatex cannot typeset in text without help.
_UNICODE = {
    "ŷ": r"$\hat{y}$",
    "ℓ": r"$\ell$",
    "𝕀": r"$\mathbb{I}$",
    "−": "$-$",
    "′": "$'$",
    "″": "$''$",
    "·": r"$\cdot$",
    "×": r"$\times$",
    "≤": r"$\le$",
    "≥": r"$\ge$",
    "≠": r"$\ne$",
    "≈": r"$\approx$",
    "→": r"$\to$",
    "↦": r"$\mapsto$",
    "⇒": r"$\Rightarrow$",
    "∂": r"$\partial$",
    "∑": r"$\sum$",
    "∏": r"$\prod$",
    "∞": r"$\infty$",
    "∈": r"$\in$",
    "∇": r"$\nabla$",
    "⊙": r"$\odot$",
    "⊤": r"$\top$",
    "√": r"$\surd$",
    "±": r"$\pm$",
    "⁰": r"$^0$",
    "¹": r"$^1$",
    "²": r"$^2$",
    "³": r"$^3$",
    "⁴": r"$^4$",
    "⁵": r"$^5$",
    "⁶": r"$^6$",
    "⁷": r"$^7$",
    "⁸": r"$^8$",
    "⁹": r"$^9$",
    "⁻": r"$^-$",
    "ᵀ": r"$^T$",
    "₀": r"$_0$",
    "₁": r"$_1$",
    "₂": r"$_2$",
    "₃": r"$_3$",
    "₄": r"$_4$",
    "‖": r"$\|$",
    "∫": r"$\int$",
    "⊗": r"$\otimes$",
    "←": r"$\leftarrow$",
    "⟨": r"$\langle$",
    "⟩": r"$\rangle$",
    "½": r"$\frac{1}{2}$",
    "–": "--",
    "—": "---",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "…": r"\ldots{}",
    "\u00a0": "~",
}

_GREEK_CAPITALS_WITH_MACROS = {
    "GAMMA", "DELTA", "THETA", "LAMDA", "XI", "PI", "SIGMA", "UPSILON", "PHI", "PSI", "OMEGA",
}


def _unicode_char(ch: str) -> str:
    if ch in _UNICODE:
        return _UNICODE[ch]
    name = unicodedata.name(ch, "")
    m = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (FINAL )?([A-Z]+)", name)
    if m:
        letter = m.group(3).replace("LAMDA", "LAMBDA")
        if m.group(1) == "SMALL":
            if letter == "OMICRON":
                return "o"
            return r"$\%s%s$" % ("var" if m.group(2) else "", letter.lower())
        if m.group(3) in _GREEK_CAPITALS_WITH_MACROS:
            return r"$\%s$" % letter.capitalize()
        return unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
    if ord(ch) < 0x180:  # Latin-1 and Latin Extended-A: pdflatex's utf8 support handles them
        return ch
    ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return escape_text(ascii_form) if ascii_form else "?"


#: Chinese characters and punctuation (CJK ideographs, CJK symbols, full-width forms).
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def escape_text(text: str) -> str:
    r"""Escape plain text for LaTeX text mode (also inside ``\text{…}``).

    LaTeX specials are escaped; Greek letters and common mathematical characters become inline
    math, so pdflatex never meets a character it cannot typeset.

    >>> print(escape_text("50% of w_j & {σ}"))
    50\% of $w_{j}$ \& \{$\sigma$\}
    >>> print(escape_text("thresholds θ_j, u v^T and y e^{xy}; W*_0; file_name.py"))
    thresholds $\theta_{j}$, u $v^{T}$ and y $e^{xy}$; $W^{*}_{0}$; file\_name.py
    """
    pieces, pos, text = [], 0, str(text)
    for m in _SCRIPTED.finditer(text):
        pieces.append(_escape_chars(text[pos:m.start()]))
        pieces.append("$%s$" % _scripted_math(m.group(1), m.group(2)))
        pos = m.end()
    pieces.append(_escape_chars(text[pos:]))
    return "".join(pieces)


#: A letter with subscripts or superscripts written the plain-text way: θ_j, W*_0, e^{xy}, v^T.
_SCRIPTED = re.compile(r"(?<![\w\\])([A-Za-z\u0391-\u03c9]\*?)((?:[_^](?:\{[^{}\s]+\}|[A-Za-z0-9\u0391-\u03c9*]+))+)(?![\w])")


def _scripted_math(base: str, scripts: str) -> str:
    """``θ_j`` → ``\\theta_{j}``, ``W*_0`` → ``W^{*}_{0}``, ``e^{xy}`` → ``e^{xy}``."""
    def letters(t: str) -> str:
        return "".join(_unicode_char(c)[1:-1] + (" " if i + 1 < len(t) and t[i + 1].isalpha() else "")
                       if ord(c) > 127 else c for i, c in enumerate(t))
    out = letters(base.rstrip("*")) + ("^{*}" if base.endswith("*") else "")
    for mark, body in re.findall(r"([_^])(\{[^{}]*\}|[^_^]+)", scripts):
        out += "%s{%s}" % (mark, letters(body.strip("{}")).replace("*", r"\ast "))
    return out


def _escape_chars(text: str) -> str:
    out = []
    for ch in text:
        if ch in _SPECIALS:
            out.append(_SPECIALS[ch])
        elif ord(ch) < 128 or _CJK.match(ch):
            out.append(ch)  # Chinese goes to XeLaTeX + ctex as it is (see symnn.latex.document)
        else:
            out.append(_unicode_char(ch))
    return "".join(out)


def format_number(value: Any, digits: int = 3) -> str:
    r"""A number as LaTeX math: ``1.2 \times 10^{-10}``, ``0.24``, ``3``.

    >>> format_number(1.2e-10), format_number(0.24), format_number(24)
    ('1.2 \\times 10^{-10}', '0.24', '24')
    """
    if isinstance(value, bool):
        return r"\text{%s}" % value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, complex):
        sign = "+" if value.imag >= 0 else "-"
        return r"%s %s %s i" % (format_number(value.real, digits), sign,
                                format_number(abs(value.imag), digits))
    if isinstance(value, Basic):
        return latex(value)
    if isinstance(value, _PyNumber):
        value = float(value)
        if math.isnan(value):
            return r"\text{NaN}"
        if math.isinf(value):
            return r"\infty" if value > 0 else r"-\infty"
        text = "%.*g" % (digits, value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            exponent = str(int(exponent))
            if mantissa in ("1", "-1"):
                return r"%s10^{%s}" % ("-" if mantissa == "-1" else "", exponent)
            return r"%s \times 10^{%s}" % (mantissa, exponent)
        return text
    return r"\text{%s}" % escape_text(str(value))


_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
                    r"|(?P<op><=|>=|!=|==|[-+*/=<>(),]))")


def math_from_text(text: str) -> str:
    r"""Typeset a short plain-text relation such as ``"w*x + b = 0"`` as inline math content.

    Names go through the printer's symbol rules (``yhat_j`` → ``\hat{y}_{j}``); anything the
    small grammar does not cover is typeset as escaped text instead.

    >>> math_from_text("w*x + b = 0"), math_from_text("beta_j <= 1")
    ('w x + b = 0', '\\beta_{j} \\le 1')
    >>> math_from_text("x = 0 (kink of ReLU)")
    '\\text{x = 0 (kink of ReLU)}'
    """
    printer = NNLatexPrinter()
    ops = {"*": " ", "<=": r" \le ", ">=": r" \ge ", "!=": r" \ne ", "==": " = ", "=": " = ",
           "<": " < ", ">": " > ", "+": " + ", "-": " - ", "/": " / ", ",": ", ", "(": "(", ")": ")"}
    pos, out = 0, []
    text = text.strip()
    operand_before = False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        operand = m is not None and (m.group("name") or m.group("num")) is not None
        if m is None or m.end() == pos or (operand and operand_before):
            return r"\text{%s}" % escape_text(text)
        operand_before = operand or (m.group("op") == ")")
        if m.group("name"):
            out.append(printer._deal_with_super_sub(m.group("name")))
        elif m.group("num"):
            num = m.group("num")
            out.append(format_number(float(num)) if "e" in num.lower() else num)
        else:
            out.append(ops[m.group("op")])
        pos = m.end()
    return re.sub(r"\s+", " ", "".join(out)).strip()


# --------------------------------------------------------------------------- the proof


#: Printed width (glyphs) above which a justification is set as a small paragraph of its own column.
JUSTIFICATION_WIDTH = 30


def _justification(step: "Step") -> str:
    text = tr(step.justification or step.rule)
    eqs = r",\quad ".join(latex(eq) for eq in step.equations)
    short = r"\text{%s}" % escape_text(text) if not eqs else r"\text{%s%s} %s" % (escape_text(text), tr(": "), eqs)
    if _visible_len(short) <= JUSTIFICATION_WIDTH:
        return short
    # a long reason wraps inside a narrow column instead of pushing the proof off the page
    body = escape_text(text) + ((tr(": ") + "$%s$" % eqs.replace(r",\quad ", ", ")) if eqs else "")
    return r"\parbox[t]{0.25\linewidth}{\raggedright\small %s}" % body


def _plain_reason(step: "Step") -> str:
    """The justification as text-mode LaTeX (its side equations inline)."""
    text = escape_text(tr(step.justification or step.rule))
    if step.equations:
        text += tr(": ") + ", ".join("$%s$" % latex(eq) for eq in step.equations)
    return text


def _visible_len(tex: str) -> int:
    """Rough printed width of LaTeX math, in characters (a macro counts as one glyph)."""
    t = re.sub(r"\\(left|right)(?![A-Za-z])", "", tex)
    t = re.sub(r"\\parbox\[t\]\{[^{}]*\}\{(.*)\}$", "x" * JUSTIFICATION_WIDTH, t)
    t = re.sub(r"\\(text|operatorname|mathrm)\{([^{}]*)\}", r"\2", t)
    t = re.sub(r"\\[A-Za-z]+", "x", t)
    t = re.sub(r"[{}^_\s&]", "", t)
    return len(t) + len(_CJK.findall(t))  # a Chinese character is about two glyphs wide


def _split_long(expr: Basic, tex: str, width: int) -> list[str]:
    """Break a long sum into chunks of terms, one chunk a line, each about ``width`` glyphs wide;
    other expressions stay whole."""
    if _visible_len(tex) <= width or not isinstance(expr, Add):
        return [tex]
    printer = NNLatexPrinter()
    chunks: list[str] = []
    current = ""
    for i, term in enumerate(printer._as_ordered_terms(expr)):
        sign = ""
        if i > 0:
            sign = "+ "
            negative, term = _matrix_sign(term)  # c·A·B… with c < 0 in a matrix sum
            if negative or term.could_extract_minus_sign():
                sign, term = "- ", (term if negative else -term)
        piece = printer._print(term)
        if printer._needs_add_brackets(term):
            piece = r"\left(%s\right)" % piece
        piece = _soften_parens(sign + piece)
        if current and _visible_len(current) + _visible_len(piece) > width:
            chunks.append(current)
            current = piece
        else:
            current = (current + " " + piece).strip()
    if current:
        chunks.append(current)
    return chunks


def distinct_steps(derivation: "Derivation") -> list["Step"]:
    """The steps of a derivation that change what is printed: a step that prints exactly like the
    line before it (the left-hand side, or the previous step) is left out, so that no proof line
    repeats the one above it (``= 2ŷ − 2y  [algebra]`` after ``= 2ŷ − 2y``)."""
    kept: list["Step"] = []
    before = latex(derivation.start)
    for step in derivation.steps:
        shown = latex(step.expr)
        if shown != before:
            kept.append(step)
        before = shown
    return kept


def render_derivation(derivation: "Derivation", *, width: int = LINE_WIDTH) -> str:
    r"""The proof as an ``align*`` block (no surrounding document).

    The first line is the left-hand side ``derivation.start`` (``& <lhs>``: it starts where the
    ``=`` of the following lines stands, so a long left-hand side costs no width); each
    :class:`Step` adds ``&= <expr> && \text{<justification>}``; lines are joined by ``\\``.  A sum
    wider than about ``width`` glyphs continues on further lines (``&\quad + …``).  Without steps,
    the closed form is the single right-hand side.
    """
    lines = [r"& %s" % latex(derivation.start)]
    steps = distinct_steps(derivation)
    if not steps:
        lines.append(r"  &= %s" % latex(derivation.closed_form))
    reasons = [_justification(step) for step in steps]
    # The justifications form one column: the widest one narrows every line of the proof.
    budget = max(width - min(max((_visible_len(r) for r in reasons), default=0), JUSTIFICATION_WIDTH),
                 width // 2)
    split = [_split_long(step.expr, latex(step.expr), budget) for step in steps]
    if any(_visible_len(c) > budget for chunks in split for c in chunks):
        # a line that cannot be broken does not leave room for the column of reasons: each
        # reason goes on its own line under its step instead
        for step in steps:
            chunks = _split_long(step.expr, latex(step.expr), width)
            lines.append(r"  &= %s" % chunks[0])
            lines.extend(r"  &\quad %s" % c for c in chunks[1:])
            lines.append(r"  &\qquad \text{\small [%s]}" % _plain_reason(step))
        return _align(lines)
    for chunks, why in zip(split, reasons):
        lines.append(r"  &= %s && %s" % (chunks[0], why))
        lines.extend(r"  &\quad %s" % c for c in chunks[1:])
    return _align(lines)


def _align(lines: list[str]) -> str:
    r"""The ``align*`` of the proof lines.  A page may break before a line that starts a step
    (``&=``), never after the left-hand side alone nor before a continuation or a reason (``\\*``).

    >>> print(_align(["& f", "  &= a", "  &\\quad + b", "  &= c"]))
    \begin{align*}
    & f \\*
      &= a \\*
      &\quad + b \\
      &= c
    \end{align*}
    """
    out = [lines[0]]
    for k, line in enumerate(lines[1:], start=1):
        keep = k == 1 or not line.lstrip().startswith("&=")
        out.append((" \\\\*\n" if keep else " \\\\\n") + line)
    return "\\begin{align*}\n" + "".join(out) + "\n\\end{align*}"


def render_steps_plain(derivation: "Derivation") -> list[str]:
    """One readable plain-text line per step: ``= <expr>   [<justification>: <equations>]``."""
    out = []
    for step in distinct_steps(derivation):
        why = tr(step.justification or step.rule)
        if step.equations:
            why += tr(": ") + "; ".join(plain(eq) for eq in step.equations)
        out.append("= %s   [%s]" % (plain(step.expr), why))
    return out


def equation_display(sides: "list[tuple[Any, Basic]]") -> str:
    r"""LaTeX of ``A = B (= C …)`` from ``(as written, as parsed)`` pairs, never a tautology.

    Parsing evaluates (``\\sigma(0)`` is read as ``1/2``), so two different sides can print the
    same; then each side given as LaTeX text is shown as it was written.  (Sides given as SymPy
    expressions that print identically stay so: build them with ``sympy.evaluate(False)``; the
    corpus test rejects a displayed ``A = A``.)

    >>> from sympy import Rational
    >>> equation_display([(r"\sigma(0)", Rational(1, 2)), (r"\frac{1}{2}", Rational(1, 2))])
    '\\sigma(0) = \\frac{1}{2}'
    >>> equation_display([(r"\sigma(0)", Rational(1, 2)), (Rational(1, 2), Rational(1, 2))])
    '\\sigma(0) = \\frac{1}{2}'
    """
    printed = [latex(expr) for _, expr in sides]
    if len(set(printed)) == len(printed):
        return " = ".join(printed)
    shown = [" ".join(src.split()) if isinstance(src, str) and p in printed[:i] + printed[i + 1:] else p
             for i, ((src, _), p) in enumerate(zip(sides, printed))]
    return " = ".join(shown)


def split_equals(text: str) -> list[str]:
    """``text`` split at the ``=`` signs outside braces and brackets (``\\leq``, ``:=`` untouched)."""
    depth, pieces, start = 0, [], 0
    for i, ch in enumerate(text):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch == "=" and depth == 0 and text[i - 1:i] not in ("<", ">", "!", ":", "\\"):
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces]


def equation_sides_plain(text: str, sides: "list[Basic]") -> list[str]:
    r"""The sides of an ``A = B = C`` chain as plain text for a report: as parsed, except that
    sides which print like a neighbour (parsing evaluated them) are shown as written.

    >>> from sympy import Rational, Float
    >>> equation_sides_plain(r"\sigma(0) = \frac{1}{2} = 0.6", [Rational(1, 2), Rational(1, 2), Rational(3, 5)])
    ['\\sigma(0)', '\\frac{1}{2}', '3/5']
    """
    printed = [plain(s) for s in sides]
    written = split_equals(text)
    if len(written) != len(printed):
        return printed
    return [w if any(p == q for j, q in enumerate(printed) if abs(j - i) == 1) else p
            for i, (w, p) in enumerate(zip(written, printed))]


# --------------------------------------------------------------------------- certificate, notes


def _join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + tr(" and ") + items[-1] if current() == "en" else "、".join(items)


def _counterexample_sentence(cx: dict[str, Any]) -> str:
    point = cx.get("point") or {}
    printer = NNLatexPrinter()
    coords = ", ".join(
        r"%s = %s" % (printer._deal_with_super_sub(str(k)) if re.fullmatch(r"[A-Za-z]\w*", str(k))
                      else r"\text{%s}" % escape_text(str(k)), format_number(v, 6))
        for k, v in point.items())
    if "expected" in cx and "claimed" in cx:
        values = (format_number(cx["expected"], 6), format_number(cx["claimed"], 6))
        if coords:
            return tr("At $%s$ the true value is $%s$ but the claim gives $%s$.") % ((coords,) + values)
        return tr("The left side is $%s$ but the right side is $%s$.") % values
    if coords:
        return tr("At $%s$ the two sides differ.") % coords
    return tr("At the counterexample point the two sides differ.")


def _points(n: int) -> str:
    return (tr("%d random point") if n == 1 else tr("%d random points")) % n


def render_certificate(verdict: "Verdict | None") -> str:
    r"""The verification certificate as a short LaTeX paragraph (in the current language).

    It says how the result was checked (symbolic proof and/or agreement at random points, the
    largest relative error), gives the counterexample of a refutation, and names the points where
    the derivative does not exist.

    >>> from symnn.verdict import Verdict
    >>> print(render_certificate(Verdict("verified", method="symbolic", points_tried=24,
    ...                                  max_rel_error=1e-12)))
    \textbf{Verified.} The result was proved symbolically (the difference simplifies to zero) and confirmed numerically at 24 random points, with largest relative error $10^{-12}$.
    """
    if verdict is None:
        return tr(r"\textbf{Not checked.} No verification was run for this result.")
    sentences: list[str] = []
    numeric = _points(verdict.points_tried) if verdict.points_tried else ""
    err = ""
    if verdict.max_rel_error is not None:
        err = tr(r", with largest relative error $%s$") % format_number(verdict.max_rel_error)

    if verdict.verdict == "verified":
        if verdict.method == "exact":
            sentences.append(tr(r"\textbf{Verified.}"))
            sentences.append(tr("The numbers were computed exactly and an independent recomputation agrees at %s%s.")
                             % (numeric or tr("the sampled points"), err))
        else:
            sentences.append(tr(r"\textbf{Verified.}"))
            text = tr("The result was proved symbolically (the difference simplifies to zero)")
            if numeric:
                text += tr(" and confirmed numerically at %s%s") % (numeric, err)
            sentences.append(text + tr("."))
    elif verdict.verdict == "refuted":
        sentences.append(tr(r"\textbf{Refuted.}"))
        if verdict.message:
            sentences.append(escape_text(_sentence(tr(verdict.message))))
        if verdict.counterexample:
            sentences.append(_counterexample_sentence(verdict.counterexample))
    else:
        sentences.append(r"\textbf{%s%s}" % (tr(verdict.verdict.capitalize()), tr(".")))
        if verdict.message:
            sentences.append(escape_text(_sentence(tr(verdict.message))))
        if numeric:
            sentences.append(tr("The numeric check tried %s%s.") % (numeric, err))
    witnesses = []
    if verdict.verdict != "verified":
        if verdict.symbolic:
            witnesses.append(tr("symbolic witness: ") + escape_text(tr(verdict.symbolic)))
        if verdict.numeric:
            witnesses.append(tr("numeric witness: ") + escape_text(tr(verdict.numeric)))
    if witnesses:
        sentences.append(tr("(%s.)") % "; ".join(witnesses))
    if verdict.nondifferentiable:
        points = [_inline(math_from_text(p)) for p in verdict.nondifferentiable]
        sentences.append(tr("The derivative does not exist at %s; the result holds everywhere else.")
                         % _join_words(points))
    return (" " if current() == "en" else "").join(sentences)


def _inline(math: str) -> str:
    return math if math.startswith(r"\text{") else "$%s$" % math


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?。！？":
        text += tr(".")
    return text[:1].upper() + text[1:]


def render_notes(notes: Iterable[str]) -> str:
    r"""The derivation's notes (plain text) as an ``itemize`` list; empty string when there are none.

    >>> print(render_notes(["ReLU is not differentiable at 0"]))
    \begin{itemize}
      \item ReLU is not differentiable at 0
    \end{itemize}
    """
    notes = [n for n in notes if str(n).strip()]
    if not notes:
        return ""
    items = "\n".join(r"  \item %s" % escape_text(tr(n).strip()) for n in notes)
    return "\\begin{itemize}\n" + items + "\n\\end{itemize}"
