"""Property tests (hypothesis) over the real pipeline, the normaliser, the decoder and the readers.

* extraction never raises, every span slices ``article.text`` exactly, the record validates
  against the schema and two runs give identical records;
* ``normalize``'s offset map leads every piece of the normalised text back to its raw piece
  (text built from NFD pieces, NBSP, ZWSP, soft hyphens, HTML entities, CRLF, old tone marks);
* legacy encodings round-trip any Vietnamese text; ``decode_bytes`` and the readers take any
  bytes without an unexpected exception.

max_examples stays modest: each extraction runs the whole pipeline (~30 ms per article).
"""
from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pntd_extract import extract
from pntd_extract.io.base import Document, ReadError
from pntd_extract.io.decode import LEGACY_ENCODINGS, decode_bytes, encode_legacy
from pntd_extract.io.readers import iter_documents
from pntd_extract.normalize import normalize, to_raw
from pntd_extract.schema import KBRecord

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = (
    "Hội LHPN quận Bắc Từ Liêm UBND huyện xã phường bà ông Nguyễn Thị Mai Chủ tịch Phó Bí thư trao tặng "
    "triệu tỷ nghìn đồng USD % năm tháng ngày 9/1 2023 2.581,3 15 1.020 hộ nghèo hội viên khoảng hơn trên "
    "gần Đề án 938 Chương trình phong trào “ ” \" ( ) . , ; : … - – TP. PGS.TS Quận ủy hoà Thanh Hoá VNĐ"
).split()
vietnamese_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(["\n", "\n\n", " ", ". ", ", "])), max_size=120
).map(lambda ws: " ".join(ws))
any_text = st.one_of(vietnamese_text, st.text(max_size=400), st.text(alphabet="1.,%\"“”() \nđ", max_size=400))


@FAST
@given(any_text)
def test_extract_never_raises_spans_exact_record_valid_and_deterministic(text):
    rec = extract(text)
    for path, sp in rec.iter_spans():
        assert rec.article.text[sp.start:sp.end] == sp.text, path
    dumped = rec.model_dump(mode="json")
    assert KBRecord.model_validate(dumped).model_dump(mode="json") == dumped
    assert extract(text).model_dump_json() == rec.model_dump_json()


# ---------------------------------------------------------------- normalize offset map

# (raw piece, normalised length): each piece starts with a non-combining character and
# cannot merge with its neighbours (entities end in ';', no lone '\r' or '&')
PIECES = [
    ("o\u0302\u0300", 1), ("e\u0323\u0302", 1), ("U\u031b\u0301", 1), ("a\u0306\u0309", 1), ("ho\u0300a", 3),
    ("\u00a0", 1), ("\u200b", 0), ("\u00ad", 0), ("\ufeff", 0), ("\u2060", 0), ("\r\n", 1), ("\u3000", 1),
    ("&amp;", 1), ("&#7897;", 1), ("&#x1ED9;", 1), ("&nbsp;", 1), ("&lt;", 1), ("VNÐ", 3), ("uỷ", 2),
    ("Hội", 3), (" ", 1), ("5", 1), ("\n", 1), ("x", 1), ("“", 1), ("\u0007", 0),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_offset_map_leads_every_piece_back_to_its_raw_piece(pieces):
    raw = "".join(p for p, _ in pieces)
    norm, omap = normalize(raw, html=True)
    assert len(norm) == sum(n for _, n in pieces)
    assert unicodedata.is_normalized("NFC", norm)
    assert not any(c in norm for c in "\u00a0\u200b\u00ad\ufeff\r\u3000")
    raw_pos = norm_pos = 0
    starts = []  # (norm start, raw start, raw piece) of pieces that keep characters
    for p, n in pieces:
        if n:
            starts.append((norm_pos, raw_pos))
        raw_pos += len(p)
        norm_pos += n
    assert to_raw(omap, len(norm)) <= len(raw)
    prev = -1
    for i in range(len(norm) + 1):  # monotone and inside the raw text
        r = to_raw(omap, i)
        assert prev <= r <= len(raw)
        prev = r
    for k, (ns, rs) in enumerate(starts):
        assert to_raw(omap, ns) == rs
        re_ = starts[k + 1][1] if k + 1 < len(starts) else len(raw)
        ne = starts[k + 1][0] if k + 1 < len(starts) else len(norm)
        # the raw stretch of this piece (plus removed pieces after it) normalises to its text
        # (up to tone placement, which depends on the next letter: "uỷ" -> "ủy" at a word end)
        assert _untoned(normalize(raw[rs:re_], html=True)[0]) == _untoned(norm[ns:ne])


def _untoned(s: str) -> str:
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", s)
                                                if c not in "\u0300\u0301\u0303\u0309\u0323"))


@FAST
@given(st.text(max_size=300))
def test_offset_map_stays_inside_raw_for_any_text(raw):
    norm, omap = normalize(raw, html=True)
    prev = 0
    for i in range(len(norm) + 1):
        r = to_raw(omap, i)
        assert prev <= r <= len(raw)
        prev = r


# ---------------------------------------------------------------- decoding

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
legacy_text = st.text(alphabet=LETTERS + LETTERS.upper() + " 0123456789.,;:()\n-", max_size=200).map(
    lambda s: unicodedata.normalize("NFC", s))


@settings(max_examples=100, deadline=None)
@given(legacy_text, st.sampled_from(LEGACY_ENCODINGS))
def test_legacy_encodings_round_trip_any_vietnamese_text(text, enc):
    assert decode_bytes(encode_legacy(text, enc), encoding=enc)[0] == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_decode_bytes_takes_any_bytes(data):
    try:
        text, enc, warnings = decode_bytes(data)
    except ValueError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str) and isinstance(enc, str) and all(isinstance(w, str) for w in warnings)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".jsonl", ".html", ".csv", ".warc", ".txt.gz"]))
def test_readers_take_any_bytes(data, ext):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"x{ext}"
        f.write_bytes(data)
        for item in iter_documents([str(f)]):
            assert isinstance(item, (Document, ReadError))
            if isinstance(item, ReadError):
                assert "\n" not in str(item) and str(item).startswith(str(f))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "id", "title", "published"]),
                                          st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers()))),
                          st.text(max_size=30)), max_size=8))
def test_jsonl_reader_names_the_line_of_every_bad_record(rows):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "x.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) if isinstance(r, dict) else r for r in rows]
        content = "\n".join(lines)
        f.write_text(content, encoding="utf-8", newline="")
        n_lines = content.count("\n") + 1  # physical lines (a raw string row may hold newlines)
        for item in iter_documents([str(f)]):
            if isinstance(item, ReadError) and item.reason not in ("empty file", "file holds only whitespace"):
                assert item.line is not None and 1 <= item.line <= n_lines
            if isinstance(item, Document):
                assert item.key == f"{f}:{int(item.key.rsplit(':', 1)[1])}"
