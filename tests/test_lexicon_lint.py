"""Lexicon lint: every lexicon file is NFC UTF-8, opens with a header comment naming its fields
and source, has no duplicate row, keeps to its allowed values, and is read by a declared rule."""
from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from pntd_extract.lexicon import lexicon_files
from pntd_extract.rule import catalog

FILES = lexicon_files()

# file -> {column index: allowed values} (the values each file's header documents)
ALLOWED = {
    "units.tsv": {2: {"measure", "time", "age"}},
    "currencies.tsv": {2: {"after", "before", "both"}},
    "qualifiers.tsv": {1: {"over", "under", "approx"}, 2: {"before", "after"}},
    "titles.tsv": {1: {"party", "state", "mass", "admin", "business", "education", "health", "justice",
                       "security", "foreign", "other"}},
    "honorifics.tsv": {1: {"female", "male", "-"}},
}


def _rows(name: str) -> list[str]:
    return [l for l in FILES[name].read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]


@pytest.mark.parametrize("name", sorted(FILES))
def test_lexicon_file_is_clean(name):
    text = FILES[name].read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text), f"{name}: not NFC"
    lines = text.splitlines()
    assert lines and lines[0].startswith("# "), f"{name}: no header comment"
    header = " ".join(l for l in lines if l.startswith("#")).lower()
    assert "source" in header or "compiled" in header or "from" in header, f"{name}: header names no source"
    dups = [r for r, c in Counter(_rows(name)).items() if c > 1]
    assert not dups, f"{name}: duplicate rows {dups[:3]}"
    assert "\ufeff" not in text and "\r" not in text, f"{name}: BOM or CR"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_lexicon_allowed_values(name):
    for i, row in enumerate(_rows(name), 1):
        cols = [c.strip() for c in row.split("\t")]
        for col, allowed in ALLOWED[name].items():
            assert col < len(cols) and cols[col] in allowed, f"{name} row {i}: {cols!r} (column {col}: {sorted(allowed)})"


def test_every_lexicon_is_read_by_a_declared_rule():
    named = {lx for r in catalog().values() for lx in r.lexicons}
    unused = sorted(set(FILES) - named)
    assert not unused, f"lexicons no rule declares: {unused} (add them to the Rule's lexicons)"
