"""``pntd-extract report``: one self-contained, escaped HTML page with the checks on top."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pntd_extract.cli import app
from pntd_extract.view import render_report
from view_examples import ARTICLE, HOSTILE, MISMATCH_MESSAGE, make_record

runner = CliRunner()
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base", "embed", "param", "track"}
SEED = Path(__file__).resolve().parent / "data" / "seed.txt"  # the seed article, ours to copy


class _Checker(HTMLParser):
    """Records tags, ids, attributes and text; fails on unbalanced tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Checker:
    c = _Checker()
    c.feed(page)
    c.close()
    assert not c.errors, c.errors[:3]
    assert c.stack == [], c.stack
    return c


def _kb(tmp_path, *records, name="kb.jsonl"):
    p = tmp_path / name
    p.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return p


def _report(tmp_path, *inputs, code=0):
    out = tmp_path / "out" / "report.html"
    res = runner.invoke(app, ["report", *map(str, inputs), "-o", str(out)])
    assert res.exit_code == code, res.output
    return out.read_text(encoding="utf-8") if out.exists() else None


def test_report_mismatch_banner_on_top(tmp_path):
    page = _report(tmp_path, _kb(tmp_path, make_record()))
    doc = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    banner = "Tổng không khớp: 60.000.000 ≠ 25.000.000 + 30.000.000 = 55.000.000 (chênh 5.000.000)"
    assert banner in page and 'class="mismatch"' in page and 'role="alert"' in page
    # the banner comes before the article text and the figures table
    assert page.index(banner) < page.index("Nội dung bài") < page.index("Bảng số liệu")
    # it links to the figure in the text, and that anchor exists
    banner_html = page.split('<div class="mismatch"', 1)[1].split("</div></div>", 1)[0]
    links = re.findall(r'href="#([^"]+)"', banner_html)
    assert len(links) == 3 and set(links) <= set(doc.ids)
    # the named figures are marked in the text and flagged in the table
    text_part = page.split('<div class="text">', 1)[1]
    assert text_part.count('<mark class="f check"') == 3
    assert page.count('<tr class="bad"') == 3


def test_report_highlights_every_fact_kind(tmp_path):
    page = _report(tmp_path, _kb(tmp_path, make_record()))
    doc = _parse(page)
    marks = [(a.get("class", ""), a.get("title", "")) for t, a in doc.tags if t == "mark"]
    classes = {c.split()[1] for c, _ in marks if c.startswith("f ")}
    assert {"person", "role", "org", "loc", "programme", "money", "percent", "quantity", "date", "check"} <= classes
    assert re.search(r'<mark class="f person"[^>]*>Trần Thị Hoa</mark>', page)
    assert re.search(r'<mark class="f percent"[^>]*>105%</mark>', page)
    assert any("Hội Liên hiệp Phụ nữ huyện Gia Lâm" in t for c, t in marks if "org" in c)  # tooltip: expansion
    # captions marked, related teasers apart, UI debris and alt-text lines gone
    assert re.search(r'<p class="caption"[^>]*>Bà <mark class="f person"', page)
    assert re.search(r'<div class="related".*Phụ nữ Long Biên ra quân làm sạch ngõ phố', page, re.S)
    assert "Chia sẻ" not in page and "- ảnh 1" not in page
    # header
    for s in ("Tác giả:</b> Minh Anh", "Nguồn:</b> PNTĐ", "Ngày đăng:</b> 13/03/2024"):
        assert s in page
    # ids unique, legend present
    assert len(doc.ids) == len(set(doc.ids))
    assert 'class="legend"' in page


def test_report_escapes_article_text(tmp_path):
    page = _report(tmp_path, _kb(tmp_path, make_record(HOSTILE)))
    _parse(page)
    assert "<script" not in page.lower()  # neither injected nor our own: no JS at all
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;[bold]&lt;/b&gt; {{x}}" in page


def test_report_is_self_contained(tmp_path):
    page = _report(tmp_path, _kb(tmp_path, make_record()))
    doc = _parse(page)
    for tag, attrs in doc.tags:
        for k in ("src", "href", "srcset", "action"):
            v = attrs.get(k)
            assert v is None or v.startswith("#"), (tag, k, v)
        assert tag not in ("link", "script", "iframe", "img", "object")
    assert "url(" not in page and "@import" not in page


def test_report_many_articles_one_page(tmp_path):
    art = tmp_path / "bai.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    page = _report(tmp_path, art, _kb(tmp_path, make_record(), make_record(mismatch=False)))
    doc = _parse(page)
    assert page.count('<article class="rec"') == 3
    toc = page.split('class="toc"', 1)[1].split("</nav>", 1)[0]
    assert toc.count('<li><a href="#a') == 3
    assert {"a1", "a2", "a3"} <= set(doc.ids)
    # one summary banner above the contents, one banner in the article that mismatches
    assert page.count('class="mismatch"') == 2
    assert page.index("Số liệu không khớp trong 1 bài") < page.index('class="toc"')
    summary = page.split("Số liệu không khớp trong 1 bài", 1)[1].split("</div>", 1)[0]
    target = re.search(r'href="#([^"]+)"', summary).group(1)
    assert target in doc.ids and "Tổng không khớp" in summary


def test_report_without_mismatch_has_no_banner(tmp_path):
    page = _report(tmp_path, _kb(tmp_path, make_record(mismatch=False)))
    _parse(page)
    assert 'class="mismatch"' not in page and "Kiểm tra khớp (1)" in page
    empty = _report(tmp_path, _kb(tmp_path, make_record(facts=False), name="empty.jsonl"))
    _parse(empty)
    assert "Chưa có số liệu nào" in empty and "chưa có kết quả kiểm tra" in empty


def test_report_bad_inputs(tmp_path):
    missing = tmp_path / "khong-co.txt"
    res = runner.invoke(app, ["report", str(missing), "-o", str(tmp_path / "r.html")])
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "khong-co.txt" in res.stderr and not (tmp_path / "r.html").exists()
    # one good and one bad input: the page is written, the bad one is listed, exit 1
    page = _report(tmp_path, _kb(tmp_path, make_record()), missing, code=1)
    assert "Không đọc được (1)" in page and "khong-co.txt" in page


def test_render_report_api_escapes_title():
    page = render_report([make_record()], title="<b>Tuần</b> & tin")
    assert "<title>&lt;b&gt;Tuần&lt;/b&gt; &amp; tin — pntd-extract</title>" in page
    assert MISMATCH_MESSAGE in page  # the check's own message is kept under the headline


def test_seed_report_renders(tmp_path):
    """The seed article end to end (extraction + report): the mismatch banner and the teasers."""
    page = _report(tmp_path, SEED)
    doc = _parse(page)
    assert "Hội LHPN quận Bắc Từ Liêm" in page and len(doc.ids) == len(set(doc.ids))
    assert "Vụ bác sĩ sát hại người tình" in page.split('<div class="related"', 1)[1]  # teaser kept apart
    text_part = page.split('<div class="text">', 1)[1].split('<div class="related"', 1)[0]
    assert "Vụ bác sĩ sát hại" not in text_part
    assert "73.640.000" in page.split('<div class="text">', 1)[0]  # the mismatch is above the text


def test_screenshot_script_skips_cleanly_without_chromium(tmp_path, monkeypatch, capsys):
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_report.py"
    spec = importlib.util.spec_from_file_location("screenshot_report", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod.shutil, "which", lambda name: None)
    html_out, png = tmp_path / "r.html", tmp_path / "r.png"
    rc = mod.main([str(_kb(tmp_path, make_record())), "--html", str(html_out), "--png", str(png)])
    assert rc == 0 and html_out.exists() and not png.exists()
    assert "skip: no Chromium found" in capsys.readouterr().err


def test_report_is_reproducible():
    """Two renders of the same records are byte-identical (no timestamp in the page)."""
    assert render_report([make_record()]) == render_report([make_record()])
