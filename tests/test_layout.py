"""Layout rules (layout.py) on small articles written for these tests in the seed style and
in the layouts of other outlets (dateline agencies, photo credits, trailing bylines)."""
from __future__ import annotations

import pytest

from pntd_extract.layout import parse_layout
from pntd_extract.normalize import normalize


def lay_of(text: str, **kw):
    norm, _ = normalize(text)
    lay = parse_layout(norm, **kw)
    kinds = [(s.kind, norm[s.start:s.end]) for s in lay.sections]
    return lay, kinds


def kinds_of(kinds, kind):
    return [t for k, t in kinds if k == kind]


SEED_STYLE = """Hội LHPN phường Phú Lợi tổng kết năm 2023

THU HÀ
Chia sẻ

(PNTĐ) - Sáng 12/1, Hội LHPN phường Phú Lợi tổ chức hội nghị tổng kết.

Hội LHPN phường Phú Lợi tổng kết năm 2023 - ảnh 1
Bà Trần Thị Mai phát biểu tại hội nghị

Năm 2023, Hội vận động được 45 triệu đồng.

Ý kiến bạn đọc

Tin cùng chuyên mục

Một bài khác về hội nghị ở quận bên cạnh

(PNTĐ) - Đoạn giới thiệu của bài khác."""


def test_seed_style_layout():
    lay, kinds = lay_of(SEED_STYLE)
    assert lay.title == "Hội LHPN phường Phú Lợi tổng kết năm 2023"
    assert (lay.author, lay.source) == ("Thu Hà", "PNTĐ")
    assert kinds_of(kinds, "dateline") == ["(PNTĐ) - "]
    assert kinds_of(kinds, "caption") == ["Bà Trần Thị Mai phát biểu tại hội nghị"]
    assert "Hội LHPN phường Phú Lợi tổng kết năm 2023 - ảnh 1" in kinds_of(kinds, "dropped")
    assert "Chia sẻ" in kinds_of(kinds, "dropped")
    assert kinds_of(kinds, "body") == ["Sáng 12/1, Hội LHPN phường Phú Lợi tổ chức hội nghị tổng kết.",
                                       "Năm 2023, Hội vận động được 45 triệu đồng."]
    assert lay.related == ["Một bài khác về hội nghị ở quận bên cạnh"]


def test_sections_are_ordered_and_inside_the_text():
    norm, _ = normalize(SEED_STYLE)
    lay = parse_layout(norm)
    prev = 0
    for s in lay.sections:
        assert prev <= s.start <= s.end <= len(norm)
        prev = s.end


@pytest.mark.parametrize("first,source", [
    ("(TBKTSG Online) – Công ty vừa công bố kết quả.", "TBKTSG Online"),
    ("(NLĐO)- Công an quận vừa bắt giữ đối tượng.", "NLĐO"),
    ("(Dân trí) - Sáng 2/10, hội nghị diễn ra.", "Dân trí"),
    ("(Chinhphu.vn) - Thủ tướng vừa ký quyết định.", "Chinhphu.vn"),
    ("(PL&XH) - Vụ việc xảy ra tối qua.", "PL&XH"),
    ("HNMO - Chiều 5/3, UBND quận họp.", "HNMO"),
])
def test_dateline_agencies(first, source):
    lay, kinds = lay_of(f"Tiêu đề bài viết\n\n{first}\n\nĐoạn hai.")
    assert lay.source == source
    (dateline,) = kinds_of(kinds, "dateline")
    assert first.startswith(dateline) and kinds_of(kinds, "body")[0] == first[len(dateline):]


def test_sentence_in_parentheses_is_not_a_dateline():
    lay, kinds = lay_of("Tiêu đề\n\n(Ảnh minh họa) Người dân xếp hàng chờ.\n\n(1) - mục một.")
    assert lay.source is None and not kinds_of(kinds, "dateline")


@pytest.mark.parametrize("line,caption,credit", [
    ("Các hội viên tham gia buổi tập huấn. (Ảnh: TTXVN)", "Các hội viên tham gia buổi tập huấn.", "TTXVN"),
    ("Bà Mai trao quà cho hộ nghèo - Ảnh: Hồng Nhung", "Bà Mai trao quà cho hộ nghèo", "Hồng Nhung"),
    ("Cán bộ Hội thăm hỏi hội viên. Ảnh: THU HÀ", "Cán bộ Hội thăm hỏi hội viên.", "THU HÀ"),
    ("(Ảnh minh họa).", "(Ảnh minh họa).", None),
])
def test_photo_credit_lines_are_captions(line, caption, credit):
    """The caption is read; its photo credit is dropped (neither person nor body)."""
    lay, kinds = lay_of(f"Tiêu đề\n\nĐoạn mở đầu của bài viết.\n\n{line}\n\nĐoạn tiếp theo của bài.")
    assert [c.strip() for c in kinds_of(kinds, "caption")] == [caption]
    assert lay.credits == ([credit] if credit else [])


def test_body_sentence_mentioning_photos_stays_body():
    _, kinds = lay_of("Tiêu đề\n\nĐoạn mở đầu.\n\nHội tổ chức cuộc thi ảnh: nhiều tác phẩm đẹp được trao giải trong năm.")
    assert not kinds_of(kinds, "caption")


@pytest.mark.parametrize("tail,author,source", [
    ("NGUYỄN THU TRANG", "Nguyễn Thu Trang", None),
    ("Lê Minh", "Lê Minh", None),
    ("T.Hằng", "T.Hằng", None),
    ("Bài và ảnh: PHẠM QUANG", "Phạm Quang", None),
    ("Theo Hà Nội Mới", None, "Hà Nội Mới"),
    ("Thu Hà (Tổng hợp)", "Thu Hà", None),
])
def test_trailing_byline_or_attribution(tail, author, source):
    lay, kinds = lay_of(f"Tiêu đề\n\nNgày 3/4, hội nghị diễn ra.\n\nHội trao 20 suất quà.\n\n{tail}")
    assert kinds_of(kinds, "byline") == [tail]
    assert (lay.author, lay.source) == (author, source)
    assert kinds_of(kinds, "body") == ["Ngày 3/4, hội nghị diễn ra.", "Hội trao 20 suất quà."]


def test_trailing_byline_does_not_override_top_byline():
    lay, _ = lay_of("Tiêu đề\n\nTHU HÀ\n\nNgày 3/4, hội nghị diễn ra.\n\nHội trao 20 suất quà.\n\nLÊ MINH")
    assert lay.author == "Thu Hà"


def test_last_sentence_is_not_mistaken_for_a_byline():
    lay, kinds = lay_of("Tiêu đề\n\nNgày 3/4, hội nghị diễn ra.\n\nHội sẽ tiếp tục triển khai trong năm tới.")
    assert lay.author is None and not kinds_of(kinds, "byline")


def test_to_be_continued_is_dropped():
    _, kinds = lay_of("Tiêu đề\n\nĐoạn một.\n\nĐoạn hai.\n\n(Còn tiếp...)")
    assert kinds_of(kinds, "dropped") == ["(Còn tiếp...)"]


def test_single_body_line_is_never_a_byline():
    lay, kinds = lay_of("Tiêu đề\n\nLê Minh")
    assert kinds_of(kinds, "body") == ["Lê Minh"] and lay.author is None


def test_has_title_false_reads_line_one_as_body():
    lay, kinds = lay_of("Ngày 9/1, hội nghị tổng kết.\n\nĐoạn hai.", has_title=False)
    assert lay.title is None and kinds_of(kinds, "body")[0] == "Ngày 9/1, hội nghị tổng kết."


@pytest.mark.parametrize("text", ["", "\n\n\n", "   ", "a", "Ý kiến bạn đọc", "(PNTĐ) -"])
def test_odd_texts_never_raise(text):
    lay, _ = lay_of(text)
    assert isinstance(lay.sections, list)
