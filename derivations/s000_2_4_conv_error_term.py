r"""s000-2.4: the error-term recursion of a convolution layer (000 §2.4), from the index definition
(:func:`symnn.models.derive_conv_backprop`), checked by finite differences for strides 1 and 2."""

from symnn.build import Solution, Text
from symnn.models import derive_conv_backprop

ID = "s000-2.4"
TITLE = "Error-term recursion of a convolution layer"
SOURCE = "000 §2.4"
STATEMENT = r"""Derive the error term $\partial L/\partial z_{ij}$ of a convolution layer from the error terms of the next layer."""


def solve():
    conv = derive_conv_backprop(1)
    strided = derive_conv_backprop(2)
    return Solution(
        parts=[
            conv.as_part(
                title="Stride 1: the recursion of the source",
                text=r"Layer $l+1$ replaces the linear map by a valid cross-correlation of the activations "
                     r"$x = a^{(l)} = f(z^{(l)})$ with a $K \times K$ kernel $w = w^{(l+1)}$; its outputs are "
                     r"$z = z^{(l+1)}$ with error terms $\delta = \delta^{(l+1)}$. The error term of layer $l$ "
                     r"(part (b) below) is the recursion asked for."),
            Text(r"In the recursion $\delta^{(l)}_{pq} = f'(z^{(l)}_{pq}) \sum_{u=0}^{K-1}\sum_{v=0}^{K-1} "
                 r"w_{uv}\, \delta^{(l+1)}_{p-u,\,q-v}$ the index $(p-u, q-v)$ leaves the range "
                 r"$0 \le p-u \le H'-1$, $0 \le q-v \le W'-1$ of the next layer's outputs near the border: "
                 r"such an input cell feeds fewer than $K^2$ outputs, and the missing terms are zero. So "
                 r"$\delta^{(l+1)}$ is to be read as zero outside its range, i.e.\ padded with $K-1$ rows "
                 r"and columns of zeros on every side, and the sum is the full convolution of the padded "
                 r"error terms with the kernel (equivalently, their cross-correlation with the kernel rotated "
                 r"by $180^\circ$). Without the zero padding the formula is undefined at the border.",
                 title="The zero padding"),
            strided.as_part(
                title="Stride S = 2",
                text=r"With stride $S > 1$ the input cell $(p, q)$ is reached from output $(i, j)$ through "
                     r"the kernel entry $(p - Si, q - Sj)$, which must lie inside the kernel:"),
        ],
        notes_on_source=[
            "The source's recursion (5), δ(l)ij = f′(z(l)ij) Σ over u, v of w(l+1)uv δ(l+1) at (i−u, j−v), is right for "
            "stride 1, but it does not say that the terms whose index (i−u, j−v) falls outside the next layer's output are "
            "zero (the error terms must be zero-padded by K − 1, making the sum a full convolution with the "
            "180°-rotated kernel); and it holds only for stride 1 (for stride S the sum runs over the outputs whose "
            "window contains the cell, derived above).",
        ],
    )
