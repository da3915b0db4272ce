r"""Matrix calculus: gradients of scalar matrix objectives, least squares, ridge, and optima.

Modules, each with one job (in dependency order):

* :mod:`~symnn.matrix.shapes` — declared shapes; random concrete instances of them;
* :mod:`~symnn.matrix.evaluate` — NumPy values of matrix expressions (analytic: complex-step safe);
* :mod:`~symnn.matrix.rules` — the table of matrix differentials; :func:`gradient` (never SymPy's
  ``MatrixExpr.diff``, which is silently wrong for log det);
* :mod:`~symnn.matrix.forms` — expanding and collecting into textbook forms;
* :mod:`~symnn.matrix.identities` — the named identities that justify proof lines;
* :mod:`~symnn.matrix.certificate` — the numeric witness (complex step on random shapes);
* :mod:`~symnn.matrix.check` — two-witness verdicts for gradients and identities;
* :mod:`~symnn.matrix.solve` — normal equations, Hessian, positive definiteness, W*;
* :mod:`~symnn.matrix.derive` — the step-by-step derivation; :mod:`~symnn.matrix.report` its LaTeX;
* :mod:`~symnn.matrix.frontend` — LaTeX-or-SymPy entry points; :mod:`~symnn.matrix.cli` the CLI path.

>>> from symnn.matrix import derive_matrix
>>> D = derive_matrix(r"\log\det(A)", "A", matrices={"A": ("n", "n")})
>>> D.closed_form, D.verdict.verdict
(A.T**(-1), 'verified')
"""

from .._lazy import exports

# The names are imported at first use (PEP 562): ``symnn check`` of a scalar claim asks
# :func:`~symnn.matrix.shapes.is_matrix_problem` whether a formula holds matrices, and that must
# not import the whole matrix calculus (and NumPy) first.
_EXPORTS = {
    "MatrixDerivation": ".derive",
    "check_matrix": ".frontend",
    "check_matrix_equation": ".frontend",
    "check_matrix_expr": (".check", "check_matrix"),
    "derive_matrix": ".frontend",
    "gradient": ".rules",
    "is_matrix_input": ".frontend",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = exports(globals(), _EXPORTS)
