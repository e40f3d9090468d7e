"""Vietnamese numeral grammar: digits, number words and mixed forms, read exactly.

Character level only (no word segmentation): :func:`tokenize` cuts a stretch of text into
number, word and symbol tokens with their offsets; :func:`read_numeral` reads one numeral
starting at a token; :func:`parse_number` reads a whole string. Values are
:class:`decimal.Decimal`, never floats.

Digit groups (the disambiguation rule)
--------------------------------------
Vietnamese writes ``.`` for thousands and ``,`` for decimals (``2.581,3``, ``20.809``,
``263,3``); finance copy also has English-style figures (``750,000đ``, ``5.67%``). A digit
string is read as follows (:func:`parse_digits`):

1. Both separators: the one that comes last is the decimal mark (``2.581,3`` -> 2581.3,
   ``1,234.5`` -> 1234.5); the other must separate groups of exactly three digits.
2. Several ``.`` (or several ``,``): thousands groups of exactly three digits
   (``18.375.000``, ``1,234,567``); anything else is not a number (``1.2.3``).
3. One ``.``: exactly three digits after it (and 1-3 digits, not a lone ``0``, before it) ->
   thousands (``20.809`` = 20809); otherwise a decimal point (``5.67`` = 5.67, ``1.5``).
4. One ``,``: not exactly three digits after it -> decimal comma (``263,3``, ``2,25``).
   Exactly three digits (``750,000``) is ambiguous: the Vietnamese reading is a decimal, the
   English one a thousands group. :func:`parse_digits` returns the decimal reading and flags
   it; callers take the thousands reading only where a fraction cannot occur: before a
   currency without a scale word (``750,000đ`` = 750000) or before a counted noun
   (``2,500 người``). Before a scale word, a unit of measure or ``%`` the decimal reading
   stays (``1,234 tỷ`` = 1 234 000 000, ``2,500 tấn`` = 2.5 tấn).
5. Leading zeros are kept as written and ignored in the value (``03`` = 3).

Number words
------------
``hai mươi lăm`` = 25, ``một trăm linh năm`` = 105 (``lẻ`` = ``linh``), ``hai mươi mốt`` =
21, ``ba mươi tư`` = 34, ``mười lăm`` = 15, ``hai chục`` = 20, ``năm trăm nghìn`` = 500 000,
``một tỷ hai trăm triệu`` = 1 200 000 000, ``hai nghìn tỷ`` = 2·10^12, ``hai triệu rưỡi`` =
2 500 000. Mixed forms: ``1 tỷ 200 triệu``, ``2,5 triệu``, ``10k``, ``5tr``, and one digit
with ``trăm``/``chục`` before a scale word: ``5 trăm triệu`` = 500 000 000 (base 5, scale 10^8). The word lists
are data: ``data/lexicons/number_words.tsv``.

Example::

    >>> parse_number("2.581,3 triệu")
    Decimal('2581300000.0')
    >>> parse_number("một trăm linh năm")
    Decimal('105')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

from .lexicon import read_tsv

__all__ = [
    "Token", "Numeral", "DigitReading", "tokenize", "parse_digits", "read_numeral",
    "parse_number", "load_lexicon", "number_words",
]

# number | letters (incl. Vietnamese, ², ³) | any other non-space character.
# Linear: the repeated group must start with a separator, so no two ways to match.
_TOKEN_RE = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+)|(\S)")


@dataclass(slots=True)
class Token:
    """One token of a stretch of text: ``kind`` is ``num``, ``word`` or ``sym``.

    ``start``/``end`` are offsets into the text given to :func:`tokenize`; ``low`` is the
    lower-cased text; ``glued`` is True when no whitespace separates it from the previous token.
    """

    kind: str
    text: str
    low: str
    start: int
    end: int
    glued: bool


def tokenize(text: str, start: int = 0, end: Optional[int] = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (linear time, never raises).

    >>> [t.text for t in tokenize("thu 21.599 kg gạo, 5.67%")]
    ['thu', '21.599', 'kg', 'gạo', ',', '5.67', '%']
    """
    end = len(text) if end is None else end
    out: list[Token] = []
    prev_end = -1
    for m in _TOKEN_RE.finditer(text, start, end):
        if m.group(1) is not None:
            kind = "num"
        elif m.group(2) is not None:
            kind = "word"
        else:
            kind = "sym"
        s = m.group(0)
        out.append(Token(kind, s, s.lower(), m.start(), m.end(), m.start() == prev_end))
        prev_end = m.end()
    return out


@dataclass(frozen=True, slots=True)
class DigitReading:
    """Value of a digit string. ``ambiguous`` marks ``d,ddd`` (decimal reading in ``value``,
    English thousands reading in ``thousands``)."""

    value: Decimal
    ambiguous: bool = False
    thousands: Optional[Decimal] = None


def _groups_ok(first: str, rest: list[str]) -> bool:
    return 1 <= len(first) <= 3 and all(len(g) == 3 for g in rest)


def parse_digits(s: str) -> Optional[DigitReading]:
    """Read a digit string with ``.``/``,`` separators (rule in the module docstring).

    Returns None when the string is not a well-formed number (``1.2.3``, ``1,2,3``).

    >>> parse_digits("2.581,3").value, parse_digits("5.67").value, parse_digits("20.809").value
    (Decimal('2581.3'), Decimal('5.67'), Decimal('20809'))
    >>> r = parse_digits("750,000"); (r.value, r.ambiguous, r.thousands)
    (Decimal('750.000'), True, Decimal('750000'))
    """
    if not s or not s[0].isdigit():
        return None
    dots, commas = s.count("."), s.count(",")
    try:
        if not dots and not commas:
            return DigitReading(Decimal(s))
        if dots and commas:
            last_dot, last_comma = s.rfind("."), s.rfind(",")
            if last_comma > last_dot:  # Vietnamese: 2.581,3
                if commas != 1:
                    return None
                ip, fp = s.split(",")
                groups = ip.split(".")
            else:  # English: 1,234.5
                if dots != 1:
                    return None
                ip, fp = s.split(".")
                groups = ip.split(",")
            if not _groups_ok(groups[0], groups[1:]) or not fp:
                return None
            return DigitReading(Decimal("".join(groups) + "." + fp))
        sep = "." if dots else ","
        parts = s.split(sep)
        if len(parts) > 2:
            if not _groups_ok(parts[0], parts[1:]):
                return None
            return DigitReading(Decimal("".join(parts)))
        ip, fp = parts
        if sep == ".":
            if len(fp) == 3 and _groups_ok(ip, [fp]) and ip != "0":
                return DigitReading(Decimal(ip + fp))
            return DigitReading(Decimal(ip + "." + fp))
        dec = Decimal(ip + "." + fp)
        if len(fp) == 3 and _groups_ok(ip, [fp]) and ip != "0":
            return DigitReading(dec, True, Decimal(ip + fp))
        return DigitReading(dec)
    except InvalidOperation:  # pragma: no cover - the token regex only admits digits
        return None


# ---------------------------------------------------------------- lexicons


def load_lexicon(name: str) -> list[list[str]]:
    """Rows of ``data/lexicons/<name>`` (see :func:`pntd_extract.lexicon.read_tsv`); raises
    ``ValueError`` naming file and line for a row with an empty first field."""
    rows = read_tsv(name, 1)
    for row in rows:
        if not row[0]:
            raise ValueError(f"{name}: row {row!r}: empty first field")
    return rows


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[Decimal, str]]:
    """``word -> (value, role)`` from ``number_words.tsv`` (roles documented there)."""
    out = {}
    for row in load_lexicon("number_words.tsv"):
        if len(row) < 3:
            raise ValueError(f"number_words.tsv: row {row!r} needs word, value, role")
        out[row[0]] = (Decimal(row[1]), row[2])
    return out


# ---------------------------------------------------------------- numerals


@dataclass(slots=True)
class Numeral:
    """A numeral read from tokens ``[i, j)``: exact ``value``, text offsets ``start``/``end``.

    ``scale``: product of the first run of scale words (``triệu`` -> 10^6, ``nghìn tỷ`` -> 10^12) or None; ``words``: True
    when written in words; ``base``: the value before scale words (for range scale sharing);
    ``thousands``: the English thousands reading when the digits were ``d,ddd`` without scale.
    """

    value: Decimal
    i: int
    j: int
    start: int
    end: int
    scale: Optional[Decimal] = None
    words: bool = False
    base: Optional[Decimal] = None
    thousands: Optional[Decimal] = None
    lead_zero: bool = False


@lru_cache(maxsize=1)
def scale_compounds() -> frozenset[tuple[str, str]]:
    """``(scale word, next syllable)`` pairs that make a word, not a scale (``scale_compounds.tsv``)."""
    return frozenset((r[0], r[1]) for r in load_lexicon("scale_compounds.tsv") if len(r) >= 2)


def _is_scale_word(toks: list[Token], k: int) -> Optional[Decimal]:
    """Value of the scale word at ``k`` unless it starts a compound ("tỷ lệ", "triệu chứng")."""
    if k < len(toks) and toks[k].kind == "word":
        e = number_words().get(toks[k].low)
        if e and e[1] == "scale":
            if k + 1 < len(toks) and (toks[k].low, toks[k + 1].low) in scale_compounds():
                return None
            return e[0]
    return None


def _scale_at(toks: list[Token], k: int) -> Optional[Decimal]:
    return _is_scale_word(toks, k)


def _apply_scales(toks: list[Token], k: int, base: Decimal) -> tuple[Decimal, int, Optional[Decimal], Optional[Decimal]]:
    """Apply scale words from ``k``: (value, next index, last scale, product of the scales)."""
    total = base
    last = None
    mult = Decimal(1)
    while True:
        sc = _scale_at(toks, k)
        if sc is None:
            break
        if last is not None and sc <= last:
            break  # "nghìn nghìn" / "triệu nghìn": stop
        total *= sc
        mult *= sc
        last = sc
        k += 1
    return total, k, last, (mult if last is not None else None)


def _half(toks: list[Token], k: int) -> bool:
    return k < len(toks) and toks[k].kind == "word" and toks[k].low == "rưỡi"


def read_numeral(toks: list[Token], i: int) -> Optional[Numeral]:
    """Read the numeral starting at token ``i`` (digits, words or mixed); None if there is none.

    Compound forms add up in decreasing scale order: ``1 tỷ 200 triệu`` = 1 200 000 000.
    Glued ``k``/``tr`` suffixes multiply (``10k`` = 10 000). Never raises.
    """
    t = toks[i]
    if t.kind == "num":
        return _read_digit_numeral(toks, i)
    if t.kind == "word":
        return _read_word_numeral(toks, i)
    return None


def _read_digit_numeral(toks: list[Token], i: int) -> Optional[Numeral]:
    t = toks[i]
    r = parse_digits(t.text)
    if r is None:
        return None
    lead_zero = len(t.text) > 1 and t.text[0] == "0" and t.text[1].isdigit()
    k = i + 1
    # a stray space after the decimal comma before a scale word: "189, 8 tỷ đồng" = 189,8 tỷ
    if (k + 2 < len(toks) and toks[k].text == "," and toks[k].glued and toks[k + 1].kind == "num"
            and not toks[k + 1].glued and toks[k + 1].text.isdigit() and len(toks[k + 1].text) <= 2
            and t.text.isdigit() and (len(t.text) >= 3 or len(toks[k + 1].text) == 1) and len(t.text) >= 2
            and _scale_at(toks, k + 2) is not None):
        r2 = parse_digits(t.text + "," + toks[k + 1].text)
        if r2 is not None:
            r, k = r2, k + 2
    # glued suffix: 10k, 5tr
    if k < len(toks) and toks[k].glued and toks[k].kind == "word":
        e = number_words().get(toks[k].low)
        if e and e[1] == "suffix" and not (k + 1 < len(toks) and toks[k + 1].glued and toks[k + 1].kind == "word"):
            return Numeral(r.value * e[0], i, k + 1, t.start, toks[k].end, e[0], False, r.value, None, lead_zero)
    base = r.value
    hund = _digit_hundreds(toks, k, t.text)
    if hund is not None:  # "5 trăm triệu" = 500 000 000, "2 chục nghìn" = 20 000
        base = r.value * hund
        k += 1
    value, k, last, first = _apply_scales(toks, k, base)
    if last is None:
        return Numeral(r.value, i, i + 1, t.start, t.end, None, False, r.value,
                       r.thousands if r.ambiguous else None, lead_zero)
    if _half(toks, k):
        value += last / 2
        k += 1
    # compound: "1 tỷ 200 triệu", "2 triệu 500 nghìn"
    while k + 1 < len(toks) and toks[k].kind == "num" and not toks[k].glued:
        r2 = parse_digits(toks[k].text)
        if r2 is None:
            break
        hund2 = _digit_hundreds(toks, k + 1, toks[k].text)
        b2, s2 = (r2.value * hund2, k + 2) if hund2 is not None else (r2.value, k + 1)
        sc2 = _scale_at(toks, s2)
        if sc2 is None or sc2 >= last or b2 * sc2 >= last:
            break
        v2, k2, last2, _ = _apply_scales(toks, s2, b2)
        value += v2
        k, last = k2, last2
    if hund is not None:
        first *= hund  # "5 trăm triệu": base 5, scale 10^8, so "3 đến 5 trăm triệu" shares it
    return Numeral(value, i, k, t.start, toks[k - 1].end, first, False, r.value, None, lead_zero)


def _digit_hundreds(toks: list[Token], k: int, digits: str) -> Optional[Decimal]:
    """100 or 10 when a one-digit number (1-9) is followed by ``trăm`` or ``chục`` and then a
    scale word (``number_words.tsv`` roles ``hundred``/``chuc``): "5 trăm triệu đồng" is one
    numeral (500 000 000), "2 chục nghìn" is 20 000. Without a following scale word the digit
    stays alone ("5 trăm" could be a label); None otherwise."""
    if len(digits) != 1 or digits == "0" or k + 1 >= len(toks) or toks[k].kind != "word" or toks[k].glued:
        return None
    e = number_words().get(toks[k].low)
    if e is None or e[1] not in ("hundred", "chuc"):
        return None
    if _scale_at(toks, k + 1) is None or toks[k + 1].glued:
        return None
    return Decimal(100) if e[1] == "hundred" else Decimal(10)


_DIGIT_ROLES = ("digit",)


def _read_word_numeral(toks: list[Token], i: int) -> Optional[Numeral]:
    """Number words: hai mươi lăm, một trăm linh năm, năm trăm nghìn, hai nghìn tỷ."""
    nw = number_words()
    e0 = nw.get(toks[i].low)
    if e0 is None or e0[1] not in ("digit", "ten"):
        return None
    if toks[i].low in ("mốt", "tư", "lăm", "nhăm", "linh", "lẻ"):
        return None  # only positional after mươi/mười
    total = Decimal(0)      # completed scale groups
    group = Decimal(0)      # value below the current scale (< 1000)
    pending: Optional[Decimal] = None  # a digit waiting for mươi/trăm/scale
    last_scale: Optional[Decimal] = None
    first_scale: Optional[Decimal] = None
    prev_role = None
    k = i
    n = len(toks)
    while k < n and toks[k].kind == "word" and (k == i or not _sym_between(toks, k)):
        w = toks[k].low
        e = nw.get(w)
        if e is None or e[1] == "suffix":
            break
        val, role = e
        if role == "digit":
            if w == "năm" and not _nam_is_five(toks, k, prev_role):
                break
            if w in ("mốt", "tư", "lăm", "nhăm") and prev_role not in ("tens", "ten"):
                if not (w == "tư" and prev_role in ("tens",)):
                    break
            if pending is not None:
                break  # two digits in a row: "hai ba" is not one numeral
            if prev_role in ("tens", "ten", "zero"):
                group += val
                pending = None
            else:
                pending = val
        elif role == "ten":
            if pending is not None or prev_role in ("tens", "ten"):
                break
            group += 10
        elif role == "tens":
            if pending is None:
                break
            group += pending * 10
            pending = None
        elif role == "hundred":
            if pending is None:
                break
            group += pending * 100
            pending = None
        elif role == "zero":
            if prev_role != "hundred":
                break
        elif role == "chuc":
            if pending is None:
                break
            group += pending * 10
            pending = None
        elif role == "scale":
            if _is_scale_word(toks, k) is None:
                break  # "một tỷ phú", "triệu chứng"
            seg = group + (pending or 0)
            pending = None
            if seg == 0 and total > 0 and last_scale is not None and val > last_scale:
                total *= val          # "hai nghìn tỷ"
            elif seg == 0:
                break
            else:
                if last_scale is not None and val >= last_scale and total > 0:
                    total = (total + seg) * val
                else:
                    total += seg * val
            group = Decimal(0)
            last_scale = val
            first_scale = first_scale or val
        elif role == "half":
            if last_scale is None or prev_role != "scale":
                break
            total += last_scale / 2
        else:
            break
        prev_role = role
        k += 1
    if k == i:
        return None
    # trailing "linh"/"trăm ... " without digit etc.: drop a dangling zero word
    while k > i and nw.get(toks[k - 1].low, (0, ""))[1] == "zero":
        k -= 1
    value = total + group + (pending or 0)
    if k == i or value == 0 and toks[i].low != "không":
        return None
    if toks[i].low == "không" and k == i + 1:
        return None  # "không" alone is the negation
    return Numeral(value, i, k, toks[i].start, toks[k - 1].end, first_scale, True, None, None, False)


def _sym_between(toks: list[Token], k: int) -> bool:
    return False  # tokens are consecutive; punctuation is its own token and stops the loop


def _nam_is_five(toks: list[Token], k: int, prev_role: Optional[str]) -> bool:
    """"năm" is 5 only inside a numeral: after linh/lẻ/trăm, or before mươi/trăm/chục/a scale."""
    if prev_role == "zero":
        return True
    nxt = toks[k + 1].low if k + 1 < len(toks) and toks[k + 1].kind == "word" else ""
    return nxt in ("mươi", "trăm", "chục", "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn")


def parse_number(text: str) -> Optional[Decimal]:
    """The value of ``text`` if all of it is one numeral (digits, words or mixed), else None.

    >>> parse_number("1 tỷ 200 triệu"), parse_number("hai mươi lăm"), parse_number("10k")
    (Decimal('1200000000'), Decimal('25'), Decimal('10000'))
    """
    toks = tokenize(text.strip())
    if not toks:
        return None
    n = read_numeral(toks, 0)
    if n is None or n.j != len(toks):
        return None
    return n.value
