"""The article as the checks read it (:class:`_Doc`: sentences, passages, figures) and helpers
shared by every check family.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any
from typing import Optional

from ... import schema as S
from ...rule import declare
from .figures import Fig, measure_of


MAX_PARTS_FOR_MISMATCH = 5


MAX_PARTS_CONSIDERED = 12


PART_WINDOW = 250  # characters after "trong đó" where its parts are read


MAX_FIGS_SCANNED = 60  # figures looked at before one total; more means a table, not a list of parts


MAX_CLAUSE_GAP = 40


# durations and ages are not summed, compared or divided (9 tháng, 36 tuổi)


@dataclass
class _Doc:
    text: str
    sentences: list  # (index, start, end)
    paragraphs: list  # (start, end)
    figs: list[Fig]
    span: Any  # (start, end) -> schema Span

    def __post_init__(self) -> None:
        self.sentences.sort(key=lambda x: x[1])
        self.paragraphs.sort()
        self._sent_starts = [x[1] for x in self.sentences]
        self._para_starts = [x[0] for x in self.paragraphs]
        self._fig_starts = [f.start for f in self.figs]
        self._semis = [m.start() for m in re.finditer(";", self.text)]
        self._cue_cache: dict = {}

    def sentence(self, fig_or_pos) -> Optional[tuple[int, int, int]]:
        pos = fig_or_pos.start if isinstance(fig_or_pos, Fig) else fig_or_pos
        i = bisect_right(self._sent_starts, pos) - 1
        if i >= 0:
            s = self.sentences[i]
            if s[1] <= pos < max(s[2], s[1] + 1):
                return s
        return None

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._para_starts, pos) - 1
        if i >= 0 and self.paragraphs[i][0] <= pos < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return (pos, pos + 1)

    def figs_in(self, start: int, end: int, limit: Optional[int] = None) -> list[Fig]:
        """Figures lying inside ``[start, end)``; with ``limit``, at most ``limit + 1`` of them
        (the last ones), so that callers can tell "too many" in bounded time."""
        if limit is not None:
            j = bisect_left(self._fig_starts, end)
            i = max(bisect_left(self._fig_starts, start), j - limit - 1)
        else:
            i = bisect_left(self._fig_starts, start)
        out = []
        while i < len(self.figs) and self.figs[i].start < end:
            if self.figs[i].end <= end:
                out.append(self.figs[i])
            i += 1
        return out

    def clause(self, pos: int) -> tuple[int, int]:
        s = self.sentence(pos)
        if s is None:
            return (pos, pos + 1)
        i = bisect_left(self._semis, pos)
        a = self._semis[i - 1] if i > 0 and self._semis[i - 1] >= s[1] else -1
        b = self._semis[i] if i < len(self._semis) and self._semis[i] < s[2] else -1
        return (s[1] if a < 0 else a + 1, s[2] if b < 0 else b)

    def sent_span(self, pos: int) -> Optional[S.Span]:
        s = self.sentence(pos)
        return None if s is None else self.span(s[1], s[2])

    def quote_span(self, pos: int) -> Optional[S.Span]:
        """The sentence at ``pos``, or its ``;``-clause when the sentence is over 300 characters."""
        s = self.sentence(pos)
        if s is None:
            return None
        if s[2] - s[1] <= 300:
            return self.span(s[1], s[2])
        a, b = self.clause(pos)
        while a < b and self.text[a].isspace():
            a += 1
        return self.span(a, b)


def _same_unit(a: Fig, b: Fig, loose: bool = False) -> bool:
    if a.kind != b.kind or a.kind == "percent":
        return False
    if a.kind == "money":
        return a.unit == b.unit and not a.per and not b.per
    if not a.unit or not b.unit:
        return False
    if a.unit == b.unit:
        return True
    ma, mb = measure_of(a.unit), measure_of(b.unit)
    if ma is not None or mb is not None:  # 2 tấn and 500 kg compare; 7 tạ and 7 hộ do not
        return ma is not None and mb is not None and ma[0] == mb[0]
    x, y = a.unit.split(), b.unit.split()
    n = min(len(x), len(y))
    if x[:n] == y[:n]:
        return True
    if loose and y and (y[-1] in ("nữ", "nam") or y[0] in ("nữ", "nam")):
        return True
    return False


def _between_has_fig(doc: _Doc, s: int, e: int) -> bool:
    return bool(doc.figs_in(s, e))


def _unit_label(f: Fig) -> str:
    if f.kind == "money":
        return {"VND": "đồng"}.get(f.unit or "", f.unit or "")
    return f.unit or ""


def _check(kind, status, message, values, spans) -> S.Check:
    uniq, seen = [], set()
    for sp in spans:
        if sp is not None and (sp.start, sp.end) not in seen:
            seen.add((sp.start, sp.end))
            uniq.append(sp)
    uniq.sort(key=lambda sp: sp.start)
    return S.Check(kind=kind, status=status, message=message, values=values, spans=uniq,
                   rule=CHECK_RULES.get(kind, f"checks.{kind}"))


CHECK_RULES = {
    "total": declare("checks.total", "a stated total (check_cues.tsv: tổng số tiền, tổng cộng) against the sum of "
                     "its same-unit parts in the passage", ("check_cues.tsv", "check_units.tsv")),
    "raise": declare("checks.raise", "'thêm N ... nâng tổng số M': the count before the raise", ("check_cues.tsv",)),
    "part": declare("checks.part", "'A ..., trong đó B' with the same unit: B must not exceed A", ("check_cues.tsv",)),
    "percentage": declare("checks.percentage", "a stated percentage against the figures it refers to in its clause "
                          "(18/20 xã, đạt P% kế hoạch B, chiếm P% tổng số)", ("check_cues.tsv",)),
    "unit_value": declare("checks.unit_value", "count x unit value against a stated total, or the unit value / "
                          "implied total (735 chiếc làn nhựa trị giá 18.375.000 đồng)", ("check_cues.tsv",
                                                                                         "check_units.tsv")),
}
"""The rule of each check kind (the check family that produced it)."""
