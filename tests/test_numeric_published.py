"""Publication-date inference (``numeric_published``): conservative, dateline first.

Articles are written for this project in the style of Vietnamese news reports; each trap is a
kind of wrong inference found on shared/corpus/real (expiry, birth, founding, quoted past event).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.figures.scan import NUMERIC_RECOGNIZERS, scan


def run(text: str):
    return extract(text, only=set(NUMERIC_RECOGNIZERS))


def art(*body: str) -> str:
    return "Tin địa phương\n\n" + "\n".join(body)


@pytest.mark.parametrize("text,mark", [
    ("Ông Trần Văn Bình, sinh ngày 18/4/1970, được bổ nhiệm.", "birth"),
    ("Ông sinh năm 1965 tại Nam Định.", "birth"),
    ("Lô đường có hạn sử dụng 20/5/2027 đã bị thu giữ.", "expiry"),
    ("Công ty thành lập tháng 7-1996 tại Đồng Nai.", "founding"),
    ("Bà vào Đảng ngày 3/2/1985 khi còn là giáo viên.", "membership"),
    ("Tính đến hết tháng 10/2023, toàn xã có 84 tổ hợp tác.", None),
    ("Năm 2023, Hội giúp 300 hộ thoát nghèo.", None),
])
def test_date_context_marks(text, mark):
    dates = scan(text).dates
    assert dates and dates[0].mark == mark


def test_expiry_date_never_gives_the_year():
    rec = run(art("Ngày 28/6, Đội quản lý thị trường số 3 cho biết vừa thu giữ một lô đường nhập lậu.",
                  "Lô hàng gồm 2.000 kg đường, hạn sử dụng 20/5/2027.",
                  "Chủ hàng bị phạt 30 triệu đồng."))
    assert rec.article.published is None and not rec.article.published_inferred
    assert any("not inferred" in w for w in rec.warnings)
    assert [d.value for d in rec.dates if d.text == "28/6"] == ["--06-28"]


def test_birth_and_membership_dates_never_give_the_year():
    rec = run(art("Sáng 10/2, Ban Thường vụ Tỉnh ủy trao quyết định cán bộ.",
                  "Ông Lê Văn Hùng, sinh ngày 06/10/1960, vào Đảng ngày 16/2/1987, ngày chính thức 16/2/1988.",
                  "Ông được giao phụ trách công tác tổ chức."))
    assert rec.article.published is None


def test_founding_year_never_gives_the_year():
    rec = run(art("Chiều 28-6, Công ty TNHH Minh Phát tổ chức lễ kỷ niệm 30 năm thành lập.",
                  "Công ty thành lập tháng 7-1995 với 200 lao động.",
                  "Hiện công ty có 4.000 công nhân."))
    assert rec.article.published is None


def test_full_date_of_a_quoted_past_event_is_not_the_dateline():
    rec = run(art("Dự án từng được kỳ vọng nhiều.",
                  "Ngày 15/2/2018, bệnh viện tỉnh đưa vào sử dụng hệ thống mổ nội soi mới.",
                  "Tuy nhiên, đến tháng 8/2019, nhà cung cấp đã rút thiết bị.",
                  "Bệnh viện đang tìm nguồn vốn thay thế."))
    assert rec.article.published is None


def test_full_date_dateline_is_taken():
    rec = run(art("Ngày 21/5/2013, UBND huyện tổ chức hội nghị tổng kết.",
                  "Hội nghị đánh giá kết quả năm 2012.",
                  "Huyện đặt mục tiêu giảm 2% hộ nghèo."))
    assert rec.article.published == "2013-05-21" and rec.article.published_inferred


def test_as_of_month_year_fixes_the_dateline_year():
    rec = run(art("(PNTĐ) - Sáng 12/3, Hội LHPN phường tổ chức hội nghị sơ kết quý.",
                  "Tính đến hết tháng 2/2025, phường có 15 tổ hợp tác của phụ nữ.",
                  "Hội trao 20 suất quà cho hội viên khó khăn."))
    assert rec.article.published == "2025-03-12"
    assert any("published date inferred" in w for w in rec.warnings)


def test_biography_years_leave_the_year_unknown():
    rec = run(art("Ngày 7/2, đoàn đại biểu thăm và chúc Tết gia đình ông Nguyễn Văn An.",
                  "Ông tham gia cách mạng năm 1962, năm 1969 được điều động ra Bắc, năm 1975 trở về quê.",
                  "Năm 1986 ông làm Chủ tịch xã, năm 1998 nghỉ hưu, tháng 1/2016 nhận Huy hiệu 50 năm tuổi Đảng."))
    assert rec.article.published is None


def test_one_line_dateline_stays_without_a_year():
    rec = run("Ngày 9/1, UBND phường tổ chức hội nghị.")
    assert rec.article.published is None and [d.value for d in rec.dates] == ["--01-09"]


def test_eval_published_on_the_shared_corpus():
    """Evaluation (needs ../shared): inference is conservative, wrong dates stay rare."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
    if not (corpus / "manifest.csv").is_file():
        pytest.skip("../shared/corpus/real is absent (plain clone)")
    import csv
    import datetime as dt

    from pntd_extract.layout import parse_layout
    from pntd_extract.normalize import normalize
    from pntd_extract.pipeline import build_context
    from pntd_extract.registry import recognizers

    recs = recognizers({"numeric_published"})
    near = far = 0
    for row in csv.DictReader((corpus / "manifest.csv").open(encoding="utf-8")):
        if not row.get("date") or not (corpus / row["file"]).is_file():
            continue
        text, _ = normalize((corpus / row["file"]).read_text(encoding="utf-8"))
        ctx = build_context(text, parse_layout(text).sections, None)
        for r in recs:
            r.fn(ctx)
        if ctx.published_inferred:
            gap = abs((ctx.published - dt.date.fromisoformat(row["date"][:10])).days)
            near += gap <= 3
            far += gap > 40  # off by more than the crawl lag: a wrong year or a wrong event
    assert near >= 10 and far == 0
