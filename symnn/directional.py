r"""Directional checks of a gradient: a few random directions instead of every parameter.

For a unit direction v, the directional derivative ⟨∇f(x), v⟩ computed from a claimed gradient
is compared with the central difference (f(x + hv) − f(x − hv)) / 2h, h = ε^{1/3} max(1, ‖x‖)
(ε the float64 machine epsilon: the step that balances truncation and rounding).  Each direction
costs two evaluations of f, whatever the number of parameters P — finite differences of every
parameter cost 2P.  A gradient wrong in one block (a layer) shows up in almost every random
direction; :func:`blame` then finds the block with two more evaluations per block.

``x`` is an array or a structure of arrays (list, tuple, dict, nested); the gradient has the same
structure.  Arrays may be NumPy arrays or torch tensors (read through ``.detach()``).

>>> import numpy as np
>>> f = lambda w: float(np.sum(np.sin(w)))
>>> [e < 1e-9 for _, _, _, e in directional_errors(f, np.cos(np.ones(5)), np.ones(5), 2, seed=0)]
[True, True]
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

import numpy as np

__all__ = ["as_array", "blame", "directional_errors", "leaves", "rebuild"]


def as_array(value: Any) -> np.ndarray:
    """A float array from NumPy, a scalar or a torch tensor (detached, on the CPU)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=float)


def leaves(x: Any) -> list:
    """The arrays of a parameter structure: an array, a list/tuple (nested) or a dict of them."""
    if isinstance(x, dict):
        return [leaf for k in x for leaf in leaves(x[k])]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in leaves(item)]
    return [x]


def rebuild(x: Any, new: Iterator) -> Any:
    """``x``'s structure with its arrays replaced, in order, by the items of ``new``."""
    if isinstance(x, dict):
        return {k: rebuild(v, new) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(rebuild(v, new) for v in x)
    return next(new)


def _rademacher(rng: np.random.Generator, size: int, length: float = 1.0,
                out: np.ndarray | None = None) -> np.ndarray:
    """A random vector of norm ``length`` with entries ±length/√size (Rademacher directions, as in
    SPSA): one random bit per entry, so drawing it costs a fraction of a uniform draw and no
    normalisation pass.  ``out``: a float buffer of ``size`` entries to write into.

    >>> v = _rademacher(np.random.default_rng(0), 1000)
    >>> round(float(v @ v), 12), sorted({round(float(e) * 1000 ** 0.5, 12) for e in v})
    (1.0, [-1.0, 1.0])
    """
    bits = np.unpackbits(np.frombuffer(rng.bytes((size + 7) // 8), dtype=np.uint8))[:size]
    scale = length / np.sqrt(size)
    if out is None:
        out = np.empty(size)
    np.multiply(bits, 2 * scale, out=out)  # 0 or 2·scale
    out -= scale
    return out


class _Along:
    """f at x ± t v for a direction v given block by block (the structure of x).

    The shifted points live in buffers allocated once (at a million parameters a fresh array per
    evaluation costs about as much as the arithmetic): ``f`` must not keep its argument beyond the
    call (an objective returns a number, so none does)."""

    def __init__(self, f: Callable[[Any], Any], x: Any):
        self.f, self.x = f, x
        self.arrays = [as_array(v) for v in leaves(x)]
        self.buffers = [np.empty_like(v, dtype=float) for v in self.arrays]
        self.steps = [np.empty_like(v, dtype=float) for v in self.arrays]
        norm = float(np.sqrt(sum(np.dot(v.ravel(), v.ravel()) for v in self.arrays)))
        self.h = np.finfo(float).eps ** (1 / 3) * max(1.0, norm)

    def _at(self, step: list, sign: int) -> float:
        combine = np.add if sign > 0 else np.subtract
        shifted = (combine(v, w, out=b) for v, w, b in zip(self.arrays, step, self.buffers))
        return float(as_array(self.f(rebuild(self.x, iter(shifted)))))

    def slope(self, direction: list, richardson: bool = False) -> float:
        """Central difference of f along ``direction`` (error O(h²)); with ``richardson`` the
        extrapolation (4 D(h/2) − D(h)) / 3 (error O(h⁴), four evaluations instead of two)."""
        def central(h):
            step = [np.multiply(d, h, out=w) for d, w in zip(direction, self.steps)]  # h v, once for ±
            return (self._at(step, +1) - self._at(step, -1)) / (2 * h)

        return (4 * central(self.h / 2) - central(self.h)) / 3 if richardson else central(self.h)


def _gradient_blocks(grad: Any, arrays: list) -> list[np.ndarray]:
    blocks = [as_array(g) for g in leaves(grad)]
    if len(blocks) != len(arrays) or any(g.size != v.size for g, v in zip(blocks, arrays)):
        raise AssertionError(f"the gradient has shapes {[g.shape for g in blocks]} for arguments of shapes "
                             f"{[v.shape for v in arrays]}")
    return [g.reshape(v.shape) for g, v in zip(blocks, arrays)]


def directional_errors(f: Callable[[Any], Any], grad: Any, x: Any, directions: int = 3, seed: int = 0,
                       floor: float = 1e-10, richardson: bool = False,
                       forward: bool = False, keep_within: float | None = None) -> list[tuple[list, float, float, float]]:
    """``[(direction, claimed, measured, relative error)]`` for ``directions`` random unit directions.

    ``grad`` is the claimed gradient at ``x`` (same structure); directions are Rademacher vectors
    (entries ±1/√P, :func:`_rademacher`) from ``numpy.random.default_rng(seed)``.  The relative error is taken against the
    larger of the two values, or ``floor`` when both are tinier.  ``richardson``: see :meth:`_Along.slope`;
    ``forward``: one-sided differences from one shared f(x) (:func:`_forward_errors`, k + 1
    evaluations instead of 2k — for a screening pass whose failures are rechecked centrally);
    with ``keep_within`` a direction whose error is within it comes back as None (not copied out).
    """
    along = _Along(f, x)
    blocks = _gradient_blocks(grad, along.arrays)
    sizes = np.cumsum([0] + [v.size for v in along.arrays])
    rng = np.random.default_rng(seed)
    if forward:
        return _forward_errors(f, x, along, blocks, sizes, rng, directions, floor, keep_within)
    out = []
    for _ in range(directions):
        flat = _rademacher(rng, int(sizes[-1]))
        direction = [flat[a:b].reshape(v.shape) for a, b, v in zip(sizes, sizes[1:], along.arrays)]
        claimed = float(sum(np.dot(g.ravel(), d.ravel()) for g, d in zip(blocks, direction)))
        measured = along.slope(direction, richardson)
        error = float(abs(claimed - measured) / max(abs(claimed), abs(measured), floor))
        out.append((direction, claimed, measured, error))
    return out


def _forward_errors(f, x, along: "_Along", blocks, sizes, rng, directions: int, floor: float,
                    keep_within: float | None) -> list:
    """The one-sided screen: each direction drawn directly as the step h v (one buffer for all),
    f(x + h v) against f(x), ⟨g, v⟩ = ⟨g, h v⟩ / h; the unit direction is copied out only for a
    direction whose error exceeds ``keep_within`` (or always when it is None)."""
    h = along.h * np.finfo(float).eps ** (1 / 6)  # ε^{1/3} · ε^{1/6} = ε^{1/2}: the one-sided step
    f0 = float(as_array(f(x)))
    flat = np.empty(int(sizes[-1]))
    out = []
    for _ in range(directions):
        _rademacher(rng, flat.size, h, out=flat)
        step = [flat[a:b].reshape(v.shape) for a, b, v in zip(sizes, sizes[1:], along.arrays)]
        claimed = float(sum(np.dot(g.ravel(), d.ravel()) for g, d in zip(blocks, step))) / h
        measured = (along._at(step, +1) - f0) / h
        error = float(abs(claimed - measured) / max(abs(claimed), abs(measured), floor))
        keep = keep_within is None or error > keep_within
        out.append(([d / h for d in step] if keep else None, claimed, measured, error))
    return out


def blame(f: Callable[[Any], Any], grad: Any, x: Any, direction: list, rtol: float,
          floor: float = 1e-10, richardson: bool = False) -> list[tuple[int, float, float]]:
    """The blocks whose part of ``direction`` disagrees: ``[(block, claimed, measured)]``."""
    along = _Along(f, x)
    blocks = _gradient_blocks(grad, along.arrays)
    bad = []
    for i, g in enumerate(blocks):
        part = [d if j == i else np.zeros_like(d) for j, d in enumerate(direction)]
        claimed = float(np.dot(g.ravel(), part[i].ravel()))
        measured = along.slope(part, richardson)
        if abs(claimed - measured) > rtol * max(abs(claimed), abs(measured), floor):
            bad.append((i, claimed, measured))
    return bad
