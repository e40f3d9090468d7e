"""The one list of dimensions: each declared once, every other list of dimensions derives from it.

A :class:`Dimension` names its record field (``KBRecord.<field>``), its pydantic model (by class
name in :mod:`pntd_extract.schema`), its spaCy span label and factory, its view kind and labels,
its evaluator (the matching predicate in :mod:`pntd_extract.evaluate`), its rank in evaluation
reports, its short column name (``pntd-extract eval``), and for entities the entity type and id
column of the flat tables (:mod:`pntd_extract.io.tables`). The package of its rules, lexicons and
examples is ``pntd_extract.dimensions.<name>``.

Derived from :data:`DIMENSIONS`: ``schema.FACT_FIELDS``, ``evaluate.FIELDS`` /
``ENTITY_FIELDS`` / ``PREDICATES``, ``spacy_components.DIMENSIONS``, ``io.tables._ENTITIES``,
``view.common.KINDS`` and the short names of ``cli_eval``. A test checks that ``KBRecord``'s
fields and the table columns list exactly these.

This module imports nothing of the package (every other module may import it).

    >>> [d.field for d in DIMENSIONS][:4]
    ['people', 'organizations', 'locations', 'roles']
    >>> by_field()["money"].label, by_field()["money"].model
    ('MONEY', 'Money')
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

__all__ = ["Dimension", "DIMENSIONS", "by_field", "fields"]


@dataclass(frozen=True)
class Dimension:
    """One dimension of the record (see the module doc for each attribute's consumer)."""

    name: str                      # package under pntd_extract.dimensions
    field: str                     # KBRecord field
    model: str                     # schema model class name
    label: str                     # spaCy span label (doc.spans["pntd_<field>"])
    evaluator: str                 # predicate function name in pntd_extract.evaluate
    eval_rank: int                 # order in evaluation reports
    short: str                     # column name in `pntd-extract eval` per-article tables
    view_kind: str                 # key of view.common.KINDS
    view_label: str                # label in the terminal / HTML views
    vi: str                        # Vietnamese name shown to readers
    en: str                        # English name shown to readers
    spacy: bool = True             # has a pntd_<field> spaCy component
    ner: bool = False              # a named-entity dimension (people, organisations, locations)
    entity_type: Optional[str] = None  # flat tables: entity_type of its mentions
    id_column: Optional[str] = None    # flat tables: its id column


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("people", "people", "Person", "PER", "_person_ok", 0, "ppl", "person", "PER", "Người", "Person",
              ner=True, entity_type="person", id_column="person_id"),
    Dimension("organizations", "organizations", "Organization", "ORG", "_org_ok", 2, "org", "org", "ORG", "Tổ chức",
              "Organisation", ner=True, entity_type="organization", id_column="organization_id"),
    Dimension("locations", "locations", "Location", "LOC", "_loc_ok", 3, "loc", "loc", "LOC", "Địa danh", "Location",
              ner=True, entity_type="location", id_column="location_id"),
    Dimension("roles", "roles", "Role", "ROLE", "_role_ok", 1, "role", "role", "ROLE", "Chức danh",
              "Role (person, title, organisation)"),
    Dimension("money", "money", "Money", "MONEY", "_money_ok", 4, "money", "money", "MONEY", "Tiền", "Money"),
    Dimension("percentages", "percentages", "Percentage", "PERCENT", "_pct_ok", 5, "pct", "percent", "PERCENT",
              "Tỷ lệ", "Percentage"),
    Dimension("quantities", "quantities", "Quantity", "QUANTITY", "_qty_ok", 6, "qty", "quantity", "QTY", "Số lượng",
              "Quantity"),
    Dimension("dates", "dates", "DateFact", "DATE", "_date_ok", 7, "date", "date", "DATE", "Ngày tháng", "Date"),
    Dimension("programmes", "programmes", "Programme", "PROGRAMME", "_prog_ok", 8, "prog", "programme", "PROG",
              "Chương trình", "Programme", entity_type="programme", id_column="programme_id"),
    Dimension("checks", "checks", "Check", "CHECK", "_check_ok", 9, "chk", "check", "≠", "Số không khớp",
              "Figure named by a mismatched check", spacy=False),
)


def by_field() -> dict[str, Dimension]:
    """``record field -> Dimension``."""
    return {d.field: d for d in DIMENSIONS}


def fields(*, order: str = "record") -> tuple[str, ...]:
    """Record fields in record order, or ``order="eval"`` in evaluation-report order."""
    if order == "eval":
        return tuple(d.field for d in sorted(DIMENSIONS, key=lambda d: d.eval_rank))
    return tuple(d.field for d in DIMENSIONS)
