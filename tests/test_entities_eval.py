"""Evaluation of the entity layer against gold annotations (issue #4).

* The gold files of ``annotations/real/`` are checked for shape (always);
* on the project corpus (``annotations/*.json``) and on the real articles
  (``../shared/corpus/real``, skipped when absent) ours must beat raw underthesea ``ner()``
  on PER F1 (scripts/eval_ner.py; strict matching).
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_GOLD = REPO / "annotations" / "real"
REAL_CORPUS = REPO.parent / "shared" / "corpus" / "real"


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_ner", REPO / "scripts" / "eval_ner.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_ner", mod)
    spec.loader.exec_module(mod)
    return mod


def test_real_gold_files_are_well_formed():
    files = sorted(REAL_GOLD.glob("*.json"))
    assert len(files) >= 30
    sources = set()
    for f in files:
        d = json.loads(f.read_text(encoding="utf-8"))
        assert d["file"] == f.stem + ".txt" and not d["file"].startswith("vietnews-")
        sources.add(d["file"].split("-")[0])
        last = -1
        for e in d["entities"]:
            assert e["type"] in ("PER", "ORG", "LOC")
            assert 0 <= e["start"] < e["end"] and len(e["text"]) == e["end"] - e["start"]
            assert e["start"] >= last  # sorted, flat (never nested)
            last = e["end"]
        for field in ("people", "organizations", "locations"):
            assert all(isinstance(x, dict) and x.get("name") for x in d[field])
    assert len(sources) >= 4  # a mix of sources


def _f1(counts: dict) -> float:
    c = counts["strict"]["PER"]
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.evaluation
def test_real_articles_per_f1_beats_underthesea():
    if not REAL_CORPUS.is_dir():
        pytest.skip("../shared/corpus/real is absent (plain clone): real-article evaluation skipped")
    ev = _eval_module()
    docs = ev.load_real(REAL_GOLD, REAL_CORPUS)
    assert len(docs) >= 30
    res = ev.evaluate(docs)
    ours, theirs = _f1(res["pntd-extract"]["counts"]), _f1(res["underthesea ner()"]["counts"])
    assert ours > theirs, (ours, theirs)


@pytest.mark.evaluation
def test_project_corpus_per_f1_beats_underthesea():
    ev = _eval_module()
    docs = ev.load_project(REPO / "annotations", REPO / "corpus")
    if not docs:
        pytest.skip("no project gold annotations with people")
    res = ev.evaluate(docs)
    ours, theirs = _f1(res["pntd-extract"]["counts"]), _f1(res["underthesea ner()"]["counts"])
    assert ours > theirs, (ours, theirs)
