"""Encoding detection and legacy Vietnamese encodings (io/decode.py, data/encodings/).

The legacy round trip: each article (tests/data/seed.txt and corpus/*.txt) encoded to
TCVN3, VNI, VISCII and Windows-1258 must give the same record as its UTF-8 original, apart
from ``article.encoding`` and the warnings. Characters a legacy encoding cannot represent
(curly quotes, ellipsis, dashes and NBSP in TCVN3 and VISCII, whose upper half is all
letters) are folded to ASCII *on both sides* (:data:`FOLD`) before the comparison, so the
test checks decoding, not the folding; VNI and Windows-1258 keep curly quotes (bytes 0x93
0x94 of their Windows-1252 layout).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.io.decode import (
    LEGACY_ENCODINGS,
    canonical_encoding,
    decode_bytes,
    encode_legacy,
    is_syllable,
    syllable_score,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "pntd_extract" / "data" / "encodings"
FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "–": "-", "—": "-", "\u00a0": " "})
NEEDS_FOLD = {"tcvn3", "viscii"}
SAMPLE = (
    "Ngày 15/3, Hội Nông dân xã Tiên Dương tổ chức hội nghị sơ kết quý I. Ông Nguyễn Văn Hưởng, "
    "Chủ tịch Hội, cho biết đã giải ngân 1,2 tỷ đồng vốn vay cho 36 hộ, đạt 105% kế hoạch; "
    "các chi hội vận động hội viên chuyển đổi cây trồng, nuôi thủy sản và giữ gìn vệ sinh môi trường."
)
_MARKS = {"a": ("", "\u0302", "\u0306"), "e": ("", "\u0302"), "o": ("", "\u0302", "\u031b"), "u": ("", "\u031b"),
          "i": ("",), "y": ("",)}
VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", base + mark + tone)
    for low in "aeiouy"
    for base in (low, low.upper())
    for mark in _MARKS[low]
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    if mark or tone
) + "đĐ"


def articles() -> list[Path]:
    paths = [ROOT / "tests" / "data" / "seed.txt"] + sorted((ROOT / "corpus").glob("*.txt"))
    return [p for p in paths if p.is_file()]


# ---------------------------------------------------------------- tables

@pytest.mark.parametrize("enc,standard", [("tcvn3", "TCVN 5712:1993"), ("viscii", "RFC 1456"), ("vni", "VNI for Windows")])
def test_tables_name_their_standard(enc, standard):
    header = [ln for ln in (DATA / f"{enc}.tsv").read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    assert any(standard in ln for ln in header)


def test_there_are_134_vietnamese_letters():
    assert len(VIETNAMESE_LETTERS) == 134


@pytest.mark.parametrize("enc", LEGACY_ENCODINGS)
def test_every_vietnamese_letter_round_trips(enc):
    data = encode_legacy(VIETNAMESE_LETTERS, enc)
    text, name, _ = decode_bytes(data, encoding=enc)
    assert (text, name) == (VIETNAMESE_LETTERS, enc)


@pytest.mark.parametrize("enc", LEGACY_ENCODINGS)
def test_each_legacy_encoding_is_detected_by_content(enc):
    src = SAMPLE.translate(FOLD)
    text, name, warnings = decode_bytes(encode_legacy(src, enc))
    assert text == src
    assert name == enc
    label = {"tcvn3": "TCVN3", "vni": "VNI", "viscii": "VISCII", "windows-1258": "Windows-1258"}[enc]
    assert warnings == [f"decoded as {label} (detected)"]


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_legacy_bytes_also_decode_as_latin1_but_the_scorer_wins(enc):
    data = encode_legacy(SAMPLE.translate(FOLD), enc)
    assert data.decode("cp1252", errors="strict")  # a plain codec would accept it...
    assert decode_bytes(data)[1] == enc  # ...the syllable scorer picks the right table


def test_windows_1258_tones_are_combining_marks_and_get_composed():
    data = encode_legacy("Hội nghị", "windows-1258")
    assert b"\xf2" in data  # U+0323 COMBINING DOT BELOW written as its own byte
    text, name, _ = decode_bytes(data)
    assert text == "Hội nghị" and unicodedata.is_normalized("NFC", text) and name == "windows-1258"


def test_forced_encoding_wins_over_detection():
    data = encode_legacy("Hội Phụ nữ quận tặng quà cho hội viên", "vni")
    text, name, warnings = decode_bytes(data, encoding="windows-1252")
    assert name == "windows-1252" and warnings == [] and "Hoäi" in text
    assert decode_bytes(data, encoding="VNI")[0] == "Hội Phụ nữ quận tặng quà cho hội viên"


@pytest.mark.parametrize("alias,canon", [("TCVN", "tcvn3"), ("abc", "tcvn3"), ("vni-windows", "vni"),
                                         ("cp1258", "windows-1258"), ("VISCII", "viscii"), ("latin_1", "iso8859-1")])
def test_encoding_aliases(alias, canon):
    assert canonical_encoding(alias) == canon


def test_wrong_forced_encoding_is_kept_but_warned():
    data = encode_legacy(SAMPLE, "vni")
    text, name, warnings = decode_bytes(data, encoding="tcvn3")
    assert name == "tcvn3" and text != SAMPLE
    assert len(warnings) == 1 and "wrong encoding?" in warnings[0]
    assert decode_bytes(data, encoding="vni") == (SAMPLE, "vni", [])


def test_unknown_forced_encoding_is_one_line_error():
    with pytest.raises(ValueError) as exc:
        decode_bytes(b"abc", encoding="klingon-8")
    assert "\n" not in str(exc.value) and "klingon-8" in str(exc.value)


def test_forced_encoding_that_fails_names_the_byte():
    with pytest.raises(ValueError, match=r"not valid UTF-8 text at byte 3"):
        decode_bytes(b"abc\xff", encoding="utf-8")


# ---------------------------------------------------------------- unicode forms and BOMs

@pytest.mark.parametrize("data,enc", [
    ("Hội nghị".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "Hội nghị".encode("utf-8"), "utf-8-sig"),
    ("Hội nghị".encode("utf-16"), "utf-16-le"),
    (b"\xfe\xff" + "Hội nghị".encode("utf-16-be"), "utf-16-be"),
    ("Hội nghị tổng kết".encode("utf-16-le"), "utf-16-le"),  # no BOM: NUL pattern
    ("Hội nghị tổng kết".encode("utf-16-be"), "utf-16-be"),
])
def test_unicode_forms(data, enc):
    text, name, _ = decode_bytes(data)
    assert text.startswith("Hội nghị") and name == enc and "\ufeff" not in text


def test_stray_nul_bytes_are_removed_with_a_warning():
    text, name, warnings = decode_bytes("Hội nghị".encode() + b"\x00" + " tổng kết".encode())
    assert text == "Hội nghị tổng kết" and warnings == ["removed 1 NUL byte"]


@pytest.mark.parametrize("data,kind", [
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    (b"PK\x03\x04\x14\x00", "ZIP"),
    (b"\x80\x04\x95\x10\x00\x00", "pickle"),
    (bytes(range(256)) * 8, "control bytes"),
])
def test_binary_data_is_refused(data, kind):
    with pytest.raises(ValueError, match="binary file") as exc:
        decode_bytes(data)
    assert kind in str(exc.value)


def test_invalid_utf8_bytes_are_replaced_with_a_warning():
    text, name, warnings = decode_bytes("Hội nghị tổng kết năm 2023".encode() + b"\xff" + " với 5 triệu đồng".encode())
    assert name == "utf-8" and "\ufffd" in text and "tổng kết" in text
    assert warnings and "invalid UTF-8 (first at byte" in warnings[0]


def test_non_vietnamese_legacy_text_falls_back_to_windows_1252():
    text, name, warnings = decode_bytes("Café crème brûlée à la française".encode("cp1252"))
    assert name in ("windows-1252", "windows-1258")
    assert warnings and "decoded as" in warnings[0]


# ---------------------------------------------------------------- syllable validator

@pytest.mark.parametrize("word", ["Nguyễn", "quốc", "giữa", "khuỷu", "nghiêng", "thuở", "xoong", "Hội",
                                  "LIÊN", "uỷ", "ủy", "oà", "yêu", "gì", "đặc", "trường", "hoạch", "quyết"])
def test_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["Héi", "chaøo", "nghÜ", "tæng", "kÕt", "hộii", "ắc̀", "đoàx", "ngh", "hãp",
                                  "bàt", "marketing", "qa"])
def test_invalid_syllables(word):
    assert not is_syllable(word)


def test_syllable_score_counts_only_non_ascii_tokens():
    assert syllable_score("UBND Hội LHPN tổng kết 2023") == (1.0, 3)
    assert syllable_score("ASCII only text") == (0.0, 0)


# ---------------------------------------------------------------- the legacy round trip

def _record(text: str, encoding: str | None = None) -> dict:
    rec = extract(text, encoding=encoding).model_dump(mode="json", exclude={"warnings"})
    rec["article"].pop("encoding")
    return rec


@pytest.mark.parametrize("path", articles(), ids=lambda p: p.name)
def test_legacy_round_trip_gives_the_utf8_record(path):
    original = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    for enc in LEGACY_ENCODINGS:
        src = original.translate(FOLD) if enc in NEEDS_FOLD else original
        expected = _record(src)
        data = encode_legacy(src, enc)
        text, name, warnings = decode_bytes(data)
        assert name == enc, (path.name, enc)
        assert text == src, (path.name, enc)
        got = _record(text, encoding=name)
        assert got == expected, (path.name, enc)
