"""Every worked seed result renders to LaTeX that compiles (issue 5, acceptance 5)."""

from __future__ import annotations

import pytest

from symnn.latex.document import compile_pdf, document
from symnn.latex.proof import escape_text
import _corpus as examples
from symnn.worked.numfmt import decimal_str, fmt, round_half_up


@pytest.fixture(scope="module")
def results():
    return examples.all_results()


def test_every_result_has_latex_notes_and_booktabs(results):
    for key, result in results.items():
        tex = result.latex()
        assert isinstance(result.notes, list), key
        assert r"\toprule" in tex or r"\begin{align*}" in tex, key
        assert "?" not in tex.replace("[1, ?, ?]", "").replace("[3, ?, ?]", "") \
            .replace("[5, ?, ?]", "").replace("[?]", "").replace("(?)", ""), key


def test_number_formatter_is_consistent():
    assert fmt(round_half_up("0.00005", 4), 4) == "0.0001"
    assert decimal_str("-0.0510987", 4) == "-0.0511"
    assert fmt("0.5") == "0.5" and fmt("0.5", 3) == "0.500"


@pytest.mark.pdf
def test_all_results_compile(results, tmp_path):
    sections = [(escape_text(f"{key}: {r.title}"), r.latex()) for key, r in results.items()]
    pdf = compile_pdf(document(sections, title="Worked numbers"), tmp_path / "worked.pdf", runs=1)
    assert pdf.stat().st_size > 10_000


@pytest.mark.pdf
def test_single_result_document_compiles(tmp_path):
    compile_pdf(examples.seed004_table().document(), tmp_path / "t.pdf", runs=1)
