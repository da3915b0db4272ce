r"""s004-1.2: the Jacobian of a 2×2-kernel convolution over a 3×3 input with respect to the kernel
(004 §1.2): SymPy's Jacobian of the explicit outputs (:func:`symnn.models.conv_kernel_jacobian`),
checked by finite differences, then compared with the source's matrix."""

import sympy

from symnn.build import Claim, Solution, Text, equation, latex
from symnn.models import SEED_004_JACOBIAN, conv_kernel_jacobian, verify_conv_kernel_jacobian

ID = "s004-1.2"
TITLE = "Jacobian of a convolution with respect to its kernel"
SOURCE = "004 §1.2"
STATEMENT = r"""Compute the Jacobian of the output of a $2\times2$-kernel convolution over a $3\times3$ input with respect to the kernel."""


def solve():
    J, z, w = conv_kernel_jacobian(3, 3, 2)
    outputs = [r"z_{%d,%d}" % (i + 1, j + 1) for i in range(2) for j in range(2)]
    rows = " \\\\\n".join(r"  %s &= %s" % (name, latex(value)) for name, value in zip(outputs, z))
    setting = Text(
        r"As in a CNN layer, the convolution is a valid cross-correlation (no kernel flip, stride 1, no "
        r"padding): $z_{i,j} = \sum_{u=1}^{2}\sum_{v=1}^{2} w_{u,v}\, x_{i+u-1,\,j+v-1}$ for $i, j = 1, 2$. "
        r"The output and the kernel are flattened row by row, $z = (%s)^{T}$ and $w = (%s)^{T}$, so the "
        r"Jacobian $\partial z/\partial w$ has one row per output and one column per kernel entry. The outputs:"
        "\n\\begin{align*}\n%s\n\\end{align*}"
        % (", ".join(outputs), ", ".join(latex(v) for v in w), rows),
        title="The convolution")
    fd = verify_conv_kernel_jacobian(3, 3, 2, points=5)
    jacobian = Claim(
        r"\frac{\partial z}{\partial w} = %s" % latex(J), fd, title="The Jacobian",
        text=r"Each output is linear in the kernel, so row $k$ holds the input entries that multiply "
             r"$w_{1,1}, w_{1,2}, w_{2,1}, w_{2,2}$ in $z_k$ (SymPy's Jacobian of the outputs above):",
        where=r"Column $(u, v)$ is the $2 \times 2$ input window shifted by $(u-1, v-1)$, read row by row.",
        certificate=r"\textbf{Verified.} The Jacobian is SymPy's symbolic Jacobian of the outputs; "
                    r"evaluated at 5 random inputs and kernels, it agrees with central finite differences of a "
                    r"direct implementation of the convolution: %s." % fd.message)
    T = sympy.Matrix(4, 4, lambda r, c: sympy.Symbol("t_{%d%d}" % (r + 1, c + 1), real=True))
    pairing = lambda M: sum(M[r, c] * T[r, c] for r in range(4) for c in range(4))  # noqa: E731
    same = equation(pairing(J), pairing(SEED_004_JACOBIAN))
    source = Claim(
        r"\frac{\partial z}{\partial w} = %s" % latex(SEED_004_JACOBIAN), same.verdict,
        title="Comparison with the source",
        text=r"The source's matrix equals the derived one: the check compares "
             r"$\sum_{k,c} J_{kc}\, t_{kc}$ for the two matrices, with free symbols $t_{kc}$, which are equal "
             r"as polynomials exactly when the matrices agree entry by entry:")
    return Solution(
        parts=[setting, jacobian, source],
        notes_on_source=[
            "The source's Jacobian is right for the cross-correlation used by CNN layers with outputs and kernel "
            "flattened row by row (it states neither convention). With a true convolution (flipped kernel) the "
            "columns would come in the reverse order.",
        ],
    )
