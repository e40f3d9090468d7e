"""Scoring against gold annotations: matching rules, counts, gold loading, the CLI and the
baseline update rules. Examples are written for these tests (Vietnamese, our own text)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pntd_extract import evaluate as E
from pntd_extract.cli import app

ARTICLE = (
    "Hội LHPN phường Yên Hòa trao 30 suất quà\n\n"
    "LAN PHƯƠNG\nChia sẻ\n\n"
    "(PNTĐ) - Ngày 5/2, bà Trần Thị Mai, Chủ tịch Hội LHPN phường Yên Hòa trao 30 suất quà, "
    "mỗi suất 500.000 đồng. Tổng kinh phí là 15 triệu đồng.\n"
)


def money(amount, q="exact", cur="VND", **kw):
    return {"amount": amount, "currency": cur, "qualifier": q, **kw}


# ---------------------------------------------------------------- matching rules
def test_norm_folds_case_tones_quotes_and_spaces():
    assert E.norm(" “Quận  uỷ Bắc Từ Liêm”. ") == E.norm("quận ủy bắc từ liêm")


@pytest.mark.parametrize("field,gold,pred,strict,lenient", [
    ("money", money(15e6), money(15_000_000), True, True),
    ("money", money(92_368_000, "over"), money(92_368_000), False, True),
    ("money", money(5000, cur="USD"), money(5000), False, False),
    ("money", money(30e6, "range", amount_max=50e6), money(30e6, "range", amount_max=50e6), True, True),
    ("money", money(2e6, per="người"), money(2e6), False, True),
    ("percentages", {"value": 224.6}, {"value": 224.6, "qualifier": "exact"}, True, True),
    ("percentages", {"value": 55, "qualifier": "over"}, {"value": 55}, False, True),
    ("quantities", {"value": 46, "counted": ["hộ"]}, {"value": 46, "counted": "hộ"}, True, True),
    ("quantities", {"value": 46, "counted": ["hộ"]}, {"value": 46, "counted": "hộ thoát"}, False, True),
    ("quantities", {"value": 4523, "unit": "m", "counted": [None]}, {"value": 4523, "unit": "m"}, True, True),
    ("dates", {"value": "2024-01-09", "grain": "day"}, {"value": "2024-01-09", "grain": "day"}, True, True),
    ("dates", {"value": "2024-01-09", "grain": "day"}, {"value": "2023-01-09", "grain": "day"}, False, True),
    ("dates", {"value": "2024-10", "grain": "month"}, {"value": "2024", "grain": "year"}, False, True),
    ("people", {"name": "Đỗ Thị Kim Chi", "gender": "female"}, {"name": "Đỗ Thị KIm Chi", "gender": "female"}, True, True),
    ("people", {"name": "Bùi Thị Trinh", "gender": "female"}, {"name": "Bùi Thị Trinh", "gender": "male"}, False, True),
    ("people", {"name": "Nguyễn Tiến Thành"}, {"name": "Tiến Thành"}, False, True),
    ("people", {"name": "Nguyễn Đình Hùng"}, {"name": "Nguyễn"}, False, True),
    ("organizations", {"name": "Hội LHPN quận Bắc Từ Liêm", "aliases": ["Hội LHPN quận"]}, {"name": "Hội LHPN quận"}, True, True),
    ("organizations", {"name": "Viện Huyết học - Truyền máu Trung ương"}, {"name": "Viện Huyết học - Truyền"}, False, True),
    ("locations", {"name": "Bắc Từ Liêm", "level": "quận"}, {"name": "quận Bắc Từ Liêm", "level": "quận"}, True, True),
    ("locations", {"name": "Hà Nội", "level": None}, {"name": "Hà Nội", "level": "thành phố"}, True, True),
    ("locations", {"name": "Nghệ An", "level": "tỉnh"}, {"name": "Nghệ An", "level": "xã"}, False, True),
    ("roles", {"person": "Bùi Thị Trinh", "title": "Chủ tịch", "organization": "Hội LHPN quận Bắc Từ Liêm"},
     {"person": "Bùi Thị Trinh", "title": "Chủ tịch", "organization": "Hội LHPN quận Bắc Từ Liêm"}, True, True),
    ("roles", {"person": "Bùi Thị Trinh", "title": "Chủ tịch", "organization": "Hội LHPN quận Bắc Từ Liêm"},
     {"person": "Bùi Thị Trinh", "title": "Chủ tịch", "organization": "Hội LHPN quận"}, False, True),
    ("roles", {"person": "Bùi Thị Trinh", "title": "Chủ tịch", "organization": "Hội LHPN quận Bắc Từ Liêm"},
     {"person": "Bùi Thị Trinh", "title": "Phó Chủ tịch", "organization": "Hội LHPN quận Bắc Từ Liêm"}, False, True),
    ("roles", {"person": "Lê Văn Hưng", "title": "Chủ tịch", "organization": "Hội Nông dân huyện"},
     {"person": "Lê Văn Hưng", "title": "Giám đốc", "organization": "Hội Nông dân huyện"}, False, False),
    ("programmes", {"name": "hũ gạo tình thương", "kind": "mô hình"}, {"name": "Hũ gạo tình thương", "kind": "mô hình"}, True, True),
    ("programmes", {"name": "Đề án 938", "kind": "đề án", "number": "938"}, {"name": "Tuyên truyền ...", "kind": "đề án", "number": "938"}, True, True),
    ("programmes", {"name": "Sạch đồng ruộng", "kind": "mô hình"}, {"name": "Sạch đồng ruộng", "kind": "phong trào"}, False, True),
    ("checks", {"kind": "total", "status": "mismatch", "stated": 73640000},
     {"kind": "totals", "status": "mismatch", "values": {"stated": 73640000, "computed": 68640000}}, True, True),
    ("checks", {"kind": "total", "status": "mismatch", "stated": 73640000},
     {"kind": "sum", "status": "consistent", "values": {"stated": 73640000}}, False, False),
    ("checks", {"kind": "part", "status": "consistent", "stated": 765},
     {"kind": "total", "status": "consistent", "values": {"part": 765}}, False, True),
])
def test_strict_and_lenient_rules(field, gold, pred, strict, lenient):
    assert E.match_field(field, [gold], [pred], "strict")[0] == int(strict)
    assert E.match_field(field, [gold], [pred], "lenient")[0] == int(lenient)


def test_matching_is_one_to_one_and_order_free():
    gold = [money(10e6), money(10e6), money(20e6)]
    pred = [money(10e6), money(20e6), money(10e6, "approx")]
    tp, miss, spur = E.match_field("money", gold, pred, "strict")
    assert (tp, len(miss), len(spur)) == (2, 1, 1)
    # lenient: the approx prediction can take the second 10 million
    assert E.match_field("money", gold, pred, "lenient")[0] == 3
    assert E.match_field("money", list(reversed(gold)), list(reversed(pred)), "lenient")[0] == 3


def test_bipartite_matching_finds_the_maximum():
    # greedy first-fit would give the broad prediction to the first gold item and lose one
    gold = [{"name": "Hội LHPN"}, {"name": "Hội LHPN quận Bắc Từ Liêm"}]
    pred = [{"name": "Hội LHPN quận Bắc Từ Liêm"}, {"name": "Hội LHPN Hà Nội"}]
    assert E.match_field("organizations", gold, pred, "lenient")[0] == 2


def test_unknown_mode_is_an_error():
    with pytest.raises(ValueError):
        E.match_field("money", [], [], "fuzzy")


def test_counts_precision_recall_f1():
    c = E.Counts(tp=6, fp=2, fn=4)
    assert c.precision == pytest.approx(0.75) and c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert E.Counts().f1 is None and E.Counts().precision is None


def test_record_facts_drops_info_checks_and_duplicate_roles():
    rec = {"roles": [{"person": "A B", "title": "Chủ tịch", "organization": "UBND xã"}] * 3,
           "checks": [{"kind": "unit_value", "status": "info", "values": {}},
                      {"kind": "total", "status": "mismatch", "values": {"stated": 5}}]}
    facts = E.record_facts(rec)
    assert len(facts["roles"]) == 1 and [c["kind"] for c in facts["checks"]] == ["total"]


# ---------------------------------------------------------------- gold files and evaluation
def _write_gold(tmp: Path, **facts) -> Path:
    (tmp / "corpus").mkdir()
    (tmp / "corpus" / "yen-hoa.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp / "annotations"
    gold.mkdir()
    data = {"file": "corpus/yen-hoa.txt", "published": "2024-02-06", **facts}
    (gold / "yen-hoa.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return gold


def _pred_record(**facts) -> dict:
    from pntd_extract.normalize import normalize

    return {"article": {"text": normalize(ARTICLE)[0], "path": "corpus/yen-hoa.txt"}, **facts}


def test_evaluate_with_predictions(tmp_path):
    gold = _write_gold(tmp_path, money=[money(500000), money(15e6)],
                       people=[{"name": "Trần Thị Mai", "gender": "female"}])
    golds, notes = E.load_gold(gold)
    assert len(golds) == 1 and not notes
    pred = _pred_record(money=[money(500000), money(30)], people=[{"name": "Trần Thị Mai", "gender": "female"}])
    rep = E.evaluate(golds, [pred])
    strict = rep.groups["corpus"]["strict"]
    assert (strict["money"].tp, strict["money"].fp, strict["money"].fn) == (1, 1, 1)
    assert strict["people"].f1 == 1.0
    assert strict["dates"].f1 is None  # nothing annotated, nothing predicted
    assert rep.per_article["yen-hoa"]["strict"]["money"].tp == 1
    assert rep.errors["yen-hoa"]["money"]["missed"][0]["amount"] == 15e6


def test_missing_prediction_counts_everything_missed(tmp_path):
    gold = _write_gold(tmp_path, money=[money(15e6)])
    (tmp_path / "corpus" / "other.txt").write_text("Tin khác\n\nUBND xã trao 2 triệu đồng.\n", encoding="utf-8")
    (gold / "other.json").write_text(json.dumps({"file": "corpus/other.txt", "money": [money(2e6)]}), encoding="utf-8")
    golds, _ = E.load_gold(gold)
    rep = E.evaluate(golds, [_pred_record(money=[money(15e6)])])
    assert rep.groups["corpus"]["strict"]["money"].fn == 1 and rep.groups["corpus"]["strict"]["money"].tp == 1
    assert any("other: no prediction" in n for n in rep.notes)
    # a group without any prediction at all is not scored
    rep = E.evaluate(golds, [])
    assert "corpus" not in rep.groups and any("not scored" in n for n in rep.notes)


def test_real_annotations_without_article_are_skipped(tmp_path):
    gold = _write_gold(tmp_path)
    (gold / "real").mkdir()
    (gold / "real" / "dantri-0001.json").write_text(
        json.dumps({"file": "../shared/corpus/real/dantri-0001.txt", "people": [{"name": "X"}]}), encoding="utf-8")
    golds, notes = E.load_gold(gold, real_corpus=tmp_path / "nowhere")
    assert [g.group for g in golds] == ["corpus"]
    assert any("dantri-0001" in n for n in notes)


def test_real_annotations_score_entity_fields_only(tmp_path):
    gold = _write_gold(tmp_path)
    real = tmp_path / "real-articles"
    real.mkdir()
    (real / "r1.txt").write_text(ARTICLE, encoding="utf-8")
    (gold / "real").mkdir()
    (gold / "real" / "r1.json").write_text(json.dumps(
        {"file": "../shared/corpus/real/r1.txt", "people": [{"name": "Trần Thị Mai"}],
         "money": [money(1)]}), encoding="utf-8")
    golds, _ = E.load_gold(gold, real_corpus=real)
    r = [g for g in golds if g.group == "real"][0]
    assert r.fields == E.ENTITY_FIELDS and "money" not in r.facts


def test_malformed_gold_names_the_file(tmp_path):
    gold = _write_gold(tmp_path)
    (gold / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(E.GoldError, match="bad.json"):
        E.load_gold(gold)
    (gold / "bad.json").write_text(json.dumps({"file": "corpus/none.txt"}), encoding="utf-8")
    with pytest.raises(E.GoldError, match="not found"):
        E.load_gold(gold)


# ---------------------------------------------------------------- baseline rules
def _report(f1_money: float) -> E.Report:
    rep = E.Report()
    tp = int(round(f1_money * 100))
    rep.groups["corpus"] = {"strict": {"money": E.Counts(tp, 100 - tp, 100 - tp)}}
    return rep


def test_gate_passes_within_epsilon_and_fails_below():
    base = {"epsilon": 0.005, "floors": {"money": 0.80}}
    assert E.check_baseline(_report(0.80), base) == []
    assert E.check_baseline(_report(0.79), base)
    assert E.check_baseline(_report(0.90), {"floors": {"people": 0.5}})  # no score for a floored field


def test_update_raises_freely_but_refuses_to_lower():
    new, changes = E.update_baseline(_report(0.90), {"floors": {"money": 0.80}})
    assert new["floors"]["money"] == 0.9 and changes
    with pytest.raises(ValueError, match="allow-lower"):
        E.update_baseline(_report(0.70), {"floors": {"money": 0.80}})
    new, _ = E.update_baseline(_report(0.70), {"floors": {"money": 0.80}}, allow_lower=True)
    assert new["floors"]["money"] == 0.7


# ---------------------------------------------------------------- CLI
def test_cli_json_and_gate(tmp_path):
    gold = _write_gold(tmp_path, money=[money(500000)])
    kb = tmp_path / "kb.jsonl"
    kb.write_text(json.dumps(_pred_record(money=[money(500000)]), ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(kb), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["groups"]["corpus"]["strict"]["fields"]["money"]["f1"] == 1.0
    base = tmp_path / "quality" / "baseline.json"
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(kb), "--update-baseline"])
    assert res.exit_code == 0 and json.loads(base.read_text())["floors"]["money"] == 1.0
    kb.write_text(json.dumps(_pred_record(money=[]), ensure_ascii=False) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(kb), "--check-baseline"])
    assert res.exit_code == 1
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(kb), "--update-baseline"])
    assert res.exit_code == 1 and json.loads(base.read_text())["floors"]["money"] == 1.0


def test_cli_table_runs_extraction(tmp_path):
    gold = _write_gold(tmp_path, money=[money(500000), money(15e6)])
    res = CliRunner().invoke(app, ["evaluate", "--gold", str(gold)])
    assert res.exit_code == 0, res.output
    assert "money" in res.stdout and "strict F1 per article" in res.stdout
