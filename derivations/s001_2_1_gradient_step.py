r"""s001-2.1: the first-order Taylor argument that a gradient step decreases C."""

from symnn.build import Solution, Text, equation, inequality

ID = "s001-2.1"
TITLE = "A gradient step decreases the cost (first order)"
SOURCE = "001 §2.1"
STATEMENT = (r"""Gradient descent updates $W^{(t+1)} = W^{(t)} - \eta_t \nabla C(W^{(t)})$ (2.1). Using the first-order """
             r"""Taylor expansion $C(W^{(t+1)}) \approx C(W^{(t)}) + \nabla C(W^{(t)})^T (W^{(t+1)} - W^{(t)})$, """
             r"""show that a small enough step decreases $C$.""")


def solve():
    taylor = Text(
        r"Write $w_i$ for the components of $W^{(t)}$ and $g_i$ for those of $\nabla C(W^{(t)})$, $i = 1, \dots, n$. "
        r"For a differentiable $C$, $C(W + \Delta) = C(W) + \nabla C(W)^T \Delta + o(\|\Delta\|)$. "
        r"The step is $\Delta = W^{(t+1)} - W^{(t)}$ with components $w_i - \eta g_i - w_i$.",
        title="The first-order expansion")
    first_order = equation(
        r"\sum_{i=1}^{n} g_i (w_i - \eta g_i - w_i)", r"-\eta \sum_{i=1}^{n} g_i^2",
        title="The first-order change",
        text=r"The first-order term of the change $C(W^{(t+1)}) - C(W^{(t)})$ is")
    nonpositive = inequality(
        r"-\eta (g_1^2 + g_2^2 + g_3^2)", "<=", 0, assume=[r"\eta > 0"],
        title="Its sign",
        text=r"For $\eta > 0$ this is never positive (shown for $n = 3$; each $g_i^2 \ge 0$ in any dimension):")
    negative = inequality(
        r"-\eta (g_1^2 + g_2^2 + g_3^2)", "<", 0, assume=[r"\eta > 0", r"g_1 \neq 0"],
        title="Strictly negative away from stationary points",
        text=r"If the gradient is not zero, some component is non-zero (say $g_1$), and the change is strictly negative:",
        where=r"So $C(W^{(t+1)}) = C(W^{(t)}) - \eta \|\nabla C(W^{(t)})\|_2^2 + o(\eta) < C(W^{(t)})$ for all "
              r"small enough $\eta > 0$ whenever $\nabla C(W^{(t)}) \neq 0$.")
    return Solution(
        parts=[taylor, first_order, nonpositive, negative],
        notes_on_source=[
            "The source states ∇C(W)ᵀ∇C(W) > 0; it is only ≥ 0, and it is 0 at a stationary point, "
            "where the step does not move and C does not decrease.",
            "The source concludes C(W⁽ᵗ⁺¹⁾) < C(W⁽ᵗ⁾) from a first-order approximation; the neglected o(η) "
            "term means this holds only for a small enough step η (a large η can increase C).",
        ],
    )
