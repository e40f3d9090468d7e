"""Publication date inferred from the article's own dates (recognizer ``numeric_published``, order 100).
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Optional

from ... import schema as S
from ...registry import register
from .rules import RawDate
from ...figures.scan import _analysis

__all__ = ['infer_published', 'recognize_published']


_MIN_BODY_SENTENCES = 3  # publication dates are inferred for articles, not for one-line snippets  # a cue word within the first tokens of a sentence starts a dateline


def infer_published(raws: list[tuple[int, RawDate]]) -> Optional[tuple[_dt.date, str]]:
    """Publication date from an article's own dates: ``[(sentence number, raw date)]``.

    Conservative: it returns None rather than guess. Only dateline-style dates count as the
    day: a cue word ("Ngày", "Sáng", "Chiều" ...) near the start of one of the first three body
    sentences (``RawDate.lead``; the recognizer numbers body sentences from 0, never takes a
    dateline from the title, and skips texts of fewer than three body sentences). Dates whose
    context marks them as not the reported event (``RawDate.mark`` from ``date_context.tsv``:
    birth, expiry, founding, party membership, target, history) never give the year.
    The *usable years* are the years of the unmarked dates.

    1. A dateline with a full date ("Ngày 21/5/2013, ..."): that date, unless an unmarked full
       date (day or month grain) of a later year is written (then it is a quoted past event).
    2. A dateline day/month ("Ngày 9/1, ..."), only when the usable years do not span decades
       (six or more distinct years over more than 15 years is a biography or a history):
       (a) when an unmarked date with month and year lies in the three months up to the
       dateline ("tháng 10/2023" before "9/1"), the latest year that puts the dateline just
       after one of them, unless an unmarked full date of a later year is written;
       (b) else the year taken from the article's years when they agree: the most-mentioned
       usable year ``f`` must be mentioned at least twice, more often than any other year, and
       no year after ``f + 1`` may be mentioned. When ``f + 1`` is mentioned and the dateline
       falls in January-March, the year is ``f + 1`` (a January meeting reviewing year ``f``
       and planning ``f + 1``: the seed article).
    Returns ``(date, reason)`` or None when the text does not settle it (measured on
    shared/corpus/real against the manifest dates: ``python scripts/eval_published.py``).

    >>> infer_published([(1, RawDate("day", 0, 3, None, 1, 9, cue=True, lead=True)), (1, RawDate("year", 9, 17, 2023)),
    ...                  (1, RawDate("year", 9, 17, 2023)), (2, RawDate("year", 9, 17, 2024))])[0]
    datetime.date(2024, 1, 9)
    """
    lead = [r for s, r in sorted(raws, key=lambda sr: sr[0]) if s < 3 and r.lead and r.grain == "day" and r.mark is None]
    if not lead:
        return None
    usable = [r for _, r in raws if r.mark is None and r.year is not None and 1900 <= r.year <= 2199]
    # later full dates (day or month grain) betray a quoted past event; bare years may be plans
    latest = max((r.year for r in usable if r.grain in ("day", "month")), default=None)
    for r in lead:
        if r.year is not None:
            if latest is not None and latest > r.year:
                return None  # "Ngày 15/2/2019, ..." in a text that goes on to 2020: a quoted past event
            try:
                return _dt.date(r.year, r.month, r.day), f"dateline {r.day}/{r.month}/{r.year}"
            except ValueError:
                continue
    distinct = {r.year for r in usable}
    if len(distinct) >= 6 and max(distinct) - min(distinct) > 15:
        return None  # a biography or a history: the dateline year is unknowable
    # 2a. an explicit month/year date in the three months up to the dateline fixes its year
    dated = [r for r in usable if r.month is not None]
    for r in lead:
        near = []
        for e in dated:
            if (r.month - e.month) % 12 > 3:
                continue
            near.append((e.year + (1 if e.month > r.month else 0), e))
        if near:  # the latest one: an anniversary article also names the historical date
            y, e = max(near, key=lambda ye: ye[0])
            if latest is not None and latest > y:
                continue
            try:
                return _dt.date(y, r.month, r.day), f"dateline {r.day}/{r.month} + {e.month}/{e.year} just before it"
            except ValueError:
                continue
    years = Counter(r.year for r in usable)
    if not years:
        return None
    ranked = years.most_common()
    f, cnt = ranked[0]
    if cnt < 2 or (len(ranked) > 1 and ranked[1][1] == cnt) or max(years) > f + 1:
        return None
    for r in lead:
        y = f + 1 if (f + 1) in years and r.month <= 3 else f
        try:
            return _dt.date(y, r.month, r.day), f"dateline {r.day}/{r.month} + year {y} from the text"
        except ValueError:
            continue
    return None


def _no_lead(d: RawDate) -> RawDate:
    if not d.lead:
        return d
    return RawDate(d.grain, d.start, d.end, d.year, d.month, d.day, d.quarter, d.cue, False, d.mark, d.rule)


@register("numeric_published", order=100, fields=())
def recognize_published(ctx) -> None:
    """Infer ``ctx.published`` from the article's dates when no date was given (see
    :func:`infer_published`); sets ``ctx.published_inferred`` and adds a warning."""
    if ctx.published is not None:
        return
    # dateline candidates come from body sentences only (a title line is not a dateline)
    body = {k for k, sent in enumerate(ctx.read_sentences()) if sent.section == S.SectionKind.body.value}
    if len(body) < _MIN_BODY_SENTENCES:
        return  # a snippet, not an article: no dateline to trust
    order = {k: n for n, k in enumerate(sorted(body))}
    raws = [(order.get(k, 10**6), d if k in body else _no_lead(d)) for k, res in _analysis(ctx) for d in res.dates]
    got = infer_published(raws)
    if got is None:
        if any(s < 3 and d.lead and d.grain == "day" for s, d in raws):
            ctx.warnings.append("published date not inferred: the dateline's year is not settled by the text")
        return
    ctx.published, reason = got
    ctx.published_inferred = True
    ctx.warnings.append(f"published date inferred from the article text: {ctx.published.isoformat()} ({reason})")
