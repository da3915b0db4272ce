r"""Differentiation that shows its work, one rule level a line.

:func:`differentiation_steps` starts from an unevaluated d/dx f and, line by line, applies one rule
to every derivative still pending (sum rule, constant multiple, product, quotient, power and chain
rules, the derivative of exp and log, and the closed-form derivative of each vocabulary function),
until none is left.  Derivatives of constants and of linear terms are done in place, so lines show
only real work.  Each line records the rules used, in the order a reader meets them.

>>> from sympy import Symbol, exp
>>> x = Symbol("x", real=True)
>>> steps = differentiation_steps(1/(1 + exp(-x)), x)
>>> [s.rule for s in steps]
['power rule, chain rule, sum rule', 'derivative of exp, chain rule']
>>> steps[-1].expr
exp(-x)/(1 + exp(-x))**2
"""

from __future__ import annotations

import sympy
from sympy import Add, Derivative, Expr, Function, Mul, Pow, S, Symbol, exp, log

from ..vocabulary import NNFunction
from .derivation import Step


class _Rules:
    """The rule names used in one line, in order, without repeats."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def add(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def text(self) -> str:
        return ", ".join(self.names)


def _is_linear(g: Expr, x: Symbol) -> bool:
    """g = a·x + b with a, b free of x (then dg/dx = a needs no line of its own)."""
    if not g.has(x):
        return True
    try:
        poly = sympy.Poly(g, x)
    except sympy.PolynomialError:
        return False
    return poly.degree() <= 1 and not any(c.has(x) for c in poly.coeffs())


def _pending(g: Expr, x: Symbol, rules: _Rules) -> Expr:
    """d/dx g, left pending unless it is immediate.

    Constants and linear terms are differentiated at once, and linearity (sum rule, constant
    multiple rule) is applied in the same line, so that a pending derivative is always of a
    product, quotient, power or function.
    """
    if not g.has(x):
        return S.Zero
    if g == x:
        return S.One
    if _is_linear(g, x):
        return sympy.diff(g, x)
    if isinstance(g, Add):
        rules.add("sum rule")
        return Add(*[_pending(t, x, rules) for t in g.args])
    if isinstance(g, Mul):
        const, dep = g.as_independent(x, as_Add=False)
        if const != 1:
            rules.add("constant multiple rule")
            return const * _pending(dep, x, rules)
    return Derivative(g, x)


def _function_name(f: Expr) -> str:
    if isinstance(f, NNFunction):
        return f"derivative of {f.display_name or f.func.__name__}"
    if isinstance(f, exp):
        return "derivative of exp"
    if isinstance(f, log):
        return "derivative of log"
    return f"derivative of {f.func.__name__}"


def _one_level(g: Expr, x: Symbol, rules: _Rules) -> Expr:
    """Apply the rule for g's outermost operation; inner derivatives stay pending."""
    if not g.has(x):
        return S.Zero
    if isinstance(g, Mul):
        factors = g.args
        numer = [f for f in factors if not (f.is_Pow and f.exp.is_negative)]
        denom = [1 / f for f in factors if f.is_Pow and f.exp.is_negative]
        if denom and numer:
            rules.add("quotient rule")
            u, v = Mul(*numer), Mul(*denom)
            return (v * _pending(u, x, rules) - u * _pending(v, x, rules)) / v**2
        rules.add("product rule")
        terms = []
        for i, f in enumerate(factors):
            rest = Mul(*(factors[:i] + factors[i + 1 :]))
            terms.append(rest * _pending(f, x, rules))
        return Add(*terms)
    if isinstance(g, Pow):
        base, e = g.args
        if not e.has(x):
            rules.add("power rule")
            if base != x:
                rules.add("chain rule")
            # one Mul of all three factors: SymPy would distribute e over a sum multiplied alone
            return Mul(e, base ** (e - 1), _pending(base, x, rules))
        if not base.has(x):
            rules.add("exponential rule")
            return g * log(base) * _pending(e, x, rules)
        rules.add("logarithmic differentiation")
        return sympy.diff(g, x)
    if isinstance(g, Function) and len(g.args) == 1:
        (u,) = g.args
        rules.add(_function_name(g))
        if u != x:
            rules.add("chain rule")
        outer = g.fdiff(1) if not isinstance(g, log) else 1 / u
        return outer * _pending(u, x, rules)
    if isinstance(g, Function) and all(hasattr(g, "fdiff") for _ in (0,)):
        rules.add(_function_name(g))
        rules.add("chain rule")
        total = S.Zero
        for i, u in enumerate(g.args, start=1):
            if u.has(x):
                total += g.fdiff(i) * _pending(u, x, rules)
        return total
    rules.add("differentiation")  # pragma: no cover - exotic nodes
    return sympy.diff(g, x)  # pragma: no cover


def differentiation_steps(expr: Expr, x: Symbol, max_lines: int = 60) -> list[Step]:
    """The lines of d/dx ``expr``, each with the rules it applies; the last has no derivative left.

    ``max_lines`` guards against pathological depth: after it, the rest is done in one line
    ("remaining derivatives").
    """
    first = _Rules()
    current: Expr = _pending(expr, x, first)
    steps: list[Step] = []
    if first.names or not current.has(Derivative):
        rule = first.text() or ("derivative of a constant" if not expr.has(x) else "derivative of a linear term")
        steps.append(Step(current, rule, rule))
    while current.has(Derivative):
        rules = _Rules()
        pending = [d for d in current.atoms(Derivative) if d.variables == (x,)]
        if len(steps) >= max_lines or not pending:
            current = current.doit()
            steps.append(Step(current, "differentiation", "remaining derivatives"))
            break
        replacement = {d: _one_level(d.expr, x, rules) for d in pending}
        current = current.xreplace(replacement)
        steps.append(Step(current, rules.text(), rules.text()))
    return steps


__all__ = ["differentiation_steps"]
