"""Outlets named in credits and bylines are organisations (order 215).

Rule ``credit.outlet`` of :mod:`pntd_extract.credits`: the layout finds the outlet a byline
or credit names (``Tin, ảnh: Thế Lập (TTXVN)``, ``Lê Tuyết/VOV``, ``Theo VOV``, ``Ảnh:
TTXVN``) and keeps its span (``ctx.cache["outlets"]``, set by
:func:`pntd_extract.pipeline.extract`). Those sections are not read by the entity
recognizer, so this one adds the outlet to ``organizations`` (a mention of an organisation
the text already names, or a new one with its expansion from ``abbreviations.tsv``). It
writes ``organizations`` only, after the entity recognizer (order 210) and before roles.

Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Tiêu đề\\n\\nBộ Y tế họp sáng nay. Tin, ảnh: Thế Lập (TTXVN)")
    >>> [(o.name, o.expanded) for o in rec.organizations]
    [('Bộ Y tế', 'Bộ Y tế'), ('TTXVN', 'TTXVN')]
"""
from __future__ import annotations

from ... import schema as S
from ...entities.core import expand_abbreviations
from ...normalize import fold_tones
from ...registry import register
from ...rule import chain, declare

__all__ = ["recognize_outlets"]

OUTLET = declare("organizations.credit_outlet", "the outlet named in a photo/video credit or byline (Ảnh: Minh Anh/"
                 "TTXVN -> TTXVN)", ("credit_labels.tsv",))


def _key(s: str) -> str:
    return " ".join(fold_tones(s).casefold().split())


@register("credit_outlets", order=215, fields=("organizations",), reads=("organizations",))
def recognize_outlets(ctx) -> None:
    """Append the outlets of ``ctx.cache["outlets"]`` to ``ctx.organizations``."""
    for a, b in ctx.cache.get("outlets") or []:
        name = ctx.text[a:b].strip()
        if not name:
            continue
        key = _key(name)
        span = ctx.span(a, b)
        org = next((o for o in ctx.organizations if key in (_key(o.name), _key(o.expanded or ""))), None)
        if org is not None:
            if all(m.start != a for m in org.mentions):
                org.mentions.append(span)
                org.rule = chain(org.rule, OUTLET)
            continue
        ctx.organizations.append(S.Organization(
            id=f"o{len(ctx.organizations) + 1}", name=name, expanded=expand_abbreviations(name),
            mentions=[span], rule=OUTLET))
