"""Recognizer ``programme_links`` (order 350): sets ``programme_id`` on money / percentages /
quantities whose clause ties them to a programme, and drops figures that are part of a
programme's name (the ``938`` of ``Đề án 938`` is not a quantity).
"""
from __future__ import annotations

import re

from ...registry import register
from ...rule import chain, declare
from .rules import Mention, _kind_re

__all__ = ['link_figures', 'recognize_programme_links']


_CUE_BEFORE_RE = re.compile(
    r"(?:hưởng ứng|trong khuôn khổ|thuộc|thực hiện|triển khai|trong|của|từ|qua|tham gia|với)\s*$", re.IGNORECASE
)


_SENT_SCOPE_RE = re.compile(
    r"^\W*(?:thực hiện|theo|trong khuôn khổ|hưởng ứng|qua|từ|với|triển khai|tham gia|thông qua)\s+(?:các\s+|những\s+)?$",
    re.IGNORECASE,
)


_COLON_CUT_RE = re.compile(
    r",\s*(?:(?:và|đồng thời)\s+)?(?:duy trì|vận động|tổ chức|xây dựng|thành lập|ra mắt|triển khai|khen thưởng|trao|phát động|biểu dương)\b",
    re.IGNORECASE,
)


LINK_COLON = declare("programmes.link_colon", "a figure after 'Programme: ...' in its clause belongs to it")
LINK_AFTER = declare("programmes.link_after", "a figure within 30 characters after a mention, no punctuation "
                     "between (ủng hộ Quỹ “X” của huyện 185 triệu đồng)")
LINK_CLAUSE = declare("programmes.link_clause", "the one programme cued in the figure's clause (thông qua, từ ...)")
LINK_SENTENCE = declare("programmes.link_sentence", "a sentence opening with a programme mention scopes the figures "
                        "after it")

def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, p = [], s
    for i in range(s, e):
        if text[i] == ";":
            out.append((p, i))
            p = i + 1
    out.append((p, e))
    return out


def link_figures(text: str, sent: tuple[int, int], mentions: list[tuple[Mention, str]], figures: list) -> None:
    """Set ``programme_id`` on figures of one sentence ``sent = (start, end)``.

    ``mentions``: ``(Mention, programme_id)`` of this sentence in text order; ``figures``:
    schema Money / Percentage / Quantity items whose span lies in the sentence. A figure is
    linked when (nearest rule wins):

    1. it follows ``Programme:`` in the same ``;``-clause, before a ``, duy trì`` /
       ``, tổ chức`` ... that starts a new action (``Mô hình “hũ gạo tình thương”: thu được
       21.599 kg gạo``);
    2. its ``;``-clause holds exactly one programme mention and that mention is introduced
       by a cue (``hưởng ứng``, ``trong``, ``thực hiện``, ``thuộc`` ...):
       ``ủng hộ 50 triệu đồng ... hưởng ứng Chương trình “...”``;
    3. the sentence opens with ``Thực hiện`` / ``Theo`` / ``Hưởng ứng`` + a programme and a
       comma: every figure after it (``Theo Đề án 938, nữ chiếm 61% ...``).

    Rule 1b (between 1 and 2): a figure at most 30 characters after a mention with no
    punctuation between belongs to it (``ủng hộ Quỹ “Vì người nghèo” của huyện 185 triệu``).

    Figures that count programmes (``02 cuộc thi``, ``03 mô hình điểm``) are never linked.
    """
    s, e = sent
    if not mentions:
        return
    clauses = _clauses(text, s, e)
    kre = _kind_re()

    def clause_of(pos: int) -> tuple[int, int]:
        for c in clauses:
            if c[0] <= pos <= c[1]:
                return c
        return clauses[-1]

    sent_scope = None
    first, first_pid = mentions[0]
    if _SENT_SCOPE_RE.match(text[s:first.start]):
        last_end = max(m.end for m, pid in mentions if pid == first_pid and m.start < first.end + 200)
        tail = re.match(r"\s*(?:\([^()]{0,80}\))?[^,;()\d]{0,60},", text[last_end:e])
        if tail:
            sent_scope = (last_end, first_pid)
    for fig in figures:
        if getattr(fig, "programme_id", None):
            continue
        fs, fe = fig.span.start, fig.span.end
        # a figure counting programmes: "02 cuộc thi", "3 mô hình mới"
        after = text[fe:min(e, fe + 24)]
        km = kre.match(after.lstrip())
        if km or kre.match(text, fe + 1, min(e, fe + 24)):
            continue
        if getattr(fig, "counted", None) and kre.match(str(fig.counted).strip()):
            continue
        cs, ce = clause_of(fs)
        pid = None
        why = None
        # rule 1: "Programme: ..."
        for men, mpid in mentions:
            if men.end <= fs and cs <= men.start:
                rest = text[men.end:fs]
                if re.match(r"\s*(?:\([^()]{0,80}\))?\s*:", rest) and not _COLON_CUT_RE.search(rest):
                    pid = mpid
                    why = LINK_COLON
        # rule 1b: the figure right after a mention ("ủng hộ Quỹ “X” của huyện 185 triệu đồng")
        if pid is None:
            for men, mpid in mentions:
                if men.end <= fs and fs - men.end <= 30 and cs <= men.start and not re.search(r"[,:;()]", text[men.end:fs]):
                    pid = mpid
                    why = LINK_AFTER
        # rule 2: one cued mention in the clause
        if pid is None:
            in_clause = [(men, mpid) for men, mpid in mentions if cs <= men.start and men.end <= ce]
            pids = {mpid for _, mpid in in_clause}
            if len(pids) == 1:
                men, mpid = in_clause[0]
                if _CUE_BEFORE_RE.search(text[max(cs, men.start - 40):men.start]) and not (men.start <= fs < men.end):
                    pid = mpid
                    why = LINK_CLAUSE
        # rule 3: sentence scope
        if pid is None and sent_scope and fs >= sent_scope[0]:
            pid = sent_scope[1]
            why = LINK_SENTENCE
        if pid is not None:
            fig.programme_id = pid
            fig.rule = chain(fig.rule, why)


@register("programme_links", order=350, fields=(), reads=("programmes",),
          edits=("money", "percentages", "quantities"))
def recognize_programme_links(ctx) -> None:
    """Link figures to programmes (see :func:`link_figures`) and drop figures inside a
    programme name or number (``Đề án 938`` -> no quantity 938)."""
    linked: list[tuple[Mention, str]] = ctx.cache.get("programme_mentions") or []
    if not linked:
        return
    inside: list[tuple[int, int]] = []
    for men, _ in linked:
        if men.number and not men.quoted:
            inside.append((men.start, men.end))
        elif men.name:
            inside.append((men.name_start, men.name_end))
        for s, e in men.extra:
            inside.append((s, e))
    for fname in ("money", "percentages", "quantities"):
        lst = ctx.facts.get(fname)
        if not lst:
            continue
        keep = [f for f in lst if not any(s <= f.span.start and f.span.end <= e for s, e in inside)]
        if len(keep) != len(lst):
            lst[:] = keep
    by_sent: dict[int, list] = {}
    for fname in ("money", "percentages", "quantities"):
        for f in ctx.facts.get(fname) or []:
            if f.span.sentence is not None:
                by_sent.setdefault(f.span.sentence, []).append(f)
    men_by_sent: dict[int, list] = {}
    for men, pid in linked:
        si = ctx.sentence_index(men.start)
        if si is not None:
            men_by_sent.setdefault(si, []).append((men, pid))
    for si, figs in by_sent.items():
        mens = men_by_sent.get(si)
        if not mens:
            continue
        sent = ctx.sentences[si]
        figs.sort(key=lambda f: f.span.start)
        link_figures(ctx.text, (sent.start, sent.end), mens, figs)
