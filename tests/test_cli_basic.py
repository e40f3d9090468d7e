"""CLI through typer's runner: schema and validate."""
import json

from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app

runner = CliRunner()


def test_schema_prints_json_schema():
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    assert "KBRecord" in json.loads(res.stdout)["title"]


def test_validate_names_line_and_field(tmp_path):
    good = extract("Bà Bùi Thị Trinh trao 15 triệu đồng cho 3 hộ.").model_dump(mode="json")
    bad = json.loads(json.dumps(good))
    bad["article"]["text"] = "x"
    bad2 = json.loads(json.dumps(good))
    bad2["money"] = [{"amount": 1, "currency": "VND", "text": "zzz", "span": {"start": 0, "end": 3, "text": "zzz"}}]
    kb = tmp_path / "kb.jsonl"
    kb.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad2, bad)) + "\n{broken\n", encoding="utf-8")
    res = runner.invoke(app, ["validate", str(kb)])
    assert res.exit_code == 1
    out = res.stdout
    assert f"{kb}:2: money.0.span: " in out
    assert f"{kb}:3: " in out
    assert f"{kb}:4:" in out
    assert f"{kb}:1:" not in out


def test_validate_accepts_good_file(tmp_path):
    kb = tmp_path / "kb.jsonl"
    kb.write_text(extract("Ngày 9/1, UBND huyện họp.").model_dump_json() + "\n", encoding="utf-8")
    res = runner.invoke(app, ["validate", str(kb)])
    assert res.exit_code == 0, res.output


def test_version_option():
    from pntd_extract import __version__
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"pntd-extract {__version__}"
