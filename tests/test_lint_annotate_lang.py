"""``symnn lint FILE --annotate OUT.pdf --lang zh``: the annotated document in Chinese (XeLaTeX + ctex),
run as a user runs it, in a subprocess, and read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

DOC = r"""\documentclass{article}
\begin{document}
Let $f(x) = x^2 \sin x$. Then
\[ f'(x) = 2x \sin x + x \cos x \]
Also $\sigma(0) = \frac{1}{2} = 0.6$ and $0.3232 \cdot 2 = 0.65$.
\end{document}
"""


def _lint(tmp_path, *args):
    src = tmp_path / "hw.tex"
    src.write_text(DOC, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "symnn", "lint", str(src), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.pdf
@pytest.mark.cjk
@pytest.mark.skipif(shutil.which("xelatex") is None or shutil.which("pdftotext") is None,
                    reason="XeLaTeX and pdftotext are needed")
def test_annotate_in_chinese_compiles_with_chinese_marks_and_messages(tmp_path):
    out = tmp_path / "marked.pdf"
    proc = _lint(tmp_path, "--annotate", str(out), "--lang", "zh")
    assert proc.returncode == 1, proc.stderr  # the document has wrong steps
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    assert "第4行：错误" in squeezed and "等式不成立" in squeezed  # the wrong derivative, in Chinese
    assert "步正确" in squeezed and "步错误" in squeezed             # the summary line
    assert "算术" in squeezed                                        # the wrong arithmetic step
    assert "the equation is false" not in text and " wrong, " not in text


def test_annotate_lang_is_checked(tmp_path):
    proc = _lint(tmp_path, "--annotate", str(tmp_path / "x.tex"), "--lang", "fr")
    assert proc.returncode == 2 and "--lang" in proc.stderr


def test_annotate_tex_in_english_by_default(tmp_path):
    out = tmp_path / "marked.tex"
    _lint(tmp_path, "--annotate", str(out))
    tex = out.read_text(encoding="utf-8")
    assert "line 4: wrong: the equation is false" in tex and "ctexart" not in tex
