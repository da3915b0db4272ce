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
>>> t.verdict.verdict, t.verdict.points_tried
('verified', 4)

The ``verdict`` is witnessed independently (:func:`verify_table`): each layer's weight tensors are
built as NumPy zero arrays from the layer's fields and their ``.size`` counted; the output shapes
come from sliding windows over zero arrays (``numpy.lib.stride_tricks.sliding_window_view``);
the formula printed in each row is evaluated and must equal the count; an infeasible table must
fail at the same layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod
from typing import Sequence

from ..models.spec import MLPSpec
from .numfmt import fmt
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..verdict import Verdict
from ..latex.proof import escape_text
from .render import WorkedResult, notes_block, table, text
from .verify import eval_product_formula, refuted, undetermined, verification_latex

__all__ = ["Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
           "Flatten", "Linear", "Softmax", "Identity", "Infeasible", "Activation", "ConvTranspose2d",
           "BatchNorm1d", "LayerNorm", "Embedding", "Row", "NetworkTable",
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


@dataclass(frozen=True)
class Activation(Layer):
    """A parameter-free elementwise layer (Sigmoid, Tanh, GELU, LeakyReLU, …) or Dropout."""

    name: str = "Tanh"
    p: float | None = None       # Dropout's probability (no parameters either way)

    def out_shape(self, shape):
        if self.p is not None and not 0 <= self.p < 1:
            raise Infeasible(f"{self}: the dropout probability must be in [0, 1)")
        return shape

    def __str__(self):
        return f"{self.name}(p={self.p:g})" if self.p is not None else f"{self.name}()"


@dataclass(frozen=True)
class ConvTranspose2d(Layer):
    """A transposed convolution: H' = (H − 1)S − 2P + K + output padding; weights of
    ``in_channels × out_channels × kH × kW`` plus one bias per output channel."""

    in_channels: int
    out_channels: int
    kernel_size: int | tuple = 3
    stride: int | tuple = 1
    padding: int | tuple = 0
    output_padding: int | tuple = 0
    bias: bool = True

    def out_shape(self, shape):
        c, h, w = _image(shape, self)
        if c != self.in_channels:
            raise Infeasible(f"{self} expects {self.in_channels} input channels but receives {c}")
        out = [self.out_channels]
        for size, k, s_, p, op in zip((h, w), _pair(self.kernel_size), _pair(self.stride),
                                      _pair(self.padding), _pair(self.output_padding)):
            if op >= s_:
                raise Infeasible(f"{self}: the output padding must be smaller than the stride")
            n = None if size is None else (size - 1) * s_ - 2 * p + k + op
            if n is not None and n < 1:
                raise Infeasible(f"{self}: the output would have size {n}")
            out.append(n)
        return tuple(out)

    def params(self):
        kh, kw = _pair(self.kernel_size)
        n = self.in_channels * self.out_channels * kh * kw + self.out_channels * int(self.bias)
        core = _x(self.in_channels, self.out_channels, kh, kw)
        return n, (f"{core} + {self.out_channels}" if self.bias else core)

    def __str__(self):
        kh, kw = _pair(self.kernel_size)
        extra = "".join(f", {n}={getattr(self, n)}" for n, d in
                        (("stride", 1), ("padding", 0), ("output_padding", 0))
                        if getattr(self, n) != d)
        return f"ConvTranspose2d({self.in_channels} → {self.out_channels}, {kh}×{kw}{extra})"


@dataclass(frozen=True)
class BatchNorm1d(Layer):
    """Batch normalisation of [C] or [C, L] inputs: a scale and a shift per feature."""

    num_features: int

    def out_shape(self, shape):
        if len(shape) not in (1, 2) or shape[0] != self.num_features:
            raise Infeasible(f"{self} needs a [{self.num_features}] or [{self.num_features}, L] "
                             f"input, not {list(shape)}")
        return shape

    def params(self):
        return 2 * self.num_features, f"{self.num_features} \\times 2"

    def __str__(self):
        return f"BatchNorm1d({self.num_features})"


@dataclass(frozen=True)
class LayerNorm(Layer):
    """Layer normalisation over the trailing ``normalized_shape``: a scale and a shift per entry."""

    normalized_shape: tuple = (1,)
    elementwise_affine: bool = True

    def out_shape(self, shape):
        k = len(self.normalized_shape)
        if tuple(shape[-k:]) != tuple(self.normalized_shape) and None not in shape[-k:]:
            raise Infeasible(f"{self} normalises the last dimensions {list(self.normalized_shape)}"
                             f" but receives {list(shape)}")
        return shape

    def params(self):
        n = prod(self.normalized_shape)
        if not self.elementwise_affine:
            return 0, "0"
        return 2 * n, _x(*self.normalized_shape, 2)

    def __str__(self):
        return "LayerNorm(%s)" % "×".join(map(str, self.normalized_shape))


@dataclass(frozen=True)
class Embedding(Layer):
    """A lookup table of ``num_embeddings`` vectors of ``embedding_dim``: [L] indices → [L, d]."""

    num_embeddings: int
    embedding_dim: int

    def out_shape(self, shape):
        if len(shape) != 1:
            raise Infeasible(f"{self} needs a [L] sequence of indices, not {list(shape)}")
        return (shape[0], self.embedding_dim)

    def params(self):
        return self.num_embeddings * self.embedding_dim, _x(self.num_embeddings, self.embedding_dim)

    def __str__(self):
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"


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
    verdict: Verdict | None = None

    def verify(self) -> Verdict:
        """Recompute the verdict from the rows as they are now (stored in ``verdict``)."""
        self.verdict = verify_table(self)
        return self.verdict

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
            name = escape_text(str(r.layer)) if r.layer is not None else text("input")  # a layer is named by its code
            shape = ("---" if r.shape is None else
                     "$[" + ", ".join("?" if s is None else str(s) for s in r.shape) + "]$")
            count = f"${r.formula} = {fmt(r.params)}$" if r.params else "$0$"
            body.append([name, shape, count])
        body.append([r"\textbf{%s}" % text("total"), "", "$" + " + ".join(fmt(r.params) for r in self.rows
                                                             if r.params) + f" = {fmt(self.total)}$"
                     if sum(1 for r in self.rows if r.params) > 1 else f"${fmt(self.total)}$"])
        parts = [table(["layer", "output shape", "trainable parameters"], body, "llr")]
        if self.infeasible:
            parts.append(text("Infeasible: " + self.infeasible + "."))
        parts.append(notes_block(self.notes))
        parts.append(verification_latex(
            self.verdict, "Every layer's weight tensors were built as NumPy zero arrays from the "
                          "layer's fields and counted, every known output shape was obtained by "
                          "sliding windows over zero arrays, and every row's formula was evaluated; "
                          "one point per layer",
            kind="independent recomputation with NumPy zero arrays"))
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
    result.verify()
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
        if table_.total != spec.n_parameters:
            table_.verdict = refuted("the table's total differs from MLPSpec.n_parameters",
                                     "total", int(spec.n_parameters), table_.total)
        return table_
    widths = list(spec_or_widths)
    layers = [Linear(a, b, bias) for a, b in zip(widths, widths[1:])]
    return network_table(layers, (widths[0],), **kwargs)


# --------------------------------------------------------------------------- the independent witness


class _Unknown(Exception):
    """The witness cannot instantiate this shape (an unknown spatial size)."""


def _zeros(shape) -> np.ndarray:
    """A read-only zero array of ``shape`` that takes no memory (a broadcast view)."""
    if any(s is None for s in shape):
        raise _Unknown
    return np.broadcast_to(np.False_, tuple(int(s) for s in shape))


def _two(v) -> tuple:
    return (v, v) if not isinstance(v, (tuple, list)) else (v[0], v[1])


def _windows(x: np.ndarray, k, stride, pad) -> np.ndarray:
    """The sliding windows of a [C, H, W] zero array, padded and strided: [C, H', W', kh, kw]."""
    (kh, kw), (sh, sw) = _two(k), _two(stride)
    if pad == "same":
        pads = ((0, 0), ((kh - 1) // 2, kh - 1 - (kh - 1) // 2), ((kw - 1) // 2, kw - 1 - (kw - 1) // 2))
    else:
        ph, pw = _two(pad)
        pads = ((0, 0), (ph, ph), (pw, pw))
    xp = np.pad(np.zeros(x.shape, dtype=np.bool_), pads)
    if xp.shape[1] < kh or xp.shape[2] < kw:
        raise ValueError("window larger than the padded input")
    return sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]


def _apply(layer, x: np.ndarray | None, in_shape):
    """(weight tensors, output array or None if unknown) of ``layer``; ValueError if infeasible."""
    name = type(layer).__name__
    if name == "Conv2d":
        kh, kw = _two(layer.kernel_size)
        params = [_zeros((layer.out_channels, layer.in_channels, kh, kw))]
        params += [_zeros((layer.out_channels,))] if layer.bias else []
        if in_shape[0] != layer.in_channels or len(in_shape) != 3:
            raise ValueError("channel mismatch")
        if x is None:
            return params, None
        w = _windows(x, (kh, kw), 1 if layer.padding == "same" else layer.stride, layer.padding)
        return params, _zeros((layer.out_channels, w.shape[1], w.shape[2]))
    if name == "BatchNorm2d":
        params = [_zeros((layer.num_features,)), _zeros((layer.num_features,))]  # γ, β
        if len(in_shape) != 3 or in_shape[0] != layer.num_features:
            raise ValueError("channel mismatch")
        return params, x
    if name in ("MaxPool2d", "AvgPool2d"):
        if len(in_shape) != 3:
            raise ValueError("not an image")
        if x is None or layer.kernel_size is None:
            return [], None
        stride = layer.stride if layer.stride is not None else layer.kernel_size
        w = _windows(x, layer.kernel_size, stride, layer.padding)
        return [], _zeros(w.shape[:3])
    if name == "AdaptiveAvgPool2d":
        if len(in_shape) != 3:
            raise ValueError("not an image")
        return [], _zeros((in_shape[0], *_two(layer.output_size)))
    if name == "Flatten":
        return [], None if x is None else x.reshape(-1)
    if name == "Linear":
        params = [_zeros((layer.out_features, layer.in_features))]
        params += [_zeros((layer.out_features,))] if layer.bias else []
        if len(in_shape) != 1 or (x is not None and x.size != layer.in_features):
            raise ValueError("size mismatch")
        return params, _zeros((layer.out_features,))
    if name == "ConvTranspose2d":
        kh, kw = _two(layer.kernel_size)
        params = [_zeros((layer.in_channels, layer.out_channels, kh, kw))]
        params += [_zeros((layer.out_channels,))] if layer.bias else []
        if len(in_shape) != 3 or in_shape[0] != layer.in_channels:
            raise ValueError("channel mismatch")
        if x is None:
            return params, None
        return params, _zeros((layer.out_channels, *_transposed_size(x, layer)))
    if name in ("BatchNorm1d", "LayerNorm"):
        shape = ((layer.num_features,) if name == "BatchNorm1d"
                 else tuple(layer.normalized_shape))
        affine = name == "BatchNorm1d" or layer.elementwise_affine
        params = [_zeros(shape), _zeros(shape)] if affine else []
        fits = (len(in_shape) in (1, 2) and in_shape[0] == shape[0]) if name == "BatchNorm1d" \
            else tuple(in_shape[len(in_shape) - len(shape):]) == shape
        if not fits:
            raise ValueError("normalised shape mismatch")
        return params, x
    if name == "Embedding":
        params = [_zeros((layer.num_embeddings, layer.embedding_dim))]
        if len(in_shape) != 1:
            raise ValueError("not a sequence")
        return params, None if x is None else _zeros((x.shape[0], layer.embedding_dim))
    if name == "Activation":
        if layer.p is not None and not 0 <= layer.p < 1:
            raise ValueError("not a probability")
        return [], x
    if name in ("Identity", "ReLU", "Softmax"):
        return [], x
    raise ValueError(f"the witness does not know {name}")  # pragma: no cover


def _transposed_size(x: np.ndarray, layer) -> tuple:
    """H', W' of a transposed convolution, found as a direct one: spread the input with S − 1
    zeros between pixels, pad K − 1 − P around (plus the output padding), slide a K window."""
    (kh, kw), (sh, sw) = _two(layer.kernel_size), _two(layer.stride)
    (ph, pw), (oh, ow) = _two(layer.padding), _two(layer.output_padding)
    c, h, w = x.shape
    spread = np.zeros((c, (h - 1) * sh + 1, (w - 1) * sw + 1), dtype=np.bool_)
    pads = ((0, 0), (kh - 1 - ph, kh - 1 - ph + oh), (kw - 1 - pw, kw - 1 - pw + ow))
    if min(p for pair in pads for p in pair) < 0:   # padding beyond K − 1: crop instead
        spread = spread[:, max(0, ph - kh + 1):spread.shape[1] - max(0, ph - kh + 1) or None,
                        max(0, pw - kw + 1):spread.shape[2] - max(0, pw - kw + 1) or None]
        pads = tuple((max(0, a), max(0, b)) for a, b in pads)
    xp = np.pad(spread, pads)
    if xp.shape[1] < kh or xp.shape[2] < kw:
        raise ValueError("window larger than the spread input")
    out = sliding_window_view(xp, (kh, kw), axis=(1, 2))
    return out.shape[1], out.shape[2]


def verify_table(t: NetworkTable) -> Verdict:
    """Recount every row of ``t`` independently (see the module docstring)."""
    what = "network table"
    rows = t.rows
    try:
        x = _zeros(rows[0].shape)
    except _Unknown:
        x = None
    shape = tuple(rows[0].shape)
    fail_at, compared, shapes_compared = None, 0, 0
    for i, row in enumerate(rows[1:], start=1):
        try:
            params, out = _apply(row.layer, x, shape)
            infeasible = False
        except ValueError:
            params, out, infeasible = _apply_params_only(row.layer), None, True
        count = sum(int(p.size) for p in params)
        if count != row.params:
            return refuted(f"{what}: {row.layer} has {row.params} parameters in the table but "
                           f"its zero weight tensors have {count} entries", str(row.layer),
                           count, row.params)
        try:
            shown = eval_product_formula(row.formula) if row.params else 0
        except (ValueError, SyntaxError):
            return undetermined(f"{what}: the formula of {row.layer} cannot be evaluated")
        if shown != row.params:
            return refuted(f"{what}: the formula of {row.layer} evaluates to {shown}, not "
                           f"{row.params}", str(row.layer), shown, row.params)
        compared += 1
        if fail_at is None and infeasible:
            fail_at = i
        if fail_at is None:
            shape = tuple(out.shape) if out is not None else _partial_shape(row.layer, shape)
            x = out
            if out is not None:
                if tuple(row.shape or ()) != tuple(out.shape):
                    return refuted(f"{what}: {row.layer} outputs {row.shape} in the table but "
                                   f"{list(out.shape)} in the witness", str(row.layer),
                                   str(list(out.shape)), str(row.shape))
                shapes_compared += 1
    if fail_at is None and t.n_classes is not None and x is not None and x.shape != (t.n_classes,):
        fail_at = len(rows)
    table_fail = next((i for i, r in enumerate(rows) if r.shape is None), None)
    if table_fail is None and t.infeasible:
        table_fail = len(rows)
    if fail_at != table_fail:
        def where(i):
            return "feasible" if i is None else (f"infeasible at {rows[i].layer}" if i < len(rows)
                                                 else "infeasible at the output")
        return refuted(f"{what}: the table is {where(table_fail)} but the witness finds it "
                       f"{where(fail_at)}", "feasibility", where(fail_at), where(table_fail))
    unknown = "" if shapes_compared == compared or fail_at is not None else (
        f"; {compared - shapes_compared} output shapes involve unknown sizes and were not compared")
    return Verdict("verified", method="exact",
                   message=f"{what}: {compared} parameter counts and formulas and {shapes_compared} "
                           f"output shape{'s' if shapes_compared != 1 else ''} agree with the zero-array "
                           f"witness{unknown}",
                   max_rel_error=0.0, points_tried=compared, numeric="agree")


def _apply_params_only(layer):
    try:
        return _apply(layer, None, _fake_shape(layer))[0]
    except ValueError:  # pragma: no cover
        return []


def _fake_shape(layer):
    name = type(layer).__name__
    if name == "Conv2d":
        return (layer.in_channels, None, None)
    if name == "BatchNorm2d":
        return (layer.num_features, None, None)
    if name == "Linear":
        return (layer.in_features,)
    if name == "ConvTranspose2d":
        return (layer.in_channels, None, None)
    if name == "BatchNorm1d":
        return (layer.num_features,)
    if name == "LayerNorm":
        return tuple(layer.normalized_shape)
    if name == "Embedding":
        return (None,)
    return (None, None, None)


def _partial_shape(layer, shape):
    """The shape the witness carries when sizes are unknown (channels only)."""
    name = type(layer).__name__
    if name == "Conv2d":
        return (layer.out_channels, None, None)
    if name == "Flatten":
        return (None,)
    if name == "Linear":
        return (layer.out_features,)
    if name == "ConvTranspose2d":
        return (layer.out_channels, None, None)
    if name == "Embedding":
        return (shape[0], layer.embedding_dim)
    return shape
