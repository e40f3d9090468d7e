"""The article in the terminal (``pntd-extract show``), rendered with rich.

Layout: a header (title, author, source, date), a one-line alert when checks mismatch, a
legend, the text with facts highlighted by type (background colours; roles underlined;
captions marked, teasers listed apart), the figures table (Vietnamese-formatted values),
dates, the entity summary, and the check results (mismatches in a red panel).

When the output is not a colour terminal (piped, ``NO_COLOR``, ``--no-color``) nothing is
styled and facts are bracketed inline instead: ``[Hội LHPN quận [Bắc Từ Liêm|LOC]|ORG]``.
All article text goes through :class:`rich.text.Text`, never through rich markup, so
brackets in an article print as written.

Example::

    >>> from io import StringIO
    >>> from rich.console import Console
    >>> from pntd_extract import extract
    >>> buf = StringIO()
    >>> render_record(extract("Tiêu đề\\n\\nBà Lan trao 15 triệu đồng."), Console(file=buf, width=100))
    >>> "Tiêu đề" in buf.getvalue()
    True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..schema import KBRecord
from .common import (
    CHECK_KIND_VI, KINDS, Mark, Node, check_headline, checks_by_status, entity_summary, fact_marks,
    figure_rows, grouped_dates, iso_date_vi, mismatch_figures, nest, paragraphs,
)

__all__ = ["render_record", "STYLES", "is_plain"]

STYLES = {
    "person": "black on #ffb3c1",
    "org": "black on #a9c5ff",
    "loc": "black on #b7eb8f",
    "programme": "black on #d3adf7",
    "money": "bold black on #ffd43b",
    "percent": "bold black on #ffa94d",
    "quantity": "bold black on #87e8de",
    "date": "black on #d9d9d9",
    "role": "underline",
    "check": "bold white on red",
    "checkzone": "bold red",
}
KIND_VI = {"money": "Tiền", "percent": "Tỷ lệ", "quantity": "Số lượng"}

#: record field (as typed after ``show --facts``) -> the mark kinds it shows
FIELD_MARKS = {
    "people": ("person",), "roles": ("role",), "organizations": ("org",), "locations": ("loc",),
    "programmes": ("programme",), "money": ("money",), "percentages": ("percent",),
    "quantities": ("quantity",), "dates": ("date",), "checks": ("check", "checkzone"),
}
FIELD_VI = {"people": "người", "organizations": "tổ chức", "locations": "địa danh", "roles": "chức danh",
            "money": "tiền", "percentages": "tỷ lệ", "quantities": "số lượng", "dates": "ngày",
            "programmes": "chương trình", "checks": "kiểm tra"}
_ENTITY_OF = {"person": "people", "org": "organizations", "loc": "locations", "programme": "programmes"}


@dataclass(frozen=True)
class ViewOptions:
    """What ``show`` prints of a record. ``facts``: record fields to show (``None``: all;
    names as in :data:`FIELD_MARKS`); ``text``: the highlighted article text;
    ``checks_only``: header + checks only; ``summary``: one screen-line block per record
    (header, fact counts, mismatches) instead of the full view.

    >>> sorted(ViewOptions.parse_facts("money, people"))
    ['money', 'people']
    """

    facts: Optional[frozenset] = None
    text: bool = True
    checks_only: bool = False
    summary: bool = False

    @staticmethod
    def parse_facts(value: Optional[str]) -> Optional[frozenset]:
        """``"money,people"`` -> the field set; raises ``ValueError`` naming an unknown field."""
        if not value:
            return None
        names = frozenset(x.strip() for x in value.split(",") if x.strip())
        bad = sorted(names - set(FIELD_MARKS))
        if bad:
            raise ValueError(f"unknown field(s) {', '.join(bad)} (expected some of {', '.join(FIELD_MARKS)})")
        return names

    def shows(self, field: str) -> bool:
        return self.facts is None or field in self.facts

    def mark_kinds(self) -> Optional[set]:
        if self.facts is None:
            return None
        return {k for f in self.facts for k in FIELD_MARKS[f]}
LEGEND_ORDER = ("person", "role", "org", "loc", "programme", "money", "percent", "quantity", "date", "check")


def is_plain(console: Console) -> bool:
    """True when ``console`` cannot show colour (piped, dumb terminal, NO_COLOR)."""
    return console.no_color or console.color_system is None or not console.is_terminal


def _plain_node(text: str, node: Node, out: Text) -> None:
    pos = node.start
    for ch in node.children:
        if ch.start > pos:
            out.append(text[pos:ch.start])
        if ch.mark.kind == "checkzone":  # a whole sentence: brackets would drown the figures
            _plain_node(text, ch, out)
        else:
            out.append("[")
            _plain_node(text, ch, out)
            out.append(f"|{ch.mark.label}]")
        pos = ch.end
    if pos < node.end:
        out.append(text[pos:node.end])


def _styled(text: str, s: int, e: int, marks: Sequence[Mark], plain: bool) -> Text:
    if plain:
        out = Text()
        _plain_node(text, nest(marks, s, e), out)
        return out
    out = Text(text[s:e])
    # outer marks first: inner styles (a location inside an organisation) win; mismatched
    # figures last, so that their red always shows
    for m in sorted(marks, key=lambda m: (m.kind == "check", -(min(m.end, e) - max(m.start, s)), m.start)):
        a, b = max(m.start, s), min(m.end, e)
        if a < b:
            out.stylize(STYLES[m.kind], a - s, b - s)
    return out


def _header(rec: KBRecord) -> Text:
    a = rec.article
    t = Text()
    t.append(a.title or a.path or a.id, style="bold")
    t.append("\n")
    bits = []
    if a.author:
        bits.append(("Tác giả: ", a.author))
    if a.source:
        bits.append(("Nguồn: ", a.source))
    if a.published:
        bits.append(("Ngày đăng: ", iso_date_vi(a.published) + (" (suy ra)" if a.published_inferred else "")))
    bits.append(("Mã: ", a.id))
    if a.url or a.path:
        bits.append(("", a.url or a.path or ""))
    for i, (k, v) in enumerate(bits):
        if i:
            t.append("  ·  ", style="dim")
        t.append(k, style="dim")
        t.append(v)
    return t


def _legend(plain: bool) -> Text:
    t = Text("Chú giải: ", style="bold")
    for k in LEGEND_ORDER:
        lab, vi, _ = KINDS[k]
        if plain:
            t.append(f"[{vi}|{lab}] ")
        else:
            t.append(f" {vi} ", style=STYLES[k])
            t.append(" ")
    if plain:
        t.append("([văn bản|NHÃN] = một dữ kiện)")
    return t


def _body(rec: KBRecord, marks: Sequence[Mark], plain: bool) -> list:
    text = rec.article.text
    out: list = []
    for para in paragraphs(rec):
        if para.kind in ("related", "byline", "dropped"):
            continue
        line = Text()
        for kind, s, e in para.parts:
            if kind in ("dropped", "byline", "related"):
                continue
            if kind == "dateline":
                line.append(text[s:e], style="dim")
                continue
            line.append_text(_styled(text, s, e, marks, plain))
        if not line.plain.strip():
            continue
        if para.kind == "caption":
            cap = Text("[Ảnh] " if plain else "📷 Ảnh: ", style="bold dim")
            cap.append_text(line)
            cap.stylize("italic")
            line = cap
        elif para.kind == "title":
            line.stylize("bold")
        out.append(line)
        out.append(Text(""))
    return out


def _figures(rec: KBRecord, plain: bool, width: int, kinds=None) -> Table | Text:
    rows = [r for r in figure_rows(rec) if kinds is None or r.kind in kinds]
    if not rows:
        return Text("Bảng số liệu: chưa có số liệu nào được trích xuất.", style="dim italic")
    text = rec.article.text
    tbl = Table(title=Text(f"Bảng số liệu ({len(rows)})", style="bold"), box=box.SIMPLE_HEAVY if not plain else box.ASCII,
                show_lines=False, expand=True, title_justify="left")
    tbl.add_column("#", justify="right", no_wrap=True)
    tbl.add_column("Loại", no_wrap=True)
    tbl.add_column("Giá trị", justify="right", no_wrap=True)
    # one line per figure: long cells end in an ellipsis instead of wrapping the row
    tbl.add_column("Đếm gì / tiền tệ / đơn vị", ratio=2, no_wrap=True, overflow="ellipsis")
    tbl.add_column("Hạn định", no_wrap=True)
    tbl.add_column("Chương trình", ratio=1, no_wrap=True, overflow="ellipsis")
    tbl.add_column("Câu", ratio=5, no_wrap=True, overflow="ellipsis")
    lead = max(12, (width or 120) // 6)  # context kept before the figure, so it stays in view
    for i, r in enumerate(rows, 1):
        pre, post = text[r.sent_start:r.start], text[r.end:r.sent_end]
        pre, post = " ".join(pre.split()), " ".join(post.split())
        if r.sent_start < r.start and text[r.start - 1].isspace():
            pre += " "
        if len(pre) > lead:
            pre = "…" + pre[-lead:].lstrip()
        if len(post) > 110:
            post = post[:100].rstrip() + "…"
        sent = Text(pre)
        sent.append(text[r.start:r.end], style="bold reverse" if not plain else "")
        if plain:
            sent = Text(f"{pre}[{text[r.start:r.end]}]")
        sent.append(post)
        value_style = ("bold white on red" if r.bad else "bold") if not plain else ""
        tbl.add_row(Text(f"{i}" + (" ≠" if r.bad else ""), style="bold red" if r.bad and not plain else ""),
                    Text(KIND_VI[r.kind], style="" if plain else STYLES[r.kind]),
                    Text(r.value + (" ≠" if r.bad else ""), style=value_style), Text(r.what), Text(r.qualifier),
                    Text(r.programme), sent)
    return tbl


def _dates(rec: KBRecord, plain: bool):
    rows = grouped_dates(rec)
    if not rows:
        return None
    n = sum(r[4] for r in rows)
    tbl = Table(title=Text(f"Ngày tháng ({n})", style="bold"), box=box.SIMPLE if not plain else box.ASCII,
                title_justify="left")
    tbl.add_column("Trong bài")
    tbl.add_column("Đọc là")
    tbl.add_column("ISO")
    tbl.add_column("Số lần", justify="right")
    for _, t, reading, iso, count in rows:
        tbl.add_row(Text(t), Text(reading), Text(iso), Text(str(count)))
    return tbl


def _entities(rec: KBRecord, plain: bool, opts: Optional[ViewOptions] = None) -> Text:
    summ = entity_summary(rec)
    t = Text()
    heads = {"person": "Người", "org": "Tổ chức", "loc": "Địa danh", "programme": "Chương trình"}
    for k, head in heads.items():
        if opts is not None and not opts.shows(_ENTITY_OF[k]):
            continue
        t.append(f"{head} ({len(summ[k])})", style="bold")
        if not summ[k]:
            t.append(": (chưa có)\n", style="dim")
            continue
        t.append(":\n")
        for name, details in summ[k]:
            t.append("  · ")
            t.append(name, style="" if plain else STYLES[k if k != "programme" else "programme"])
            if details:
                t.append(f" — {details}", style="dim")
            t.append("\n")
    return t


def _checks(rec: KBRecord, plain: bool) -> list:
    groups = checks_by_status(rec)
    out: list = [Text("Kiểm tra số liệu", style="bold")]
    d = rec.model_dump(mode="json")
    text = rec.article.text
    for c in groups["mismatch"]:
        msg = Text(("!!! " if plain else "✗ ") + check_headline(c), style="bold")
        if c.get("message") and c["message"] != check_headline(c):
            msg.append(f"\n{c['message']}", style="")
        figs = [text[a:b] for a, b in mismatch_figures(d, c)]
        if not figs:
            figs = [sp["text"] if len(sp["text"]) <= 90 else sp["text"][:80] + "…" for sp in c.get("spans") or []]
        if figs:
            msg.append("\nTrong bài: " + ", ".join(f"“{f}”" for f in figs), style="")
        out.append(Panel(msg, title=Text(f"KIỂM TRA KHÔNG KHỚP · {CHECK_KIND_VI.get(c.get('kind'), c.get('kind'))}"), title_align="left",
                         border_style="bold red", style="bold white on dark_red" if not plain else "",
                         box=box.HEAVY if not plain else box.ASCII))
    for c in groups["consistent"]:
        out.append(Text(("[khớp] " if plain else "✓ ") + check_headline(c), style="green"))
    for c in groups.get("info", []):
        out.append(Text(("[thông tin] " if plain else "ℹ ") + check_headline(c), style="dim"))
    if len(out) == 1:
        out.append(Text("Không có kết quả kiểm tra số liệu cho bài này.", style="dim"))
    if rec.warnings:
        out.append(Text(f"Cảnh báo của bộ trích xuất ({len(rec.warnings)}):", style="yellow"))
        for w in rec.warnings:
            out.append(Text(f"  - {w}", style="yellow"))
    return out


def render_summary(rec: KBRecord, console: Console) -> None:
    """Print a short block for one record: header, fact counts per field, mismatches."""
    from ..schema import FACT_FIELDS

    plain = is_plain(console)
    console.print(_header(rec))
    counts = " · ".join(f"{len(getattr(rec, f))} {FIELD_VI.get(f, f)}" for f in FACT_FIELDS)
    console.print(Text(counts, style="dim" if not plain else ""))
    for c in checks_by_status(rec)["mismatch"]:
        console.print(Text(("!!! " if plain else "✗ ") + check_headline(c), style="bold red" if not plain else ""))
    console.rule(style="dim" if not plain else "", characters="-" if plain else "─")


def render_record(rec: KBRecord, console: Console, options: Optional[ViewOptions] = None) -> None:
    """Print one record on ``console`` (see the module docstring for the layout), as much of
    it as ``options`` asks (:class:`ViewOptions`; default: everything)."""
    opts = options or ViewOptions()
    if opts.summary:
        render_summary(rec, console)
        return
    plain = is_plain(console)
    kinds = opts.mark_kinds()
    marks = [m for m in fact_marks(rec) if kinds is None or m.kind in kinds]
    n_bad = len(checks_by_status(rec)["mismatch"])
    rule_style = "dim" if not plain else ""
    console.rule(style=rule_style, characters="=" if plain else "━")
    console.print(_header(rec))
    if n_bad:
        where = "xem mục “Kiểm tra số liệu” ở cuối" if opts.shows("checks") else "thêm checks vào --facts để xem"
        console.print(Text(f"⚠ {n_bad} kiểm tra KHÔNG KHỚP — {where}",
                           style="bold white on red" if not plain else ""))
    if opts.checks_only:
        console.print(Group(*_checks(rec, plain)))
        return
    if opts.text:
        console.print(_legend(plain), soft_wrap=plain)
        console.rule(style=rule_style, characters="-" if plain else "─")
        for item in _body(rec, marks, plain):
            console.print(item, soft_wrap=plain)
    if opts.text and rec.article.related:
        t = Text(f"Tin liên quan ({len(rec.article.related)}) — không thuộc bài, không trích xuất:\n", style="dim")
        for r in rec.article.related:
            t.append(f"  · {r}\n", style="dim")
        console.print(t)
    fig_kinds = {k for f in ("money", "percentages", "quantities") if opts.shows(f) for k in FIELD_MARKS[f]}
    if fig_kinds:
        console.print(_figures(rec, plain, console.width, fig_kinds))
    d = _dates(rec, plain) if opts.shows("dates") else None
    if d is not None:
        console.print(d)
    ents = _entities(rec, plain, opts)
    if ents.plain:
        console.print(ents)
    if opts.shows("checks"):
        console.print(Group(*_checks(rec, plain)))
