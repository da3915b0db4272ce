r"""Strategies: how a claim of each kind becomes concrete scalar problems for the one sampler.

* **scalar** claims are compared as they are (indexed entries with fixed indices, such as w_0,
  become plain symbols);
* **indexed** claims (sums over k = 1..C, entries β_j, Kronecker deltas) are instantiated at
  several class counts — 2, 3, 5, 7, 12 and every value the claim singles out (δ_{j9} brings
  C = 9 and 10) — and at the values of their free indices that respect the index assumptions
  (k ≠ i); the sums are then written out and every entry is a symbol;
* **matrix** claims (:func:`matrix_instances`) are instantiated at sizes from 1 (non-square
  included) to beyond any size the claim singles out, each entry a symbol.

Each :class:`Instance` then goes through the same sampler and the same comparison.

>>> from sympy import IndexedBase, Symbol, Sum, KroneckerDelta
>>> C = Symbol("C", integer=True, positive=True)
>>> j, k = Symbol("j", integer=True), Symbol("k", integer=True)
>>> b = IndexedBase("beta", real=True)
>>> insts = indexed_instances([Sum(b[k], (k, 1, C)), KroneckerDelta(j, 9)], b[j], [])
>>> sorted({i.label.split(",")[0] for i in insts})[:3]
['C = 10', 'C = 12', 'C = 2']
>>> any("j = 9" in i.label for i in insts)
True
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Sequence

import sympy
from sympy import Basic, Expr, Indexed, KroneckerDelta, Sum, Symbol
from sympy.matrices.exceptions import NonInvertibleMatrixError

from ..errors import SymnnInputError

#: Class counts always tried.
BASE_SIZES = (2, 3, 5, 7, 12)
#: Largest instantiated class count (a larger singled-out value is an input the witness skips).
MAX_SIZE = 40
#: Index combinations per class count.
MAX_INDEX_COMBINATIONS = 3


@dataclass
class Instance:
    """One concrete scalar problem: expressions over plain symbols, the variable, the constraints."""

    exprs: list[Expr]
    wrt: Symbol | None
    constraints: list[Basic]
    label: str = ""
    names: dict = field(default_factory=dict)  # symbol -> display name
    #: what a counterexample at this instance reports besides the point: sizes and index values
    #: (added to the point), the entry compared, the shapes
    context: dict = field(default_factory=dict)


def entry_symbols(exprs: Sequence[Expr]) -> dict[Indexed, Symbol]:
    """A real symbol for each indexed entry with concrete indices (β[3] → β_3)."""
    out: dict = {}
    for e in exprs:
        for ix in e.atoms(Indexed):
            if all(i.is_Integer for i in ix.indices) and ix not in out:
                name = f"{ix.base}_{'_'.join(str(i) for i in ix.indices)}" if len(ix.indices) > 1 else f"{ix.base}_{ix.indices[0]}"
                out[ix] = Symbol(name, real=True)
    return out


def scalar_instance(exprs: Sequence[Expr], wrt, constraints: Sequence[Basic]) -> Instance:
    """A scalar claim as an instance (fixed-index entries replaced by symbols)."""
    mapping = entry_symbols(list(exprs) + list(constraints) + ([wrt] if wrt is not None else []))
    names = {v: str(k) for k, v in mapping.items()}
    return Instance([e.xreplace(mapping) for e in exprs], wrt.xreplace(mapping) if wrt is not None else None,
                    [c.xreplace(mapping) for c in constraints], "", names)


def _scope(exprs: Sequence[Expr]):
    sizes: set = set()
    bound: set = set()
    for e in exprs:
        for s in e.atoms(Sum):
            for var, lo, hi in s.limits:
                bound.add(var)
                sizes |= lo.free_symbols | hi.free_symbols
    indices: set = set()
    singled: set = set()
    required = 1
    for e in exprs:
        for ix in e.atoms(Indexed):
            for i in ix.indices:
                indices |= i.free_symbols
                if i.is_Integer:
                    singled.add(int(i))
                    required = max(required, int(i))
        for d in e.atoms(KroneckerDelta):
            indices |= d.free_symbols
            singled |= {int(a) for a in d.args if a.is_Integer}
    free_indices = sorted(indices - bound - sizes, key=str)
    return sorted(sizes, key=str), free_indices, singled, required


def _size_values(singled: set, required: int, quick: bool = False) -> list[int]:
    """Class counts to try: the base ones, each singled-out value and one more, none below the
    largest explicit entry index (y_3 needs C ≥ 3).  ``quick``: the smallest base count of at least
    3 and the largest singled-out value and one more."""
    values = set(BASE_SIZES)
    for m in singled:
        values |= {m, m + 1}
    values = sorted(v for v in values if 1 <= v <= MAX_SIZE and v >= required)
    if quick and values:
        top = max(singled, default=0)
        values = sorted({next((v for v in values if v >= 3), values[-1])} | {v for v in values if v in (top, top + 1)})
    return values


def indexed_instances(exprs: Sequence[Expr], wrt, constraints: Sequence[Basic], seed: int = 0,
                      quick: bool = False) -> list[Instance]:
    """Concrete instances of an indexed claim (module docstring); ``quick``: a few of them (one index
    combination besides the singled-out ones, at the class counts of :func:`_size_values`)."""
    from ..indexed import expand_indexed_definitions

    rng = random.Random(seed)
    exprs = [expand_indexed_definitions(e) for e in exprs]  # softmax(β)_i brings its Σ and its C
    constraints = [expand_indexed_definitions(c) for c in constraints]
    everything = list(exprs) + list(constraints) + ([wrt] if wrt is not None else [])
    sizes, free_indices, singled, required = _scope(everything)
    index_constraints = [c for c in constraints if c.free_symbols and c.free_symbols <= set(free_indices)]
    other_constraints = [c for c in constraints if c not in index_constraints]
    out: list[Instance] = []
    size_values = _size_values(singled, required, quick) if sizes else [required]
    combinations = 1 if quick else MAX_INDEX_COMBINATIONS
    for n in size_values:
        size_env = {s: sympy.Integer(n) for s in sizes}
        if not _bounds_ok(everything, size_env):
            continue
        top = n if sizes else max(singled | {3})
        values = range(0 if 0 in singled else 1, top + 1)
        combos = list(itertools.product(values, repeat=len(free_indices)))
        wanted = [c for c in combos if any(v in singled for v in c)]
        rest = [c for c in combos if c not in wanted]
        if len(rest) > combinations:
            rest = [rest[i] for i in sorted(rng.sample(range(len(rest)), combinations))]
        for combo in wanted[:MAX_INDEX_COMBINATIONS] + rest:
            env = dict(size_env)
            env.update({i: sympy.Integer(v) for i, v in zip(free_indices, combo)})
            if not all(c.xreplace(env) is sympy.true for c in index_constraints):
                continue
            out.append(_instantiate(exprs, wrt, other_constraints, env))
    return out


def _bounds_ok(exprs, env) -> bool:
    for e in exprs:
        for s in e.atoms(Sum):
            for _, lo, hi in s.limits:
                lo, hi = lo.xreplace(env), hi.xreplace(env)
                if not (lo.is_Integer and hi.is_Integer) or hi - lo > MAX_SIZE:
                    return False
    return True


def _write_out(e: Expr, env: dict) -> Expr:
    """``e`` at concrete sizes and indices, its sums (the indexed vocabulary's included) written out."""
    from ..indexed import expand_indexed_definitions

    e = expand_indexed_definitions(e.xreplace(env))
    while True:  # inner sums whose bounds depend on an outer index are written after the outer one
        written = e.replace(lambda n: isinstance(n, Sum), _written_sum)
        if written == e:
            return written
        e = written


def _written_sum(s: Sum) -> Expr:
    """A sum with integer bounds as the explicit sum of its terms (no closed-form search, which is
    what ``Sum.doit`` would try first).

    >>> k = Symbol("k", integer=True)
    >>> _written_sum(Sum(Symbol("a") * k, (k, 1, 3)))
    6*a
    """
    terms = [s.function]
    for var, lo, hi in s.limits:
        if not (lo.is_Integer and hi.is_Integer):
            return s
        terms = [t.xreplace({var: sympy.Integer(v)}) for t in terms for v in range(int(lo), int(hi) + 1)]
    return sympy.Add(*terms)


def _for_every_entry(c: Basic, written: Sequence[Expr]) -> list[Basic]:
    """A constraint on a generic entry (P_k > 0, k not fixed) holds for every entry of the family
    present in the instance: one copy per entry."""
    generic = [ix for ix in c.atoms(Indexed) if not all(i.is_Integer for i in ix.indices)]
    if not generic:
        return [c]
    ix = generic[0]
    entries = {e for w in written for e in w.atoms(Indexed)
               if e.base == ix.base and len(e.indices) == len(ix.indices) and all(i.is_Integer for i in e.indices)}
    out = []
    for e in sorted(entries, key=str):
        out += _for_every_entry(c.xreplace(dict(zip(ix.indices, e.indices))), written)
    return out


def _instantiate(exprs, wrt, constraints, env) -> Instance:
    written = [_write_out(e, env) for e in exprs]
    cons = [d for c in constraints for d in _for_every_entry(_write_out(c, env), written)]
    cons = [c for c in cons if c is not sympy.true]
    if any(c is sympy.false for c in cons):
        cons = [sympy.false]
    w = wrt.xreplace(env) if wrt is not None else None
    inst = scalar_instance(written, w, cons)
    inst.label = ", ".join(f"{k} = {v}" for k, v in env.items())
    inst.context = {"point": {str(k): int(v) for k, v in env.items()}}
    return inst


def check_sizes(exprs: Sequence[Expr]) -> None:
    """Reject absurd numeric sum bounds at once (e.g. 10^9 terms): an input error."""
    for e in exprs:
        for s in e.atoms(Sum):
            for _, lo, hi in s.limits:
                if lo.is_number and hi.is_number and abs(hi - lo) > 10**6:
                    raise SymnnInputError(f"the sum over {s.limits[0][0]} has {hi - lo + 1} terms: at most 10^6 "
                                          "explicit terms are supported (write the bound as a symbol)")


__all__ = ["Instance", "scalar_instance", "indexed_instances", "entry_symbols", "check_sizes"]


# --------------------------------------------------------------------------- matrices

#: Sizes each dimension symbol takes across the matrix instances (1 and non-square included).
MATRIX_SIZES = ((1, 1), (2, 3), (3, 2), (1, 3), (4, 2))
#: Largest instantiated dimension.
MAX_MATRIX_DIM = 8


def _rational_matrix(rng, rows: int, cols: int, kind: str | None):
    """A random exact matrix; ``kind`` "symmetric", "spd", "diagonal" or "orthogonal" gives it
    that property exactly (orthogonal via the Cayley transform of a skew matrix)."""
    def r():
        return sympy.Rational(rng.randrange(-40, 41), rng.randrange(1, 11))

    M = sympy.Matrix(rows, cols, lambda i, j: r())
    if kind == "symmetric":
        M = (M + M.T) / 2
    elif kind == "spd":
        M = M * M.T + sympy.eye(rows)
    elif kind == "diagonal":
        M = sympy.diag(*[r() for _ in range(rows)])
    elif kind == "orthogonal":
        S = sympy.Matrix(rows, rows, lambda i, j: r() if i < j else 0)
        S = S - S.T
        M = (sympy.eye(rows) - S) * (sympy.eye(rows) + S).inv()
    return sympy.ImmutableMatrix(M)


def _matrix_dims(exprs) -> list[Symbol]:
    from sympy import MatrixSymbol

    dims: set = set()
    for e in exprs:
        for m in e.atoms(MatrixSymbol):
            dims |= {d for d in m.shape if isinstance(d, Symbol)}
    return sorted(dims, key=str)


def _singled_sizes(exprs) -> set[int]:
    out: set = set()
    for e in exprs:
        for node in sympy.preorder_traversal(e):
            if node.is_Integer and 1 < abs(node) <= MAX_MATRIX_DIM:
                out.add(int(abs(node)))
    return out


def _explicit(e):
    if isinstance(e, Basic) and e.has(sympy.Inverse):
        e = e.replace(lambda n: isinstance(n, sympy.Inverse), _explicit_inverse)
    e = e.doit()
    if hasattr(e, "as_explicit"):
        e = e.as_explicit()
    return e


def _explicit_inverse(node):
    """M⁻¹ written out as adj(M)/det(M): with symbolic entries this stays a quotient of
    polynomials, where Gaussian elimination would simplify at every pivot (minutes at 3×3)."""
    M = sympy.Matrix(_explicit(node.arg))
    det = sympy.expand(M.det(method="berkowitz"))
    if det == 0:
        raise NonInvertibleMatrixError("the matrix is singular at these sizes")
    return sympy.ImmutableMatrix(M.adjugate(method="berkowitz") / det)


def matrix_instances(exprs: Sequence[Expr], wrt, constraints: Sequence[Basic] = (), seed: int = 0,
                     properties: dict | None = None, max_entries: int = 12, quick: bool = False) -> list[Instance]:
    """Concrete instances of a matrix claim.

    ``exprs`` is ``[objective, claim]`` (a gradient, when ``wrt`` is a matrix symbol: one
    instance per entry of ``wrt``, at most ``max_entries`` of them per size) or ``[lhs, rhs]``
    (an identity, ``wrt`` None: one instance per entry).  ``properties`` maps matrix symbols to
    "symmetric", "spd", "diagonal" or "orthogonal".  ``quick``: two sizes and three entries, the
    confirmation of a symbolic proof.
    """
    from sympy import MatrixSymbol

    rng = random.Random(seed)
    properties = dict(properties or {})
    dims = _matrix_dims(list(exprs) + ([wrt] if wrt is not None else []))
    beyond = max(_singled_sizes(exprs), default=1) + 1
    size_sets = [dict(zip(dims, itertools.cycle(pair))) for pair in MATRIX_SIZES]
    size_sets = [{d: min(v + (k % 2) * (n // 2), MAX_MATRIX_DIM) for n, (d, v) in enumerate(s.items())}
                 for k, s in enumerate(size_sets)]
    size_sets.append({d: min(beyond, MAX_MATRIX_DIM) for d in dims})
    if quick:
        size_sets, max_entries = size_sets[:2], min(max_entries, 3)
    if any(e.has(sympy.Inverse) or e.has(sympy.Determinant) for e in exprs if isinstance(e, Basic)):
        # written out, a determinant or an inverse grows like n!: keep such instances small
        size_sets = [{d: min(v, 3) for d, v in s.items()} for s in size_sets]
    square = set(properties) | {m for e in exprs if isinstance(e, Basic) for m in e.atoms(MatrixSymbol) if getattr(m, "structure", None)}
    out: list[Instance] = []
    seen: set = set()
    for sizes in size_sets:
        env = {d: sympy.Integer(v) for d, v in sizes.items()}
        mats = sorted(set().union(*(e.atoms(MatrixSymbol) for e in exprs)), key=str)
        shapes = {m: tuple(int(x.xreplace(env)) for x in m.shape) for m in mats}
        if any(m.shape[0] != m.shape[1] and m in square for m in mats):
            continue
        if any(shapes[m][0] != shapes[m][1] for m in mats if m in square):
            continue
        key = tuple(sorted(shapes.items(), key=lambda kv: str(kv[0])))
        if key in seen:
            continue
        seen.add(key)
        values: dict = {}
        entries: dict = {}
        for m in mats:
            r, c = shapes[m]
            concrete = m.xreplace(env)
            if m == wrt:
                syms = sympy.Matrix(r, c, lambda i, j: Symbol(f"{m.name}_{i + 1}{j + 1}" if r * c < 100 else f"{m.name}_{i + 1}_{j + 1}", real=True))
                values[concrete] = sympy.ImmutableMatrix(syms)
                entries = {(i, j): syms[i, j] for i in range(r) for j in range(c)}
            else:
                values[concrete] = _rational_matrix(rng, r, c, properties.get(m) or getattr(m, "structure", None))
        try:
            sides = []
            for e in exprs:
                v = _explicit(e.xreplace(env).xreplace(values)) if isinstance(e, Basic) else e
                sides.append(v)
        except (ZeroDivisionError, NonInvertibleMatrixError):
            continue  # outside the claim's domain at these sizes (XᵀX singular when X is wide)
        except (TypeError, ValueError, NotImplementedError, AttributeError) as exc:
            raise _NotInstantiable(f"cannot write the claim out at sizes {sizes}: {type(exc).__name__}") from exc
        label = ", ".join(f"{d} = {v}" for d, v in sizes.items())
        cons = [c.xreplace(env) for c in constraints]
        cons += _structure_equalities(wrt, entries, properties)
        shape_info = {str(m.name): list(shapes[m]) for m in mats}
        if wrt is not None:
            objective = sides[0][0, 0] if hasattr(sides[0], "shape") else sides[0]
            claim = sides[1]
            picked = list(entries)
            if len(picked) > max_entries:
                picked = [picked[i] for i in sorted(rng.sample(range(len(picked)), max_entries))]
            for (i, j) in picked:
                cij = claim[i, j] if hasattr(claim, "shape") else claim
                out.append(Instance([objective, cij], entries[(i, j)], cons,
                                    f"{label}, entry ({i + 1}, {j + 1}) of {wrt.name}", {},
                                    {"point": {str(d): v for d, v in sizes.items()}, "shapes": shape_info,
                                     "entry": f"{wrt.name}[{i + 1},{j + 1}]"}))
        else:
            lhs, rhs = sides
            shape = lhs.shape if hasattr(lhs, "shape") else (1, 1)
            for i in range(shape[0]):
                for j in range(shape[1]):
                    a = lhs[i, j] if hasattr(lhs, "shape") else lhs
                    b = rhs[i, j] if hasattr(rhs, "shape") else rhs
                    out.append(Instance([a, b], None, cons, f"{label}, entry ({i + 1}, {j + 1})", {},
                                        {"point": {str(d): v for d, v in sizes.items()}, "shapes": shape_info,
                                         "entry": f"[{i + 1},{j + 1}]"}))
    return out


def _structure_equalities(wrt, entries: dict, properties: dict) -> list[Basic]:
    """A gradient with respect to a symmetric (or diagonal) matrix is taken entry by entry at
    points that have the property: the entries are tied by equalities the sampler solves."""
    kind = properties.get(wrt) or getattr(wrt, "structure", None) if wrt is not None else None
    out: list[Basic] = []
    if kind in ("symmetric", "spd"):
        out = [sympy.Eq(entries[(j, i)], entries[(i, j)]) for (i, j) in entries if i < j]
    elif kind == "diagonal":
        out = [sympy.Eq(entries[(i, j)], 0) for (i, j) in entries if i != j]
    return out


class _NotInstantiable(ValueError):
    """A matrix claim that cannot be written out entry by entry."""
