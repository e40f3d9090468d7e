"""One self-contained HTML page for one or many KB records (``pntd-extract report``).

The page has inline CSS only: no script, no external font, image or stylesheet, so it opens
offline and in a mail attachment. Per article: a header (title, author, source, date), the
check results at the top (a red banner for every mismatch, linking to the figures it names),
the text with facts highlighted (nested ``<mark>`` elements; roles underlined; captions and
related teasers set apart), a figures table, dates and an entity summary.

All article text goes through :func:`html.escape`, attributes included, so an article holding
``<script>`` shows it as text.

Example::

    >>> from pntd_extract import extract
    >>> page = render_report([extract("Tiêu đề\\n\\nBà Lan trao 15 triệu đồng.")])
    >>> page.startswith("<!DOCTYPE html>")
    True
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Optional, Sequence

from ..schema import KBRecord
from .common import (
    CHECK_KIND_VI, KINDS, Mark, Node, check_headline, checks_by_status, entity_summary, grouped_dates,
    fact_marks, figure_rows, iso_date_vi, mismatch_figures, nest, paragraphs,
)

__all__ = ["render_report", "CSS"]

LEGEND_ORDER = ("person", "role", "org", "loc", "programme", "money", "percent", "quantity", "date")

CSS = """
:root{--fg:#1f1f1f;--muted:#6b6b6b;--line:#e3e3e3;--bad:#c41d1d;--ok:#237804}
*{box-sizing:border-box}
body{margin:0;background:#f4f4f2;color:var(--fg);font:16px/1.6 "Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:1.35em;margin:0 0 4px}
.sub{color:var(--muted);font-size:.9em}
a{color:#0b57a4}
.legend{position:sticky;top:0;z-index:5;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:14px 0;display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;font-size:.88em;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.legend b{margin-right:4px}
.toc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 16px;margin:12px 0}
.toc li{margin:2px 0}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.8em;font-weight:700;color:#fff;background:var(--bad);margin-left:6px}
.badge.ok{background:var(--ok)}
article.rec{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 26px 24px;margin:22px 0;box-shadow:0 1px 4px rgba(0,0,0,.05)}
article.rec>h2{font-size:1.45em;line-height:1.35;margin:4px 0 6px}
.meta{color:var(--muted);font-size:.9em;margin-bottom:12px}
.meta span{margin-right:14px;white-space:nowrap}
.meta b{color:#444;font-weight:600}
.mismatch{background:#fff1f0;border:3px solid var(--bad);border-left-width:12px;border-radius:8px;padding:10px 16px;margin:12px 0;color:#820014}
.mismatch .head{display:block;font-size:.78em;font-weight:800;letter-spacing:.06em;text-transform:uppercase;color:#fff;background:var(--bad);border-radius:4px;padding:1px 8px;width:max-content;margin-bottom:6px}
.mismatch .msg{font-size:1.18em;font-weight:700;line-height:1.45}
.mismatch .where{font-size:.88em;margin-top:4px}
.checks-ok{background:#f6ffed;border:1px solid #b7eb8f;border-radius:8px;padding:6px 14px;margin:10px 0;font-size:.92em;color:#135200}
.checks-ok ul,.checks-info ul{margin:4px 0;padding-left:20px}
.checks-info{background:#fafafa;border:1px solid var(--line);border-radius:8px;padding:6px 14px;margin:10px 0;font-size:.9em;color:#444}
.nochecks{color:var(--muted);font-size:.9em;margin:8px 0}
.warn{background:#fffbe6;border:1px solid #ffe58f;border-radius:8px;padding:6px 14px;font-size:.85em;color:#614700;margin:10px 0}
.warn ul{margin:2px 0;padding-left:20px}
h3{font-size:1.08em;margin:22px 0 8px;border-bottom:2px solid var(--line);padding-bottom:3px}
.text p{margin:0 0 .85em}
.text p.title-line{font-weight:700;font-size:1.08em}
.text p.caption{font-style:italic;color:#3b3b3b;border-left:4px solid #bfbfbf;padding:2px 0 2px 10px;font-size:.95em}
.text p.caption::before{content:"Chú thích ảnh";font-style:normal;font-size:.68em;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:#fff;background:#8c8c8c;border-radius:3px;padding:1px 6px;margin-right:8px;vertical-align:2px}
.dl{color:var(--muted);font-variant:small-caps}
mark.f{color:inherit;border-radius:4px;padding:1px 3px;box-decoration-break:clone;-webkit-box-decoration-break:clone;line-height:1.9}
mark.f[data-l]::after{content:attr(data-l);font:700 .58em/1 "DejaVu Sans Mono",monospace;margin-left:4px;padding:1px 3px;border-radius:3px;background:rgba(255,255,255,.7);color:#333;vertical-align:1px}
mark.f.cont::after,mark.f.role::after,mark.f.checkzone::after{content:none}
mark.person{background:#ffd3dc;border:1px solid #f08aa0}
mark.org{background:#d6e4ff;border:1px solid #85a5ff}
mark.loc{background:#d9f7be;border:1px solid #95de64}
mark.programme{background:#efdbff;border:1px solid #b37feb}
mark.money{background:#ffe066;border:1px solid #d4a106;font-weight:700}
mark.percent{background:#ffc58a;border:1px solid #e8862c;font-weight:700}
mark.quantity{background:#b5f5ec;border:1px solid #36cfc9;font-weight:600}
mark.date{background:#e6e6e6;border:1px solid #a6a6a6}
mark.role{background:transparent;border:none;border-bottom:3px solid #8b5a2b;border-radius:0;padding:0 0 5px}
mark.check{background:transparent;outline:3px solid var(--bad);outline-offset:1px;border-radius:3px;padding:0}
mark.f.check[data-l]::after{background:var(--bad);color:#fff;font-size:.75em;padding:1px 4px}
mark.checkzone{background:#ffe4e4;border:none;border-bottom:2px dotted var(--bad);border-radius:0;padding:0}
.legend mark.f{line-height:1.4}
table.figs{border-collapse:collapse;width:100%;font-size:.9em;table-layout:fixed}
table.figs.dates{table-layout:auto}
table.figs col.c-n{width:3.2em}table.figs col.c-k{width:6.5em}table.figs col.c-v{width:11em}table.figs col.c-w{width:13%}table.figs col.c-q{width:6.5em}table.figs col.c-p{width:14%}
table.figs th{background:#fafafa;text-align:left;border-bottom:2px solid var(--line);padding:5px 7px;font-weight:700;vertical-align:bottom}
table.figs td{border-bottom:1px solid var(--line);padding:5px 7px;vertical-align:top}
table.figs td.num{font-weight:700;white-space:nowrap;font-variant-numeric:tabular-nums}
table.figs td.sent{color:#444;font-size:.93em}
table.figs td{overflow-wrap:anywhere}
table.figs td.sent mark{background:#fff3b0;font-weight:700;color:#000;border-radius:3px;padding:0 2px}
table.figs tr.bad td{background:#fff1f0}
table.figs tr.bad td.num{color:var(--bad)}
.kind{display:inline-block;white-space:nowrap;font-weight:700;font-size:.78em;line-height:1.5;border-radius:3px;padding:0 5px}
.kind.money{background:#ffe066}.kind.percent{background:#ffc58a}.kind.quantity{background:#b5f5ec}.kind.date{background:#e6e6e6}
.ents{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:10px 18px;font-size:.9em}
.ents h4{margin:0 0 4px;font-size:.95em}
.ents ul{margin:0;padding-left:18px}
.ents li span{color:var(--muted)}
.empty{color:var(--muted);font-style:italic;font-size:.9em}
.related{background:#f5f5f5;border:1px dashed #bfbfbf;border-radius:8px;padding:6px 14px;margin-top:18px;color:#8c8c8c;font-size:.88em}
.related h4{margin:2px 0;font-size:.95em;color:#8c8c8c}
.related ul{margin:2px 0;padding-left:20px}
footer{color:var(--muted);font-size:.8em;text-align:center;margin-top:30px}
@media print{body{background:#fff}.legend{position:static}article.rec{box-shadow:none;border:none;break-before:page}mark.f{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def _mark_open(m: Mark, cont: bool) -> str:
    cls = f"f {m.kind}" + (" cont" if cont else "")
    ident = f' id="{_e(m.anchor)}"' if m.anchor and not cont else ""
    return f'<mark class="{cls}"{ident} data-l="{_e(m.label)}" title="{_e(m.title)}">'


def _render_node(text: str, node: Node, prefix: str) -> str:
    out: list[str] = []
    pos = node.start
    for ch in node.children:
        if ch.start > pos:
            out.append(_e(text[pos:ch.start]))
        m = ch.mark
        anchored = Mark(m.start, m.end, m.kind, m.title, f"{prefix}-{m.anchor}" if m.anchor else None, m.bad)
        out.append(_mark_open(anchored, ch.cont) + _render_node(text, ch, prefix) + "</mark>")
        pos = ch.end
    if pos < node.end:
        out.append(_e(text[pos:node.end]))
    return "".join(out)


def _legend() -> str:
    items = []
    for k in LEGEND_ORDER:
        lab, vi, en = KINDS[k]
        sample = f'<mark class="f {k}" data-l="{_e(lab)}" title="{_e(en)}">{_e(vi)}</mark>'
        items.append(sample)
    bad = f'<mark class="f check" data-l="≠" title="Figure named by a mismatched check">{_e("Số không khớp")}</mark>'
    return ('<div class="legend" title="Legend: highlight colours by fact type"><b>Chú giải:</b>'
            + " ".join(items) + " " + bad + "</div>")


def _title_html(rec: KBRecord, marks: Sequence[Mark], prefix: str) -> str:
    """The title, highlighted when it is the article's title line (facts can sit in it)."""
    a = rec.article
    for sec in a.sections:
        kind = sec.kind if isinstance(sec.kind, str) else sec.kind.value
        if kind == "title" and (a.title is None or a.text[sec.start:sec.end].strip() == a.title.strip()):
            return _render_node(a.text, nest(marks, sec.start, sec.end), prefix)
    return _e(a.title or a.path or a.id)


def _header(rec: KBRecord, n_bad: int, title_html: str) -> str:
    a = rec.article
    bits = []
    if a.author:
        bits.append(f'<span title="Author"><b>Tác giả:</b> {_e(a.author)}</span>')
    if a.source:
        bits.append(f'<span title="Source"><b>Nguồn:</b> {_e(a.source)}</span>')
    if a.published:
        inf = " (suy ra)" if a.published_inferred else ""
        bits.append(f'<span title="Published{" (inferred)" if inf else ""}"><b>Ngày đăng:</b> {_e(iso_date_vi(a.published))}{inf}</span>')
    if a.url:
        bits.append(f'<span title="URL"><b>URL:</b> {_e(a.url)}</span>')
    elif a.path:
        bits.append(f'<span title="Input file"><b>Tệp:</b> {_e(a.path)}</span>')
    bits.append(f'<span title="Article id"><b>Mã:</b> {_e(a.id)}</span>')
    badge = f'<span class="badge" title="{n_bad} mismatched check(s)">{n_bad} không khớp</span>' if n_bad else ""
    return f'<h2 title="Title">{title_html}{badge}</h2><div class="meta">{" ".join(bits)}</div>'


def _checks(rec: KBRecord, prefix: str) -> str:
    groups = checks_by_status(rec)
    out: list[str] = []
    for c in groups["mismatch"]:
        orig = ""
        if c.get("message") and c["message"] != check_headline(c):
            orig = f'<div class="where" title="Message of the check (English)">{_e(c["message"])}</div>'
        d = rec.model_dump(mode="json")
        figs = mismatch_figures(d, c)
        text = rec.article.text
        quoted = [text[a:b] for a, b in figs] or [
            (sp["text"] if len(sp["text"]) <= 90 else sp["text"][:80].rstrip() + "…") for sp in c.get("spans") or []]
        where = ""
        if quoted:
            links = ", ".join(
                f'<a href="#{_e(prefix)}-c{c["index"]}{"" if j == 0 else f"-{j}"}" title="Go to the figure in the text">“{_e(q)}”</a>'
                if (figs or j == 0) else f"“{_e(q)}”"
                for j, q in enumerate(quoted)
            )
            where = f'<div class="where">Trong bài: {links}</div>'
        out.append(
            f'<div class="mismatch" role="alert" title="Check mismatch: {_e(c.get("kind"))}">'
            f'<span class="head" title="Check kind: {_e(c.get("kind"))}">⚠ Kiểm tra không khớp · {_e(CHECK_KIND_VI.get(c.get("kind"), c.get("kind")))}</span>'
            f'<div class="msg">{_e(check_headline(c))}</div>{orig}{where}</div>'
        )
    if groups["consistent"]:
        items = "".join(f'<li title="{_e(c.get("message"))}">✓ {_e(check_headline(c))}</li>' for c in groups["consistent"])
        out.append(f'<div class="checks-ok" title="Consistent checks"><b>Kiểm tra khớp ({len(groups["consistent"])})</b><ul>{items}</ul></div>')
    if groups.get("info"):
        items = "".join(f'<li title="{_e(c.get("message"))}">{_e(check_headline(c))}</li>' for c in groups["info"])
        out.append(f'<div class="checks-info" title="Informational checks"><b>Thông tin ({len(groups["info"])})</b><ul>{items}</ul></div>')
    if not out:
        out.append('<p class="nochecks" title="No checks in this record">Không có kết quả kiểm tra số liệu cho bài này.</p>')
    if rec.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in rec.warnings)
        out.append(f'<div class="warn" title="Extractor warnings"><b>Cảnh báo của bộ trích xuất ({len(rec.warnings)})</b><ul>{items}</ul></div>')
    return "".join(out)


def _text(rec: KBRecord, marks: Sequence[Mark], prefix: str) -> str:
    text = rec.article.text
    out: list[str] = []
    for para in paragraphs(rec):
        if para.kind in ("related", "byline", "dropped", "title"):
            continue
        inner: list[str] = []
        for kind, s, e in para.parts:
            if kind in ("dropped", "byline", "related"):
                continue
            if kind == "dateline":
                inner.append(f'<span class="dl" title="Dateline">{_e(text[s:e])}</span>')
                continue
            inner.append(_render_node(text, nest(marks, s, e), prefix))
        if not inner:
            continue
        cls = {"title": "title-line", "caption": "caption"}.get(para.kind, "")
        tip = {"title": "Title line", "caption": "Photo caption"}.get(para.kind, "")
        attrs = (f' class="{cls}"' if cls else "") + (f' title="{tip}"' if tip else "")
        out.append(f"<p{attrs}>{''.join(inner)}</p>")
    if not out:
        out.append('<p class="empty">(Bài không có nội dung.)</p>')
    return '<div class="text">' + "\n".join(out) + "</div>"


def _sentence_cell(text: str, r) -> str:
    s, e, fs, fe = r.sent_start, r.sent_end, r.start, r.end
    pre, post = text[s:fs], text[fe:e]
    if len(pre) > 130:
        pre = "…" + pre[-120:].lstrip()
    if len(post) > 130:
        post = post[:120].rstrip() + "…"
    return f"{_e(pre)}<mark>{_e(text[fs:fe])}</mark>{_e(post)}"


def _figures(rec: KBRecord, prefix: str) -> str:
    rows = figure_rows(rec)
    if not rows:
        return '<h3 title="Figures">Bảng số liệu</h3><p class="empty">Chưa có số liệu nào được trích xuất.</p>'
    text = rec.article.text
    kind_vi = {"money": "Tiền", "percent": "Tỷ lệ", "quantity": "Số lượng"}
    body = []
    for i, r in enumerate(rows, 1):
        cls = ' class="bad" title="Named by a mismatched check"' if r.bad else ""
        body.append(
            f"<tr{cls}><td><a href=\"#{_e(prefix)}-{_e(r.anchor)}\" title=\"Go to the figure in the text\">{i}</a></td>"
            f'<td><span class="kind {r.kind}" title="{_e(KINDS[r.kind][2])}">{_e(kind_vi[r.kind])}</span></td>'
            f'<td class="num" title="{_e(r.text)}">{_e(r.value)}</td><td>{_e(r.what)}</td>'
            f"<td>{_e(r.qualifier)}</td><td>{_e(r.programme)}</td><td class=\"sent\">{_sentence_cell(text, r)}</td></tr>"
        )
    head = ("<tr><th>#</th><th title=\"Type\">Loại</th><th title=\"Value\">Giá trị</th>"
            "<th title=\"What it counts / currency / unit\">Đếm gì / tiền tệ / đơn vị</th>"
            "<th title=\"Qualifier\">Hạn định</th><th title=\"Programme\">Chương trình</th>"
            "<th title=\"Sentence\">Câu</th></tr>")
    return (f'<h3 title="Figures">Bảng số liệu ({len(rows)})</h3>'
            '<table class="figs"><colgroup><col class="c-n"><col class="c-k"><col class="c-v"><col class="c-w">'
            '<col class="c-q"><col class="c-p"><col></colgroup>'
            f'{head}{"".join(body)}</table>')


def _dates(rec: KBRecord, prefix: str) -> str:
    rows = grouped_dates(rec)
    if not rows:
        return ""
    n = sum(r[4] for r in rows)
    items = "".join(
        f'<tr><td><a href="#{_e(prefix)}-f-date-{i}" title="Go to the first mention">{_e(t)}</a></td>'
        f'<td class="num">{_e(reading)}</td><td>{_e(iso)}</td><td>{count}</td></tr>'
        for i, t, reading, iso, count in rows
    )
    return (f'<h3 title="Dates">Ngày tháng ({n})</h3><table class="figs dates">'
            '<tr><th title="As written">Trong bài</th><th title="Reading">Đọc là</th><th title="ISO value">ISO</th>'
            f'<th title="Times written">Số lần</th></tr>{items}</table>')


def _entities(rec: KBRecord) -> str:
    summ = entity_summary(rec)
    blocks = []
    heads = {"person": "Người", "org": "Tổ chức", "loc": "Địa danh", "programme": "Chương trình"}
    for k, head in heads.items():
        items = summ[k]
        if items:
            lis = "".join(f"<li>{_e(n)} <span>— {_e(d)}</span></li>" for n, d in items)
            inner = f"<ul>{lis}</ul>"
        else:
            inner = '<p class="empty">(chưa có)</p>'
        blocks.append(f'<div><h4 title="{_e(KINDS[k][2])}"><span class="kind" style="background:transparent">{_e(KINDS[k][0])}</span> {head} ({len(items)})</h4>{inner}</div>')
    return '<h3 title="Entities">Người, tổ chức, địa danh, chương trình</h3><div class="ents">' + "".join(blocks) + "</div>"


def _related(rec: KBRecord) -> str:
    rel = rec.article.related
    if not rel:
        return ""
    lis = "".join(f"<li>{_e(t)}</li>" for t in rel)
    return ('<div class="related" title="Related-news teasers: not part of the article, not extracted">'
            f"<h4>Tin liên quan ({len(rel)}) — không thuộc nội dung bài, không được trích xuất</h4><ul>{lis}</ul></div>")


def render_article(rec: KBRecord, index: int = 1) -> str:
    """The ``<article>`` block of one record (anchors prefixed ``a{index}``)."""
    prefix = f"a{index}"
    marks = fact_marks(rec)
    n_bad = len(checks_by_status(rec)["mismatch"])
    return (
        f'<article class="rec" id="{prefix}">'
        + _header(rec, n_bad, _title_html(rec, marks, prefix))
        + _checks(rec, prefix)
        + '<h3 title="Article text with facts highlighted">Nội dung bài</h3>'
        + _text(rec, marks, prefix)
        + _related(rec)
        + _figures(rec, prefix)
        + _dates(rec, prefix)
        + _entities(rec)
        + "</article>"
    )


def render_report(records: Iterable[KBRecord], *, title: Optional[str] = None, errors: Sequence[str] = ()) -> str:
    """The whole HTML page (a ``str``) for ``records``; ``errors`` are one-line input problems
    listed at the top. Raises nothing for odd records (empty fields show as empty)."""
    from .. import __version__

    recs = list(records)
    n_bad = [len(checks_by_status(r)["mismatch"]) for r in recs]
    page_title = title or (recs[0].article.title if len(recs) == 1 and recs[0].article.title else "Báo cáo trích xuất")
    total_bad = sum(n_bad)
    n_checks = sum(len(r.checks) for r in recs)
    if total_bad:
        verdict = f'<span class="badge" title="Mismatched checks">{total_bad} kiểm tra không khớp</span>'
    elif n_checks:
        verdict = f'<span class="badge ok" title="All checks consistent or informational">{n_checks} kiểm tra, không có số liệu không khớp</span>'
    else:
        verdict = '<span class="badge" style="background:#8c8c8c" title="No checks in these records">chưa có kết quả kiểm tra</span>'
    summary = f"{len(recs)} bài · {verdict}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(page_title)} — pntd-extract</title>",
        f"<style>{CSS}</style></head><body><main>",
        f'<h1 title="pntd-extract report">{_e(page_title)}</h1>',
        f'<div class="sub" title="Summary">Báo cáo pntd-extract · {summary}</div>',
    ]
    if errors:
        lis = "".join(f"<li>{_e(e)}</li>" for e in errors)
        parts.append(f'<div class="warn" title="Inputs that could not be read"><b>Không đọc được ({len(errors)})</b><ul>{lis}</ul></div>')
    if len(recs) > 1 and total_bad:
        items = []
        for i, (r, b) in enumerate(zip(recs, n_bad), 1):
            for c in checks_by_status(r)["mismatch"] if b else []:
                items.append(f'<li><a href="#a{i}-c{c["index"]}">{_e(r.article.title or r.article.path or r.article.id)}</a>: '
                             f"<b>{_e(check_headline(c))}</b></li>")
        parts.append('<div class="mismatch" role="alert" title="All mismatched checks of this report">'
                     f'<span class="head">⚠ Số liệu không khớp trong {sum(1 for b in n_bad if b)} bài</span>'
                     f'<ul style="margin:4px 0;padding-left:20px">{"".join(items)}</ul></div>')
    if len(recs) > 1:
        lis = "".join(
            f'<li><a href="#a{i}">{_e(r.article.title or r.article.path or r.article.id)}</a>'
            + (f'<span class="badge">{b} không khớp</span>' if b else "") + "</li>"
            for i, (r, b) in enumerate(zip(recs, n_bad), 1)
        )
        parts.append(f'<nav class="toc" title="Contents"><b>Mục lục</b><ol>{lis}</ol></nav>')
    parts.append(_legend())
    for i, r in enumerate(recs, 1):
        parts.append(render_article(r, i))
    # no timestamp: the same records always give the same page (diffable, reproducible)
    parts.append(f'<footer title="Generated by">pntd-extract {_e(__version__)}</footer></main></body></html>')
    return "\n".join(parts)
