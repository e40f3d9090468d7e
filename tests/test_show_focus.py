"""`show` focused views: --checks-only, --facts, --no-text, --limit, summary of many records,
figures one line per row at 120 columns, and the pager on a terminal (subprocess + pty)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pntd_extract import extract
from pntd_extract.cli import app

SEED = Path(__file__).parent / "data" / "seed.txt"
BODY_WORDS = "bám sát sự chỉ đạo của Hội LHPN Hà Nội"


def _show(*args):
    res = CliRunner().invoke(app, ["show", *args, "--no-color", "--width", "120"])
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def kb3(tmp_path_factory):
    d = tmp_path_factory.mktemp("kb")
    texts = [SEED.read_text(encoding="utf-8"),
             "Hội Nông dân xã tổng kết\n\nÔng Nguyễn Văn An, Chủ tịch Hội Nông dân xã, trao 12 triệu đồng cho 4 hộ.",
             "UBND phường họp\n\nNgày 9/1/2024, UBND phường Phú Diễn hỗ trợ 30% kinh phí."]
    kb = d / "kb.jsonl"
    kb.write_text("".join(extract(t).model_dump_json() + "\n" for t in texts), encoding="utf-8")
    return kb


def test_checks_only_prints_header_and_checks_nothing_else():
    out = _show(str(SEED), "--checks-only")
    assert "Kiểm tra số liệu" in out and "73.640.000 ≠ 33.840.000 + 34.800.000" in out
    assert "Bảng số liệu" not in out and BODY_WORDS not in out and "Chú giải" not in out


def test_facts_money_keeps_money_only():
    out = _show(str(SEED), "--facts", "money", "--no-text")
    assert "Bảng số liệu (" in out and "Tiền" in out
    table = [x for x in out.splitlines() if x.startswith("|") and "đồng" in x]
    assert table and not any("Tỷ lệ" in x for x in table)
    assert "Người (" not in out and "Kiểm tra số liệu" not in out.splitlines() and BODY_WORDS not in out


def test_facts_unknown_field_is_a_usage_error():
    res = CliRunner().invoke(app, ["show", str(SEED), "--facts", "money,tien"])
    assert res.exit_code == 2 and "unknown field(s) tien" in res.output


def test_no_text_drops_the_article_body_but_keeps_tables():
    out = _show(str(SEED), "--no-text")
    assert BODY_WORDS not in out and "Bảng số liệu" in out and "Kiểm tra số liệu" in out


def test_figures_table_is_one_line_per_row_within_120_columns():
    out = _show(str(SEED), "--no-text", "--facts", "money,percentages,quantities")
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= 120
    rows = [x for x in lines if x.startswith("|") and x.split("|")[1].strip()[:1].isdigit()]
    n = int(next(x for x in lines if x.startswith("Bảng số liệu (")).split("(")[1].split(")")[0])
    assert len(rows) == n  # no row wrapped onto several lines


def test_many_records_give_a_summary_block_each_and_limit_cuts(kb3):
    out = _show(str(kb3))
    assert out.count(" người · ") == 3 and "Bảng số liệu" not in out
    assert "✗" in out or "!!!" in out  # the seed's mismatch is in its summary
    out2 = _show(str(kb3), "--limit", "2")
    assert out2.count(" người · ") == 2
    full = _show(str(kb3), "--full", "--limit", "2")
    assert full.count("Bảng số liệu") == 2


def test_pager_is_used_on_a_terminal(tmp_path):
    import pty

    paged = tmp_path / "paged.txt"
    master, slave = pty.openpty()
    env = dict(os.environ, PAGER=f"cat > {paged}", TERM="dumb", COLUMNS="120")
    proc = subprocess.run([sys.executable, "-m", "pntd_extract", "show", str(SEED), "--checks-only"],
                          stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env, timeout=120)
    os.close(slave)
    os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert "73.640.000" in paged.read_text(encoding="utf-8")
    # --no-pager on the same terminal writes straight to it
    paged.unlink()
    master, slave = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "pntd_extract", "show", str(SEED), "--checks-only", "--no-pager"],
                          stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env, timeout=120)
    os.close(slave)
    os.close(master)
    assert proc.returncode == 0 and not paged.exists()
