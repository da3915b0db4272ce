r"""The declaration of a fully connected network, shared by every use of it.

The same :class:`MLPSpec` drives the symbolic backpropagation derivations (matrix symbols of
symbolic widths) and the worked numeric examples (concrete weights, exact arithmetic).  Layer ℓ
computes z^{(ℓ)} = W^{(ℓ)} a^{(ℓ−1)} + b^{(ℓ)} and a^{(ℓ)} = f_ℓ(z^{(ℓ)}), with W^{(ℓ)} of shape
(width_ℓ, width_{ℓ−1}) and a^{(0)} = x.

>>> net = MLPSpec(n_inputs=2, layers=(LayerSpec(2, "relu", bias=False), LayerSpec(1, "relu", bias=False)), loss="mse")
>>> net.widths
(2, 2, 1)
>>> net.n_parameters
6
>>> net.activation(1)
relu
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Expr, Lambda, Symbol, tanh

from ..vocabulary import binary_cross_entropy, mse, relu, sigmoid, softplus

_t = Symbol("t", real=True)

#: Activation names → SymPy function (identity is the linear output layer).
ACTIVATIONS: dict[str, object] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "softplus": softplus,
    "identity": Lambda(_t, _t),
}

#: Activations over the whole layer (not one unit at a time); only the output layer may use them.
VECTOR_ACTIVATIONS = ("softmax",)

#: Loss names → the vocabulary loss of one output (ŷ, y); "cross_entropy" is the softmax loss.
LOSSES: dict[str, object] = {"mse": mse, "bce": binary_cross_entropy, "cross_entropy": None}


@dataclass(frozen=True)
class LayerSpec:
    """One dense layer: its width (number of units), activation name, and whether it has a bias."""

    width: int | Expr
    activation: str = "sigmoid"
    bias: bool = True

    def __post_init__(self):
        if self.activation not in ACTIVATIONS and self.activation not in VECTOR_ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; known: {', '.join(ACTIVATIONS)}")


@dataclass(frozen=True)
class MLPSpec:
    """A fully connected network: input width, layers (hidden ones, then the output), loss name."""

    n_inputs: int | Expr
    layers: tuple[LayerSpec, ...]
    loss: str = "mse"

    def __post_init__(self):
        if not self.layers:
            raise ValueError("a network needs at least one layer")
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; known: {', '.join(LOSSES)}")

    @property
    def depth(self) -> int:
        """L, the number of layers with weights."""
        return len(self.layers)

    @property
    def widths(self) -> tuple:
        """(n_0, n_1, ..., n_L): input width, then each layer's width."""
        return (self.n_inputs, *(layer.width for layer in self.layers))

    def activation(self, layer: int):
        """The SymPy activation function of layer ``layer`` (1-based, as in the textbook)."""
        return ACTIVATIONS[self.layers[layer - 1].activation]

    @property
    def n_parameters(self) -> int | Expr:
        """Number of trainable parameters: Σ_ℓ n_ℓ·n_{ℓ−1} (+ n_ℓ for layers with a bias)."""
        total = 0
        for prev, layer in zip(self.widths, self.layers):
            total += layer.width * prev + (layer.width if layer.bias else 0)
        return sympy.simplify(total) if isinstance(total, Expr) else total
