r"""symnn — neural-network calculus done the way a careful human would, then checked twice.

>>> import symnn as sn
>>> d = sn.derive(r"\frac{1}{1+e^{-x}}", "x")
>>> d.closed_form
(1 - sigmoid(x))*sigmoid(x)
>>> sn.check(r"\log x", "x", r"\frac{1}{x}", assume=["x > 0"]).verdict
'verified'
"""

from importlib.metadata import PackageNotFoundError, version as _version

from sympy import tanh as tanh

from .api import check as check
from .api import check_equation as check_equation
from .api import check_matrix as check_matrix
from .api import derive as derive
from .api import derive_matrix as derive_matrix
from .api import parse_latex as parse_latex
from .calculus.derivation import Derivation as Derivation
from .calculus.derivation import Step as Step
from .errors import SymnnError as SymnnError
from .indexed import cross_entropy as cross_entropy
from .indexed import entropy as entropy
from .indexed import kl_divergence as kl_divergence
from .indexed import log_softmax as log_softmax
from .indexed import logsumexp as logsumexp
from .indexed import softmax as softmax
from .errors import SymnnInputError as SymnnInputError
from .matrix.losses import ridge_loss as ridge_loss
from .verdict import Verdict as Verdict
from .vocabulary import binary_cross_entropy as binary_cross_entropy
from .vocabulary import indicator as indicator
from .vocabulary import mse as mse
from .vocabulary import relu as relu
from .vocabulary import sigmoid as sigmoid
from .vocabulary import softplus as softplus

try:
    __version__ = _version("symnn")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Derivation",
    "Step",
    "SymnnError",
    "SymnnInputError",
    "Verdict",
    "binary_cross_entropy",
    "check",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "softmax",
    "check_equation",
    "check_matrix",
    "derive",
    "derive_matrix",
    "indicator",
    "mse",
    "parse_latex",
    "relu",
    "ridge_loss",
    "sigmoid",
    "softplus",
    "tanh",
]
