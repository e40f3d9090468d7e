"""The independent gold format (``NAME.txt`` + ``NAME.gold.json``, as ../shared/gold/real-dev):
scoring rules field by field, optional entries, traps, bylines among people, loading and the
CLI. The gold objects and the article here are written for these tests (our own text)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pntd_extract import evaluate as E
from pntd_extract import independent_gold as IG
from pntd_extract.cli import app

ARTICLE = (
    "Hội Nông dân xã Tân Lập trao 20 suất quà\n\n"
    "Ngày 4/3, ông Phạm Văn Lộc, Chủ tịch Hội Nông dân xã Tân Lập trao 20 suất quà, "
    "mỗi suất trên 500.000 đồng. Ông Lộc cho biết hội đã chi 10 triệu đồng.\n\n"
    "Hoài Nam\n"
)


def score(gold: dict, pred: dict, field: str, mode: str = "strict", **kw) -> dict:
    return IG.score_article(gold, pred, **kw)[field][mode].as_dict()


# ---------------------------------------------------------------- people
def test_later_refs_resolve_to_one_person():
    gold = {"people": [{"name": "Phạm Văn Lộc", "later_refs": ["ông Lộc"]}]}
    for short in ("ông Lộc", "Lộc"):
        got = score(gold, {"people": [{"name": "Phạm Văn Lộc"}, {"name": short}]}, "people")
        assert (got["tp"], got["fp"], got["fn"]) == (1, 0, 0)


def test_unknown_person_is_a_false_positive_and_a_missing_one_a_false_negative():
    gold = {"people": [{"name": "Phạm Văn Lộc"}]}
    got = score(gold, {"people": [{"name": "Văn Lộc Phạm"}]}, "people")
    assert (got["tp"], got["fp"], got["fn"]) == (0, 1, 1)


def test_byline_among_people_is_reported_and_trap_listed():
    gold = {"author": "Hoài Nam - Thu Hà", "people": [], "not_people": ["Hoài Nam"]}
    res = IG.score_article(gold, {"people": [{"name": "Hoài Nam"}]})
    assert res["_byline_people"] == ["Hoài Nam"]
    assert res["_errors"]["people"]["trap"] == ["Hoài Nam"]


def test_author_names_are_split_and_scored():
    gold = {"author": "Hoài Nam - Thu Hà"}
    assert score(gold, {}, "author", author=["HOÀI NAM", "Thu Hà"])["f1"] == 1.0
    assert score(gold, {}, "author", author="Hoài Nam")["recall"] == 0.5
    assert IG.author_names(None) == []


# ---------------------------------------------------------------- optional entries
def test_optional_entry_neither_required_nor_penalised():
    gold = {"organizations": [{"name": "Hội Nông dân xã Tân Lập", "variants": ["Hội"]},
                              {"name": "Trạm bơm Tân Lập", "optional": True}]}
    hit = score(gold, {"organizations": [{"name": "Hội Nông dân xã Tân Lập"}, {"name": "Trạm bơm Tân Lập"}]},
                "organizations")
    assert (hit["tp"], hit["fp"], hit["fn"]) == (1, 0, 0)
    miss = score(gold, {"organizations": [{"name": "Hội"}]}, "organizations")
    assert (miss["tp"], miss["fp"], miss["fn"]) == (1, 0, 0)


def test_location_compared_without_level_word():
    gold = {"locations": [{"name": "Tân Lập", "level": "xã", "variants": []}]}
    assert score(gold, {"locations": [{"name": "xã Tân Lập"}]}, "locations")["f1"] == 1.0
    assert score(gold, {"locations": [{"name": "Tân"}]}, "locations")["f1"] == 0.0


# ---------------------------------------------------------------- roles
@pytest.mark.parametrize("pred_role,ok", [
    ({"person": "Phạm Văn Lộc", "title": "Chủ tịch", "organization": "Hội Nông dân xã Tân Lập"}, True),
    ({"person": "ông Lộc", "title": "chủ tịch", "organization": "Hội Nông dân xã Tân Lập"}, True),
    ({"person": "Phạm Văn Lộc", "title": "Chủ tịch", "organization": "Hội Nông dân"}, False),
    ({"person": "Phạm Văn Lộc", "title": "Phó Chủ tịch", "organization": "Hội Nông dân xã Tân Lập"}, False),
])
def test_role_person_title_exact_and_organisation_as_written(pred_role, ok):
    gold = {"people": [{"name": "Phạm Văn Lộc", "later_refs": ["ông Lộc"]}],
            "roles": [{"person": "Phạm Văn Lộc", "title": "Chủ tịch", "organization": "Hội Nông dân xã Tân Lập"}]}
    assert (score(gold, {"roles": [pred_role]}, "roles")["f1"] == 1.0) is ok


def test_role_alternatives_and_implied_organisation():
    gold = {"roles": [{"person": "Lê Thị Hoa", "title": "Trưởng phòng Kế toán", "organization": "Công ty Sao Mai",
                       "title_alt": "Trưởng phòng", "organization_alt": "Kế toán Công ty Sao Mai"},
                      {"person": "Lê Văn Tâm", "title": "Giám đốc", "organization": None,
                       "organization_implied": "Công ty Sao Mai"}]}
    pred = {"roles": [{"person": "Lê Thị Hoa", "title": "Trưởng phòng", "organization": "Kế toán Công ty Sao Mai"},
                      {"person": "Lê Văn Tâm", "title": "Giám đốc", "organization": "Công ty Sao Mai"}]}
    assert score(gold, pred, "roles")["f1"] == 1.0


# ---------------------------------------------------------------- figures
def test_money_multiset_with_qualifier_apart():
    gold = {"money": [{"amount": 500000, "currency": "VND", "qualifier": "over"},
                      {"amount": 500000, "currency": "VND", "qualifier": "exact"}],
            "money_traps": ["đồng chí"]}
    pred = {"money": [{"amount": 500000, "currency": "VND", "qualifier": "exact", "text": "500.000 đồng"}]}
    res = IG.score_article(gold, pred)
    assert (res["money"]["strict"].tp, res["money"]["strict"].fn) == (1, 1)
    assert res["money_qualifier"]["strict"].f1 == 1.0  # the one pair agrees (exact = exact)
    pred = {"money": [{"amount": 500000, "currency": "VND", "qualifier": "approx", "text": "khoảng 500.000 đồng"},
                      {"amount": 4, "currency": "VND", "text": "4 đồng chí"}]}
    res = IG.score_article(gold, pred)
    assert res["money_qualifier"]["strict"].f1 == 0.0
    assert res["_errors"]["money"]["trap"] == ["4 đồng chí"]


def test_money_range_end_scored_apart():
    gold = {"money": [{"amount": 2e6, "amount_max": 5e6, "currency": "VND", "qualifier": "range"}]}
    pred = {"money": [{"amount": 2e6, "amount_max": 3e6, "currency": "VND", "qualifier": "range"}]}
    res = IG.score_article(gold, pred)
    assert res["money"]["strict"].f1 == 1.0 and res["money_range"]["strict"].f1 == 0.0


def test_percentage_range_gives_both_ends_and_quantity_unit():
    gold = {"percentages": [16, 17], "quantities": [{"value": 2.5, "unit": "ha"}, {"value": 12, "counted": "hộ"}]}
    pred = {"percentages": [{"value": 16, "value_max": 17}],
            "quantities": [{"value": 2.5, "unit": "ha"}, {"value": 12, "counted": "hộ dân"}]}
    res = IG.score_article(gold, pred)
    assert res["percentages"]["strict"].f1 == 1.0 and res["quantities"]["strict"].f1 == 1.0
    pred["quantities"][0]["unit"] = "m2"
    assert IG.score_article(gold, pred)["quantities"]["strict"].tp == 1


# ---------------------------------------------------------------- programmes, dates, checks
def test_programme_by_name_variant_or_number():
    gold = {"programmes": [{"kind": "chương trình", "name": "Mái ấm nông dân", "variants": ["Mái ấm"]},
                           {"kind": "đề án", "name": None, "number": "212"}],
            "not_programmes": ["cố gắng hết sức"]}
    pred = {"programmes": [{"name": "Mái ấm"}, {"name": "Đề án 212", "number": "212"}, {"name": "cố gắng hết sức"}]}
    res = IG.score_article(gold, pred)
    c = res["programmes"]["strict"]
    assert (c.tp, c.fp, c.fn) == (2, 1, 0)
    assert res["_errors"]["programmes"]["trap"] == ["cố gắng hết sức"]


def test_dates_are_a_set_of_values_without_bare_years():
    gold = {"dates": [{"value": "2017-03-04"}, {"value": "2017-03-04"}]}
    pred = {"dates": [{"value": "2017-03-04", "grain": "day"}, {"value": "2017", "grain": "year"}]}
    assert score(gold, pred, "dates")["f1"] == 1.0
    pred = {"dates": [{"value": "--03-04", "grain": "day"}]}
    assert score(gold, pred, "dates")["f1"] == 0.0 and score(gold, pred, "dates", "lenient")["f1"] == 1.0


def test_checks_mismatch_recall_and_no_false_alarm():
    gold = {"checks": [{"kind": "sum_mismatch", "stated_total": 90, "components": [40, 45]},
                       {"kind": "sum_ok", "stated_total": 30, "components": [10, 20]},
                       {"kind": "sum_mismatch", "stated_total": 70, "components": [30, 30], "doubtful": True}]}
    pred = {"checks": [{"kind": "total", "status": "mismatch", "values": {"stated": 90}},
                       {"kind": "part", "status": "mismatch", "values": {"part": 45, "whole": 90}},
                       {"kind": "total", "status": "mismatch", "values": {"stated": 70}},
                       {"kind": "total", "status": "consistent", "values": {"stated": 30}}]}
    c = IG.score_article(gold, pred)["checks"]["strict"]
    assert (c.tp, c.fp, c.fn) == (1, 0, 0)
    pred["checks"].append({"kind": "total", "status": "mismatch", "values": {"stated": 30}})
    assert IG.score_article(gold, pred)["checks"]["strict"].fp == 1


# ---------------------------------------------------------------- loading and CLI
def _write(tmp_path, **gold):
    d = tmp_path / "indep"
    d.mkdir()
    (d / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    base = {"file": "a1.txt", "published": "2017-03-05", "author": "Hoài Nam",
            "people": [{"name": "Phạm Văn Lộc", "gender": "male", "later_refs": ["Ông Lộc"]}]}
    base.update(gold)
    (d / "a1.gold.json").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    return d


def test_load_independent_folder(tmp_path):
    d = _write(tmp_path)
    golds, notes = E.load_gold(d)
    assert [g.name for g in golds] == ["realdev/a1"] and golds[0].group == IG.GROUP
    assert golds[0].article == d / "a1.txt" and golds[0].published == "2017-03-05"
    rep = E.evaluate(golds)
    assert rep.groups[IG.GROUP]["strict"]["people"].tp == 1


def test_malformed_independent_gold_names_the_file(tmp_path):
    d = _write(tmp_path)
    (d / "a1.gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(E.GoldError, match="a1.gold.json"):
        E.load_gold(d)
    (d / "a1.gold.json").write_text('{"people": {}}', encoding="utf-8")
    with pytest.raises(E.GoldError, match="people"):
        E.load_gold(d)


def test_missing_article_names_the_gold_file(tmp_path):
    d = _write(tmp_path)
    (d / "a1.txt").unlink()
    with pytest.raises(E.GoldError, match="a1.gold.json.*a1.txt"):
        E.load_gold(d)


def test_cli_scores_independent_folder_with_its_own_floors(tmp_path):
    d = _write(tmp_path, organizations=[{"name": "Hội Nông dân xã Tân Lập", "variants": []}])
    base = tmp_path / "baseline.json"
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "--gold", str(d), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["groups"][IG.GROUP]["strict"]["fields"]["people"]["f1"] == 1.0
    assert "author" in out["groups"][IG.GROUP]["strict"]["fields"]
    res = runner.invoke(app, ["evaluate", "--gold", str(d), "--baseline", str(base), "--update-baseline"])
    assert res.exit_code == 0, res.output
    floors = json.loads(base.read_text(encoding="utf-8"))["realdev_floors"]
    assert floors["people"] == 1.0
    res = runner.invoke(app, ["evaluate", "--gold", str(d), "--baseline", str(base), "--check-baseline"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["evaluate", "--gold", str(d)])
    assert "realdev: 1 articles" in res.stdout and "bylines/credits among people" in res.stdout
