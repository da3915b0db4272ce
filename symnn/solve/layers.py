r"""PyTorch-style layer lists, read by a grammar (never evaluated) into :mod:`symnn.worked.tables` layers.

The grammar (``#`` starts a comment; layers are separated by commas or new lines)::

    list   := [ "nn." ] "Sequential" "(" items ")"  |  "[" items "]"  |  items
    items  := layer { ( "," | NEWLINE ) layer } [ "," ]
    layer  := [ "nn." ] NAME "(" [ arg { "," arg } [ "," ] ] ")"
    arg    := [ NAME "=" ] value
    value  := INTEGER | DECIMAL | "True" | "False" | "None" | 'STRING' | "STRING"
            | "(" value { "," value } [ "," ] ")" | "[" … "]"

A pooling window the problem does not give is written ``MaxPool2d(kernel_size="?")``: the
spatial sizes after it are unknown, the parameter counts are not.

Each layer's arguments are bound to PyTorch's parameter names in PyTorch's order, so
``Conv2d(3, 32, 3)`` and ``Conv2d(in_channels=3, out_channels=32, kernel_size=(3, 3))`` are one
layer.  Text that does not follow the grammar, an unknown layer or argument, or a value of the wrong
type raises :class:`LayerListError` with the line and column.

>>> layers = parse_layers('''nn.Sequential(
...     nn.Conv2d(in_channels=3, out_channels=32, kernel_size=(3, 3)),  # 896 parameters
...     nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 0 + 7688, 10))''')
Traceback (most recent call last):
...
symnn.solve.layers.LayerListError: line 3, column 60: unexpected character '*'
>>> [str(l) for l in parse_layers("Conv2d(3, 32, kernel_size=(3, 3))\nReLU()\nMaxPool2d(2)")]
['Conv2d(3 → 32, 3×3)', 'ReLU()', 'MaxPool2d(2×2, stride=2)']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import SymnnInputError
from ..worked import tables as T

__all__ = ["parse_layers", "LayerListError", "LAYERS"]


class LayerListError(SymnnInputError):
    """The text is not a layer list; the message starts with ``line L, column C:``."""


@dataclass(frozen=True)
class _Tok:
    kind: str      # NAME NUMBER STRING OP NL END
    text: str
    line: int
    col: int

    def where(self) -> str:
        return f"line {self.line}, column {self.col}"

    def shown(self) -> str:
        return {"NL": "the end of the line", "END": "the end of the text"}.get(self.kind, repr(self.text))


_TOKEN = re.compile(r"""(?P<space>[ \t\r]+)|(?P<comment>\#[^\n]*)|(?P<NL>\n)
    |(?P<NUMBER>[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
    |(?P<NAME>[A-Za-z_][A-Za-z_0-9]*)
    |(?P<STRING>'[^'\n]*'|"[^"\n]*")
    |(?P<OP>[(),=\[\].])""", re.VERBOSE)


def _tokens(text: str) -> list[_Tok]:
    out, pos, line, start = [], 0, 1, 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        col = pos - start + 1
        if not m:
            raise LayerListError(f"line {line}, column {col}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        if kind == "NL":
            out.append(_Tok("NL", "\n", line, col))
            line, start = line + 1, m.end()
        elif kind not in ("space", "comment"):
            out.append(_Tok(kind, m.group(), line, col))
        pos = m.end()
    out.append(_Tok("END", "", line, len(text) - start + 1))
    return out


class _Parser:
    def __init__(self, text: str):
        self.toks, self.i, self.depth = _tokens(text), 0, 0

    # -- token helpers (new lines count only outside parentheses)
    def peek(self) -> _Tok:
        j = self.i
        while self.depth and self.toks[j].kind == "NL":
            j += 1
        return self.toks[j]

    def next(self) -> _Tok:
        tok = self.peek()
        self.i = self.toks.index(tok, self.i) + 1
        return tok

    def skip_newlines(self) -> None:
        while self.toks[self.i].kind == "NL":
            self.i += 1

    def expect(self, text: str, what: str) -> _Tok:
        tok = self.next()
        if tok.text != text or tok.kind not in ("OP", "NAME"):
            raise LayerListError(f"{tok.where()}: expected {what}, found {tok.shown()}")
        return tok

    def fail(self, tok: _Tok, what: str):
        raise LayerListError(f"{tok.where()}: expected {what}, found {tok.shown()}")

    # -- grammar
    def parse(self) -> list[tuple[_Tok, list[tuple[str | None, Any, _Tok]]]]:
        self.skip_newlines()
        tok = self.peek()
        close = None
        if tok.kind == "NAME" and self._qualified_name_is("Sequential"):
            self._name()
            self.expect("(", "'(' after Sequential")
            self.depth += 1
            close = ")"
        elif tok.text == "[":
            self.next()
            self.depth += 1
            close = "]"
        layers = self._items(close)
        if close:
            self.depth -= 1
            self.expect(close, f"{close!r} closing the list")
        self.skip_newlines()
        end = self.peek()
        if end.kind != "END":
            self.fail(end, "the end of the layer list")
        if not layers:
            raise LayerListError(f"{end.where()}: expected at least one layer")
        return layers

    def _qualified_name_is(self, name: str) -> bool:
        j = self.i
        while self.toks[j].kind == "NL":
            j += 1
        if self.toks[j].text == "nn" and self.toks[j + 1].text == ".":
            j += 2
        return self.toks[j].kind == "NAME" and self.toks[j].text == name

    def _name(self) -> _Tok:
        tok = self.next()
        if tok.kind != "NAME":
            self.fail(tok, "a layer name such as Conv2d")
        if tok.text in ("nn", "torch") and self.peek().text == ".":
            self.next()
            if tok.text == "torch":
                self.expect("nn", "'nn' after 'torch.'")
                self.expect(".", "'.' after 'torch.nn'")
            return self._name()
        return tok

    def _items(self, close: str | None):
        layers = []
        while True:
            if close is None:
                self.skip_newlines()
            tok = self.peek()
            if tok.kind == "END" or (close and tok.text == close):
                return layers
            layers.append(self._layer())
            tok = self.peek()
            if tok.text == ",":
                self.next()
            elif tok.kind == "NL" and close is None:
                continue
            elif tok.kind == "END" or (close and tok.text == close):
                return layers
            else:
                self.fail(tok, "',' or a new line between layers")

    def _layer(self):
        name = self._name()
        self.expect("(", f"'(' after {name.text}")
        self.depth += 1
        args = []
        while self.peek().text != ")":
            tok = self.peek()
            key = None
            if tok.kind == "NAME" and self.toks[self.toks.index(tok, self.i) + 1].text == "=":
                key = self.next().text
                self.next()
            value = self._value()
            args.append((key, value, tok))
            nxt = self.peek()
            if nxt.text == ",":
                self.next()
            elif nxt.text != ")":
                self.fail(nxt, "',' or ')' after an argument")
        self.depth -= 1
        self.next()
        return name, args

    def _value(self):
        tok = self.next()
        if tok.kind == "NUMBER":
            return float(tok.text) if re.search(r"[.eE]", tok.text) else int(tok.text)
        if tok.kind == "STRING":
            return tok.text[1:-1]
        if tok.kind == "NAME" and tok.text in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[tok.text]
        if tok.text in ("(", "["):
            close = ")" if tok.text == "(" else "]"
            self.depth += 1
            items = []
            while self.peek().text != close:
                items.append(self._value())
                if self.peek().text == ",":
                    self.next()
                elif self.peek().text != close:
                    self.fail(self.peek(), f"',' or {close!r} in a tuple")
            self.depth -= 1
            self.next()
            return tuple(items)
        self.fail(tok, "a number, True, False, None, a string or a tuple")


# --------------------------------------------------------------------------- binding to layers

_INT, _PAIR, _BOOL, _NUM, _ANY = "an integer", "an integer or a pair of integers", "True or False", \
    "a number", "a value"

#: Layer name → (class or factory, [(parameter, kind, default)], PyTorch's order).  A parameter
#: with the default ``...`` is required; ``"fixed"`` parameters accept only their default.
LAYERS: dict[str, tuple] = {
    "Conv2d": (T.Conv2d, [("in_channels", _INT, ...), ("out_channels", _INT, ...),
                          ("kernel_size", _PAIR, ...), ("stride", _PAIR, 1),
                          ("padding", "padding", 0), ("dilation", "fixed", 1),
                          ("groups", "fixed", 1), ("bias", _BOOL, True),
                          ("padding_mode", "ignored", "zeros")]),
    "ConvTranspose2d": (T.ConvTranspose2d, [("in_channels", _INT, ...), ("out_channels", _INT, ...),
                                            ("kernel_size", _PAIR, ...), ("stride", _PAIR, 1),
                                            ("padding", _PAIR, 0), ("output_padding", _PAIR, 0),
                                            ("groups", "fixed", 1), ("bias", _BOOL, True),
                                            ("dilation", "fixed", 1)]),
    "BatchNorm2d": (T.BatchNorm2d, [("num_features", _INT, ...), ("eps", "ignored", 1e-5),
                                    ("momentum", "ignored", 0.1), ("affine", "fixed", True),
                                    ("track_running_stats", "ignored", True)]),
    "BatchNorm1d": (T.BatchNorm1d, [("num_features", _INT, ...), ("eps", "ignored", 1e-5),
                                    ("momentum", "ignored", 0.1), ("affine", "fixed", True),
                                    ("track_running_stats", "ignored", True)]),
    "LayerNorm": (T.LayerNorm, [("normalized_shape", "shape", ...), ("eps", "ignored", 1e-5),
                                ("elementwise_affine", _BOOL, True)]),
    "MaxPool2d": (T.MaxPool2d, [("kernel_size", _PAIR, ...), ("stride", _PAIR, None),
                                ("padding", _INT, 0), ("dilation", "fixed", 1),
                                ("return_indices", "ignored", False), ("ceil_mode", "fixed", False)]),
    "AvgPool2d": (T.AvgPool2d, [("kernel_size", _PAIR, ...), ("stride", _PAIR, None),
                                ("padding", _INT, 0), ("ceil_mode", "fixed", False),
                                ("count_include_pad", "ignored", True)]),
    "AdaptiveAvgPool2d": (T.AdaptiveAvgPool2d, [("output_size", _PAIR, ...)]),
    "Flatten": (T.Flatten, [("start_dim", "fixed", 1), ("end_dim", "fixed", -1)]),
    "Linear": (T.Linear, [("in_features", _INT, ...), ("out_features", _INT, ...),
                          ("bias", _BOOL, True)]),
    "Embedding": (T.Embedding, [("num_embeddings", _INT, ...), ("embedding_dim", _INT, ...),
                                ("padding_idx", "ignored", None), ("max_norm", "fixed", None)]),
    "Dropout": ("Dropout", [("p", "probability", 0.5), ("inplace", "ignored", False)]),
    "Dropout2d": ("Dropout2d", [("p", "probability", 0.5), ("inplace", "ignored", False)]),
    "ReLU": (T.ReLU, [("inplace", "ignored", False)]),
    "Softmax": (T.Softmax, [("dim", "ignored", None)]),
    "Identity": (T.Identity, []),
    **{name: (name, [(p, "ignored", d) for p, d in extra])
       for name, extra in {"Sigmoid": [], "Tanh": [], "GELU": [("approximate", "none")],
                           "LeakyReLU": [("negative_slope", 0.01), ("inplace", False)],
                           "ELU": [("alpha", 1.0), ("inplace", False)], "SiLU": [("inplace", False)],
                           "LogSoftmax": [("dim", None)]}.items()},
}


def _check(value, kind: str, name: str, layer: str, tok: _Tok, default):
    def bad(expected):
        raise LayerListError(f"{tok.where()}: {layer}'s {name} must be {expected}, not {value!r}")

    is_int = isinstance(value, int) and not isinstance(value, bool)
    if kind == _INT:
        if not is_int or value < 0:
            bad("a non-negative integer")
    elif kind == _PAIR:
        if value is None and default is None:
            return None   # PyTorch's stride=None
        if value == "?" and layer.endswith("Pool2d") and name == "kernel_size":
            return None   # a pooling window the problem does not give
        if isinstance(value, tuple):
            if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                          for v in value):
                bad(_PAIR)
            return value if value[0] != value[1] else value[0]
        if not is_int or value < 0:
            bad(_PAIR)
    elif kind == "padding":
        if isinstance(value, str):
            if value not in ("same", "valid"):
                bad("an integer, a pair, 'same' or 'valid'")
            return 0 if value == "valid" else "same"
        return _check(value, _PAIR, name, layer, tok, default)
    elif kind == _BOOL:
        if not isinstance(value, bool):
            bad(_BOOL)
    elif kind == "shape":
        shape = value if isinstance(value, tuple) else (value,)
        if not shape or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in shape):
            bad("a positive integer or a tuple of them")
        return tuple(shape)
    elif kind == "probability":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            bad("a number between 0 and 1")
        return float(value)
    elif kind == "fixed":
        if value != default:
            raise LayerListError(f"{tok.where()}: {layer} with {name}={value!r} is not supported "
                                 f"(only {name}={default!r})")
    return value


def _bind(name_tok: _Tok, args) -> T.Layer:
    name = name_tok.text
    if name not in LAYERS:
        raise LayerListError(f"{name_tok.where()}: unknown layer {name!r}; known: "
                             + ", ".join(sorted(LAYERS)))
    factory, params = LAYERS[name]
    bound: dict[str, Any] = {}
    positional = True
    for i, (key, value, tok) in enumerate(args):
        if key is None:
            if not positional:
                raise LayerListError(f"{tok.where()}: a positional argument after a keyword one")
            if i >= len(params):
                raise LayerListError(f"{tok.where()}: {name} takes at most {len(params)} "
                                     "positional arguments")
            key = params[i][0]
        else:
            positional = False
        spec = next((p for p in params if p[0] == key), None)
        if spec is None:
            raise LayerListError(f"{tok.where()}: {name} has no argument {key!r}; its arguments: "
                                 + ", ".join(p[0] for p in params))
        if key in bound:
            raise LayerListError(f"{tok.where()}: {name}'s {key} is given twice")
        bound[key] = (_check(value, spec[1], key, name, tok, spec[2]), spec[1])
    kwargs = {}
    for key, kind, default in params:
        if key not in bound:
            if default is ...:
                raise LayerListError(f"{name_tok.where()}: {name} needs its {key}")
            continue
        if kind not in ("ignored", "fixed"):
            kwargs[key] = bound[key][0]
    if isinstance(factory, str):   # parameter-free elementwise layers and dropout
        return T.Activation(factory, kwargs.get("p", 0.5) if factory.startswith("Dropout") else None)
    return factory(**kwargs)


def parse_layers(text: str) -> list[T.Layer]:
    """The layers of a PyTorch-style layer list (see the module docstring for the grammar)."""
    if not isinstance(text, str):
        raise LayerListError("line 1, column 1: expected the layer list as text")
    return [_bind(name, args) for name, args in _Parser(text).parse()]
