"""Strict `validate` and `export --skip-invalid`: every problem of a record, with line and field."""
from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app
from pntd_extract.validation import record_problems

GOOD = extract("Tiêu đề\n\nNgày 9/1/2024, bà Bùi Thị Trinh trao 15 triệu đồng cho 3 hộ.",
               published="2024-01-10").model_dump(mode="json")


def _with(path: str, value):
    rec = copy.deepcopy(GOOD)
    *head, last = path.split(".")
    obj = rec
    for k in head:
        obj = obj[int(k)] if k.isdigit() else obj[k]
    obj[int(last) if last.isdigit() else last] = value
    return rec


# (what is changed, new value, field reported, words in the message)
BAD = [
    ("schema_version", "7", "schema_version", "unknown schema version"),
    ("article.published", "2024-13-45", "article.published", "not an ISO date"),
    ("article.published", "hôm qua", "article.published", "not an ISO date"),
    ("dates.0.value", "2024-13-45", "dates.0.value", "grain day"),
    ("dates.0.value", "hôm qua", "dates.0.value", "grain day"),
    ("dates.0.value", "2024-02-30", "dates.0.value", "grain day"),
    ("dates.0.value_max", "2023-12-31", "dates.0.value_max", "before it starts"),
    ("money.0.amount_max", 1, "money.0.amount_max", "below amount"),
    ("quantities.0.value", -3, "quantities.0.value", "cannot be negative"),
]


@pytest.mark.parametrize("path, value, field, words", BAD, ids=[f"{p}={v}" for p, v, *_ in BAD])
def test_each_strict_rule(path, value, field, words):
    assert GOOD["dates"] and GOOD["money"] and GOOD["quantities"] and GOOD["people"]
    problems = record_problems(_with(path, value))
    assert any(f == field and words in m for f, m in problems), problems


def test_good_record_has_no_problem_and_yearless_dates_are_iso():
    assert record_problems(GOOD) == []
    assert record_problems(_with("dates.0.value", "--01-09")) == []
    assert record_problems(_with("dates.0.value", "--02-29")) == []


def test_duplicate_ids_are_reported():
    rec = copy.deepcopy(GOOD)
    rec["people"].append(copy.deepcopy(rec["people"][0]))
    assert ("people.1.id", "id 'p1' already used by people.0") in record_problems(rec)


def test_validate_reports_every_problem_of_a_record_with_line_and_field(tmp_path):
    bad = _with("schema_version", "9")
    bad["article"]["published"] = "2024-13-45"
    bad["dates"][0]["value"] = "hôm qua"
    kb = tmp_path / "kb.jsonl"
    kb.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (GOOD, bad)) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(kb)])
    assert res.exit_code == 1
    lines = [x for x in res.stdout.splitlines() if x.startswith(f"{kb}:2: ")]
    assert {x.split(": ")[1] for x in lines} >= {"schema_version", "article.published", "dates.0.value"}
    assert not any(x.startswith(f"{kb}:1:") for x in res.stdout.splitlines())
    assert "2 records, 1 invalid, 3 problems" in res.output


def test_export_skip_invalid_exports_the_valid_and_names_the_rest(tmp_path):
    kb = tmp_path / "kb.jsonl"
    bad = _with("dates.0.value", "2024-13-45")
    kb.write_text("\n".join([json.dumps(GOOD, ensure_ascii=False), "{broken", json.dumps(bad, ensure_ascii=False),
                             json.dumps(GOOD, ensure_ascii=False)]) + "\n", encoding="utf-8")
    dest = tmp_path / "out.sqlite"
    res = CliRunner().invoke(app, ["export", str(kb), str(dest), "--to", "sqlite"])
    assert res.exit_code != 0 and f"{kb}:2" in res.output and not dest.exists()
    res = CliRunner().invoke(app, ["export", str(kb), str(dest), "--to", "sqlite", "--skip-invalid"])
    assert res.exit_code == 0, res.output
    assert f"skipped: {kb}:2: (line)" in res.output
    assert f"skipped: {kb}:3: dates.0.value" in res.output
    assert "2 invalid records skipped" in res.output
    import sqlite3

    with sqlite3.connect(dest) as db:
        assert db.execute("select count(*) from articles").fetchone()[0] == 2
