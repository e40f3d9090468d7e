"""Bytes -> text, detecting the encodings Vietnamese press archives really hold.

:func:`decode_bytes` returns ``(text, encoding_name, warnings)`` or raises ``ValueError``
with a one-line reason (binary file, text that no candidate encoding can read, unknown or
failing forced encoding). Order of decisions:

1. forced ``encoding=`` (aliases: ``tcvn3``/``tcvn``/``abc``, ``vni``, ``viscii``,
   ``windows-1258``/``cp1258``, ``utf-16``, or any Python codec) -- no detection;
2. byte-order marks: UTF-8 (``utf-8-sig``), UTF-16 LE/BE, UTF-32 LE/BE;
3. binary signatures (PDF, ZIP, PNG, JPEG, GIF, gzip, ELF ...) and control-byte share -> error;
   UTF-16 without BOM is recognised by its NUL pattern; stray NUL bytes are removed with a
   warning;
4. strict UTF-8 (no warning);
5. otherwise every candidate (Windows-1258, TCVN3, VNI, VISCII, UTF-8 with replacement,
   Windows-1252) is scored by the share of its non-ASCII tokens that are valid Vietnamese
   syllables (:func:`is_syllable`); the best wins and a warning ``decoded as TCVN3
   (detected)`` is added. TCVN3/VNI bytes are also valid Windows-1252/Latin-1, which is why
   the scorer and not the codec decides. When at least :data:`MIN_TOKENS_TO_REFUSE`
   non-ASCII tokens are seen and even the best candidate reads fewer than
   :data:`MIN_VIETNAMESE_SHARE` of them as syllables, the bytes are refused
   (:class:`~pntd_extract.errors.DecodeError` E209: random high bytes are not a VNI article).

Encodings without a Python codec are tables under ``pntd_extract/data/encodings/`` naming
the standard they transcribe: ``tcvn3.tsv`` (TCVN 5712:1993 VN1), ``viscii.tsv`` (RFC 1456),
``vni.tsv`` (VNI for Windows). Windows-1258 writes tones as combining marks; the decoder
composes them (NFC), so offsets of the decoded text equal those of the UTF-8 original.

Example::

    >>> decode_bytes("Hội Phụ nữ".encode("utf-8"))
    ('Hội Phụ nữ', 'utf-8', [])
    >>> text, enc, warns = decode_bytes(encode_legacy("Hội Liên hiệp Phụ nữ quận tặng quà", "vni"))
    >>> text, enc, warns
    ('Hội Liên hiệp Phụ nữ quận tặng quà', 'vni', ['decoded as VNI (detected)'])
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..errors import DecodeError, UsageError

__all__ = [
    "decode_bytes", "encode_legacy", "is_syllable", "syllable_score", "LEGACY_ENCODINGS",
    "canonical_encoding",
]

LEGACY_ENCODINGS = ("windows-1258", "tcvn3", "vni", "viscii")
_DISPLAY = {
    "windows-1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI", "viscii": "VISCII",
    "windows-1252": "Windows-1252", "utf-8": "UTF-8", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE",
}
_ALIASES = {
    "tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "tcvn5712": "tcvn3", "tcvn-5712": "tcvn3",
    "tcvn5712-1": "tcvn3", "vn3": "tcvn3", "vni": "vni", "vni-windows": "vni", "vni-win": "vni",
    "viscii": "viscii", "cp1258": "windows-1258", "windows-1258": "windows-1258", "1258": "windows-1258",
    "cp1252": "windows-1252", "windows-1252": "windows-1252",
}
#: detection refuses bytes with at least this many non-ASCII tokens of which less than
#: MIN_VIETNAMESE_SHARE read as Vietnamese syllables in every candidate encoding (real
#: legacy articles score 0.6-1.0; 20 KB of random high bytes scores about 0.05)
MIN_TOKENS_TO_REFUSE = 20
MIN_VIETNAMESE_SHARE = 0.25
_SAMPLE = 48 * 1024  # bytes scored per candidate (start + middle of the file)
_BINARY_MAGIC = (
    (b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"), (b"\x1f\x8b", "gzip"), (b"\x7fELF", "ELF executable"), (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0", "OLE/Word 97"), (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7-Zip"), (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"), (b"SQLite format 3", "SQLite"), (b"\x80\x04\x95", "Python pickle"),
)
_TONES = {"\u0300": 2, "\u0301": 1, "\u0303": 4, "\u0309": 3, "\u0323": 5}  # huyền sắc ngã hỏi nặng
_PUNCT_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~\u00a0\u2010-\u2027\u00ab\u00bb\u2030-\u205e\u00b0\u00b7]+")


def canonical_encoding(name: str) -> str:
    """Canonical name of a forced encoding; raises :class:`~pntd_extract.errors.UsageError`
    (a ``ValueError``) for an unknown one (E507) or a codec that is not a text encoding
    (E508: ``zlib``, ``base64``, ``rot13`` ...).

    >>> canonical_encoding("TCVN")
    'tcvn3'
    >>> canonical_encoding("rot13")
    Traceback (most recent call last):
    ...
    pntd_extract.errors.UsageError: 'rot13' is not a text encoding (it is a data transform); give a character encoding such as utf-8, windows-1258, tcvn3, vni or viscii [E508]
    """
    key = name.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        info = codecs.lookup(key)
    except LookupError:
        raise UsageError(
            f"unknown encoding {name!r} (known: utf-8, utf-16, windows-1258, tcvn3, vni, viscii or a Python "
            f"text codec)", code="E507") from None
    if not getattr(info, "_is_text_encoding", True):
        # zlib, base64, hex, bz2, uu, quopri (bytes -> bytes) and rot13 (str -> str) are
        # transforms, not character encodings: they would fail on every file
        raise UsageError(f"{name!r} is not a text encoding (it is a data transform); give a character encoding "
                         f"such as utf-8, windows-1258, tcvn3, vni or viscii", code="E508")
    return info.name


# ---------------------------------------------------------------- tables

def _data(name: str) -> str:
    return resources.files("pntd_extract").joinpath("data", "encodings", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _byte_table(name: str) -> dict[int, str]:
    """byte -> character of a single-byte table file (``tcvn3.tsv``, ``viscii.tsv``)."""
    table: dict[int, str] = {}
    for line in _data(f"{name}.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        b, cp, _ = line.split("\t", 2)
        table[int(b, 16)] = chr(int(cp[2:], 16))
    return table


@lru_cache(maxsize=None)
def _translate(name: str) -> dict[int, str]:
    # str.translate table over a latin-1 decoded string: code point == byte value
    return {b: ch for b, ch in _byte_table(name).items()}


@lru_cache(maxsize=None)
def _vni() -> tuple[dict[str, str], re.Pattern]:
    """VNI sequence (as latin-1 chars) -> character, and the regex finding sequences."""
    seq: dict[str, str] = {}
    for line in _data("vni.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        ch, _, hexes = line.split("\t")
        seq["".join(chr(int(h, 16)) for h in hexes.split())] = ch
    pairs = sorted((k for k in seq if len(k) == 2), key=lambda k: k)
    singles = "".join(sorted(k for k in seq if len(k) == 1))
    bases = "".join(sorted({k[0] for k in pairs}))
    marks = "".join(sorted({k[1] for k in pairs}))
    pattern = re.compile(f"[{re.escape(bases)}][{re.escape(marks)}]|[{re.escape(singles)}]")
    return seq, pattern


def _decode_vni(data: bytes) -> str:
    seq, pattern = _vni()
    s = data.decode("latin-1")

    def rep(m: re.Match) -> str:
        k = m.group(0)
        if k in seq:
            return seq[k]
        # base vowel + a byte that is not its mark: keep the base, map the byte alone
        return k[0] + seq.get(k[1], k[1])

    out = pattern.sub(rep, s)
    # remaining upper-half bytes are Windows-1252 (VNI fonts keep that layout)
    return out.translate(_CP1252_HIGH)


_CP1252_HIGH = {b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA0)}


def _decode_as(data: bytes, enc: str, errors: str = "strict") -> str:
    """Decode with a canonical encoding name (legacy tables or a Python codec)."""
    if enc in ("tcvn3", "viscii"):
        return data.decode("latin-1").translate(_translate(enc))
    if enc == "vni":
        return _decode_vni(data)
    if enc == "windows-1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors=errors))
    return data.decode(enc, errors=errors)


# ---------------------------------------------------------------- encoding (tests, fuzzing)

@lru_cache(maxsize=None)
def _reverse(enc: str) -> dict[str, bytes]:
    if enc == "vni":
        seq, _ = _vni()
        rev = {ch: k.encode("latin-1") for k, ch in seq.items()}
    else:
        rev = {ch: bytes([b]) for b, ch in _byte_table(enc).items()}
    return rev


def encode_legacy(text: str, encoding: str, errors: str = "strict") -> bytes:
    """Encode ``text`` (NFC) to a legacy Vietnamese encoding (the inverse of decoding).

    ``encoding``: ``tcvn3``, ``vni``, ``viscii``, ``windows-1258`` (tones written as combining
    marks after the base letter, as Windows-1258 requires) or any Python codec.
    ``errors="strict"`` raises ``ValueError`` naming the first unrepresentable character;
    ``"replace"`` writes ``?``. Used by tests and ``scripts/fuzz.py``.

    >>> encode_legacy("Hội", "tcvn3")
    b'H\\xe9i'
    """
    enc = canonical_encoding(encoding)
    text = unicodedata.normalize("NFC", text)
    if enc == "windows-1258":
        out = bytearray()
        for ch in text:
            try:
                out += ch.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
            decomp = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in decomp if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in decomp if c not in _TONES))
            try:
                out += (base + tone).encode("cp1258")
            except UnicodeEncodeError:
                if errors == "strict":
                    raise ValueError(f"{ch!r} (U+{ord(ch):04X}) has no Windows-1258 form") from None
                out += b"?"
        return bytes(out)
    if enc not in ("tcvn3", "vni", "viscii"):
        return text.encode(enc, errors=errors)
    rev = _reverse(enc)
    table = _byte_table(enc) if enc != "vni" else {}
    out = bytearray()
    for ch in text:
        b = rev.get(ch)
        if b is None:
            o = ord(ch)
            if o < 0x80 and o not in table:
                b = bytes([o])
            elif enc == "vni" and 0xA0 <= o < 0x100 and ch.encode("latin-1") not in _vni_bytes():
                b = bytes([o])
            elif enc == "vni" and o >= 0x100:
                try:
                    c = ch.encode("cp1252")  # curly quotes, dashes, ellipsis: 0x80-0x9F
                except UnicodeEncodeError:
                    c = b""
                b = c if len(c) == 1 and 0x80 <= c[0] < 0xA0 else None
            elif enc != "vni" and 0xA0 <= o < 0x100 and o not in table:
                b = bytes([o])
        if b is None:
            if errors == "strict":
                raise ValueError(f"{ch!r} (U+{ord(ch):04X}) has no {_DISPLAY.get(enc, enc)} form")
            b = b"?"
        out += b
    return bytes(out)


@lru_cache(maxsize=None)
def _vni_bytes() -> frozenset:
    seq, _ = _vni()
    return frozenset(c.encode("latin-1") for k in seq for c in k if ord(c) >= 0x80)


# ---------------------------------------------------------------- syllable validator

@lru_cache(maxsize=None)
def _inventory() -> tuple[frozenset, frozenset]:
    onsets: set[str] = set()
    rhymes: set[str] = set()
    for line in _data("syllables.txt").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, items = line.split("\t", 1)
        target = onsets if kind == "onset" else rhymes
        target.update("" if x == "-" else x for x in items.split())
    return frozenset(onsets), frozenset(rhymes)


@lru_cache(maxsize=4096)
def _split_tone(ch: str) -> tuple[str, int]:
    d = unicodedata.normalize("NFD", ch)
    tone = 0
    base = []
    for c in d:
        if c in _TONES:
            tone = _TONES[c] if not tone else -1
        else:
            base.append(c)
    return unicodedata.normalize("NFC", "".join(base)), tone


_STOP_CODAS = ("p", "t", "c", "ch")


@lru_cache(maxsize=65536)
def is_syllable(token: str) -> bool:
    """True if ``token`` (letters only, any case) is a well-formed Vietnamese syllable:
    onset + rhyme from ``data/encodings/syllables.txt``, at most one tone mark, and only
    sắc/nặng on rhymes ending in p, t, c, ch.

    >>> is_syllable("Nguyễn"), is_syllable("quốc"), is_syllable("Héi"), is_syllable("chaøo")
    (True, True, False, False)
    """
    word = unicodedata.normalize("NFC", token).lower()
    if not word or len(word) > 8:
        return False
    tone = 0
    bases = []
    for ch in word:
        b, t = _split_tone(ch)
        if t:
            if tone or t < 0:
                return False
            tone = t
        bases.append(b)
    base = "".join(bases)
    onsets, rhymes = _inventory()
    for n in (3, 2, 1, 0):
        on, rh = base[:n], base[n:]
        if on in onsets and rh in rhymes:
            if tone in (2, 3, 4) and rh.endswith(_STOP_CODAS):
                continue
            if on in ("q",):
                continue
            return True
    return False


def syllable_score(text: str) -> tuple[float, int]:
    """``(share, n)``: share of the ``n`` non-ASCII tokens of ``text`` that are valid
    syllables (tokens split at spaces and punctuation; ASCII tokens read the same in every
    candidate encoding, so they are left out). ``(0.0, 0)`` when there is none.

    >>> syllable_score("Hội nghị tổng kết")
    (1.0, 4)
    """
    good = n = 0
    for tok in _PUNCT_SPLIT.split(text):
        if not tok or tok.isascii():
            continue
        n += 1
        if tok.isalpha() and is_syllable(tok):
            good += 1
    return (good / n if n else 0.0), n


# ---------------------------------------------------------------- detection

def _bom(data: bytes) -> Optional[tuple[str, int]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", 3
    if data.startswith(b"\xff\xfe\x00\x00"):
        return "utf-32-le", 4
    if data.startswith(b"\x00\x00\xfe\xff"):
        return "utf-32-be", 4
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    return None


def _utf16_guess(head: bytes) -> Optional[str]:
    if len(head) < 8:
        return None
    even = head[0::2]
    odd = head[1::2]
    ze, zo = even.count(0) / len(even), odd.count(0) / len(odd)
    if zo > 0.3 and ze < 0.05:
        return "utf-16-le"
    if ze > 0.3 and zo < 0.05:
        return "utf-16-be"
    return None


_CTRL = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 11, 27))


def _sample(data: bytes) -> bytes:
    if len(data) <= 2 * _SAMPLE:
        return data
    mid = len(data) // 2
    return data[:_SAMPLE] + b"\n" + data[mid:mid + _SAMPLE]


def decode_bytes(data: bytes, encoding: Optional[str] = None) -> tuple[str, str, list[str]]:
    """Decode ``data`` to text; see the module docstring for the order of decisions.

    Returns ``(text, encoding_name, warnings)``: ``encoding_name`` is ``utf-8``,
    ``utf-8-sig``, ``utf-16-le``/``-be``, ``windows-1258``, ``tcvn3``, ``vni``, ``viscii``,
    ``windows-1252`` or the forced codec's name; ``warnings`` are one-line strings such as
    ``decoded as TCVN3 (detected)``. Raises ``ValueError`` with a one-line reason (binary
    data, undecodable text, unknown or failing forced encoding). Linear in ``len(data)``.

    >>> decode_bytes(encode_legacy("Quận ủy Bắc Từ Liêm", "tcvn3"))[1:]
    ('tcvn3', ['decoded as TCVN3 (detected)'])
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_bytes() needs bytes, got {type(data).__name__}")
    data = bytes(data)
    warnings: list[str] = []
    if encoding:
        enc = canonical_encoding(encoding)
        if enc.startswith("utf-8") and data.startswith(b"\xef\xbb\xbf"):
            data, enc = data[3:], "utf-8-sig"
        try:
            text = _decode_as(data, enc)
        except UnicodeError as exc:
            start = getattr(exc, "start", None)
            where = f" at byte {start}" if start is not None else ""
            raise ValueError(f"not valid {_DISPLAY.get(enc, enc)} text{where} (forced --encoding {encoding})") from None
        share, n = syllable_score(text[:_SAMPLE])
        if n >= 20 and share < 0.5:  # forced, but the result does not read as Vietnamese
            warnings.append(f"forced encoding {_DISPLAY.get(enc, enc)}: only {share:.0%} of the accented words "
                            "are valid Vietnamese syllables (wrong encoding?)")
        return text, enc, warnings
    bom = _bom(data)
    if bom:
        enc, n = bom
        try:
            return data[n:].decode(enc.replace("-sig", "") if enc != "utf-8-sig" else "utf-8"), enc, warnings
        except UnicodeDecodeError as exc:
            raise ValueError(f"byte-order mark says {enc} but byte {exc.start + n} is invalid") from None
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ValueError(f"binary file ({kind}), not text")
    head = data[:8192]
    if b"\x00" in head:
        guess = _utf16_guess(head)
        if guess:
            try:
                return data.decode(guess), guess, [f"decoded as {_DISPLAY[guess]} (detected, no byte-order mark)"]
            except UnicodeDecodeError:
                pass
    ctrl = sum(head.count(bytes([c])) for c in _CTRL) if head else 0
    if head and ctrl / len(head) > 0.05:
        raise ValueError(f"binary file ({ctrl} control bytes in the first {len(head)}), not text")
    nul = data.count(b"\x00")
    if nul:
        data = data.replace(b"\x00", b"")
        warnings.append(f"removed {nul} NUL byte{'s' if nul > 1 else ''}")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    sample = _sample(data)
    best: Optional[tuple[float, int, str]] = None
    n_of: dict[str, int] = {}
    ranking = ("utf-8", "windows-1258", "tcvn3", "vni", "viscii", "windows-1252")
    for rank, enc in enumerate(ranking):
        if enc == "utf-8":
            cand = sample.decode("utf-8", errors="replace")
        else:
            try:
                cand = _decode_as(sample, enc, errors="replace")
            except UnicodeError:  # pragma: no cover - tables cover every byte
                continue
        share, n = syllable_score(cand)
        n_of[enc] = n
        if enc == "utf-8":  # each replaced byte run counts as one more invalid token
            bad = cand.count("\ufffd")
            share = share * n / (n + bad) if n + bad else 0.0
        key = (share, -rank, enc)
        if best is None or key > best:
            best = key
    assert best is not None
    share, _, enc = best
    n_best = n_of[enc]
    if n_best >= MIN_TOKENS_TO_REFUSE and share < MIN_VIETNAMESE_SHARE:
        # many accented "words" and almost none reads as a Vietnamese syllable in any
        # candidate: random high bytes, or a language/encoding this project cannot read
        raise DecodeError(
            f"not Vietnamese text in any known encoding (at best {share:.0%} of {n_best} accented words read as "
            f"Vietnamese syllables, as {_DISPLAY.get(enc, enc)}); if it is text, force --encoding", code="E209")
    if share <= 0.0 and enc != "windows-1252":
        enc = "windows-1252"
    if enc == "utf-8":
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        warnings.append(f"invalid UTF-8 (first at byte {first_bad}): {bad} character{'s' if bad > 1 else ''} replaced by U+FFFD")
        return text, "utf-8", warnings
    text = _decode_as(data, enc, errors="replace")
    if enc == "windows-1252":
        warnings.append("decoded as Windows-1252 (fallback: not UTF-8 and no Vietnamese encoding fits)")
    else:
        warnings.append(f"decoded as {_DISPLAY[enc]} (detected)")
    return text, enc, warnings
