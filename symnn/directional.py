r"""Directional checks of a gradient: a few random directions instead of every parameter.

For a unit direction v, the directional derivative ⟨∇f(x), v⟩ computed from a claimed gradient
is compared with the central difference (f(x + hv) − f(x − hv)) / 2h, h = ε^{1/3} max(1, ‖x‖)
(ε the float64 machine epsilon: the step that balances truncation and rounding).  Each direction
costs two evaluations of f, whatever the number of parameters P — finite differences of every
parameter cost 2P.  A gradient wrong in one block (a layer) shows up in almost every random
direction; :func:`blame` then finds the block with two more evaluations per block.

Directions have entries ±1/√P like Rademacher vectors (SPSA), built as rotated random sign
patterns (:class:`Direction`).  At a million parameters the arithmetic around f — making v,
⟨g, v⟩, x + t v — costs about as much as f itself, because every pass streams the arrays through
memory; so v is never drawn entry by entry, ⟨g, v⟩ of all directions is one pass over g
(:meth:`_Along.claimed`), a shifted point is one pass (:meth:`_Along.point`) into memory kept
from check to check (:func:`_workspace`), and the cheap first screen walks from point to point
in place (:func:`directional_errors`, ``screen``).

``x`` is an array or a structure of arrays (list, tuple, dict, nested); the gradient has the same
structure.  Arrays may be NumPy arrays or torch tensors (read through ``.detach()``).

>>> import numpy as np
>>> f = lambda w: float(np.sum(np.sin(w)))
>>> [m.error < 1e-9 for m in directional_errors(f, np.cos(np.ones(5)), np.ones(5), 2, seed=0)]
[True, True]
"""

from __future__ import annotations

import functools
import math
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, NamedTuple

import numpy as np

__all__ = ["Direction", "Measurement", "as_array", "blame", "directional_errors", "leaves", "rebuild"]

#: Entries per chunk of a :class:`Direction` (2¹⁵ float64 = 256 KiB: the pattern a chunk is
#: sliced from stays in the L2 cache).
CHUNK = 1 << 15

_EPS = float(np.finfo(float).eps)  # float64 machine epsilon (np.finfo costs tens of µs a call)



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
    """A random unit direction over blocks of the given sizes, every entry ±1/√P (P the total).

    Each block is cut into chunks of :data:`CHUNK` entries; chunk j of block i holds the random
    sign vector ``pattern`` (length L = min(CHUNK, largest block), drawn once per direction and
    kept as bits, 1 for +1 and 0 for −1), cyclically rotated by a random offset oᵢⱼ and
    multiplied by a random sign cᵢⱼ:

        v[i][j·CHUNK + p] = cᵢⱼ · pattern[(oᵢⱼ + p) mod L] / √P.

    A partial random circulant: entries pairwise uncorrelated with mean 0 and variance 1/P, like
    independent signs, and no fixed pattern an error could cancel against (two chunks share a
    rotation with probability 1/L).  Making a chunk's entries is then two slices of the scaled
    pattern, not a random draw per entry — at a million parameters the draw would cost about
    as much as the objective.  ``blocks``: the blocks the direction has, the others zero
    (:meth:`only`); the scale stays 1/√P, so a block's part is exactly that part of the whole.

    >>> d = Direction.draw(np.random.default_rng(0), [3, 5])
    >>> [sorted({round(float(e) * 8 ** 0.5, 12) for e in a}) <= [-1.0, 1.0] for a in d.arrays()]
    [True, True]
    >>> [a.tolist() for a in d.only(1).arrays()][0]
    [0.0, 0.0, 0.0]
    """

    def __init__(self, pattern: np.ndarray, chunks: list[list[tuple[int, int]]], sizes: list[int],
                 blocks: frozenset[int] | None = None):
        self.pattern, self.chunks, self.sizes = pattern, chunks, sizes
        self.scale = 1 / math.sqrt(sum(sizes))
        self._unit: np.ndarray | None = None
        self.blocks = frozenset(range(len(sizes))) if blocks is None else blocks

    @classmethod
    def draw(cls, rng: np.random.Generator, sizes: list[int]) -> "Direction":
        """One call of the bit generator (raw 64-bit words: a few times faster than the
        Generator's methods at this size): the pattern's bits, then a word per chunk — its top
        bit the sign, the word mod L the offset (the bias of mod L < 2¹⁵ on 64 bits is nil)."""
        length = max(1, min(CHUNK, max(sizes, default=1)))
        counts = [-(-n // CHUNK) for n in sizes]
        words = (length + 63) // 64
        raw = rng.bit_generator.random_raw(words + sum(counts))
        pattern = np.unpackbits(raw[:words].view(np.uint8), count=length)  # bit 1: +1, bit 0: −1
        chunks, k = [], 0
        drawn = raw[words:].tolist()
        for count in counts:
            chunks.append([(1 if w >> 63 else -1, w % length) for w in drawn[k:k + count]])
            k += count
        return cls(pattern, chunks, list(sizes))

    def only(self, block: int) -> "Direction":
        """This direction's part in one block (zero elsewhere)."""
        part = Direction(self.pattern, self.chunks, self.sizes, frozenset({block}))
        part._unit = self._unit
        return part

    def scaled(self, length: float) -> np.ndarray:
        """``length`` × the pattern / √P: what chunks are sliced from (a chunk of sign −1
        subtracts its slice)."""
        if self._unit is None:  # ±1/√P as floats, made once: 2s·bit − s gives both signs exactly
            self._unit = np.multiply(self.pattern, 2 * self.scale)
            self._unit -= self.scale
        return self._unit if length == 1.0 else self._unit * length

    def runs(self, block: int, chunk: int) -> tuple[int, list[tuple[int, int, int]]]:
        """``(sign, [(begin, end, at)])`` of chunk ``chunk`` of block ``block``: its entries
        begin:end are ``sign`` × the pattern from index ``at`` on — one run, or two where the
        rotation wraps around (a chunk is never longer than the pattern)."""
        sign, offset = self.chunks[block][chunk]
        start = chunk * CHUNK
        stop = min(start + CHUNK, self.sizes[block])
        first = min(stop - start, self.pattern.size - offset)
        runs = [(start, start + first, offset)]
        if start + first < stop:
            runs.append((start + first, stop, 0))
        return sign, runs

    def arrays(self, shapes: list[tuple] | None = None) -> list[np.ndarray]:
        """The direction as float arrays (of ``shapes``, default flat), zero outside its blocks."""
        shapes = shapes or [(n,) for n in self.sizes]
        unit = self.scaled(1.0)
        out = []
        for i, (n, shape) in enumerate(zip(self.sizes, shapes)):
            a = np.zeros(n)
            if i in self.blocks:
                for j in range(len(self.chunks[i])):
                    sign, runs = self.runs(i, j)
                    for begin, end, at in runs:
                        a[begin:end] = sign * unit[at:at + end - begin]
            out.append(a.reshape(shape))
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


@functools.lru_cache(maxsize=256)
def _seeded_state(seed: int) -> dict:
    return np.random.PCG64(int(seed)).state


def _generator(seed: int) -> np.random.Generator:
    """``numpy.random.default_rng(seed)``'s generator (same stream), made by setting a kept bit
    generator to the seed's cached state: seeding hashes the seed, which costs a noticeable
    share of a whole check at ten thousand parameters.  Per thread; the caller draws what it
    needs before calling anything that might check again."""
    if not isinstance(seed, (int, np.integer)):
        return np.random.default_rng(seed)
    bits = getattr(_WORKSPACE, "bits", None)
    if bits is None:
        bits = _WORKSPACE.bits = np.random.PCG64(0)
    bits.state = _seeded_state(seed)
    return np.random.Generator(bits)


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
        self.buffers, start = [], 0
        for v in self.arrays:
            self.buffers.append(memory[start:start + v.size].reshape(v.shape))
            start += v.size
        self.sizes = [v.size for v in self.arrays]
        norm = float(np.sqrt(sum(np.dot(v, v) for v in self.flat)))
        self.h = _EPS ** (1 / 3) * max(1.0, norm)

    @staticmethod
    def memory_needed(x: Any) -> int:
        """Entries of the ``memory`` an _Along of ``x`` works in: the shifted point."""
        return sum(as_array(v).size for v in leaves(x))

    def gradient_blocks(self, grad: Any) -> list[np.ndarray]:
        """The claimed gradient's arrays, flat and contiguous, checked against x's shapes."""
        blocks = [as_array(g) for g in leaves(grad)]
        if len(blocks) != len(self.arrays) or any(g.size != v.size for g, v in zip(blocks, self.arrays)):
            raise AssertionError(f"the gradient has shapes {[g.shape for g in blocks]} for arguments of shapes "
                                 f"{[v.shape for v in self.arrays]}")
        return [np.ascontiguousarray(g).reshape(-1) for g in blocks]

    def point(self, direction: Direction, t: float, walk: bool = False) -> Any:
        """x + t v in x's structure (in the buffers), made run by run (:meth:`Direction.runs`)
        in one pass over the arrays.  ``walk``: the last point made plus t v instead, shifted in
        place (reading and writing the same memory costs about half of writing a copy of x:
        :func:`_measure`'s screen walks from direction to direction)."""
        pattern = direction.scaled(t)
        for i, (x, out) in enumerate(zip(self.flat, self.buffers)):
            out = out.reshape(-1)
            source = out if walk else x
            if i not in direction.blocks:
                if not walk:
                    np.copyto(out, x)
                continue
            for j in range(len(direction.chunks[i])):
                sign, runs = direction.runs(i, j)
                shift = np.add if sign > 0 else np.subtract
                for begin, end, at in runs:
                    shift(source[begin:end], pattern[at:at + end - begin], out=out[begin:end])
        return rebuild(self.x, iter(self.buffers))

    def value(self, direction: Direction, t: float) -> float:
        return float(as_array(self.f(self.point(direction, t))))

    def slope(self, direction: Direction, richardson: bool = False) -> float:
        """Central difference of f along ``direction`` (error O(h²)); with ``richardson`` the
        extrapolation (4 D(h/2) − D(h)) / 3 (error O(h⁴), four evaluations instead of two)."""
        def central(h):
            return (self.value(direction, h) - self.value(direction, -h)) / (2 * h)

        return (4 * central(self.h / 2) - central(self.h)) / 3 if richardson else central(self.h)

    def claimed(self, directions: list[Direction], grads: list[np.ndarray]) -> list[float]:
        """⟨g, v⟩ for each direction (no evaluation of f), in one pass over g: each chunk of g is
        read from memory once and meets every direction's pattern while it is in the cache."""
        totals = [0.0] * len(directions)
        scaled = [d.scaled(1.0) for d in directions]
        for i, g in enumerate(grads):
            for j in range(-(-self.sizes[i] // CHUNK)):
                for k, (d, pattern) in enumerate(zip(directions, scaled)):
                    if i not in d.blocks:
                        continue
                    sign, runs = d.runs(i, j)
                    for begin, end, at in runs:
                        totals[k] += sign * float(np.dot(g[begin:end], pattern[at:at + end - begin]))
        return totals


def _relative(claimed: float, measured: float, floor: float) -> float:
    return float(abs(claimed - measured) / max(abs(claimed), abs(measured), floor))


def directional_errors(f: Callable[[Any], Any], grad: Any, x: Any, directions: int = 3, seed: int = 0,
                       floor: float = 1e-10, richardson: bool = False,
                       screen: float | None = None) -> list[Measurement]:
    """A :class:`Measurement` for each of ``directions`` random unit directions.

    ``grad`` is the claimed gradient at ``x`` (same structure); directions (:class:`Direction`)
    are drawn from ``numpy.random.default_rng(seed)``'s stream.  The relative error is taken
    against the larger of the two values, or ``floor`` when both are tinier.  ``richardson``:
    see :meth:`_Along.slope`.

    ``screen``: a relative tolerance for a cheaper first pass — one-sided differences with step
    h = √ε max(1, ‖x‖) along a walk x, x + h v₁, x + h v₁ + h v₂, … (k + 1 evaluations instead of
    2k).  A direction whose one-sided error exceeds ``screen`` is measured again with the
    central difference, which decides (the O(h) error of the screen can never fail a right
    gradient).
    """
    with _workspace(_Along.memory_needed(x)) as memory:
        return _measure(_Along(f, x, memory), grad, directions, seed, floor, richardson, screen)


def _measure(along: _Along, grad, directions, seed, floor, richardson, screen) -> list[Measurement]:
    grads = along.gradient_blocks(grad)
    rng = _generator(seed)
    drawn = [Direction.draw(rng, along.sizes) for _ in range(directions)]
    out = []
    if screen is None:
        for d, claimed in zip(drawn, along.claimed(drawn, grads)):
            measured = along.slope(d, richardson)
            out.append(Measurement(d, claimed, measured, _relative(claimed, measured, floor), 4 if richardson else 2))
        return out
    # The screen walks: x, x + h v₁, x + h v₁ + h v₂, …; direction k's one-sided difference is
    # taken between consecutive points.  Random directions are nearly orthogonal, so every point
    # stays within √k·h of x and the walk's error is of the one-sided difference's own order,
    # O(h); each point costs one evaluation of f and an in-place shift of the last.
    h = along.h * _EPS ** (1 / 6)  # ε^{1/3} · ε^{1/6} = ε^{1/2}: the one-sided step
    before = float(as_array(along.f(along.x)))
    for k, (d, claimed) in enumerate(zip(drawn, along.claimed(drawn, grads))):
        shifted = along.point(d, h, walk=k > 0)
        after = float(as_array(along.f(shifted)))
        measured = (after - before) / h
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
        claimed, = along.claimed([part], grads)
        measured = along.slope(part, richardson)
        if abs(claimed - measured) > rtol * max(abs(claimed), abs(measured), floor):
            bad.append((i, claimed, measured))
    return bad
