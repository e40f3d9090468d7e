"""Kinds of people / role / organisation errors a tester found on real articles (issue #4).

Each case is a sentence written for this project in the form of the faulty input (names and
firms invented); the table-driven positives live in ``dimensions/*/examples.tsv``. Here are
the checks a table line cannot express: a role that must *not* be given, exact people lists,
and the evidence a one-syllable name needs.
"""
from __future__ import annotations

from pntd_extract import extract


def _rec(text: str):
    return extract(text, title="")


def _roles(rec):
    return [(r.person, r.title, r.organization) for r in rec.roles]


def test_title_and_org_before_a_name_belong_to_that_name_not_the_previous_one():
    rec = _rec("Dự lễ có Thủ tướng Chính phủ Lê Văn An, Chủ tịch UBTƯ MTTQ Việt Nam Trần Quốc Bình.")
    assert sorted(_roles(rec)) == [("Lê Văn An", "Thủ tướng", "Chính phủ"),
                                   ("Trần Quốc Bình", "Chủ tịch", "UBTƯ MTTQ Việt Nam")]


def test_second_title_in_a_list_is_not_given_to_the_first_person():
    rec = _rec("Tham dự có Bí thư Thành ủy Hoàng Văn Hải, Phó Chủ tịch Tổng LĐLĐ Việt Nam Phan Văn Lợi.")
    assert [t for p, t, _ in _roles(rec) if p == "Hoàng Văn Hải"] == ["Bí thư"]
    assert ("Phan Văn Lợi", "Phó Chủ tịch", "Tổng LĐLĐ Việt Nam") in _roles(rec)


def test_lower_case_words_between_title_and_name_do_not_make_an_organisation():
    rec = _rec("Chủ tịch UBND tỉnh đã có văn bản gửi ông Lê Quang Vinh về việc này.")
    assert not any(o and "gửi" in o for _, _, o in _roles(rec))


def test_firm_after_person_and_dash_is_the_organisation_of_the_role():
    rec = _rec("Ông Ngô Bảo Khang - Chủ tịch Vinacapital và bà Lưu Thị Hoa - Chủ tịch Phú Thành cùng dự.")
    assert [p.name for p in rec.people] == ["Ngô Bảo Khang", "Lưu Thị Hoa"]
    assert sorted(_roles(rec)) == [("Lưu Thị Hoa", "Chủ tịch", "Phú Thành"),
                                   ("Ngô Bảo Khang", "Chủ tịch", "Vinacapital")]


def test_mixed_case_firm_keeps_its_case():
    rec = _rec("Bà Hồ Thu Vân - Phó Tổng Giám đốc MBLand cho biết dự án sẽ mở bán.")
    assert "MBLand" in [o.name for o in rec.organizations]
    assert [p.name for p in rec.people] == ["Hồ Thu Vân"]


def test_foreign_word_after_a_firm_title_is_the_firm_not_a_person():
    rec = _rec("Chủ tịch HĐQT kiêm Tổng Giám đốc Tecoma, ông Nguyễn Xuân Bách, vừa từ nhiệm.")
    assert [p.name for p in rec.people] == ["Nguyễn Xuân Bách"]
    assert "Tecoma" in [o.name for o in rec.organizations]


def test_foreign_leader_by_family_name_stays_a_person():
    rec = _rec("Tổng thống Mỹ Donald Crane phát biểu. Sau đó Tổng thống Crane thăm châu Á.")
    assert [(p.name, len(p.mentions)) for p in rec.people] == [("Donald Crane", 2)]
    rec = _rec("Tại Anh, Thủ tướng Hartley công bố lệnh phong tỏa mới.")
    assert [p.name for p in rec.people] == ["Hartley"]
    assert not rec.organizations


def test_one_syllable_after_a_title_needs_a_full_name_in_the_article():
    rec = _rec("Bộ trưởng Lê Văn Dũng đến thăm. Bộ trưởng Dũng yêu cầu đẩy nhanh tiến độ.")
    assert [(p.name, len(p.mentions)) for p in rec.people] == [("Lê Văn Dũng", 2)]
    rec = _rec("Các sinh viên Hàn và sinh viên Lào giao lưu văn nghệ.")
    assert not rec.people


def test_honorific_with_one_syllable_is_enough():
    rec = _rec("Anh Khôi cho biết năm nay mùa màng bội thu. Chị Hương cũng đồng ý.")
    assert sorted(p.name for p in rec.people) == ["Hương", "Khôi"]


def test_province_opening_with_an_honorific_word_is_a_location():
    rec = _rec("Các tỉnh Bình Dương và Bà Rịa - Vũng Tàu sẽ sáp nhập.")
    assert not rec.people
    assert "Bà Rịa - Vũng Tàu" in [l.name for l in rec.locations]


def test_house_number_then_name_is_an_address_but_a_year_is_not():
    rec = _rec("Cửa hàng ở 27B Trần Quang Diệu và 115 Lê Duẩn đều đóng cửa.")
    assert not rec.people
    rec = _rec("Giải bóng đá vô địch quốc gia 2025 Nguyễn Văn Quyết cho biết đội sẽ cố gắng.")
    assert [p.name for p in rec.people] == ["Nguyễn Văn Quyết"]


def test_firm_named_once_is_an_organisation_where_it_stands_alone():
    rec = _rec("Ông Lý Quốc Hưng - Chủ tịch Phú Thịnh cho biết kế hoạch năm tới. "
               "Doanh thu của Phú Thịnh tăng 20%. Cổ phiếu Phú Thịnh Land không đổi.")
    org = next(o for o in rec.organizations if o.name == "Phú Thịnh")
    assert len(org.mentions) == 2  # not inside the longer "Phú Thịnh Land"
    assert [p.name for p in rec.people] == ["Lý Quốc Hưng"]


def test_firm_named_like_a_person_plus_a_province():
    rec = _rec("Ông Lê Văn Tú - Chủ tịch Công ty cổ phần Hoàng Minh Tây Ninh công bố kết quả. "
               "Cổ phiếu tăng mạnh tại Hoàng Minh Tây Ninh.")
    assert [p.name for p in rec.people] == ["Lê Văn Tú"]
    assert _roles(rec) == [("Lê Văn Tú", "Chủ tịch", "Công ty cổ phần Hoàng Minh Tây Ninh")]
    assert "Hoàng Minh Tây Ninh" in [o.name for o in rec.organizations]
    assert not rec.locations  # a place inside a firm's name is no location mention


def test_tycoon_nickname_and_the_verb_elect():
    rec = _rec("Ông Đoàn Văn Hiển (bầu Hiển) vừa mua thêm cổ phiếu. Bầu Hiển chi 200 tỷ đồng.")
    assert [(p.name, len(p.mentions)) for p in rec.people] == [("Đoàn Văn Hiển", 3)]
    rec = _rec("Đại hội đã bầu Ban Chấp hành nhiệm kỳ mới và bầu Đoàn đại biểu dự Đại hội cấp trên.")
    assert not rec.people


def test_name_glued_to_the_next_verb_by_word_segmentation():
    rec = _rec("Bí thư Tỉnh ủy Đinh Văn Khải phát biểu. Sau đó, Bí thư Khải yêu cầu các sở báo cáo.")
    assert [(p.name, len(p.mentions)) for p in rec.people] == [("Đinh Văn Khải", 2)]


def test_place_name_is_a_person_only_after_an_honorific_and_never_a_province():
    rec = _rec("Bà Hà Đông bán rau ở chợ. Ông Hà Nội nói đùa rằng Hà Đông đã đổi khác.")
    assert [p.name for p in rec.people] == ["Hà Đông"]
    rec = _rec("Gió mùa thổi từ Thái Bình Dương vào, Hà Đông và Thái Thụy mưa to.")
    assert rec.people == []


def test_two_foreign_names_in_a_row_are_two_people_and_the_role_goes_to_the_first():
    rec = _rec("Tổng thống Mỹ Donald Crane Robert Lattimer đã gặp nhau.")
    assert [p.name for p in rec.people] == ["Donald Crane", "Robert Lattimer"]
    assert _roles(rec) == [("Donald Crane", "Tổng thống", "Mỹ")]


def test_capitalised_honorific_is_stripped_and_mentions_merge():
    rec = _rec("Thứ trưởng Bộ Tài chính Ông Đàm Quốc Phong dẫn đoàn. Ông Đàm Quốc Phong nói thêm.")
    assert [(p.name, p.gender, len(p.mentions)) for p in rec.people] == [("Đàm Quốc Phong", "male", 2)]
    assert _roles(rec) == [("Đàm Quốc Phong", "Thứ trưởng", "Bộ Tài chính")]


def test_head_inside_a_word_opens_no_organisation():
    rec = _rec("Giá đất trên thị trường BĐS và môi trường Hạ Long đều được bàn tới.")
    assert not any("trường" in o.name for o in rec.organizations)


def test_trailing_place_dash_name_line_is_a_byline_not_a_location():
    rec = _rec("Xã đã trao 50 suất quà cho hộ nghèo.\nNam Định - Khuê Lâm")
    assert [l.name for l in rec.locations] == []
    assert [p.name for p in rec.people] == ["Khuê Lâm"]
