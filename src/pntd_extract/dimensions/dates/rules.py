"""Date rules: ``ngày 9/1``, ``9/1/2024``, ``ngày 05 tháng 09 năm 2024``, ``tháng 10/2023``,
``quý I/2024``, ``năm 2023``, ``giai đoạn 2016-2020`` ... and their resolution.

A bare ``d/m`` needs a cue word (``date_cues.tsv``: ngày, sáng, chiều ...) or brackets;
``2-3 tháng`` is a duration and ``18.120 tấn`` a weight, never dates. Context phrases
(``date_context.tsv``: sinh ngày, hạn sử dụng ...) mark dates that are not the reported event.

    >>> import datetime as dt
    >>> resolve_date(RawDate("day", 0, 3, None, 1, 9), dt.date(2024, 1, 10))
    ('2024-01-09', True)
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional

from ...numbers import Token
from ...rule import REJECT, Rule, RuleList, declare
from ...figures.tokens import _DASHES, _LEAD_TOKENS, _MONTH_WORD, _PhraseTable, _ROMAN_Q, _glued_num, _glued_sym, _is_plain_year, _is_year, _label_before, _lex, _plain_int, _valid_dm

__all__ = ['RawDate', 'resolve_date']


@dataclass
class RawDate:
    """A date mention before resolution: missing parts are None; ``grain`` as in the schema."""

    grain: str
    start: int
    end: int
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    quarter: Optional[int] = None
    cue: bool = False   # written after a cue word (ngày, sáng ...)
    lead: bool = False  # ... and that cue is among the first tokens of its sentence (a dateline)
    mark: Optional[str] = None  # birth | expiry | founding | membership | target | history (date_context.tsv)
    rule: Optional[str] = None  # the rule that read it (see WORD_DATES, NUMBER_DATES)


_YEAR_CUES = _PhraseTable([(p, True) for p in (
    "năm", "giai đoạn", "nhiệm kỳ", "niên khóa", "thời kỳ", "năm học", "niên độ", "mùa vụ")])


def _dm_at(toks: list[Token], j: int) -> Optional[tuple[list[tuple[int, int, Optional[int]]], int]]:
    """``d/m[/y]``, ``d-m[-y]``, ``d.m[.y]``, ``d1-d2/m[/y]`` at ``j``: ([(d, m, y)...], next index)."""
    n = len(toks)
    t = toks[j]
    if t.kind != "num":
        return None
    if "." in t.text and "," not in t.text:
        parts = t.text.split(".")
        if len(parts) in (2, 3) and all(p.isdigit() for p in parts) and len(parts[0]) <= 2 and len(parts[1]) <= 2:
            d, m = int(parts[0]), int(parts[1])
            y = int(parts[2]) if len(parts) == 3 else None
            if len(parts) == 3 and len(parts[2]) != 4:
                return None
            if _valid_dm(d, m, y):
                return [(d, m, y)], j + 1
        return None
    d = _plain_int(t, 2)
    if d is None:
        return None
    k = j + 1
    if not _glued_sym(toks, k, "/-") or not _glued_num(toks, k + 1):
        return None
    sep = toks[k].text
    m = _plain_int(toks[k + 1], 2)
    if m is None:
        return None
    k += 2
    # d1-d2/m: "ngày 9-10/1"
    if sep == "-" and _glued_sym(toks, k, "/") and _glued_num(toks, k + 1):
        m2 = _plain_int(toks[k + 1], 2)
        if m2 is not None:
            k2 = k + 2
            y = None
            if _glued_sym(toks, k2, "/") and _glued_num(toks, k2 + 1) and len(toks[k2 + 1].text) == 4:
                y = _plain_int(toks[k2 + 1])
                k2 += 2
            if _valid_dm(d, m2, y) and _valid_dm(m, m2, y) and d < m:
                return [(d, m2, y), (m, m2, y)], k2
        return None
    y = None
    if _glued_sym(toks, k, sep) and _glued_num(toks, k + 1):
        yt = toks[k + 1].text
        if not yt.isdigit() or len(yt) != 4:
            return None
        y = int(yt)
        k += 2
    if not _valid_dm(d, m, y):
        return None
    return [(d, m, y)], k


def _year_after(toks: list[Token], k: int) -> tuple[Optional[int], int]:
    """An explicit year after a month/quarter: ``/2024``, ``-2024``, ``.2024``, `` năm 2024``."""
    if _glued_sym(toks, k, "/-.") and _glued_num(toks, k + 1) and toks[k + 1].text.isdigit() \
            and len(toks[k + 1].text) == 4:
        return int(toks[k + 1].text), k + 2
    if k + 1 < len(toks) and toks[k].low == "năm" and toks[k + 1].kind == "num" and toks[k + 1].text.isdigit() \
            and len(toks[k + 1].text) == 4:
        return int(toks[k + 1].text), k + 2
    return None, k


def _followed_by_time_unit(toks: list[Token], k: int) -> bool:
    return k < len(toks) and toks[k].kind == "word" and toks[k].text in ("tháng", "năm", "ngày", "tuần", "giờ")


def _month_word(toks: list[Token], i: int):
    """"tháng 10/2023", "tháng 11", "tháng 10 năm 2023"."""
    n = len(toks)
    t = toks[i]
    if not (t.low == _MONTH_WORD and i + 1 < n and not (i > 0 and toks[i - 1].kind == "num")):
        return None
    nt = toks[i + 1]
    if nt.kind == "num" and "." in nt.text and nt.text.count(".") == 1:
        a, b = nt.text.split(".")
        if len(b) == 4 and 1 <= int(a) <= 12:
            return [RawDate("month", t.start, nt.end, int(b), int(a))], i + 2
    m = _plain_int(nt, 2)
    if m is not None and 1 <= m <= 12 and not (i + 2 < n and toks[i + 2].glued and toks[i + 2].kind == "word"):
        y, k = _year_after(toks, i + 2)
        if y is not None and not _is_year(y):
            return REJECT
        return [RawDate("month", t.start, toks[k - 1].end, y, m)], k
    return REJECT


def _quarter_q(toks: list[Token], i: int):
    """"Q3/2013" (finance tables)."""
    t = toks[i]
    if not (t.text == "Q" and _glued_num(toks, i + 1) and toks[i + 1].text in "1234" and len(toks[i + 1].text) == 1):
        return None
    y, k = _year_after(toks, i + 2)
    if y is not None:
        return [RawDate("quarter", t.start, toks[k - 1].end, y, quarter=int(toks[i + 1].text))], k
    return REJECT


def _quarter_word(toks: list[Token], i: int):
    """"quý I/2024", "quý 3 năm 2023"."""
    t = toks[i]
    if not (t.low == "quý" and i + 1 < len(toks)):
        return None
    nt = toks[i + 1]
    q = _ROMAN_Q.get(nt.low) if nt.kind == "word" and nt.text.isupper() else _plain_int(nt, 1)
    if q is not None and 1 <= q <= 4:
        y, k = _year_after(toks, i + 2)
        return [RawDate("quarter", t.start, toks[k - 1].end, y, quarter=q)], k
    return REJECT


def _year_cue(toks: list[Token], i: int):
    """"năm 2023", "giai đoạn 2016-2020", "năm 2011, 2018 và 2019"."""
    yc = _YEAR_CUES.match(toks, i)
    if yc is None:
        return None
    n = len(toks)
    t = toks[i]
    k = yc[1]
    if k < n and toks[k].kind == "num" and toks[k].text.isdigit() and len(toks[k].text) == 4 \
            and _is_year(int(toks[k].text)):
        y1 = int(toks[k].text)
        start = t.start if t.low == "năm" and yc[1] == i + 1 else toks[k].start
        out = [RawDate("year", start, toks[k].end, y1)]
        k += 1
        if k + 1 < n and (toks[k].text in _DASHES or toks[k].low in ("đến", "tới")) \
                and toks[k + 1].kind == "num" and toks[k + 1].text.isdigit() and len(toks[k + 1].text) == 4:
            y2 = int(toks[k + 1].text)
            if y1 < y2 <= y1 + 50:
                out.append(RawDate("year", toks[k + 1].start, toks[k + 1].end, y2))
                k += 2
        # enumerations: "năm 2011, 2018 và 2019"
        while k + 1 < n and (toks[k].text == "," or toks[k].low == "và") and _is_plain_year(toks[k + 1]) \
                and (k + 2 >= n or toks[k + 2].low == "và" or toks[k + 2].text in ",.;)"):
            out.append(RawDate("year", toks[k + 1].start, toks[k + 1].end, int(toks[k + 1].text)))
            k += 2
        return out, k
    return REJECT


def _cue_day(toks: list[Token], i: int):
    """cue word + d/m: "Ngày 9/1", "sáng 2/3", "ngày 05 tháng 09 năm 2024"."""
    cm = _lex().cues.match(toks, i)
    if cm is None:
        return None
    n = len(toks)
    j = cm[1]
    if j + 1 < n and toks[j].text == "," and toks[j + 1].kind == "num":
        j += 1  # "thứ Hai, 25-12", "Tối nay, 22-12"
    if j < n and toks[j].kind == "num":
        got = _dm_at(toks, j)
        res = None
        if got is not None and not _followed_by_time_unit(toks, got[1]):
            res = _dates_from_dm(toks, got, j, cue=True)
        else:
            res = _d_thang_m(toks, j)
        if res is not None and _at_sentence_head(toks, i):
            res[0][0].lead = True
        return REJECT if res is None else res
    return REJECT


def _glued_to_word(toks: list[Token], i: int):
    """"9T/2013", "A321": a number glued to a word starts no date."""
    return REJECT if toks[i].glued and i > 0 and toks[i - 1].kind == "word" else None


def _bare_dm(toks: list[Token], i: int):
    """bare full date 9/1/2024, 05-09-2024, 12.3.2024; a bare d/m only in brackets "(9/1)"."""
    got = _dm_at(toks, i)
    if got is None:
        return None
    (d, m, y) = got[0][0]
    if y is not None:
        return _dates_from_dm(toks, got, i, cue=False)
    if i > 0 and toks[i - 1].text == "(" and got[1] < len(toks) and toks[got[1]].text == ")":
        return _dates_from_dm(toks, got, i, cue=False)
    return REJECT


def _bare_month_year(toks: list[Token], i: int):
    """bare month/year: 10/2023 (not after a label word)."""
    t = toks[i]
    n = len(toks)
    m = _plain_int(t, 2)
    if m is not None and 1 <= m <= 12 and not _label_before(toks, i) and _glued_sym(toks, i + 1, "/") \
            and _glued_num(toks, i + 2) and toks[i + 2].text.isdigit() and len(toks[i + 2].text) == 4 \
            and not (i + 3 < n and toks[i + 3].glued):
        return [RawDate("month", t.start, toks[i + 2].end, int(toks[i + 2].text), m)], i + 3
    return None


def _day_thang_year(toks: list[Token], i: int):
    """"5 tháng 9 năm 2024" without a cue: only with the year."""
    return _d_thang_m(toks, i, need_year=True)


WORD_DATES = RuleList("dates.word", [
    Rule("dates.month_word", "tháng + month [+ year]: tháng 10/2023, tháng 11, tháng 10 năm 2023", _month_word),
    Rule("dates.quarter_q", "Q + quarter + year: Q3/2013", _quarter_q),
    Rule("dates.quarter_word", "quý + quarter [+ year]: quý I/2024, quý 3 năm 2023", _quarter_word),
    Rule("dates.year_cue", "a year cue + 4-digit year(s): năm 2023, giai đoạn 2016-2020", _year_cue),
    Rule("dates.cue_day", "a cue word + day/month [+ year]: Ngày 9/1, sáng 2/3, ngày 05 tháng 09 năm 2024; "
         "at the head of a sentence it is a dateline", _cue_day, ("date_cues.tsv",)),
])
"""Try-order of the dates that start with a word."""

NUMBER_DATES = RuleList("dates.number", [
    Rule("dates.glued_to_word", "a number glued to a word (9T/2013, A321) starts no date", _glued_to_word),
    Rule("dates.bare_day", "a full date without cue (9/1/2024, 05-09-2024, 12.3.2024) or a bracketed (9/1)",
         _bare_dm),
    Rule("dates.bare_month_year", "month/year without cue: 10/2023 (not after a label word)", _bare_month_year,
         ("number_labels.tsv",)),
    Rule("dates.day_thang_year", "day tháng month năm year without cue: 5 tháng 9 năm 2024", _day_thang_year),
])
"""Try-order of the dates that start with a number."""


declare("dates.context_mark", "a context phrase within three tokens before a date marks it as not the reported "
        "event (sinh ngày, hạn sử dụng, thành lập năm): never a dateline year", ("date_context.tsv",))


def _date_first_words() -> frozenset:
    return frozenset({_MONTH_WORD, "q", "quý"} | set(_YEAR_CUES.by_first) | set(_lex().cues.by_first))


_FIRST: list = []


def _match_date(toks: list[Token], i: int) -> Optional[tuple[list[RawDate], int]]:
    """A date mention at token ``i``: (raw dates, index after), or None (rules: :data:`WORD_DATES`,
    :data:`NUMBER_DATES`); each raw date's ``rule`` names the rule that read it."""
    t = toks[i]
    if t.kind == "word":
        if not _FIRST:
            _FIRST.append(_date_first_words())
        if t.low not in _FIRST[0]:
            return None  # no date rule opens with this word
        got = WORD_DATES.pick(toks, i, at=t.start)
    elif t.kind == "num":
        got = NUMBER_DATES.pick(toks, i, at=t.start)
    else:
        return None
    if got is None:
        return None
    rule, res = got
    for rd in res[0]:
        rd.rule = rule.name
    return res


def _at_sentence_head(toks: list[Token], i: int) -> bool:
    """A cue at the head of its sentence: first token, after other cue words ("Sáng ngày"), or
    after a short source tag and a dash ("QĐND Online - Ngày 23-10")."""
    if i == 0:
        return True
    lex = _lex()
    if all(lex.cues.match(toks, k) is not None for k in range(i)):
        return True
    return i <= _LEAD_TOKENS and toks[i - 1].text in "-–—:"


def _d_thang_m(toks: list[Token], j: int, need_year: bool = False) -> Optional[tuple[list[RawDate], int]]:
    n = len(toks)
    d = _plain_int(toks[j], 2)
    if d is None or j + 2 >= n or toks[j + 1].low != _MONTH_WORD:
        return None
    m = _plain_int(toks[j + 2], 2)
    if m is None:
        return None
    y, k = _year_after(toks, j + 3)
    if need_year and y is None:
        return None
    if not _valid_dm(d, m, y):
        return None
    return [RawDate("day", toks[j].start, toks[k - 1].end, y, m, d, cue=not need_year)], k


def _dates_from_dm(toks, got, j, cue):
    items, k = got
    if len(items) == 1:
        d, m, y = items[0]
        out = [RawDate("day", toks[j].start, toks[k - 1].end, y, m, d, cue=cue)]
    else:  # "9-10/1": first day spans its digits only, second the rest
        (d1, m1, y1), (d2, m2, y2) = items
        out = [RawDate("day", toks[j].start, toks[j].end, y1, m1, d1, cue=cue),
               RawDate("day", toks[j + 2].start, toks[k - 1].end, y2, m2, d2, cue=False)]
    # "từ ngày 1/7 đến 5/7", "9/1 - 12/1"
    n = len(toks)
    if k + 1 < n and (toks[k].low in ("đến", "tới") or toks[k].text in _DASHES):
        got2 = _dm_at(toks, k + 1)
        if got2 is not None and not _followed_by_time_unit(toks, got2[1]):
            more, k2 = _dates_from_dm(toks, got2, k + 1, cue=False)
            return out + more, k2
    return out, k


def _date_mark(toks: list[Token], i: int) -> Optional[str]:
    """Kind of the context phrase (``date_context.tsv``) written within three tokens before the
    date starting at token ``i`` ("sinh ngày", "hạn sử dụng", "thành lập năm", "vào Đảng ngày"),
    or None. The earliest phrase wins, so "tính đến hết tháng 10" stays an as-of date."""
    table = _lex().date_marks
    for k in range(max(0, i - 3), i):
        m = table.match(toks, k)
        if m is not None and m[1] <= i + (1 if toks[i].kind == "word" else 0):
            return None if m[0] == "asof" else str(m[0])
    return None


def resolve_date(raw: RawDate, published: Optional[_dt.date]) -> tuple[str, bool]:
    """ISO value at the raw date's grain and ``year_inferred``.

    A missing year is taken from ``published``: the year (published year ±1) that puts the
    date nearest to the publication date (a "20/12" in a January article is last December).
    Without ``published`` the value is ``--MM-DD`` / ``--MM`` / ``--Q1`` and year_inferred False.

    >>> resolve_date(RawDate("day", 0, 3, None, 1, 9), _dt.date(2024, 1, 10))
    ('2024-01-09', True)
    """
    y = raw.year
    inferred = False
    if y is None and published is not None:
        inferred = True
        best = None
        for cand in (published.year - 1, published.year, published.year + 1):
            try:
                if raw.grain == "day":
                    dd = _dt.date(cand, raw.month, raw.day)
                elif raw.grain == "month":
                    dd = _dt.date(cand, raw.month, 15)
                else:
                    dd = _dt.date(cand, 3 * (raw.quarter or 1) - 1, 15)
            except ValueError:
                continue
            dist = abs((dd - published).days)
            if best is None or dist < best[0]:
                best = (dist, cand)
        y = best[1] if best else published.year
    if raw.grain == "year":
        return f"{raw.year:04d}", False
    if raw.grain == "quarter":
        return (f"{y:04d}-Q{raw.quarter}" if y else f"--Q{raw.quarter}"), inferred
    if raw.grain == "month":
        return (f"{y:04d}-{raw.month:02d}" if y else f"--{raw.month:02d}"), inferred
    return (f"{y:04d}-{raw.month:02d}-{raw.day:02d}" if y else f"--{raw.month:02d}-{raw.day:02d}"), inferred
