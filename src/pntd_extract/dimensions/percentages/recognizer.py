"""Recognizer ``percentages`` (order 130): ``%`` and ``phần trăm`` with ranges and qualifiers.

The percent marker itself is read by :func:`pntd_extract.figures.grammar._marker_at`; a
leading minus glued to the number makes the value negative (``-2,5%``).

    >>> from pntd_extract import extract
    >>> [p.value for p in extract("Tin\\n\\nNữ chiếm 61% số học viên.").percentages]
    [61]
"""
from __future__ import annotations


from ...registry import register
from ...figures.scan import _emit

__all__ = ['recognize_percentages']


@register("percentages", order=130, fields=("percentages",))
def recognize_percentages(ctx) -> None:
    """Percentages (``%``, ``phần trăm``) with ranges and qualifiers."""
    _emit(ctx, "percent")
