"""Recognizer ``money`` (order 120)."""
from __future__ import annotations


from ...registry import register
from ...figures.scan import _emit

__all__ = ['recognize_money']


@register("money", order=120, fields=("money",))
def recognize_money(ctx) -> None:
    """Money amounts: exact value, ISO 4217 currency, qualifier, range, unit price (``per``)."""
    _emit(ctx, "money")
