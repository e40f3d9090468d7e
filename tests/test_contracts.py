"""Declared contracts: each recognizer changes only the fields it writes or declares it edits,
reads only fields written before it, and every dimension's recognizer module is loaded."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pntd_extract import dimensions, pipeline
from pntd_extract import schema as S
from pntd_extract.registry import REGISTRY, recognizers

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [ROOT / "tests" / "data" / "seed.txt", *sorted((ROOT / "corpus").glob("*.txt"))[:6]]


def _snapshot(ctx, fields):
    return {f: [x.model_dump() for x in ctx.facts[f]] for f in fields}


def _guarded(rec):
    others = [f for f in S.FACT_FIELDS if f not in rec.fields and f not in rec.edits]

    def fn(ctx):
        before = _snapshot(ctx, others)
        rec.fn(ctx)
        after = _snapshot(ctx, others)
        changed = [f for f in others if before[f] != after[f]]
        assert not changed, f"recognizer {rec.name} changed {changed} without declaring them (edits=)"

    return replace(rec, fn=fn)


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_recognizers_keep_their_contracts(path, monkeypatch):
    guarded = [_guarded(r) for r in recognizers()]
    monkeypatch.setattr(pipeline, "recognizers", lambda only=None: guarded)
    rec = pipeline.extract(path.read_text(encoding="utf-8"))
    assert not [w for w in rec.warnings if "failed" in w], rec.warnings


def test_reads_come_from_earlier_recognizers():
    writers: dict[str, int] = {}
    for r in recognizers():
        for f in r.fields:
            writers.setdefault(f, r.order)
    for r in recognizers():
        for f in r.reads:
            assert f in writers and writers[f] <= r.order, (r.name, f)


def test_every_field_has_a_writer_and_modules_are_loaded():
    dimensions.load()
    written = {f for r in REGISTRY.values() for f in r.fields}
    assert written == set(S.FACT_FIELDS)
    assert REGISTRY["programme_links"].edits == ("money", "percentages", "quantities")


def test_unknown_field_is_an_error():
    from pntd_extract.registry import register

    with pytest.raises(ValueError, match="unknown record field"):
        register("test_bad", order=999, fields=("monies",))(lambda ctx: None)
