"""The quality gate: strict micro F1 per field on annotations/ must not drop below the floors
committed in quality/baseline.json (minus its epsilon). Raise floors with
``pntd-extract evaluate --gold annotations/ --update-baseline``; lowering one needs
``--allow-lower`` (see annotations/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pntd_extract.evaluate import FIELDS, check_baseline, evaluate, load_gold

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "quality" / "baseline.json"


@pytest.fixture(scope="module")
def report():
    golds, notes = load_gold(REPO / "annotations")
    golds = [g for g in golds if g.group == "corpus"]  # real/ needs ../shared: not gated
    return evaluate(golds, None, notes)


def test_baseline_covers_every_field():
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert set(base["floors"]) == set(FIELDS) | {"all"}
    assert 0 < float(base["epsilon"]) <= 0.02


def test_extraction_runs_on_every_gold_article(report):
    assert not [n for n in report.notes if "extraction failed" in n]
    assert report.articles["corpus"] >= 13


def test_no_field_below_its_floor(report):
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    failures = check_baseline(report, base)
    assert not failures, "quality regression (strict F1 below floor):\n" + "\n".join(failures)
