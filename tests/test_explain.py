"""Named rules and provenance (issue 11): every fact says which rule made it; ``explain`` answers.

* every fact of the reference article carries a rule chain whose rules are all declared, and
  ``explain`` (library and CLI) answers for each of them;
* tracing changes nothing in the record;
* the rule catalog is well formed: ``dimension.what`` names, a description, existing lexicons.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app
from pntd_extract.explain import explain_record, explain_text, fact_items, format_explanations
from pntd_extract.lexicon import lexicon_files
from pntd_extract.rule import REJECT, Rule, RuleList, catalog, chain, tracing

SEED = Path(__file__).parent / "data" / "seed.txt"


@pytest.fixture(scope="module")
def traced_seed():
    with tracing() as tr:
        rec = extract(SEED.read_text(encoding="utf-8"))
    return rec, tr.events


def test_tracing_changes_nothing(traced_seed):
    rec, _ = traced_seed
    plain = extract(SEED.read_text(encoding="utf-8"))
    assert plain.model_dump() == rec.model_dump()


def test_every_seed_fact_has_a_declared_rule(traced_seed):
    rec, _ = traced_seed
    rules = catalog()
    facts = list(fact_items(rec))
    assert len(facts) > 100
    for fid, fname, item in facts:
        assert item.rule, f"{fid} ({fname}) has no rule"
        for name in item.rule.split(" > "):
            assert name in rules, f"{fid}: undeclared rule {name!r}"


def test_explain_answers_for_every_seed_fact(traced_seed):
    rec, events = traced_seed
    for fid, fname, item in fact_items(rec):
        exs = explain_record(rec, events, fact=fid)
        assert [e.fact_id for e in exs] == [fid]
        ex = exs[0]
        assert ex.chain and all(doc != "(undeclared rule)" for _, doc, _ in ex.chain), fid
        text = format_explanations(exs)
        assert text.startswith(f"{fid} ({fname})") and "rule " in text
        if fname in ("money", "percentages", "quantities"):
            marker = ex.chain[0][0]  # the marker rule fired at the span
            assert any(r == marker and outcome == "fired" for _, r, outcome, _, _ in ex.tried), (fid, ex.tried)


def test_the_trap_4_dong_chi_is_explained_as_a_count():
    text = "Tin\n\nHội nghị có 4 đồng chí lãnh đạo dự."
    rec = extract(text)
    at = rec.article.text.index("4 đồng")
    exs = explain_text(text, at=at)
    assert [e.field for e in exs] == ["quantities"]
    ex = exs[0]
    assert ex.chain[0][0] == "quantities.counted"
    # money was tried at "đồng" and did not apply: đồng chí is a compound, never money
    assert any(r == "money.currency_after" and outcome == "no" for _, r, outcome, _, _ in ex.tried)


def test_rejection_is_explained():
    text = "Tin\n\nTriển khai Đề án 938 hỗ trợ phụ nữ khởi nghiệp."
    rec = extract(text)
    at = rec.article.text.index("938")
    with tracing() as tr:
        extract(text)
    assert any(e.rule == "quantities.after_label" and e.outcome == "rejected" and e.at == at for e in tr.events)


def test_explain_at_offset_and_errors():
    with pytest.raises(ValueError):
        explain_text("Tin\n\nHội trao 15 triệu đồng.")
    assert explain_text("Tin\n\nHội trao 15 triệu đồng.", at=0) == []


def test_cli_explain(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["explain", str(SEED), "--fact", "money[7]"])
    assert res.exit_code == 0, res.output
    assert "73.640.000 đồng" in res.output and "money.currency_after" in res.output
    assert "currencies.tsv:" in res.output
    rec = extract(SEED.read_text(encoding="utf-8"))
    p = rec.people[0]
    res = runner.invoke(app, ["explain", str(SEED), "--at", str(p.mentions[0].start)])
    assert res.exit_code == 0 and p.name in res.output and "people." in res.output
    res = runner.invoke(app, ["explain", str(SEED)])
    assert res.exit_code == 2 and "exactly one of" in res.output
    res = runner.invoke(app, ["explain", str(SEED), "--fact", "zz9"])
    assert res.exit_code == 1 and "no fact with id" in res.output
    res = runner.invoke(app, ["explain", str(tmp_path / "missing.txt"), "--at", "3"])
    assert res.exit_code == 1 and "no such file" in res.output


def test_catalog_is_well_formed():
    files = lexicon_files()
    rules = catalog()
    assert len(rules) > 40
    for name, r in rules.items():
        assert re.fullmatch(r"[a-z]+\.[^\W\dA-Z_][^\WA-Z]*", name), name
        assert r.doc and len(r.doc) > 10, name
        for lx in r.lexicons:
            assert lx in files, f"{name}: unknown lexicon {lx}"


def test_rule_list_semantics():
    seen = []
    rl = RuleList("test.list", [
        Rule("test.none", "never applies here", lambda x: seen.append("none")),
        Rule("test.reject", "rejects negative numbers", lambda x: REJECT if x < 0 else None),
        Rule("test.fire", "fires on anything left", lambda x: x * 2),
    ])
    assert rl.first(3) == 6
    assert rl.first(-1) is None  # rejected: the try-order stops before test.fire
    assert rl.pick(2)[0].name == "test.fire"
    with tracing() as tr:
        rl.first(-1, at=7)
    assert [(e.rule, e.outcome, e.at) for e in tr.events] == [("test.none", "no", 7), ("test.reject", "rejected", 7)]
    assert chain("a.b", None, "c.d", "a.b") == "a.b > c.d"
