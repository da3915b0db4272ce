r"""s000-2.3: Multiplications of forward and backward passes (000 §2.3).

The δ recursions come from :func:`symnn.models.derive_backprop` (one proof for every L, checked by
finite differences); the counts are read off those recursions per layer and summed over the layers
by SymPy (:func:`symnn.models.uniform_counts`), and checked against the multiplications tallied
while *executing* the passes on concrete networks (:func:`symnn.models.verify_uniform_counts`).
"""

import sympy

from symnn.latex.language import tr
from symnn.build import Claim, Solution, Text, derivative, equation, latex
from symnn.models import (SEED_000_BACKWARD, LayerSpec, MLPSpec, derive_backprop, multiplication_count,
                          uniform_counts, verify_uniform_counts)

ID = "s000-2.3"
TITLE = "Multiplications of forward and backward passes"
SOURCE = "000 §2.3"
STATEMENT = r"""For an $L$-layer sigmoid MLP of width $n$, count the multiplications of the forward pass ($L n^2$ to leading order) and of the backward pass, and state the $\delta$ recursions the backward pass uses."""

L, n = sympy.symbols("L n", integer=True, positive=True)


def _poly(expr) -> str:
    """A count a n² + b n (a, b in L) as LaTeX, highest power of n first: (2L − 1) n^2 + 2L n."""
    poly = sympy.Poly(sympy.expand(expr), n)
    terms = []
    for (power,), coeff in zip(poly.monoms(), poly.coeffs()):
        c = latex(coeff)
        if coeff.is_Add:
            c = "(%s)" % c
        elif coeff == 1:
            c = ""
        terms.append("%s %s" % (c, latex(n ** power)) if power else c)
    return " + ".join(terms).replace("+ -", "- ")


def _itemised_table(depth: int) -> str:
    """The itemised backward count of a depth-``depth`` width-n sigmoid net, from the spec."""
    net = MLPSpec(n, tuple(LayerSpec(n, "sigmoid") for _ in range(depth)))
    rows = []
    for what, how_many in multiplication_count(net, backward=True, with_update=True, mean_scale=False).terms:
        rows.append(r"  %s & $%s$ \\" % (_what(what), latex(how_many)))
    total = multiplication_count(net, backward=True, with_update=True, mean_scale=False).total
    return "\n".join([r"\begin{center}\small", r"\begin{tabular}{lr}", r"\toprule",
                      r"operation (backward pass and update, $L = %d$) & multiplications \\" % depth,
                      r"\midrule", *rows, r"\midrule",
                      r"  total & $%s$ \\" % _poly(total), r"\bottomrule", r"\end{tabular}",
                      r"\end{center}"])


def _what(text: str) -> str:
    """The plain-text item names of :func:`multiplication_count` as LaTeX."""
    import re

    text = re.sub(r"\(W\^\((\d+)\)\)\^T delta\^\((\d+)\)", r"$(W^{(\1)})^{T} \\delta^{(\2)}$", text)
    text = re.sub(r"delta\^\((\d+)\) \(a\^\((\d+)\)\)\^T", r"$\\delta^{(\1)} (a^{(\2)})^{T}$", text)
    text = re.sub(r"f'\(z\^\((\d+)\)\)", r"$\\sigma'(z^{(\1)})$", text)
    text = re.sub(r"update of W\^\((\d+)\), b\^\((\d+)\)", r"update of $W^{(\1)}$, $b^{(\2)}$", text)
    text = text.replace("Hadamard product at layer", r"$\odot$ at layer")
    return text


def solve():
    spec = MLPSpec(n, tuple(LayerSpec(n, "sigmoid") for _ in range(3)), "mse")
    recursions = derive_backprop(spec, seed=3).as_part(
        title="The δ recursions of the backward pass",
        text=r"The backward pass evaluates the following equations, derived once for every depth $L$ "
             r"(symbolic widths, downward induction on the layer) with the sigmoid activation. The cost "
             r"here is the mean $C = \frac{1}{2m}\sum_k (y_k - a_k^{(L)})^2$; for the seed's "
             r"$C = \frac{1}{2}\|a^{(L)} - y\|^2$ the only change is $\nabla_{a^{(L)}} C = a^{(L)} - y$ "
             r"(part (b)), so $\delta^{(L)} = (a^{(L)} - y) \odot \sigma'(z^{(L)})$.")
    half_sq = derivative(r"\frac{1}{2}(a_j - y_j)^2", "a_j", r"a_j - y_j",
                         title="The output gradient of the seed's cost",
                         text=r"Only the $j$-th term of $\frac{1}{2}\|a^{(L)} - y\|^2$ depends on $a_j^{(L)}$ "
                              r"(written $a_j$):")
    c = uniform_counts(L, n)
    forward, backward, update = (_poly(c[k]) for k in ("forward", "backward", "backward_with_update"))
    counts_verdict = verify_uniform_counts()
    conventions = Text(
        r"\emph{Conventions.} A multiplication is a product of two numbers; additions, comparisons and "
        r"the evaluation of $\sigma$ itself (an exponential) are not counted. Every layer is $n \times n$ "
        r"(input width $n$ too). The backward pass reuses the activations cached by the forward pass, "
        r"so $\sigma'(z) = a(1 - a)$ costs one multiplication per unit. Read off the recursions: "
        r"layer $\ell$ of the forward pass computes $W^{(\ell)} a^{(\ell-1)}$ ($n^2$); the backward pass "
        r"needs, at every layer, $\sigma'(z^{(\ell)})$ ($n$), the product $\odot$ ($n$) and the outer "
        r"product $\delta^{(\ell)} (a^{(\ell-1)})^{T}$ ($n^2$; the bias gradient is $\delta^{(\ell)}$ itself), "
        r"and at the layers $\ell = L-1, \dots, 1$ only, the product $(W^{(\ell+1)})^{T} \delta^{(\ell+1)}$ "
        r"($n^2$): $\delta^{(0)}$ is never needed, so there are $L - 1$ such products, not $L$. The update "
        r"$W \leftarrow W - \alpha \nabla W$, $b \leftarrow b - \alpha \nabla b$ costs $n^2 + n$ per layer.",
        title="What is counted")
    table = Text("For $L = 3$ the count, itemised from the network declaration:\n\n" + _itemised_table(3),
                 title="Itemised count (example L = 3)")
    counts = Claim(
        r"\begin{aligned} \text{%s} &= %s, \\ \text{%s} &= %s, \\ "
        r"\text{%s} &= %s \end{aligned}" % (tr("forward"), forward, tr("backward (gradients)"), backward,
                                              tr("backward with the update"), update),
        counts_verdict, title="The multiplication counts",
        text=r"Summing the per-layer counts over $\ell = 1, \dots, L$ (SymPy):",
        where=r"With the $1/m$ of a mean cost the backward pass needs $n$ more (the scaling of $a^{(L)} - y$). "
              r"To leading order the backward pass with the update costs $3 L n^2$, three times the forward pass.",
        certificate=r"\textbf{Verified (exact).} The closed forms are SymPy's sums of the per-layer counts; "
                    r"independently, the forward and backward passes were executed in arithmetic that tallies "
                    r"every multiplication: %s." % counts_verdict.message.replace("ℓ", r"$\ell$")
                    .replace("…", r"\dots").replace("%", r"\%"))
    seed_total = SEED_000_BACKWARD(L, n)
    difference = sympy.expand(seed_total - c["backward_with_update"])
    check = equation(seed_total - c["backward_with_update"], n ** 2 - L * n)
    seed_diff = Claim(r"\big(%s\big) - \big(%s\big) = %s" % (_poly(seed_total), update, _poly(difference)),
                      check.verdict, title="Comparison with the source",
                      text=r"The source's total (which includes the update) minus the count above:",
                      where=r"The source charges the $n^2$ of $(W^{(\ell+1)})^{T}\delta^{(\ell+1)}$ to all $L$ "
                            r"layers ($+n^2$) and counts $\sigma'$ and $\odot$ together as $n$ per layer ($-Ln$).")
    return Solution(
        parts=[recursions, half_sq, conventions, table, counts, seed_diff],
        notes_on_source=[
            "The forward count L·n² and the δ recursions of the source are right.",
            "The source's backward total 3Ln² + 2Ln (update included) is wrong by n² − Ln: it charges the product "
            "of the transposed weight matrix with the next layer's error term (n² multiplications) to all L layers, "
            "but it is needed only for the layers ℓ = L−1, …, 1 (the error term of the input is never used), and for the hidden layers it counts σ′ and the Hadamard product together as n "
            "multiplications although each costs n (its own output-layer count has 2n). The correct total is "
            "(3L − 1)n² + 3Ln; the leading term 3Ln² agrees.",
        ],
    )
