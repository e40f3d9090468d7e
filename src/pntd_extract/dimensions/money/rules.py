"""Money rules: currency markers and unit prices.

A currency word or symbol (``currencies.tsv``) after a numeral, or before it (``USD 5``).
``đồng`` followed by a compound syllable (``dong_compounds.tsv``: đồng chí, đồng thời ...) is
never money: ``4 đồng chí`` is a count of people; "soft" compounds (tiền, bằng) stay money after
a scaled or large amount (``200 nghìn đồng tiền ăn``). Unit prices: ``/người``, ``/kg``, and
``mỗi`` + noun before or after the amount (link words in ``each_links.tsv``).

    >>> from pntd_extract import extract
    >>> extract("Tin\\n\\nHội trao 2.581,3 triệu đồng.").money[0].amount
    2581300000
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ...rule import chain, declare
from ...numbers import Numeral, Token, load_lexicon, number_words
from ...figures.tokens import _PhraseTable, _glued_num, _glued_sym, _lex, _two_syllable_words


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


PER_EACH = declare("money.per_each", "'mỗi <noun>' before or after the amount makes it a unit price (mỗi hộ 10 triệu "
                   "đồng -> per hộ)", ("each_links.tsv",))

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
                    f.rule = chain(f.rule, PER_EACH)
    return got
