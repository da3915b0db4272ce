r"""The Chinese catalogue: symnn's own sentences (justifications, headings, certificates, the notes
of the model layer) in Chinese, for :func:`symnn.latex.language.tr`.

A sentence is looked up whole (:data:`EXACT`), then with its formulas and numbers abstracted
(:data:`TEMPLATES`: ``"{} points compared"`` stands for ``"8 points compared"`` and for
``"$n$ points compared"``), then as a list of rules joined by ``", "`` or ``"; "`` (``"power rule,
chain rule, sum rule"``), then against the templates of :data:`PATTERNS` (sentences with names
in them).  Unknown text gives ``None``.

>>> translate("power rule, chain rule, sum rule")
'幂法则、链式法则、求和法则'
>>> translate("definition of the sigmoid")
'sigmoid 的定义'
>>> translate("8 points compared, largest relative error $0$.")
'比较了 8 个点，最大相对误差为 $0$。'
>>> translate("no such sentence") is None
True
"""

from __future__ import annotations

import re
from typing import Callable

__all__ = ["EXACT", "TEMPLATES", "PATTERNS", "translate", "abstract"]

EXACT: dict[str, str] = {
    # --- punctuation used between pieces of prose
    ": ": "：", ".": "。", " and ": "和", "(%s.)": "（%s。）", " (%s)": "（%s）",
    "; the largest relative error of the numeric checks is $%s$": "；数值检验的最大相对误差为 $%s$",
    r"problem & source & status & method & max.\ rel.\ error \\": r"题目 & 出处 & 状态 & 方法 & 最大相对误差 \\",
    ("Every result below was derived from the definitions and checked by a second, independent "
     "witness: formulas by a symbolic proof and a numeric comparison at random points (or random "
     "instances of the shapes), worked numbers by an independent recomputation in floating point. "
     "Each result states its method. %d of %d problems are verified."):
        ("下面每个结果都由定义推导得出，并由第二个独立的见证检验：公式用符号证明和随机点（或随机形状实例）上的"
         "数值比较检验，数值计算用独立的浮点重算检验。每个结果都注明了检验方法。%d 道题中有 %d 道已验证。"),
    # --- rules of differentiation (symnn.calculus.differentiate, the model layer)
    "sum rule": "求和法则", "constant multiple rule": "常数倍法则", "product rule": "乘积法则",
    "quotient rule": "商法则", "power rule": "幂法则", "chain rule": "链式法则",
    "exponential rule": "指数函数求导法则", "logarithmic differentiation": "对数求导法",
    "differentiation": "求导", "remaining derivatives": "求出其余的导数",
    "derivative of a constant": "常数的导数", "derivative of a linear term": "线性项的导数",
    "derivative of exp": "exp 的导数", "derivative of log": "log 的导数", "derivative of the sigmoid": "sigmoid 的导数",
    "derivative of tanh": "tanh 的导数", "derivative of sin": "sin 的导数", "derivative of cos": "cos 的导数",
    "derivative of softplus": "softplus 的导数", "derivative of ReLU": "ReLU 的导数", "derivative of sqrt": "sqrt 的导数",
    "derivative of the absolute value": "绝对值的导数", "derivative of Abs": "绝对值的导数",
    "derivative of a sum, term by term": "和的导数，逐项求导", "derivative of a sum": "和的导数",
    "algebra": "代数化简", "simplify": "化简", "collect terms": "合并同类项", "by definition": "由定义",
    "by the assumption": "由假设", "linear form": "线性型", "quadratic form": "二次型", "squared norm": "范数的平方",
    "linearity": "线性性", "positive definite": "正定",
    "linearity; constants have zero gradient": "线性性；常数的梯度为零",
    "expand (a 1x1 matrix is its own transpose)": "展开（1×1 矩阵等于它的转置）",
    "multivariate chain rule": "多元链式法则", "chain rule through ŷ": "经过 ŷ 的链式法则",
    "power rule and chain rule": "幂法则和链式法则",
    "chain rule: the previous pre-activation enters only through its activation":
        "链式法则：上一层的预激活值只通过它的激活值进入",
    "definition of the error term": "误差项的定义", "definition of the loss": "损失函数的定义",
    "definition of the output": "输出的定义", "definition of softmax": "softmax 的定义",
    "definition of the sigmoid": "sigmoid 的定义", "definition of the activation": "激活函数的定义",
    "definitions of the error term and of average pooling": "误差项与平均池化的定义",
    "definitions of the error term and of the convolution": "误差项与卷积的定义",
    "derivative of the loss; definition of ŷ": "损失函数的导数；ŷ 的定义",
    "differentiate term by term (Kronecker deltas)": "逐项求导（Kronecker δ）",
    "differentiate term by term (Kronecker delta)": "逐项求导（Kronecker δ）",
    "the Kronecker deltas select one term of each sum": "Kronecker δ 从每个和式中选出一项",
    "the Kronecker deltas select one term of each sum; zero padding (stated below)":
        "Kronecker δ 从每个和式中选出一项；补零（见下文）",
    "sum out the Kronecker delta; linearity of the sum": "对 Kronecker δ 求和；和式的线性性",
    "exchange the finite sums": "交换有限和的次序",
    "f′ does not depend on j": "f′ 与 j 无关", "the factor f′ does not depend on j": "因子 f′ 与 j 无关",
    "only the term k = j survives": "只有 k = j 的项保留", "only the term t = s, k = j survives": "只有 t = s、k = j 的项保留",
    "induction hypothesis; definition of layer i+1": "归纳假设；第 i+1 层的定义",
    "induction hypothesis; definition of layer ℓ+1": "归纳假设；第 ℓ+1 层的定义",
    "near the point the maximum is the arg-max entry (lemma)": "在该点附近，最大值就是取得最大值的那一项（引理）",
    "the input gradient above; definition of the activation": "上面的输入梯度；激活函数的定义",
    "matrix differentials: product rule, d(A^-1) = -A^-1 dA A^-1, d det A = det A tr(A^-1 dA)":
        "矩阵微分：乘积法则，d(A^-1) = -A^-1 dA A^-1，d det A = det A tr(A^-1 dA)",
    "refold": "回代", "lemma": "引理", "definition": "定义", "assumption": "假设",
    # --- worked numbers (symnn.worked)
    "input": "输入", "loss before the step": "更新前的损失", "the loss decreased": "损失下降了",
    "the loss did not decrease": "损失没有下降", "one row per token": "每个词元一行",
    "softmax of each row": "逐行 softmax", "normal equations": "正规方程", "loss": "损失",
    "Forward pass.": "前向传播。", "Backward pass and update.": "反向传播与参数更新。", "After the step.": "更新之后。",
    "Notes.": "附注。",
    # --- headings
    "Statement": "题设", "Proof": "证明", "Result": "结果", "Verification": "验证", "Notes": "附注",
    "Notes on the source": "关于原文的说明", "Problem.": "题目。", "Status.": "状态。",
    "Source: %s.": "出处：%s。", "Neural-network calculus: the solution set": "神经网络微积分：习题解答",
    # --- statement of a derivation (symnn.latex.document)
    "We compute $%(start)s$, the %(words)s of $%(expr)s$ with respect to %(wrt)s.":
        "我们计算 $%(start)s$，即 $%(expr)s$ 对 %(wrt)s 的%(words)s。",
    r"We compute the %(words)s with respect to %(wrt)s of \[ %(expr)s. \]":
        r"我们计算下式对 %(wrt)s 的%(words)s：\[ %(expr)s. \]",
    "We bring $%s$ into closed form.": "我们把 $%s$ 化为闭式。",
    " Here %s.": "其中 %s。", " We assume %s.": "假设 %s。",
    "derivative": "导数", "partial derivative": "偏导数", "second ": "二阶", "third ": "三阶", "fourth ": "四阶",
    "fifth ": "五阶", "%dth ": "%d 阶",
    # --- certificates (symnn.latex.proof.render_certificate)
    r"\textbf{Not checked.} No verification was run for this result.": r"\textbf{未检验。}此结果没有经过验证。",
    "%d random point": "%d 个随机点", "%d random points": "%d 个随机点",
    r", with largest relative error $%s$": r"，最大相对误差为 $%s$",
    "The numbers were computed exactly and an independent recomputation agrees at %s%s.":
        "数值为精确计算，独立的重新计算在%s上与之一致%s。",
    "the sampled points": "采样点",
    r"\textbf{Verified.}": r"\textbf{已验证。}",
    "The result was proved symbolically (the difference simplifies to zero)": "结果已被符号证明（两边之差化简为零）",
    " and confirmed numerically at %s%s": "，并在%s上得到数值确认%s",
    r"\textbf{Refuted.}": r"\textbf{已否定。}",
    "Refuted": "已否定", "Verified": "已验证", "Undetermined": "未定", "Failed": "未通过", "Error": "错误",
    "verified": "已验证", "failed": "未通过", "undetermined": "未定", "refuted": "已否定",
    "symbolic": "符号", "numeric": "数值", "exact": "精确",
    "The numeric check tried %s%s.": "数值检验试了%s%s。",
    "symbolic witness: ": "符号见证：", "numeric witness: ": "数值见证：",
    "The derivative does not exist at %s; the result holds everywhere else.": "导数在 %s 处不存在；结果在其他各处成立。",
    "At $%s$ the true value is $%s$ but the claim gives $%s$.": "在 $%s$ 处，真值为 $%s$，而所给结论为 $%s$。",
    "The left side is $%s$ but the right side is $%s$.": "左边为 $%s$，而右边为 $%s$。",
    "At $%s$ the two sides differ.": "在 $%s$ 处两边不相等。",
    "At the counterexample point the two sides differ.": "在反例点处两边不相等。",
    "no reason given": "未给出原因", "no part carries a verdict": "没有任何部分带有结论",
    r"\emph{Verification.} ": r"\emph{验证。}",
}

#: Sentences with formulas or numbers in them, keyed by :func:`abstract`'s form (``{}`` for each);
#: the Chinese uses ``{0}``, ``{1}`` … (in any order).
TEMPLATES: dict[str, str] = {
    "{} points compared, largest relative error {}.": "比较了 {0} 个点，最大相对误差为 {1}。",
}

def _merge() -> None:
    """The catalogues of the model layer and of the worked numbers join this one."""
    from . import zh_lint, zh_models, zh_worked

    for part in (zh_models, zh_worked, zh_lint):
        for k, v in part.EXACT.items():
            EXACT.setdefault(k, v)
        for k, v in part.TEMPLATES.items():
            TEMPLATES.setdefault(k, v)


_merge()

_Rule = Callable[[re.Match], str | None]


def _names(m: re.Match, group: int = 1) -> str:
    return m.group(group)


#: Sentences with names or numbers in them: ``(pattern, Chinese template)`` (``\1`` … are the
#: groups, translated again when they are words of the catalogue).
PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"definition of (.+)"), r"\1 的定义"),
    (re.compile(r"definitions of (.+)"), r"\1 的定义"),
    (re.compile(r"substitute, by (.+)"), r"由 \1代入"),
    (re.compile(r"rewrite with (.+)"), r"用\1改写"),
    (re.compile(r"the objective does not depend on (.+)"), r"目标函数与 \1 无关"),
    (re.compile(r"(.+) symmetric \(assumed\)"), r"\1 对称（假设）"),
    (re.compile(r"derivative of (\w+)"), r"\1 的导数"),
    (re.compile(r"rounding activation to (\d+) decimals changes (.+) at (\d+) decimals: (\S+) exact vs (\S+) "
                r"hand-rounded \(difference (\S+)\)"),
     r"把激活值舍入到 \1 位小数会改变\2的第 \3 位小数：精确值 \4，手算舍入后为 \5（相差 \6）"),
    (re.compile(r"the answer key gives (\S+) = (\S+); the exact value is (\S+), (\S+) to (\d+) decimals"),
     r"答案给出 \1 = \2；精确值为 \3，保留 \5 位小数为 \4"),
]


def _word(text: str) -> str:
    """A name inside a template: translated if the catalogue knows it (``the sigmoid``)."""
    text = text.strip()
    known = {"the sigmoid": "sigmoid", "the loss": "损失函数", "the error term": "误差项", "the output": "输出",
             "the cost": "代价函数", "the activation": "激活函数", "softmax": "softmax",
             "the loss after the step": "更新后的损失", "the loss before the step": "更新前的损失"}
    m = re.fullmatch(r"output (\d+)", text)
    if m:
        return "输出 " + m.group(1)
    if text in known:
        return known[text]
    if text.startswith("the definition of "):
        return _word(text[len("the definition of "):]) + " 的定义"
    return EXACT.get(text, text)


#: What :func:`abstract` takes out of a sentence: inline math, numbers (``0.580104...``, ``1e-05``,
#: ``−0.051``) and names with digits (``w14``, ``b2``).
_TOKEN = re.compile(r"\$[^$]*\$|(?<![\w.{])[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?:\.\.\.)?(?![\w}])"
                    r"|\b[A-Za-z]{1,2}\d+\b")


def abstract(text: str) -> tuple[str, list[str]]:
    """``text`` with each formula and number replaced by ``{}``, and what was taken out.

    >>> abstract("W after 25 steps of momentum from $W = 0$.")
    ('W after {} steps of momentum from {}.', ['25', '$W = 0$'])
    """
    found = _TOKEN.findall(text)
    return _TOKEN.sub("{}", text), found


def _from_template(text: str) -> str | None:
    if re.search(r"\{\d+\}", re.sub(r"\$[^$]*\$", "", text)):  # a Text template of the model layer: looked up whole
        return None
    key, found = abstract(text)
    if not found or key not in TEMPLATES:
        return None
    try:
        return TEMPLATES[key].format(*found)
    except (IndexError, KeyError):  # a template that does not fit its sentence
        return None


def translate(text: str) -> str | None:
    """``text`` in Chinese, or ``None`` when the catalogue does not know it."""
    if text in EXACT:
        return EXACT[text]
    out = _from_template(text)
    if out is not None:
        return out
    for sep, zh_sep in ((", ", "、"), ("; ", "；")):
        if sep in text:
            pieces = [translate(p) for p in text.split(sep)]
            if all(p is not None for p in pieces):
                return zh_sep.join(pieces)  # type: ignore[arg-type]
    for pattern, template in PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            groups = [_word(g) for g in m.groups()]
            return re.sub(r"\\(\d)", lambda g: groups[int(g.group(1)) - 1], template)
    return None
