"""``pntd-extract show``: the terminal view (rich), its helpers and its failure modes."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pntd_extract.cli import app
from pntd_extract.view.common import (
    KINDS, Mark, check_headline, fact_marks, figure_rows, mismatch_figures, nest, vn_number,
)
from view_examples import ARTICLE, HOSTILE, MISMATCH_MESSAGE, make_record

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _kb(tmp_path, *records, name="kb.jsonl"):
    p = tmp_path / name
    p.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return p


# ------------------------------------------------------------------ Vietnamese numbers
@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (73640000, "73.640.000"),
        (2581300000, "2.581.300.000"), (224.6, "224,6"), (0.25, "0,25"), (-1234.5, "-1.234,5"),
        (1e21, "1.000.000.000.000.000.000.000"), (None, ""), (12.0, "12"),
    ],
)
def test_vn_number(value, expected):
    assert vn_number(value) == expected


def test_check_headline_total_mismatch_in_vietnamese():
    c = {"kind": "total", "status": "mismatch", "message": "Stated total is not the sum",
         "values": {"stated": 73640000, "computed": 68640000, "difference": 5000000, "parts": [33840000, 34800000]}}
    assert check_headline(c) == "Tổng không khớp: 73.640.000 ≠ 33.840.000 + 34.800.000 = 68.640.000 (chênh 5.000.000)"
    # unknown kinds fall back to the check's own message
    assert check_headline({"kind": "other", "status": "info", "message": "xyz", "values": {}}) == "xyz"


# ------------------------------------------------------------------ marks and nesting
def test_marks_cover_every_fact_kind_and_the_mismatch():
    rec = make_record()
    kinds = {m.kind for m in fact_marks(rec)}
    assert {"person", "role", "org", "loc", "programme", "money", "percent", "quantity", "date", "check"} <= kinds
    for m in fact_marks(rec):
        assert 0 <= m.start < m.end <= len(rec.article.text)
    bad = {rec.article.text[a:b] for a, b in mismatch_figures(rec.model_dump(mode="json"), rec.checks[0].model_dump())}
    assert bad == {"60.000.000 đồng", "25.000.000 đồng", "30.000.000 đồng"}
    rows = figure_rows(rec)
    assert [r.value for r in rows if r.kind == "money"] == ["60.000.000 đồng", "25.000.000 đồng", "30.000.000 đồng"]
    assert all(r.bad for r in rows if r.kind == "money") and not any(r.bad for r in rows if r.kind != "money")
    qty = next(r for r in rows if r.text == "2.500 kg")
    assert (qty.value, qty.qualifier) == ("2.500 kg", "khoảng")
    assert rec.article.text[qty.sent_start:qty.sent_end].startswith("Năm 2024")


def _leaves(text, node, out):
    pos = node.start
    for ch in node.children:
        assert node.start <= ch.start < ch.end <= node.end  # properly nested
        out.append(text[pos:ch.start])
        _leaves(text, ch, out)
        pos = ch.end
    out.append(text[pos:node.end])


def test_nest_splits_crossing_marks():
    text = "02 cuộc thi “Xanh”"
    tree = nest([Mark(0, 11, "quantity"), Mark(3, 18, "programme")], 0, len(text))
    flat = [(c.mark.kind, c.start, c.end, c.cont) for c in tree.children]
    assert flat[0][:3] == ("quantity", 0, 11)
    assert ("programme", 3, 11, False) in [(g.mark.kind, g.start, g.end, g.cont) for g in tree.children[0].children]
    assert flat[1] == ("programme", 11, 18, True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15), st.sampled_from(sorted(k for k in KINDS))), max_size=25))
def test_nest_keeps_text_and_nesting(raw_marks):
    text = "Bà Lan trao 15 triệu đồng cho 3 hộ ở xã An."
    marks = [Mark(s, min(s + n, len(text)), k) for s, n, k in raw_marks if s < len(text)]
    tree = nest(marks, 0, len(text))
    out: list[str] = []
    _leaves(text, tree, out)
    assert "".join(out) == text


# ------------------------------------------------------------------ the command
def test_show_article_file_plain_when_piped(tmp_path):
    art = tmp_path / "bai.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["show", str(art)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Hội LHPN huyện Gia Lâm trao 120 suất quà" in out
    assert "Kiểm tra số liệu" in out and "Chú giải" in out
    assert not ANSI.search(out)  # piped: no colour codes
    assert "Tin liên quan" in out and "Phụ nữ Long Biên ra quân" in out
    assert "Chia sẻ" not in out  # UI debris is not shown


def test_show_kb_file_highlights_figures_and_mismatch(tmp_path):
    kb = _kb(tmp_path, make_record())
    res = runner.invoke(app, ["show", str(kb)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    # facts bracketed inline when there is no colour
    for frag in ("[Trần Thị Hoa|PER]", "[105%|PERCENT]", "[12/3|DATE]", "[xã Đa Tốn|LOC]", "[Chương trình “Mái ấm tình thương”|PROG]"):
        assert frag in out
    assert "[[60.000.000 đồng|MONEY]|≠]" in out
    # figures table with Vietnamese values, unit/counted, qualifier and the sentence
    assert "Bảng số liệu (6)" in out
    assert "2.500 kg" in out and "khoảng" in out and "suất quà" in out
    # check results after the table, mismatch headline and the figures it names
    assert out.index("Bảng số liệu") < out.index("Tổng không khớp: 60.000.000 ≠ 25.000.000 + 30.000.000")
    assert "KIỂM TRA KHÔNG KHỚP" in out
    assert MISMATCH_MESSAGE in out


def test_show_forced_colour_styles_facts(tmp_path):
    kb = _kb(tmp_path, make_record())
    res = runner.invoke(app, ["show", "--color", "--width", "120", str(kb)])
    assert res.exit_code == 0, res.output
    assert ANSI.search(res.stdout)
    plain = ANSI.sub("", res.stdout)
    assert "Trần Thị Hoa" in plain and "|PER]" not in plain


def test_show_prints_markup_literally(tmp_path):
    kb = _kb(tmp_path, make_record(HOSTILE))
    res = runner.invoke(app, ["show", "--color", str(kb)])
    assert res.exit_code == 0, res.output
    plain = ANSI.sub("", res.stdout)
    assert "<script>alert('x')</script> & <b>[bold]</b> {{x}}" in plain.replace("\n", " ")


def test_show_empty_record_fields(tmp_path):
    kb = _kb(tmp_path, make_record(facts=False))
    res = runner.invoke(app, ["show", str(kb)])
    assert res.exit_code == 0, res.output
    assert "chưa có số liệu" in res.stdout and "Không có kết quả kiểm tra" in res.stdout


def test_show_selects_by_id(tmp_path):
    a, b = make_record(), make_record(facts=False).model_copy(deep=True)
    b.article.id = "khac"
    kb = _kb(tmp_path, a, b)
    res = runner.invoke(app, ["show", "--id", "khac", str(kb)])
    assert res.exit_code == 0 and res.stdout.count("Mã: khac") == 1 and "Mã: " + a.article.id not in res.stdout
    res = runner.invoke(app, ["show", "--id", "khong-co", str(kb)])
    assert res.exit_code != 0 and "khong-co" in res.stderr


@pytest.mark.parametrize(
    "name, content, needle",
    [
        ("missing.txt", None, "no such file"),
        ("anh.txt", b"\x89PNG\x00\x00\x00binary", "anh.txt"),
        ("rong.txt", b"   \n", "rong.txt"),
        ("kb.jsonl", b'{"article": {"id": "x"}}\n', "kb.jsonl:1"),
    ],
)
def test_show_bad_input_one_line_nonzero(tmp_path, name, content, needle):
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    res = runner.invoke(app, ["show", str(p)])
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0] and name in lines[0]


def test_show_bad_published_option(tmp_path):
    kb = _kb(tmp_path, make_record())
    res = runner.invoke(app, ["show", "--published", "9/1/2024", str(kb)])
    assert res.exit_code != 0 and "YYYY-MM-DD" in res.stderr


def test_kb_detection_does_not_take_article_jsonl_for_kb(tmp_path):
    p = tmp_path / "articles.jsonl"
    p.write_text(json.dumps({"id": "a1", "title": "Tin ngắn", "text": "Bà Lan trao 15 triệu đồng cho xã An."}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["show", str(p)])
    assert res.exit_code == 0, res.output
    assert "Tin ngắn" in res.stdout and "Mã: a1" in res.stdout
