r"""symnn — neural-network calculus done the way a careful human would, then checked twice.

>>> import symnn as sn
>>> d = sn.derive(r"\frac{1}{1+e^{-x}}", "x")
>>> d.closed_form
(1 - sigmoid(x))*sigmoid(x)
>>> sn.check(r"\log x", "x", r"\frac{1}{x}", assume=["x > 0"]).verdict
'verified'

The public names are imported on first use (PEP 562), so ``import symnn`` — and with it every
``symnn`` command — loads only the layers the caller actually touches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._lazy import exports

#: public name -> module that defines it (relative to this package unless absolute).
_EXPORTS = {
    "tanh": "sympy",
    "check": ".api",
    "check_equation": ".api",
    "check_matrix": ".api",
    "derive": ".api",
    "derive_matrix": ".api",
    "parse_latex": ".api",
    "lint": ".documents",
    "LintReport": ".documents",
    "Derivation": ".calculus.derivation",
    "Step": ".calculus.derivation",
    "SymnnError": ".errors",
    "SymnnInputError": ".errors",
    "cross_entropy": ".indexed",
    "entropy": ".indexed",
    "kl_divergence": ".indexed",
    "log_softmax": ".indexed",
    "logsumexp": ".indexed",
    "softmax": ".indexed",
    "lambdify": ".export",
    "ridge_loss": ".matrix.losses",
    "init_printing": ".latex.notebook",
    "Verdict": ".verdict",
    "binary_cross_entropy": ".vocabulary",
    "indicator": ".vocabulary",
    "mse": ".vocabulary",
    "relu": ".vocabulary",
    "sigmoid": ".vocabulary",
    "softplus": ".vocabulary",
}

__all__ = sorted(_EXPORTS)


_export, _dir = exports(globals(), _EXPORTS)


def __getattr__(name: str) -> Any:
    if name != "__version__":
        return _export(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("symnn")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        value = "0.0.0"
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(_dir()) | {"__version__"})


if TYPE_CHECKING:  # pragma: no cover - what static tools and IDEs see
    from sympy import tanh as tanh

    from .api import check as check
    from .api import check_equation as check_equation
    from .api import check_matrix as check_matrix
    from .api import derive as derive
    from .api import derive_matrix as derive_matrix
    from .api import parse_latex as parse_latex
    from .calculus.derivation import Derivation as Derivation
    from .documents import LintReport as LintReport
    from .documents import lint as lint
    from .calculus.derivation import Step as Step
    from .errors import SymnnError as SymnnError
    from .errors import SymnnInputError as SymnnInputError
    from .export import lambdify as lambdify
    from .indexed import cross_entropy as cross_entropy
    from .indexed import entropy as entropy
    from .indexed import kl_divergence as kl_divergence
    from .indexed import log_softmax as log_softmax
    from .indexed import logsumexp as logsumexp
    from .indexed import softmax as softmax
    from .matrix.losses import ridge_loss as ridge_loss
    from .verdict import Verdict as Verdict
    from .vocabulary import binary_cross_entropy as binary_cross_entropy
    from .vocabulary import indicator as indicator
    from .vocabulary import mse as mse
    from .vocabulary import relu as relu
    from .vocabulary import sigmoid as sigmoid
    from .vocabulary import softplus as softplus
