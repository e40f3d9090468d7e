"""Figures as the checks see them (:class:`Fig`), units, rounding intervals, tolerances and
number formatting. Unit factors come from ``check_units.tsv``; cue phrases from ``check_cues.tsv``.

    >>> fmt_number(68640000)
    '68.640.000'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any
from typing import Optional

from ...lexicon import read_tsv

TIME_UNITS = frozenset("năm tháng ngày quý tuần giờ phút giây tuổi đêm buổi thế kỷ".split())


__all__ = ['Fig', 'collect_figures', 'cues', 'unit_factors', 'measure_of', 'unit_scale', 'rounding_unit', 'interval', 'fmt_number', 'tolerance_of', 'fmt_amount']


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
    if not alts:
        raise KeyError(f"check_cues.tsv: no phrase has role {role!r}")
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


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
