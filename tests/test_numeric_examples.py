"""One generic runner for every numeric example table (issue #3), kept beside each dimension's rules
(``src/pntd_extract/dimensions/<dimension>/examples.tsv`` and ``negatives.tsv``; negatives of
every figure dimension at once in ``src/pntd_extract/figures/negatives.tsv``).

Positive tables (``money.tsv``, ``percentages.tsv``, ``quantities.tsv``, ``dates.tsv``): each
row is a sentence with the expected span marked ``[[...]]`` and the expected value, high end
(ranges), qualifier (grain for dates) and ``key=value`` attributes. The sentence, markers
removed, goes through :func:`pntd_extract.extract` with only the numeric recognizers; the fact
whose span text equals the marked text must exist and carry the expected values.
``negatives.tsv``: the sentence must give no fact in the listed fields (optionally: no fact
whose span contains the given substring). Adding a case is adding a line.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.normalize import normalize
from pntd_extract.figures.scan import NUMERIC_RECOGNIZERS

RUN = set(NUMERIC_RECOGNIZERS) | {"calendar_dates", "fractions"}

SRC = Path(__file__).parent.parent / "src" / "pntd_extract"
DIMS = SRC / "dimensions"
FIELDS = {"money": "money", "percentages": "percentages", "quantities": "quantities", "dates": "dates"}


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        out.append((n, (line.split("\t") + [""] * 5)[:5]))
    return out


NEGATIVE_TABLES = [SRC / "figures" / "negatives.tsv"] + [DIMS / f / "negatives.tsv" for f in FIELDS
                                                          if (DIMS / f / "negatives.tsv").is_file()]
POSITIVE = [(f"{field}:{n}", field, row) for field in FIELDS for n, row in _rows(DIMS / field / "examples.tsv")]
NEGATIVE = [(f"{p.parent.name}/negatives:{n}", row) for p in NEGATIVE_TABLES for n, row in _rows(p)]


def _attrs(s: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in s.split(";") if kv.strip())


def _run(text: str, published: str | None = None):
    rec = extract(text, only=RUN, published=published)
    for _, sp in rec.iter_spans():
        assert rec.article.text[sp.start:sp.end] == sp.text
    return rec


def _dec(v) -> Decimal:
    return Decimal(str(v))


@pytest.mark.parametrize("case_id,field,row", POSITIVE, ids=[c[0] for c in POSITIVE])
def test_positive_example(case_id, field, row):
    marked, value, value_max, qual, attrs = row
    attrs = _attrs(attrs)
    assert marked.count("[[") == 1 and marked.count("]]") == 1, f"{case_id}: mark exactly one span"
    text = marked.replace("[[", "").replace("]]", "")
    span_start = marked.index("[[")
    span_text = normalize(marked[span_start + 2:marked.index("]]")])[0]  # VNÐ (eth) -> VNĐ
    rec = _run(text, attrs.get("published"))
    facts = getattr(rec, field)
    hits = [f for f in facts if f.span.text == span_text and f.span.start == span_start]
    assert hits, f"{span_text!r} not found; got {[(f.span.text, f.span.start) for f in facts]}"
    f = hits[0]
    if field == "dates":
        assert f.value == value
        assert f.grain == qual
        if "year_inferred" in attrs:
            assert f.year_inferred == (attrs["year_inferred"] == "true")
        assert f.value_max == (value_max or None)
        assert f.relative == (attrs.get("relative") == "true")
        for key in ("calendar", "lunar", "holiday", "part"):
            assert getattr(f, key) == attrs.get(key), f"{key}: {getattr(f, key)!r} != {attrs.get(key)!r}"
        return
    main = f.amount if field == "money" else f.value
    high = f.amount_max if field == "money" else f.value_max
    assert _dec(main) == Decimal(value), f"value {main} != {value}"
    assert (high is None) if not value_max else _dec(high) == Decimal(value_max)
    assert f.qualifier == qual
    if field == "money":
        assert f.currency == attrs["currency"]
        assert f.per == attrs.get("per")
    if field == "quantities":
        assert f.unit == attrs.get("unit")
        assert f.counted == attrs.get("counted")
        assert (f.of is None) if "of" not in attrs else _dec(f.of) == Decimal(attrs["of"])


@pytest.mark.parametrize("case_id,row", NEGATIVE, ids=[c[0] for c in NEGATIVE])
def test_negative_example(case_id, row):
    text, fields, forbidden, _note, attrs = row
    names = list(FIELDS) if fields.strip() == "*" else [f.strip() for f in fields.split(",")]
    rec = _run(text, _attrs(attrs).get("published"))
    for name in names:
        bad = [f.span.text for f in getattr(rec, name) if not forbidden or forbidden in f.span.text
               or f.span.text in forbidden]
        assert not bad, f"{name}: unexpected {bad}"


def test_tables_are_big_enough():
    """The issue asks for at least 300 positive and 80 negative examples."""
    assert len(POSITIVE) >= 300 and len(NEGATIVE) >= 80
