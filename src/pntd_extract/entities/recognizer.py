"""Recognizer ``entities`` (order 210): people, organisations and locations from one analysis.

The roles recognizer (order 310, :mod:`pntd_extract.dimensions.roles.recognizer`) reads the same
analysis.

The rules live in :mod:`pntd_extract.entities.core` (lexicons + patterns + capitalisation;
underthesea ``ner()`` is never called). This module turns its :class:`Analysis` into schema
models on the :class:`~pntd_extract.pipeline.Context`:

* ``people``: ``Person(id="p1", name, gender, titles, aliases, mentions)``; the name is the
  canonical form (``Đỗ Thị KIm Chi`` -> ``Đỗ Thị Kim Chi``; ``H’Lim`` -> ``H'Lim``); mentions
  span the name only (never the honorific or title);
* ``organizations``: ``Organization(id="o1", name as first written, expanded)``;
* ``locations``: ``Location(id="l1", name without the level word, level, canonical)``; a mention
  spans the level word too when written (``quận Cầu Giấy``, ``TP.HCM``); places inside an
  organisation name are location mentions as well;
* ``roles``: ``Role(person_id, person, title, organization as written, organization_id, span)``.

Ids follow the order of first mention. Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Ông Hồ Quang Vĩnh được bầu làm Phó Chủ tịch HĐND tỉnh Bình Định.", title="")
    >>> [(r.person, r.title, r.organization) for r in rec.roles]
    [('Hồ Quang Vĩnh', 'Phó Chủ tịch', 'HĐND tỉnh Bình Định')]
"""
from __future__ import annotations

from bisect import bisect_left

from .. import schema as S
from .core import Analysis, analyse
from ..registry import register

__all__ = ["recognize_entities", "entity_analysis"]


def _words_for(ctx):
    def words(a: int, b: int) -> list[tuple[int, int]]:
        cached = ctx.cache.get("words")
        if cached is not None:
            i = bisect_left(cached, (a, -1))
            out = []
            while i < len(cached) and cached[i][0] < b:
                out.append(cached[i])
                i += 1
            return out
        from ..segment import word_spans

        return word_spans(ctx.text, [(a, b)])

    return words


def entity_analysis(ctx) -> Analysis:
    an = ctx.cache.get("entities")
    if an is None:
        sents = [(s.start, s.end) for s in ctx.read_sentences()]
        an = analyse(ctx.text, sents, _words_for(ctx))
        ctx.cache["entities"] = an
    return an


@register("entities", order=210, fields=("people", "organizations", "locations"))
def recognize_entities(ctx) -> None:
    """Fill ``ctx.people``, ``ctx.organizations`` and ``ctx.locations`` (see module doc)."""
    an = entity_analysis(ctx)
    for idx, e in enumerate(an.people, 1):
        ctx.people.append(S.Person(
            id=f"p{idx}", name=e.name, gender=e.gender, titles=list(e.titles), aliases=list(e.aliases),
            mentions=[ctx.span(m.start, m.end) for m in e.mentions], rule=e.rule,
        ))
    for idx, e in enumerate(an.orgs, 1):
        ctx.organizations.append(S.Organization(
            id=f"o{idx}", name=e.name, expanded=e.expanded,
            mentions=[ctx.span(m.start, m.end) for m in e.mentions], rule=e.rule,
        ))
    for idx, e in enumerate(an.locations, 1):
        ctx.locations.append(S.Location(
            id=f"l{idx}", name=e.name, level=e.level, canonical=e.canonical,
            mentions=[ctx.span(m.start, m.end) for m in e.mentions], rule=e.rule,
        ))
