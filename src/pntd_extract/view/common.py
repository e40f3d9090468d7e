"""What the journalist's views show, independent of the medium (terminal or HTML).

* :func:`load_records` turns input paths into KB records: an article file (``.txt``, article
  JSON Lines, whatever :func:`pntd_extract.io.readers.iter_documents` reads) is extracted; a
  KB JSON Lines file written by ``pntd-extract extract`` (objects with an ``article`` key) is
  read and validated as it is.
* :func:`fact_marks` lists the highlighted stretches of ``article.text`` (people, roles,
  organisations, locations, money, percentages, quantities, dates, programmes, and the spans
  of mismatched checks); :func:`nest` turns overlapping marks into a properly nested tree.
* :func:`figure_rows` / :func:`date_rows` are the table rows; :func:`vn_number` formats
  numbers the Vietnamese way (``73640000`` -> ``73.640.000``, ``224.6`` -> ``224,6``).

Offsets are those of the record: 0-based, end-exclusive code points into ``article.text``.
Every field may be empty: the views show what the record holds.

Example::

    >>> vn_number(73640000), vn_number(224.6)
    ('73.640.000', '224,6')
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from ..dimension import DIMENSIONS
from ..io.base import ReadError
from ..io.kb import is_kb_file, read_kb
from ..schema import KBRecord

# kind -> (spaCy-style label, Vietnamese name, English name)
_VIEW_ORDER = ("person", "role", "org", "loc", "money", "percent", "quantity", "date", "programme", "check")
KINDS: dict[str, tuple[str, str, str]] = {
    **{k: (d.view_label, d.vi, d.en) for k in _VIEW_ORDER for d in DIMENSIONS if d.view_kind == k},
    "checkzone": ("", "Câu có số không khớp", "Sentence of a mismatched check"),
}
# outer first when two marks cover the same stretch
PRIORITY = {k: i for i, k in enumerate(("checkzone", "check", "role", "org", "programme", "loc", "person", "money", "percent", "quantity", "date"))}

QUALIFIER_VI = {
    "exact": "chính xác",
    "approx": "khoảng",
    "over": "trên / hơn",
    "under": "dưới / gần",
    "range": "từ … đến",
}
CHECK_KIND_VI = {"total": "tổng", "part": "phần trong tổng", "percentage": "tỷ lệ", "unit_value": "đơn giá", "raise": "nâng tổng"}
STATUS_VI = {"mismatch": "Không khớp", "consistent": "Khớp", "info": "Thông tin"}
CURRENCY_VI = {"VND": "đồng"}
LEVEL_TEXT_KINDS = ("title", "body", "caption", "dateline")


# ----------------------------------------------------------------------------- numbers
def vn_number(value: Any) -> str:
    """Format a number Vietnamese-style: ``.`` groups thousands, ``,`` is the decimal mark.

    Exact for ints; floats go through their shortest ``repr``. ``None`` -> ``""``.

    >>> vn_number(2581300000), vn_number(-1234.5), vn_number(0.25)
    ('2.581.300.000', '-1.234,5', '0,25')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not d.is_finite():
        return str(value)
    sign = "-" if d < 0 else ""
    d = abs(d)
    if d == d.to_integral_value():
        ip, fp = str(int(d)), ""
    else:
        s = format(d.normalize(), "f")
        ip, _, fp = s.partition(".")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    return sign + ".".join(groups) + ("," + fp if fp else "")


def _range(lo: Any, hi: Any) -> str:
    return vn_number(lo) if hi is None else f"{vn_number(lo)} – {vn_number(hi)}"


def money_text(m: dict) -> str:
    """``{"amount": 73640000, "currency": "VND"}`` -> ``"73.640.000 đồng"``."""
    cur = m.get("currency") or ""
    unit = CURRENCY_VI.get(cur, cur)
    out = f"{_range(m.get('amount'), m.get('amount_max'))} {unit}".strip()
    if m.get("per"):
        out += f" / {m['per']}"
    return out


def percent_text(p: dict) -> str:
    """``{"value": 224.6}`` -> ``"224,6%"``."""
    if p.get("value_max") is not None:
        return f"{vn_number(p.get('value'))}% – {vn_number(p['value_max'])}%"
    return f"{vn_number(p.get('value'))}%"


def quantity_text(q: dict) -> str:
    """``{"value": 4523, "unit": "m"}`` -> ``"4.523 m"``; a count shows what it counts."""
    out = _range(q.get("value"), q.get("value_max"))
    if q.get("unit"):
        out += f" {q['unit']}"
    return out


def date_text(d: dict) -> str:
    """ISO value at its grain -> Vietnamese reading order (``2024-01-09`` -> ``09/01/2024``)."""
    v = str(d.get("value") or "")
    grain = d.get("grain")
    parts = v.split("-")
    try:
        if grain == "day" and len(parts) == 3:
            out = f"{parts[2]}/{parts[1]}/{parts[0]}"
        elif grain == "month" and len(parts) == 2:
            out = f"{parts[1]}/{parts[0]}"
        elif grain == "quarter" and len(parts) == 2:
            out = f"quý {parts[1].lstrip('Qq')}/{parts[0]}"
        elif grain == "year":
            out = f"năm {v}"
        else:
            out = v
    except Exception:  # pragma: no cover - odd values are shown as written
        out = v
    if d.get("year_inferred"):
        out += " (năm suy ra)"
    return out


def iso_date_vi(value: Optional[str]) -> str:
    """``"2024-01-09"`` -> ``"09/01/2024"`` (other strings unchanged, None -> "")."""
    if not value:
        return ""
    p = value[:10].split("-")
    return f"{p[2]}/{p[1]}/{p[0]}" if len(p) == 3 else value


# ----------------------------------------------------------------------------- loading
# KB files are read by pntd_extract.io.kb (one reader for every command)
def load_records(
    inputs: Iterable[str],
    *,
    published: Optional[str] = None,
    encoding: Optional[str] = None,
) -> Iterator[Union[KBRecord, ReadError]]:
    """Records of every input, in order: KB files are read, other files are extracted.

    ``published`` (``YYYY-MM-DD``) is the reference date for articles without one.
    Never raises for a bad input: yields :class:`~pntd_extract.io.base.ReadError` (one line naming the file).
    """
    import os

    from ..io.readers import iter_documents, iter_inputs
    from ..pipeline import extract

    for path in iter_inputs(inputs):
        if isinstance(path, ReadError):
            yield path
            continue
        if path != "-" and not os.path.lexists(path):
            yield ReadError(path, path, "no such file")
            continue
        if path != "-" and os.path.isfile(path) and is_kb_file(path):
            yield from read_kb(path)
            continue
        for item in iter_documents([path], encoding=encoding):
            if isinstance(item, ReadError):
                yield item
                continue
            meta = dict(item.meta)
            if published and not meta.get("published"):
                meta["published"] = published
            try:
                yield extract(item.text, **meta)
            except Exception as exc:  # one bad article never kills the view
                yield ReadError(item.key, item.key, f"extraction failed: {type(exc).__name__}: {exc}")


# ----------------------------------------------------------------------------- marks
@dataclass
class Mark:
    """A highlighted stretch ``[start, end)`` of ``article.text``.

    ``kind`` is a key of :data:`KINDS`; ``title`` the tooltip (English name + details);
    ``anchor`` a stable id for links (``m12``); ``bad`` marks a figure named by a mismatch.
    """

    start: int
    end: int
    kind: str
    title: str = ""
    anchor: Optional[str] = None
    bad: bool = False

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]


def _dump(record: KBRecord) -> dict:
    return record.model_dump(mode="json")


def fact_marks(record: KBRecord) -> list[Mark]:
    """All highlight marks of ``record`` (any field may be empty), sorted by position."""
    d = _dump(record)
    marks: list[Mark] = []
    progs = {p["id"]: p for p in d["programmes"]}

    def prog_name(f: dict) -> str:
        p = progs.get(f.get("programme_id") or "")
        return f"; programme: {p['kind']} {p['name']}" if p else ""

    for p in d["people"]:
        extra = f" ({p['gender']})" if p.get("gender") else ""
        titles = f" [{', '.join(p['titles'])}]" if p.get("titles") else ""
        for m in p["mentions"]:
            marks.append(Mark(m["start"], m["end"], "person", f"Person / Người: {p['name']}{titles}{extra} · {p['id']}"))
    for i, r in enumerate(d["roles"]):
        sp = r["span"]
        org = f", {r['organization']}" if r.get("organization") else ""
        marks.append(Mark(sp["start"], sp["end"], "role", f"Role / Chức danh: {r['person']} — {r['title']}{org}", f"r{i}"))
    for o in d["organizations"]:
        exp = f" = {o['expanded']}" if o.get("expanded") and o["expanded"] != o["name"] else ""
        for m in o["mentions"]:
            marks.append(Mark(m["start"], m["end"], "org", f"Organisation / Tổ chức: {o['name']}{exp} · {o['id']}"))
    for loc in d["locations"]:
        lvl = f" ({loc['level']})" if loc.get("level") else ""
        can = f" = {loc['canonical']}" if loc.get("canonical") and loc["canonical"] != loc["name"] else ""
        for m in loc["mentions"]:
            marks.append(Mark(m["start"], m["end"], "loc", f"Location / Địa danh: {loc['name']}{lvl}{can} · {loc['id']}"))
    for p in d["programmes"]:
        num = f" (số {p['number']})" if p.get("number") else ""
        for m in p["mentions"]:
            marks.append(Mark(m["start"], m["end"], "programme", f"Programme / Chương trình: {p['kind']} “{p['name']}”{num} · {p['id']}"))
    for i, m in enumerate(d["money"]):
        q = m.get("qualifier") or "exact"
        marks.append(Mark(m["span"]["start"], m["span"]["end"], "money",
                          f"Money / Tiền: {money_text(m)} ({m.get('currency')}, {q}){prog_name(m)}", f"f-money-{i}"))
    for i, p in enumerate(d["percentages"]):
        q = p.get("qualifier") or "exact"
        marks.append(Mark(p["span"]["start"], p["span"]["end"], "percent",
                          f"Percentage / Tỷ lệ: {percent_text(p)} ({q}){prog_name(p)}", f"f-percent-{i}"))
    for i, qf in enumerate(d["quantities"]):
        q = qf.get("qualifier") or "exact"
        what = f" {qf['counted']}" if qf.get("counted") else ""
        marks.append(Mark(qf["span"]["start"], qf["span"]["end"], "quantity",
                          f"Quantity / Số lượng: {quantity_text(qf)}{what} ({q}){prog_name(qf)}", f"f-quantity-{i}"))
    for i, dt in enumerate(d["dates"]):
        marks.append(Mark(dt["span"]["start"], dt["span"]["end"], "date",
                          f"Date / Ngày tháng: {dt['value']} ({dt['grain']}{', year inferred' if dt.get('year_inferred') else ''})", f"f-date-{i}"))
    for ci, c in enumerate(d["checks"]):
        if c.get("status") != "mismatch":
            continue
        tip = f"Check mismatch / Không khớp: {check_headline(c)} — {c.get('message', '')}"
        figs = mismatch_figures(d, c)
        for j, (fs, fe) in enumerate(figs):
            marks.append(Mark(fs, fe, "check", tip, f"c{ci}" if j == 0 else f"c{ci}-{j}", bad=True))
        anchored = bool(figs)
        for sp in c.get("spans") or []:
            if (sp["start"], sp["end"]) not in figs:
                marks.append(Mark(sp["start"], sp["end"], "checkzone", tip, None if anchored else f"c{ci}", bad=True))
                anchored = True
    n = len(record.article.text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    marks.sort(key=lambda m: (m.start, -m.end, PRIORITY[m.kind]))
    return marks


@dataclass
class Node:
    """A node of the mark tree: ``mark`` None for the root; ``cont`` for the second and later
    pieces of a mark split because it crossed another one."""

    mark: Optional[Mark]
    start: int
    end: int
    children: list["Node"] = field(default_factory=list)
    cont: bool = False


def nest(marks: Iterable[Mark], start: int, end: int) -> Node:
    """Properly nested tree of ``marks`` clipped to ``[start, end)``.

    Marks that contain others become parents; a mark crossing the end of its parent is split
    in two (the second piece has ``cont=True``). Linear-logarithmic in the number of marks.

    >>> t = nest([Mark(0, 9, "org"), Mark(4, 9, "loc")], 0, 12)
    >>> [(c.mark.kind, [g.mark.kind for g in c.children]) for c in t.children]
    [('org', ['loc'])]
    """
    root = Node(None, start, end)
    heap: list = []
    seq = 0
    for m in marks:
        s, e = max(m.start, start), min(m.end, end)
        if s < e:
            heapq.heappush(heap, (s, -e, PRIORITY.get(m.kind, 99), seq, m, s != m.start))
            seq += 1
    stack = [root]
    while heap:
        s, neg_e, pr, _, m, cont = heapq.heappop(heap)
        e = -neg_e
        while len(stack) > 1 and stack[-1].end <= s:
            stack.pop()
        parent = stack[-1]
        if e > parent.end:  # crosses the parent's end: split
            seq += 1
            heapq.heappush(heap, (parent.end, -e, pr, seq, m, True))
            e = parent.end
        node = Node(m, s, e, cont=cont)
        parent.children.append(node)
        stack.append(node)
    return root


# ----------------------------------------------------------------------------- paragraphs
@dataclass
class Para:
    """A displayed line of the article: consecutive sections on one line, e.g. dateline + body."""

    kind: str  # title | body | caption | related | byline | dropped
    start: int
    end: int
    parts: list[tuple[str, int, int]]


def paragraphs(record: KBRecord) -> list[Para]:
    """Lines of ``article.text`` grouped from its sections (fallback: every non-blank line is
    body when the record has no sections)."""
    text = record.article.text
    secs = [(s.kind if isinstance(s.kind, str) else s.kind.value, s.start, s.end) for s in record.article.sections]
    if not secs:
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                secs.append(("body", pos, pos + len(line)))
            pos += len(line) + 1
    out: list[Para] = []
    for kind, s, e in secs:
        if out and "\n" not in text[out[-1].end:s] and out[-1].end <= s:
            para = out[-1]
            para.parts.append((kind, s, e))
            para.end = e
            if para.kind in ("dateline", "byline", "dropped") and kind in ("body", "caption"):
                para.kind = kind
            continue
        out.append(Para(kind, s, e, [(kind, s, e)]))
    return out


# ----------------------------------------------------------------------------- tables
def sentence_bounds(record: KBRecord) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets in the pipeline's numbering (``span.sentence``)."""
    from ..segment import split_sentences

    out: list[tuple[int, int]] = []
    for sec in record.article.sections:
        out.extend(split_sentences(record.article.text, sec.start, sec.end))
    return out


def sentence_of(record: KBRecord, span: dict, bounds: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence holding ``span`` (its index if given and consistent, else by offset)."""
    i = span.get("sentence")
    st, en = span["start"], span["end"]
    if i is not None and 0 <= i < len(bounds) and bounds[i][0] <= st <= bounds[i][1]:
        return bounds[i]
    for s, e in bounds:
        if s <= st < max(e, s + 1):
            return s, max(e, en)
    text = record.article.text
    s = text.rfind("\n", 0, st) + 1
    e = text.find("\n", en)
    return s, len(text) if e < 0 else e


@dataclass
class FigureRow:
    """One row of the figures table: ``kind`` (money|percent|quantity), the formatted value,
    what it counts (currency / unit / counted noun), qualifier, programme, and the sentence
    ``[sent_start, sent_end)`` holding the figure ``[start, end)``."""

    kind: str
    anchor: str
    text: str
    value: str
    what: str
    qualifier: str
    programme: str
    start: int
    end: int
    sent_start: int
    sent_end: int
    bad: bool = False


def figure_rows(record: KBRecord) -> list[FigureRow]:
    """Money, percentages and quantities of ``record`` in text order, formatted for reading."""
    d = _dump(record)
    bounds = sentence_bounds(record)
    progs = {p["id"]: p for p in d["programmes"]}
    bad = {fs for c in d["checks"] if c.get("status") == "mismatch" for fs in mismatch_figures(d, c)}
    rows: list[FigureRow] = []

    def prog(f: dict) -> str:
        p = progs.get(f.get("programme_id") or "")
        if not p:
            return ""
        num = f" {p['number']}" if p.get("number") and p["number"] not in p["name"] else ""
        return f"{p['kind']}{num} “{p['name']}”" if p.get("kind") else p["name"]

    def add(kind: str, i: int, f: dict, value: str, what: str) -> None:
        sp = f["span"]
        ss, se = sentence_of(record, sp, bounds)
        q = f.get("qualifier") or "exact"
        rows.append(FigureRow(kind, f"f-{kind}-{i}", f.get("text", sp["text"]), value, what,
                              QUALIFIER_VI.get(q, q), prog(f), sp["start"], sp["end"], ss, se,
                              (sp["start"], sp["end"]) in bad))

    for i, m in enumerate(d["money"]):
        cur = m.get("currency") or ""
        what = f"tiền ({cur})" + (f" / {m['per']}" if m.get("per") else "")
        add("money", i, m, money_text(m), what)
    for i, p in enumerate(d["percentages"]):
        add("percent", i, p, percent_text(p), "tỷ lệ (%)")
    for i, q in enumerate(d["quantities"]):
        bits = [b for b in (q.get("counted"), f"đơn vị: {q['unit']}" if q.get("unit") else None) if b]
        add("quantity", i, q, quantity_text(q), "; ".join(bits) or "—")
    rows.sort(key=lambda r: (r.start, r.end))
    return rows


def date_rows(record: KBRecord) -> list[tuple[int, str, str, str]]:
    """``(index in record.dates, text, reading, iso value)`` for every date, in text order."""
    d = _dump(record)
    rows = sorted(enumerate(d["dates"]), key=lambda t: (t[1]["span"]["start"], t[1]["span"]["end"]))
    return [(i, x["text"], date_text(x), x["value"]) for i, x in rows]


def grouped_dates(record: KBRecord) -> list[tuple[int, str, str, str, int]]:
    """Dates grouped by (text as written, value): ``(first index, text, reading, iso, count)``
    in order of first appearance (``năm 2023`` written twelve times is one row, count 12)."""
    groups: dict[tuple[str, str], list] = {}
    for i, t, reading, iso in date_rows(record):
        key = (t.lower(), iso)
        if key in groups:
            groups[key][4] += 1
        else:
            groups[key] = [i, t, reading, iso, 1]
    return [tuple(g) for g in groups.values()]


def checks_by_status(record: KBRecord) -> dict[str, list[dict]]:
    """Checks grouped by status: ``{"mismatch": [...], "consistent": [...], "info": [...]}``."""
    out: dict[str, list[dict]] = {"mismatch": [], "consistent": [], "info": []}
    for i, c in enumerate(_dump(record)["checks"]):
        c = dict(c, index=i)
        out.setdefault(c.get("status") or "info", []).append(c)
    return out


def _texts(values: Any) -> set[str]:
    out: set[str] = set()
    for k, v in (values or {}).items():
        if not str(k).endswith("_text"):
            continue
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and x:
                out.add(x)
    return out


def mismatch_figures(d: dict, c: dict) -> list[tuple[int, int]]:
    """``(start, end)`` of the figures a check names: money/percentage/quantity facts inside the
    check's spans whose text is one of the ``*_text`` values (``stated_text``, ``parts_text``
    ...); a check span that is itself exactly a figure counts too. ``d``: the record dict."""
    spans = [(sp["start"], sp["end"]) for sp in c.get("spans") or []]
    names = _texts(c.get("values"))
    figs = [f["span"] for k in ("money", "percentages", "quantities") for f in d.get(k) or []]
    exact = {(f["start"], f["end"]) for f in figs}
    out: list[tuple[int, int]] = []
    for f in figs:
        key = (f["start"], f["end"])
        inside = any(s <= key[0] and key[1] <= e for s, e in spans)
        if key in spans or (inside and f["text"] in names):
            out.append(key)
    for key in spans:
        if key in exact and key not in out:
            out.append(key)
    return sorted(set(out))


def _unit_vi(unit: Any) -> str:
    if not unit:
        return ""
    u = str(unit)
    for code, vi in CURRENCY_VI.items():
        u = u.replace(code, vi)
    return u


def check_headline(c: dict) -> str:
    """A Vietnamese one-liner for a check, from its ``kind`` and ``values`` (the checks
    recognizer's keys: stated, computed, difference, parts, whole, part, unit ...); the check's
    own ``message`` when the kind or values are unknown.

    >>> check_headline({"kind": "total", "status": "mismatch", "message": "",
    ...     "values": {"stated": 73640000, "parts": [33840000, 34800000], "computed": 68640000, "difference": 5000000}})
    'Tổng không khớp: 73.640.000 ≠ 33.840.000 + 34.800.000 = 68.640.000 (chênh 5.000.000)'
    """
    v = c.get("values") or {}
    kind, status = c.get("kind"), c.get("status")
    n = vn_number
    try:
        if {"stated", "previous", "added"} <= v.keys():
            added = " + ".join(n(x) for x in v.get("added") or [])
            return f"Nâng tổng số: {n(v['previous'])} + {added} = {n(v['stated'])} {_unit_vi(v.get('unit'))}".rstrip()
        if kind == "total" and {"stated", "computed", "parts"} <= v.keys():
            parts = " + ".join(n(x) for x in v["parts"])
            if status == "mismatch":
                diff = v.get("difference", v["stated"] - v["computed"])
                return f"Tổng không khớp: {n(v['stated'])} ≠ {parts} = {n(v['computed'])} (chênh {n(diff)})"
            if status == "consistent":
                return f"Tổng khớp: {n(v['stated'])} = {parts}"
        if kind == "part" and {"whole", "part"} <= v.keys():
            unit = f" {_unit_vi(v.get('unit'))}" if v.get("unit") else ""
            if status == "mismatch":
                return f"Phần lớn hơn tổng: {n(v['part'])} > {n(v['whole'])}{unit} (chênh {n(v['part'] - v['whole'])})"
            sh = v.get("share", v.get("share_percent"))
            share = f" = {n(sh)}%" if sh is not None else ""
            return f"Phần trong tổng: {n(v['part'])} / {n(v['whole'])}{unit}{share}"
        if kind == "percentage" and {"stated", "computed"} <= v.keys():
            if status == "mismatch":
                return f"Tỷ lệ không khớp: ghi {n(v['stated'])}% nhưng tính ra {n(v['computed'])}% (chênh {n(v.get('difference', ''))} điểm %)"
            return f"Tỷ lệ khớp: ghi {n(v['stated'])}%, tính ra {n(v['computed'])}%"
        if kind == "unit_value" and {"computed", "count", "amount"} <= v.keys():
            return f"Đơn giá: {n(v['amount'])} / {n(v['count'])} = {n(v['computed'])} {_unit_vi(v.get('unit'))}".rstrip()
        if {"stated", "previous", "added"} <= v.keys():
            added = " + ".join(n(x) for x in v.get("added") or [])
            return f"Nâng tổng số: {n(v['previous'])} + {added} = {n(v['stated'])} {_unit_vi(v.get('unit'))}".rstrip()
    except (TypeError, ValueError, KeyError):
        pass
    return check_message(c)


def check_message(c: dict) -> str:
    """The check's message; when it is empty, ``kind: key=value ...`` with Vietnamese numbers."""
    msg = (c.get("message") or "").strip()
    if msg:
        return msg
    vals = ", ".join(f"{k}={vn_number(v) if isinstance(v, (int, float)) else v}" for k, v in (c.get("values") or {}).items())
    return f"{c.get('kind', 'check')}: {vals}".strip()


def entity_summary(record: KBRecord) -> dict[str, list[tuple[str, str]]]:
    """Short ``(name, details)`` lists of people (with roles), organisations, locations, programmes."""
    d = _dump(record)
    roles: dict[str, list[str]] = {}
    for r in d["roles"]:
        roles.setdefault(r["person_id"], []).append(r["title"] + (f", {r['organization']}" if r.get("organization") else ""))
    out: dict[str, list[tuple[str, str]]] = {"person": [], "org": [], "loc": [], "programme": []}
    gender_vi = {"female": "nữ", "male": "nam"}
    for p in d["people"]:
        bits = [", ".join(p.get("titles") or [])] + roles.get(p["id"], [])
        if p.get("gender"):
            bits.append(gender_vi.get(p["gender"], p["gender"]))
        bits.append(f"{len(p['mentions'])} lần nhắc")
        out["person"].append((p["name"], "; ".join(b for b in bits if b)))
    for o in d["organizations"]:
        bits = [o["expanded"]] if o.get("expanded") and o["expanded"] != o["name"] else []
        bits.append(f"{len(o['mentions'])} lần nhắc")
        out["org"].append((o["name"], "; ".join(bits)))
    for loc in d["locations"]:
        bits = [b for b in (loc.get("level"), loc.get("canonical") if loc.get("canonical") != loc["name"] else None) if b]
        bits.append(f"{len(loc['mentions'])} lần nhắc")
        out["loc"].append((loc["name"], "; ".join(bits)))
    for p in d["programmes"]:
        bits = [p.get("kind") or ""] + ([f"số {p['number']}"] if p.get("number") else [])
        bits.append(f"{len(p['mentions'])} lần nhắc")
        out["programme"].append((p["name"], "; ".join(b for b in bits if b)))
    return out
