r"""s003-3: why all-zero (all-equal) initialisation fails, and the Xavier variance (003 Q3).

Symmetry: the gradients of a 2-2-1 sigmoid net are derived by ``sn.derive``; with equal weights into
and out of the two hidden units they coincide (``equation``), so gradient descent keeps the units
equal; a training run with the model code illustrates it.  Xavier: the variance rule
Var(Σ w_i x_i) = n Var(w) Var(x) (:func:`symnn.models.derive_weighted_sum_variance`, symbolic index
algebra plus a Monte-Carlo witness), the forward and backward conditions and their harmonic mean.
"""

import numpy as np
import sympy
from sympy import Symbol

import symnn as sn
from symnn.build import Claim, Solution, Text, equation, latex
from symnn.models import (LayerSpec, MLPSpec, backprop_gradients, derive_relu_second_moment,
                          derive_weighted_sum_variance)

ID = "s003-3"
TITLE = "Zero initialisation and Xavier initialisation"
SOURCE = "003 Q3"
STATEMENT = r"""Explain the symmetry problem of zero initialisation, and derive the Xavier variance $2/(n_{\mathrm{in}} + n_{\mathrm{out}})$ from the variance of a layer's output and gradient."""

x, y, theta = (Symbol(s, real=True) for s in ("x", "y", r"\theta"))
V = [Symbol("v_{%d}" % h, real=True) for h in (1, 2)]
W = [Symbol("w_{%d}" % h, real=True) for h in (1, 2)]
G = [Symbol(r"\gamma_{%d}" % h, real=True) for h in (1, 2)]


def _symmetry_claims():
    yhat = sum(W[h] * sn.sigmoid(V[h] * x - G[h]) for h in range(2)) - theta
    loss = (y - yhat) ** 2 / 2
    equal = {V[1]: V[0], W[1]: W[0], G[1]: G[0]}
    claims, derived = [], {v: sn.derive(loss, v).closed_form for v in (V[0], V[1], W[0], W[1])}
    for first, second, name in ((V[0], V[1], "input weights"), (W[0], W[1], "output weights")):
        g1 = derived[first].xreplace(equal)
        g2 = derived[second].xreplace(equal)
        check = equation(g1, g2)
        claims.append(Claim(
            r"\frac{\partial \ell}{\partial %s} = \frac{\partial \ell}{\partial %s} = %s"
            % (latex(first), latex(second), latex(g1)), check.verdict,
            title="Equal gradients for the %s" % name,
            text=r"Both derivatives derived by symnn, then evaluated at equal weights "
                 r"$v_2 = v_1$, $w_2 = w_1$, $\gamma_2 = \gamma_1$:"))
    zero = {**{v: 0 for v in V}, **{w: 0 for w in W}, **{g: 0 for g in G}}
    g_in = derived[V[0]].xreplace(zero)
    check = equation(g_in, 0)
    claims.append(Claim(r"\left.\frac{\partial \ell}{\partial v_{1}}\right|_{\text{all weights } 0} = %s"
                        % latex(g_in), check.verdict, title="All-zero weights: the first layer does not move",
                        text=r"With every weight and threshold zero the hidden error term carries the factor "
                             r"$w_h = 0$:"))
    return claims


def _training_illustration() -> Text:
    """Gradient descent on a 3-4-2 sigmoid net (model code): hidden units stay identical from equal init."""
    spec = MLPSpec(3, (LayerSpec(4, "sigmoid"), LayerSpec(2, "sigmoid")))
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(8, 3)), rng.uniform(0.1, 0.9, size=(8, 2))
    rows = []
    for label, init in (("all zero", lambda s: np.zeros(s)), ("all 0.3", lambda s: np.full(s, 0.3)),
                        ("random N(0, 0.5²)", lambda s: rng.normal(0, 0.5, s))):
        params = [(init((4, 3)), init(4)), (init((2, 4)), init(2))]
        for _ in range(20):
            for x, t in zip(X, Y):
                grads = backprop_gradients(params, x, t, spec)
                params = [(Wl - 0.5 * gW, bl - 0.5 * gb) for (Wl, bl), (gW, gb) in zip(params, grads)]
        W1, W2 = params[0][0], params[1][0]
        spread = max(np.max(np.abs(W1 - W1[0])), np.max(np.abs(W2 - W2[:, :1])))
        rows.append(r"  %s & $%s$ \\" % (label, "0" if spread == 0 else "%.3g" % spread))
    return Text(
        r"An illustration with the model code (no verdict: it is an example, not a proof): a 3-4-2 sigmoid "
        r"network trained by 20 epochs of stochastic gradient descent (step 0.5) on 8 random samples. The "
        r"table gives the largest difference between two hidden units' weights (rows of $W^{(1)}$, columns "
        r"of $W^{(2)}$) after training."
        "\n\n" r"\begin{center}\begin{tabular}{lr}\toprule initialisation & largest difference between hidden units \\"
        r" \midrule" "\n" + "\n".join(rows) + "\n" r"\bottomrule\end{tabular}\end{center}",
        title="Illustration: training keeps equal units equal")


def solve():
    n_in, n_out = sympy.symbols(r"n_{\mathrm{in}} n_{\mathrm{out}}", positive=True)
    s = Symbol(r"\operatorname{Var}(w)", positive=True)
    forward_var = sympy.solve(sympy.Eq(n_in * s, 1), s)[0]
    backward_var = sympy.solve(sympy.Eq(n_out * s, 1), s)[0]
    he = sympy.solve(sympy.Eq(n_in * s / 2, 1), s)[0]
    r = sympy.sqrt(6 / (n_in + n_out))

    symmetry_text = Text(
        r"If all weights of a layer are equal (zero in particular), every hidden unit computes the same function "
        r"of the input: the same pre-activation, activation and error term "
        r"$\delta_h = f'(z_h)\sum_j w_{jh}\delta_j$ (the recursion of backpropagation). Its weights therefore get "
        r"the same gradient $\delta_h x^{T}$, the update keeps them equal, and by induction they stay equal at every "
        r"step: the $q$ hidden units behave as one, whatever $q$ is. With all weights zero it is worse: the "
        r"output weights are zero, so every hidden error term is zero and the first layer does not move at all. "
        r"The derivations below check this on a $1$-$2$-$1$ network in the notation of the question "
        r"($b_h = \sigma(\alpha_h - \gamma_h)$, $\alpha_h = v_h x$, linear output "
        r"$\hat{y} = w_1 b_1 + w_2 b_2 - \theta$, $\ell = \frac{1}{2}(y - \hat{y})^2$). Random initialisation "
        r"breaks the symmetry.", title="Zero initialisation: the symmetry problem")
    xavier_text = Text(
        r"Take a layer $z_j = \sum_{i=1}^{n_{\mathrm{in}}} w_{ji} x_i$ with independent zero-mean weights of variance "
        r"$\operatorname{Var}(w)$, independent of the inputs, and an activation that is the identity near 0 "
        r"($\tanh$: $\tanh(0) = 0$, $\tanh'(0) = 1$). By the rule above:"
        r"\begin{itemize}"
        r"\item forward: $\operatorname{Var}(z_j) = n_{\mathrm{in}} \operatorname{Var}(w) \operatorname{Var}(x)$, "
        r"so the variance of the activations is kept from layer to layer when $n_{\mathrm{in}}\operatorname{Var}(w) = 1$, "
        r"i.e.\ $\operatorname{Var}(w) = %s$;"
        r"\item backward: $\partial \ell/\partial x_i = \sum_{j=1}^{n_{\mathrm{out}}} w_{ji}\, \delta_j$ (row $i$ of "
        r"$W^{T}\delta$) is a sum of $n_{\mathrm{out}}$ such terms, so $\operatorname{Var}(\partial \ell/\partial x_i) = "
        r"n_{\mathrm{out}} \operatorname{Var}(w) \operatorname{Var}(\delta)$ and the gradients keep their variance when "
        r"$n_{\mathrm{out}}\operatorname{Var}(w) = 1$, i.e.\ $\operatorname{Var}(w) = %s$."
        r"\end{itemize}"
        r"Both hold only when $n_{\mathrm{in}} = n_{\mathrm{out}}$; Xavier (Glorot) initialisation takes the harmonic "
        r"mean of the two variances (the reciprocal of the mean fan):"
        % (latex(forward_var), latex(backward_var)), title="Xavier: the two conditions")
    with sympy.evaluate(False):  # the left-hand sides as written, not already equal to the right
        harmonic_shown = 2 / (1 / forward_var + 1 / backward_var)
        uniform_shown = r ** 2 / 3
    harmonic_claim = equation(harmonic_shown, 2 / (n_in + n_out), title="The harmonic mean",
                              text=r"$\operatorname{Var}(w) = 2\big/\big(\frac{1}{%s} + \frac{1}{%s}\big)$:"
                                   % (latex(forward_var), latex(backward_var)))
    uniform_claim = equation(uniform_shown, 2 / (n_in + n_out), title="The uniform version",
                             text=r"A uniform $U(-r, r)$ has variance $r^2/3$; with $r = %s$ it is the Xavier variance:"
                                  % latex(r))
    tanh_claim = equation(r"1 - \tanh(0)^2", "1", title="Why tanh (and sigmoid) fit",
                          text=r"The analysis treats the activation as the identity near $0$. For $\tanh$, "
                               r"$\tanh'(z) = 1 - \tanh(z)^2$ and")
    sigmoid_claim = equation(r"\sigma(0)(1 - \sigma(0))", r"\frac{1}{4}", title="The sigmoid's slope at 0",
                             text=r"The sigmoid is only affinely close to the identity, $\sigma(z) \approx \frac{1}{2} + "
                                  r"\frac{z}{4}$, since $\sigma'(0) = \sigma(0)(1 - \sigma(0))$ and")
    relu_text = Text(
        r"Both are symmetric about the origin with a slope that is nearly constant near $0$, which is what "
        r"the derivation assumes ($\tanh$ exactly; the sigmoid up to its offset $\frac{1}{2}$ and slope "
        r"$\frac{1}{4}$, which Xavier's variance does not correct, so the fit is approximate). ReLU "
        r"is not: it zeroes the negative half, so the second moment of the activations is halved "
        r"(next part), the forward condition becomes $n_{\mathrm{in}}\operatorname{Var}(w)/2 = 1$, i.e.\ "
        r"$\operatorname{Var}(w) = %s$ (He initialisation); with Xavier's variance the signal shrinks by about a "
        r"factor $2$ per layer in a deep ReLU network." % latex(he), title="ReLU")
    return Solution(
        parts=[symmetry_text, *_symmetry_claims(), _training_illustration(),
               derive_weighted_sum_variance(), xavier_text, harmonic_claim, uniform_claim,
               tanh_claim, sigmoid_claim, relu_text, derive_relu_second_moment()],
        notes_on_source=[
            "The source (a question sheet) gives no answer. The Xavier analysis assumes independent zero-mean "
            "weights and inputs and an activation that is the identity near 0; it fits tanh exactly and the "
            "sigmoid only approximately (σ′(0) = 1/4, σ(0) = 1/2), and not ReLU, which needs Var(w) = 2/n_in (He).",
        ],
    )
