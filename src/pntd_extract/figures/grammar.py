"""The figure grammar shared by money, percentages and quantities: numeral + marker.

A figure is a numeral (:func:`pntd_extract.numbers.read_numeral`) followed by its marker: a
currency (:mod:`pntd_extract.dimensions.money.rules`), ``%``/``phần trăm`` (percentage), a unit
or a counted noun phrase (:mod:`pntd_extract.dimensions.quantities.rules`). Ranges (``từ 1,2
đến 1,5 tỷ đồng``, ``61-64%``) give one figure with qualifier ``range``; ``từ A lên B`` is a
change and gives two. Qualifier words come from ``qualifiers.tsv``.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from ..numbers import Numeral, Token, read_numeral
from ..rule import REJECT, Rule, RuleList, chain, declare, note
from .tokens import RawFigure, _CHANGE_WORDS, _DASHES, _Marker, _RANGE_WORDS, _label_before, _lex, _name_before, _skip_non_figure
from ..dimensions.quantities.rules import _counted_at, _unit_at
from ..dimensions.money.rules import _currency_at, _per_at, _with_each_per


CURRENCY_BEFORE = declare("money.currency_before", "an ISO code or symbol written before the numeral: USD 5, $5",
                          ("currencies.tsv",))
RANGE = declare("figures.range", "A - B, từ A đến B with one marker: one figure with value..value_max (61-64%, "
                "1,2 đến 1,5 tỷ đồng); the low end shares the high end's scale or thousands groups")
CHANGE = declare("figures.change", "từ A lên/xuống B: two figures")
QUALIFIER_BEFORE = declare("figures.qualifier_before", "a qualifier word before the figure (gần, hơn, khoảng)",
                           ("qualifiers.tsv",))
QUALIFIER_AFTER = declare("figures.qualifier_after", "a qualifier after the figure (trở lên)", ("qualifiers.tsv",))
AFTER_LABEL = declare("quantities.after_label", "a number after a label word is not a quantity (Đề án 938, số 6, "
                      "lần thứ 3), unless the label word ends a verb", ("number_labels.tsv",))
AFTER_NAME = declare("quantities.after_name", "a number right after a capitalised word names something "
                     "(Bệnh viện Nhân Dân 115): not a count")
TIME_OF_DAY = declare("quantities.time_of_day", "'lúc 9 giờ', '19 giờ ngày 2.4' is a time, not a duration")
WORD_NUMERAL = declare("figures.word_numeral_alone", "a one-word numeral below ten (ba, hai, một) only counts "
                       "with a currency, percent or scale word")
declare("figures.numeral", "a numeral in digits or words (2.581,3 triệu; hai mươi lăm; 1 tỷ 200): "
        "pntd_extract.numbers.read_numeral", ("number_words.tsv", "scale_compounds.tsv"))
declare("quantities.year_not_count", "a plain year (2025) before a noun is not a count")

def _m_percent_sign(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    t = toks[k]
    return _Marker("percent", k + 1, t.end) if t.text == "%" else None


def _m_percent_words(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    if toks[k].low == "phần" and k + 1 < len(toks) and toks[k + 1].low == "trăm":
        return _Marker("percent", k + 2, toks[k + 1].end)
    return None


def _m_currency(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    cur = _currency_at(toks, k, num)
    if cur is None:
        return None
    iso, k2 = cur
    per, k3 = _per_at(toks, k2)
    return _Marker("money", k3, toks[k3 - 1].end, currency=iso, per=per)


def _m_unit(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    u = _unit_at(toks, k)
    if u is None:
        return None
    unit, kind, k2 = u
    if kind == "measure":
        per, k3 = _per_at(toks, k2)
        if per and " " not in per:  # "m3/giây", "km/h"
            unit, k2 = f"{unit}/{per}", k3
    return _Marker("unit", k2, toks[k2 - 1].end, unit=unit, unit_kind=kind)


def _m_glued_word(toks: list[Token], k: int, num: Numeral):
    t = toks[k]
    return REJECT if t.glued and t.kind == "word" else None


def _m_counted(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    c = _counted_at(toks, k)
    if c is None:
        return None
    phrase, k2 = c
    return _Marker("counted", k2, toks[k2 - 1].end, counted=phrase)


MARKERS = RuleList("figures.marker", [
    Rule("percentages.percent_sign", "'%' after the numeral: 61%", _m_percent_sign),
    Rule("percentages.percent_words", "'phần trăm' after the numeral: 20 phần trăm", _m_percent_words),
    Rule("money.currency_after", "a currency word or symbol after the numeral (15 triệu đồng, 5 USD), "
         "never 'đồng' + compound (4 đồng chí); a '/noun' after it is the unit price (đồng/người)",
         _m_currency, ("currencies.tsv", "dong_compounds.tsv")),
    Rule("quantities.unit", "a measurement, time or age unit after the numeral (18.120 tấn, 3 năm, 45 tuổi), "
         "never a unit word starting a compound (4 ký kết)", _m_unit, ("units.tsv", "unit_compounds.tsv")),
    Rule("figures.glued_word", "a word glued to the numeral (2A, 5G): no figure", _m_glued_word),
    Rule("quantities.counted", "a counted noun phrase of at most 4 syllables after the numeral (3.604 hộ, "
         "75 tập thể), cut at a stop word or before the first syllable of a two-syllable word",
         _m_counted, ("counted_stop.tsv", "counted_keep.tsv")),
])
"""The marker try-order: what follows a numeral decides its dimension."""


def _marker_at(toks: list[Token], k: int, num: Numeral) -> Optional[_Marker]:
    if k >= len(toks):
        return None
    got = MARKERS.pick(toks, k, num, at=toks[k].start)
    if got is None:
        return None
    rule, mk = got
    mk.rule = rule.name
    return mk


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


def _numeral_ok(num: Numeral, toks: list[Token]) -> bool:
    """Word numerals of one word (ba, hai, một) only with a currency/percent/scale."""
    return not (num.words and num.j - num.i == 1 and num.value < 10)


def _value_for(num: Numeral, kind: str, unit_kind: Optional[str] = None) -> Decimal:
    if num.thousands is not None and (kind == "money" or kind == "counted"):
        return num.thousands
    return num.value


def _figure_from(num: Numeral, mk: _Marker, toks: list[Token]) -> Optional[RawFigure]:
    if mk.kind == "money":
        return RawFigure("money", _value_for(num, "money"), num.start, mk.end, currency=mk.currency, per=mk.per,
                         rule=mk.rule)
    if mk.kind == "percent":
        return RawFigure("percent", num.value, num.start, mk.end, rule=mk.rule)
    if mk.kind == "unit":
        return RawFigure("quantity", num.value, num.start, mk.end, unit=mk.unit, rule=mk.rule)
    v = _value_for(num, "counted")
    if v != v.to_integral_value():
        return None
    t = toks[num.i]
    if t.kind == "num" and t.text.isdigit() and len(t.text) == 4 and 1900 <= int(t.text) <= 2100 and num.j == num.i + 1:
        note("quantities.year_not_count", t.start, "rejected", "a plain year is not a count")
        return None  # a year, not a count: "Diễn đàn ... 2025 diễn ra"
    return RawFigure("quantity", v, num.start, mk.end, counted=mk.counted, rule=mk.rule)


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
        mk = _Marker("money", a.j, a.end, currency=prefix_cur[0], rule=CURRENCY_BEFORE)
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
    if mk.kind in ("counted", "unit") and _label_before(toks, i):
        note(AFTER_LABEL, a.start, "rejected", f"{mk.rule} after a label word")
        return None
    if not _numeral_ok(a, toks) and mk.kind in ("counted", "unit"):
        note(WORD_NUMERAL, a.start, "rejected", mk.rule or "")
        return None
    if mk.kind == "counted" and _name_before(toks, i):
        note(AFTER_NAME, a.start, "rejected", f"{mk.rule} after a capitalised name")
        return None
    if mk.kind == "unit" and not toks[a.j].text.isascii() and _name_before(toks, i):
        note(AFTER_NAME, a.start, "rejected", f"{mk.rule} after a capitalised name")
        return None  # "Bệnh viện Quân y 4 ký ...": a number naming something
    if mk.kind == "unit" and mk.unit == "giờ" and (i > 0 and toks[i - 1].low in ("lúc", "vào") or (
            mk.k < n and toks[mk.k].low in ("ngày", "sáng", "chiều", "tối", "đêm", "trưa", "cùng", "hôm"))):
        note(TIME_OF_DAY, a.start, "rejected", "giờ after lúc/vào or before a day word")
        return None  # time of day: "lúc 9 giờ", "khoảng 19 giờ ngày 2.4"
    if not _numeral_ok(a, toks):
        note(WORD_NUMERAL, a.start, "rejected", mk.rule or "")
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
        fig.rule = chain(fig.rule, QUALIFIER_AFTER)
    elif qual != "exact":
        fig.rule = chain(fig.rule, QUALIFIER_BEFORE)
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
        mka = _Marker(mkb.kind, a.j, a.end, mkb.currency, mkb.unit, mkb.unit_kind, mkb.counted, mkb.per, mkb.rule)
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
        fa.rule, fb.rule = chain(fa.rule, CHANGE), chain(fb.rule, CHANGE)
        return [fa, fb], mkb.k
    if fa.value >= fb.value:
        return None
    fb.value_max, fb.value = fb.value, fa.value
    fb.start = start
    fb.qualifier = "range"
    fb.rule = chain(fb.rule, RANGE)
    return [fb], mkb.k


def _negative(toks: list[Token], i: int) -> bool:
    if i == 0:
        return False
    p = toks[i - 1]
    return p.text in "-−" and toks[i].glued and (i == 1 or toks[i - 2].kind != "num") and not p.glued or (
        p.text in "-−" and toks[i].glued and i >= 2 and toks[i - 2].text == "(")
