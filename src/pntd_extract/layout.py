"""Article layout: title, byline, dateline, body, captions, dropped debris and related teasers.

Works on the *normalised* text and returns :class:`~pntd_extract.schema.Section` ranges over
it, so nothing is removed from ``article.text``: debris is only marked ``dropped``.

Rules (from the Phụ nữ Thủ đô seed and the layouts of ``shared/corpus/real``):

* line 1 is the title when a blank line follows it (or it is short and unpunctuated);
  a single line or a paragraph that starts at once is body;
* a short all-caps line near the top is the byline (``HỒNG NHUNG`` -> author ``Hồng Nhung``);
* UI debris lines (``Chia sẻ``, ``Bình luận``, ``In bài`` ...) are dropped;
* ``(PNTĐ) - `` / ``(HNMO) -`` / ``PNTĐ -`` at the start of the first body paragraph is the
  dateline and names the source agency;
* a line equal to ``<title> - ảnh N`` is image alt-text (dropped), and the next non-blank
  line is its caption;
* from a marker line ``Ý kiến bạn đọc`` / ``Tin cùng chuyên mục`` / ``Tin liên quan`` /
  ``Bài viết liên quan`` / ``Xem thêm`` on, everything is ``related``;
* credits and bylines glued into flattened paragraphs (rules of :mod:`pntd_extract.credits`):
  a photo credit ``Ảnh: Minh Tuấn`` inside a line is ``dropped`` (its name in ``credits``), a
  tail of names after the last sentence (``... nhanh nhất. Biện Nhung``) is the byline, a
  teaser ``» ...`` glued to the end is ``related``. ``authors`` lists the byline's names
  (``Phước Tuần - Chi Mai`` -> two), ``author`` is the byline as one string.

Example::

    >>> lay = parse_layout("Tiêu đề\\n\\nHỒNG NHUNG\\nChia sẻ\\n\\n(PNTĐ) - Ngày 9/1, hội nghị.")
    >>> lay.author, lay.source
    ('Hồng Nhung', 'PNTĐ')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .credits import author_names, glued_byline, source_span, split_credits, teaser_start
from .schema import Section, SectionKind

DEBRIS = {
    "chia sẻ", "bình luận", "in bài", "lưu bài", "gửi bài", "theo dõi", "quảng cáo", "facebook",
    "twitter", "zalo", "email", "google+", "share", "like", "tweet", "in", "gửi", "nghe bài",
    "bình luận (0)", "xem thêm", "thích", "tags", "từ khóa", "từ khoá", "tag", "đọc thêm",
}
RELATED_MARKERS = (
    "ý kiến bạn đọc", "tin cùng chuyên mục", "tin liên quan", "bài viết liên quan", "tin khác",
    "các tin khác", "tin mới", "tin mới nhất", "đọc nhiều", "xem nhiều", "bài liên quan",
    "cùng chuyên mục", "tin đã đưa", "tin bài liên quan", "có thể bạn quan tâm",
)
_ALT_RE = re.compile(r"^(?P<title>.+?)\s+-\s+(?:ảnh|Ảnh|hình|Hình)\s+\d{1,3}\s*$")
_DATELINE_RE = re.compile(
    r"^\s*(?:\(\s?(?P<a>[A-ZĐÐÀ-Ỹ][A-Za-zĐđÐÀ-ỹ0-9.&/ -]{0,28}?)\s?\)|(?P<b>[A-ZĐ][A-ZĐ.&]{1,12}))\s*[-–—:]\s*"
)
# photo credit at the end of a caption line: "... (Ảnh: TTXVN)", "(Ảnh minh họa)", "Ảnh: Tuấn Anh"
_CAPTION_RE = re.compile(r"(?:\((?:Ảnh|ảnh|Ảnh minh họa|ảnh minh họa|Nguồn ảnh)[^()\n]{0,60}\)\.?|(?:^|[.\s])Ảnh:\s?[^.\n]{1,40}\.?)\s*$")
_CONTINUED = {"(còn tiếp)", "(còn tiếp...)", "(còn tiếp…)", "còn tiếp", "(còn nữa)", "(còn nữa...)", "(còn nữa…)", "(hết)"}
# trailing attribution: "Theo Người Lao Động", "Nguồn: VTV", "Bài và ảnh: TRẦN QUYẾT"
_SOURCE_LINE_RE = re.compile(r"^(?:Theo|Nguồn:?)\s+(?P<src>[A-ZĐÀ-Ỹ][^.!?:;\n]{1,40})$")
_CREDIT_RE = re.compile(r"^(?:Bài(?: và ảnh)?|Tin(?: và ảnh)?|Nhóm PV|PV|Bài, ảnh):\s*(?P<name>[^.!?;\n]{2,40})$")
_NAME_LINE_RE = re.compile(r"^(?P<name>(?:[A-ZĐÀ-Ỹ]\.\s?)?[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:\s[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){0,3})(?:\s\((?:Tổng hợp|TH|tổng hợp)\))?$")
_UPPER_LINE_RE = re.compile(r"^[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ .'\-]{2,60}$")


@dataclass
class Layout:
    """Result of :func:`parse_layout`; sections cover the whole text in order."""

    sections: list[Section] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    source: str | None = None
    related: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    outlets: list[tuple[int, int]] = field(default_factory=list)  # spans of outlets in credits/bylines


def _title_case(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _is_upper_byline(line: str) -> bool:
    s = line.strip()
    if not _UPPER_LINE_RE.match(s) or s != s.upper():
        return False
    words = s.split()
    return 2 <= len(words) <= 6 and not any(ch.isdigit() for ch in s)


def _looks_like_title(lines: list[tuple[int, int, str]], idx: int) -> bool:
    """Line ``idx`` (the first non-blank) is a title when a blank line follows it, or when
    more lines follow and it is short and does not end like a sentence."""
    s = lines[idx][2].strip()
    if idx + 1 >= len(lines):
        return False
    if not lines[idx + 1][2].strip():
        return True
    return len(s) <= 250 and not s.endswith((".", "!", "?", "…", ":", ";", ","))


def parse_layout(text: str, *, has_title: bool = True) -> Layout:
    """Split normalised ``text`` into sections; see the module docstring for the rules.

    ``has_title`` False (JSON Lines input with a separate ``title`` field) treats line 1 as body.
    Never raises on odd text; an empty text gives no sections.
    """
    lay = Layout()
    raw_sections: list[tuple[SectionKind, int, int]] = []
    lines = list(_lines(text))
    in_related = False
    seen_body = False
    expect_caption = False
    first = True
    for idx, (start, end, line) in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        low = s.lower().rstrip(":")
        if in_related:
            raw_sections.append((SectionKind.related, start, end))
            if low not in RELATED_MARKERS and not s.startswith("(") and len(s) <= 220 and s not in lay.related:
                lay.related.append(s)
            continue
        if first and has_title and _looks_like_title(lines, idx):
            first = False
            lay.title = s
            raw_sections.append((SectionKind.title, start, end))
            continue
        first = False
        if low in RELATED_MARKERS and seen_body:
            in_related = True
            raw_sections.append((SectionKind.related, start, end))
            continue
        if low in DEBRIS:
            raw_sections.append((SectionKind.dropped, start, end))
            continue
        m = _ALT_RE.match(s)
        if m:
            raw_sections.append((SectionKind.dropped, start, end))
            expect_caption = True
            continue
        if not seen_body and lay.author is None and _is_upper_byline(s):
            lay.author = _title_case(s)
            raw_sections.append((SectionKind.byline, start, end))
            continue
        if expect_caption:
            expect_caption = False
            raw_sections.append((SectionKind.caption, start, end))
            continue
        if seen_body and len(s) <= 300 and _CAPTION_RE.search(s):
            raw_sections.append((SectionKind.caption, start, end))
            continue
        if not seen_body:
            dm = _DATELINE_RE.match(line)
            if dm and (dm.group("a") or dm.group("b")):
                lay.source = (dm.group("a") or dm.group("b")).strip()
                raw_sections.append((SectionKind.dateline, start, start + dm.end()))
                if start + dm.end() < end:
                    raw_sections.append((SectionKind.body, start + dm.end(), end))
                seen_body = True
                continue
        seen_body = True
        raw_sections.append((SectionKind.body, start, end))
    raw_sections = _split_credits(text, raw_sections, lay)
    _mark_tail(text, raw_sections, lay)
    _glued_tail(text, raw_sections, lay)
    if lay.author and not lay.authors:
        lay.authors = author_names(lay.author)
    # one section per non-blank line: a body section is a paragraph
    for kind, s0, e0 in raw_sections:
        lay.sections.append(Section(kind=kind, start=s0, end=e0))
    return lay


def _mark_tail(text: str, raw_sections: list, lay: Layout) -> None:
    """Last lines of the body (before any related block): ``(Còn tiếp...)`` is dropped; a
    trailing byline (``ĐỖ TRÀ GIANG``, ``Lê Hoàng``, ``T.Trang``, ``Bài và ảnh: TRẦN QUYẾT``)
    or attribution (``Theo Người Lao Động``) becomes a ``byline`` section and fills
    ``author`` / ``source`` when the top of the article named none. At most two lines."""
    idx = [i for i, (k, _, _) in enumerate(raw_sections) if k == SectionKind.body]
    n_body = len(idx)
    checked = 0
    for i in reversed(idx):
        if checked >= 2 or n_body <= 1:
            break
        if i != max(j for j, (k, _, _) in enumerate(raw_sections) if k in (SectionKind.body, SectionKind.caption, SectionKind.dropped, SectionKind.byline)):
            break
        checked += 1
        kind, s0, e0 = raw_sections[i]
        line = text[s0:e0].strip()
        low = line.lower()
        if low in _CONTINUED:
            raw_sections[i] = (SectionKind.dropped, s0, e0)
            n_body -= 1
            continue
        m = _SOURCE_LINE_RE.match(line)
        if m and len(line.split()) <= 7:
            raw_sections[i] = (SectionKind.byline, s0, e0)
            n_body -= 1
            if lay.source is None:
                lay.source = m.group("src").strip()
            k = text.find(line, s0, e0)
            if k >= 0:
                lay.outlets.append((k + m.start("src"), k + m.start("src") + len(m.group("src").strip())))
            continue
        m = _CREDIT_RE.match(line)
        name = None
        if m:
            name = m.group("name").strip()
        elif _is_upper_byline(line):
            name = line
        else:
            m = _NAME_LINE_RE.match(line)
            if m and len(line) <= 30:
                name = m.group("name")
        if name is None:
            break
        raw_sections[i] = (SectionKind.byline, s0, e0)
        n_body -= 1
        if lay.author is None:
            lay.author = _title_case(name) if name.isupper() else name


def _split_credits(text: str, raw_sections: list, lay: Layout) -> list:
    """Rule ``credit.photo`` on every body and caption line (see :mod:`pntd_extract.credits`)."""
    out = []
    for kind, s0, e0 in raw_sections:
        if kind not in (SectionKind.body, SectionKind.caption):
            out.append((kind, s0, e0))
            continue
        for k, a, b in split_credits(text, s0, e0, lay.credits, lay.outlets):
            out.append((SectionKind.dropped if k == "dropped" else kind, a, b))
    return out


def _glued_tail(text: str, raw_sections: list, lay: Layout) -> None:
    """Rules ``credit.teaser`` and ``credit.glued_byline`` on the last body line when nothing
    but dropped lines follows it: the tail becomes ``related`` / ``byline`` sections."""
    content = [i for i, (k, _, _) in enumerate(raw_sections) if k in (SectionKind.body, SectionKind.caption,
                                                                       SectionKind.byline)]
    if not content or raw_sections[content[-1]][0] != SectionKind.body:
        return
    i = content[-1]
    _, s0, e0 = raw_sections[i]
    pieces: list = []
    tz = teaser_start(text, s0, e0)
    authors: list[str] = []
    source = None
    if tz:
        t0, b0, authors = tz
        pieces = [(SectionKind.body, s0, t0)]
        if b0 is not None:
            pieces += [(SectionKind.related, t0, b0), (SectionKind.byline, b0, e0)]
        else:
            pieces.append((SectionKind.related, t0, e0))
        teaser = text[t0:b0 if b0 is not None else e0].strip(" »")
        if teaser and teaser not in lay.related:
            lay.related.append(teaser)
    else:
        got = glued_byline(text, s0, e0)
        if not got:
            return
        t0, authors, source = got
        before = text[:t0]
        if any(a in before and a not in " ".join(lay.credits) for a in authors):
            return  # a name the article already used is no byline ("... tại Hà Nội. Hà Nội")
        pieces = [(SectionKind.body, s0, t0), (SectionKind.byline, t0, e0)]
        span = source_span(text, t0, e0, source)
        if span:
            lay.outlets.append(span)
    raw_sections[i:i + 1] = [p for p in pieces if text[p[1]:p[2]].strip()]
    if authors and not lay.authors and lay.author is None:
        lay.authors = list(authors)
        lay.author = " - ".join(authors)
    if source and lay.source is None:
        lay.source = source
