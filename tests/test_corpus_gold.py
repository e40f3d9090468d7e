"""Consistency of the hand-written gold annotations in annotations/ with their articles.

These tests check the *gold*, not the extractor: every annotated surface text occurs in the
part of the article that recognizers read (title, body, captions), every figure's value
agrees with its own surface text (an independent, deliberately tiny numeral reader), roles
name annotated people, and every check's arithmetic and status follow the rules in
annotations/README.md.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pntd_extract.evaluate import FIELDS, check_kind, load_gold, norm
from pntd_extract.layout import parse_layout
from pntd_extract.normalize import normalize

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "annotations"
FILES = sorted(GOLD.glob("*.json"))
READ = ("title", "body", "caption")
MULT = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def _read_text(path: Path) -> str:
    text = normalize(path.read_text(encoding="utf-8"))[0]
    lay = parse_layout(text)
    return "\n".join(text[s.start:s.end] for s in lay.sections if s.kind in READ)


def _vn_number(s: str) -> float:
    """'2.581,3' -> 2581.3 ; '4.523' -> 4523 ; '03' -> 3 (Vietnamese separators)."""
    return float(s.replace(".", "").replace(",", "."))


def _numbers(text: str) -> list[float]:
    """Numbers of a surface text with their multiplier word; in a range "30 đến 50 triệu"
    the low end shares the high end's multiplier."""
    found = [(_vn_number(m.group(1)), MULT.get(m.group(2) or "", 0))
             for m in re.finditer(r"(\d[\d.,]*\d|\d)(?:\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?!\w))?", text)]
    out = []
    for i, (v, mult) in enumerate(found):
        if not mult and i + 1 < len(found) and found[i + 1][1] and re.search(r"\d\s*(đến|-|–)\s*\d", text):
            mult = found[i + 1][1]
        out.append(v * (mult or 1))
    return out


@pytest.fixture(scope="module")
def golds():
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in FILES}


def test_corpus_has_enough_annotated_articles():
    corpus = sorted((REPO / "corpus").glob("*.txt"))
    assert len(corpus) >= 12
    stems = {p.stem for p in FILES}
    assert {p.stem for p in corpus} <= stems, "every corpus article needs a gold file"
    assert "seed-pntd-bac-tu-liem-2024" in stems


def test_load_gold_reads_every_file():
    arts, _ = load_gold(GOLD)
    assert {a.name for a in arts if a.group == "corpus"} == {p.stem for p in FILES}
    for a in arts:
        assert a.article is not None and a.article.is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_gold_file_shape_and_surface_texts(path):
    g = json.loads(path.read_text(encoding="utf-8"))
    art = REPO / g["file"]
    assert art.is_file()
    read = _read_text(art)
    low = norm(read)
    for f in FIELDS:
        assert isinstance(g.get(f), list), f"{f} missing"
    # figures and dates: each surface text occurs at least as often as it is annotated
    for f in ("money", "percentages", "quantities", "dates"):
        need: dict[str, int] = {}
        for item in g[f]:
            need[item["text"]] = need.get(item["text"], 0) + 1
        for text, n in need.items():
            assert read.count(text) >= n, f"{f}: {text!r} annotated {n}x, found {read.count(text)}x"
    for f in ("people", "organizations", "locations"):
        for e in g[f]:
            names = [e["name"], *e.get("aliases", [])]
            assert any(norm(n) in low for n in names), f"{f}: {e['name']!r} not in the article"
    people = {norm(p["name"]) for p in g["people"]}
    for r in g["roles"]:
        assert norm(r["person"]) in people, f"role person {r['person']!r} is not an annotated person"
    assert g["checks"], "each article needs at least one annotated check"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_figure_values_agree_with_their_text(path):
    g = json.loads(path.read_text(encoding="utf-8"))
    for m in g["money"]:
        nums = _numbers(m["text"])
        assert nums and nums[0] == pytest.approx(m["amount"]), m
        if m.get("amount_max") is not None:
            assert nums[1] == pytest.approx(m["amount_max"]) and m["qualifier"] == "range", m
        assert m["currency"] in ("VND", "USD")
    for p in g["percentages"]:
        assert _numbers(p["text"])[0] == pytest.approx(p["value"]), p
    for q in g["quantities"]:
        assert _numbers(q["text"])[0] == pytest.approx(q["value"]), q
    for d in g["dates"]:
        assert d["grain"] in ("year", "quarter", "month", "day")
        pat = {"year": r"\d{4}", "quarter": r"\d{4}-Q[1-4]", "month": r"\d{4}-\d\d", "day": r"\d{4}-\d\d-\d\d"}[d["grain"]]
        assert re.fullmatch(pat, d["value"]), d


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_check_arithmetic(path):
    g = json.loads(path.read_text(encoding="utf-8"))
    for c in g["checks"]:
        kind = check_kind(c["kind"])
        assert c["status"] in ("consistent", "mismatch")
        if kind == "total":
            assert sum(c["parts"]) == pytest.approx(c["computed"])
            assert c["stated"] - c["computed"] == pytest.approx(c["difference"])
            assert (c["status"] == "consistent") == (abs(c["difference"]) < 1e-6)
        elif kind == "part":
            assert (c["status"] == "mismatch") == (c["stated"] > c["computed"])
        elif kind == "percentage":
            tol = 0.5 * 10 ** -len(str(c["stated"]).partition(".")[2]) + 1e-9
            assert (c["status"] == "consistent") == (abs(c["stated"] - c["computed"]) <= tol)
        else:
            pytest.fail(f"unknown check kind {c['kind']!r}")


def test_corpus_mixes_consistent_and_mismatched_figures(golds):
    statuses = [c["status"] for g in golds.values() for c in g["checks"]]
    assert statuses.count("mismatch") >= 5 and statuses.count("consistent") >= 20
