r"""Batched (matrix) backpropagation: rows are samples, as in seed 003 Q2.

Layer i = 1, …, L (X^{(0)} = X ∈ R^{m×q_0}, m samples)::

    Z^{(i)} = X^{(i−1)} W^{(i)} + 1 (b^{(i)})^T,   X^{(i)} = f(Z^{(i)}),   ℓ = (1/2ml) ‖X^{(L)} − Y‖_F²,

with W^{(i)} ∈ R^{q_{i−1}×q_i}, b^{(i)} ∈ R^{q_i} a column (so 1 (b^{(i)})^T repeats it in every
row) and l = q_L outputs.  With Δ^{(i)} := ∂ℓ/∂Z^{(i)} (an m×q_i matrix), :func:`derive_batched_backprop`
derives in index notation

    Δ^{(L)} = (1/ml)(X^{(L)} − Y) ⊙ f′(Z^{(L)}),   Δ^{(i)} = (Δ^{(i+1)} (W^{(i+1)})^T) ⊙ f′(Z^{(i)}),
    ∂ℓ/∂W^{(i)} = (X^{(i−1)})^T Δ^{(i)},          ∂ℓ/∂b^{(i)} = (Δ^{(i)})^T 1

(for a row-vector bias, as the seed writes it, the same numbers form 1^T Δ^{(i)}).  Seed 003 Q2
has L = 3 with sigmoid hidden layers and a linear output (f = identity there, f′ = 1).

>>> d = derive_batched_backprop(verify=False)
>>> from symnn.latex.printer import latex
>>> print(latex(d.part("weights").matrix_form[1]))
(X^{(i-1)})^{T} \Delta^{(i)}
"""

from __future__ import annotations

import sympy
from sympy import Derivative, HadamardProduct, MatrixSymbol, Rational, Sum, Symbol

from ..calculus.derivation import Step
from .backprop import BackpropDerivation, Part, _activation, _derivation, _int, _pull_out, _spec_activations
from .indexcalc import chain_rule_steps, collapse
from .notation import Entrywise, Partial, Text, layer, layer_matrix
from .spec import MLPSpec

__all__ = ["derive_batched_backprop"]


def derive_batched_backprop(spec: MLPSpec | None = None, *, verify: bool = True,
                            seed: int = 0) -> BackpropDerivation:
    r"""Derive the batched backpropagation equations for general L, symbolic widths and batch size.

    ``spec`` chooses the activations as in :func:`~symnn.models.backprop.derive_backprop` (the
    loss is always ℓ = (1/2ml)‖X^{(L)} − Y‖_F²).  With ``verify``, finite differences on random
    networks (L = 2, 3, 4; sigmoid, tanh, ReLU; batch sizes 1, 3, 5) give the verdict.

    >>> from symnn.models.spec import LayerSpec
    >>> seed003 = MLPSpec(4, (LayerSpec(3, "sigmoid"), LayerSpec(3, "sigmoid"), LayerSpec(2, "identity")))
    >>> d = derive_batched_backprop(seed003, verify=False)
    >>> d.part("output").derivation.closed_form
    (X^{(L)}[s, j] - Y[s, j])/(l*m)
    """
    f_hidden, f_out, _ = _spec_activations(spec)
    f_hidden, hidden_identity = _activation(f_hidden)
    f_out, out_identity = _activation(f_out)
    cost = Symbol("ell")
    s, t, j, k, p, r = (_int(c) for c in "stjkpr")
    m = Symbol("m", integer=True, positive=True)
    l = Symbol("l", integer=True, positive=True)
    q_prev, q_cur, q_next = (Symbol("q_{%s}" % c, integer=True, positive=True) for c in ("i-1", "i", "i+1"))
    ones = MatrixSymbol(r"\mathbf{1}", m, 1)
    parts: list[Part] = []

    # ---- the output error term ---------------------------------------------------------------
    XL, ZL, Y, DL = layer("X", "L"), layer("Z", "L"), sympy.IndexedBase("Y", real=True), layer(r"\Delta", "L")
    loss_def = Rational(1, 2) / (m * l) * Sum((XL[t, k] - Y[t, k]) ** 2, (t, 1, m), (k, 1, l))
    out_ranges = {s: (1, m), t: (1, m), j: (1, l), k: (1, l)}
    raw = sympy.diff(loss_def, XL[s, j])
    grad, _ = collapse(raw, out_ranges)
    grad = sympy.factor(grad)
    steps = [Step(Derivative(loss_def, XL[s, j], evaluate=False), "definition", "definition of the loss"),
             Step(raw, "sum rule", "differentiate term by term (Kronecker deltas)"),
             Step(grad, "Kronecker delta", "only the term t = s, k = j survives")]
    parts.append(Part("loss", "Derivative of the loss with respect to the output",
                      _derivation(cost, XL[s, j], Partial(cost, XL[s, j]), steps, grad),
                      (Partial(cost, layer_matrix("X", "L", m, l)),
                       Rational(1, 1) / (m * l) * (layer_matrix("X", "L", m, l) - MatrixSymbol("Y", m, l))),
                      "entry by entry", Text("The loss, with {0} samples and {1} outputs:", m, l),
                      [(cost, loss_def)]))

    steps = [Step(Partial(cost, ZL[s, j]), "definition", "definition of the error term")]
    more, result, _ = chain_rule_steps(
        cost, ZL[s, j], XL[t, k], f_out(ZL[t, k]), grad.subs({s: t, j: k}), ((t, 1, m), (k, 1, l)),
        out_ranges, upstream_words="the derivative of the loss; definition of the output")
    steps += more
    DL_mat, ZL_mat = layer_matrix(r"\Delta", "L", m, l), layer_matrix("Z", "L", m, l)
    gradmat = Rational(1, 1) / (m * l) * (layer_matrix("X", "L", m, l) - MatrixSymbol("Y", m, l))
    out_rhs = gradmat if out_identity else HadamardProduct(gradmat, Entrywise(f_out, ZL_mat, 1))
    parts.append(Part("output", "The output layer", _derivation(cost, ZL[s, j], DL[s, j], steps, result),
                      (DL_mat, out_rhs),
                      "entry by entry" + ("" if out_identity else "; ⊙ is the entrywise product"),
                      Text("{0} depends on {1} only through", cost, ZL_mat), [(XL[t, k], f_out(ZL[t, k]))]))

    # ---- the recursion --------------------------------------------------------------------------
    Z, Zn, Wn, bn = layer("Z", "i"), layer("Z", "i+1"), layer("W", "i+1"), layer("b", "i+1")
    D, Dn = layer(r"\Delta", "i"), layer(r"\Delta", "i+1")
    zn_def = Sum(f_hidden(Z[t, p]) * Wn[p, j], (p, 1, q_cur)) + bn[j]
    steps = [Step(Partial(cost, Z[s, k]), "definition", "definition of the error term")]
    more, result, _ = chain_rule_steps(
        cost, Z[s, k], Zn[t, j], zn_def, Dn[t, j], ((t, 1, m), (j, 1, q_next)),
        {s: (1, m), t: (1, m), k: (1, q_cur), p: (1, q_cur), j: (1, q_next)},
        upstream_words="induction hypothesis; definition of layer i+1")
    steps += more
    closed = _pull_out(result, j)
    steps.append(Step(closed, "algebra", "f′ does not depend on j"))
    Wn_mat = layer_matrix("W", "i+1", q_cur, q_next)
    Z_mat = layer_matrix("Z", "i", m, q_cur)
    rec = layer_matrix(r"\Delta", "i+1", m, q_next) * Wn_mat.T
    rec_rhs = rec if hidden_identity else HadamardProduct(rec, Entrywise(f_hidden, Z_mat, 1))
    D_mat = layer_matrix(r"\Delta", "i", m, q_cur)
    parts.append(Part("hidden", "Inductive step: a hidden layer i < L",
                      _derivation(cost, Z[s, k], D[s, k], steps, closed), (D_mat, rec_rhs),
                      "the sum over j is entry (s, k) of the error term of layer i+1 times the "
                      "transposed weight matrix; ⊙ multiplies entry by entry",
                      Text("Induction hypothesis: {0} is known; the loss depends on {1} only through",
                           layer_matrix(r"\Delta", "i+1", m, q_next), Z_mat),
                      [(Zn[t, j], zn_def)]))

    # ---- weight and bias gradients ---------------------------------------------------------------
    W, b, Xp = layer("W", "i"), layer("b", "i"), layer("X", "i-1")
    z_def = Sum(Xp[s, r] * W[r, p], (r, 1, q_prev)) + b[p]
    ranges = {s: (1, m), p: (1, q_cur), k: (1, q_cur), j: (1, q_prev), r: (1, q_prev)}
    X_prev = layer_matrix("X", "i-1", m, q_prev)
    for key, var, lhs, rhs, reading in (
            ("weights", W[j, k], Partial(cost, layer_matrix("W", "i", q_prev, q_cur)), X_prev.T * D_mat,
             "Σ_s over the samples of X entries times Δ entries is entry (j, k) of the product of the "
             "transposed input with the error term"),
            ("biases", b[k], Partial(cost, layer_matrix("b", "i", q_cur, 1)), D_mat.T * ones,
             "summing column k of the error term over the samples is entry k of its transpose times "
             "the all-ones vector")):
        steps, result, _ = chain_rule_steps(
            cost, var, Z[s, p], z_def, D[s, p], ((p, 1, q_cur), (s, 1, m)), ranges,
            upstream_words="definitions of the error term and of layer i")
        parts.append(Part(key, "Gradient of the %s of layer i" % key,
                          _derivation(cost, var, Partial(cost, var), steps, result), (lhs, rhs), reading,
                          Text("{0} and {1} enter the loss only through", layer_matrix("W", "i", q_prev, q_cur),
                               layer_matrix("b", "i", q_cur, 1)), [(Z[s, p], z_def)]))

    conventions = [
        Text("Rows are samples: {0} holds the m inputs, {1}; layer i has {2} units. The batch "
             "size m, the widths and the depth L are symbols.", layer_matrix("X", "0", m, q_prev),
             sympy.Eq(layer_matrix("X", "0", m, q_prev), MatrixSymbol("X", m, q_prev)), q_cur),
        Text("The bias {0} is a column; {1} is the all-ones column, so {2} adds it to every row. "
             "For a row-vector bias (as in the source) the gradient is the transpose, {3}.",
             layer_matrix("b", "i", q_cur, 1), ones,
             ones * layer_matrix("b", "i", q_cur, 1).T, ones.T * D_mat),
        "The source numbers the weights from 0 (W_i maps layer i to i+1); here the weight matrix of "
        "layer i carries the index i.",
        "Gradients are in denominator layout (the shape of the variable).",
    ]
    d = BackpropDerivation(
        expr=cost, wrt=(Z[s, k],), order=1, start=D[s, k], steps=parts[2].derivation.steps,
        closed_form=rec_rhs, title="Backpropagation in matrix form for a batch of samples",
        parts=parts, conventions=conventions,
        setting=[(Z_mat, X_prev * layer_matrix("W", "i", q_prev, q_cur) + ones * layer_matrix("b", "i", q_cur, 1).T),
                 (layer_matrix("X", "i", m, q_cur), Entrywise(f_hidden, Z_mat, 0)),
                 (cost, loss_def),
                 (D_mat, Partial(cost, Z_mat))],
        claim=Text("Claim: the error terms {0} of the layers i = L, …, 1 satisfy the equations "
                   "summarised at the end (downward induction on i).", D_mat))
    if verify:
        from .gradcheck import verify_batched_backprop

        d.verdict = verify_batched_backprop(spec, seed=seed)
        d.notes.append(d.verdict.message)
    return d
