"""Organisation recall on news style: lower-case continuations of names, firms standing
alone and the teams of a match (sentences written for this project, names invented)."""
from __future__ import annotations

from pntd_extract import extract


def _orgs(text: str) -> dict[str, list[str]]:
    rec = extract(text, title="")
    return {o.name: [m.text for m in o.mentions] for o in rec.organizations}


def test_continuation_stops_before_verb_and_number():
    orgs = _orgs("Quỹ Bình ổn giá còn dư 120 tỷ đồng, Vụ Tổ chức cán bộ cho biết.")
    assert "Quỹ Bình ổn giá" in orgs and "Vụ Tổ chức cán bộ" in orgs
    assert not any(n.startswith("Quỹ Bình ổn giá ") for n in orgs)


def test_continuation_is_per_head():
    # "giá" continues a fund's name, not a department's ("Vụ Kế hoạch giá" is no name here)
    orgs = _orgs("Vụ Kế hoạch giá cả thị trường đã báo cáo.")
    assert not any("giá" in n for n in orgs), orgs


def test_team_repeated_alone_is_the_team_not_a_person():
    text = ("Trận đấu giữa Lê Minh Cần Thơ và Sao Mai diễn ra tối qua. Lê Minh dẫn trước 2-0. "
            "Sau trận, Lê Minh Cần Thơ lên đầu bảng.")
    rec = extract(text, title="")
    orgs = {o.name: [m.text for m in o.mentions] for o in rec.organizations}
    assert orgs.get("Lê Minh Cần Thơ") == ["Lê Minh Cần Thơ", "Lê Minh", "Lê Minh Cần Thơ"], orgs
    assert not any(p.name == "Lê Minh" for p in rec.people)


def test_bank_tail_needs_a_capitalised_name():
    orgs = _orgs("Ngân hàng thương mại và các bank nước ngoài đều tăng lãi suất.")
    assert not any("bank" in n.lower() for n in orgs), orgs


def test_numbered_head_needs_a_name_after_the_number():
    orgs = _orgs("Vùng 1 áp dụng mức lương tối thiểu cao nhất, còn Vùng 4 Hải quân tổ chức diễn tập.")
    assert "Vùng 4 Hải quân" in orgs and not any(n.startswith("Vùng 1") for n in orgs), orgs
