"""Normalisation (normalize.py): what changes, the offset map back to the raw input."""
from __future__ import annotations

import unicodedata

import pytest

from pntd_extract.normalize import fold_tones, normalize, to_raw


@pytest.mark.parametrize("raw,norm", [
    ("Ho\u0302\u0323i nghi\u0323", "Hội nghị"),                   # NFD -> NFC
    ("Quận uỷ Thanh Hoá", "Quận ủy Thanh Hóa"),                    # old tone placement
    ("xã hội hoá, hoà giải, thuỷ lợi", "xã hội hóa, hòa giải, thủy lợi"),
    ("hoàn thành, quyết, khuya", "hoàn thành, quyết, khuya"),     # closed syllables untouched
    ("5 triệu VNÐ", "5 triệu VNĐ"),                               # eth homoglyph
    ("15\u00a0triệu\u202fđồng", "15 triệu đồng"),                 # NBSP, narrow NBSP
    ("Hội\u200b LHPN\u00ad\ufeff", "Hội LHPN"),                   # invisibles removed
    ("dòng một\r\ndòng hai\rdòng ba", "dòng một\ndòng hai\ndòng ba"),
    ("a\x07b\x00c", "abc"),                                        # control characters
    ("“Phụ nữ” và \"gia đình\"", "“Phụ nữ” và \"gia đình\""),     # quotes kept
])
def test_normalize(raw, norm):
    out, omap = normalize(raw)
    assert out == norm
    assert unicodedata.is_normalized("NFC", out)


def test_html_entities_only_when_asked():
    raw = "Hội &amp; Đoàn: 5&nbsp;triệu &#273;&#7891;ng &#x1ED9;"
    assert normalize(raw)[0] == raw
    assert normalize(raw, html=True)[0] == "Hội & Đoàn: 5 triệu đồng ộ"


def test_offset_map_leads_spans_back_to_raw():
    raw = "Ba\u0300 Mai\u200b tă\u0323ng 15\u00a0triê\u0323u đô\u0300ng cho ho\u0323\u0302 nghe\u0300o."
    norm, omap = normalize(raw)
    assert norm == "Bà Mai tặng 15 triệu đồng cho hộ nghèo."
    for word in ("Mai", "tặng", "15 triệu đồng", "nghèo"):
        s = norm.index(word)
        e = s + len(word)
        rs, re_ = to_raw(omap, s), to_raw(omap, e)
        assert normalize(raw[rs:re_])[0] == word


def test_no_map_when_lengths_do_not_change():
    norm, omap = normalize("Quận uỷ Bắc Từ Liêm, 5\u00a0triệu")
    assert omap == [] and len(norm) == len("Quận uỷ Bắc Từ Liêm, 5\u00a0triệu")


def test_to_raw_examples():
    assert to_raw([], 7) == 7
    assert to_raw([(3, 4)], 5) == 6
    assert to_raw([(3, 4)], 2) == 2


def test_fold_tones_is_length_preserving():
    s = "Quận uỷ, xã hội hoá, Thuỵ Phương, hoè, HOÀ"
    out = fold_tones(s)
    assert len(out) == len(s) and out == "Quận ủy, xã hội hóa, Thụy Phương, hòe, HÒA"


def test_normalize_rejects_non_str():
    with pytest.raises(TypeError):
        normalize(b"bytes")


def test_rare_singletons_are_composed():
    norm, omap = normalize("\u212b x")  # ANGSTROM SIGN -> Å
    assert norm == "\u00c5 x"
