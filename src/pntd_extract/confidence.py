"""Per-fact evidence levels (``confidence``: ``high`` / ``medium`` / ``low``), order 490.

A data team that wants only sure facts keeps ``confidence == "high"`` (the tables of
:mod:`pntd_extract.io.tables` carry the column). The level is read off the evidence the
record itself holds, after every recognizer has run, by these named rules (first that
applies wins):

=============== ================================================================ ========
fact            evidence                                                         level
=============== ================================================================ ========
person          a gender (from an honorific), a title/rank, a role, or two or     high
                more mentions
person          a name of three syllables or more                                medium
person          anything else (a two-syllable name met once, without a trigger)  low
organization    a role refers to it, two or more mentions, or an expansion of a   high
                known abbreviation
organization    three words or more                                              medium
organization    anything else                                                    low
location        a gazetteer unit (canonical form) with a level or two mentions    high
location        a level word or a gazetteer unit                                  medium
location        anything else                                                    low
role            its organisation is a recognised organisation                   high
role            an organisation as written only                                  medium
role            no organisation                                                  low
money, %, qty   digits in the text (and, for quantities, a unit or counted noun) high
money, %, qty   number words only, or a bare count                               medium
date            day or month grain with its year written                         high
date            year inferred                                                    medium
date            relative dates and holidays                                      low
programme       a number (Đề án 06) or a quoted name                            high
programme       anything else (named without quotes)                             medium
=============== ================================================================ ========

Never raises; a fact that already has a ``confidence`` keeps it.

Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Tiêu đề\\n\\nBà Lê Thị Hoa, Chủ tịch Hội LHPN xã Tân Lập, trao 5 triệu đồng.")
    >>> [(p.name, p.confidence) for p in rec.people], [r.confidence for r in rec.roles]
    ([('Lê Thị Hoa', 'high')], ['high'])
"""
from __future__ import annotations

import re

from .registry import register

__all__ = ["assign_confidence"]

_QUOTES = "\"“”'‘’«»"
_DIGIT_RE = re.compile(r"\d")


def _set(fact, level: str) -> None:
    if getattr(fact, "confidence", None) is None:
        fact.confidence = level


def _people(ctx, roles_of: set) -> None:
    for p in ctx.people:
        if p.gender or p.titles or p.id in roles_of or len(p.mentions) >= 2:
            _set(p, "high")
        elif len(p.name.split()) >= 3:
            _set(p, "medium")
        else:
            _set(p, "low")


def _orgs(ctx, orgs_of: set) -> None:
    for o in ctx.organizations:
        expanded = o.expanded and o.expanded != o.name
        if o.id in orgs_of or len(o.mentions) >= 2 or expanded:
            _set(o, "high")
        elif len(o.name.split()) >= 3:
            _set(o, "medium")
        else:
            _set(o, "low")


def _locations(ctx) -> None:
    for loc in ctx.locations:
        if loc.canonical and (loc.level or len(loc.mentions) >= 2):
            _set(loc, "high")
        elif loc.level or loc.canonical:
            _set(loc, "medium")
        else:
            _set(loc, "low")


def _figures(ctx) -> None:
    for m in list(ctx.money) + list(ctx.percentages):
        _set(m, "high" if _DIGIT_RE.search(m.text) else "medium")
    for q in ctx.quantities:
        _set(q, "high" if _DIGIT_RE.search(q.text) and (q.unit or q.counted) else "medium")
    for d in ctx.dates:
        if getattr(d, "relative", False) or getattr(d, "holiday", None):
            _set(d, "low")
        else:
            _set(d, "medium" if d.year_inferred else "high")


def _programmes(ctx) -> None:
    for pr in ctx.programmes:
        quoted = any(any(q in ctx.text[max(0, m.start - 1):m.end + 1] for q in _QUOTES) for m in pr.mentions)
        _set(pr, "high" if pr.number or quoted else "medium")


@register("confidence", order=490, fields=(),
          reads=("people", "organizations", "locations", "roles", "money", "percentages", "quantities", "dates",
                 "programmes"),
          edits=("people", "organizations", "locations", "roles", "money", "percentages", "quantities", "dates",
                 "programmes"))
def assign_confidence(ctx) -> None:
    """Set ``confidence`` on every person, organisation, location, role, figure, date and
    programme of ``ctx`` (rules in the module docstring)."""
    roles_of = {r.person_id for r in ctx.roles}
    orgs_of = {r.organization_id for r in ctx.roles if r.organization_id}
    for r in ctx.roles:
        _set(r, "high" if r.organization_id else "medium" if r.organization else "low")
    _people(ctx, roles_of)
    _orgs(ctx, orgs_of)
    _locations(ctx)
    _figures(ctx)
    _programmes(ctx)
