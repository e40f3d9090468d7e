"""Shared token helpers and lexicon tables of the figure scanner (money, percentages,
quantities, dates).

:class:`_PhraseTable` matches lower-cased token phrases (longest first); :func:`_lex` loads
every numeric lexicon once (``currencies.tsv``, ``units.tsv``, ``qualifiers.tsv``,
``number_labels.tsv``, ``counted_stop.tsv``, ``counted_keep.tsv``, ``date_cues.tsv``,
``date_context.tsv``, ``dong_compounds.tsv``; each lives in the folder of the dimension that owns
it, see :mod:`pntd_extract.lexicon`). Skips of numbers that are not figures (codes, phones,
times, glued tokens) live here too because every dimension needs them.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from ..numbers import Token, load_lexicon


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
    rule: Optional[str] = None  # the rule chain that produced it (see pntd_extract.rule)


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
    rule: Optional[str] = None  # name of the marker rule


_DASHES = frozenset("-–—")


_RANGE_WORDS = frozenset({"đến", "tới", "~"})


_CHANGE_WORDS = frozenset({"lên", "xuống"})


_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


_MONTH_WORD = "tháng"


_LEAD_TOKENS = 6


_COUNTED_MAX = 4  # syllables of a counted noun phrase


_CODE_TOKENS = 12  # document codes are short: bounded look-ahead keeps the scan linear


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
