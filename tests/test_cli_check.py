"""`pntd-extract check INPUT... [--json] [--fail-on-mismatch]` through typer's CliRunner."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app
from pntd_extract.checks_report import check_texts, is_kb_file

SEED = Path(__file__).parent / "data" / "seed.txt"

CONSISTENT = ("Hội Nông dân xã Tân Lập tổng kết năm 2023\n\n"
              "Năm 2023, Hội Nông dân xã Tân Lập tư vấn việc làm cho 800 lao động, trong đó 600 lao động nữ.\n")
CONFLICT_A = ("Hội LHPN huyện Đông Hòa tổng kết năm 2023\n\n"
              "Năm 2023, Hội LHPN huyện Đông Hòa đã hỗ trợ 120 hộ thoát nghèo.\n")
CONFLICT_B = ("Phụ nữ Đông Hòa vượt khó\n\n"
              "Năm 2023, Hội LHPN huyện Đông Hòa đã hỗ trợ 150 hộ thoát nghèo, vượt chỉ tiêu.\n")


def run(*args: str):
    return CliRunner().invoke(app, ["check", *args])


def test_seed_report_names_the_mismatch_and_quotes_both_sentences():
    res = run(str(SEED))
    assert res.exit_code == 0, res.output
    out = " ".join(res.stdout.split())  # the report wraps long lines
    assert "mismatch" in out and "73.640.000" in out and "68.640.000" in out and "5.000.000" in out
    assert "Tổng số tiền khen thưởng tại Hội nghị là: 73.640.000 đồng." in out
    assert "với tổng số tiền 33.840.000 đồng" in out and "với tổng số tiền là 34.800.000 đồng" in out
    assert "1 mismatch" in out


def test_seed_json_matches_the_record():
    res = run(str(SEED), "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["summary"]["articles"] == 1 and doc["summary"]["mismatch"] == 1 and doc["errors"] == []
    checks = doc["articles"][0]["checks"]
    [mm] = [c for c in checks if c["status"] == "mismatch"]
    assert (mm["kind"], mm["values"]["stated"], mm["values"]["computed"], mm["values"]["difference"]) == \
        ("total", 73640000, 68640000, 5000000)
    rec = extract(SEED.read_text(encoding="utf-8"))
    assert checks == [c.model_dump(mode="json") for c in rec.checks]


def test_fail_on_mismatch_exit_codes(tmp_path):
    assert run(str(SEED), "--fail-on-mismatch").exit_code == 1
    ok = tmp_path / "ok.txt"
    ok.write_text(CONSISTENT, encoding="utf-8")
    res = run(str(ok), "--fail-on-mismatch", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [c["status"] for c in doc["articles"][0]["checks"]] == ["consistent"]


def test_bad_inputs_are_one_line_each_and_never_a_traceback(tmp_path):
    missing = tmp_path / "khong-co.txt"
    binary = tmp_path / "hong.txt"
    binary.write_bytes(b"\x00\x01\x02\xff\xfe\x00")
    ok = tmp_path / "ok.txt"
    ok.write_text(CONSISTENT, encoding="utf-8")
    res = run(str(missing), str(binary), str(ok))
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    err = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(err) == 2
    assert str(missing) in err[0] and str(binary) in err[1]
    assert "1 articles" in " ".join(res.stdout.split())  # the good file was still checked


def test_kb_jsonl_input_uses_stored_checks(tmp_path):
    kb = tmp_path / "kb.jsonl"
    rec = extract(SEED.read_text(encoding="utf-8"), path=str(SEED))
    good = rec.model_dump_json()
    kb.write_text(good + "\n" + '{"schema_version": "1", "article": {"id": 1}}\n', encoding="utf-8")
    assert is_kb_file(str(kb))
    res = run(str(kb), "--json")
    assert res.exit_code == 2  # the second line is not a valid record
    assert f"{kb}:2: invalid KB record" in res.stderr
    doc = json.loads(res.stdout)
    assert doc["articles"][0]["input"] == f"{kb}:1"
    assert doc["articles"][0]["checks"] == [c.model_dump(mode="json") for c in rec.checks]


def test_article_jsonl_is_extracted_not_read_as_kb(tmp_path):
    arts = tmp_path / "articles.jsonl"
    arts.write_text(json.dumps({"id": "a1", "text": CONSISTENT}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert not is_kb_file(str(arts))
    res = run(str(arts), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["articles"][0]["checks"][0]["kind"] == "part"


def test_conflicts_across_articles(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(CONFLICT_A, encoding="utf-8")
    b.write_text(CONFLICT_B, encoding="utf-8")
    res = run(str(a), str(b), "--json", "--fail-on-mismatch")
    assert res.exit_code == 1
    [c] = json.loads(res.stdout)["conflicts"]
    assert c["kind"] == "conflict" and c["status"] == "mismatch"
    assert sorted(s["value"] for s in c["values"]["statements"]) == [120, 150]
    assert c["values"]["period"] == "2023"
    # the same article twice is no conflict, and neither is one article alone
    shutil.copy(a, tmp_path / "a2.txt")
    assert check_texts({"a": CONFLICT_A, "a2": CONFLICT_A}).conflicts == []
    assert check_texts({"a": CONFLICT_A}).conflicts == []
    text = " ".join(run(str(a), str(b)).stdout.split())
    assert "conflicts across articles" in text and "120 hộ" in text and "150 hộ" in text


def test_same_values_are_no_conflict():
    run_ = check_texts({"a": CONFLICT_A, "b": CONFLICT_B.replace("150 hộ", "120 hộ")})
    assert run_.conflicts == []


def test_mismatches_only_filter():
    res = run(str(SEED), "--json", "--mismatches-only")
    checks = json.loads(res.stdout)["articles"][0]["checks"]
    assert [c["status"] for c in checks] == ["mismatch"]


QUAL_A = ("Tỉnh Đông Hòa báo cáo ngân sách\n\n"
          "Năm 2024, UBND tỉnh Đông Hòa bổ sung 12.995 tỷ đồng cho đầu tư công.\n")
QUAL_B = ("Đông Hòa tăng vốn đầu tư công\n\n"
          "Năm 2024, UBND tỉnh Đông Hòa bổ sung gần 13.000 tỷ đồng cho đầu tư công.\n")


def test_qualified_figure_within_its_tolerance_is_no_conflict():
    # "gần 13.000 tỷ" (under, near) is compatible with an exact 12.995 tỷ told elsewhere
    assert check_texts({"a": QUAL_A, "b": QUAL_B}).conflicts == []
    # two exact figures that differ beyond their written precision still conflict
    exact_b = QUAL_B.replace("gần 13.000", "13.000")
    [c] = check_texts({"a": QUAL_A, "b": exact_b}).conflicts
    assert c["status"] == "mismatch"
    # "gần 13.000 tỷ" does not reach above 13.000 tỷ: 13.050 tỷ told elsewhere is a conflict (info)
    [c2] = check_texts({"a": QUAL_A.replace("12.995", "13.050"), "b": QUAL_B}).conflicts
    assert c2["status"] == "info" and {s["qualifier"] for s in c2["values"]["statements"]} == {"exact", "under"}
