"""Seed acceptance for issue #3: money, percentages, counted figures and dates of the seed
article (tests/data/seed.txt, a copy of the project's own reference article)."""
from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.figures.scan import NUMERIC_RECOGNIZERS

SEED = (Path(__file__).parent / "data" / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=[None, "2024-01-10"], ids=["inferred", "given"])
def rec(request):
    return extract(SEED, only=set(NUMERIC_RECOGNIZERS), published=request.param)


def test_exactly_eight_money_amounts(rec):
    got = [(m.text, m.amount, m.currency, m.qualifier) for m in rec.money]
    assert got == [
        ("50 triệu đồng", 50000000, "VND", "exact"),
        ("92.368.000 đồng", 92368000, "VND", "over"),
        ("2.581,3 triệu đồng", 2581300000, "VND", "exact"),
        ("18.375.000 đồng", 18375000, "VND", "exact"),
        ("263,3 tỷ đồng", 263300000000, "VND", "exact"),
        ("33.840.000 đồng", 33840000, "VND", "exact"),
        ("34.800.000 đồng", 34800000, "VND", "exact"),
        ("73.640.000 đồng", 73640000, "VND", "exact"),
    ]
    assert all(isinstance(m.amount, int) for m in rec.money)


def test_all_six_percentages(rec):
    assert sorted(p.value for p in rec.percentages) == [75, 100, 100, 100, 100, 224.6]


@pytest.mark.parametrize("text,counted", [
    ("75 tập thể", "tập thể"), ("2.159 lượt gia đình", "lượt gia đình"),
    ("03 mái ấm tình thương", "mái ấm tình thương"), ("3.604 hộ", "hộ"), ("765 lao động nữ", "lao động nữ"),
    ("1.020 lao động", "lao động"), ("46 hộ", "hộ"), ("735 chiếc làn nhựa", "chiếc làn nhựa"),
])
def test_counted_figures_carry_their_phrase(rec, text, counted):
    hits = [q for q in rec.quantities if q.text == text]
    assert hits and hits[0].counted == counted and hits[0].unit is None


def test_measured_quantities(rec):
    units = {q.text: (q.value, q.unit) for q in rec.quantities if q.unit}
    assert units["21.599 kg"] == (21599, "kg")
    assert units["4.523m"] == (4523, "m")
    assert units["18 tuổi"] == (18, "tuổi")


def test_traps_are_not_figures(rec):
    texts = [q.text for q in rec.quantities]
    assert not any("938" in t or "939" in t for t in texts)  # Đề án 938 / 939
    assert not any(q.value == 6 for q in rec.quantities)  # TDP 6, số 6
    assert not any("đồng" in m.text and m.text.startswith(("4 ", "Đồng")) for m in rec.money)


def test_dateline_resolves_to_2024_01_09(rec):
    d = next(d for d in rec.dates if d.text == "9/1")
    assert d.value == "2024-01-09" and d.grain == "day" and d.year_inferred
    oct_ = next(d for d in rec.dates if d.text == "tháng 10/2023")
    assert oct_.value == "2023-10" and oct_.grain == "month" and not oct_.year_inferred


def test_publication_date_inferred_only_without_one(rec):
    if rec.article.published_inferred:
        assert rec.article.published == "2024-01-09"
        assert any("published date inferred" in w for w in rec.warnings)
    else:
        assert rec.article.published == "2024-01-10"
