"""Character-level recognizers for figures: money, percentages, quantities and dates.

They never use word segmentation: each read sentence (title, body, caption) is cut into
number / word / symbol tokens by :func:`pntd_extract.numbers.tokenize` and scanned once, left
to right, by :func:`scan`. At each token the scanner tries, in this order:

1. things that are *not* figures and must be skipped whole: document codes
   (``1234/QĐ-UBND``, ``26-NQ/TW``), phone numbers (``0912.345.678``, ``024.3825.1234``),
   times (``9h30``, ``9:30``), numbers glued to letters (``COVID-19``, ``2A``, ``5G``);
2. a date (``ngày 9/1``, ``9/1/2024``, ``05/09/2024``, ``ngày 05 tháng 09 năm 2024``,
   ``tháng 10/2023``, ``tháng 11``, ``năm 2023``, ``quý I/2024``, ``ngày 12.3`` ...). A bare
   ``d/m`` needs a cue word (``dimensions/dates/lexicons/date_cues.tsv``: ngày, sáng, chiều ...) or
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

from dataclasses import dataclass
from dataclasses import field
from typing import Optional

from .. import schema as S
from ..rule import chain, declare
from ..numbers import number_words, read_numeral, tokenize
from ..dimensions.dates.rules import RawDate, _date_mark, _match_date
from .tokens import RawFigure, _glued_num, _glued_sym, _skip_non_figure
from .grammar import _match_figure, _negative

__all__ = ["RawFigure", "scan", "ScanResult", "NUMERIC_RECOGNIZERS"]


NUMERIC_RECOGNIZERS = frozenset({"numeric_published", "dates", "money", "percentages", "quantities"})


@dataclass
class ScanResult:
    figures: list[RawFigure] = field(default_factory=list)
    dates: list[RawDate] = field(default_factory=list)


NEGATIVE = declare("percentages.negative_sign", "a minus sign glued before the number makes a percentage negative "
                   "(-2,5%)")
NEGATIVE_WORD = declare("figures.negative_word", "'âm' before a percentage, money or °C makes it negative "
                        "(tăng trưởng âm 1,4%, âm 2 độ C)")

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
                neg_word = i >= 1 and toks[i - 1].low == "âm" and toks[i - 1].kind == "word"
                for fig in figs:
                    if fig.kind == "percent" and _negative(toks, i) and fig.qualifier != "range" and fig.start == t.start:
                        fig.value = -fig.value
                        fig.start = toks[i - 1].start
                        fig.rule = chain(fig.rule, NEGATIVE)
                    elif neg_word and fig.start == t.start and fig.qualifier != "range" and (
                            fig.kind in ("percent", "money") or fig.unit == "°C"):
                        fig.value = -fig.value  # "tăng trưởng âm 1,4%", "lãi âm 12 tỷ đồng", "âm 2 độ C"
                        fig.rule = chain(fig.rule, NEGATIVE_WORD)
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


def _analysis(ctx) -> list[tuple[int, ScanResult]]:
    """Scan every read sentence once per article (cached in ``ctx.cache``)."""
    got = ctx.cache.get("numeric_scan")
    if got is None:
        got = []
        for k, sent in enumerate(ctx.read_sentences()):
            got.append((k, scan(ctx.text, sent.start, sent.end)))
        ctx.cache["numeric_scan"] = got
    return got


def _emit(ctx, kind: str) -> None:
    for _, res in _analysis(ctx):
        for f in res.figures:
            if f.kind != kind:
                continue
            sp = ctx.span(f.start, f.end)
            if kind == "money":
                ctx.money.append(S.Money(amount=f.value, amount_max=f.value_max, currency=f.currency,
                                         qualifier=f.qualifier, per=f.per, text=sp.text, span=sp, rule=f.rule))
            elif kind == "percent":
                ctx.percentages.append(S.Percentage(value=f.value, value_max=f.value_max,
                                                    qualifier=f.qualifier, text=sp.text, span=sp, rule=f.rule))
            else:
                ctx.quantities.append(S.Quantity(value=f.value, value_max=f.value_max, unit=f.unit,
                                                 counted=f.counted, qualifier=f.qualifier, text=sp.text, span=sp,
                                                 rule=f.rule))
