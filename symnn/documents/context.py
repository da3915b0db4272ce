r"""What a document has said so far: definitions, values, its own functions, undefined quantities.

The context turns a member of a chain (LaTeX text) into a SymPy expression.  Derivative fractions
are read with the meaning of a computational graph: ``\frac{\partial C}{\partial a}`` is the
derivative of the defined ``C`` with respect to ``a`` after substituting the definitions that lead
from ``C`` down to ``a`` (and no further); a quantity that is never defined stays an opaque symbol
(``dC/da``), so the chain rule around it is still checked.

>>> ctx = Context()
>>> ctx.define_from(*ctx.read_pair("z", "w x + b"))
>>> ctx.define_from(*ctx.read_pair("C", r"\frac{1}{2}(\sigma(z) - y)^2"))
>>> ctx.expr(r"\frac{\partial C}{\partial b}") == ctx.expr(r"(\sigma(w x + b) - y) \sigma'(w x + b)")
True
>>> ctx.expr(r"\frac{\partial L}{\partial a}")
dL/da
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import sympy
from sympy import Expr, Indexed, IndexedBase, Symbol

from ..errors import BudgetExceeded, SymnnInputError
from ..latex.parser import parse_latex
from .macros import Macros
from .notation import Unreadable, expand_dots, matching, normalize

#: Base of the placeholders put into the text in place of constructs read by the context.
PLACEHOLDER = "Xi"
MAX_EXPANSION = 30

_KNOWN_WORDS = {"softmax", "ReLU", "relu", "softplus", "sigmoid", "tanh", "exp", "log", "ln", "sig", "sin", "cos", "tan",
                "max", "min", "det", "tr", "sgn", "sign", "GELU", "SiLU", "ELU", "erf", "lim", "sup", "inf", "arg",
                "argmax", "argmin", "mod", "bmod", "text", "mathrm", "mathbf", "boldsymbol", "hat", "frac", "sqrt",
                "left", "right", "cdot", "times", "sum", "prod", "partial", "mathbb", "mathcal", "operatorname",
                "Sigma", "sigma", "Delta", "delta", "alpha", "beta", "gamma", "theta", "lambda", "eta", "omega",
                "epsilon", "varepsilon", "phi", "varphi", "psi", "tau", "rho", "mu", "nu", "xi", "zeta", "kappa",
                "ell", "nabla", "infty", "approx", "quad", "qquad", "odot", "otimes", "top", "prime", "dots", "vec",
                "bar", "tilde", "mathsf", "mathit", "circ", "pi", "Pi", "chi", "iota", "upsilon", "Gamma", "Theta",
                "Lambda", "Omega", "Phi", "Psi", "Xi", "leq", "geq", "neq", "begin", "end", "cases", "bmatrix",
                "mathrm", "limits", "big", "Big", "bigg", "Bigg", "exp"}

_LABEL_SUP = r"(?:\^\{?\s*(?:\+|\*|\\ell|L|\\prime)\s*\}?|\^\{\s*(?:\\ell|L|l)\s*[+-]\s*\d\s*\}|\^\{\s*\([^{}]*\)\s*\}|\^\{\s*\[[^{}]*\]\s*\}|\^\s*\([^()]*\)|'(?!\s*\())"
_ATOM_BASE = r"(?:\\hat\{[A-Za-z]\}|\\(?:mathbf|boldsymbol|vec|bar|tilde)\{\\?[A-Za-z]+\}|\\(?:alpha|beta|gamma|delta|theta|omega|eta|lambda|mu|phi|psi|tau|epsilon|xi|zeta|rho|Delta|nabla)(?![A-Za-z])|(?<![\\A-Za-z])[A-Za-df-zA-Z])"
_SUB = r"(?:_\{[^{}]*\}|_[A-Za-z0-9])?"
_LABELLED = re.compile("(" + _ATOM_BASE + ")(" + _SUB + ")(" + _LABEL_SUP + ")(" + _SUB + ")")
_NAME = re.compile(r"(?<![\\A-Za-z{])([A-Za-z]{3,}|[A-Z][a-z]+)(?![A-Za-z])(_\{[^{}]*\}|_[A-Za-z0-9])?")
_FUNC_DEF = re.compile(r"^\s*(\\?[A-Za-z]+|\\sigma)\s*\(([^()]*)\)\s*$")


def _plain_name(text: str) -> str:
    """A readable name for a piece of notation (``w_{11}^{+}`` -> ``w_11^+``)."""
    t = re.sub(r"\\(?:mathbf|boldsymbol|vec|bar|tilde|mathrm|text)\{([^{}]*)\}", r"\1", text)
    t = re.sub(r"\\hat\{([^{}]*)\}", r"\1hat", t)
    t = t.replace("\\", "").replace("{", "").replace("}", "").replace(" ", "")
    return t


@dataclass
class Context:
    """Definitions and values in force at a point of the document (reset at each heading)."""

    defs: dict = field(default_factory=dict)        # Symbol | Indexed -> Expr (structural)
    families: dict = field(default_factory=dict)    # base name -> (index symbols, Expr)
    functions: dict = field(default_factory=dict)   # name -> (parameters, body)
    values: dict = field(default_factory=dict)      # Symbol | Indexed -> (number, "given" | "result")
    opaque: set = field(default_factory=set)        # symbols standing for undefined derivatives
    macros: Macros = field(default_factory=Macros)
    e_variable: bool = False
    sigma_argument: str | None = None                # the argument of a bare σ in the current chain
    guesses: list = field(default_factory=list)      # readings that are guesses (reported)
    assume: tuple = ()                               # the user's constraints (LaTeX), for the verifier

    def fresh(self) -> "Context":
        """A context for a new section: the document's macros and notation habits, no definitions."""
        return Context(macros=self.macros, e_variable=self.e_variable, assume=self.assume)

    def snapshot(self) -> "Context":
        return copy.copy(self)

    # ------------------------------------------------------------------ reading text

    def expr(self, text: str) -> Expr:
        """The member ``text`` as a SymPy expression (raises :class:`Unreadable`)."""
        t = normalize(self.macros.expand(text))
        if "\\dots" in t:
            t = expand_dots(t)
        if re.search(r"\^\s*(?:\{[^{}]*(?:T|\\top|\\intercal)\s*\}|T(?![A-Za-z])|\\top)", t):
            raise Unreadable("matrix notation (a transpose) is not read by lint yet")
        if "\\nabla" in t or "\\vdots" in t or "\\ddots" in t:
            raise Unreadable("vector notation (∇, ⋮) is not read by lint yet")
        if PLACEHOLDER in t:
            raise Unreadable("the text already uses \\Xi")
        slots: dict[int, Expr] = {}
        t = self._derivatives(t, slots)
        t = self._functions(t, slots)
        t = self._bare_sigma(t, slots)
        t = self._increments(t, slots)
        t = self._labelled(t, slots)
        t = self._names(t, slots)
        if self.e_variable:  # e is a quantity of the text (a residual); e^{-x} stays the exponential
            t = re.sub(r"(?<![\\A-Za-z{])e(?![A-Za-z_{])(?!\s*\^\s*\{?\s*-?\s*[A-Za-z\\(])",
                       lambda m: self._slot(slots, Symbol("e", real=True)), t)
        try:
            e = parse_latex(t)
        except SymnnInputError as exc:
            raise Unreadable(f"cannot parse {text.strip()!r}: {exc.problem}") from None
        return self._fill(e, slots)

    def _slot(self, slots: dict, value: Expr) -> str:
        k = len(slots) + 1
        slots[k] = value
        return r" \Xi_{" + str(k) + "} "

    def _fill(self, e: Expr, slots: dict) -> Expr:
        if not slots:
            return e
        rep = {}
        for a in e.atoms(Indexed):
            if a.base.label.name == PLACEHOLDER and len(a.indices) == 1 and a.indices[0].is_Integer:
                rep[a] = slots[int(a.indices[0])]
        return e.xreplace(rep)

    # derivative fractions ------------------------------------------------------------

    def _derivatives(self, t: str, slots: dict) -> str:
        out, i = [], 0
        for m in re.finditer(r"\\frac\s*\{", t):
            if m.start() < i:
                continue
            a_end = matching(t, m.end() - 1)
            if a_end < 0:
                continue
            num = t[m.end():a_end - 1]
            j = a_end
            while j < len(t) and t[j] == " ":
                j += 1
            if j >= len(t) or t[j] != "{":
                continue
            b_end = matching(t, j)
            den = t[j + 1:b_end - 1]
            dn = re.match(r"\s*(\\partial|\\mathrm\{d\}|d(?![a-zA-Z]{2}))\s*(\^\{?(\d)\}?)?", num)
            dd = re.match(r"\s*(\\partial|\\mathrm\{d\}|d(?=\s*[a-zA-Z\\]))", den)
            if not (dn and dd):
                continue
            order = int(dn.group(3) or 1)
            a_text = num[dn.end():].strip()
            b_text = den[dd.end():].strip()
            end = b_end
            if order > 1:
                b_text = re.sub(r"\^\{?\s*" + str(order) + r"\s*\}?\s*$", "", b_text)
            if not a_text:  # operator form \frac{\partial}{\partial x} (...)
                k = end
                while k < len(t) and t[k] == " ":
                    k += 1
                fn = re.match(r"(\\[A-Za-z]+|[A-Za-z])\s*('*)\s*(\^\s*\{?[^{}()]*\}?)?\s*\(", t[k:])
                if k < len(t) and t[k] == "(":
                    close = matching(t, k, "(", ")")
                    if close < 0:
                        raise Unreadable("unbalanced parenthesis after a derivative operator")
                    a_text, end = t[k + 1:close - 1], close
                    pw = re.match(r"\s*\^\s*(\{[^{}]*\}|\w)", t[end:])
                    if pw:
                        a_text, end = "(" + a_text + ")" + pw.group(0), end + pw.end()
                elif fn:  # \frac{d}{dx} \tanh(x): the operand is the function application
                    close = matching(t, k + fn.end() - 1, "(", ")")
                    if close < 0:
                        raise Unreadable("unbalanced parenthesis after a derivative operator")
                    a_text, end = t[k:close], close
                else:
                    raise Unreadable("a derivative operator without a parenthesized operand")
            out.append(t[i:m.start()])
            out.append(self._slot(slots, self.derivative(a_text, b_text, order)))
            i = end
        out.append(t[i:])
        return "".join(out)

    def derivative(self, a_text: str, b_text: str, order: int = 1) -> Expr:
        """∂^order A / ∂B^order with the definitions in force (see the module docstring)."""
        if _plain_name(a_text) == _plain_name(b_text) and order == 1:
            return sympy.Integer(1)
        a = self.expr(a_text)
        v = self.expr(b_text)
        if self._is_undefined_name(a):
            atom = Symbol(f"d{_plain_name(a_text)}/d{_plain_name(b_text)}" + (f"^{order}" if order > 1 else ""), real=True)
            self.opaque.add(atom)
            return self.defs.get(atom, atom)
        if not isinstance(v, (Symbol, Indexed)):
            return self._derivative_by_expression(a, v, order, b_text)
        e = self.expand_towards(a, v)
        self._check_indices(e, v, b_text)
        if isinstance(v, Indexed):
            e = _rename_dummies(e, set().union(*[i.free_symbols for i in v.indices]))
        d = sympy.diff(e, v, order)
        d = _in_range(_sum_out(d))
        if d == 0 and (isinstance(a, (Symbol, Indexed)) or _plain_name(b_text) in _plain_name(a_text)
                       or (e.free_symbols and v not in quantities(e))):
            raise Unreadable(f"{_plain_name(a_text)} does not depend on {_plain_name(b_text)} as written")
        return d

    def _derivative_by_expression(self, a: Expr, v: Expr, order: int, b_text: str) -> Expr:
        free = {q for q in quantities(v)}
        e = a
        for q in free:
            e = self.expand_towards(e, q)
        t = sympy.Dummy("t")
        e2 = e.xreplace({v: t})
        if any(q in quantities(e2) for q in free):
            raise Unreadable(f"cannot differentiate with respect to {b_text.strip()}: it is not a variable here")
        return sympy.diff(e2, t, order).xreplace({t: v})

    def _check_indices(self, e: Expr, v: Expr, b_text: str) -> None:
        """The same family with other free indices (``y`` vs ``y_j``) makes the derivative ambiguous."""
        bound = set()
        for s in e.atoms(sympy.Sum):
            bound |= {lim[0] for lim in s.limits}
        name = v.base.label.name if isinstance(v, Indexed) else v.name
        for q in quantities(e):
            qname = q.base.label.name if isinstance(q, Indexed) else q.name
            if qname != name or q == v:
                continue
            if isinstance(q, Indexed) and isinstance(v, Indexed) and all(
                    i.is_Integer for i in (*q.indices, *v.indices)):
                continue  # two different entries, w_21 and w_23
            if isinstance(q, Indexed) and isinstance(v, Indexed) and any(i in bound for i in q.indices):
                continue
            raise Unreadable(f"the derivative with respect to {b_text.strip()} is ambiguous: "
                             f"{qname} also appears as {q}")

    def _is_undefined_name(self, a: Expr) -> bool:
        """A quantity without a formula (a number given for it does not say what it depends on)."""
        if isinstance(a, (Symbol, Indexed)):
            return self.definition(a) is None
        if isinstance(a, sympy.core.function.AppliedUndef):
            return True
        return False

    # the document's functions ------------------------------------------------------------

    def _functions(self, t: str, slots: dict) -> str:
        t = self._unknown_functions(t, slots)
        names = [n for n in self.functions if not n.startswith("\\")]
        if not names:
            return t
        pat = re.compile(r"(?<![\\A-Za-z])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                         + r")\s*('*)\s*\(")
        out, i = [], 0
        for m in pat.finditer(t):
            if m.start() < i:
                continue
            close = matching(t, m.end() - 1, "(", ")")
            if close < 0:
                raise Unreadable("unbalanced parenthesis")
            args_text = t[m.end():close - 1]
            params, body = self.functions[m.group(1)]
            args = [self.expr(a) for a in _split_args(args_text)] if params else []
            if len(args) != len(params):
                raise Unreadable(f"{m.group(1)} takes {len(params)} argument(s)")
            order = len(m.group(2))
            value = body
            if order:
                if len(params) != 1:
                    raise Unreadable(f"{m.group(1)}' of a function of several variables")
                value = sympy.diff(body, params[0], order)
            for p_, a_ in zip(params, args):
                if isinstance(p_, Symbol) and p_ != a_ and any(
                        isinstance(q, Indexed) and q.base.label.name == p_.name for q in quantities(body)):
                    raise Unreadable(f"{m.group(1)} is written with the entries of {p_.name}; "
                                     f"{m.group(1)}({args_text.strip()}) is not read")
            value = value.xreplace(dict(zip(params, args)))
            out.append(t[i:m.start()])
            out.append(self._slot(slots, value))
            i = close
        out.append(t[i:])
        return "".join(out)

    def _unknown_functions(self, t: str, slots: dict) -> str:
        """``f(z)``, ``g(x)`` for functions the text never defines: opaque applications, never f·z."""
        out, i = [], 0
        for m in re.finditer(r"(?<![\\A-Za-z_^{])([fgA-Z])(\()", t):
            if m.start() < i or m.group(1) in self.functions:
                continue
            key = Symbol(m.group(1), real=True)
            if key in self.defs or key in self.values:
                continue
            close = matching(t, m.start(2), "(", ")")
            if close < 0:
                raise Unreadable("unbalanced parenthesis")
            args = [self.expr(a) for a in _split_args(t[m.end():close - 1])]
            out.append(t[i:m.start()])
            out.append(self._slot(slots, sympy.Function(m.group(1), real=True)(*args)))
            i = close
        out.append(t[i:])
        return "".join(out)

    def _bare_sigma(self, t: str, slots: dict) -> str:
        """σ without an argument means σ(arg) for the argument of the chain (a guess, reported)."""
        if not re.search(r"\\sigma(?![A-Za-z])(?!\s*'?\s*\()(?!\s*\^\s*\{?[-\d]+\}?\s*\()(?!\s*_)", t):
            return t
        arg = self.sigma_argument or "x"
        if "\\sigma" in arg or not re.fullmatch(r"[\w\\{}^_ +\-]*", arg):
            arg = "x"
        value = parse_latex(r"\sigma(" + arg + ")") if arg == "x" else self.expr(r"\sigma(" + arg + ")")
        self.guesses.append(f"σ without an argument read as σ({arg})")
        return re.sub(r"\\sigma(?![A-Za-z])(?!\s*')(?!\s*_)", lambda m: self._slot(slots, value), t)

    def _increments(self, t: str, slots: dict) -> str:
        r"""``\Delta w_{11}`` is one quantity (the increment of w_11), not Δ times w_11."""
        def rep(m: re.Match) -> str:
            try:
                core = parse_latex(m.group(1) + (m.group(2) or ""))
            except SymnnInputError:
                raise Unreadable(f"cannot read {m.group(0)!r}") from None
            if isinstance(core, Indexed):
                return self._slot(slots, IndexedBase(f"Delta_{core.base.label.name}", real=True)[core.indices])
            if isinstance(core, Symbol):
                return self._slot(slots, Symbol(f"Delta_{core.name}", real=True))
            raise Unreadable(f"cannot read {m.group(0)!r}")

        return re.sub(r"\\Delta\s*(\\[a-z]+(?![A-Za-z])|[A-Za-z])(_\{[^{}]*\}|_[A-Za-z0-9])?", rep, t)

    def _labelled(self, t: str, slots: dict) -> str:
        def rep(m: re.Match) -> str:
            base, sub, label, sub2 = m.group(1), m.group(2), m.group(3), m.group(4)
            sub = sub or sub2
            label_name = _plain_name(label).lstrip("^")
            try:
                core = parse_latex(base + sub) if sub else parse_latex(base)
            except SymnnInputError:
                raise Unreadable(f"cannot read {m.group(0)!r}") from None
            if isinstance(core, Indexed):
                value = IndexedBase(f"{core.base.label.name}^{label_name}", real=True)[core.indices]
            elif isinstance(core, Symbol):
                value = Symbol(f"{core.name}^{label_name}", real=True)
            else:
                raise Unreadable(f"cannot read {m.group(0)!r}")
            return self._slot(slots, self.definition(value) if False else value)

        return _LABELLED.sub(rep, t)

    def _names(self, t: str, slots: dict) -> str:
        def rep(m: re.Match) -> str:
            word, sub = m.group(1), m.group(2) or ""
            if word in _KNOWN_WORDS or t[max(0, m.start() - 1):m.start()] == "\\":
                return m.group(0)
            before = t[:m.start()]
            if re.search(r"\\(?:mathrm|text|operatorname|mathbb|mathcal|begin|end)\{$", before):
                return m.group(0)
            if sub:
                core = parse_latex("z" + sub)
                if isinstance(core, Indexed) and not all(i.is_Integer for i in core.indices):
                    return self._slot(slots, IndexedBase(word, real=True)[core.indices])
                return self._slot(slots, Symbol(word + "_" + "".join(str(i) for i in getattr(core, "indices", ())),
                                                real=True))
            return self._slot(slots, Symbol(word, real=True))

        return _NAME.sub(rep, t)

    # ------------------------------------------------------------------ definitions

    def read_pair(self, lhs_text: str, rhs_text: str):
        """(lhs key, rhs expression, function parameters or None) of ``LHS = RHS``."""
        m = _FUNC_DEF.match(normalize(lhs_text))
        if m and not re.fullmatch(r"\s*", m.group(2)):
            name = m.group(1)
            if name in ("\\sigma", "\\tanh", "\\exp", "\\log", "\\ln", "\\max", "\\min", "\\mathrm"):
                return None
            name = name.lstrip("\\")
            if name in ("sig", "sigmoid", "exp", "log", "ln", "max", "min", "softmax", "ReLU", "tanh"):
                return None
            params_text = _split_args(m.group(2))
            if "\\dots" in m.group(2) or "..." in m.group(2):
                return Symbol(name, real=True), self.expr(rhs_text), None
            params = [self.expr(p) for p in params_text]
            if all(isinstance(p, (Symbol, Indexed, sympy.MatrixSymbol)) for p in params):
                return name, self.expr(rhs_text), params
            return None
        key = self.expr(lhs_text)
        return key, self.expr(rhs_text), None

    def define_from(self, key, value: Expr, params=None) -> None:
        """Record ``key := value`` (a function when ``params`` is given)."""
        if params is not None:
            self.functions[key] = (params, value)
            # the bare name stands for the function of its variables: f(x, y) = ... makes ∂f/∂x readable
            self.defs[Symbol(key, real=True)] = value
            return
        if isinstance(key, Indexed) and all(isinstance(i, Symbol) and not i.is_Integer for i in key.indices):
            self.families[key.base.label.name] = (key.indices, value)
        if _is_number(value):
            self.values[key] = (value, "given")
            self.defs.pop(key, None)
        else:
            self.defs[key] = value

    def definition(self, q: Expr) -> Expr | None:
        """The structural definition of a quantity (a family instantiated at its indices)."""
        if q in self.defs:
            return self.defs[q]
        if isinstance(q, Indexed):
            fam = self.families.get(q.base.label.name)
            if fam and len(fam[0]) == len(q.indices):
                idx, body = fam
                if tuple(idx) == tuple(q.indices):
                    return body
                return body.xreplace(dict(zip(idx, q.indices)))
        return None

    def is_defined(self, q: Expr) -> bool:
        return self.definition(q) is not None or q in self.values or (isinstance(q, str) and q in self.functions)

    # ------------------------------------------------------------------ substitution

    def expand(self, e: Expr) -> Expr:
        """Every structural definition substituted (bounded; a cycle is an error)."""
        for _ in range(MAX_EXPANSION):
            rep = {}
            for q in quantities(e):
                d = self.definition(q)
                if d is not None and d != q:
                    rep[q] = d
            if not rep:
                return e
            e = e.xreplace(rep)
        raise Unreadable("the definitions refer to each other in a circle")

    def depends(self, q: Expr, v: Expr, depth: int = 0) -> bool:
        """Does the definition of ``q`` mention ``v``, directly or through other definitions?"""
        d = self.definition(q)
        if d is None or depth > MAX_EXPANSION:
            return False
        qs = quantities(d)
        if v in qs or (isinstance(v, Symbol) and v in d.free_symbols):
            return True
        if isinstance(v, Indexed) and any(isinstance(r, Indexed) and r.base == v.base for r in qs):
            return True  # an entry of a family summed over (Σ_q w_q^2 and w_1)
        return any(self.depends(r, v, depth + 1) for r in qs if r != q)

    def expand_towards(self, e: Expr, v: Expr) -> Expr:
        """Substitute the definitions of the quantities that depend on ``v`` (never ``v`` itself)."""
        for _ in range(MAX_EXPANSION):
            rep = {q: self.definition(q) for q in quantities(e) if q != v and self.depends(q, v)}
            if not rep:
                return e
            e = e.xreplace(rep)
        raise Unreadable("the definitions refer to each other in a circle")

    def value(self, e: Expr, exact: bool = True) -> tuple[Expr | None, bool]:
        """``(number, from_given_only)``: the number ``e`` stands for, from the values in the text.

        The number is None when a value is missing.  ``exact=True`` prefers definitions over the
        printed (possibly rounded) results of earlier chains; ``from_given_only`` is False when a
        printed result had to be used."""
        pure = True
        for _ in range(MAX_EXPANSION):
            qs = quantities(e)
            if not qs:
                return e, pure
            rep = {}
            for q in qs:
                d = self.definition(q)
                val = self.values.get(q)
                if val is not None and val[1] == "given":
                    rep[q] = val[0]
                elif exact and d is not None:
                    rep[q] = d
                elif val is not None:
                    rep[q] = val[0]
                    pure = False
                elif d is not None:
                    rep[q] = d
                else:
                    return None, False
            e = _sum_out(e.xreplace(rep))
        return None, False


def quantities(e: Expr) -> set:
    """The named quantities of ``e``: symbols (not bound indices) and indexed entries."""
    if not isinstance(e, sympy.Basic):
        return set()
    out = set(e.atoms(Indexed))
    bound = set()
    for s in e.atoms(sympy.Sum):
        bound |= {lim[0] for lim in s.limits}
    index_syms = set()
    for a in out:
        for i in a.indices:
            index_syms |= i.free_symbols
    base_syms = {a.base.label for a in out}
    for s in e.free_symbols:
        if isinstance(s, Symbol) and s not in index_syms and s not in bound and s not in base_syms:
            out.add(s)
    return {q for q in out if not (isinstance(q, Indexed) and q.base.label.name == PLACEHOLDER)}


def _is_number(e: Expr) -> bool:
    return isinstance(e, sympy.Basic) and not quantities(e) and not e.free_symbols


def _sum_out(e: Expr) -> Expr:
    """Sums with numeric bounds written out; Kronecker deltas summed."""
    if not isinstance(e, sympy.Basic) or not e.has(sympy.Sum):
        return e
    def rep(s):
        lo, hi = s.limits[0][1], s.limits[0][2]
        if lo.is_Integer and hi.is_Integer and 0 <= hi - lo <= 50:
            return s.doit()
        if s.has(sympy.KroneckerDelta):
            try:
                return s.doit()
            except Exception:  # noqa: BLE001 - keep the sum when SymPy cannot sum it
                return s
        return s
    return e.replace(lambda x: isinstance(x, sympy.Sum), rep)


def _rename_dummies(e: Expr, avoid: set) -> Expr:
    """Summation indices renamed away from the free indices ``avoid`` (Σ_h w_hj b_h vs w_hj)."""
    def rep(s):
        var = s.limits[0][0]
        if var not in avoid:
            return s
        new = sympy.Symbol(var.name + "'", integer=True)
        return s.xreplace({var: new})
    return e.replace(lambda x: isinstance(x, sympy.Sum), rep) if e.has(sympy.Sum) else e


def _in_range(e: Expr) -> Expr:
    """``Piecewise((b_h, 1 <= h <= n), (0, True))`` from summing a Kronecker delta: indices are
    read as lying in their range (the text's reading)."""
    if not e.has(sympy.Piecewise):
        return e
    def rep(p):
        expr, cond = p.args[0]
        if all(isinstance(a, (sympy.core.relational.Relational,)) for a in sympy.And.make_args(cond)):
            return expr
        return p
    return e.replace(lambda x: isinstance(x, sympy.Piecewise), rep)


def _split_args(text: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for c in text:
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


__all__ = ["Context", "Unreadable", "quantities", "BudgetExceeded"]
