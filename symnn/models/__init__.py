"""Models layer: networks declared once, used for symbolic derivations and for worked numbers.

Public entry points: the declaration (:class:`MLPSpec`, :class:`LayerSpec`), the derivations
(:func:`derive_backprop`, :func:`derive_batched_backprop`, :func:`derive_relu_regression`,
:func:`derive_conv_backprop`, :func:`derive_pooling_backprop`, :func:`conv_kernel_jacobian`) with
their numeric witnesses, and the counts (:func:`parameter_count`, :func:`multiplication_count`,
:func:`uniform_counts`, :func:`verify_uniform_counts`) and the variance rules of initialisation
(:func:`derive_weighted_sum_variance`, :func:`derive_relu_second_moment`).  A derivation becomes a part of a
:class:`symnn.build.Solution` with ``.as_part(title=...)``.
"""

from .spec import ACTIVATIONS, LOSSES, LayerSpec, MLPSpec
from .backprop import BackpropDerivation, activation_derivative, derive_backprop
from .batched import derive_batched_backprop
from .conv import (SEED_004_JACOBIAN, conv2d, conv_kernel_jacobian, derive_conv_backprop,
                   verify_conv_kernel_jacobian)
from .counting import (SEED_000_BACKWARD, count_by_execution, multiplication_count, parameter_count,
                       uniform_counts, verify_uniform_counts)
from .gradcheck import backprop_gradients, verify_backprop, verify_batched_backprop
from .initialisation import derive_relu_second_moment, derive_weighted_sum_variance
from .pooling import derive_pooling_backprop, pool2d, pooling_backprop
from .regression import derive_relu_regression

__all__ = ["ACTIVATIONS", "LOSSES", "LayerSpec", "MLPSpec", "BackpropDerivation", "activation_derivative",
           "derive_backprop", "derive_batched_backprop", "SEED_004_JACOBIAN", "conv2d",
           "conv_kernel_jacobian", "derive_conv_backprop", "verify_conv_kernel_jacobian",
           "SEED_000_BACKWARD", "count_by_execution", "multiplication_count", "parameter_count",
           "uniform_counts", "verify_uniform_counts", "backprop_gradients", "verify_backprop", "verify_batched_backprop",
           "derive_pooling_backprop", "pool2d", "pooling_backprop", "derive_relu_regression",
           "derive_relu_second_moment", "derive_weighted_sum_variance"]
