"""The quality gate: strict micro F1 per field must not drop below the floors committed in
quality/baseline.json (minus its epsilon): ``floors`` for annotations/*.json (our corpus and
the seed, always run) and ``real_floors`` for annotations/real/*.json (PER/ORG/LOC on real
articles; skipped when ../shared/corpus/real is absent) and ``realdev_floors`` for the
independent gold of ../shared/gold/real-dev (every field; skipped when it is absent). Raise floors with
``pntd-extract evaluate --gold annotations/ --update-baseline``; lowering one needs
``--allow-lower`` (see annotations/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pntd_extract import independent_gold as IG
from pntd_extract.evaluate import ENTITY_FIELDS, FIELDS, check_baseline, evaluate, load_gold

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "quality" / "baseline.json"
REAL = REPO.parent / "shared" / "corpus" / "real"
REALDEV = REPO.parent / "shared" / "gold" / "real-dev"


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def golds():
    return load_gold(REPO / "annotations")


def test_baseline_covers_every_field(baseline):
    assert set(baseline["floors"]) == set(FIELDS) | {"all"}
    assert set(baseline.get("real_floors", {})) <= set(ENTITY_FIELDS) | {"all"}
    assert set(baseline.get("realdev_floors", {})) <= set(IG.FIELDS) | {"all"}
    assert 0 < float(baseline["epsilon"]) <= 0.02


def test_corpus_fields_not_below_floor(golds, baseline):
    arts, notes = golds
    rep = evaluate([g for g in arts if g.group == "corpus"], None, notes)
    assert rep.articles["corpus"] >= 13
    assert not [n for n in rep.notes if "extraction failed" in n]
    failures = check_baseline(rep, baseline, group="corpus")
    assert not failures, "quality regression (strict F1 below floor):\n" + "\n".join(failures)


@pytest.mark.evaluation
def test_real_entities_not_below_floor(golds, baseline):
    if not REAL.is_dir():
        pytest.skip("../shared/corpus/real is absent (plain clone): real-article gate not run")
    real = [g for g in golds[0] if g.group == "real"]
    if not real or not baseline.get("real_floors"):
        pytest.skip("no annotations/real/*.json with their articles, or no real_floors in the baseline")
    rep = evaluate(real, None)
    failures = check_baseline(rep, baseline, group="real")
    assert not failures, "quality regression on real articles:\n" + "\n".join(failures)


@pytest.mark.evaluation
def test_realdev_not_below_floor(baseline):
    if not IG.is_independent_dir(REALDEV):
        pytest.skip("../shared/gold/real-dev is absent (plain clone): independent-gold gate not run")
    golds, notes = load_gold(REALDEV)
    rep = evaluate(golds, None, notes)
    assert rep.articles[IG.GROUP] == len(list(REALDEV.glob("*.gold.json")))
    assert not [n for n in rep.notes if "extraction failed" in n]
    failures = check_baseline(rep, baseline, group=IG.GROUP)
    assert not failures, "quality regression on ../shared/gold/real-dev:\n" + "\n".join(failures)
