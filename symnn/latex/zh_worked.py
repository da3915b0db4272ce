r"""The Chinese catalogue of the worked numbers (:mod:`symnn.worked`): table headings, the
verification lines of recomputed results, training steps, multiple-choice answers.

:data:`EXACT` holds whole sentences (``%s``/``%d`` are filled in after translation);
:data:`TEMPLATES` holds sentences with numbers, keyed by :func:`symnn.latex.zh.abstract`.  Both are
merged into :mod:`symnn.latex.zh`.
"""

from __future__ import annotations

__all__ = ["EXACT", "TEMPLATES"]

EXACT: dict[str, str] = {
    # --- the verification line (symnn.worked.verify.verification_latex)
    "%d points compared": "比较了 %d 个值", "%d point compared": "比较了 %d 个值",
    r", largest relative error $%s$": r"，最大相对误差为 $%s$",
    r"\textbf{Verified} (%s).": r"\textbf{已验证}（%s）。", "Not checked.": "未检验。",
    "independent float recomputation": "独立的浮点重算",
    "exact check and independent float recomputation": "精确检验和独立的浮点重算",
    "independent recomputation with NumPy zero arrays": "用 NumPy 零数组独立重算",
    "exact check and independent recomputation with NumPy zero arrays": "精确检验和用 NumPy 零数组独立重算",
    "a verified computed answer": "经过验证的计算结果",
    "exact check and a verified computed answer": "精确检验和经过验证的计算结果",
    "exact computation and independent float recomputation": "精确计算和独立的浮点重算",
    "exact computation and independent recomputation with NumPy zero arrays": "精确计算和用 NumPy 零数组独立重算",
    "exact computation and a verified computed answer": "精确计算和经过验证的计算结果",
    ("Every layer's weight tensors were built as NumPy zero arrays from the layer's fields and counted, every "
     "known output shape was obtained by sliding windows over zero arrays, and every row's formula was "
     "evaluated; one point per layer"):
        "每一层的权重张量都按该层的参数构造成 NumPy 零数组并计数，每个已知的输出形状都由在零数组上滑动窗口得到，"
        "每一行的公式都已求值；每层一个值",
    ("The normal equations were checked exactly with the exact W*, and W*, Y* and Y − Y* were recomputed in "
     "floating point by an independent least-squares solver; one point per sample"):
        "用精确的 W* 精确检验了正规方程，并用独立的最小二乘求解器以浮点数重算了 W*、Y* 和 Y − Y*；每个样本一个值",
    ("Q, K, V, S, the scaled scores, A and O were recomputed with NumPy floats from X and the weight matrices; "
     "one point per entry of O"): "由 X 和权重矩阵用 NumPy 浮点数重算了 Q、K、V、S、缩放后的得分、A 和 O；O 的每个元素一个值",
    "The answer was computed by a verified result and compared with every option": "答案由经过验证的结果计算得出，并与每个选项比较",
    ("The answer was computed by a verified result and compared with every option; the options matched by the "
     "independent float recomputation are the same"): "答案由经过验证的结果计算得出，并与每个选项比较；独立浮点重算所匹配的选项相同",
    ("The same update rule, written separately with NumPy floats, was run from the same start; every iterate "
     "was compared, one point per step"): "用 NumPy 浮点数另行编写的同一更新规则从同一起点运行；逐个比较了每次迭代，每步一个值",
    # --- tables
    "layer": "层", "output shape": "输出形状", "trainable parameters": "可训练参数", "total": "合计", "input": "输入",
    "parameter": "参数", "before": "更新前", "after": "更新后", "value": "值", "exact": "精确值",
    "hand-rounded": "手算舍入", "difference": "差", "option": "选项", "matches": "符合", "step": "步",
    "Infeasible: %s.": "不可行：%s。",
    # --- multiple choice (symnn.worked.choice)
    "Answer: %s.": "答案：%s。", " The source agrees.": "与原文一致。", " The source's answer (%s) differs.": "原文的答案（%s）与此不同。",
    "No option matches the computed result.": "没有选项与计算结果相符。",
    "the source answers %s; the computation gives %s": "原文的答案是 %s；计算得到 %s", "no option": "没有选项",
    # --- a training step (symnn.worked.training)
    "Network %s (%s); loss ": "网络 %s（%s）；损失 ", "layer %d: %s": "第 %d 层：%s", "; learning rate ": "；学习率 ",
    "; update ": "；更新 ", " Values are exact; they are shown rounded to %d decimals.": "数值是精确的，显示时舍入到 %d 位小数。",
    "relu": "ReLU", "sigmoid": "sigmoid", "identity": "恒等", "tanh": "tanh", "softmax": "softmax", "linear": "线性",
    "Rounding intermediate values (%s) changes these %d-decimal results:": "把中间值舍入（%s）会改变下列保留 %d 位小数的结果：",
    "Rounding intermediate values (%s) changes no result at %d decimals.": "把中间值舍入（%s）不改变任何保留 %d 位小数的结果。",
    "chain rule": "链式法则", "loss after the step": "更新后的损失",
    "Columns of X: %s.": "X 的各列：%s。",
    "%s. Update rule:": "%s。更新规则：", "Gradient descent": "梯度下降", "Stochastic gradient descent": "随机梯度下降",
    "Momentum": "动量法", "AdaGrad": "AdaGrad", "Perceptron": "感知机", "Nesterov momentum": "Nesterov 动量法",
    "RMSProp": "RMSProp", "Adam": "Adam", "otherwise": "其他情况",
    "Iterates (to %d decimals; i_t is the sample used in step t → t + 1):": "迭代值（保留 %d 位小数；i_t 是第 t → t + 1 步所用的样本）：",
    "Iterates (to %d decimals):": "迭代值（保留 %d 位小数）：",
    # --- series (symnn.build.claims.series_convergence)
    (r"\textbf{%s.} SymPy's convergence tests say the series %s. Numerically (%s), the "
     r"blocks $\sum_{N<t\le 2N} a_t$ for $N = 10^3, 10^4, 10^5, 10^6$ are $%s$: %s."):
        r"\textbf{%s。}SymPy 的收敛性判别表明该级数%s。数值上（%s），$N = 10^3, 10^4, 10^5, 10^6$ 时的分块和 "
        r"$\sum_{N<t\le 2N} a_t$ 为 $%s$：%s。",
    "converges": "收敛", "diverges": "发散", "could not be classified": "无法判定", "with %s": "取 %s", "no parameters": "无参数",
    "they shrink to zero, as the Cauchy criterion requires of a convergent series": "它们趋于零，符合 Cauchy 准则对收敛级数的要求",
    "they do not shrink to zero, so by the Cauchy criterion the series diverges": "它们不趋于零，所以由 Cauchy 准则该级数发散",
    "inconclusive": "无法判定",
}

TEMPLATES: dict[str, str] = {
    ("Gradients: chain rule against SymPy's diff of the whole loss ({} digits) and against central finite "
     "differences of the loss in floats (h = {}); updated parameters, outputs and losses recomputed by a separate "
     "float forward pass; one point per parameter"):
        "梯度：链式法则的结果与 SymPy 对整个损失的求导（{0} 位有效数字）比较，并与浮点数下损失的中心有限差分"
        "（h = {1}）比较；更新后的参数、输出和损失由另一次独立的浮点前向传播重算；每个参数一个值",
    "{} tokens, d_k = {}; non-terminating values are shown to {} decimals.": "{0} 个词元，d_k = {1}；无限小数显示到 {2} 位小数。",
    "Exercise {}, {}: W after {} steps of gradient descent from W = {}.": "练习 {0}，{1}：从 W = {3} 出发，{2} 步梯度下降后的 W。",
    "Exercise {}, {}: W after {} steps of momentum from W = {}.": "练习 {0}，{1}：从 W = {3} 出发，{2} 步动量法后的 W。",
    "Exercise {}, {}: W after {} steps of one perceptron pass from W = {}.":
        "练习 {0}，{1}：从 W = {3} 出发，感知机遍历一遍（{2} 步）后的 W。",
    "Exercise {}, {}: W after {} steps of SGD with i_t = (t mod {}) + {} from W = {}.":
        "练习 {0}，{1}：从 W = {5} 出发，取 i_t = (t mod {3}) + {4}，{2} 步 SGD 后的 W。",
    "Exercise {}, {}: W after {} steps of AdaGrad with i_t = (t mod {}) + {} from W = {}.":
        "练习 {0}，{1}：从 W = {5} 出发，取 i_t = (t mod {3}) + {4}，{2} 步 AdaGrad 后的 W。",
    "For {}, the sum of the steps:": "当 {0} 时，步长之和：",
    "Hence {} violates the Robbins--Monro conditions and {} satisfies the Robbins--Monro conditions.":
        "因此 {0} 不满足 Robbins--Monro 条件，而 {1} 满足 Robbins--Monro 条件。",
    "With {} and {}, {}:": "由 {0} 和 {1}，{2}：",
}
