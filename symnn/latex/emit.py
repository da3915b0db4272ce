r"""The proof of ``symnn derive`` as LaTeX: ``--latex`` (the ``align*`` block on stdout), ``--tex FILE``
(a standalone document) and ``--pdf FILE`` (that document compiled).

>>> import symnn as sn
>>> d = sn.derive(r"x^2", "x")
>>> print(emit_derivation(d, latex=True))
\begin{align*}
& \frac{d}{d x} x^{2} \\*
  &= 2 x && \text{power rule}
\end{align*}
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..calculus.derivation import Derivation

__all__ = ["add_output_arguments", "emit_derivation"]


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """``--latex | --tex FILE | --pdf FILE`` of ``symnn derive``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--latex", action="store_true", help="print the proof as a LaTeX align* block")
    group.add_argument("--tex", metavar="FILE", help="write the proof as a standalone LaTeX document")
    group.add_argument("--pdf", metavar="FILE", help="write the proof as a PDF (needs TeX Live)")


def emit_derivation(derivation: "Derivation", *, latex: bool = False, tex: str | None = None,
                    pdf: str | None = None) -> str | None:
    """Do what ``--latex``/``--tex``/``--pdf`` ask; return the text for stdout (None: none asked).

    Files are written atomically; a PDF that cannot be compiled is an input error naming the
    LaTeX error (nothing is written).
    """
    if latex:
        return derivation.latex()
    if tex is None and pdf is None:
        return None
    from ..build.files import write_text_atomic
    from ..errors import SymnnInputError
    from .document import LatexCompileError, compile_pdf, needs_xelatex, which_tex

    document = derivation.document()
    if tex is not None:
        write_text_atomic(Path(tex), document)
        return f"wrote {tex}"
    engine = "xelatex" if needs_xelatex(document) else "pdflatex"
    if which_tex(engine) is None:
        raise SymnnInputError(f"--pdf needs {engine} (TeX Live), and it is not installed; --tex writes the .tex")
    try:
        compile_pdf(document, Path(pdf), engine=engine)
    except LatexCompileError as exc:
        raise SymnnInputError("the proof's LaTeX did not compile: " + " ".join(str(exc).split())[:300]) from exc
    return f"wrote {pdf}"
