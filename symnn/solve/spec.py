r"""Reading a homework spec (TOML, :mod:`tomllib`) and checking every key before anything is computed.

A spec holds a title and one or more *tasks*: ``[training]`` (one or more backpropagation steps),
``[optimizer]`` (an optimizer trace on a data set), ``[table]`` (output shapes and parameters of a
layer list); each may also be an array (``[[table]]``) whose entries carry a ``name``.  ``[answers]``
holds values to mark.  The format is documented in README.md ("Worked homework from a spec") and
by the example specs in ``examples/specs/``.

Every problem is a :class:`SpecError` naming the key and what was expected, e.g.
``training.layers[1].weights: expected 2 rows (one per unit), found 3``.

>>> spec = parse_spec('title = "Demo"\n[table]\ninput = [4]\nlayers = "Linear(4, 2)"')
>>> spec.title, [t.kind for t in spec.tasks], spec.tasks[0].name
('Demo', ['table'], 'table')
>>> parse_spec('[table]\ninput = [4]\nlayer = "Linear(4, 2)"')
Traceback (most recent call last):
...
symnn.solve.spec.SpecError: table.layer: unknown key; expected one of classes, input, layers, name, notes, title, widths
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import SymnnInputError

__all__ = ["SpecError", "Spec", "Task", "parse_spec", "load_spec", "number", "ACTIVATION_NAMES",
           "LOSS_NAMES", "METHODS"]


class SpecError(SymnnInputError):
    """A spec key is missing, unknown or holds the wrong kind of value (one line: key and why)."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key


#: Activation names of the spec → those of :mod:`symnn.models.spec`.
ACTIVATION_NAMES = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "linear": "identity",
                    "identity": "identity", "softmax": "softmax", "softplus": "softplus"}
LOSS_NAMES = ("mse", "cross_entropy", "bce")
METHODS = ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "perceptron")

_TOP = {"title", "lang", "round", "notes", "training", "optimizer", "table", "answers", "datasets"}
_TRAINING = {"name", "title", "notes", "x", "target", "layers", "loss", "lr", "steps", "round",
             "hand_round"}
_LAYER = {"units", "activation", "weights", "names", "bias", "bias_names"}
_OPTIMIZER = {"name", "title", "notes", "X", "samples", "y", "dataset", "objective", "method", "lr",
              "steps",
              "alpha", "rho", "rho1", "rho2", "delta", "passes", "order", "gradient", "W0",
              "digits", "options", "strict"}
_TABLE = {"name", "title", "notes", "input", "classes", "layers", "widths"}
_HAND_ROUND = ("preactivation", "activation", "output", "derivative", "delta", "gradient", "update")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_{}^()]*\Z")


@dataclass
class Task:
    """One task of a spec: its kind, name and checked fields."""

    kind: str                      # "training", "optimizer" or "table"
    name: str
    key: str                       # where it is in the spec ("table", "table[2]")
    data: dict[str, Any]
    title: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Spec:
    title: str
    tasks: list[Task]
    answers: dict[str, Any]        # dotted key → given value (as written)
    round: int | None = None
    lang: str | None = None
    notes: list[str] = field(default_factory=list)
    path: Path | None = None


# --------------------------------------------------------------------------- value checks


def number(value: Any, key: str):
    """An exact number (:class:`fractions.Fraction`) from an integer, a decimal or a string such
    as ``"0.24"``, ``"-1/3"`` or ``"1e-6"``; anything else is a :class:`SpecError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SpecError(key, f"expected a number, found {_kind(value)}")
    try:
        return Fraction(repr(value) if isinstance(value, float) else str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise SpecError(key, f"expected a number such as 0.25 or \"1/3\", found {value!r}") from None


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _int(value: Any, key: str, low: int = 0, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(key, f"expected an integer, found {_kind(value)}")
    if value < low or (high is not None and value > high):
        raise SpecError(key, f"expected an integer from {low}" + (f" to {high}" if high else " up")
                        + f", found {value}")
    return value


def _str(value: Any, key: str, choices=None) -> str:
    if not isinstance(value, str):
        raise SpecError(key, f"expected a string, found {_kind(value)}")
    if choices is not None and value not in choices:
        raise SpecError(key, f"expected one of {', '.join(choices)}, found {value!r}")
    return value


def _list(value: Any, key: str, n: int | None = None, what: str = "entries") -> list:
    if not isinstance(value, list):
        raise SpecError(key, f"expected a list, found {_kind(value)}")
    if n is not None and len(value) != n:
        raise SpecError(key, f"expected {n} {what}, found {len(value)}")
    return value


def _numbers(value: Any, key: str, n: int | None = None, what: str = "numbers") -> list:
    return [number(v, f"{key}[{i + 1}]") for i, v in enumerate(_list(value, key, n, what))]


def _matrix(value: Any, key: str, rows: int | None, cols: int | None, what_rows: str,
            what_cols: str, cell=number) -> list[list]:
    value = _list(value, key)
    if rows is not None and len(value) != rows:
        raise SpecError(key, f"expected {rows} rows ({what_rows}), found {len(value)}")
    out = []
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise SpecError(f"{key}[{i + 1}]", f"expected a row (a list), found {_kind(row)}")
        if cols is not None and len(row) != cols:
            raise SpecError(f"{key}[{i + 1}]", f"expected {cols} entries ({what_cols}), "
                                               f"found {len(row)}")
        out.append([cell(v, f"{key}[{i + 1}][{j + 1}]") for j, v in enumerate(row)])
    return out


def _name(value: Any, key: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise SpecError(key, f"expected a parameter name such as w11 or w_{{hj}}, found {value!r}")
    return value


def _unknown(table: dict, allowed: set, key: str) -> None:
    for k in table:
        if k not in allowed:
            raise SpecError(f"{key}.{k}" if key else k,
                            "unknown key; expected one of " + ", ".join(sorted(allowed)))


def _table(value: Any, key: str) -> dict:
    if not isinstance(value, dict):
        raise SpecError(key, f"expected a table, found {_kind(value)}")
    return value


def _notes(value: Any, key: str) -> list[str]:
    return [_str(v, f"{key}[{i + 1}]") for i, v in enumerate(_list(value, key))]


# --------------------------------------------------------------------------- the tasks


def _training(t: dict, key: str) -> dict:
    _unknown(t, _TRAINING, key)
    for k in ("x", "target", "layers", "lr"):
        if k not in t:
            raise SpecError(f"{key}.{k}", "missing; a training step needs x, target, layers and lr")
    x = _numbers(t["x"], f"{key}.x")
    if not x:
        raise SpecError(f"{key}.x", "expected at least one input")
    layers_in = _list(t["layers"], f"{key}.layers")
    if not layers_in:
        raise SpecError(f"{key}.layers", "expected at least one layer")
    layers, used, width = [], {}, len(x)
    for i, layer in enumerate(layers_in):
        lk = f"{key}.layers[{i + 1}]"
        layer = _table(layer, lk)
        _unknown(layer, _LAYER, lk)
        for k in ("units", "activation", "weights"):
            if k not in layer:
                raise SpecError(f"{lk}.{k}", "missing; each layer needs units, activation, weights")
        units = _int(layer["units"], f"{lk}.units", 1, 64)
        act = _str(layer["activation"], f"{lk}.activation", list(ACTIVATION_NAMES))
        if act == "softmax" and i != len(layers_in) - 1:
            raise SpecError(f"{lk}.activation", "softmax is only supported on the output layer")
        W = _matrix(layer["weights"], f"{lk}.weights", units, width, "one per unit",
                    "one per input of the layer")
        names = None
        if "names" in layer:
            names = _matrix(layer["names"], f"{lk}.names", units, width, "one per unit",
                            "one per input of the layer", cell=_name)
            for r, row in enumerate(names):
                for c, n in enumerate(row):
                    where = f"{lk}.names[{r + 1}][{c + 1}]"
                    if n in used:
                        raise SpecError(where, f"the name {n} is used twice (also at "
                                               f"{used[n]}); expected a distinct name per weight")
                    used[n] = where
        bias, bias_names = layer.get("bias"), None
        if isinstance(bias, list):
            bias = _numbers(bias, f"{lk}.bias", units, "biases (one per unit)")
        elif bias is not None:
            bias = number(bias, f"{lk}.bias")
        if "bias_names" in layer:
            if bias is None:
                raise SpecError(f"{lk}.bias_names", "given, but the layer has no bias")
            bn = layer["bias_names"]
            if isinstance(bias, list):
                bias_names = [_name(v, f"{lk}.bias_names[{j + 1}]")
                              for j, v in enumerate(_list(bn, f"{lk}.bias_names", units,
                                                          "names (one per unit)"))]
            else:
                bias_names = _name(bn, f"{lk}.bias_names")
            for j, n in enumerate(bias_names if isinstance(bias_names, list) else [bias_names]):
                where = f"{lk}.bias_names" + (f"[{j + 1}]" if isinstance(bias_names, list) else "")
                if n in used:
                    raise SpecError(where, f"the name {n} is used twice (also at {used[n]}); "
                                           "expected a distinct name per parameter")
                used[n] = where
        layers.append(dict(units=units, activation=ACTIVATION_NAMES[act], weights=W, names=names,
                           bias=bias, bias_names=bias_names))
        width = units
    target = _numbers(t["target"], f"{key}.target", width, "targets (one per output unit)")
    loss = _str(t.get("loss", "mse"), f"{key}.loss", LOSS_NAMES)
    if layers[-1]["activation"] == "softmax":
        if loss == "bce":
            raise SpecError(f"{key}.loss", "expected cross_entropy or mse with softmax outputs")
        if loss == "cross_entropy" and sum(target) != 1:
            raise SpecError(f"{key}.target", "expected targets summing to 1 (a probability "
                                             "vector) with softmax and cross-entropy")
    if loss == "bce" and not all(0 <= v <= 1 for v in target):
        raise SpecError(f"{key}.target", "expected targets between 0 and 1 for the BCE loss")
    hand = {}
    if "hand_round" in t:
        for k, v in _table(t["hand_round"], f"{key}.hand_round").items():
            if k not in _HAND_ROUND:
                raise SpecError(f"{key}.hand_round.{k}", "unknown key; expected one of "
                                + ", ".join(_HAND_ROUND))
            hand[k] = _int(v, f"{key}.hand_round.{k}", 0, 12)
    return dict(x=x, target=target, layers=layers, loss=loss, lr=number(t["lr"], f"{key}.lr"),
                steps=_int(t.get("steps", 1), f"{key}.steps", 1, 5),
                round=_int(t["round"], f"{key}.round", 0, 12) if "round" in t else None,
                hand_round=hand)


def _samples(t: dict, key: str) -> tuple[list[list], list]:
    if ("X" in t) == ("samples" in t):
        raise SpecError(f"{key}.X", "expected exactly one of X (samples as columns) or samples "
                                    "(one row per sample)")
    y = _numbers(t.get("y", None) if "y" in t else _missing(f"{key}.y", "the labels"), f"{key}.y")
    if "X" in t:
        X = _matrix(t["X"], f"{key}.X", None, len(y), "one per feature", "one per sample")
    else:
        rows = _matrix(t["samples"], f"{key}.samples", len(y), None, "one per label", "features")
        if len({len(r) for r in rows}) > 1:
            raise SpecError(f"{key}.samples", "expected every sample to have the same features")
        X = [list(col) for col in zip(*rows)]
    if not X:
        raise SpecError(f"{key}.X", "expected at least one feature")
    return X, y


def _missing(key: str, what: str):
    raise SpecError(key, f"missing; expected {what}")


_METHOD_KEYS = {"gd": {"lr", "steps"}, "sgd": {"lr", "steps", "order"},
                "momentum": {"lr", "steps", "alpha"},
                "nesterov": {"lr", "steps", "alpha", "gradient", "order"},
                "adagrad": {"lr", "steps", "delta", "order"},
                "rmsprop": {"lr", "steps", "rho", "delta", "gradient", "order"},
                "adam": {"lr", "steps", "rho1", "rho2", "delta", "gradient", "order"},
                "perceptron": {"lr", "passes", "order", "strict"}}
_REQUIRED = {"gd": ("lr", "steps"), "sgd": ("lr", "steps"), "momentum": ("lr", "steps", "alpha"),
             "nesterov": ("lr", "steps", "alpha"), "adagrad": ("lr", "steps", "delta"),
             "rmsprop": ("lr", "steps", "rho", "delta"), "adam": ("lr", "steps"),
             "perceptron": ()}


def _optimizer(t: dict, key: str) -> dict:
    _unknown(t, _OPTIMIZER, key)
    method = _str(t.get("method") or _missing(f"{key}.method", "one of " + ", ".join(METHODS)),
                  f"{key}.method", METHODS)
    common = {"name", "title", "notes", "X", "samples", "y", "dataset", "objective", "method", "W0",
              "digits", "options"}
    for k in t:
        if k not in common and k not in _METHOD_KEYS[method]:
            raise SpecError(f"{key}.{k}", f"not a setting of {method}; expected one of "
                            + ", ".join(sorted(_METHOD_KEYS[method])))
    for k in _REQUIRED[method]:
        if k not in t:
            raise SpecError(f"{key}.{k}", f"missing; {method} needs " + ", ".join(_REQUIRED[method]))
    X, y = _samples(t, key)
    n, d = len(y), len(X)
    out: dict[str, Any] = dict(method=method, X=X, y=y, d=d, n=n,
                               objective=_str(t.get("objective", "squared_hinge"),
                                              f"{key}.objective",
                                              ("squared_hinge", "least_squares", "logistic")),
                               digits=_int(t.get("digits", 3), f"{key}.digits", 0, 12))
    for k in ("lr", "alpha", "rho", "rho1", "rho2", "delta"):
        if k in t:
            out[k] = number(t[k], f"{key}.{k}")
    if "steps" in t:
        out["steps"] = _int(t["steps"], f"{key}.steps", 0, 10000)
    if "passes" in t:
        out["passes"] = _int(t["passes"], f"{key}.passes", 1, 1000)
    if "strict" in t:
        if not isinstance(t["strict"], bool):
            raise SpecError(f"{key}.strict", f"expected true or false, found {_kind(t['strict'])}")
        out["strict"] = t["strict"]
    if "order" in t:
        order = [_int(v, f"{key}.order[{i + 1}]", 1, n) for i, v in
                 enumerate(_list(t["order"], f"{key}.order"))]
        if not order:
            raise SpecError(f"{key}.order", "expected at least one sample number (1-based)")
        out["order"] = [i - 1 for i in order]
    if "gradient" in t:
        out["gradient"] = _str(t["gradient"], f"{key}.gradient", ("full", "sample"))
        if out["gradient"] == "full" and "order" in t:
            raise SpecError(f"{key}.order", "given, but gradient = \"full\" uses every sample")
    if "W0" in t:
        out["W0"] = _numbers(t["W0"], f"{key}.W0", d, "entries (one per feature)")
    if "options" in t:
        opts = _table(t["options"], f"{key}.options")
        out["options"] = {lab: [str(v) for v in _list(o, f"{key}.options.{lab}", d,
                                                       "entries (one per feature)")]
                          for lab, o in opts.items()}
        for lab, o in out["options"].items():
            _numbers(o, f"{key}.options.{lab}")
    return out


def _task_table(t: dict, key: str) -> dict:
    _unknown(t, _TABLE, key)
    if ("layers" in t) == ("widths" in t):
        raise SpecError(f"{key}.layers", "expected exactly one of layers (a PyTorch-style layer "
                                         "list) or widths (a dense network)")
    if "widths" in t:
        widths = [_int(v, f"{key}.widths[{i + 1}]", 1) for i, v in
                  enumerate(_list(t["widths"], f"{key}.widths"))]
        if len(widths) < 2:
            raise SpecError(f"{key}.widths", "expected at least two widths (inputs and outputs)")
        return dict(widths=widths)
    if "input" not in t:
        raise SpecError(f"{key}.input", "missing; expected the input shape, e.g. [3, 224, 224]")
    shape = [None if v == "?" else _int(v, f"{key}.input[{i + 1}]", 1)
             for i, v in enumerate(_list(t["input"], f"{key}.input"))]
    if not 1 <= len(shape) <= 3:
        raise SpecError(f"{key}.input", "expected [n], [L, d] or [C, H, W]")
    from .layers import LayerListError, parse_layers
    try:
        layers = parse_layers(_str(t["layers"], f"{key}.layers"))
    except LayerListError as exc:
        raise SpecError(f"{key}.layers", str(exc)) from None
    out = dict(input=tuple(shape), layers=layers, source=t["layers"])
    if "classes" in t:
        out["classes"] = _int(t["classes"], f"{key}.classes", 1)
    return out


_READERS = {"training": _training, "optimizer": _optimizer, "table": _task_table}


def _with_dataset(entry: dict, datasets: Any, key: str) -> dict:
    """The optimizer entry with the X/samples and y of its shared ``[datasets.NAME]``."""
    name = _str(entry["dataset"], f"{key}.dataset")
    datasets = _table(datasets, "datasets")
    if name not in datasets:
        raise SpecError(f"{key}.dataset", f"expected the name of a [datasets.NAME] table "
                                          f"({', '.join(datasets) or 'none given'}), found {name!r}")
    data = _table(datasets[name], f"datasets.{name}")
    _unknown(data, {"X", "samples", "y"}, f"datasets.{name}")
    for k in ("X", "samples", "y"):
        if k in entry:
            raise SpecError(f"{key}.{k}", f"given, but the data come from datasets.{name}")
    return {k: v for k, v in entry.items() if k != "dataset"} | data


def _flatten(answers: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for k, v in answers.items():
        path = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(_flatten(v, path))
        else:
            out[path] = v
    return out


def parse_spec(text: str, path: Path | None = None) -> Spec:
    """A checked :class:`Spec` from TOML text (a :class:`SpecError` for the first problem)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError("TOML", f"not valid TOML: {exc}") from None
    _unknown(raw, _TOP, "")
    tasks, names = [], set()
    for kind in ("training", "optimizer", "table"):
        if kind not in raw:
            continue
        entries = raw[kind] if isinstance(raw[kind], list) else [raw[kind]]
        for i, entry in enumerate(entries):
            key = kind if not isinstance(raw[kind], list) else f"{kind}[{i + 1}]"
            entry = _table(entry, key)
            if kind == "optimizer" and "dataset" in entry:
                entry = _with_dataset(entry, raw.get("datasets", {}), key)
            name = _str(entry.get("name", kind if len(entries) == 1 else f"{kind}{i + 1}"),
                        f"{key}.name")
            if name in names:
                raise SpecError(f"{key}.name", f"the name {name!r} is used twice; expected "
                                               "a distinct name per task")
            names.add(name)
            tasks.append(Task(kind, name, key, _READERS[kind](entry, key),
                              title=_str(entry.get("title", ""), f"{key}.title"),
                              notes=_notes(entry.get("notes", []), f"{key}.notes")))
    if not tasks:
        raise SpecError("training", "missing; a spec needs at least one [training], [optimizer] "
                                    "or [table]")
    answers = _flatten(_table(raw.get("answers", {}), "answers"))
    lang = _str(raw["lang"], "lang", ("en", "zh")) if "lang" in raw else None
    return Spec(title=_str(raw.get("title", "Worked solution"), "title"), tasks=tasks,
                answers=answers, round=_int(raw["round"], "round", 0, 12) if "round" in raw else None,
                lang=lang, notes=_notes(raw.get("notes", []), "notes"), path=path)


def load_spec(path: Path | str) -> Spec:
    """:func:`parse_spec` of a file (an unreadable file is a :class:`SpecError` too)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(str(path), f"cannot read the spec: {exc.strerror or exc}") from None
    return parse_spec(text, path)
