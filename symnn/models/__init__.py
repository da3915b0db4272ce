"""Models layer: networks declared once, used for symbolic derivations and for worked numbers."""

from .spec import ACTIVATIONS, LOSSES, LayerSpec, MLPSpec

__all__ = ["ACTIVATIONS", "LOSSES", "LayerSpec", "MLPSpec"]
