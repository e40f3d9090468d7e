"""Text normalisation with an offset map back to the raw input.

:func:`normalize` never mutates the caller's string: it returns the normalised text and an
offset map so that every span over the normalised text can be traced back to the raw input.

What changes (source of each rule in brackets):

* NFD / decomposed input -> NFC (Unicode UAX #15); lengths change, the map records it.
* One tone-mark convention, the "new" placement used by the Vietnamese Ministry of
  Education's 2018 spelling rules: tone on the first vowel of open ``oa``/``oe``/``uy``
  (``hoà`` -> ``hòa``, ``uỷ`` -> ``ủy``, ``Thanh Hoá`` -> ``Thanh Hóa``); length-preserving.
* ``Ð`` (U+00D0 Latin capital eth) -> ``Đ`` (U+0110), ``ð`` -> ``đ`` (homoglyphs from old web
  pages and fonts).
* NBSP and the other Unicode space separators -> an ASCII space; zero-width and other
  invisible format characters (ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM, soft hyphen) and C0/C1
  control characters other than ``\\n`` and ``\\t`` are removed; ``\\r\\n`` and ``\\r`` -> ``\\n``.
* HTML character references (``&amp;``, ``&#7897;``) when ``html=True``.

Curly and straight quotes are kept as written (recognizers accept both).

Example::

    >>> text, omap = normalize("Quận uỷ Thanh Hoá\\u00a0tặng 5 triệu VNÐ")
    >>> text
    'Quận ủy Thanh Hóa tặng 5 triệu VNĐ'
"""
from __future__ import annotations

import html as _html
import re
import unicodedata
from bisect import bisect_right

__all__ = ["normalize", "to_raw", "fold_tones", "OffsetMap"]

OffsetMap = list[tuple[int, int]]

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = "".join(chr(c) for c in list(range(0, 9)) + [11, 12] + list(range(14, 32)) + list(range(127, 160)))
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u2028\u2029"

_COMBINING = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_BASE_RE = (
    rf"\r\n?|[{re.escape(_INVISIBLE + _CONTROL)}]+|[{_SPACES}]"
    rf"|[^{_COMBINING}]?[{_COMBINING}]+"
)
_PLAIN_RE = re.compile(_BASE_RE)
_HTML_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|" + _BASE_RE)

# Tone-mark placement: old (hoà, hoè, uỷ) -> new (hòa, hòe, ủy) in open syllables only.
_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ",
    "A": "ÀÁẢÃẠ", "E": "ÈÉẺẼẸ", "Y": "ỲÝỶỸỴ", "O": "ÒÓỎÕỌ", "U": "ÙÚỦŨỤ",
}
_LETTER = r"A-Za-zÀ-ỹĐđ"
_OLD_TONE_RE = re.compile(
    rf"([oO])([{_TONED['a']}{_TONED['e']}{_TONED['A']}{_TONED['E']}])(?![{_LETTER}])"
    rf"|(?<![qQ])([uU])([{_TONED['y']}{_TONED['Y']}])(?![{_LETTER}])"
)


def _move_tone(m: re.Match) -> str:
    v1, v2 = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    for plain, toned in _TONED.items():
        idx = toned.find(v2)
        if idx >= 0:
            return _TONED[v1][idx] + plain
    return m.group(0)  # pragma: no cover - the regex only admits toned vowels


def fold_tones(text: str) -> str:
    """Length-preserving move of old-style tone marks to the new placement.

    >>> fold_tones("Quận uỷ, xã hội hoá, Thuỵ Phương")
    'Quận ủy, xã hội hóa, Thụy Phương'
    """
    return _OLD_TONE_RE.sub(_move_tone, text)


def _replacement(s: str) -> str:
    c = s[0]
    if c == "\r":
        return "\n"
    if c == "&" and len(s) > 1:
        out = _html.unescape(s)
        return "" if out in ("\u00ad", "\u200b", "\ufeff") else out.replace("\u00a0", " ")
    if c in _INVISIBLE or c in _CONTROL:
        return ""
    if c in _SPACES:
        return " "
    return unicodedata.normalize("NFC", s)


def normalize(raw: str, *, html: bool = False) -> tuple[str, OffsetMap]:
    """Normalise ``raw`` and return ``(text, offset_map)``.

    ``offset_map`` is a list of ``(norm_offset, raw_offset)`` anchors (empty when no change
    altered lengths); use :func:`to_raw` to map any offset of ``text`` to ``raw``.
    Raises ``TypeError`` when ``raw`` is not a ``str``.

    >>> normalize("O\\u0302ng Ho\\u0302\\u0300")[0]
    'Ông Hồ'
    """
    if not isinstance(raw, str):
        raise TypeError(f"normalize() needs str, got {type(raw).__name__}")
    pattern = _HTML_RE if html else _PLAIN_RE
    pieces: list[str] = []
    anchors: OffsetMap = []
    pos = 0
    out_len = 0
    for m in pattern.finditer(raw):
        s = m.group(0)
        rep = _replacement(s)
        if rep == s:
            continue
        if m.start() > pos:
            pieces.append(raw[pos:m.start()])
            out_len += m.start() - pos
        pieces.append(rep)
        out_len += len(rep)
        pos = m.end()
        if len(rep) != len(s):
            anchors.append((out_len, pos))
    pieces.append(raw[pos:])
    text = "".join(pieces)
    if not unicodedata.is_normalized("NFC", text):
        # rare singletons (e.g. U+212B ANGSTROM SIGN): compose character by character
        text, anchors = _nfc_per_char(raw, text, anchors)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = fold_tones(text)
    return text, anchors


def _nfc_per_char(raw: str, text: str, anchors: OffsetMap) -> tuple[str, OffsetMap]:
    out: list[str] = []
    new_anchors: OffsetMap = []
    n = 0
    for i, ch in enumerate(text):
        rep = unicodedata.normalize("NFC", ch)
        out.append(rep)
        n += len(rep)
        if len(rep) != 1:
            new_anchors.append((n, to_raw(anchors, i + 1)))
    if new_anchors:
        merged = sorted(set(anchors + new_anchors))
        return "".join(out), merged
    return "".join(out), anchors


def to_raw(offset_map: OffsetMap, offset: int) -> int:
    """Map an offset of the normalised text to the raw input.

    >>> to_raw([(3, 4)], 5)   # one char removed before norm offset 3
    6
    """
    if not offset_map:
        return offset
    i = bisect_right(offset_map, (offset, float("inf"))) - 1
    if i < 0:
        return offset
    norm, raw = offset_map[i]
    return raw + (offset - norm)
