r"""Network tables: output shape and trainable parameters of each layer, with the formula per row.

Layers follow PyTorch's names and conventions (shapes ``[C, H, W]`` without the batch axis,
a flat vector ``[n]``).  Convolution and pooling output sizes are ⌊(H + 2P − K)/S⌋ + 1; a layer that
cannot be applied (output smaller than 1, channel or feature mismatch, a dense layer on an
unflattened map) makes the table *infeasible*, with the reason.  Spatial sizes may be unknown
(``None``): parameter counts never depend on them.

>>> t = network_table([Conv2d(3, 32, 3), BatchNorm2d(32), ReLU(), MaxPool2d(2, stride=2)], (3, 224, 224))
>>> [r.shape for r in t.rows], t.total
([(3, 224, 224), (32, 222, 222), (32, 222, 222), (32, 222, 222), (32, 111, 111)], 960)
>>> t.rows[1].formula
'32 \\times (3 \\times 3 \\times 3 + 1)'
>>> network_table([Flatten(), Linear(900, 10)], (5, 30, 30)).infeasible
'Linear(900 → 10) expects 900 inputs but receives 4500'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod
from typing import Sequence

from ..models.spec import MLPSpec
from .numfmt import fmt
from .render import WorkedResult, notes_block, table, text

__all__ = ["Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
           "Flatten", "Linear", "Softmax", "Identity", "Infeasible", "Row", "NetworkTable",
           "network_table", "mlp_table"]

Shape = tuple


class Infeasible(ValueError):
    """A layer cannot be applied to its input shape."""


def _pair(v) -> tuple:
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _x(*factors) -> str:
    return r" \times ".join(str(f) for f in factors)


def _spatial(size, k, s, p, what):
    """Output length of a sliding window; None stays None (unknown size)."""
    if size is None:
        return None
    out = (size + 2 * p - k) // s + 1
    if out < 1:
        raise Infeasible(f"{what}: a window of {k} does not fit an input of {size} "
                         f"(padding {p})")
    return out


def _image(shape: Shape, layer) -> Shape:
    if len(shape) != 3:
        raise Infeasible(f"{layer} needs a [C, H, W] input, not {list(shape)}")
    return shape


@dataclass(frozen=True)
class Layer:
    def out_shape(self, shape: Shape) -> Shape:
        return shape

    def params(self) -> tuple[int, str]:
        """(trainable parameters, the formula as LaTeX)."""
        return 0, "0"

    def __str__(self):  # pragma: no cover - overridden
        return type(self).__name__ + "()"


@dataclass(frozen=True)
class Identity(Layer):
    def __str__(self):
        return "Identity"


@dataclass(frozen=True)
class ReLU(Layer):
    def __str__(self):
        return "ReLU()"


@dataclass(frozen=True)
class Softmax(Layer):
    def __str__(self):
        return "Softmax"


@dataclass(frozen=True)
class Flatten(Layer):
    def out_shape(self, shape):
        return (None if None in shape else prod(shape),)

    def __str__(self):
        return "Flatten"


@dataclass(frozen=True)
class Conv2d(Layer):
    """A convolution: ``out_channels`` kernels of ``in_channels × kH × kW`` plus one bias each.

    ``padding="same"`` keeps H and W (stride 1), as PyTorch does, also for even kernels.
    """

    in_channels: int
    out_channels: int
    kernel_size: int | tuple = 3
    stride: int | tuple = 1
    padding: int | tuple | str = 0
    bias: bool = True

    def out_shape(self, shape):
        c, h, w = _image(shape, self)
        if c != self.in_channels:
            raise Infeasible(f"{self} expects {self.in_channels} input channels but receives {c}")
        if self.padding == "same":
            return (self.out_channels, h, w)
        (kh, kw), (sh, sw), (ph, pw) = _pair(self.kernel_size), _pair(self.stride), _pair(self.padding)
        return (self.out_channels, _spatial(h, kh, sh, ph, str(self)), _spatial(w, kw, sw, pw, str(self)))

    def params(self):
        kh, kw = _pair(self.kernel_size)
        n = self.out_channels * (kh * kw * self.in_channels + int(self.bias))
        per_kernel = _x(kh, kw, self.in_channels) if self.in_channels != 1 else _x(kh, kw)
        return n, (f"{self.out_channels} \\times ({per_kernel} + 1)" if self.bias
                   else f"{self.out_channels} \\times {per_kernel}")

    def __str__(self):
        kh, kw = _pair(self.kernel_size)
        extra = "".join(f", {short}={getattr(self, name)}" for name, short, default in
                        (("stride", "stride", 1), ("padding", "pad", 0))
                        if getattr(self, name) != default)
        return f"Conv2d({self.in_channels} → {self.out_channels}, {kh}×{kw}{extra})"


@dataclass(frozen=True)
class BatchNorm2d(Layer):
    """Batch normalisation: a scale γ and a shift β per channel (running statistics are not trained)."""

    num_features: int

    def out_shape(self, shape):
        c = _image(shape, self)[0]
        if c != self.num_features:
            raise Infeasible(f"{self} expects {self.num_features} channels but receives {c}")
        return shape

    def params(self):
        return 2 * self.num_features, f"{self.num_features} \\times 2"

    def __str__(self):
        return f"BatchNorm2d({self.num_features})"


@dataclass(frozen=True)
class MaxPool2d(Layer):
    """Max pooling; ``stride`` defaults to the kernel size, as in PyTorch; ``None`` = unknown."""

    kernel_size: int | tuple | None = 2
    stride: int | tuple | None = None
    padding: int = 0

    def out_shape(self, shape):
        c, h, w = _image(shape, self)
        if self.kernel_size is None:  # window not known: spatial size unknown
            return (c, None, None)
        (kh, kw), p = _pair(self.kernel_size), self.padding
        sh, sw = _pair(self.stride if self.stride is not None else self.kernel_size)
        return (c, _spatial(h, kh, sh, p, str(self)), _spatial(w, kw, sw, p, str(self)))

    def __str__(self):
        if self.kernel_size is None:
            return f"{type(self).__name__}(?)"
        kh, kw = _pair(self.kernel_size)
        stride = self.stride if self.stride is not None else self.kernel_size
        return f"{type(self).__name__}({kh}×{kw}, stride={stride})"


@dataclass(frozen=True)
class AvgPool2d(MaxPool2d):
    """Average pooling (no parameters)."""


@dataclass(frozen=True)
class AdaptiveAvgPool2d(Layer):
    output_size: int | tuple = 1

    def out_shape(self, shape):
        c = _image(shape, self)[0]
        return (c, *_pair(self.output_size))

    def __str__(self):
        return "AdaptiveAvgPool2d(%d×%d)" % _pair(self.output_size)


@dataclass(frozen=True)
class Linear(Layer):
    """A dense layer on a flat vector: ``in_features × out_features`` weights plus the biases."""

    in_features: int
    out_features: int
    bias: bool = True
    activation: str | None = None

    def out_shape(self, shape):
        if len(shape) != 1:
            raise Infeasible(f"{self} needs a flat input (add Flatten), not {list(shape)}")
        if shape[0] is not None and shape[0] != self.in_features:
            raise Infeasible(f"{self} expects {self.in_features} inputs but receives {shape[0]}")
        return (self.out_features,)

    def params(self):
        n = self.out_features * (self.in_features + int(self.bias))
        if self.bias:
            return n, f"({self.in_features} + 1) \\times {self.out_features}"
        return n, _x(self.in_features, self.out_features)

    def __str__(self):
        act = f", {self.activation}" if self.activation else ""
        return f"Linear({self.in_features} → {self.out_features}{act})"


# --------------------------------------------------------------------------- the table


@dataclass
class Row:
    layer: Layer | None          # None for the input row
    shape: Shape | None          # None once the network is infeasible
    params: int
    formula: str                 # LaTeX


@dataclass
class NetworkTable(WorkedResult):
    rows: list[Row]
    infeasible: str | None = None
    n_classes: int | None = None
    notes: list[str] = field(default_factory=list)
    title: str = "Output shapes and trainable parameters"

    @property
    def total(self) -> int:
        """Total trainable parameters."""
        return sum(r.params for r in self.rows)

    @property
    def feasible(self) -> bool:
        return self.infeasible is None

    @property
    def output_shape(self) -> Shape | None:
        return self.rows[-1].shape

    def latex(self) -> str:
        body = []
        for r in self.rows:
            name = text(str(r.layer)) if r.layer is not None else "input"
            shape = ("---" if r.shape is None else
                     "$[" + ", ".join("?" if s is None else str(s) for s in r.shape) + "]$")
            count = f"${r.formula} = {fmt(r.params)}$" if r.params else "$0$"
            body.append([name, shape, count])
        body.append([r"\textbf{total}", "", "$" + " + ".join(fmt(r.params) for r in self.rows
                                                             if r.params) + f" = {fmt(self.total)}$"
                     if sum(1 for r in self.rows if r.params) > 1 else f"${fmt(self.total)}$"])
        parts = [table(["layer", "output shape", "trainable parameters"], body, "llr")]
        if self.infeasible:
            parts.append(text("Infeasible: " + self.infeasible + "."))
        parts.append(notes_block(self.notes))
        return "\n\n".join(p for p in parts if p)


def network_table(layers: Sequence[Layer], input_shape: Shape, *, n_classes: int | None = None,
                  notes: Sequence[str] = (), title: str | None = None) -> NetworkTable:
    """Propagate ``input_shape`` through ``layers``; stop at the first infeasible layer.

    With ``n_classes`` the final output must be a vector of that many entries.
    """
    rows = [Row(None, tuple(input_shape), 0, "0")]
    shape, reason = tuple(input_shape), None
    for layer in layers:
        n, formula = layer.params()
        if shape is not None and reason is None:
            try:
                shape = layer.out_shape(shape)
            except Infeasible as exc:
                reason, shape = str(exc), None
        rows.append(Row(layer, shape, n, formula if n else "0"))
    if reason is None and n_classes is not None and shape != (n_classes,):
        reason = f"the network outputs {list(shape)} but there are {n_classes} classes"
    result = NetworkTable(rows, reason, n_classes, list(notes))
    if title:
        result.title = title
    return result


def mlp_table(spec_or_widths: MLPSpec | Sequence[int], bias: bool = True, **kwargs) -> NetworkTable:
    """The table of a fully connected network, from an :class:`MLPSpec` or a list of widths.

    >>> mlp_table([6, 5, 10, 3]).total
    128
    """
    if isinstance(spec_or_widths, MLPSpec):
        spec = spec_or_widths
        layers = [Linear(int(n_in), int(layer.width), layer.bias, layer.activation)
                  for n_in, layer in zip(spec.widths, spec.layers)]
        table_ = network_table(layers, (int(spec.n_inputs),), **kwargs)
        assert table_.total == spec.n_parameters
        return table_
    widths = list(spec_or_widths)
    layers = [Linear(a, b, bias) for a, b in zip(widths, widths[1:])]
    return network_table(layers, (widths[0],), **kwargs)
