"""The programme parts of the public-report cases B01 and B02 (tests/data/public-reports.jsonl).

Schema mapping: a case's ``type`` ("Đề án", "Chương trình") is our lower-case ``kind``; for a
programme known only by its number the case's ``name`` ("Đề án 938") is our ``name`` as
written, and ``number`` holds the number ("938").
"""
import json
from pathlib import Path

from pntd_extract import extract

CASES = {c["id"]: c for c in (json.loads(l) for l in (Path(__file__).parent / "data" / "public-reports.jsonl")
                                .read_text(encoding="utf-8").splitlines() if l.strip())}


def test_b01_numbered_programme():
    case = CASES["B01"]
    rec = extract(case["input"])
    exp = case["expected"]["programmes"][0]
    assert [(p.name, p.kind, p.number) for p in rec.programmes] == [(exp["name"], exp["type"].lower(), "938")]
    assert [m.text for m in rec.programmes[0].mentions] == ["Đề án 938"]
    # must_not: the 938 is part of the name, not a quantity
    assert not any(q.value == 938 for q in rec.quantities)
    # "Theo Đề án 938, nữ chiếm 61% ... và 64% ...": both percentages belong to it
    assert [p.programme_id for p in rec.percentages] == [rec.programmes[0].id] * 2


def test_b02_quoted_programme_before_full_stop():
    case = CASES["B02"]
    rec = extract(case["input"])
    exp = case["expected"]["programmes"][0]
    assert [(p.name, p.kind) for p in rec.programmes] == [(exp["name"], exp["type"].lower())]
    p = rec.programmes[0]
    assert [m.text for m in p.mentions] == [exp["text"]]
    # must_not: no closing quote or full stop in the name, nothing starting with "."
    assert not p.name.endswith(("”", ".", '"')) and not p.name.startswith(".")
    sp = p.mentions[0]
    assert rec.article.text[sp.start:sp.end] == sp.text
