r"""One training step of a fully connected network with given numbers, exact and hand-rounded.

The network is an :class:`~symnn.models.spec.MLPSpec`; layer ℓ computes
z^{(ℓ)} = W^{(ℓ)} a^{(ℓ−1)} + b^{(ℓ)}, a^{(ℓ)} = f_ℓ(z^{(ℓ)}), a^{(0)} = x, ŷ = a^{(L)}, and the loss is
E = Σ_k loss(ŷ_k, y_k) (for ``"mse"`` that is Σ_k ½(ŷ_k − y_k)²).  Every parameter has a name; two
entries with the same name are one shared parameter (a scalar bias is shared by the layer's units).

For each parameter θ the step shows the chain-rule product (δ^{(L)}_k = ∂E/∂ŷ_k · f′_L(z^{(L)}_k),
δ^{(ℓ)}_j = f′_ℓ(z^{(ℓ)}_j) Σ_k W^{(ℓ+1)}_{kj} δ^{(ℓ+1)}_k, ∂E/∂W^{(ℓ)}_{jk} = δ^{(ℓ)}_j a^{(ℓ−1)}_k,
∂E/∂b^{(ℓ)}_j = δ^{(ℓ)}_j, summed over the entries that hold θ), the same product with the numbers
substituted, and θ⁺ = θ − η ∂E/∂θ.

The step carries a ``verdict`` (:meth:`TrainingStep.verify`) from two further witnesses: SymPy's
``diff`` of the whole loss written in the named parameters (must agree to 40 digits), and an
independent plain-float recomputation (:mod:`symnn.worked.verify`): central finite differences of
the loss for every gradient, θ − η·g, the outputs and the loss before and after the step.

Arithmetic is exact (rationals, and unevaluated σ(202/625)-style values for smooth activations).
``round_to=k`` prints k decimals; ``hand_round={"activation": 2}`` reruns the step rounding those
intermediate values as a hand solution does, and lists the k-decimal results that change.

>>> from symnn.models.spec import LayerSpec, MLPSpec
>>> net = MLPSpec(2, (LayerSpec(2, "relu", bias=False), LayerSpec(1, "relu", bias=False)))
>>> step = training_step(net, weights=[[[0.6, 0.2], [0.1, 0.7]], [[0.5, 0.8]]],
...                      x=[0.2, 0.3], target=[0.5], lr=1,
...                      weight_names=[[["v11", "v21"], ["v12", "v22"]], [["w11", "w21"]]])
>>> step.loss_before, step.updated["w11"], step.updated["v12"]
(12769/500000, 13517/25000, 851/6250)
>>> [decimal_str(step.updated[n]) for n in ("v11", "v21", "v12", "v22", "w11", "w21")]
['0.6226', '0.2339', '0.13616', '0.75424', '0.54068', '0.85198']
>>> round(float(step.loss_after), 6), step.decreased
(0.015977, True)
>>> step.verdict.verdict, step.verdict.points_tried
('verified', 6)
>>> print(step.formula_latex("w11"))
(\hat{y}_{1} - y_{1}) \mathbb{I}(z^{(2)}_{1} > 0) a^{(1)}_{1}
>>> print(step.substituted["w11"])
(0.274 - 0.5) \cdot 1 \cdot 0.18
"""

from __future__ import annotations

import math

import mpmath
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Mapping, Sequence

import sympy
from sympy import Add, Expr, Function, Integer, Mul, Pow, Symbol

from ..latex.language import Bilingual, tr
from ..latex.proof import escape_text
from ..latex.printer import latex, ordered_terms
from ..models.spec import ACTIVATIONS, MLPSpec
from ..vocabulary import binary_cross_entropy, indicator, mse
from .numfmt import _high, decimal_str, evaluate, exact, fmt, round_half_up
from ..verdict import Verdict
from .render import WorkedResult, align, notes_block, table, text
from .verify import FD_STEP, compare, to_float, undetermined, verification_latex

__all__ = ["TrainingStep", "Discrepancy", "training_step", "HAND_ROUND_KINDS"]

#: Intermediate quantities a hand solution may round, in the order they are computed.
HAND_ROUND_KINDS = ("preactivation", "activation", "output", "derivative", "delta", "gradient",
                    "update")



class _CrossEntropy:
    """The cross-entropy term of one output, −y log ŷ (summed over the outputs by the step)."""

    @staticmethod
    def definition(p: Expr, t: Expr) -> Expr:
        return -t * sympy.log(p)

    def __new__(cls, p: Expr, t: Expr) -> Expr:  # called like the vocabulary losses
        return -t * sympy.log(p)


_LOSS_FUNCTIONS = {"mse": mse, "bce": binary_cross_entropy, "cross_entropy": _CrossEntropy}
_LOSS_WORDS = {"mse": r"E = \sum_k \tfrac{1}{2}(\hat{y}_k - y_k)^2",
               "bce": r"E = -\sum_k \bigl(y_k \log \hat{y}_k + (1 - y_k)\log(1 - \hat{y}_k)\bigr)",
               "cross_entropy": r"E = -\sum_k y_k \log \hat{y}_k"}


class _SoftmaxEntry(Function):
    """softmax(z)_k = e^{z_k} / Σ_j e^{z_j}, kept unevaluated (args: k, z_1, …, z_n) and evaluated
    by mpmath at the precision asked, so that exact values stay small trees as σ(z) does."""

    @classmethod
    def eval(cls, k, *zs):
        if len(zs) == 1:
            return Integer(1)

    def fdiff(self, argindex=1):
        k, zs = int(self.args[0]), self.args[1:]
        if argindex == 1:
            raise sympy.ArgumentIndexError(self, argindex)
        j = argindex - 1  # ∂s_k/∂z_j = s_k(𝟙[k = j] − s_j)
        return self * (int(k == j) - _SoftmaxEntry(j, *zs))

    def _eval_evalf(self, prec):
        dps = max(15, int(prec * 0.30103) + 10)
        values = _softmax_values(self.args[1:], dps)
        return None if values is None else sympy.Float(values[int(self.args[0]) - 1], dps)

    def _latex(self, printer):
        return r"\operatorname{softmax}_{%s}(%s)" % (
            self.args[0], ", ".join(printer._print(z) for z in self.args[1:]))


@lru_cache(maxsize=1024)
def _softmax_values(zs: tuple, dps: int):
    """All entries of softmax(z) to ``dps`` digits (one evaluation of z shared by the entries)."""
    values = [sympy.N(z, dps) for z in zs]
    if not all(v.is_real for v in values):
        return None
    with mpmath.workdps(dps):
        e = [mpmath.exp(mpmath.mpf(str(v))) for v in values]
        total = mpmath.fsum(e)
        return tuple(str(v / total) for v in e)


def _softmax(zs: Sequence[Expr]) -> list[Expr]:
    """softmax(z) as exact (unevaluated) entries."""
    return [_SoftmaxEntry(k + 1, *zs) for k in range(len(zs))]



# --------------------------------------------------------------------------- f′ as a symbol


class _ActivationPrime(Function):
    """f′(z) kept unevaluated in chain-rule formulas and printed ``\\sigma'(z)``; subclassed per f."""

    nargs = 1
    macro = "f"

    def _latex(self, printer):
        return r"%s'(%s)" % (self.macro, printer._print(self.args[0]))


def _prime_class(name: str) -> type | None:
    macros = {"sigmoid": r"\sigma", "tanh": r"\tanh", "softplus": r"\operatorname{softplus}"}
    if name not in macros:
        return None
    return type(f"d{name}", (_ActivationPrime,), {"macro": macros[name]})


_PRIMES = {name: _prime_class(name) for name in ("sigmoid", "tanh", "softplus")}


def _prime_symbolic(activation: str, z: Symbol) -> Expr:
    """f′(z) for the chain-rule formula: 1, 𝕀(z > 0), or an unevaluated σ′(z)-style call."""
    if activation in ("identity", "softmax"):
        return Integer(1)
    if activation == "relu":
        return indicator(z)
    return _PRIMES[activation](z)


def _prime_value(activation: str, z: Expr) -> Expr:
    """f′ at a number z, exactly: σ(z)(1 − σ(z)), 1 − tanh²z, σ(z), 𝕀(z > 0), 1."""
    t = Symbol("t", real=True)
    if activation in ("identity", "softmax"):  # softmax: its Jacobian enters δ directly
        return Integer(1)
    return ACTIVATIONS[activation](t).diff(t).subs(t, z)


# --------------------------------------------------------------------------- the result


@dataclass
class Discrepancy:
    """A reported value whose k-decimal rounding differs between exact and hand-rounded work."""

    name: str
    exact: Expr
    hand: Expr
    decimals: int

    @property
    def exact_rounded(self) -> Expr:
        return round_half_up(self.exact, self.decimals)

    @property
    def hand_rounded(self) -> Expr:
        return round_half_up(self.hand, self.decimals)

    @property
    def difference(self) -> Expr:
        """hand − exact, both rounded to ``decimals``."""
        return self.hand_rounded - self.exact_rounded


@dataclass
class TrainingStep(WorkedResult):
    """One gradient step; all values exact SymPy numbers keyed by parameter name."""

    spec: MLPSpec
    lr: Expr
    x: tuple
    target: tuple
    parameters: dict[str, Expr]          # θ before the step, in layer order
    symbols: dict[str, Symbol]           # the parameter symbols
    forward: list[tuple]   # (z or a symbol, value, formula LaTeX, with numbers) as computed
    outputs_before: tuple
    outputs_after: tuple
    loss_before: Expr
    loss_after: Expr
    formulas: dict[str, Expr]            # ∂E/∂θ as a chain-rule product of named quantities
    substituted: dict[str, str]          # the product with numbers, as LaTeX
    gradients: dict[str, Expr]
    updated: dict[str, Expr]
    round_to: int | None = None
    hand_round: dict[str, int] | None = None
    hand: "TrainingStep | None" = None
    discrepancies: list[Discrepancy] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = "One training step"
    _leaves: dict = field(default_factory=dict, repr=False)
    layout: list = field(default_factory=list, repr=False)
    _sympy_gradients: dict = field(default_factory=dict, repr=False)
    verdict: Verdict | None = None

    def verify(self) -> Verdict:
        """Recompute the verdict from the step's current values (and store it in ``verdict``)."""
        self.verdict = verify_step(self)
        return self.verdict

    @property
    def decreased(self) -> bool:
        """True when the loss after the step is smaller than before."""
        after, before = _high(self.loss_after), _high(self.loss_before)
        if abs(after - before) > sympy.Float("1e-40"):
            return bool(after < before)
        return bool(evaluate(self.loss_after - self.loss_before) < 0)

    def _number_terms(self, formula: Add) -> list[str]:
        return [_render_numbers(t, self._leaves) for t in formula.args]

    def formula_latex(self, name: str) -> str:
        """LaTeX of the chain-rule product ∂E/∂θ for parameter ``name``."""
        return _render_numbers(self.formulas[name], {})

    def value(self, name: str, k: int | None = None):
        """The updated parameter ``name`` (exact, or rounded to ``k`` decimals)."""
        v = self.updated[name]
        return v if k is None else round_half_up(v, k)

    # -- LaTeX -----------------------------------------------------------------------------

    def _f(self, v) -> str:
        return fmt(v, self.round_to)

    def latex(self) -> str:
        L = self.spec.depth
        acts = tr(", ").join(tr("layer %d: %s") % (i + 1, tr(layer.activation))
                             for i, layer in enumerate(self.spec.layers))
        widths = "-".join(str(w) for w in self.spec.widths)
        parts = [escape_text(tr("Network %s (%s); loss ") % (widths, acts))
                 + f"${_LOSS_WORDS.get(self.spec.loss, 'E')}$"
                 + text("; learning rate ") + f"$\\eta = {fmt(self.lr)}$"
                 + text("; update ") + r"$\theta^{+} = \theta - \eta\,\partial E/\partial\theta$."]
        if self.round_to is not None:
            parts[-1] += escape_text(tr(" Values are exact; they are shown rounded to %d decimals.") % self.round_to)
        # forward pass
        inputs = [(latex(Symbol(f"x_{k + 1}")), self._f(v), "input") for k, v in enumerate(self.x)]
        lines = list(inputs)
        for sym, v, definition, numbers in self.forward:
            if definition:
                lines.append((latex(sym), definition, ""))
                lines.append(("", numbers, ""))
                lines.append(("", self._f(v), ""))
            else:
                lines.append((latex(sym), self._f(v), ""))
        lines.append(("E", self._f(self.loss_before), "loss before the step"))
        parts += [r"\textbf{%s}" % tr("Forward pass."), align(lines)]
        # gradients and updates
        rows = []
        for name, sym in self.symbols.items():
            d = r"\frac{\partial E}{\partial %s}" % latex(sym)
            formula = self.formulas[name]
            if isinstance(formula, Add) and len(_render_numbers(formula, {})) > 90:
                # a long sum (a shared parameter): one term a line
                sym_terms = [_render_numbers(t, {}) for t in formula.args]
                num_terms = self._number_terms(formula)
                rows.append((d, sym_terms[0], "chain rule"))
                rows += [("", r"\quad + " + t, "") for t in sym_terms[1:]]
                rows.append(("", num_terms[0], ""))
                rows += [("", r"\quad + " + t, "") for t in num_terms[1:]]
            else:
                rows.append((d, self.formula_latex(name), "chain rule"))
                rows.append(("", self.substituted[name], ""))
            rows.append(("", self._f(self.gradients[name]), ""))
            rows.append((_sup(latex(sym), "+"), r"%s - %s \cdot %s" % (
                self._f(self.parameters[name]), fmt(self.lr),
                _paren_neg(self._f(self.gradients[name]))), ""))
            rows.append(("", self._f(self.updated[name]), ""))
        parts += [r"\textbf{%s}" % tr("Backward pass and update."), align(rows)]
        # summary table
        head = ["parameter", "before", r"$\partial E/\partial\theta$", "after"]
        body = [[f"${latex(self.symbols[n])}$", f"${self._f(self.parameters[n])}$",
                 f"${self._f(self.gradients[n])}$", f"${self._f(self.updated[n])}$"]
                for n in self.symbols]
        parts.append(table(head, body, "lrrr"))
        outs = [(latex(Symbol(f"yhat_{k + 1}")), f"{self._f(b)} \\to {self._f(a)}", "")
                for k, (b, a) in enumerate(zip(self.outputs_before, self.outputs_after))]
        outs.append(("E", f"{self._f(self.loss_before)} \\to {self._f(self.loss_after)}",
                     "the loss decreased" if self.decreased else "the loss did not decrease"))
        parts += [r"\textbf{%s}" % tr("After the step."), align(outs)]
        if self.hand is not None:
            k = self.round_to or 4
            what = tr(_rounding_what(self.hand_round))
            if self.discrepancies:
                head = ["value", "exact", "hand-rounded", "difference"]
                body = [[f"${_name_tex(d.name, self.symbols)}$", f"${fmt(d.exact_rounded, k)}$",
                         f"${fmt(d.hand_rounded, k)}$", f"${fmt(d.difference, k)}$"]
                        for d in self.discrepancies]
                parts.append(table(head, body, "lrrr",
                                   caption=tr("Rounding intermediate values (%s) changes these "
                                              "%d-decimal results:") % (what, k)))
            else:
                parts.append(escape_text(tr("Rounding intermediate values (%s) changes no result "
                                            "at %d decimals.") % (what, k)))
        parts.append(notes_block(self.notes))
        parts.append(verification_latex(
            self.verdict, "Gradients: chain rule against SymPy's diff of the whole loss (40 digits) "
                          "and against central finite differences of the loss in floats "
                          f"(h = {FD_STEP:g}); updated parameters, outputs and losses recomputed by a "
                          "separate float forward pass; one point per parameter"))
        return "\n\n".join(p for p in parts if p)


def _sup(tex: str, mark: str) -> str:
    """``tex`` with a superscript mark; braced when it has a superscript already (w^{(1)}_{11})."""
    return ("{%s}^{%s}" if "^" in tex else "%s^{%s}") % (tex, mark)


def _paren_neg(tex: str) -> str:
    return f"({tex})" if tex.startswith("-") else tex


def _name_tex(name: str, symbols: Mapping[str, Symbol]) -> str:
    if name in symbols:
        return latex(symbols[name])
    return {"E+": "E^{+}"}.get(name, latex(Symbol(name)))


# --------------------------------------------------------------------------- substitution display


def _render_numbers(expr: Expr, leaves: Mapping[Expr, str]) -> str:
    """LaTeX of ``expr`` with each leaf in ``leaves`` replaced by its (formatted) number.

    Factors and terms come in the order the house printer uses, so this line lines up with the
    symbolic one above it; products of numbers get an explicit ``\\cdot``.
    """
    if expr in leaves:
        return leaves[expr]
    if expr.is_Number:
        return fmt(expr)
    if isinstance(expr, Add):
        out = ""
        for i, term in enumerate(ordered_terms(expr.args)):
            if not isinstance(term, Add) and term.could_extract_minus_sign():
                out += (" - " if i else "-") + _render_factor(-term, leaves)
            else:
                piece = (_render_numbers(term, leaves) if isinstance(term, Add)
                         else _render_factor(term, leaves))
                if i and piece.startswith("-"):
                    out += " - " + piece[1:]
                else:
                    out += (" + " if i else "") + piece
        return out
    if isinstance(expr, Mul):
        if expr.could_extract_minus_sign():
            return "-" + _render_numbers(-expr, leaves)
        factors = expr.args  # our products are unevaluated: their order is the chain rule's
        sep = r" \cdot " if leaves else " "
        den = [f.base for f in factors if isinstance(f, Pow) and f.exp == -1]
        if den:  # −y/ŷ and the like: a fraction
            num = [f for f in factors if not (isinstance(f, Pow) and f.exp == -1)]
            return r"\frac{%s}{%s}" % (_join_factors(num, leaves, sep) or "1",
                                       _join_factors(den, leaves, sep))
        return _join_factors(factors, leaves, sep)
    if isinstance(expr, Pow) and expr.exp.is_Integer and expr.exp > 0:
        return "%s^{%d}" % (_render_factor(expr.base, leaves, power=True), int(expr.exp))
    return latex(expr)


def _join_factors(factors, leaves: Mapping[Expr, str], sep: str) -> str:
    """Factors joined by ``sep``; a later factor that starts with a minus sign gets parentheses."""
    out = [_render_factor(f, leaves) for f in factors]
    return sep.join(t if i == 0 or not t.startswith("-") else f"({t})" for i, t in enumerate(out))


def _render_factor(expr: Expr, leaves: Mapping[Expr, str], power: bool = False) -> str:
    tex = _render_numbers(expr, leaves)
    if isinstance(expr, Mul) and not power:
        return tex
    if isinstance(expr, Add) or (power and isinstance(expr, Mul)) or (
            expr in leaves and tex.startswith("-")):
        return f"({tex})"
    return tex


# --------------------------------------------------------------------------- the computation


def _layout(spec: MLPSpec, weights, biases, weight_names, bias_names):
    """Per layer: (names matrix, bias names list or None), and the values by name."""
    values: dict[str, Expr] = {}
    layout = []
    widths = spec.widths
    if len(weights) != spec.depth:
        raise ValueError(f"weights for {len(weights)} layers given; the network has {spec.depth}")
    biases = list(biases) if biases is not None else [None] * spec.depth
    for l, layer in enumerate(spec.layers, start=1):
        rows, cols = int(widths[l]), int(widths[l - 1])
        W = weights[l - 1]
        if len(W) != rows or any(len(r) != cols for r in W):
            raise ValueError(f"W^({l}) must be {rows}x{cols} (units x inputs)")
        names = (weight_names[l - 1] if weight_names else
                 [[f"w^{{({l})}}_{{{j + 1}{k + 1}}}" for k in range(cols)] for j in range(rows)])
        b, bnames = biases[l - 1], None
        if layer.bias and b is None:
            raise ValueError(f"layer {l} has a bias in the spec but no bias value was given")
        if not layer.bias and b is not None:
            raise ValueError(f"layer {l} has no bias in the spec but a bias value was given")
        if b is not None:
            shared = not isinstance(b, (list, tuple))
            given = bias_names[l - 1] if bias_names else None
            if shared:
                bnames = [given or f"b^{{({l})}}"] * rows
                b = [b] * rows
            else:
                bnames = list(given) if given else [f"b^{{({l})}}_{{{j + 1}}}" for j in range(rows)]
        entries = [(names[j][k], W[j][k]) for j in range(rows) for k in range(cols)]
        if bnames:
            entries += list(zip(bnames, b))
        for name, v in entries:
            v = exact(v)
            if name in values and values[name] != v:
                raise ValueError(f"parameter {name} is shared but given two values")
            values[name] = v
        layout.append((names, bnames))
    return layout, values


def _run(spec: MLPSpec, layout, values: Mapping[str, Expr], x, y, lr,
         rnd: Callable[[str, Expr], Expr]) -> dict:
    """Forward pass, δs, gradients and updates with the numbers in ``values``; ``rnd`` rounds."""
    L = spec.depth
    loss_fn = _LOSS_FUNCTIONS[spec.loss]
    a = [list(x)]
    z: list[list[Expr]] = [[]]
    for l in range(1, L + 1):
        names, bnames = layout[l - 1]
        act = spec.layers[l - 1].activation
        zl = [rnd("preactivation", sum((values[names[j][k]] * a[l - 1][k]
                                        for k in range(len(a[l - 1]))), Integer(0))
                  + (values[bnames[j]] if bnames else 0))
              for j in range(len(names))]
        kind = "output" if l == L else "activation"
        z.append(zl)
        out = _softmax(zl) if act == "softmax" else [ACTIVATIONS[act](v) for v in zl]
        a.append([rnd(kind, v) for v in out])
    loss = sum((loss_fn.definition(p, t) for p, t in zip(a[L], y)), Integer(0))
    return {"z": z, "a": a, "loss": loss}


def _backward(spec: MLPSpec, layout, values, fw, y, rnd):
    L = spec.depth
    yh, t = Symbol("yhat"), Symbol("y")
    dloss = _LOSS_FUNCTIONS[spec.loss].definition(yh, t).diff(yh)
    fp = [[]] + [[rnd("derivative", _prime_value(spec.layers[l - 1].activation, v))
                  for v in fw["z"][l]] for l in range(1, L + 1)]
    delta: list[list[Expr]] = [[] for _ in range(L + 1)]
    dE = [dloss.subs({yh: p, t: tt}) for p, tt in zip(fw["a"][L], y)]
    if spec.layers[-1].activation == "softmax":
        # δ_k = Σ_j ∂E/∂ŷ_j · ∂ŷ_j/∂z_k with ∂ŷ_j/∂z_k = ŷ_j(𝟙[j = k] − ŷ_k)
        p = fw["a"][L]
        delta[L] = [rnd("delta", Add(*[dE[j] * p[j] * (int(j == k) - p[k])
                                      for j in range(len(p))])) for k in range(len(p))]
    else:
        delta[L] = [rnd("delta", dE[k] * fp[L][k]) for k in range(len(dE))]
    for l in range(L - 1, 0, -1):
        names_next = layout[l][0]
        delta[l] = [rnd("delta", fp[l][j] * sum((values[names_next[k][j]] * delta[l + 1][k]
                                                 for k in range(len(names_next))), Integer(0)))
                    for j in range(len(layout[l - 1][0]))]
    grads: dict[str, Expr] = {}
    for l in range(1, L + 1):
        names, bnames = layout[l - 1]
        for j, row in enumerate(names):
            for k, name in enumerate(row):
                grads[name] = grads.get(name, 0) + delta[l][j] * fw["a"][l - 1][k]
            if bnames:
                grads[bnames[j]] = grads.get(bnames[j], 0) + delta[l][j]
    grads = {n: rnd("gradient", g) for n, g in grads.items()}
    return fp, delta, grads


def _symbolic(spec: MLPSpec, layout, syms):
    """Chain-rule products ∂E/∂θ in the named quantities, and those names."""
    L = spec.depth
    zs = [[]] + [[Symbol(f"z^{{({l})}}_{{{j + 1}}}") for j in range(len(layout[l - 1][0]))]
                 for l in range(1, L + 1)]
    As = [[Symbol(f"x_{k + 1}") for k in range(int(spec.n_inputs))]]
    As += [[Symbol(f"a^{{({l})}}_{{{j + 1}}}") for j in range(len(layout[l - 1][0]))]
           for l in range(1, L)]
    As.append([Symbol(f"yhat_{k + 1}") for k in range(len(layout[L - 1][0]))])
    ys = [Symbol(f"y_{k + 1}") for k in range(len(As[L]))]
    yh, t = Symbol("yhat"), Symbol("y")
    dloss = _LOSS_FUNCTIONS[spec.loss].definition(yh, t).diff(yh)
    fps = [[]] + [[_prime_symbolic(spec.layers[l - 1].activation, zz) for zz in zs[l]]
                  for l in range(1, L + 1)]
    # built unevaluated, so that the factors read in chain-rule order: ∂E/∂ŷ · f′(z) · a
    delta = [[] for _ in range(L + 1)]
    out = As[L]
    if spec.layers[-1].activation == "softmax" and spec.loss == "cross_entropy":
        # Σ_j (−y_j/ŷ_j) ŷ_j(𝟙[j = k] − ŷ_k) = ŷ_k − y_k, the targets summing to 1
        delta[L] = [_add([out[k], -ys[k]]) for k in range(len(ys))]
    elif spec.layers[-1].activation == "softmax":
        delta[L] = [_add([_mul(dloss.subs({yh: out[j], t: ys[j]}), out[j],
                               _add([Integer(1), -out[k]]) if j == k else -out[k])
                          for j in range(len(ys))]) for k in range(len(ys))]
    else:
        delta[L] = [_mul(dloss.subs({yh: out[k], t: ys[k]}), fps[L][k]) for k in range(len(ys))]
    for l in range(L - 1, 0, -1):
        nxt = layout[l][0]
        delta[l] = [_mul(_add([_mul(delta[l + 1][k], syms[nxt[k][j]]) for k in range(len(nxt))]),
                         fps[l][j]) for j in range(len(zs[l]))]
    terms: dict[str, list[Expr]] = {}
    for l in range(1, L + 1):
        names, bnames = layout[l - 1]
        for j, row in enumerate(names):
            for k, name in enumerate(row):
                terms.setdefault(name, []).append(_mul(delta[l][j], As[l - 1][k]))
            if bnames:
                terms.setdefault(bnames[j], []).append(delta[l][j])
    formulas = {name: _add(ts) for name, ts in terms.items()}
    return formulas, zs, As, ys, fps


def _mul(*factors: Expr) -> Expr:
    """An unevaluated product that keeps its order and drops factors equal to 1."""
    factors = [f for f in factors if f != 1]
    return factors[0] if len(factors) == 1 else Mul(*factors, evaluate=False)


def _add(terms: Sequence[Expr]) -> Expr:
    return terms[0] if len(terms) == 1 else Add(*terms, evaluate=False)


def _sympy_gradients(spec: MLPSpec, layout, syms, values, x, y) -> dict[str, Expr]:
    """The second witness: d/dθ of the loss written in the parameter symbols, at the values."""
    a = list(x)
    for l in range(1, spec.depth + 1):
        names, bnames = layout[l - 1]
        act = spec.layers[l - 1].activation
        zl = [Add(*[syms[names[j][k]] * a[k] for k in range(len(a))])
              + (syms[bnames[j]] if bnames else 0) for j in range(len(names))]
        a = _softmax(zl) if act == "softmax" else [ACTIVATIONS[act](v) for v in zl]
    E = Add(*[_LOSS_FUNCTIONS[spec.loss](p, t) for p, t in zip(a, y)])
    at = {syms[n]: v for n, v in values.items()}
    return {n: E.diff(s).subs(at) for n, s in syms.items()}


def _rounder(hand_round: Mapping[str, int] | None):
    unknown = set(hand_round or ()) - set(HAND_ROUND_KINDS)
    if unknown:
        raise ValueError(f"unknown hand_round kinds {sorted(unknown)}; known: {HAND_ROUND_KINDS}")

    def rnd(kind: str, v: Expr) -> Expr:
        if hand_round and kind in hand_round:
            return round_half_up(v, hand_round[kind])
        return v

    return rnd


def _compute(spec, layout, values, x, y, lr, hand_round=None):
    rnd = _rounder(hand_round)
    fw = _run(spec, layout, values, x, y, lr, rnd)
    fp, delta, grads = _backward(spec, layout, values, fw, y, rnd)
    updated = {n: rnd("update", values[n] - lr * g) for n, g in grads.items()}
    after = _run(spec, layout, updated, x, y, lr, rnd)
    return fw, fp, delta, grads, updated, after


def training_step(spec: MLPSpec, weights: Sequence, biases: Sequence | None = None, *,
                  x: Sequence, target: Sequence, lr,
                  weight_names: Sequence | None = None, bias_names: Sequence | None = None,
                  round_to: int | None = None, hand_round: Mapping[str, int] | None = None,
                  notes: Sequence[str] = (), title: str = "One training step") -> TrainingStep:
    """One step of gradient descent on one example.

    ``weights[ℓ-1]`` is W^{(ℓ)} as rows (one per unit of layer ℓ, one entry per input); numbers may
    be ints, floats, decimal strings or fractions and are used exactly.  ``biases[ℓ-1]`` is
    ``None`` (no bias), a list (one per unit) or a single number (one bias shared by the layer).
    ``weight_names`` / ``bias_names`` name the parameters (default ``w^{(ℓ)}_{jk}``, ``b^{(ℓ)}_j``).
    ``hand_round`` maps kinds of :data:`HAND_ROUND_KINDS` to decimals.
    """
    if spec.loss not in _LOSS_FUNCTIONS:
        raise NotImplementedError(f"loss {spec.loss!r} is not supported by training_step yet")
    if any(layer.activation == "softmax" for layer in spec.layers[:-1]):
        raise ValueError("softmax is only supported on the output layer")
    if spec.layers[-1].activation == "softmax" and spec.loss == "bce":
        raise ValueError("softmax outputs take the cross-entropy or MSE loss, not BCE")
    layout, values = _layout(spec, weights, biases, weight_names, bias_names)
    x = tuple(exact(v) for v in x)
    y = tuple(exact(v) for v in target)
    lr = exact(lr)
    if len(x) != int(spec.n_inputs) or len(y) != int(spec.widths[-1]):
        raise ValueError("input or target length does not match the network widths")
    if spec.layers[-1].activation == "softmax" and spec.loss == "cross_entropy" and sum(y) != 1:
        raise ValueError("softmax with cross-entropy needs targets that sum to 1")
    syms = {n: Symbol(n) for n in values}
    fw, fp, delta, grads, updated, after = _compute(spec, layout, values, x, y, lr)

    # a second witness: SymPy's diff of the whole loss (compared in verify_step)
    sympy_grads = _sympy_gradients(spec, layout, syms, values, x, y)

    formulas, zs, As, ys, fps = _symbolic(spec, layout, syms)
    L = spec.depth
    show = lambda v: fmt(v, round_to)  # noqa: E731
    leaves: dict[Expr, str] = {syms[n]: show(v) for n, v in values.items()}
    leaves.update({ys[k]: show(v) for k, v in enumerate(y)})
    for l in range(0, L + 1):
        for k, s in enumerate(As[l]):
            leaves[s] = show(fw["a"][l][k])
    for l in range(1, L + 1):
        for j, p in enumerate(fps[l]):
            if p != 1:
                leaves[p] = show(fp[l][j])
    substituted = {n: _render_numbers(f, leaves) for n, f in formulas.items()}
    for n, f in formulas.items():  # the product with the numbers is the gradient
        value = f.xreplace({s: _leaf_value(s, values, syms, y, fw, fps, fp, As, ys)
                            for s in leaves})
        assert abs(evaluate(value - grads[n], 50)) < sympy.Float("1e-40"), n

    forward = []
    for l in range(1, L + 1):
        names, bnames = layout[l - 1]
        act = spec.layers[l - 1].activation
        for j in range(len(zs[l])):
            zdef = _add([_mul(syms[names[j][k]], As[l - 1][k]) for k in range(len(As[l - 1]))]
                        + ([syms[bnames[j]]] if bnames else []))
            target_sym = zs[l][j] if act != "identity" else As[l][j]
            forward.append((target_sym, fw["z"][l][j], _render_numbers(zdef, {}),
                            _render_numbers(zdef, leaves)))
        if act == "softmax":
            total = " + ".join(f"e^{{{latex(v)}}}" for v in zs[l])
            total_n = " + ".join(f"e^{{{show(v)}}}" for v in fw["z"][l])
            for j in range(len(As[l])):
                forward.append((As[l][j], fw["a"][l][j],
                                r"\frac{e^{%s}}{%s}" % (latex(zs[l][j]), total),
                                r"\frac{e^{%s}}{%s}" % (show(fw["z"][l][j]), total_n)))
        elif act != "identity":
            f = ACTIVATIONS[act]
            for j in range(len(As[l])):
                forward.append((As[l][j], fw["a"][l][j], latex(f(zs[l][j])),
                                latex(f(Symbol(show(fw["z"][l][j]))))))
    all_notes = list(notes)
    for l in range(1, L + 1):
        if spec.layers[l - 1].activation == "relu" and any(v == 0 for v in fw["z"][l]):
            all_notes.append(f"a pre-activation of layer {l} is exactly 0, where ReLU has no "
                             "derivative; the step uses ReLU'(0) = 0")
    step = TrainingStep(spec=spec, lr=lr, x=x, target=y, parameters=dict(values), symbols=syms,
                        forward=forward, outputs_before=tuple(fw["a"][L]),
                        outputs_after=tuple(after["a"][L]), loss_before=fw["loss"],
                        loss_after=after["loss"], formulas=formulas, substituted=substituted,
                        gradients=grads, updated=updated, round_to=round_to,
                        notes=all_notes, title=title, _leaves=leaves, layout=layout,
                        _sympy_gradients=sympy_grads)
    if hand_round:
        h_fw, _, _, h_grads, h_updated, h_after = _compute(spec, layout, values, x, y, lr,
                                                           hand_round)
        k = round_to if round_to is not None else 4
        pairs = [(n, updated[n], h_updated[n]) for n in values]
        pairs += [(f"yhat_{i + 1}", e, h) for i, (e, h) in
                  enumerate(zip(step.outputs_before, h_fw["a"][L]))]
        pairs += [("E", step.loss_before, h_fw["loss"]), ("E+", step.loss_after, h_after["loss"])]
        step.hand_round = dict(hand_round)
        step.discrepancies = [Discrepancy(n, e, h, k) for n, e, h in pairs
                              if round_half_up(e, k) != round_half_up(h, k)]
        step.hand = TrainingStep(spec=spec, lr=lr, x=x, target=y, parameters=dict(values),
                                 symbols=syms, forward=[], outputs_before=tuple(h_fw["a"][L]),
                                 outputs_after=tuple(h_after["a"][L]), loss_before=h_fw["loss"],
                                 loss_after=h_after["loss"], formulas=formulas, substituted={},
                                 gradients=h_grads, updated=h_updated, round_to=k,
                                 title=title + " (hand-rounded)", layout=layout)
        for d in step.discrepancies:
            step.notes.append(_rounding_note(hand_round, d, k))
    step.verify()
    return step


#: The quantities rounded by hand, in Chinese.
_KIND_ZH = {"activation": "激活值", "derivative": "导数", "gradient": "梯度"}


def _rounding_what(hand_round) -> Bilingual:
    """What is rounded by hand, and to how many decimals (``activation to 2 decimals, …``)."""
    return Bilingual(", ".join(f"{kind} to {n} decimals" for kind, n in hand_round.items()),
                     "、".join(f"{_KIND_ZH.get(kind, kind)}保留 {n} 位小数" for kind, n in hand_round.items()))


def _rounding_note(hand_round, d, k: int) -> Bilingual:
    """The note saying what rounding intermediate values by hand does to one reported value."""
    what, what_zh = str.__str__(_rounding_what(hand_round)), _rounding_what(hand_round).zh
    name = _plain_name(d.name)
    exact, hand, diff = fmt(d.exact_rounded, k), fmt(d.hand_rounded, k), fmt(d.difference, k)
    return Bilingual(f"rounding {what} changes {name} at {k} decimals: {exact} exact vs {hand} "
                     f"hand-rounded (difference {diff})",
                     f"把{what_zh}会改变{_plain_name_zh(d.name)}的第 {k} 位小数：精确值 {exact}，"
                     f"手算舍入后为 {hand}（相差 {diff}）")


def _plain_name_zh(name: str) -> str:
    return {"E": "更新前的损失", "E+": "更新后的损失"}.get(name, name.replace("yhat_", "输出 "))


def _plain_name(name: str) -> str:
    return {"E": "the loss before the step", "E+": "the loss after the step"}.get(
        name, name.replace("yhat_", "output "))


def _leaf_value(s, values, syms, y, fw, fps, fp, As, ys):
    """The number standing for leaf ``s`` of a chain-rule formula (used to re-check it)."""
    for n, sym in syms.items():
        if sym == s:
            return values[n]
    if s in ys:
        return y[ys.index(s)]
    for l, layer in enumerate(As):
        if s in layer:
            return fw["a"][l][layer.index(s)]
    for l, layer in enumerate(fps):
        if s in layer:
            return fp[l][layer.index(s)]
    raise KeyError(s)  # pragma: no cover


# --------------------------------------------------------------------------- the verdict


_FLOAT_ACTIVATIONS = {
    "identity": lambda z: z,
    "relu": lambda z: z if z > 0 else 0.0,
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "softplus": lambda z: math.log1p(math.exp(z)),
}
_FLOAT_LOSSES = {
    "mse": lambda p, t: 0.5 * (p - t) ** 2,
    "bce": lambda p, t: -(t * math.log(p) + (1.0 - t) * math.log(1.0 - p)),
    "cross_entropy": lambda p, t: -t * math.log(p) if t else 0.0,
}


def float_forward(spec: MLPSpec, layout, theta: Mapping[str, float], x, y):
    """The network in plain floats (written apart from :func:`_run`): outputs, loss, and the
    pre-activations of the ReLU layers."""
    a = [float(v) for v in x]
    relu_z = []
    for l, layer in enumerate(spec.layers):
        names, bnames = layout[l]
        z = [math.fsum(theta[names[j][k]] * a[k] for k in range(len(a)))
             + (theta[bnames[j]] if bnames else 0.0) for j in range(len(names))]
        if layer.activation == "relu":
            relu_z += z
        if layer.activation == "softmax":
            top = max(z)
            e = [math.exp(v - top) for v in z]
            a = [v / math.fsum(e) for v in e]
        else:
            a = [_FLOAT_ACTIVATIONS[layer.activation](v) for v in z]
    loss = math.fsum(_FLOAT_LOSSES[spec.loss](p, float(t)) for p, t in zip(a, y))
    return a, loss, relu_z


def verify_step(step: "TrainingStep") -> Verdict:
    """The verdict of a training step: SymPy diff and plain-float finite differences must agree
    with the chain-rule gradients; θ⁺, ŷ and E before/after must agree with a float recomputation."""
    spec, layout = step.spec, step.layout
    what = "training step"
    # witness 1: SymPy's diff of the whole loss (exact, 50 digits)
    for name, g in step._sympy_gradients.items():
        gap = abs(evaluate(g - step.gradients[name], 50))
        if not gap < sympy.Float("1e-40"):
            return Verdict("refuted", method="symbolic",
                           message=f"{what}: the chain-rule ∂E/∂{name} = "
                                   f"{decimal_str(step.gradients[name])} but SymPy's diff of the "
                                   f"loss gives {decimal_str(g)}",
                           counterexample={"point": {"parameter": name}, "expected": to_float(g),
                                           "claimed": to_float(step.gradients[name])},
                           symbolic="disproved")
    # witness 2: plain floats
    theta = {n: to_float(v) for n, v in step.parameters.items()}
    x, y = [to_float(v) for v in step.x], [to_float(v) for v in step.target]
    out0, loss0, relu_z = float_forward(spec, layout, theta, x, y)
    if any(abs(z) < 100 * FD_STEP for z in relu_z):
        return undetermined(f"{what}: a ReLU pre-activation is within {100 * FD_STEP:g} of the "
                            "kink, where finite differences cannot witness the derivative")
    h, lr = FD_STEP, to_float(step.lr)
    fd = {}
    for name in theta:
        up, down = dict(theta), dict(theta)
        up[name] += h
        down[name] -= h
        fd[name] = (float_forward(spec, layout, up, x, y)[1]
                    - float_forward(spec, layout, down, x, y)[1]) / (2 * h)
    new = {n: theta[n] - lr * fd[n] for n in theta}
    out1, loss1, _ = float_forward(spec, layout, new, x, y)
    triples = [(f"dE/d{n}", fd[n], step.gradients[n]) for n in theta]
    triples += [(f"{n}+", new[n], step.updated[n]) for n in theta]
    triples += [(f"output {k + 1} before", v, e) for k, (v, e) in
                enumerate(zip(out0, step.outputs_before))]
    triples += [(f"output {k + 1} after", v, e) for k, (v, e) in
                enumerate(zip(out1, step.outputs_after))]
    triples += [("E before", loss0, step.loss_before),
                ("E after", loss1, step.loss_after)]
    v = compare(what, triples, points=len(theta))
    if v and abs(loss1 - loss0) > 1e-9 and (loss1 < loss0) != step.decreased:
        return Verdict("refuted", method="numeric",
                       message=f"{what}: the loss {'did not decrease' if step.decreased else 'decreased'}"
                               " in the float recomputation",
                       counterexample={"point": {"value": "E after - E before"},
                                       "expected": loss1 - loss0,
                                       "claimed": to_float(step.loss_after - step.loss_before)})
    if v:
        v.symbolic = "proved"  # the chain rule agrees with SymPy's diff to 40 digits
        v.message += "; the chain-rule gradients agree with SymPy's diff of the loss to 40 digits"
    return v
