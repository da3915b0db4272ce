r"""The Chinese catalogue of the model layer and the matrix calculus: the prose of the network
proofs (:mod:`symnn.models.backprop`, ``conv``, ``pooling``, ``batched``, ``regression``, rendered
by :mod:`symnn.models.proofdoc`) and of the matrix derivations (:mod:`symnn.matrix`).

:data:`EXACT` holds whole sentences (``{0}``, ``{1}`` … mark the formulas of a
:class:`symnn.models.notation.Text` and stay in the translation); :data:`TEMPLATES` holds sentences
with numbers, keyed by :func:`symnn.latex.zh.abstract` (``{}`` for each number or formula).
Both are merged into :mod:`symnn.latex.zh`.
"""

from __future__ import annotations

__all__ = ["EXACT", "TEMPLATES"]

EXACT: dict[str, str] = {
    # --- symnn.models.proofdoc
    "In matrix form": "写成矩阵形式", "Hence, by the base case,": "因此，由基础情形，", "Summary": "小结",
    "Setting": "设定", "Backpropagation": "反向传播",
    r"\textbf{Verified numerically.} The steps above are symbolic (index notation); the resulting equations "
    r"were evaluated on random concrete instances and compared with central finite differences of the definition:":
        r"\textbf{数值验证通过。}上面的步骤是符号推导（指标记法）；所得方程在随机的具体实例上求值，"
        r"并与按定义计算的中心有限差分比较：",
    r"\textbf{Verified.} The steps above derive the equations symbolically (index notation); evaluated on "
    r"random concrete instances, they agree with central finite differences of the definition:":
        r"\textbf{已验证。}上面的步骤以符号方式推导出这些方程（指标记法）；在随机的具体实例上求值，"
        r"它们与按定义计算的中心有限差分一致：",
    r"\textbf{Not checked.} No verification was run for this result.": r"\textbf{未检验。}此结果没有经过验证。",
    # --- fully connected backpropagation (symnn.models.backprop)
    "Base case: the output layer ℓ = L": "基础情形：输出层 ℓ = L",
    "Inductive step: a hidden layer ℓ < L": "归纳步骤：隐藏层 ℓ < L",
    "Gradient of the biases of layer ℓ": "第 ℓ 层偏置的梯度", "Gradient of the weights of layer ℓ": "第 ℓ 层权重的梯度",
    ("Claim: for every ℓ = L, L−1, …, 1 the error terms {0} satisfy the equations summarised at the end. "
     "Proof by downward induction on ℓ: the base case is the output layer; the inductive step derives {0} "
     "from {1} for a generic layer ℓ < L, using nothing but the definition of layer ℓ+1."):
        ("命题：对每个 ℓ = L, L−1, …, 1，误差项 {0} 满足文末总结的方程。证明对 ℓ 自上而下归纳：基础情形是输出层；"
         "归纳步骤对一般的层 ℓ < L 由 {1} 推出 {0}，只用到第 ℓ+1 层的定义。"),
    "Gradients are in denominator layout: {0} has the shape of {1}.": "梯度采用分母布局：{0} 与 {1} 形状相同。",
    "Induction hypothesis: {0} is known. The cost depends on {1} only through {2}:":
        "归纳假设：{0} 已知。代价函数只通过 {2} 依赖于 {1}：",
    ("Layer ℓ = 1, …, L has {0} units and {1}. The widths and the depth L are symbols: no step below depends "
     "on their values."): "第 ℓ = 1, …, L 层有 {0} 个单元，且 {1}。各层宽度和深度 L 都是符号：下面没有任何一步依赖它们的取值。",
    "The cost is": "代价函数为", "The cost is the mean of the per-output loss over the {0} outputs.":
        "代价函数是 {0} 个输出上逐输出损失的平均值。",
    "The output error term for this loss": "此损失下输出层的误差项",
    "by the base case, entry by entry": "由基础情形，逐元素",
    "entry (j, k) of an outer product u v^T is u_j v_k": "外积 u v^T 的 (j, k) 元素是 u_j v_k",
    "entry by entry": "逐元素", "Entry by entry": "逐元素",
    "entry j of the gradient times f′ of entry j is the Hadamard product ⊙":
        "梯度的第 j 个元素乘以第 j 个元素处的 f′，就是 Hadamard 积 ⊙",
    ("the sum over j is entry i of the transposed weight matrix times the next error term, since row i of the "
     "transpose is column i of the matrix; multiplying entry by entry is the Hadamard product ⊙"):
        "对 j 的求和是转置权重矩阵乘以下一层误差项的第 i 个元素，因为转置的第 i 行就是原矩阵的第 i 列；逐元素相乘就是 Hadamard 积 ⊙",
    "{0} and {1} enter the cost only through {2}:": "{0} 和 {1} 只通过 {2} 进入代价函数：",
    "{0} depends on {1} only through the outputs of the last layer:": "{0} 只通过最后一层的输出依赖于 {1}：",
    "{0} is the derivative of the activation {1}, applied entrywise.": "{0} 是激活函数 {1} 的导数，逐元素作用。",
    "definitions of the error term and of layer ℓ": "误差项与第 ℓ 层的定义",
    "definitions of the error term and of layer i": "误差项与第 i 层的定义",
    "definitions of the error term and of layer ℓ+1": "误差项与第 ℓ+1 层的定义",
    # --- convolution and pooling (symnn.models.conv, symnn.models.pooling)
    ("A convolution layer in a CNN computes a cross-correlation (no kernel flip); backpropagation then produces "
     "a true convolution (flipped kernel)."): "CNN 中的卷积层计算的是互相关（不翻转卷积核）；反向传播则得到真正的卷积（翻转后的卷积核）。",
    "Gradient with respect to the bias": "对偏置的梯度", "Gradient with respect to the input": "对输入的梯度",
    "Gradient with respect to the kernel": "对卷积核的梯度", "The error-term recursion between layers": "层间误差项的递推",
    "The layer's input is the activation of the previous layer:": "该层的输入是上一层的激活值：",
    "The loss depends on the layer's input and parameters only through its outputs:": "损失只通过该层的输出依赖于它的输入和参数：",
    "Input {0}, kernel {1}, output {2}; indices start at 0; stride {3}.": "输入 {0}，卷积核 {1}，输出 {2}；下标从 0 开始；步幅 {3}。",
    "Backpropagation through average pooling": "经过平均池化的反向传播",
    "Backpropagation through max pooling": "经过最大池化的反向传播",
    ("Max pooling takes the largest entry of each window. Where the maximum of window (i, j) is attained at a "
     "single offset {0}, a small change of the input does not change which entry is largest, so near the point"):
        "最大池化取每个窗口中最大的元素。若窗口 (i, j) 的最大值只在一个偏移 {0} 处取得，输入的微小变化不会改变哪个元素最大，所以在该点附近",
    "The loss depends on the input of the pooling layer only through the pooled values:": "损失只通过池化值依赖于池化层的输入：",
    "Window size {0}, stride {1}; indices start at 0; {2} is the error term of the pooled output.":
        "窗口大小 {0}，步幅 {1}；下标从 0 开始；{2} 是池化输出的误差项。",
    # --- batched backpropagation (symnn.models.batched)
    "Claim: the error terms {0} of the layers i = L, …, 1 satisfy the equations summarised at the end (downward induction on i).":
        "命题：各层 i = L, …, 1 的误差项 {0} 满足文末总结的方程（对 i 自上而下归纳）。",
    "Derivative of the loss with respect to the output": "损失对输出的导数",
    "Gradient of the biases of layer i": "第 i 层偏置的梯度", "Gradient of the weights of layer i": "第 i 层权重的梯度",
    "Gradients are in denominator layout (the shape of the variable).": "梯度采用分母布局（与变量形状相同）。",
    "Induction hypothesis: {0} is known; the loss depends on {1} only through": "归纳假设：{0} 已知；损失依赖于 {1} 只通过",
    "Inductive step: a hidden layer i < L": "归纳步骤：隐藏层 i < L",
    ("Rows are samples: {0} holds the m inputs, {1}; layer i has {2} units. The batch size m, the widths and the "
     "depth L are symbols."): "行是样本：{0} 存放 m 个输入，{1}；第 i 层有 {2} 个单元。批大小 m、各层宽度和深度 L 都是符号。",
    ("The bias {0} is a column; {1} is the all-ones column, so {2} adds it to every row. For a row-vector bias "
     "(as in the source) the gradient is the transpose, {3}."):
        "偏置 {0} 是列向量；{1} 是全 1 列向量，所以 {2} 把它加到每一行。若偏置是行向量（如原文），梯度为其转置 {3}。",
    "The loss, with {0} samples and {1} outputs:": "损失（{0} 个样本，{1} 个输出）：", "The output layer": "输出层",
    "The source numbers the weights from 0 (W_i maps layer i to i+1); here the weight matrix of layer i carries the index i.":
        "原文的权重从 0 开始编号（W_i 把第 i 层映射到第 i+1 层）；这里第 i 层的权重矩阵带下标 i。",
    "summing column k of the error term over the samples is entry k of its transpose times the all-ones vector":
        "把误差项的第 k 列对样本求和，就是它的转置乘以全 1 向量的第 k 个元素",
    "the sum over j is entry (s, k) of the error term of layer i+1 times the transposed weight matrix; ⊙ multiplies entry by entry":
        "对 j 的求和是第 i+1 层误差项乘以转置权重矩阵的 (s, k) 元素；⊙ 逐元素相乘",
    "{0} and {1} enter the loss only through": "{0} 和 {1} 进入损失只通过", "{0} depends on {1} only through": "{0} 依赖于 {1} 只通过",
    ("Σ_s over the samples of X entries times Δ entries is entry (j, k) of the product of the transposed input "
     "with the error term"): "对样本求和 Σ_s X 的元素乘 Δ 的元素，就是转置输入与误差项之积的 (j, k) 元素",
    # --- one-hidden-layer regression (symnn.models.regression)
    "Derivative of the loss with respect to the prediction": "损失对预测值的导数", "Error term of the hidden layer": "隐藏层的误差项",
    "Gradient with respect to U": "对 U 的梯度", "Gradient with respect to W": "对 W 的梯度",
    "Gradient with respect to b": "对 b 的梯度", "Gradient with respect to d": "对 d 的梯度",
    "Gradients are in denominator layout: each has the shape of its variable (∂L/∂U is a row, ∂L/∂W is m × n).":
        "梯度采用分母布局：每个梯度与其变量形状相同（∂L/∂U 是行向量，∂L/∂W 是 m × n）。",
    "ReLU is not differentiable at 0; elsewhere ReLU′(h) = 𝕀(h > 0), entry by entry.":
        "ReLU 在 0 处不可导；在其他地方逐元素有 ReLU′(h) = 𝕀(h > 0)。",
    "The loss is": "损失为", "The prediction is": "预测值为",
    "entry (j, q) of the outer product of the error term with x": "误差项与 x 的外积的 (j, q) 元素",
    "entry j of the column 2(ŷ − y) times the transposed U, times ReLU′ entry by entry":
        "列向量 2(ŷ − y) 乘以转置的 U 的第 j 个元素，再逐元素乘以 ReLU′",
    "entry j of the row vector; U is 1 × m, so is the gradient": "行向量的第 j 个元素；U 是 1 × m，梯度也是",
    "x has n entries, the hidden layer m units; {0} is a row, so {1} is a number.": "x 有 n 个元素，隐藏层有 m 个单元；{0} 是行向量，所以 {1} 是一个数。",
    # --- matrix calculus (symnn.matrix.report, symnn.matrix.derive)
    "first-order condition: the gradient vanishes": "一阶条件：梯度为零",
    "differentiate the gradient once more": "对梯度再求一次导",
    "H is invertible: multiply by its inverse": "H 可逆：两边乘以它的逆",
    "for every v: H is %s": "对每个 v：H %s", " when %s": "（当 %s 时）", "positive semidefinite": "半正定",
    "Optimum": "最优解", "Verification of the optimum": "最优解的验证",
    "Write $L$ for the objective and $H$ for the matrix of the normal equations.": "记 $L$ 为目标函数，$H$ 为正规方程的矩阵。",
    (r"The quadratic form $v^{T} H v$ is a sum of nonnegative terms and a strictly positive multiple "
     r"of $\left\| v \right\|_{2}^{2}$, so it is positive for every $v \neq 0$%s: $H$ is positive "
     r"definite, hence invertible, and $%s^{*}$ is the unique minimiser."):
        r"二次型 $v^{T} H v$ 是若干非负项与 $\left\| v \right\|_{2}^{2}$ 的一个严格正倍数之和，所以对每个 $v \neq 0$ 它都是正的%s：$H$ 正定，因而可逆，$%s^{*}$ 是唯一的极小点。",
    (r"$v^{T} H v \ge 0$ for every $v$, so $H$ is positive semidefinite and every solution of the "
     r"normal equations is a minimiser; $v^{T} H v = 0$ forces %s$\, v = 0$, so $H$ is invertible "
     r"exactly when %s has full column rank, which we assume."):
        r"对每个 $v$ 有 $v^{T} H v \ge 0$，所以 $H$ 半正定，正规方程的每个解都是极小点；$v^{T} H v = 0$ 推出 %s$\, v = 0$，所以 $H$ 可逆当且仅当 %s 列满秩，我们假设这一点成立。",
    r"We assume that $H$ is invertible (its definiteness was not established).": r"我们假设 $H$ 可逆（未能确定它的定性）。",
    (r"We compute the gradient of $L = %s$ with respect to the $%s$ matrix $%s$, in denominator "
     r"layout: $\nabla_{%s} L$ has the shape of $%s$, its entry $(i, j)$ being "
     r"$\partial L / \partial %s_{ij}$."):
        r"我们计算 $L = %s$ 对 $%s$ 矩阵 $%s$ 的梯度，采用分母布局：$\nabla_{%s} L$ 与 $%s$ 形状相同，其 $(i, j)$ 元素为 $\partial L / \partial %s_{ij}$。",
    " We assume %s.": "假设 %s。",
    "the cost (mean squared error over the m outputs)": "代价函数（m 个输出上的均方误差）",
    "definitions of the error term and of h": "误差项与 h 的定义",
    # --- initialisation (symnn.models.initialisation)
    r"expand the square; the $w$ are independent of the $x$": r"展开平方；$w$ 与 $x$ 相互独立",
    r"linearity; $w_i$ independent of $x_i$; zero means": r"线性性；$w_i$ 与 $x_i$ 独立；均值为零",
    "the mean is 0": "均值为 0", r"the summand does not depend on $j$": r"被加项与 $j$ 无关",
    r"only the terms $i = j$ survive (Kronecker delta)": r"只有 $i = j$ 的项保留（Kronecker δ）",
    "SymPy integrates the density": "SymPy 对密度函数积分",
    r"\textbf{Verified.}": r"\textbf{已验证。}",
}

TEMPLATES: dict[str, str] = {
    "the backpropagation equations are derived symbolically in index notation and agree with central finite "
    "differences for all {} weights and biases of {} random networks (largest relative error {})":
        "反向传播方程以指标记法符号推导，并在 {1} 个随机网络的全部 {0} 个权重和偏置上与中心有限差分一致（最大相对误差 {2}）",
    "the batched backpropagation equations are derived symbolically in index notation and agree with central "
    "finite differences for all {} weights and biases of {} random networks (largest relative error {})":
        "批量反向传播方程以指标记法符号推导，并在 {1} 个随机网络的全部 {0} 个权重和偏置上与中心有限差分一致（最大相对误差 {2}）",
    "the gradients, derived symbolically in index notation, agree with central finite differences for all {} "
    "parameters of {} random networks (largest relative error {})":
        "以指标记法符号推导的梯度在 {1} 个随机网络的全部 {0} 个参数上与中心有限差分一致（最大相对误差 {2}）",
    "the convolution gradients, derived symbolically from the index definition, agree with central finite "
    "differences at all {} entries checked (strides {}; largest relative error {})":
        "由指标定义符号推导的卷积梯度在检验的全部 {0} 个元素上与中心有限差分一致（步幅 {1}；最大相对误差 {2}）",
    "the convolution gradients, derived symbolically from the index definition, agree with central finite "
    "differences at all {} entries checked (strides {}, {}; largest relative error {})":
        "由指标定义符号推导的卷积梯度在检验的全部 {0} 个元素上与中心有限差分一致（步幅 {1}、{2}；最大相对误差 {3}）",
    "the avg pooling gradients, derived symbolically from the index definition, agree with central finite "
    "differences at all {} cells checked, overlapping windows included (largest relative error {})":
        "由指标定义符号推导的平均池化梯度在检验的全部 {0} 个单元上与中心有限差分一致，包括重叠窗口（最大相对误差 {1}）",
    "the max pooling gradients, derived symbolically from the index definition, agree with central finite "
    "differences at all {} cells checked, overlapping windows included (largest relative error {})":
        "由指标定义符号推导的最大池化梯度在检验的全部 {0} 个单元上与中心有限差分一致，包括重叠窗口（最大相对误差 {1}）",
    "the backpropagation equations agree with central finite differences for all {} weights and biases of {} "
    "random networks (largest relative error {})":
        "在 {1} 个随机网络的全部 {0} 个权重和偏置上，反向传播方程与中心有限差分一致（最大相对误差 {2}）",
    "the batched backpropagation equations agree with central finite differences for all {} weights and biases "
    "of {} random networks (largest relative error {})":
        "在 {1} 个随机网络的全部 {0} 个权重和偏置上，批量反向传播方程与中心有限差分一致（最大相对误差 {2}）",
    "the gradients agree with central finite differences for all {} parameters of {} random networks (largest "
    "relative error {})": "在 {1} 个随机网络的全部 {0} 个参数上，梯度与中心有限差分一致（最大相对误差 {2}）",
    "the convolution gradients agree with central finite differences at all {} entries checked (strides {}; "
    "largest relative error {})": "卷积梯度在检验的全部 {0} 个元素上与中心有限差分一致（步幅 {1}；最大相对误差 {2}）",
    "the convolution gradients agree with central finite differences at all {} entries checked (strides {}, {}; "
    "largest relative error {})": "卷积梯度在检验的全部 {0} 个元素上与中心有限差分一致（步幅 {1}、{2}；最大相对误差 {3}）",
    "the avg pooling gradients agree with central finite differences at all {} cells checked, overlapping windows "
    "included (largest relative error {})": "平均池化梯度在检验的全部 {0} 个单元上与中心有限差分一致，包括重叠窗口（最大相对误差 {1}）",
    "the max pooling gradients agree with central finite differences at all {} cells checked, overlapping windows "
    "included (largest relative error {})": "最大池化梯度在检验的全部 {0} 个单元上与中心有限差分一致，包括重叠窗口（最大相对误差 {1}）",
    "independent, zero mean: {}": "独立且均值为零：{0}",
    "{} for {}; {} the {} density": "{1} 时 {0}；{2} 为 {3} 的密度函数",
    "{} (SymPy)": "{0}（SymPy）",
    ("E[ReLU(z)²] = Var(z)/{}: SymPy's integral of the Gaussian density gives Var(z)/{}; numeric evidence: Monte-Carlo "
     "estimates with {} samples each (fixed seed) agree within the relative tolerance {} (s={} normal: {}; s={} uniform: "
     "{}; s={} normal: {})"):
        ("E[ReLU(z)²] = Var(z)/{0}：SymPy 对高斯密度的积分给出 Var(z)/{1}；数值证据：每次 {2} 个样本的 Monte-Carlo 估计"
         "（固定种子）在相对容差 {3} 内一致（s={4} 正态：{5}；s={6} 均匀：{7}；s={8} 正态：{9}）"),
}
