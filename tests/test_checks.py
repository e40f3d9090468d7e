"""Figure checks (recognizers/checks.py).

Unit tests build an article context and add hand-made Money / Quantity / Percentage facts over
its text (so they do not depend on the numeric recognizers); expected values are computed by
hand in the comments. End-to-end tests run the whole extraction on the seed and on the corpus
with its gold annotations (annotations/*.json, checks field).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.layout import parse_layout
from pntd_extract.normalize import normalize
from pntd_extract.pipeline import build_context
from pntd_extract.dimensions.checks import Fig, fmt_number, recognize_checks, tolerance_of
from pntd_extract.schema import KBRecord, Money, Percentage, Quantity

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed.txt"


class Article:
    """An article context plus helpers adding facts found by their surface text."""

    def __init__(self, body: str):
        text, _ = normalize("Tiêu đề\n\n" + body)
        self.ctx = build_context(text, parse_layout(text).sections, None)
        self.text = text

    def _span(self, surface: str, nth: int):
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(surface, start + 1)
        return self.ctx.span(start, start + len(surface))

    def money(self, surface, amount, nth=0, qualifier="exact", per=None):
        self.ctx.money.append(Money(amount=amount, currency="VND", qualifier=qualifier, per=per,
                                    text=surface, span=self._span(surface, nth)))
        return self

    def qty(self, surface, value, counted=None, unit=None, nth=0, qualifier="exact"):
        self.ctx.quantities.append(Quantity(value=value, counted=counted, unit=unit, qualifier=qualifier,
                                            text=surface, span=self._span(surface, nth)))
        return self

    def pct(self, surface, value, nth=0, qualifier="exact"):
        self.ctx.percentages.append(Percentage(value=value, qualifier=qualifier, text=surface,
                                               span=self._span(surface, nth)))
        return self

    def checks(self):
        for f in ("money", "quantities", "percentages"):
            self.ctx.facts[f].sort(key=lambda x: x.span.start)
        recognize_checks(self.ctx)
        return list(self.ctx.checks)


def only(checks, kind):
    return [c for c in checks if c.kind == kind]


# ---------------------------------------------------------------------------------------
# totals

TOTAL_BODY = ("UBND xã khen thưởng 10 tập thể với tổng số tiền 12.500.000 đồng; Hội Nông dân xã khen thưởng "
              "8 cá nhân với tổng số tiền là 9.000.000 đồng. Tổng số tiền khen thưởng tại Hội nghị là: {} đồng.")


def total_article(stated: str, amount: int) -> Article:
    a = Article(TOTAL_BODY.format(stated))
    a.money("12.500.000 đồng", 12500000).money("9.000.000 đồng", 9000000).money(f"{stated} đồng", amount)
    a.qty("10 tập thể", 10, "tập thể").qty("8 cá nhân", 8, "cá nhân")
    return a


def test_total_mismatch_quotes_both_sentences():
    # 12.500.000 + 9.000.000 = 21.500.000; stated 23.500.000 -> difference 2.000.000
    a = total_article("23.500.000", 23500000)
    [c] = only(a.checks(), "total")
    assert c.status == "mismatch"
    assert c.values["stated"] == 23500000
    assert c.values["computed"] == 21500000
    assert c.values["difference"] == 2000000
    assert c.values["parts"] == [12500000, 9000000]
    assert [s.text[:12] for s in c.spans] == ["UBND xã khen", "Tổng số tiền"]
    assert "2.000.000" in c.message


def test_total_consistent():
    a = total_article("21.500.000", 21500000)
    [c] = only(a.checks(), "total")
    assert c.status == "consistent" and c.values["difference"] == 0


def test_clause_total_far_from_figures_is_not_checked():
    body = ("Các khoản vay là 116 tỷ đồng và 300 tỷ đồng trái phiếu được bảo đảm bằng quyền sử dụng "
            "sáu lô đất ven sông với tổng giá trị lên tới 606 tỷ đồng.")
    a = Article(body).money("116 tỷ đồng", 116e9).money("300 tỷ đồng", 300e9).money("606 tỷ đồng", 606e9)
    assert only(a.checks(), "total") == []


def test_clause_list_total():
    # 4 + 7 + 9 + 5 = 25, stated 26
    body = "Học sinh giành 4 giải Nhất, 7 giải Nhì, 9 giải Ba và 5 giải Khuyến khích, nâng tổng số giải lên 26 giải."
    a = Article(body)
    for s, v in (("4 giải", 4), ("7 giải", 7), ("9 giải", 9), ("5 giải", 5), ("26 giải", 26)):
        a.qty(s, v, "giải")
    [c] = only(a.checks(), "total")
    assert (c.status, c.values["stated"], c.values["computed"], c.values["difference"]) == ("mismatch", 26, 25, 1)


def test_raise_total_without_parts_is_info():
    # "phát triển thêm 3 điểm ... nâng tổng số 40 điểm": 37 before, never a mismatch
    body = "Hội phát triển thêm 3 điểm hoa trên chân rác nâng tổng số 40 điểm hoa trên chân rác."
    a = Article(body).qty("3 điểm hoa", 3, "điểm hoa").qty("40 điểm hoa", 40, "điểm hoa")
    [c] = a.checks()
    assert (c.kind, c.status, c.values["previous"]) == ("total", "info", 37)


def test_total_with_parts_in_parenthesis():
    body = "Công an huyện khen thưởng 5 tập thể với tổng số tiền 22 triệu đồng (tập thể 10 triệu đồng, cá nhân 12 triệu đồng)."
    a = Article(body).money("22 triệu đồng", 22e6).money("10 triệu đồng", 10e6).money("12 triệu đồng", 12e6)
    [c] = only(a.checks(), "total")
    assert (c.status, c.values["computed"]) == ("consistent", 22000000)


def test_total_broken_down_with_trong_do():
    # 180 + 150 + 80 = 410 != 420
    body = ("Hội xây 6 nhà với tổng kinh phí 420 triệu đồng; trong đó Hội cấp trên hỗ trợ 180 triệu đồng, "
            "Hội huyện hỗ trợ 150 triệu đồng, các cơ sở đóng góp 80 triệu đồng.")
    a = Article(body)
    for s, v in (("420 triệu đồng", 420e6), ("180 triệu đồng", 180e6), ("150 triệu đồng", 150e6), ("80 triệu đồng", 80e6)):
        a.money(s, v)
    checks = a.checks()
    [t] = only(checks, "total")
    assert (t.status, t.values["stated"], t.values["computed"], t.values["difference"]) == ("mismatch", 420000000, 410000000, 10000000)
    assert sorted(c.values["part"] for c in only(checks, "part")) == [80000000, 150000000, 180000000]


def test_per_unit_amounts_are_not_parts():
    # 325 + 120 + 160 = 605 (the 10 triệu per household is not a part); stated 615
    body = ("Hội trao 650 suất quà trị giá 325 triệu đồng; hỗ trợ 12 hộ, mỗi hộ 10 triệu đồng, tổng cộng 120 triệu đồng; "
            "tặng 2 ngôi nhà trị giá 160 triệu đồng. Tổng cộng giá trị các hoạt động trên là 615 triệu đồng.")
    a = Article(body)
    for s, v in (("325 triệu đồng", 325e6), ("10 triệu đồng", 10e6), ("120 triệu đồng", 120e6),
                 ("160 triệu đồng", 160e6), ("615 triệu đồng", 615e6)):
        a.money(s, v)
    a.qty("650 suất quà", 650, "suất quà").qty("12 hộ", 12, "hộ").qty("2 ngôi nhà", 2, "ngôi nhà")
    checks = a.checks()
    [t] = [c for c in only(checks, "total") if c.values["stated"] == 615000000]
    assert (t.status, t.values["computed"]) == ("mismatch", 605000000)
    # 12 x 10 triệu = 120 triệu: stated product agrees (info, as annotations/README.md wants)
    prod = [c for c in only(checks, "unit_value") if c.values.get("per_unit") == 10000000]
    assert [(c.status, c.values["computed"]) for c in prod] == [("info", 120000000)]
    assert prod[0].message.endswith(": consistent")


def test_product_mismatch():
    body = "Hội hỗ trợ 15 hộ, mỗi hộ 2 triệu đồng, tổng cộng 35 triệu đồng."
    a = Article(body).qty("15 hộ", 15, "hộ").money("2 triệu đồng", 2e6).money("35 triệu đồng", 35e6)
    [c] = [c for c in a.checks() if c.kind == "unit_value"]
    assert (c.status, c.values["computed"], c.values["difference"]) == ("mismatch", 30000000, 5000000)


def test_unit_price_after_moi_noun_is_not_divided_but_multiplied():
    # "mỗi suất trị giá 400.000 đồng" is a unit price: 30 x 400.000 = 12.000.000, stated 14 triệu
    body = "Hội trao 30 suất quà, mỗi suất trị giá 400.000 đồng, tổng trị giá 14 triệu đồng."
    a = Article(body).qty("30 suất quà", 30, "suất quà").money("400.000 đồng", 4e5).money("14 triệu đồng", 14e6)
    checks = a.checks()
    assert not [c for c in checks if c.values.get("amount") == 400000]  # no 400.000 / 30 per suất
    [c] = only(checks, "unit_value")
    assert (c.status, c.values["computed"], c.values["difference"]) == ("mismatch", 12_000_000, 2_000_000)


@pytest.mark.parametrize("per", ["suất", "mỗi suất", "Suất"])
def test_unit_price_from_money_per(per):
    # Money.per set by the numeric recognizer, no "mỗi" in the text: 25 x 200.000 = 5 triệu
    body = "Đoàn trao 25 suất quà (200.000 đồng/suất), tổng cộng 5 triệu đồng."
    a = Article(body).qty("25 suất quà", 25, "suất quà").money("200.000 đồng/suất", 2e5, per=per).money("5 triệu đồng", 5e6)
    [c] = only(a.checks(), "unit_value")
    assert (c.status, c.values["computed"], c.values["stated"], c.values["difference"]) == ("info", 5_000_000, 5_000_000, 0)
    assert c.message.endswith(": consistent")


def test_unit_price_without_total_gives_implied_total():
    # 20 x 1,5 triệu = 30 triệu, no total stated: info only
    body = "Xã trao 20 suất học bổng, mỗi suất 1,5 triệu đồng cho học sinh nghèo."
    a = Article(body).qty("20 suất học bổng", 20, "suất học bổng").money("1,5 triệu đồng", 1.5e6)
    [c] = a.checks()
    assert (c.kind, c.status, c.values["computed"]) == ("unit_value", "info", 30_000_000)
    assert "implied total 30 triệu đồng" in c.message


def test_unit_price_of_another_noun_is_not_multiplied():
    # the count is of suất quà, the price is per hộ: no product, no division
    body = "Hội trao 50 suất quà, mỗi hộ 300.000 đồng."
    a = Article(body).qty("50 suất quà", 50, "suất quà").money("300.000 đồng", 3e5)
    assert only(a.checks(), "unit_value") == []


@pytest.mark.parametrize("text,noun", [
    ("Trao 50 suất quà, mỗi suất trị giá ", "suất"),
    ("Trao quà, mỗi suất quà trị giá ", "suất quà"),
    ("Hỗ trợ 12 hộ, mỗi hộ được hỗ trợ ", "hộ"),
    ("mỗi người nhận ", "người"),
    ("Thu nhập bình quân ", "đơn vị"),
    ("Hội trao 50 suất quà trị giá ", None),
])
def test_per_noun(text, noun):
    from pntd_extract.dimensions.checks import per_noun
    t = text + "500.000 đồng"
    assert per_noun(t, len(text)) == noun


def test_part_exceeding_whole_message_and_values():
    # 1.100 - 1.000 = 100 more than the whole
    body = "Hội lắp đặt 1.000 camera, trong đó 1.100 camera có kết nối."
    a = Article(body).qty("1.000 camera", 1000, "camera").qty("1.100 camera", 1100, "camera")
    [c] = a.checks()
    assert (c.status, c.values["part"], c.values["whole"], c.values["excess"], c.values["share"]) == \
        ("mismatch", 1100, 1000, 100, 110.0)
    assert c.message == "1.100 of 1.000 camera (110%): part > whole by 100, mismatch"


def test_report_cells_for_parts_and_products():
    from pntd_extract.checks_report import _cells
    from pntd_extract.schema import Check
    part = Check(kind="part", status="consistent", message="", values={"part": 765, "whole": 1020, "share": 75.0, "unit": "lao động"})
    assert _cells(part)[:2] == ("765 lao động", "75% of 1.020")
    prod = Check(kind="unit_value", status="mismatch", message="", values={
        "stated": 30_000_000, "computed": 25_000_000, "difference": 5_000_000, "count": 50, "per_unit": 500_000, "unit": "VND"})
    assert _cells(prod) == ("30.000.000 đồng", "50 x 500.000 = 25.000.000 đồng", "5.000.000")


# ---------------------------------------------------------------------------------------
# parts

def test_part_consistent_with_share():
    # 600 / 800 = 75 %
    body = "Hội tư vấn việc làm cho 800 lao động, trong đó 600 lao động nữ."
    a = Article(body).qty("800 lao động", 800, "lao động").qty("600 lao động", 600, "lao động")
    [c] = a.checks()
    assert (c.kind, c.status, c.values["share"]) == ("part", "consistent", 75.0)
    assert (c.values["part"], c.values["whole"], c.values["unit"]) == (600, 800, "lao động")
    assert "stated" not in c.values and "computed" not in c.values  # part / whole, not stated / computed
    assert c.message == "600 of 800 lao động (75%): part ≤ whole, consistent"


def test_part_exceeding_whole_is_mismatch():
    body = "Mô hình đã lắp đặt 200 camera, trong đó 250 camera kết nối với Công an xã."
    a = Article(body).qty("200 camera", 200, "camera").qty("250 camera", 250, "camera")
    [c] = a.checks()
    assert (c.kind, c.status) == ("part", "mismatch")


def test_part_with_other_unit_is_not_checked():
    body = "Hiện có 1.160 hội viên làm kinh tế giỏi, trong đó 84 doanh nghiệp do hội viên làm chủ."
    a = Article(body).qty("1.160 hội viên", 1160, "hội viên").qty("84 doanh nghiệp", 84, "doanh nghiệp")
    assert a.checks() == []


def test_sentence_opening_trong_do_uses_previous_total():
    # whole = the stated total 20 tỷ (not the 50 tỷ estimate); 8 / 20 = 40 %, 9 / 20 = 45 %
    body = ("Tổng thu ngân sách đạt 20 tỷ đồng, bằng 40% dự toán (dự toán 50 tỷ đồng). "
            "Trong đó, thu thuế đạt 8 tỷ đồng; thu tiền sử dụng đất đạt 9 tỷ đồng.")
    a = Article(body).money("20 tỷ đồng", 20e9).money("50 tỷ đồng", 50e9).money("8 tỷ đồng", 8e9).money("9 tỷ đồng", 9e9)
    a.pct("40%", 40)
    checks = a.checks()
    assert sorted((c.values["part"], c.values["share"]) for c in only(checks, "part")) == [(8e9, 40.0), (9e9, 45.0)]
    assert only(checks, "total") == []  # a partial breakdown is not a total
    [p] = only(checks, "percentage")
    assert (p.status, p.values["computed"]) == ("consistent", 40.0)


# ---------------------------------------------------------------------------------------
# percentages

@pytest.mark.parametrize("stated,value,status", [
    ("90%", 90, "consistent"),      # 450 / 500 = 90
    ("91%", 91, "mismatch"),        # off by 1
    ("90,5%", 90.5, "mismatch"),    # precision 0.1: 90.0 != 90.5
])
def test_percentage_of_plan(stated, value, status):
    body = f"Xã kết nạp 450 hội viên, đạt {stated} kế hoạch (kế hoạch 500 hội viên)."
    a = Article(body).qty("450 hội viên", 450, "hội viên").qty("500 hội viên", 500, "hội viên").pct(stated, value)
    [c] = a.checks()
    assert (c.kind, c.status, c.values["computed"]) == ("percentage", status, 90.0)
    assert (c.values["achieved"], c.values["target"]) == (450, 500)


def test_percentage_tolerance_from_stated_precision():
    # 459 / 500 = 91.8: "92%" rounds it (consistent), "91%" does not
    body = "Xã kết nạp 459 hội viên, đạt 92% kế hoạch (kế hoạch 500 hội viên)."
    a = Article(body).qty("459 hội viên", 459, "hội viên").qty("500 hội viên", 500, "hội viên").pct("92%", 92)
    assert [c.status for c in a.checks()] == ["consistent"]


def test_percentage_over_target():
    # (215 - 200) / 200 = 7.5 %
    body = "Hội giúp 215 hội viên thoát nghèo, vượt 7,5% so với mục tiêu đề ra (mục tiêu 200 hội viên)."
    a = Article(body).qty("215 hội viên", 215, "hội viên").qty("200 hội viên", 200, "hội viên").pct("7,5%", 7.5)
    [c] = a.checks()
    assert (c.status, c.values["computed"]) == ("consistent", 7.5)


def test_percentage_share_of_earlier_whole():
    # 612 / 1.248 = 49.04 %
    body = "Trường có 1.248 học sinh với 32 lớp. Có 612 học sinh đạt loại giỏi, chiếm 49% tổng số học sinh."
    a = Article(body).qty("1.248 học sinh", 1248, "học sinh").qty("32 lớp", 32, "lớp").qty("612 học sinh", 612, "học sinh")
    a.pct("49%", 49)
    [c] = a.checks()
    assert (c.status, round(c.values["computed"], 2)) == ("consistent", 49.04)


def test_percentage_fraction():
    body = "Đến nay 18/20 xã đạt chuẩn, đạt 90%."
    a = Article(body).pct("90%", 90)
    [c] = a.checks()
    assert (c.status, c.values["computed"]) == ("consistent", 90.0)


def test_percentage_growth():
    # (120 - 100) / 100 = 20 %
    body = "Doanh thu đạt 120 tỷ đồng, tăng 20% so với năm trước (100 tỷ đồng)."
    a = Article(body).money("120 tỷ đồng", 120e9).money("100 tỷ đồng", 100e9).pct("20%", 20)
    assert [(c.status, c.values["computed"]) for c in a.checks()] == [("consistent", 20.0)]
    # the base must follow "so với" closely, before any comma: here 9 triệu is the decrease
    body = "Khách quốc tế đạt 3 triệu lượt, giảm 70% so với cùng kỳ, giảm tương đương 7 triệu lượt."
    a = Article(body).qty("3 triệu lượt", 3e6, "lượt").qty("7 triệu lượt", 7e6, "lượt").pct("70%", 70)
    assert a.checks() == []
    body = "Doanh thu đạt 120 tỷ đồng, tăng 20% so với 100 tỷ đồng của năm trước."
    a = Article(body).money("120 tỷ đồng", 120e9).money("100 tỷ đồng", 100e9).pct("20%", 20)
    [c] = a.checks()
    assert (c.status, c.values["computed"]) == ("consistent", 20.0)


def test_dates_are_not_fractions():
    body = "Bắt đầu từ 1/10, chỉ số giá nhóm nhà ở tăng 0,7%."
    a = Article(body).pct("0,7%", 0.7)
    assert a.checks() == []


# ---------------------------------------------------------------------------------------
# unit values

def test_unit_value_info():
    # 60.000.000 / 400 = 150.000 đồng/chiếc
    body = "Hội tặng 400 chiếc áo ấm trị giá 60.000.000 đồng cho học sinh."
    a = Article(body).qty("400 chiếc áo ấm", 400, "chiếc áo ấm").money("60.000.000 đồng", 60e6)
    [c] = a.checks()
    assert (c.kind, c.status, c.values["computed"], c.values["unit"]) == ("unit_value", "info", 150000, "VND/chiếc")
    assert "150.000 đồng/chiếc" in c.message


# ---------------------------------------------------------------------------------------
# helpers and robustness

def test_fmt_number_and_tolerance():
    assert fmt_number(68640000) == "68.640.000"
    assert fmt_number(2581.3) == "2.581,3"
    assert fmt_number(-5000000) == "-5.000.000"
    f = Fig("money", 2.6e9, None, "VND", None, "exact", None, 0, 11, "2,6 tỷ đồng", 0)
    assert tolerance_of(f) == pytest.approx(0.05e9)
    g = Fig("money", 73640000, None, "VND", None, "exact", None, 0, 15, "73.640.000 đồng", 0)
    assert tolerance_of(g) == pytest.approx(0.5)


def test_many_figures_and_cues_stay_fast():
    parts = ", ".join(f"tổng {i} hộ" for i in range(1, 2001))
    body = f"Xã hỗ trợ {parts}; trong đó 5 hộ nghèo."
    a = Article(body)
    for i in range(1, 2001):
        a.qty(f"{i} hộ", i, "hộ", nth=0 if i > 9 else 0)
    a.checks()  # must finish; content is irrelevant
    assert isinstance(a.ctx.checks, list)


# ---------------------------------------------------------------------------------------
# end to end: the example table (through the numeric recognizers)

def _stated_computed(c):
    """The gold annotations' (stated, computed) of a check: a part check's ``part`` and
    ``whole`` (annotations/README.md), else its ``stated`` and ``computed`` values."""
    v = c.values
    return (v.get("part"), v.get("whole")) if c.kind == "part" else (v.get("stated"), v.get("computed"))


def _check_examples():
    out = []
    for line in (ROOT / "src" / "pntd_extract" / "dimensions" / "checks" / "examples.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        exp = [] if expected.strip() == "-" else [tuple(x.split("|")) for x in expected.split(" ;; ")]
        out.append(pytest.param(text, exp, id=text[:40]))
    return out


@pytest.mark.parametrize("text,expected", _check_examples())
def test_check_examples(text, expected):
    rec = extract("Tiêu đề\n\n" + text)
    got = [(c.kind, c.status, *_stated_computed(c)) for c in rec.checks if c.status != "info"]
    want = [(k, st, float(a), float(b)) for k, st, a, b in expected]
    assert [(k, st) for k, st, _, _ in got] == [(k, st) for k, st, _, _ in want], rec.checks
    for (_, _, a, b), (_, _, x, y) in zip(got, want):
        assert a == pytest.approx(x) and b == pytest.approx(y, abs=0.01)


# ---------------------------------------------------------------------------------------
# end to end: the seed

@pytest.fixture(scope="module")
def seed_record() -> KBRecord:
    return extract(SEED.read_text(encoding="utf-8"))


def test_seed_total_mismatch(seed_record):
    totals = [c for c in seed_record.checks if c.kind == "total" and c.status == "mismatch"]
    assert len(totals) == 1
    c = totals[0]
    assert (c.values["stated"], c.values["computed"], c.values["difference"]) == (73640000, 68640000, 5000000)
    assert c.values["parts"] == [33840000, 34800000]
    quoted = " ".join(s.text for s in c.spans)
    assert "33.840.000 đồng" in quoted and "34.800.000 đồng" in quoted
    assert "Tổng số tiền khen thưởng tại Hội nghị là: 73.640.000 đồng." in [s.text for s in c.spans]


def test_seed_consistent_figures_not_flagged(seed_record):
    assert [c.values["stated"] for c in seed_record.checks if c.status == "mismatch"] == [73640000]
    part = [c for c in seed_record.checks if c.kind == "part"]
    assert [(c.status, c.values["part"], c.values["whole"], c.values["share"]) for c in part] == \
        [("consistent", 765, 1020, 75.0)]
    unit = {c.values["computed"] for c in seed_record.checks if c.kind == "unit_value"}
    assert 25000 in unit  # 18.375.000 / 735 chiếc làn nhựa


# ---------------------------------------------------------------------------------------
# end to end: gold checks of annotations/ (written by reading the articles)

def _close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(0.06, 0.005 * max(abs(a), abs(b)))


def _gold_checks():
    out = []
    for path in sorted((ROOT / "annotations").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for i, g in enumerate(gold.get("checks", [])):
            out.append(pytest.param(gold, g, id=f"{path.stem}-{i}-{g['kind']}"))
    return out


_RECORDS: dict[str, KBRecord] = {}


@pytest.mark.parametrize("gold,check", _gold_checks())
def test_check_command_agrees_with_gold(gold, check):
    if gold["file"] not in _RECORDS:
        src = ROOT / gold["file"]
        _RECORDS[gold["file"]] = extract(src.read_text(encoding="utf-8"), published=gold.get("published"))
    rec = _RECORDS[gold["file"]]
    hits = [c for c in rec.checks if c.kind == check["kind"] and c.status == check["status"]
            and _close(_stated_computed(c)[0], check["stated"]) and _close(_stated_computed(c)[1], check.get("computed"))]
    assert hits, f"{check} not in {[(c.kind, c.status, *_stated_computed(c)) for c in rec.checks]}"


def test_corpus_has_no_unannotated_mismatch():
    """Every mismatch the extractor reports on the corpus is an annotated one (precision)."""
    for path in sorted((ROOT / "annotations").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        rec = _RECORDS.get(gold["file"]) or extract((ROOT / gold["file"]).read_text(encoding="utf-8"),
                                                     published=gold.get("published"))
        gold_mm = [g for g in gold.get("checks", []) if g["status"] == "mismatch"]
        for c in rec.checks:
            if c.status == "mismatch":
                assert any(_close(_stated_computed(c)[0], g["stated"]) for g in gold_mm), (path.stem, c.message)


def test_checks_never_raise_on_odd_text():
    from hypothesis import given, settings, strategies as st

    alphabet = st.sampled_from(["tổng số tiền ", "trong đó ", "12 hộ", "5 triệu đồng", "đạt ", "40%", " kế hoạch ",
                                "(", ")", ";", ". ", ", ", "mỗi hộ ", "trị giá ", "Trong đó, ", "18/20 ", "vượt "])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(alphabet, max_size=40).map("".join))
    def run(body):
        rec = extract("Tiêu đề\n\n" + body)
        assert not any(f"recognizer {n} failed" in w for w in rec.warnings for n in ("checks", "programmes", "programme_links")), rec.warnings

    run()


# ---------------------------------------------------------------------------------------
# units, qualifiers and unit values (tester findings on real articles; our own sentences)

from pntd_extract.dimensions.checks import count_label, interval, measure_of, unit_scale  # noqa: E402


def _unit_checks(text):
    return [c for c in extract("Tiêu đề\n\n" + text).checks if c.kind == "unit_value"]


def test_unit_scale_converts_within_a_dimension_only():
    assert unit_scale("tạ", "kg") == 100 and unit_scale("tấn", "kg") == 1000 and unit_scale("yến", "kg") == 10
    assert unit_scale("km", "m") == 1000 and unit_scale("ha", "m2") == 10000
    assert unit_scale("tạ", "m²") is None and unit_scale("tạ", "hộ") is None
    assert measure_of("hộ") is None and measure_of("sào") is None  # regional measure: never guessed


def test_product_converts_units_and_honours_over_qualifiers():
    # hơn 6 tạ = more than 600 kg; x 40.000 đồng/kg = more than 24 triệu: "hơn 20 triệu" can agree
    [c] = _unit_checks("Chị Hoa thu hoạch hơn 6 tạ nấm, bán với giá 40.000 đồng/kg, tổng thu hơn 20 triệu đồng.")
    assert c.status == "info" and "qualifiers" in c.message
    assert c.values["count_converted"] == 600 and c.values["computed"] == 24_000_000


def test_product_violated_inequality_is_a_mismatch():
    # hơn 3 tấn x 15.000 đồng/kg > 45 triệu, but the total is stated as exactly 40 triệu
    [c] = _unit_checks("Anh Tâm thu hoạch hơn 3 tấn cam, bán với giá 15.000 đồng/kg, tổng thu 40 triệu đồng.")
    assert c.status == "mismatch" and c.values["computed"] == 45_000_000


def test_product_with_unreconcilable_units_is_skipped():
    assert _unit_checks("Chị Hoa thu hoạch 6 tạ nấm, bán với giá 40.000 đồng/m2, tổng thu 24 triệu đồng.") == []


def test_interval_bounds():
    f = Fig("money", 18e12, None, "VND", None, "under", None, 0, 14, "18.000 tỷ đồng", 0)
    lo, hi = interval(f, "near")
    assert lo <= 17.995e12 <= hi and hi < 18.001e12  # gần 18.000 tỷ allows 17.995 tỷ, not more than 18.000
    assert interval(f, "bound") == (0.0, 18e12)
    e = Fig("money", 17.995e12, None, "VND", None, "exact", None, 0, 14, "17.995 tỷ đồng", 0)
    assert interval(e, "near")[1] < 18e12


def test_unit_value_labels_are_full_nouns():
    [c] = _unit_checks("Tỉnh cấp phép 5 dự án đầu tư mới trị giá 250 triệu USD.")
    assert c.values["unit"] == "USD/dự án" and c.values["computed"] == 50_000_000
    [c] = _unit_checks("Hội trao 40 suất học bổng với tổng trị giá 80 triệu đồng.")
    assert c.values["unit"] == "VND/suất học bổng"


def test_count_label_never_cut():
    t = "Xưởng có 8 xi lanh mới."
    q = Fig("quantity", 8, None, "xi", "xi", "exact", None, t.index("8"), t.index("8") + 4, "8 xi", 0)
    assert count_label(t, q) == "xi lanh"
    t2 = "Có 8 giấy chứng ."
    q2 = Fig("quantity", 8, None, "giấy chứng", "giấy chứng", "exact", None, 3, 16, "8 giấy chứng", 0)
    assert count_label(t2, q2) is None  # not a known noun and cut: no label rather than a wrong one


def test_attribute_counts_are_not_divided_into_costs():
    assert _unit_checks("Tuyến cao tốc dài 26 km gồm 6 làn xe, kinh phí đầu tư khoảng 9.600 tỷ đồng.") == []
    assert _unit_checks("Trong kho có chiếc xe cổ (động cơ 12 xi lanh) trị giá 4,8 tỷ đồng.") == []
    assert _unit_checks("Tòa nhà cao 30 tầng trị giá 900 tỷ đồng.") == []
