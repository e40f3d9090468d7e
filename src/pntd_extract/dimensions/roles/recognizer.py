"""Recognizer ``roles`` (order 310): who holds which title in which organisation.

``Role(person_id, person, title, organization as written, organization_id, span)``, read from
the entity analysis (:func:`pntd_extract.entities.recognizer.entity_analysis`; rules in
:mod:`pntd_extract.dimensions.roles.rules`).

    >>> from pntd_extract import extract
    >>> rec = extract("Ông Hồ Quang Vĩnh được bầu làm Phó Chủ tịch HĐND tỉnh Bình Định.", title="")
    >>> [(r.person, r.title, r.organization) for r in rec.roles]
    [('Hồ Quang Vĩnh', 'Phó Chủ tịch', 'HĐND tỉnh Bình Định')]
"""
from __future__ import annotations

from ... import schema as S
from ...entities.recognizer import entity_analysis
from ...registry import register

__all__ = ["recognize_roles"]


@register("roles", order=310, fields=("roles",), reads=("people", "organizations"))
def recognize_roles(ctx) -> None:
    """Fill ``ctx.roles``: who holds which title in which organisation (see module doc)."""
    an = entity_analysis(ctx)
    if not ctx.people:  # the entity recognizer did not run (``only=``) or failed
        return
    for r in an.roles:
        if r.person >= len(ctx.people):
            continue
        p = ctx.people[r.person]
        org_id = ctx.organizations[r.org].id if r.org is not None and r.org < len(ctx.organizations) else None
        ctx.roles.append(S.Role(
            person_id=p.id, person=p.name, title=r.title, organization=r.org_text,
            organization_id=org_id, span=ctx.span(r.start, r.end), rule=r.rule, former=r.former,
        ))
