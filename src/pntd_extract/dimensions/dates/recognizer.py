"""Recognizer ``dates`` (order 110): dates at their grain, resolved against the publication date.

    >>> from pntd_extract import extract
    >>> extract("Tin\\n\\nNgày 9/1, Hội họp.", published="2024-01-10").dates[0].value
    '2024-01-09'
"""
from __future__ import annotations


from ... import schema as S
from ...registry import register
from ...figures.scan import _analysis
from .rules import resolve_date

__all__ = ['recognize_dates']


@register("dates", order=110, fields=("dates",))
def recognize_dates(ctx) -> None:
    """Dates at their grain, resolved against ``ctx.published`` (see :func:`resolve_date`)."""
    for _, res in _analysis(ctx):
        for d in res.dates:
            value, inferred = resolve_date(d, ctx.published)
            ctx.dates.append(S.DateFact(value=value, grain=d.grain, year_inferred=inferred,
                                        text=ctx.text[d.start:d.end], span=ctx.span(d.start, d.end),
                                        rule=d.rule))
