"""The KB record contract: exact spans, known ids, enums, exact numbers."""
import json

import pytest
from pydantic import ValidationError

from pntd_extract import extract
from pntd_extract.schema import KBRecord, Money, Span, json_schema

TEXT = "Bà Bùi Thị Trinh, Chủ tịch Hội LHPN quận Bắc Từ Liêm, trao 15 triệu đồng."


def _base(**facts):
    rec = {"article": {"id": "a1", "text": TEXT}}
    rec.update(facts)
    return rec


def _span(sub):
    i = TEXT.index(sub)
    return {"start": i, "end": i + len(sub), "text": sub, "sentence": 0}


def test_valid_record_round_trips():
    rec = KBRecord.model_validate(_base(
        people=[{"id": "p1", "name": "Bùi Thị Trinh", "gender": "female", "mentions": [_span("Bùi Thị Trinh")]}],
        roles=[{"person_id": "p1", "person": "Bùi Thị Trinh", "title": "Chủ tịch",
                "organization": "Hội LHPN quận Bắc Từ Liêm", "span": _span("Chủ tịch Hội LHPN quận Bắc Từ Liêm")}],
        money=[{"amount": 15000000, "currency": "VND", "text": "15 triệu đồng", "span": _span("15 triệu đồng")}],
    ))
    again = KBRecord.model_validate_json(rec.model_dump_json())
    assert again == rec
    assert json.loads(rec.model_dump_json())["money"][0]["amount"] == 15000000


@pytest.mark.parametrize("bad,where", [
    ({"money": [{"amount": 1, "currency": "VND", "text": "15 triệu", "span": {"start": 0, "end": 8, "text": "15 triệu", "sentence": 0}}]}, "money[0].span"),
    ({"roles": [{"person_id": "p9", "person": "X", "title": "Chủ tịch", "span": _span("Chủ tịch")}]}, "roles[0].person_id"),
    ({"money": [{"amount": 1, "currency": "đồng", "text": "15 triệu đồng", "span": _span("15 triệu đồng")}]}, "currency"),
    ({"money": [{"amount": 1, "currency": "VND", "qualifier": "about", "text": "15 triệu đồng", "span": _span("15 triệu đồng")}]}, "qualifier"),
    ({"dates": [{"value": "2024", "grain": "hour", "text": "15", "span": _span("15")}]}, "grain"),
    ({"locations": [{"id": "l1", "name": "Bắc Từ Liêm", "level": "county"}]}, "level"),
    ({"people": [{"id": "p1", "name": "A"}, {"id": "p1", "name": "B"}]}, "duplicate id"),
])
def test_invalid_records_name_the_field(bad, where):
    with pytest.raises(ValidationError) as exc:
        KBRecord.model_validate(_base(**bad))
    assert where in str(exc.value)


def test_decimal_values_are_exact_numbers():
    from decimal import Decimal
    m = Money(amount=Decimal("2581300000.0"), currency="VND", text="x", span=Span(start=0, end=1, text="x"))
    assert m.amount == 2581300000 and isinstance(m.amount, int)
    m = Money(amount=Decimal("2.5"), currency="USD", text="x", span=Span(start=0, end=1, text="x"))
    assert m.amount == 2.5


def test_json_schema_names_public_fields():
    props = json_schema()["properties"]
    for f in ("schema_version", "article", "people", "organizations", "locations", "roles", "money",
              "percentages", "quantities", "dates", "programmes", "checks", "warnings"):
        assert f in props


def test_extract_gives_valid_record_with_exact_spans():
    rec = extract(TEXT)
    KBRecord.model_validate_json(rec.model_dump_json())
    for _, sp in rec.iter_spans():
        assert rec.article.text[sp.start:sp.end] == sp.text
    assert rec.article.id == extract(TEXT).article.id
