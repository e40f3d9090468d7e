"""One article in, one validated :class:`~pntd_extract.schema.KBRecord` out.

Data flow: raw text -> :func:`~pntd_extract.normalize.normalize` (text + offset map) ->
:func:`~pntd_extract.layout.parse_layout` (sections) -> sentences -> registered recognizers
(:mod:`pntd_extract.registry`) in order -> ids -> validation.

Example::

    >>> from pntd_extract import extract
    >>> rec = extract("Tiêu đề\\n\\n(PNTĐ) - Bà Bùi Thị Trinh trao 15 triệu đồng.")
    >>> rec.article.source
    'PNTĐ'
"""
from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from bisect import bisect_right
from typing import Any, Iterable, Optional

from . import schema as S
from .layout import parse_layout
from .normalize import normalize
from .registry import recognizers
from .segment import make_doc, split_sentences, word_spans

READ_KINDS = (S.SectionKind.title.value, S.SectionKind.body.value, S.SectionKind.caption.value)


@dataclass
class Sentence:
    """A sentence of ``article.text``: ``[start, end)``, its global ``index`` and section kind."""

    index: int
    start: int
    end: int
    section: str


@dataclass
class Context:
    """Shared state of one article while recognizers run.

    Fact lists are the record's fields (lists of schema models); a recognizer appends to the
    fields it owns. ``published`` is the reference date for resolving dates without a year.
    """

    text: str
    sections: list[S.Section]
    sentences: list[Sentence]
    published: Optional[_dt.date] = None
    published_inferred: bool = False
    facts: dict[str, list] = field(default_factory=lambda: {f: [] for f in S.FACT_FIELDS})
    warnings: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def __getattr__(self, name: str):  # ctx.money, ctx.people ... -> the fact lists
        facts = self.__dict__.get("facts")
        if facts is not None and name in facts:
            return facts[name]
        raise AttributeError(name)

    def sentence_index(self, offset: int) -> Optional[int]:
        """Index of the sentence containing ``offset`` (None outside every sentence)."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(self.sentences[i].end, self.sentences[i].start + 1):
            return self.sentences[i].index
        return None

    def sentence_of(self, offset: int) -> Optional[Sentence]:
        i = self.sentence_index(offset)
        return None if i is None else self.sentences[i]

    def span(self, start: int, end: int) -> S.Span:
        """A schema :class:`Span` over ``text[start:end]`` with its sentence index."""
        return S.Span(start=start, end=end, text=self.text[start:end], sentence=self.sentence_index(start))

    def read_sentences(self) -> list[Sentence]:
        """Sentences of the sections recognizers read (title, body, caption)."""
        return [s for s in self.sentences if s.section in READ_KINDS]

    @property
    def words(self) -> list[tuple[int, int]]:
        """underthesea words of the read sentences, as offsets (computed once, lazily)."""
        if "words" not in self.cache:
            self.cache["words"] = word_spans(self.text, [(s.start, s.end) for s in self.read_sentences()])
        return self.cache["words"]

    @property
    def doc(self):
        """spaCy Doc over the whole text, tokens = underthesea words (lazily built)."""
        if "doc" not in self.cache:
            self.cache["doc"] = make_doc(self.text, self.words)
        return self.cache["doc"]


def article_id(text: str) -> str:
    """Stable content hash id: ``sha1`` of the NFC text, first 16 hex digits."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def build_context(text: str, sections: list[S.Section], published: Optional[_dt.date]) -> Context:
    sentences: list[Sentence] = []
    for sec in sections:
        kind = sec.kind if isinstance(sec.kind, str) else sec.kind.value
        for s, e in split_sentences(text, sec.start, sec.end):
            sentences.append(Sentence(len(sentences), s, e, kind))
    return Context(text=text, sections=sections, sentences=sentences, published=published)


def _authors(author: str) -> list[str]:
    from .credits import author_names

    return author_names(author)


def _parse_date(value: Any) -> Optional[_dt.date]:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    s = str(value).strip()
    try:
        return _dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def extract(
    text: str,
    *,
    id: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
    published: Any = None,
    source: Optional[str] = None,
    author: Optional[str] = None,
    path: Optional[str] = None,
    html: bool = False,
    encoding: Optional[str] = None,
    warnings: Iterable[str] = (),
    only: Optional[set[str]] = None,
) -> S.KBRecord:
    """Extract the facts of one article.

    ``text``: the raw article (``str``; seed layout, or body only when ``title`` is given).
    ``published``: ``date``/ISO string used to resolve dates without a year.
    Returns a validated :class:`KBRecord`; spans index ``record.article.text``.
    Raises ``TypeError`` if ``text`` is not a ``str``; never raises on odd text.

    >>> extract("Ngày 9/1, UBND huyện họp.", published="2024-01-10").article.published
    '2024-01-10'
    """
    norm, offset_map = normalize(text, html=html)
    lay = parse_layout(norm, has_title=title is None)
    pub = _parse_date(published)
    ctx = build_context(norm, lay.sections, pub)
    ctx.cache["outlets"] = list(lay.outlets)  # outlets named in credits/bylines (dimensions.organizations.outlets)
    ctx.warnings.extend(warnings)
    for rec in recognizers(only):
        try:
            rec.fn(ctx)
        except Exception as exc:  # a recognizer bug must not lose the article
            ctx.warnings.append(f"recognizer {rec.name} failed: {type(exc).__name__}: {exc}")
            for f in rec.fields:
                ctx.facts[f] = []
    pub_out = ctx.published.isoformat() if ctx.published else None
    art = S.Article(
        id=id or article_id(norm),
        source=source or lay.source,
        path=path,
        url=url,
        title=title if title is not None else lay.title,
        author=author or lay.author,
        authors=_authors(author) if author else list(lay.authors),
        credits=list(lay.credits),
        published=pub_out,
        published_inferred=ctx.published_inferred,
        text=norm,
        sections=lay.sections,
        offset_map=offset_map,
        encoding=encoding,
        related=lay.related,
    )
    return S.KBRecord(article=art, warnings=ctx.warnings, **ctx.facts)
