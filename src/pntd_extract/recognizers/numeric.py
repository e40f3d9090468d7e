"""Character-level recognizers for figures: money, percentages, quantities and dates.

They never use word segmentation: each read sentence (title, body, caption) is cut into
number / word / symbol tokens by :func:`pntd_extract.numbers.tokenize` and scanned once, left
to right, by :func:`scan`. At each token the scanner tries, in this order:

1. things that are *not* figures and must be skipped whole: document codes
   (``1234/QĐ-UBND``, ``26-NQ/TW``), phone numbers (``0912.345.678``, ``024.3825.1234``),
   times (``9h30``, ``9:30``), numbers glued to letters (``COVID-19``, ``2A``, ``5G``);
2. a date (``ngày 9/1``, ``9/1/2024``, ``05/09/2024``, ``ngày 05 tháng 09 năm 2024``,
   ``tháng 10/2023``, ``tháng 11``, ``năm 2023``, ``quý I/2024``, ``ngày 12.3`` ...). A bare
   ``d/m`` needs a cue word (``data/lexicons/date_cues.tsv``: ngày, sáng, chiều ...) or
   brackets; ``2-3 tháng`` is a duration and ``18.120 tấn`` a weight, never dates;
3. a figure: a numeral (:func:`pntd_extract.numbers.read_numeral`) and its marker: a
   currency (money), ``%``/``phần trăm`` (percentage), a unit (quantity with ``unit``) or a
   counted noun phrase (quantity with ``counted``). Ranges (``từ 1,2 đến 1,5 tỷ đồng``,
   ``1.000-2.000 đồng``, ``61-64%``) give one fact with qualifier ``range``; ``từ A lên B``
   is a change and gives two facts. Qualifier words come from ``qualifiers.tsv``. A range
   whose low end cannot share the high end's scale in order (``từ 5 đến 3 triệu đồng``) is
   no range: only the high end is read. Money priced with ``mỗi`` gets ``per`` = the noun
   (``mỗi hộ 10 triệu đồng``, ``3 đến 5 triệu đồng mỗi hộ``, ``mỗi suất trị giá 500.000
   đồng``; link words from ``each_links.tsv``).

A number after a label word (``number_labels.tsv``: Đề án 938, số 6, lần thứ 3, đợt 2, TDP 6,
thế kỷ 21) is never a quantity, unless the label word ends a verb ("quy tập 18 bộ hài cốt").
``đồng`` followed by a compound syllable (``dong_compounds.tsv``: đồng chí, đồng thời, đồng
tiền, đồng xu ...) is never money: ``4 đồng chí`` is a count of people, ``6 đồng tiền`` a count
of currencies; "soft" compounds (tiền, bằng) stay money after a scaled or large amount
(``200 nghìn đồng tiền ăn``). A unit word that starts a word with the next syllable
(``unit_compounds.tsv``: ``4 ký kết``, ``tấn công``) is not a unit. In a range, a low end of
plain digits shares the high end's thousands groups (``250-280.000 đồng`` = 250.000-280.000).
A counted noun phrase (≤ 4 syllables) never ends on the first syllable of a two-syllable word
(the underthesea Viet74K word list, read as data): ``18 bộ hài cốt | liệt sĩ``.

Recognizers (orders 100-199): ``numeric_published`` (100) infers the publication date when
none was given, ``dates`` (110), ``money`` (120), ``percentages`` (130), ``quantities`` (140).

Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Tin\\n\\nNgày 9/1, Hội trao 2.581,3 triệu đồng cho 3.604 hộ.", published="2024-01-10")
    >>> rec.money[0].amount, rec.quantities[0].counted, rec.dates[0].value
    (2581300000, 'hộ', '2024-01-09')
"""
from __future__ import annotations

import calendar
import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from .. import schema as S
from ..numbers import Numeral, Token, load_lexicon, number_words, parse_digits, read_numeral, tokenize
from ..registry import register

__all__ = [
    "RawFigure", "RawDate", "scan", "resolve_date", "infer_published", "NUMERIC_RECOGNIZERS",
]

NUMERIC_RECOGNIZERS = frozenset({"numeric_published", "dates", "money", "percentages", "quantities"})


# ---------------------------------------------------------------- lexicons


class _PhraseTable:
    """Lower-cased token phrases -> payload, longest match first."""

    def __init__(self, rows: list[tuple[str, object]]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for phrase, payload in rows:
            words = tuple(phrase.split())
            self.by_first.setdefault(words[0], []).append((words, payload))
        for lst in self.by_first.values():
            lst.sort(key=lambda x: -len(x[0]))

    def match(self, toks: list[Token], k: int) -> Optional[tuple[object, int]]:
        """Longest phrase starting at token ``k``: (payload, index after it) or None."""
        if k >= len(toks):
            return None
        for words, payload in self.by_first.get(toks[k].low, ()):
            n = len(words)
            if k + n <= len(toks) and all(toks[k + m].low == words[m] for m in range(1, n)):
                return payload, k + n
        return None

    def match_ending(self, toks: list[Token], k: int) -> Optional[tuple[object, int]]:
        """Longest phrase whose last token is ``k``: (payload, index of its first token)."""
        best = None
        for back in range(0, 4):
            s = k - back
            if s < 0:
                break
            m = self.match(toks, s)
            if m is not None and m[1] == k + 1:
                best = (m[0], s)
        return best


@dataclass(frozen=True)
class _Lex:
    currencies: _PhraseTable
    prefix_currencies: _PhraseTable
    units: _PhraseTable
    qual_before: _PhraseTable
    qual_after: _PhraseTable
    labels: _PhraseTable
    stops: _PhraseTable
    cues: _PhraseTable
    dong_compounds: frozenset
    keep: frozenset
    date_marks: _PhraseTable
    dong_soft: frozenset = frozenset()


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    cur = load_lexicon("currencies.tsv")
    for r in cur:
        if len(r) < 3 or len(r[1]) != 3 or r[2] not in ("after", "before", "both"):
            raise ValueError(f"currencies.tsv: bad row {r!r} (surface, ISO code, after|before|both)")
    units = load_lexicon("units.tsv")
    for r in units:
        if len(r) < 3 or r[2] not in ("measure", "time", "age"):
            raise ValueError(f"units.tsv: bad row {r!r} (surface, unit, measure|time|age)")
    quals = load_lexicon("qualifiers.tsv")
    for r in quals:
        if len(r) < 3 or r[1] not in ("over", "under", "approx") or r[2] not in ("before", "after"):
            raise ValueError(f"qualifiers.tsv: bad row {r!r} (phrase, over|under|approx, before|after)")
    return _Lex(
        currencies=_PhraseTable([(r[0], r[1]) for r in cur if r[2] in ("after", "both")]),
        prefix_currencies=_PhraseTable([(r[0], r[1]) for r in cur if r[2] in ("before", "both")]),
        units=_PhraseTable([(r[0], (r[1], r[2])) for r in units]),
        qual_before=_PhraseTable([(r[0], r[1]) for r in quals if r[2] == "before"]),
        qual_after=_PhraseTable([(r[0], r[1]) for r in quals if r[2] == "after"]),
        labels=_PhraseTable([(r[0], True) for r in load_lexicon("number_labels.tsv")]),
        stops=_PhraseTable([(r[0], True) for r in load_lexicon("counted_stop.tsv")]),
        cues=_PhraseTable([(r[0], r[1] if len(r) > 1 else "cue") for r in load_lexicon("date_cues.tsv")]),
        dong_compounds=frozenset(r[0] for r in load_lexicon("dong_compounds.tsv")),
        keep=frozenset(tuple(r[0].split()) for r in load_lexicon("counted_keep.tsv")),
        dong_soft=frozenset(r[0] for r in load_lexicon("dong_compounds.tsv") if len(r) > 1 and r[1] == "soft"),
        date_marks=_PhraseTable([(r[0], r[1]) for r in load_lexicon("date_context.tsv") if len(r) >= 2]),
    )


# ---------------------------------------------------------------- raw facts


@dataclass
class RawFigure:
    """A figure found by :func:`scan`; offsets into the scanned text.

    ``kind``: ``money`` | ``percent`` | ``quantity``; ``value``/``value_max`` exact Decimals;
    ``currency`` ISO 4217 (money); ``unit``/``counted`` (quantity); ``per`` (unit price).
    """

    kind: str
    value: Decimal
    start: int
    end: int
    value_max: Optional[Decimal] = None
    qualifier: str = "exact"
    currency: Optional[str] = None
    per: Optional[str] = None
    unit: Optional[str] = None
    counted: Optional[str] = None


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


@dataclass
class _Marker:
    kind: str  # money | percent | unit | counted
    k: int     # token index after the marker
    end: int   # text offset after the marker
    currency: Optional[str] = None
    unit: Optional[str] = None
    unit_kind: Optional[str] = None
    counted: Optional[str] = None
    per: Optional[str] = None


@dataclass
class ScanResult:
    figures: list[RawFigure] = field(default_factory=list)
    dates: list[RawDate] = field(default_factory=list)


# ---------------------------------------------------------------- helpers

_DASHES = frozenset("-–—")
_RANGE_WORDS = frozenset({"đến", "tới", "~"})
_CHANGE_WORDS = frozenset({"lên", "xuống"})
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH_WORD = "tháng"
_LEAD_TOKENS = 6
_COUNTED_MAX = 4  # syllables of a counted noun phrase
_CODE_TOKENS = 12  # document codes are short: bounded look-ahead keeps the scan linear
_MIN_BODY_SENTENCES = 3  # publication dates are inferred for articles, not for one-line snippets  # a cue word within the first tokens of a sentence starts a dateline
_YEAR_CUES = _PhraseTable([(p, True) for p in (
    "năm", "giai đoạn", "nhiệm kỳ", "niên khóa", "thời kỳ", "năm học", "niên độ", "mùa vụ")])


def _plain_int(t: Token, max_len: int = 4) -> Optional[int]:
    if t.kind == "num" and t.text.isdigit() and len(t.text) <= max_len:
        return int(t.text)
    return None


def _is_plain_year(t: Token) -> bool:
    return t.kind == "num" and t.text.isdigit() and len(t.text) == 4 and 1900 <= int(t.text) <= 2100


def _valid_dm(d: int, m: int, y: Optional[int]) -> bool:
    if not (1 <= m <= 12 and d >= 1):
        return False
    return d <= calendar.monthrange(y if y else 2024, m)[1]


def _is_year(y: Optional[int]) -> bool:
    return y is not None and 1000 <= y <= 2199


def _glued_sym(toks: list[Token], k: int, chars: str) -> bool:
    return k < len(toks) and toks[k].glued and toks[k].kind == "sym" and toks[k].text in chars


def _glued_num(toks: list[Token], k: int) -> bool:
    return k < len(toks) and toks[k].glued and toks[k].kind == "num"


# ---------------------------------------------------------------- skips


def _skip_non_figure(toks: list[Token], i: int) -> Optional[int]:
    """Index after a number that is not a figure (code, phone, time, glued), or None."""
    t = toks[i]
    n = len(toks)
    digits = sum(c.isdigit() for c in t.text)
    # glued to a preceding word or word-hyphen: COVID-19, H5N1, A321, TP.HCM2
    if t.glued and i > 0:
        p = toks[i - 1]
        if p.kind == "word":
            return _chain_end(toks, i)
        if p.kind == "sym" and p.text in "-./" and i > 1 and p.glued and toks[i - 2].kind == "word":
            return _chain_end(toks, i)
        if p.text == "+":
            return _chain_end(toks, i)
    # phone numbers: leading zero and long
    if t.text[0] == "0" and digits >= 4 and (len(t.text) < 2 or t.text[1].isdigit()):
        return _chain_end(toks, i, spaced_digits=True)
    # fractions and codes: 2/3, 6/2 (a d/m without a cue word is not a date either)
    if _glued_sym(toks, i + 1, "/") and _glued_num(toks, i + 2):
        return _chain_end(toks, i)
    # times 9:30, 9h30, 9g
    if _glued_sym(toks, i + 1, ":") and _glued_num(toks, i + 2):
        return _chain_end(toks, i)
    if i + 1 < n and toks[i + 1].glued and toks[i + 1].kind == "word" and toks[i + 1].low in ("h", "g", "giờ") \
            and t.text.isdigit():
        return _chain_end(toks, i)
    # document codes: 1234/QĐ-UBND, 26-NQ/TW, 100/2019/NĐ-CP
    k = i + 1
    saw_sep = False
    while k < min(n, i + _CODE_TOKENS) and toks[k].glued and (toks[k].kind in ("num", "word") or toks[k].text in "/-."):
        tk = toks[k]
        if tk.kind == "sym":
            saw_sep = saw_sep or tk.text in "/-"
        elif tk.kind == "word" and saw_sep and any(c.isupper() for c in tk.text) \
                and _lex().currencies.match(toks, k) is None and _lex().units.match(toks, k) is None:
            return _chain_end(toks, i)
        k += 1
    return None


def _chain_end(toks: list[Token], i: int, spaced_digits: bool = False) -> int:
    k = i + 1
    while k < len(toks) and toks[k].glued and (toks[k].kind in ("num", "word") or toks[k].text in "/-.:)("):
        if toks[k].kind == "sym" and toks[k].text in ")(":
            break
        k += 1
    if spaced_digits:  # "0912 345 678"
        while k < len(toks) and toks[k].kind == "num" and toks[k].text.isdigit() and len(toks[k].text) in (2, 3, 4):
            k += 1
    return k


# ---------------------------------------------------------------- dates


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


def _match_date(toks: list[Token], i: int) -> Optional[tuple[list[RawDate], int]]:
    """A date mention at token ``i``: (raw dates, index after), or None."""
    lex = _lex()
    n = len(toks)
    t = toks[i]
    if t.kind == "word":
        low = t.low
        # "tháng 10/2023", "tháng 11", "tháng 10 năm 2023"
        if low == _MONTH_WORD and i + 1 < n and not (i > 0 and toks[i - 1].kind == "num"):
            nt = toks[i + 1]
            if nt.kind == "num" and "." in nt.text and nt.text.count(".") == 1:
                a, b = nt.text.split(".")
                if len(b) == 4 and 1 <= int(a) <= 12:
                    return [RawDate("month", t.start, nt.end, int(b), int(a))], i + 2
            m = _plain_int(nt, 2)
            if m is not None and 1 <= m <= 12 and not (i + 2 < n and toks[i + 2].glued and toks[i + 2].kind == "word"):
                y, k = _year_after(toks, i + 2)
                if y is not None and not _is_year(y):
                    return None
                return [RawDate("month", t.start, toks[k - 1].end, y, m)], k
            return None
        # "Q3/2013" (finance tables)
        if t.text == "Q" and _glued_num(toks, i + 1) and toks[i + 1].text in "1234" and len(toks[i + 1].text) == 1:
            y, k = _year_after(toks, i + 2)
            if y is not None:
                return [RawDate("quarter", t.start, toks[k - 1].end, y, quarter=int(toks[i + 1].text))], k
            return None
        # "quý I/2024", "quý 3 năm 2023"
        if low == "quý" and i + 1 < n:
            nt = toks[i + 1]
            q = _ROMAN_Q.get(nt.low) if nt.kind == "word" and nt.text.isupper() else _plain_int(nt, 1)
            if q is not None and 1 <= q <= 4:
                y, k = _year_after(toks, i + 2)
                return [RawDate("quarter", t.start, toks[k - 1].end, y, quarter=q)], k
            return None
        # "năm 2023", "giai đoạn 2016-2020"
        yc = _YEAR_CUES.match(toks, i)
        if yc is not None:
            k = yc[1]
            if k < n and toks[k].kind == "num" and toks[k].text.isdigit() and len(toks[k].text) == 4 \
                    and _is_year(int(toks[k].text)):
                y1 = int(toks[k].text)
                start = t.start if low == "năm" and yc[1] == i + 1 else toks[k].start
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
            return None
        # cue word + d/m: "Ngày 9/1", "sáng 2/3", "ngày 05 tháng 09 năm 2024"
        cm = lex.cues.match(toks, i)
        if cm is not None:
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
                return res
        return None
    if t.kind == "num":
        if t.glued and i > 0 and toks[i - 1].kind == "word":
            return None  # "9T/2013", "A321"
        got = _dm_at(toks, i)
        if got is not None:
            (d, m, y) = got[0][0]
            if y is not None:  # bare full date: 9/1/2024, 05-09-2024, 12.3.2024
                return _dates_from_dm(toks, got, i, cue=False)
            if i > 0 and toks[i - 1].text == "(" and got[1] < n and toks[got[1]].text == ")":
                return _dates_from_dm(toks, got, i, cue=False)
            return None
        # bare month/year: 10/2023
        m = _plain_int(t, 2)
        if m is not None and 1 <= m <= 12 and not _label_before(toks, i) and _glued_sym(toks, i + 1, "/") and _glued_num(toks, i + 2) \
                and toks[i + 2].text.isdigit() and len(toks[i + 2].text) == 4 \
                and not (i + 3 < n and toks[i + 3].glued):
            return [RawDate("month", t.start, toks[i + 2].end, int(toks[i + 2].text), m)], i + 3
        # "5 tháng 9 năm 2024" without a cue: only with the year
        got = _d_thang_m(toks, i, need_year=True)
        if got is not None:
            return got
    return None


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


# ---------------------------------------------------------------- figures


def _word_is_unit_ok(t: Token, surface: str) -> bool:
    """Reject title-case tokens for lower-case units ("Yến" is a name, "Ha" an initial)."""
    if surface.isascii() and len(surface) >= 2 and surface != "ha":
        return True  # Kw, Km, KG
    return not (t.text[:1].isupper() and not t.text.isupper() and surface.islower())


@lru_cache(maxsize=1)
def _unit_compound_pairs() -> frozenset:
    return frozenset((r[0], r[1]) for r in load_lexicon("unit_compounds.tsv") if len(r) >= 2)


def _unit_compound(unit_word: str, nxt: str) -> bool:
    """``unit_word nxt`` is a word (``unit_compounds.tsv`` or a Viet74K two-syllable word)."""
    return (unit_word, nxt) in _unit_compound_pairs() or (unit_word, nxt) in _two_syllable_words()


def _unit_at(toks: list[Token], k: int) -> Optional[tuple[str, str, int]]:
    lex = _lex()
    if k >= len(toks) or toks[k].kind not in ("word", "sym"):
        return None
    # glued m2 / km2 / m3
    if toks[k].kind == "word" and _glued_num(toks, k + 1) and toks[k + 1].text in ("2", "3"):
        probe = lex.units.by_first.get(toks[k].low + toks[k + 1].text)
        if probe:
            unit, kind = probe[0][1]
            return unit, kind, k + 2
    m = lex.units.match(toks, k)
    if m is None:
        return None
    (unit, kind), k2 = m
    if not _word_is_unit_ok(toks[k], toks[k].low):
        return None
    if k2 < len(toks) and toks[k2].glued and toks[k2].kind in ("word", "num") and toks[k2 - 1].kind == "word":
        return None
    if k2 == k + 1 and kind == "measure" and not toks[k].text.isascii() and k2 < len(toks) and toks[k2].kind == "word" \
            and not toks[k2].glued and toks[k2].text.islower() and _unit_compound(toks[k].low, toks[k2].low):
        return None  # "4 ký kết", "tấn công", "mẫu giáo": a word, not a unit
    if unit == "năm" and k2 < len(toks) and _is_plain_year(toks[k2]):
        return None  # "lỗ 514 tỷ năm 2016": "năm 2016" is a date, not a duration unit
    return unit, kind, k2


def _currency_at(toks: list[Token], k: int, num: Optional[Numeral] = None) -> Optional[tuple[str, int]]:
    lex = _lex()
    m = lex.currencies.match(toks, k)
    if m is None:
        return None
    iso, k2 = m
    t = toks[k]
    if t.low == "đồng":
        if t.text == "Đồng":
            return None  # Đồng Nai, Đồng Tháp, Phạm Văn Đồng
        if k2 < len(toks) and toks[k2].kind == "word" and toks[k2].low in lex.dong_compounds and not toks[k2].glued:
            soft = toks[k2].low in lex.dong_soft
            if not soft or num is None or (num.scale is None and num.value < 1000):
                return None  # "4 đồng chí", "6 đồng tiền chủ chốt" (but "200 nghìn đồng tiền ăn")
    if t.low == "đ" and _glued_sym(toks, k2, "/") and k2 + 1 < len(toks) and toks[k2 + 1].low == "c":
        return None  # đ/c = đồng chí
    if k2 < len(toks) and toks[k2].glued and toks[k2].kind == "word":
        return None  # "đô" in "đôla"? handled by the lexicon; anything else glued is not a currency
    return iso, k2


def _per_at(toks: list[Token], k: int) -> tuple[Optional[str], int]:
    """``/người``, ``/người/tháng``, ``/kg``, ``/m2`` after a currency."""
    parts = []
    while _glued_sym(toks, k, "/") and k + 1 < len(toks) and toks[k + 1].kind == "word":
        w = toks[k + 1].text
        k2 = k + 2
        if _glued_num(toks, k2) and toks[k2].text in ("2", "3"):
            w += toks[k2].text
            k2 += 1
        # a second syllable: "đồng/cổ phiếu", "đồng/hồ sơ"
        if not parts and k2 < len(toks) and toks[k2].kind == "word" and not toks[k2].glued \
                and not _glued_sym(toks, k2 + 1, "/") and _lex().stops.match(toks, k2) is None \
                and _lex().units.match(toks, k2) is None and _lex().cues.match(toks, k2) is None \
                and toks[k2].text.islower() and (k2 + 1 >= len(toks) or toks[k2 + 1].kind != "word"
                                                 or _lex().stops.match(toks, k2 + 1) is not None):
            w += " " + toks[k2].text
            k2 += 1
        parts.append(w)
        k = k2
    return ("/".join(parts) if parts else None), k


@lru_cache(maxsize=1)
def _two_syllable_words() -> frozenset:
    """Lower-cased two-syllable Vietnamese words ``(first, second)``: the ``Viet74K.txt`` word list
    shipped inside the installed underthesea package (Apache-2.0; read as a data file, the
    package is not imported), plus ``counted_keep.tsv``. Empty set if the file is missing."""
    import importlib.util
    from pathlib import Path

    pairs = set(_lex().keep)
    spec = importlib.util.find_spec("underthesea")
    for loc in (spec.submodule_search_locations or []) if spec else []:
        f = Path(loc) / "corpus" / "data" / "Viet74K.txt"
        if f.is_file():
            from ..normalize import normalize  # same tone-mark placement as the text ("hoá" -> "hóa")

            for line in normalize(f.read_text(encoding="utf-8"))[0].splitlines():
                w = line.strip().lower().split()
                if len(w) == 2:
                    pairs.add((w[0], w[1]))
            break
    return frozenset(pairs)


def _splits_word(toks: list[Token], j: int, k: int) -> bool:
    """Would a counted phrase ``[k, j)`` end on the first syllable of a two-syllable word
    ("bộ hài cốt liệt | sĩ", "hộ gia đình văn | hóa")? True when ``toks[j-1] toks[j]`` is a
    dictionary word and ``toks[j-2] toks[j-1]`` is not."""
    if j >= len(toks) or j - 1 <= k or toks[j].kind != "word" or toks[j].glued or not toks[j].text.islower():
        return False
    words = _two_syllable_words()
    return (toks[j - 1].low, toks[j].low) in words and (toks[j - 2].low, toks[j - 1].low) not in words


def _ends_word(toks: list[Token], j: int, k: int) -> bool:
    """Is ``toks[j]`` the second syllable of a two-syllable word begun by ``toks[j-1]``, which does
    not itself end a word with ``toks[j-2]``? ("giấy chứng nhận": yes; "việc làm | cho": no)."""
    if j <= k or not toks[j].text.islower() or toks[j].glued:
        return False
    words = _two_syllable_words()
    return (toks[j - 1].low, toks[j].low) in words and (j - 1 == k or (toks[j - 2].low, toks[j - 1].low) not in words)


def _counted_at(toks: list[Token], k: int) -> Optional[tuple[str, int]]:
    """The counted noun phrase starting at ``k`` (≤ 4 syllables, cut at a stop word), never
    ending on the first syllable of a two-syllable word: then it is cut before that syllable
    ("18 bộ hài cốt liệt sĩ" -> "bộ hài cốt"; a longer phrase would run into verbs: "tổng công
    ty cung cấp")."""
    lex = _lex()
    nw = number_words()
    n = len(toks)
    if k < n and toks[k].low in ("năm", "tháng", "ngày"):
        return None  # time words are units or start dates ("514 tỷ năm 2016"), never counted nouns
    j = k
    while j < n and j - k < _COUNTED_MAX:
        t = toks[j]
        if t.kind != "word" or (j == k and t.glued):
            break
        if lex.stops.match(toks, j) is not None and not (
                j > k and (toks[j - 1].low, toks[j].low) in lex.keep or _ends_word(toks, j, k)):
            break  # a stop word ends the phrase unless it ends a word with the syllable before ("giấy chứng nhận")
        if j > k:
            if t.text.isupper() and len(t.text) >= 2:
                break  # acronym after the noun: "lượt gia đình HVPN"
            e = nw.get(t.low)
            if e and e[1] in ("digit", "ten", "scale") and t.low not in ("lẻ", "tư"):
                break
            if t.low == "năm" or t.low == "tháng":
                break
            if t.text[:1].isupper() and not toks[k].text[:1].isupper():
                break  # a name after a common noun: "mô hình | Ban tự quản", "hộ | Xuân Đỉnh"
        j += 1
    while j - k >= _COUNTED_MAX and j > k + 1 and _splits_word(toks, j, k):
        j -= 1  # "bộ hài cốt liệt | sĩ" -> "bộ hài cốt"; "tổng công ty cung | cấp" -> "tổng công ty"
    if j == k:
        return None
    first = toks[k].text
    if len(first) == 1 and first.isupper():
        return None  # "3 D mapping"
    if first[:1].isupper() and not first.isupper():
        if j == k + 1 or toks[k + 1].text[:1].isupper():
            return None  # a name, not a noun: "198 Trần Quang Khải", "10-2 Ngày"
    return " ".join(toks[m].text for m in range(k, j)), j


def _marker_at(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    n = len(toks)
    if k >= n:
        return None
    t = toks[k]
    if t.text == "%":
        return _Marker("percent", k + 1, t.end)
    if t.low == "phần" and k + 1 < n and toks[k + 1].low == "trăm":
        return _Marker("percent", k + 2, toks[k + 1].end)
    cur = _currency_at(toks, k, num)
    if cur is not None:
        iso, k2 = cur
        per, k3 = _per_at(toks, k2)
        return _Marker("money", k3, toks[k3 - 1].end, currency=iso, per=per)
    u = _unit_at(toks, k)
    if u is not None:
        unit, kind, k2 = u
        if kind == "measure":
            per, k3 = _per_at(toks, k2)
            if per and " " not in per:  # "m3/giây", "km/h"
                unit, k2 = f"{unit}/{per}", k3
        return _Marker("unit", k2, toks[k2 - 1].end, unit=unit, unit_kind=kind)
    if t.glued and t.kind == "word":
        return None
    c = _counted_at(toks, k)
    if c is not None:
        phrase, k2 = c
        return _Marker("counted", k2, toks[k2 - 1].end, counted=phrase)
    return None


def _qualifier_before(toks: list[Token], i: int) -> tuple[str, bool]:
    """Qualifier written just before token ``i`` and whether ``từ`` precedes it."""
    if i == 0:
        return "exact", False
    lex = _lex()
    prev = toks[i - 1]
    if prev.low == "từ":
        return "exact", True
    m = lex.qual_before.match_ending(toks, i - 1)
    if m is not None:
        q, s = m
        # "không" before a lexicon entry that starts with "quá"... entries are whole phrases
        return str(q), False
    return "exact", False


def _label_before(toks: list[Token], i: int) -> bool:
    if i == 0:
        return False
    lex = _lex()
    m = lex.labels.match_ending(toks, i - 1)
    if m is None:
        return False
    _, s = m
    if toks[i - 1].low == "số" and s == i - 1 and i >= 2 and toks[i - 2].low in ("tổng", "với", "có", "là"):
        return False  # "tổng số 33 điểm" is a count
    if s == i - 1 and i >= 2 and toks[i - 1].low != "số" and toks[i - 1].text.islower() \
            and toks[i - 2].kind == "word" and (toks[i - 2].low, toks[i - 1].low) in _two_syllable_words():
        return False  # the label word ends a verb: "quy tập 18 bộ hài cốt", "học tập 3 mô hình"
    return True


def _name_before(toks: list[Token], i: int) -> bool:
    """A number right after a capitalised word inside the sentence names something ("Đak Mi 4",
    "Bệnh viện Nhân Dân 115"): not a count. Sentence-initial words and qualifiers don't count."""
    if i < 2:
        return False
    p = toks[i - 1]
    if p.kind != "word" or not p.text[:1].isupper() or p.text.isupper() and len(p.text) > 1 and False:
        return False
    lex = _lex()
    if lex.qual_before.match_ending(toks, i - 1) is not None or lex.stops.match(toks, i - 1) is not None:
        return False
    return toks[i - 2].kind == "word" or toks[i - 2].text in "-–"


def _numeral_ok(num: Numeral, toks: list[Token]) -> bool:
    """Word numerals of one word (ba, hai, một) only with a currency/percent/scale."""
    return not (num.words and num.j - num.i == 1 and num.value < 10)


def _value_for(num: Numeral, kind: str, unit_kind: Optional[str] = None) -> Decimal:
    if num.thousands is not None and (kind == "money" or kind == "counted"):
        return num.thousands
    return num.value


def _figure_from(num: Numeral, mk: _Marker, toks: list[Token]) -> Optional[RawFigure]:
    if mk.kind == "money":
        return RawFigure("money", _value_for(num, "money"), num.start, mk.end, currency=mk.currency, per=mk.per)
    if mk.kind == "percent":
        return RawFigure("percent", num.value, num.start, mk.end)
    if mk.kind == "unit":
        return RawFigure("quantity", num.value, num.start, mk.end, unit=mk.unit)
    v = _value_for(num, "counted")
    if v != v.to_integral_value():
        return None
    t = toks[num.i]
    if t.kind == "num" and t.text.isdigit() and len(t.text) == 4 and 1900 <= int(t.text) <= 2100 and num.j == num.i + 1:
        return None  # a year, not a count: "Diễn đàn ... 2025 diễn ra"
    return RawFigure("quantity", v, num.start, mk.end, counted=mk.counted)


def _same_marker(a: _Marker, b: _Marker) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        return a.currency == b.currency
    if a.kind == "unit":
        return a.unit == b.unit
    return True


def _inherit_scale(a: Numeral, b: Numeral) -> Optional[Decimal]:
    """Value of a range's low end ``a`` written without the high end's scale word.

    "2 đến 3 triệu" shares ``triệu`` (2 000 000) when that keeps the range ordered (low <
    high). When it would not ("từ 5 đến 3 triệu đồng"), a low end of 1 000 or more keeps its
    own value ("500.000 đến 3 triệu"); a smaller one gives None: the two ends form no range.
    """
    if a.scale is None and b.scale is not None:
        base = a.base if a.base is not None else a.value
        v = base * b.scale
        if v < b.value:
            return v
        return a.value if 1000 <= a.value < b.value else None
    return a.value


def _shared_groups(a: Numeral, b: Numeral, toks: list[Token]) -> int:
    """Thousands groups the low end of a range shares with the high end, or 0.

    Vietnamese writes "250-280.000 đồng" for 250.000-280.000: a low end of plain digits (no
    separator, no scale word) no longer than the high end's leading group and smaller than it
    takes the high end's groups (``250`` -> 250 000). ``1.000-2.000`` and ``2-3 triệu`` are
    not concerned (the first has its own groups, the second shares a scale word).
    """
    if a.words or b.words or a.scale is not None or b.scale is not None or b.i >= len(toks):
        return 0
    at, bt = toks[a.i].text, toks[b.i].text
    if not at.isdigit() or a.j != a.i + 1 or b.j != b.i + 1:
        return 0
    if "." in bt and "," not in bt:
        parts = bt.split(".")
    elif "," in bt and "." not in bt and b.thousands is not None:
        parts = bt.split(",")
    else:
        return 0
    if len(parts) < 2 or not all(len(g) == 3 for g in parts[1:]) or not parts[0].isdigit():
        return 0
    if len(at) > len(parts[0]) or int(at) >= int(parts[0]) or int(at) == 0:
        return 0
    return len(parts) - 1


@lru_cache(maxsize=1)
def _each_links() -> _PhraseTable:
    return _PhraseTable([(r[0], True) for r in load_lexicon("each_links.tsv")])


def _each_noun_after(toks: list[Token], k: int) -> Optional[str]:
    """The noun of "mỗi <noun>" starting at token ``k`` ("mỗi" excluded): one lower-case
    syllable, or two when they form a dictionary word ("gia đình"); None otherwise."""
    if k >= len(toks) or toks[k].kind != "word" or toks[k].glued or not toks[k].text.islower():
        return None
    if number_words().get(toks[k].low) is not None and toks[k].low != "năm":
        return None  # "mỗi hai tuần"
    if k + 1 < len(toks) and toks[k + 1].kind == "word" and not toks[k + 1].glued and toks[k + 1].text.islower() \
            and (toks[k].low, toks[k + 1].low) in _two_syllable_words():
        return f"{toks[k].text} {toks[k + 1].text}"
    return toks[k].text


def _each_per(toks: list[Token], first: int, after: int) -> Optional[str]:
    """Unit of an amount written with "mỗi" (``Money.per``), or None.

    ``first``: index of the amount's first token (its numeral, qualifier or prefix currency);
    ``after``: index after its marker. After the amount: "3 đến 5 triệu đồng mỗi hộ" -> "hộ".
    Before it: "mỗi <noun> [link words] <amount>", the noun being one or two syllables and the
    link words those of ``each_links.tsv`` ("mỗi suất trị giá 500.000 đồng" -> "suất",
    "mỗi hộ 10 triệu đồng" -> "hộ"). Looks at no more than six tokens back.
    """
    if after + 1 < len(toks) and toks[after].low == "mỗi" and not toks[after].glued:
        noun = _each_noun_after(toks, after + 1)
        if noun is not None:
            return noun
    j = first
    links = _each_links()
    while j > 0:  # skip link words written between the noun and the amount
        m = links.match_ending(toks, j - 1)
        if m is None or m[1] < j - 4:
            break
        j = m[1]
    for m in range(j - 1, max(-1, j - 4), -1):
        if toks[m].low == "mỗi":
            noun = _each_noun_after(toks, m + 1) if m < j - 1 else None
            if noun is not None and len(noun.split()) == j - m - 1:
                return noun
            return None
        if toks[m].kind != "word":
            return None
    return None


def _with_each_per(toks: list[Token], first: int, got):
    """Set ``per`` from "mỗi <noun>" on the money figures of a match that have none."""
    if got is None:
        return None
    figs, k = got
    if any(f.kind == "money" and f.per is None for f in figs):
        per = _each_per(toks, first, k)
        if per is not None:
            for f in figs:
                if f.kind == "money" and f.per is None:
                    f.per = per
    return got


def _match_figure(toks: list[Token], i: int) -> Optional[tuple[list[RawFigure], int]]:
    got = _match_figure_at(toks, i)
    if got is None:
        return None
    first = i
    while first > 0 and toks[first - 1].start >= got[0][0].start:
        first -= 1  # a prefix currency ("USD 5") starts the figure before the numeral
    lex = _lex()
    q = lex.qual_before.match_ending(toks, first - 1) if first > 0 else None
    if q is not None:
        first = q[1]
    return _with_each_per(toks, first, got)


def _match_figure_at(toks: list[Token], i: int) -> Optional[tuple[list[RawFigure], int]]:
    a = read_numeral(toks, i)
    if a is None:
        return None
    n = len(toks)
    qual, has_tu = _qualifier_before(toks, i)
    prefix_cur = None
    start = a.start
    if i > 0:
        pm = _lex().prefix_currencies.match_ending(toks, i - 1)
        if pm is not None and not a.words and (toks[i - 1].kind == "sym" or toks[i - 1].text.isupper()):
            prefix_cur = (pm[0], toks[pm[1]].start)
            if pm[1] > 0:
                qual, has_tu = _qualifier_before(toks, pm[1])
    mk = _marker_at(toks, a.j, a)
    if prefix_cur is not None and (mk is None or mk.kind != "money"):
        mk = _Marker("money", a.j, a.end, currency=prefix_cur[0])
        per, k3 = _per_at(toks, a.j)
        if per:
            mk.per, mk.k, mk.end = per, k3, toks[k3 - 1].end
        start = prefix_cur[1]
    # range or change: A [marker] (-|đến|tới|lên|xuống) B marker
    k = mk.k if mk is not None else a.j
    if k + 1 < n and (toks[k].text in _DASHES or toks[k].low in _RANGE_WORDS or toks[k].low in _CHANGE_WORDS):
        got = _range_or_change(toks, a, mk, k, qual, start)
        if got is not None:
            return got
    if mk is None:
        return None
    if mk.kind == "counted" and (_label_before(toks, i) or not _numeral_ok(a, toks) or _name_before(toks, i)):
        return None
    if mk.kind == "unit" and (_label_before(toks, i) or not _numeral_ok(a, toks)):
        return None
    if mk.kind == "unit" and not toks[a.j].text.isascii() and _name_before(toks, i):
        return None  # "Bệnh viện Quân y 4 ký ...": a number naming something
    if mk.kind == "unit" and mk.unit == "giờ" and (i > 0 and toks[i - 1].low in ("lúc", "vào") or (
            mk.k < n and toks[mk.k].low in ("ngày", "sáng", "chiều", "tối", "đêm", "trưa", "cùng", "hôm"))):
        return None  # time of day: "lúc 9 giờ", "khoảng 19 giờ ngày 2.4"
    if not _numeral_ok(a, toks):
        return None  # "chưa thu một đồng nào", "ba là ..."
    fig = _figure_from(a, mk, toks)
    if fig is None:
        return None
    fig.start = start
    # trailing qualifier: "từ 18 tuổi trở lên"
    qa = _lex().qual_after.match(toks, mk.k)
    end_k = mk.k
    if qa is not None:
        qual = str(qa[0])
    fig.qualifier = qual
    return [fig], end_k


def _range_or_change(toks, a: Numeral, mk: Optional[_Marker], k: int, qual: str, start: int):
    """``A - B``, ``A đến B`` (range: one fact) or ``A lên B`` (change: two facts)."""
    conn = toks[k].low
    nb = toks[k + 1]
    if nb.kind not in ("num", "word") or (nb.kind == "num" and _skip_non_figure(toks, k + 1) is not None):
        return None
    b = read_numeral(toks, k + 1)
    if b is None or not _numeral_ok(b, toks):
        return None
    mkb = _marker_at(toks, b.j, b)
    if mkb is None or (mk is not None and not _same_marker(mk, mkb)):
        return None
    if mk is None:  # A shares B's marker and scale: "1,2 đến 1,5 tỷ đồng"
        va = _inherit_scale(a, b)
        if va is None:
            return None  # "từ 5 đến 3 triệu đồng": no ordered range; the high end is read alone
        if mkb.kind == "money" and a.thousands is not None and a.scale is None and b.scale is None:
            va = a.thousands
        groups = _shared_groups(a, b, toks) if mkb.kind in ("money", "counted", "unit") else 0
        if groups:
            va = a.value * (Decimal(1000) ** groups)  # "250-280.000 đồng/kg" = 250.000-280.000
        a = Numeral(va, a.i, a.j, a.start, a.end, a.scale or b.scale, a.words, a.base, None, a.lead_zero)
        mka = _Marker(mkb.kind, a.j, a.end, mkb.currency, mkb.unit, mkb.unit_kind, mkb.counted, mkb.per)
    else:
        mka = mk
    if mka.kind in ("counted", "unit") and _label_before(toks, a.i):
        return None
    fa = _figure_from(a, mka, toks)
    fb = _figure_from(b, mkb, toks)
    if fa is None or fb is None or not _numeral_ok(a, toks):
        return None
    fa.start = start
    if conn in _CHANGE_WORDS:
        fa.qualifier = qual
        return [fa, fb], mkb.k
    if fa.value >= fb.value:
        return None
    fb.value_max, fb.value = fb.value, fa.value
    fb.start = start
    fb.qualifier = "range"
    return [fb], mkb.k


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


def _negative(toks: list[Token], i: int) -> bool:
    if i == 0:
        return False
    p = toks[i - 1]
    return p.text in "-−" and toks[i].glued and (i == 1 or toks[i - 2].kind != "num") and not p.glued or (
        p.text in "-−" and toks[i].glued and i >= 2 and toks[i - 2].text == "(")


# ---------------------------------------------------------------- scanner


def scan(text: str, start: int = 0, end: Optional[int] = None) -> ScanResult:
    """All figures and raw dates in ``text[start:end]`` (one sentence), offsets into ``text``.

    Linear in the number of tokens; never raises on odd text.

    >>> r = scan("Gần 200.000 gia đình nhận 1.000-2.000 đồng/người; tăng 5.67%.")
    >>> [(f.kind, f.value, f.qualifier) for f in r.figures]
    [('quantity', Decimal('200000'), 'under'), ('money', Decimal('1000'), 'range'), ('percent', Decimal('5.67'), 'exact')]
    """
    toks = tokenize(text, start, end)
    out = ScanResult()
    i = 0
    n = len(toks)
    nw = number_words()
    while i < n:
        t = toks[i]
        d = _match_date(toks, i)
        if d is not None:
            mark = _date_mark(toks, i)
            if mark is not None:
                for rd in d[0]:
                    rd.mark = mark
            out.dates.extend(d[0])
            i = max(d[1], i + 1)
            continue
        if t.kind == "num":
            sk = _skip_non_figure(toks, i)
            if sk is not None:
                i = max(sk, i + 1)
                continue
        if t.kind == "num" or (t.kind == "word" and t.low in nw):
            f = _match_figure(toks, i)
            if f is not None:
                figs, k = f
                for fig in figs:
                    if fig.kind == "percent" and _negative(toks, i) and fig.qualifier != "range" and fig.start == t.start:
                        fig.value = -fig.value
                        fig.start = toks[i - 1].start
                out.figures.extend(figs)
                i = max(k, i + 1)
                continue
            if t.kind == "num":
                # a bare number: skip its compound numeral so "1 tỷ 200" does not restart mid-way,
                # and a glued "d-m" / score "2-2" as a whole
                num = read_numeral(toks, i)
                k = max(num.j if num else i + 1, i + 1)
                if _glued_sym(toks, k, "-/") and _glued_num(toks, k + 1):
                    k += 2
                i = k
                continue
        i += 1
    return out


# ---------------------------------------------------------------- resolution


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


# ---------------------------------------------------------------- recognizers


def _analysis(ctx) -> list[tuple[int, ScanResult]]:
    """Scan every read sentence once per article (cached in ``ctx.cache``)."""
    got = ctx.cache.get("numeric_scan")
    if got is None:
        got = []
        for k, sent in enumerate(ctx.read_sentences()):
            got.append((k, scan(ctx.text, sent.start, sent.end)))
        ctx.cache["numeric_scan"] = got
    return got


def _no_lead(d: RawDate) -> RawDate:
    if not d.lead:
        return d
    return RawDate(d.grain, d.start, d.end, d.year, d.month, d.day, d.quarter, d.cue, False, d.mark)


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


@register("dates", order=110, fields=("dates",))
def recognize_dates(ctx) -> None:
    """Dates at their grain, resolved against ``ctx.published`` (see :func:`resolve_date`)."""
    for _, res in _analysis(ctx):
        for d in res.dates:
            value, inferred = resolve_date(d, ctx.published)
            ctx.dates.append(S.DateFact(value=value, grain=d.grain, year_inferred=inferred,
                                        text=ctx.text[d.start:d.end], span=ctx.span(d.start, d.end)))


def _emit(ctx, kind: str) -> None:
    for _, res in _analysis(ctx):
        for f in res.figures:
            if f.kind != kind:
                continue
            sp = ctx.span(f.start, f.end)
            if kind == "money":
                ctx.money.append(S.Money(amount=f.value, amount_max=f.value_max, currency=f.currency,
                                         qualifier=f.qualifier, per=f.per, text=sp.text, span=sp))
            elif kind == "percent":
                ctx.percentages.append(S.Percentage(value=f.value, value_max=f.value_max,
                                                    qualifier=f.qualifier, text=sp.text, span=sp))
            else:
                ctx.quantities.append(S.Quantity(value=f.value, value_max=f.value_max, unit=f.unit,
                                                 counted=f.counted, qualifier=f.qualifier, text=sp.text, span=sp))


@register("money", order=120, fields=("money",))
def recognize_money(ctx) -> None:
    """Money amounts: exact value, ISO 4217 currency, qualifier, range, unit price (``per``)."""
    _emit(ctx, "money")


@register("percentages", order=130, fields=("percentages",))
def recognize_percentages(ctx) -> None:
    """Percentages (``%``, ``phần trăm``) with ranges and qualifiers."""
    _emit(ctx, "percent")


@register("quantities", order=140, fields=("quantities",))
def recognize_quantities(ctx) -> None:
    """Quantities: value with a normalised unit, or a count with its counted noun phrase."""
    _emit(ctx, "quantity")
