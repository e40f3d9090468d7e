"""Golden article: the Phụ nữ Thủ đô seed's layout (title, byline, dateline, captions, related)."""
from pathlib import Path

import pytest

from pntd_extract import extract

SEED = Path(__file__).parent / "data" / "seed.txt"


@pytest.fixture(scope="module")
def rec():
    return extract(SEED.read_text(encoding="utf-8"))


def _texts(rec, kind):
    t = rec.article.text
    return [t[s.start:s.end] for s in rec.article.sections if s.kind == kind]


def test_metadata(rec):
    a = rec.article
    assert a.title == "Hội LHPN quận Bắc Từ Liêm: Phong trào công tác Hội năm 2023 đạt và vượt chỉ tiêu đề ra"
    assert a.author == "Hồng Nhung"
    assert a.source == "PNTĐ"


def test_related_teasers_never_in_body(rec):
    assert rec.article.related == [
        "Vụ bác sĩ sát hại người tình rồi phân xác ở Đồng Nai: Đề nghị truy tố 3 tội danh",
        "Đảm bảo quyền lợi BHXH, BHYT cho các nạn nhân vụ cháy quán cà phê trên đường Phạm Văn Đồng",
        "Khuyến cáo người dân cảnh giác không tham gia đầu tư, mua bán trên các sàn giao dịch tiền ảo",
    ]
    body = " ".join(_texts(rec, "body") + _texts(rec, "caption"))
    assert "Đồng Nai" not in body and "tiền ảo" not in body
    for f in ("money", "quantities", "people", "dates"):
        for fact in getattr(rec, f):
            sp = getattr(fact, "span", None) or fact.mentions[0]
            assert "Đồng Nai" not in rec.article.text[sp.start - 80:sp.end + 80] or sp.start < rec.article.text.index("Ý kiến bạn đọc")


def test_alt_text_dropped_and_captions_kept(rec):
    dropped = _texts(rec, "dropped")
    assert sum(1 for d in dropped if d.endswith(tuple(f"- ảnh {i}" for i in range(1, 10)))) == 9
    assert "Chia sẻ" in dropped
    captions = _texts(rec, "caption")
    assert len(captions) == 9
    assert captions[0].startswith("Bà Đỗ Thị KIm Chi, Phó Chủ tịch")
    assert _texts(rec, "dateline") == ["(PNTĐ) - "]
    assert _texts(rec, "body")[0].startswith("Ngày 9/1, Hội LHPN quận Bắc Từ Liêm")


def test_normalised_text_keeps_length_and_tone_convention(rec):
    raw = SEED.read_text(encoding="utf-8")
    assert len(rec.article.text) == len(raw)  # only length-preserving changes in this input
    assert "Quận ủy Bắc Từ Liêm" in rec.article.text and "Quận uỷ" not in rec.article.text
