"""Why does a fact exist? The rule chain of a fact, the rules tried at its span, the lexicon rows.

:func:`explain_text` extracts an article with tracing on (:func:`pntd_extract.rule.tracing`)
and returns, for the facts covering an offset (``at``) or the fact named ``fact`` (an entity id
such as ``p1``/``o2``/``pr1``, or ``field[index]`` such as ``money[0]``), an
:class:`Explanation`: the fact, its rule chain with each rule's description and lexicons, the
rules tried at its span and whether they fired, were not applicable or rejected the text, and
the rows of the chain's lexicons that match the text in and just before the span
(``file:line`` as in the data file).

    >>> ex = explain_text("Tin\\n\\nHội trao 15 triệu đồng cho chị em.", at=14)
    >>> ex[0].fact_id, ex[0].chain[0][0]
    ('money[0]', 'money.currency_after')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from . import schema as S
from .rule import LEXICON_ROWS, TraceEvent, catalog, tracing

__all__ = ["Explanation", "explain_record", "explain_text", "fact_items", "format_explanations"]

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_WINDOW_BEFORE = 40


@dataclass
class Explanation:
    """``fact_id``: ``p1`` / ``money[0]``; ``field``: record field; ``label``: the fact in short;
    ``spans``: its spans; ``chain``: ``[(rule name, description, lexicons)]``; ``tried``:
    ``[(rule list, rule, outcome, text offset, detail)]``; ``lexicon_rows``:
    ``[(file, line, entry)]``."""

    fact_id: str
    field: str
    label: str
    spans: list[S.Span]
    chain: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    tried: list[tuple[str, str, str, Optional[int], str]] = field(default_factory=list)
    lexicon_rows: list[tuple[str, int, str]] = field(default_factory=list)


def _spans(item: Any) -> list[S.Span]:
    if getattr(item, "span", None) is not None:
        return [item.span]
    return list(getattr(item, "mentions", None) or getattr(item, "spans", None) or [])


def _label(fname: str, item: Any) -> str:
    if fname in ("people", "organizations", "locations", "programmes"):
        return item.name
    if fname == "roles":
        return f"{item.person}: {item.title}" + (f" ({item.organization})" if item.organization else "")
    if fname == "checks":
        return f"{item.kind} {item.status}: {item.message}"
    return item.text


def fact_items(rec: S.KBRecord) -> Iterable[tuple[str, str, Any]]:
    """``(fact id, field, fact)`` for every fact of ``rec`` in field order."""
    for fname in S.FACT_FIELDS:
        for i, item in enumerate(getattr(rec, fname)):
            yield (getattr(item, "id", None) or f"{fname}[{i}]"), fname, item


_INDEX: dict[str, dict[str, tuple[int, str]]] = {}


def _lexicon_index(name: str) -> dict[str, tuple[int, str]]:
    from .entities.lexicons import fold
    from .lexicon import lexicon_files, read_tsv

    if name in _INDEX:
        return _INDEX[name]
    if name not in lexicon_files():
        return {}
    if not any(k[0] == name for k in LEXICON_ROWS):
        read_tsv(name, 1)
    _INDEX[name] = {fold(entry): (line, entry) for (f, entry), line in LEXICON_ROWS.items() if f == name}
    return _INDEX[name]


def _rows_near(text: str, spans: list[S.Span], lexicons: Iterable[str]) -> list[tuple[str, int, str]]:
    from .entities.lexicons import fold

    out: list[tuple[str, int, str]] = []
    seen: set[tuple[str, int]] = set()
    for name in lexicons:
        idx = _lexicon_index(name)
        if not idx:
            continue
        for sp in spans[:5]:
            lo = max(0, sp.start - _WINDOW_BEFORE)
            words = [m.group(0) for m in _WORD_RE.finditer(text, lo, min(len(text), sp.end + 2))]
            for a in range(len(words)):
                for b in range(a + 1, min(len(words), a + 5) + 1):
                    hit = idx.get(fold(" ".join(words[a:b])))
                    if hit is not None and (name, hit[0]) not in seen:
                        seen.add((name, hit[0]))
                        out.append((name, hit[0], hit[1]))
    return out


def _tried(events: list[TraceEvent], spans: list[S.Span]) -> list[tuple[str, str, str, Optional[int], str]]:
    out, seen = [], set()
    for ev in events:
        if ev.kind != "tried" or ev.at is None:
            continue
        if not any(sp.start <= ev.at < max(sp.end, sp.start + 1) for sp in spans):
            continue
        key = (ev.rule_list, ev.rule, ev.outcome, ev.at, ev.detail)
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out


def explain_record(rec: S.KBRecord, events: list[TraceEvent], *, at: Optional[int] = None,
                   fact: Optional[str] = None) -> list[Explanation]:
    """Explanations of the facts of ``rec`` covering offset ``at`` or named ``fact`` (see module doc).

    ``events``: the trace recorded while ``rec`` was extracted (may be empty for a stored KB
    record: the rule chains are then all there is). Raises ``ValueError`` when neither or both
    of ``at`` and ``fact`` are given."""
    if (at is None) == (fact is None):
        raise ValueError("give exactly one of at= (a text offset) and fact= (a fact id)")
    rules = catalog()
    out: list[Explanation] = []
    for fid, fname, item in fact_items(rec):
        spans = _spans(item)
        if fact is not None and fid != fact:
            continue
        if at is not None and not any(sp.start <= at < max(sp.end, sp.start + 1) for sp in spans):
            continue
        ex = Explanation(fid, fname, _label(fname, item), spans)
        names = [n.strip() for n in (item.rule or "").split(">") if n.strip()]
        lexicons: list[str] = []
        for n in names:
            r = rules.get(n)
            ex.chain.append((n, r.doc if r else "(undeclared rule)", r.lexicons if r else ()))
            lexicons.extend(x for x in (r.lexicons if r else ()) if x not in lexicons)
        if fname != "checks":
            ex.tried = _tried(events, spans)
        ex.lexicon_rows = _rows_near(rec.article.text, spans, lexicons)
        out.append(ex)
    return out


def explain_text(text: str, *, at: Optional[int] = None, fact: Optional[str] = None,
                 **meta: Any) -> list[Explanation]:
    """Extract ``text`` (``meta`` as for :func:`pntd_extract.extract`) with tracing on and
    explain the facts at offset ``at`` (of ``article.text``) or the fact ``fact``."""
    from .pipeline import extract

    with tracing() as tr:
        rec = extract(text, **meta)
    return explain_record(rec, tr.events, at=at, fact=fact)


def format_explanations(exs: list[Explanation], max_tried: int = 40) -> str:
    """Plain-text report of :func:`explain_record` results (what ``pntd-extract explain`` prints)."""
    lines: list[str] = []
    for ex in exs:
        sp = ex.spans[0] if ex.spans else None
        where = f" [{sp.start}:{sp.end}]" if sp else ""
        lines.append(f"{ex.fact_id} ({ex.field}){where}: {ex.label}")
        if not ex.chain:
            lines.append("  rule: (none recorded)")
        for n, doc, lex in ex.chain:
            lines.append(f"  rule {n}: {doc}" + (f" [lexicons: {', '.join(lex)}]" if lex else ""))
        if ex.tried:
            lines.append("  tried at its span:")
            for rl, r, outcome, at, detail in ex.tried[:max_tried]:
                lines.append(f"    @{at} {(rl + ': ') if rl else ''}{r} -> {outcome}" + (f" ({detail})" if detail else ""))
            if len(ex.tried) > max_tried:
                lines.append(f"    ... {len(ex.tried) - max_tried} more")
        if ex.lexicon_rows:
            lines.append("  lexicon rows matching in/just before the span:")
            for f, line, entry in ex.lexicon_rows[:20]:
                lines.append(f"    {f}:{line}  {entry}")
    return "\n".join(lines)
