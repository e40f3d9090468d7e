"""Per-fact evidence levels (pntd_extract.confidence): example rows written for these tests,
and the `confidence` column of the exported tables."""
from __future__ import annotations

import pytest

from pntd_extract import extract, to_frames


@pytest.mark.parametrize("text,field,name,level", [
    ("Bà Lê Thị Hoa, Chủ tịch Hội LHPN xã Tân Lập, phát biểu.", "people", "Lê Thị Hoa", "high"),
    ("Danh sách gồm Trương Văn Quyết Thắng và nhiều người khác.", "people", "Trương Văn Quyết Thắng", "medium"),
    ("Bà Lê Thị Hoa, Chủ tịch Hội LHPN xã Tân Lập, phát biểu.", "organizations", "Hội LHPN xã Tân Lập", "high"),
    ("Người dân huyện Gia Lâm góp tiền làm đường.", "locations", "Gia Lâm", "high"),
])
def test_entity_levels(text, field, name, level):
    rec = extract(text, title="")
    got = {e.name: e.confidence for e in getattr(rec, field)}
    assert got.get(name) == level, got


def test_role_level_follows_its_organisation():
    rec = extract("Bà Lê Thị Hoa, Chủ tịch Hội LHPN xã Tân Lập, phát biểu. Giám đốc Cao Văn Thịnh cho biết.",
                  title="")
    got = {(r.person, r.title): r.confidence for r in rec.roles}
    assert got[("Lê Thị Hoa", "Chủ tịch")] == "high"
    assert got[("Cao Văn Thịnh", "Giám đốc")] == "low"


def test_figures_written_in_digits_are_high_and_inferred_years_medium():
    rec = extract("Ngày 5/3, hội trao 15 triệu đồng cho 20 hộ nghèo.", title="", published="2024-03-10")
    assert {m.confidence for m in rec.money} == {"high"}
    assert {d.confidence for d in rec.dates} == {"medium"}  # the year comes from `published`


def test_every_fact_has_a_level_and_tables_carry_it():
    rec = extract("Tiêu đề\n\nBà Lê Thị Hoa, Chủ tịch Hội LHPN xã Tân Lập, trao 5 triệu đồng, tăng 10%.")
    frames = to_frames([rec])
    for table in ("people", "organizations", "locations", "roles", "money", "percentages"):
        col = frames[table]["confidence"]
        assert len(col) and col.isin(["high", "medium", "low"]).all(), table
