"""Recognizer ``quantities`` (order 140)."""
from __future__ import annotations


from ...registry import register
from ...figures.scan import _emit

__all__ = ['recognize_quantities']


@register("quantities", order=140, fields=("quantities",))
def recognize_quantities(ctx) -> None:
    """Quantities: value with a normalised unit, or a count with its counted noun phrase."""
    _emit(ctx, "quantity")
