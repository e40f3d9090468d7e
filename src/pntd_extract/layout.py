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
  ``Bài viết liên quan`` / ``Xem thêm`` on, everything is ``related``.

Example::

    >>> lay = parse_layout("Tiêu đề\\n\\nHỒNG NHUNG\\nChia sẻ\\n\\n(PNTĐ) - Ngày 9/1, hội nghị.")
    >>> lay.author, lay.source
    ('Hồng Nhung', 'PNTĐ')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    r"^\s*(?:\((?P<a>[A-ZĐÐ][A-Za-zĐđÐ.&/ -]{0,24}?)\)|(?P<b>[A-ZĐ][A-ZĐ.&]{1,12}))\s*[-–—:]\s*"
)
_UPPER_LINE_RE = re.compile(r"^[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ .'\-]{2,60}$")


@dataclass
class Layout:
    """Result of :func:`parse_layout`; sections cover the whole text in order."""

    sections: list[Section] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    source: str | None = None
    related: list[str] = field(default_factory=list)


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
    # one section per non-blank line: a body section is a paragraph
    for kind, s0, e0 in raw_sections:
        lay.sections.append(Section(kind=kind, start=s0, end=e0))
    return lay
