"""The numeric parts of the public-report cases (tests/data/public-reports.jsonl), checked
exactly with only the numeric recognizers (issue #3)."""
import json
from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.figures.scan import NUMERIC_RECOGNIZERS

CASES = {c["id"]: c for c in (json.loads(l) for l in (Path(__file__).parent / "data" / "public-reports.jsonl")
                                .read_text(encoding="utf-8").splitlines() if l.strip())}


def run(case_id, published=None):
    return extract(CASES[case_id]["input"], only=set(NUMERIC_RECOGNIZERS), published=published)


def test_b01_percentages_and_no_quantity_938():
    rec = run("B01")
    assert [p.value for p in rec.percentages] == [61, 64]
    assert not any(q.value == 938 for q in rec.quantities)


def test_b12_eth_currency_unit_price_and_date():
    rec = run("B12")
    assert [(m.amount, m.currency, m.per, m.text) for m in rec.money] == [(350000, "VND", "người", "350.000 VNĐ/người")]
    assert [(d.text, d.value, d.year_inferred) for d in rec.dates] == [("1/7", "--07-01", False)]


def test_b14_vietnamese_and_english_groups():
    rec = run("B14")
    assert [(m.amount, m.currency) for m in rec.money] == [(2581300000, "USD")]
    assert [(q.value, q.unit) for q in rec.quantities] == [(20809, "tấn")]
    assert [p.value for p in rec.percentages] == [5.67]


def test_b17_dates_and_no_date_from_duration():
    rec = run("B17")
    assert [(d.text, d.value) for d in rec.dates] == [
        ("9/1", "--01-09"), ("05 tháng 09 năm 2024", "2024-09-05"), ("18/12/2024", "2024-12-18")]
    assert not any("2-3" in d.text for d in rec.dates)
    assert [(q.value, q.value_max, q.unit, q.qualifier) for q in rec.quantities] == [(2, 3, "tháng", "range")]
    assert rec.money == []  # "ký hợp đồng" is not money


def test_b17_with_publication_date_infers_the_year():
    rec = run("B17", published="2024-01-20")
    assert rec.dates[0].value == "2024-01-09" and rec.dates[0].year_inferred


def test_b19_day_first():
    rec = run("B19")
    assert [(d.text, d.value) for d in rec.dates] == [("2/3", "--03-02")]


def test_b09_money():
    rec = run("B09")
    assert [(m.amount, m.currency, m.text) for m in rec.money] == [(15000000, "VND", "15 triệu đồng")]


def test_b06_month():
    rec = run("B06")
    assert [(d.text, d.value, d.grain) for d in rec.dates] == [("tháng 11", "--11", "month")]


def test_b07_counted_workers():
    rec = run("B07")
    assert [(q.value, q.counted) for q in rec.quantities] == [(45, "lao động")]


def test_b04_full_date():
    rec = run("B04")
    assert [(d.text, d.value, d.year_inferred) for d in rec.dates] == [("3/4/2023", "2023-04-03", False)]
