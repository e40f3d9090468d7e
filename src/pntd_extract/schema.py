"""The knowledge-base record: pydantic v2 models implementing ``design/KB.md`` (version 1).

These models are the single source of truth for the JSON Lines files that
``pntd-extract extract`` writes. Field names are a public contract: add fields freely,
never rename or remove one without bumping :data:`SCHEMA_VERSION`.

Conventions
-----------
* Offsets are 0-based, end-exclusive Unicode code-point offsets into ``article.text``
  (the normalised text); ``span.text == article.text[span.start:span.end]`` always holds
  and :class:`KBRecord` validation enforces it.
* ``article.offset_map`` leads back to the raw input: a list of ``[norm, raw]`` anchor
  pairs; between two anchors the texts advance one code point at a time
  (see :func:`pntd_extract.normalize.to_raw`).
* Numbers hold the exact decimal value; integral values serialise as JSON integers
  (``2.581,3 triệu đồng`` -> ``2581300000``).

Example::

    >>> from pntd_extract.schema import Span
    >>> Span(start=0, end=2, text="Bà", sentence=0).end
    2

Raises :class:`pydantic.ValidationError` on any violated constraint.
"""
from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Iterator, Optional, Union

from .dimension import fields as _dimension_fields
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

RULE_DESCRIPTION = ("the named rule, or rule chain joined by ' > ', that produced this fact "
                    "(see pntd_extract.rule and `pntd-extract explain`); additive, None in records written before it")


def _exact_number(v: Any) -> Any:
    """Integral values become ``int`` (JSON integer); others stay exact-as-possible floats."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return int(v)
        return float(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**63:
        return int(v)
    return v


Number = Annotated[Union[int, float], BeforeValidator(_exact_number)]


class Qualifier(str, Enum):
    """How a figure relates to the true value: khoảng -> approx, trên/hơn -> over, ..."""

    exact = "exact"
    approx = "approx"
    over = "over"
    under = "under"
    range = "range"


class Grain(str, Enum):
    """Granularity of a :class:`DateFact` value (``2024``, ``2024-Q1``, ``2024-01``, ``2024-01-09``)."""

    year = "year"
    quarter = "quarter"
    month = "month"
    week = "week"
    day = "day"


class Level(str, Enum):
    """Vietnamese administrative level of a location (before and after the 2025 reform)."""

    tinh = "tỉnh"
    thanh_pho = "thành phố"
    quan = "quận"
    huyen = "huyện"
    thi_xa = "thị xã"
    phuong = "phường"
    xa = "xã"
    thi_tran = "thị trấn"
    thon = "thôn"
    quoc_gia = "quốc gia"


class Gender(str, Enum):
    female = "female"
    male = "male"


class CheckStatus(str, Enum):
    consistent = "consistent"
    mismatch = "mismatch"
    info = "info"


class Confidence(str, Enum):
    """Evidence level of a fact (:mod:`pntd_extract.confidence`): ``high`` -- announced by
    an honorific, title, level word, gazetteer unit, quotes or repeated mentions; ``medium``
    -- the shape of the text alone; ``low`` -- a weak guess a data team may drop."""

    high = "high"
    medium = "medium"
    low = "low"


class SectionKind(str, Enum):
    """Layout role of a stretch of ``article.text``. Only ``body`` and ``caption`` feed the
    recognizers; ``related`` holds teasers of other articles; ``dropped`` holds UI debris and
    image alt-text lines (kept in the text so that offsets stay exact, but never read)."""

    title = "title"
    byline = "byline"
    dateline = "dateline"
    body = "body"
    caption = "caption"
    related = "related"
    dropped = "dropped"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, populate_by_name=True)


class Span(_Model):
    """A stretch of ``article.text``: ``[start, end)`` code points, its text, its sentence index."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    sentence: Optional[int] = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} < start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length differs from end - start")
        return self


class Section(_Model):
    kind: SectionKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(_Model):
    id: str
    source: Optional[str] = None
    path: Optional[str] = None
    input_key: Optional[str] = Field(
        default=None,
        description="identity of the input unit (path, path:LINE, path#record) set by the batch runner; used by --resume",
    )
    input_fingerprint: Optional[str] = Field(
        default=None,
        description="sha1 of the input unit's text and reader metadata, set by the batch runner; "
                    "--resume re-extracts an input whose fingerprint changed",
    )
    url: Optional[str] = None
    title: Optional[str] = None
    author: Optional[str] = Field(default=None, description="the byline as one string ('Phước Tuần - Chi Mai')")
    authors: list[str] = Field(default_factory=list, description="the byline's names, one per author")
    credits: list[str] = Field(default_factory=list, description="photo/video credits ('Ảnh: Minh Tuấn' -> 'Minh Tuấn'); never people")
    published: Optional[str] = Field(default=None, description="ISO date YYYY-MM-DD")
    published_inferred: bool = False
    text: str
    sections: list[Section] = Field(default_factory=list)
    offset_map: list[tuple[int, int]] = Field(
        default_factory=list,
        description="[norm_offset, raw_offset] anchors; empty when text == raw input",
    )
    encoding: Optional[str] = Field(default=None, description="detected or forced input encoding")
    related: list[str] = Field(default_factory=list, description="titles of related-news teasers")


class Person(_Model):
    id: str
    name: str
    gender: Optional[Gender] = None
    titles: list[str] = Field(default_factory=list, description="academic titles / ranks: PGS, TS, Đại tá")
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Organization(_Model):
    id: str
    name: str
    expanded: Optional[str] = None
    mentions: list[Span] = Field(default_factory=list)
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Location(_Model):
    id: str
    name: str
    level: Optional[Level] = None
    canonical: Optional[str] = None
    mentions: list[Span] = Field(default_factory=list)
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Role(_Model):
    person_id: str
    person: str
    title: str
    organization: Optional[str] = None
    organization_id: Optional[str] = None
    former: bool = Field(default=False, description="a former title: written after 'nguyên' / 'cựu' (not part of the title)")
    span: Span
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Money(_Model):
    amount: Number
    amount_max: Optional[Number] = None
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    qualifier: Qualifier = Qualifier.exact
    per: Optional[str] = Field(default=None, description="unit price: what the amount is per (người)")
    programme_id: Optional[str] = None
    text: str
    span: Span
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Percentage(_Model):
    value: Number
    value_max: Optional[Number] = None
    qualifier: Qualifier = Qualifier.exact
    programme_id: Optional[str] = None
    text: str
    span: Span
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Quantity(_Model):
    value: Number
    value_max: Optional[Number] = None
    unit: Optional[str] = None
    counted: Optional[str] = None
    of: Optional[Number] = Field(default=None, description="the total a count is out of: 16/19 tiêu chí -> 19")
    qualifier: Qualifier = Qualifier.exact
    programme_id: Optional[str] = None
    text: str
    span: Span
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class DateFact(_Model):
    value: str
    grain: Grain
    year_inferred: bool = False
    value_max: Optional[str] = Field(default=None, description="end of a date range (từ 28/2 đến 5/3), ISO at its grain")
    relative: bool = Field(default=False, description="resolved against the publication date (hôm qua, tuần trước)")
    calendar: Optional[str] = Field(default=None, description="'lunar' when the text gives a lunar (âm lịch) date; value is solar")
    lunar: Optional[str] = Field(default=None, description="the lunar date as YYYY-MM-DD (lunar year, month, day) when calendar is lunar")
    holiday: Optional[str] = Field(default=None, description="the holiday named (Quốc khánh, Tết Nguyên đán)")
    part: Optional[str] = Field(default=None, description="start / middle / end of the period (đầu / giữa / cuối)")
    text: str
    span: Span
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Programme(_Model):
    id: str
    name: str
    kind: str
    number: Optional[str] = None
    aliases: list[str] = Field(default_factory=list, description="other names of its mentions (Đề án 938)")
    mentions: list[Span] = Field(default_factory=list)
    confidence: Optional[Confidence] = Field(default=None, description="evidence level: high | medium | low (pntd_extract.confidence)")
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


class Check(_Model):
    kind: str
    status: CheckStatus
    message: str
    values: dict[str, Any] = Field(default_factory=dict)
    spans: list[Span] = Field(default_factory=list)
    rule: Optional[str] = Field(default=None, description=RULE_DESCRIPTION)


FACT_FIELDS = _dimension_fields()
"""The fact fields of :class:`KBRecord`, in record order (from :data:`pntd_extract.dimension.DIMENSIONS`)."""


class KBRecord(_Model):
    """One article's facts. Validation checks every span against ``article.text`` and every
    referenced id (``person_id``, ``organization_id``, ``programme_id``) against the record."""

    schema_version: str = SCHEMA_VERSION
    article: Article
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    percentages: list[Percentage] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    dates: list[DateFact] = Field(default_factory=list)
    programmes: list[Programme] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def iter_spans(self) -> Iterator[tuple[str, Span]]:
        """Yield ``(json_path, span)`` for every span in the record."""
        for fname in FACT_FIELDS:
            for i, item in enumerate(getattr(self, fname)):
                if getattr(item, "span", None) is not None:
                    yield f"{fname}[{i}].span", item.span
                for j, m in enumerate(getattr(item, "mentions", None) or []):
                    yield f"{fname}[{i}].mentions[{j}]", m
                for j, m in enumerate(getattr(item, "spans", None) or []):
                    yield f"{fname}[{i}].spans[{j}]", m

    @model_validator(mode="after")
    def _consistent(self) -> "KBRecord":
        text = self.article.text
        for path, sp in self.iter_spans():
            if sp.end > len(text) or text[sp.start:sp.end] != sp.text:
                raise ValueError(f"{path}: span text {sp.text!r} != article.text[{sp.start}:{sp.end}]")
        pids = {p.id for p in self.people}
        oids = {o.id for o in self.organizations}
        prids = {p.id for p in self.programmes}
        for i, r in enumerate(self.roles):
            if r.person_id not in pids:
                raise ValueError(f"roles[{i}].person_id: unknown id {r.person_id!r}")
            if r.organization_id is not None and r.organization_id not in oids:
                raise ValueError(f"roles[{i}].organization_id: unknown id {r.organization_id!r}")
        for fname in ("money", "percentages", "quantities"):
            for i, f in enumerate(getattr(self, fname)):
                if f.programme_id is not None and f.programme_id not in prids:
                    raise ValueError(f"{fname}[{i}].programme_id: unknown id {f.programme_id!r}")
        for fname in ("people", "organizations", "locations", "programmes"):
            seen: set[str] = set()
            for i, e in enumerate(getattr(self, fname)):
                if e.id in seen:
                    raise ValueError(f"{fname}[{i}].id: duplicate id {e.id!r}")
                seen.add(e.id)
        return self


def json_schema() -> dict:
    """The JSON Schema of :class:`KBRecord` (what ``pntd-extract schema`` prints)."""
    return KBRecord.model_json_schema()
