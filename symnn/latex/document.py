r"""Complete LaTeX documents for derivations, and compiling them to PDF.

The preamble uses only packages of Debian's ``texlive-latex-base`` and
``texlive-latex-recommended`` (amsmath, amssymb, geometry, booktabs), and the documents carry no
date, so that building twice gives the same ``.tex``.

>>> from sympy import Symbol, Derivative
>>> from symnn.vocabulary import sigmoid
>>> from symnn.calculus.derivation import Derivation, Step
>>> x = Symbol("x")
>>> s = sigmoid(x)
>>> d = Derivation(expr=s, wrt=(x,), order=1, start=Derivative(s, x),
...                steps=[Step(s * (1 - s), "lemma", "derivative of the sigmoid")],
...                closed_form=s * (1 - s))
>>> tex = derivation_document(d)
>>> tex.startswith(r"\documentclass"), tex.rstrip().endswith(r"\end{document}")
(True, True)
>>> print(statement(d))
We compute $\frac{d}{d x} \sigma(x)$, the derivative of $\sigma(x)$ with respect to $x$.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from sympy import Derivative
from sympy.printing.conventions import requires_partial

from ..errors import SymnnError
from .language import current, has_cjk, tr
from .printer import latex
from .proof import _visible_len, escape_text, render_certificate, render_derivation, render_notes

if TYPE_CHECKING:  # pragma: no cover
    from ..calculus.derivation import Derivation

__all__ = [
    "PREAMBLE",
    "LatexCompileError",
    "document",
    "derivation_sections",
    "derivation_body",
    "derivation_document",
    "statement",
    "compile_pdf",
    "which_tex",
    "cjk_preamble",
    "section_at",
    "error_line",
    "needs_xelatex",
]

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2.5cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{booktabs}
\allowdisplaybreaks
\setlength{\emergencystretch}{3em}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
"""

#: What XeLaTeX needs for Chinese: ctex with the Noto CJK fonts of Debian's fonts-noto-cjk.
_CJK_PACKAGES = r"""\usepackage[UTF8, fontset=none, scheme=%s]{ctex}
\setCJKmainfont{Noto Serif CJK SC}[BoldFont=Noto Sans CJK SC]
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\sloppy
"""


def cjk_preamble(preamble: str = PREAMBLE, *, chinese_headings: bool = True) -> str:
    r"""``preamble`` for XeLaTeX with Chinese text: ctex and the Noto CJK fonts after the
    ``\documentclass`` line (``chinese_headings``: 目录, 第 1 节 … instead of Contents, 1 …).

    >>> print(cjk_preamble().splitlines()[1])
    \usepackage[UTF8, fontset=none, scheme=chinese]{ctex}
    """
    first, _, rest = preamble.partition("\n")
    return first + "\n" + _CJK_PACKAGES % ("chinese" if chinese_headings else "plain") + rest


def section_at(tex_source: str, line: int) -> str | None:
    """The marker of the section holding ``line`` (1-based) of a :func:`document`, if any.

    >>> section_at(document([("A", "x"), ("B", "y")], markers=["s1", "s2"]), 16)
    's2'
    """
    found = None
    for number, text in enumerate(tex_source.splitlines()[:line], 1):
        if text.startswith("% symnn-section: "):
            found = text[len("% symnn-section: "):].strip()
    return found


def error_line(log: str) -> int | None:
    r"""The source line a LaTeX error points at: the ``l.<n>`` of the first error of the log, else
    the last input line the log mentions before it (a runaway argument has no ``l.<n>``).

    >>> error_line("! Undefined control sequence.\nl.12 \\foo")
    12
    >>> error_line("Font Info: ... on input line 6.\nRunaway argument?\n! File ended while scanning")
    6
    """
    first = re.search(r"^! ", log, flags=re.M)
    if first is None:
        return None
    m = re.search(r"^l\.(\d+)", log[first.start():], flags=re.M)
    if m:
        return int(m.group(1))
    before = re.findall(r"(?:on input line|at lines?) (\d+)", log[:first.start()])
    return int(before[-1]) if before else None


def needs_xelatex(tex_source: str) -> bool:
    """Does the document load ctex (so that only XeLaTeX compiles it)?"""
    return re.search(r"\\usepackage(\[[^\]]*\])?\{ctex\}", tex_source) is not None


_ORDINALS = {1: "", 2: "second ", 3: "third ", 4: "fourth ", 5: "fifth "}


class LatexCompileError(SymnnError, RuntimeError):
    """pdflatex (or another engine) failed; the message holds the relevant lines of its log.

    ``log`` is the complete log text (empty when the engine did not run).
    """

    def __init__(self, message: str, log: str = ""):
        super().__init__(message)
        self.log = log


# --------------------------------------------------------------------------- documents


def document(body_sections: Sequence[tuple[str | None, str]], title: str | None = None, *,
             numbered: bool = False, toc: bool = False, preamble: str = PREAMBLE,
             markers: Sequence[str | None] | None = None) -> str:
    r"""A complete document from ``(heading, body)`` pairs; headings, bodies and title are LaTeX.

    A heading of ``None`` or ``""`` puts the body in without a section.  ``numbered`` chooses
    ``\section`` over ``\section*``; ``toc`` adds a table of contents.  Plain text headings should
    go through :func:`~symnn.latex.proof.escape_text` first.  ``markers`` (one per section, or
    ``None``) are written as a ``% symnn-section: <marker>`` comment before their section, so that a
    LaTeX error can be traced to it (:func:`section_at`).  A document with Chinese text (or written
    with the current language Chinese) gets the ctex preamble (:func:`cjk_preamble`).

    >>> print(document([("Proof", "$1 = 1$")], title="A title"))  # doctest: +ELLIPSIS
    \documentclass[11pt]{article}
    ...
    \title{A title}
    \author{}
    \date{}
    \begin{document}
    \maketitle
    <BLANKLINE>
    \section*{Proof}
    $1 = 1$
    <BLANKLINE>
    \end{document}
    <BLANKLINE>
    """
    if preamble == PREAMBLE and (current() == "zh" or has_cjk(title or "")
                                 or any(has_cjk(h or "") or has_cjk(b) for h, b in body_sections)):
        preamble = cjk_preamble(preamble, chinese_headings=current() == "zh")
    parts = [preamble.rstrip("\n")]
    if title:
        parts += [r"\title{%s}" % title, r"\author{}", r"\date{}"]
    parts.append(r"\begin{document}")
    if title:
        parts.append(r"\maketitle")
    if toc:
        parts.append(r"\tableofcontents")
    command = r"\section" if numbered else r"\section*"
    for i, (heading, body) in enumerate(body_sections):
        parts.append("")
        if markers and i < len(markers) and markers[i]:
            parts.append("%% symnn-section: %s" % markers[i])
        if heading:
            parts.append(r"%s{%s}" % (command, heading))
        parts.append(body.strip("\n"))
    parts += ["", r"\end{document}", ""]
    return "\n".join(parts)


def _derivative_words(derivation: "Derivation") -> str:
    order = derivation.order
    kind = tr("partial derivative" if requires_partial(derivation.expr) else "derivative")
    ordinal = tr(_ORDINALS[order]) if order in _ORDINALS else tr("%dth ") % order
    return ordinal + kind


def statement(derivation: "Derivation") -> str:
    """One paragraph saying what is differentiated with respect to what, under which definitions
    and assumptions (in the current language)."""
    start = derivation.start
    wrt = [r"$%s$" % latex(v) for v in derivation.wrt]
    if isinstance(start, Derivative) and wrt:
        words = dict(start=latex(start), words=_derivative_words(derivation), expr=latex(derivation.expr),
                     wrt=_join(wrt))
        if _visible_len(words["expr"]) > 30:  # too long to run in the text: displayed
            text = tr(r"We compute the %(words)s with respect to %(wrt)s of \[ %(expr)s. \]") % words
        else:
            text = tr(r"We compute $%(start)s$, the %(words)s of $%(expr)s$ with respect to %(wrt)s.") % words
    else:
        text = tr(r"We bring $%s$ into closed form.") % latex(start)
    if derivation.definitions:
        defs = [r"$%s = %s$" % (escape_text(k) if isinstance(k, str) else latex(k), latex(v))
                for k, v in derivation.definitions.items()]
        text += tr(" Here %s.") % _join(defs)
    if derivation.assumptions:
        text += tr(" We assume %s.") % _join([r"$%s$" % latex(a) for a in derivation.assumptions])
    return text


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    if current() != "en":
        return "、".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def derivation_sections(derivation: "Derivation") -> list[tuple[str, str]]:
    """The parts of a derivation's write-up as ``(heading, LaTeX body)``: Statement, Proof,
    Result, Verification and (when there are any) Notes, headings in the current language.  A
    derivation with more to say (the optimum of a matrix derivation) provides its own
    ``sections()``."""
    own = getattr(derivation, "sections", None)
    if callable(own):
        return [(tr(heading), body) for heading, body in own()]
    result = r"\[ \boxed{%s = %s} \]" % (latex(derivation.start), latex(derivation.closed_form))
    sections = [
        (tr("Statement"), statement(derivation)),
        (tr("Proof"), render_derivation(derivation)),
        (tr("Result"), result),
        (tr("Verification"), render_certificate(derivation.verdict)),
    ]
    notes = render_notes(derivation.notes)
    if notes:
        sections.append((tr("Notes"), notes))
    return sections


def derivation_body(derivation: "Derivation", heading_command: str = r"\subsection*") -> str:
    r"""The write-up of one derivation without preamble, its parts under ``heading_command``
    headings: the body of one section of a combined document (see :func:`document`)."""
    chunks = []
    for heading, body in derivation_sections(derivation):
        chunks.append(r"%s{%s}" % (heading_command, heading) + "\n" + body)
    return "\n\n".join(chunks)


def _default_title(derivation: "Derivation") -> str:
    if isinstance(derivation.start, Derivative) and derivation.wrt:
        variables = ", ".join(r"$%s$" % latex(v) for v in derivation.wrt)
        words = _derivative_words(derivation)
        return r"The %s of $%s$ with respect to %s" % (words, latex(derivation.expr), variables)
    return r"Closed form of $%s$" % latex(derivation.start)


def derivation_document(derivation: "Derivation", title: str | None = None) -> str:
    """A complete, compilable document holding one derivation.

    ``title`` (plain text, escaped here) defaults to ``derivation.title`` and then to a title
    naming the derivative.
    """
    text_title = title or derivation.title
    latex_title = escape_text(text_title) if text_title else _default_title(derivation)
    return document(derivation_sections(derivation), latex_title)


# --------------------------------------------------------------------------- compiling


def which_tex(engine: str = "pdflatex") -> str | None:
    """Path of the TeX engine (or ``latexmk``) if it is installed, else None."""
    return shutil.which(engine)


def _log_errors(log: str, max_lines: int = 30) -> str:
    """The error lines of a TeX log: each ``! …`` line with its context up to the ``l.<n>`` line."""
    lines = log.splitlines()
    picked: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("!") or re.match(r"^[^\s:]+\.tex:\d+: ", line):
            block = [line]
            j = i + 1
            while j < len(lines) and j < i + 8:
                block.append(lines[j])
                if re.match(r"^l\.\d+", lines[j]):
                    break
                j += 1
            picked.extend(block)
            i = j + 1
        else:
            i += 1
    if not picked:
        picked = [ln for ln in lines if ln.strip()][-15:]
    return "\n".join(picked[:max_lines])


def _write_log(path: Path, log: str) -> None:
    from ..build.files import write_text_atomic  # symnn.build imports this module

    write_text_atomic(path, log)


def compile_pdf(tex_source: str, out_path: Path | str, engine: str = "pdflatex", *,
                runs: int = 2, timeout: float = 180.0, log_path: Path | str | None = None) -> Path:
    """Compile ``tex_source`` and move the PDF atomically to ``out_path``; return ``out_path``.

    Compilation happens in a temporary directory: ``engine -interaction=nonstopmode
    -halt-on-error -no-shell-escape`` run ``runs`` times (``engine="latexmk"`` runs ``latexmk
    -pdf`` once instead).  A document that loads ctex (Chinese) is compiled with ``xelatex``
    (``latexmk -xelatex``) whatever ``engine`` says.  The PDF is copied next to ``out_path`` and renamed with
    :func:`os.replace`, so ``out_path`` is either the new PDF or untouched.  On failure a
    :class:`LatexCompileError` carrying the LaTeX error lines of the log is raised and
    ``out_path`` is left as it was.  ``log_path`` receives the engine's log (also on failure).
    """
    out_path = Path(out_path)
    if needs_xelatex(tex_source) and engine in ("pdflatex", "latexmk"):
        engine = "xelatex" if engine == "pdflatex" else engine
        xelatex = True
    else:
        xelatex = engine == "xelatex"
    exe = which_tex(engine)
    if exe is None:
        raise LatexCompileError("%s is not installed: cannot compile the PDF" % engine)
    with tempfile.TemporaryDirectory(prefix="symnn-tex-") as tmp:
        workdir = Path(tmp)
        (workdir / "document.tex").write_text(tex_source, encoding="utf-8")
        flags = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
        if engine == "latexmk":
            commands = [[exe, "-xelatex" if xelatex else "-pdf", *flags, "document.tex"]]
        else:
            commands = [[exe, *flags, "document.tex"]] * max(1, runs)
        for command in commands:
            try:
                proc = subprocess.run(command, cwd=workdir, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      timeout=timeout)
            except subprocess.TimeoutExpired:
                raise LatexCompileError("%s did not finish within %g s" % (engine, timeout))
            log_file = workdir / "document.log"
            log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() \
                else proc.stdout.decode("utf-8", errors="replace")
            if log_path is not None:
                _write_log(Path(log_path), log)
            if proc.returncode != 0:
                raise LatexCompileError(
                    "LaTeX compilation failed (%s, exit code %d):\n%s"
                    % (engine, proc.returncode, _log_errors(log)), log)
        pdf = workdir / "document.pdf"
        if not pdf.exists():
            raise LatexCompileError("%s produced no PDF:\n%s" % (engine, _log_errors(log)), log)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, staging = tempfile.mkstemp(prefix="." + out_path.name + ".", suffix=".part",
                                       dir=out_path.parent)
        os.close(fd)
        try:
            from ..build.files import publish

            shutil.copyfile(pdf, staging)
            publish(staging, out_path)
        except BaseException:
            Path(staging).unlink(missing_ok=True)
            raise
    return out_path

