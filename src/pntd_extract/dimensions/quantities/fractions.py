"""Recognizer ``fractions`` (order 142): counts written as a fraction of a total.

Rule ``fraction_count``: ``X/Y <counted noun>`` -- ``hoàn thành 7/9 hạng mục``, ``có 5/8 phòng
thí nghiệm`` -- is a quantity of ``X`` counted things with ``of = Y`` (the total they are counted
out of). It needs X <= Y, a counted noun right after (read by the quantities' counted-noun
rule, :func:`pntd_extract.dimensions.quantities.rules._counted_at`), and no date, money,
percentage or quantity already on the figure (``ngày 10/12`` is a date); ``2/3 số hộ`` (a
share of "the number of") is no count.

Example::

    >>> from pntd_extract import extract
    >>> q = extract("Năm 2023, đội hoàn thành 7/9 hạng mục của dự án.").quantities
    >>> [(x.text, x.value, x.of, x.counted) for x in q]
    [('7/9 hạng mục', 7, 9, 'hạng mục')]
"""
from __future__ import annotations

import re

from ... import schema as S
from ...numbers import tokenize
from ...registry import register
from .rules import _counted_at

__all__ = ["recognize_fractions"]

_FRACTION_RE = re.compile(r"(?<![\d/.,:-])(\d{1,5})/(\d{1,5})(?![\d/.,:-]\d|\d|/)[ \t]+(?=[^\W\d_])")


@register("fractions", order=142, fields=("quantities",), reads=("dates", "money", "percentages"))
def recognize_fractions(ctx) -> None:
    """Quantities ``X/Y counted`` with ``of = Y`` (rule ``fraction_count``, see the module)."""
    text = ctx.text
    if "/" not in text:
        return
    taken = [f.span for name in ("dates", "money", "percentages", "quantities") for f in getattr(ctx, name)]
    for sent in ctx.read_sentences():
        for m in _FRACTION_RE.finditer(text, sent.start, sent.end):
            x, y = int(m.group(1)), int(m.group(2))
            if not 0 < x <= y or y < 2:
                continue
            if any(sp.start < m.end(2) and m.start(1) < sp.end for sp in taken):
                continue
            toks = tokenize(text, m.end(), min(sent.end, m.end() + 60))
            got = _counted_at(toks, 0) if toks else None
            if got is None:
                continue
            counted, k = got
            if counted.lower().split()[0] in ("số", "tổng"):
                continue  # "2/3 số hộ": a share of a number, not a count
            end = toks[k - 1].end
            ctx.quantities.append(S.Quantity(value=x, of=y, counted=counted, text=text[m.start(1):end],
                                             span=ctx.span(m.start(1), end)))
    ctx.quantities.sort(key=lambda q: (q.span.start, q.span.end))
