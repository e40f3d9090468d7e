"""The name, role, organisation and location parts of the public-report cases (issue #4).

Inputs are copied from ``shared/cases/public-reports.jsonl`` (the cases belong to this
project); each test checks the entity fields through :func:`pntd_extract.extract`.
"""
from __future__ import annotations

import unicodedata

import pytest

from pntd_extract import extract


def _rec(text: str):
    return extract(text, title="")


def _roles(rec):
    return [(r.person, r.title, r.organization) for r in rec.roles]


def test_b02_name_after_full_stop():
    rec = _rec("Huyện vừa phát động Chương trình “Làng quê sạch”. Khúc Văn Tài, Bí thư Huyện ủy, trực tiếp chỉ đạo.")
    assert [p.name for p in rec.people] == ["Khúc Văn Tài"]
    assert _roles(rec) == [("Khúc Văn Tài", "Bí thư", "Huyện ủy")]
    assert not any(e.name.startswith(".") for f in ("people", "organizations", "locations") for e in getattr(rec, f))


def test_b04_tp_hcm_before_full_stop():
    rec = _rec("Bà Lưu Thị Ngọc Diệp được điều về Sở Y tế TP.HCM. Bà nhận nhiệm vụ từ ngày 3/4/2023.")
    assert [(p.name, p.gender) for p in rec.people] == [("Lưu Thị Ngọc Diệp", "female")]
    assert [o.name for o in rec.organizations] == ["Sở Y tế TP.HCM"]
    assert [(l.name, l.canonical) for l in rec.locations] == [("TP.HCM", "Thành phố Hồ Chí Minh")]
    assert not any(m.text.endswith(".") for e in rec.locations + rec.organizations for m in e.mentions)


def test_b05_stacked_academic_titles():
    rec = _rec("PGS.TS. Đoàn Minh Khôi, Viện trưởng Viện Nghiên cứu Kinh tế số, trình bày tham luận.")
    assert [(p.name, p.titles) for p in rec.people] == [("Đoàn Minh Khôi", ["PGS", "TS"])]
    assert _roles(rec) == [("Đoàn Minh Khôi", "Viện trưởng", "Viện Nghiên cứu Kinh tế số")]


def test_b06_role_before_country_and_name():
    rec = _rec("Thủ tướng Canada Leon Marsh sẽ thăm Việt Nam vào tháng 11.")
    assert [p.name for p in rec.people] == ["Leon Marsh"]
    assert _roles(rec) == [("Leon Marsh", "Thủ tướng", "Canada")]
    assert [l.name for l in rec.locations] == ["Canada", "Việt Nam"]
    assert not any("Thủ tướng" in l.name or "Leon" in l.name for l in rec.locations)


def test_b07_address_hierarchy():
    rec = _rec("Cơ sở sản xuất đặt tại phường Dịch Vọng Hậu, quận Cầu Giấy, Hà Nội, có 45 lao động.")
    assert [(l.name, l.level) for l in rec.locations] == [
        ("Dịch Vọng Hậu", "phường"), ("Cầu Giấy", "quận"), ("Hà Nội", "thành phố")]


@pytest.mark.parametrize("apostrophe", ["\u2019", "'"])
def test_b09_apostrophe_in_name(apostrophe):
    rec = _rec(f"Chị H{apostrophe}Lim Mlô, Chủ tịch Hội LHPN xã Ea Tul, nhận 15 triệu đồng tiền thưởng.")
    assert [(p.name, p.gender) for p in rec.people] == [("H'Lim Mlô", "female")]
    assert _roles(rec) == [("H'Lim Mlô", "Chủ tịch", "Hội LHPN xã Ea Tul")]
    assert [(o.name, o.expanded) for o in rec.organizations] == [("Hội LHPN xã Ea Tul", "Hội Liên hiệp Phụ nữ xã Ea Tul")]


def test_b10_nfd_input():
    text = unicodedata.normalize("NFD", "Ông Hồ Quang Vĩnh được bầu làm Phó Chủ tịch HĐND tỉnh Bình Định.")
    rec = _rec(text)
    assert [(p.name, p.gender) for p in rec.people] == [("Hồ Quang Vĩnh", "male")]
    assert _roles(rec) == [("Hồ Quang Vĩnh", "Phó Chủ tịch", "HĐND tỉnh Bình Định")]
    assert [(o.name, o.expanded) for o in rec.organizations] == [("HĐND tỉnh Bình Định", "Hội đồng nhân dân tỉnh Bình Định")]
    assert [l.name for l in rec.locations] == ["Bình Định"]
    for f in ("people", "organizations", "locations", "roles"):
        for item in getattr(rec, f):
            for v in item.model_dump(mode="json").values():
                if isinstance(v, str):
                    assert unicodedata.is_normalized("NFC", v)


def test_b17_bare_level_word_org():
    rec = _rec("Ngày 9/1, UBND huyện ký hợp đồng; công trình khởi công ngày 05 tháng 09 năm 2024.")
    assert [(o.name, o.expanded) for o in rec.organizations] == [("UBND huyện", "Ủy ban nhân dân huyện")]


def test_b19_ministry_and_department():
    rec = _rec("Sáng 2/3, Bộ Tài chính họp.\nChiều cùng ngày, Sở Tài chính Hà Nội họp tiếp.")
    assert [o.name for o in rec.organizations] == ["Bộ Tài chính", "Sở Tài chính Hà Nội"]
