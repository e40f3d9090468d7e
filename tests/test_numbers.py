"""Unit tests of the Vietnamese numeral grammar (:mod:`pntd_extract.numbers`)."""
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from pntd_extract.numbers import load_lexicon, parse_digits, parse_number, tokenize


@pytest.mark.parametrize("s,value", [
    ("2.581,3", "2581.3"), ("20.809", "20809"), ("263,3", "263.3"), ("03", "3"), ("01", "1"),
    ("18.375.000", "18375000"), ("5.67", "5.67"), ("1.5", "1.5"), ("1,234,567", "1234567"),
    ("1,234.5", "1234.5"), ("0.809", "0.809"), ("0,5", "0.5"), ("2,25", "2.25"), ("1234", "1234"),
])
def test_parse_digits(s, value):
    assert parse_digits(s).value == Decimal(value)


def test_comma_with_three_digits_is_flagged_ambiguous():
    r = parse_digits("750,000")
    assert r.ambiguous and r.value == Decimal("750.000") and r.thousands == Decimal("750000")
    assert not parse_digits("263,3").ambiguous


@pytest.mark.parametrize("s", ["1.2.3", "1,2,3", "12.34.567", "1.234,5,6", ""])
def test_malformed_digits_give_none(s):
    assert parse_digits(s) is None


@pytest.mark.parametrize("s,value", [
    ("hai mươi lăm", 25), ("một trăm linh năm", 105), ("một trăm lẻ năm", 105), ("hai mươi mốt", 21),
    ("ba mươi tư", 34), ("mười lăm", 15), ("mười", 10), ("hai chục", 20), ("năm trăm nghìn", 500000),
    ("năm trăm ngàn", 500000), ("một tỷ hai trăm triệu", 1200000000), ("hai nghìn tỷ", 2 * 10**12),
    ("hai triệu rưỡi", 2500000), ("một nghìn hai trăm tỷ", 1200 * 10**9), ("ba tỉ", 3 * 10**9),
    ("1 tỷ 200 triệu", 1200000000), ("2,5 triệu", 2500000), ("10k", 10000), ("5tr", 5000000),
    ("2.581,3 triệu", 2581300000), ("10 nghìn tỷ", 10**13), ("13 vạn", 130000), ("263,3 tỷ", 263300000000),
    ("năm mươi", 50), ("chín mươi chín", 99),
    ("5 trăm triệu", 500000000), ("3 trăm nghìn", 300000), ("2 chục triệu", 20000000),
    ("1 tỷ 5 trăm triệu", 1500000000), ("2 triệu 5 trăm nghìn", 2500000),
])
def test_parse_number(s, value):
    assert parse_number(s) == Decimal(value)


@pytest.mark.parametrize("s", ["năm", "một trăm năm", "tư", "lăm", "không", "nghìn", "abc", "0912.345.678"])
def test_not_a_whole_numeral(s):
    assert parse_number(s) is None


def test_tokenize_offsets_and_glue():
    text = "thu 21.599 kg, 750.000đ/người"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["thu", "21.599", "kg", ",", "750.000", "đ", "/", "người"]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert toks[5].glued and not toks[2].glued


def test_lexicon_errors_name_the_file():
    with pytest.raises(FileNotFoundError, match="nope.tsv"):
        load_lexicon("nope.tsv")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_dot_grouped_integers_round_trip(n):
    s = f"{n:,}".replace(",", ".")
    assert parse_number(s) == Decimal(n)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789.,-/ %đtriệutỷ", max_size=60))
def test_never_raises_on_odd_text(s):
    parse_number(s)
    tokenize(s)


def test_long_repetitions_give_sane_results():
    """Pathological repetitions (20,000 x "1.", "1-1-", unbalanced quotes) are scanned without
    catastrophic backtracking and give nothing absurd."""
    from pntd_extract.figures.scan import scan
    assert scan("1." * 20000).figures == []
    assert scan("1-1-" * 5000).dates == []
    assert scan("12-" * 7000).figures == []
    assert [f.value for f in scan("“" * 5000 + "5%").figures] == [5]
    assert len(scan("1.000đ " * 2000).figures) == 2000


@pytest.mark.parametrize("s", ["5 trăm", "12 trăm triệu", "0 trăm triệu", "2 chục"])
def test_digit_hundreds_need_one_digit_and_a_scale_word(s):
    """"5 trăm" alone may be a label; only one digit 1-9 before trăm/chục + scale word is a numeral."""
    assert parse_number(s) is None
