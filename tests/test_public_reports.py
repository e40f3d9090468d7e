"""Every case of ``tests/data/public-reports.jsonl`` (copied from shared/cases) is a test.

Each case reproduces a fault reported publicly against a Vietnamese NLP tool; the test checks
the whole case through :func:`pntd_extract.extract`: the expected facts (an extractor may return
more) and the ``must_not`` list, turned into structural checks. Cases that need a recognizer
not built yet are strict expected failures naming the issue that fixes them (XFAIL below).
"""
import json
import unicodedata
from pathlib import Path

import pytest

from pntd_extract import extract
from pntd_extract.normalize import to_raw
from pntd_extract.pipeline import build_context

CASES = [json.loads(l) for l in (Path(__file__).parent / "data" / "public-reports.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]

# case id -> reason (names the issue); strict: an unexpected pass fails the suite
XFAIL: dict[str, str] = {}  # every case passes since issues #3, #4 and #5 landed

GENDER = {"bà": "female", "chị": "female", "cô": "female", "ông": "male", "anh": "male"}


def _norm(s):
    return unicodedata.normalize("NFC", s).replace("’", "'").casefold()


def _sentences(rec):
    ctx = build_context(rec.article.text, rec.article.sections, None)
    return ctx.read_sentences()


def _find_person(rec, name):
    for p in rec.people:
        if _norm(p.name) == _norm(name):
            return p
    raise AssertionError(f"person {name!r} not in {[p.name for p in rec.people]}")


def check_case(case):
    exp = case["expected"]
    rec = extract(case["input"])
    text = rec.article.text
    for _, sp in rec.iter_spans():
        assert text[sp.start:sp.end] == sp.text
    if "sentences" in exp:
        assert len(_sentences(rec)) == exp["sentences"]
    for v in exp.get("percentages", []):
        assert any(p.value == v for p in rec.percentages), f"{v}% not in {[p.value for p in rec.percentages]}"
    for m in exp.get("money", []):
        hits = [x for x in rec.money if x.amount == m["amount"] and x.currency == m["currency"]]
        assert hits, f"money {m} not in {[(x.amount, x.currency) for x in rec.money]}"
        if "per" in m:
            assert any(x.per == m["per"] for x in hits)
    for q in exp.get("quantities", []):
        assert any(x.value == q["value"] and q["unit"] in (x.unit, x.counted) for x in rec.quantities), \
            f"quantity {q} not in {[(x.value, x.unit, x.counted) for x in rec.quantities]}"
    for d in exp.get("dates", []):
        if "value" in d:
            assert any(x.value == d["value"] and d["text"] in x.text for x in rec.dates), \
                f"date {d} not in {[(x.text, x.value) for x in rec.dates]}"
        if "month" in d:
            assert any(d["text"] in x.text and x.grain == "month" and x.value.endswith(f"{d['month']:02d}") for x in rec.dates)
    for pr in exp.get("programmes", []):
        ok = [p for p in rec.programmes
              if (_norm(p.name) == _norm(pr["name"]) or _norm(f"{p.kind} {p.number}") == _norm(pr["name"]))
              and _norm(p.kind) == _norm(pr["type"])]
        assert ok, f"programme {pr} not in {[(p.kind, p.name, p.number) for p in rec.programmes]}"
        if "text" in pr:
            assert any(m.text == pr["text"] for p in ok for m in p.mentions)
        for p in ok:
            assert not p.name.endswith(("”", '"', ".")) and not p.name.startswith(("“", '"'))
    for o in exp.get("orgs", []):
        hits = [x for x in rec.organizations if _norm(x.name) == _norm(o["name"])]
        assert hits, f"org {o['name']!r} not in {[x.name for x in rec.organizations]}"
        if "expanded" in o:
            assert any(_norm(x.expanded or "") == _norm(o["expanded"]) for x in hits)
    for loc in exp.get("locations", []):
        hits = [x for x in rec.locations if _norm(x.name) == _norm(loc["name"])]
        assert hits, f"location {loc['name']!r} not in {[x.name for x in rec.locations]}"
        if "type" in loc:
            assert any(x.level == loc["type"] for x in hits)
        if "canonical" in loc:
            assert any(_norm(x.canonical or "") == _norm(loc["canonical"]) for x in hits)
    for pe in exp.get("persons", []):
        p = _find_person(rec, pe["name"])
        if "honorific" in pe:
            assert p.gender == GENDER[pe["honorific"]]
        if "titles" in pe:
            assert [t.rstrip(".") for t in p.titles] == pe["titles"]
        if "role" in pe:
            roles = [r for r in rec.roles if r.person_id == p.id and _norm(r.title) == _norm(pe["role"])]
            assert roles, f"role {pe['role']!r} of {p.name} not in {[(r.person, r.title, r.organization) for r in rec.roles]}"
            if "org" in pe:
                assert any(_norm(r.organization or "") == _norm(pe["org"]) for r in roles)
    return rec


# structural versions of each case's must_not list
def must_not(case_id, rec):
    if case_id == "B01":
        assert not any(q.value == 938 for q in rec.quantities)
    if case_id == "B02":
        for f in ("people", "organizations", "locations", "programmes"):
            assert not any(e.name.startswith(".") for e in getattr(rec, f))
    if case_id == "B04":
        assert not any(l.name.endswith(".") for l in rec.locations)
        assert not any(o.name.endswith(".") for o in rec.organizations)
    if case_id == "B05":
        assert not any("PGS" in p.name or "TS" in p.name for p in rec.people)
    if case_id == "B06":
        assert not any("Thủ tướng" in l.name or "Leon" in l.name for l in rec.locations)
    if case_id == "B07":
        assert not any("," in l.name for l in rec.locations)
    if case_id == "B09":
        assert not any(p.name in ("H", "Lim Mlô") for p in rec.people)
    if case_id == "B17":
        assert not any(d.value.endswith("03-02") for d in rec.dates)
        assert not any(d.value.endswith("09-01") for d in rec.dates)
        assert not any("2-3" in d.text for d in rec.dates)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_public_report_case(case):
    try:
        rec = check_case(case)
        must_not(case["id"], rec)
    except AssertionError:
        if case["id"] in XFAIL:
            pytest.xfail(XFAIL[case["id"]])
        raise
    assert case["id"] not in XFAIL, f"{case['id']} passes now: remove it from XFAIL"


def test_b09_ascii_apostrophe_gives_same_person():
    case = next(c for c in CASES if c["id"] == "B09")
    a = extract(case["input"])
    b = extract(case["input"].replace("’", "'"))
    assert [_norm(p.name) for p in a.people] == [_norm(p.name) for p in b.people]


def test_b10_nfd_input_spans_map_back_to_raw():
    case = next(c for c in CASES if c["id"] == "B10")
    raw = case["input"]
    rec = extract(raw)
    text = rec.article.text
    assert unicodedata.is_normalized("NFC", text)
    for _, sp in rec.iter_spans():
        r0, r1 = to_raw(rec.article.offset_map, sp.start), to_raw(rec.article.offset_map, sp.end)
        assert unicodedata.normalize("NFC", raw[r0:r1]) == sp.text
    for s, e in [(0, len(text))]:
        assert unicodedata.normalize("NFC", raw[to_raw(rec.article.offset_map, s):to_raw(rec.article.offset_map, e)]) == text


def test_b19_doc_text_is_input_and_empty_input_gives_nothing():
    from pntd_extract.pipeline import build_context
    case = next(c for c in CASES if c["id"] == "B19")
    rec = extract(case["input"])
    ctx = build_context(rec.article.text, rec.article.sections, None)
    doc = ctx.doc
    assert doc.text == case["input"]
    assert "_" not in "".join(t.text for t in doc)
    assert all(len(t.text) > 1 or not t.text.isalpha() or t.text in "ở" for t in doc)
    empty = extract("")
    assert all(getattr(empty, f) == [] for f in ("people", "money", "dates", "programmes", "quantities"))
