"""Calendar dates the digit scanner does not read: lunar dates, holidays, relative dates,
month names in words, two-digit years, date ranges and bare ``d/m`` after an event verb.

Named rules, tried in this order on every read sentence (the first rule that covers a stretch
wins; a later rule never overlaps an earlier one):

``date_range``      ``từ 28/2 đến 5/3``, ``từ ngày 12 đến ngày 18/7``, ``3-9/10``, ``28/2 - 5/3``:
                    one date with ``value_max``; month and year are shared from the last figure.
``lunar_rằm``       ``rằm tháng Giêng``, ``rằm tháng 7 (âm lịch)`` -> day 15 of that lunar month.
``lunar_tết``       ``mùng 1 Tết``, ``mùng 6 và mùng 7 Tết âm lịch`` -> days of lunar month 1.
``lunar_day_month`` ``23 tháng Chạp``, ``mùng 10 tháng Giêng``, ``ngày 10/3 âm lịch``,
                    ``10 tháng 3 âm lịch``: a month name that is always lunar (giêng, chạp) or
                    a lunar marker (âm lịch, ÂL) right after the date.
``lunar_holiday``   ``Tết Nguyên đán``, ``Giỗ Tổ Hùng Vương``, ``Tết Trung thu`` ...
``holiday``         ``Quốc khánh``, ``Giáng sinh``, ``Tết Dương lịch`` ...
``month_word``      ``mùng 5 tháng sáu``, ``ngày 2 tháng mười``, ``mồng 2 tháng 9`` (solar).
``two_digit_year``  ``3/3/17``, ``3/9/91`` (years 00 .. published year + 1 are 20yy).
``event_dm``        a bare ``d/m`` after an event verb or preposition (``diễn ra 7/3``,
                    ``từ nay đến 21/5``), not followed by a counted noun (``3/5 trận`` is a
                    fraction).
``relative``        ``hôm nay``, ``sáng qua``, ``ngày mai``, ``tuần trước``, ``thứ Hai tuần
                    sau``, ``tháng trước``, ``năm ngoái``, ``đầu năm``, ``cuối tháng 5``
                    (``part``, the span stays ``tháng 5``), resolved against the publication date, ``relative: true``.
                    Not inside quotes (speech has its own "today"), not after a number
                    (``5 năm qua`` is a duration).

Lunar dates are converted to the solar ISO date with :mod:`pntd_extract.dimensions.dates.lunar` (Vietnamese
calendar, UTC+7); the fact keeps ``calendar: "lunar"`` and ``lunar`` (lunar YYYY-MM-DD). A
date without a year takes the occurrence nearest to the publication date (``year_inferred``);
with no publication date, dates that need one are not emitted. Words: ``date_words.tsv``.

A fact of this module replaces the digit scanner's dates and quantities it covers (``tháng 9``
inside ``rằm tháng 9``, the quantity ``23 tháng`` inside ``23 tháng Chạp``): it writes
``dates`` and edits ``quantities``.

Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Tin\\n\\nLễ hội diễn ra vào rằm tháng Giêng.", published="2024-01-25")
    >>> [(d.value, d.calendar, d.lunar) for d in rec.dates]
    [('2024-02-24', 'lunar', '2024-01-15')]
"""
from __future__ import annotations

import calendar as _cal
import datetime as _dt
import re
from functools import lru_cache
from typing import Optional

from ... import schema as S
from ...lexicon import read_tsv
from ...registry import register
from ...rule import chain, declare
from .lunar import lunar_to_solar, nearest_lunar

__all__ = ["RULES", "find_dates", "recognize_calendar_dates"]

RULES = ("date_range", "lunar_rằm", "lunar_tết", "lunar_day_month", "lunar_holiday", "holiday",
         "month_word", "two_digit_year", "event_dm", "relative")

_RULE_DOCS = {
    "date_range": "từ 28/2 đến 5/3, 3-9/10: one date with value_max; month and year shared from the last figure",
    "lunar_rằm": "rằm tháng Giêng, rằm tháng 7 (âm lịch) -> day 15 of that lunar month",
    "lunar_tết": "mùng 1 Tết, mùng 6 và mùng 7 Tết âm lịch -> days of lunar month 1",
    "lunar_day_month": "23 tháng Chạp, ngày 10/3 âm lịch: an always-lunar month name or a lunar marker",
    "lunar_holiday": "Tết Nguyên đán, Giỗ Tổ Hùng Vương, Tết Trung thu (lunar holidays)",
    "holiday": "Quốc khánh, Giáng sinh, Tết Dương lịch (solar holidays)",
    "month_word": "mùng 5 tháng sáu, ngày 2 tháng mười: a month in words (solar)",
    "two_digit_year": "3/3/17, 3/9/91: years 00 .. published year + 1 are 20yy",
    "event_dm": "a bare d/m after an event verb or preposition (diễn ra 7/3, từ nay đến 21/5)",
    "relative": "hôm nay, tuần trước, năm ngoái, cuối tháng 5: resolved against the publication date",
    "part_month": "đầu / giữa / cuối + a month date: the month date gains its part (cuối tháng 10 -> part end)",
}
_CATALOG_NAME = {"month_word": "month_in_words"}  # "dates.month_word" is the scanner's "tháng 10/2023"
RULE_NAMES = {r: declare("dates." + _CATALOG_NAME.get(r, r), _RULE_DOCS[r], ("date_words.tsv",))
              for r in RULES + ("part_month",)}
"""Calendar rule -> its name in the rule catalog (``dates.<rule>``)."""

_W = r"[^\W\d_]"  # a letter


@lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in read_tsv("date_words.tsv", 2, header=True):
        out.setdefault(row[1], {})[row[0]] = row[2] if len(row) > 2 else ""
    return out


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    w = _words()
    lunar_m = _alt(w["lunar_month"])
    month_w = _alt(w["month_word"])
    marker = _alt(w["lunar_marker"])
    day = r"(?:ngày|mùng|mồng)"
    num_m = r"(?:1[0-2]|0?[1-9])"
    num_d = r"(?:3[01]|[12]\d|0?[1-9])"
    year = r"(?:\s+năm\s+(?P<y>(?:19|20)\d\d)|/(?P<y2>(?:19|20)\d\d))?"
    marker_after = rf"(?P<mk>\s*\(?\s*(?:{marker})(?!{_W})\)?)?"
    f = re.IGNORECASE
    rel_all = {**w["rel_day"], **w["rel_week"], **w["rel_month"], **w["rel_year"]}
    return {
        "date_range": re.compile(
            rf"(?<![\d/.,])(?:từ\s+)?(?:ngày\s+)?(?P<d1>{num_d})(?:/(?P<m1>{num_m}))?"
            rf"\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?(?P<d2>{num_d})/(?P<m2>{num_m})(?:/(?P<y>(?:19|20)\d\d))?(?![\d/])", f),
        "lunar_rằm": re.compile(
            rf"(?<!{_W})rằm\s+tháng\s+(?:(?P<mw>{lunar_m}|{month_w})|(?P<mn>{num_m}))(?!{_W}|\d){year}{marker_after}", f),
        "lunar_tết": re.compile(
            rf"(?<!{_W})(?:mùng|mồng)\s+(?P<d1>{num_d})(?:\s*(?:và|,|-|đến)\s*(?:mùng|mồng)?\s*(?P<d2>{num_d}))?"
            rf"\s+tết(?!{_W})(?:\s+(?:âm lịch|nguyên đán|cổ truyền))?", f),
        "lunar_day_month": re.compile(
            rf"(?<!{_W})(?:ngày\s+)?(?P<pre>(?:mùng|mồng)\s+)?(?P<d>{num_d})\s*(?:tháng\s+(?:(?P<mw>{lunar_m})|(?P<mn>{num_m}))|/(?P<mn2>{num_m}))"
            rf"(?!{_W}|\d|/\d){year}{marker_after}", f),
        "lunar_holiday": re.compile(rf"(?<!{_W})(?P<h>{_alt(w['lunar_holiday'])})(?!{_W})(?:\s+(?P<y>(?:19|20)\d\d))?", f),
        "holiday": re.compile(rf"(?<!{_W})(?P<h>{_alt(w['holiday'])})(?!{_W})(?:\s+(?:năm\s+)?(?P<y>(?:19|20)\d\d))?", f),
        "month_word": re.compile(
            rf"(?<!{_W})(?:(?:ngày\s+)?(?P<s1>(?:mùng|mồng)\s+)(?P<d>{num_d})\s+tháng\s+(?:(?P<mw>{month_w})(?!{_W})|(?P<mn>{num_m})(?![\d/]))"
            rf"|ngày\s+(?P<dw>{num_d})\s+tháng\s+(?P<mw2>{month_w})(?!{_W}))"
            rf"(?:\s+năm\s+(?P<y>(?:19|20)\d\d))?", f),
        "two_digit_year": re.compile(rf"(?<![\d/.,])(?P<d>{num_d})/(?P<m>{num_m})/(?P<yy>\d\d)(?![\d/.,]\d|\d|/)"),
        "event_dm": re.compile(
            rf"(?<!{_W})(?:diễn ra|tổ chức|khai mạc|bế mạc|khởi công|khánh thành|kéo dài đến|từ nay đến|đến hết|"
            rf"tính đến|kể từ|trước|sau|đến|tới|từ|dịp|lễ|hạn chót)\s+(?:ngày\s+)?"
            rf"(?P<d>{num_d})/(?P<m>{num_m})(?![\d/.,]\d|\d|/)"
            rf"(?=\s*(?:[,.;:!?)]|$|(?:tại|ở|và|với|để|khi|thì|là|cho|tới|đến|theo|nhằm|vừa|năm|sẽ|đã|mới|bằng|qua|trên|do|vì|nên|mà|rồi|nhưng|hoặc|hay)(?!{_W})))", f),
        "relative": re.compile(
            rf"(?<!{_W})(?:(?P<part>{_alt(w['part'])})\s+)?"
            rf"(?:(?P<wd>{_alt(w['weekday'])})\s+(?P<wk>tuần\s+(?:trước|qua|này|tới|sau))"
            rf"|(?P<rel>{_alt(rel_all)})"
            rf"|(?P<bare>năm|tháng)(?=\s*[,.;:!?)]|\s+(?:này|qua)(?!{_W})))(?!{_W})", f),
        "part_month": re.compile(rf"(?<!{_W})(?P<part>{_alt(w['part'])})\s+tháng\s+(?P<mn>{num_m})(?![\d/])", f),
    }


@lru_cache(maxsize=1)
def _anchors() -> dict[str, tuple[str, ...]]:
    w = _words()
    rel = {**w["rel_day"], **w["rel_week"], **w["rel_month"], **w["rel_year"]}
    return {"holiday": tuple(w["holiday"]), "lunar_holiday": tuple(w["lunar_holiday"]),
            "relative": tuple(rel) + ("đầu năm", "giữa năm", "cuối năm", "đầu tháng", "giữa tháng", "cuối tháng")}


def _gates(low: str) -> dict[str, bool]:
    """Cheap substring tests: a rule's regular expression runs only where its words occur."""
    a = _anchors()
    return {
        "slash": "/" in low or "-" in low or "–" in low, "rằm": "rằm" in low, "tết": "tết" in low,
        "lunar": "giêng" in low or "chạp" in low or "âm lịch" in low or "âl" in low,
        "holiday": any(h in low for h in a["holiday"]), "lunar_holiday": any(h in low for h in a["lunar_holiday"]),
        "tháng": "tháng" in low, "relative": any(h in low for h in a["relative"]),
    }


class _Found:
    __slots__ = ("start", "end", "rule", "kw")

    def __init__(self, start: int, end: int, rule: str, **kw):
        self.start, self.end, self.rule, self.kw = start, end, rule, kw


def _iso(d: _dt.date) -> str:
    return d.isoformat()


def _month_of(m: re.Match) -> Optional[int]:
    w = _words()
    mw = m.groupdict().get("mw")
    if mw:
        mw = mw.lower()
        return int(w["lunar_month"].get(mw) or w["month_word"].get(mw) or 0) or None
    for g in ("mn", "mn2", "m", "m1", "m2"):
        v = m.groupdict().get(g)
        if v:
            return int(v)
    return None


def _solar(d: int, m: int, y: Optional[int], published: Optional[_dt.date]):
    """(value, year_inferred) of a solar day; the year nearest to ``published`` when not written."""
    if y is None:
        if published is None:
            return None
        y = published.year
        inferred = True
    else:
        inferred = False
    try:
        return _dt.date(y, m, d), inferred
    except ValueError:
        return None


def _lunar(d: int, m: int, y: Optional[int], published: Optional[_dt.date]):
    if y is not None:
        got = lunar_to_solar(d, m, y)
        return None if got is None else (got, y, False)
    if published is None:
        return None
    near = nearest_lunar(d, m, published)
    return None if near is None else (near[0], near[1], True)


def _lunar_fact(start, end, rule, d, m, y, published, d2=None):
    got = _lunar(d, m, y, published)
    if got is None:
        return None
    solar, ly, inferred = got
    kw = dict(value=_iso(solar), grain="day", year_inferred=inferred, calendar="lunar",
              lunar=f"{ly:04d}-{m:02d}-{d:02d}")
    if d2 is not None and d2 > d:
        end_day = lunar_to_solar(d2, m, ly)
        if end_day is not None:
            kw["value_max"] = _iso(end_day)
    return _Found(start, end, rule, **kw)


def _in_quote(text: str, pos: int, s_start: int) -> bool:
    before = text[s_start:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


_HOLIDAY_CUE_RE = re.compile(r"(?:ngày|lễ|dịp|mừng|kỷ niệm|nghỉ|kỳ nghỉ|trước|sau|đón|đêm|mùa)\s*$", re.IGNORECASE)


def _holiday_context(text: str, a: int, b: int) -> bool:
    """A solar holiday needs a cue before it (``dịp Quốc khánh``, ``ngày Giáng sinh``) and is
    not followed by a capitalised name: ``xã Quốc Khánh`` is a place, ``Quốc khánh Liên bang
    Nga`` another country's day."""
    if not _HOLIDAY_CUE_RE.search(text[max(0, a - 12):a]):
        return False
    nxt = re.match(r"\s+(\w)", text[b:b + 3])
    return not (nxt and nxt.group(1).isupper())


def _number_before(text: str, pos: int) -> bool:
    return re.search(r"\d[\d.,]*\s*$|(?<!\w)(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|chục|trăm|nghìn|nửa|hàng|vài|mấy|nhiều|các|những)\s*$",
                     text[max(0, pos - 12):pos], re.IGNORECASE) is not None


def _add_months(d: _dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _relative(m: re.Match, published: _dt.date) -> Optional[dict]:
    w = _words()
    part = (m.group("part") or "").lower() or None
    part_v = w["part"].get(part) if part else None
    if m.group("wd"):
        wk = m.group("wk").lower().split()[-1]
        off = {"trước": -1, "qua": -1, "này": 0, "tới": 1, "sau": 1}[wk]
        monday = published - _dt.timedelta(days=published.weekday()) + _dt.timedelta(weeks=off)
        day = monday + _dt.timedelta(days=int(w["weekday"][m.group("wd").lower()]))
        return dict(value=_iso(day), grain="day")
    if m.group("bare"):
        if not part:
            return None
        if m.group("bare").lower() == "năm":
            return dict(value=f"{published.year:04d}", grain="year", part=part_v)
        return dict(value=f"{published.year:04d}-{published.month:02d}", grain="month", part=part_v)
    rel = m.group("rel").lower()
    for role, grain in (("rel_day", "day"), ("rel_week", "week"), ("rel_month", "month"), ("rel_year", "year")):
        if rel in w[role]:
            off = int(w[role][rel])
            break
    else:  # pragma: no cover - the pattern only matches lexicon phrases
        return None
    if grain == "day":
        if part:
            return None
        return dict(value=_iso(published + _dt.timedelta(days=off)), grain="day")
    if grain == "week":
        y, wn, _ = (published + _dt.timedelta(weeks=off)).isocalendar()
        return dict(value=f"{y:04d}-W{wn:02d}", grain="week", part=part_v)
    if grain == "month":
        y, mo = _add_months(published, off)
        return dict(value=f"{y:04d}-{mo:02d}", grain="month", part=part_v)
    return dict(value=f"{published.year + off:04d}", grain="year", part=part_v)


def find_dates(text: str, start: int, end: int, published: Optional[_dt.date]) -> list[_Found]:
    """Calendar dates in ``text[start:end]`` (one sentence), by the rules of :data:`RULES`."""
    seg = text[start:end]
    low = seg.lower()
    gate = _gates(low)
    if not any(gate.values()):
        return []
    P = _patterns()
    taken: list[tuple[int, int]] = []
    out: list[_Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(f: Optional[_Found]) -> None:
        if f is not None and free(f.start, f.end):
            taken.append((f.start, f.end))
            out.append(f)

    for m in (P["date_range"].finditer(seg) if gate["slash"] else ()):
        a, b = m.start() + start, m.end() + start
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        m2 = int(m.group("m2"))
        m1 = int(m.group("m1")) if m.group("m1") else m2
        tail = text[b:b + 25].lower()
        if re.match(rf"\s*\(?\s*(?:{_alt(_words()['lunar_marker'])})", tail):
            continue  # a lunar range: read by the lunar rules
        if not m.group("m1") and not (m.group(0).lower().startswith("từ") or "ngày" in m.group(0).lower() or "-" in m.group(0) or "–" in m.group(0)):
            continue
        y = int(m.group("y")) if m.group("y") else None
        first = _solar(d1, m1, y, published)
        last = _solar(d2, m2, y, published)
        if first is None or last is None:
            continue
        f0, l0 = first[0], last[0]
        if l0 < f0 and y is not None:
            f0 = f0.replace(year=f0.year - 1)
        if l0 <= f0:
            continue
        if not m.group("m1") and not m.group(0).lower().startswith(("từ", "ngày")) and d2 - d1 > 20:
            continue
        add(_Found(a, b, "date_range", value=_iso(f0), value_max=_iso(l0), grain="day", year_inferred=first[1]))

    for m in (P["lunar_rằm"].finditer(seg) if gate["rằm"] else ()):
        mo = _month_of(m)
        y = m.group("y") or m.group("y2")
        if mo:
            add(_lunar_fact(m.start() + start, m.end() + start, "lunar_rằm", 15, mo, int(y) if y else None, published))

    for m in (P["lunar_tết"].finditer(seg) if gate["tết"] else ()):
        d1 = int(m.group("d1"))
        d2 = int(m.group("d2")) if m.group("d2") else None
        if d1 <= 10 or m.group(0).lower().startswith(("mùng", "mồng")):
            add(_lunar_fact(m.start() + start, m.end() + start, "lunar_tết", d1, 1, None, published, d2))

    for m in (P["lunar_day_month"].finditer(seg) if gate["lunar"] else ()):
        if not (m.group("mw") or m.group("mk")):
            continue
        mo = _month_of(m)
        y = m.group("y") or m.group("y2")
        a = m.start("pre") if m.group("pre") else m.start("d")
        if mo:
            add(_lunar_fact(a + start, m.end() + start, "lunar_day_month", int(m.group("d")), mo,
                            int(y) if y else None, published))

    for rule in ("lunar_holiday", "holiday"):
        for m in (P[rule].finditer(seg) if gate[rule] else ()):
            md = _words()[rule][m.group("h").lower()]
            mo, d = (int(x) for x in md.split("-"))
            y = int(m.group("y")) if m.group("y") else None
            a, b = m.start() + start, m.end() + start
            if rule == "holiday" and not _holiday_context(text, a, b):
                continue
            if rule == "lunar_holiday":
                f = _lunar_fact(a, b, rule, d, mo, y, published)
            else:
                if y is None and published is None:
                    continue
                if y is None:
                    cands = []
                    for yy in (published.year - 1, published.year, published.year + 1):
                        cands.append(_dt.date(yy, mo, d))
                    day = min(cands, key=lambda x: abs((x - published).days))
                    f = _Found(a, b, rule, value=_iso(day), grain="day", year_inferred=True)
                else:
                    f = _Found(a, b, rule, value=_iso(_dt.date(y, mo, d)), grain="day", year_inferred=False)
            if f is not None:
                f.kw["holiday"] = m.group("h")
            add(f)

    for m in (P["month_word"].finditer(seg) if gate["tháng"] else ()):
        if m.group("dw"):
            mo, dd, a = int(_words()["month_word"][m.group("mw2").lower()]), int(m.group("dw")), m.start("dw")
        else:
            mo, dd, a = _month_of(m), int(m.group("d")), m.start("s1")
        if not mo:
            continue
        a += start
        got = _solar(dd, mo, int(m.group("y")) if m.group("y") else None, published)
        if got is not None:
            add(_Found(a, m.end() + start, "month_word", value=_iso(got[0]), grain="day", year_inferred=got[1]))
        elif published is None and not m.group("y"):
            add(_Found(a, m.end() + start, "month_word", value=f"--{mo:02d}-{dd:02d}", grain="day", year_inferred=False))

    for m in (P["two_digit_year"].finditer(seg) if gate["slash"] else ()):
        yy = int(m.group("yy"))
        pivot = (published.year % 100 + 1) if published else 30
        y = 2000 + yy if yy <= pivot else 1900 + yy
        got = _solar(int(m.group("d")), int(m.group("m")), y, None)
        if got is not None:
            add(_Found(m.start() + start, m.end() + start, "two_digit_year", value=_iso(got[0]), grain="day",
                       year_inferred=False))

    for m in (P["event_dm"].finditer(seg) if gate["slash"] else ()):
        a, b = m.start("d") + start, m.end("m") + start
        got = _solar(int(m.group("d")), int(m.group("m")), None, published)
        if got is not None:
            add(_Found(a, b, "event_dm", value=_iso(got[0]), grain="day", year_inferred=True))
        elif published is None and 1 <= int(m.group("d")) <= 31:
            add(_Found(a, b, "event_dm", value=f"--{int(m.group('m')):02d}-{int(m.group('d')):02d}", grain="day",
                       year_inferred=False))

    for m in (P["part_month"].finditer(seg) if gate["tháng"] else ()):
        a, b = m.start() + start, m.end() + start
        add(_Found(a, b, "part_month", part=_words()["part"][m.group("part").lower()], extend=True))

    if published is not None:
        for m in (P["relative"].finditer(seg) if gate["relative"] else ()):
            a, b = m.start() + start, m.end() + start
            if _in_quote(text, a, start) or _number_before(text, a):
                continue
            if text[b:b + 1].isdigit() or re.match(r"\s+\d", text[b:b + 3]):
                continue  # "tháng này 5" never; "năm 2024" is the scanner's
            if re.match(r"\s+(?:đó|ấy|nữa|kia)(?!\w)", text[b:b + 6], re.IGNORECASE):
                continue  # "tuần trước đó": relative to another date of the text, not to publication
            kw = _relative(m, published)
            if kw is None:
                continue
            add(_Found(a, b, "relative", year_inferred=True, relative=True, **{k: v for k, v in kw.items() if v is not None}))
    return out


def _overlaps(a: int, b: int, sp) -> bool:
    return sp.start < b and a < sp.end


@register("calendar_dates", order=145, fields=("dates",), edits=("quantities",))
def recognize_calendar_dates(ctx) -> None:
    """Lunar, holiday, relative, word-month, two-digit-year and range dates (see the module).

    Writes ``dates``; removes the scanner's dates and quantities inside the stretches it reads.
    """
    text = ctx.text
    found: list[_Found] = []
    for sent in ctx.read_sentences():
        found.extend(find_dates(text, sent.start, sent.end, ctx.published))
    if not found:
        return
    for f in found:
        if f.kw.get("extend"):
            # "cuối tháng 5": the scanner's month date gains its part and the span
            for i, d in enumerate(ctx.dates):
                if f.start <= d.span.start < f.end and d.grain == S.Grain.month:
                    ctx.dates[i] = d.model_copy(update={"part": f.kw["part"], "rule": chain(d.rule, RULE_NAMES[f.rule])})
                    break
            continue
        ctx.dates[:] = [d for d in ctx.dates if not _overlaps(f.start, f.end, d.span)]
        ctx.quantities[:] = [q for q in ctx.quantities if not (f.start <= q.span.start and q.span.end <= f.end + 6
                                                                 and _overlaps(f.start, f.end, q.span))]
        kw = {k: v for k, v in f.kw.items() if k != "extend"}
        ctx.dates.append(S.DateFact(text=text[f.start:f.end], span=ctx.span(f.start, f.end),
                                    rule=RULE_NAMES[f.rule], **kw))
    ctx.dates.sort(key=lambda d: (d.span.start, d.span.end))
