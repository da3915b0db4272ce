r"""Worked numbers: training steps, optimizer traces, fits, network tables, attention — exact.

Every result exposes its key numbers as attributes, a ``notes`` list (differences from the
source, rounding effects) and ``latex()`` (a fragment: ``booktabs`` tables and ``align*`` blocks);
``document()`` wraps it in a complete LaTeX document.  The seed problems are declared from their data in
``derivations/`` (``derivations/specs/*.toml`` for the numeric ones, see :mod:`symnn.solve`).

>>> from symnn.worked import mlp_table
>>> mlp_table([6, 5, 10, 3]).total
128
"""

from .attention import Attention as Attention
from .attention import self_attention as self_attention
from .choice import Choice as Choice
from .choice import pick as pick
from .fits import Fit as Fit
from .fits import least_squares as least_squares
from .fits import ridge as ridge
from .numfmt import exact as exact
from .numfmt import fmt as fmt
from .numfmt import round_half_up as round_half_up
from .optimizers import Dataset as Dataset
from .optimizers import Trace as Trace
from .optimizers import adagrad as adagrad
from .optimizers import gradient_descent as gradient_descent
from .optimizers import momentum as momentum
from .optimizers import perceptron as perceptron
from .optimizers import sgd as sgd
from .tables import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv2d, Flatten, Identity,  # noqa
                     Linear, MaxPool2d, NetworkTable, ReLU, Softmax, mlp_table, network_table)
from .training import TrainingStep as TrainingStep
from .training import training_step as training_step

__all__ = ["AdaptiveAvgPool2d", "Attention", "AvgPool2d", "BatchNorm2d", "Choice", "Conv2d",
           "Dataset", "Fit", "Flatten", "Identity", "Linear", "MaxPool2d", "NetworkTable", "ReLU",
           "Softmax", "Trace", "TrainingStep", "adagrad", "exact", "fmt", "gradient_descent",
           "least_squares", "mlp_table", "momentum", "network_table", "perceptron", "pick",
           "ridge", "round_half_up", "self_attention", "sgd", "training_step"]
