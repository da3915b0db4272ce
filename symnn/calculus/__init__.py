"""Calculus layer: step-recording differentiation (:func:`derive`) and its data types."""

from .derivation import Derivation, Step

__all__ = ["Derivation", "Step"]
