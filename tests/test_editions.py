"""The solution set in English and in Chinese, read as a TA would: the whole corpus compiled in both
languages, its text (pdftotext) and LaTeX log proofread; Chinese statements quoted from the sources;
every justification and note in Chinese; Chinese titles and notes surviving into the PDF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from symnn.build import discover, run_problem
from symnn.build.proofread import proofread
from symnn.build.render import heading, problem_body
from symnn.latex.language import Bilingual, language, untranslated
from symnn.latex.quote import normalise

ROOT = Path(__file__).resolve().parent.parent
DERIVATIONS = ROOT / "derivations"
SEEDS = Path("/work/shared/seeds")
PROBLEMS = discover(DERIVATIONS)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


#: A run of English prose: four or more lowercase words of two letters or more in a row (formulas
#: give single letters and operators, Chinese prose gives none).
ENGLISH_RUN = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?:[ ,;:()'’-]+[a-z]{2,}){3,}")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def english_runs(text: str, quoted: str = "") -> list[str]:
    """The runs of English prose in ``text`` that are not part of ``quoted`` (the statements as the
    sources state them: some sources are in English)."""
    allowed = _letters(quoted)
    return [m.group(0) for m in ENGLISH_RUN.finditer(text) if _letters(m.group(0)) not in allowed]


def test_english_runs_finds_an_english_justification():
    """The check of the Chinese edition would catch a justification left in English."""
    page = "= σ(z)(1 − σ(z))     the derivative of the sigmoid\n验证。已验证（符号）。"
    assert english_runs(page) == ["the derivative of the sigmoid"]
    assert english_runs("链式法则、求和法则  y x i i  sin x cos x") == []
    assert english_runs("• We build a simple classification network", quoted="We build a simple classification network") == []


def _build(out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symnn", "build", *args, "--out", str(out), "--pdf"],
                          capture_output=True, text=True, timeout=900)


@pytest.mark.pdf
@pytest.mark.cjk
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whole_corpus_pdf_reads_clean(tmp_path, lang):
    """Acceptance 1 (and 2 for zh): no overfull line over 5 pt, no Python/SymPy words, no tautology,
    no repeated step, no line starting '= +', in either edition."""
    out = tmp_path / lang
    proc = _build(out, str(DERIVATIONS), "--lang", lang)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    tex = (out / "solutions.tex").read_text(encoding="utf-8")
    text = _pdf_text(out / "solutions.pdf")
    log = (out / "solutions.log").read_text(encoding="utf-8", errors="replace")
    assert proofread(tex, text, log) == []
    assert not re.search(r"\b[Ss]eed \d{3}\b|\bissue \d", text), "internal names in the PDF"
    squeezed = re.sub(r"\s+", "", text)
    if lang == "zh":
        assert "链式法则" in squeezed and "已验证" in squeezed
        quoted = "\n".join(p.quote_zh for p in PROBLEMS)
        assert english_runs(text, quoted) == [], "English prose in the Chinese edition"
        for problem in PROBLEMS:
            chinese = "".join(CJK.findall(problem.quote_zh))[:12]
            if chinese:  # the statement as the Chinese source states it
                assert chinese in "".join(CJK.findall(text)), problem.id
    else:
        assert not CJK.search(text), "Chinese in the English edition"


def test_every_problem_has_its_chinese_statement_quoted_from_the_source():
    """Derive, never transcribe: the Chinese statement is a quotation of the source, word for word."""
    missing = [p.id for p in PROBLEMS if not (p.quote_zh.strip() and p.title_zh.strip())]
    assert missing == []
    if not SEEDS.is_dir():
        pytest.skip("the source documents are not available")
    for problem in PROBLEMS:
        source = SEEDS / problem.quote_source
        assert source.exists(), problem.id
        text = normalise(source.read_text(encoding="utf-8"))
        for passage in re.split(r"\n\s*……\s*\n", problem.quote_zh):  # passages joined by an elision
            assert normalise(passage) in text, problem.id


def test_every_justification_and_note_has_chinese_prose():
    untranslated(clear=True)
    for problem in PROBLEMS:
        result = run_problem(problem)
        with language("zh"):
            heading(result)
            problem_body(result)
    assert untranslated(clear=True) == []


_CHINESE_PROBLEM = '''
import symnn as sn
from symnn.build import Solution, equation
from symnn.latex.language import Bilingual

ID, SOURCE = "s999-1.1", "999 §1"
TITLE = "Sigmoid 的导数与证明"
STATEMENT = r"证明 $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$。"

def solve():
    return Solution([sn.derive(r"\\frac{1}{1+e^{-x}}", "x")],
                    notes_on_source=["原文的推导正确。", Bilingual("The sign is right.", "符号正确。")])
'''


@pytest.mark.pdf
@pytest.mark.cjk
def test_chinese_title_statement_and_notes_round_trip(tmp_path):
    src = tmp_path / "src"
    (src / "zh").mkdir(parents=True)
    (src / "s999_1_1_sigmoid.py").write_text(_CHINESE_PROBLEM, encoding="utf-8")
    (src / "zh" / "s999-1.1.toml").write_text('title = "sigmoid 的导数"\nstatement = \'\'\'计算 $\\sigma(x)$ 的导数。\'\'\'\n',
                                             encoding="utf-8")
    english = _build(tmp_path / "en", str(src))
    assert english.returncode == 0, english.stderr
    text = re.sub(r"\s+", "", _pdf_text(tmp_path / "en" / "solutions.pdf"))
    assert "Sigmoid的导数与证明" in text and "原文的推导正确。" in text and "?????" not in text
    assert "Thesignisright." in text
    chinese = _build(tmp_path / "zh", str(src), "--lang", "zh")
    assert chinese.returncode == 0, chinese.stderr
    text = re.sub(r"\s+", "", _pdf_text(tmp_path / "zh" / "solutions.pdf"))
    assert "sigmoid的导数" in text and "计算" in text and "符号正确。" in text and "链式法则" in text


def test_bilingual_text_is_a_string():
    note = Bilingual("right", "正确")
    assert note == "right" and note.strip().zh == "正确"
