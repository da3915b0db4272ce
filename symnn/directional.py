r"""Directional checks of a gradient: a few random directions instead of every parameter.

For a unit direction v, the directional derivative ⟨∇f(x), v⟩ computed from a claimed gradient
is compared with the central difference (f(x + hv) − f(x − hv)) / 2h, h = ε^{1/3} max(1, ‖x‖)
(ε the float64 machine epsilon: the step that balances truncation and rounding).  Each direction
costs two evaluations of f, whatever the number of parameters P — finite differences of every
parameter cost 2P.  A gradient wrong in one block (a layer) shows up in almost every random
direction; :func:`blame` then finds the block with two more evaluations per block.

Directions are Rademacher vectors (entries ±1/√P, as in SPSA), kept as one random bit per entry
(:class:`Direction`, P/8 bytes).  At a million parameters the arithmetic around f — drawing v,
⟨g, v⟩, x + t v — costs about as much as f itself when done as whole-array passes, because every
pass streams the arrays through memory; :meth:`_Along.point` does all three in one pass, chunk by
chunk, with its temporaries in the cache.

``x`` is an array or a structure of arrays (list, tuple, dict, nested); the gradient has the same
structure.  Arrays may be NumPy arrays or torch tensors (read through ``.detach()``).

>>> import numpy as np
>>> f = lambda w: float(np.sum(np.sin(w)))
>>> [m.error < 1e-9 for m in directional_errors(f, np.cos(np.ones(5)), np.ones(5), 2, seed=0)]
[True, True]
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, NamedTuple

import numpy as np

__all__ = ["Direction", "Measurement", "as_array", "blame", "directional_errors", "leaves", "rebuild"]

#: Entries per chunk of :meth:`_Along.point` (a multiple of 8: chunks start on a byte of bits).
#: 2¹⁵ float64 = 256 KiB, so a chunk's temporaries stay in the L2 cache.
CHUNK = 1 << 15

#: Row b: the 8 bits of the byte b, most significant first (numpy.unpackbits' order).
_BITS = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(float)


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


class Direction:
    """A Rademacher unit direction over blocks of the given sizes: entry ±1/√P (P the total
    size), the sign one random bit per entry (``bits[i]``: block i's bits, packed).  ``blocks``:
    the blocks the direction has — the others are zero (:meth:`only`); the scale stays 1/√P so a
    block's part is exactly that part of the whole direction.

    >>> d = Direction.draw(np.random.default_rng(0), [3, 5])
    >>> [np.round(a * 8 ** 0.5, 12).tolist() for a in d.arrays()]
    [[-1.0, 1.0, -1.0], [1.0, -1.0, -1.0, -1.0, -1.0]]
    >>> [a.tolist() for a in d.only(1).arrays()][0]
    [0.0, 0.0, 0.0]
    """

    def __init__(self, bits: list[np.ndarray], sizes: list[int], blocks: frozenset[int] | None = None):
        self.bits, self.sizes = bits, sizes
        self.scale = 1 / math.sqrt(sum(sizes))
        self.blocks = frozenset(range(len(sizes))) if blocks is None else blocks

    @classmethod
    def draw(cls, rng: np.random.Generator, sizes: list[int]) -> "Direction":
        """One call of the bit generator for all blocks (its raw 64-bit outputs, as bytes: a few
        times faster than ``Generator.bytes``), cut into each block's ⌈n/8⌉ bytes."""
        counts = [(n + 7) // 8 for n in sizes]
        raw = rng.bit_generator.random_raw((sum(counts) + 7) // 8).view(np.uint8)
        bits, start = [], 0
        for count in counts:
            bits.append(raw[start:start + count])
            start += count
        return cls(bits, list(sizes))

    def only(self, block: int) -> "Direction":
        """This direction's part in one block (zero elsewhere)."""
        return Direction(self.bits, self.sizes, frozenset({block}))

    def table(self, length: float) -> np.ndarray:
        """The 8 entries each byte of bits stands for, times ``length``: a 256 × 8 table whose
        rows are ±length/√P (bit 1: +).  Looking bytes up in it makes a chunk of entries in one
        cache-resident pass (:meth:`entries`)."""
        return (2 * length * self.scale) * _BITS - length * self.scale  # both signs exactly ±s

    def entries(self, block: int, start: int, stop: int, table: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Entries ``start:stop`` of block ``block`` (``start`` a multiple of 8) from ``table``
        (:meth:`table`), written into ``out`` — which must have room for whole bytes, 8⌈(stop −
        start)/8⌉ entries; the view of the first stop − start is returned."""
        count = (stop - start + 7) // 8
        table.take(self.bits[block][start // 8:start // 8 + count], axis=0,
                   out=out[:8 * count].reshape(count, 8), mode="clip")
        return out[:stop - start]

    def arrays(self, shapes: list[tuple] | None = None) -> list[np.ndarray]:
        """The direction as float arrays (of ``shapes``, default flat), zero outside its blocks."""
        shapes = shapes or [(n,) for n in self.sizes]
        out = []
        for i, (n, shape) in enumerate(zip(self.sizes, shapes)):
            a = np.zeros(8 * ((n + 7) // 8))
            if i in self.blocks:
                self.entries(i, 0, n, self.table(1.0), a)
            out.append(a[:n].reshape(shape))
        return out


class Measurement(NamedTuple):
    """One direction's comparison: the claimed directional derivative ⟨g, v⟩, the measured one
    (a difference of f), their relative error and the evaluations of f it cost."""

    direction: Direction
    claimed: float
    measured: float
    error: float
    evaluations: int


_WORKSPACE = threading.local()


@contextmanager
def _workspace(size: int) -> Iterator[np.ndarray]:
    """A float buffer of ``size`` entries for the duration of the block: the same memory from
    check to check (per thread).

    Fresh memory of a million entries costs a page fault per 4 KiB on its first touch — at a
    million parameters more than the arithmetic of a direction — so a check writes its shifted
    points where the previous check's were.  The buffer grows to the largest size asked for; a
    use nested inside another (an objective that itself runs a check) gets fresh memory."""
    if getattr(_WORKSPACE, "busy", False):
        yield np.empty(size)
        return
    memory = getattr(_WORKSPACE, "memory", None)
    if memory is None or memory.size < size:
        memory = _WORKSPACE.memory = np.empty(size)
    _WORKSPACE.busy = True
    try:
        yield memory[:size]
    finally:
        _WORKSPACE.busy = False


class _Along:
    """f at x + t v for a direction v and a step t, one fused pass (:meth:`point`) per point.

    The shifted points live in buffers allocated once (at a million parameters a fresh array per
    evaluation costs about as much as the arithmetic): ``f`` must not keep its argument beyond the
    call (an objective returns a number, so none does)."""

    def __init__(self, f: Callable[[Any], Any], x: Any, memory: np.ndarray | None = None):
        self.f, self.x = f, x
        self.arrays = [np.ascontiguousarray(as_array(v)) for v in leaves(x)]
        self.flat = [v.reshape(-1) for v in self.arrays]
        if memory is None:
            memory = np.empty(self.memory_needed(x))
        self.scratch = memory[:CHUNK]
        self.buffers, start = [], CHUNK
        for v in self.arrays:
            self.buffers.append(memory[start:start + v.size].reshape(v.shape))
            start += v.size
        self.sizes = [v.size for v in self.arrays]
        norm = float(np.sqrt(sum(np.dot(v, v) for v in self.flat)))
        self.h = np.finfo(float).eps ** (1 / 3) * max(1.0, norm)

    @staticmethod
    def memory_needed(x: Any) -> int:
        """Entries of the ``memory`` an _Along of ``x`` works in: the shifted point and a chunk."""
        return sum(int(np.size(v)) for v in leaves(x)) + CHUNK

    def gradient_blocks(self, grad: Any) -> list[np.ndarray]:
        """The claimed gradient's arrays, flat and contiguous, checked against x's shapes."""
        blocks = [as_array(g) for g in leaves(grad)]
        if len(blocks) != len(self.arrays) or any(g.size != v.size for g, v in zip(blocks, self.arrays)):
            raise AssertionError(f"the gradient has shapes {[g.shape for g in blocks]} for arguments of shapes "
                                 f"{[v.shape for v in self.arrays]}")
        return [np.ascontiguousarray(g).reshape(-1) for g in blocks]

    def point(self, direction: Direction, t: float, grads: list[np.ndarray] | None = None,
              walk: bool = False) -> tuple[Any, float]:
        """``(x + t v, t ⟨g, v⟩)`` — the point in x's structure (in the buffers) and, with
        ``grads``, the claimed change; v's entries, the dot product and the shifted entries are
        made chunk by chunk in one pass over the arrays.  ``walk``: the last point made plus t v
        instead, shifted in place (reading and writing the same memory costs about half of
        writing a copy of x: :func:`_measure`'s screen walks from direction to direction)."""
        dot, table = 0.0, direction.table(t)
        for i, (x, out) in enumerate(zip(self.flat, self.buffers)):
            out = out.reshape(-1)
            source = out if walk else x
            if i not in direction.blocks:
                if not walk:
                    np.copyto(out, x)
                continue
            for start in range(0, x.size, CHUNK):
                stop = min(start + CHUNK, x.size)
                step = direction.entries(i, start, stop, table, self.scratch)
                if grads is not None:
                    dot += float(np.dot(grads[i][start:stop], step))
                np.add(source[start:stop], step, out=out[start:stop])
        return rebuild(self.x, iter(self.buffers)), dot

    def value(self, direction: Direction, t: float) -> float:
        return float(as_array(self.f(self.point(direction, t)[0])))

    def slope(self, direction: Direction, richardson: bool = False) -> float:
        """Central difference of f along ``direction`` (error O(h²)); with ``richardson`` the
        extrapolation (4 D(h/2) − D(h)) / 3 (error O(h⁴), four evaluations instead of two)."""
        def central(h):
            return (self.value(direction, h) - self.value(direction, -h)) / (2 * h)

        return (4 * central(self.h / 2) - central(self.h)) / 3 if richardson else central(self.h)

    def claimed(self, direction: Direction, grads: list[np.ndarray]) -> float:
        """⟨g, v⟩ alone (no evaluation of f)."""
        total, table = 0.0, direction.table(1.0)
        for i in direction.blocks:
            for start in range(0, self.sizes[i], CHUNK):
                stop = min(start + CHUNK, self.sizes[i])
                total += float(np.dot(grads[i][start:stop], direction.entries(i, start, stop, table, self.scratch)))
        return total


def _relative(claimed: float, measured: float, floor: float) -> float:
    return float(abs(claimed - measured) / max(abs(claimed), abs(measured), floor))


def directional_errors(f: Callable[[Any], Any], grad: Any, x: Any, directions: int = 3, seed: int = 0,
                       floor: float = 1e-10, richardson: bool = False,
                       screen: float | None = None) -> list[Measurement]:
    """A :class:`Measurement` for each of ``directions`` random unit directions.

    ``grad`` is the claimed gradient at ``x`` (same structure); directions are Rademacher vectors
    (:class:`Direction`) from ``numpy.random.default_rng(seed)``.  The relative error is taken
    against the larger of the two values, or ``floor`` when both are tinier.  ``richardson``:
    see :meth:`_Along.slope`.

    ``screen``: a relative tolerance for a cheaper first pass — one-sided differences with step
    h = √ε max(1, ‖x‖) along a walk x, x + h v₁, x + h v₁ + h v₂, … (k + 1 evaluations instead of
    2k).  A direction whose one-sided error exceeds ``screen`` is measured again with the
    central difference, which decides (the O(h) error of the screen can never fail a right
    gradient).
    """
    with _workspace(_Along.memory_needed(x)) as memory:
        return _measure(_Along(f, x, memory), f, grad, x, directions, seed, floor, richardson, screen)


def _measure(along: _Along, f, grad, x, directions, seed, floor, richardson, screen) -> list[Measurement]:
    grads = along.gradient_blocks(grad)
    rng = np.random.default_rng(seed)
    drawn = [Direction.draw(rng, along.sizes) for _ in range(directions)]
    out = []
    if screen is None:
        for d in drawn:
            claimed = along.claimed(d, grads)
            measured = along.slope(d, richardson)
            out.append(Measurement(d, claimed, measured, _relative(claimed, measured, floor), 4 if richardson else 2))
        return out
    # The screen walks: x, x + h v₁, x + h v₁ + h v₂, …; direction k's one-sided difference is
    # taken between consecutive points.  Random directions are nearly orthogonal, so every point
    # stays within √k·h of x and the walk's error is of the one-sided difference's own order,
    # O(h); each point costs one evaluation of f and an in-place shift of the last.
    h = along.h * np.finfo(float).eps ** (1 / 6)  # ε^{1/3} · ε^{1/6} = ε^{1/2}: the one-sided step
    before = float(as_array(f(x)))
    for k, d in enumerate(drawn):
        shifted, change = along.point(d, h, grads, walk=k > 0)
        after = float(as_array(f(shifted)))
        claimed, measured = change / h, (after - before) / h
        out.append(Measurement(d, claimed, measured, _relative(claimed, measured, floor), 1 + (k == 0)))
        before = after
    # A direction the screen doubts is measured again from x, centrally; that decides.
    for k, m in enumerate(out):
        if m.error > screen:
            measured = along.slope(m.direction, richardson)
            out[k] = m._replace(measured=measured, error=_relative(m.claimed, measured, floor),
                                evaluations=m.evaluations + (4 if richardson else 2))
    return out


def blame(f: Callable[[Any], Any], grad: Any, x: Any, direction: Direction, rtol: float,
          floor: float = 1e-10, richardson: bool = False) -> list[tuple[int, float, float]]:
    """The blocks whose part of ``direction`` disagrees: ``[(block, claimed, measured)]``."""
    with _workspace(_Along.memory_needed(x)) as memory:
        return _blame(_Along(f, x, memory), grad, direction, rtol, floor, richardson)


def _blame(along: _Along, grad, direction, rtol, floor, richardson) -> list[tuple[int, float, float]]:
    grads = along.gradient_blocks(grad)
    bad = []
    for i in sorted(direction.blocks):
        part = direction.only(i)
        claimed = along.claimed(part, grads)
        measured = along.slope(part, richardson)
        if abs(claimed - measured) > rtol * max(abs(claimed), abs(measured), floor):
            bad.append((i, claimed, measured))
    return bad
