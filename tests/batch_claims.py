r"""A reproducible mix of true and false claims (scalar, equation, indexed, matrix) for batch runs.

Each family is a formula with random coefficients and its derivative written by hand the way a
student would; the false variants are the mistakes students make (a lost chain-rule factor, a
sign, a missing 2, a dropped assumption).  Which claims are true is *not* asserted anywhere:
the tests and benchmarks compare the verdicts of one run with those of another.

>>> claims = make_claims(8, seed=1)
>>> len(claims), sorted(claims[0])[:2]
(8, ['claim', 'expr'])
"""

from __future__ import annotations

import random


def _scalar(r: random.Random, wrong: bool) -> dict:
    a, k = r.randint(2, 99), r.randint(2, 30)
    family = r.randrange(5)
    if family == 0:
        expr, claim = f"x^{{{k}}}", f"{k + wrong} x^{{{k - 1}}}"
    elif family == 1:
        s = rf"\sigma({a}x)"
        expr, claim = s, (rf"{s}(1-{s})" if wrong else rf"{a}{s}(1-{s})")
    elif family == 2:
        t = rf"\tanh({a}x)"
        expr, claim = t, rf"{a}(1{'+' if wrong else '-'}{t}^2)"
    elif family == 3:
        expr, claim = rf"x e^{{{a}x}}", (rf"{a} e^{{{a}x}}" if wrong else rf"e^{{{a}x}}(1+{a}x)")
    else:
        expr, claim = rf"\ln(x^2+{a})", (rf"\frac{{1}}{{x^2+{a}}}" if wrong else rf"\frac{{2x}}{{x^2+{a}}}")
    return {"expr": expr, "wrt": "x", "claim": claim}


def _equation(r: random.Random, wrong: bool) -> dict:
    a = r.randint(2, 99)
    if r.random() < 0.5:
        s = rf"\sigma({a}x)"
        return {"equation": rf"\sigma(-{a}x) = " + (f"{s} - 1" if wrong else f"1 - {s}")}
    return {"equation": rf"\tanh({a}x) = 2\sigma({2 * a}x) - 1" if not wrong else rf"\tanh({a}x) = 2\sigma({a}x) - 1"}


def _softmax(r: random.Random, wrong: bool) -> dict:
    C, y = r.choice(["C", "K", "m"]), r.choice(["y", "t"])
    claim = {"expr": rf"-\sum_{{k=1}}^{{{C}}} {y}_k \log(\mathrm{{softmax}}(\beta)_k)", "wrt": r"\beta_j",
             "claim": rf"\mathrm{{softmax}}(\beta)_j - {y}_j"}
    if not wrong:
        claim["assume"] = [rf"\sum_{{k=1}}^{{{C}}} {y}_k = 1"]
    return claim


def _sums(r: random.Random, wrong: bool) -> dict:
    y = r.choice(["y", "t"])
    c = r.randint(2, 50)
    return {"expr": rf"\sum_{{i=1}}^{{n}} {c}(w_i x_i - {y}_i)^2", "wrt": "w_j",
            "claim": rf"{2 * c - wrong}(w_j x_j - {y}_j) x_j"}


def _matrix(r: random.Random, wrong: bool) -> dict:
    c = r.randint(2, 50)
    return {"expr": rf"{c}\|XW - Y\|_F^2", "wrt": "W", "claim": rf"{c if wrong else 2 * c}X^T(XW - Y)",
            "matrix": ["X:n,d", "W:d,k", "Y:n,k"]}


#: family -> share of the mix.
FAMILIES = {"scalar": (_scalar, 0.55), "equation": (_equation, 0.15), "softmax": (_softmax, 0.1),
            "sums": (_sums, 0.1), "matrix": (_matrix, 0.1)}

#: Families whose symbolic proof stays far inside its time budget even on a loaded machine, so
#: that two runs give the same verdicts (the softmax proofs can take seconds).
QUICK = ("scalar", "equation", "sums", "matrix")


def make_claims(n: int, seed: int = 0, families=tuple(FAMILIES)) -> list[dict]:
    """``n`` claims with ids ``c0``, ``c1``, … from ``families``; about a third of them are false."""
    r = random.Random(seed)
    makers, weights = zip(*(FAMILIES[f] for f in families))
    return [{"id": f"c{i}", **r.choices(makers, weights)[0](r, r.random() < 0.35)} for i in range(n)]
