"""Sentence splitting and word/Doc alignment: example table (text -> expected sentences)."""
import pytest

from pntd_extract.segment import make_doc, split_sentences, word_spans

SENTENCE_CASES = [
    ("Sở Y tế TP.HCM. Bà nhận nhiệm vụ.", ["Sở Y tế TP.HCM.", "Bà nhận nhiệm vụ."]),
    ("PGS.TS. Đoàn Minh Khôi, Viện trưởng, trình bày.", ["PGS.TS. Đoàn Minh Khôi, Viện trưởng, trình bày."]),
    ("GS. Trần Văn Bình và ThS. Lê Thị Hoa dự.", ["GS. Trần Văn Bình và ThS. Lê Thị Hoa dự."]),
    ("TP. Hồ Chí Minh có 5 quận. Năm nay tăng.", ["TP. Hồ Chí Minh có 5 quận.", "Năm nay tăng."]),
    ("Thu 34.800.000 đồng.Trong đó có 2 hộ.", ["Thu 34.800.000 đồng.", "Trong đó có 2 hộ."]),
    ("Sáng 2/3, Bộ Tài chính họp.\nChiều cùng ngày, Sở họp.", ["Sáng 2/3, Bộ Tài chính họp.", "Chiều cùng ngày, Sở họp."]),
    ("Ông Nguyễn V. A. nói “Tốt lắm.” Sau đó về.", ["Ông Nguyễn V. A. nói “Tốt lắm.”", "Sau đó về."]),
    ("Phát động Chương trình “Làng quê sạch”. Khúc Văn Tài, Bí thư Huyện ủy, chỉ đạo.",
     ["Phát động Chương trình “Làng quê sạch”.", "Khúc Văn Tài, Bí thư Huyện ủy, chỉ đạo."]),
    ("Tổng số tiền là: 73.640.000 đồng. Năm 2024 tốt hơn!", ["Tổng số tiền là: 73.640.000 đồng.", "Năm 2024 tốt hơn!"]),
    ("Vì sao? Vì thiếu vốn… Hội hỗ trợ.", ["Vì sao?", "Vì thiếu vốn…", "Hội hỗ trợ."]),
    ("Đạt 2,5 triệu đồng. 3 hộ thoát nghèo.", ["Đạt 2,5 triệu đồng.", "3 hộ thoát nghèo."]),
    ("", []),
    ("   \n\n  ", []),
]


@pytest.mark.parametrize("text,expected", SENTENCE_CASES)
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_pathological_periods_are_linear():
    text = "1. " * 20000
    out = split_sentences(text)
    assert out and all(text[s:e].strip() == text[s:e] for s, e in out)


def test_word_spans_are_exact_and_doc_text_is_article_text():
    text = "Bà Đỗ Thị Kim Chi, Phó Chủ tịch Hội LHPN quận Bắc Từ Liêm.\n\nỦng hộ 50 triệu đồng."
    sents = split_sentences(text)
    spans = word_spans(text, sents)
    words = [text[s:e] for s, e in spans]
    assert "Đỗ Thị Kim Chi" in words
    assert all(text[s:e].strip() == text[s:e] and e > s for s, e in spans)
    doc = make_doc(text, spans)
    assert doc.text == text
    span = doc.char_span(text.index("Đỗ"), text.index("Đỗ") + len("Đỗ Thị Kim Chi"))
    assert span is not None and span.text == "Đỗ Thị Kim Chi"


def test_overlong_sentence_is_cut_at_soft_breaks():
    from pntd_extract.segment import MAX_SENTENCE_CHARS
    text = ("hội viên tham gia, " * 400) + ("x" * 5000) + " kết thúc"
    out = split_sentences(text)
    assert len(out) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in out)
    # pieces cover the text in order without overlap, and cut after a comma where one exists
    assert all(a[1] <= b[0] for a, b in zip(out, out[1:]))
    assert text[out[0][0]:out[0][1]].endswith(",")
    assert "".join(text[s:e] for s, e in out).replace(" ", "") == text.replace(" ", "")
