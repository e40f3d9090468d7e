"""Quantity rules: units (``units.tsv``) and counted noun phrases.

A unit word that starts a word with the next syllable (``unit_compounds.tsv``: ``4 ký kết``,
``tấn công``) is not a unit. A counted noun phrase (≤ 4 syllables, cut at a word of
``counted_stop.tsv``) never ends on the first syllable of a two-syllable word (the underthesea
Viet74K word list, read as data): ``18 bộ hài cốt | liệt sĩ``. A number after a label word
(``number_labels.tsv``: Đề án 938, số 6, lần thứ 3) is never a quantity (see
:func:`pntd_extract.figures.tokens._label_before`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ...numbers import Token, load_lexicon, number_words
from ...figures.tokens import _COUNTED_MAX, _glued_num, _is_plain_year, _lex, _two_syllable_words


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
