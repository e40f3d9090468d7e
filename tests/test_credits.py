"""Credits and bylines glued into flattened paragraphs (rules of pntd_extract.credits):
example rows written for these tests (our own names and sentences), positive and negative,
checked through the layout and through a whole extraction (a byline is never a person)."""
from __future__ import annotations

import pytest

from pntd_extract import extract
from pntd_extract.layout import parse_layout
from pntd_extract.normalize import normalize

BODY = "Tiêu đề bài viết\n\nNgày 3/4, Hội Nông dân xã Tân Lập trao 20 suất quà cho hộ nghèo. "


def lay_of(text: str):
    norm, _ = normalize(text)
    lay = parse_layout(norm)
    return lay, [(s.kind, norm[s.start:s.end]) for s in lay.sections]


# ------------------------------------------------------------ credit.glued_byline
@pytest.mark.parametrize("tail,authors,source", [
    ("Hoài Thu", ["Hoài Thu"], None),
    ("Quang Vinh - Mai Hoa - Lê Ngân", ["Quang Vinh", "Mai Hoa", "Lê Ngân"], None),
    ("Đức Minh/VOV", ["Đức Minh"], "VOV"),
    ("Tin, ảnh: Hữu Phước (TTXVN)", ["Hữu Phước"], "TTXVN"),
    ("Theo Bảo Trâm/Thanh Niên", ["Bảo Trâm"], "Thanh Niên"),
    ("Ngọc Lan - Thùy Dương (Theo Lao Động)", ["Ngọc Lan", "Thùy Dương"], "Lao Động"),
    ("T.H.L", ["T.H.L"], None),
    ("Tin, ảnh: HỒNG SƠN", ["Hồng Sơn"], None),
])
def test_glued_byline_is_the_author_and_not_body(tail, authors, source):
    text = BODY + "Buổi lễ kết thúc lúc 11 giờ. " + tail
    lay, kinds = lay_of(text)
    assert lay.authors == authors and lay.source == source
    assert [t for k, t in kinds if k == "byline"] == [tail]
    rec = extract(text)
    assert not [p for p in rec.people if p.name in authors]
    assert rec.article.authors == authors


@pytest.mark.parametrize("tail", [
    "Hùng",                               # one bare word is too weak
    "mời bạn đọc theo dõi",              # lower-case words: a sentence
    "Hội Nông dân xã Tân Lập",           # a name the article already used
    "Ảnh: Minh Tuấn",                     # a photo credit, not the author
])
def test_tail_that_is_no_byline(tail):
    lay, kinds = lay_of(BODY + "Buổi lễ kết thúc. " + tail)
    assert lay.author is None and lay.authors == []


def test_theo_outlet_alone_names_a_source():
    lay, _ = lay_of(BODY + "Buổi lễ kết thúc. Theo VGP")
    assert lay.source == "VGP" and lay.author is None


# ------------------------------------------------------------ credit.photo
@pytest.mark.parametrize("credit,name", [
    ("Ảnh: Thanh Tùng", "Thanh Tùng"),
    ("Ảnh Hoàng Yến", "Hoàng Yến"),
    ("Ảnh: Bích Ngọc/TTXVN", "Bích Ngọc/TTXVN"),
    ("Clip: Minh Khôi", "Minh Khôi"),
])
def test_photo_credit_inside_a_line_is_dropped(credit, name):
    text = BODY + credit + " Sáng 4/4, đoàn về thăm xã. Chiều cùng ngày, đoàn họp."
    lay, kinds = lay_of(text)
    assert lay.credits == [name]
    assert [t for k, t in kinds if k == "dropped"] == [credit]
    body = " ".join(t for k, t in kinds if k == "body")
    assert "Sáng 4/4, đoàn về thăm xã." in body
    rec = extract(text)
    assert not [p for p in rec.people if p.name in name]


@pytest.mark.parametrize("line", [
    "Ảnh hưởng của bão làm 20 ngôi nhà bị tốc mái.",   # "Ảnh hưởng": the ordinary word
    "Cuộc thi ảnh: nhiều tác phẩm đẹp được trao giải.",
])
def test_ordinary_words_are_no_credit(line):
    lay, kinds = lay_of(BODY + line)
    assert lay.credits == [] and not [k for k, _ in kinds if k == "dropped"]


# ------------------------------------------------------------ credit.outlet
def test_outlet_of_a_credit_is_an_organisation():
    rec = extract(BODY + "Ảnh: TTXVN Chiều cùng ngày, đoàn họp. Tin: Hải Yến/VOV")
    names = [o.name for o in rec.organizations]
    assert "TTXVN" in names and "VOV" in names
    assert not [p for p in rec.people if p.name == "Hải Yến"]


def test_anonymous_or_initials_credit_names_no_outlet():
    rec = extract(BODY + "Ảnh: CTV Chiều cùng ngày, đoàn họp. Ảnh: DN Sau đó đoàn về.")
    assert not [o for o in rec.organizations if o.name in ("CTV", "DN")]


# ------------------------------------------------------------ credit.teaser
def test_teaser_glued_to_the_end_is_related_and_its_last_names_the_byline():
    text = BODY + "Buổi lễ kết thúc. » Hội Nông dân huyện tổng kết năm hoạt động Thanh Bình"
    lay, kinds = lay_of(text)
    assert lay.authors == ["Thanh Bình"]
    assert any(k == "related" and t.startswith("»") for k, t in kinds)
