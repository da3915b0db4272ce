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

from .check import check_matrix as check_matrix_expr
from .derive import MatrixDerivation
from .frontend import check_matrix, check_matrix_equation, derive_matrix, is_matrix_input
from .rules import gradient

__all__ = ["MatrixDerivation", "check_matrix", "check_matrix_equation", "check_matrix_expr", "derive_matrix",
           "gradient", "is_matrix_input"]
