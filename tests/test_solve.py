"""``symnn solve SPEC.toml``, run for real in a subprocess: specs, marks, errors, documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "derivations" / "specs"
EXAMPLES = ROOT / "examples" / "specs"
SYMNN = [sys.executable, "-m", "symnn", "solve"]


def solve(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*SYMNN, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def solve_json(spec: Path) -> dict:
    proc = solve(spec, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seed002_key_marked_as_the_corpus_notes_say():
    out = solve_json(SPECS / "s002.toml")
    marks = {m["key"]: m["mark"] for m in out["marks"]}
    # the key's values that differ at four decimals drift through early rounding
    assert {k for k, v in marks.items() if v != "right"} == {"w11", "w12", "w14", "w21", "w23", "b2"}
    assert set(marks.values()) == {"right", "rounding"}
    assert out["verdict"] == "verified"
    step = out["tasks"][0]["results"][0]
    assert step["updated"]["w11"]["decimal"].startswith("0.2337")
    assert step["loss_decreased"] is True


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    return path


TRAINING = """
[training]
x = [1, 2]
target = [1]
lr = 0.1
[[training.layers]]
units = 2
activation = "sigmoid"
weights = [[0.1, 0.2], [0.3, 0.4]]
names = [["a", "b"], ["c", "d"]]
[[training.layers]]
units = 1
activation = "linear"
weights = [[1, -1]]
names = [["e", "f"]]
"""


@pytest.mark.parametrize("change, key, expected", [
    (("lr = 0.1", "lr = 0.1\nlearning_rate = 1"), "training.learning_rate", "unknown key"),
    (("[[0.1, 0.2], [0.3, 0.4]]", "[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]"),
     "training.layers[1].weights", "expected 2 rows"),
    (("[[1, -1]]", "[[1, -1, 2]]"), "training.layers[2].weights[1]", "expected 2 entries"),
    (('[["e", "f"]]', '[["e", "a"]]'), "training.layers[2].names[1][2]", "used twice"),
    (('activation = "linear"', 'activation = "swish"'), "training.layers[2].activation",
     "expected one of"),
    (("target = [1]", "target = [1, 2]"), "training.target", "expected 1 targets"),
])
def test_spec_errors_name_the_key(tmp_path, change, key, expected):
    path = _spec(tmp_path, TRAINING.replace(*change))
    proc = solve(path, "--tex", "--out", tmp_path / "out")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert key + ":" in lines[0] and expected in lines[0]
    assert not (tmp_path / "out").exists()   # nothing written


def test_layer_list_that_is_not_one_is_exit_2_with_the_position(tmp_path):
    spec = '[table]\ninput = [3, 8, 8]\nlayers = """\nConv2d(3, 4, 3)\n__import__("os").system("x")\n"""\n'
    proc = solve(_spec(tmp_path, spec))
    assert proc.returncode == 2
    assert "table.layers: line 2, column 17: expected ',' or a new line" in proc.stderr
    proc = solve(_spec(tmp_path, spec.replace('("os").system("x")', '("os")')))
    assert proc.returncode == 2
    assert "table.layers: line 2, column 1: unknown layer '__import__'" in proc.stderr
    proc = solve(_spec(tmp_path, '[table]\ninput = [4]\nlayers = "Linear(4, 2) + 1"'))
    assert proc.returncode == 2 and "line 1, column 14: unexpected character" in proc.stderr


def test_several_steps_continue_from_the_updated_parameters(tmp_path):
    path = _spec(tmp_path, TRAINING.replace("lr = 0.1", "lr = 0.1\nsteps = 2"))
    out = solve_json(path)
    first, second = out["tasks"][0]["results"]
    assert second["parameters"]["a"] == first["updated"]["a"]
    assert float(second["loss_before"]["decimal"].rstrip(".")) == pytest.approx(
        float(first["loss_after"]["decimal"].rstrip(".")), abs=1e-9)


@pytest.mark.cjk
def test_chinese_spec_compiles_with_xelatex(tmp_path):
    proc = solve(EXAMPLES / "softmax_step.toml", "--lang", "zh", "--pdf", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "softmax_step.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "一步反向传播" in text and "已知" in text and "前向传播" in text


CORPUS = {"s000-1.1": "s000-1.1", "s000-1.2": "s000-1.2", "s000-2.1": "s000-2.1",
          "s002": "s002", "s004-1.3": "s004-1.3", "s001-ex1": "s001-ex1", "s001-ex2": "s001-ex2"}


def _data_texts(spec_path: Path) -> list[str]:
    """Every number and layer of a spec's task data, as the documents print them."""
    from symnn.solve import load_spec
    from symnn.solve.document import _layer_lines, _num
    spec, out = load_spec(spec_path), []
    for task in spec.tasks:
        d = task.data
        if task.kind == "training":
            out += [_num(v) for v in d["x"] + d["target"]]
            out += [_num(v) for l in d["layers"] for row in l["weights"] for v in row]
        elif task.kind == "optimizer":
            out += [_num(v) for row in d["X"] for v in row] + [_num(v) for v in d["y"]]
            out += [v for o in d.get("options", {}).values() for v in o]
        elif "source" in d:
            out += [line.replace("_", r"\_") for line in _layer_lines(d["source"])]
    return out


def test_corpus_statements_carry_their_data(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "symnn", "build", str(ROOT / "derivations"),
                           "--no-pdf", "--out", str(tmp_path), "--only", *CORPUS],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for problem, stem in CORPUS.items():
        tex = (tmp_path / f"{problem}.tex").read_text(encoding="utf-8")
        statement = tex.split(r"\paragraph{Status.}")[0]
        missing = [t for t in _data_texts(SPECS / f"{stem}.toml") if t not in statement]
        assert not missing, (problem, missing)


def test_corpus_specs_reproduce_the_corpus_results():
    """``symnn solve`` of each corpus spec gives the corpus's results, and marking the source's
    answers gives the findings of the corpus notes."""
    import _corpus
    from symnn.worked.numfmt import decimal_str

    out = {stem: solve_json(SPECS / f"{stem}.toml") for stem in set(CORPUS.values())}
    res = {stem: {t["name"]: t["results"] for t in o["tasks"]} for stem, o in out.items()}
    marks = {stem: {m["key"]: m["mark"] for m in o["marks"]} for stem, o in out.items()}
    for stem, step in (("s000-2.1", _corpus.seed000_step()), ("s002", _corpus.seed002_step())):
        got = res[stem]["training"][0]["updated"]
        assert got == {n: {"exact": str(v), "decimal": decimal_str(v)} for n, v in step.updated.items()}
    assert set(marks["s000-2.1"].values()) == {"right"}       # "the source's numbers are right"
    for stem, table in (("s004-1.3", _corpus.seed004_table()), ("s000-1.1", _corpus.seed000_fc_table()),
                        ("s000-1.2", _corpus.seed000_cnn_table())):
        assert [r["parameters"] for r in res[stem]["table"][0]["rows"]] == [r.params for r in table.rows]
        assert set(marks[stem].values()) == {"right"}
    for q in range(6, 11):
        choice = _corpus.seed001_optimizer(q)
        digits = choice.trace.digits
        assert res["s001-ex1"][f"q{q}"][0]["rounded"] == [decimal_str(v, digits)
                                                          for v in choice.trace.final]
        assert marks["s001-ex1"][f"q{q}.option"] == ("right" if choice.agrees_with_source else "wrong")
    assert marks["s001-ex1"]["q4.total"] == "right"
    assert set(marks["s001-ex2"].values()) == {"right"}       # the key of Q1, Q3, Q4 agrees
    q4 = _corpus.seed001_ex2_q4()
    assert res["s001-ex2"]["dense"][0]["total"] - res["s001-ex2"]["conv"][0]["total"] == q4.computed
