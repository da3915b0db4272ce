r"""The backpropagation equations of an L-layer network, derived once for every L and every width.

Per-sample vector form (layer ℓ = 1, …, L, a^{(0)} = x)::

    z^{(ℓ)} = W^{(ℓ)} a^{(ℓ−1)} + b^{(ℓ)},   a^{(ℓ)} = f(z^{(ℓ)}),   δ^{(ℓ)} := ∂C/∂z^{(ℓ)}.

:func:`derive_backprop` proves, by downward induction on the layer,

* base case (ℓ = L):      δ^{(L)} = ∇_{a^{(L)}} C ⊙ f′(z^{(L)}),
* inductive step (ℓ < L): δ^{(ℓ)} = ((W^{(ℓ+1)})^T δ^{(ℓ+1)}) ⊙ f′(z^{(ℓ)}),
* ∂C/∂W^{(ℓ)} = δ^{(ℓ)} (a^{(ℓ−1)})^T and ∂C/∂b^{(ℓ)} = δ^{(ℓ)},
* and, for C = (1/2m) Σ_k (y_k − a_k^{(L)})² (m = n_L outputs), δ^{(L)} = (1/m)(a^{(L)} − y) ⊙ f′(z^{(L)}).

Each is derived in index notation (z_j^{(ℓ+1)} = Σ_k w_{jk}^{(ℓ+1)} a_k^{(ℓ)} + b_j^{(ℓ+1)} is a SymPy
``Sum`` whose bound n_ℓ is a symbol; SymPy differentiates it and the Kronecker deltas are
collapsed), then re-read in matrix form.  The proof never uses a value of L or of a width: the
inductive step is the generic layer ℓ with neighbours ℓ ± 1.  The result is then checked against
central finite differences on random concrete networks (:mod:`symnn.models.gradcheck`), which
gives the verdict (method "numeric").

>>> d = derive_backprop(verify=False)
>>> from symnn.latex.printer import latex
>>> print(latex(d.closed_form))
((W^{(\ell+1)})^{T} \delta^{(\ell+1)}) \odot f'(z^{(\ell)})
>>> [p.key for p in d.parts]
['output', 'loss', 'hidden', 'weights', 'biases']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy import Derivative, Function, HadamardProduct, Lambda, Rational, Sum, Symbol

from ..calculus.derivation import Derivation, Step
from .indexcalc import chain_rule_steps, collapse
from .notation import (Entrywise, Gradient, Partial, Text, layer, layer_matrix, prime,
                       primes_for_derivatives)
from .spec import ACTIVATIONS, MLPSpec

__all__ = ["Part", "BackpropDerivation", "derive_backprop", "activation_derivative",
           "loss_gradient_entry"]


@dataclass
class Part:
    """One result of a multi-part proof: its index-form derivation and its matrix (re-)reading.

    ``key`` names it ("hidden", "weights", ...); ``heading`` is plain text; ``matrix_form`` is
    ``(lhs, rhs)`` of the vector/matrix statement, ``reading`` the plain-text reason the index form
    *is* that matrix statement.  ``intro`` (plain text) and ``given`` (``(lhs, rhs)`` equations)
    state what the part starts from.
    """

    key: str
    heading: str
    derivation: Derivation
    matrix_form: tuple | None = None
    reading: str = ""
    intro: str = ""
    given: list[tuple] = field(default_factory=list)


@dataclass
class BackpropDerivation(Derivation):
    """A :class:`Derivation` made of several parts (base case, inductive step, gradients …).

    The inherited fields describe the central result (the inductive step: ``start`` δ_i^{(ℓ)},
    its steps, ``closed_form`` the matrix form); ``parts`` hold every result; ``setting`` lists
    the defining equations (as ``(lhs, rhs)`` pairs) and ``conventions`` plain-text conventions.
    ``latex()`` renders all parts; ``document()`` a full document.
    """

    parts: list[Part] = field(default_factory=list)
    setting: list[tuple] = field(default_factory=list)
    conventions: list = field(default_factory=list)  # str or Text
    claim: object = ""  # str or Text

    def part(self, key: str) -> Part:
        for p in self.parts:
            if p.key == key:
                return p
        raise KeyError(key)

    def latex(self) -> str:
        from .proofdoc import render_parts

        return render_parts(self)

    def document(self, title: str | None = None) -> str:
        from .proofdoc import multipart_document

        return multipart_document(self, title=title)

    def as_part(self, title: str = "", text: str = ""):
        """This derivation as a part of a :class:`symnn.build.Solution` (setting, parts, summary,
        verification certificate), under ``title`` (plain text) with an introduction ``text`` (LaTeX)."""
        from .proofdoc import NetworkProof

        return NetworkProof(self, title=title or self.title or "", text=text)


# --------------------------------------------------------------------------- activations, losses

_t = Symbol("t", real=True)


def _activation(name_or_fn):
    """(function to apply, printed function, is identity) for an activation name or function."""
    if isinstance(name_or_fn, str):
        fn = ACTIVATIONS[name_or_fn]
    else:
        fn = name_or_fn
    identity = isinstance(fn, Lambda) and fn(_t) == _t
    return fn, identity


def activation_derivative(name: str) -> sympy.Expr:
    """f′(t) of a named activation, derived by SymPy from the vocabulary (σ′ = σ(1−σ), …).

    >>> activation_derivative("sigmoid"), activation_derivative("relu"), activation_derivative("identity")
    ((1 - sigmoid(t))*sigmoid(t), indicator(t), 1)
    """
    fn, _ = _activation(name)
    return sympy.diff(fn(_t), _t)


def _cost_definition(loss: str, a, y, k, m):
    """C as the mean over the m outputs of the per-output loss (mse: ½(a − y)², so C = (1/2m)Σ(y − a)²)."""
    if loss == "mse":
        return Rational(1, 2) / m * Sum((y[k] - a[k]) ** 2, (k, 1, m))
    if loss == "bce":
        return -1 / m * Sum(y[k] * sympy.log(a[k]) + (1 - y[k]) * sympy.log(1 - a[k]), (k, 1, m))
    raise ValueError("the per-sample derivation supports the losses 'mse' and 'bce', not %r" % loss)


def loss_gradient_entry(loss: str):
    """(∂C/∂a_j as an expression of a_j, y_j, m; symbols (a_j, y_j, m)), derived by SymPy.

    >>> g, (a, y, m) = loss_gradient_entry("mse")
    >>> g
    (a_j - y_j)/m
    """
    a, y = sympy.IndexedBase("a", real=True), sympy.IndexedBase("y", real=True)
    j, k = sympy.symbols("j k", integer=True)
    m = Symbol("m", integer=True, positive=True)
    cost = _cost_definition(loss, a, y, k, m)
    grad, _ = collapse(sympy.diff(cost, a[j]), {j: (1, m), k: (1, m)})
    aj, yj = Symbol("a_j", real=True), Symbol("y_j", real=True)
    grad = sympy.factor(grad.subs({a[j]: aj, y[j]: yj}))
    return grad, (aj, yj, m)


# --------------------------------------------------------------------------- the derivation


def _int(name: str) -> Symbol:
    return Symbol(name, integer=True)


def _width(label: str) -> Symbol:
    return Symbol("n_{%s}" % label, integer=True, positive=True)


def _pull_out(expr, index):
    """Σ_j c·g(j) → c·Σ_j g(j): move the factors free of the summation index in front."""
    if not isinstance(expr, Sum):
        return expr
    inside, outside = [], []
    for factor in sympy.Mul.make_args(expr.function):
        (inside if factor.has(index) else outside).append(factor)
    return sympy.Mul(*outside) * Sum(sympy.Mul(*inside), *expr.limits)


def _derivation(cost, var, start, steps, closed, notes=(), title=None) -> Derivation:
    return Derivation(expr=cost, wrt=(var,), order=1, start=start, steps=list(steps),
                      closed_form=closed, notes=list(notes), title=title)


def _spec_activations(spec: MLPSpec | None):
    """(hidden activation, output activation, loss) — generic f when unknown or mixed."""
    f = Function("f")
    if spec is None:
        return f, f, "mse"
    hidden = {layer.activation for layer in spec.layers[:-1]}
    f_hidden = ACTIVATIONS[hidden.pop()] if len(hidden) == 1 else f
    f_out = ACTIVATIONS[spec.layers[-1].activation]
    return f_hidden, f_out, spec.loss


def derive_backprop(spec: MLPSpec | None = None, *, verify: bool = True, seed: int = 0) -> BackpropDerivation:
    r"""Derive the δ recursions and weight/bias gradients of an MLP, for general L (one proof).

    ``spec`` fixes the activations (hidden layers sharing one activation use it, otherwise a
    generic f) and the loss ("mse": C = (1/2m)Σ_k (y_k − a_k)²; "bce": the mean binary
    cross-entropy over the m outputs); its depth and widths are *not* used by the proof, which is
    for symbolic widths n_ℓ and a generic layer ℓ.  ``spec=None`` is the textbook setting: generic
    activation f, mean squared error.  With ``verify`` the result is checked by central finite
    differences on random networks with L = 2, 3, 4 and sigmoid, tanh and ReLU activations (and the
    spec itself, when given); the :class:`~symnn.verdict.Verdict` is attached.

    >>> from symnn.models.spec import LayerSpec
    >>> net = MLPSpec(3, (LayerSpec(4, "sigmoid"), LayerSpec(2, "sigmoid")))
    >>> d = derive_backprop(net, verify=False)
    >>> d.part("hidden").derivation.closed_form
    (1 - sigmoid(z^{(\ell)}[i]))*sigmoid(z^{(\ell)}[i])*Sum(\delta^{(\ell+1)}[j]*w^{(\ell+1)}[j, i], (j, 1, n_{\ell+1}))
    """
    f_hidden, f_out, loss = _spec_activations(spec)
    f_out, out_identity = _activation(f_out)
    f_hidden, hidden_identity = _activation(f_hidden)
    C = Symbol("C")
    i, j, k, p = (_int(s) for s in "ijkp")
    m = Symbol("m", integer=True, positive=True)  # number of outputs, m = n_L
    n_prev, n_cur, n_next = _width(r"\ell-1"), _width(r"\ell"), _width(r"\ell+1")

    parts: list[Part] = []

    # ---- base case: the output layer ------------------------------------------------------
    zL, aL, dL = layer("z", "L"), layer("a", "L"), layer(r"\delta", "L")
    steps = [Step(Partial(C, zL[j]), "definition", "definition of the error term")]
    more, result, _ = chain_rule_steps(
        C, zL[j], aL[k], f_out(zL[k]), Partial(C, aL[k]), ((k, 1, m),), {j: (1, m), k: (1, m)},
        upstream_words="definition of the output")
    steps += more
    aL_vec, zL_vec = layer_matrix("a", "L", m, 1), layer_matrix("z", "L", m, 1)
    grad_a = Gradient(C, aL_vec)
    out_rhs = grad_a if out_identity else HadamardProduct(grad_a, Entrywise(f_out, zL_vec, 1))
    dL_vec = layer_matrix(r"\delta", "L", m, 1)
    parts.append(Part("output", "Base case: the output layer ℓ = L",
                      _derivation(C, zL[j], dL[j], steps, result),
                      (dL_vec, out_rhs),
                      "entry j of the gradient times f′ of entry j is the Hadamard product ⊙",
                      Text("{0} depends on {1} only through the outputs of the last layer:",
                           C, zL_vec),
                      [(aL[k], f_out(zL[k]))]))

    # ---- the loss: ∂C/∂a_j^{(L)} and the output error term -----------------------------------
    y = sympy.IndexedBase("y", real=True)
    cost_def = _cost_definition(loss, aL, y, k, m)
    steps = [Step(Derivative(cost_def, aL[j], evaluate=False), "definition",
                  "definition of the cost (mean %s over the m outputs)"
                  % ("squared error" if loss == "mse" else "binary cross-entropy")),
             Step(sympy.diff(cost_def, aL[j]), "sum rule", "differentiate term by term (Kronecker delta)")]
    grad_entry, _ = collapse(steps[-1].expr, {j: (1, m), k: (1, m)})
    grad_entry = sympy.factor(grad_entry)
    steps.append(Step(grad_entry, "Kronecker delta", "only the term k = j survives"))
    fprime_out = sympy.diff(f_out(zL[j]), zL[j])
    delta_out = sympy.factor(grad_entry) * primes_for_derivatives(fprime_out)
    loss_part = _derivation(C, aL[j], Partial(C, aL[j]), steps, grad_entry)
    y_vec = sympy.MatrixSymbol("y", m, 1)
    grad_vec = sympy.Rational(1, 1) / m * (aL_vec - y_vec) if loss == "mse" else None
    loss_rhs = None
    if grad_vec is not None:
        loss_rhs = grad_vec if out_identity else HadamardProduct(grad_vec, Entrywise(f_out, zL_vec, 1))
    parts.append(Part("loss", "The output error term for this loss", loss_part,
                      (dL_vec, loss_rhs) if loss_rhs is not None else None,
                      "by the base case, entry by entry", "The cost is", [(C, cost_def)]))
    parts[-1].derivation.definitions = {dL[j]: delta_out}

    # ---- inductive step: a generic hidden layer ℓ ----------------------------------------------
    z, zn = layer("z", r"\ell"), layer("z", r"\ell+1")
    w_next, b_next = layer("w", r"\ell+1"), layer("b", r"\ell+1")
    d_cur, d_next = layer(r"\delta", r"\ell"), layer(r"\delta", r"\ell+1")
    steps = [Step(Partial(C, z[i]), "definition", "definition of the error term")]
    zn_def = Sum(w_next[j, k] * f_hidden(z[k]), (k, 1, n_cur)) + b_next[j]
    more, result, _ = chain_rule_steps(
        C, z[i], zn[j], zn_def, d_next[j],
        ((j, 1, n_next),), {i: (1, n_cur), j: (1, n_next), k: (1, n_cur)},
        upstream_words="induction hypothesis; definition of layer ℓ+1")
    steps += more
    hidden_closed = _pull_out(result, j)
    steps.append(Step(hidden_closed, "algebra", "the factor f′ does not depend on j"))
    W_next = layer_matrix("W", r"\ell+1", n_next, n_cur)
    d_next_vec, z_vec = layer_matrix(r"\delta", r"\ell+1", n_next, 1), layer_matrix("z", r"\ell", n_cur, 1)
    backprop = W_next.T * d_next_vec
    hidden_rhs = backprop if hidden_identity else HadamardProduct(backprop, Entrywise(f_hidden, z_vec, 1))
    d_vec = layer_matrix(r"\delta", r"\ell", n_cur, 1)
    parts.append(Part("hidden", "Inductive step: a hidden layer ℓ < L",
                      _derivation(C, z[i], d_cur[i], steps, hidden_closed),
                      (d_vec, hidden_rhs),
                      "the sum over j is entry i of the transposed weight matrix times the next "
                      "error term, since row i of the transpose is column i of the matrix; "
                      "multiplying entry by entry is the Hadamard product ⊙",
                      Text("Induction hypothesis: {0} is known. The cost depends on {1} only "
                           "through {2}:", d_next_vec, z_vec,
                           layer_matrix("z", r"\ell+1", n_next, 1)),
                      [(d_next[j], Partial(C, zn[j])), (zn[j], zn_def)]))

    # ---- gradients of the weights and biases of layer ℓ ---------------------------------------
    w, bvec, a_prev = layer("w", r"\ell"), layer("b", r"\ell"), layer("a", r"\ell-1")
    z_def = Sum(w[i, p] * a_prev[p], (p, 1, n_prev)) + bvec[i]
    ranges = {i: (1, n_cur), j: (1, n_cur), k: (1, n_prev), p: (1, n_prev)}
    for key, var, heading in (("weights", w[j, k], "Gradient of the weights of layer ℓ"),
                              ("biases", bvec[j], "Gradient of the biases of layer ℓ")):
        steps, result, _ = chain_rule_steps(
            C, var, z[i], z_def, d_cur[i], ((i, 1, n_cur),), ranges,
            upstream_words="definitions of the error term and of layer ℓ")
        if key == "weights":
            lhs = Partial(C, layer_matrix("W", r"\ell", n_cur, n_prev))
            rhs = d_vec * layer_matrix("a", r"\ell-1", n_prev, 1).T
            reading = "entry (j, k) of an outer product u v^T is u_j v_k"
        else:
            lhs = Partial(C, layer_matrix("b", r"\ell", n_cur, 1))
            rhs = d_vec
            reading = "entry by entry"
        parts.append(Part(key, heading, _derivation(C, var, Partial(C, var), steps, result),
                          (lhs, rhs), reading,
                          Text("{0} and {1} enter the cost only through {2}:",
                               layer_matrix("W", r"\ell", n_cur, n_prev),
                               layer_matrix("b", r"\ell", n_cur, 1), z_vec),
                          [(z[i], z_def)]))

    hidden = parts[2]
    W_cur = layer_matrix("W", r"\ell", n_cur, n_prev)
    conventions = [
        Text("Layer ℓ = 1, …, L has {0} units and {1}. The widths and the depth L are symbols: "
             "no step below depends on their values.", n_cur, sympy.Eq(layer_matrix("a", "0", n_prev, 1),
                                                                        sympy.MatrixSymbol("x", n_prev, 1))),
        Text("Gradients are in denominator layout: {0} has the shape of {1}.", Partial(C, W_cur), W_cur),
        Text("The cost is the mean of the per-output loss over the {0} outputs.", sympy.Eq(m, _width("L"))),
        Text("{0} is the derivative of the activation {1}, applied entrywise.",
             Entrywise(f_hidden, z_vec, 1) if not hidden_identity else sympy.Integer(1),
             f_hidden(Symbol("t")) if not hidden_identity else Symbol("t")),
    ]
    if f_out is not f_hidden:
        conventions.append(Text("The output layer has its own activation: {0}.",
                                sympy.Eq(aL_vec, zL_vec if out_identity else Entrywise(f_out, zL_vec, 0))))
    if any(getattr(fn, "__name__", "") == "relu" for fn in (f_hidden, f_out)):
        conventions.append(Text("ReLU is not differentiable at 0; away from it {0}.",
                                sympy.Eq(prime(ACTIVATIONS["relu"], _t), activation_derivative("relu"))))
    d = BackpropDerivation(
        expr=C, wrt=(z[i],), order=1, start=d_cur[i], steps=hidden.derivation.steps,
        closed_form=hidden_rhs, title="Backpropagation: the error-term recursions for an L-layer network",
        parts=parts, conventions=conventions,
        setting=[(layer_matrix("z", r"\ell", n_cur, 1),
                  layer_matrix("W", r"\ell", n_cur, n_prev) * layer_matrix("a", r"\ell-1", n_prev, 1)
                  + layer_matrix("b", r"\ell", n_cur, 1)),
                 (layer_matrix("a", r"\ell", n_cur, 1), Entrywise(f_hidden, z_vec, 0)),
                 (d_vec, Partial(C, z_vec))],
        claim=Text("Claim: for every ℓ = L, L−1, …, 1 the error terms {0} satisfy the equations "
                   "summarised at the end. Proof by downward induction on ℓ: the base case is the "
                   "output layer; the inductive step derives {0} from {1} for a generic layer ℓ < L, "
                   "using nothing but the definition of layer ℓ+1.", d_vec, d_next_vec))
    if verify:
        from .gradcheck import verify_backprop

        d.verdict = verify_backprop(spec, seed=seed)
        d.notes.append(d.verdict.message)
    return d
