r"""The one numeric witness for scalar, indexed and matrix claims.

Pipeline: a **strategy** (:mod:`.instances`) turns the claim into concrete scalar problems
(class counts, index values, matrix sizes); the **sampler** (:mod:`.sampler`) draws exact points
inside the assumptions; the **comparison** (:mod:`.compare`) evaluates truth and claim on a ladder
of precisions and confirms every disagreement.  The symbolic side's case splits at kinks live in
:mod:`.cases`; exact inputs in :mod:`.exact`.

>>> from sympy import Symbol
>>> from symnn.vocabulary import relu
>>> x = Symbol("x", real=True)
>>> r = witness(relu(x - 15), 0, wrt=x)
>>> r.status, r.counterexample["point"]["x"] > 15
('counterexample', True)
"""

from __future__ import annotations

import time
from typing import Sequence

import sympy
from sympy import Basic, Expr, Symbol

from .compare import WitnessResult, compare
from .instances import Instance, indexed_instances, scalar_instance
from .sampler import kink_points, sample


#: Seconds for all the instances of one claim (what is compared by then is the evidence).
WITNESS_SECONDS = 12.0


def _symbols(inst: Instance) -> list[Symbol]:
    found: set = set()
    for e in inst.exprs + inst.constraints:
        found |= {s for s in e.free_symbols if isinstance(s, Symbol)}
    if inst.wrt is not None:
        found.add(inst.wrt)
    return sorted(found, key=lambda s: (s.name, sympy.srepr(s)))


def _is_indexed(exprs: Sequence[Expr]) -> bool:
    from ..indexed import IndexedFunction

    return any(e.has(sympy.Sum) or e.has(sympy.KroneckerDelta) or e.atoms(IndexedFunction) or
               any(not all(i.is_Integer for i in ix.indices) for ix in e.atoms(sympy.Indexed)) for e in exprs)


def witness(expr: Expr, claim: Expr, wrt=None, order: int = 1, constraints: Sequence[Basic] = (),
            seed: int = 0, instances: Sequence[Instance] | None = None, quick: bool = False) -> WitnessResult:
    """Compare d^order expr / d wrt^order (``expr`` itself when ``wrt`` is None) with ``claim`` at
    the instances of the claim's kind (default: scalar or indexed, detected), every instance at
    the sampler's points.

    ``quick``: the confirmation of a symbolic proof, not the search for evidence — an indexed
    claim at a few instances (the smallest class count and the values the claim singles out),
    each at a few points; a scalar claim at 8 points and 12 special values.  Its result is not
    ``complete``: the full search can still find what it did not."""
    claim = sympy.S.Zero if claim == 0 else claim
    exprs = [expr, claim]
    scalar = False
    if instances is None:
        if _is_indexed(exprs + list(constraints) + ([wrt] if wrt is not None else [])):
            instances = indexed_instances(exprs, wrt, list(constraints), seed=seed, quick=quick)
        else:
            instances = [scalar_instance(exprs, wrt, list(constraints))]
            scalar = True
    # points and special values per instance: few when confirming or when there are many instances
    if quick:
        count, max_special = (8, 12) if scalar else (3, 2)
    elif len(instances) > 1:
        count, max_special = 4, 4
    else:
        count, max_special = 14, 40
    tried, worst, evidence = 0, 0.0, {"instances": len(instances)}
    domain: list[str] = []
    regions: list[str] = []
    unresolved = 0
    deadline = time.monotonic() + WITNESS_SECONDS
    for n, inst in enumerate(instances):
        if time.monotonic() > deadline:
            evidence["stopped"] = f"time budget of {WITNESS_SECONDS:g} s reached after {n} of {len(instances)} instances"
            break
        if any(c is sympy.false for c in inst.constraints):
            continue
        e, c = inst.exprs
        symbols = _symbols(inst)
        avoid = [(inst.wrt, k) for k in kink_points([e], inst.wrt)] if inst.wrt is not None else []
        s = sample(symbols, [e, c], inst.constraints, seed=seed + n, avoid_exact=avoid,
                   count=count, max_special=max_special)
        domain += [d for d in s.domain if d not in domain]
        regions += [r for r in s.regions if r not in regions]
        r = compare(e, c, symbols, s.points, wrt=inst.wrt, order=order, names=inst.names)
        unresolved += r.unresolved
        if r.status == "counterexample":
            if inst.label:
                r.counterexample["instance"] = inst.label
                r.message += f" (instance {inst.label})"
            for key, value in inst.context.items():
                if key == "point":
                    r.counterexample["point"].update(value)
                else:
                    r.counterexample[key] = value
            r.evidence.update(evidence, domain=domain, regions=regions)
            r.complete = not quick
            return r
        if r.status == "agree":
            tried += r.points_tried
            worst = max(worst, r.max_rel_error or 0.0)
    evidence.update(points=tried, domain=domain, regions=regions)
    if unresolved:
        evidence["unresolved"] = unresolved
    complete = not quick
    if not tried:
        return WitnessResult("no_points", 0, None, None,
                             "no point inside the assumptions and the domain could be evaluated", evidence, unresolved,
                             complete)
    where = f" over {len(instances)} instances" if len(instances) > 1 else ""
    return WitnessResult("agree", tried, worst, None,
                         f"the numbers agree at {tried} exact points{where}", evidence, unresolved, complete)


__all__ = ["witness", "WitnessResult", "compare", "sample"]
