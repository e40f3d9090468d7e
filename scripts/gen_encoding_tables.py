"""Regenerate src/pntd_extract/data/encodings/{tcvn3,viscii}.tsv from the GNU C Library
charmaps (``/usr/share/i18n/charmaps/TCVN5712-1.gz`` and ``VISCII.gz``), which transcribe
the published standards TCVN 5712:1993 (VN1) and RFC 1456 (VISCII 1.1).

Only single-byte entries are kept (TCVN 5712 also lists base+combining sequences; the
decoder maps the combining bytes 0xB0-0xB4 on their own and NFC composes them).
Run: ``python scripts/gen_encoding_tables.py`` (needs the glibc ``locales`` data).
"""
from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "pntd_extract" / "data" / "encodings"
HEADERS = {
    "tcvn3": (
        "TCVN3 (ABC): Vietnamese national standard TCVN 5712:1993, code table VN1 (the 'ABC' fonts\n"
        "use its 8-bit part; capitals with tone marks sit at C0 positions 0x01-0x17 in VN1).",
        "TCVN5712-1",
    ),
    "viscii": (
        "VISCII 1.1: RFC 1456 'Conventions for Encoding the Vietnamese Language' (Viet-Std\n"
        "Group, 1993); 134 precomposed letters, six capitals at C0 positions 02 05 06 14 19 1E.",
        "VISCII",
    ),
}
LINE = re.compile(r"^<U([0-9A-F]{4,5})>\s+/x([0-9a-f]{2})\s+(.*)$")


def main() -> int:
    for name, (desc, charmap) in HEADERS.items():
        src = Path("/usr/share/i18n/charmaps") / f"{charmap}.gz"
        rows = []
        with gzip.open(src, "rt", encoding="ascii", errors="replace") as fh:
            for line in fh:
                m = LINE.match(line.rstrip("\n"))
                if not m:
                    continue
                cp, byte, cname = int(m.group(1), 16), int(m.group(2), 16), m.group(3).strip()
                if cp != byte:  # only the positions that differ from ASCII/Latin-1 identity
                    rows.append((byte, cp, cname))
        rows.sort()
        lines = [f"# {l}" for l in desc.splitlines()]
        lines += [
            f"# Transcribed from the GNU C Library charmap {charmap} (scripts/gen_encoding_tables.py).",
            "# Fields: byte (hex) <TAB> Unicode code point <TAB> character name.",
            "# Bytes not listed decode as ASCII / ISO 8859-1 (identity).",
        ]
        lines += [f"{b:02X}\tU+{cp:04X}\t{cname}" for b, cp, cname in rows]
        (OUT / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(name, len(rows), "entries")
    write_vni()
    return 0


# VNI for Windows (VNI Software Co., 1990s; the "VNI-Times" font family): a letter is the
# ASCII base vowel followed by one mark byte from the Latin-1 upper half; a few letters
# (ơ ư đ and the i/ỵ forms) have a byte of their own. Lower case marks, then upper case.
_VNI_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none sắc huyền hỏi ngã nặng
_VNI = {
    False: {"tone": "\xf9\xf8\xfb\xf5\xef", "circ": "\xe2\xe1\xe0\xe5\xe3\xe4", "breve": "\xea\xe9\xe8\xfa\xfc\xeb",
            "o_horn": "\xf4", "u_horn": "\xf6", "d": "\xf1", "i": "\xed\xec\xe6\xf3\xf2", "y_dot": "\xee"},
    True: {"tone": "\xd9\xd8\xdb\xd5\xcf", "circ": "\xc2\xc1\xc0\xc5\xc3\xc4", "breve": "\xca\xc9\xc8\xda\xdc\xcb",
           "o_horn": "\xd4", "u_horn": "\xd6", "d": "\xd1", "i": "\xcd\xcc\xc6\xd3\xd2", "y_dot": "\xce"},
}


def vni_table() -> list[tuple[str, str]]:
    import unicodedata as ud

    rows: list[tuple[str, str]] = []

    def add(base: str, mark: str, tone_i: int, seq: str) -> None:
        ch = ud.normalize("NFC", base + mark + _VNI_TONES[tone_i])
        assert len(ch) == 1, (base, mark, tone_i)
        rows.append((ch, seq))

    for upper, m in _VNI.items():
        cas = str.upper if upper else str.lower
        for v in "aeouy":
            for t in range(1, 6):
                if v == "y" and t == 5:
                    add(cas(v), "", t, m["y_dot"])
                else:
                    add(cas(v), "", t, cas(v) + m["tone"][t - 1])
        for v in "aeo":  # circumflex
            for t in range(6):
                add(cas(v), "\u0302", t, cas(v) + m["circ"][t])
        for t in range(6):  # breve
            add(cas("a"), "\u0306", t, cas("a") + m["breve"][t])
        for v, key in (("o", "o_horn"), ("u", "u_horn")):
            add(cas(v), "\u031b", 0, m[key])
            for t in range(1, 6):
                add(cas(v), "\u031b", t, m[key] + m["tone"][t - 1])
        for t in range(1, 6):
            add(cas("i"), "", t, m["i"][t - 1])
        rows.append(("\u0110" if upper else "\u0111", m["d"]))
    return rows


def write_vni() -> None:
    import unicodedata as ud

    rows = vni_table()
    lines = [
        "# VNI for Windows (VNI Software Company, Hồ Chí Minh City; 'VNI-Times' font family): a",
        "# Vietnamese letter is an ASCII base vowel followed by one mark byte of the Latin-1 upper",
        "# half (sắc F9 huyền F8 hỏi FB ngã F5 nặng EF; circumflex E2 E1 E0 E5 E3 E4; breve EA E9",
        "# E8 FA FC EB; capitals use the upper-case bytes), or a byte of its own (ơ F4, ư F6, đ F1,",
        "# í ED, ì EC, ỉ E6, ĩ F3, ị F2, ỵ EE). Generated by scripts/gen_encoding_tables.py.",
        "# Fields: character <TAB> Unicode code point <TAB> VNI bytes (hex, space-separated).",
        "# Bytes not part of a listed sequence decode as Windows-1252.",
    ]
    for ch, seq in rows:
        lines.append(f"{ch}\tU+{ord(ch):04X}\t" + " ".join(f"{ord(c):02X}" for c in seq))
    (OUT / "vni.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("vni", len(rows), "entries")


if __name__ == "__main__":
    sys.exit(main())
