r"""The worked solution of a spec as LaTeX (English or Chinese), as JSON, and the data statement.

:func:`statement_latex` restates a task's data (network and weights, data set, layer list) as a
reader needs it to redo the problem; the corpus derivations use it for their statements too.
Chinese documents (``lang="zh"``) are written inside :func:`symnn.latex.language.language` with
:data:`ZH` as phrasebook, and compiled with XeLaTeX and ctex (:func:`symnn.latex.document.document`
adds the Chinese preamble).

>>> from symnn.solve.spec import parse_spec
>>> spec = parse_spec('[table]\ninput = [4]\nlayers = "Linear(4, 2)"')
>>> print(statement_latex(spec.tasks[0]))  # doctest: +NORMALIZE_WHITESPACE
Input shape $[4]$; the layers: \begin{center} \begin{tabular}{rl} \toprule $1$ & \texttt{Linear(4, 2)} \\ \bottomrule \end{tabular} \end{center}
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..latex.document import document
from ..latex.language import current, language, phrasebook, tr
from ..latex.proof import escape_text
from ..worked.numfmt import decimal_str, fmt
from ..worked.render import matrix, table
from .spec import Task
from .work import Solved

__all__ = ["statement_latex", "latex_document", "to_json", "text", "ZH"]

#: Fixed wording of the solution in Chinese (a phrasebook for :func:`symnn.latex.language.tr`;
#: the worked results translate their own sentences through symnn's catalogue).
ZH = {"Given": "已知", "Marking": "批改", "answer": "答案", "given": "给出", "result": "计算结果",
      "mark": "评定", "right": "正确", "wrong": "错误", "rounding": "舍入误差", "Verdict": "结论",
      "every result is verified by an independent recomputation": "每个结果都由独立的重新计算验证",
      "not every result is verified": "并非每个结果都得到验证",
      "Forward pass.": "前向传播。", "Backward pass and update.": "反向传播与更新。",
      "After the step.": "更新之后。", "loss before the step": "更新前的损失",
      "the loss decreased": "损失下降", "the loss did not decrease": "损失没有下降",
      "input": "输入", "Update rule:": "更新规则：",
      "matches the computation with intermediate values rounded early":
          "与提前舍入中间值的计算一致"}


def text(s: str, lang: str = "en") -> str:
    """Plain text for LaTeX (CJK characters pass through; the document loads ctex for them)."""
    return escape_text(s)


def _vec(values, k=None) -> str:
    return matrix([[fmt(v, k)] for v in values])


def _num(v) -> str:
    return fmt(v) if not hasattr(v, "numerator") else fmt(decimal_or_fraction(v))


def decimal_or_fraction(v):
    from sympy import Rational
    return Rational(v.numerator, v.denominator)


def _name_tex(name: str) -> str:
    from sympy import Symbol
    from ..latex.printer import latex
    return latex(Symbol(name))


def statement_latex(task: Task, lang: str = "en", with_data: bool = True) -> str:
    """The data of ``task`` as LaTeX: what a reader needs to redo it (``with_data=False`` leaves
    out an optimizer's data set, when several tasks share one)."""
    d = task.data
    if task.kind == "training":
        act = {"identity": "linear"}
        loss = {"mse": r"E = \sum_k \tfrac{1}{2}(\hat{y}_k - y_k)^2",
                "cross_entropy": r"E = -\sum_k y_k \log \hat{y}_k",
                "bce": r"E = -\sum_k \bigl(y_k \log \hat{y}_k + (1 - y_k)\log(1 - \hat{y}_k)\bigr)"}
        widths = [len(d["x"])] + [l["units"] for l in d["layers"]]
        parts = [text(f"A {'-'.join(map(str, widths))} network; ", lang)
                 + "; ".join(text(f"layer {i + 1}: {act.get(l['activation'], l['activation'])}", lang)
                             for i, l in enumerate(d["layers"]))
                 + text(". Input ", lang) + f"$x = {_vec([_num(v) for v in d['x']])}$"
                 + text(", target ", lang) + f"$y = {_vec([_num(v) for v in d['target']])}$"
                 + text(", loss ", lang) + f"${loss[d['loss']]}$"
                 + text(", learning rate ", lang) + f"$\\eta = {_num(d['lr'])}$"
                 + (text(f", {d['steps']} steps", lang) if d["steps"] > 1 else "") + "."]
        for i, l in enumerate(d["layers"], start=1):
            W = [[_num(v) for v in row] for row in l["weights"]]
            line = f"$W^{{({i})}} = {matrix(W)}$"
            if l["names"]:
                line += r"\quad $= %s$" % matrix([[_name_tex(n) for n in row] for row in l["names"]])
            if l["bias"] is not None:
                if isinstance(l["bias"], list):
                    b = _vec([_num(v) for v in l["bias"]])
                    names = l["bias_names"]
                    line += r", \quad $b^{(%d)} = %s$" % (i, b)
                    if names:
                        line += r" $= %s$" % matrix([[_name_tex(n)] for n in names])
                else:
                    name = l["bias_names"] or f"b^{{({i})}}"
                    line += (r", \quad $%s = %s$" % (_name_tex(name) if l["bias_names"] else name,
                                                     _num(l["bias"]))
                             + text(" (one bias shared by the layer's units)", lang))
            else:
                line += text(", no bias", lang)
            parts.append(line)
        return "\n\n".join(parts)
    if task.kind == "optimizer":
        X = [[_num(v) for v in row] for row in d["X"]]
        head = ""
        if with_data:
            head = (text(f"Data: {d['n']} samples of {d['d']} features, the columns of", lang)
                    + f"\n$$X = {matrix(X)},\\quad y = (" + ", ".join(_num(v) for v in d["y"])
                    + ").$$\n")
        head += text(f"Objective: {d['objective'].replace('_', ' ')}; method: {d['method']}", lang)
        settings = [f"{k} = {_num(d[k])}" for k in ("lr", "alpha", "rho", "rho1", "rho2", "delta")
                    if k in d] + [f"{k} = {d[k]}" for k in ("steps", "passes") if k in d]
        if "order" in d:
            settings.append("order = " + ", ".join(str(i + 1) for i in d["order"]))
        if "W0" in d:
            settings.append("W0 = (" + ", ".join(decimal_str(decimal_or_fraction(v))
                                                  for v in d["W0"]) + ")")
        out = head + text("; " + ", ".join(settings) + ".", lang)
        if "options" in d:
            out += "\n\n" + text("Options: ", lang) + "; ".join(
                f"{text(lab, lang)}: $(" + r",\allowbreak\ ".join(o) + ")^\\top$"
                for lab, o in d["options"].items())
        return out
    if "widths" in d:
        return text("A fully connected network of widths " + "-".join(map(str, d["widths"]))
                    + " (every layer with biases).", lang)
    shape = "[" + ", ".join("?" if s is None else str(s) for s in d["input"]) + "]"
    rows = [[f"${i + 1}$", r"\texttt{%s}" % escape_text(line.strip().rstrip(","))]
            for i, line in enumerate(_layer_lines(d["source"]))]
    out = text("Input shape ", lang) + f"${shape}$"
    if "classes" in d:
        out += text(f", {d['classes']} classes", lang)
    return out + text("; the layers:", lang) + "\n" + table_noheader(rows)


def table_noheader(rows) -> str:
    body = "\n".join(" & ".join(r) + r" \\" for r in rows)
    return ("\\begin{center}\n\\begin{tabular}{rl}\n\\toprule\n" + body
            + "\n\\bottomrule\n\\end{tabular}\n\\end{center}")


def _layer_lines(source: str) -> list[str]:
    """The layers of a layer list as written, one a line (comments and the wrapper dropped)."""
    src = re.sub(r"#[^\n]*", "", source)
    src = re.sub(r"^\s*(nn\.)?Sequential\s*\(|^\s*\[", "", src.strip())
    out, depth, cur = [], 0, ""
    for ch in src:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                break
        if depth == 0 and ch in ",\n":
            if cur.strip():
                out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return [re.sub(r"\s+", " ", line) for line in out]


def _given(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _marks_latex(solved: Solved) -> str:
    rows = [[r"\texttt{%s}" % escape_text(m.key), f"${escape_text(_given(m.given))}$",
             f"${escape_text(m.expected)}$", r"\textbf{%s}" % tr(m.mark),
             (r"\parbox[t]{5.5cm}{\raggedright %s}"
              % escape_text("; ".join(tr(part) for part in m.note.split("; "))) if m.note else "")]
            for m in solved.marks]
    return table([tr("answer"), tr("given"), tr("result"), tr("mark"), ""], rows, "lllll")


#: Headings and remarks of the worked results, set in Chinese documents.
_ZH_HEADINGS = [(r"\textbf{%s}" % en, r"\textbf{%s}" % ZH[en]) for en in
                ("Forward pass.", "Backward pass and update.", "After the step.")] + \
    [(r"\text{%s}" % en, r"\text{%s}" % ZH[en]) for en in
     ("input", "loss before the step", "the loss decreased", "the loss did not decrease")] + \
    [("Update rule:", ZH["Update rule:"])]


def _zh_headings(tex: str) -> str:
    for en, zh in _ZH_HEADINGS:
        tex = tex.replace(en, zh)
    return tex


def latex_document(solved: Solved, lang: str = "en") -> str:
    """The complete worked solution: the data, every result with its verdict, the marks."""
    with language(lang), phrasebook(ZH):
        return _latex_document(solved)


def _latex_document(solved: Solved) -> str:
    spec = solved.spec
    sections = []
    if spec.notes:
        sections.append((None, "\n\n".join(escape_text(n) for n in spec.notes)))
    for task in spec.tasks:
        results = solved.results[task.name]
        title = task.title or results[0].title
        body = [r"\paragraph{%s.} " % tr("Given") + statement_latex(task)]
        for r in results:
            if len(results) > 1:
                body.append(r"\subsection*{%s}" % escape_text(r.title))
            body.append(_zh_headings(r.latex()) if current() == "zh" else r.latex())
        sections.append((escape_text(title), "\n\n".join(body)))
    if solved.marks:
        sections.append((tr("Marking"), _marks_latex(solved)))
    verdict = ("every result is verified by an independent recomputation"
               if solved.verdict == "verified" else "not every result is verified")
    sections.append((None, r"\paragraph{%s.} %s." % (tr("Verdict"), escape_text(tr(verdict)))))
    return document(sections, title=escape_text(spec.title))


def _num_json(v) -> Any:
    try:
        return {"exact": str(v), "decimal": decimal_str(v)}
    except (TypeError, ValueError):
        return str(v)


def _result_json(r) -> dict:
    v = r.verdict
    out: dict[str, Any] = {"title": r.title, "verdict": v.verdict if v else None,
                           "verification": v.message if v else None, "notes": list(r.notes)}
    if hasattr(r, "updated"):
        out.update(parameters={n: _num_json(x) for n, x in r.parameters.items()},
                   gradients={n: _num_json(x) for n, x in r.gradients.items()},
                   updated={n: _num_json(x) for n, x in r.updated.items()},
                   loss_before=_num_json(r.loss_before), loss_after=_num_json(r.loss_after),
                   loss_decreased=r.decreased)
    elif hasattr(r, "iterates"):
        out.update(method=r.method, steps=r.steps, final=[_num_json(x) for x in r.final],
                   rounded=[decimal_str(x, r.digits) for x in r.rounded()])
    else:
        out.update(rows=[{"layer": str(x.layer) if x.layer else "input",
                          "output_shape": list(x.shape) if x.shape else None,
                          "parameters": x.params} for x in r.rows],
                   total=r.total, feasible=r.feasible, infeasible=r.infeasible)
    return out


def to_json(solved: Solved, lang: str = "en") -> str:
    """The solution as one JSON object: every result with its verdict, and the marks."""
    payload = {"title": solved.spec.title, "lang": lang, "verdict": solved.verdict,
               "tasks": [{"name": t.name, "kind": t.kind,
                          "results": [_result_json(r) for r in solved.results[t.name]]}
                         for t in solved.spec.tasks],
               "marks": [{"key": m.key, "given": m.given, "result": m.expected, "mark": m.mark,
                          "note": m.note} for m in solved.marks]}
    return json.dumps(payload, ensure_ascii=False, indent=2)
