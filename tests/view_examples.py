"""Hand-built KB records for the view, report and spaCy tests (no dependence on recognizers).

The article is written for this project (not copied from any real article): a women's union
report whose money total does not add up (60.000.000 != 25.000.000 + 30.000.000), with a
photo caption, a related-news teaser and, in the hostile variant, HTML/markup in the text.
Facts are placed by finding their text, so every span is exact by construction.
"""
from __future__ import annotations

from pntd_extract import extract
from pntd_extract.schema import KBRecord

ARTICLE = """Hội LHPN huyện Gia Lâm trao 120 suất quà cho hội viên khó khăn

MINH ANH
Chia sẻ

(PNTĐ) - Ngày 12/3, Hội LHPN huyện Gia Lâm tổ chức trao quà cho hội viên phụ nữ có hoàn cảnh khó khăn tại xã Đa Tốn.

Bà Trần Thị Hoa, Chủ tịch Hội LHPN huyện Gia Lâm cho biết, hưởng ứng Chương trình “Mái ấm tình thương”, Hội đã trao 120 suất quà trị giá 60.000.000 đồng, đạt 105% kế hoạch. Trong đó, UBND huyện hỗ trợ 25.000.000 đồng, các doanh nghiệp hỗ trợ 30.000.000 đồng.

Hội LHPN huyện Gia Lâm trao 120 suất quà cho hội viên khó khăn - ảnh 1
Bà Trần Thị Hoa trao quà cho hội viên xã Đa Tốn

Năm 2024, Hội phấn đấu thu gom 2.500 kg rác thải nhựa.

Tin cùng chuyên mục

Phụ nữ Long Biên ra quân làm sạch ngõ phố
"""

HOSTILE = ARTICLE.replace(
    "thu gom 2.500 kg rác thải nhựa.",
    "thu gom 2.500 kg rác thải nhựa <script>alert('x')</script> & <b>[bold]</b> {{x}}.",
)

MISMATCH_MESSAGE = "Tổng không khớp: 60.000.000 ≠ 25.000.000 + 30.000.000 = 55.000.000 (chênh 5.000.000)"


def _span(text: str, needle: str, nth: int = 0) -> dict:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise AssertionError(f"{needle!r} (#{nth}) not in text")
    return {"start": pos, "end": pos + len(needle), "text": needle}


def make_record(raw: str = ARTICLE, *, mismatch: bool = True, facts: bool = True) -> KBRecord:
    """A validated record over ``raw`` with one fact of every kind (and a mismatch check)."""
    base = extract(raw, published="2024-03-13", only=set()).model_dump(mode="json")
    t = base["article"]["text"]
    if not facts:
        return KBRecord.model_validate(base)
    s = lambda needle, nth=0: _span(t, needle, nth)  # noqa: E731
    total, p1, p2 = s("60.000.000 đồng"), s("25.000.000 đồng"), s("30.000.000 đồng")
    base.update(
        people=[{"id": "p1", "name": "Trần Thị Hoa", "gender": "female",
                 "mentions": [s("Trần Thị Hoa"), s("Trần Thị Hoa", 1)]}],
        organizations=[
            {"id": "o1", "name": "Hội LHPN huyện Gia Lâm", "expanded": "Hội Liên hiệp Phụ nữ huyện Gia Lâm",
             "mentions": [s("Hội LHPN huyện Gia Lâm", 1), s("Hội LHPN huyện Gia Lâm", 2)]},
            {"id": "o2", "name": "UBND huyện", "expanded": "Ủy ban nhân dân huyện", "mentions": [s("UBND huyện")]},
        ],
        locations=[
            {"id": "l1", "name": "Gia Lâm", "level": "huyện", "mentions": [s("huyện Gia Lâm", 1), s("huyện Gia Lâm", 2)]},
            {"id": "l2", "name": "Đa Tốn", "level": "xã", "mentions": [s("xã Đa Tốn"), s("xã Đa Tốn", 1)]},
        ],
        roles=[{"person_id": "p1", "person": "Trần Thị Hoa", "title": "Chủ tịch", "organization": "Hội LHPN huyện Gia Lâm",
                "organization_id": "o1", "span": s("Chủ tịch Hội LHPN huyện Gia Lâm")}],
        programmes=[{"id": "pr1", "name": "Mái ấm tình thương", "kind": "chương trình",
                     "mentions": [s("Chương trình “Mái ấm tình thương”")]}],
        money=[
            {"amount": 60000000, "currency": "VND", "text": "60.000.000 đồng", "span": total, "programme_id": "pr1"},
            {"amount": 25000000, "currency": "VND", "text": "25.000.000 đồng", "span": p1},
            {"amount": 30000000, "currency": "VND", "text": "30.000.000 đồng", "span": p2},
        ],
        percentages=[{"value": 105, "text": "105%", "span": s("105%")}],
        quantities=[
            {"value": 120, "counted": "suất quà", "text": "120 suất quà", "span": s("120 suất quà", 1)},
            {"value": 2500, "unit": "kg", "counted": "rác thải nhựa", "qualifier": "approx", "text": "2.500 kg",
             "span": s("2.500 kg")},
        ],
        dates=[{"value": "2024-03-12", "grain": "day", "year_inferred": True, "text": "12/3", "span": s("12/3")},
               {"value": "2024", "grain": "year", "text": "Năm 2024", "span": s("Năm 2024")}],
        checks=[],
    )
    if mismatch:
        base["checks"].append({
            "kind": "total", "status": "mismatch", "message": MISMATCH_MESSAGE,
            "values": {"total": 60000000, "parts": [25000000, 30000000], "sum": 55000000, "difference": 5000000},
            "spans": [total, p1, p2],
        })
    base["checks"].append({"kind": "percentage_range", "status": "consistent", "message": "Tỷ lệ 105% hợp lệ (vượt kế hoạch)",
                           "values": {"value": 105}, "spans": [s("105%")]})
    return KBRecord.model_validate(base)
