r"""``symnn build``: the derivation corpus turned into a verified, typeset solution set.

Derivation files (see ``derivations/README.md``) return a :class:`Solution` from ``solve()``; its
parts are derivations (:func:`symnn.derive`), checked claims (:func:`equation`, :func:`derivative`,
:func:`inequality`, :func:`series_convergence`), prose (:class:`Text`) and worked results of the
model layer.  :func:`build` runs them and writes the outputs.

>>> import symnn as sn
>>> from symnn.build import Solution, equation
>>> sol = Solution([sn.derive(r"\frac{1}{1+e^{-x}}", "x"), equation(r"\sigma(0)", r"\frac{1}{2}")],
...                notes_on_source=["The source writes σ′ = σ(1+σ)."])
>>> [p.verdict.verdict for p in sol.parts]
['verified', 'verified']

Layout: :mod:`.parts` (Solution and part types), :mod:`.claims` (sign and convergence claims),
:mod:`.discover` (finding derivation files), :mod:`.run` (one problem under a budget),
:mod:`.render` (LaTeX), :mod:`.report` (report.json), :mod:`.files` (atomic writes),
:mod:`.command` (the command line and the build loop).  :func:`latex` is symnn's LaTeX printer, for
typesetting derived expressions inside a part's text.
"""

from ..latex.printer import latex as latex
from .claims import SeriesClaim as SeriesClaim
from .claims import inequality as inequality
from .claims import series_convergence as series_convergence
from .command import build as build
from .discover import Problem as Problem
from .discover import discover as discover
from .parts import Claim as Claim
from .parts import Proof as Proof
from .parts import Solution as Solution
from .parts import Text as Text
from .parts import Todo as Todo
from .parts import derivative as derivative
from .parts import equation as equation
from .run import ProblemResult as ProblemResult
from .run import run_problem as run_problem

__all__ = [
    "Claim", "Problem", "ProblemResult", "Proof", "SeriesClaim", "Solution", "Text", "Todo",
    "build", "derivative", "discover", "equation", "inequality", "latex", "run_problem", "series_convergence",
]
