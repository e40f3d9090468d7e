"""Figure checks for journalists (``checks`` in the record), recognizer order 410.

Reads ``ctx.money``, ``ctx.quantities`` and ``ctx.percentages`` (filled by the numeric
recognizers) and appends :class:`~pntd_extract.schema.Check` items:

``total``        a stated total (``tổng số tiền``, ``tổng cộng``, ``tổng số`` ... from
                 ``data/lexicons/check_cues.tsv``) against the sum of its same-unit parts
                 stated before it in the same passage (layout section = paragraph).
                 Which parts: a total inside a clause (``khen thưởng ... với tổng số tiền X``)
                 sums the figures earlier in the same ``;``-clause; a total opening a sentence
                 or clause (``Tổng số tiền khen thưởng tại Hội nghị là: X``) sums the earlier
                 figures of the paragraph after the previous such total; when some of those are
                 themselves stated as totals (sub-totals) only the sub-totals are summed (else
                 only plain figures of this sentence and the one before), a clause total needs
                 its last part at most 40 characters before its cue, and
                 when the total names an activity (``khen thưởng``) only figures whose clause
                 names it too. At least 2 parts; a trailing run of parts that adds up exactly
                 makes the total consistent. ``mismatch`` needs exact figures, at most 5 parts
                 and a total not below its largest part; otherwise ``info``.
``raise``        ``phát triển thêm 2 điểm hoa ... nâng tổng số 33 điểm hoa``: info (31 before).
``part``         ``A ..., trong đó B`` with the same unit: ``mismatch`` if B > A, else
                 ``consistent``; values ``part`` (B, in A's unit), ``whole`` (A), ``share``
                 (100 B / A, percent), ``unit``, ``excess`` (B - A, mismatches only) and the
                 figure texts; message ``765 of 1.020 lao động (75%): part ≤ whole, consistent``.
``percentage``   a stated percentage against the figures it refers to in its clause: a
                 fraction ``18/20 xã``, a ``trong đó`` share, ``đạt P% kế hoạch/chỉ tiêu/dự
                 toán B``, ``vượt P% (so với) mục tiêu B``, ``chiếm P% tổng số``, ``tăng/giảm P%
                 so với B``. Tolerance from the stated precision: consistent when |P - computed|
                 <= half a unit of the last stated digit (``49%`` +- 0.5, ``118,7%`` +- 0.05),
                 as in ``annotations/README.md``.
``unit_value``   ``735 chiếc làn nhựa trị giá 18.375.000 đồng`` -> info 25.000 đồng/chiếc;
                 ``12 hộ, mỗi hộ 10 triệu đồng, tổng cộng 120 triệu đồng`` -> count x unit value
                 against the stated total (status info with message "consistent" when equal, as
                 ``annotations/README.md`` leaves agreeing unit values unannotated; mismatch
                 with the difference when not); with no stated total, info ``implied total`` (``Trao 20 suất, mỗi
                 suất 2 triệu đồng`` -> 40 triệu đồng). A unit price is ``Money.per`` when the
                 numeric recognizer set it, else ``mỗi <noun>`` just before the amount
                 (:func:`per_noun`); it is never divided by a count nor summed as a part.
                 The money must be spent on the counted things (a ``value`` cue, or a ``cost`` cue
                 with nothing between); counts of attributes (``4 làn xe``, ``8 xi lanh``) are
                 never divided into a cost; the label is a full noun (``đồng/dự án``) or no check.

Units: measurement units are converted before summing, comparing or multiplying
(``check_units.tsv``: tạ = 100 kg, tấn = 1.000 kg, km = 1.000 m, ha = 10.000 m² ...);
figures whose units cannot be reconciled (``tạ`` vs ``đồng/m2``) are not checked. Qualifiers
(``hơn``, ``gần``, ``khoảng``) are intervals (:func:`interval`): a product check with them is
info ("consistent within the qualifiers") unless the inequality is violated.

Tolerance of totals: half a unit of the last written digit of the stated total
(``73.640.000 đồng`` -> 0.5 đồng, i.e. exact; ``2,6 tỷ đồng`` -> 0.05 tỷ).
Every check's ``spans`` quote the sentences involved (parts first, then the stated figure;
a sentence over 300 characters is quoted by its ``;``-clause, except for totals);
``values`` hold ``stated``, ``computed``, ``difference`` (stated - computed), ``unit`` and the
figure texts (``part`` checks: ``part``, ``whole``, ``share`` instead, see above). Messages are English with Vietnamese number formatting (``73.640.000``).

Example::

    >>> from pntd_extract.recognizers.checks import fmt_number
    >>> fmt_number(68640000)
    '68.640.000'
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Optional

from .. import schema as S
from ..lexicon import read_tsv
from ..registry import register

__all__ = ["Fig", "collect_figures", "run_checks", "recognize_checks", "fmt_number", "fmt_amount", "per_noun", "tolerance_of",
           "unit_factors", "measure_of", "unit_scale", "rounding_unit", "interval", "count_label"]

MAX_PARTS_FOR_MISMATCH = 5
MAX_PARTS_CONSIDERED = 12
PART_WINDOW = 250  # characters after "trong đó" where its parts are read
MAX_FIGS_SCANNED = 60  # figures looked at before one total; more means a table, not a list of parts
MAX_CLAUSE_GAP = 40
# durations and ages are not summed, compared or divided (9 tháng, 36 tuổi)
TIME_UNITS = frozenset("năm tháng ngày quý tuần giờ phút giây tuổi đêm buổi thế kỷ".split())


@dataclass
class Fig:
    """A figure as the checks see it. ``unit``: ISO currency for money, the unit (kg, m) or
    the counted noun (lowercase) for quantities, ``%`` for percentages."""

    kind: str
    value: float
    value_max: Optional[float]
    unit: Optional[str]
    counted: Optional[str]
    qualifier: str
    per: Optional[str]
    start: int
    end: int
    text: str
    sentence: Optional[int]

    @property
    def exact(self) -> bool:
        return self.qualifier == "exact" and self.value_max is None


def _num(v: Any) -> float:
    return float(v) if not isinstance(v, (int, float)) else v


def collect_figures(money=(), quantities=(), percentages=()) -> list[Fig]:
    """Schema Money / Quantity / Percentage items -> :class:`Fig`, sorted by offset."""
    out: list[Fig] = []
    for m in money:
        out.append(Fig("money", _num(m.amount), m.amount_max, m.currency, None, _q(m.qualifier), m.per,
                       m.span.start, m.span.end, m.text, m.span.sentence))
    for q in quantities:
        counted = " ".join(str(q.counted).lower().split()) if q.counted else None
        unit = q.unit or counted
        if unit and unit.split()[0] in TIME_UNITS:
            continue
        out.append(Fig("quantity", _num(q.value), q.value_max, unit, counted, _q(q.qualifier), None,
                       q.span.start, q.span.end, q.text, q.span.sentence))
    for p in percentages:
        out.append(Fig("percent", _num(p.value), p.value_max, "%", None, _q(p.qualifier), None,
                       p.span.start, p.span.end, p.text, p.span.sentence))
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _q(v: Any) -> str:
    return v.value if hasattr(v, "value") else str(v)


# ---------------------------------------------------------------------------------------
# lexicon

@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    """``check_cues.tsv`` as role -> phrases (longest first). Raises ``ValueError`` naming
    the file on a malformed row."""
    roles: dict[str, list[str]] = {}
    for role, phrase in read_tsv("check_cues.tsv", 2, header=True, exact=True):
        roles.setdefault(role, []).append(phrase)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in roles.items()}


@lru_cache(maxsize=None)
def _cue_re(role: str) -> re.Pattern:
    """Alternation of the cue phrases of ``role`` on word boundaries (longest first)."""
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in cues().get(role, ()))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# measurement units and qualifiers

@lru_cache(maxsize=1)
def unit_factors() -> dict[str, tuple[str, float]]:
    """``check_units.tsv`` as unit (lowercase) -> ``(dimension, factor to the base unit)``.

    >>> unit_factors()["tạ"]
    ('mass', 100.0)

    Raises ``ValueError`` naming the file on a malformed row."""
    out: dict[str, tuple[str, float]] = {}
    for unit, dim, factor in read_tsv("check_units.tsv", 3, header=True, exact=True):
        out[unit.lower()] = (dim, float(factor))
    return out


def measure_of(unit: Optional[str]) -> Optional[tuple[str, float]]:
    """``(dimension, factor)`` of a measurement unit (``tấn`` -> ``('mass', 1000.0)``,
    ``m2`` -> ``('area', 1.0)``), None for counted nouns, currencies and unknown units."""
    if not unit:
        return None
    return unit_factors().get(" ".join(str(unit).lower().split()))


def unit_scale(unit: Optional[str], to: Optional[str]) -> Optional[float]:
    """How many ``to`` one ``unit`` is (``unit_scale("tạ", "kg")`` -> 100.0); 1.0 for equal
    units; None when the two cannot be reconciled (``tạ`` vs ``m²``, ``tạ`` vs ``hộ``)."""
    if unit == to:
        return 1.0
    a, b = measure_of(unit), measure_of(to)
    if a is None or b is None:
        return None
    if a[0] != b[0]:
        return None
    return a[1] / b[1]


def _cv(g: "Fig", ref: "Fig") -> float:
    """``g``'s value expressed in ``ref``'s unit (same value when the units are equal or
    not measurement units)."""
    if g.kind != "quantity" or ref.kind != "quantity":
        return g.value
    k = unit_scale(g.unit, ref.unit)
    return g.value * k if k else g.value


def rounding_unit(fig: "Fig") -> float:
    """The place value of the last non-zero written digit, in value units: ``18.000 tỷ``
    -> 1.000 tỷ, ``2,6 tỷ`` -> 0,1 tỷ, ``20 triệu`` -> 10 triệu (what ``khoảng`` rounds to)."""
    unit = 2 * tolerance_of(fig)
    m = _WRITTEN_RE.search(fig.text or "")
    if m:
        tok = m.group().rstrip(".,")
        if "," not in tok and not re.fullmatch(r"\d+\.\d{1,2}", tok):
            digits = tok.replace(".", "")
            zeros = len(digits) - len(digits.rstrip("0"))
            if digits.strip("0"):
                unit *= 10 ** zeros
    return unit


def interval(fig: "Fig", mode: str = "bound") -> tuple[float, float]:
    """The values ``fig`` allows, from its qualifier (``qualifiers.tsv`` words):

    * ``exact``: +- half a unit of the last written digit (:func:`tolerance_of`);
    * ``range``: ``[value, value_max]``;
    * mode ``bound`` (inequalities, for products): ``over`` (hơn, trên) ``[v, inf)``,
      ``under`` (gần, dưới) ``[0, v]`` (the word is the bound), ``approx`` (khoảng) +- max(rounding, 5 %);
    * mode ``near`` (the same figure told twice, for archive conflicts): ``over`` /
      ``under`` / ``approx`` reach max(1 % of v, half the rounding unit) on their side
      (``gần 18.000 tỷ`` allows 17.500 - 18.000 tỷ).

    >>> interval(Fig("quantity", 7.0, None, "tạ", None, "over", None, 0, 4, "7 tạ", 0))
    (7.0, inf)
    """
    v, tol = fig.value, tolerance_of(fig)
    if fig.value_max is not None:
        return (min(v, _num(fig.value_max)) - tol, max(v, _num(fig.value_max)) + tol)
    q = fig.qualifier
    if q == "exact":
        return (v - tol, v + tol)
    if mode == "bound":
        if q == "over":
            return (v, float("inf"))
        if q == "under":
            return (0.0, v)
        r = max(rounding_unit(fig) / 2, 0.05 * abs(v), tol)
        return (v - r, v + r)
    side = max(0.01 * abs(v), rounding_unit(fig) / 2, tol)
    if q == "over":
        return (v - tol, v + side)
    if q == "under":
        return (v - side, v + tol)
    return (v - side, v + side)


# ---------------------------------------------------------------------------------------
# numbers

def fmt_number(x: float, decimals: int = 2) -> str:
    """Vietnamese number format: dot thousands, comma decimals (``2581,3`` -> ``2.581,3``)."""
    if x is None:
        return "?"
    neg = x < 0
    x = abs(x)
    r = round(x, decimals)
    if float(r).is_integer():
        s = f"{int(r):,}".replace(",", ".")
    else:
        whole, frac = f"{r:.{decimals}f}".split(".")
        s = f"{int(whole):,}".replace(",", ".") + "," + frac.rstrip("0")
    return ("-" if neg else "") + s


def _clean(x: float) -> Any:
    if x is None:
        return None
    if abs(x - round(x)) < 1e-9:
        return int(round(x))
    return round(x, 6)


_WRITTEN_RE = re.compile(r"\d[\d.,]*")


def tolerance_of(fig: Fig) -> float:
    """Half a unit of the last written digit of ``fig`` (0.5 for a fully written integer).

    >>> tolerance_of(Fig("money", 2.6e9, None, "VND", None, "exact", None, 0, 10, "2,6 tỷ đồng", 0))
    50000000.0
    """
    m = _WRITTEN_RE.search(fig.text or "")
    if not m or not fig.value:
        return 0.5
    tok = m.group().rstrip(".,")
    if "," in tok:
        whole, frac = tok.rsplit(",", 1)
        digits = whole.replace(".", "") + frac
        dec = len(frac)
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", tok):
        digits, dec = tok.replace(".", ""), 0
    elif "." in tok and re.fullmatch(r"\d+\.\d{1,2}", tok):  # English decimal 5.67
        whole, frac = tok.split(".")
        digits, dec = whole + frac, len(frac)
    else:
        digits, dec = tok.replace(".", ""), 0
    try:
        written = Decimal(digits) / (Decimal(10) ** dec)
    except Exception:
        return 0.5
    if written == 0:
        return 0.5
    mult = Decimal(str(fig.value)) / written
    return float(Decimal("0.5") * mult / (Decimal(10) ** dec))


def _percent_tol(fig: Fig) -> float:
    m = _WRITTEN_RE.search(fig.text or "")
    dec = 0
    if m:
        tok = m.group().rstrip(".,")
        if "," in tok:
            dec = len(tok.rsplit(",", 1)[1])
        elif re.fullmatch(r"\d+\.\d{1,2}", tok):
            dec = len(tok.split(".")[1])
    return 10.0 ** -dec


# ---------------------------------------------------------------------------------------
# the article as the checks see it

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
    return S.Check(kind=kind, status=status, message=message, values=values, spans=uniq)


# ---------------------------------------------------------------------------------------
# totals

def _total_cue(doc: _Doc, f: Fig) -> Optional[tuple[str, int, int]]:
    """(role, cue_start, cue_end) of a total / raise cue before ``f`` in its clause (cached)."""
    key = (f.start, f.end)
    if key not in doc._cue_cache:
        doc._cue_cache[key] = _find_total_cue(doc, f)
    return doc._cue_cache[key]


def _find_total_cue(doc: _Doc, f: Fig) -> Optional[tuple[str, int, int]]:
    cs, _ = doc.clause(f.start)
    lo = max(cs, f.start - 90)
    window = doc.text[lo:f.start]
    best = None
    for role in ("raise", "total"):
        for m in _cue_re(role).finditer(window):
            s, e = lo + m.start(), lo + m.end()
            if _between_has_fig(doc, e, f.start):
                continue
            gap = doc.text[e:f.start]
            if m.group().lower() in ("tổng", "cộng") and not re.fullmatch(r"\s*(?:(?:là|lên|:)\s*)*", gap):
                continue
            if best is None or s > best[1] or (s == best[1] and role == "raise"):
                best = (role, s, e)
        if best and best[0] == "raise":
            break
    return best


def _is_opening(doc: _Doc, pos: int) -> bool:
    """True when ``pos`` opens its sentence or clause (after an optional connector)."""
    cs, _ = doc.clause(pos)
    if pos - cs > 60:
        return False
    head = doc.text[cs:pos].strip(" \t,:-–")
    if not head:
        return True
    head = re.sub(r"[,:]", " ", head).strip().lower()
    return any(head == c or head.startswith(c + " ") and len(head) <= len(c) + 25 for c in cues().get("lead", ()))


def _topic(doc: _Doc, cue_end: int, f: Fig) -> Optional[str]:
    seg = doc.text[cue_end:f.start]
    m = _cue_re("topic").search(seg)
    return m.group().lower() if m else None


def _check_totals(doc: _Doc) -> list[S.Check]:
    out: list[S.Check] = []
    info: dict[int, tuple] = {}
    for f in doc.figs:
        if f.kind in ("money", "quantity"):
            cue = _total_cue(doc, f)
            if cue:
                info[id(f)] = cue
    last_opening_total: dict[tuple, int] = {}
    for f in doc.figs:
        cue = info.get(id(f))
        if not cue or f.kind not in ("money", "quantity") or f.per:
            continue
        role, cs_, ce_ = cue
        ps, pe = doc.paragraph(f.start)
        par = re.compile(r"\s*\(").match(doc.text, f.end)
        if par and role == "total":
            close = doc.text.find(")", par.end(), min(len(doc.text), par.end() + 300))
            inner = [g for g in doc.figs_in(par.end(), close if close >= 0 else par.end()) if par.end() <= g.start and close >= 0 and g.end <= close and _same_unit(g, f)]
            if len(inner) >= 2:
                c = _total_from_parts(doc, f, inner, "parenthesis")
                if c is not None:
                    out.append(c)
                continue
        if role == "raise":
            cl = doc.clause(f.start)
            sent = doc.sentence(f)
            lo = sent[1] if sent else cl[0]
            added = [g for g in doc.figs_in(lo, cs_) if lo <= g.start < cs_ and _same_unit(g, f)
                     and re.search(r"(?:thêm|mới)\s*$", doc.text[max(lo, g.start - 12):g.start])]
            if not added:
                cl = doc.clause(f.start)
                lst = [g for g in doc.figs_in(cl[0], cs_) if cl[0] <= g.start and g.end <= cs_ and _same_unit(g, f)]
                if len(lst) >= 2 and cs_ - lst[-1].end <= MAX_CLAUSE_GAP:
                    c = _total_from_parts(doc, f, lst, "list")
                    if c is not None:
                        out.append(c)
                continue
            if f.exact and all(g.exact for g in added):
                add = sum(g.value for g in added)
                prev = f.value - add
                out.append(_check(
                    "total", "info",
                    f"Running total {fmt_number(f.value)} {_unit_label(f)} after adding "
                    f"{' + '.join(fmt_number(g.value) for g in added)}: {fmt_number(prev)} before",
                    {"stated": _clean(f.value), "added": [_clean(g.value) for g in added], "previous": _clean(prev),
                     "unit": f.unit, "stated_text": f.text, "parts_text": [g.text for g in added]},
                    [doc.quote_span(f.start)]))
            continue
        opening = _is_opening(doc, cs_)
        key = (f.kind, f.unit)
        if opening:
            lo = max(ps, last_opening_total.get(key, ps))
            near = doc.figs_in(lo, cs_, limit=MAX_FIGS_SCANNED)
            last_opening_total[key] = f.end
            if len(near) > MAX_FIGS_SCANNED:
                continue  # a table-like run of figures, not prose with parts
            cand = [g for g in near if lo <= g.start and g.end <= cs_ and g is not f and _same_unit(g, f)]
        else:
            cl = doc.clause(f.start)
            near = doc.figs_in(cl[0], cs_, limit=MAX_FIGS_SCANNED)
            if len(near) > MAX_FIGS_SCANNED:
                continue
            cand = [g for g in near if cl[0] <= g.start and g.end <= cs_ and _same_unit(g, f)]
            # a total inside a clause sums a list right before it: "A, B, tổng cộng C"
            if not cand or cs_ - cand[-1].end > MAX_CLAUSE_GAP:
                continue
        cand = [g for g in cand if info.get(id(g), ("",))[0] != "raise" and g.value_max is None]
        if opening:
            subs = [g for g in cand if id(g) in info]
            if len(subs) >= 2:
                cand = subs
            else:  # plain amounts: only from this sentence and the one before
                sent = doc.sentence(f)
                prev = next((x for x in doc.sentences if sent and x[0] == sent[0] - 1), None)
                lo2 = prev[1] if prev else (sent[1] if sent else f.start)
                cand = [g for g in cand if g.start >= lo2]
            topic = _topic(doc, ce_, f)
            if topic:
                tre = re.compile(rf"(?<!\w){re.escape(topic)}(?!\w)", re.IGNORECASE)
                on_topic = [g for g in cand if tre.search(doc.text[doc.clause(g.start)[0]:g.end])]
                if len(on_topic) >= 2:
                    cand = on_topic
        if len(cand) < 2 or len(cand) > MAX_PARTS_CONSIDERED:
            continue  # no parts, or a long run of figures that is not a list of parts
        tol = tolerance_of(f)
        exact = f.exact and all(g.exact for g in cand)
        parts = cand
        total = sum(_cv(g, f) for g in parts)
        if abs(f.value - total) > tol:
            run_sum = 0.0
            for k in range(1, len(cand)):  # a trailing run that adds up
                run_sum += _cv(cand[-k], f)
                if k >= 2 and abs(f.value - run_sum) <= tol:
                    parts, total = cand[-k:], run_sum
                    break
        diff = f.value - total
        unit = _unit_label(f)
        values = {
            "stated": _clean(f.value), "computed": _clean(total), "difference": _clean(diff),
            "parts": [_clean(_cv(g, f)) for g in parts], "unit": f.unit, "tolerance": _clean(tol),
            "stated_text": f.text, "parts_text": [g.text for g in parts],
        }
        spans = [doc.sent_span(g.start) for g in parts] + [doc.sent_span(f.start)]
        sum_txt = " + ".join(fmt_number(_cv(g, f)) for g in parts)
        if abs(diff) <= tol:
            out.append(_check("total", "consistent",
                              f"Stated total {fmt_number(f.value)} {unit} = {sum_txt}", values, spans))
            continue
        plausible = exact and len(parts) <= MAX_PARTS_FOR_MISMATCH and f.value >= max(_cv(g, f) for g in parts)
        status = "mismatch" if plausible else "info"
        msg = (f"Stated total {fmt_number(f.value)} {unit} is not {sum_txt} = {fmt_number(total)} {unit} "
               f"(difference {fmt_number(diff)} {unit})")
        if not plausible:
            msg += "; approximate figures or uncertain parts, not flagged"
        out.append(_check("total", status, msg, values, spans))
    return out


# ---------------------------------------------------------------------------------------
# parts: A ..., trong đó B

def _part_groups(doc: _Doc) -> list[tuple[int, bool, list[tuple[Fig, Fig]]]]:
    """``A ..., trong đó B, C`` groups: ``(cue_start, opens_sentence, [(whole, part)])``.

    Mid-sentence ``trong đó``: the parts are the figures after it up to the end of its
    ``;``-clause; each part's whole is the last figure of the same unit before the cue in
    the sentence (at most 120 characters before). A sentence opening with ``Trong đó,``: the
    parts are the figures of that sentence and the whole is the previous sentence's stated
    total (``tổng thu ... đạt 18,6 tỷ đồng``), else its first figure of that unit."""
    groups = []
    for m in _cue_re("part").finditer(doc.text):
        pos = m.start()
        sent = doc.sentence(pos)
        if sent is None:
            continue
        pairs: list[tuple[Fig, Fig]] = []
        if not doc.text[sent[1]:pos].strip():
            prev = next((x for x in doc.sentences if x[0] == sent[0] - 1), None)
            if prev is None or doc.paragraph(prev[1]) != doc.paragraph(sent[1]):
                continue
            near = doc.figs_in(m.end(), sent[2], limit=MAX_FIGS_SCANNED)
            if len(near) > MAX_FIGS_SCANNED:
                continue
            parts = [b for b in near if m.end() <= b.start and b.end <= sent[2] and b.kind != "percent"
                     and not b.per and not _total_cue(doc, b) and not _is_change(doc, b)]
            if not parts or len(parts) > MAX_PARTS_CONSIDERED:
                continue
            olds = [g for g in doc.figs_in(prev[1], prev[2]) if prev[1] <= g.start and g.end <= prev[2] and g.kind != "percent"
                    and _same_unit(g, parts[0], loose=True)]
            if not olds:
                continue
            totals = [g for g in olds if _total_cue(doc, g)]
            a = (totals or olds)[0]
            pairs = [(a, b) for b in parts if _same_unit(a, b, loose=True) and _cv(b, a) <= 10 * a.value]
            if pairs:
                groups.append((pos, True, pairs))
            continue
        cl_end = min(doc.clause(m.end())[1], m.end() + PART_WINDOW)
        nxt = _PART_STOP_RE.search(doc.text, m.end(), cl_end)
        if nxt:
            cl_end = nxt.start()
        before = [g for g in doc.figs_in(max(sent[1], pos - 400), pos) if sent[1] <= g.start and g.end <= pos and g.kind != "percent"
                  and pos - g.end <= 120]
        bare = None
        for b in doc.figs_in(m.end(), cl_end):
            if (m.end() <= b.start and b.end <= cl_end and b.kind != "percent" and not b.per
                    and not _total_cue(doc, b) and not _is_change(doc, b)):
                wholes = [a for a in before if _same_unit(a, b, loose=True)]
                if wholes:
                    pairs.append((wholes[-1], b))
                elif b.kind == "quantity":
                    bare = bare or _bare_named_count(doc, sent[1], pos)
                    if bare is not None and b.value <= bare.value:
                        pairs.append((bare, b))
        if pairs:
            groups.append((pos, False, pairs))
    return groups


_CHANGE_BEFORE_RE = re.compile(r"(?:vượt|hụt|tăng|giảm|thêm|chênh lệch|cao hơn|thấp hơn)\s*(?:thêm\s*)?$", re.IGNORECASE)


def _is_change(doc: _Doc, f: Fig) -> bool:
    """A figure stated as a change (``hụt 15.500 tỷ đồng``, ``tăng 20 hộ``), not an amount."""
    return bool(_CHANGE_BEFORE_RE.search(doc.text, max(0, f.start - 20), f.start))


_PART_STOP_RE = re.compile(r"[.!?]\s|(?<!\w)trong (?:số )?(?:đó|này)(?!\w)", re.IGNORECASE)
_NAMED_COUNT_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*)[ \t]+[“\"«]")


def _bare_named_count(doc: _Doc, start: int, end: int) -> Optional[Fig]:
    """A count of named things that no recognizer kept (``xây 25 “Mái ấm tình thương”``):
    the last such number in ``text[start:end]`` (at most 150 characters before ``end``), as
    a quantity ``Fig``; None when there is none or when two differ."""
    found = list(_NAMED_COUNT_RE.finditer(doc.text, max(start, end - 150), end))
    if len(found) != 1:
        return None
    mm = found[0]
    if any(f.start <= mm.start(1) < f.end for f in doc.figs_in(max(0, mm.start(1) - 200), mm.end(1) + 1)):
        return None
    return Fig("quantity", float(mm.group(1).replace(".", "")), None, None, None, "exact", None,
               mm.start(1), mm.end(1), mm.group(1), None)


def _part_pairs(doc: _Doc) -> list[tuple[Fig, Fig, int]]:
    """(whole, part, cue_start) of every ``trong đó`` group (see :func:`_part_groups`)."""
    return [(a, b, pos) for pos, _, pairs in _part_groups(doc) for a, b in pairs]


def _total_from_parts(doc: _Doc, whole: Fig, parts: list[Fig], why: str) -> Optional[S.Check]:
    """A ``total`` check of ``whole`` against listed ``parts`` (parenthesis or trong đó list)."""
    if len(parts) < 2 or len(parts) > MAX_PARTS_CONSIDERED:
        return None
    tol = tolerance_of(whole)
    total = sum(_cv(g, whole) for g in parts)
    diff = whole.value - total
    unit = _unit_label(whole)
    sum_txt = " + ".join(fmt_number(_cv(g, whole)) for g in parts)
    values = {"stated": _clean(whole.value), "computed": _clean(total), "difference": _clean(diff),
              "parts": [_clean(_cv(g, whole)) for g in parts], "unit": whole.unit, "tolerance": _clean(tol),
              "stated_text": whole.text, "parts_text": [g.text for g in parts], "parts_from": why}
    spans = [doc.sent_span(whole.start)] + [doc.sent_span(g.start) for g in parts]
    if abs(diff) <= tol:
        return _check("total", "consistent", f"Stated total {fmt_number(whole.value)} {unit} = {sum_txt}", values, spans)
    exact = whole.exact and all(g.exact for g in parts)
    status = "mismatch" if exact and len(parts) <= MAX_PARTS_FOR_MISMATCH else "info"
    return _check("total", status,
                  f"Stated total {fmt_number(whole.value)} {unit} is not {sum_txt} = {fmt_number(total)} {unit} "
                  f"(difference {fmt_number(diff)} {unit})", values, spans)


def _check_parts(doc: _Doc) -> list[S.Check]:
    out = []
    for pos, opens, pairs in _part_groups(doc):
        wholes = {id(a) for a, _ in pairs}
        if len(wholes) != 1 or len(pairs) < 2:
            continue
        a = pairs[0][0]
        parts = [b for _, b in pairs]
        total = sum(_cv(b, a) for b in parts)
        # a stated total broken down in the same sentence is exhaustive; otherwise only
        # parts adding up to more than the whole are a finding
        region = (pos, max(b.end for b in parts))
        shares = any(f.kind == "percent" and region[0] <= f.start < region[1] for f in doc.figs_in(region[0], region[1] + 1))
        if (not opens and not shares and _total_cue(doc, a)) or total > a.value + tolerance_of(a):
            c = _total_from_parts(doc, a, parts, "trong đó")
            if c is not None:
                out.append(c)
    for a, b, _ in _part_pairs(doc):
        if not a.value:
            continue
        bv = _cv(b, a)
        share = 100.0 * bv / a.value
        values = {"part": _clean(bv), "whole": _clean(a.value), "share": round(share, 2),
                  "unit": a.unit, "part_text": b.text, "whole_text": a.text}
        head = f"{fmt_number(bv)} of {fmt_number(a.value)} {_unit_label(a)}".rstrip() + f" ({fmt_number(share, 1)}%)"
        if bv > a.value + tolerance_of(a):
            status = "mismatch" if a.exact and b.exact else "info"
            values["excess"] = _clean(bv - a.value)
            msg = f"{head}: part > whole by {fmt_number(bv - a.value)}, " + (
                "mismatch" if status == "mismatch" else "approximate figures")
        else:
            status = "consistent"
            msg = f"{head}: part ≤ whole, consistent"
        out.append(_check("part", status, msg, values, [doc.quote_span(a.start), doc.quote_span(b.start)]))
    return out


# ---------------------------------------------------------------------------------------
# percentages

_FRACTION_RE = re.compile(r"(?<![\d/.,])(\d{1,6})\s*/\s*(\d{1,6})(?![\d/])\s+(?=[a-zà-ỹđ])")


_BARE_NUM_RE = re.compile(r"[^\d,.:;!?]{0,60}?(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{1,9})(?:,(\d{1,3}))?(?![\d.,]\d)[ \t]+([^\W\d_]+(?:[ \t][^\W\d_]+)?)")


def _bare_target(doc: _Doc, start: int, end: int) -> Optional[Fig]:
    """A target count after a plan word that no recognizer kept (``kế hoạch 1.500 đơn vị``,
    read by the numeric recognizers as a document number): ``Fig`` of kind ``quantity``
    with the counted words, or None."""
    m = _BARE_NUM_RE.match(doc.text, start, end)
    if not m:
        return None
    whole = m.group(1).replace(".", "")
    try:
        val = float(whole + ("." + m.group(2) if m.group(2) else ""))
    except ValueError:
        return None
    counted = m.group(3).lower()
    if counted.split()[0] in TIME_UNITS or counted.split()[0] in ("tỷ", "tỉ", "triệu", "nghìn", "ngàn", "đồng"):
        return None
    s0 = m.start(1)
    return Fig("quantity", val, None, counted, counted, "exact", None, s0, m.end(3), doc.text[s0:m.end(3)],
               None)


def _check_percentages(doc: _Doc) -> list[S.Check]:
    out = []
    pairs = _part_pairs(doc)
    for p in doc.figs:
        if p.kind != "percent" or p.value_max is not None:
            continue
        cl = doc.clause(p.start)
        pre = doc.text[max(cl[0], p.start - 30):p.start].lower()
        computed = None
        basis = None
        inputs_exact = True
        extra: dict = {}
        # (a) trong đó share: A ..., trong đó B (chiếm P%)
        share_cue = re.search(r"(?:chiếm|chiếm tỷ lệ|chiếm tỉ lệ|bằng|tương đương|tức|\()\s*$", pre)
        for a, b, cue in pairs:
            if share_cue and cl[0] <= cue and b.end <= p.start and p.start - b.end <= 40 and a.value:
                computed = 100.0 * b.value / a.value
                basis = f"{b.text} / {a.text}"
                inputs_exact = a.exact and b.exact
        # (b) fraction X/Y shortly before "đạt/chiếm/bằng P%" in the clause
        if computed is None and re.search(r"(?:đạt|chiếm|bằng|tỷ lệ|tỉ lệ|tương đương|\()\s*$", pre):
            for m in _FRACTION_RE.finditer(doc.text, max(cl[0], p.start - 80), p.start):
                x, y = int(m.group(1)), int(m.group(2))
                before = doc.text[max(0, m.start() - 12):m.start()].lower()
                if (0 < y < 1900 and x <= y and not re.search(r"(?:ngày|tháng|năm|quý|từ|đến|số|:)\s*$", before)
                        and not re.search(r"[;.!?]\s", doc.text[m.end():p.start])):
                    computed, basis = 100.0 * x / y, f"{x}/{y}"
        # (c) đạt P% kế hoạch B
        if computed is None and re.search(r"(?:đạt|bằng|hoàn thành|được)\s*$", pre):
            after = doc.text[p.end:cl[1]]
            pm = _cue_re("plan").match(after.lstrip())
            if pm:
                tstart = p.end + (len(after) - len(after.lstrip())) + pm.end()
                targets = [g for g in doc.figs_in(tstart, min(cl[1], tstart + 200)) if tstart <= g.start < cl[1] and g.start - tstart <= 70
                           and g.kind != "percent" and not re.search(r"[,.:;!?]", doc.text[tstart:g.start])]
                if not targets:
                    t0 = _bare_target(doc, tstart, cl[1])
                    targets = [t0] if t0 else []
                if targets:
                    t = targets[0]
                    achieved = [g for g in doc.figs_in(cl[0], p.start) if cl[0] <= g.start and g.end <= p.start and _same_unit(g, t)]
                    if not achieved:  # "42.300 công dân, đạt 94% chỉ tiêu (chỉ tiêu 45.000 hồ sơ)"
                        achieved = [g for g in doc.figs_in(max(cl[0], p.start - 200), p.start) if cl[0] <= g.start and g.end <= p.start and g.kind == t.kind
                                    and p.start - g.end <= 25 and (g.kind != "money" or g.unit == t.unit)]
                    if achieved and t.value:
                        a = achieved[-1]
                        computed, basis = 100.0 * _cv(a, t) / t.value, f"{a.text} / {t.text}"
                        inputs_exact = a.exact and t.exact
                        extra = {"achieved": _clean(a.value), "target": _clean(t.value)}
        # (c2) vượt P% (so với) mục tiêu/kế hoạch (… T): (A - T) / T
        if computed is None and re.search(r"vượt\s*$", pre):
            after = doc.text[p.end:cl[1]]
            pm = re.compile(r"\s*(?:so với\s+)?(?:" + _cue_re("plan").pattern + ")", re.IGNORECASE).match(after)
            if pm:
                tstart = p.end + pm.end()
                targets = [g for g in doc.figs_in(tstart, min(cl[1], tstart + 200)) if tstart <= g.start < cl[1] and g.start - tstart <= 70
                           and g.kind != "percent" and not re.search(r"[,.:;!?]", doc.text[tstart:g.start])]
                if targets and targets[0].value:
                    t = targets[0]
                    achieved = [g for g in doc.figs_in(cl[0], p.start) if cl[0] <= g.start and g.end <= p.start and _same_unit(g, t)]
                    if achieved:
                        a = achieved[-1]
                        computed = 100.0 * (_cv(a, t) - t.value) / t.value
                        basis = f"({a.text} - {t.text}) / {t.text}"
                        inputs_exact = a.exact and t.exact
                        extra = {"achieved": _clean(a.value), "target": _clean(t.value)}
        # (e) B ..., chiếm P% (tổng số) [A]: the whole after it, or stated earlier in the
        # paragraph when the text names it ("612 học sinh ..., chiếm 49% tổng số học sinh")
        if computed is None and re.search(r"chiếm\s*(?:tỷ lệ|tỉ lệ)?\s*$", pre):
            bs = [g for g in doc.figs_in(max(cl[0], p.start - 200), p.start) if cl[0] <= g.start and g.end <= p.start and g.kind != "percent" and p.start - g.end <= 40]
            if bs:
                b = bs[-1]
                after = [g for g in doc.figs_in(p.end, min(cl[1], p.end + 200)) if p.end <= g.start < cl[1] and g.start - p.end <= 30 and _same_unit(g, b)
                         and not re.search(r"[.;!?)]", doc.text[p.end:g.start])]
                ps_, _ = doc.paragraph(p.start)
                earlier = [g for g in doc.figs_in(ps_, b.start) if ps_ <= g.start and g.end <= b.start and _same_unit(g, b) and _cv(g, b) > b.value]
                named = b.kind == "quantity" and b.unit and re.match(
                    r"\s*(?:trên\s+)?(?:tổng số|tổng|số)\s+" + re.escape(b.unit.split()[0]) + r"(?!\w)",
                    doc.text[p.end:cl[1]], re.IGNORECASE)
                whole = after[0] if after else (earlier[0] if earlier and named else None)
                if whole is not None and whole.value:
                    computed, basis = 100.0 * _cv(b, whole) / whole.value, f"{b.text} / {whole.text}"
                    inputs_exact = b.exact and whole.exact
                    extra = {"achieved": _clean(b.value), "target": _clean(whole.value)}
        # (d) tăng/giảm P% so với B
        if computed is None and re.search(r"(?:tăng|giảm)\s*(?:thêm\s*)?$", pre):
            after = doc.text[p.end:cl[1]]
            cm = _cue_re("compare").search(after[:20])
            if cm:
                olds = [g for g in doc.figs_in(p.end + cm.end(), min(cl[1], p.end + cm.end() + 200)) if p.end + cm.end() <= g.start < cl[1] and g.kind != "percent"
                        and g.start - (p.end + cm.end()) <= 30 and not re.search(r"[,.:;!?]", doc.text[p.end + cm.end():g.start])]
                if olds:
                    old = olds[0]
                    cur = [g for g in doc.figs_in(max(cl[0], p.start - 200), p.start) if cl[0] <= g.start and g.end <= p.start and _same_unit(g, old)
                           and p.start - g.end <= 40]
                    if cur and old.value:
                        c = cur[-1]
                        computed = 100.0 * abs(_cv(c, old) - old.value) / old.value
                        basis = f"({c.text} - {old.text}) / {old.text}"
                        inputs_exact = c.exact and old.exact
        if computed is None:
            continue
        u = _percent_tol(p)
        diff = p.value - computed
        values = {"stated": _clean(p.value), "computed": round(computed, 2), "difference": round(diff, 2),
                  "tolerance": u, "basis": basis, "unit": "%", "stated_text": p.text, **extra}
        # the stated value is the computed one rounded to the stated precision
        if abs(diff) <= 0.5 * u + 1e-9:
            status, msg = "consistent", f"Stated {p.text} matches {basis} = {fmt_number(computed, 1)}%"
        else:
            status = "mismatch" if p.exact and inputs_exact else "info"
            msg = f"Stated {p.text} but {basis} = {fmt_number(computed, 1)}% (difference {fmt_number(diff, 1)} points)"
        out.append(_check("percentage", status, msg, values, [doc.quote_span(p.start)]))
    return out


# ---------------------------------------------------------------------------------------
# unit values

_NEXT_WORD_RE = re.compile(r"[ \t]*(?:-[ \t]*)?([a-zà-ỹđ]+)(?!\w)")


def count_label(text: str, q: Fig) -> Optional[str]:
    """The unit label of a count for a unit value (``đồng/<label>``): the measurement unit
    (``tấn``); the longest counted noun of role ``unit_noun`` in ``check_cues.tsv`` that
    opens the counted phrase (``suất học bổng``, ``dự án`` of ``dự án đầu tư mới``,
    ``giấy chứng nhận``); a one-word counted noun completed from the text when the numeric
    recognizer kept one syllable only (``8 xi`` + ``lanh`` -> ``xi lanh``); an abbreviation
    (``936 CN``). None otherwise: no cut label such as ``đồng/dự`` or ``đồng/giấy chứng``."""
    if q.unit and measure_of(q.unit):
        return q.unit
    phrase = " ".join((q.counted or q.unit or "").lower().split())
    if not phrase:
        return None
    for noun in cues().get("unit_noun", ()):  # longest first
        if phrase == noun or phrase.startswith(noun + " "):
            return noun
    words = phrase.split()
    surface = text[q.start:q.end]
    sw = surface.split()
    if len(words) == 1 and sw and sw[-1].lower() == words[0]:
        if sw[-1].isupper() and 2 <= len(sw[-1]) <= 5:  # an abbreviation: 936 CN
            return sw[-1]
        m = _NEXT_WORD_RE.match(text, q.end)
        if m:
            return f"{words[0]} {m.group(1)}"
        return None
    m = re.search(r"(?<!\w)" + re.escape(words[0]) + r"(?!\w)", surface, re.IGNORECASE)
    if m and m.group().isupper() and 2 <= len(m.group()) <= 5:
        return m.group()
    return None


def _is_attribute(label: str) -> bool:
    """``làn xe``, ``xi lanh``, ``tầng``: counts describing a thing (role ``attribute``)."""
    attrs = cues().get("attribute", ())
    low = label.lower()
    return any(low == a or low.startswith(a + " ") for a in attrs)


def _check_unit_values(doc: _Doc) -> list[S.Check]:
    """``N <things> trị giá M``: info M / N per thing. The money must be what the counted
    things cost: a ``value`` cue (``trị giá``, ``với số tiền`` ...) between them, or a
    ``cost`` cue (``kinh phí``, ``vốn``) with nothing (comma, bracket) between; no count
    of an ``attribute`` (``4 làn xe``, ``8 xi lanh``) and no length (``5 km``) divided into
    a cost; no count closed by a bracket before the money (``(8 xi lanh) trị giá``); a
    full unit label (:func:`count_label`) or no check."""
    out = []
    vre, cre = _cue_re("value"), _cue_re("cost")
    for i, q in enumerate(doc.figs):
        if q.kind != "quantity" or not q.exact or q.value < 2:
            continue
        nxt = doc.figs[i + 1] if i + 1 < len(doc.figs) else None
        if nxt is None or nxt.kind != "money" or nxt.per or nxt.value_max is not None:
            continue
        gap = doc.text[q.end:nxt.start]
        if len(gap) > 45 or ";" in gap or re.search(r"[.!?]\s", gap):
            continue
        if gap.count(")") > gap.count("("):
            continue  # the count sat inside a bracket: "(động cơ 8 xi lanh) trị giá ..."
        vm = vre.search(gap)
        cm = cre.search(gap)
        if vm is None:
            if cm is None or re.search(r"[,:()\-–]", gap[:cm.start()]):
                continue
            measure = measure_of(q.unit)
            if measure and measure[0] in ("length", "area"):
                continue  # "dài 5 km với tổng vốn ...": the cost of a project, not per km
        label = count_label(doc.text, q)
        if label is None or _is_attribute(label):
            continue
        per_unit = nxt.value / q.value
        cur = _unit_label(nxt)
        decimals = 0 if per_unit >= 100 else 2
        values = {"count": _clean(q.value), "amount": _clean(nxt.value), "computed": _clean(round(per_unit, decimals)),
                  "unit": f"{nxt.unit}/{label}", "count_text": q.text, "amount_text": nxt.text}
        approx = "" if nxt.exact else "about "
        msg = (f"{q.text} {gap.strip()} {nxt.text}: {approx}{fmt_number(per_unit, decimals)} {cur}/{label}")
        out.append(_check("unit_value", "info", msg, values, [doc.quote_span(q.start)]))
    return out


# ---------------------------------------------------------------------------------------

_PER_STOP = r"(?:là|được|có|trị|giá|nhận|hỗ|với|khoảng|từ|gồm|tiền|hơn|gần|trên|dưới)(?!\w)"
_PER_BEFORE_RE = re.compile(
    r"(?<!\w)mỗi(?:\s+một)?\s+(?P<noun>(?!" + _PER_STOP + r")[^\W\d_]+(?:\s+(?!" + _PER_STOP + r")[^\W\d_]+)?)"
    r"\s*(?:(?:có\s+)?(?:trị\s+giá|giá\s+trị)(?:\s+là)?|(?:được\s+)?(?:hỗ\s+trợ|nhận|tặng|trao|cấp)"
    r"|có\s+giá|là|được|:)?(?:\s*(?:khoảng|hơn|gần|trên|dưới|từ))?\s*$"
    r"|(?<!\w)(?:bình quân|trung bình)\s*(?:mỗi\s+(?P<noun2>[^\W\d_]+)\s*)?(?:là|:)?\s*$",
    re.IGNORECASE)


def per_noun(text: str, start: int) -> Optional[str]:
    """What a figure starting at ``start`` is stated per, from the words just before it (at
    most 40 characters): ``mỗi <noun>`` with an optional value cue (``mỗi suất trị giá
    500.000 đồng`` -> ``suất``, ``mỗi suất quà trị giá`` -> ``suất quà``, ``mỗi hộ được hỗ
    trợ`` -> ``hộ``); ``bình quân`` / ``trung bình`` without a noun -> ``đơn vị``; None
    otherwise. Rule written for pntd-extract from activity-report phrasing.

    >>> t = "Trao 50 suất quà, mỗi suất trị giá 500.000 đồng"
    >>> per_noun(t, t.index("500"))
    'suất'
    """
    m = _PER_BEFORE_RE.search(text, max(0, start - 40), start)
    if not m:
        return None
    noun = m.group("noun") or m.group("noun2")
    return " ".join(noun.lower().split()) if noun else "đơn vị"


def _norm_per(per: str) -> str:
    """``Money.per`` as the checks use it: lowercase, single spaces, without a leading ``mỗi``."""
    p = " ".join(str(per).lower().split())
    return re.sub(r"^(?:mỗi|một)\s+", "", p) or "đơn vị"


def _mark_per_unit(doc: _Doc) -> None:
    """Figures stated per unit (``mỗi hộ 10 triệu đồng``, ``mỗi suất trị giá 500.000 đồng``,
    ``bình quân 50 triệu đồng``) get ``per`` set (:func:`per_noun`), so they are never summed
    as parts nor divided by a count; a ``per`` set by the numeric recognizer is kept
    (normalised, ``mỗi hộ`` -> ``hộ``)."""
    for f in doc.figs:
        if f.kind == "percent":
            continue
        if f.per:
            f.per = _norm_per(f.per)
            continue
        f.per = per_noun(doc.text, f.start)


def _per_count(q: Fig, per: str) -> Optional[float]:
    """The count ``q`` expressed in the unit of a unit price ``per`` (``7 tạ`` at ``đồng/kg``
    -> 700); None when they cannot be reconciled (``7 tạ`` at ``đồng/m2``, ``12 hộ`` at
    ``mỗi người``)."""
    per = " ".join(per.lower().split())
    if measure_of(per) or measure_of(q.unit):
        k = unit_scale(q.unit, per) if q.unit else None
        return q.value * k if k else None
    counted = (q.counted or q.unit or "").split()
    pw = per.split()
    if per == "đơn vị" or (counted and pw and counted[:len(pw)] == pw[:len(counted)]):
        return q.value
    return None


def _check_products(doc: _Doc) -> list[S.Check]:
    """``12 hộ ..., mỗi hộ 10 triệu đồng, tổng cộng 120 triệu đồng`` / ``hơn 7 tạ ..., giá
    35.000 đồng/kg, tổng thu hơn 20 triệu đồng``: count x unit value against the stated total.

    Units are converted first (``tạ`` -> 100 kg, :func:`unit_scale`); a count that cannot be
    put in the unit price's unit is skipped. Qualifiers are inequalities (:func:`interval`,
    mode ``bound``): info when the product and the total can agree (``consistent within the
    qualifiers`` when any is not exact); ``mismatch`` only when they cannot and no figure is
    approximate (``khoảng``); otherwise info."""
    out = []
    tre = _cue_re("total")
    for i, m in enumerate(doc.figs):
        if m.kind != "money" or not m.per or m.value_max is not None:
            continue
        cl = doc.clause(m.start)
        qs = [q for q in doc.figs_in(max(cl[0], m.start - 200), m.start) if q.kind == "quantity" and cl[0] <= q.start and q.end <= m.start
              and m.start - q.end <= 60 and q.value and _per_count(q, m.per) is not None]
        ts = [t for t in doc.figs_in(m.end, min(cl[1], m.end + 200)) if t.kind == "money" and t.unit == m.unit and not t.per and t.start < cl[1]
              and t.start - m.end <= 40 and tre.search(doc.text[m.end:t.start])]
        if not qs:
            continue
        q = qs[-1]
        count = _per_count(q, m.per)
        if not ts:
            c = _implied_total(doc, q, m, count)
            if c is not None:
                out.append(c)
            continue
        t = ts[0]
        k = count / q.value
        computed = count * m.value
        diff = t.value - computed
        # the factors as written (an exact "3 tấn" is 3 tấn); the stated total has its precision
        ql, qh = (q.value, q.value) if q.exact else interval(q, "bound")
        ml, mh = (m.value, m.value) if m.exact else interval(m, "bound")
        tl, th = interval(t, "bound")
        lo, hi = max(ql, 0.0) * k * max(ml, 0.0), qh * k * mh
        values = {"stated": _clean(t.value), "computed": _clean(computed), "difference": _clean(diff),
                  "count": _clean(q.value), "per_unit": _clean(m.value), "unit": t.unit,
                  "stated_text": t.text, "count_text": q.text, "per_unit_text": m.text}
        if k != 1.0:
            values["count_converted"] = _clean(count)
            values["count_unit"] = " ".join(m.per.split())
        qtxt = q.text if k == 1.0 else f"{q.text} ({fmt_number(count)} {' '.join(m.per.split())})"
        exact = q.exact and m.exact and t.exact
        quals = [f.qualifier for f in (q, m, t) if not f.exact]
        if abs(diff) <= tolerance_of(t) and exact:
            # agreeing unit values are info: annotations/README.md leaves them unannotated
            status, msg = "info", f"{qtxt} x {m.text} = {t.text}: consistent"
        elif lo <= th and tl <= hi:
            status = "info"
            msg = (f"{qtxt} x {m.text} = {fmt_amount(computed, t.unit)}, stated {t.text}: "
                   f"consistent within the qualifiers ({', '.join(quals)})" if quals else
                   f"{qtxt} x {m.text} = {fmt_amount(computed, t.unit)}, stated {t.text}")
        else:
            status = "mismatch" if all(f.qualifier in ("exact", "over", "under") and f.value_max is None
                                       for f in (q, m, t)) else "info"
            msg = (f"{qtxt} x {m.text} = {fmt_amount(computed, t.unit)}, not {t.text} "
                   f"(difference {fmt_amount(diff, t.unit)})")
        out.append(_check("unit_value", status, msg, values, [doc.quote_span(t.start)]))
    return out


def fmt_amount(value: float, unit: Optional[str]) -> str:
    """An amount as a reporter writes it: VND in ``tỷ`` / ``triệu`` when that is shorter
    (``40000000, "VND"`` -> ``40 triệu đồng``, ``1.2e9`` -> ``1,2 tỷ đồng``), other units
    with Vietnamese digits (``fmt_amount(700, "kg")`` -> ``700 kg``)."""
    if unit == "VND":
        for scale, word in ((1e9, "tỷ"), (1e6, "triệu")):
            if abs(value) >= scale and abs(value / scale * 1000 - round(value / scale * 1000)) < 1e-6:
                return f"{fmt_number(value / scale, 3)} {word} đồng"
        return f"{fmt_number(value)} đồng"
    return f"{fmt_number(value)} {unit or ''}".rstrip()


def _implied_total(doc: _Doc, q: Fig, m: Fig, count: float) -> Optional[S.Check]:
    """``Trao 20 suất, mỗi suất 2 triệu đồng`` with no stated total -> info ``implied total
    40 triệu đồng`` (count x unit price). Only for a unit price naming its noun (``mỗi
    suất``), not a bare average (``bình quân``, per ``đơn vị``)."""
    if m.per == "đơn vị" or count is None:
        return None
    computed = count * m.value
    approx = "" if (q.exact and m.exact) else "about "
    values = {"computed": _clean(computed), "count": _clean(q.value), "per_unit": _clean(m.value),
              "unit": m.unit, "count_text": q.text, "per_unit_text": m.text, "per": m.per}
    msg = f"{q.text} x {m.text} (mỗi {m.per}): implied total {approx}{fmt_amount(computed, m.unit)}"
    return _check("unit_value", "info", msg, values, [doc.quote_span(m.start)])


def run_checks(text: str, sentences, paragraphs, figs: list[Fig], span) -> list[S.Check]:
    """All in-article checks.

    ``sentences``: ``[(index, start, end)]``; ``paragraphs``: ``[(start, end)]`` passages
    (layout sections); ``figs``: :func:`collect_figures` output; ``span(start, end)`` builds a
    schema Span. Returns checks in text order of their last span. Never raises on odd input
    (a failing check family is skipped)."""
    doc = _Doc(text, list(sentences), list(paragraphs), figs, span)
    out: list[S.Check] = []
    try:
        _mark_per_unit(doc)
    except Exception:
        pass
    for fn in (_check_totals, _check_parts, _check_percentages, _check_unit_values, _check_products):
        try:
            out.extend(fn(doc))
        except Exception:  # one check family failing must not lose the others
            continue
    out.sort(key=lambda c: (c.spans[-1].start if c.spans else 0))
    return out


@register("checks", order=410, fields=("checks",))
def recognize_checks(ctx) -> None:
    """Fill ``ctx.checks`` from ``ctx.money`` / ``ctx.quantities`` / ``ctx.percentages``;
    passages are the title / body / caption layout sections. Never raises on odd text.

    Example (the seed): ``... với tổng số tiền 33.840.000 đồng; ... với tổng số tiền là
    34.800.000 đồng. Tổng số tiền khen thưởng tại Hội nghị là: 73.640.000 đồng.`` -> one
    ``total`` check, status ``mismatch``, values ``stated`` 73640000, ``computed`` 68640000,
    ``difference`` 5000000, spans = the two sentences.
    """
    figs = collect_figures(ctx.money, ctx.quantities, ctx.percentages)
    if not figs:
        return
    read = ctx.read_sentences()
    sentences = [(s.index, s.start, s.end) for s in read]
    kinds = ("body", "caption", "title")
    paragraphs = [(sec.start, sec.end) for sec in ctx.sections
                  if (sec.kind if isinstance(sec.kind, str) else sec.kind.value) in kinds]
    ctx.checks.extend(run_checks(ctx.text, sentences, paragraphs, figs, ctx.span))
