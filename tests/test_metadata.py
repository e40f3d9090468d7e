"""`extract --metadata` manifests and NAME.json sidecars; refusal to overwrite; run summary."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pntd_extract.cli import app
from pntd_extract.io.metadata import MetadataTable
from pntd_extract.errors import UsageError

ART = "Hội LHPN phường {n} tổng kết\n\nHôm qua, Hội LHPN phường trao 5 triệu đồng cho hội viên.\n"


def _txt(d, n):
    d.mkdir(parents=True, exist_ok=True)
    p = d / f"bai-{n}.txt"
    p.write_text(ART.format(n=n), encoding="utf-8")
    return p


def _run(*args):
    return CliRunner().invoke(app, ["extract", *args, "--no-progress"])


def _records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_csv_manifest_gives_published_url_author_and_resolves_relative_dates(tmp_path):
    d = tmp_path / "in"
    _txt(d, 1), _txt(d, 2)
    man = tmp_path / "manifest.csv"
    man.write_text("file,date,url,author,title\n"
                   "bai-1.txt,2024-03-05,https://bao.vn/1,Hồng Nhung,Tiêu đề khác\n"
                   "bai-2.txt,2024-03-06T08:00:00,https://bao.vn/2,,\n", encoding="utf-8")
    out = tmp_path / "kb.jsonl"
    res = _run(str(d), "-o", str(out), "--metadata", str(man))
    assert res.exit_code == 0, res.output
    recs = _records(out)
    arts = [r["article"] for r in recs]
    assert [a["published"] for a in arts] == ["2024-03-05", "2024-03-06"]
    assert [a["url"] for a in arts] == ["https://bao.vn/1", "https://bao.vn/2"]
    assert not arts[0]["published_inferred"]
    # a .txt keeps the title of its first line (the manifest title is not applied)
    assert arts[0]["title"] == "Hội LHPN phường 1 tổng kết"
    # "hôm qua" resolved against the manifest date
    rel = [x["value"] for x in recs[0]["dates"] if x["text"].lower().startswith("hôm qua")]
    assert rel == ["2024-03-04"]


def test_manifest_inside_the_walked_directory_is_not_an_article(tmp_path):
    d = tmp_path / "in"
    _txt(d, 1)
    man = d / "manifest.csv"
    man.write_text("file,date\nbai-1.txt,2024-03-05\n", encoding="utf-8")
    out = tmp_path / "kb.jsonl"
    res = _run(str(d), "-o", str(out), "--metadata", str(man))
    assert res.exit_code == 0, res.output
    assert "manifest.csv" not in res.output
    assert len(_records(out)) == 1


def test_jsonl_manifest_joins_by_record_id(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "r7", "text": ART.format(n=7)}, ensure_ascii=False) + "\n", encoding="utf-8")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"id": "r7", "published": "2023-12-31", "source": "PNTĐ"}) + "\n", encoding="utf-8")
    out = tmp_path / "kb.jsonl"
    res = _run(str(src), "-o", str(out), "--metadata", str(man))
    assert res.exit_code == 0, res.output
    art = _records(out)[0]["article"]
    assert (art["published"], art["source"]) == ("2023-12-31", "PNTĐ")


def test_sidecar_json_beside_txt_is_metadata_not_an_article(tmp_path):
    d = tmp_path / "in"
    p = _txt(d, 1)
    p.with_suffix(".json").write_text(json.dumps({"date": "2022-02-02", "url": "https://x.vn/a"}), encoding="utf-8")
    out = tmp_path / "kb.jsonl"
    res = _run(str(d), "-o", str(out))
    assert res.exit_code == 0, res.output
    recs = _records(out)
    assert len(recs) == 1
    assert recs[0]["article"]["published"] == "2022-02-02"
    assert recs[0]["article"]["url"] == "https://x.vn/a"


def test_duplicate_unmatched_and_bad_date_rows_are_each_reported_once(tmp_path):
    d = tmp_path / "in"
    _txt(d, 1)
    man = tmp_path / "m.csv"
    man.write_text("file,date\nbai-1.txt,2024-01-01\nbai-1.txt,2024-01-02\nbai-9.txt,2024-01-03\n"
                   "bai-8.txt,2024-13-45\n", encoding="utf-8")
    out = tmp_path / "kb.jsonl"
    res = _run(str(d), "-o", str(out), "--metadata", str(man))
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert sum("[E512]" in x for x in lines) == 1 and any(f"{man}:3:" in x for x in lines)
    assert sum("[E511]" in x and "2024-13-45" in x for x in lines) == 1
    unmatched = [x for x in lines if "[E513]" in x]
    assert len(unmatched) == 2 and any("bai-9.txt" in x for x in unmatched)
    assert _records(out)[0]["article"]["published"] == "2024-01-01"  # the first row wins


@pytest.mark.parametrize("content, name", [("", "m.csv"), ("a,b\n1,2\n", "m.csv"), ("x", "m.xml")])
def test_unusable_manifest_is_one_usage_error(tmp_path, content, name):
    man = tmp_path / name
    man.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=r"\[E510\]"):
        MetadataTable.load(man)
    d = tmp_path / "in"
    _txt(d, 1)
    res = _run(str(d), "-o", str(tmp_path / "kb.jsonl"), "--metadata", str(man))
    assert res.exit_code == 2 and "E510" in res.output and "Traceback" not in res.output


def test_extract_refuses_to_overwrite_unless_asked(tmp_path):
    d = tmp_path / "in"
    _txt(d, 1)
    out = tmp_path / "kb.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    res = _run(str(d), "-o", str(out))
    assert res.exit_code == 2 and "--overwrite" in res.output and "[E410]" in res.output
    assert out.read_text(encoding="utf-8") == "precious\n"
    res = _run(str(d), "-o", str(out), "--overwrite")
    assert res.exit_code == 0, res.output
    assert len(_records(out)) == 1


def test_extract_ends_with_facts_per_dimension_and_mismatches(tmp_path):
    from pathlib import Path

    seed = Path(__file__).parent / "data" / "seed.txt"
    out = tmp_path / "kb.jsonl"
    res = _run(str(seed), "-o", str(out))
    assert res.exit_code == 0, res.output
    facts = next(x for x in res.output.splitlines() if x.startswith("facts: "))
    for dim in ("people", "money", "dates", "checks"):
        assert f"{dim} " in facts
    assert "1 mismatch: run pntd-extract check" in facts
