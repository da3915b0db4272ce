r"""``--annotate``: the document typeset with a mark beside every step.

✓ proved, ✗ wrong (with the counterexample or the right value), ~ rounding, ? unchecked.  The
document's own math is copied (only its own ``\newcommand``\ s kept; ``\input``, ``\write18`` and
the rest of its preamble are never copied), prose is escaped, so nothing of the document runs.
English documents compile with pdfLaTeX; Chinese ones with XeLaTeX and ctex.  With
``lang="zh"`` (``symnn lint --annotate OUT.pdf --lang zh``) the heading, the summary, the verdict
words and the messages are in Chinese (through :func:`symnn.latex.language.tr`; a piece of a
message the catalogue does not know, a formula, stays as it is) and XeLaTeX with ctex is used.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SymnnInputError
from ..latex.language import current, language, tr
from .reader import FORBIDDEN, read_path
from .report import FileReport

MARKS = {"ok": r"\textcolor{okgreen}{\checkmark}", "wrong": r"\textcolor{red}{$\times$}",
         "rounding": r"\textcolor{orange}{$\sim$}", "unchecked": r"\textcolor{gray}{?}"}

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def is_chinese(text: str) -> bool:
    return len(_CJK.findall(text)) > 20 or len(_CJK.findall(text)) > len(text) / 50


def _escape(text: str) -> str:
    """Plain text for LaTeX; Chinese characters are kept (XeLaTeX with ctex typesets them)."""
    from ..latex.proof import escape_text

    return "".join(part if _CJK.fullmatch(part[:1] or "a") else escape_text(part)
                   for part in re.split(f"({_CJK.pattern}+)", text) if part)


def _preamble(chinese: bool, macros: str) -> str:
    head = [r"\documentclass[11pt]{ctexart}" if chinese else r"\documentclass[11pt]{article}"]
    if not chinese:
        head += [r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}"]
    head += [r"\usepackage{amsmath,amssymb}", r"\usepackage{xcolor}", r"\usepackage[margin=2cm]{geometry}",
             r"\definecolor{okgreen}{rgb}{0,0.5,0}", r"\setlength{\parindent}{0pt}", r"\allowdisplaybreaks",
             macros, r"\begin{document}"]
    return "\n".join(h for h in head if h)


def say(message: str) -> str:
    """A step's message in the current language, piece by piece (pieces joined by ``": "``)."""
    return tr(": ").join(tr(piece, record=False) for piece in message.split(": "))


def summary(report: FileReport) -> str:
    """The summary line of the annotated document (without the timing: rebuilds are identical)."""
    s = report.summary
    return tr("%(file)s: %(ok)d ok, %(wrong)d wrong, %(rounding)d rounding, %(unchecked)d unchecked "
              "(%(steps)d steps)") % {**s, "file": Path(report.file).name, "steps": len(report.steps)}


def render(report: FileReport, text: str, math: bool = True, lang: str = "en") -> tuple[str, bool]:
    """The annotated LaTeX source of a linted document, and whether it needs XeLaTeX
    (``math=False``: the document's lines shown as text, for math LaTeX cannot typeset;
    ``lang``: the language of the marks' words and messages)."""
    with language(lang):
        return _render(report, text, math)


def _render(report: FileReport, text: str, math: bool) -> tuple[str, bool]:
    chinese = is_chinese(text) or current() == "zh"
    macros = "\n".join(m.group(0) for m in re.finditer(r"\\(?:newcommand|renewcommand|DeclareMathOperator)\*?[^\n]*", text)
                       if not FORBIDDEN.search(m.group(0)))
    by_line: dict[int, list] = {}
    for s in report.steps:
        by_line.setdefault(s.line, []).append(s)
    body = [rf"\section*{{{_escape(tr('symnn lint: %s') % Path(report.file).name)}}}",
            _escape(summary(report)) + r"\par\medskip"]
    for n, line in enumerate(text.splitlines(), start=1):
        steps = by_line.get(n, [])
        shown = _line_tex(line) if math else r"\texttt{" + _escape(line) + "}"
        counts = {st: sum(s.status == st for s in steps) for st in MARKS}
        marks = "".join(MARKS[st] + (rf"\textsubscript{{{n}}}" if n > 1 else "") for st, n in counts.items() if n)
        notes = "".join(rf"\\{{\footnotesize\textcolor{{gray}}{{{_escape(tr('line %d') % n + tr(': ') + tr(s.status))}"
                        rf"{_escape(tr(': ') + say(s.message)[:160])}}}}}" for s in steps if s.status != "ok")
        if not shown.strip() and not steps:
            body.append(r"\medskip")
            continue
        body.append(rf"\noindent\makebox[2.2em][l]{{\scriptsize {n}}}\makebox[3.5em][l]{{{marks}}}"
                    rf"\parbox[t]{{\dimexpr\linewidth-6em}}{{\raggedright {shown}{notes}}}\par")
    return _preamble(chinese, macros) + "\n" + "\n".join(body) + "\n\\end{document}\n", chinese


def _line_tex(line: str) -> str:
    """One line of the document: math kept inline when it is balanced, otherwise shown as text."""
    if FORBIDDEN.search(line):
        return _escape(line)
    parts = re.split(r"(\$\$|\$|\\\[|\\\])", line)
    out, in_math = [], False
    for p in parts:
        if p in ("$$", "$", r"\[", r"\]"):
            in_math = not in_math
            continue
        if in_math:
            out.append("$" + _math(p) + "$")
        else:
            stripped = re.sub(r"\\(begin|end)\{[a-z*]+\}|&|\\\\", " ", p)
            out.append(_escape(stripped) if not _looks_math(p) else "$" + _math(p) + "$")
    text = "".join(out)
    if in_math:  # unbalanced $ on this line
        return _escape(line)
    return text


def _looks_math(p: str) -> bool:
    return bool(re.search(r"\\(frac|partial|sigma|sum|cdot|times|left|right)|\^|_\{", p)) and not _CJK.search(p)


def _math(p: str) -> str:
    p = re.sub(r"\\(begin|end)\{(aligned|split|gathered|align\*?|equation\*?|gather\*?)\}", " ", p)
    p = p.replace("&", " ").replace(r"\\", " ")
    p = re.sub(r"\\tag\{[^{}]*\}", "", p)
    return p.strip() or r"\,"


def annotate(report: FileReport, out: str | Path, lang: str = "en") -> Path:
    """Write ``out`` (.tex, or .pdf compiled with pdfLaTeX / XeLaTeX+ctex); ``lang="zh"``: in Chinese."""
    out = Path(out)
    text = read_path(report.file).text
    source, chinese = render(report, text, lang=lang)
    if out.suffix == ".tex":
        from ..build.files import write_text_atomic

        return write_text_atomic(out, source)
    if out.suffix != ".pdf":
        raise SymnnInputError(f"--annotate needs a .tex or .pdf file name, not {out.name}")
    from ..latex.document import LatexCompileError, compile_pdf

    engine = "xelatex" if chinese else "pdflatex"
    try:
        compile_pdf(source, out, engine=engine)
    except LatexCompileError:
        # some of the document's own math does not typeset: show its lines as text instead
        compile_pdf(render(report, text, math=False, lang=lang)[0], out, engine=engine)
    return out


__all__ = ["annotate", "render", "is_chinese", "say", "summary"]
